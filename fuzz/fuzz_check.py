"""Coverage-guided fuzzing of `Checker.check` with atheris (see fuzz/README.md).

Input layout (so that seed files can be written by hand and crashes replayed exactly):

    byte 0  jurisdiction   (index into JURISDICTIONS, modulo its length)
    byte 1  platform       (index into PLATFORMS)
    byte 2  language       (index into LANGUAGES; None means "detect")
    byte 3  PostInfo booleans: two bits each for sponsored, platform_label,
            image_retouched, image_ai_generated (0/3 = None, 1 = True, 2 = False)
    byte 4  PostInfo relationship (low 3 bits) and brands (next 2 bits)
    byte 5  how the rest is decoded into the caption (DECODERS)
    rest    the caption

Every input must give a report whose spans lie inside the caption and point at the text they
claim, whose fixes apply, and which serialises to JSON. Anything else raises, and atheris
saves the input as a crash file.

    python fuzz/fuzz_check.py -max_total_time=600 -timeout=10 -dict=fuzz/caption.dict CORPUS_DIR
    python fuzz/fuzz_check.py --replay crash-1234abcd   # re-run saved inputs without atheris
    python fuzz/fuzz_check.py --seeds CORPUS_DIR        # write seeds from the test corpora
"""

from __future__ import annotations

import contextlib
import importlib
import itertools
import json
import pkgutil
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

PLATFORMS: list[str | None] = [
    None,
    "instagram",
    "tiktok",
    "youtube",
    "x",
    "facebook",
    "linkedin",
    "pinterest",
    "threads",
    "bluesky",
]
LANGUAGES: list[str | None] = [None, None, None, "en", "fr", "de", "es", "it", "nl", "pl"]
LANGUAGES += ["pt", "sv", "da", "no", "fi", "ja", "ko", "zh", "ru", "fr-CA"]
RELATIONSHIPS = [None, None, "paid", "gifted", "affiliate", "own-brand", "employee", "event"]
BRANDS: list[tuple[str, ...]] = [(), ("glowco",), ("@glowco", "velvetbeauty"), ("ab",)]


def _utf8(data: bytes) -> str:
    # surrogatepass lets lone surrogates (U+D800…U+DFFF) through, as str can hold them.
    try:
        return data.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        return data.decode("utf-8", "replace")


def _utf16(data: bytes) -> str:
    if len(data) % 2:
        data = data[:-1]
    return data.decode("utf-16-le", "surrogatepass")


def _utf32(data: bytes) -> str:
    # Every 3 bytes become one code point anywhere in 0…0x10FFFF: reaches astral planes, tag
    # characters and private use that UTF-8 mutations seldom produce.
    out = []
    for i in range(0, len(data) - 2, 3):
        out.append(chr(int.from_bytes(data[i : i + 3], "little") % 0x110000))
    return "".join(out)


DECODERS: list[Callable[[bytes], str]] = [
    _utf8,
    _utf8,
    _utf8,
    _utf16,
    _utf32,
    lambda data: data.decode("latin-1"),
]

_MARKER = re.compile(r"⟦(.*?)⟧(?:\{[^}]*\})?", re.S)
_checkers: dict[tuple[Any, ...], Any] = {}


def _jurisdictions(dc: Any) -> list[Any]:
    codes: list[Any] = [None, *dc.known_jurisdictions()]
    return [*codes, ("FR", "BE"), ("US", "CA"), ("DE", "AT", "FR")]


def _checker(dc: Any, jurisdiction: Any, platform: str | None) -> Any:
    key = (jurisdiction, platform)
    if key not in _checkers:
        _checkers[key] = dc.Checker(jurisdiction, platform)
    return _checkers[key]


def _tri(bits: int) -> bool | None:
    return {1: True, 2: False}.get(bits)


def decode(data: bytes, dc: Any) -> tuple[Any, str | None, str | None, Any, str]:
    """(jurisdiction, platform, language, PostInfo, caption) for one fuzz input."""
    head = data[:6].ljust(6, b"\0")
    jurisdictions = _jurisdictions(dc)
    jurisdiction = jurisdictions[head[0] % len(jurisdictions)]
    platform = PLATFORMS[head[1] % len(PLATFORMS)]
    language = LANGUAGES[head[2] % len(LANGUAGES)]
    flags = head[3]
    post = dc.PostInfo(
        sponsored=_tri(flags & 3),
        platform_label=_tri((flags >> 2) & 3),
        image_retouched=_tri((flags >> 4) & 3),
        image_ai_generated=_tri((flags >> 6) & 3),
        relationship=RELATIONSHIPS[head[4] & 7],
        brands=BRANDS[(head[4] >> 3) & 3],
    )
    caption = DECODERS[head[5] % len(DECODERS)](data[6:])
    return jurisdiction, platform, language, post, caption


def check_invariants(report: Any, caption: str) -> None:
    """The contract every report must keep, whatever the caption (DESIGN §2)."""
    n = len(caption)
    assert report.caption is caption or report.caption == caption, "caption changed"

    def inside(span: Any, what: str) -> None:
        assert 0 <= span.start <= span.end <= n, f"{what} span {span} outside [0, {n}]"

    for signal in report.signals:
        inside(signal.span, f"signal {signal.kind}")
        assert signal.text == caption[signal.span.start : signal.span.end], (
            f"signal {signal.kind} text {signal.text!r} is not caption[{signal.span}]"
        )
    for disclosure in report.disclosures:
        inside(disclosure.span, "disclosure")
        assert disclosure.text == caption[disclosure.span.start : disclosure.span.end], (
            f"disclosure text {disclosure.text!r} is not caption[{disclosure.span}]"
        )
    keys = [f.sort_key() for f in report.findings]
    assert keys == sorted(keys), "findings not sorted by position then id"
    for finding in report.findings:
        inside(finding.span, f"finding {finding.rule_id}")
        for span in finding.related:
            inside(span, f"related span of {finding.rule_id}")
        if finding.fix is not None:
            edits = sorted(finding.fix.edits, key=lambda e: (e.span.start, e.span.end))
            for edit in edits:
                inside(edit.span, f"fix edit of {finding.rule_id}")
            for a, b in itertools.pairwise(edits):
                assert a.span.end <= b.span.start, f"overlapping edits in {finding.rule_id}"
            finding.fix.apply(caption)
    _ = report.corrected_caption
    _ = (report.ok, report.commercial)
    json.dumps(report.to_dict())


def run_one(data: bytes, dc: Any) -> None:
    jurisdiction, platform, language, post, caption = decode(data, dc)
    checker = _checker(dc, jurisdiction, platform)
    report = checker.check(caption, language=language, post=post)
    check_invariants(report, caption)
    if len(caption) < 512:
        again = checker.check(caption, language=language, post=post)
        assert again.to_dict() == report.to_dict(), "same input, different report"


def _import_all(dc: Any) -> None:
    """Import every submodule now, so that atheris instruments the lazily imported ones too."""
    for info in pkgutil.walk_packages(dc.__path__, dc.__name__ + "."):
        if info.name.endswith(".__main__"):
            continue  # importing it would run the command line
        # Optional integrations (pandas, dask) fail to import when their dependency is missing.
        with contextlib.suppress(ImportError):
            importlib.import_module(info.name)


def write_seeds(target: Path) -> int:
    """Seed inputs from the labelled corpus and the evasion cases (header: US, instagram)."""
    import disclosure_check as dc

    target.mkdir(parents=True, exist_ok=True)
    jurisdictions = _jurisdictions(dc)
    count = 0
    files = [
        *sorted((REPO / "tests" / "corpus").glob("*.jsonl")),
        REPO / "tests" / "evasion" / "cases.jsonl",
    ]
    for path in files:
        for line in path.read_text("utf-8").splitlines():
            if not line.strip():
                continue
            record = json.loads(line)
            caption = _MARKER.sub(r"\1", record["marked"])
            code = record.get("jurisdiction")
            index = jurisdictions.index(code) if code in jurisdictions else 0
            head = bytes([index, 1, 0, 0, 0, 0])
            body = caption.encode("utf-8", "surrogatepass")
            (target / f"seed-{count:04d}").write_bytes(head + body)
            count += 1
    return count


def main(argv: list[str]) -> None:
    if len(argv) > 1 and argv[1] == "--seeds":
        print(f"wrote {write_seeds(Path(argv[2]))} seed inputs to {argv[2]}")
        return
    if len(argv) > 1 and argv[1] == "--replay":
        import disclosure_check as dc

        for name in argv[2:]:
            run_one(Path(name).read_bytes(), dc)
            print(f"{name}: ok")
        return

    import atheris

    with atheris.instrument_imports(include=["disclosure_check"]):
        import disclosure_check as dc

        _import_all(dc)

    # Every Checker is built before fuzzing starts, so that -timeout measures checks, not the
    # first build of a (jurisdiction, platform) pair's vocabulary on a loaded machine.
    for jurisdiction, platform in itertools.product(_jurisdictions(dc), PLATFORMS):
        _checker(dc, jurisdiction, platform)

    def test_one_input(data: bytes) -> None:
        run_one(data, dc)

    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
