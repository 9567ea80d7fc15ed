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
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import flint

from neuromanifold.errors import InputError

__all__ = [
    "PolynomialParseError",
    "parse_polynomial",
    "parse_polynomials",
    "polynomial_context",
    "variables_in_text",
]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_MAX_EXPONENT = 10_000


class PolynomialParseError(InputError):
    """Polynomial text could not be read; the message names the position and the character."""


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


def _fail(text: str, position: int, what: str) -> PolynomialParseError:
    char = repr(text[position]) if position < len(text) else "end of text"
    snippet = text.replace("\n", " ")
    if len(snippet) > 60:
        lo = max(0, position - 30)
        snippet = ("…" if lo else "") + snippet[lo : lo + 60] + "…"
    return PolynomialParseError(
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


class _Parser:
    def __init__(self, text: str, tokens: list[_Token], ctx: flint.fmpq_mpoly_ctx):
        self.text = text
        self.tokens = tokens
        self.i = 0
        self.ctx = ctx
        self.gens = dict(zip(ctx.names(), ctx.gens(), strict=True))

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
            token = self.peek()
            if token.kind not in ("sep", "end"):
                raise self.error(token, "expected an operator, ';' or the end of the text")

    def expr(self) -> flint.fmpq_mpoly:
        value = self.term()
        while self.peek().kind == "op" and self.peek().text in "+-":
            op = self.take().text
            rhs = self.term()
            value = value + rhs if op == "+" else value - rhs
        return value

    def term(self) -> flint.fmpq_mpoly:
        value = self.unary()
        while self.peek().kind == "op" and self.peek().text in "*/":
            op = self.take()
            rhs_token = self.peek()
            rhs = self.unary()
            if op.text == "*":
                value = value * rhs
            else:
                if not rhs.is_constant():
                    raise self.error(rhs_token, "division by a non-constant polynomial")
                c = rhs.leading_coefficient() if not rhs.is_zero() else flint.fmpq(0)
                if c == 0:
                    raise self.error(rhs_token, "division by zero")
                value = value * (1 / flint.fmpq(c))
        return value

    def unary(self) -> flint.fmpq_mpoly:
        token = self.peek()
        if token.kind == "op" and token.text in "+-":
            self.take()
            value = self.unary()
            return -value if token.text == "-" else value
        return self.power()

    def power(self) -> flint.fmpq_mpoly:
        base = self.atom()
        token = self.peek()
        if token.kind == "op" and token.text == "^":
            self.take()
            if self.peek().kind == "op" and self.peek().text == "+":
                self.take()
            exp_token = self.take()
            if exp_token.kind != "num" or "." in exp_token.text:
                raise self.error(exp_token, "exponents must be nonnegative integers like 3")
            exponent = int(exp_token.text)
            if exponent > _MAX_EXPONENT:
                raise self.error(exp_token, f"exponent above {_MAX_EXPONENT}")
            after = self.peek()
            if after.kind == "op" and after.text == "^":
                raise self.error(after, "chained powers are ambiguous; add parentheses")
            return base**exponent
        return base

    def atom(self) -> flint.fmpq_mpoly:
        token = self.take()
        if token.kind == "num":
            q = Fraction(token.text)
            return self.ctx.constant(flint.fmpq(q.numerator, q.denominator))
        if token.kind == "name":
            if token.text not in self.gens:
                raise self.error(
                    token,
                    f"unknown variable {token.text!r}; allowed names are "
                    f"{', '.join(self.ctx.names())}",
                )
            return self.gens[token.text]
        if token.kind == "op" and token.text == "(":
            value = self.expr()
            close = self.take()
            if not (close.kind == "op" and close.text == ")"):
                raise self.error(close, "expected ')'")
            return value
        raise self.error(token, "expected a number, a name or '('")


def parse_polynomials(
    text: str,
    variables: Sequence[str] | None = None,
) -> tuple[tuple[flint.fmpq_mpoly, ...], flint.fmpq_mpoly_ctx]:
    """Read polynomials, separated by ``;`` or new lines, as exact ``fmpq_mpoly``.

    Each polynomial $f \\in \\mathbb{Q}[x_1, \\dots, x_n]$ is read by a recursive-descent parser
    (no ``eval``): rational coefficients ``3/2`` or ``1.25``, powers ``^`` or ``**``,
    parentheses, unary minus.

    Args:
        text: the polynomials, e.g. ``"y^2 - x^3; x + y - 1"``.
        variables: the variable order; names outside it are an error. ``None``: the sorted names
            found in the text.

    Returns:
        ``(polynomials, context)``: a tuple of ``fmpq_mpoly`` in the ``fmpq_mpoly_ctx``.

    Raises:
        PolynomialParseError: the text does not follow the grammar or uses an unknown name;
            the message names the position (0-based) and the character.

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
    polys = _Parser(text, tokens, ctx).system()
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
