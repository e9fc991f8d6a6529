"""CSV batches: a header row naming the columns, then one record per row.

The csv module is strict here: a quote that is never closed or a closing quote followed by
text is an error, not a cell silently joined with the rows after it. A broken record is one
bad record at the line it starts on, and reading starts again at its second line, from the
lines kept for it: a record is at most MAX_RECORD_CHARS characters (data/inputs.toml), so at
most that much is kept and read again. The csv module's process-wide field_size_limit is
raised to that maximum (from its 128 KiB default).
"""

from __future__ import annotations

import csv
import json
from collections import deque
from collections.abc import Iterator
from typing import IO, Any

from .model import Meter, Origin, Record
from .opening import Line, lines, open_text
from .settings import CAPTION_COLUMNS, MAX_RECORD_CHARS, SNIFFED_DELIMITERS, delimiter_name

_OPTIONAL = ("id", "language", "jurisdiction", "platform", "post")
_CSV_MESSAGES = {
    "unexpected end of data": "a quote opened in this record is never closed",
    "expected after": "a closing quote is followed by more text (write a quote inside a "
    'quoted cell as two: "")',
}


class _Broken(Exception):
    """A record that cannot be read: a line over the limit, a read failure, a csv error."""

    def __init__(self, problem: str, final: bool = False) -> None:
        super().__init__(problem)
        self.problem = problem
        self.final = final


class _Feeder:
    """Hands lines to the csv module and keeps the lines of the record being read, so that a
    broken record can be read again from its second line."""

    def __init__(self, source: Iterator[Line], limit: int) -> None:
        self._source = source
        self._limit = limit
        self._again: deque[Line] = deque()
        self.taken: list[Line] = []
        self._size = 0

    def __iter__(self) -> _Feeder:
        return self

    def __next__(self) -> str:
        line = self._again.popleft() if self._again else next(self._source)
        self.taken.append(line)
        if line.long or line.final:
            raise _Broken(line.problem or "", line.final)
        self._size += len(line.text)
        if self._size > self._limit:
            raise _Broken(
                f"record longer than the maximum of {self._limit:,} characters "
                f"(a quote that is never closed?)"
            )
        return line.text

    def start(self) -> None:
        self.taken, self._size = [], 0

    def again(self) -> None:
        """Read the lines of the broken record again, but its first."""
        self._again.extendleft(reversed(self.taken[1:]))
        self.start()

    def peek(self) -> Line | None:
        if not self._again:
            line = next(self._source, None)
            if line is None:
                return None
            self._again.append(line)
        return self._again[0]


def _csv_problem(exc: csv.Error) -> str:
    text = str(exc)
    for key, message in _CSV_MESSAGES.items():
        if key in text:
            return message
    return f"CSV error: {text}"


def _sniffed(header: str) -> str:
    try:
        return csv.Sniffer().sniff(header, delimiters=SNIFFED_DELIMITERS).delimiter
    except csv.Error:  # one column: nothing to tell the delimiter by
        return ","


class CsvReader:
    """The records of a CSV batch: a header row naming the columns, then one record per row.

    `header()` reads the header row and returns what is wrong with it as a bad Record (None
    when it is usable; `columns` then holds its names); `records()` yields the records, the
    header's problem first if there is one. A row's line is the file line it starts on. The
    delimiter is `delimiter`, else the one csv.Sniffer finds on the header line among , ; tab
    and |, else a comma.
    """

    def __init__(
        self,
        name: str,
        stream: IO[bytes],
        *,
        column: str | None = None,
        is_file: bool = True,
        meter: Meter | None = None,
        delimiter: str | None = None,
        encoding: str | None = None,
    ) -> None:
        self.name = name
        self.column = column
        self.is_file = is_file
        self.columns: list[str] = []
        text, self._encoding = open_text(stream, meter or Meter(), encoding)
        self._feeder = _Feeder(lines(text, self._encoding, MAX_RECORD_CHARS), MAX_RECORD_CHARS)
        self._delimiter = delimiter
        self._problem: Record | None = None
        self._header_read = False
        self._header_line = 1
        self._caption = 0
        self._chosen = ""
        self._optional: dict[str, int] = {}
        self._rows_iter = self._rows()
        if csv.field_size_limit() < MAX_RECORD_CHARS + 1:
            csv.field_size_limit(MAX_RECORD_CHARS + 1)

    def _origin(self, line: int, record_id: str | None = None) -> Origin:
        return Origin(self.name, line, record_id, layout="csv", is_file=self.is_file)

    def _bad_record(self, line: int, error: str) -> Record:
        return Record(self._origin(line), error=error)

    def _rows(self) -> Iterator[tuple[int, list[str] | None, str | None]]:
        """(first line, cells or None, what is wrong) for each non-blank record; a broken
        record is followed by the records from its second line on."""
        if self._delimiter is None:
            first = self._feeder.peek()
            self._delimiter = _sniffed(first.text) if first is not None else ","
        feeder = self._feeder
        while True:
            feeder.start()
            try:
                for row in csv.reader(feeder, delimiter=self._delimiter, strict=True):
                    if row:
                        problem = next((ln.problem for ln in feeder.taken if ln.problem), None)
                        yield feeder.taken[0].number, row, problem
                    feeder.start()
                return
            except (csv.Error, _Broken) as exc:
                final = isinstance(exc, _Broken) and exc.final
                problem = exc.problem if isinstance(exc, _Broken) else _csv_problem(exc)
                if not final and len(feeder.taken) > 1:
                    problem += f"; reading goes on at line {feeder.taken[1].number}"
                yield feeder.taken[0].number, None, problem
                if final:
                    return
                feeder.again()

    def header(self) -> Record | None:
        """Read the header row (once); what is wrong with it as a bad Record, or None."""
        if not self._header_read:
            self._header_read = True
            self._problem = self._read_header()
        return self._problem

    def _read_header(self) -> Record | None:
        found = next(self._rows_iter, None)
        if found is None:
            return self._bad_record(1, "empty file: no header row")
        line, header, problem = found
        self._header_line = line
        if header is None:
            return self._bad_record(line, f"the header row cannot be read: {problem}")
        if problem is not None:
            return self._bad_record(line, f"the header row: {problem}")
        self.columns = [h.strip() for h in header]
        return self._choose_columns(line)

    def _choose_columns(self, line: int) -> Record | None:
        wanted = [self.column] if self.column else list(CAPTION_COLUMNS)
        chosen = next((c for c in wanted if c in self.columns), None)
        if chosen is None:
            return self._bad_record(
                line,
                f"no caption column ({', '.join(wanted)}) among the CSV columns "
                f"{', '.join(self.columns) or '(none)'}; name it with --column",
            )
        same = [i + 1 for i, c in enumerate(self.columns) if c == chosen]
        if len(same) > 1:
            return self._bad_record(
                line,
                f"two columns are named {chosen!r} (columns {same[0]} and {same[1]}); "
                f"rename one, or name the caption column with --column",
            )
        self._chosen = chosen
        self._caption = self.columns.index(chosen)
        self._optional = {c: self.columns.index(c) for c in _OPTIONAL if c in self.columns}
        return None

    def records(self) -> Iterator[Record]:
        """The records of the rows after the header, or the header's problem alone."""
        problem = self.header()
        if problem is not None:
            yield problem
            return
        seen_any = False
        for line, row, row_problem in self._rows_iter:
            seen_any = True
            if row is None:
                yield self._bad_record(line, row_problem or "")
            else:
                yield self._record(row, line, row_problem)
        if not seen_any:
            yield self._bad_record(
                self._header_line, "no records: the file has a header row and nothing after it"
            )

    def _cell(self, row: list[str], name: str) -> str | None:
        i = self._optional.get(name)
        return row[i] if i is not None and i < len(row) and row[i] != "" else None

    def _row_problem(self, row: list[str], undecodable: str | None) -> str | None:
        if undecodable:
            return undecodable
        if len(row) > len(self.columns):
            return (
                f"row has {len(row)} fields but the header has {len(self.columns)} "
                f"(an unquoted {delimiter_name(self._delimiter or ',')} in the caption?)"
            )
        if self._caption >= len(row):
            return f"row has no value in column {self._chosen!r}"
        return None

    def _record(self, row: list[str], start: int, undecodable: str | None) -> Record:
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


def _row_fields(header: list[str], row: list[str]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name, value in zip(header, row, strict=False):
        fields.setdefault(name, value)
    return fields
