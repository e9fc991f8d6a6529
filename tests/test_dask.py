"""The Dask and pandas helpers, on a real two-process LocalCluster, against one process."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import corpus_records

import disclosure_check as dc
from disclosure_check.records import COLUMNS, flat_record

try:
    import dask.bag  # noqa: F401 - the extra is installed
    import distributed  # noqa: F401 (is the extra installed? the cluster is in conftest)
    import pandas as pd
except ImportError:  # pragma: no cover
    if os.environ.get("CI"):
        raise  # CI installs the extra: a missing install must fail, not skip
    pytest.skip("pip install 'disclosure-check[dask]'", allow_module_level=True)

CORPUS = Path(__file__).parent / "corpus"


def captions() -> list[dict[str, str]]:
    records = corpus_records(*sorted(CORPUS.glob("*.jsonl")))
    return [{"id": r["id"], "caption": r["caption"]} for r in records[:200]]


def expected(items, jurisdiction):
    checker = dc.Checker(jurisdiction, "instagram")
    return [flat_record(checker.check(i["caption"]), i["id"]) for i in items]


def test_bag_matches_single_process(dask_client):
    import dask.bag as db

    from disclosure_check.dask import check_bag

    items = captions()
    bag = db.from_sequence(items, npartitions=6)
    got = check_bag(bag, jurisdiction="FR", platform="instagram").compute()
    assert got == expected(items, "FR")
    assert set(got[0]) == set(COLUMNS)


def test_dataframe_matches_single_process(dask_client):
    import dask.dataframe as dd

    from disclosure_check.dask import check_dataframe

    items = captions()
    frame = pd.DataFrame(items)
    ddf = dd.from_pandas(frame, npartitions=4)
    got = check_dataframe(ddf, "caption", id_column="id", platform="instagram").compute()
    assert got.to_dict("records") == expected(items, None)


def test_bad_records_become_error_rows(dask_client):
    import dask.bag as db

    from disclosure_check.dask import check_bag

    bag = db.from_sequence(["code LEA20", {"id": "x", "caption": 5}], npartitions=1)
    rows = check_bag(bag, jurisdiction="FR").compute()
    assert rows[1]["id"] == "x" and "caption must be a str" in rows[1]["error"]


def test_bad_arguments_fail_in_the_caller():
    import dask.bag as db

    from disclosure_check.dask import check_bag

    with pytest.raises(ValueError, match="unknown jurisdiction"):
        check_bag(db.from_sequence(["x"]), jurisdiction="XX")


def test_pandas_helpers():
    from disclosure_check.pandas import check_frame, check_series

    series = pd.Series(["code LEA20 chez @glowco", "bonjour"], index=["a", "b"])
    out = check_series(series, jurisdiction="FR")
    assert list(out.index) == ["a", "b"] and out.loc["a", "rule_ids"] == "FR101"
    frame = pd.DataFrame({"caption": series.values, "likes": [3, 4]})
    joined = check_frame(frame, jurisdiction="FR")
    assert list(joined.columns[:2]) == ["caption", "likes"]
    assert joined.loc[0, "dc_commercial"] and not joined.loc[1, "dc_commercial"]
