"""Accuracy on real captions nobody on this project wrote (issue 10).

    python benchmarks/realdata.py                      # per-source measures
    python benchmarks/realdata.py --list              # the names of the miss / false-alarm lists
    python benchmarks/realdata.py --list yt-missed-disclosure   # ids in one list
    python benchmarks/realdata.py --show-misses        # ids in every list
    python benchmarks/realdata.py --show-misses --text # ... with the evidence, for local reading
    python benchmarks/realdata.py --json               # machine-readable measures

Reads the development half of four public corpora from `.realdata/` (or `--data DIR`; build it
with `../shared/realdata/extract_dev.py`, see benchmarks/README.md), the hand labels in
`benchmarks/realdata/labels/` and, for the affiliate-URL measure, the Mathur et al. list of
affiliate-programme URL patterns read at run time from their repository snapshot (`--mirror`).
The captions are third-party text: this script prints ids, never captions, unless `--text` is
given, and nothing it prints belongs in a commit.

Each source is checked the way a new user would check it: the platform it comes from, the
language left to the library, and the jurisdiction of its audience (JURISDICTIONS below).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import disclosure_check as dc  # noqa: E402
from disclosure_check.caption import Caption  # noqa: E402
from disclosure_check.language import detect_caption_language  # noqa: E402

LABELS = ROOT / "benchmarks" / "realdata" / "labels"
MATHUR_REPO = "aruneshmathur+affiliate-marketing-disclosures"
MATHUR_COMMIT = "5dd3f389b4139d810f4a7c046bf4a321a9b83fed"
MATHUR_PATTERNS = "affiliate_markting_links.txt"

# The audience each source is checked for. English YouTube affiliate videos and InstaSynth
# posts are from US creators for the most part (the FTC Endorsement Guides); the French
# trending chart is a French audience; tweets are checked under the market of their language
# (the Portuguese tweets are TweetSentBR, Brazilian; the Spanish ones InterTASS, Spain; the
# English ones SemEval, mostly US).
JURISDICTIONS = {"youtube": "US", "instasynth": "US", "yt_trending_fr": "FR"}
TWEET_JURISDICTIONS = {"fr": "FR", "de": "DE", "it": "IT", "pt": "BR", "es": "ES", "en": "US"}
PLATFORMS = {"youtube": "youtube", "instasynth": "instagram", "yt_trending_fr": "youtube"}
SOURCES = ("youtube", "instasynth", "yt_trending_fr", "tweets")
ALARM = (dc.Severity.WARNING, dc.Severity.ERROR)
# Relationships a hand label can name; own promotion alone is not a sponsorship.
SPONSORED = {"paid", "gifted", "affiliate", "event", "employee"}
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"')\]]+", re.I)

HOW_TO_BUILD = """\
No real-caption data in {data}.

Build the development half (third-party text: it stays in the git-ignored .realdata/):
  1. bring the four snapshots with the search tool's fetch:
       github:aruneshmathur/affiliate-marketing-disclosures   github:thalesbertaglia/instasynth
       github:cardiffnlp/xlm-t   github:karanmurthy7/youtube-tag-recommender
  2. python3 ../shared/realdata/extract_dev.py --mirror MIRROR --out .realdata
     (MIRROR is the folder holding <owner>+<name>/repo for each snapshot)
Then run this script again."""


@dataclass
class Ratio:
    """A share with its counts, so a table can say 0.91 (50/55)."""

    hits: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        self.hits += int(hit)
        self.total += 1

    def value(self) -> float | None:
        return self.hits / self.total if self.total else None

    def show(self) -> str:
        value = self.value()
        return "n/a (0 items)" if value is None else f"{value:.3f} ({self.hits}/{self.total})"


@dataclass
class Results:
    measures: dict[str, dict[str, Ratio]] = field(default_factory=dict)
    lists: dict[str, list[str]] = field(default_factory=dict)
    jurisdictions: dict[str, str] = field(default_factory=dict)

    def measure(self, source: str, name: str) -> Ratio:
        return self.measures.setdefault(source, {}).setdefault(name, Ratio())

    def note(self, name: str, item: str) -> None:
        """Add an item ("source:id", maybe a bracketed remark) to the list called `name`."""
        slug = re.sub(r"[^a-z0-9_]+", "-", name.lower()).strip("-")
        self.lists.setdefault(slug, []).append(item)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def hand_labels(folder: Path, source: str) -> dict[str, dict[str, Any]]:
    return {str(r["id"]): r for r in read_jsonl(folder / f"{source}.jsonl")}


def adblock_regex(rule: str) -> re.Pattern[str]:
    """One line of the study's list (Adblock filter syntax) as a regular expression."""
    out = []
    if rule.startswith("||"):
        out.append(r"^(?:[a-z][a-z0-9+.-]*://)?(?:[^/?#]*\.)?")
        rule = rule[2:]
    for char in rule:
        if char == "*":
            out.append(".*")
        elif char == "^":
            out.append(r"(?:[/?&:=]|$)")
        else:
            out.append(re.escape(char))
    return re.compile("".join(out), re.I)


def programme_patterns(mirror: Path) -> list[tuple[str, re.Pattern[str]]] | None:
    """(programme, pattern) pairs from the study's list, or None when the snapshot is absent."""
    git_dir = mirror / MATHUR_REPO / "repo"
    if (git_dir / ".git").is_dir():
        git_dir = git_dir / ".git"
    if not git_dir.exists():
        return None
    shown = subprocess.run(
        ["git", "--git-dir", str(git_dir), "show", f"{MATHUR_COMMIT}:{MATHUR_PATTERNS}"],
        capture_output=True,
        text=True,
        check=False,
    )
    if shown.returncode != 0:
        return None
    patterns, programme = [], ""
    for line in shown.stdout.splitlines():
        line = line.strip()
        if line.startswith("!"):
            programme = line[1:].strip()
        elif line:
            patterns.append((programme, adblock_regex(line)))
    return patterns


def alarmed(report: dc.Report) -> bool:
    return any(f.severity in ALARM for f in report.findings)


def has_disclosure(label: dict[str, Any]) -> bool:
    return label.get("disclosure") in ("clear", "ambiguous")


def is_commercial(label: dict[str, Any]) -> bool:
    return label.get("commercial") == "yes"


def is_plain(label: dict[str, Any]) -> bool:
    return label.get("commercial") == "no"


def is_sponsored(label: dict[str, Any]) -> bool:
    relationships = set(label.get("relationship") or [])
    return is_commercial(label) and (not relationships or bool(relationships & SPONSORED))


def compare(
    results: Results,
    source: str,
    name: str,
    items: Iterable[tuple[str, bool, bool]],
) -> None:
    """Recall and precision of the library's judgement (got) against a reference (want)."""
    recall = results.measure(source, f"{name}: found (recall)")
    precision = results.measure(source, f"{name}: precision")
    for item_id, want, got in items:
        if want:
            recall.add(got)
            if not got:
                results.note(f"{source} {name} missed", f"{source}:{item_id}")
        if got:
            precision.add(want)
            if not want:
                results.note(f"{source} {name} false", f"{source}:{item_id}")


def own_only(label: dict[str, Any]) -> bool:
    return set(label.get("relationship") or []) == {"own-brand"}


def hand_disclosures(results: Results, source: str, labelled: list) -> None:
    """Disclosures against the hand labels: all of them, clear ones, and third-party ones.

    Own promotion counts as disclosed when the text calls the thing the creator's own; the
    library reports that as an own-brand signal, not as a label, so it is measured apart.
    """
    compare(
        results,
        source,
        "disclosure vs hand labels (all)",
        ((r["id"], has_disclosure(lab), bool(rep.disclosures)) for r, rep, lab in labelled),
    )
    compare(
        results,
        source,
        "disclosure vs hand labels (third-party relationships)",
        (
            (r["id"], has_disclosure(lab), bool(rep.disclosures))
            for r, rep, lab in labelled
            if not own_only(lab)
        ),
    )
    share(
        results,
        source,
        "clear third-party disclosures found",
        (
            (r["id"], bool(rep.disclosures))
            for r, rep, lab in labelled
            if lab.get("disclosure") == "clear" and not own_only(lab)
        ),
        list_hits=False,
    )
    share(
        results,
        source,
        "own promotion stated as own: own-brand signal found",
        (
            (r["id"], any(s.kind is dc.SignalKind.OWN_BRAND for s in rep.signals))
            for r, rep, lab in labelled
            if own_only(lab) and lab.get("disclosure") == "clear"
        ),
        list_hits=False,
    )


def share(
    results: Results,
    source: str,
    name: str,
    items: Iterable[tuple[str, bool]],
    *,
    list_hits: bool,
) -> None:
    ratio = results.measure(source, name)
    for item_id, hit in items:
        ratio.add(hit)
        if hit == list_hits:
            results.note(f"{source} {name}", f"{source}:{item_id}")


def evidence(report: dc.Report) -> str:
    parts = [f"{s.kind.value}:{s.text!r}" for s in report.signals]
    parts += [f"label:{d.text!r}({d.strength.value})" for d in report.disclosures]
    parts += [f"{f.rule_id}:{report.caption[f.span.start : f.span.end]!r}" for f in report.findings]
    return "; ".join(parts)


def run(
    records: list[dict[str, Any]], jurisdiction: Callable[[dict[str, Any]], str], platform: str
) -> Iterator[tuple[dict[str, Any], dc.Report]]:
    checkers: dict[str, dc.Checker] = {}
    for record in records:
        code = jurisdiction(record)
        if code not in checkers:
            checkers[code] = dc.Checker(jurisdiction=code, platform=platform)
        yield record, checkers[code].check(record["caption"])


def affiliate_urls(
    results: Results, reports: list[tuple[dict[str, Any], dc.Report]], patterns: list
) -> None:
    ratio = results.measure("youtube", "programme-pattern URLs recognised as affiliate-link")
    for record, report in reports:
        spans = [
            (s.span.start, s.span.end)
            for s in report.signals
            if s.kind is dc.SignalKind.AFFILIATE_LINK
        ]
        for found in URL.finditer(record["caption"]):
            url = found.group(0).rstrip(".,;!")
            bare = re.sub(r"^https?://", "", url, flags=re.I)
            programme = next((p for p, rx in patterns if rx.search(bare)), None)
            if programme is None:
                continue
            hit = any(a <= found.start() < b for a, b in spans)
            ratio.add(hit)
            if not hit:
                results.note("youtube-url-missed", f"youtube:{record['id']} [{programme}]")


def youtube(results: Results, records: list, labels: dict, patterns: list | None) -> list:
    reports = list(run(records, lambda r: JURISDICTIONS["youtube"], PLATFORMS["youtube"]))
    labelled = [(r, rep, labels[r["id"]]) for r, rep in reports if r["id"] in labels]
    hand_disclosures(results, "youtube", labelled)
    compare(
        results,
        "youtube",
        "disclosure vs author_disclosure_types",
        (
            (r["id"], bool(r["labels"].get("author_disclosure_types")), bool(rep.disclosures))
            for r, rep in reports
        ),
    )
    if patterns is not None:
        affiliate_urls(results, reports, patterns)
    return reports


def instasynth(results: Results, records: list, labels: dict) -> list:
    real = [r for r in records if r["labels"].get("synthetic") is False]
    reports = list(run(real, lambda r: JURISDICTIONS["instasynth"], PLATFORMS["instasynth"]))
    labelled = [(r, rep, labels[r["id"]]) for r, rep in reports if r["id"] in labels]
    share(
        results,
        "instasynth",
        "non-commercial real posts with a warning or error",
        ((r["id"], alarmed(rep)) for r, rep, lab in labelled if is_plain(lab)),
        list_hits=True,
    )
    share(
        results,
        "instasynth",
        "undisclosed commercial real posts caught (warning or error)",
        (
            (r["id"], alarmed(rep))
            for r, rep, lab in labelled
            if is_commercial(lab) and not has_disclosure(lab)
        ),
        list_hits=False,
    )
    share(
        results,
        "instasynth",
        "marked_sponsored real posts seen as commercial",
        ((r["id"], rep.commercial) for r, rep in reports if r["labels"].get("marked_sponsored")),
        list_hits=False,
    )
    return reports


def french_youtube(results: Results, records: list, labels: dict) -> list:
    reports = list(run(records, lambda r: JURISDICTIONS["yt_trending_fr"], "youtube"))
    labelled = [(r, rep, labels[r["id"]]) for r, rep in reports if r["id"] in labels]
    src = "yt_trending_fr"
    share(
        results,
        src,
        "sponsored seen as commercial",
        ((r["id"], rep.commercial) for r, rep, lab in labelled if is_sponsored(lab)),
        list_hits=False,
    )
    hand_disclosures(results, src, labelled)
    share(
        results,
        src,
        "plain posts with a warning or error",
        ((r["id"], alarmed(rep)) for r, rep, lab in labelled if is_plain(lab)),
        list_hits=True,
    )
    detector = dc.Checker(jurisdiction=JURISDICTIONS[src]).detector
    share(
        results,
        src,
        "caption language detected as the hand label's",
        (
            (r["id"], detect_caption_language(Caption(r["caption"]), detector) == lab["language"])
            for r, rep, lab in labelled
            if lab.get("language")
        ),
        list_hits=False,
    )
    share(
        results,
        src,
        "all posts with a warning or error (unlabelled view)",
        ((r["id"], alarmed(rep)) for r, rep in reports),
        list_hits=True,
    )
    return reports


def tweets(results: Results, records: list, labels: dict) -> list:
    reports = list(run(records, lambda r: TWEET_JURISDICTIONS.get(r["language"], "US"), "x"))
    detector = dc.Checker().detector
    for language in TWEET_JURISDICTIONS:
        chosen = [(r, rep) for r, rep in reports if r["language"] == language]
        share(
            results,
            "tweets",
            f"{language}: all tweets with a warning or error",
            ((r["id"], alarmed(rep)) for r, rep in chosen),
            list_hits=True,
        )
        share(
            results,
            "tweets",
            f"{language}: hand-labelled non-commercial with a warning or error",
            (
                (r["id"], alarmed(rep))
                for r, rep in chosen
                if r["id"] in labels and is_plain(labels[r["id"]])
            ),
            list_hits=True,
        )
        detected = [detect_caption_language(Caption(r["caption"]), detector) for r, _ in chosen]
        share(
            results,
            "tweets",
            f"{language}: detected as another language (None = cannot tell, not counted)",
            (
                (r["id"], d not in (None, language))
                for (r, _), d in zip(chosen, detected, strict=True)
            ),
            list_hits=True,
        )
    return reports


def evaluate(data: Path, labels: Path, mirror: Path) -> tuple[Results, dict[str, dc.Report]]:
    results = Results()
    results.jurisdictions = {
        "youtube": JURISDICTIONS["youtube"],
        "instasynth": JURISDICTIONS["instasynth"],
        "yt_trending_fr": JURISDICTIONS["yt_trending_fr"],
        "tweets": ", ".join(f"{k}→{v}" for k, v in TWEET_JURISDICTIONS.items()),
    }
    load = {s: read_jsonl(data / f"{s}.jsonl") for s in SOURCES}
    patterns = programme_patterns(mirror)
    if patterns is None:
        results.note("notes", f"no {MATHUR_REPO} snapshot under {mirror}: URL measure skipped")
    pairs = (
        youtube(results, load["youtube"], hand_labels(labels, "youtube"), patterns)
        + instasynth(results, load["instasynth"], hand_labels(labels, "instasynth"))
        + french_youtube(results, load["yt_trending_fr"], hand_labels(labels, "yt_trending_fr"))
        + tweets(results, load["tweets"], hand_labels(labels, "tweets"))
    )
    return results, {f"{r['source']}:{r['id']}": rep for r, rep in pairs}


def print_table(results: Results) -> None:
    for source, measures in results.measures.items():
        platform = PLATFORMS.get(source, "x")
        print(f"== {source} (jurisdiction {results.jurisdictions[source]}, platform {platform}) ==")
        for name, ratio in measures.items():
            print(f"  {name:72s} {ratio.show()}")
        print()
    for note in results.lists.get("notes", []):
        print(f"note: {note}")


def print_lists(results: Results, names: list[str], reports: dict, text: bool) -> None:
    for name in names:
        items = results.lists.get(name, [])
        print(f"== {name} ({len(items)}) ==")
        for item in items:
            report = reports.get(item.split()[0])
            suffix = f"  {evidence(report)}" if text and report is not None else ""
            print(f"  {item}{suffix}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT / ".realdata")
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument(
        "--mirror",
        type=Path,
        default=ROOT.parent / ".mirror",
        help="folder holding the study snapshot (for the URL patterns)",
    )
    parser.add_argument(
        "--list",
        nargs="?",
        const="",
        metavar="CLASS",
        help="ids of one list of misses or false alarms; no CLASS: list names",
    )
    parser.add_argument("--show-misses", action="store_true", help="ids in every list")
    parser.add_argument("--text", action="store_true", help="with --list: the evidence too")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not any((args.data / f"{s}.jsonl").exists() for s in SOURCES):
        print(HOW_TO_BUILD.format(data=args.data))
        return 0
    results, reports = evaluate(args.data, args.labels, args.mirror)
    if args.json:
        table = {
            s: {n: r.__dict__ | {"value": r.value()} for n, r in m.items()}
            for s, m in results.measures.items()
        }
        print(json.dumps({"jurisdictions": results.jurisdictions, "measures": table}, indent=2))
        return 0
    if args.list == "":
        for name, items in sorted(results.lists.items()):
            print(f"{name} ({len(items)})")
        return 0
    print_table(results)
    names = sorted(results.lists) if args.show_misses else [args.list] if args.list else []
    print_lists(results, [n for n in names if n != "notes"], reports, args.text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
