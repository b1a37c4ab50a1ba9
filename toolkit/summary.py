"""Pooled rates per group with bootstrap intervals over documents."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from toolkit._errors import format_message
from toolkit._grouping import group_codes, group_keys, resolve_by

__all__ = ["rate_summary", "SUMMARY_COLUMNS"]

SUMMARY_COLUMNS = ("count", "n_words", "rate", "ci_low", "ci_high")
# columns that split one document into several rows in the toolkit's own tables
_SPLITTING_COLUMNS = ("category", "label", "set", "term", "measure")

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


def _check_one_row_per_document(data: pd.DataFrame, by_columns: list[str],
                                document: str | None) -> None:
    """Refuse tables whose rows repeat a document (or a group) within a group.

    A table of :func:`toolkit.lexicon_counts` has one row per (group, category), each carrying
    the group's full ``n_words``: pooling its rows would add the same words once per category
    (issue 12: Fox News at 0.29 instead of 2.04 per 1,000 words).
    """
    splitting = [c for c in _SPLITTING_COLUMNS if c in data.columns and c not in by_columns]
    if document is not None and document in data.columns:
        keys = list(dict.fromkeys([*by_columns, document]))
        repeated = data.duplicated(subset=keys, keep=False)
        if repeated.any():
            first = str(data.index[repeated][0])
            why = (f" (one row per {' / '.join(map(repr, splitting))})" if splitting else "")
            raise ValueError(
                format_message(
                    f"rate_summary: {int(repeated.sum())} rows repeat a document within its "
                    f"group{why}, so the sum of n_words would count the same words several "
                    "times and the rate would be too low",
                    where=f"data, column {document!r} (first repeated row {first})",
                    fix=("keep one row per document: add the splitting column to by= "
                         f"(by=[..., {splitting[0]!r}]) for a rate per "
                         f"{splitting[0]}, or select the all-categories rows "
                         "(lexicon_counts(..., total=True) and "
                         "data[data['category'] == '(all)'])") if splitting else
                        "keep one row per document",
                )
            )
        return
    for column in splitting:
        per_group = (data.groupby(by_columns, dropna=False, sort=False)[column].nunique()
                     if by_columns else pd.Series([data[column].nunique()]))
        if (per_group > 1).any():
            raise ValueError(
                format_message(
                    f"rate_summary: the rows of a group differ in {column!r}, so they repeat the "
                    "same words (one row per "
                    f"{column}) and the sum of n_words would count them several times",
                    where=f"data, column {column!r}",
                    fix=(f"add {column!r} to by=, or select one {column} "
                         "(for lexicon_counts: total=True and data[data['category'] == '(all)'])"),
                )
            )


def rate_summary(
    data: pd.DataFrame,
    *,
    by: str | Sequence[str] | None,
    count: str = "count",
    n_words: str = "n_words",
    per: float = 1000,
    n_boot: int = 1000,
    level: float = 0.95,
    random_state: int | np.random.Generator | None = 0,
    document: str | None = "doc_id",
    n_tokens: str | None = None,
) -> pd.DataFrame:
    """Pooled rate per group, with a bootstrap interval that resamples rows (documents).

    The rate of a group is ``sum(count) / sum(n_words) * per`` over its rows: long documents
    weigh more than short ones, as they do in a rate computed from the whole group's text.
    The interval is the percentile interval of that rate over ``n_boot`` resamples, with
    replacement, of the group's rows. Each row must therefore be one document within its
    group (for example ``lexicon_counts(corpus, lexicon, by=["outlet", "doc_id"])`` with
    ``by=["outlet", "category"]``); with one row per group the interval collapses to the rate
    itself.

    **Rows that repeat a document are refused, not summed.** A ``lexicon_counts`` table has
    one row per category and document, each with the document's full ``n_words``; pooling
    them over categories would count each word once per category and report a plausible but
    several-times-too-small rate. ``rate_summary`` raises instead when the ``document``
    column repeats within a group, or (without that column) when the rows of a group differ
    in ``category``, ``label``, ``set``, ``term`` or ``measure``. Refusing was chosen over
    silently de-duplicating because the right total is not always the sum of the rows (a
    word in two categories is two hits): for all categories together, use
    ``lexicon_counts(..., total=True)`` and its ``category == "(all)"`` rows.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per document (and, say, category) with a count and a word total.
    by : str, list of str or None
        Grouping columns (``None``: all rows form one group). Missing group values form their
        own group.
    count, n_words : str
        Names of the count and word-total columns (the denominator: all word tokens).
    per : float, default 1000
        Rate unit: 1000 gives occurrences per 1,000 words.
    n_boot : int, default 1000
        Bootstrap resamples per group; 0 skips the interval (``ci_low``/``ci_high`` are NaN).
    level : float, default 0.95
        Coverage of the interval.
    random_state : int, numpy.random.Generator or None, default 0
        Seed for the resampling; the same seed gives the same intervals.
    document : str or None, default "doc_id"
        Column identifying documents, used to refuse repeated rows (ignored when absent).
    n_tokens : str, optional
        Deprecated name of ``n_words``. A table with an ``n_tokens`` column but no ``n_words``
        (made before the rename) is read with a ``FutureWarning``.

    Returns
    -------
    pandas.DataFrame
        One row per group, sorted by group: the ``by`` columns, ``count`` and ``n_words``
        (sums over the group's rows), ``rate`` (``count / n_words * per``: per ``per`` words;
        NaN when ``n_words`` is 0), ``ci_low`` and ``ci_high`` (the bootstrap interval).
        ``n_words`` replaces the former ``n_tokens``.

    Raises
    ------
    ValueError
        Rows repeat a document within a group (see above), a column is missing or not a
        non-negative number, or an option is out of range.

    Example
    -------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"outlet": ["A", "A", "B"], "count": [2, 0, 3],
    ...                       "n_words": [1000, 1000, 500]})
    >>> rate_summary(table, by="outlet")[["outlet", "count", "n_words", "rate"]]
      outlet  count  n_words  rate
    0      A      2     2000   1.0
    1      B      3      500   6.0
    """
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"rate_summary: `data` must be a pandas DataFrame, got "
                        f"{type(data).__name__}")
    if n_tokens is not None:
        warnings.warn("rate_summary(n_tokens=...) is deprecated: use n_words=...",
                      DeprecationWarning, stacklevel=2)
        n_words = n_tokens
    elif n_words == "n_words" and "n_words" not in data.columns and "n_tokens" in data.columns:
        warnings.warn("rate_summary: the table has 'n_tokens' but no 'n_words' column (made "
                      "before the rename); reading 'n_tokens' as the word total",
                      FutureWarning, stacklevel=2)
        n_words = "n_tokens"
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
    tokens = _numeric_column(data, n_words, "n_words")
    _check_one_row_per_document(data, by_columns, document)
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
    integral = all(pd.api.types.is_integer_dtype(data[c]) for c in (count, n_words))
    cast = np.int64 if integral else float
    table["count"] = total_counts.astype(cast)
    table["n_words"] = total_tokens.astype(cast)
    table["rate"] = rate
    table["ci_low"] = ci_low
    table["ci_high"] = ci_high
    return table[[*by_columns, *SUMMARY_COLUMNS]]
