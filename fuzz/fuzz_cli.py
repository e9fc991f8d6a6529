"""Coverage-guided fuzzing of the command line end to end: readers, checks and writers.

Input layout:

    byte 0  the input file's kind: .jsonl, .csv, .tsv, .txt, .json (index modulo their number)
    byte 1  the output format: text, json, jsonl, csv, sarif
    byte 2  jurisdiction: none, FR, UK, US, DE, FR+BE
    rest    the bytes of the input file, as they are (any encoding, any garbage)

Each input is written to a file in a private temporary folder and checked with
`disclosure_check.cli.main([...])` in this process, output to a file. It must end with exit
status 0, 1 or 2 (never an exception, never another status), and what it wrote must be a whole
document of its format: JSON and SARIF parse, every JSONL line parses, CSV parses with the same
number of cells on every row. Anything else raises and atheris keeps the input.

    python fuzz/fuzz_cli.py --seeds CORPUS_DIR        # seeds from examples/ and the corpora
    python fuzz/fuzz_cli.py CORPUS_DIR -max_total_time=600 -timeout=20 -rss_limit_mb=4096
    python fuzz/fuzz_cli.py --replay crash-1234abcd   # re-run saved inputs without atheris
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
KINDS = [".jsonl", ".csv", ".tsv", ".txt", ".json"]
FORMATS = ["text", "json", "jsonl", "csv", "sarif"]
AUDIENCES = [None, "FR", "UK", "US", "DE", "FR,BE"]
WORK = Path(tempfile.mkdtemp(prefix="dc-fuzz-cli-"))


def _arguments(data: bytes) -> tuple[Path, list[str], str]:
    kind = KINDS[data[0] % len(KINDS)] if data else ".jsonl"
    fmt = FORMATS[data[1] % len(FORMATS)] if len(data) > 1 else "text"
    audience = AUDIENCES[data[2] % len(AUDIENCES)] if len(data) > 2 else None
    source = WORK / f"posts{kind}"
    source.write_bytes(data[3:])
    out = WORK / "out"
    out.unlink(missing_ok=True)
    argv = [str(source), "--format", fmt, "-o", str(out), "--quiet"]
    if audience:
        argv += ["--jurisdiction", audience]
    return out, argv, fmt


def _check_document(text: str, fmt: str) -> None:
    if fmt in ("json", "sarif"):
        document = json.loads(text)
        if fmt == "sarif":
            assert isinstance(document["runs"], list), "SARIF without runs"
    elif fmt == "jsonl":
        for line in text.splitlines():
            json.loads(line)
    elif fmt == "csv" and text:
        rows = list(csv.reader(io.StringIO(text, newline="")))
        widths = {len(row) for row in rows}
        assert len(widths) == 1, f"CSV rows of different widths: {sorted(widths)}"


def run_one(data: bytes, cli: object) -> None:
    out, argv, fmt = _arguments(data)
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        status = cli.main(argv)  # type: ignore[attr-defined]
    assert status in (0, 1, 2), f"exit status {status} for {argv}"
    if status != 2 and out.exists():
        _check_document(out.read_text("utf-8"), fmt)


def write_seeds(target: Path) -> int:
    target.mkdir(parents=True, exist_ok=True)
    sources = [
        REPO / "examples" / "captions.jsonl",
        REPO / "examples" / "posts.csv",
        *sorted((REPO / "docs" / "examples").glob("*.*")),
    ]
    count = 0
    for path in sources:
        if not path.is_file():
            continue
        kind = KINDS.index(path.suffix) if path.suffix in KINDS else 0
        body = path.read_bytes()[:4096]
        for fmt in range(len(FORMATS)):
            (target / f"seed-{count:04d}").write_bytes(bytes([kind, fmt, count % 6]) + body)
            count += 1
    return count


def main(argv: list[str]) -> None:
    if len(argv) > 1 and argv[1] == "--seeds":
        print(f"wrote {write_seeds(Path(argv[2]))} seed inputs to {argv[2]}")
        return
    if len(argv) > 1 and argv[1] == "--replay":
        from disclosure_check import cli

        for name in argv[2:]:
            run_one(Path(name).read_bytes(), cli)
            print(f"{name}: ok")
        return

    import atheris

    with atheris.instrument_imports(include=["disclosure_check"]):
        from disclosure_check import cli

    def test_one_input(data: bytes) -> None:
        run_one(data, cli)

    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
