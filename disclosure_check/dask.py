"""Running checks on Dask, for batches that outgrow one machine (extra: disclosure-check[dask]).

    import dask.bag as db
    from disclosure_check.dask import check_bag, check_dataframe

    records = check_bag(db.read_text("posts-*.jsonl").map(json.loads), jurisdiction="FR")
    frame = check_dataframe(ddf, column="caption", id_column="post_id", jurisdiction="FR")

Each worker process builds one Checker per set of arguments and reuses it for every partition
it is given. Point the same code at a multi-machine cluster by creating a
`distributed.Client("tcp://scheduler:8786")` first; every worker needs `disclosure-check` (and
any rule packs you enable) installed.
"""

from __future__ import annotations

from typing import Any

from .checker import checker_for
from .records import COLUMNS, check_records

__all__ = ["check_bag", "check_dataframe", "check_records"]


def check_bag(bag: Any, **checker_arguments: Any) -> Any:
    """A bag of flat records (COLUMNS) from a bag of captions or records, in order."""
    checker_for(**checker_arguments)  # fail here, in the caller, on bad arguments
    return bag.map_partitions(check_records, checker_arguments)


def _frame_partition(
    frame: Any,
    column: str,
    id_column: str | None,
    language_column: str | None,
    arguments: dict[str, Any],
) -> Any:
    import pandas as pd  # noqa: PLC0415 (an optional extra: imported when used)

    items = []
    for row in frame.itertuples(index=False):
        values = row._asdict()
        items.append(
            {
                "id": values[id_column] if id_column else None,
                "caption": values[column],
                "language": values[language_column] if language_column else None,
            }
        )
    records = check_records(items, arguments)
    return pd.DataFrame(records, columns=list(COLUMNS), index=frame.index)


def check_dataframe(
    frame: Any,
    column: str = "caption",
    *,
    id_column: str | None = None,
    language_column: str | None = None,
    **checker_arguments: Any,
) -> Any:
    """A Dask DataFrame of flat records (COLUMNS), one row per row of `frame`, same index."""
    import pandas as pd  # noqa: PLC0415 (an optional extra: imported when used)

    for name in (column, id_column, language_column):
        if name is not None and name not in frame.columns:
            columns = ", ".join(map(str, frame.columns))
            raise ValueError(f"column {name!r} is not in the frame; columns: {columns}")
    checker_for(**checker_arguments)
    meta = pd.DataFrame({c: pd.Series(dtype="object") for c in COLUMNS})
    return frame.map_partitions(
        _frame_partition, column, id_column, language_column, checker_arguments, meta=meta
    )
