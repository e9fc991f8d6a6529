"""Hostile input: pathological captions finish in time linear in their length, never crash and
never report a span outside the caption; wrong types anywhere in the public API get a
TypeError/ValueError that names the argument and what it accepts (issue 7).

Timings are never absolute: every bound is relative to a plain 1 MB caption checked by the same
Checker in the same run. Each timed check runs in a forked child so that a super-linear engine
fails the test at a deadline instead of hanging the suite for minutes.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import statistics
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

import pytest

import disclosure_check as dc

MB = 1_000_000
# A hostile caption may take this many times the plain caption's time per character.
FACTOR = 10
# t(8n) / t(n): about 8 when linear, about 64 when quadratic; the slack absorbs a busy machine.
SCALE_LIMIT = 24

# An ordinary caption: accents, emoji, a mention and a hashtag, no label and no link.
_PROSE = (
    "Sunday reset ☀️ café au lait, a long walk by the river with @maya_lune and a new book "
    "I can't put down. Feeling grateful for slow mornings 💛 #slowliving\n"
)


def prose(n: int) -> str:
    return (_PROSE * (n // len(_PROSE) + 1))[:n]


def span_problems(report: dc.Report, caption: str) -> list[str]:
    """Every way the report's spans break the contract (empty when they are all honest)."""
    n = len(caption)
    out = []

    def check(span: dc.Span, what: str) -> None:
        if not (0 <= span.start <= span.end <= n):
            out.append(f"{what} span {span} outside [0, {n}]")

    for s in report.signals:
        check(s.span, f"signal {s.kind}")
        if s.text != caption[s.span.start : s.span.end]:
            out.append(f"signal {s.kind} text {s.text[:40]!r} is not caption[{s.span}]")
    for d in report.disclosures:
        check(d.span, "disclosure")
        if d.text != caption[d.span.start : d.span.end]:
            out.append(f"disclosure text {d.text[:40]!r} is not caption[{d.span}]")
    for f in report.findings:
        check(f.span, f"finding {f.rule_id}")
        for span in f.related:
            check(span, f"related span of {f.rule_id}")
        for edit in f.fix.edits if f.fix else ():
            check(edit.span, f"fix edit of {f.rule_id}")
    return out


# -- timing in a child process ------------------------------------------------------------------


def _child(checker: dc.Checker, text: str, conn: Connection) -> None:
    try:
        gc.collect()
        start = time.perf_counter()
        report = checker.check(text)
        elapsed = time.perf_counter() - start
        conn.send((elapsed, span_problems(report, text)[:5], None))
    except BaseException as exc:  # the parent reports any crash, whatever its kind
        conn.send((None, [], f"{type(exc).__name__}: {exc}"[:500]))
    finally:
        conn.close()


def timed_check(checker: dc.Checker, text: str, deadline: float) -> tuple[float, list[str]]:
    """(seconds, span problems) of one check; fails the test on a crash or past the deadline."""
    if "fork" not in multiprocessing.get_all_start_methods():
        start = time.perf_counter()
        report = checker.check(text)
        return time.perf_counter() - start, span_problems(report, text)
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(checker, text, sender), daemon=True)
    proc.start()
    sender.close()
    try:
        if not receiver.poll(deadline):
            pytest.fail(
                f"check of a {len(text):,}-character caption not done after {deadline:.1f}s"
            )
        elapsed, problems, error = receiver.recv()
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        receiver.close()
    if error is not None:
        pytest.fail(f"check crashed on a {len(text):,}-character caption: {error}")
    return float(elapsed), list(problems)


@pytest.fixture(scope="module")
def checker() -> dc.Checker:
    # US judges the label against the caption's language, so language detection runs too.
    # The captions here are 1 MB, past the default length limit: the engine itself is timed.
    checker = dc.Checker("US", "instagram", max_caption_chars=4 * MB)
    # Load the lazy parts (language profiles, fold tables) before anything is timed.
    checker.check("#ad I love this new serum so much, use code EMMA20 at @glowco amzn.to/x " * 20)
    return checker


@pytest.fixture(scope="module")
def per_char(checker: dc.Checker) -> float:
    """Seconds per character of a plain 1 MB caption (median of three)."""
    text = prose(MB)
    times = [timed_check(checker, text, deadline=120)[0] for _ in range(3)]
    return statistics.median(times) / len(text)


# -- adversarial captions ----------------------------------------------------------------------

_EMOJI = ["😍", "👩\u200d👩\u200d👧", "🇫🇷", "✨", "👍🏽", "❤️", "🫶"]

HOSTILE: dict[str, Callable[[], str]] = {
    "1 MB of #": lambda: "#" * MB,
    "100,000 hashtags": lambda: "".join(f"#tag{i} " for i in range(100_000)),
    "100,000 URLs": lambda: "".join(f"https://bit.ly/x{i} " for i in range(100_000)),
    "100,000 emoji": lambda: "".join(_EMOJI[i % len(_EMOJI)] for i in range(100_000)),
    "a single 1 MB word": lambda: "abcdefghij" * (MB // 10),
    "#a#a#a…": lambda: "#a" * (MB // 2),
    "#ad#ad#ad…": lambda: "#ad" * (MB // 3),
    "1 MB of @": lambda: "@" * MB,
    "1 MB of &#35;": lambda: "&#35;" * (MB // 5),
    "100,000 lines": lambda: "".join(f"line {i} of my caption\n" for i in range(100_000)),
    "1 MB of &": lambda: "&" * MB,
    "1 MB of newlines": lambda: "\n" * MB,
    "1 MB of spaces": lambda: " " * MB,
    "1 MB of soft hyphens": lambda: "\u00ad" * MB,
    "letters and zero-width spaces": lambda: "a\u200b" * (MB // 2),
    "one letter and 1 MB of accents": lambda: "e" + "\u0301" * MB,
    "1 MB of lone surrogates": lambda: "\ud800" * MB,
    "1 MB of 'http://'": lambda: "http://" * (MB // 7),
    "1 MB of 'a.'": lambda: "a." * (MB // 2),
    "@a.@a.@a.…": lambda: "@a." * (MB // 3),
    "1 MB of fullwidth ＃": lambda: "＃" * MB,
    "astral entities": lambda: "&#x1D41A;" * (MB // 9),
    "'a . ' repeated after a slash": lambda: "/ " + "a . " * (MB // 4),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_caption_finishes_in_linear_time(
    name: str, checker: dc.Checker, per_char: float
) -> None:
    text = HOSTILE[name]()
    bound = FACTOR * per_char * len(text)
    deadline = 2 * bound + 2
    elapsed, problems = timed_check(checker, text, deadline)
    for _ in range(2):  # a near miss is retried: a busy machine should not fail the test
        if not bound < elapsed <= 2 * bound:
            break
        elapsed = min(elapsed, timed_check(checker, text, deadline)[0])
    assert not problems, problems
    assert elapsed <= bound, (
        f"{name}: {elapsed:.2f}s for {len(text):,} characters, over {FACTOR}× the plain "
        f"caption's time per character ({bound:.2f}s)"
    )


# Captions dense with matches cost more per character than plain text (every match builds
# evidence), so they are held to linear growth rather than to the plain caption's speed.
DENSE: dict[str, Callable[[int], str]] = {
    "#ad labels": lambda n: "#ad " * (n // 4),
    "discount codes": lambda n: "".join(f"code EMMA{i} " for i in range(n // 14)),
    "Publicité labels": lambda n: "Publicité " * (n // 10),
    "denials": lambda n: "not sponsored " * (n // 14),
    "promoted mentions": lambda n: "".join(f"@brand{i} 20% off " for i in range(n // 18)),
    "URLs and #ad": lambda n: "https://x.co/a #ad " * (n // 19),
    "URLs and @mentions": lambda n: "https://x.co/a @glowco " * (n // 23),
    "links and codes": lambda n: "x.co/a code EMMA20 " * (n // 19),
    "spaced-out links": lambda n: "amzn . to / 3xYz " * (n // 17),
    "'a . ' after a slash": lambda n: "/ " + "a . " * (n // 4),
}


@pytest.mark.parametrize("name", list(DENSE))
def test_dense_captions_scale_linearly(name: str, checker: dc.Checker) -> None:
    n = 20_000
    small = DENSE[name](n)
    times = []
    for _ in range(3):
        gc.collect()
        start = time.perf_counter()
        checker.check(small)
        times.append(time.perf_counter() - start)
    base = max(min(times), 0.005)
    big = DENSE[name](8 * n)
    deadline = 2 * SCALE_LIMIT * base + 2
    elapsed, problems = timed_check(checker, big, deadline)
    for _ in range(2):  # a near miss is retried: a busy machine should not fail the test
        if not SCALE_LIMIT * base < elapsed <= 2 * SCALE_LIMIT * base:
            break
        elapsed = min(elapsed, timed_check(checker, big, deadline)[0])
    assert not problems, problems
    assert elapsed <= SCALE_LIMIT * base, (
        f"{name}: {base * 1000:.0f} ms for {len(small):,} characters but {elapsed:.2f}s for "
        f"{len(big):,} ({elapsed / base:.0f}×; linear is 8×)"
    )


# -- short hostile strings, every jurisdiction -------------------------------------------------

NASTY = [
    "",
    " ",
    "\ud800",
    "\udfff#ad",
    "#",
    "@",
    "&#",
    "&#x;",
    "&#1114112;ad",
    "&#0;",
    "&#xD800;#ad",
    "&#xFFFFFFFF;",
    "&amp;amp;#35;ad",
    "&#35;&#35;ad",
    "#&#35;ad",
    "http://",
    "https://[",
    "http://[::1 #ad code EMMA20",
    "http://a.b/?tag=%zz",
    "amazon.com/?tag=&tag=",
    "www.#ad",
    "code",
    "code:",
    "\u0301#ad\u0301",
    "\x00#ad\x00",
    "\r\n#ad\r\n",
    "\ufeff#ad",
    "\u2028#ad\u2029\x85",
    "#ad" + "\u200d" * 5,
    "@@@@glowco",
    "#_",
    "＃",
    "Ad: Ad: Ad:",
    "[AD] (pub) AD |",
    "𝐜𝐨𝐝𝐞 𝐄𝐌𝐌𝐀𝟐𝟎",
    "🇫🇷" * 50,
    "\U0010ffff#ad\uffff",
    "\ue000#ad\ue001",
    "{brand} #{brand}partner thanks @",
    "Reklam @ Mainos / 광고",
    "ß" * 40 + " Werbung",
    "ǅ ẞ İ ﬃ ŉ ΐ",
    "Publicité\u0301\u0301\u0301 | code LEA15",
]
_POSTS = [
    None,
    dc.PostInfo(
        sponsored=True,
        relationship="gifted",
        brands=("glowco",),
        image_retouched=True,
        image_ai_generated=True,
    ),
]


@pytest.mark.parametrize("jurisdiction", [None, *dc.known_jurisdictions()])
def test_short_hostile_strings_never_crash(jurisdiction: str | None) -> None:
    # Platforms, languages and random PostInfo are the fuzzer's job (fuzz/fuzz_check.py).
    checker = dc.Checker(jurisdiction, "instagram")
    for text in NASTY:
        for post in _POSTS:
            report = checker.check(text, post=post)
            assert not span_problems(report, text), (text, span_problems(report, text))
            json.dumps(report.to_dict())
            for finding in report.findings:
                if finding.fix:
                    finding.fix.apply(text)
            assert isinstance(report.corrected_caption, str)


# -- wrong types in the public API --------------------------------------------------------------

_US = dc.Checker("US")

WRONG: list[tuple[str, Callable[[], Any], tuple[str, ...]]] = [
    ("PostInfo(sponsored='yes')", lambda: dc.PostInfo(sponsored="yes"), ("sponsored", "True")),
    (
        "PostInfo(platform_label='no')",
        lambda: dc.PostInfo(platform_label="no"),
        ("platform_label", "True"),
    ),
    (
        "PostInfo(image_retouched=1)",
        lambda: dc.PostInfo(image_retouched=1),
        ("image_retouched", "True"),
    ),
    ("PostInfo(relationship=5)", lambda: dc.PostInfo(relationship=5), ("relationship", "paid")),
    (
        "PostInfo(relationship='Paid!')",
        lambda: dc.PostInfo(relationship="Paid!"),
        ("relationship", "paid"),
    ),
    ("PostInfo(brands='glowco')", lambda: dc.PostInfo(brands="glowco"), ("brands", "list")),
    ("PostInfo(brands=[3])", lambda: dc.PostInfo(brands=[3]), ("brands", "string")),
    ("PostInfo.from_dict(5)", lambda: dc.PostInfo.from_dict(5), ("post", "mapping")),
    ("check(b'...')", lambda: dc.check(b"#ad code EMMA20"), ("caption", "str")),
    ("check(None)", lambda: dc.check(None), ("caption", "str")),
    ("check(jurisdiction=3)", lambda: dc.check("x", jurisdiction=3), ("jurisdiction", "'FR'")),
    (
        "check(jurisdiction=['FR', 3])",
        lambda: dc.check("x", jurisdiction=["FR", 3]),
        ("jurisdiction", "'FR'"),
    ),
    (
        "check(jurisdiction=b'FR')",
        lambda: dc.check("x", jurisdiction=b"FR"),
        ("jurisdiction", "'FR'"),
    ),
    ("check(jurisdiction='')", lambda: dc.check("x", jurisdiction=""), ("jurisdiction", "FR")),
    ("check(jurisdiction='XX')", lambda: dc.check("x", jurisdiction="XX"), ("jurisdiction", "FR")),
    ("check(platform='')", lambda: dc.check("x", platform=""), ("platform", "instagram")),
    ("check(platform=5)", lambda: dc.check("x", platform=5), ("platform", "instagram")),
    ("check(language=5)", lambda: dc.check("x", language=5), ("language", "'fr'")),
    ("check(language='')", lambda: dc.check("x", language=""), ("language", "'fr'")),
    ("check(post=[...])", lambda: dc.check("x", post=[True]), ("post", "PostInfo", "mapping")),
    ("check(post='sponsored')", lambda: dc.check("x", post="sponsored"), ("post", "PostInfo")),
    (
        "check(post={'sponsored': 'yes'})",
        lambda: dc.check("x", post={"sponsored": "yes"}),
        ("sponsored", "True"),
    ),
    (
        "check(post={'paid': True})",
        lambda: dc.check("x", post={"paid": True}),
        ("paid", "sponsored"),
    ),
    ("check(packs=5)", lambda: dc.check("x", packs=5), ("packs",)),
    ("Checker(jurisdiction=3)", lambda: dc.Checker(3), ("jurisdiction", "'FR'")),
    ("Checker(platform='')", lambda: dc.Checker("US", platform=""), ("platform", "instagram")),
    ("Checker(language=5)", lambda: dc.Checker("US", language=5), ("language", "'fr'")),
    ("Checker(select=3)", lambda: dc.Checker("US", select=3), ("select", "rule id")),
    ("Checker(select=[3])", lambda: dc.Checker("US", select=[3]), ("select",)),
    ("Checker(select=['XX999'])", lambda: dc.Checker("US", select=["XX999"]), ("XX999", "rule id")),
    ("Checker(ignore=3)", lambda: dc.Checker("US", ignore=3), ("ignore",)),
    ("Checker(packs=5)", lambda: dc.Checker("US", packs=5), ("packs",)),
    ("Checker(severity=[1])", lambda: dc.Checker("US", severity=[1]), ("severity", "error")),
    (
        "Checker(severity={'US101': 'fatal'})",
        lambda: dc.Checker("US", severity={"US101": "fatal"}),
        ("US101", "error", "warning", "info"),
    ),
    (
        "Checker(severity={3: 'error'})",
        lambda: dc.Checker("US", severity={3: "error"}),
        ("severity", "rule id"),
    ),
    ("Checker(detector=5)", lambda: dc.Checker("US", detector=5), ("detector", "detect")),
    ("Checker.check(5)", lambda: _US.check(5), ("caption", "str")),
    ("Checker.check(post=5)", lambda: _US.check("x", post=5), ("post", "PostInfo")),
    ("check_many(5)", lambda: list(_US.check_many(5)), ("check_many", "iterable")),
    (
        "check_many('a caption')",
        lambda: list(_US.check_many("a caption")),
        ("check_many", "iterable"),
    ),
    ("check_many([5])", lambda: list(_US.check_many([5])), ("caption", "str")),
    ("check_many([{'text': ...}])", lambda: list(_US.check_many([{"text": "x"}])), ("caption",)),
    (
        "check_many(errors='ignore')",
        lambda: list(_US.check_many([], errors="ignore")),
        ("errors", "'raise'", "'collect'"),
    ),
]


@pytest.mark.parametrize(("call", "expected"), [pytest.param(c, e, id=i) for i, c, e in WRONG])
def test_wrong_types_get_a_clear_error(call: Callable[[], Any], expected: tuple[str, ...]) -> None:
    with pytest.raises((TypeError, ValueError)) as info:
        call()
    message = str(info.value)
    for part in expected:
        assert part in message, f"{type(info.value).__name__}: {message!r} does not say {part!r}"


def test_check_takes_a_single_pack_name_like_checker() -> None:
    # Checker(packs="us") is one pack; dc.check(packs="us") must not read it as packs "u", "s".
    caption = "Use code EMMA20 at @glowco"
    expected = dc.Checker("FR", packs="us").check(caption).to_dict()
    assert dc.check(caption, jurisdiction="FR", packs="us").to_dict() == expected
