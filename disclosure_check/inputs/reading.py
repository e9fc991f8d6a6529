"""One file or byte stream to its records, by kind."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import IO

from .csvfile import CsvReader
from .jsonfile import json_records, jsonl_records
from .model import Meter, Origin, Record
from .opening import UNREADABLE, Encoding, open_text, unreadable
from .settings import (
    CAPTION_COLUMNS,
    MAX_RECORD_CHARS,
    checked_encoding,
    checked_kind,
    kind_of,
    suffix_delimiter,
)


def read_path(
    path: str,
    *,
    kind: str | None = None,
    column: str | None = None,
    meter: Meter | None = None,
    delimiter: str | None = None,
    encoding: str | None = None,
) -> Iterator[Record]:
    """The records of one file; `kind` defaults to the suffix (see the package docstring)."""
    kind = checked_kind(kind) if kind is not None else kind_of(path)
    if encoding is not None:
        checked_encoding(encoding)
    if os.path.isdir(path):
        yield Record(Origin(path), error="is a directory; give the caption files in it")
        return
    if not os.path.exists(path):
        yield Record(Origin(path), error=f"no such file: {path}")
        return
    try:
        stream = open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        yield Record(Origin(path), error=f"cannot read: {exc.strerror}")
        return
    with stream:
        yield from read_stream(
            path,
            stream,
            kind,
            column=column,
            meter=meter,
            delimiter=delimiter if delimiter is not None else suffix_delimiter(path),
            encoding=encoding,
        )


def read_stream(
    name: str,
    stream: IO[bytes],
    kind: str,
    *,
    column: str | None = None,
    is_file: bool = True,
    meter: Meter | None = None,
    delimiter: str | None = None,
    encoding: str | None = None,
) -> Iterator[Record]:
    """The records of a byte stream called `name` (a path, "<stdin>", …)."""
    kind = checked_kind(kind)
    if encoding is not None:
        checked_encoding(encoding)
    meter = meter if meter is not None else Meter()
    if kind == "csv":
        yield from CsvReader(
            name,
            stream,
            column=column,
            is_file=is_file,
            meter=meter,
            delimiter=delimiter,
            encoding=encoding,
        ).records()
        return
    text, chosen = open_text(stream, meter, encoding)
    wanted = (column,) if column else CAPTION_COLUMNS
    if kind == "jsonl":
        yield from jsonl_records(name, text, chosen, wanted, is_file)
    elif kind == "json":
        yield from json_records(name, text, chosen, wanted, is_file)
    else:
        yield _caption_from_text(Origin(name, is_file=is_file), text, chosen)


def _caption_from_text(origin: Origin, text: IO[str], encoding: Encoding) -> Record:
    try:
        caption = text.read(MAX_RECORD_CHARS + 1)
    except UNREADABLE as exc:
        return Record(origin, error=unreadable(exc))
    if len(caption) > MAX_RECORD_CHARS:
        return Record(
            origin,
            error=f"longer than the maximum of {MAX_RECORD_CHARS:,} characters for a caption",
        )
    problem = encoding.problem(caption, "the file")
    if problem is not None:
        return Record(origin, error=problem)
    if not caption.strip():
        return Record(origin, error="empty input: no caption to check")
    # A file ends with a line break that is not part of the caption.
    return Record(origin, caption=caption.rstrip("\r\n"))
