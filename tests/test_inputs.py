"""disclosure_check.inputs: the readers the command line, the audit command and the server share."""

from __future__ import annotations

import io

import pytest

from disclosure_check.inputs import Meter, Origin, read_path, read_stream


def test_jsonl_record_carries_the_whole_object(tmp_path):
    path = tmp_path / "posts.jsonl"
    path.write_text(
        '{"id": 7, "caption": "Use code EMMA20", "account": "@emma", "date": "2026-11-02"}\n'
        '"just a caption"\n',
        encoding="utf-8",
    )
    first, second = read_path(str(path))
    assert first.caption == "Use code EMMA20"
    assert first.origin == Origin(str(path), 1, "7", layout="jsonl")
    assert first.fields["account"] == "@emma"
    assert first.fields["date"] == "2026-11-02"
    assert second.caption == "just a caption"
    assert dict(second.fields) == {}


def test_csv_record_maps_header_to_cells_with_post_parsed(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text(
        'id,account,text,post\n1,@emma,"Use code EMMA20","{""paid_partnership"": true}"\n',
        encoding="utf-8",
    )
    (record,) = read_path(str(path))
    assert record.error is None
    assert record.caption == "Use code EMMA20"
    assert record.post == {"paid_partnership": True}
    assert record.fields == {
        "id": "1",
        "account": "@emma",
        "text": "Use code EMMA20",
        "post": {"paid_partnership": True},
    }


def test_suffix_decides_the_kind_unless_given(tmp_path):
    path = tmp_path / "one.txt"
    path.write_text('{"caption": "not parsed"}\n', encoding="utf-8")
    (as_text,) = read_path(str(path))
    assert as_text.caption == '{"caption": "not parsed"}'
    (as_jsonl,) = read_path(str(path), kind="jsonl")
    assert as_jsonl.caption == "not parsed"


def test_missing_file_and_directory_are_bad_records(tmp_path):
    (missing,) = read_path(str(tmp_path / "nope.jsonl"))
    assert missing.error == f"no such file: {tmp_path / 'nope.jsonl'}"
    (directory,) = read_path(str(tmp_path))
    assert directory.error == "is a directory; give the caption files in it"


def test_read_stream_counts_bytes_and_names_the_caption_column():
    data = b'{"body": "Use code EMMA20"}\n{"caption": "no body"}\n'
    meter = Meter()
    stream = io.BytesIO(data)
    good, bad = read_stream("<stdin>", stream, "jsonl", column="body", is_file=False, meter=meter)
    assert good.caption == "Use code EMMA20"
    assert good.origin == Origin("<stdin>", 1, layout="jsonl", is_file=False)
    assert bad.error == "record has no 'body' field"
    assert bad.fields == {"caption": "no body"}
    assert meter.done == len(data)


def test_read_stream_rejects_an_unknown_kind():
    with pytest.raises(ValueError, match="unknown input kind 'xml'"):
        list(read_stream("x", io.BytesIO(b""), "xml"))
