"""Jurisdiction codes: which installed pack answers for "FR", "GB" or "UK".

The codes come from each pack's own `jurisdictions` list (pack.toml), so a third-party pack
adds its markets by declaring them. A pack that cannot be loaded while the codes are listed is
an error naming it, never a market that silently disappears.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import discovery
from .errors import suggest

CORE = "core"


def _index() -> dict[str, str]:
    return discovery.jurisdiction_index()


def known_jurisdictions() -> list[str]:
    """Every jurisdiction code an installed pack answers for."""
    return sorted(_index())


def pack_for(code: str) -> str | None:
    """The name of the pack for an upper-case code, or None."""
    # Most codes name their pack ("FR" -> fr): no need to load every pack to find it.
    name = code.lower()
    if name != CORE and name in discovery.available():
        pack = discovery.load(name)
        if pack.is_jurisdiction and code in (pack.jurisdictions or (code,)):
            return name
    return _index().get(code)


def resolve_jurisdictions(jurisdiction: object) -> tuple[str, ...]:
    """Upper-case jurisdiction codes from None, a code, or a sequence of codes."""
    out: list[str] = []
    for item in _items(jurisdiction):
        if not isinstance(item, str):
            raise TypeError(f"jurisdiction codes must be strings such as 'FR', got {item!r}")
        code = item.strip().upper()
        if not code or pack_for(code) is None:
            known = known_jurisdictions()
            raise ValueError(
                f"unknown jurisdiction {item!r}{suggest(code, known)}; known jurisdictions: "
                f"{', '.join(known)} (or None for the EU baseline and global rules)"
            )
        if code not in out:
            out.append(code)
    return tuple(out)


def _items(jurisdiction: object) -> list[object]:
    if jurisdiction is None:
        return []
    if isinstance(jurisdiction, str):
        return [jurisdiction]
    if isinstance(jurisdiction, Sequence) and not isinstance(jurisdiction, (bytes, bytearray)):
        return list(jurisdiction)
    raise TypeError(
        f"jurisdiction must be an ISO 3166 alpha-2 code such as 'FR', a sequence of codes, "
        f"or None; got {jurisdiction!r} ({type(jurisdiction).__name__})"
    )
