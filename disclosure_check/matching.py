"""The one place where term lists become patterns.

Every vocabulary entry (labels, signal phrases, rule terms) goes through `TermMatcher`, which
compiles all of them into one regular expression over the folded caption (normalize.py):

* literal terms become character tries, so the pattern never backtracks more than the length of
  the longest term at any position: the match is linear in the caption's length by construction
  and needs no time limit;
* word terms are whole-word (`(?<![\\w@#])…(?!\\w)`), hashtag terms whole-tag
  (`(?<![\\w#@&])#…(?!\\w)`): `#ad` matches in "… #ad #sponsored" and not in `#adidas`;
* a word term also matches as a hashtag with its spaces removed (`#CollaborationCommerciale`);
* terms in CJK scripts have no word boundaries (those scripts do not separate words);
* `{brand}` / `{brand?}` templates become small separate branches;
* the longest term wins at a position, and the first position wins overall.

Patterns written by hand (a pack's `patterns`) can backtrack, so they are compiled with the
`regex` module, probed for catastrophic backtracking when the pack loads, and always run under a
time limit (`UserPattern`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from .caption import Caption
from .errors import PackError
from .normalize import fold_text

P = TypeVar("P")

# Between two words of a term: any run of horizontal spaces or hyphens.
_GAP = r"(?:[^\S\n]|-)+"
_GAP_RE = re.compile(_GAP)
_BRAND = r"(?:@\w(?:[\w.]*\w)?|#\w+)"
_BRAND_TOKEN = re.compile(r"(?<!\w)[@#]\w(?:[\w.]*\w)?")
_CJK = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u1100-\u11ff\uf900-\ufaff]"
)
_TAGGABLE = re.compile(r"^[\w' -]+$")

WORD_BEFORE = r"(?<![\w@#])"
TAG_BEFORE = r"(?<![\w#@&])"
AFTER = r"(?!\w)"


def normalise_term(text: str) -> str:
    """A term's folded form: folded like captions, spaces and hyphens collapsed to one space."""
    folded = fold_text(text.strip())
    return _GAP_RE.sub(" ", folded).strip()


def term_key(matched_folded: str) -> str:
    return _GAP_RE.sub(" ", matched_folded)


def is_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


@dataclass(frozen=True, slots=True)
class TermMatch(Generic[P]):
    """One occurrence: folded and original offsets, the entries it stands for, the brand."""

    fstart: int
    fend: int
    start: int
    end: int
    key: str
    payloads: tuple[P, ...]
    is_hashtag: bool
    brand: tuple[int, int] | None = None  # original offsets of the {brand} part


def _char(ch: str) -> str:
    if ch == " ":
        return _GAP
    return re.escape(ch)


def trie_pattern(words: Iterable[str]) -> str:
    """A regex matching exactly `words`, longest first, shaped as a character trie."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:  # type: ignore[type-arg]
        branches = [_char(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        ends_here = "" in node
        if len(branches) == 1 and not ends_here:
            return branches[0]
        group = "(?:" + "|".join(branches) + ")"
        return group + "?" if ends_here else group

    return emit(root)


class TermMatcher(Generic[P]):
    """Finds every term of a vocabulary in a caption with one regex pass."""

    def __init__(self, terms: Iterable[tuple[str, P]]) -> None:
        words: dict[str, list[P]] = {}
        tags: dict[str, list[P]] = {}
        cjk: dict[str, list[P]] = {}
        templates: list[tuple[str, bool, list[P]]] = []
        template_index: dict[tuple[str, bool], int] = {}
        for text, payload in terms:
            norm = normalise_term(text)
            if not norm or norm == "#":
                continue
            if "{brand" in norm:
                body, is_tag = _template_regex(norm)
                key = (body, is_tag)
                if key not in template_index:
                    template_index[key] = len(templates)
                    templates.append((body, is_tag, []))
                templates[template_index[key]][2].append(payload)
                continue
            if norm.startswith("#"):
                tags.setdefault(norm[1:].replace(" ", ""), []).append(payload)
            elif is_cjk(norm):
                cjk.setdefault(norm, []).append(payload)
                if _TAGGABLE.match(norm):
                    tags.setdefault(norm.replace(" ", ""), []).append(payload)
            else:
                words.setdefault(norm, []).append(payload)
                if _TAGGABLE.match(norm):
                    compact = re.sub(r"[ '-]", "", norm)
                    tags.setdefault(compact, []).append(payload)
                    if " " in norm:
                        tags.setdefault(re.sub(r"[ '-]+", "_", norm), []).append(payload)
        self._words = {k: tuple(v) for k, v in words.items()}
        self._tags = {k: tuple(v) for k, v in tags.items()}
        self._cjk = {k: tuple(v) for k, v in cjk.items()}
        # Alternation takes the first branch that matches, so the longest template goes first:
        # "thanks to {brand} for the free product" before "thanks to {brand}".
        templates.sort(key=lambda t: -len(t[0]))
        self._templates = [(body, is_tag, tuple(p)) for body, is_tag, p in templates]
        branches = []
        for i, (body, is_tag, _) in enumerate(self._templates):
            before = TAG_BEFORE if is_tag else WORD_BEFORE
            branches.append(f"(?P<t{i}>{before}{body}{AFTER})")
        if self._words:
            branches.append(f"(?P<w>{WORD_BEFORE}{trie_pattern(self._words)}{AFTER})")
        if self._tags:
            branches.append(f"(?P<h>{TAG_BEFORE}#{trie_pattern(self._tags)}{AFTER})")
        if self._cjk:
            branches.append(f"(?P<c>{trie_pattern(self._cjk)})")
        self.size = len(self._words) + len(self._tags) + len(self._cjk) + len(self._templates)
        self._pattern = re.compile("|".join(branches) if branches else r"(?!x)x")

    def find(self, caption: Caption) -> list[TermMatch[P]]:
        folded = caption.folded
        out: list[TermMatch[P]] = []
        for m in self._pattern.finditer(folded):
            fstart, fend = m.span()
            if caption.url_ranges_folded and caption.in_url(fstart):
                continue
            group = m.lastgroup
            matched = m.group()
            brand: tuple[int, int] | None = None
            if group == "w":
                key = term_key(matched)
                payloads = self._words.get(key, ())
                is_tag = False
            elif group == "h":
                key = matched
                payloads = self._tags.get(matched[1:], ())
                is_tag = True
            elif group == "c":
                key = term_key(matched)
                payloads = self._cjk.get(key, ())
                is_tag = False
            else:
                assert group is not None
                _, is_tag, payloads = self._templates[int(group[1:])]
                key = matched
                bm = _BRAND_TOKEN.search(matched)
                if bm and not is_tag:
                    brand = caption.span(fstart + bm.start(), fstart + bm.end())
            if not payloads:
                continue
            start, end = caption.span(fstart, fend)
            out.append(TermMatch(fstart, fend, start, end, key, payloads, is_tag, brand))
        return out


def _template_regex(norm: str) -> tuple[str, bool]:
    """Regex body for a `{brand}` template, and whether it is a hashtag template."""
    if norm.startswith("#"):
        # "#{brand}partner": the brand is any run of word characters inside the tag.
        parts = norm[1:].split("{brand}")
        body = r"\w+?".join(re.escape(p.replace(" ", "")) for p in parts)
        return "#" + body, True
    out = []
    rest = norm
    while rest:
        i = rest.find("{brand")
        if i < 0:
            out.append("".join(_char(c) for c in rest))
            break
        literal = rest[:i].rstrip()
        out.append("".join(_char(c) for c in literal))
        optional = rest.startswith("{brand?}", i)
        token = "{brand?}" if optional else "{brand}"
        sep = _GAP if literal else ""
        piece = f"{sep}{_BRAND}"
        out.append(f"(?:{piece})?" if optional else piece)
        rest = rest[i + len(token) :].lstrip()
        if rest:
            out.append(_GAP)
    return "".join(out), False


class UserPattern:
    """A hand-written pattern from a pack: probed when loaded, run under a time limit."""

    PROBES: Sequence[str] = (
        "a" * 3000 + "!",
        "#a" * 1500,
        " " * 3000 + "x",
        "aaaa bbbb " * 300,
        "@" * 3000,
        "ab" * 1500 + "\n",
    )

    def __init__(self, pattern: str, *, where: str, timeout: float = 0.25) -> None:
        self.where = where
        self.timeout = timeout
        import regex  # only packs with hand-written patterns pay for importing it

        try:
            self.compiled = regex.compile(pattern, regex.V1)
        except regex.error as exc:
            raise PackError(f"{where}: invalid pattern {pattern!r}: {exc}") from exc
        for probe in self.PROBES:
            try:
                for _ in self.compiled.finditer(probe, timeout=0.05):
                    pass
            except TimeoutError as exc:
                raise PackError(
                    f"{where}: pattern {pattern!r} backtracks catastrophically "
                    f"(a {len(probe)}-character probe took over 50 ms); rewrite it without "
                    f"nested or overlapping repetition"
                ) from exc

    def finditer(self, text: str) -> list[tuple[int, int]]:
        try:
            return [m.span() for m in self.compiled.finditer(text, timeout=self.timeout)]
        except TimeoutError as exc:
            raise PatternTimeout(f"{self.where}: pattern timed out after {self.timeout}s") from exc


class PatternTimeout(RuntimeError):
    """A hand-written pattern exceeded its time limit on a caption."""
