"""Audits on a real two-process LocalCluster give the same result as one process."""

from __future__ import annotations

import os

import pytest
from test_audit import RECORDS

from disclosure_check.audits import audit

try:
    import dask.bag as db
    import distributed  # noqa: F401 (is the extra installed? the cluster is in conftest)

    from disclosure_check.audits.dask import audit_bag
except ImportError:  # pragma: no cover
    if os.environ.get("CI"):
        raise  # CI installs the extra: a missing install must fail, not skip
    pytest.skip("pip install 'disclosure-check[dask]'", allow_module_level=True)


def test_two_process_cluster_gives_the_same_audit(dask_client):
    feed = [*RECORDS, {"account": "lea", "caption": ""}, {"account": "lea", "date": "x"}]
    expected = audit(feed, jurisdiction="FR", language="fr")
    bag = db.from_sequence(feed, npartitions=5)
    got = audit_bag(bag, jurisdiction="FR", language="fr", split_every=2)
    assert got.to_dict() == expected.to_dict()
    assert got.skipped_count == 2
    workers = dask_client.scheduler_info()["workers"]
    assert len(workers) == 2
