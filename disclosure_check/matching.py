"""The one place where term lists become patterns.

Every vocabulary entry (labels, signal phrases, rule terms) goes through `TermMatcher`, which
compiles all of them into one regular expression over the folded caption (normalize.py):

* literal terms become one character trie, so the pattern never backtracks more than the
  length of the longest term at any position: matching is linear in the caption's length by
  construction and needs no time limit;
* terms are whole words and whole hashtags: `(?<![\\w#@&])…(?!\\w)`, so `#ad` matches in
  "… #ad #sponsored" and not in `#adidas`, `ad` not in `bad`; the boundary check comes first
  and fails at once in the middle of a word, which keeps the scan fast;
* a word term also matches as a hashtag with its spaces removed (`#CollaborationCommerciale`);
* terms in CJK scripts have no word boundaries (those scripts do not separate words) and get a
  second pass, run only on captions that contain such characters;
* `{brand}` / `{brand?}` templates are one more kind of trie edge (an @mention or #hashtag);
* the longest term wins at a position, and the first position wins overall.

Patterns written by hand (a pack's `patterns`) can backtrack, so they are compiled with the
`regex` module, probed for catastrophic backtracking when the pack loads (with fixed strings and
with strings built from the pattern's own parts, probes.py), and always run under a time limit
(`UserPattern`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Generic, Protocol, TypeVar

from .caption import Caption
from .errors import PackError, PatternTimeout
from .normalize import fold_text
from .probes import pattern_probes

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

BEFORE = r"(?<![\w#@&])"
AFTER = r"(?!\w)"


@lru_cache(maxsize=65536)  # every checker built normalises the same pack labels again
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
    if ch == _SLOT:
        return _BRAND
    if ch == _TAG_SLOT:
        return r"\w+?"
    return re.escape(ch)


def trie_pattern(words: Iterable[str]) -> str:
    """A regex matching exactly `words`, longest first, shaped as a character trie."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
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
        templates: dict[tuple[str, bool], list[P]] = {}
        for text, payload in terms:
            norm = normalise_term(text)
            if not norm or norm == "#":
                continue
            for form in _expand_optional_brand(norm):
                _index_term(form, payload, words, tags, cjk, templates)
        self._words = {k: tuple(v) for k, v in words.items()}
        self._tags = {k: tuple(v) for k, v in tags.items()}
        self._cjk = {k: tuple(v) for k, v in cjk.items()}
        # Templates live in the tries (a brand slot is one more edge). A match that is no
        # literal key is a template: word templates are found again by putting the slot back in
        # place of the brand; hashtag templates by their own anchored patterns.
        self._word_templates = {
            key.replace("{brand}", _SLOT): tuple(p)
            for (key, is_tag), p in templates.items()
            if not is_tag
        }
        self._tag_templates = [
            (re.compile(_template_regex(key)), tuple(p))
            for (key, is_tag), p in templates.items()
            if is_tag
        ]
        latin = [*self._words, *("#" + k for k in self._tags)]
        self.size = len(latin) + len(self._cjk)
        # Words and hashtags share one trie behind one boundary check, which fails at once in
        # the middle of a word; CJK terms (no boundaries) get their own pass, run only on
        # captions that contain CJK characters.
        self._pattern = re.compile(
            f"{BEFORE}(?:{trie_pattern(latin)}){AFTER}" if latin else r"(?!x)x"
        )
        self._cjk_pattern = re.compile(trie_pattern(self._cjk)) if self._cjk else None

    def _from_templates(self, matched: str, is_tag: bool) -> tuple[P, ...]:
        if not is_tag:
            return self._word_templates.get(_BRAND_TOKEN.sub(_SLOT, matched), ())
        out: list[P] = []
        for pattern, payloads in self._tag_templates:
            if pattern.fullmatch(matched):
                out.extend(payloads)
        return tuple(out)

    def find(self, caption: Caption) -> list[TermMatch[P]]:
        return list(self.scan(caption, 0))

    def scan(self, caption: Caption, pos: int) -> Iterator[TermMatch[P]]:
        """The matches from folded offset `pos` on, lazily (one regex pass resumed there)."""
        folded = caption.folded
        found: Iterable[re.Match[str]] = self._pattern.finditer(folded, pos)
        if self._cjk_pattern is not None and _CJK.search(folded, pos):
            found = sorted(
                [*found, *self._cjk_pattern.finditer(folded, pos)], key=lambda m: m.start()
            )
        taken_until = pos
        for m in found:
            fstart, fend = m.span()
            if fstart < taken_until:
                continue  # overlaps a longer match of the other pass
            taken_until = fend
            matched = m.group()
            is_tag = matched.startswith("#")
            cjk = not is_tag and is_cjk(matched[0])
            if caption.url_ranges_folded and caption.in_url(fstart):
                continue
            brand: tuple[int, int] | None = None
            if is_tag:
                key = matched
                payloads = self._tags.get(matched[1:]) or self._from_templates(matched, True)
            else:
                key = term_key(matched)
                table = self._cjk if cjk else self._words
                payloads = table.get(key, ())
                if not payloads:
                    payloads = self._from_templates(key, False)
                    bm = _BRAND_TOKEN.search(matched)
                    if payloads and bm:
                        brand = caption.span(fstart + bm.start(), fstart + bm.end())
            if not payloads:
                continue
            start, end = caption.span(fstart, fend)
            yield TermMatch(fstart, fend, start, end, key, payloads, is_tag, brand)


class Matcher(Protocol[P]):
    """What finds a vocabulary's terms in a caption: a TermMatcher, or a LayeredMatcher."""

    @property
    def size(self) -> int: ...
    def find(self, caption: Caption) -> list[TermMatch[P]]: ...


class LayeredMatcher(Generic[P]):
    """Two matchers that find what one matcher of both vocabularies would find.

    The large vocabulary every checker shares (the core pack's) is compiled once; the few terms
    a checker adds (its jurisdictions' labels, its rules' terms) are compiled on their own, so a
    checker for a new set of jurisdictions costs milliseconds instead of a quarter second. The
    merge is the one-regex scan: the earliest match wins, then the longest; a matcher whose
    next match starts inside the taken one resumes its scan where the merged scan resumes.
    """

    def __init__(self, base: TermMatcher[P], extra: TermMatcher[P], order: Mapping[P, int]):
        self.base = base
        self.extra = extra
        self.size = base.size + extra.size
        self._order = order  # payload -> position in the vocabulary, to merge in one order

    def find(self, caption: Caption) -> list[TermMatch[P]]:
        layers = [self.base, self.extra]
        scans = [layer.scan(caption, 0) for layer in layers]
        heads = [next(scan, None) for scan in scans]
        out: list[TermMatch[P]] = []
        while True:
            live = [(h.fstart, -h.fend, k) for k, h in enumerate(heads) if h is not None]
            if not live:
                return out
            fstart, neg_end, _ = min(live)
            end = -neg_end
            taken = [h for h in heads if h is not None and (h.fstart, h.fend) == (fstart, end)]
            out.append(self._merged(taken) if len(taken) > 1 else taken[0])
            for k in range(len(layers)):
                head = heads[k]
                if head is not None and any(head is t for t in taken):
                    head = heads[k] = next(scans[k], None)
                if head is not None and head.fstart < end:
                    # The merged scan resumes at `end`; so does this layer's.
                    scans[k] = layers[k].scan(caption, end)
                    heads[k] = next(scans[k], None)

    def _merged(self, same: list[TermMatch[P]]) -> TermMatch[P]:
        """One match for the same span found by both: its payloads in vocabulary order."""
        payloads = sorted(
            dict.fromkeys(p for m in same for p in m.payloads), key=lambda p: self._order[p]
        )
        brand = next((m.brand for m in same if m.brand is not None), None)
        return replace(same[0], payloads=tuple(payloads), brand=brand)


# Placeholders for brand slots inside the tries (private-use characters never in captions).
_SLOT = "\ue000"  # an @mention or #hashtag after a word ("thanks {brand}")
_TAG_SLOT = "\ue001"  # a run of word characters inside a hashtag ("#{brand}partner")


def _expand_optional_brand(norm: str) -> list[str]:
    """'sponsored by {brand?}' is two terms: with the brand and without it."""
    if "{brand?}" not in norm:
        return [norm]
    without = re.sub(r"\s*\{brand\?\}\s*", " ", norm).strip()
    return [without, norm.replace("{brand?}", "{brand}")]


def _index_term(
    norm: str,
    payload: P,
    words: dict[str, list[P]],
    tags: dict[str, list[P]],
    cjk: dict[str, list[P]],
    templates: dict[tuple[str, bool], list[P]],
) -> None:
    if norm.startswith("#"):
        key = norm[1:].replace(" ", "").replace("{brand}", _TAG_SLOT)
        tags.setdefault(key, []).append(payload)
        if _TAG_SLOT in key:
            templates.setdefault((norm, True), []).append(payload)
        return
    if "{brand}" in norm:
        key = norm.replace("{brand}", _SLOT)
        (cjk if is_cjk(norm) else words).setdefault(key, []).append(payload)
        templates.setdefault((norm, False), []).append(payload)
        return
    if is_cjk(norm):
        cjk.setdefault(norm, []).append(payload)
        if _TAGGABLE.match(norm):
            tags.setdefault(norm.replace(" ", ""), []).append(payload)
        return
    words.setdefault(norm, []).append(payload)
    if _TAGGABLE.match(norm):
        tags.setdefault(re.sub(r"[ '-]", "", norm), []).append(payload)
        if " " in norm:
            tags.setdefault(re.sub(r"[ '-]+", "_", norm), []).append(payload)


def _template_regex(norm: str) -> str:
    """An anchored regex telling which template a trie match came from."""
    if norm.startswith("#"):
        parts = norm[1:].replace(" ", "").split("{brand}")
        return "#" + r"\w+?".join(re.escape(p) for p in parts)
    parts = norm.split("{brand}")
    return _BRAND.join("".join(_char(c) for c in part) for part in parts)


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
        import regex  # noqa: PLC0415 (only packs with hand-written patterns pay for importing it)

        try:
            self.compiled = regex.compile(pattern, regex.V1)
        except regex.error as exc:
            raise PackError(f"{where}: invalid pattern {pattern!r}: {exc}") from exc
        for probe in (*self.PROBES, *pattern_probes(pattern)):
            try:
                for _ in self.compiled.finditer(probe, timeout=0.05):
                    pass
            except TimeoutError as exc:
                raise PackError(
                    f"{where}: pattern {pattern!r} backtracks catastrophically (it took over "
                    f"50 ms on {_describe(probe)}); rewrite it without nested or overlapping "
                    f"repetition (not (\\d+)+ but \\d+, not (x+x+)+ but x{{2,}}, not (.*,){{12}} "
                    f"but ([^,]*,){{12}}), or write the words as `terms`"
                ) from exc

    def finditer(self, text: str) -> list[tuple[int, int]]:
        try:
            return [m.span() for m in self.compiled.finditer(text, timeout=self.timeout)]
        except TimeoutError as exc:
            raise PatternTimeout(f"{self.where}: pattern timed out after {self.timeout}s") from exc


def _describe(probe: str) -> str:
    """A probe in a message: its length and how it starts and ends."""
    if len(probe) <= 40:
        return f"the text {probe!r}"
    return f"a {len(probe)}-character text {probe[:12]!r}…{probe[-6:]!r}"
