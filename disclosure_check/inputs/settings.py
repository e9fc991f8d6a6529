"""The readers' limits and names (data/inputs.toml), and the checks of what a caller chose."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

KINDS = ("text", "jsonl", "json", "csv")
CAPTION_COLUMNS = ("caption", "text", "description")

_DATA: dict[str, Any] = tomllib.loads(
    files("disclosure_check").joinpath("data/inputs.toml").read_text("utf-8")
)
MAX_RECORD_CHARS: int = int(_DATA["limits"]["max_record_chars"])
MAX_LISTED_NAMES: int = int(_DATA["limits"]["max_listed_names"])
MAX_EXTENSION_CHARS: int = int(_DATA["limits"]["max_extension_chars"])
BATCH_SUFFIXES: dict[str, str] = dict(_DATA["suffixes"])
COMPRESSION_SUFFIXES: dict[str, str] = dict(_DATA["compression"])
SNIFFED_DELIMITERS: str = str(_DATA["csv"]["sniffed"])
_SUFFIX_DELIMITERS: dict[str, str] = dict(_DATA["csv"]["by_suffix"])
_DELIMITER_NAMES: dict[str, str] = dict(_DATA["csv"]["names"])


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read batches: the caption column, the CSV delimiter, the text encoding.

    None means: the first of CAPTION_COLUMNS; the suffix's delimiter or the sniffed one; the
    encoding a byte-order mark names, else UTF-8.
    """

    column: str | None = None
    delimiter: str | None = None
    encoding: str | None = None


def _suffixes(path: str) -> tuple[str, str]:
    """(the suffix that says the kind, the compression suffix or "")."""
    stem, suffix = os.path.splitext(path)
    if suffix.lower() in COMPRESSION_SUFFIXES:
        return os.path.splitext(stem)[1].lower(), suffix.lower()
    return suffix.lower(), ""


def kind_of(path: str) -> str:
    """The kind a file is read as, from its suffix (a .gz after it is looked through)."""
    return BATCH_SUFFIXES.get(_suffixes(path)[0], "text")


def suffix_delimiter(path: str) -> str | None:
    """The delimiter a file's suffix implies (.tsv: a tab), or None."""
    return _SUFFIX_DELIMITERS.get(_suffixes(path)[0])


def checked_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown input kind {kind!r}; use one of {', '.join(KINDS)}")
    return kind


def checked_encoding(name: str) -> str:
    """A text encoding's name, or a ValueError that says it is unknown."""
    try:
        # b"".decode also refuses the codecs that are not text encodings (rot13, zlib, …).
        b"a".decode(name, "replace")
    except LookupError:
        raise ValueError(
            f"unknown encoding {name!r}; give a text encoding Python knows, e.g. cp1252 "
            f"(Windows, Excel Western), latin-1, utf-16 or utf-8"
        ) from None
    return name


def delimiter_name(delimiter: str) -> str:
    """A delimiter as people say it: "comma", "tab", or the character quoted."""
    names = {v: k for k, v in _DELIMITER_NAMES.items()}
    return names.get(delimiter, repr(delimiter))


def checked_delimiter(value: str) -> str:
    """A CSV delimiter from a character or a name (tab, comma, semicolon, pipe)."""
    value = _DELIMITER_NAMES.get(value.lower(), value)
    if value == "\\t":
        value = "\t"
    if len(value) != 1 or value in '"\r\n':
        names = ", ".join(_DELIMITER_NAMES)
        raise ValueError(f"a delimiter is one character other than a quote, or one of {names}")
    return value
