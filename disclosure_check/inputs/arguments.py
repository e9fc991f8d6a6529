"""Command-line arguments: which are files, which are caption text, and their records.

The rule, in order: "-" is standard input; an existing path is a file; an argument that looks
like a file name (`looks_like_path`) but names nothing is a missing file, an input error with a
did-you-mean, never caption text; anything else is a caption.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import IO

from .model import Meter, Origin, Record
from .reading import read_path, read_stream
from .settings import (
    BATCH_SUFFIXES,
    COMPRESSION_SUFFIXES,
    MAX_EXTENSION_CHARS,
    MAX_LISTED_NAMES,
    ReadOptions,
    kind_of,
)

# A final ".ext": letters and digits, at least one letter ("v1.2" is a version, not a file).
_EXTENSION = re.compile(rf"[^.\s]\.(?=[0-9]*[A-Za-z])[A-Za-z0-9]{{1,{MAX_EXTENSION_CHARS}}}\Z")
_SEPARATORS = tuple(s for s in (os.sep, os.altsep) if s)
_KNOWN = (*BATCH_SUFFIXES, ".txt")


@dataclass(frozen=True, slots=True)
class Input:
    """One command-line argument, classified."""

    name: str  # the argument as given
    kind: str  # "text" | "jsonl" | "json" | "csv" | "caption" | "missing"


def _known_suffix(arg: str) -> bool:
    lowered = arg.lower()
    return lowered.endswith(tuple(COMPRESSION_SUFFIXES)) or lowered.endswith(_KNOWN)


def looks_like_path(arg: str) -> bool:
    """Whether an argument that names no file was meant as a file name, not caption text.

    It is, when it is one line and either ends with an input suffix (.csv, .jsonl, .json,
    .ndjson, .tsv, .txt, .gz; any case, spaces allowed), or has no white space and holds a
    path separator or ends with a file-like extension (a dot, then up to five letters and
    digits with at least one letter: posts.cvs, data.xlsx).
    """
    if "\n" in arg or "\r" in arg or len(arg) >= 4096 or not arg.strip():
        return False
    if _known_suffix(arg.strip()):
        return True
    if any(c.isspace() for c in arg):
        return False
    return any(s in arg for s in _SEPARATORS) or _EXTENSION.search(arg) is not None


def near_names(path: str) -> list[str]:
    """Names in the folder of `path` that it may have been meant as (case, typos), as paths."""
    folder, base = os.path.split(path)
    try:
        with os.scandir(folder or ".") as entries:
            names = [e.name for e in islice(entries, MAX_LISTED_NAMES)]
    except OSError:
        return []
    same = [n for n in names if n.lower() == base.lower()]
    close = same or difflib.get_close_matches(base, names, n=3, cutoff=0.6)
    return [os.path.join(folder, n) for n in close]


def _missing(name: str) -> str:
    near = near_names(name)
    mean = f"; did you mean {' or '.join(near)}?" if near else ""
    return f"no such file: {name}{mean} (to check it as a caption, use --text)"


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
    options: ReadOptions | None = None,
) -> Iterator[Record]:
    """The records of `texts` (captions given as such), then of each classified input.

    `options` says how to read batches; `column` is its caption column, kept for callers that
    give only that.
    """
    meter = meter if meter is not None else Meter()
    options = options if options is not None else ReadOptions(column=column)
    for text in texts:
        yield Record(Origin("<text>", is_file=False), caption=text)
    for item in inputs:
        if item.kind == "caption":
            yield Record(Origin("<argument>", is_file=False), caption=item.name)
        elif item.kind == "missing":
            yield Record(Origin(item.name), error=_missing(item.name))
        elif item.name == "-":
            yield from read_stream(
                "<stdin>",
                stdin if stdin is not None else sys.stdin.buffer,
                item.kind,
                column=options.column,
                is_file=False,
                meter=meter,
                delimiter=options.delimiter,
                encoding=options.encoding,
            )
        else:
            yield from read_path(
                item.name,
                kind=item.kind,
                column=options.column,
                meter=meter,
                delimiter=options.delimiter,
                encoding=options.encoding,
            )
