"""All the terms of a set of packs, indexed by language and compiled into one matcher."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from .matching import LayeredMatcher, Matcher, TermMatcher
from .pack import LabelSpec, LanguageData, Pack


@dataclass(frozen=True, slots=True)
class Entry:
    """What a matched term stands for."""

    role: str  # "label" | "signal" | "rule"
    name: str  # signal list name, "label", or the rule id
    lang: str
    text: str  # as written in the data file
    label: LabelSpec | None = None


class Vocabulary:
    """The languages, labels, signal phrases and rule terms of the packs in use."""

    def __init__(self, packs: Iterable[Pack], rule_terms: Mapping[str, Iterable[str]]) -> None:
        self.packs = tuple(packs)
        languages: dict[str, LanguageData] = {}
        for pack in self.packs:
            for data in pack.languages:
                if data.language in languages:
                    languages[data.language] = _merge(languages[data.language], data)
                else:
                    languages[data.language] = data
        self.languages: Mapping[str, LanguageData] = languages
        self.rule_terms = {rule_id: tuple(terms) for rule_id, terms in rule_terms.items()}
        self.negators = {lang: frozenset(d.negators) for lang, d in languages.items()}
        self.links = [pack.links for pack in self.packs if pack.links]

    def entries(self) -> Iterable[tuple[str, Entry]]:
        for lang, data in self.languages.items():
            for name, terms in data.terms.items():
                for text in terms:
                    yield text, Entry("signal", name, lang, text)
            for label in data.labels:
                yield label.text, Entry("label", "label", label.lang, label.text, label)
        for pack in self.packs:
            for label in pack.labels:
                yield label.text, Entry("label", "label", label.lang, label.text, label)
        for rule_id, terms in self.rule_terms.items():
            for text in terms:
                yield text, Entry("rule", rule_id, "", text)

    @cached_property
    def matcher(self) -> Matcher[Entry]:
        """One matcher of every entry; the first pack's own entries (the core pack's, which
        every checker has) are compiled once per process and shared (matching.LayeredMatcher)."""
        entries = list(self.entries())
        if not self.packs:
            return TermMatcher(entries)
        base, base_entries = _shared_matcher(self.packs[0])
        extra = [(text, e) for text, e in entries if (text, e) not in base_entries]
        if not extra:
            return base
        order = {e: i for i, (_, e) in enumerate(entries)}
        return LayeredMatcher(base, TermMatcher(extra), order)

    @cached_property
    def stopwords(self) -> dict[str, tuple[str, ...]]:
        return {lang: d.stopwords for lang, d in self.languages.items() if d.stopwords}


_SHARED: dict[int, tuple[Pack, TermMatcher[Entry], frozenset[tuple[str, Entry]]]] = {}
_SHARED_LOCK = threading.Lock()


def _shared_matcher(pack: Pack) -> tuple[TermMatcher[Entry], frozenset[tuple[str, Entry]]]:
    """The matcher of one pack's own entries, built once per loaded pack (a handful exist)."""
    with _SHARED_LOCK:
        found = _SHARED.get(id(pack))
        if found is not None and found[0] is pack:
            return found[1], found[2]
    entries = list(Vocabulary((pack,), {}).entries())
    built = (pack, TermMatcher(entries), frozenset(entries))
    with _SHARED_LOCK:
        if len(_SHARED) >= _SHARED_LIMIT:
            _SHARED.clear()
        _SHARED[id(pack)] = built
    return built[1], built[2]


_SHARED_LIMIT = 8  # distinct first packs kept (normally one: the core pack)


def _merge(a: LanguageData, b: LanguageData) -> LanguageData:
    """A second file for the same language (from another pack) extends the first."""
    terms = {k: tuple(dict.fromkeys((*a.terms.get(k, ()), *b.terms.get(k, ())))) for k in a.terms}
    for k, v in b.terms.items():
        terms.setdefault(k, v)
    return LanguageData(
        language=a.language,
        name=a.name,
        stopwords=tuple(dict.fromkeys((*a.stopwords, *b.stopwords))),
        negators=tuple(dict.fromkeys((*a.negators, *b.negators))),
        terms=terms,
        labels=(*a.labels, *b.labels),
    )
