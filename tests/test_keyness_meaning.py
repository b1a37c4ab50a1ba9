"""Issue 12 point 6 (and 4): keyness denominators, dispersion, normalisation; BASIL Fox vs NYT."""

from __future__ import annotations

from math import log

import pandas as pd
import pytest

import toolkit


def _row(table: pd.DataFrame, term: str) -> pd.Series:
    return table.set_index("term").loc[term]


def test_stopwords_do_not_change_n_or_other_rows(tiny_corpus):
    # Alpha 17 words, Beta 4; "war": a = 2, b = 1. With stopwords="english" the old code used
    # N1 = 11, N2 = 3 (words left) and gave G² = -0.29809; now N1, N2 stay 17 and 4:
    # E = 17·3/21, 17·18/21, 4·3/21, 4·18/21 -> G² = 2 (2 ln(2/2.42857) + 15 ln(15/14.57143)
    #   + 1 ln(1/0.57143) + 3 ln(3/3.42857)) = 0.41105, negative: 2/17 < 1/4 (under-use)
    plain = toolkit.keyness(tiny_corpus, target="Alpha")
    stopped = toolkit.keyness(tiny_corpus, target="Alpha", stopwords="english")
    assert _row(stopped, "war")["log_likelihood"] == pytest.approx(-0.411045, abs=1e-6)
    pd.testing.assert_series_equal(_row(stopped, "war"), _row(plain, "war"))
    assert stopped.attrs["n_words_target"] == 17 and stopped.attrs["n_words_reference"] == 4
    assert stopped.attrs["n_counted_target"] == 11 and stopped.attrs["n_counted_reference"] == 3
    # the rate is the same number as term_frequency's
    freq = toolkit.term_frequency(tiny_corpus, stopwords="english").set_index(["outlet", "term"])
    assert _row(stopped, "war")["per_10k_target"] == freq.loc[("Alpha", "war"), "per_10k"]


@pytest.fixture
def four_docs() -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": ["a1", "a2", "b1", "b2"], "outlet": ["A", "A", "B", "B"],
        "text": ["xx xx xx xx yy", "yy zz", "yy zz", "zz zz"],
    })


def test_document_frequencies_and_gries_dp_by_hand(four_docs):
    table = toolkit.keyness(four_docs, target="A")
    xx, yy = _row(table, "xx"), _row(table, "yy")
    assert (xx["docs_target"], xx["docs_reference"]) == (1, 0)
    assert (yy["docs_target"], yy["docs_reference"]) == (2, 1)
    # DP of xx in A: words 5 and 2 -> s = (5/7, 2/7); xx 4 and 0 -> v = (1, 0)
    #   DP = ½ (|1 − 5/7| + |0 − 2/7|) = 2/7
    assert xx["dp_target"] == pytest.approx(2 / 7)
    # yy in A: 1 and 1 -> v = (½, ½): DP = ½ (3/14 + 3/14) = 3/14
    assert yy["dp_target"] == pytest.approx(3 / 14)
    # yy in B: words 2 and 2, yy 1 and 0 -> DP = ½ (|1 − ½| + |0 − ½|) = ½
    assert yy["dp_reference"] == pytest.approx(0.5)
    assert pd.isna(xx["dp_reference"])  # absent from B
    # document G² of xx: docs with/without in A (1, 1) and B (0, 2); E = ½, 3/2, ½, 3/2
    g2 = 2 * (1 * log(1 / 0.5) + 1 * log(1 / 1.5) + 2 * log(2 / 1.5))
    assert xx["docs_log_likelihood"] == pytest.approx(g2) == pytest.approx(1.726092, abs=1e-6)
    assert table.attrs["n_docs_target"] == 2 and table.attrs["n_docs_reference"] == 2


def test_one_long_article_does_not_win_on_document_frequency():
    # A: one article repeats "pipeline" 40 times, 9 others say "tariff" once; B: 10 articles
    # with neither. Token G² ranks "pipeline" first; document G² ranks "tariff" (9 of 10
    # documents) first. DP of "pipeline" in A: its article has 41 of A's 41 + 9·42 = 419
    # words, s = 41/419, v = 1: DP = ½ (|1 − 41/419| + (1 − 41/419)) = 378/419 = 0.90215
    texts = (["pipeline " * 40 + "talks"] + ["tariff talks " + "news " * 40] * 9
             + ["other talks " + "news " * 40] * 10)
    corpus = pd.DataFrame({"doc_id": [f"d{i}" for i in range(20)],
                           "outlet": ["A"] * 10 + ["B"] * 10, "text": texts})
    tokens = toolkit.keyness(corpus, target="A")
    assert tokens["term"].iloc[0] == "pipeline"
    docs = toolkit.keyness(corpus, target="A", measure="docfreq")
    assert docs["term"].iloc[0] == "tariff"
    assert _row(docs, "pipeline")["docs_target"] == 1
    assert _row(docs, "pipeline")["dp_target"] == pytest.approx(378 / 419)
    assert toolkit.keyness(corpus, target="A", min_docs=2)["term"].tolist().count("pipeline") == 0


def test_normalize_and_exclude_in_keyness():
    corpus = pd.DataFrame({
        "doc_id": ["n1", "n2", "f1", "f2"], "outlet": ["NYT", "NYT", "Fox", "Fox"],
        "text": ["Mr. Steele told the F.B.I. on Fox.", "Ms. Lee (D-Calif.) spoke.",
                 "Steele told the FBI.", "Fox News says Sen. Lee spoke."],
    })
    plain = toolkit.keyness(corpus, target="Fox")
    assert {"mr", "ms", "f.b.i.", "d-calif"} <= set(plain["term"])
    table = toolkit.keyness(corpus, target="Fox", normalize="default", exclude=["fox"])
    assert not {"mr", "ms", "f.b.i.", "d-calif", "fox", "sen"} & set(table["term"])
    fbi = _row(table, "fbi")
    assert (fbi["count_target"], fbi["count_reference"]) == (1, 1)
    # N stays all words: NYT 7 + 4 = 11 (mr, ms, d-calif, fox still count), Fox 4 + 6 = 10
    assert table.attrs["n_words_target"] == 10 and table.attrs["n_words_reference"] == 11


def test_bad_min_docs(tiny_corpus):
    with pytest.raises(ValueError, match="`min_docs`"):
        toolkit.keyness(tiny_corpus, target="Alpha", min_docs=0)


HOUSE_STYLE = {"mr", "ms", "mrs", "f.b.i.", "d-n", "d-calif", "y", "j", "d", "r", "s", "sen",
               "rep", "fox", "foxnews", "york", "nytimes", "bn"}


def test_basil_fox_vs_nyt_key_terms_are_substantive(basil_articles):
    before = toolkit.keyness(basil_articles, target="Fox News", reference="New York Times")
    ends = lambda table: set(table["term"].head(20)) | set(table["term"].tail(20))  # noqa: E731
    # house style dominated before: "mr" is the most under-used word (G² about -1530)
    assert before["term"].iloc[-1] == "mr" and before["log_likelihood"].iloc[-1] < -1000
    assert len(ends(before) & HOUSE_STYLE) >= 8
    names = toolkit.self_name_terms(basil_articles["outlet"].unique())
    after = toolkit.keyness(basil_articles, target="Fox News", reference="New York Times",
                            normalize="default", exclude=names, stopwords="english")
    assert not ends(after) & HOUSE_STYLE
    assert {"gop", "reportedly", "tweeted"} <= set(after["term"].head(10))
    docs = toolkit.keyness(basil_articles, target="Fox News", reference="New York Times",
                           normalize="default", exclude=names, stopwords="english",
                           measure="docfreq")
    assert not ends(docs) & HOUSE_STYLE
    assert docs["term"].iloc[0] == "gop"
