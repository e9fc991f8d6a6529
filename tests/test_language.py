"""Language resolution: deterministic, on-demand, accurate on short captions."""

from __future__ import annotations

import functools
import json
import random
from pathlib import Path

import pytest

import disclosure_check as dc
from disclosure_check.caption import Caption
from disclosure_check.language import (
    MIN_SLOW_LETTERS,
    DefaultDetector,
    detect_caption_language,
    normalise_language_tag,
    profile_scorer,
    running_text,
)
from disclosure_check.ngram_language import NgramProfiles, NgramScorer

SAMPLES = [
    json.loads(line)
    for line in (Path(__file__).parent / "data" / "language_samples.jsonl")
    .read_text("utf-8")
    .splitlines()
    if line.strip()
]
MARKET = {
    "en": "US", "fr": "FR", "de": "DE", "es": "ES", "it": "IT", "nl": "NL", "pt": "BR",
    "pl": "PL", "sv": "SE", "da": "DK", "no": "NO", "fi": "FI", "ja": "JP", "ko": "KR",
    "zh": "CN",
}  # fmt: skip


@pytest.fixture(scope="module")
def detector():
    return dc.Checker().detector


@pytest.mark.parametrize(
    ("tag", "primary"),
    [("fr", "fr"), ("fr-CA", "fr"), ("EN_gb", "en"), ("nb", "no"), ("zh-TW", "zh")],
)
def test_language_tags(tag, primary):
    assert normalise_language_tag(tag) == primary


def test_running_text_drops_tags_mentions_and_links():
    caption = Caption("Trop hâte @anna #ootd #fashion https://x.co/a ✨")
    assert running_text(caption).split() == ["Trop", "hâte", "✨"]


def test_detection_is_deterministic_and_leaves_random_state_alone(detector):
    state = random.getstate()
    first = [detect_caption_language(Caption(s["text"]), detector) for s in SAMPLES[:60]]
    other = DefaultDetector(dc.Checker().vocabulary.stopwords)
    second = [detect_caption_language(Caption(s["text"]), other) for s in SAMPLES[:60]]
    assert first == second
    assert random.getstate() == state


def test_accuracy_on_short_captions(detector):
    wrong = undetermined = resolved_right = 0
    for sample in SAMPLES:
        got = detect_caption_language(Caption(sample["text"]), detector)
        fallback = dc.Checker(MARKET[sample["language"]])._default_language()
        resolved_right += (got or fallback) == sample["language"]
        wrong += got is not None and got != sample["language"]
        undetermined += got is None
    n = len(SAMPLES)
    assert n >= 360
    # Measured 2026-11-26: 2 wrong (0.5 %), 112 undetermined (left to the fallback),
    # 99.5 % resolved right.
    assert wrong / n <= 0.025, wrong
    assert resolved_right / n >= 0.975, resolved_right / n


def test_language_is_detected_only_when_a_rule_needs_it():
    checker = dc.Checker("FR")
    calls = []

    class Counting:
        def detect(self, text):
            calls.append(text)
            return "fr"

    checker._detector = Counting()
    report = checker.check("Publicité | ma routine du soir avec @glowco, code LEA20")
    assert calls == [] and report.language_source == "default" and report.language == "fr"
    us = dc.Checker("US")
    us._detector = Counting()
    report = us.check("Werbung | my evening routine with @glowco, code LEA20")
    assert calls and report.language_source == "detected"


def test_given_language_skips_detection():
    checker = dc.Checker("US", language="en")
    report = checker.check("Werbung | my evening routine with @glowco, code LEA20")
    assert report.language_source == "given"
    assert "US104" in {f.rule_id for f in report.findings}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Written for this test (issue 10: Arabic and Tamil descriptions were read as Korean or
        # as the audience's French): the caption's script wins.
        ("مرحبا بكم في قناتنا، فيديو جديد كل أسبوع عن الطبخ والسفر مع العائلة", "ar"),
        ("எங்கள் சேனலுக்கு வரவேற்கிறோம், ஒவ்வொரு வாரமும் புதிய சமையல் வீடியோ", "ta"),
        ("Καλώς ήρθατε στο κανάλι μας, κάθε εβδομάδα ένα νέο βίντεο μαγειρικής", "el"),
        ("Nouvelle vidéo chaque semaine sur la cuisine et les voyages en famille", "fr"),
    ],
)
def test_a_script_no_supported_language_uses_names_its_language(detector, text, expected):
    assert detect_caption_language(Caption(text), detector) == expected


def test_a_caption_without_hangul_kana_or_han_is_never_korean_japanese_or_chinese(detector):
    # A mostly-Latin caption with some Arabic: not Arabic (under half the letters), and never
    # one of the CJK languages langdetect's restricted profiles may offer for it.
    text = "Full match highlights and goals tonight مباراة اليوم in the derby, all the best moments"
    assert detect_caption_language(Caption(text), detector) not in {"ko", "ja", "zh", "ar"}


def _langdetect_reading(text: str) -> str | None:
    """What langdetect's own sampling detector says, restricted to the same profiles (the
    detector the profile scorer replaced), for comparison only."""
    from langdetect.lang_detect_exception import LangDetectException

    factory = _langdetect_factory()
    detector = factory.create()
    try:
        detector.append(text)
        ranked = detector.get_probabilities()
    except LangDetectException:
        return None
    if not ranked or ranked[0].prob < 0.6:
        return None
    return {"zh-cn": "zh"}.get(ranked[0].lang, ranked[0].lang)


@functools.cache
def _langdetect_factory():
    from importlib.resources import files

    from langdetect.detector_factory import DetectorFactory

    factory = DetectorFactory()
    factory.seed = 0
    folder = files("langdetect").joinpath("profiles")
    names = [
        "en",
        "fr",
        "de",
        "es",
        "it",
        "nl",
        "pt",
        "pl",
        "sv",
        "da",
        "no",
        "fi",
        "ja",
        "ko",
        "zh-cn",
    ]
    factory.load_json_profile([folder.joinpath(n).read_text("utf-8") for n in names])
    return factory


def test_profile_scorer_is_as_accurate_as_langdetect_on_the_samples(detector):
    # The slow path of the default detector, on every sample long enough to reach it: the
    # profile scorer must misread no more samples than langdetect did, and agree with it where
    # both answer. Measured 2026-12-03 on 255 samples: langdetect 7 wrong, the scorer 1; of the
    # 220 both answered, none differ.
    texts = [(running_text(Caption(s["text"])), s["language"]) for s in SAMPLES]
    slow = [(t, lang) for t, lang in texts if len(t) >= MIN_SLOW_LETTERS]
    assert len(slow) >= 100
    ours = [detector.slow.detect(t) for t, _ in slow]
    theirs = [_langdetect_reading(t) for t, _ in slow]
    gold = [lang for _, lang in slow]
    wrong_ours = sum(g is not None and g != lang for g, lang in zip(ours, gold, strict=True))
    wrong_theirs = sum(g is not None and g != lang for g, lang in zip(theirs, gold, strict=True))
    assert wrong_ours <= wrong_theirs, (wrong_ours, wrong_theirs)
    both = [(a, b) for a, b in zip(ours, theirs, strict=True) if a is not None and b is not None]
    assert sum(a == b for a, b in both) >= 0.98 * len(both)


def test_profile_scores_do_not_depend_on_what_was_scored_before():
    # The word cache must be invisible: a fresh scorer and a warm one give the same answers.
    texts = [running_text(Caption(s["text"])) for s in SAMPLES]
    warm = profile_scorer(("de", "en", "fr"))
    first = [warm.detect(t) for t in texts]
    cold = NgramScorer(NgramProfiles([("de", "de"), ("en", "en"), ("fr", "fr")]))
    assert (
        [cold.detect(t) for t in reversed(texts)][::-1] == first == [warm.detect(t) for t in texts]
    )
    assert {"de", "en", "fr"} <= set(first)
