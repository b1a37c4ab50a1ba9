"""Keyness: hand-computed 2×2 statistics, sorting, errors, and the demo corpus's designed contrasts."""

from __future__ import annotations

import subprocess
import sys
from math import log, log2, sqrt

import pandas as pd
import pytest

import toolkit


@pytest.fixture
def two_outlets() -> pd.DataFrame:
    """Outlet A: 1,000 tokens, 10 of them 'kiev'; outlet B: 2,000 tokens, 2 of them 'kiev'.

    'alpha' occurs only in A (990 times), 'beta' only in B (1,998 times).
    """
    return pd.DataFrame(
        {
            "doc_id": ["a1", "a2", "b1"],
            "outlet": ["A", "A", "B"],
            "text": [
                "kiev " * 6 + "alpha " * 494,
                "Kiev. " * 4 + "alpha " * 496,
                "kiev kiev " + "beta " * 1998,
            ],
        }
    )


def _row(table: pd.DataFrame, term: str) -> pd.Series:
    return table.set_index("term").loc[term]


def test_hand_computed_two_by_two(two_outlets):
    # The 2×2 table for 'kiev':
    #                 kiev      other
    #   target A     a = 10   c = 990     N1 = 1000
    #   reference B  b = 2    d = 1998    N2 = 2000
    #                  12       2988      N  = 3000
    a, b, c, d = 10, 2, 990, 1998
    n1, n2, n = 1000, 2000, 3000
    # expected counts: E11 = 1000*12/3000 = 4, E12 = 1000*2988/3000 = 996,
    #                  E21 = 2000*12/3000 = 8, E22 = 2000*2988/3000 = 1992
    e11, e12, e21, e22 = 4, 996, 8, 1992
    # G² = 2 (10 ln(10/4) + 990 ln(990/996) + 2 ln(2/8) + 1998 ln(1998/1992))
    #    = 2 (9.16291 - 5.98189 - 2.77259 + 6.00903) = 12.83491
    g2 = 2 * (a * log(a / e11) + c * log(c / e12) + b * log(b / e21) + d * log(d / e22))
    assert g2 == pytest.approx(12.83491, abs=1e-5)
    # Rayson & Garside's two-cell version would give 2 (9.16291 - 2.77259) = 12.78064
    # Pearson χ² = N (ad - bc)² / (R1 R2 C1 C2) = 3000 · 18000² / (1000 · 2000 · 12 · 2988)
    chi2 = n * (a * d - b * c) ** 2 / (n1 * n2 * (a + b) * (c + d))
    assert chi2 == pytest.approx(13.55422, abs=1e-5)
    # Log Ratio = log2((10/1000) / (2/2000)) = log2(10) = 3.32193
    # Weighted log-odds, prior α0 = N = 3000 so α_kiev = 12:
    #   δ = ln(22 / (1000 + 3000 - 22)) - ln(14 / (2000 + 3000 - 14))
    #     = ln(22/3978) - ln(14/4986) = -5.19749 + 5.87533 = 0.67784
    #   σ² = 1/22 + 1/14 = 0.116883;  z = 0.67784 / 0.341882 = 1.98267
    delta = log(22 / 3978) - log(14 / 4986)
    z = delta / sqrt(1 / 22 + 1 / 14)

    table = toolkit.keyness(two_outlets, target="A")
    row = _row(table, "kiev")
    assert row["count_target"] == 10 and row["count_reference"] == 2
    assert row["per_10k_target"] == pytest.approx(100.0)  # 10 / 1000 * 10,000
    assert row["per_10k_reference"] == pytest.approx(10.0)  # 2 / 2000 * 10,000
    assert row["log_likelihood"] == pytest.approx(g2, rel=1e-9)
    assert row["p_value"] == pytest.approx(0.000340212, rel=1e-5)  # χ²(1) upper tail at G²
    assert row["chi2"] == pytest.approx(chi2, rel=1e-9)
    assert row["log_ratio"] == pytest.approx(3.321928, abs=1e-6)
    assert row["log_odds"] == pytest.approx(0.677840, abs=1e-6)
    assert row["log_odds"] == pytest.approx(delta, rel=1e-9)
    assert row["log_odds_z"] == pytest.approx(1.982674, abs=1e-6)
    assert row["log_odds_z"] == pytest.approx(z, rel=1e-9)
    assert table.attrs["n_tokens_target"] == 1000 and table.attrs["n_tokens_reference"] == 2000


def test_yates_correction(two_outlets):
    # |ad - bc| = 18000 becomes 18000 - N/2 = 16500: χ² = 3000 · 16500² / 71,712,000,000 = 11.38931
    row = _row(toolkit.keyness(two_outlets, target="A", yates=True), "kiev")
    assert row["chi2"] == pytest.approx(11.389307, abs=1e-6)


def test_log_ratio_adds_half_to_zero_counts(two_outlets):
    # 'alpha': a = 990, b = 0 -> b is taken as 0.5: log2((990/1000) / (0.5/2000)) = log2(3960)
    table = toolkit.keyness(two_outlets, target="A")
    assert _row(table, "alpha")["log_ratio"] == pytest.approx(11.951285, abs=1e-6)
    assert _row(table, "beta")["log_ratio"] == pytest.approx(log2((0.5 / 1000) / (1998 / 2000)))


def test_prior_scale(two_outlets):
    # α0 = 300: α_kiev = 300 · 12 / 3000 = 1.2
    # δ = ln(11.2 / 1288.8) - ln(3.2 / 2296.8) = 1.83057; z = δ / sqrt(1/11.2 + 1/3.2) = 2.88794
    row = _row(toolkit.keyness(two_outlets, target="A", prior=300), "kiev")
    assert row["log_odds"] == pytest.approx(1.830568, abs=1e-6)
    assert row["log_odds_z"] == pytest.approx(2.887943, abs=1e-6)


def test_under_use_is_negative_and_sorted_last(two_outlets):
    table = toolkit.keyness(two_outlets, target="A")
    assert table["term"].tolist() == ["alpha", "kiev", "beta"]
    beta = _row(table, "beta")
    assert beta["log_likelihood"] < 0 and beta["chi2"] < 0 and beta["log_odds"] < 0
    # swapping target and reference flips the signs and keeps the sizes
    swapped = toolkit.keyness(two_outlets, target="B")
    for measure in ("log_likelihood", "chi2", "log_ratio", "log_odds"):
        assert _row(swapped, "kiev")[measure] == pytest.approx(-_row(table, "kiev")[measure])


@pytest.mark.parametrize("measure", ["log_likelihood", "chi2", "log_ratio", "log_odds",
                                     "log_odds_z"])
def test_sorted_by_measure(demo, measure):
    table = toolkit.keyness(demo, target="Meridian Wire", measure=measure)
    assert table[measure].is_monotonic_decreasing


def test_reference_subset_and_list(demo):
    one = toolkit.keyness(demo, target="Sovereign Voice", reference="Meridian Wire")
    wire_tokens = toolkit.term_frequency(demo[demo.outlet == "Meridian Wire"], by=None)
    assert one.attrs["n_words_reference"] == wire_tokens["n_words"].iloc[0]
    assert one.attrs["n_tokens_reference"] == one.attrs["n_words_reference"]  # deprecated alias
    both = toolkit.keyness(demo, target="Sovereign Voice",
                           reference=["Meridian Wire", "The Daily Blaze"])
    rest = toolkit.keyness(demo, target="Sovereign Voice")
    assert one.attrs["n_tokens_reference"] < both.attrs["n_tokens_reference"] < \
        rest.attrs["n_tokens_reference"]
    assert one.attrs["n_tokens_target"] == rest.attrs["n_tokens_target"]


def test_min_count_stopwords_and_ngrams(tiny_corpus):
    table = toolkit.keyness(tiny_corpus, target="Alpha", min_count=2)
    assert (table["count_target"] + table["count_reference"] >= 2).all()
    table = toolkit.keyness(tiny_corpus, target="Alpha", stopwords="english")
    assert "the" not in set(table["term"])
    bigrams = toolkit.keyness(tiny_corpus, target="Alpha", ngram=2)
    assert "kiev regime" in set(bigrams["term"])
    assert "kyiv kyiv" not in set(bigrams["term"])  # "Kyiv, Kyiv!" is split by the comma


def test_dtm_reuse(demo):
    dtm = toolkit.document_term_matrix(demo, stopwords="english")
    reused = toolkit.keyness(demo, target="The Daily Blaze", dtm=dtm)
    fresh = toolkit.keyness(demo, target="The Daily Blaze", stopwords="english")
    pd.testing.assert_frame_equal(reused, fresh)
    with pytest.raises(ValueError, match="not built from this corpus"):
        toolkit.keyness(demo.iloc[:10], target="Sovereign Voice", dtm=dtm)


def test_period_groups_and_string_fallback(tiny_corpus):
    table = toolkit.keyness(tiny_corpus, by="month", target="2022-03")
    assert table.attrs["n_tokens_target"] == 8 + 4  # a1 (8 tokens) and b1 (4 tokens)
    numbered = tiny_corpus.assign(wave=[1, 1, 2])
    by_number = toolkit.keyness(numbered, by="wave", target=2)
    by_text = toolkit.keyness(numbered, by="wave", target="2")  # compared as text
    pd.testing.assert_frame_equal(by_number, by_text, check_like=True)
    two_columns = toolkit.keyness(tiny_corpus, by=["outlet", "month"], target=("Alpha", "2022-04"))
    assert two_columns.attrs["n_tokens_target"] == 9  # a2


def test_input_unchanged(tiny_corpus):
    before = tiny_corpus.copy(deep=True)
    toolkit.keyness(tiny_corpus, target="Alpha")
    pd.testing.assert_frame_equal(tiny_corpus, before)


def test_unknown_group_lists_the_valid_ones(tiny_corpus):
    with pytest.raises(ValueError, match=r"unknown target group 'Gamma'.*'Alpha', 'Beta'"):
        toolkit.keyness(tiny_corpus, target="Gamma")
    with pytest.raises(ValueError, match="unknown reference group 'Gamma'"):
        toolkit.keyness(tiny_corpus, target="Alpha", reference="Gamma")
    with pytest.raises(ValueError, match="cannot group by 'source'"):
        toolkit.keyness(tiny_corpus, by="source", target="Alpha")


def test_empty_group(tiny_corpus):
    corpus = tiny_corpus.copy()
    corpus.loc[2, "text"] = "the the of"  # Beta has only stopwords
    with pytest.raises(ValueError, match="reference group .* has no terms"):
        toolkit.keyness(corpus, target="Alpha", stopwords="english")
    with pytest.raises(ValueError, match="target group 'Beta' has no terms"):
        toolkit.keyness(corpus, target="Beta", stopwords="english")
    with pytest.raises(ValueError, match="reference is empty"):
        toolkit.keyness(tiny_corpus[tiny_corpus.outlet == "Alpha"], target="Alpha")


def test_target_equal_to_reference(tiny_corpus):
    with pytest.raises(ValueError, match="also in the reference"):
        toolkit.keyness(tiny_corpus, target="Alpha", reference="Alpha")
    with pytest.raises(ValueError, match="also in the reference"):
        toolkit.keyness(tiny_corpus, target="Alpha", reference=["Beta", "Alpha"])


def test_bad_options(tiny_corpus):
    with pytest.raises(ValueError, match="`measure` must be one of"):
        toolkit.keyness(tiny_corpus, target="Alpha", measure="g3")
    with pytest.raises(ValueError, match="`min_count`"):
        toolkit.keyness(tiny_corpus, target="Alpha", min_count=0)
    with pytest.raises(ValueError, match="`prior`"):
        toolkit.keyness(tiny_corpus, target="Alpha", prior=-1)


def test_demo_state_media_keywords(demo):
    table = toolkit.keyness(demo, target="Sovereign Voice", stopwords="english")
    top = table["term"].head(15).tolist()
    assert top[0] == "kiev"
    assert "regime" in top
    bottom = set(table["term"].tail(10))
    assert {"kyiv", "invasion"} <= bottom  # the words it avoids
    assert _row(table, "kyiv")["count_target"] == 0


def test_demo_wire_keywords(demo):
    table = toolkit.keyness(demo, target="Meridian Wire", reference="Sovereign Voice",
                            stopwords="english")
    top = set(table["term"].head(10))
    assert {"kyiv", "invasion"} <= top
    assert _row(table, "kiev")["log_likelihood"] < 0


def test_other_modules_do_not_shadow_the_function():
    # importing toolkit.keyness as a module from another module would replace the lazily
    # exported function toolkit.keyness by the module object
    code = ("import toolkit; toolkit.collocations; toolkit.kwic; toolkit.term_share; "
            "assert callable(toolkit.keyness) and callable(toolkit.collocations)")
    subprocess.run([sys.executable, "-c", code], check=True)
