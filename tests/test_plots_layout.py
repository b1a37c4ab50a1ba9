"""Layout rules of the many-outlet views, checked on a 30-outlet table.

A report page is read on a screen about 1400 px wide and 900 px high; its figures are saved
at 150 dpi. The overview of framing must fit on two screens, its labels must not overlap
(measured with matplotlib's text extents), and every cell must show its number of mentions.
"""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

import toolkit  # noqa: E402
from toolkit.plots import _wrap, words  # noqa: E402

REPORT_DPI = 150  # toolkit.save_result's dpi
SCREEN_HEIGHT = 900
N_OUTLETS = 30


@pytest.fixture(scope="module")
def shares():
    """term_share's layout for 30 outlets (some with long names) and the 21 bundled sets."""
    rng = np.random.default_rng(7)
    sets = toolkit.load_term_sets("russia_ukraine")
    rows = []
    for i in range(N_OUTLETS):
        outlet = f"Outlet {i:02d}" + (" International Broadcasting Service" if i % 9 == 0 else "")
        for name in sets:
            labels = list(sets[name])
            total = int(rng.integers(0, 300)) if rng.random() > 0.25 else int(rng.integers(0, 4))
            split = rng.dirichlet(np.ones(len(labels)))
            for label, part in zip(labels, split, strict=True):
                rows.append({"outlet": outlet, "set": name, "label": label,
                             "count": round(part * total), "total": total,
                             "share": part if total else np.nan})
    return pd.DataFrame(rows)


def _extents(texts, renderer):
    return [t.get_window_extent(renderer) for t in texts if t.get_text()]


def test_fingerprint_fits_two_screens_and_labels_do_not_overlap(shares):
    ax = toolkit.plot_framing_fingerprint(shares, min_n=5)
    fig = ax.figure
    fig.set_dpi(REPORT_DPI)
    width_px, height_px = fig.get_size_inches() * REPORT_DPI
    assert height_px <= 2 * SCREEN_HEIGHT
    # shown at the page's width (at most 1400 px) it is shorter still
    assert height_px * min(1.0, 1400 / width_px) <= 2 * SCREEN_HEIGHT
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ylabels = _extents(ax.get_yticklabels(), renderer)
    assert len(ylabels) == N_OUTLETS
    ylabels.sort(key=lambda box: box.y0)
    for lower, upper in zip(ylabels, ylabels[1:], strict=False):
        assert lower.y1 <= upper.y0 + 0.5  # stacked, not overlapping
    # x labels are rotated: adjacent labels are apart by spacing * sin(angle) across the text
    xlabels = [t for t in ax.get_xticklabels() if t.get_text()]
    assert len(xlabels) == shares.groupby("set")["total"].sum().gt(0).sum()
    angle = math.radians(xlabels[0].get_rotation())
    centres = sorted(ax.transData.transform((i, 0))[0] for i in range(len(xlabels)))
    spacing = min(b - a for a, b in zip(centres, centres[1:], strict=False))
    line_height = xlabels[0].get_fontsize() * REPORT_DPI / 72
    assert spacing * math.sin(angle) >= line_height
    # labels in words, and nothing drawn outside the figure
    assert all("_" not in t.get_text() for t in xlabels)
    figure_box = fig.bbox
    for box in _extents([*ax.get_yticklabels(), *xlabels, ax.title], renderer):
        assert box.x0 >= figure_box.x0 - 1 and box.x1 <= figure_box.x1 + 1
    plt.close(fig)


def test_fingerprint_shows_n_in_every_cell_and_marks_thin_cells(shares):
    ax = toolkit.plot_framing_fingerprint(shares, min_n=5, order="name")
    fig = ax.figure
    fig.set_dpi(REPORT_DPI)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    chosen = shares.groupby("set", sort=False)["label"].first()
    picked = shares[shares["label"] == shares["set"].map(chosen)]
    mentioned = [s for s in pd.unique(picked["set"]) if picked.loc[picked["set"] == s,
                                                                    "total"].sum() > 0]
    totals = picked.pivot(index="outlet", columns="set", values="total")[mentioned]
    cells = [t for t in ax.texts]
    assert len(cells) == totals.size
    n_of = [int(t.get_text().split("n=")[1]) for t in cells]  # every cell shows its n
    assert n_of == [int(v) for v in totals.sort_index().to_numpy().ravel()]
    # each cell's text fits inside its cell
    cell_w = abs(ax.transData.transform((1, 0))[0] - ax.transData.transform((0, 0))[0])
    cell_h = abs(ax.transData.transform((0, 1))[1] - ax.transData.transform((0, 0))[1])
    for text in cells:
        box = text.get_window_extent(renderer)
        assert box.width <= cell_w and box.height <= cell_h, text.get_text()
    hatched = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_hatch()]
    assert len(hatched) == int((totals < 5).to_numpy().sum())
    plt.close(fig)


def test_fingerprint_orders_outlets_by_cluster_or_as_given(shares):
    # two groups of outlets with opposite framing end up as two blocks
    rows = []
    for i in range(6):
        kiev = 0.9 if i % 2 else 0.1
        for name, labels in (("capital", ["Kyiv", "Kiev"]), ("odesa", ["Odesa", "Odessa"])):
            rows += [{"outlet": f"O{i}", "set": name, "label": labels[0], "share": 1 - kiev,
                      "total": 20},
                     {"outlet": f"O{i}", "set": name, "label": labels[1], "share": kiev,
                      "total": 20}]
    table = pd.DataFrame(rows)
    ax = toolkit.plot_framing_fingerprint(table)
    order = [t.get_text() for t in ax.get_yticklabels()]
    groups = ["odd" if int(o[1]) % 2 else "even" for o in order]
    assert groups in (["odd"] * 3 + ["even"] * 3, ["even"] * 3 + ["odd"] * 3)
    plt.close(ax.figure)
    ax = toolkit.plot_framing_fingerprint(table, order=["O5", "O0", "O1", "O2", "O3", "O4"])
    assert [t.get_text() for t in ax.get_yticklabels()][:2] == ["O5", "O0"]
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="set 'capital' has no label 'Kiyv'"):
        toolkit.plot_framing_fingerprint(table, variant={"capital": "Kiyv"})


def test_small_multiples_for_30_outlets_fit_two_screens():
    rows = [{"outlet": f"Outlet {i:02d}", "period": str(year), "label": "Kyiv",
             "share": (i % 5) / 4, "total": 3 + i, "ci_low": 0.0, "ci_high": 1.0}
            for i in range(N_OUTLETS) for year in (2021, 2022, 2023)]
    fig = toolkit.plot_share_small_multiples(pd.DataFrame(rows), label="Kyiv")
    assert fig.get_size_inches()[1] * REPORT_DPI <= 2 * SCREEN_HEIGHT
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert len(panels) == N_OUTLETS
    assert panels[0].get_title() == "Outlet 00 (n=9)"  # n of each panel in its title
    assert all(ax.get_ylim() == panels[0].get_ylim() for ax in panels)  # shared scale
    plt.close(fig)


def test_dispersion_by_outlet_has_one_row_per_outlet_without_overlap():
    rng = np.random.default_rng(1)
    hits = pd.DataFrame({
        "doc_id": [f"d{i}" for i in range(300)],
        "outlet": [f"Outlet {i % N_OUTLETS:02d}" for i in range(300)],
        "term": rng.choice(["Kyiv", "Kiev"], 300),
        "date": pd.Timestamp("2022-01-01") + pd.to_timedelta(rng.integers(0, 600, 300), "D"),
    })
    ax = toolkit.plot_dispersion_by_outlet(hits)
    fig = ax.figure
    fig.set_dpi(REPORT_DPI)
    assert fig.get_size_inches()[1] * REPORT_DPI <= 2 * SCREEN_HEIGHT
    fig.canvas.draw()
    boxes = sorted(_extents(ax.get_yticklabels(), fig.canvas.get_renderer()),
                   key=lambda b: b.y0)
    assert len(boxes) == N_OUTLETS
    for lower, upper in zip(boxes, boxes[1:], strict=False):
        assert lower.y1 <= upper.y0 + 0.5
    assert ax.get_yticklabels()[0].get_text() == "Outlet 00 (n=10)"
    plt.close(fig)


def test_labels_are_words_and_never_cut_mid_word():
    assert words("delegitimising_qualifier") == "delegitimising qualifier"
    wrapped = _wrap("Internationalisation-department broadcasting", width=10)
    assert "Internationalisation-department" in wrapped.split("\n")
