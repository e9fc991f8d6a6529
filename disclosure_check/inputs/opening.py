"""From a byte stream to lines of text: gzip, the encoding, line breaks, over-long lines.

Bytes are decoded as they are read, never slurped. Undecodable bytes do not stop the reading:
each becomes a lone surrogate (U+DC00 + the byte), which no decoder produces from valid input,
so that a line holding one is reported bad with the byte and its place, and the next line is
read. Line breaks are those of CSV: \\n, \\r\\n and a lone \\r, kept in the text; U+2028, U+2029
and U+0085 are characters, not line breaks.
"""

from __future__ import annotations

import codecs
import gzip
import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, BinaryIO, cast

from .model import Meter

_ESCAPE = "disclosure_check.inputs.escape"
_ESCAPED = re.compile("[\udc00-\udcff]")
_GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 16
# Longest first: the UTF-32-LE mark starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
)
# What a read of a corrupt or cut-off gzip stream raises.
UNREADABLE = (OSError, EOFError, zlib.error)


def _escape(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return "".join(chr(0xDC00 + b) for b in exc.object[exc.start : exc.end]), exc.end


codecs.register_error(_ESCAPE, _escape)


@dataclass(frozen=True, slots=True)
class Encoding:
    """How a stream is decoded: the codec, its name for people, and whether it was chosen."""

    codec: str
    name: str  # "UTF-8", "utf-16-le", "cp1252", …
    offsets: str  # the codec that measures a line's bytes (no byte-order mark)
    given: bool = False

    def problem(self, text: str, where: str) -> str | None:
        """What is wrong with decoded text holding undecodable bytes, or None."""
        found = _ESCAPED.search(text)
        if found is None:
            return None
        byte = ord(found.group()) - 0xDC00
        at = len(text[: found.start()].encode(self.offsets, "replace")) + 1
        hint = (
            f"is --encoding {self.name} right?"
            if self.given
            else "if it is Windows or Latin-1 text (Excel's CSV), give --encoding cp1252"
        )
        return f"not {self.name} text (byte 0x{byte:02x} at byte {at} of {where}); {hint}"


class _Counted(io.RawIOBase):
    """A byte stream that counts what is read from it into a Meter; closing leaves it open."""

    def __init__(self, stream: IO[bytes], meter: Meter) -> None:
        self._stream = stream
        self._meter = meter
        self._read = getattr(stream, "read1", stream.read)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._read(len(buffer))
        self._meter.done += len(data)
        buffer[: len(data)] = data
        return len(data)


def _binary(stream: IO[bytes], meter: Meter) -> io.BufferedReader[_Counted] | gzip.GzipFile:
    buffered = io.BufferedReader(_Counted(stream, meter), _CHUNK)
    if buffered.peek(2)[:2] == _GZIP_MAGIC:
        return gzip.GzipFile(fileobj=buffered, mode="rb")
    return buffered


def _encoding(head: bytes, given: str | None) -> Encoding:
    if given is not None:
        if codecs.lookup(given).name == "utf-8":
            return Encoding("utf-8-sig", "UTF-8", "utf-8", given=True)
        return Encoding(given, given, given, given=True)
    for bom, codec, offsets in _BOMS:
        if head.startswith(bom):
            return Encoding(codec, offsets if codec != "utf-8-sig" else "UTF-8", offsets)
    return Encoding("utf-8-sig", "UTF-8", "utf-8")


def open_text(
    stream: IO[bytes], meter: Meter, encoding: str | None = None
) -> tuple[io.TextIOWrapper, Encoding]:
    """The text of a byte stream (gunzipped if it is gzip), and how it is decoded.

    The encoding is `encoding` if given, else the one a byte-order mark names, else UTF-8. A
    corrupt gzip stream raises one of UNREADABLE when it is read.
    """
    binary = _binary(stream, meter)
    try:
        head = binary.peek(4)[:4]
    except UNREADABLE:
        head = b""
    chosen = _encoding(head, encoding)
    text = io.TextIOWrapper(
        cast(BinaryIO, binary), encoding=chosen.codec, errors=_ESCAPE, newline=""
    )
    return text, chosen


@dataclass(frozen=True, slots=True)
class Line:
    """One physical line: its text (with its line break), or what is wrong with it.

    `problem` is set for an undecodable line (its text is kept, so a CSV record can still be
    delimited), a line over the limit (its text is dropped) and a read failure (`final`: nothing
    after it can be read).
    """

    number: int
    text: str
    problem: str | None = None
    long: bool = False
    final: bool = False


def lines(text: IO[str], encoding: Encoding, limit: int) -> Iterator[Line]:
    """The physical lines of a text stream; a line over `limit` characters is not kept."""
    number = 0
    while True:
        try:
            chunk = text.readline(limit + 1)
        except UNREADABLE as exc:
            yield Line(
                number + 1, "", f"{unreadable(exc)}; nothing after it can be read", final=True
            )
            return
        if not chunk:
            return
        number += 1
        if len(chunk) > limit and not chunk.endswith(("\n", "\r")):
            yield _skip_long(text, number, limit)
            continue
        yield Line(number, chunk, encoding.problem(chunk, f"line {number}"))


def _skip_long(text: IO[str], number: int, limit: int) -> Line:
    problem = f"line longer than the maximum of {limit:,} characters"
    try:
        while True:
            rest = text.readline(_CHUNK)
            if not rest or rest.endswith(("\n", "\r")):
                return Line(number, "", problem, long=True)
    except UNREADABLE as exc:
        return Line(number, "", f"{problem}; then {unreadable(exc)}", final=True)


def unreadable(exc: BaseException) -> str:
    """A read failure of a (gzip) stream, said for a person."""
    if isinstance(exc, EOFError):
        return "the gzip data ends too early (a cut-off download?)"
    if isinstance(exc, gzip.BadGzipFile | zlib.error):
        return f"the gzip data is corrupt ({exc})"
    return f"cannot read on ({exc})"
