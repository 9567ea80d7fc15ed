"""Benchmark (issues 2 and 18): exact dimension of fc:60,40,30,50 and a 10-layer strided LCN.

Our route: exact Jacobian rank over random prime fields at two random points, the rank by blocked
elimination mod p on BLAS (``square_rank_mod_p``). Baselines, side by side in one run:
  * the previous route: the same primes, points and sketches, the rank by FLINT's ``nmod_mat``
    (``flint_rank_mod_p``, entries through Python ints); its certificate must be identical;
  * sympy.Matrix.rank on the exact integer Jacobian (the exact route without FLINT), in a
    subprocess with a time limit (a timeout is reported as a lower bound on the ratio);
  * numpy's float SVD rank (fast, but not exact).

Run: python benchmarks/bench_dimension.py [--sympy-timeout SECONDS]   (needs sympy: pip install sympy)
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import time
from unittest import mock

import numpy as np

from neuromanifold import Neuromanifold, parametrization
from neuromanifold.algebra import modular
from neuromanifold.algebra.modular import flint_rank_mod_p
from neuromanifold.function_space import dimension

CASES = ["fc:60,40,30,50", "lcn:k=5,5,5,5,5,5,5,5,5,5:s=2,2,2,2,2,2,2,2,2,2"]


def _sympy_rank(text: str, queue: mp.Queue) -> None:
    import sympy

    mu = parametrization(text)
    theta = np.random.default_rng(1).integers(-5, 6, size=mu.architecture.n_params)
    jac = mu.jacobian_exact([int(t) for t in theta])
    rows = [[int(x.p) for x in row] for row in jac.tolist()]  # integer point: integer entries
    start = time.perf_counter()
    rank = sympy.Matrix(rows).rank()
    queue.put((rank, time.perf_counter() - start))


def sympy_time(text: str, timeout: float) -> tuple[int | None, float]:
    queue: mp.Queue = mp.Queue()
    proc = mp.Process(target=_sympy_rank, args=(text, queue))
    proc.start()
    proc.join(timeout)
    if proc.is_alive():
        proc.terminate()
        proc.join()
        return None, timeout
    return queue.get()


def flint_route(text: str) -> tuple[dimension.DimensionCertificate, float]:
    """The dimension certificate with FLINT's nmod_mat as the rank (the route before issue 18)."""
    mu = parametrization(text)
    start = time.perf_counter()
    with (
        mock.patch.object(dimension, "square_rank_mod_p", flint_rank_mod_p),
        mock.patch.object(modular, "square_rank_mod_p", flint_rank_mod_p),
    ):
        cert = dimension.generic_rank(mu, seed=0)
    return cert, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sympy-timeout", type=float, default=120.0)
    args = parser.parse_args()
    print(
        f"{'architecture':<52} {'dim':>5} {'ours s':>8} {'flint s':>8} {'flint/ours':>11}"
        f" {'SVD s':>8} {'sympy s':>9} {'sympy/ours':>11}"
    )
    for text in CASES:
        start = time.perf_counter()
        M = Neuromanifold(text, seed=0)
        cert = M.dimension_certificate
        ours = time.perf_counter() - start
        old_cert, old = flint_route(text)
        assert old_cert == cert, f"FLINT route {old_cert} != BLAS route {cert}"
        dim = cert.dim
        theta = np.random.default_rng(2).standard_normal(M.n_params)
        start = time.perf_counter()
        svd_rank = int(np.linalg.matrix_rank(M.parametrization.jacobian(theta)))
        svd = time.perf_counter() - start
        rank, sym = sympy_time(text, args.sympy_timeout)
        sym_text = f"{sym:9.2f}" if rank is not None else f">{sym:8.0f}"
        ratio = f"{sym / ours:10.0f}x" if rank is not None else f">{sym / ours:9.0f}x"
        agree = "" if rank in (None, dim) else f"  (sympy rank {rank}!)"
        assert svd_rank == dim, f"float SVD rank {svd_rank} != exact {dim}"
        print(
            f"{text:<52} {dim:>5} {ours:8.3f} {old:8.3f} {old / ours:10.1f}x"
            f" {svd:8.3f} {sym_text} {ratio}{agree}"
        )


if __name__ == "__main__":
    main()
