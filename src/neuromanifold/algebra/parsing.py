"""Polynomial text, read exactly into python-flint polynomials (no ``eval``).

The grammar, for one polynomial (several are separated by ``;`` or new lines)::

    expr   := term (("+" | "-") term)*
    term   := unary (("*" | "/") unary)*          division by nonzero constants only
    unary  := ("+" | "-") unary | power
    power  := atom (("^" | "**") ["+"] integer)?  nonnegative integer exponents
    atom   := number | name | "(" expr ")"
    number := digits ["." digits]                 read as an exact rational

Names start with a letter or ``_`` and continue with letters, digits or ``_``. Implicit
multiplication (``2x``) is refused: write ``2*x``.

Bounds, checked before any work: numbers of at most ``MAX_DIGITS`` characters; exponents at most
10000; the total degree and a bound on the number of terms of every product and power within the
budget (:mod:`neuromanifold.budget`: ``--max-degree``, ``--max-terms``). Parsing is iterative
(shunting-yard), so deep parentheses or long runs of signs cost no recursion.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import flint

from neuromanifold.algebra.rational import MAX_DIGITS
from neuromanifold.budget import Budget, current_budget
from neuromanifold.errors import BudgetError, InputError

__all__ = [
    "PolynomialBudgetError",
    "PolynomialParseError",
    "parse_polynomial",
    "parse_polynomials",
    "polynomial_context",
    "variables_in_text",
]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_MAX_EXPONENT = 10_000
_MAX_COEFFICIENT_BITS = 1_000_000


class PolynomialParseError(InputError):
    """Polynomial text could not be read; the message names the position and the character."""


class PolynomialBudgetError(PolynomialParseError, BudgetError):
    """Polynomial text would expand past the degree or term budget (:mod:`neuromanifold.budget`)."""


@dataclass(frozen=True)
class _Token:
    kind: str  # "num", "name", "op", "end"
    text: str
    position: int


def polynomial_context(names: Sequence[str]) -> flint.fmpq_mpoly_ctx:
    """The python-flint ring Q[names] in the given variable order (degree-reverse-lex terms).

    Args:
        names: distinct variable names, in the order wanted.

    Returns:
        The ``fmpq_mpoly_ctx`` with these generators.

    Example:
        >>> polynomial_context(["x", "y"]).names()
        ('x', 'y')
    """
    names = tuple(names)
    if len(set(names)) != len(names):
        raise InputError(f"variable names must be distinct, got {names}; remove the repeats")
    for name in names:
        if not _NAME.fullmatch(name):
            raise InputError(
                f"variable name {name!r} is not allowed; use letters, digits and '_', "
                "starting with a letter"
            )
    return flint.fmpq_mpoly_ctx.get(names, "degrevlex")


def _fail(
    text: str, position: int, what: str, cls: type[PolynomialParseError] | None = None
) -> PolynomialParseError:
    char = repr(text[position]) if position < len(text) else "end of text"
    snippet = text.replace("\n", " ")
    if len(snippet) > 60:
        lo = max(0, position - 30)
        snippet = ("…" if lo else "") + snippet[lo : lo + 60] + "…"
    return (cls or PolynomialParseError)(
        f"cannot read polynomial at position {position} ({char}) in {snippet!r}: {what}"
    )


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c in " \t\r":
            i += 1
            continue
        if c == "*" and text.startswith("**", i):
            tokens.append(_Token("op", "^", i))
            i += 2
            continue
        if c in "+-*/^()":
            tokens.append(_Token("op", c, i))
            i += 1
            continue
        if c in ";\n":
            tokens.append(_Token("sep", ";", i))
            i += 1
            continue
        m = _NUMBER.match(text, i)
        if m:
            end = m.end()
            if end < len(text) and (text[end].isalpha() or text[end] == "_"):
                raise _fail(text, end, f"implicit multiplication; write {m.group()}*{text[end]}")
            tokens.append(_Token("num", m.group(), i))
            i = end
            continue
        m = _NAME.match(text, i)
        if m:
            tokens.append(_Token("name", m.group(), i))
            i = m.end()
            continue
        raise _fail(
            text,
            i,
            "unexpected character; use names, numbers like 3/2, + - * / ^ ** and parentheses",
        )
    tokens.append(_Token("end", "", len(text)))
    return tokens


def variables_in_text(text: str) -> tuple[str, ...]:
    """The variable names occurring in polynomial text, sorted.

    Args:
        text: one or several polynomials (see the module docstring for the grammar).

    Returns:
        The sorted tuple of distinct names.

    Example:
        >>> variables_in_text("y^2 - x^3; z")
        ('x', 'y', 'z')
    """
    return tuple(sorted({t.text for t in _tokenize(text) if t.kind == "name"}))


_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "u+": 3, "u-": 3}


@dataclass
class _Value:
    poly: flint.fmpq_mpoly
    position: int  # of its first token, for error messages


class _Parser:
    """Shunting-yard over the tokens: explicit stacks, so nesting depth costs no recursion.

    Before each product or power the degree and a bound on the number of terms of the result
    are checked against the budget (:mod:`neuromanifold.budget`), so ``(x+y+1)^10000`` is
    refused before it is expanded.
    """

    def __init__(
        self, text: str, tokens: list[_Token], ctx: flint.fmpq_mpoly_ctx, limits: Budget | None
    ):
        self.text = text
        self.tokens = tokens
        self.i = 0
        self.ctx = ctx
        self.gens = dict(zip(ctx.names(), ctx.gens(), strict=True))
        self.limits = limits

    def peek(self) -> _Token:
        return self.tokens[self.i]

    def take(self) -> _Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def error(self, token: _Token, what: str) -> PolynomialParseError:
        return _fail(self.text, token.position, what)

    def system(self) -> list[flint.fmpq_mpoly]:
        result: list[flint.fmpq_mpoly] = []
        while True:
            while self.peek().kind == "sep":
                self.take()
            if self.peek().kind == "end":
                return result
            result.append(self.expr())

    # ----- budgets -------------------------------------------------------------------------
    def _check(self, token: _Token, degree: int, terms: int, what: str) -> None:
        if self.limits is None:
            return
        over_degree = f"has degree {degree}, above the degree budget"
        over_terms = f"may expand to {_count(terms)} terms, above the budget of"
        for value, limit, what_over, option in (
            (degree, self.limits.max_degree, over_degree, "degree"),
            (terms, self.limits.max_terms, over_terms, "terms"),
        ):
            if value > limit:
                raise _fail(
                    self.text, token.position,
                    f"{what} {what_over} {limit}; raise it with --max-{option}",
                    PolynomialBudgetError,
                )  # fmt: skip

    def _dense_terms(self, degree: int) -> int:
        """Monomials of degree ≤ ``degree`` in the ring's variables."""
        return math.comb(len(self.gens) + degree, degree)

    # ----- operators -----------------------------------------------------------------------
    def apply(self, op: _Token, values: list[_Value]) -> None:
        rhs = values.pop()
        if op.text in ("u+", "u-"):
            values.append(_Value(-rhs.poly if op.text == "u-" else rhs.poly, op.position))
            return
        lhs = values.pop()
        a, b = lhs.poly, rhs.poly
        if op.text == "+":
            value = a + b
        elif op.text == "-":
            value = a - b
        elif op.text == "*":
            degree = max(_degree(a), 0) + max(_degree(b), 0)
            terms = min(len(a) * len(b), self._dense_terms(degree))
            self._check(op, degree, terms, "this product")
            value = a * b
        else:
            if not b.is_constant():
                raise _fail(self.text, rhs.position, "division by a non-constant polynomial")
            c = b.leading_coefficient() if not b.is_zero() else flint.fmpq(0)
            if c == 0:
                raise _fail(self.text, rhs.position, "division by zero")
            value = a * (1 / flint.fmpq(c))
        values.append(_Value(value, lhs.position))

    def power(self, caret: _Token, base: _Value) -> _Value:
        if self.peek().kind == "op" and self.peek().text == "+":
            self.take()
        exp_token = self.take()
        if exp_token.kind != "num" or "." in exp_token.text:
            raise self.error(exp_token, "exponents must be nonnegative integers like 3")
        if len(exp_token.text.lstrip("0")) > len(str(_MAX_EXPONENT)):
            raise self.error(exp_token, f"exponent above {_MAX_EXPONENT}")
        exponent = int(exp_token.text)
        if exponent > _MAX_EXPONENT:
            raise self.error(exp_token, f"exponent above {_MAX_EXPONENT}")
        after = self.peek()
        if after.kind == "op" and after.text == "^":
            raise self.error(after, "chained powers are ambiguous; add parentheses")
        poly = base.poly
        degree = max(_degree(poly), 0) * exponent
        t = len(poly)
        terms = min(math.comb(exponent + t - 1, t - 1) if t > 1 else 1, self._dense_terms(degree))
        self._check(caret, degree, terms, "this power")
        if self.limits is not None and poly.is_constant() and not poly.is_zero():
            c = poly.leading_coefficient()
            bits = (c.p.bit_length() + c.q.bit_length()) * exponent
            if bits > _MAX_COEFFICIENT_BITS:
                raise self.error(
                    caret, f"this power has a coefficient of about {bits} bits; simplify the input"
                )
        return _Value(poly**exponent, base.position)

    def operand(self) -> _Value:
        token = self.take()
        if token.kind == "num":
            if self.limits is not None and len(token.text) > MAX_DIGITS:
                raise self.error(
                    token, f"a number with {len(token.text)} characters; at most {MAX_DIGITS}"
                )
            q = Fraction(token.text)
            return _Value(self.ctx.constant(flint.fmpq(q.numerator, q.denominator)), token.position)
        if token.kind == "name":
            if token.text not in self.gens:
                raise self.error(
                    token,
                    f"unknown variable {token.text!r}; allowed names are "
                    f"{', '.join(self.ctx.names())}",
                )
            return _Value(self.gens[token.text], token.position)
        raise self.error(token, "expected a number, a name or '('")

    def expr(self) -> flint.fmpq_mpoly:
        """One polynomial, up to a separator or the end (the caller's position stays there)."""
        values: list[_Value] = []
        ops: list[_Token] = []  # operators and "(" markers
        while True:
            # an operand: signs and "(" first, then a number or a name, then powers and ")"
            token = self.peek()
            while token.kind == "op" and token.text in "+-(":
                self.take()
                if token.text == "(":
                    ops.append(token)
                else:
                    ops.append(_Token("op", "u" + token.text, token.position))
                token = self.peek()
            values.append(self.operand())
            while True:
                token = self.peek()
                if token.kind == "op" and token.text == "^":
                    self.take()
                    values.append(self.power(token, values.pop()))
                    continue
                if token.kind == "op" and token.text == ")":
                    while ops and ops[-1].text != "(":
                        self.apply(ops.pop(), values)
                    if not ops:
                        raise self.error(token, "expected an operator, ';' or the end of the text")
                    self.take()
                    opened = ops.pop()
                    values[-1] = _Value(values[-1].poly, opened.position)
                    continue
                break
            # a binary operator, or the end of this polynomial
            if token.kind == "op" and token.text in "+-*/":
                self.take()
                while (
                    ops
                    and ops[-1].text != "("
                    and (_PRECEDENCE[ops[-1].text] >= _PRECEDENCE[token.text])
                ):
                    self.apply(ops.pop(), values)
                ops.append(token)
                continue
            if token.kind not in ("sep", "end"):
                raise self.error(token, "expected an operator, ';' or the end of the text")
            while ops:
                op = ops.pop()
                if op.text == "(":
                    raise self.error(token, "expected ')'")
                self.apply(op, values)
            (result,) = values
            return result.poly


def _degree(poly: flint.fmpq_mpoly) -> int:
    return -1 if poly.is_zero() else int(poly.total_degree())


def _count(n: int) -> str:
    return f"{n:,}" if n < 10**12 else f"about 10^{len(str(n)) - 1}"


def parse_polynomials(
    text: str,
    variables: Sequence[str] | None = None,
    *,
    bounded: bool = True,
) -> tuple[tuple[flint.fmpq_mpoly, ...], flint.fmpq_mpoly_ctx]:
    """Read polynomials, separated by ``;`` or new lines, as exact ``fmpq_mpoly``.

    Each polynomial $f \\in \\mathbb{Q}[x_1, \\dots, x_n]$ is read by an operator-precedence
    parser (no ``eval``, no recursion): rational coefficients ``3/2`` or ``1.25``, powers ``^`` or ``**``,
    parentheses, unary minus.

    Args:
        text: the polynomials, e.g. ``"y^2 - x^3; x + y - 1"``.
        variables: the variable order; names outside it are an error. ``None``: the sorted names
            found in the text.
        bounded: check numbers, degrees and terms against the budget (user text); ``False``
            for output of a trusted program (msolve's Gröbner bases).

    Returns:
        ``(polynomials, context)``: a tuple of ``fmpq_mpoly`` in the ``fmpq_mpoly_ctx``.

    Raises:
        PolynomialParseError: the text does not follow the grammar or uses an unknown name;
            the message names the position (0-based) and the character.
        PolynomialBudgetError: a product or power would pass the degree or term budget.

    Example:
        >>> (f, g), ctx = parse_polynomials("y^2 - x^3; 3/2*x - (y + 1)**2")
        >>> str(f), ctx.names()
        ('-x^3 + y^2', ('x', 'y'))
    """
    if not isinstance(text, str):
        raise InputError(f"polynomial text must be a str, got {type(text).__name__}")
    tokens = _tokenize(text)
    if variables is None:
        variables = tuple(sorted({t.text for t in tokens if t.kind == "name"}))
    ctx = polynomial_context(variables)
    polys = _Parser(text, tokens, ctx, current_budget() if bounded else None).system()
    if not polys:
        raise PolynomialParseError(
            f"no polynomial found in {text!r}; give at least one, e.g. 'x^2 + y^2 - 1'"
        )
    return tuple(polys), ctx


def parse_polynomial(text: str, variables: Sequence[str] | None = None) -> flint.fmpq_mpoly:
    """Read exactly one polynomial (see `parse_polynomials`).

    Args:
        text: a single polynomial, e.g. ``"x^2 + y^2 - 1"``.
        variables: the variable order, or ``None`` for the sorted names in the text.

    Returns:
        The ``fmpq_mpoly``.

    Example:
        >>> str(parse_polynomial("(x - 1/2)^2", ["x"]))
        'x^2 - x + 1/4'
    """
    polys, _ = parse_polynomials(text, variables)
    if len(polys) != 1:
        raise PolynomialParseError(
            f"expected one polynomial, found {len(polys)} in {text!r}; use parse_polynomials"
        )
    return polys[0]
