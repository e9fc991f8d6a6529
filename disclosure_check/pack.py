"""A rule pack read from its folder: `pack.toml`, optional `lang/*.toml` and `links.toml`.

Everything a pack declares is validated here, when it loads, so that a malformed pack fails
with the file, the key and the reason, never later in the middle of a check.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any, TypeVar

from .errors import PackError, suggest
from .model import Relationship, Strength
from .policy import ConfidenceTag, LabelLanguage, PlacementRule, Provenance

# The choices as strings, for messages and for code that validates pack-like data elsewhere.
CONFIDENCE_TAGS = tuple(t.value for t in ConfidenceTag)
LABEL_LANGUAGE_RULES = tuple(r.value for r in LabelLanguage)
PLACEMENT_RULES = tuple(r.value for r in PlacementRule)
CONTEXTS = ("any", "label")
SIGNAL_LISTS = (
    "code_trigger",
    "gifted",
    "invited",
    "call_to_action",
    "giveaway",
    "giveaway_word",
    "own_brand",
    "denial",
    "promo_context",
    "not_label",
)
RELATIONSHIPS = tuple(r.value for r in Relationship)


_PROVENANCE = ("confidence", "source", "note")
# How each expected type is written in TOML, for messages ("true or false", not "bool").
_TYPE_NAMES = {
    bool: "true or false (a TOML boolean, unquoted)",
    int: "a whole number",
    float: "a number",
    str: "a string",
    list: "a list",
}

_E = TypeVar("_E", bound=StrEnum)
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    url: str
    confidence: ConfidenceTag

    @classmethod
    def from_table(cls, r: _Reader) -> Source:
        r.only("id", "title", "url", "confidence")
        return cls(
            id=r.get("id", str),
            title=r.get("title", str),
            url=r.get("url", str, ""),
            confidence=r.choice("confidence", ConfidenceTag, ConfidenceTag.S),
        )


class _Provenanced:
    """The three provenance fields, read through the one `provenance` value."""

    __slots__ = ()
    provenance: Provenance

    @property
    def confidence(self) -> ConfidenceTag:
        return self.provenance.confidence

    @property
    def source(self) -> str:
        return self.provenance.source

    @property
    def note(self) -> str:
        return self.provenance.note


@dataclass(frozen=True, slots=True)
class LabelSpec(_Provenanced):
    text: str
    lang: str
    strength: Strength
    relationship: Relationship
    context: str  # "any" | "label"
    provenance: Provenance
    pack: str
    # False for thank-you style labels ("thanks @brand"): they count as a disclosure only when
    # other evidence already says the post is commercial.
    admits_relationship: bool = True

    @classmethod
    def from_table(
        cls, r: _Reader, pack: str, thanks: tuple[str, ...], default_lang: str = ""
    ) -> LabelSpec:
        r.only("text", "lang", "strength", "relationship", "context", "admits_relationship",
               *_PROVENANCE)  # fmt: skip
        text = r.get("text", str)
        lang = r.get("lang", str, default_lang) or default_lang
        if not lang:
            raise r.fail("lang", "missing (required)")
        admits = r.get("admits_relationship", bool, None)
        if admits is None:
            admits = not is_thanks(text, thanks)
        return cls(
            text=text,
            lang=lang,
            strength=r.choice("strength", Strength),
            relationship=r.choice("relationship", Relationship, Relationship.GENERIC),
            context=r.get("context", str, "any", choices=CONTEXTS),
            provenance=r.provenance(),
            pack=pack,
            admits_relationship=admits,
        )


@dataclass(frozen=True, slots=True)
class LanguageData:
    """What a language file says: stop words, negators, signal phrases, generic labels."""

    language: str
    name: str
    stopwords: tuple[str, ...]
    negators: tuple[str, ...]
    terms: Mapping[str, tuple[str, ...]]
    labels: tuple[LabelSpec, ...]
    # How thank-you words start ("merci", "obrigad"): a label that starts with one of them is
    # a thank-you label (LabelSpec.admits_relationship is False unless the pack says so).
    thanks: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Audience(_Provenanced):
    languages: tuple[str, ...]
    label_language: LabelLanguage
    provenance: Provenance

    @classmethod
    def from_table(cls, r: _Reader) -> Audience:
        r.only("languages", "label_language", *_PROVENANCE)
        return cls(
            languages=r.strings("languages"),
            label_language=r.choice("label_language", LabelLanguage),
            provenance=r.provenance(),
        )

    def accepts(self, label_lang: str, caption_language: Callable[[], str | None]) -> bool:
        """Whether this audience reads a label in `label_lang` (see LabelLanguage.accepts)."""
        return self.label_language.accepts(label_lang, caption_language, self.languages)


@dataclass(frozen=True, slots=True)
class Placement(_Provenanced):
    rule: PlacementRule
    hashtags: int
    max_chars: int
    provenance: Provenance

    @classmethod
    def from_table(cls, r: _Reader) -> Placement:
        r.only("rule", "hashtags", "max_chars", *_PROVENANCE)
        return cls(
            rule=r.choice("rule", PlacementRule),
            hashtags=r.get("hashtags", int, 3),
            max_chars=r.get("max_chars", int, 0),
            provenance=r.provenance(),
        )

    def describe(self) -> str:
        return self.rule.describe(hashtags=self.hashtags, max_chars=self.max_chars)

    def short(self) -> str:
        return self.rule.short(hashtags=self.hashtags, max_chars=self.max_chars)


@dataclass(frozen=True, slots=True)
class PlatformLabelPolicy(_Provenanced):
    sufficient: bool
    provenance: Provenance

    @classmethod
    def from_table(cls, r: _Reader) -> PlatformLabelPolicy:
        r.only("sufficient", *_PROVENANCE)
        return cls(sufficient=r.get("sufficient", bool), provenance=r.provenance())


@dataclass(frozen=True, slots=True)
class FixLabels:
    """The label to insert per relationship, for one language."""

    language: str
    labels: Mapping[str, str]
    separator: str

    @classmethod
    def from_table(cls, language: str, r: _Reader) -> FixLabels:
        labels = {}
        for rel, text in r.table.items():
            if rel == "separator":
                continue
            if rel not in RELATIONSHIPS:
                raise r.fail(rel, f"unknown relationship; known: {', '.join(RELATIONSHIPS)}")
            if not isinstance(text, str) or not text.strip():
                raise r.fail(rel, f"expected a non-empty label, got {text!r}")
            labels[rel] = text
        return cls(language, labels, r.get("separator", str, " | "))


@dataclass(frozen=True)
class Pack:
    id: str
    prefix: str
    title: str
    jurisdictions: tuple[str, ...]
    summary: str
    confidence: ConfidenceTag
    version: str
    distribution: str
    audience: Audience | None
    placement: Placement | None
    platform_label: PlatformLabelPolicy | None
    fixes: Mapping[str, FixLabels]
    labels: tuple[LabelSpec, ...]
    sources: Mapping[str, Source]
    rule_specs: tuple[Mapping[str, Any], ...]
    languages: tuple[LanguageData, ...] = ()
    links: Mapping[str, Any] = field(default_factory=dict)
    module: str = ""

    @property
    def is_jurisdiction(self) -> bool:
        return self.audience is not None

    def source(self, source_id: str) -> Source | None:
        return self.sources.get(source_id)


class _Reader:
    """Typed access to a TOML table with errors that name the file and the key."""

    def __init__(self, where: str, table: Mapping[str, Any], path: str = "") -> None:
        self.where = where
        self.table = table
        self.path = path

    def fail(self, key: str, reason: str) -> PackError:
        dotted = f"{self.path}.{key}" if self.path else key
        return PackError(f"{self.where}: {dotted}: {reason}")

    def get(self, key: str, kind: type, default: Any = ..., choices: tuple[str, ...] = ()) -> Any:
        if key not in self.table:
            if default is ...:
                raise self.fail(key, "missing (required)")
            return default
        value = self.table[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.fail(key, f"expected {_TYPE_NAMES.get(kind, kind.__name__)}, got {value!r}")
        if choices and value not in choices:
            raise self.fail(key, f"{value!r} is not one of {', '.join(choices)}")
        return value

    def only(self, *known: str) -> None:
        """Refuse a key this table does not have: a misspelt key would be silently ignored."""
        for key in self.table:
            if key not in known:
                raise self.fail(
                    key, f"unknown key{suggest(key, known)}; known: {', '.join(sorted(known))}"
                )

    def choice(self, key: str, kind: type[_E], default: _E | None = None) -> _E:
        """A value that must be one of an enum's values; the enum member is returned."""
        choices = tuple(member.value for member in kind)
        fallback = ... if default is None else default.value
        return kind(self.get(key, str, fallback, choices=choices))

    def provenance(self) -> Provenance:
        """The `confidence`, `source` and `note` keys every fact of a pack may carry."""
        return Provenance(
            confidence=self.choice("confidence", ConfidenceTag, ConfidenceTag.S),
            source=self.get("source", str, ""),
            note=self.get("note", str, ""),
        )

    def tables(self, key: str) -> list[_Reader]:
        """An array of tables (`[[key]]`), each as a reader that names its index."""
        out = []
        for i, item in enumerate(self.get(key, list, [])):
            if not isinstance(item, dict):
                raise self.fail(f"{key}[{i}]", f"expected a table, got {item!r}")
            out.append(
                _Reader(self.where, item, f"{self.path}.{key}[{i}]" if self.path else f"{key}[{i}]")
            )
        return out

    def strings(self, key: str, default: Any = ...) -> tuple[str, ...]:
        value = self.get(key, list, default)
        if value is None:
            return ()
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise self.fail(f"{key}[{i}]", f"expected a non-empty string, got {item!r}")
        return tuple(value)

    def sub(self, key: str) -> _Reader | None:
        value = self.table.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            raise self.fail(key, f"expected a table, got {value!r}")
        return _Reader(self.where, value, f"{self.path}.{key}" if self.path else key)


def _load_toml(node: Traversable, where: str) -> dict[str, Any]:
    try:
        return tomllib.loads(node.read_text("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise PackError(f"{where}: not valid TOML: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise PackError(f"{where}: not UTF-8 text: {exc}") from exc


def is_thanks(text: str, thanks: tuple[str, ...]) -> bool:
    """Thank-you labels ("thanks @brand") do not by themselves admit a relationship."""
    return bool(thanks) and text.lower().lstrip("#").startswith(thanks)


@lru_cache(maxsize=1)
def builtin_thanks() -> tuple[str, ...]:
    """The thank-you words of the core pack's language files, which every pack's labels use."""
    lang_dir = files("disclosure_check.packs").joinpath("core", "lang")
    words: list[str] = []
    for node in sorted(lang_dir.iterdir(), key=lambda n: n.name):
        if node.name.endswith(".toml"):
            where = f"disclosure_check.packs.core/lang/{node.name}"
            words += _Reader(where, _load_toml(node, where)).strings("thanks", ())
    return tuple(dict.fromkeys(w.lower() for w in words))


def load_language(
    node: Traversable, where: str, pack: str, thanks: tuple[str, ...] = ()
) -> LanguageData:
    r = _Reader(where, _load_toml(node, where))
    r.only("language", "name", "stopwords", "negators", "terms", "fill", "labels", "thanks")
    lang = r.get("language", str)
    terms_r = r.sub("terms") or _Reader(where, {}, "terms")
    unknown = sorted(set(terms_r.table) - set(SIGNAL_LISTS))
    if unknown:
        raise terms_r.fail(unknown[0], f"unknown term list; known: {', '.join(SIGNAL_LISTS)}")
    # Kept as written, spaces included: "tak " (Danish) must not also catch "taken".
    own_thanks = tuple(w.lower() for w in r.strings("thanks", ()))
    every_thanks = tuple(dict.fromkeys((*thanks, *own_thanks)))
    return LanguageData(
        language=lang,
        name=r.get("name", str, lang),
        stopwords=tuple(w.lower() for w in r.strings("stopwords", ())),
        negators=tuple(w.lower() for w in r.strings("negators", ())),
        terms=_filled_terms(terms_r, r.sub("fill")),
        labels=tuple(LabelSpec.from_table(t, pack, every_thanks, lang) for t in r.tables("labels")),
        thanks=own_thanks,
    )


_FILL = re.compile(r"\{(\w+)\}")


def _filled_terms(terms: _Reader, fill: _Reader | None) -> dict[str, tuple[str, ...]]:
    """The term lists, a `{name}` in a term standing for each entry of the `[fill]` list of
    that name ("thanks {brand} for {nothing_sold}" -> "thanks {brand} for the recipe", …):
    one list of words instead of every phrase written out. `{brand}` is the matcher's."""
    fills = {name: fill.strings(name, ()) for name in fill.table} if fill else {}
    out: dict[str, tuple[str, ...]] = {}
    for name in SIGNAL_LISTS:
        expanded: list[str] = []
        for term in terms.strings(name, ()):
            expanded.extend(_fill(term, fills, terms, name))
        out[name] = tuple(expanded)
    return out


def _fill(term: str, fills: Mapping[str, tuple[str, ...]], r: _Reader, key: str) -> list[str]:
    slot = next((m for m in _FILL.finditer(term) if m.group(1) not in ("brand",)), None)
    if slot is None:
        return [term]
    values = fills.get(slot.group(1))
    if values is None:
        raise r.fail(key, f"{term!r} names {{{slot.group(1)}}}, which is not a [fill] list")
    out: list[str] = []
    for value in values:
        out.extend(_fill(term[: slot.start()] + value + term[slot.end() :], fills, r, key))
    return out


def _optional(r: _Reader, key: str, build: Callable[[_Reader], _T]) -> _T | None:
    sub = r.sub(key)
    return None if sub is None else build(sub)


def _fix_tables(r: _Reader) -> dict[str, FixLabels]:
    fix = r.sub("fix")
    if fix is None:
        return {}
    out = {}
    for lang in fix.table:
        table = fix.sub(lang)
        if table is None:
            raise fix.fail(lang, "expected a table of labels per relationship")
        out[lang] = FixLabels.from_table(lang, table)
    return out


def _sources(r: _Reader) -> dict[str, Source]:
    sources = (Source.from_table(t) for t in r.tables("sources"))
    return {source.id: source for source in sources}


def _rule_specs(r: _Reader) -> tuple[Mapping[str, Any], ...]:
    rules = tuple(r.get("rules", list, []))
    for i, spec in enumerate(rules):
        if not isinstance(spec, dict):
            raise r.fail(f"rules[{i}]", "expected a table")
    return rules


def _languages(folder: Traversable, where_dir: str, pack_id: str) -> tuple[LanguageData, ...]:
    lang_dir = folder.joinpath("lang")
    if not lang_dir.is_dir():
        return ()
    thanks = builtin_thanks()
    return tuple(
        load_language(node, f"{where_dir}/lang/{node.name}", pack_id, thanks)
        for node in sorted(lang_dir.iterdir(), key=lambda n: n.name)
        if node.name.endswith(".toml")
    )


def _links(folder: Traversable, where_dir: str) -> dict[str, Any]:
    node = folder.joinpath("links.toml")
    return _load_toml(node, f"{where_dir}/links.toml") if node.is_file() else {}


def _prefix(meta: _Reader) -> str:
    prefix: str = meta.get("prefix", str)
    if not (prefix.isascii() and prefix.isalpha() and prefix.isupper() and 2 <= len(prefix) <= 4):
        raise meta.fail("prefix", f"{prefix!r} must be 2-4 upper-case ASCII letters")
    return prefix


def load_pack(folder: Traversable, *, module: str = "", distribution: str = "") -> Pack:
    """Read and validate a pack folder."""
    where_dir = module or str(folder)
    manifest = folder.joinpath("pack.toml")
    where = f"{where_dir}/pack.toml"
    if not manifest.is_file():
        raise PackError(f"{where}: missing; a pack folder needs a pack.toml")
    r = _Reader(where, _load_toml(manifest, where))
    r.only("pack", "audience", "placement", "platform_label", "fix", "labels", "sources", "rules")
    meta = r.sub("pack")
    if meta is None:
        raise r.fail("pack", "missing [pack] table")
    meta.only("id", "prefix", "title", "jurisdictions", "summary", "confidence", "version")
    pack_id = meta.get("id", str)
    prefix = _prefix(meta)
    languages = _languages(folder, where_dir, pack_id)
    thanks = tuple(dict.fromkeys((*builtin_thanks(), *(w for d in languages for w in d.thanks))))
    labels = tuple(LabelSpec.from_table(t, pack_id, thanks) for t in r.tables("labels"))
    sources = _sources(r)
    rules = _rule_specs(r)
    for i, label in enumerate(labels):
        if label.source and label.source not in sources:
            raise r.fail(f"labels[{i}].source", f"{label.source!r} is not a [[sources]] id")
    return Pack(
        id=pack_id,
        prefix=prefix,
        title=meta.get("title", str, pack_id),
        jurisdictions=tuple(j.upper() for j in meta.strings("jurisdictions", ())),
        summary=meta.get("summary", str, ""),
        confidence=meta.choice("confidence", ConfidenceTag, ConfidenceTag.S),
        version=meta.get("version", str, ""),
        distribution=distribution,
        audience=_optional(r, "audience", Audience.from_table),
        placement=_optional(r, "placement", Placement.from_table),
        platform_label=_optional(r, "platform_label", PlatformLabelPolicy.from_table),
        fixes=_fix_tables(r),
        labels=labels,
        sources=sources,
        rule_specs=rules,
        languages=languages,
        links=_links(folder, where_dir),
        module=module,
    )
