"""Inputs that make a hand-written pattern backtrack, built from the pattern itself.

A regex backtracks catastrophically when a repetition can match the same text in many ways
(`(\\d|\\d\\d)+`, `(\\d+)+`, `(x+x+)+`, `(.*,){12}`) and the text after it then fails. Fixed
probe strings ("aaaa…") find that only when the repetition happens to accept their letters, so
the probes here are drawn from the pattern's own parse: for every repetition, the text that
leads up to it, then what its body accepts repeated a few thousand times (past any upper bound,
since `{12}` of something that itself repeats is as bad), then a character that makes the rest
fail. The parse is Python's own (`re._parser`); a pattern it cannot read (syntax only the
`regex` module has) gets the fixed probes alone.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from typing import Any

PROBE_LENGTH = 500  # characters a repeated body fills: exponential blows 50 ms, quadratic not
TERMINATORS = ("!", "\x00", "")  # after the repetition: punctuation, a control character, the end
_CANDIDATES = "a1 _,.!-#@xZ\n"  # characters tried, in order, when a class must be sampled
_REPEATS = ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")


def pattern_probes(pattern: str) -> list[str]:
    """Probe strings for `pattern`, or [] when Python's parser cannot read it."""
    try:
        parser: Any = importlib.import_module("re._parser")
        tree = list(parser.parse(pattern))
    except Exception:  # regex-module syntax: the fixed probes still run
        return []
    alphabet = _CANDIDATES + "".join(_literals(tree))
    probes: list[str] = []
    for before, unit in _repetitions(tree, "", alphabet):
        body = before + unit * max(1, PROBE_LENGTH // len(unit))
        probes.extend(body + end for end in TERMINATORS)
    return list(dict.fromkeys(probes))


def _repetitions(seq: list[Any], before: str, alphabet: str) -> Iterator[tuple[str, str]]:
    """(text leading up to it, a unit its body accepts) for every repetition in `seq`."""
    for op, arg in seq:
        name = str(op)
        if name in _REPEATS:
            _, high, body = arg
            if high > 1:
                for unit in dict.fromkeys((_sample(body, alphabet, 0), _sample(body, alphabet, 1))):
                    if unit:
                        yield before, unit
            yield from _repetitions(list(body), before, alphabet)
        for child in _children(name, arg):
            yield from _repetitions(child, before, alphabet)
        before += _sample([(op, arg)], alphabet, 1)


def _children(name: str, arg: Any) -> list[list[Any]]:
    """The sub-sequences of a group, alternation or atomic group (repetitions aside)."""
    if name == "SUBPATTERN":
        return [list(arg[-1])]
    if name == "ATOMIC_GROUP":
        return [list(arg)]
    if name == "BRANCH":
        return [list(alt) for alt in arg[1]]
    return []


def _sample(seq: Any, alphabet: str, least: int) -> str:
    """A string `seq` accepts: each repetition taken max(min, least) times, first alternatives."""
    out = []
    for op, arg in seq:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(arg))
        elif name in ("NOT_LITERAL", "ANY", "IN"):
            out.append(_member(name, arg, alphabet))
        elif name in _REPEATS:
            low, high, body = arg
            out.append(_sample(body, alphabet, least) * min(max(low, least), high))
        elif name == "SUBPATTERN":
            out.append(_sample(arg[-1], alphabet, least))
        elif name == "ATOMIC_GROUP":
            out.append(_sample(arg, alphabet, least))
        elif name == "BRANCH":
            out.append(_sample(arg[1][0], alphabet, least))
    return "".join(out)


def _member(name: str, arg: Any, alphabet: str) -> str:
    for ch in alphabet:
        if name == "ANY" and ch != "\n":
            return ch
        if name == "NOT_LITERAL" and ord(ch) != arg:
            return ch
        if name == "IN" and _in_class(arg, ch):
            return ch
    return ""


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


_CATEGORIES: dict[str, Callable[[str], bool]] = {
    "CATEGORY_DIGIT": str.isdecimal,
    "CATEGORY_SPACE": str.isspace,
    "CATEGORY_WORD": _is_word,
}


def _in_class(items: Any, ch: str) -> bool:
    negate = False
    hit = False
    for op, arg in items:
        name = str(op)
        if name == "NEGATE":
            negate = True
        elif name == "LITERAL":
            hit = hit or ord(ch) == arg
        elif name == "RANGE":
            hit = hit or arg[0] <= ord(ch) <= arg[1]
        elif name == "CATEGORY":
            category = str(arg).replace("_NOT_", "_")
            test = _CATEGORIES.get(category)
            hit = hit or (test is not None and test(ch) != ("_NOT_" in str(arg)))
    return hit != negate


def _literals(seq: Any) -> Iterator[str]:
    """Every literal character of the pattern, for sampling classes that exclude the usual."""
    for op, arg in seq:
        name = str(op)
        if name == "LITERAL":
            yield chr(arg)
        elif name in _REPEATS:
            yield from _literals(arg[2])
        else:
            for child in _children(name, arg):
                yield from _literals(child)
