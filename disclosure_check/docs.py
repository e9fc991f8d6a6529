"""Documentation generated from the rules' own declarations and the packs' data.

`python -m disclosure_check.docs` rewrites docs/rules/*.md and docs/jurisdictions.md; CI runs it
with --check and fails when the committed pages are stale.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from pathlib import Path

from . import discovery
from .checker import Checker
from .errors import suggest
from .model import Strength
from .pack import Pack
from .policy import ConfidenceTag
from .rules.base import Rule

MARK_OPEN, MARK_CLOSE = "⟦", "⟧"


def all_rules() -> list[Rule]:
    """Every rule of every installed pack, in id order."""
    rules: dict[str, Rule] = {}
    for name, entry in sorted(discovery.available().items()):
        if entry.distribution != "disclosure-check" or name == "core":
            continue  # the built-in packs are documented here; others document themselves
        pack = discovery.load(name)
        for rule in Checker(pack.jurisdictions[0] if pack.jurisdictions else None).rules:
            rules.setdefault(rule.id, rule)
    for rule in Checker(None).rules:
        rules.setdefault(rule.id, rule)
    return [rules[k] for k in sorted(rules)]


def find_rule(rule_id: str) -> Rule:
    rules = {r.id: r for r in all_rules()}
    key = rule_id.strip().upper()
    if key not in rules:
        raise ValueError(
            f"unknown rule {rule_id!r}{suggest(key, rules)}; see 'disclosure-check rules'"
        )
    return rules[key]


def _unmark(example: str) -> str:
    return example.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")


def rule_markdown(rule: Rule) -> str:
    doc = rule.doc
    lines = [
        f"# {rule.id} {rule.name}",
        "",
        f"*{doc.summary}*",
        "",
        "| | |",
        "|---|---|",
        f"| Category | `{rule.category.value}` |",
        f"| Default severity | `{rule.severity.value}` |",
        f"| Confidence | `{rule.confidence.value}` |",
        f"| Pack | `{rule.pack_id}` ({rule.pack.title}) |",
        f"| Fix | {'suggested (changes meaning)' if rule.fixable else 'none'} |",
        "",
        f"## {rule.id}: why",
        "",
        doc.why or doc.summary,
        "",
    ]
    if doc.examples_fail:
        lines += [f"## {rule.id}: fails", ""]
        lines += [f"    {_unmark(e)}" for e in doc.examples_fail]
        lines.append("")
    if doc.examples_pass:
        lines += [f"## {rule.id}: passes", ""]
        lines += [f"    {e}" for e in doc.examples_pass]
        lines.append("")
    context = {k: v for k, v in doc.example_context.items() if v is not None}
    if context:
        lines += [f"Examples are checked with `{context}`.", ""]
    if doc.fix_safety:
        lines += [f"## {rule.id}: fix safety", "", doc.fix_safety, ""]
    if doc.options:
        lines += [f"## {rule.id}: options", ""]
        lines += [f"- `{name}`: {text}" for name, text in doc.options]
        lines.append("")
    if doc.sources:
        lines += [
            f"## {rule.id}: sources",
            "",
            "How sure we are of each source: [sources and confidence](../sources.md).",
            "",
        ]
        for title, url, tag in doc.sources:
            link = f"[{title}]({url})" if url else title
            words = ConfidenceTag(tag).describe() if tag in tuple(ConfidenceTag) else tag
            lines.append(f"- {link} — {words}")
        lines.append("")
    return "\n".join(lines)


def _labels(pack: Pack, strength: Strength) -> str:
    texts = [s.text for s in pack.labels if s.strength is strength]
    return ", ".join(f"`{t}`" for t in texts) or "—"


def _market_packs() -> list[Pack]:
    packs = []
    for name, entry in sorted(discovery.available().items()):
        if entry.distribution != "disclosure-check" or name == "core":
            continue
        pack = discovery.load(name)
        if pack.audience is not None:
            packs.append(pack)
    return packs


def _facts(pack: Pack) -> tuple[str, str, str]:
    """Label languages, placement and platform-label policy, each with its confidence tag."""
    audience = pack.audience
    assert audience is not None
    languages = (
        f"{'/'.join(audience.languages)} ({audience.label_language}) [{audience.confidence}]"
    )
    placement = pack.placement
    place = f"{placement.short()} [{placement.confidence}]" if placement else "fold"
    policy = pack.platform_label
    platform = f"{'yes' if policy.sufficient else 'no'} [{policy.confidence}]" if policy else "—"
    return languages, place, platform


def _jurisdiction_section(pack: Pack) -> list[str]:
    languages, place, platform = _facts(pack)
    lines = [
        f"## {_heading(pack)}",
        "",
        f"- Accepted labels: {_labels(pack, Strength.CLEAR)}",
        f"- Not enough on their own: {_labels(pack, Strength.AMBIGUOUS)}",
        f"- Label language: {languages}; placement: {place}; "
        f"the platform's paid-partnership label alone: {platform}",
        "",
        "Sources:",
        "",
    ]
    lines += [f"- [{s.title}]({s.url})" if s.url else f"- {s.title}" for s in pack.sources.values()]
    return [*lines, ""]


def jurisdictions_markdown() -> str:
    packs = _market_packs()
    lines = [
        "# Jurisdictions",
        "",
        "Generated from the packs' `pack.toml` by `python -m disclosure_check.docs`; do not edit.",
        "Confidence tags: V verified, S secondary source, U unverified "
        "([what they mean](sources.md)). Label language: `local` means the market's own "
        "language(s), `post` the caption's language, `post-or-en` the caption's language or "
        "English.",
        "",
        "| Code | Accepted labels | Label language | Placement | Platform label alone |",
        "|---|---|---|---|---|",
    ]
    for pack in packs:
        languages, place, platform = _facts(pack)
        codes = ", ".join(pack.jurisdictions)
        anchor = _slug(_heading(pack))
        lines.append(
            f"| [{codes}](#{anchor}) | {_labels(pack, Strength.CLEAR)} | {languages} | {place} "
            f"| {platform} |"
        )
    lines.append("")
    for pack in packs:
        lines += _jurisdiction_section(pack)
    return "\n".join(lines)


def _heading(pack: Pack) -> str:
    return f"{', '.join(pack.jurisdictions)}: {pack.title}"


def _slug(text: str) -> str:
    """The anchor Python-Markdown's toc extension gives a heading: ASCII, lower case, dashes."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^\w\s-]", "", ascii_text).strip().lower()
    return re.sub(r"[-\s]+", "-", words)


def rules_index(rules: list[Rule]) -> str:
    lines = [
        "# Rules",
        "",
        "Generated by `python -m disclosure_check.docs`; do not edit.",
        "",
        "| Id | Name | Category | Severity | Confidence | Pack |",
        "|---|---|---|---|---|---|",
    ]
    for r in rules:
        lines.append(
            f"| [{r.id}]({r.id}.md) | {r.name} | {r.category.value} | {r.severity.value} | "
            f"{r.confidence.value} | {r.pack_id} |"
        )
    lines.append("")
    return "\n".join(lines)


def generate() -> dict[str, str]:
    """Relative path -> content of every generated page."""
    rules = all_rules()
    pages = {f"rules/{r.id}.md": rule_markdown(r) for r in rules}
    pages["rules/index.md"] = rules_index(rules)
    pages["jurisdictions.md"] = jurisdictions_markdown()
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m disclosure_check.docs")
    parser.add_argument("--docs", default="docs", help="the docs folder")
    parser.add_argument("--check", action="store_true", help="fail if a page is stale")
    args = parser.parse_args(argv)
    root = Path(args.docs)
    pages = generate()
    stale = []
    for rel, content in pages.items():
        path = root / rel
        current = path.read_text("utf-8") if path.exists() else None
        if current != content:
            stale.append(rel)
            if not args.check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(content, "utf-8")
    generated = (
        {f"rules/{p.name}" for p in (root / "rules").glob("*.md")}
        if (root / "rules").exists()
        else set()
    )
    orphans = sorted(generated - set(pages))
    if args.check:
        if stale or orphans:
            print("stale generated docs: " + ", ".join(stale + orphans), file=sys.stderr)
            print("run: python -m disclosure_check.docs", file=sys.stderr)
            return 1
        return 0
    for rel in orphans:
        (root / rel).unlink()
    print(f"wrote {len(stale)} page(s), removed {len(orphans)}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
