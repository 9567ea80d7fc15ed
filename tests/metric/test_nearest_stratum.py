"""The stratum holding the nearest point of a closed plane region, against closed forms."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

from neuromanifold.errors import InputError
from neuromanifold.metric import nearest_stratum


def disk(x, y):
    return x * x + y * y <= 1


def test_plane_data_inside_are_their_own_nearest_point_outside_go_to_the_circle():
    data = [(F(1, 2), F(1, 3)), (3, 4), (1, 0), (0, F(-5, 2))]
    r = nearest_stratum("x^2 + y^2 - 1", data, disk)
    assert r.interior.tolist() == [True, False, False, False]  # (1, 0) lies on the circle
    assert np.allclose(r.distance, [0, 4, 0, 1.5])
    assert np.allclose(r.nearest, [[0.5, 1 / 3], [0.6, 0.8], [1, 0], [0, -1]])
    assert r.n_interior == 1


def test_space_data_interior_exactly_over_the_open_disk():
    data = [(F(1, 2), 0, 2), (0, 0, -1), (2, 0, 1), (1, 0, 1), (F(3, 5), F(4, 5), 0)]
    r = nearest_stratum("x^2 + y^2 - 1", data, disk)
    assert r.interior.tolist() == [True, True, False, False, False]
    assert np.allclose(r.distance, [2, 1, np.sqrt(2), 1, 0])
    assert np.allclose(r.nearest[2], [1, 0, 0]) and np.allclose(r.nearest[0], [0.5, 0, 0])


def test_region_above_a_parabola():
    # M = {y^2 >= 4x}: the nearest point of (1, 0) is on the parabola at distance 1 (the vertex)
    r = nearest_stratum("y^2 - 4*x", [(1, 0), (-1, 0)], lambda x, y: y * y - 4 * x >= 0)
    assert r.interior.tolist() == [False, True]
    assert np.allclose(r.distance, [1, 0]) and np.allclose(r.nearest, [[0, 0], [-1, 0]])


@pytest.mark.parametrize("data", [[], [(1, 2), (1, 2, 3)], [(1,)], [(1, 2, 3, 4)]])
def test_bad_data(data):
    with pytest.raises(InputError, match="length 2"):
        nearest_stratum("x^2 + y^2 - 1", data, disk)
