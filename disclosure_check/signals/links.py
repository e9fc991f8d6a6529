"""Classifying URLs: known affiliate programmes, shorteners and link hubs (data: links.toml).

The library never follows a link: a shortened URL stays a *possible* affiliate link.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from ..model import SignalKind


@dataclass(frozen=True, slots=True)
class _LinkRule:
    name: str
    kind: SignalKind
    hosts: tuple[re.Pattern[str], ...]
    raw_hosts: tuple[str, ...]
    plain_hosts: tuple[str, ...]
    params: tuple[str, ...]
    paths: tuple[str, ...]
    # Parameters the merchant's own site adds to every page a visitor copies: with one of
    # them the URL is an ordinary page link, whatever else it carries.
    unless_params: tuple[str, ...] = ()


def _host_pattern(host: str) -> re.Pattern[str]:
    host = host.lower().strip().strip(".")
    if host == "*":
        return re.compile(r".")  # any host: the entry's params decide
    if host.startswith("*."):
        host = host[2:]
    if host.endswith(".*"):
        # "amazon.*": amazon followed by any public suffix (amazon.com, amazon.co.uk).
        base = re.escape(host[:-2])
        return re.compile(rf"(?:^|\.){base}\.[a-z]{{2,3}}(?:\.[a-z]{{2}})?$")
    return re.compile(rf"(?:^|\.){re.escape(host)}$")


class LinkClassifier:
    def __init__(self, link_tables: Iterable[Mapping[str, Any]]) -> None:
        rules: list[_LinkRule] = []
        utm: dict[str, set[str]] = {}
        for table in link_tables:
            for kind_key, kind in (
                ("affiliate", SignalKind.AFFILIATE_LINK),
                ("shortener", SignalKind.POSSIBLE_AFFILIATE_LINK),
            ):
                for entry in table.get(kind_key, []):
                    rules.append(
                        _LinkRule(
                            name=str(entry.get("name", "")),
                            kind=kind,
                            hosts=tuple(_host_pattern(h) for h in entry.get("hosts", [])),
                            raw_hosts=tuple(str(h).strip() for h in entry.get("hosts", [])),
                            plain_hosts=tuple(
                                h.lower().strip().strip(".")
                                for h in entry.get("hosts", [])
                                if "*" not in h
                            ),
                            params=tuple(p.lower() for p in entry.get("params", [])),
                            paths=tuple(p.lower() for p in entry.get("paths", [])),
                            unless_params=tuple(p.lower() for p in entry.get("unless_params", [])),
                        )
                    )
            for entry in table.get("utm", []):
                utm.setdefault(str(entry["param"]).lower(), set()).update(
                    v.lower() for v in entry.get("values", [])
                )
        # Affiliate programmes first: a tagged Amazon link is affiliate even if a hub also matches.
        rules.sort(key=lambda r: r.kind is not SignalKind.AFFILIATE_LINK)
        self._rules = tuple(rules)
        self._utm = utm
        # Rules whose hosts are plain names are found by looking the URL's host and its parent
        # domains up in a table; only wildcard hosts ("amazon.*", "*") are searched.
        self._order = {id(r): n for n, r in enumerate(self._rules)}
        self._by_host: dict[str, list[_LinkRule]] = {}
        self._searched: list[_LinkRule] = []
        for rule in self._rules:
            if rule.plain_hosts and len(rule.plain_hosts) == len(rule.hosts):
                for host in rule.plain_hosts:
                    self._by_host.setdefault(host, []).append(rule)
            else:
                self._searched.append(rule)

    def _candidates(self, host: str, with_any_host: bool = True) -> list[_LinkRule]:
        found: list[_LinkRule] = []
        labels = host.split(".")
        for i in range(len(labels) - 1):
            found.extend(self._by_host.get(".".join(labels[i:]), ()))
        for rule in self._searched:
            if not with_any_host and "*" in rule.raw_hosts:
                continue  # "any host, with these parameters": needs a query to match
            if any(h.search(host) for h in rule.hosts):
                found.append(rule)
        if len(found) > 1:
            found.sort(key=lambda r: self._order[id(r)])
        return found

    def classify(self, url: str) -> tuple[SignalKind, str] | None:
        """(kind, programme name) for a URL, or None for an ordinary link."""
        if "?" not in url and "#" not in url:
            # No query: only a host rule can match, so an unknown host is settled without
            # parsing the URL (captions can hold thousands of links).
            found = _HOST.match(url)
            if found is None or not self._candidates(found.group(1).lower(), with_any_host=False):
                return None
        target = url if "://" in url else "http://" + url
        try:
            parts = urlsplit(target)
            host = (parts.hostname or "").lower()
            query = parts.query + "&" + parts.fragment
            params = [(k.lower(), v.lower()) for k, v in parse_qsl(query)]
        except ValueError:
            return None
        path = parts.path.lower()
        keys = {k for k, _ in params}
        for rule in self._candidates(host):
            if any(_param_present(p, keys) for p in rule.unless_params):
                continue
            if rule.params or rule.paths:
                param_ok = any(_param_present(p, keys) for p in rule.params)
                path_ok = any(path.startswith(p) for p in rule.paths)
                if not (param_ok or path_ok):
                    continue
            elif not rule.hosts:
                continue
            return rule.kind, rule.name
        for key, value in params:
            if key in self._utm and value in self._utm[key]:
                return SignalKind.AFFILIATE_LINK, f"{key}={value}"
        return None


_HOST = re.compile(r"(?:[a-z][a-z0-9+.-]*://)?(?:[^@/?#\s]*@)?([^/?#:\s]+)", re.I)


def _param_present(pattern: str, keys: set[str]) -> bool:
    if pattern.endswith("*"):
        prefix = pattern[:-1]
        return any(k.startswith(prefix) for k in keys)
    return pattern in keys
