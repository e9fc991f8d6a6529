"""Issue 15 ("nothing lost, nothing passed silently") and issue 12 §3 for the input readers.

Every reader accounts for every record: the results plus the bad records are the records read,
and a bad record names its file and line.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
from pathlib import Path

import pytest
from conftest import run_cli

from disclosure_check.inputs import (
    MAX_RECORD_CHARS,
    Meter,
    checked_delimiter,
    checked_encoding,
    classify,
    read_inputs,
    read_path,
    read_stream,
)

ROOT = Path(__file__).resolve().parent.parent


def captions(records):
    return [r.caption if r.error is None else ("bad", r.origin.line) for r in records]


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


# -- item 2: a stray quote ------------------------------------------------------------------------


def test_a_stray_quote_is_one_bad_record_and_the_records_after_it_are_read(tmp_path):
    path = write(tmp_path, "p.csv", b'id,caption\n1,"unclosed\n2,b\n3,c\n4,d\n')
    records = list(read_path(path))
    assert captions(records) == [("bad", 2), "b", "c", "d"]
    assert "quote" in records[0].error
    assert records[0].origin.source == path


def test_a_quote_followed_by_text_is_a_bad_record_not_a_silently_joined_cell(tmp_path):
    path = write(tmp_path, "p.csv", b'id,caption\n1,"#ad"oops\n2,"multi\nline"\n3,c\n')
    records = list(read_path(path))
    assert captions(records) == [("bad", 2), "multi\nline", "c"]
    assert [r.origin.line for r in records] == [2, 3, 5]


def test_an_inch_mark_inside_an_unquoted_cell_is_text(tmp_path):
    path = write(tmp_path, "p.csv", b'id,caption\n1,my 5" screen\n2,b\n')
    assert captions(read_path(path)) == ['my 5" screen', "b"]


# -- item 10: big cells, encodings, line endings, headers, line separators -----------------------


def test_a_cell_over_128_kib_is_read_and_one_over_the_maximum_is_a_bad_record(tmp_path):
    big = "x" * 200_000
    huge = "y" * (MAX_RECORD_CHARS + 10)
    data = f'id,caption\n1,"{big}"\n2,"{huge}"\n3,after\n'.encode()
    records = list(read_path(write(tmp_path, "p.csv", data)))
    assert captions(records) == [big, ("bad", 3), "after"]
    assert f"{MAX_RECORD_CHARS:,}" in records[1].error


def test_utf16_with_bom_is_read_by_its_bom_tab_separated_as_excel_writes_it(tmp_path):
    text = "id\tcaption\r\n1\tPublicité code LÉA\r\n2\t#ad 🎁\r\n"
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        path = write(tmp_path, "unicode.csv", bom + text.encode(codec))
        records = list(read_path(path))
        assert captions(records) == ["Publicité code LÉA", "#ad 🎁"]
        assert [r.origin.id for r in records] == ["1", "2"]


def test_a_utf8_bom_does_not_rename_the_first_column(tmp_path):
    path = write(tmp_path, "p.csv", codecs.BOM_UTF8 + b"id,caption\n7,#ad ok\n")
    (record,) = read_path(path)
    assert record.origin.id == "7" and record.caption == "#ad ok"
    path = write(tmp_path, "p.jsonl", codecs.BOM_UTF8 + b'{"caption": "#ad ok"}\n')
    assert captions(read_path(path)) == ["#ad ok"]


def test_lone_cr_line_endings_are_line_breaks(tmp_path):
    path = write(tmp_path, "p.csv", b'id,caption\r1,a\r2,"two\rlines"\r3,c\r')
    records = list(read_path(path))
    assert captions(records) == ["a", "two\rlines", "c"]
    assert [r.origin.line for r in records] == [2, 3, 5]
    path = write(tmp_path, "p.jsonl", b'{"caption": "a"}\r{"caption": "b"}\r')
    assert captions(read_path(path)) == ["a", "b"]


def test_a_header_only_csv_is_reported(tmp_path):
    (record,) = read_path(write(tmp_path, "p.csv", b"id,caption\n"))
    assert record.error is not None and "no records" in record.error
    assert record.origin.line == 1


def test_a_second_caption_column_is_an_error_naming_both(tmp_path):
    (record,) = read_path(write(tmp_path, "p.csv", b"caption,id,caption\n#ad a,1,b\n"))
    assert record.error is not None
    assert "'caption'" in record.error and "1" in record.error and "3" in record.error


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085"])
def test_unicode_line_separators_inside_a_jsonl_string_do_not_split_it(tmp_path, separator):
    caption = f"#ad one{separator}two"
    data = (json.dumps({"caption": caption}, ensure_ascii=False) + '\n{"caption": "b"}\n').encode()
    records = list(read_path(write(tmp_path, "p.jsonl", data)))
    assert captions(records) == [caption, "b"]
    assert [r.origin.line for r in records] == [1, 2]


def test_a_jsonl_line_over_the_maximum_is_a_bad_record_and_the_next_is_read(tmp_path):
    long = json.dumps({"caption": "z" * (MAX_RECORD_CHARS + 1)})
    data = f'{long}\n{{"caption": "after"}}\n'.encode()
    assert captions(read_path(write(tmp_path, "p.jsonl", data))) == [("bad", 1), "after"]


# -- issue 12 §3: names that look like files, more formats ---------------------------------------


@pytest.mark.parametrize(
    "name", ["posts.cvs", "POSTS.CSV", "captions.jsonl.gz", "dir/captions", "my posts.csv"]
)
def test_a_name_that_looks_like_a_file_is_never_a_caption(tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    (item,) = classify([name])
    assert item.kind == "missing"


@pytest.mark.parametrize("text", ["Use code EMMA20 at @glowco", "#ad", "v1.2", "EMMA20"])
def test_caption_text_is_a_caption(tmp_path, monkeypatch, text):
    monkeypatch.chdir(tmp_path)
    (item,) = classify([text])
    assert item.kind == "caption"


def test_a_missing_file_suggests_near_names_in_its_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "posts.csv").write_text("id,caption\n1,#ad\n", encoding="utf-8")
    for typo in ("posts.cvs", "POSTS.CSV"):
        (record,) = read_inputs(classify([typo]))
        assert record.error is not None and "did you mean posts.csv?" in record.error


def test_a_json_file_is_an_array_of_records_or_one_record(tmp_path):
    data = b'[\n  {"id": 1, "caption": "#ad a"},\n  "b",\n  42,\n  {"id": 4, "caption": "d"}\n]\n'
    records = list(read_path(write(tmp_path, "p.json", data)))
    assert captions(records) == ["#ad a", "b", ("bad", 4), "d"]
    assert [r.origin.line for r in records] == [2, 3, 4, 5]
    assert captions(read_path(write(tmp_path, "one.json", b'{"caption": "x"}'))) == ["x"]
    (empty,) = read_path(write(tmp_path, "e.json", b"[]"))
    assert empty.error == "no records"


def test_a_broken_json_file_keeps_the_records_before_the_break(tmp_path):
    data = b'[{"caption": "a"},\n{"caption": "b"\n{"caption": "c"}]'
    records = list(read_path(write(tmp_path, "p.json", data)))
    assert captions(records) == ["a", ("bad", 3)]
    assert "JSON Lines" in records[1].error


def test_tsv_and_semicolon_csv_by_suffix_by_sniffing_and_by_option(tmp_path):
    tsv = write(tmp_path, "p.tsv", b"id\tcaption\n1\t#ad, with a comma\n")
    assert captions(read_path(tsv)) == ["#ad, with a comma"]
    semi = write(tmp_path, "p.csv", b"id;caption;lang\n1;#ad, ok;fr\n")
    assert captions(read_path(semi)) == ["#ad, ok"]
    # One column: nothing to sniff, so the option decides.
    single = write(tmp_path, "s.csv", b"caption\n#ad; ok|x\n")
    assert captions(read_path(single)) == ["#ad; ok|x"]
    (split,) = read_path(single, delimiter="|")
    assert split.error == "row has 2 fields but the header has 1 (an unquoted pipe in the caption?)"


def test_gzip_inputs_by_suffix_and_by_magic_bytes(tmp_path):
    data = gzip.compress(b'{"caption": "a"}\n{"caption": "b"}\n')
    assert captions(read_path(write(tmp_path, "c.jsonl.gz", data))) == ["a", "b"]
    meter = Meter()
    records = list(read_stream("<stdin>", io.BytesIO(data), "jsonl", meter=meter))
    assert captions(records) == ["a", "b"] and meter.done == len(data)
    truncated = write(tmp_path, "t.jsonl.gz", data[:-12])
    *_, last = read_path(truncated)
    assert last.error is not None and "gzip" in last.error


def test_cp1252_with_encoding_and_a_clear_message_without(tmp_path):
    path = write(tmp_path, "p.csv", b"id,caption\n1,caf\xe9 \x80 code\n2,ok\n")
    records = list(read_path(path))
    assert records[0].error is not None and "--encoding cp1252" in records[0].error
    assert records[1].caption == "ok"
    assert captions(read_path(path, encoding="cp1252")) == ["café € code", "ok"]
    with pytest.raises(ValueError, match="unknown encoding 'klingon'"):
        list(read_path(path, encoding="klingon"))


# -- the command line -----------------------------------------------------------------------------


def test_cli_encoding_delimiter_and_a_mistyped_file_name(tmp_path):
    (tmp_path / "posts.csv").write_bytes(b"id;caption\n1;#ad caf\xe9\n")
    result = run_cli(
        ROOT, str(tmp_path / "posts.csv"), "--encoding", "cp1252", "--delimiter", ";",
        "-j", "UK", "--format", "jsonl", "-q",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["caption"] == "#ad café"
    result = run_cli(ROOT, str(tmp_path / "posts.csv"), "--encoding", "klingon")
    assert result.returncode == 2
    assert "unknown encoding 'klingon'" in result.stderr and "Traceback" not in result.stderr
    result = run_cli(ROOT, str(tmp_path / "posts.cvs"), "-q")
    assert result.returncode == 2
    assert "did you mean" in result.stderr and "posts.csv" in result.stderr


def test_delimiter_and_encoding_names_are_checked():
    assert [checked_delimiter(d) for d in ("tab", "\\t", ";", "Pipe")] == ["\t", "\t", ";", "|"]
    for bad in ('"', ";;", ""):
        with pytest.raises(ValueError, match="one character"):
            checked_delimiter(bad)
    assert checked_encoding("cp1252") == "cp1252"
    with pytest.raises(ValueError, match="unknown encoding 'rot13'"):
        checked_encoding("rot13")
