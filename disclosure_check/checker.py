"""The engine: from a caption to a Report. Build a Checker once, reuse it (it is thread-safe).

    evidence = gather(caption, post)      what the caption shows   (evidence.py)
    findings = rules over a Context       what the rules decide    (rules/, context.py)
    Report(...)                           the public result        (model.py)

Which packs and rules apply is the registry's job (registry.RuleSet), which codes name which
pack is jurisdictions.py's, batches are batch.py's, and the label a fix inserts is
labelling.py's.
"""

from __future__ import annotations

import functools
import json
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal

from . import batch, discovery
from .batch import BatchError
from .caption import Caption
from .context import Context
from .evidence import gather
from .forksafe import fork_safe_lock
from .jurisdictions import CORE, known_jurisdictions, pack_for, resolve_jurisdictions
from .labelling import LabelChooser
from .language import (
    UNDETERMINED,
    DefaultDetector,
    LanguageDetector,
    detect_caption_language,
    normalise_language_tag,
)
from .limits import caption_length_limit, check_caption_length, rule_budget_seconds
from .model import Disclosure, Finding, PostInfo, Report, Strength
from .pack import Pack
from .platforms import apply_options, resolve_platform
from .registry import RuleSet
from .rules.base import Hit, Rule
from .rules.runner import run_rule
from .signals import LinkClassifier
from .vocabulary import Vocabulary

__all__ = [
    "BatchError",
    "Checker",
    "check",
    "checker_for",
    "known_jurisdictions",
    "resolve_jurisdictions",
]

_NAME_KINDS = {
    "packs": "names of installed rule packs",
    "select": "rule ids, id prefixes, rule names or categories",
    "ignore": "rule ids, id prefixes, rule names or categories",
}


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
        max_caption_chars: int | None = None,
        rule_budget: float | None = None,
    ) -> None:
        """`max_caption_chars` and `rule_budget` (seconds per rule per caption, checked when
        the rule returns) default to data/limits.toml."""
        packs, select, ignore = (
            _names("packs", packs),
            _names("select", select),
            _names("ignore", ignore),
        )
        _check_severity_and_detector(severity, detector)
        self.max_caption_chars = caption_length_limit(max_caption_chars)
        self.rule_budget = rule_budget_seconds(rule_budget)
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
            "max_caption_chars": max_caption_chars,
            "rule_budget": rule_budget,
        }
        self.jurisdictions = resolve_jurisdictions(jurisdiction)
        named = resolve_platform(platform)
        self.platform_name = named.name if named else None
        self.platform = apply_options(named, options or {})
        self.language = normalise_language_tag(language) if language is not None else None
        self._load_packs(packs)
        ruleset = RuleSet.build(
            self.packs[0],
            self._audiences,
            self.packs[1 + len(self._audiences) :],
            select=select,
            ignore=ignore,
            severity=severity,
        )
        self.rules: tuple[Rule, ...] = ruleset.rules
        self._overrides = ruleset.overrides
        self.vocabulary = Vocabulary(self.packs, ruleset.rule_terms)
        self.links = LinkClassifier(self.vocabulary.links)
        self._lexicon_packs = tuple(p.id for p in self.packs if p.languages)
        self._labels = LabelChooser(
            self.vocabulary.matcher,
            self.vocabulary.negators,
            self.profile_packs,
            self._lexicon_packs,
            fallback=self.packs[0],
        )
        self._detector = detector

    def _load_packs(self, extra_names: tuple[str, ...]) -> None:
        core = discovery.load(CORE)
        loaded = []
        for code in self.jurisdictions:
            name = pack_for(code)
            if name is None:  # resolve_jurisdictions let it through: a pack vanished since
                raise ValueError(f"no installed pack answers for jurisdiction {code!r}")
            loaded.append(discovery.load(name))
        # Findings name the code the caller used ("UK"), not the pack's first one ("GB").
        self._asked_for = {p.id: code for p, code in zip(loaded, self.jurisdictions, strict=True)}
        self._audiences = tuple({pack.id: pack for pack in loaded}.values())  # GB and UK: one
        extra = tuple(
            p for p in (discovery.load(n) for n in extra_names) if p not in self._audiences
        )
        self.profile_packs: tuple[Pack, ...] = self._audiences or (core,)
        self.packs: tuple[Pack, ...] = (core, *self._audiences, *extra)

    # -- language -------------------------------------------------------------------------

    @property
    def detector(self) -> LanguageDetector:
        if self._detector is None:
            with _detector_lock:
                if self._detector is None:
                    self._detector = DefaultDetector(self.vocabulary.stopwords)
        return self._detector

    def _default_language(self) -> str:
        if self.jurisdictions:
            for pack in self.profile_packs:
                if pack.audience and pack.audience.languages:
                    return pack.audience.languages[0]
        return UNDETERMINED

    def _resolver(self, text: Caption, given: str | None) -> Any:
        def resolve_language() -> tuple[str, str]:
            if given is not None:
                return given, "given"
            detected = detect_caption_language(text, self.detector)
            if detected:
                return detected, "detected"
            return self._default_language(), "default"

        return resolve_language

    # -- checking -------------------------------------------------------------------------

    def check(
        self,
        caption: str,
        *,
        language: str | None = None,
        post: PostInfo | Mapping[str, Any] | None = None,
    ) -> Report:
        """Check one caption; `language` (BCP-47) overrides detection, `post` gives the facts
        the caption cannot show (sponsored, relationship, brands, image labels)."""
        _require_str(caption)
        check_caption_length(caption, self.max_caption_chars)
        post = _post_info(post)
        given = normalise_language_tag(language) if language is not None else self.language
        text = Caption(caption)
        found = gather(text, self.vocabulary, self.links, post)
        ctx = Context(
            caption=text,
            post=post,
            platform=self.platform,
            matches=found.matches,
            signals=found.signals,
            labels=found.labels,
            commercial=found.commercial,
            packs=self.profile_packs,
            lexicon_packs=self._lexicon_packs,
            resolve_language=self._resolver(text, given),
            label_chooser=self._labels,
            given_language=given,
        )
        findings = self._run_rules(ctx)
        lang, source = ctx.resolved_language or (
            (given, "given") if given is not None else (self._default_language(), "default")
        )
        signals = sorted(found.signals, key=lambda s: (s.span.start, s.span.end, s.kind.value))
        return Report(
            caption=caption,
            language=lang,
            language_source=source,
            jurisdictions=self.jurisdictions,
            platform=self.platform_name,
            signals=tuple(signals),
            disclosures=self._disclosures(ctx),
            findings=findings,
            post=post,
        )

    def _run_rules(self, ctx: Context) -> tuple[Finding, ...]:
        out: dict[tuple[str, int, int], Finding] = {}
        for rule in self.rules:
            for hit in run_rule(rule, ctx, self.rule_budget):
                out.setdefault((rule.id, hit.span.start, hit.span.end), self._finding(rule, hit))
        return tuple(sorted(out.values(), key=Finding.sort_key))

    def _finding(self, rule: Rule, hit: Hit) -> Finding:
        return Finding(
            rule_id=rule.id,
            name=rule.name,
            category=rule.category,
            severity=self._overrides.get(rule.id) or hit.severity or rule.severity,
            confidence=rule.confidence,
            message=hit.message,
            span=hit.span,
            fix=hit.fix,
            related=hit.related,
            jurisdiction=self._asked_for.get(rule.pack_id, rule.jurisdiction),
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
        checked by N processes (each builds its own Checker once), still in input order, and
        raises the same exceptions as a serial run.
        """
        batch.validate_batch_arguments(items, errors, workers, chunk_size)
        factory = functools.partial(Checker, **self.arguments)
        return batch.check_many(
            self.check,
            factory,
            items,
            errors=errors,
            workers=workers,
            chunk_size=chunk_size,
            mp_context=mp_context,
        )


def _require_str(caption: object) -> None:
    if not isinstance(caption, str):
        raise TypeError(
            f"caption must be a str, not {type(caption).__name__} ({caption!r:.80}); "
            f"decode bytes first, e.g. caption.decode('utf-8')"
        )


def _post_info(post: PostInfo | Mapping[str, Any] | None) -> PostInfo:
    if post is None:
        return PostInfo()
    if isinstance(post, Mapping):
        return PostInfo.from_dict(dict(post))
    if not isinstance(post, PostInfo):
        raise TypeError(f"post must be a PostInfo or a mapping, not {type(post).__name__}")
    return post


def _check_severity_and_detector(severity: object, detector: object) -> None:
    if severity is not None and (
        not isinstance(severity, Mapping) or not all(isinstance(k, str) for k in severity)
    ):
        raise TypeError(
            f"severity must be a mapping of rule id to 'error', 'warning' or 'info', "
            f"such as {{'FR102': 'warning'}}, not {severity!r}"
        )
    if detector is not None and not callable(getattr(detector, "detect", None)):
        raise TypeError(f"detector must have a detect(text) -> str | None method, not {detector!r}")


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


_CACHE_SIZE = 64  # distinct option sets kept built in one process
_cache: OrderedDict[str, Checker] = OrderedDict()
_cache_lock = fork_safe_lock()
_detector_lock = fork_safe_lock()  # one for all checkers: a per-checker lock is not fork-safe


def checker_for(**arguments: Any) -> Checker:
    """The Checker for these arguments, built once per process and reused (bounded LRU).

    The one cache of built checkers: the module-level check(), data-frame workers and the
    command line's per-audience checkers all come here.
    """
    key = json.dumps(arguments, sort_keys=True, default=repr)
    with _cache_lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    built = Checker(**arguments)
    with _cache_lock:
        found = _cache.setdefault(key, built)
        _cache.move_to_end(key)
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return found


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
    _require_str(caption)
    codes = resolve_jurisdictions(jurisdiction) or None
    if platform is not None and not isinstance(platform, str):
        resolve_platform(platform)  # raises the TypeError with the list of platforms
    checker = checker_for(jurisdiction=codes, platform=platform, packs=_names("packs", packs))
    return checker.check(caption, language=language, post=post)
