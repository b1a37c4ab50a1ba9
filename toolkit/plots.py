"""Plots of result tables: each function takes a table, draws on one Axes and returns it.

Every ``plot_*`` function takes the result table as ``data``, options keyword-only, and
``ax=None``: it draws on ``ax`` when given and otherwise on a new figure made with
:func:`matplotlib.pyplot.subplots`. None of them shows the figure, changes
``matplotlib.rcParams`` or sets a style: colours, fonts and sizes are passed explicitly.

Colours come from the colour-blind-safe Okabe–Ito palette; a ninth and further hue uses
Paul Tol's "muted" palette with hatching (bars) or dashed lines and markers (lines), so 10+
outlets stay distinguishable. Heatmaps use the perceptually uniform ``cividis`` colormap.
"""

from __future__ import annotations

import textwrap
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
from matplotlib import dates as mdates
from matplotlib import ticker as mticker
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgb
from matplotlib.patches import Patch, Rectangle

from toolkit._errors import check_choice, format_message, preview
from toolkit._safety import literal_text as _literal
from toolkit.summary import rate_summary

__all__ = [
    "OKABE_ITO",
    "TOL_MUTED",
    "palette",
    "plot_term_share",
    "plot_term_share_over_time",
    "plot_term_rates",
    "plot_keyness",
    "plot_loaded_language",
    "plot_readability",
    "plot_dispersion",
    "plot_framing_fingerprint",
    "plot_share_small_multiples",
    "plot_dispersion_by_outlet",
    "words",
]

#: Okabe & Ito (2008) colour-blind-safe palette (black last, so it is the eighth hue).
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
             "#000000")
#: Paul Tol's "muted" qualitative palette, used for hues beyond the eighth.
TOL_MUTED = ("#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255", "#44AA99",
             "#999933", "#AA4499")

_COLORS = OKABE_ITO + TOL_MUTED
_HATCHES = (None, "///", "\\\\\\", "...", "xxx")
_LINESTYLES = ("-", "--", ":", "-.")
_MARKERS = ("o", "s", "^", "D", "v")
_TARGET_COLOR = "#0072B2"  # blue
_REFERENCE_COLOR = "#D55E00"  # vermillion
_SINGLE_COLOR = "#56B4E9"  # sky blue
_MEAN_COLOR = "#D55E00"
_MISSING = "(missing)"
_MANY = 6  # more categories than this: horizontal bars / rotated labels

_UNITS = {
    "share": "share of mentions",
    "per_10k": "per 10,000 words",
    "per_1k": "per 1,000 words",
    "per_10k_target": "per 10,000 words (target)",
    "per_10k_reference": "per 10,000 words (reference)",
    "count": "count",
    "docfreq": "documents",
}
_KEYNESS_LABELS = {
    "log_likelihood": "signed log-likelihood (G²)",
    "chi2": "chi-squared",
    "log_ratio": "log ratio (log₂ of relative rate)",
    "log_odds": "log odds ratio",
    "log_odds_z": "log odds ratio (z-score)",
}
_READABILITY_LABELS = {
    "flesch_reading_ease": "Flesch reading ease (higher = easier)",
    "flesch_kincaid_grade": "Flesch–Kincaid grade level",
    "gunning_fog": "Gunning fog index (grade level)",
    "smog_index": "SMOG index (grade level)",
    "coleman_liau_index": "Coleman–Liau index (grade level)",
    "automated_readability_index": "automated readability index (grade level)",
    "dale_chall_readability_score": "Dale–Chall score",
    "dale_chall_readability_score_v2": "Dale–Chall score (v2)",
    "linsear_write_formula": "Linsear Write formula (grade level)",
    "spache_readability": "Spache score (grade level)",
    "text_standard": "text standard (consensus grade level)",
    "lix": "LIX (higher = harder)",
    "rix": "RIX (higher = harder)",
}


# --------------------------------------------------------------------------- palette


def palette(n: int) -> list[str]:
    """``n`` colour-blind-safe colours: Okabe–Ito, then Paul Tol's muted, then repeating.

    Beyond 17 colours repeat; the plots then tell hues apart by hatching or line style.

    Example
    -------
    >>> palette(3)
    ['#E69F00', '#56B4E9', '#009E73']
    """
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 0:
        raise ValueError(f"`n` must be a non-negative integer, got {n!r}")
    return [_COLORS[i % len(_COLORS)] for i in range(n)]


def _bar_style(i: int) -> tuple[str, str | None]:
    """Colour and hatch of the ``i``-th hue: plain Okabe–Ito first, hatched after the eighth."""
    return _COLORS[i % len(_COLORS)], _HATCHES[(i // len(OKABE_ITO)) % len(_HATCHES)]


def _line_style(i: int) -> dict:
    """Colour, line style and marker of the ``i``-th line."""
    cycle = i // len(OKABE_ITO)
    return {
        "color": _COLORS[i % len(_COLORS)],
        "linestyle": _LINESTYLES[cycle % len(_LINESTYLES)],
        "marker": _MARKERS[cycle % len(_MARKERS)],
    }


def _text_color(color) -> str:
    """Black or white, whichever reads better on ``color``."""
    red, green, blue = to_rgb(color)
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return "black" if luminance > 0.45 else "white"


# --------------------------------------------------------------------------- checks


def _check_table(data: object, func: str) -> None:
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"{func}: `data` must be a pandas DataFrame, got {type(data).__name__}")
    if len(data) == 0:
        raise ValueError(f"{func}: `data` has no rows to plot")


def _require(data: pd.DataFrame, columns: Mapping[str, str | None], func: str) -> None:
    """Raise ValueError for the first missing column; ``columns`` maps column -> keyword."""
    for column, keyword in columns.items():
        if column not in data.columns:
            fix = f'pass {keyword}="<column>" naming the column to use' if keyword else None
            raise ValueError(
                format_message(
                    f"{func}: column {column!r} not found",
                    where=f"data (columns: {', '.join(map(str, data.columns))})",
                    fix=fix,
                )
            )


def _numeric(data: pd.DataFrame, column: str, func: str) -> np.ndarray:
    try:
        return pd.to_numeric(data[column]).to_numpy(dtype=float)
    except (TypeError, ValueError) as err:
        raise ValueError(
            format_message(f"{func}: column {column!r} is not numeric", where="data",
                           fix="pass the name of a numeric column")
        ) from err


def _check_unique(keys: pd.DataFrame, names: Sequence[str], func: str, fix: str) -> None:
    duplicated = keys.duplicated()
    if duplicated.any():
        first = keys[duplicated].iloc[0].tolist()
        pairs = ", ".join(f"{n}={v!r}" for n, v in zip(names, first, strict=True))
        raise ValueError(
            format_message(
                f"{func}: {int(duplicated.sum())} repeated rows for the same "
                f"({', '.join(names)}), e.g. {pairs}",
                where="data",
                fix=fix,
            )
        )


def _check_orient(orient: str | None, n: int) -> str:
    if orient is None:
        return "h" if n > _MANY else "v"
    check_choice("orient", orient, ["h", "v"])
    return orient


# --------------------------------------------------------------------------- categories


def _categories(series: pd.Series) -> pd.Series:
    """Values as objects, missing values replaced by a visible ``"(missing)"`` label."""
    values = series.astype(object)
    return values.where(series.notna(), _MISSING)


def _levels(values: pd.Series, order: Iterable[object] | None = None, *,
            sort: bool = False) -> list[object]:
    """Levels to draw: ``order`` when given, else order of appearance (or sorted)."""
    if order is not None:
        if isinstance(order, str):
            order = [order]
        return list(order)
    levels = list(pd.unique(values))
    if sort:
        present = [v for v in levels if v != _MISSING]
        try:
            present = sorted(present)
        except TypeError:
            present = sorted(present, key=str)
        levels = present + ([_MISSING] if _MISSING in levels else [])
    return levels


def _wrap(label: object, width: int = 22) -> str:
    """A category label from the data, wrapped and drawn literally (``$`` is not mathtext)."""
    text = str(label)
    if len(text) <= width:
        return _literal(text)
    # whole words only: a long word overflows its line rather than being cut in two
    return _literal(textwrap.fill(text, width, break_long_words=False, break_on_hyphens=False))


# --------------------------------------------------------------------------- axes


def _axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    """``ax`` itself, or the Axes of a new figure (the only place pyplot is used)."""
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize, layout="constrained")
        return ax
    if not isinstance(ax, Axes):
        raise TypeError(f"`ax` must be a matplotlib Axes or None, got {type(ax).__name__}")
    return ax


def _bar_figsize(n: int, orient: str) -> tuple[float, float]:
    if orient == "h":
        return 8.0, max(3.5, 0.42 * n + 1.6)
    return max(7.5, 0.6 * n + 3.0), 4.8


def _category_axis(ax: Axes, positions: np.ndarray, labels: Sequence[object], *,
                   axis: str) -> None:
    """Tick labels for categories; x labels are rotated when many or long."""
    text = [_wrap(label) for label in labels]
    if axis == "y":
        ax.set_yticks(positions, labels=text)
        return
    crowded = len(text) > _MANY or max((len(t) for t in text), default=0) > 10
    if crowded:
        ax.set_xticks(positions, labels=text, rotation=45, ha="right", rotation_mode="anchor")
    else:
        ax.set_xticks(positions, labels=text)


def _legend_outside(ax: Axes, *, title: str | None, handles: list | None = None) -> None:
    if handles is None:
        handles, _ = ax.get_legend_handles_labels()
    title = _literal(title) if title is not None else None
    ax.legend(handles=handles, title=title, loc="upper left", bbox_to_anchor=(1.01, 1.0),
              borderaxespad=0.0, frameon=False, ncols=1 if len(handles) <= 16 else 2)


def _unit_label(column: str) -> str:
    return _UNITS.get(column, column.replace("_", " "))


def _per_label(per: float) -> str:
    return f"per {per:,g} words"


def _orientation(orient: str) -> dict:
    """Orientation keyword for boxplot/violinplot across matplotlib versions."""
    major, minor = (int(p) for p in matplotlib.__version__.split(".")[:2])
    if (major, minor) >= (3, 10):
        return {"orientation": "horizontal" if orient == "h" else "vertical"}
    return {"vert": orient != "h"}


# --------------------------------------------------------------------------- framing terms


def plot_term_share(
    data: pd.DataFrame,
    *,
    x: str = "outlet",
    y: str = "share",
    hue: str = "label",
    n: str | None = "total",
    min_n: int = 20,
    order: Sequence[object] | None = None,
    hue_order: Sequence[object] | None = None,
    orient: str = "h",
    annotate: bool = True,
    ax: Axes | None = None,
) -> Axes:
    """Stacked 100% bars: each group's mentions split by framing label, with each bar's n.

    A share is only as good as the number of mentions behind it: 67 % of 3 mentions is one
    article's choice of words. Each bar is labelled with its n (the ``total`` mentions of the
    set in that group), and bars with fewer than ``min_n`` mentions are drawn in grey, with a
    note under the chart, so that they are not read like the others. The default of 20 is a
    judgement: below it a Wilson 95% interval of a share is wider than ±20 points.

    Parameters
    ----------
    data : pandas.DataFrame
        A :func:`toolkit.term_share` table with one row per (``x``, ``hue``) pair; for a table
        with periods, select one period first or recompute with ``period=None``.
    x : str, default "outlet"
        Column whose values become the bars.
    y : str, default "share"
        Column of shares (0–1) that are stacked within a bar.
    hue : str, default "label"
        Column whose values become the stacked segments.
    n : str or None, default "total"
        Column holding each bar's number of mentions (the same on every row of a bar); it is
        written at the end of the bar (``n = 123``). ``None``, or a table without that
        column, draws no n and greys nothing.
    min_n : int, default 20
        Bars with fewer mentions are greyed and explained in a note (0: grey nothing).
    order, hue_order : sequence, optional
        Bars and segments to draw, in this order (default: order of appearance).
    orient : {"h", "v"}, default "h"
        Horizontal bars (readable with many outlets; first bar on top) or vertical bars.
    annotate : bool, default True
        Write the percentage on segments of at least 5%.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made when omitted.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on. Its ``patches`` are the segments, hue by hue: the segment of hue
        ``j`` and bar ``i`` is ``patches[j * n_bars + i]`` and its length is the share
        (missing pairs are drawn as 0). The n labels are texts starting with ``"n = "``;
        ``ax.greyed_bars`` lists the bars drawn in grey (fewer than ``min_n`` mentions).

    Example
    -------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"outlet": ["A", "A", "B", "B"],
    ...                       "label": ["Kyiv", "Kiev", "Kyiv", "Kiev"],
    ...                       "share": [0.75, 0.25, 0.4, 0.6], "total": [40, 40, 5, 5]})
    >>> ax = plot_term_share(table)
    >>> [round(float(p.get_width()), 2) for p in ax.patches]
    [0.75, 0.4, 0.25, 0.6]
    >>> ax.greyed_bars
    ['B']
    """
    func = "plot_term_share"
    _check_table(data, func)
    _require(data, {x: "x", hue: "hue", y: "y"}, func)
    check_choice("orient", orient, ["h", "v"])
    if isinstance(min_n, bool) or not isinstance(min_n, int | np.integer) or min_n < 0:
        raise ValueError(f"`min_n` must be a non-negative integer, got {min_n!r}")
    table = pd.DataFrame({"x": _categories(data[x]), "hue": _categories(data[hue]),
                          "y": _numeric(data, y, func)})
    has_n = n is not None and n in data.columns
    if has_n:
        table["n"] = _numeric(data, n, func)
    _check_unique(table[["x", "hue"]], [x, hue], func,
                  fix="keep one row per pair: select one period, e.g. "
                      "data[data['period'] == '2022Q1'], or recompute with period=None")
    bars = _levels(table["x"], order)
    segments = _levels(table["hue"], hue_order)
    wide = (table.pivot(index="x", columns="hue", values="y")
            .reindex(index=bars, columns=segments).fillna(0.0))
    if has_n:
        bar_n = table.groupby("x", sort=False, observed=True)["n"].max().reindex(bars)
        bar_n = bar_n.fillna(0).to_numpy(dtype=float)
        few = bar_n < min_n
    else:
        bar_n = None
        few = np.zeros(len(bars), dtype=bool)

    ax = _axes(ax, _bar_figsize(len(bars), orient))
    positions = np.arange(len(bars), dtype=float)
    base = np.zeros(len(bars))
    greys = ("0.55", "0.8", "0.68", "0.9")
    handles: list = []
    for j, segment in enumerate(segments):
        values = wide[segment].to_numpy(dtype=float)
        color, hatch = _bar_style(j)
        colors = [greys[j % len(greys)] if f else color for f in few]
        style = {"color": colors, "hatch": hatch, "edgecolor": "white", "linewidth": 0.6,
                 "label": _wrap(segment)}
        if orient == "h":
            ax.barh(positions, values, left=base, height=0.8, **style)
        else:
            ax.bar(positions, values, bottom=base, width=0.8, **style)
        # the legend shows the label's colour, even when the first bar is grey
        handles.append(Patch(facecolor=color, hatch=hatch, edgecolor="white",
                             label=_wrap(segment)))
        if annotate:
            for position, start, value, bar_color in zip(positions, base, values, colors,
                                                         strict=True):
                if value >= 0.05:
                    centre = start + value / 2
                    xy = (centre, position) if orient == "h" else (position, centre)
                    ax.text(*xy, f"{value:.0%}", ha="center", va="center", fontsize=8,
                            color=_text_color(bar_color),
                            bbox={"boxstyle": "square,pad=0.1", "facecolor": bar_color,
                                  "edgecolor": "none"} if hatch else None)
        base = base + values

    limit = max(1.0, float(base.max()) if len(base) else 1.0)
    if bar_n is not None:
        limit *= 1.14  # room for the n labels
        for position, end, count, grey in zip(positions, base, bar_n, few, strict=True):
            label = f"n = {int(count):,}" + (" (few)" if grey else "")
            xy = (end + 0.01, position) if orient == "h" else (position, end + 0.01)
            ax.text(*xy, label, ha="left" if orient == "h" else "center",
                    va="center" if orient == "h" else "bottom", fontsize=8,
                    color="0.35" if grey else "0.1")
    percent = mticker.PercentFormatter(1.0)
    if orient == "h":
        _category_axis(ax, positions, bars, axis="y")
        ax.set_ylim(len(bars) - 0.5, -0.5)  # first bar on top
        ax.set_xlim(0, limit)
        ax.xaxis.set_major_formatter(percent)
        ax.set_xlabel("share of mentions")
        ax.set_ylabel(_literal(x))
    else:
        _category_axis(ax, positions, bars, axis="x")
        ax.set_xlim(-0.5, len(bars) - 0.5)
        ax.set_ylim(0, limit)
        ax.yaxis.set_major_formatter(percent)
        ax.set_ylabel("share of mentions")
        ax.set_xlabel(_literal(x))
    ax.set_title(_literal(f"Share of mentions by {x}"))
    if few.any():
        ax.annotate(f"Grey bars: fewer than {min_n} mentions (n); their shares are too uncertain "
                    "to compare.", xy=(0, 0), xycoords="axes fraction", xytext=(0, -34),
                    textcoords="offset points", fontsize=8, color="0.3", va="top")
    ax.greyed_bars = [bar for bar, grey in zip(bars, few, strict=True) if grey]
    _legend_outside(ax, title=hue, handles=handles)
    return ax


def plot_term_share_over_time(
    data: pd.DataFrame,
    *,
    x: str = "period",
    y: str = "share",
    hue: str = "outlet",
    label: object | None = None,
    label_col: str = "label",
    interval: tuple[str, str] | str | None = "auto",
    hue_order: Sequence[object] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """One line per outlet: how one framing label's share changes over time, with bands.

    Parameters
    ----------
    data : pandas.DataFrame
        A :func:`toolkit.term_share` table made with ``period=...``: one row per
        (``x``, ``hue``, label).
    x : str, default "period"
        Time column: period labels such as ``"2022Q1"`` (sorted, drawn evenly spaced) or
        datetimes.
    y : str, default "share"
        Value to draw: ``"share"`` (0–1, shown as %) or a rate such as ``"per_10k"``.
    hue : str, default "outlet"
        Column whose values become the lines.
    label : optional
        Which value of ``label_col`` to draw; may be omitted when the table holds one label.
    label_col : str, default "label"
        Column naming the framing label.
    interval : (str, str), "auto" or None, default "auto"
        Lower and upper columns of the band drawn around each line. ``"auto"`` means
        ``("ci_low", "ci_high")`` (the 95% interval of the share) when ``y="share"``, and no
        band otherwise; ``None`` draws no band.
    hue_order : sequence, optional
        Lines to draw, in this order (default: order of appearance).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made when omitted.

    Returns
    -------
    matplotlib.axes.Axes
        One Line2D per hue level in ``ax.lines`` (in ``hue_order``) whose y-data are the
        values in time order (NaN where a period is absent) and, with bands, one
        ``fill_between`` collection per line in ``ax.collections``.

    Example
    -------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"outlet": ["A", "A"], "period": ["2022Q1", "2022Q2"],
    ...                       "label": ["Kyiv", "Kyiv"], "share": [0.5, 0.7],
    ...                       "ci_low": [0.3, 0.5], "ci_high": [0.7, 0.85]})
    >>> ax = plot_term_share_over_time(table, label="Kyiv")
    >>> ax.lines[0].get_ydata().tolist()
    [0.5, 0.7]
    """
    func = "plot_term_share_over_time"
    _check_table(data, func)
    _require(data, {x: "x", hue: "hue", y: "y"}, func)
    if label_col in data.columns:
        labels = list(pd.unique(data[label_col].dropna()))
        if label is None:
            if len(labels) != 1:
                raise ValueError(
                    f"{func}: data holds {len(labels)} labels ({preview(labels)}); "
                    f"pass label=... to choose the one to draw"
                )
            label = labels[0]
        selected = (data[label_col] == label).fillna(False).astype(bool)
        if not selected.any():
            raise ValueError(f"{func}: label {label!r} not found in column {label_col!r} "
                             f"(labels: {preview(labels)})")
        data = data[selected.to_numpy()]
    elif label is not None:
        _require(data, {label_col: "label_col"}, func)
    if isinstance(interval, str):
        check_choice("interval", interval, ["auto"])
        interval = ("ci_low", "ci_high") if y == "share" else None
    if interval is not None:
        low_col, high_col = interval
        _require(data, {low_col: "interval", high_col: "interval"}, func)

    dated = pd.api.types.is_datetime64_any_dtype(data[x])
    table = pd.DataFrame({
        "x": data[x].to_numpy() if dated else _categories(data[x]).to_numpy(),
        "hue": _categories(data[hue]).to_numpy(),
        "y": _numeric(data, y, func),
    })
    if interval is not None:
        table["low"] = _numeric(data, interval[0], func)
        table["high"] = _numeric(data, interval[1], func)
    _check_unique(table[["x", "hue"]], [x, hue], func,
                  fix="keep one row per pair, e.g. select one value of the other grouping "
                      "columns first")
    lines = _levels(table["hue"], hue_order)
    if dated:
        table = table.dropna(subset=["x"]).sort_values("x", kind="stable")
        periods = None
    else:
        periods = _levels(table["x"], sort=True)

    ax = _axes(ax, (9.0, 4.8))
    for i, level in enumerate(lines):
        rows = table[table["hue"] == level]
        if periods is not None:
            rows = rows.set_index("x").reindex(periods)
            xs = np.arange(len(periods), dtype=float)
        else:
            xs = rows["x"].to_numpy()
        style = _line_style(i)
        ax.plot(xs, rows["y"].to_numpy(dtype=float), label=_wrap(level), linewidth=1.6,
                markersize=4, **style)
        if interval is not None:
            ax.fill_between(xs, rows["low"].to_numpy(dtype=float),
                            rows["high"].to_numpy(dtype=float), color=style["color"],
                            alpha=0.18, linewidth=0)

    if periods is not None:
        positions = np.arange(len(periods))
        step = max(1, int(np.ceil(len(periods) / 12)))
        _category_axis(ax, positions[::step], periods[::step], axis="x")
        ax.set_xlim(-0.5, len(periods) - 0.5)
    else:
        locator = mdates.AutoDateLocator()
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    if y == "share":
        ax.yaxis.set_major_formatter(mticker.PercentFormatter(1.0))
        ax.set_ylim(bottom=0)
    ax.set_xlabel(_literal(x))
    ax.set_ylabel(_literal(_unit_label(y)))
    what = f"“{label}”" if label is not None else _unit_label(y)
    ax.set_title(_literal(f"{what}: {_unit_label(y)} by {hue} over time"))
    if interval is None:
        title = hue
    elif tuple(interval) == ("ci_low", "ci_high"):
        title = f"{hue}\n(bands: 95% interval)"
    else:
        title = f"{hue}\n(bands: {interval[0]} to {interval[1]})"
    _legend_outside(ax, title=title)
    return ax


# --------------------------------------------------------------------------- term rates


def plot_term_rates(
    data: pd.DataFrame,
    *,
    terms: Sequence[str] | None = None,
    n: int = 20,
    x: str = "term",
    y: str = "outlet",
    value: str = "per_10k",
    annotate: bool = True,
    fmt: str = "{:.1f}",
    fill_value: float | None = 0.0,
    order: Sequence[object] | None = None,
    cmap: str = "cividis",
    ax: Axes | None = None,
) -> Axes:
    """Heatmap of term rates: one row per outlet, one column per term, cells annotated.

    Parameters
    ----------
    data : pandas.DataFrame
        A :func:`toolkit.term_frequency` table with one row per (``y``, ``x``) pair.
    terms : sequence of str, optional
        Terms to show, in this order. Default: the ``n`` terms with the highest total
        ``count`` (or total ``value`` when there is no ``count`` column), ties by term.
    n : int, default 20
        Number of terms when ``terms`` is not given.
    x, y : str, default "term", "outlet"
        Columns whose values become the heatmap's columns and rows.
    value : str, default "per_10k"
        Column drawn in the cells; its unit labels the colour bar.
    annotate : bool, default True
        Write each cell's value (formatted with ``fmt``) in the cell.
    fmt : str, default "{:.1f}"
        :meth:`str.format` pattern for annotations.
    fill_value : float or None, default 0.0
        Value for (row, term) pairs absent from the table: ``term_frequency`` leaves out
        terms a group never uses, so their rate is 0. ``None`` leaves those cells blank.
    order : sequence, optional
        Rows to draw, in this order (default: order of appearance).
    cmap : str, default "cividis"
        Name of a matplotlib colormap (cividis is colour-blind-safe).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made when omitted.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes; ``ax.images[0].get_array()`` is the (rows x terms) matrix and the colour
        bar is ``ax.images[0].colorbar``.

    Example
    -------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"outlet": ["A", "A", "B"], "term": ["war", "kyiv", "war"],
    ...                       "count": [4, 1, 2], "per_10k": [40.0, 10.0, 25.0]})
    >>> ax = plot_term_rates(table)
    >>> ax.images[0].get_array().tolist()
    [[40.0, 10.0], [25.0, 0.0]]
    """
    func = "plot_term_rates"
    _check_table(data, func)
    _require(data, {x: "x", y: "y", value: "value"}, func)
    table = pd.DataFrame({"x": _categories(data[x]), "y": _categories(data[y]),
                          "value": _numeric(data, value, func)})
    _check_unique(table[["y", "x"]], [y, x], func,
                  fix="keep one row per pair, e.g. select one value of the other grouping "
                      "columns first")
    if terms is None:
        if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
            raise ValueError(f"`n` must be a positive integer, got {n!r}")
        weight = _numeric(data, "count", func) if "count" in data.columns else table["value"]
        totals = (pd.DataFrame({"term": table["x"].astype(str), "key": table["x"],
                                "total": np.asarray(weight, dtype=float)})
                  .groupby(["term", "key"], sort=True)["total"].sum().reset_index()
                  .sort_values("total", ascending=False, kind="stable"))
        columns = totals["key"].head(n).tolist()
    else:
        columns = [terms] if isinstance(terms, str) else list(terms)
        if not columns:
            raise ValueError(f"{func}: `terms` is empty; pass at least one term or None")
    rows = _levels(table["y"], order)
    wide = table.pivot(index="y", columns="x", values="value").reindex(index=rows,
                                                                        columns=columns)
    if fill_value is not None:
        wide = wide.fillna(fill_value)
    matrix = np.ma.masked_invalid(wide.to_numpy(dtype=float))

    figsize = (max(6.0, 0.55 * len(columns) + 3.0), max(3.0, 0.45 * len(rows) + 2.0))
    ax = _axes(ax, figsize)
    image = ax.imshow(matrix, aspect="auto", cmap=cmap, interpolation="nearest")
    colorbar = ax.figure.colorbar(image, ax=ax)
    colorbar.set_label(_literal(_unit_label(value)))
    if annotate:
        size = 8 if matrix.size <= 300 else 6
        for (i, j), cell in np.ndenumerate(matrix.filled(np.nan)):
            if np.isnan(cell):
                continue
            ax.text(j, i, fmt.format(cell), ha="center", va="center", fontsize=size,
                    color=_text_color(image.cmap(image.norm(cell))))
    _category_axis(ax, np.arange(len(columns)), columns, axis="x")
    _category_axis(ax, np.arange(len(rows)), rows, axis="y")
    ax.set_xticks(np.arange(len(columns) + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(len(rows) + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="white", linewidth=1.0)
    ax.tick_params(which="minor", length=0)
    ax.set_xlabel(_literal(x))
    ax.set_ylabel(_literal(y))
    ax.set_title(_literal(f"{x.capitalize()} rates by {y} ({_unit_label(value)})"))
    return ax


# --------------------------------------------------------------------------- keyness


def plot_keyness(
    data: pd.DataFrame,
    *,
    measure: str = "log_likelihood",
    term: str = "term",
    n: int = 15,
    target_label: str | None = None,
    reference_label: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Diverging bars: the terms most over-used in the target and in the reference.

    Parameters
    ----------
    data : pandas.DataFrame
        A :func:`toolkit.keyness` table, one row per term.
    measure : str, default "log_likelihood"
        Signed keyness column (positive = over-used in the target), e.g. ``"log_likelihood"``,
        ``"log_ratio"``, ``"log_odds"``, ``"log_odds_z"``. For a measure without negative
        values (such as an unsigned ``"chi2"``) the sign is taken from ``per_10k_target``
        versus ``per_10k_reference`` when both columns are present.
    term : str, default "term"
        Column holding the terms.
    n : int, default 15
        Number of terms on each side.
    target_label, reference_label : str, optional
        Names used in the legend and title (default "target" and "reference").
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made when omitted.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes; ``ax.patches`` are the bars from top to bottom, i.e. by decreasing
        (signed) measure, and each bar's width is the measure. Terms are written next to
        the zero line, on the side opposite their bar.

    Example
    -------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"term": ["kiev", "regime", "kyiv"],
    ...                       "log_likelihood": [12.0, 3.5, -8.0]})
    >>> ax = plot_keyness(table, n=2, target_label="RT", reference_label="BBC")
    >>> [float(p.get_width()) for p in ax.patches]
    [12.0, 3.5, -8.0]
    """
    func = "plot_keyness"
    _check_table(data, func)
    _require(data, {term: "term", measure: "measure"}, func)
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise ValueError(f"`n` must be a positive integer, got {n!r}")
    values = _numeric(data, measure, func)
    rates = ("per_10k_target", "per_10k_reference")
    if np.nanmin(np.append(values, np.inf)) >= 0 and all(c in data.columns for c in rates):
        under = _numeric(data, rates[0], func) < _numeric(data, rates[1], func)
        values = np.where(under, -values, values)
    table = pd.DataFrame({"term": data[term].astype(str).to_numpy(), "value": values})
    table = table[np.isfinite(table["value"])]
    top = table[table["value"] > 0].sort_values("value", ascending=False, kind="stable")
    bottom = table[table["value"] < 0].sort_values("value", ascending=True, kind="stable")
    shown = pd.concat([top.head(n), bottom.head(n).iloc[::-1]])
    if shown.empty:
        raise ValueError(f"{func}: no term has a non-zero {measure!r}; nothing to plot")
    target = target_label or "target"
    reference = reference_label or "reference"

    ax = _axes(ax, (8.0, max(3.5, 0.3 * len(shown) + 1.6)))
    positions = np.arange(len(shown), dtype=float)
    widths = shown["value"].to_numpy(dtype=float)
    colors = np.where(widths > 0, _TARGET_COLOR, _REFERENCE_COLOR)
    ax.barh(positions, widths, height=0.75, color=colors.tolist())
    for position, width, word in zip(positions, widths, shown["term"], strict=True):
        ax.annotate(_literal(word), xy=(0, position), xytext=(-4 if width > 0 else 4, 0),
                    textcoords="offset points", ha="right" if width > 0 else "left",
                    va="center", fontsize=9)
    ax.axvline(0, color="0.3", linewidth=0.8)
    limit = float(np.abs(widths).max()) * 1.08
    ax.set_xlim(-limit, limit)
    ax.set_ylim(len(shown) - 0.5, -0.5)  # largest on top
    ax.set_yticks([])
    ax.set_xlabel(_literal(_KEYNESS_LABELS.get(measure, measure.replace("_", " "))))
    ax.set_title(_literal(f"Keyness: {target} vs {reference}"))
    handles = [Patch(color=_TARGET_COLOR, label=_literal(f"over-used in {target}")),
               Patch(color=_REFERENCE_COLOR, label=_literal(f"over-used in {reference}"))]
    _legend_outside(ax, title=None, handles=handles)
    return ax


# --------------------------------------------------------------------------- loaded language


def plot_loaded_language(
    data: pd.DataFrame,
    *,
    x: str = "outlet",
    hue: str = "category",
    count: str = "count",
    n_words: str = "n_words",
    per: float = 1000,
    n_boot: int = 1000,
    random_state: int | np.random.Generator | None = 0,
    order: Sequence[object] | None = None,
    hue_order: Sequence[object] | None = None,
    orient: str | None = None,
    ax: Axes | None = None,
    n_tokens: str | None = None,
) -> Axes:
    """Grouped bars: pooled loaded-language rate per outlet and category, with 95% intervals.

    Rates and intervals come from :func:`toolkit.summary.rate_summary` with
    ``by=[x, hue]``: the rate is ``sum(count) / sum(n_words) * per`` and the interval a 95%
    bootstrap interval over the table's rows, which should be documents.

    Parameters
    ----------
    data : pandas.DataFrame
        A :func:`toolkit.lexicon_counts` table made with ``by=["outlet", "doc_id"]``: one row
        per (outlet, document, category).
    x : str, default "outlet"
        Column whose values become the bar groups.
    hue : str, default "category"
        Column whose values become the bars within a group.
    count, n_words : str
        Count and word-total columns (``n_words``: all word tokens, the denominator).
    per : float, default 1000
        Rate unit (1000: per 1,000 words).
    n_boot : int, default 1000
        Bootstrap resamples (0: no interval).
    random_state : int, numpy.random.Generator or None, default 0
        Seed for the bootstrap.
    order, hue_order : sequence, optional
        Groups and bars to draw, in this order (default: order of appearance).
    orient : {"h", "v"} or None
        Bar direction; default vertical, horizontal for more than 6 groups.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made when omitted.
    n_tokens : str, optional
        Deprecated name of ``n_words``.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes; ``ax.patches`` are the bars hue by hue (group order within a hue; pairs
        with no rate are skipped) and ``ax.collections[0]`` holds one interval segment
        per bar, in the same order.

    Example
    -------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"outlet": ["A", "A", "B", "B"], "doc_id": ["a1", "a2", "b1", "b2"],
    ...                       "category": ["hedge"] * 4, "count": [2, 0, 1, 1],
    ...                       "n_words": [1000, 1000, 500, 500]})
    >>> ax = plot_loaded_language(table, n_boot=200)
    >>> [float(p.get_height()) for p in ax.patches]
    [1.0, 2.0]
    """
    func = "plot_loaded_language"
    _check_table(data, func)
    if n_tokens is not None:
        warnings.warn(f"{func}(n_tokens=...) is deprecated: use n_words=...", DeprecationWarning,
                      stacklevel=2)
        n_words = n_tokens
    elif n_words == "n_words" and "n_words" not in data.columns and "n_tokens" in data.columns:
        n_words = "n_tokens"  # a table made before the rename (rate_summary warns)
    _require(data, {x: "x", hue: "hue", count: "count", n_words: "n_words"}, func)
    if n_boot > 0 and data.groupby([x, hue], dropna=False, sort=False).size().max() == 1:
        warnings.warn(
            f"{func}: every ({x}, {hue}) pair has a single row, so the intervals collapse to "
            f"the rate; pass one row per document, e.g. "
            f"lexicon_counts(corpus, lexicon, by=['{x}', 'doc_id'])",
            UserWarning,
            stacklevel=2,
        )
    summary = rate_summary(data, by=[x, hue], count=count, n_words=n_words, per=per,
                           n_boot=n_boot, random_state=random_state)
    summary = summary.assign(_x=_categories(summary[x]), _hue=_categories(summary[hue]))
    groups = _levels(_categories(data[x]), order)
    bars = _levels(_categories(data[hue]), hue_order)
    orient = _check_orient(orient, len(groups))

    slots = len(groups) * (0.5 + 0.15 * len(bars))  # bar groups get wider with more hues
    ax = _axes(ax, _bar_figsize(int(np.ceil(slots)), orient))
    width = 0.8 / max(1, len(bars))
    centres, lows, highs = [], [], []
    for j, bar in enumerate(bars):
        rows = (summary[summary["_hue"] == bar].set_index("_x")
                .reindex(groups).dropna(subset=["rate"]))
        positions = np.array([groups.index(g) for g in rows.index], dtype=float)
        positions += (j - (len(bars) - 1) / 2) * width
        rates = rows["rate"].to_numpy(dtype=float)
        color, hatch = _bar_style(j)
        style = {"color": color, "hatch": hatch, "edgecolor": "white", "linewidth": 0.6,
                 "label": _wrap(bar)}
        if orient == "h":
            ax.barh(positions, rates, height=width, **style)
        else:
            ax.bar(positions, rates, width=width, **style)
        centres.extend(positions)
        lows.extend(rows["ci_low"].to_numpy(dtype=float))
        highs.extend(rows["ci_high"].to_numpy(dtype=float))
    if n_boot > 0:
        segments = {"colors": "0.15", "linewidth": 1.2,
                    "label": "95% bootstrap interval\n(over documents)"}
        if orient == "h":
            ax.hlines(centres, lows, highs, **segments)
        else:
            ax.vlines(centres, lows, highs, **segments)

    positions = np.arange(len(groups), dtype=float)
    if orient == "h":
        _category_axis(ax, positions, groups, axis="y")
        ax.set_ylim(len(groups) - 0.5, -0.5)
        ax.set_xlim(left=0)
        ax.set_xlabel(_literal(_per_label(per)))
        ax.set_ylabel(_literal(x))
    else:
        _category_axis(ax, positions, groups, axis="x")
        ax.set_xlim(-0.5, len(groups) - 0.5)
        ax.set_ylim(bottom=0)
        ax.set_ylabel(_literal(_per_label(per)))
        ax.set_xlabel(_literal(x))
    ax.set_title(_literal(f"Loaded language by {x} and {hue}"))
    handles, _ = ax.get_legend_handles_labels()
    handles = sorted(handles, key=lambda h: isinstance(h, LineCollection))  # interval last
    _legend_outside(ax, title=hue, handles=handles)
    return ax


# --------------------------------------------------------------------------- readability


def plot_readability(
    data: pd.DataFrame,
    *,
    measure: str = "flesch_reading_ease",
    x: str = "outlet",
    kind: str = "box",
    order: Sequence[object] | None = None,
    orient: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Distribution of a readability measure per outlet (box or violin), with mean markers.

    Parameters
    ----------
    data : pandas.DataFrame
        A :func:`toolkit.readability` table, one row per document.
    measure : str, default "flesch_reading_ease"
        Column to draw.
    x : str, default "outlet"
        Column whose values become the boxes.
    kind : {"box", "violin"}, default "box"
        Box plot (median, quartiles, 1.5 IQR whiskers, outliers) or violin (density, median).
    order : sequence, optional
        Groups to draw, in this order (default: order of appearance). Groups without a
        value of ``measure`` are left out.
    orient : {"h", "v"} or None
        Default vertical, horizontal for more than 6 groups.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made when omitted.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes. The group means are the data of the Line2D labelled ``"mean"`` (in
        ``ax.lines``), at positions 0, 1, ...; tick labels read ``"<group> (n=<documents>)"``.

    Example
    -------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"outlet": ["A", "A", "B", "B"],
    ...                       "flesch_reading_ease": [60.0, 70.0, 40.0, 50.0]})
    >>> ax = plot_readability(table)
    >>> [line for line in ax.lines if line.get_label() == "mean"][0].get_ydata().tolist()
    [65.0, 45.0]
    """
    func = "plot_readability"
    _check_table(data, func)
    _require(data, {x: "x", measure: "measure"}, func)
    check_choice("kind", kind, ["box", "violin"])
    values = pd.Series(_numeric(data, measure, func))
    groups_of = _categories(data[x]).reset_index(drop=True)
    groups, arrays = [], []
    for level in _levels(groups_of, order):
        sample = values[(groups_of == level).to_numpy()].dropna().to_numpy()
        if sample.size:
            groups.append(level)
            arrays.append(sample)
    if not groups:
        raise ValueError(f"{func}: column {measure!r} has no values to plot")
    orient = _check_orient(orient, len(groups))

    ax = _axes(ax, _bar_figsize(len(groups), orient))
    positions = np.arange(len(groups), dtype=float)
    if kind == "box":
        ax.boxplot(arrays, positions=positions, widths=0.6, patch_artist=True,
                   boxprops={"facecolor": _SINGLE_COLOR, "edgecolor": "0.2"},
                   medianprops={"color": "black", "linewidth": 1.5},
                   whiskerprops={"color": "0.2"}, capprops={"color": "0.2"},
                   flierprops={"marker": ".", "markersize": 4, "markerfacecolor": "0.4",
                               "markeredgecolor": "0.4"},
                   **_orientation(orient))
    else:
        parts = ax.violinplot(arrays, positions=positions, widths=0.8, showmeans=False,
                              showmedians=True, showextrema=False, **_orientation(orient))
        for body in parts["bodies"]:
            body.set_facecolor(_SINGLE_COLOR)
            body.set_edgecolor("0.2")
            body.set_alpha(0.8)
        parts["cmedians"].set_color("black")
    means = np.array([a.mean() for a in arrays])
    marker = {"linestyle": "none", "marker": "D", "markersize": 6, "color": _MEAN_COLOR,
              "markeredgecolor": "black", "zorder": 4, "label": "mean"}
    # vertical: narrow lines, so that neighbouring labels do not run into each other
    labels = [f"{_wrap(g)} (n={a.size})" if orient == "h" else f"{_wrap(g, 12)}\n(n={a.size})"
              for g, a in zip(groups, arrays, strict=True)]
    pretty = _READABILITY_LABELS.get(measure, measure.replace("_", " "))
    if orient == "h":
        ax.plot(means, positions, **marker)
        ax.set_yticks(positions, labels=labels)
        ax.set_ylim(len(groups) - 0.5, -0.5)
        ax.set_xlabel(_literal(pretty))
        ax.set_ylabel(_literal(x))
    else:
        ax.plot(positions, means, **marker)
        crowded = len(groups) > _MANY
        ax.set_xticks(positions, labels=labels, rotation=45 if crowded else 0,
                      ha="right" if crowded else "center", rotation_mode="anchor")
        ax.set_xlim(-0.5, len(groups) - 0.5)
        ax.set_ylabel(_literal(pretty))
        ax.set_xlabel(_literal(x))
    ax.set_title(_literal(f"{pretty[0].upper()}{pretty[1:]} by {x}"))
    _legend_outside(ax, title=None)
    return ax


# --------------------------------------------------------------------------- dispersion


def _corpus_lookup(corpus: pd.DataFrame, data: pd.DataFrame, column: str,
                   func: str) -> pd.Series:
    """``column`` of the corpus document each row of ``data`` belongs to."""
    from toolkit.corpus import validate_corpus

    _require(data, {"doc_id": None}, func)
    table = validate_corpus(corpus)
    source = table["text"].str.len() if column == "text_length" else table[column]
    lookup = pd.Series(source.to_numpy(), index=table["doc_id"].to_numpy())
    ids = data["doc_id"].astype(str)
    unknown = ~ids.isin(lookup.index)
    if unknown.any():
        raise ValueError(
            format_message(
                f"{func}: {int(unknown.sum())} rows name documents not in `corpus`: "
                f"{preview(pd.unique(ids[unknown]))}",
                where="data",
                fix="pass the corpus the hits were found in",
            )
        )
    return pd.Series(lookup.reindex(ids.to_numpy()).to_numpy(), index=data.index)


def plot_dispersion(
    data: pd.DataFrame,
    *,
    term: str = "match",
    x: str = "date",
    row: str | None = None,
    terms: Sequence[object] | None = None,
    corpus: pd.DataFrame | None = None,
    start: str = "start",
    doc_length: str = "doc_length",
    ax: Axes | None = None,
) -> Axes:
    """Lexical dispersion ("x-ray") plot: one tick per occurrence, one row per term.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per occurrence: a :func:`toolkit.kwic` or :func:`toolkit.lexicon_hits`
        table (``doc_id``, ``start``, ``end``, a term column and, for ``x="date"``,
        ``date``).
    term : str, default "match"
        Column naming what occurred (``"match"`` for kwic; ``"entry"`` or ``"category"``
        for lexicon hits). Values are used as they are: normalise case first if
        "Kyiv" and "kyiv" should share a row.
    x : {"date", "position"}, default "date"
        ``"date"``: when the documents were published. ``"position"``: where in its
        document the occurrence starts, as ``start / doc_length`` (0 = first character,
        1 = end).
    row : str, optional
        Column whose values become the rows (default: ``term``); e.g. ``"outlet"`` or
        ``"doc_id"`` (quanteda's x-ray layout).
    terms : sequence, optional
        Only these values of ``term``; when rows are terms, also their order (default:
        sorted).
    corpus : pandas.DataFrame, optional
        The corpus the hits come from: supplies text lengths for ``x="position"`` when
        ``data`` has no ``doc_length`` column, and dates when it has no ``date`` column.
    start : str, default "start"
        Column with the character offset of each occurrence.
    doc_length : str, default "doc_length"
        Column with the length (characters) of each occurrence's document.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made when omitted.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes; ``ax.collections[i].get_positions()`` are the tick positions of row ``i``
        (top to bottom): dates as matplotlib date numbers (:func:`matplotlib.dates.date2num`)
        or positions in 0–1. Occurrences without a date are left out, with a warning.

    Example
    -------
    >>> import pandas as pd
    >>> hits = pd.DataFrame({"doc_id": ["a", "a", "b"], "match": ["Kyiv", "Kyiv", "Kiev"],
    ...                      "start": [0, 50, 10], "doc_length": [100, 100, 40]})
    >>> ax = plot_dispersion(hits, x="position")
    >>> [[float(p) for p in c.get_positions()] for c in ax.collections]
    [[0.25], [0.0, 0.5]]
    """
    func = "plot_dispersion"
    _check_table(data, func)
    check_choice("x", x, ["date", "position"])
    row = term if row is None else row
    _require(data, {term: "term", row: "row"}, func)
    if terms is not None:
        terms = [terms] if isinstance(terms, str) else list(terms)
        data = data[data[term].isin(terms).to_numpy()]
        if data.empty:
            raise ValueError(f"{func}: none of the terms {preview(terms)} occur in column "
                             f"{term!r}")

    if x == "date":
        if "date" in data.columns:
            dates = pd.to_datetime(data["date"])
        elif corpus is not None:
            dates = pd.to_datetime(_corpus_lookup(corpus, data, "date", func))
        else:
            raise ValueError(
                format_message(
                    f"{func}: x='date' needs a 'date' column",
                    where=f"data (columns: {', '.join(map(str, data.columns))})",
                    fix="pass corpus=<the corpus> to look dates up by doc_id",
                )
            )
        known = dates.notna().to_numpy()
        if not known.all():
            warnings.warn(f"{func}: {int((~known).sum())} of {len(data)} occurrences have no "
                          f"date and are left out", UserWarning, stacklevel=2)
        data = data[known]
        positions = mdates.date2num(dates[known].dt.tz_localize(None).to_numpy()
                                    if isinstance(dates.dtype, pd.DatetimeTZDtype)
                                    else dates[known].to_numpy())
    else:
        _require(data, {start: "start"}, func)
        if doc_length in data.columns:
            lengths = _numeric(data, doc_length, func)
        elif corpus is not None:
            lengths = _corpus_lookup(corpus, data, "text_length", func).to_numpy(dtype=float)
        else:
            raise ValueError(
                format_message(
                    f"{func}: x='position' needs document lengths: column {doc_length!r} "
                    f"not found",
                    where=f"data (columns: {', '.join(map(str, data.columns))})",
                    fix="pass corpus=<the corpus> to look text lengths up by doc_id, or "
                        "doc_length=<column>",
                )
            )
        offsets = _numeric(data, start, func)
        with np.errstate(divide="ignore", invalid="ignore"):
            positions = np.where(lengths > 0, offsets / lengths, np.nan)
        outside = ~((positions >= 0) & (positions <= 1))
        if outside.any():
            bad = ", ".join(str(r) for r in data.index[outside][:5])
            raise ValueError(
                format_message(
                    f"{func}: {int(outside.sum())} occurrences start outside their "
                    f"document ({start} < 0 or > {doc_length})",
                    where=f"data (rows {bad})",
                    fix="pass the corpus (or lengths) the hits were found in",
                )
            )
    if data.empty:
        raise ValueError(f"{func}: no occurrences to plot")

    rows_of = _categories(data[row]).to_numpy()
    if terms is not None and row == term:
        rows = [t for t in terms if t in set(rows_of)]
    else:
        rows = _levels(pd.Series(rows_of), sort=True)
    ticks = [np.sort(positions[rows_of == level]) for level in rows]

    ax = _axes(ax, (9.0, max(2.5, 0.4 * len(rows) + 1.5)))
    ax.eventplot(ticks, lineoffsets=np.arange(len(rows)), linelengths=0.75, linewidths=1.0,
                 colors=_TARGET_COLOR)
    labels = [f"{_wrap(level)} (n={len(t)})" for level, t in zip(rows, ticks, strict=True)]
    ax.set_yticks(np.arange(len(rows)), labels=labels)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_ylabel(_literal(row))
    if x == "date":
        locator = mdates.AutoDateLocator()
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.set_xlabel("date")
        ax.set_title(_literal(f"Lexical dispersion over time: each tick is one {term}"))
    else:
        ax.set_xlim(0, 1)
        ax.set_xlabel("position in document (0 = start, 1 = end)")
        ax.set_title(_literal(f"Lexical dispersion within documents: each tick is one {term}"))
    return ax


# --------------------------------------------------------------------------- many outlets
# Views that stay legible from 2 to 30 outlets: one heatmap instead of one panel per term
# set, small multiples instead of overlapping lines, one dispersion row per outlet.

#: Height of one outlet's row in the many-outlet views, in inches.
_ROW_INCHES = 0.3
_NO_DATA_COLOR = "#EEEEEE"


def words(name: object) -> str:
    """A name from a file or a column, as words: ``"delegitimising_qualifier"`` ->
    ``"delegitimising qualifier"``.

    Example
    -------
    >>> words("delegitimising_qualifier")
    'delegitimising qualifier'
    """
    return " ".join(str(name).replace("_", " ").split())


def _cluster_order(profiles: pd.DataFrame) -> list[object]:
    """Rows of ``profiles`` ordered so that rows with similar values sit together.

    Average-linkage clustering on Euclidean distances with optimal leaf ordering; a missing
    value counts as the column's mean (no information, no pull either way).
    """
    if len(profiles) < 3:
        return list(profiles.index)
    from scipy.cluster.hierarchy import leaves_list, linkage, optimal_leaf_ordering
    from scipy.spatial.distance import pdist

    values = profiles.to_numpy(dtype=float)
    known = ~np.isnan(values)
    sums = np.where(known, values, 0.0).sum(axis=0)
    seen = known.sum(axis=0)
    means = np.divide(sums, seen, out=np.full(values.shape[1], 0.5), where=seen > 0)
    filled = np.where(np.isnan(values), means, values)
    distances = pdist(filled)
    if not np.any(distances > 0):
        return list(profiles.index)
    tree = optimal_leaf_ordering(linkage(distances, method="average"), distances)
    return [profiles.index[i] for i in leaves_list(tree)]


def plot_framing_fingerprint(
    data: pd.DataFrame,
    *,
    variant: Mapping[object, object] | None = None,
    x: str = "outlet",
    set_col: str = "set",
    label: str = "label",
    share: str = "share",
    n: str = "total",
    min_n: int = 5,
    order: str | Sequence[object] = "cluster",
    ax: Axes | None = None,
) -> Axes:
    """Outlets × term sets in one heatmap: the share of one chosen variant of each set.

    The overview of framing for any number of outlets: one row per outlet, one column per
    term set, the colour is the share of the chosen label among the set's mentions and each
    cell prints that share and its number of mentions (``n``). Cells with fewer than
    ``min_n`` mentions are drawn grey and hatched, with their n, so a share of 1 out of 1 is
    not mistaken for a pattern. Sets no outlet mentions are left out.

    Parameters
    ----------
    data : pandas.DataFrame
        A :func:`toolkit.term_share` table by outlet: one row per (``x``, ``set_col``,
        ``label``) with ``share`` and ``n``.
    variant : mapping, optional
        For each set the label whose share is drawn, e.g. ``{"capital": "Kiev"}``; sets not
        named use their first label (in the table's order, which is the term-set file's).
    x : str, default "outlet"
        Column whose values become the rows.
    set_col, label, share, n : str
        Columns with the term set, the label, the label's share and the set's mentions.
    min_n : int, default 5
        Cells with fewer mentions are marked as too few to read.
    order : "cluster", "name" or sequence, default "cluster"
        Row order: outlets with similar shares next to each other (hierarchical clustering,
        average linkage, optimal leaf order), sorted by name, or the given outlets in the
        given order.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure sized to the table is made when omitted.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes. ``ax.images[0].get_array()`` holds the shares (rows top to bottom, masked
        where a set has no mention), the y tick labels the outlets, the x tick labels the
        sets in words with the variant drawn (``"capital: % Kiev"``); each cell's text is
        ``"83%\\nn=19"`` (``"n=0"`` alone when there is no mention).

    Example
    -------
    >>> import pandas as pd
    >>> shares = pd.DataFrame({"outlet": ["A", "A", "B", "B"], "set": ["capital"] * 4,
    ...                        "label": ["Kyiv", "Kiev"] * 2, "share": [0.9, 0.1, 0.2, 0.8],
    ...                        "total": [10, 10, 5, 5]})
    >>> ax = plot_framing_fingerprint(shares, variant={"capital": "Kiev"}, order="name")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['A', 'B']
    >>> [round(float(v), 2) for v in ax.images[0].get_array().ravel()]
    [0.1, 0.8]
    """
    func = "plot_framing_fingerprint"
    _check_table(data, func)
    _require(data, {x: None, set_col: None, label: None, share: None, n: None}, func)
    if not data[set_col].notna().any():
        raise ValueError(f"{func}: the table holds no term set")
    variant = dict(variant or {})
    sets = [s for s in pd.unique(data[set_col]) if s == s]
    chosen: dict[object, object] = {}
    for name in sets:
        labels = list(pd.unique(data.loc[data[set_col] == name, label]))
        if name in variant:
            if variant[name] not in labels:
                raise ValueError(format_message(
                    f"{func}: set {name!r} has no label {variant[name]!r}",
                    where=f"variant (labels of {name!r}: {preview(labels)})",
                    fix="name one of the set's labels"))
            chosen[name] = variant[name]
        else:
            chosen[name] = labels[0]
    rows = data[[chosen.get(s) == v for s, v in zip(data[set_col], data[label], strict=True)]]
    rows = rows.assign(**{x: _categories(rows[x])})
    _check_unique(rows[[x, set_col]], [x, set_col], func, "one row per outlet and set")
    totals = rows.pivot(index=x, columns=set_col, values=n).reindex(columns=sets)
    mentioned = [s for s in sets if totals[s].fillna(0).sum() > 0]
    if not mentioned:
        raise ValueError(f"{func}: no term set is mentioned; nothing to draw")
    totals = totals[mentioned].fillna(0)
    shares = rows.pivot(index=x, columns=set_col, values=share)[mentioned]
    shares = shares.where(totals > 0)
    if isinstance(order, str) and order in ("cluster", "name"):
        names = _levels(pd.Series(shares.index), sort=True)
        if order == "cluster":
            names = _cluster_order(shares.loc[names].where(totals.loc[names] >= min_n))
    else:
        names = _levels(pd.Series(dtype=object), order)
        missing = [o for o in names if o not in shares.index]
        if missing:
            raise ValueError(format_message(
                f"{func}: outlets in `order` not in the table: {preview(missing)}",
                where=f"data[{x!r}] (values: {preview(list(shares.index))})",
                fix="use the names as written in the table"))
    shares, totals = shares.loc[names], totals.loc[names]

    n_rows, n_cols = len(names), len(mentioned)
    figsize = (max(5.5, 3.4 + 0.62 * n_cols), max(2.8, 2.4 + _ROW_INCHES * n_rows))
    ax = _axes(ax, figsize)
    values = np.ma.masked_invalid(shares.to_numpy(dtype=float))
    cmap = matplotlib.colormaps["cividis"].with_extremes(bad=_NO_DATA_COLOR)
    image = ax.imshow(values, cmap=cmap, vmin=0.0, vmax=1.0, aspect="auto",
                      interpolation="nearest")
    counts = totals.to_numpy(dtype=float)
    # 8 pt fits "100%" and "n=1776" in a 0.62 x 0.3 inch cell, and stays about 9 px on a screen
    # that shows 21 columns in a 1,300 px wide page (at 6.5 pt it was 7 px)
    font = 8.0
    for i in range(n_rows):
        for j in range(n_cols):
            count, value = int(counts[i, j]), values[i, j]
            thin = count < min_n
            if thin:
                ax.add_patch(Rectangle(
                    (j - 0.5, i - 0.5), 1, 1, facecolor=_NO_DATA_COLOR, edgecolor="#BBBBBB",
                    hatch="////", linewidth=0))
            if count == 0:
                text, color = "n=0", "#777777"
            elif thin:
                text, color = f"{value:.0%}\nn={count}", "#444444"
            else:
                text, color = f"{value:.0%}\nn={count}", _text_color(image.to_rgba(value))
            ax.text(j, i, text, ha="center", va="center", fontsize=font, color=color,
                    linespacing=0.95)
    ax.set_yticks(np.arange(n_rows), labels=[_wrap(o, 28) for o in names])
    ax.set_xticks(np.arange(n_cols), labels=[
        _literal(f"{words(s)}: % {chosen[s]}") for s in mentioned],
        rotation=40, ha="right", rotation_mode="anchor")
    ax.set_xticks(np.arange(n_cols + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(n_rows + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="white", linewidth=1.2)
    ax.tick_params(which="minor", length=0)
    ax.tick_params(axis="both", labelsize=8)
    for spine in ax.spines.values():
        spine.set_visible(False)
    colorbar = ax.figure.colorbar(image, ax=ax, pad=0.015, aspect=max(10, 2.5 * n_rows),
                                  fraction=0.04)
    colorbar.ax.yaxis.set_major_formatter(mticker.PercentFormatter(1.0))
    colorbar.set_label("share of the variant", fontsize=8)
    colorbar.ax.tick_params(labelsize=7)
    how = {"cluster": "similar outlets next to each other", "name": "by name"}.get(
        order if isinstance(order, str) else "", "in the given order")
    room = max(40, int(ax.figure.get_size_inches()[0] * 9))  # characters across the figure
    title = ["Framing fingerprint: share of the variant named under each column",
             (f"hatched: fewer than {min_n} mentions; " if min_n > 1 else "") + f"rows: {how}"]
    ax.set_title(_literal("\n".join(textwrap.fill(line, room) for line in title)),
                 fontsize=9, loc="left")
    ax.set_ylabel(_literal(x))
    return ax


def plot_share_small_multiples(
    data: pd.DataFrame,
    *,
    label: object,
    x: str = "period",
    facet: str = "outlet",
    label_col: str = "label",
    share: str = "share",
    n: str = "total",
    interval: tuple[str, str] | None = ("ci_low", "ci_high"),
    min_n: int = 1,
    cols: int | None = None,
    order: Sequence[object] | None = None,
    figure: Any = None,
) -> Any:
    """One small panel per outlet: one label's share over time, on shared axes.

    Replaces one chart of overlapping 100 % lines: each outlet gets its own panel with the
    same x and y scales, its 95 % interval as a band and the mentions behind each point as
    the marker's size; outlets without a mention in any period get a panel saying so.

    Parameters
    ----------
    data : pandas.DataFrame
        A :func:`toolkit.term_share` table made with ``by="outlet"`` and ``period=...``.
    label : object
        Which value of ``label_col`` to draw.
    x, facet, label_col, share, n : str
        Columns: the period, the panel, the label, the share and the set's mentions.
    interval : (str, str) or None, default ("ci_low", "ci_high")
        Columns of the band; None for no band (also when the columns are absent).
    min_n : int, default 1
        Periods with fewer mentions are not drawn.
    cols : int, optional
        Panels per row (default: up to 5).
    order : sequence, optional
        Panels in this order (default: by name).
    figure : matplotlib Figure, optional
        Figure to draw into (cleared first); a new one sized to the panels when omitted.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; ``figure.axes`` are the panels in order, each titled
        ``"<outlet> (n=<mentions>)"``, with one line whose y data are the shares.

    Example
    -------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"outlet": ["A", "A", "B"], "period": ["2022", "2023", "2022"],
    ...                       "label": ["Kyiv"] * 3, "share": [0.5, 1.0, 0.0],
    ...                       "total": [4, 2, 3]})
    >>> fig = plot_share_small_multiples(table, label="Kyiv", interval=None)
    >>> [ax.get_title() for ax in fig.axes]
    ['A (n=6)', 'B (n=3)']
    """
    func = "plot_share_small_multiples"
    _check_table(data, func)
    _require(data, {x: None, facet: None, label_col: None, share: None, n: None}, func)
    rows = data[data[label_col] == label]
    if rows.empty:
        raise ValueError(format_message(
            f"{func}: no rows with {label_col} == {label!r}",
            where=f"data[{label_col!r}] (values: {preview(list(pd.unique(data[label_col])))})",
            fix="pass one of the labels"))
    rows = rows.assign(**{facet: _categories(rows[facet])})
    panels = _levels(rows[facet], order, sort=True)
    periods = sorted(pd.unique(rows[x]), key=str)
    where = {p: i for i, p in enumerate(periods)}
    cols = cols or min(5, len(panels))
    n_rows = -(-len(panels) // cols)
    size = (min(14.0, 2.6 * cols + 0.8), 1.75 * n_rows + 0.8)
    if figure is None:
        import matplotlib.pyplot as plt

        figure = plt.figure(figsize=size, layout="constrained")
    else:
        figure.clear()
    axes = figure.subplots(n_rows, cols, sharex=True, sharey=True, squeeze=False)
    band = interval is not None and all(c in rows.columns for c in interval)
    for ax, name in zip(axes.flat, panels, strict=False):
        part = rows[(rows[facet] == name) & (rows[n] >= min_n)]
        part = part.assign(_x=part[x].map(where)).sort_values("_x")
        total = int(rows.loc[rows[facet] == name, n].sum())
        ax.set_title(_literal(f"{_wrap(name, 30)} (n={total})"), fontsize=8.5)
        if part.empty:
            ax.text(0.5, 0.5, "no mention", transform=ax.transAxes, ha="center",
                    va="center", fontsize=8, color="#777777")
        else:
            if band:
                ax.fill_between(part["_x"], part[interval[0]], part[interval[1]],
                                color=_SINGLE_COLOR, alpha=0.3, linewidth=0)
            ax.plot(part["_x"], part[share], color=_TARGET_COLOR, linewidth=1.2)
            ax.scatter(part["_x"], part[share], s=np.clip(part[n].to_numpy(float), 4, 60),
                       color=_TARGET_COLOR, zorder=3)
        ax.set_ylim(-0.03, 1.03)
        ax.yaxis.set_major_formatter(mticker.PercentFormatter(1.0))
        ax.tick_params(labelsize=7)
        ax.grid(axis="y", color="#DDDDDD", linewidth=0.6)
    for ax in list(axes.flat)[len(panels):]:
        ax.set_visible(False)
    step = max(1, -(-len(periods) // 4))
    axes.flat[0].set_xticks(range(0, len(periods), step),
                            labels=[_literal(str(p)) for p in periods[::step]])
    axes.flat[0].set_xlim(-0.5, len(periods) - 0.5)
    figure.suptitle(_literal(f"Share of “{label}” per period, one panel per {facet} "
                             f"(point size: mentions)"), fontsize=10)
    return figure


def plot_dispersion_by_outlet(
    data: pd.DataFrame,
    *,
    term: str = "term",
    terms: Sequence[object] | None = None,
    outlet: str = "outlet",
    corpus: pd.DataFrame | None = None,
    order: Sequence[object] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Lexical dispersion over time with one row per outlet, terms told apart by colour.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per occurrence (a :func:`toolkit.kwic` table with a term column added),
        with ``doc_id``, ``outlet`` and ``date`` (or pass ``corpus`` to look dates up).
    term : str, default "term"
        Column naming what occurred.
    terms : sequence, optional
        Only these terms, in this order (default: in order of appearance).
    outlet : str, default "outlet"
        Column whose values become the rows.
    corpus : pandas.DataFrame, optional
        The corpus, to look up dates when ``data`` has no ``date`` column.
    order : sequence, optional
        Rows in this order (default: by name).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure sized to the outlets is made when omitted.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes; one ``EventCollection`` per (outlet, term) with occurrences, positions in
        matplotlib date numbers; y tick labels ``"<outlet> (n=<occurrences>)"``; a legend of
        the terms. Occurrences without a date are left out.

    Example
    -------
    >>> import pandas as pd
    >>> hits = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"],
    ...                      "term": ["kyiv", "kiev"],
    ...                      "date": pd.to_datetime(["2022-01-01", "2022-03-01"])})
    >>> ax = plot_dispersion_by_outlet(hits)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['X (n=1)', 'Y (n=1)']
    """
    func = "plot_dispersion_by_outlet"
    _check_table(data, func)
    _require(data, {term: None, outlet: None}, func)
    if "date" in data.columns:
        dates = pd.to_datetime(data["date"])
    elif corpus is not None:
        dates = pd.to_datetime(_corpus_lookup(corpus, data, "date", func))
    else:
        raise ValueError(format_message(
            f"{func}: needs a 'date' column", where=f"data (columns: "
            f"{', '.join(map(str, data.columns))})", fix="pass corpus=<the corpus>"))
    if isinstance(dates.dtype, pd.DatetimeTZDtype):
        dates = dates.dt.tz_localize(None)
    keep = dates.notna().to_numpy().copy()
    if terms is not None:
        terms = [terms] if isinstance(terms, str) else list(terms)
        keep &= data[term].isin(terms).to_numpy()
    data, dates = data[keep], dates[keep]
    if data.empty:
        raise ValueError(f"{func}: no dated occurrences to plot")
    kinds = [t for t in (terms or pd.unique(data[term])) if (data[term] == t).any()]
    outlets = _categories(data[outlet])
    rows = _levels(outlets, order, sort=True)
    ax = _axes(ax, (10.0, max(2.6, 1.6 + 0.3 * len(rows))))
    colors = palette(len(kinds))
    height = 0.8 / len(kinds)
    positions = mdates.date2num(dates.to_numpy())
    labels = []
    for i, name in enumerate(rows):
        in_row = (outlets == name).to_numpy()
        labels.append(_literal(f"{_wrap(name, 28)} (n={int(in_row.sum())})"))
        for k, kind in enumerate(kinds):
            ticks = np.sort(positions[in_row & (data[term] == kind).to_numpy()])
            if len(ticks):
                ax.eventplot([ticks], lineoffsets=i + (k - (len(kinds) - 1) / 2) * height,
                             linelengths=height * 0.9, linewidths=1.0, colors=colors[k])
    ax.set_yticks(np.arange(len(rows)), labels=labels)
    ax.tick_params(axis="y", labelsize=8)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_xlabel("date")
    ax.set_title("Where the terms occur: one tick per occurrence, one row per outlet",
                 fontsize=10, loc="left")
    handles = [Patch(color=colors[k], label=_literal(str(kind))) for k, kind in enumerate(kinds)]
    _legend_outside(ax, title="term", handles=handles)
    return ax
