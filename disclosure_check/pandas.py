"""pandas helpers for notebooks: one flat row of results per caption (extra: [pandas])."""

from __future__ import annotations

from typing import Any

from .records import COLUMNS, check_records


def check_series(series: Any, **checker_arguments: Any) -> Any:
    """A DataFrame of flat records (COLUMNS), indexed like `series` (captions)."""
    import pandas as pd  # noqa: PLC0415 (an optional extra: imported when used)

    items = [{"id": index, "caption": value} for index, value in series.items()]
    records = check_records(items, checker_arguments)
    return pd.DataFrame(records, columns=list(COLUMNS), index=series.index)


def check_frame(
    frame: Any,
    column: str = "caption",
    *,
    language_column: str | None = None,
    **checker_arguments: Any,
) -> Any:
    """`frame` with the flat result columns joined on (prefixed `dc_`)."""
    import pandas as pd  # noqa: PLC0415 (an optional extra: imported when used)

    if column not in frame.columns:
        raise ValueError(
            f"column {column!r} is not in the frame; columns: {', '.join(map(str, frame.columns))}"
        )
    items = [
        {
            "id": index,
            "caption": row[column],
            "language": row[language_column] if language_column else None,
        }
        for index, row in frame.iterrows()
    ]
    results = pd.DataFrame(check_records(items, checker_arguments), index=frame.index)
    results = results.drop(columns=["id"]).add_prefix("dc_")
    return frame.join(results)
