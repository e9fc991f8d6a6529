"""What the readers produce: a Record, where it came from (Origin), and bytes read (Meter)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


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
    """Bytes read so far from batch inputs (compressed bytes for gzip), for the progress bar."""

    done: int = 0
