"""Pooled rates per group with bootstrap intervals over documents."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from toolkit._errors import format_message
from toolkit._grouping import group_codes, group_keys, resolve_by

__all__ = ["rate_summary", "SUMMARY_COLUMNS"]

SUMMARY_COLUMNS = ("count", "n_tokens", "rate", "ci_low", "ci_high")

# Upper bound on (resamples x rows) drawn at once, to keep memory flat for large groups.
_DRAW_BUDGET = 2_000_000


def _numeric_column(data: pd.DataFrame, column: str, keyword: str) -> np.ndarray:
    if column not in data.columns:
        raise ValueError(
            format_message(
                f"rate_summary: column {column!r} not found",
                where=f"data (columns: {', '.join(map(str, data.columns))})",
                fix=f'pass {keyword}="<column>" naming the column to use',
            )
        )
    try:
        values = pd.to_numeric(data[column]).to_numpy(dtype=float)
    except (TypeError, ValueError) as err:
        raise ValueError(
            format_message(f"rate_summary: column {column!r} is not numeric", where="data",
                           fix="convert it with pandas.to_numeric")
        ) from err
    bad = np.isnan(values) | (values < 0)
    if bad.any():
        rows = ", ".join(str(r) for r in data.index[bad][:5])
        raise ValueError(
            format_message(
                f"rate_summary: {int(bad.sum())} missing or negative values in column {column!r}",
                where=f"data (rows {rows})",
                fix="counts and token totals must be non-negative numbers; fill or drop those rows",
            )
        )
    return values


def _bootstrap(counts: np.ndarray, tokens: np.ndarray, *, per: float, n_boot: int,
               quantiles: tuple[float, float], rng: np.random.Generator) -> tuple[float, float]:
    """Percentile interval of the pooled rate over ``n_boot`` resamples of the rows."""
    m = len(counts)
    rates = np.empty(n_boot)
    step = max(1, min(n_boot, _DRAW_BUDGET // max(m, 1)))
    for first in range(0, n_boot, step):
        size = min(step, n_boot - first)
        draws = rng.integers(0, m, size=(size, m))
        boot_tokens = tokens[draws].sum(axis=1)
        boot_counts = counts[draws].sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            rates[first:first + size] = np.where(boot_tokens > 0,
                                                 boot_counts / boot_tokens * per, np.nan)
    rates = rates[~np.isnan(rates)]
    if rates.size == 0:
        return np.nan, np.nan
    low, high = np.percentile(rates, [100 * quantiles[0], 100 * quantiles[1]])
    return float(low), float(high)


def rate_summary(
    data: pd.DataFrame,
    *,
    by: str | Sequence[str] | None,
    count: str = "count",
    n_tokens: str = "n_tokens",
    per: float = 1000,
    n_boot: int = 1000,
    level: float = 0.95,
    random_state: int | np.random.Generator | None = 0,
) -> pd.DataFrame:
    """Pooled rate per group, with a bootstrap interval that resamples rows (documents).

    The rate of a group is ``sum(count) / sum(n_tokens) * per`` over its rows: long documents
    weigh more than short ones, as they do in a rate computed from the whole group's text.
    The interval is the percentile interval of that rate over ``n_boot`` resamples, with
    replacement, of the group's rows. Each row should therefore be one document (for
    example ``lexicon_counts(corpus, lexicon, by=["outlet", "doc_id"])``); with one row per
    group the interval collapses to the rate itself.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per document (and, say, category) with a count and a token total.
    by : str, list of str or None
        Grouping columns (``None``: all rows form one group). Missing group values form their
        own group.
    count, n_tokens : str
        Names of the count and token-total columns.
    per : float, default 1000
        Rate unit: 1000 gives occurrences per 1,000 words.
    n_boot : int, default 1000
        Bootstrap resamples per group; 0 skips the interval (``ci_low``/``ci_high`` are NaN).
    level : float, default 0.95
        Coverage of the interval.
    random_state : int, numpy.random.Generator or None, default 0
        Seed for the resampling; the same seed gives the same intervals.

    Returns
    -------
    pandas.DataFrame
        One row per group, sorted by group: the ``by`` columns, ``count`` and ``n_tokens``
        (sums over the group's rows), ``rate`` (``count / n_tokens * per``; NaN when
        ``n_tokens`` is 0), ``ci_low`` and ``ci_high`` (the bootstrap interval).

    Example
    -------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"outlet": ["A", "A", "B"], "count": [2, 0, 3],
    ...                       "n_tokens": [1000, 1000, 500]})
    >>> rate_summary(table, by="outlet")[["outlet", "count", "n_tokens", "rate"]]
      outlet  count  n_tokens  rate
    0      A      2      2000   1.0
    1      B      3       500   6.0
    """
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"rate_summary: `data` must be a pandas DataFrame, got "
                        f"{type(data).__name__}")
    if isinstance(n_boot, bool) or not isinstance(n_boot, int | np.integer) or n_boot < 0:
        raise ValueError(f"`n_boot` must be a non-negative integer, got {n_boot!r}")
    if not (isinstance(per, int | float | np.number) and per > 0):
        raise ValueError(f"`per` must be a positive number, got {per!r}")
    if not (isinstance(level, float | int) and 0 < level < 1):
        raise ValueError(f"`level` must be between 0 and 1 (e.g. 0.95), got {level!r}")
    by_columns = resolve_by(by)
    for column in by_columns:
        if column not in data.columns:
            raise ValueError(
                format_message(
                    f"rate_summary: cannot group by {column!r}: no such column",
                    where=f"data (columns: {', '.join(map(str, data.columns))})",
                    fix="pass by= with column names of the table",
                )
            )
    counts = _numeric_column(data, count, "count")
    tokens = _numeric_column(data, n_tokens, "n_tokens")
    keys = group_keys(data.reset_index(drop=True), by_columns)
    codes, groups = group_codes(keys)
    n_groups = len(groups) if len(data) else 0

    rng = np.random.default_rng(random_state)
    alpha = (1 - level) / 2
    total_counts = np.bincount(codes, weights=counts, minlength=n_groups)[:n_groups]
    total_tokens = np.bincount(codes, weights=tokens, minlength=n_groups)[:n_groups]
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(total_tokens > 0, total_counts / np.where(total_tokens > 0, total_tokens, 1)
                        * per, np.nan)
    ci_low = np.full(n_groups, np.nan)
    ci_high = np.full(n_groups, np.nan)
    if n_boot > 0:
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(n_groups + 1))
        for group in range(n_groups):
            rows = order[bounds[group]:bounds[group + 1]]
            ci_low[group], ci_high[group] = _bootstrap(
                counts[rows], tokens[rows], per=per, n_boot=n_boot,
                quantiles=(alpha, 1 - alpha), rng=rng,
            )

    table = groups.iloc[:n_groups].reset_index(drop=True)
    integral = all(pd.api.types.is_integer_dtype(data[c]) for c in (count, n_tokens))
    cast = np.int64 if integral else float
    table["count"] = total_counts.astype(cast)
    table["n_tokens"] = total_tokens.astype(cast)
    table["rate"] = rate
    table["ci_low"] = ci_low
    table["ci_high"] = ci_high
    return table[[*by_columns, *SUMMARY_COLUMNS]]
