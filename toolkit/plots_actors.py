"""Chart of :func:`toolkit.actor_context`: outlets × actors heatmap of tone, with n in each cell.

Same conventions as :mod:`toolkit.plots`: takes the result table as ``data``, options
keyword-only, ``ax=None``, returns the Axes, never shows the figure or changes global style.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import TwoSlopeNorm

from toolkit.plots import _axes, _check_table, _require, _text_color, _wrap

__all__ = ["plot_actor_tone"]

# diverging, colour-blind-safe (purple = negative, orange = positive), centred on 0
_TONE_CMAP = "PuOr_r"


def plot_actor_tone(data: pd.DataFrame, *, value: str = "tone", group: str = "outlet",
                    actor: str = "actor", n: str = "n_sentences", min_n: int = 1,
                    actors: Sequence[str] | None = None, groups: Sequence[str] | None = None,
                    title: str | None = None, ax: Axes | None = None) -> Axes:
    """Heatmap of the tone (or another column) of each outlet × actor, with n in every cell.

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`toolkit.actor_context`'s result (one row per outlet and actor).
    value : str, default "tone"
        Column coloured: ``"tone"`` (mean VADER compound, -1 to 1, on a diverging scale
        centred on 0) or any numeric column such as ``"loaded_per_1k"``.
    group, actor : str
        Columns giving the rows (default ``"outlet"``) and the columns (``"actor"``).
    n : str, default "n_sentences"
        Column printed under the value in each cell (the number of sentences behind it).
    min_n : int, default 1
        Cells with fewer sentences are left blank (shown as "n<min_n").
    actors, groups : list of str, optional
        Order (and selection) of the columns and rows; default: order of first appearance.
    title : str, optional
        Axes title; default names the value.
    ax : matplotlib Axes, optional
        Where to draw; default a new figure.

    Returns
    -------
    matplotlib.axes.Axes

    Example
    -------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"outlet": ["A", "A", "B"], "actor": ["NATO", "EU", "NATO"],
    ...                       "tone": [-0.2, 0.1, 0.3], "n_sentences": [12, 3, 5]})
    >>> ax = plot_actor_tone(table)
    >>> [t.get_text() for t in ax.texts][:2]
    ['-0.20\\nn=12', '+0.10\\nn=3']
    """
    func = "plot_actor_tone"
    _check_table(data, func)
    _require(data, {group: "group", actor: "actor", value: "value", n: "n"}, func)
    if isinstance(min_n, bool) or not isinstance(min_n, int | np.integer) or min_n < 0:
        raise ValueError(f"{func}: `min_n` must be a non-negative integer, got {min_n!r}")
    duplicated = data.duplicated([group, actor])
    if duplicated.any():
        first = data.loc[duplicated, [group, actor]].iloc[0].tolist()
        raise ValueError(f"{func}: more than one row for {group} {first[0]!r} and {actor} "
                         f"{first[1]!r}; pass one row per {group} and {actor} (filter or "
                         "aggregate first)")
    rows = list(groups) if groups is not None else list(dict.fromkeys(data[group]))
    columns = list(actors) if actors is not None else list(dict.fromkeys(data[actor]))
    values = np.full((len(rows), len(columns)), np.nan)
    counts = np.zeros((len(rows), len(columns)), dtype=np.int64)
    row_of = {r: i for i, r in enumerate(rows)}
    column_of = {c: j for j, c in enumerate(columns)}
    for record in data[[group, actor, value, n]].itertuples(index=False, name=None):
        g, a, v, k = record
        if g in row_of and a in column_of:
            counts[row_of[g], column_of[a]] = int(k) if pd.notna(k) else 0
            if pd.notna(v) and (int(k) if pd.notna(k) else 0) >= min_n:
                values[row_of[g], column_of[a]] = float(v)
    ax = _axes(ax, (1.6 + 1.25 * len(columns), 1.2 + 0.6 * len(rows)))
    finite = values[np.isfinite(values)]
    if value == "tone":
        norm = TwoSlopeNorm(vcenter=0.0, vmin=-1.0, vmax=1.0)
    else:
        low = float(finite.min()) if finite.size else 0.0
        high = float(finite.max()) if finite.size else 1.0
        norm = None if high > low else TwoSlopeNorm(vcenter=low, vmin=low - 1, vmax=low + 1)
    image = ax.imshow(np.ma.masked_invalid(values), cmap=_TONE_CMAP if value == "tone"
                      else "cividis", norm=norm, aspect="auto")
    for i in range(len(rows)):
        for j in range(len(columns)):
            if np.isfinite(values[i, j]):
                colour = _text_color(image.cmap(image.norm(values[i, j])))
                shown = f"{values[i, j]:+.2f}" if value == "tone" else f"{values[i, j]:.3g}"
                ax.text(j, i, f"{shown}\nn={counts[i, j]}", ha="center", va="center",
                        fontsize=8, color=colour)
            else:
                label = f"n={counts[i, j]}" if counts[i, j] else "–"
                ax.text(j, i, label, ha="center", va="center", fontsize=8, color="0.4")
    ax.set_xticks(np.arange(len(columns)), [_wrap(c, 14) for c in columns], fontsize=9)
    ax.set_yticks(np.arange(len(rows)), [_wrap(r, 22) for r in rows], fontsize=9)
    ax.tick_params(length=0)
    ax.set_xlabel(actor)
    ax.set_ylabel(group)
    label = "mean tone (VADER compound)" if value == "tone" else value
    ax.figure.colorbar(image, ax=ax, label=label, shrink=0.8)
    ax.set_title(title if title is not None else
                 f"{label} of the sentences mentioning each {actor}; n = sentences",
                 fontsize=10)
    return ax
