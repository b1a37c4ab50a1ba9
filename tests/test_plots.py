"""Plot functions: the drawn artists carry the table's values; no pyplot side effects.

Every table here is written out by hand in the shape the analysis functions return.
"""

from __future__ import annotations

import matplotlib
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgb

from toolkit.plots import (
    OKABE_ITO,
    palette,
    plot_dispersion,
    plot_keyness,
    plot_loaded_language,
    plot_readability,
    plot_term_rates,
    plot_term_share,
    plot_term_share_over_time,
)
from toolkit.summary import rate_summary

OUTLETS_12 = [f"Outlet {c}" for c in "ABCDEFGHIJKL"]


@pytest.fixture(autouse=True)
def _no_show_and_no_global_style(monkeypatch):
    """Fail on plt.show(); fail if a test leaves rcParams changed."""

    def _show(*args, **kwargs):
        raise AssertionError("plt.show() must never be called by a plot function")

    monkeypatch.setattr(plt, "show", _show)
    before = dict(matplotlib.rcParams)
    yield
    assert dict(matplotlib.rcParams) == before


def _texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def _ticklabels(labels) -> list[str]:
    return [t.get_text() for t in labels]


# --------------------------------------------------------------------------- tables


@pytest.fixture
def share() -> pd.DataFrame:
    """term_share(corpus, {"Kyiv": [...], "Kiev": [...]}, by="outlet")."""
    return pd.DataFrame(
        {
            "outlet": ["Alpha", "Alpha", "Beta", "Beta"],
            "label": ["Kyiv", "Kiev", "Kyiv", "Kiev"],
            "count": [3, 1, 2, 3],
            "share": [0.75, 0.25, 0.4, 0.6],
            "per_10k": [30.0, 10.0, 20.0, 30.0],
            "ci_low": [0.3, 0.05, 0.1, 0.2],
            "ci_high": [0.95, 0.7, 0.8, 0.9],
        }
    )


@pytest.fixture
def share_over_time() -> pd.DataFrame:
    """term_share(..., period="quarter"); rows deliberately out of period order."""
    return pd.DataFrame(
        {
            "outlet": ["Alpha", "Alpha", "Alpha", "Beta", "Beta", "Alpha", "Beta"],
            "period": ["2022Q2", "2022Q1", "2022Q3", "2022Q1", "2022Q3", "2022Q1", "2022Q1"],
            "label": ["Kyiv", "Kyiv", "Kyiv", "Kyiv", "Kyiv", "Kiev", "Kiev"],
            "count": [6, 5, 8, 1, 3, 5, 3],
            "share": [0.6, 0.5, 0.8, 0.25, 0.75, 0.5, 0.75],
            "per_10k": [12.0, 10.0, 16.0, 2.0, 6.0, 10.0, 6.0],
            "ci_low": [0.3, 0.2, 0.5, 0.05, 0.3, 0.2, 0.3],
            "ci_high": [0.85, 0.8, 0.95, 0.7, 0.95, 0.8, 0.95],
        }
    )


@pytest.fixture
def frequency() -> pd.DataFrame:
    """term_frequency(corpus, by="outlet"): Beta never uses 'regime' (row absent)."""
    return pd.DataFrame(
        {
            "outlet": ["Alpha", "Alpha", "Alpha", "Beta", "Beta"],
            "term": ["war", "regime", "kyiv", "kyiv", "war"],
            "count": [4, 2, 1, 3, 1],
            "docfreq": [2, 1, 1, 1, 1],
            "n_words": [100, 100, 100, 50, 50],
            "per_10k": [400.0, 200.0, 100.0, 600.0, 200.0],
            "rank": [1, 2, 3, 1, 2],
        }
    )


@pytest.fixture
def keyness_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "term": ["kiev", "regime", "nazi", "kyiv", "invasion", "neutral"],
            "count_target": [20, 10, 5, 1, 2, 4],
            "count_reference": [1, 2, 0, 15, 12, 4],
            "per_10k_target": [20.0, 10.0, 5.0, 1.0, 2.0, 4.0],
            "per_10k_reference": [1.0, 2.0, 0.0, 15.0, 12.0, 4.0],
            "log_likelihood": [25.0, 8.0, 6.5, -18.0, -9.0, 0.0],
            "chi2": [22.0, 7.0, 5.0, 15.0, 8.0, 0.0],  # unsigned on purpose
        }
    )


@pytest.fixture
def lexicon() -> pd.DataFrame:
    """lexicon_counts(corpus, lexicon, by=["outlet", "doc_id"]): zeros kept."""
    return pd.DataFrame(
        {
            "outlet": ["Alpha"] * 4 + ["Beta"] * 4,
            "doc_id": ["a1", "a1", "a2", "a2", "b1", "b1", "b2", "b2"],
            "category": ["hedge", "slur"] * 4,
            "count": [2, 1, 0, 1, 3, 0, 1, 0],
            "n_words": [1000, 1000, 1000, 1000, 500, 500, 500, 500],
            "per_1k": [2.0, 1.0, 0.0, 1.0, 6.0, 0.0, 2.0, 0.0],
        }
    )


@pytest.fixture
def readability_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": ["a1", "a2", "a3", "b1", "b2", "c1"],
            "outlet": ["Alpha", "Alpha", "Alpha", "Beta", "Beta", "Gamma"],
            "date": pd.to_datetime(["2022-01-01"] * 6),
            "flesch_reading_ease": [60.0, 70.0, 80.0, 40.0, 50.0, np.nan],
            "gunning_fog": [10.0, 12.0, 14.0, 8.0, 9.0, 11.0],
        }
    )


@pytest.fixture
def hits() -> pd.DataFrame:
    """kwic() output plus a doc_length column."""
    return pd.DataFrame(
        {
            "doc_id": ["a1", "a1", "a2", "b1", "b1"],
            "outlet": ["Alpha", "Alpha", "Alpha", "Beta", "Beta"],
            "date": pd.to_datetime(["2022-03-01", "2022-03-01", "2022-04-15", "2022-03-20",
                                    "2022-03-20"]),
            "left": ["", "", "", "", ""],
            "match": ["Kiev", "regime", "Kyiv", "Kyiv", "Kyiv"],
            "right": ["", "", "", "", ""],
            "start": [4, 9, 0, 0, 6],
            "end": [8, 15, 4, 4, 10],
            "doc_length": [40, 40, 50, 20, 20],
        }
    )


@pytest.fixture
def hit_corpus() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": ["a1", "a2", "b1"],
            "outlet": ["Alpha", "Alpha", "Beta"],
            "date": pd.to_datetime(["2022-03-01", "2022-04-15", "2022-03-20"]),
            "title": ["One", "Two", "Three"],
            "text": ["x" * 40, "y" * 50, "z" * 20],
        }
    )


# --------------------------------------------------------------------------- shared contract


CALLS = {
    "term_share": (plot_term_share, "share", {}),
    "term_share_over_time": (plot_term_share_over_time, "share_over_time", {"label": "Kyiv"}),
    "term_rates": (plot_term_rates, "frequency", {}),
    "keyness": (plot_keyness, "keyness_table", {}),
    "loaded_language": (plot_loaded_language, "lexicon", {"n_boot": 50}),
    "readability": (plot_readability, "readability_table", {}),
    "dispersion": (plot_dispersion, "hits", {}),
}


@pytest.mark.parametrize("name", list(CALLS))
def test_draws_on_the_given_axes_and_leaves_input_alone(name, request):
    func, fixture, options = CALLS[name]
    data = request.getfixturevalue(fixture)
    before = data.copy()
    fig, ax = plt.subplots()
    assert func(data, ax=ax, **options) is ax
    assert len(fig.axes) >= 1 and fig.axes[0] is ax
    assert ax.get_title()
    pd.testing.assert_frame_equal(data, before)


@pytest.mark.parametrize("name", list(CALLS))
def test_makes_a_new_figure_without_ax(name, request):
    func, fixture, options = CALLS[name]
    before = plt.get_fignums()
    ax = func(request.getfixturevalue(fixture), **options)
    assert ax.figure.number not in before


@pytest.mark.parametrize("name", list(CALLS))
def test_rejects_non_tables_and_empty_tables(name, request):
    func, fixture, options = CALLS[name]
    with pytest.raises(TypeError, match="DataFrame"):
        func([1, 2, 3], **options)
    empty = request.getfixturevalue(fixture).iloc[:0]
    with pytest.raises(ValueError, match="no rows"):
        func(empty, **options)


def test_palette_is_okabe_ito_first():
    assert palette(8) == list(OKABE_ITO)
    assert len(set(palette(17))) == 17
    assert palette(0) == []


# --------------------------------------------------------------------------- term share


def test_term_share_bar_widths_are_shares(share):
    ax = plot_term_share(share)
    # hue-major: Kyiv segments (Alpha, Beta), then Kiev segments stacked after them
    assert [p.get_width() for p in ax.patches] == pytest.approx([0.75, 0.4, 0.25, 0.6])
    assert [p.get_x() for p in ax.patches] == pytest.approx([0.0, 0.0, 0.75, 0.4])
    assert _ticklabels(ax.get_yticklabels()) == ["Alpha", "Beta"]
    assert ax.get_xlabel() == "share of mentions"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Kyiv", "Kiev"]
    assert _texts(ax) == ["75%", "40%", "25%", "60%"]


def test_term_share_vertical_bar_heights(share):
    ax = plot_term_share(share, orient="v", annotate=False)
    assert [p.get_height() for p in ax.patches] == pytest.approx([0.75, 0.4, 0.25, 0.6])
    assert [p.get_y() for p in ax.patches] == pytest.approx([0.0, 0.0, 0.75, 0.4])
    assert ax.get_ylabel() == "share of mentions"
    assert len(ax.texts) == 0


def test_term_share_orders_and_fills_missing_pairs_with_zero(share):
    data = share.drop(index=3)  # Beta/Kiev absent
    ax = plot_term_share(data, order=["Beta", "Alpha"], hue_order=["Kiev", "Kyiv"])
    assert [p.get_width() for p in ax.patches] == pytest.approx([0.0, 0.25, 0.4, 0.75])
    assert _ticklabels(ax.get_yticklabels()) == ["Beta", "Alpha"]


def test_term_share_missing_outlet_is_labelled(share):
    data = share.assign(outlet=["Alpha", "Alpha", None, None])
    ax = plot_term_share(data)
    assert _ticklabels(ax.get_yticklabels()) == ["Alpha", "(missing)"]


def test_term_share_many_outlets_and_labels_stay_distinct():
    rows = [(o, f"label {j}", 1 / 10) for o in OUTLETS_12 for j in range(10)]
    data = pd.DataFrame(rows, columns=["outlet", "label", "share"])
    ax = plot_term_share(data)
    assert _ticklabels(ax.get_yticklabels()) == OUTLETS_12
    assert len(ax.patches) == 120
    # hues 0-7 are plain Okabe-Ito colours; from the ninth on they are hatched
    first_of_hue = [ax.patches[j * 12] for j in range(10)]
    assert [matplotlib.colors.to_hex(p.get_facecolor()) for p in first_of_hue[:8]] == [
        c.lower() for c in OKABE_ITO
    ]
    assert all(not p.get_hatch() for p in first_of_hue[:8])
    assert all(p.get_hatch() for p in first_of_hue[8:])
    legend = ax.get_legend()
    assert len(legend.get_texts()) == 10
    assert legend.get_bbox_to_anchor().x0 > ax.get_window_extent().x1 - 1  # outside the axes


def test_term_share_rejects_several_periods(share_over_time):
    with pytest.raises(ValueError, match=r"repeated rows.*select one period"):
        plot_term_share(share_over_time)


def test_term_share_missing_column_is_named(share):
    with pytest.raises(ValueError, match=r"column 'source' not found.*columns: outlet, label"):
        plot_term_share(share, x="source")


# --------------------------------------------------------------------------- over time


def _band_extent(collection, x):
    vertices = np.concatenate([path.vertices for path in collection.get_paths()])
    at_x = vertices[np.isclose(vertices[:, 0], x), 1]
    return at_x.min(), at_x.max()


def test_over_time_lines_follow_period_order(share_over_time):
    ax = plot_term_share_over_time(share_over_time, label="Kyiv")
    alpha, beta = ax.lines
    assert alpha.get_label() == "Alpha"
    assert list(alpha.get_xdata()) == [0.0, 1.0, 2.0]
    assert list(alpha.get_ydata()) == pytest.approx([0.5, 0.6, 0.8])
    beta_y = np.asarray(beta.get_ydata(), dtype=float)
    assert beta_y[0] == pytest.approx(0.25)
    assert np.isnan(beta_y[1])  # Beta has no 2022Q2 row: a gap, not a zero
    assert beta_y[2] == pytest.approx(0.75)
    assert _ticklabels(ax.get_xticklabels()) == ["2022Q1", "2022Q2", "2022Q3"]
    assert ax.get_ylabel() == "share of mentions"


def test_over_time_bands_span_the_interval(share_over_time):
    ax = plot_term_share_over_time(share_over_time, label="Kyiv")
    alpha_band, beta_band = ax.collections
    for x, low, high in [(0, 0.2, 0.8), (1, 0.3, 0.85), (2, 0.5, 0.95)]:
        assert _band_extent(alpha_band, x) == pytest.approx((low, high))
    for x, low, high in [(0, 0.05, 0.7), (2, 0.3, 0.95)]:
        assert _band_extent(beta_band, x) == pytest.approx((low, high))
    assert matplotlib.colors.to_hex(alpha_band.get_facecolor()[0], keep_alpha=False) == \
        matplotlib.colors.to_hex(ax.lines[0].get_color())


def test_over_time_needs_a_label_when_several(share_over_time):
    with pytest.raises(ValueError, match=r"2 labels.*pass label="):
        plot_term_share_over_time(share_over_time)
    with pytest.raises(ValueError, match="label 'Kiew' not found"):
        plot_term_share_over_time(share_over_time, label="Kiew")


def test_over_time_nullable_string_labels(share_over_time):
    data = share_over_time.astype({"label": "string[python]", "outlet": "string[python]"})
    data.loc[6, "label"] = pd.NA
    ax = plot_term_share_over_time(data, label="Kiev")
    assert [list(line.get_ydata()) for line in ax.lines] == [[0.5]]


def test_over_time_single_label_table_needs_no_label(share_over_time):
    data = share_over_time[share_over_time["label"] == "Kiev"]
    ax = plot_term_share_over_time(data)
    assert [list(line.get_ydata()) for line in ax.lines] == [[0.5], [0.75]]


def test_over_time_rate_has_no_band(share_over_time):
    ax = plot_term_share_over_time(share_over_time, label="Kyiv", y="per_10k")
    assert len(ax.collections) == 0
    assert ax.get_ylabel() == "per 10,000 words"
    assert list(ax.lines[0].get_ydata()) == pytest.approx([10.0, 12.0, 16.0])
    ax = plot_term_share_over_time(share_over_time, label="Kyiv", interval=None)
    assert len(ax.collections) == 0


def test_over_time_with_dates():
    data = pd.DataFrame(
        {
            "outlet": ["Alpha", "Alpha"],
            "month": pd.to_datetime(["2022-02-01", "2022-01-01"]),
            "share": [0.7, 0.4],
            "ci_low": [0.5, 0.2],
            "ci_high": [0.9, 0.6],
        }
    )
    ax = plot_term_share_over_time(data, x="month")
    line = ax.lines[0]
    assert list(line.get_ydata()) == pytest.approx([0.4, 0.7])
    assert list(mdates.date2num(line.get_xdata())) == pytest.approx(
        list(mdates.date2num(pd.to_datetime(["2022-01-01", "2022-02-01"]).to_numpy()))
    )


def test_over_time_many_outlets_use_line_styles():
    rows = [(o, p, 0.5, 0.4, 0.6) for o in OUTLETS_12 for p in ["2022Q1", "2022Q2"]]
    data = pd.DataFrame(rows, columns=["outlet", "period", "share", "ci_low", "ci_high"])
    ax = plot_term_share_over_time(data)
    assert len(ax.lines) == 12
    styles = {(line.get_color(), line.get_linestyle()) for line in ax.lines}
    assert len(styles) == 12
    assert [line.get_linestyle() for line in ax.lines[8:]] == ["--"] * 4


# --------------------------------------------------------------------------- term rates


def test_term_rates_heatmap_matches_pivot(frequency):
    ax = plot_term_rates(frequency)
    image = ax.images[0]
    # terms by total count: war (5), kyiv (4), regime (2); Beta's missing 'regime' is 0
    expected = np.array([[400.0, 100.0, 200.0], [200.0, 600.0, 0.0]])
    np.testing.assert_allclose(image.get_array(), expected)
    assert _ticklabels(ax.get_xticklabels()) == ["war", "kyiv", "regime"]
    assert _ticklabels(ax.get_yticklabels()) == ["Alpha", "Beta"]
    assert _texts(ax) == ["400.0", "100.0", "200.0", "200.0", "600.0", "0.0"]
    assert image.colorbar.ax.get_ylabel() == "per 10,000 words"
    assert image.get_cmap().name == "cividis"


def test_term_rates_chosen_terms_and_top_n(frequency):
    ax = plot_term_rates(frequency, terms=["regime", "war"], fmt="{:.0f}")
    np.testing.assert_allclose(ax.images[0].get_array(), [[200.0, 400.0], [0.0, 200.0]])
    assert _texts(ax) == ["200", "400", "0", "200"]
    ax = plot_term_rates(frequency, n=1, annotate=False)
    np.testing.assert_allclose(ax.images[0].get_array(), [[400.0], [200.0]])
    assert len(ax.texts) == 0


def test_term_rates_blank_cells_when_not_filled(frequency):
    ax = plot_term_rates(frequency, fill_value=None)
    array = ax.images[0].get_array()
    assert bool(array.mask[1, 2])
    assert len(ax.texts) == 5


def test_term_rates_other_value_column(frequency):
    ax = plot_term_rates(frequency, value="count", fmt="{:.0f}")
    np.testing.assert_allclose(ax.images[0].get_array(), [[4, 1, 2], [1, 3, 0]])
    assert ax.images[0].colorbar.ax.get_ylabel() == "count"


def test_term_rates_rejects_repeated_pairs(frequency):
    with pytest.raises(ValueError, match="repeated rows"):
        plot_term_rates(pd.concat([frequency, frequency]))
    with pytest.raises(ValueError, match=r"column 'per_1k' not found"):
        plot_term_rates(frequency, value="per_1k")


# --------------------------------------------------------------------------- keyness


def test_keyness_diverging_bars(keyness_table):
    ax = plot_keyness(keyness_table, target_label="RT", reference_label="BBC")
    assert [p.get_width() for p in ax.patches] == pytest.approx([25.0, 8.0, 6.5, -9.0, -18.0])
    assert _texts(ax) == ["kiev", "regime", "nazi", "invasion", "kyiv"]
    colors = [matplotlib.colors.to_hex(p.get_facecolor()) for p in ax.patches]
    assert colors[:3] == [colors[0]] * 3
    assert colors[3:] == [colors[3]] * 2
    assert colors[0] != colors[3]
    assert ax.get_title() == "Keyness: RT vs BBC"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["over-used in RT", "over-used in BBC"]
    assert ax.get_xlabel() == "signed log-likelihood (G²)"


def test_keyness_top_n_each_side(keyness_table):
    ax = plot_keyness(keyness_table, n=1)
    assert [p.get_width() for p in ax.patches] == pytest.approx([25.0, -18.0])
    assert _texts(ax) == ["kiev", "kyiv"]


def test_keyness_unsigned_measure_takes_direction_from_rates(keyness_table):
    ax = plot_keyness(keyness_table, measure="chi2")
    assert [p.get_width() for p in ax.patches] == pytest.approx([22.0, 7.0, 5.0, -8.0, -15.0])


def test_keyness_nothing_to_show(keyness_table):
    with pytest.raises(ValueError, match="non-zero"):
        plot_keyness(keyness_table.assign(log_likelihood=0.0))
    with pytest.raises(ValueError, match=r"column 'g2' not found"):
        plot_keyness(keyness_table, measure="g2")


# --------------------------------------------------------------------------- loaded language


def test_loaded_language_bar_heights_are_pooled_rates(lexicon):
    ax = plot_loaded_language(lexicon)
    # hedge: Alpha 2/2000, Beta 4/1000; slur: Alpha 2/2000, Beta 0/1000 (per 1,000 words)
    assert [p.get_height() for p in ax.patches] == pytest.approx([1.0, 4.0, 1.0, 0.0])
    assert [p.get_x() + p.get_width() / 2 for p in ax.patches] == pytest.approx(
        [-0.2, 0.8, 0.2, 1.2]
    )
    assert ax.get_ylabel() == "per 1,000 words"
    assert _ticklabels(ax.get_xticklabels()) == ["Alpha", "Beta"]


def test_loaded_language_error_bars_are_bootstrap_intervals(lexicon):
    ax = plot_loaded_language(lexicon, random_state=3)
    segments = ax.collections[0].get_segments()
    summary = rate_summary(lexicon, by=["outlet", "category"], random_state=3)
    # hand-checked: hedge Alpha resamples give 0/1/2, Beta 2/4/6 per 1,000 words
    expected = {("Alpha", "hedge"): (0.0, 2.0), ("Beta", "hedge"): (2.0, 6.0),
                ("Alpha", "slur"): (1.0, 1.0), ("Beta", "slur"): (0.0, 0.0)}
    for _, row in summary.iterrows():
        assert (row["ci_low"], row["ci_high"]) == pytest.approx(
            expected[(row["outlet"], row["category"])]
        )
    drawn = [(s[0][1], s[1][1]) for s in segments]
    np.testing.assert_allclose(drawn, [(0.0, 2.0), (2.0, 6.0), (1.0, 1.0), (0.0, 0.0)])
    assert [s[0][0] for s in segments] == pytest.approx([-0.2, 0.8, 0.2, 1.2])


def test_loaded_language_without_bootstrap_and_other_unit(lexicon):
    ax = plot_loaded_language(lexicon, n_boot=0, per=10_000)
    assert len(ax.collections) == 0
    assert [p.get_height() for p in ax.patches] == pytest.approx([10.0, 40.0, 10.0, 0.0])
    assert ax.get_ylabel() == "per 10,000 words"


def test_loaded_language_many_outlets_are_horizontal():
    rows = [(o, f"{o}-{d}", c, 1 + d, 100) for o in OUTLETS_12 for d in range(2)
            for c in ["hedge", "slur"]]
    data = pd.DataFrame(rows, columns=["outlet", "doc_id", "category", "count", "n_words"])
    ax = plot_loaded_language(data, n_boot=20)
    assert _ticklabels(ax.get_yticklabels()) == OUTLETS_12
    assert [p.get_width() for p in ax.patches] == pytest.approx([15.0] * 24)
    assert ax.get_xlabel() == "per 1,000 words"
    segments = ax.collections[0].get_segments()
    assert all(s[0][1] == s[1][1] for s in segments)  # horizontal interval lines


def test_loaded_language_warns_when_rows_are_not_documents(lexicon):
    pooled = lexicon.groupby(["outlet", "category"], as_index=False)[["count", "n_words"]].sum()
    with pytest.warns(UserWarning, match="one row per document"):
        plot_loaded_language(pooled, n_boot=10)


# --------------------------------------------------------------------------- readability


def _mean_line(ax):
    (line,) = [line for line in ax.lines if line.get_label() == "mean"]
    return line


@pytest.mark.parametrize("kind", ["box", "violin"])
def test_readability_means_and_groups(readability_table, kind):
    ax = plot_readability(readability_table, kind=kind)
    mean = _mean_line(ax)
    # Gamma has no flesch_reading_ease value and is left out
    assert list(mean.get_xdata()) == [0.0, 1.0]
    assert list(mean.get_ydata()) == pytest.approx([70.0, 45.0])
    assert _ticklabels(ax.get_xticklabels()) == ["Alpha\n(n=3)", "Beta\n(n=2)"]
    assert ax.get_ylabel() == "Flesch reading ease (higher = easier)"
    if kind == "box":
        assert len(ax.patches) == 2  # one box per outlet
        medians = [line for line in ax.lines if line.get_label() != "mean"
                   and len(set(line.get_ydata())) == 1 and len(line.get_ydata()) == 2]
        assert {float(line.get_ydata()[0]) for line in medians} >= {70.0, 45.0}
    else:
        assert len([c for c in ax.collections if c.get_paths()]) >= 2


def test_readability_other_measure_and_order(readability_table):
    ax = plot_readability(readability_table, measure="gunning_fog",
                          order=["Gamma", "Beta", "Alpha"])
    assert list(_mean_line(ax).get_ydata()) == pytest.approx([11.0, 8.5, 12.0])
    assert ax.get_ylabel() == "Gunning fog index (grade level)"


def test_readability_many_outlets_are_horizontal():
    data = pd.DataFrame({"outlet": np.repeat(OUTLETS_12, 2),
                         "flesch_reading_ease": np.tile([50.0, 60.0], 12)})
    ax = plot_readability(data)
    mean = _mean_line(ax)
    assert list(mean.get_xdata()) == pytest.approx([55.0] * 12)
    assert list(mean.get_ydata()) == list(range(12))
    assert _ticklabels(ax.get_yticklabels())[0] == "Outlet A (n=2)"


def test_readability_bad_options(readability_table):
    with pytest.raises(ValueError, match="`kind` must be one of"):
        plot_readability(readability_table, kind="strip")
    with pytest.raises(ValueError, match=r"column 'fog' not found"):
        plot_readability(readability_table, measure="fog")


# --------------------------------------------------------------------------- dispersion


def _positions(ax) -> list[list[float]]:
    return [[float(p) for p in c.get_positions()] for c in ax.collections]


def test_dispersion_by_date(hits):
    ax = plot_dispersion(hits)
    day = mdates.date2num(pd.to_datetime(["2022-03-01", "2022-03-20", "2022-04-15"]).to_numpy())
    # rows sorted: Kiev, Kyiv, regime
    assert _positions(ax) == [
        pytest.approx([day[0]]),
        pytest.approx([day[1], day[1], day[2]]),
        pytest.approx([day[0]]),
    ]
    assert _ticklabels(ax.get_yticklabels()) == ["Kiev (n=1)", "Kyiv (n=3)", "regime (n=1)"]
    assert ax.get_xlabel() == "date"


def test_dispersion_by_position(hits):
    ax = plot_dispersion(hits, x="position", terms=["Kyiv", "Kiev"])
    assert _positions(ax) == [pytest.approx([0.0, 0.0, 0.3]), pytest.approx([0.1])]
    assert _ticklabels(ax.get_yticklabels()) == ["Kyiv (n=3)", "Kiev (n=1)"]
    assert ax.get_xlim() == (0.0, 1.0)


def test_dispersion_position_from_corpus(hits, hit_corpus):
    ax = plot_dispersion(hits.drop(columns="doc_length"), x="position", corpus=hit_corpus,
                         row="outlet")
    assert _positions(ax) == [pytest.approx([0.0, 0.1, 0.225]), pytest.approx([0.0, 0.3])]
    assert _ticklabels(ax.get_yticklabels()) == ["Alpha (n=3)", "Beta (n=2)"]


def test_dispersion_dates_from_corpus(hits, hit_corpus):
    lexicon_hits = hits.drop(columns=["date", "doc_length"]).rename(columns={"match": "entry"})
    ax = plot_dispersion(lexicon_hits, term="entry", terms="regime", corpus=hit_corpus)
    assert _positions(ax) == [pytest.approx(list(mdates.date2num(
        pd.to_datetime(["2022-03-01"]).to_numpy())))]


def test_dispersion_needs_lengths_or_dates(hits):
    with pytest.raises(ValueError, match=r"needs document lengths.*corpus="):
        plot_dispersion(hits.drop(columns="doc_length"), x="position")
    with pytest.raises(ValueError, match=r"needs a 'date' column.*corpus="):
        plot_dispersion(hits.drop(columns="date"))
    with pytest.raises(ValueError, match="start outside their document"):
        plot_dispersion(hits.assign(doc_length=5), x="position")
    with pytest.raises(ValueError, match="`x` must be one of"):
        plot_dispersion(hits, x="index")


def test_dispersion_unknown_documents(hits, hit_corpus):
    with pytest.raises(ValueError, match=r"not in `corpus`: 'zz'"):
        plot_dispersion(hits.assign(doc_id="zz").drop(columns="doc_length"), x="position",
                        corpus=hit_corpus)


def test_dispersion_leaves_out_undated_hits(hits):
    data = hits.assign(date=hits["date"].where(hits["match"] != "Kiev"))
    with pytest.warns(UserWarning, match="1 of 5 occurrences have no date"):
        ax = plot_dispersion(data)
    assert _ticklabels(ax.get_yticklabels()) == ["Kyiv (n=3)", "regime (n=1)"]


# --------------------------------------------------------------------------- n on share bars (issue 12, 5)


def test_term_share_bars_show_n_and_grey_small_sets():
    table = pd.DataFrame({"outlet": ["A", "A", "B", "B"], "label": ["Kyiv", "Kiev"] * 2,
                          "share": [0.75, 0.25, 1 / 3, 2 / 3], "total": [40, 40, 3, 3]})
    ax = plot_term_share(table)
    labels = [t.get_text() for t in ax.texts if t.get_text().startswith("n = ")]
    assert labels == ["n = 40", "n = 3 (few)"]
    assert ax.greyed_bars == ["B"]
    # B's segments are grey, A's keep the label colours (Okabe-Ito orange for the first)
    assert ax.patches[0].get_facecolor()[:3] == pytest.approx(to_rgb("#E69F00"))
    assert ax.patches[1].get_facecolor()[:3] == pytest.approx(to_rgb("0.55"))
    assert any("fewer than 20 mentions" in t.get_text() for t in ax.texts)
    # the legend keeps the colours even though a bar is grey
    legend = ax.get_legend()
    assert legend.legend_handles[0].get_facecolor()[:3] == pytest.approx(to_rgb("#E69F00"))


def test_term_share_min_n_and_without_n_column(share):
    table = share.assign(total=[4, 4, 5, 5])
    assert plot_term_share(table, min_n=0).greyed_bars == []
    assert plot_term_share(table, min_n=5).greyed_bars == ["Alpha"]
    bare = plot_term_share(share)  # no "total" column: no n labels, nothing greyed
    assert not [t for t in bare.texts if t.get_text().startswith("n = ")]
    with pytest.raises(ValueError, match="min_n"):
        plot_term_share(table, min_n=-1)
