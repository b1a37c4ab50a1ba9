"""Which periods each outlet covers: check this before comparing outlets.

A corpus scraped outlet by outlet rarely covers the same months for all of them (in
``ukraine_media`` RT runs June–September 2022, the BBC April–June): a difference between two
outlets may then be a difference between two months of the war. :func:`date_coverage` lays the
documents of each group on one common grid of periods, with zeros where a group has none.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit._errors import check_choice, format_message
from toolkit._grouping import PERIODS, group_codes, group_keys
from toolkit.corpus import validate_corpus

__all__ = ["date_coverage", "coverage_summary"]


def date_coverage(corpus: pd.DataFrame, *, by: str | None = "outlet",
                  period: str = "month") -> pd.DataFrame:
    """Documents per group and period, on a grid shared by all groups (zeros included).

    Parameters
    ----------
    corpus : pandas.DataFrame
        A corpus table; it is not modified.
    by : str or None, default "outlet"
        Column to group by (None: the whole corpus).
    period : {"year", "quarter", "month", "week", "day"}
        Length of a period.

    Returns
    -------
    pandas.DataFrame
        One row per group and period, from the corpus's first period to its last: the ``by``
        column (absent with ``by=None``), ``period`` (label such as ``"2022-03"``),
        ``period_start`` (timestamp), ``n_docs`` (0 where the group has no document). Documents
        without a date are not counted (see :func:`coverage_summary`).

    Example
    -------
    >>> import toolkit
    >>> grid = toolkit.date_coverage(toolkit.demo_corpus(), period="year")
    >>> grid.groupby("outlet")["n_docs"].sum().tolist()
    [16, 16, 16, 16]
    """
    check_choice("period", period, list(PERIODS))
    table = validate_corpus(corpus)
    keys = group_keys(table, by)
    codes, groups = group_codes(keys)
    dates = table["date"]
    dated = dates.notna().to_numpy()
    if not dated.any():
        raise ValueError(format_message("no document has a date", where="corpus",
                                        fix="load the corpus with its date column"))
    periods = dates[dated].dt.to_period(PERIODS[period])
    grid = pd.period_range(periods.min(), periods.max(), freq=PERIODS[period])
    position = (periods - grid[0]).map(lambda offset: offset.n).to_numpy(dtype=np.int64)
    counts = np.zeros((len(groups), len(grid)), dtype=np.int64)
    np.add.at(counts, (codes[dated], position), 1)
    frame = groups.loc[np.repeat(np.arange(len(groups)), len(grid))].reset_index(drop=True)
    frame["period"] = np.tile(grid.astype(str).to_numpy(), len(groups))
    frame["period_start"] = np.tile(grid.start_time.to_numpy(), len(groups))
    frame["n_docs"] = counts.ravel()
    return frame


def coverage_summary(corpus: pd.DataFrame, *, by: str | None = "outlet",
                     period: str = "month") -> pd.DataFrame:
    """How much of the corpus's time span each group covers.

    Returns
    -------
    pandas.DataFrame
        One row per group: the ``by`` column (absent with ``by=None``), ``n_docs``,
        ``n_undated``, ``first_date``, ``last_date``, ``n_periods`` (periods with at least one
        document), ``n_periods_corpus`` (periods from the corpus's first to its last date),
        ``share_of_periods`` (``n_periods / n_periods_corpus``).

    Example
    -------
    >>> import toolkit
    >>> toolkit.coverage_summary(toolkit.demo_corpus(), period="year")["n_periods"].tolist()
    [4, 4, 4, 4]
    """
    table = validate_corpus(corpus)
    grid = date_coverage(table, by=by, period=period)
    keys = group_keys(table, by)
    codes, groups = group_codes(keys)
    frame = pd.DataFrame({"_group": codes, "date": table["date"].to_numpy()})
    summary = frame.groupby("_group").agg(
        n_docs=("date", "size"), n_undated=("date", lambda s: int(s.isna().sum())),
        first_date=("date", "min"), last_date=("date", "max"))
    n_grid = grid["period"].nunique()
    active = (grid["n_docs"].to_numpy().reshape(len(groups), n_grid) > 0).sum(axis=1)
    result = pd.concat([groups, summary.reset_index(drop=True)], axis=1)
    result["n_periods"] = active.astype(np.int64)
    result["n_periods_corpus"] = np.int64(n_grid)
    result["share_of_periods"] = active / n_grid
    return result
