"""Architectures: validation, the text form and its errors."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from neuromanifold import ArchitectureError, parse_architecture
from neuromanifold.architectures import FullyConnected, LinearConvNetwork, LinearConvNetwork2D
from tests.conftest import any_architecture


@settings(max_examples=60, deadline=None)
@given(any_architecture)
def test_text_form_round_trips(arch):
    assert parse_architecture(arch.text) == arch
    assert parse_architecture(arch.text).text == arch.text


def test_strides_default_to_one():
    assert parse_architecture("lcn:k=3,2") == LinearConvNetwork((3, 2), (1, 1))
    assert parse_architecture("lcn:k=3,2:s=1,1").text == "lcn:k=3,2"
    assert parse_architecture(" lcn2d : k=2x2, 3x3 ").text == "lcn2d:k=2x2,3x3"


def test_end_to_end_size_closed_form():
    # k = k_1 + Σ_{l≥2} (k_l − 1) t_l with t_l = s_1⋯s_{l−1}  (SPEC §2.2)
    net = LinearConvNetwork((3, 3, 3), (3, 3, 1))
    assert net.dilations == (1, 3, 9)
    assert net.end_to_end_size == 3 + 2 * 3 + 2 * 9
    assert net.end_to_end_stride == 9
    net2 = LinearConvNetwork2D(((2, 3), (3, 2)), ((2, 1), (1, 1)))
    assert net2.ambient_shape == (2 + 2 * 2, 3 + 1 * 1)


def test_parameter_counts():
    assert FullyConnected((3, 1, 2)).n_params == 5
    assert FullyConnected((3, 1, 2)).ambient_shape == (2, 3)
    assert LinearConvNetwork((3, 2), (2, 1)).n_params == 5
    assert LinearConvNetwork2D(((2, 2), (3, 3))).n_params == 13


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("fc:3,-1,2", "position 5"),
        ("fc:3,0,2", "not positive"),
        ("fc:3,1.5,2", "positive integer"),
        ("fc:3,x,2", "'x'"),
        ("fc:3", "at least two"),
        ("fc:", "nothing"),
        ("fc:3,,2", "nothing"),
        ("conv:3,2", "unknown family"),
        ("fc3,2", "unknown family"),
        ("lcn:k=3,2:s=2", "1 strides for 2 filters"),
        ("lcn:s=2", "missing the filter sizes"),
        ("lcn:k=3:k=2", "given twice"),
        ("lcn:q=3", "expected 'k=...'"),
        ("lcn2d:k=2,3", "AxB"),
        ("lcn2d:k=2x", "positive integer"),
        ("fc:3,1234567890123,2", "too large"),
        ("fc:100000,100000", "at most"),
        ("lcn:k=9,9,9,9,9,9,9,9:s=9,9,9,9,9,9,9,9", "at most"),
    ],
)
def test_bad_text_is_a_clear_error(text, fragment):
    with pytest.raises(ArchitectureError) as info:
        parse_architecture(text)
    message = str(info.value)
    assert fragment in message
    assert "\n" not in message
    assert "example" in message or "at most" in message


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda: FullyConnected((3,)), "at least 2"),
        (lambda: FullyConnected((3, 0)), "not positive"),
        (lambda: FullyConnected((3, True)), "not an integer"),
        (lambda: FullyConnected("3,1,2"), "sequence"),  # type: ignore[arg-type]
        (lambda: LinearConvNetwork(()), "at least one"),
        (lambda: LinearConvNetwork((3, 2), (2,)), "1 strides for 2 filters"),
        (lambda: LinearConvNetwork((3, 2.0)), "not an integer"),  # type: ignore[arg-type]
        (lambda: LinearConvNetwork2D(((2, 2, 2),)), "not a pair"),
    ],
)
def test_bad_constructor_arguments(make, fragment):
    with pytest.raises(ArchitectureError, match=fragment):
        make()


def test_architectures_are_immutable_values():
    a = FullyConnected((3, 1, 2))
    with pytest.raises(AttributeError):
        a.widths = (1, 1)  # type: ignore[misc]
    assert hash(a) == hash(FullyConnected([3, 1, 2]))  # type: ignore[arg-type]
