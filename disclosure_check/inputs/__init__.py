"""Reading captions to check: text files, JSON Lines, JSON and CSV batches, stdin, arguments.

The command line, the audit command and the HTTP server all read their inputs here, so that a
record is found, decoded and reported bad the same way everywhere. The API:

    Origin                       where a record came from (source name, line, record id,
                                 layout, is_file) and how caption offsets map to positions
    Record                       one input record: origin, caption, language, jurisdiction,
                                 platform, post; `error` (said for a person) when it is bad;
                                 `fields`, the whole input record, for callers that read
                                 their own fields (account, date, …)
    Meter                        bytes read so far, for a progress bar
    read_path(path, *, kind=None, column=None, meter=None, delimiter=None, encoding=None)
                                 -> Iterator[Record]
    read_stream(name, stream, kind, *, column=None, is_file=True, meter=None,
                delimiter=None, encoding=None) -> Iterator[Record]

`kind` is "jsonl", "json", "csv" or "text" (the whole input is one caption). For `read_path`
it defaults to the suffix: .jsonl and .ndjson are JSON Lines, .json is JSON, .csv and .tsv are
CSV (.tsv with a tab), anything else a caption file; a .gz after the suffix is looked through.
A missing file or a directory is one bad Record, not an exception; an unknown kind or encoding
name is a ValueError.

Every input is decoded as it is read (modules: `opening`): gzip by its magic bytes, the
encoding given, else the one a byte-order mark names (UTF-8, UTF-16, UTF-32), else UTF-8;
\\n, \\r\\n and a lone \\r end lines. Every reader accounts for every record: what it yields,
good and bad, is every record it read, and a bad record names its file and line. A record is at
most MAX_RECORD_CHARS characters (data/inputs.toml); a longer one is a bad record.

`Record.fields` is the JSON object of a JSON record as parsed, or for CSV the header names
mapped to the row's cells (a short row lacks its trailing columns), with `post` parsed from
JSON. A bare JSON string record, a text file and a record too broken to parse have no fields.

Records are produced one at a time, in input order, and nothing that grows with the input is
kept, so a million-line batch reads in flat memory; a .json file is the exception, one
document read whole.

`CsvReader(name, stream, …)` is the CSV reader on its own: `header()` says what is wrong with
the header row, if anything, and `records()` yields the records.

For the command line there is also `classify` (is an argument a caption, a file or a path that
does not exist? see `arguments`), `read_inputs`, which reads classified arguments in order, and
`ReadOptions` (caption column, delimiter, encoding) with `checked_encoding` and
`checked_delimiter` for the options that set them.
"""

from __future__ import annotations

from .arguments import Input, classify, looks_like_path, near_names, read_inputs
from .csvfile import CsvReader
from .model import Meter, Origin, Record, line_and_column
from .reading import read_path, read_stream
from .settings import (
    BATCH_SUFFIXES,
    CAPTION_COLUMNS,
    KINDS,
    MAX_RECORD_CHARS,
    ReadOptions,
    checked_delimiter,
    checked_encoding,
    kind_of,
)

__all__ = [
    "BATCH_SUFFIXES",
    "CAPTION_COLUMNS",
    "KINDS",
    "MAX_RECORD_CHARS",
    "CsvReader",
    "Input",
    "Meter",
    "Origin",
    "ReadOptions",
    "Record",
    "checked_delimiter",
    "checked_encoding",
    "classify",
    "kind_of",
    "line_and_column",
    "looks_like_path",
    "near_names",
    "read_inputs",
    "read_path",
    "read_stream",
]
