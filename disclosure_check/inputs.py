"""Reading captions to check: text files, JSON Lines and CSV batches, stdin, arguments.

The command line, the audit command and the HTTP server all read their inputs here, so that a
record is found, decoded and reported bad the same way everywhere. The API:

    Origin                       where a record came from (source name, line, record id,
                                 layout, is_file) and how caption offsets map to positions
    Record                       one input record: origin, caption, language, jurisdiction,
                                 platform, post; `error` (said for a person) when it is bad;
                                 `fields`, the whole input record, for callers that read
                                 their own fields (account, date, …)
    Meter                        bytes read so far, for a progress bar
    read_path(path, *, kind=None, column=None, meter=None) -> Iterator[Record]
    read_stream(name, stream, kind, *, column=None, is_file=True, meter=None)
                                 -> Iterator[Record]

`kind` is "jsonl", "csv" or "text" (the whole input is one caption). For `read_path` it
defaults to the suffix: .jsonl and .ndjson are JSON Lines, .csv is CSV, anything else a
caption file. A missing file or a directory is one bad Record, not an exception.

`Record.fields` is the JSON object of a JSONL line as parsed, or for CSV the header names
mapped to the row's cells (the first of two columns with one name wins; a short row lacks its
trailing columns), with `post` parsed from JSON. A JSONL line that is a bare string, a text
file and a record too broken to parse have no fields.

Records are produced one at a time, in input order, and nothing that grows with the input is
kept, so a million-line batch reads in flat memory.

`CsvReader(name, stream, …)` is the CSV reader on its own: `header()` says what is wrong with
the header row, if anything, and `records()` yields the records.

For the command line there is also `classify` (is an argument a caption, a file or a path that
does not exist?) and `read_inputs`, which reads classified arguments in order.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO, Any

__all__ = [
    "BATCH_SUFFIXES",
    "CAPTION_COLUMNS",
    "KINDS",
    "CsvReader",
    "Input",
    "Meter",
    "Origin",
    "Record",
    "classify",
    "kind_of",
    "line_and_column",
    "looks_like_path",
    "read_inputs",
    "read_path",
    "read_stream",
]

CAPTION_COLUMNS = ("caption", "text", "description")
BATCH_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}
KINDS = ("text", "jsonl", "csv")
_CSV_OPTIONAL = ("id", "language", "jurisdiction", "platform", "post")


def line_and_column(caption: str, offset: int) -> tuple[int, int, str]:
    """1-based line and column of an offset, and the text of that line."""
    line_start = caption.rfind("\n", 0, offset) + 1
    line_end = caption.find("\n", offset)
    if line_end < 0:
        line_end = len(caption)
    line = caption.count("\n", 0, offset) + 1
    return line, offset - line_start + 1, caption[line_start:line_end]


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a caption came from, and how its offsets map to lines and columns of that input.

    layout "text": the caption is the whole input (a .txt file, stdin, an argument), so lines
    and columns are those of the file. "csv": the caption is a field whose line breaks are line
    breaks of the file, so the line is the row's first line plus the caption line; the column
    counts from the start of the caption line. "jsonl": the caption sits on the record's line
    (its line breaks are escaped), so the column counts through the whole caption: column - 1
    is the offset in the caption.
    """

    source: str
    line: int = 1
    id: str | None = None
    layout: str = "text"
    is_file: bool = True

    @property
    def label(self) -> str:
        return self.source if self.id is None else f"{self.source}[{self.id}]"

    def position(self, caption: str, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a caption offset in this input; columns in code points."""
        if self.layout == "jsonl":
            return self.line, offset + 1
        line, column, _ = line_and_column(caption, offset)
        return self.line + line - 1, column


@dataclass
class Record:
    """One input record. A bad one has `error` set and nothing to check."""

    origin: Origin
    caption: Any = None
    language: Any = None
    jurisdiction: Any = None
    platform: Any = None
    post: Any = None
    error: str | None = None  # what is wrong with the record, said for a person
    fields: Mapping[str, Any] = field(default_factory=dict)  # the whole input record


@dataclass
class Meter:
    """Bytes read so far from batch inputs, for the progress bar."""

    done: int = 0


# -- single sources -----------------------------------------------------------------------------


def kind_of(path: str) -> str:
    """The kind a file is read as, from its suffix."""
    return BATCH_SUFFIXES.get(os.path.splitext(path)[1].lower(), "text")


def read_path(
    path: str, *, kind: str | None = None, column: str | None = None, meter: Meter | None = None
) -> Iterator[Record]:
    """The records of one file; `kind` defaults to the suffix (see the module docstring)."""
    kind = _checked_kind(kind) if kind is not None else kind_of(path)
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
        yield from read_stream(path, stream, kind, column=column, meter=meter)


def read_stream(
    name: str,
    stream: IO[bytes],
    kind: str,
    *,
    column: str | None = None,
    is_file: bool = True,
    meter: Meter | None = None,
) -> Iterator[Record]:
    """The records of a byte stream called `name` (a path, "<stdin>", …)."""
    kind = _checked_kind(kind)
    meter = meter if meter is not None else Meter()
    if kind == "jsonl":
        yield from _jsonl_records(name, stream, meter, column, is_file)
    elif kind == "csv":
        yield from CsvReader(name, stream, column=column, is_file=is_file, meter=meter).records()
    else:
        data = stream.read()
        yield _caption_from_text(Origin(name, is_file=is_file), data)


def _checked_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown input kind {kind!r}; use one of {', '.join(KINDS)}")
    return kind


def _not_utf8(raw: bytes, exc: UnicodeDecodeError) -> str:
    return (
        f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at byte {exc.start + 1} of the line); "
        f"convert the file, e.g. iconv -f latin1 -t utf-8"
    )


def _caption_from_text(origin: Origin, data: bytes) -> Record:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Record(origin, error=_not_utf8(data, exc).replace(" of the line", ""))
    if not text.strip():
        return Record(origin, error="empty input: no caption to check")
    # A file ends with a line break that is not part of the caption.
    return Record(origin, caption=text.rstrip("\r\n"))


def _lines(stream: IO[bytes], meter: Meter) -> Iterator[tuple[int, bytes]]:
    for number, raw in enumerate(stream, start=1):
        meter.done += len(raw)
        yield number, raw


# -- JSON Lines ---------------------------------------------------------------------------------


def _jsonl_records(
    name: str, stream: IO[bytes], meter: Meter, column: str | None, is_file: bool
) -> Iterator[Record]:
    wanted = (column,) if column else CAPTION_COLUMNS
    seen_any = False
    for number, raw in _lines(stream, meter):
        origin = Origin(name, number, layout="jsonl", is_file=is_file)
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8").strip()
        except UnicodeDecodeError as exc:
            seen_any = True
            yield Record(origin, error=_not_utf8(raw, exc))
            continue
        if not line:
            continue
        seen_any = True
        yield _jsonl_record(origin, line, wanted)
    if not seen_any:
        yield Record(Origin(name, 1, layout="jsonl", is_file=is_file), error="no records")


def _jsonl_record(origin: Origin, line: str, wanted: tuple[str, ...]) -> Record:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        # "Unterminated string starting at" + " at column 9" would say "at" twice.
        problem = exc.msg.removesuffix(" at")
        return Record(origin, error=f"invalid JSON ({problem} at column {exc.colno})")
    except (ValueError, RecursionError) as exc:
        return Record(origin, error=f"invalid JSON ({type(exc).__name__}: {exc})")
    if isinstance(data, str):
        return Record(origin, caption=data)
    if not isinstance(data, dict):
        return Record(origin, error="a record must be a JSON object or string")
    record_id = None if data.get("id") is None else str(data["id"])
    origin = Origin(origin.source, origin.line, record_id, layout="jsonl", is_file=origin.is_file)
    key = next((c for c in wanted if c in data), None)
    if key is None:
        return Record(
            origin, error=f"record has no {' or '.join(map(repr, wanted))} field", fields=data
        )
    return Record(
        origin,
        caption=data[key],
        language=data.get("language"),
        jurisdiction=data.get("jurisdiction"),
        platform=data.get("platform"),
        post=data.get("post"),
        fields=data,
    )


# -- CSV ----------------------------------------------------------------------------------------


def _decoded_lines(stream: IO[bytes], meter: Meter, bad: list[int]) -> Iterator[str]:
    for number, raw in _lines(stream, meter):
        try:
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            bad.append(number)
            yield raw.decode("utf-8", "replace")


def _row_fields(header: list[str], row: list[str]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name, value in zip(header, row, strict=False):
        fields.setdefault(name, value)
    return fields


class CsvReader:
    """The records of a CSV batch: a header row naming the columns, then one record per row.

    `header()` reads the header row and returns what is wrong with it as a bad Record (None
    when it is usable; `columns` then holds its names); `records()` yields the records, the
    header's problem first if there is one. A row's line is the file line it starts on.
    """

    def __init__(
        self,
        name: str,
        stream: IO[bytes],
        *,
        column: str | None = None,
        is_file: bool = True,
        meter: Meter | None = None,
    ) -> None:
        self.name = name
        self.column = column
        self.is_file = is_file
        self.columns: list[str] = []
        self._bad: list[int] = []  # undecodable physical lines not yet attributed to a row
        self._reader = csv.reader(_decoded_lines(stream, meter or Meter(), self._bad))
        self._problem: Record | None = None
        self._header_read = False
        self._caption = 0
        self._chosen = ""
        self._optional: dict[str, int] = {}

    def _origin(self, line: int, record_id: str | None = None) -> Origin:
        return Origin(self.name, line, record_id, layout="csv", is_file=self.is_file)

    def header(self) -> Record | None:
        """Read the header row (once); what is wrong with it as a bad Record, or None."""
        if not self._header_read:
            self._header_read = True
            self._problem = self._read_header()
        return self._problem

    def _read_header(self) -> Record | None:
        try:
            header = next(self._reader, None)
            while header == []:
                header = next(self._reader, None)
        except csv.Error as exc:
            return self._bad_record(self._reader.line_num, f"CSV error in the header: {exc}")
        if header is None:
            return self._bad_record(1, "empty file: no header row")
        if self._bad:
            return self._bad_record(self._bad[0], "the header row is not UTF-8 text")
        self.columns = [h.strip() for h in header]
        wanted = [self.column] if self.column else list(CAPTION_COLUMNS)
        chosen = next((c for c in wanted if c in self.columns), None)
        if chosen is None:
            return self._bad_record(
                self._reader.line_num,
                f"no caption column ({', '.join(wanted)}) among the CSV columns "
                f"{', '.join(self.columns) or '(none)'}; name it with --column",
            )
        self._chosen = chosen
        self._caption = self.columns.index(chosen)
        self._optional = {c: self.columns.index(c) for c in _CSV_OPTIONAL if c in self.columns}
        return None

    def _bad_record(self, line: int, error: str) -> Record:
        return Record(self._origin(line), error=error)

    def records(self) -> Iterator[Record]:
        """The records of the rows after the header, or the header's problem alone."""
        problem = self.header()
        if problem is not None:
            yield problem
            return
        previous = self._reader.line_num
        while True:
            try:
                row = next(self._reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield self._bad_record(
                    previous + 1, f"CSV error: {exc}; the rest of the file is skipped"
                )
                return
            start, previous = previous + 1, self._reader.line_num
            undecodable, self._bad[:] = list(self._bad), []
            if row:
                yield self._record(row, start, undecodable)

    def _cell(self, row: list[str], name: str) -> str | None:
        i = self._optional.get(name)
        return row[i] if i is not None and i < len(row) and row[i] != "" else None

    def _row_problem(self, row: list[str], undecodable: list[int]) -> str | None:
        if undecodable:
            return f"not UTF-8 text (line {undecodable[0]})"
        if len(row) > len(self.columns):
            return (
                f"row has {len(row)} fields but the header has {len(self.columns)} "
                f"(an unquoted comma in the caption?)"
            )
        if self._caption >= len(row):
            return f"row has no value in column {self._chosen!r}"
        return None

    def _record(self, row: list[str], start: int, undecodable: list[int]) -> Record:
        where = self._origin(start, self._cell(row, "id"))
        problem = self._row_problem(row, undecodable)
        if problem is not None:
            return Record(where, error=problem)
        values = _row_fields(self.columns, row)
        post: Any = None
        raw_post = self._cell(row, "post")
        if raw_post is not None:
            try:
                post = json.loads(raw_post)
            except ValueError:
                return Record(where, error="column 'post' is not JSON", fields=values)
            values["post"] = post
        return Record(
            where,
            caption=row[self._caption],
            language=self._cell(row, "language"),
            jurisdiction=self._cell(row, "jurisdiction"),
            platform=self._cell(row, "platform"),
            post=post,
            fields=values,
        )


# -- command-line arguments ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Input:
    """One command-line argument, classified."""

    name: str  # the argument as given
    kind: str  # "text" | "jsonl" | "csv" | "caption" | "missing"


def looks_like_path(arg: str) -> bool:
    """Whether an argument that names no file was meant as a path rather than a caption."""
    return (
        "\n" not in arg
        and len(arg) < 4096
        and (arg.endswith((".txt", ".jsonl", ".ndjson", ".csv", ".json")) or os.sep in arg)
        and " " not in arg.strip()
    )


def classify(arguments: Iterable[str], input_format: str | None = None) -> list[Input]:
    """Each argument as stdin ("-"), a file, a path that does not exist, or a caption.

    `input_format` (a kind) overrides the suffix for stdin and files.
    """
    out = []
    for arg in arguments:
        if arg == "-":
            out.append(Input(arg, input_format or "text"))
        elif os.path.exists(arg):
            out.append(Input(arg, input_format or kind_of(arg)))
        elif looks_like_path(arg):
            out.append(Input(arg, "missing"))
        else:
            out.append(Input(arg, "caption"))
    return out


def read_inputs(
    inputs: Iterable[Input],
    *,
    texts: Iterable[str] = (),
    column: str | None = None,
    meter: Meter | None = None,
    stdin: IO[bytes] | None = None,
) -> Iterator[Record]:
    """The records of `texts` (captions given as such), then of each classified input."""
    meter = meter if meter is not None else Meter()
    for text in texts:
        yield Record(Origin("<text>", is_file=False), caption=text)
    for item in inputs:
        if item.kind == "caption":
            yield Record(Origin("<argument>", is_file=False), caption=item.name)
        elif item.kind == "missing":
            yield Record(
                Origin(item.name),
                error=f"no such file: {item.name} (to check it as a caption, use --text)",
            )
        elif item.name == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from read_stream(
                "<stdin>", stream, item.kind, column=column, is_file=False, meter=meter
            )
        else:
            yield from read_path(item.name, kind=item.kind, column=column, meter=meter)
