"""A rule pack read from its folder: `pack.toml`, optional `lang/*.toml` and `links.toml`.

Everything a pack declares is validated here, when it loads, so that a malformed pack fails
with the file, the key and the reason, never later in the middle of a check.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from typing import Any

from .errors import PackError
from .model import Relationship, Strength

CONFIDENCE_TAGS = ("V", "S", "U")
LABEL_LANGUAGE_RULES = ("local", "post", "local-or-en", "post-or-en", "any")
PLACEMENT_RULES = ("fold", "first-word", "first-hashtags", "start")
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


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    url: str
    confidence: str


@dataclass(frozen=True, slots=True)
class LabelSpec:
    text: str
    lang: str
    strength: Strength
    relationship: Relationship
    context: str  # "any" | "label"
    confidence: str
    source: str
    note: str
    pack: str
    # False for thank-you style labels ("thanks @brand"): they count as a disclosure only when
    # other evidence already says the post is commercial.
    admits_relationship: bool = True


@dataclass(frozen=True, slots=True)
class LanguageData:
    """What a language file says: stop words, negators, signal phrases, generic labels."""

    language: str
    name: str
    stopwords: tuple[str, ...]
    negators: tuple[str, ...]
    terms: Mapping[str, tuple[str, ...]]
    labels: tuple[LabelSpec, ...]


@dataclass(frozen=True, slots=True)
class Audience:
    languages: tuple[str, ...]
    label_language: str
    confidence: str
    source: str
    note: str


@dataclass(frozen=True, slots=True)
class Placement:
    rule: str
    hashtags: int
    max_chars: int
    confidence: str
    source: str
    note: str


@dataclass(frozen=True, slots=True)
class PlatformLabelPolicy:
    sufficient: bool
    confidence: str
    source: str
    note: str


@dataclass(frozen=True, slots=True)
class FixLabels:
    """The label to insert per relationship, for one language."""

    language: str
    labels: Mapping[str, str]
    separator: str


@dataclass(frozen=True)
class Pack:
    id: str
    prefix: str
    title: str
    jurisdictions: tuple[str, ...]
    summary: str
    confidence: str
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
            raise self.fail(key, f"expected {kind.__name__}, got {value!r}")
        if choices and value not in choices:
            raise self.fail(key, f"{value!r} is not one of {', '.join(choices)}")
        return value

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


def _label(r: _Reader, pack: str, default_lang: str = "") -> LabelSpec:
    text = r.get("text", str)
    lang = r.get("lang", str, default_lang) or default_lang
    if not lang:
        raise r.fail("lang", "missing (required)")
    admits = r.get("admits_relationship", bool, None)
    if admits is None:
        admits = not _is_thanks(text)
    return LabelSpec(
        text=text,
        lang=lang,
        strength=Strength(r.get("strength", str, choices=("clear", "ambiguous"))),
        relationship=Relationship(r.get("relationship", str, "generic", choices=RELATIONSHIPS)),
        context=r.get("context", str, "any", choices=CONTEXTS),
        confidence=r.get("confidence", str, "S", choices=CONFIDENCE_TAGS),
        source=r.get("source", str, ""),
        note=r.get("note", str, ""),
        pack=pack,
        admits_relationship=admits,
    )


_THANKS = ("thank", "thanks", "merci", "danke", "gracias", "grazie", "obrigad", "dank", "dzięk",
           "tack", "tak ", "takk", "kiitos", "감사", "ありがとう", "谢谢")  # fmt: skip


def _is_thanks(text: str) -> bool:
    """Thank-you labels ("thanks @brand") do not by themselves admit a relationship."""
    lowered = text.lower().lstrip("#")
    return lowered.startswith(_THANKS)


def load_language(node: Traversable, where: str, pack: str) -> LanguageData:
    data = _load_toml(node, where)
    r = _Reader(where, data)
    lang = r.get("language", str)
    terms_r = r.sub("terms") or _Reader(where, {}, "terms")
    unknown = sorted(set(terms_r.table) - set(SIGNAL_LISTS))
    if unknown:
        raise terms_r.fail(unknown[0], f"unknown term list; known: {', '.join(SIGNAL_LISTS)}")
    terms = {name: terms_r.strings(name, ()) for name in SIGNAL_LISTS}
    labels_raw = r.get("labels", list, [])
    labels = tuple(
        _label(_Reader(where, item, f"labels[{i}]"), pack, lang)
        for i, item in enumerate(labels_raw)
    )
    return LanguageData(
        language=lang,
        name=r.get("name", str, lang),
        stopwords=tuple(w.lower() for w in r.strings("stopwords", ())),
        negators=tuple(w.lower() for w in r.strings("negators", ())),
        terms=terms,
        labels=labels,
    )


def load_pack(folder: Traversable, *, module: str = "", distribution: str = "") -> Pack:
    """Read and validate a pack folder."""
    where_dir = module or str(folder)
    manifest = folder.joinpath("pack.toml")
    where = f"{where_dir}/pack.toml"
    if not manifest.is_file():
        raise PackError(f"{where}: missing; a pack folder needs a pack.toml")
    data = _load_toml(manifest, where)
    r = _Reader(where, data)
    meta = r.sub("pack")
    if meta is None:
        raise r.fail("pack", "missing [pack] table")
    pack_id = meta.get("id", str)
    prefix = meta.get("prefix", str)
    if not (prefix.isascii() and prefix.isalpha() and prefix.isupper() and 2 <= len(prefix) <= 4):
        raise meta.fail("prefix", f"{prefix!r} must be 2-4 upper-case ASCII letters")
    jurisdictions = tuple(j.upper() for j in meta.strings("jurisdictions", ()))

    audience = None
    if (a := r.sub("audience")) is not None:
        audience = Audience(
            languages=a.strings("languages"),
            label_language=a.get("label_language", str, choices=LABEL_LANGUAGE_RULES),
            confidence=a.get("confidence", str, "S", choices=CONFIDENCE_TAGS),
            source=a.get("source", str, ""),
            note=a.get("note", str, ""),
        )
    placement = None
    if (p := r.sub("placement")) is not None:
        placement = Placement(
            rule=p.get("rule", str, choices=PLACEMENT_RULES),
            hashtags=p.get("hashtags", int, 3),
            max_chars=p.get("max_chars", int, 0),
            confidence=p.get("confidence", str, "S", choices=CONFIDENCE_TAGS),
            source=p.get("source", str, ""),
            note=p.get("note", str, ""),
        )
    platform_label = None
    if (pl := r.sub("platform_label")) is not None:
        platform_label = PlatformLabelPolicy(
            sufficient=pl.get("sufficient", bool),
            confidence=pl.get("confidence", str, "S", choices=CONFIDENCE_TAGS),
            source=pl.get("source", str, ""),
            note=pl.get("note", str, ""),
        )
    fixes: dict[str, FixLabels] = {}
    if (f := r.sub("fix")) is not None:
        for lang in f.table:
            fl = f.sub(lang)
            assert fl is not None
            fix_labels = {}
            for rel, text in fl.table.items():
                if rel == "separator":
                    continue
                if rel not in RELATIONSHIPS:
                    raise fl.fail(rel, f"unknown relationship; known: {', '.join(RELATIONSHIPS)}")
                if not isinstance(text, str) or not text.strip():
                    raise fl.fail(rel, f"expected a non-empty label, got {text!r}")
                fix_labels[rel] = text
            fixes[lang] = FixLabels(lang, fix_labels, fl.get("separator", str, " | "))
    labels_raw = r.get("labels", list, [])
    labels = tuple(
        _label(_Reader(where, item, f"labels[{i}]"), pack_id) for i, item in enumerate(labels_raw)
    )
    sources: dict[str, Source] = {}
    for i, item in enumerate(r.get("sources", list, [])):
        s = _Reader(where, item, f"sources[{i}]")
        src = Source(
            id=s.get("id", str),
            title=s.get("title", str),
            url=s.get("url", str, ""),
            confidence=s.get("confidence", str, "S", choices=CONFIDENCE_TAGS),
        )
        sources[src.id] = src
    rules = tuple(r.get("rules", list, []))
    for i, spec in enumerate(rules):
        if not isinstance(spec, dict):
            raise r.fail(f"rules[{i}]", "expected a table")
    for i, label in enumerate(labels):
        if label.source and label.source not in sources:
            raise r.fail(f"labels[{i}].source", f"{label.source!r} is not a [[sources]] id")

    languages = []
    lang_dir = folder.joinpath("lang")
    if lang_dir.is_dir():
        for node in sorted(lang_dir.iterdir(), key=lambda n: n.name):
            if node.name.endswith(".toml"):
                languages.append(load_language(node, f"{where_dir}/lang/{node.name}", pack_id))
    links: dict[str, Any] = {}
    links_node = folder.joinpath("links.toml")
    if links_node.is_file():
        links = _load_toml(links_node, f"{where_dir}/links.toml")

    return Pack(
        id=pack_id,
        prefix=prefix,
        title=meta.get("title", str, pack_id),
        jurisdictions=jurisdictions,
        summary=meta.get("summary", str, ""),
        confidence=meta.get("confidence", str, "S", choices=CONFIDENCE_TAGS),
        version=meta.get("version", str, ""),
        distribution=distribution,
        audience=audience,
        placement=placement,
        platform_label=platform_label,
        fixes=fixes,
        labels=labels,
        sources=sources,
        rule_specs=rules,
        languages=tuple(languages),
        links=links,
        module=module,
    )
