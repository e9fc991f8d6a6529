"""Finding rule packs: the entry-point group `disclosure_check.packs`, loaded by name.

Built-in packs are registered in the same group as third-party ones. A pack is loaded only
when asked for, and a pack that was asked for and cannot be loaded is an error naming the pack
and its distribution: a silently missing pack would turn into false "compliant" answers.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from types import ModuleType

from ._version import __version__
from .errors import PackError, PackNotFoundError, suggest
from .forksafe import fork_safe_lock
from .pack import Pack, load_pack

GROUP = "disclosure_check.packs"
_BUILTIN_MODULE = "disclosure_check.packs"


@dataclass(frozen=True, slots=True)
class PackEntry:
    name: str
    value: str  # "module" or "module:attribute"
    distribution: str
    version: str


def _builtin_entries() -> dict[str, PackEntry]:
    """Built-in packs found next to this file, for a source checkout that was not installed."""
    root = files(_BUILTIN_MODULE)
    out = {}
    for node in root.iterdir():
        if node.is_dir() and node.joinpath("pack.toml").is_file():
            name = node.name.rstrip("_")
            out[name] = PackEntry(
                name, f"{_BUILTIN_MODULE}.{node.name}", "disclosure-check", __version__
            )
    return out


_lock = fork_safe_lock()
_entries: dict[str, PackEntry] | None = None
_loaded: dict[str, Pack] = {}
_jurisdictions: dict[str, str] | None = None


def available() -> dict[str, PackEntry]:
    """Every installed pack by name (entry points, plus the built-ins of a source checkout)."""
    global _entries
    with _lock:
        if _entries is None:
            _entries = entries_from(entry_points(group=GROUP))
        return dict(_entries)


def entries_from(points: Iterable[EntryPoint]) -> dict[str, PackEntry]:
    """Packs by name from entry points, the built-ins of a source checkout included.

    A name registered by two distributions is an error naming both: otherwise whichever loads
    last would silently replace the other, and a package registering `core` or `uk` could
    switch checks off without a word.
    """
    found = dict(_builtin_entries())
    for ep in points:
        entry = _entry(ep)
        other = found.get(ep.name)
        if other is not None and other.distribution != entry.distribution:
            raise PackError(
                f"rule pack {ep.name!r} is registered twice in {GROUP!r}: by "
                f"{other.distribution} ({other.value}) and by {entry.distribution} "
                f"({entry.value}); uninstall one of them"
            )
        found[ep.name] = entry
    return found


def _entry(ep: EntryPoint) -> PackEntry:
    dist = ep.dist
    return PackEntry(
        ep.name,
        ep.value,
        dist.metadata["Name"] if dist is not None else "unknown distribution",
        dist.version if dist is not None else "",
    )


def load(name: str) -> Pack:
    """Load (once) and return the pack registered under `name`."""
    with _lock:
        if name in _loaded:
            return _loaded[name]
    entries = available()
    if name not in entries:
        raise PackNotFoundError(
            f"rule pack {name!r} is not installed{suggest(name, entries)}; installed packs: "
            f"{', '.join(sorted(entries))}. Third-party packs register in the entry-point group "
            f"{GROUP!r}: install the distribution that provides it."
        )
    entry = entries[name]
    try:
        folder = _folder(entry)
        pack = load_pack(folder, module=entry.value, distribution=entry.distribution)
    except PackError as exc:
        raise PackError(f"rule pack {name!r} from {entry.distribution}: {exc}") from exc
    except Exception as exc:
        raise PackError(
            f"rule pack {name!r} from {entry.distribution} ({entry.value}) failed to load: "
            f"{type(exc).__name__}: {exc}"
        ) from exc
    if pack.id != name:
        raise PackError(
            f"rule pack registered as {name!r} by {entry.distribution} declares id {pack.id!r} "
            f"in its pack.toml; the two must match"
        )
    with _lock:
        _loaded.setdefault(name, pack)
        return _loaded[name]


def _folder(entry: PackEntry) -> Traversable:
    module_name, _, attribute = entry.value.partition(":")
    module: ModuleType = importlib.import_module(module_name.strip())
    if attribute:
        obj = module
        for part in attribute.strip().split("."):
            obj = getattr(obj, part)
        target = obj() if callable(obj) else obj
        if isinstance(target, ModuleType):
            return files(target)
        if isinstance(target, Traversable):
            return target
        if isinstance(target, (str, Path)):
            return Path(target)
        raise PackError(
            f"entry point {entry.value!r} must name a package, a folder, or a callable "
            f"returning one; got {type(target).__name__}"
        )
    return files(module)


def jurisdiction_index() -> dict[str, str]:
    """Jurisdiction code -> pack name, from every installed pack's `jurisdictions` list.

    Every pack is loaded to read it, so a broken pack fails here, loudly, naming itself.
    """
    global _jurisdictions
    with _lock:
        if _jurisdictions is not None:
            return dict(_jurisdictions)
    index: dict[str, str] = {}
    for name in sorted(available()):
        pack = load(name)
        if name == "core" or not pack.is_jurisdiction:
            continue
        for code in pack.jurisdictions or (name.upper(),):
            index.setdefault(code.upper(), name)
    with _lock:
        _jurisdictions = index
        return dict(index)


def clear_cache() -> None:
    """Forget discovered and loaded packs (after installing a pack in a running process)."""
    global _entries, _jurisdictions
    with _lock:
        _entries = None
        _jurisdictions = None
        _loaded.clear()
