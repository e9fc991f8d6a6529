"""A deterministic language scorer over langdetect's own shipped n-gram profiles.

langdetect samples n-grams at random, a few hundred times per trial, which costs about a
millisecond per caption and answers only for the first characters it reads. Its profiles are
plain frequency tables, so the same evidence can be read once, whole, as a naive-Bayes score:
every 1-3 character n-gram of every word adds the log of its relative frequency in each
language (smoothed the way langdetect smooths). A word's scores are kept, since captions repeat
the same words, and the sum over the words is the text's score: dictionary look-ups, no trials,
the same answer for the same text in any process.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator, Sequence
from importlib.resources import files

from .forksafe import fork_safe_lock

# Smoothing: langdetect adds alpha / BASE_FREQ (0.5 / 10,000) to every n-gram probability.
_SMOOTHING = 0.5 / 10_000
_MAX_GRAM = 3
_LETTERS = re.compile(r"[^\W\d_]+")
_WORD_CACHE = 50_000  # distinct words whose scores are kept (a few MB at most)
# The posterior of the leading language below which the text is not told (langdetect's 0.6),
# after scaling the log-likelihood per n-gram: naive Bayes over a whole text is overconfident.
MIN_PROBABILITY = 0.75
# Every n-gram's log-likelihood is divided by this before the posterior is taken: n-grams of one
# word are far from independent, and without it any two-word text would be "certain".
_DEPENDENCE = 6.0


# One lock for every table's first read, held across forks (forksafe.py): a fork while another
# thread reads the profiles must not copy a held lock into the child.
_load_lock = fork_safe_lock()


class NgramProfiles:
    """The log-probability table of the given langdetect profiles, read on first use."""

    def __init__(self, profiles: Sequence[tuple[str, str]]) -> None:
        self.languages = tuple(code for code, _ in profiles)
        self._names = tuple(name for _, name in profiles)
        self._table: dict[str, tuple[float, ...]] | None = None

    def table(self) -> dict[str, tuple[float, ...]]:
        table = self._table
        if table is None:
            with _load_lock:
                if self._table is None:
                    self._table = _read_table(self._names)
                table = self._table
        return table


def _read_table(names: Sequence[str]) -> dict[str, tuple[float, ...]]:
    folder = files("langdetect").joinpath("profiles")
    floor = math.log(_SMOOTHING)
    n = len(names)
    columns: dict[str, list[float]] = {}
    for index, name in enumerate(names):
        profile = json.loads(folder.joinpath(name).read_text("utf-8"))
        totals = profile["n_words"]
        for gram, count in profile["freq"].items():
            if 1 <= len(gram) <= _MAX_GRAM:
                row = columns.setdefault(gram, [floor] * n)
                row[index] = math.log(_SMOOTHING + count / totals[len(gram) - 1])
    return {gram: tuple(row) for gram, row in columns.items()}


class NgramScorer:
    """Scores running text against the profiles; `detect` names the leading language, or None
    when no n-gram is known or the leader is not clear enough."""

    def __init__(self, profiles: NgramProfiles) -> None:
        self._profiles = profiles
        self._words: dict[str, tuple[int, tuple[float, ...]]] = {}
        self._zero = tuple(0.0 for _ in profiles.languages)

    def scores(self, text: str) -> tuple[tuple[float, ...], int]:
        """The summed log-likelihood per language, and how many n-grams were counted."""
        table = self._profiles.table()
        cache = self._words
        rows = []
        grams = 0
        for word in _words(text):
            found = cache.get(word)
            if found is None:
                found = _word_scores(word, table)
                if len(cache) < _WORD_CACHE:
                    cache[word] = found
            if found[0]:
                grams += found[0]
                rows.append(found[1])
        if not rows:
            return self._zero, 0
        return tuple(map(math.fsum, zip(*rows, strict=True))), grams

    def probabilities(self, text: str) -> list[tuple[float, str]]:
        """(posterior, language), most likely first; empty when no n-gram is known."""
        total, grams = self.scores(text)
        if not grams:
            return []
        scaled = [s / _DEPENDENCE for s in total]
        top = max(scaled)
        weights = [math.exp(s - top) for s in scaled]
        norm = sum(weights)
        languages = self._profiles.languages
        ranked = [(w / norm, lang) for w, lang in zip(weights, languages, strict=True)]
        return sorted(ranked, key=lambda pl: (-pl[0], pl[1]))

    def detect(self, text: str) -> str | None:
        ranked = self.probabilities(text)
        if not ranked or ranked[0][0] < MIN_PROBABILITY:
            return None
        return ranked[0][1]


def _words(text: str) -> Iterator[str]:
    """The words n-grams are read from: runs of letters. A word with a capital after its first
    letter (a code, shouting, a brand such as "YouTube", names run together as in
    "BowieLeonard") is a name rather than a word of the language, and is skipped."""
    for word in _LETTERS.findall(text):
        if len(word) == 1 or word[1:].islower():
            yield word


def _word_scores(word: str, table: dict[str, tuple[float, ...]]) -> tuple[int, tuple[float, ...]]:
    """How many of the word's n-grams the profiles know, and their log-likelihood per language."""
    padded = f" {word} "
    rows = []
    for size in range(1, _MAX_GRAM + 1):
        for start in range(len(padded) - size + 1):
            row = table.get(padded[start : start + size])
            if row is not None:
                rows.append(row)
    if not rows:
        return 0, ()
    return len(rows), tuple(map(math.fsum, zip(*rows, strict=True)))
