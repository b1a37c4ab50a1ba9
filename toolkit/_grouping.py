"""Group keys for ``by=`` options: corpus columns or periods derived from ``date``."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from toolkit._errors import format_message

__all__ = ["PERIODS", "resolve_by", "group_keys", "group_codes", "period_labels"]

# period name -> pandas period frequency
PERIODS = {"year": "Y", "quarter": "Q", "month": "M", "week": "W", "day": "D"}


def resolve_by(by: str | Sequence[str] | None) -> list[str]:
    """``by`` as a list of column names (``None`` -> ``[]``)."""
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    by = list(by)
    if not all(isinstance(b, str) for b in by):
        raise TypeError(f"`by` must be a column name, a list of them, or None, got {by!r}")
    return by


def period_labels(dates: pd.Series, period: str) -> pd.Series:
    """Label each date with its period (``"2022"``, ``"2022Q1"``, ``"2022-03"``, ...).

    Example
    -------
    >>> period_labels(pd.Series(pd.to_datetime(["2022-03-14"])), "quarter").tolist()
    ['2022Q1']
    """
    if period not in PERIODS:
        raise ValueError(f"`period` must be one of {list(PERIODS)}, got {period!r}")
    dates = pd.to_datetime(dates)
    labels = dates.dt.to_period(PERIODS[period]).astype(str)
    return labels.where(dates.notna(), None)


def group_keys(corpus: pd.DataFrame, by: str | Sequence[str] | None) -> pd.DataFrame:
    """One column per ``by`` name, one row per document.

    A name that is not a column but is one of ``year``, ``quarter``, ``month``, ``week``,
    ``day`` is derived from ``date``.
    """
    columns = {}
    for name in resolve_by(by):
        if name in corpus.columns:
            columns[name] = corpus[name].to_numpy()
        elif name in PERIODS and "date" in corpus.columns:
            columns[name] = period_labels(corpus["date"], name).to_numpy()
        else:
            raise ValueError(
                format_message(
                    f"cannot group by {name!r}: no such column",
                    where=f"the corpus (columns: {', '.join(map(str, corpus.columns))})",
                    fix=f"use a column name or one of {list(PERIODS)} (derived from 'date')",
                )
            )
    return pd.DataFrame(columns, index=pd.RangeIndex(len(corpus)))


def group_codes(keys: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """Integer group code per row and the table of distinct groups (missing values kept).

    With no key columns every row is in group 0 and the group table has one row, no columns.
    """
    if keys.shape[1] == 0:
        return np.zeros(len(keys), dtype=np.int64), pd.DataFrame(index=pd.RangeIndex(1))
    grouped = keys.groupby(list(keys.columns), dropna=False, sort=True)
    codes = grouped.ngroup().to_numpy()
    uniques = keys.assign(_code=codes).drop_duplicates("_code").sort_values("_code")
    return codes, uniques.drop(columns="_code").reset_index(drop=True)
