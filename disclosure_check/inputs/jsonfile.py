"""JSON Lines batches (one record a line, streamed) and .json files (an array, read whole)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from .model import Origin, Record
from .opening import UNREADABLE, Encoding, lines, unreadable
from .settings import MAX_RECORD_CHARS

_WS = " \t\r\n"
_DECODER = json.JSONDecoder()


def record_from_json(origin: Origin, data: Any, wanted: tuple[str, ...]) -> Record:
    """The Record of one parsed JSON value: an object with a caption field, or a bare string."""
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


def _invalid(exc: json.JSONDecodeError) -> str:
    # "Unterminated string starting at" + " at column 9" would say "at" twice.
    return f"invalid JSON ({exc.msg.removesuffix(' at')} at column {exc.colno})"


def _parsed_line(origin: Origin, line: str, wanted: tuple[str, ...]) -> Record:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return Record(origin, error=_invalid(exc))
    except (ValueError, RecursionError) as exc:
        return Record(origin, error=f"invalid JSON ({type(exc).__name__}: {exc})")
    return record_from_json(origin, data, wanted)


def jsonl_records(
    name: str, text: IO[str], encoding: Encoding, wanted: tuple[str, ...], is_file: bool
) -> Iterator[Record]:
    """One record per non-blank line; a bad line is a bad record and the next line is read."""
    seen_any = False
    for line in lines(text, encoding, MAX_RECORD_CHARS):
        origin = Origin(name, line.number, layout="jsonl", is_file=is_file)
        if line.problem is not None:
            seen_any = True
            yield Record(origin, error=line.problem)
            continue
        stripped = line.text.strip()
        if stripped:
            seen_any = True
            yield _parsed_line(origin, stripped, wanted)
    if not seen_any:
        yield Record(Origin(name, 1, layout="jsonl", is_file=is_file), error="no records")


class _Document:
    """A .json document being walked value by value, with the line of each position."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self._line = 1
        self._counted = 0

    def line(self, pos: int) -> int:
        """The 1-based line of `pos` (positions are asked for in increasing order)."""
        t = self.text
        self._line += t.count("\n", self._counted, pos) + t.count("\r", self._counted, pos)
        self._line -= t.count("\r\n", self._counted, pos)
        self._counted = pos
        return self._line

    def skip(self) -> str:
        """Skip white space; the next character, or "" at the end."""
        while self.pos < len(self.text) and self.text[self.pos] in _WS:
            self.pos += 1
        return self.text[self.pos : self.pos + 1]

    def value(self) -> tuple[int, Any, str]:
        """(line, value, its source text) of the value at the position; moves past it."""
        start = self.pos
        data, self.pos = _DECODER.raw_decode(self.text, start)
        return self.line(start), data, self.text[start : self.pos]


def _broken(doc: _Document, exc: Exception, name: str, is_file: bool) -> Record:
    if isinstance(exc, json.JSONDecodeError):
        line, problem = doc.line(exc.pos), _invalid(exc)
    else:
        line, problem = doc.line(doc.pos), f"invalid JSON ({type(exc).__name__}: {exc})"
    return Record(
        Origin(name, line, layout="jsonl", is_file=is_file),
        error=f"{problem}; a .json file is one document, so nothing after this point can be "
        f"read (JSON Lines, one record a line, keeps a bad record from hiding the rest)",
    )


def json_records(
    name: str, text: IO[str], encoding: Encoding, wanted: tuple[str, ...], is_file: bool
) -> Iterator[Record]:
    """The records of a .json file: an array of records, or one record; read whole."""
    try:
        doc = _Document(text.read())
    except UNREADABLE as exc:
        yield Record(Origin(name, is_file=is_file), error=unreadable(exc))
        return
    first = doc.skip()
    if first not in ("[", "{", '"'):
        problem = "no records" if not first else "a .json file holds an array of records or one"
        yield Record(Origin(name, doc.line(doc.pos), is_file=is_file), error=problem)
        return
    count = 0
    try:
        for line, data, source in _values(doc):
            count += 1
            origin = Origin(name, line, layout="jsonl", is_file=is_file)
            undecodable = encoding.problem(source, "the record")
            if undecodable is not None:
                yield Record(origin, error=undecodable)
            else:
                yield record_from_json(origin, data, wanted)
    except (ValueError, RecursionError) as exc:
        yield _broken(doc, exc, name, is_file)
        return
    if not count:
        yield Record(Origin(name, 1, layout="jsonl", is_file=is_file), error="no records")


def _values(doc: _Document) -> Iterator[tuple[int, Any, str]]:
    if doc.skip() != "[":
        yield doc.value()
        _expect(doc, "")
        return
    doc.pos += 1
    if doc.skip() == "]":
        doc.pos += 1
        _expect(doc, "")
        return
    while True:
        yield doc.value()
        follows = doc.skip()
        doc.pos += 1
        if follows == "]":
            _expect(doc, "")
            return
        if follows != ",":
            doc.pos -= 1
            raise json.JSONDecodeError("Expecting ',' delimiter", doc.text, doc.pos)
        doc.skip()


def _expect(doc: _Document, what: str) -> None:
    if doc.skip() != what:
        raise json.JSONDecodeError("Extra data", doc.text, doc.pos)
