"""A static check of regular expressions for catastrophic backtracking.

Python's `re` backtracks. A pattern can take exponential (or high-polynomial) time when two
quantifiers can share the same characters and the engine may try every way of splitting a
run between them: `(a+)+`, `\\s+.{1,200}` inside a repeated group, `[^\\S\\n]+[^;]{1,200}`.
This module walks the parsed pattern (the `re._parser` tree) and reports:

- nested: an unbounded backtracking repeat (`*`, `+`, `{n,}`) whose body can match the empty
  string or holds a repeat whose count can vary by more than one (`(a+)+`, `(a{1,9})*`);
- overlapping: two repeats of variable count, one after the other (optional items between
  them allowed), that can match the same character, when one of them is unbounded, or both
  are bounded but sit inside a repeated group (the split points then multiply per repetition).

Possessive repeats (`a++`, `a{1,5}+`) and atomic groups never give characters back, so they
are never part of a finding. Character sets are compared on a sample of characters (ASCII,
Latin-1, and common Unicode spaces, dashes, quotes, letters and digits), which is enough for
the classes pattern files use.

Why not a linear-time engine (google-re2, whose wheels install here): its `\\s` and `\\b`
are ASCII-only (a no-break space is not a space, `\\bé` matches inside "xé"), and it has no
lookarounds (five data-file patterns use them) and no possessive repeats. The data-file
loader instead takes a space as a possessive run of horizontal whitespace (`[^\\S\\n]++`),
and this check keeps every pattern file free of the shapes that backtrack.

Example:
    >>> problems(r"by[^\\S\\n]+[^\\n;]{1,200}")
    ['overlapping repeats: [^\\\\S\\\\n]+ then a repeat that can match the same characters']
    >>> problems(r"by[^\\S\\n]++[^\\n;]{1,200}")
    []
"""

from __future__ import annotations

import re
from typing import Any

try:  # Python 3.11+
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]

MAXREPEAT = C.MAXREPEAT
_SAMPLE = "".join(chr(i) for i in range(0x250)) + (
    "\u00a0\u1680\u2000\u2002\u2003\u2009\u200a\u200b\u2028\u2029\u202f\u205f\u3000"
    "\u2010\u2011\u2012\u2013\u2014\u2015\u2018\u2019\u201a\u201c\u201d\u201e\u2026\u00ab\u00bb"
    "\u0391\u03b1\u0410\u0430\u05d0\u0627\u0660\u0966\u4e2d\u3042\uff10\uff21\uff41\ufeff"
)
_BACKTRACKING = (C.MAX_REPEAT, C.MIN_REPEAT)
_REPEATS = (*_BACKTRACKING, *((C.POSSESSIVE_REPEAT,) if hasattr(C, "POSSESSIVE_REPEAT") else ()))
_CATEGORY = {
    C.CATEGORY_DIGIT: re.compile(r"\d"),
    C.CATEGORY_NOT_DIGIT: re.compile(r"\D"),
    C.CATEGORY_SPACE: re.compile(r"\s"),
    C.CATEGORY_NOT_SPACE: re.compile(r"\S"),
    C.CATEGORY_WORD: re.compile(r"\w"),
    C.CATEGORY_NOT_WORD: re.compile(r"\W"),
}
_ALL = frozenset(_SAMPLE)


def problems(pattern: str | re.Pattern[str], flags: int = 0) -> list[str]:
    """Why `pattern` can backtrack catastrophically (empty when it cannot, as far as this
    check sees)."""
    if isinstance(pattern, re.Pattern):
        flags |= pattern.flags
        pattern = pattern.pattern
    tree = P.parse(pattern, flags)
    ignore_case = bool(tree.state.flags & re.IGNORECASE)
    found: list[str] = []
    _check(list(tree), ignore_case, False, found)
    return sorted(set(found))


def _chars_of_item(op: Any, av: Any, ic: bool) -> frozenset[str] | None:
    """The sample characters one single-character item matches, or None for other items."""
    if op is C.LITERAL:
        return _fold(frozenset({chr(av)}), ic)
    if op is C.NOT_LITERAL:
        return _ALL - _fold(frozenset({chr(av)}), ic)
    if op is C.ANY:
        return _ALL - {"\n"}
    if op is C.IN:
        return _fold(_in_set(av), ic)
    return None


def _fold(chars: frozenset[str], ic: bool) -> frozenset[str]:
    if not ic:
        return chars
    return frozenset(c for ch in chars for c in (ch, ch.lower(), ch.upper()) if len(c) == 1)


def _in_set(items: list[tuple[Any, Any]]) -> frozenset[str]:
    negate = False
    out: set[str] = set()
    for op, av in items:
        if op is C.NEGATE:
            negate = True
        elif op is C.LITERAL:
            out.add(chr(av))
        elif op is C.RANGE:
            lo, hi = av
            out.update(c for c in _SAMPLE if lo <= ord(c) <= hi)
        elif op is C.CATEGORY:
            test = _CATEGORY.get(av)
            out.update(c for c in _SAMPLE if test is None or test.match(c))
    return _ALL - frozenset(out) if negate else frozenset(out)


def _first(seq: list[tuple[Any, Any]], ic: bool) -> frozenset[str]:
    """Sample characters that can start a match of `seq`."""
    out: set[str] = set()
    for op, av in seq:
        out |= _first_item(op, av, ic)
        if not _nullable_item(op, av):
            break
    return frozenset(out)


def _last(seq: list[tuple[Any, Any]], ic: bool) -> frozenset[str]:
    """Sample characters that can end a match of `seq`."""
    out: set[str] = set()
    for op, av in reversed(seq):
        out |= _last_item(op, av, ic)
        if not _nullable_item(op, av):
            break
    return frozenset(out)


def _first_item(op: Any, av: Any, ic: bool) -> frozenset[str]:
    return _edge_item(op, av, ic, _first)


def _last_item(op: Any, av: Any, ic: bool) -> frozenset[str]:
    return _edge_item(op, av, ic, _last)


def _edge_item(op: Any, av: Any, ic: bool, edge: Any) -> frozenset[str]:
    """The first (edge=_first) or last (edge=_last) characters of one item."""
    single = _chars_of_item(op, av, ic)
    if single is not None:
        return single
    if op in _REPEATS:
        return edge(list(av[2]), ic)
    if op is C.SUBPATTERN:
        return edge(list(av[3]), ic)
    if op is C.BRANCH:
        return frozenset().union(*(edge(list(b), ic) for b in av[1]))
    if hasattr(C, "ATOMIC_GROUP") and op is C.ATOMIC_GROUP:
        return edge(list(av), ic)
    if op is C.GROUPREF:
        return _ALL
    return frozenset()


def _nullable(seq: list[tuple[Any, Any]]) -> bool:
    return all(_nullable_item(op, av) for op, av in seq)


def _nullable_item(op: Any, av: Any) -> bool:
    if op in _REPEATS:
        return av[0] == 0 or _nullable(list(av[2]))
    if op is C.SUBPATTERN:
        return _nullable(list(av[3]))
    if op is C.BRANCH:
        return any(_nullable(list(b)) for b in av[1])
    if hasattr(C, "ATOMIC_GROUP") and op is C.ATOMIC_GROUP:
        return _nullable(list(av))
    return op in (C.AT, C.ASSERT, C.ASSERT_NOT)


def _variable(op: Any, av: Any) -> bool:
    """A backtracking repeat whose count can vary (the engine may try several counts)."""
    return op in _BACKTRACKING and av[0] != av[1]


def _has_variable(seq: list[tuple[Any, Any]]) -> bool:
    """Whether `seq` holds a repeat that can vary by more than one (`a+`, `a{1,9}`; not `a?`,
    which can split a run in at most two ways per repetition)."""
    for op, av in seq:
        if _variable(op, av) and av[1] - av[0] > 1:
            return True
        for sub in _children(op, av):
            if _has_variable(sub):
                return True
    return False


def _children(op: Any, av: Any) -> list[list[tuple[Any, Any]]]:
    if op in _REPEATS:
        return [list(av[2])]
    if op is C.SUBPATTERN:
        return [list(av[3])]
    if op is C.BRANCH:
        return [list(b) for b in av[1]]
    if op in (C.ASSERT, C.ASSERT_NOT):
        return [list(av[1])]
    if hasattr(C, "ATOMIC_GROUP") and op is C.ATOMIC_GROUP:
        return [list(av)]
    return []


def _flatten(seq: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Splice plain groups into their sequence, so neighbours across a group are seen."""
    out: list[tuple[Any, Any]] = []
    for op, av in seq:
        if op is C.SUBPATTERN:
            out.extend(_flatten(list(av[3])))
        else:
            out.append((op, av))
    return out


def _describe(op: Any, av: Any) -> str:
    lo, hi = av[0], av[1]
    body = list(av[2])
    text = _show(body)
    suffix = (
        "*"
        if (lo, hi) == (0, MAXREPEAT)
        else "+"
        if (lo, hi) == (1, MAXREPEAT)
        else (f"{{{lo},}}" if hi == MAXREPEAT else f"{{{lo},{hi}}}")
    )
    return text + suffix + ("?" if op is C.MIN_REPEAT else "")


def _show(body: list[tuple[Any, Any]]) -> str:
    if len(body) == 1:
        op, av = body[0]
        if op is C.LITERAL:
            return re.escape(chr(av))
        if op is C.ANY:
            return "."
        if op is C.IN:
            return _show_in(av)
    return "(...)"


def _show_in(items: list[tuple[Any, Any]]) -> str:
    names = {
        C.CATEGORY_DIGIT: r"\d",
        C.CATEGORY_NOT_DIGIT: r"\D",
        C.CATEGORY_SPACE: r"\s",
        C.CATEGORY_NOT_SPACE: r"\S",
        C.CATEGORY_WORD: r"\w",
        C.CATEGORY_NOT_WORD: r"\W",
    }
    parts = []
    for op, av in items:
        if op is C.NEGATE:
            parts.append("^")
        elif op is C.LITERAL:
            parts.append({10: r"\n", 9: r"\t"}.get(av, re.escape(chr(av))))
        elif op is C.RANGE:
            parts.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is C.CATEGORY:
            parts.append(names.get(av, "?"))
    return "[" + "".join(parts) + "]"


def _check(seq: list[tuple[Any, Any]], ic: bool, repeated: bool, found: list[str]) -> None:
    flat = _flatten(seq)
    for i, (op, av) in enumerate(flat):
        body = list(av[2]) if op in _REPEATS else []
        if op in _BACKTRACKING and av[1] == MAXREPEAT and (_has_variable(body) or _nullable(body)):
            found.append(f"nested repeats: {_describe(op, av)} holds a repeat of variable count")
        if _variable(op, av):
            last = _last(list(av[2]), ic)
            for op2, av2 in flat[i + 1 :]:
                if _variable(op2, av2):
                    unbounded = av[1] == MAXREPEAT or av2[1] == MAXREPEAT
                    if (unbounded or repeated) and last & _first(list(av2[2]), ic):
                        found.append(
                            f"overlapping repeats: {_describe(op, av)} then a repeat that can "
                            "match the same characters"
                        )
                if not _nullable_item(op2, av2):
                    break
        for sub in _children(op, av):
            inner_repeated = repeated or (op in _REPEATS and av[1] > 1)
            if op in _REPEATS and av[1] > 1 and op in _BACKTRACKING:
                _check_loop(sub, ic, found)
            if hasattr(C, "ATOMIC_GROUP") and op is C.ATOMIC_GROUP:
                continue
            if op is C.POSSESSIVE_REPEAT if hasattr(C, "POSSESSIVE_REPEAT") else False:
                continue
            _check(sub, ic, inner_repeated, found)


def _check_loop(body: list[tuple[Any, Any]], ic: bool, found: list[str]) -> None:
    """A repeated group whose end and start are variable repeats over shared characters:
    one repetition's tail and the next one's head can split a run in many ways."""
    flat = _flatten(body)
    if not flat:
        return
    (op1, av1), (op2, av2) = flat[-1], flat[0]
    if (
        _variable(op1, av1)
        and _variable(op2, av2)
        and _last(list(av1[2]), ic) & _first(list(av2[2]), ic)
    ):
        found.append(
            f"overlapping repeats: a repeated group ends with {_describe(op1, av1)} and "
            "starts with a repeat over the same characters"
        )
