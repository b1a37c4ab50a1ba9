"""rate_summary: pooled rates per group with bootstrap intervals, checked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.summary import rate_summary


@pytest.fixture
def docs() -> pd.DataFrame:
    """Two outlets, two documents each, one category: rates checkable by eye."""
    return pd.DataFrame(
        {
            "outlet": ["A", "A", "B", "B"],
            "doc_id": ["a1", "a2", "b1", "b2"],
            "category": ["hedge"] * 4,
            "count": [2, 0, 3, 1],
            "n_words": [1000, 1000, 500, 500],
        }
    )


def test_two_documents_by_hand():
    # 2 hits in 2,000 words = 1.0 per 1,000 words. Resamples of the two documents give
    # (a1, a1) -> 2.0, (a1, a2) -> 1.0, (a2, a2) -> 0.0, so the 95% interval is [0, 2].
    table = pd.DataFrame({"count": [2, 0], "n_words": [1000, 1000]})
    result = rate_summary(table, by=None)
    assert result.columns.tolist() == ["count", "n_words", "rate", "ci_low", "ci_high"]
    row = result.iloc[0]
    assert row["count"] == 2
    assert row["n_words"] == 2000
    assert row["rate"] == pytest.approx(1.0)
    assert row["ci_low"] == pytest.approx(0.0)
    assert row["ci_high"] == pytest.approx(2.0)


def test_groups_by_hand(docs):
    result = rate_summary(docs, by=["outlet", "category"])
    assert result.columns.tolist() == ["outlet", "category", "count", "n_words", "rate",
                                       "ci_low", "ci_high"]
    assert result["outlet"].tolist() == ["A", "B"]
    assert result["count"].tolist() == [2, 4]
    assert result["n_words"].tolist() == [2000, 1000]
    # B: 4 hits in 1,000 words; resamples give 6.0, 4.0 or 2.0 per 1,000 words
    assert result["rate"].tolist() == pytest.approx([1.0, 4.0])
    assert result["ci_low"].tolist() == pytest.approx([0.0, 2.0])
    assert result["ci_high"].tolist() == pytest.approx([2.0, 6.0])


def test_per_sets_the_unit(docs):
    result = rate_summary(docs, by="outlet", per=10_000, n_boot=0)
    assert result["rate"].tolist() == pytest.approx([10.0, 40.0])


def test_single_document_interval_collapses_to_rate():
    table = pd.DataFrame({"outlet": ["A"], "count": [3], "n_words": [600]})
    row = rate_summary(table, by="outlet").iloc[0]
    assert row["rate"] == pytest.approx(5.0)
    assert row["ci_low"] == pytest.approx(5.0)
    assert row["ci_high"] == pytest.approx(5.0)


def test_zero_tokens_give_missing_rate_and_interval():
    table = pd.DataFrame({"outlet": ["A", "A", "B"], "count": [0, 0, 1],
                          "n_words": [0, 0, 100]})
    result = rate_summary(table, by="outlet")
    assert np.isnan(result["rate"].iloc[0])
    assert np.isnan(result["ci_low"].iloc[0])
    assert np.isnan(result["ci_high"].iloc[0])
    assert result["rate"].iloc[1] == pytest.approx(10.0)


def test_missing_group_values_form_their_own_group():
    table = pd.DataFrame({"outlet": ["A", None], "count": [1, 2], "n_words": [100, 100]})
    result = rate_summary(table, by="outlet", n_boot=0)
    assert len(result) == 2
    assert result["outlet"].iloc[0] == "A"
    assert pd.isna(result["outlet"].iloc[1])
    assert result["rate"].tolist() == pytest.approx([10.0, 20.0])


def test_no_bootstrap_leaves_interval_empty(docs):
    result = rate_summary(docs, by="outlet", n_boot=0)
    assert result["ci_low"].isna().all()
    assert result["ci_high"].isna().all()


def test_seed_makes_intervals_reproducible():
    rng = np.random.default_rng(5)
    table = pd.DataFrame({"outlet": np.repeat(["A", "B"], 50),
                          "count": rng.poisson(3, 100), "n_words": rng.integers(200, 900, 100)})
    first = rate_summary(table, by="outlet", random_state=7)
    again = rate_summary(table, by="outlet", random_state=7)
    pd.testing.assert_frame_equal(first, again)
    generator = rate_summary(table, by="outlet", random_state=np.random.default_rng(7))
    pd.testing.assert_frame_equal(first, generator)
    assert (first["ci_low"] <= first["rate"]).all()
    assert (first["rate"] <= first["ci_high"]).all()


def test_narrower_level_gives_narrower_interval():
    rng = np.random.default_rng(1)
    table = pd.DataFrame({"count": rng.poisson(4, 80), "n_words": rng.integers(300, 700, 80)})
    wide = rate_summary(table, by=None, level=0.95).iloc[0]
    narrow = rate_summary(table, by=None, level=0.5).iloc[0]
    assert wide["ci_low"] <= narrow["ci_low"] <= narrow["ci_high"] <= wide["ci_high"]


def test_large_group_is_resampled_in_chunks():
    # 5,000 rows x 1,000 resamples exceeds one chunk; every document has rate 2.0 per 1k.
    table = pd.DataFrame({"count": np.full(5000, 2), "n_words": np.full(5000, 1000)})
    row = rate_summary(table, by=None).iloc[0]
    assert row["rate"] == pytest.approx(2.0)
    assert row["ci_low"] == pytest.approx(2.0)
    assert row["ci_high"] == pytest.approx(2.0)


def test_float_counts_stay_float():
    table = pd.DataFrame({"count": [1.5, 0.5], "n_words": [1000.0, 1000.0]})
    result = rate_summary(table, by=None, n_boot=0)
    assert result["count"].iloc[0] == pytest.approx(2.0)
    assert result["rate"].iloc[0] == pytest.approx(1.0)


def test_input_unchanged(docs):
    before = docs.copy()
    rate_summary(docs, by=["outlet", "category"])
    pd.testing.assert_frame_equal(docs, before)


def test_missing_column_is_named(docs):
    with pytest.raises(ValueError, match=r"column 'hits' not found.*columns: outlet, doc_id"):
        rate_summary(docs, by="outlet", count="hits")
    with pytest.raises(ValueError, match=r"cannot group by 'source'"):
        rate_summary(docs, by="source")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"count": [-1, 0, 3, 1]}, "missing or negative values in column 'count'"),
        ({"n_words": [1000, None, 500, 500]}, "missing or negative values in column 'n_words'"),
    ],
)
def test_bad_values_are_reported(docs, change, message):
    with pytest.raises(ValueError, match=message):
        rate_summary(docs.assign(**change), by="outlet")


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ({"n_boot": -1}, "n_boot"),
        ({"n_boot": 1.5}, "n_boot"),
        ({"per": 0}, "per"),
        ({"level": 95}, "level"),
    ],
)
def test_bad_options_are_rejected(docs, option, message):
    with pytest.raises(ValueError, match=message):
        rate_summary(docs, by="outlet", **option)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["A", "B", "C"]), st.integers(0, 20), st.integers(1, 500)),
        min_size=1,
        max_size=12,
    )
)
def test_totals_and_rates_match_the_rows(rows):
    table = pd.DataFrame(rows, columns=["outlet", "count", "n_words"])
    result = rate_summary(table, by="outlet", n_boot=20)
    expected = table.groupby("outlet")[["count", "n_words"]].sum()
    assert result["outlet"].tolist() == expected.index.tolist()
    assert result["count"].tolist() == expected["count"].tolist()
    assert result["n_words"].tolist() == expected["n_words"].tolist()
    np.testing.assert_allclose(result["rate"], expected["count"] / expected["n_words"] * 1000)
    # each resample's rate lies between the smallest and largest document rate
    per_doc = table["count"] / table["n_words"] * 1000
    for _, row in result.iterrows():
        docs = per_doc[table["outlet"] == row["outlet"]]
        assert docs.min() - 1e-9 <= row["ci_low"] <= row["ci_high"] <= docs.max() + 1e-9
