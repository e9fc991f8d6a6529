"""The engine: from a caption to a Report. Build a Checker once, reuse it (it is thread-safe)."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from . import discovery
from .caption import Caption
from .context import Context
from .disclosures import LabelHit, find_labels
from .errors import DisclosureCheckError, RuleError, suggest
from .language import (
    UNDETERMINED,
    DefaultDetector,
    LanguageDetector,
    detect_caption_language,
    normalise_language_tag,
)
from .matching import normalise_term
from .model import (
    Disclosure,
    Finding,
    PostInfo,
    Report,
    Severity,
    Signal,
    Span,
    Strength,
    is_commercial,
)
from .pack import Pack
from .platforms import apply_options, resolve_platform
from .registry import BuiltRules, build_pack_rules, select_rules
from .rules.base import Hit, Rule
from .signals import LABEL_DETAIL, LinkClassifier, detect_signals
from .vocabulary import Vocabulary

_ALIASES = {"GB": "uk", "UK": "uk", "EL": "eu"}
_STANDARD = ("101", "102", "103", "104")


@lru_cache(maxsize=1)
def _jurisdiction_codes() -> tuple[str, ...]:
    codes: set[str] = set()
    for name in discovery.available():
        if name == "core":
            continue
        try:
            pack = discovery.load(name)
        except Exception:
            continue
        if pack.is_jurisdiction:
            codes.update(pack.jurisdictions or (name.upper(),))
    return tuple(sorted(codes))


def known_jurisdictions() -> list[str]:
    """Every jurisdiction code an installed pack answers for."""
    return list(_jurisdiction_codes())


def resolve_jurisdictions(jurisdiction: object) -> tuple[str, ...]:
    """Upper-case jurisdiction codes from None, a code, or a sequence of codes."""
    if jurisdiction is None:
        return ()
    if isinstance(jurisdiction, str):
        items: list[object] = [jurisdiction]
    elif isinstance(jurisdiction, Sequence) and not isinstance(jurisdiction, (bytes, bytearray)):
        items = list(jurisdiction)
    else:
        raise TypeError(
            f"jurisdiction must be an ISO 3166 alpha-2 code such as 'FR', a sequence of codes, "
            f"or None; got {jurisdiction!r} ({type(jurisdiction).__name__})"
        )
    out: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"jurisdiction codes must be strings such as 'FR', got {item!r}")
        code = item.strip().upper()
        name = _pack_name(code)
        if (
            not code
            or name not in discovery.available()
            or not discovery.load(name).is_jurisdiction
        ):
            known = known_jurisdictions()
            raise ValueError(
                f"unknown jurisdiction {item!r}{suggest(code, known)}; known jurisdictions: "
                f"{', '.join(known)} (or None for the EU baseline and global rules)"
            )
        if code not in out:
            out.append(code)
    return tuple(out)


def _pack_name(code: str) -> str:
    return _ALIASES.get(code, code.lower())


@dataclass(frozen=True, slots=True)
class BatchError:
    """A record of a batch that could not be checked; the batch goes on."""

    index: int
    id: str | None
    error: str
    kind: str  # the exception class name

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "id": self.id, "error": self.error, "kind": self.kind}


class Checker:
    """Checks captions for one audience. Building it loads packs and compiles the vocabulary."""

    def __init__(
        self,
        jurisdiction: str | Sequence[str] | None = None,
        platform: str | None = None,
        language: str | None = None,
        *,
        packs: Iterable[str] = (),
        select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        severity: Mapping[str, str] | None = None,
        options: Mapping[str, Any] | None = None,
        detector: LanguageDetector | None = None,
    ) -> None:
        packs = _names("packs", packs)
        select = _names("select", select)
        ignore = _names("ignore", ignore)
        if severity is not None and (
            not isinstance(severity, Mapping) or not all(isinstance(k, str) for k in severity)
        ):
            raise TypeError(
                f"severity must be a mapping of rule id to 'error', 'warning' or 'info', "
                f"such as {{'FR102': 'warning'}}, not {severity!r}"
            )
        if detector is not None and not callable(getattr(detector, "detect", None)):
            raise TypeError(
                f"detector must have a detect(text) -> str | None method, not {detector!r}"
            )
        # What a worker process needs to build the same checker (check_many(workers=N)).
        self.arguments: dict[str, Any] = {
            "jurisdiction": jurisdiction,
            "platform": platform,
            "language": language,
            "packs": packs,
            "select": select,
            "ignore": ignore,
            "severity": dict(severity) if severity else None,
            "options": dict(options) if options else None,
        }
        self.jurisdictions = resolve_jurisdictions(jurisdiction)
        named = resolve_platform(platform)
        self.platform_name = named.name if named else None
        self.platform = apply_options(named, options or {})
        self.language = normalise_language_tag(language) if language is not None else None
        core = discovery.load("core")
        loaded = [discovery.load(_pack_name(code)) for code in self.jurisdictions]
        # Findings name the code the caller used ("UK"), not the pack's first one ("GB").
        self._asked_for = {p.id: code for p, code in zip(loaded, self.jurisdictions, strict=True)}
        profile_packs = tuple({pack.id: pack for pack in loaded}.values())  # GB and UK: one
        extra = tuple(p for p in (discovery.load(name) for name in packs) if p not in profile_packs)
        self.profile_packs: tuple[Pack, ...] = profile_packs or (core,)
        all_packs = (core, *profile_packs, *extra)
        built = BuiltRules()
        lexicon = tuple(label for pack in all_packs for d in pack.languages for label in d.labels)
        for pack in all_packs:
            build_pack_rules(pack, built, lexicon)
        active = [
            r
            for r in built.rules
            if not (profile_packs and r.pack is core and r.id[2:] in _STANDARD)
        ]
        self.rules: tuple[Rule, ...] = tuple(select_rules(active, select, ignore))
        self._overrides = _severity_overrides(severity or {}, built.rules)
        self.vocabulary = Vocabulary(all_packs, built.rule_terms)
        self.links = LinkClassifier(self.vocabulary.links)
        self._lexicon_packs = tuple(p.id for p in all_packs if p.languages)
        self._detector = detector
        self._detector_lock = threading.Lock()
        self._clear_cache: dict[tuple[str, str], bool] = {}
        self.packs = all_packs

    # -- language -------------------------------------------------------------------------

    @property
    def detector(self) -> LanguageDetector:
        if self._detector is None:
            with self._detector_lock:
                if self._detector is None:
                    self._detector = DefaultDetector(self.vocabulary.stopwords)
        return self._detector

    def _default_language(self) -> str:
        if self.jurisdictions:
            for pack in self.profile_packs:
                if pack.audience and pack.audience.languages:
                    return pack.audience.languages[0]
        return UNDETERMINED

    # -- checking -------------------------------------------------------------------------

    def check(
        self,
        caption: str,
        *,
        language: str | None = None,
        post: PostInfo | Mapping[str, Any] | None = None,
    ) -> Report:
        if not isinstance(caption, str):
            raise TypeError(
                f"caption must be a str, not {type(caption).__name__} ({caption!r:.80}); "
                f"decode bytes first, e.g. caption.decode('utf-8')"
            )
        if post is None:
            post = PostInfo()
        elif isinstance(post, Mapping):
            post = PostInfo.from_dict(dict(post))
        elif not isinstance(post, PostInfo):
            raise TypeError(f"post must be a PostInfo or a mapping, not {type(post).__name__}")
        given = normalise_language_tag(language) if language is not None else self.language

        text = Caption(caption)
        matches = self.vocabulary.matcher.find(text)
        labels, negated = find_labels(text, matches, self.vocabulary.negators)
        signals = detect_signals(text, matches, post, self.links, labels)
        signals.extend(negated)
        if not is_commercial(_evidence(signals), (), post):
            # Label words inside a sentence count only when something else shows the post is
            # commercial; so do thank-you labels, unless they thank an @handle ("Thanks to
            # @cotswoldcheese for the hamper"), which is how undisclosed gifts are written. The
            # thanked handle is then promoted, but as evidence resting on a label it keeps the
            # finding at warning level (Context.strong_evidence).
            kept = [
                lb
                for lb in labels
                if not lb.embedded
                and (lb.brand is not None or any(s.admits_relationship for s in lb.entries))
            ]
            if len(kept) != len(labels):
                labels = kept
                signals = detect_signals(text, matches, post, self.links, labels)
        commercial = is_commercial(signals, _placeholder(labels), post)

        def resolve_language() -> tuple[str, str]:
            if given is not None:
                return given, "given"
            detected = detect_caption_language(text, self.detector)
            if detected:
                return detected, "detected"
            return self._default_language(), "default"

        ctx = Context(
            caption=text,
            post=post,
            platform=self.platform,
            matches=matches,
            signals=signals,
            labels=labels,
            commercial=commercial,
            packs=self.profile_packs,
            lexicon_packs=self._lexicon_packs,
            resolve_language=resolve_language,
            insert_label=self._insert_label,
            given_language=given,
        )
        findings = self._run_rules(ctx)
        disclosures = self._disclosures(ctx)
        if ctx._language is not None:
            lang, source = ctx._language
        elif given is not None:
            lang, source = given, "given"
        else:
            lang, source = self._default_language(), "default"
        signals.sort(key=lambda s: (s.span.start, s.span.end, s.kind.value))
        return Report(
            caption=caption,
            language=lang,
            language_source=source,
            jurisdictions=self.jurisdictions,
            platform=self.platform_name,
            signals=tuple(signals),
            disclosures=disclosures,
            findings=findings,
            post=post,
        )

    def _run_rules(self, ctx: Context) -> tuple[Finding, ...]:
        n = len(ctx.caption.original)
        out: dict[tuple[str, int, int], Finding] = {}
        for rule in self.rules:
            try:
                hits = list(rule.check(ctx))
            except RuleError:
                raise
            except Exception as exc:
                raise RuleError(
                    f"rule {rule.id} ({rule.name}) of pack {rule.pack_id!r} from "
                    f"{rule.distribution} raised {type(exc).__name__}: {exc}",
                    rule_id=rule.id,
                    pack=rule.pack_id,
                    distribution=rule.distribution,
                ) from exc
            for hit in hits:
                self._validate(rule, hit, n)
                severity = self._overrides.get(rule.id) or hit.severity or rule.severity
                finding = Finding(
                    rule_id=rule.id,
                    name=rule.name,
                    category=rule.category,
                    severity=severity,
                    confidence=rule.confidence,
                    message=hit.message,
                    span=hit.span,
                    fix=hit.fix,
                    related=hit.related,
                    jurisdiction=self._asked_for.get(rule.pack_id, rule.jurisdiction),
                )
                out.setdefault((rule.id, hit.span.start, hit.span.end), finding)
        return tuple(sorted(out.values(), key=Finding.sort_key))

    @staticmethod
    def _validate(rule: Rule, hit: object, n: int) -> None:
        problem = None
        if not isinstance(hit, Hit):
            problem = f"returned {type(hit).__name__} instead of Hit"
        elif not isinstance(hit.span, Span) or hit.span.end > n:
            problem = f"returned span {hit.span!r} outside the caption (length {n})"
        elif not isinstance(hit.message, str) or not hit.message:
            problem = "returned a hit without a message"
        else:
            for span in hit.related:
                if not isinstance(span, Span) or span.end > n:
                    problem = f"returned a related span {span!r} outside the caption"
        if problem:
            raise RuleError(
                f"rule {rule.id} ({rule.name}) of pack {rule.pack_id!r} from "
                f"{rule.distribution} {problem}",
                rule_id=rule.id,
                pack=rule.pack_id,
                distribution=rule.distribution,
            )

    def _disclosures(self, ctx: Context) -> tuple[Disclosure, ...]:
        by_pack = [{id(j.label): j for j in ctx.judgements(pack)} for pack in self.profile_packs]
        out = []
        for label in ctx.labels:
            readings = [m[id(label)] for m in by_pack if id(label) in m]
            if not readings:
                continue
            clear = all(j.strength is Strength.CLEAR for j in readings)
            out.append(
                Disclosure(
                    span=label.span,
                    text=label.text,
                    strength=Strength.CLEAR if clear else Strength.AMBIGUOUS,
                    language=readings[0].spec.lang,
                    visible=all(j.visible for j in readings),
                    relationship=readings[0].spec.relationship,
                )
            )
        return tuple(out)

    def _insert_label(self, ctx: Context, relationship: str) -> tuple[str, str] | None:
        from .fixes import choose_label

        def clear_everywhere(candidate: str) -> bool:
            return _clear_for_all(self, ctx, candidate)

        return choose_label(ctx, relationship, clear_everywhere)

    def check_many(
        self,
        items: Iterable[str | Mapping[str, Any]],
        *,
        errors: Literal["raise", "collect"] = "raise",
        workers: int = 1,
        chunk_size: int = 256,
        mp_context: str | None = None,
    ) -> Iterator[Report | BatchError]:
        """Check captions (strings, or mappings with `caption` and optional `id`, `language`,
        `post`) in input order, streaming: results come out as they are produced.

        With errors="collect", a bad record yields a BatchError and the batch goes on; with
        "raise" (the default) the first bad record raises. With workers=N > 1 the batch is
        checked by N processes (each builds its own Checker once), still in input order.
        """
        if errors not in ("raise", "collect"):
            raise ValueError(f"errors must be 'raise' or 'collect', not {errors!r}")
        if isinstance(items, (str, bytes)) or not isinstance(items, Iterable):
            raise TypeError(
                f"check_many takes an iterable of captions or records, not "
                f"{type(items).__name__}; for a single caption use check()"
            )
        if not isinstance(workers, int) or isinstance(workers, bool) or workers < 1:
            raise ValueError(f"workers must be a whole number >= 1, not {workers!r}")
        if not isinstance(chunk_size, int) or isinstance(chunk_size, bool) or chunk_size < 1:
            raise ValueError(f"chunk_size must be a whole number >= 1, not {chunk_size!r}")
        # Arguments are checked here, at the call, not when the first result is asked for.
        return self._check_many(items, errors, workers, chunk_size, mp_context)

    def _check_many(
        self,
        items: Iterable[str | Mapping[str, Any]],
        errors: str,
        workers: int,
        chunk_size: int,
        mp_context: str | None,
    ) -> Iterator[Report | BatchError]:
        if workers > 1:
            from .parallel import check_parallel

            for result in check_parallel(
                self, items, workers=workers, chunk_size=chunk_size, context=mp_context
            ):
                if isinstance(result, BatchError) and errors == "raise":
                    raise _ERRORS.get(result.kind, ValueError)(result.error)
                yield result
            return
        for index, item in enumerate(items):
            record_id = None
            try:
                if isinstance(item, Mapping):
                    record_id = None if item.get("id") is None else str(item.get("id"))
                    if "caption" not in item:
                        raise ValueError("record has no 'caption' field")
                    yield self.check(
                        item["caption"], language=item.get("language"), post=item.get("post")
                    )
                else:
                    yield self.check(item)
            except (TypeError, ValueError, RuleError) as exc:
                if errors == "raise":
                    raise
                yield BatchError(index, record_id, str(exc), type(exc).__name__)


_ERRORS: dict[str, type[Exception]] = {
    "TypeError": TypeError,
    "ValueError": ValueError,
    "RuleError": DisclosureCheckError,
}


_NAME_KINDS = {
    "packs": "names of installed rule packs",
    "select": "rule ids, id prefixes, rule names or categories",
    "ignore": "rule ids, id prefixes, rule names or categories",
}


def _names(argument: str, value: object) -> tuple[str, ...]:
    """A str or an iterable of str, as a tuple; anything else is a clear TypeError."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Iterable) and not isinstance(value, (bytes, Mapping)):
        items = tuple(value)
        if all(isinstance(v, str) for v in items):
            return items
    raise TypeError(
        f"{argument} must be a string or a list of strings "
        f"({_NAME_KINDS.get(argument, 'names')}), not {value!r}"
    )


def _clear_for_all(checker: Checker, ctx: Context, candidate: str) -> bool:
    """Whether a label text, put at the start of this caption, is clear for every audience."""
    key = (candidate, ctx.caption_language() if _needs_post_language(checker) else "")
    cached = checker._clear_cache.get(key)
    if cached is None:
        cached = _judge_candidate(checker, ctx, candidate)
        if len(checker._clear_cache) < 4096:
            checker._clear_cache[key] = cached
    return cached


def _needs_post_language(checker: Checker) -> bool:
    return any(
        p.audience is not None and p.audience.label_language in ("post", "post-or-en")
        for p in checker.profile_packs
    )


def _judge_candidate(checker: Checker, ctx: Context, candidate: str) -> bool:
    probe = Caption(candidate)
    matches = checker.vocabulary.matcher.find(probe)
    labels, _ = find_labels(probe, matches, checker.vocabulary.negators)
    key = normalise_term(candidate)
    labels = [lb for lb in labels if normalise_term(lb.text) == key]
    if not labels:
        return False
    for pack in checker.profile_packs:
        from .judge import judge

        j = judge(labels[0], pack, probe, None, checker._lexicon_packs, ctx.caption_language)
        if j is None or j.strength is not Strength.CLEAR:
            return False
    return True


def _evidence(signals: Sequence[Signal]) -> list[Signal]:
    """Signals that do not rest on a label (a mention is promoted by a label next to it)."""
    return [s for s in signals if not s.detail.startswith(LABEL_DETAIL)]


def _placeholder(labels: list[LabelHit]) -> tuple[Disclosure, ...]:
    # is_commercial only asks whether any disclosure exists.
    if not labels:
        return ()
    first = labels[0]
    spec = first.entries[0]
    return (Disclosure(first.span, first.text, spec.strength, spec.lang, True, spec.relationship),)


def _severity_overrides(overrides: Mapping[str, str], rules: Sequence[Rule]) -> dict[str, Severity]:
    out = {}
    ids = {r.id for r in rules}
    for rule_id, value in overrides.items():
        if rule_id.upper() not in ids:
            raise ValueError(
                f"severity override for unknown rule {rule_id!r}{suggest(rule_id, ids)}"
            )
        try:
            out[rule_id.upper()] = Severity(value)
        except ValueError as exc:
            raise ValueError(
                f"severity for {rule_id} must be error, warning or info, not {value!r}"
            ) from exc
    return out


@lru_cache(maxsize=32)
def _cached_checker(
    jurisdictions: tuple[str, ...] | None, platform: str | None, packs: tuple[str, ...]
) -> Checker:
    return Checker(jurisdictions, platform, packs=packs)


def check(
    caption: str,
    jurisdiction: str | Sequence[str] | None = None,
    platform: str | None = None,
    language: str | None = None,
    post: PostInfo | Mapping[str, Any] | None = None,
    *,
    packs: Iterable[str] = (),
) -> Report:
    """Check one caption. Checkers are cached per (jurisdiction, platform, packs)."""
    if not isinstance(caption, str):
        raise TypeError(
            f"caption must be a str, not {type(caption).__name__} ({caption!r:.80}); "
            f"decode bytes first, e.g. caption.decode('utf-8')"
        )
    key_j = resolve_jurisdictions(jurisdiction) or None
    if platform is not None and not isinstance(platform, str):
        resolve_platform(platform)  # raises the TypeError with the list of platforms
    checker = _cached_checker(key_j, platform, _names("packs", packs))
    return checker.check(caption, language=language, post=post)
