"""Collocations: hand-computed bigram and window tables, sentence-bounded windows, the demo corpus."""

from __future__ import annotations

from math import log, log2, sqrt

import pandas as pd
import pytest
from nltk.metrics.association import BigramAssocMeasures

import toolkit

BIGRAM_COLUMNS = ["word1", "word2", "count", "count_word1", "count_word2",
                  "log_likelihood", "pmi", "t_score"]
NODE_COLUMNS = ["node", "collocate", "count", "count_node", "count_collocate",
                "log_likelihood", "pmi", "t_score"]


def _corpus(*texts: str, outlets: list[str] | None = None) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(len(texts))],
            "outlet": outlets or ["A"] * len(texts),
            "text": list(texts),
        }
    )


def _pair(table: pd.DataFrame, first: str, second: str) -> pd.Series:
    key = ["word1", "word2"] if "word1" in table.columns else ["node", "collocate"]
    return table.set_index(key).loc[(first, second)]


def test_bigram_table_by_hand():
    # joined runs: "new york is big" | "new york is old" | "a new day"
    # bigrams (N = 8): new york ×2, york is ×2, is big, is old, a new, new day
    # for (new, york): O11 = 2, R1 = pairs starting with "new" = 3, C1 = pairs ending in
    # "york" = 2; E11 = 3·2/8 = 0.75
    # G² = 2 (2 ln(2/0.75) + 1 ln(1/2.25) + 0 + 5 ln(5/3.75)) = 5.17828
    # PMI = log2(2/0.75) = 1.41504;  t = (2 - 0.75)/√2 = 0.88388
    table = toolkit.collocations(_corpus("New York is big. New York is old. A new day."),
                                 min_count=1, stopwords=None, positive_only=False)
    assert table.columns.tolist() == BIGRAM_COLUMNS
    assert len(table) == 6
    row = _pair(table, "new", "york")
    assert (row["count"], row["count_word1"], row["count_word2"]) == (2, 3, 2)
    g2 = 2 * (2 * log(2 / 0.75) + 1 * log(1 / 2.25) + 5 * log(5 / 3.75))
    assert row["log_likelihood"] == pytest.approx(g2) == pytest.approx(5.178277, abs=1e-6)
    assert row["pmi"] == pytest.approx(log2(2 / 0.75)) == pytest.approx(1.415037, abs=1e-6)
    assert row["t_score"] == pytest.approx((2 - 0.75) / sqrt(2))
    # the same contingency table scored by NLTK
    assert row["log_likelihood"] == pytest.approx(BigramAssocMeasures.likelihood_ratio(2, (3, 2), 8))
    assert row["pmi"] == pytest.approx(BigramAssocMeasures.pmi(2, (3, 2), 8))
    assert row["t_score"] == pytest.approx(BigramAssocMeasures.student_t(2, (3, 2), 8))
    # no bigram crosses the sentence ends
    assert ("big", "new") not in set(zip(table["word1"], table["word2"], strict=True))


def test_bigram_sort_min_count_and_stopwords():
    corpus = _corpus("New York is big. New York is old. A new day.")
    table = toolkit.collocations(corpus, min_count=2, stopwords=None, positive_only=False)
    assert set(zip(table["word1"], table["word2"], strict=True)) == {("new", "york"), ("york", "is")}
    assert table["log_likelihood"].is_monotonic_decreasing
    filtered = toolkit.collocations(corpus, min_count=1, stopwords=["is"], positive_only=False)
    assert not (filtered["word1"].eq("is") | filtered["word2"].eq("is")).any()
    # stopwords leave the counts of the other pairs unchanged
    full = toolkit.collocations(corpus, min_count=1, stopwords=None, positive_only=False)
    pd.testing.assert_series_equal(_pair(filtered, "new", "york"), _pair(full, "new", "york"))
    for measure in ("pmi", "t"):
        ranked = toolkit.collocations(corpus, min_count=1, measure=measure, stopwords=None,
                                     positive_only=False)
        column = "t_score" if measure == "t" else measure
        assert ranked[column].is_monotonic_decreasing


def test_node_window_by_hand():
    # tokens: S1 the(0) old(1) regime(2) fell(3) quickly(4)
    #         S2 critics(5) of(6) the(7) regime(8) said(9) the(10) regime(11) lied(12)
    # window 2 around regime at 2, 8, 11: {0,1,3,4} ∪ {6,7,9,10} ∪ {9,10,12}
    # -> R1 = 9 span tokens (overlap counted once); N = 13
    # "the": O11 = 3 (positions 0, 7, 10), C1 = 3; E11 = 9·3/13 = 2.07692
    # G² = 2 (3 ln(3/2.07692) + 6 ln(6/6.92308) + 0 + 4 ln(4/3.07692)) = 2.58805
    # PMI = log2(3/2.07692) = 0.53051;  t = (3 - 2.07692)/√3 = 0.53294
    text = "The old regime fell quickly. Critics of the regime said the regime lied."
    table = toolkit.collocations(_corpus(text), node="regime", window=2, min_count=1, stopwords=None, positive_only=False)
    assert table.columns.tolist() == NODE_COLUMNS
    assert dict(zip(table["collocate"], table["count"], strict=True)) == {
        "the": 3, "old": 1, "fell": 1, "quickly": 1, "of": 1, "said": 1, "lied": 1,
    }
    row = _pair(table, "regime", "the")
    assert (row["count_node"], row["count_collocate"]) == (3, 3)
    e11 = 9 * 3 / 13
    g2 = 2 * (3 * log(3 / e11) + 6 * log(6 / (9 * 10 / 13)) + 4 * log(4 / (4 * 10 / 13)))
    assert row["log_likelihood"] == pytest.approx(g2) == pytest.approx(2.588053, abs=1e-6)
    assert row["pmi"] == pytest.approx(0.530515, abs=1e-6)
    assert row["t_score"] == pytest.approx(0.532939, abs=1e-6)
    assert "critics" not in set(table["collocate"])  # outside every window


def test_node_window_stays_in_its_sentence():
    table = toolkit.collocations(_corpus("Down with the regime. Long live freedom."),
                                 node="regime", window=3, min_count=1, stopwords=None, positive_only=False)
    assert set(table["collocate"]) == {"down", "with", "the"}


def test_node_phrase_glob_and_possessive():
    text = "They fear the Kiev regime. The Kiev\nregime’s army moved. Russophobia grows; russophobic talk."
    phrase = toolkit.collocations(_corpus(text), node="kiev regime", window=2, min_count=1, stopwords=None, positive_only=False)
    assert phrase["count_node"].iloc[0] == 2  # across the line break, with the possessive
    assert {"fear", "the", "army", "moved"} <= set(phrase["collocate"])
    assert "kiev" not in set(phrase["collocate"])  # node tokens are not collocates
    glob = toolkit.collocations(_corpus(text), node="russophob*", window=1, min_count=1, stopwords=None, positive_only=False)
    assert glob["count_node"].iloc[0] == 2
    assert set(glob["collocate"]) == {"grows", "talk"}


def test_by_group():
    corpus = _corpus("the Kiev regime said", "a regime fell", "the regime of Kiev",
                     outlets=["A", "B", "A"])
    table = toolkit.collocations(corpus, node="regime", by="outlet", window=1, min_count=1, stopwords=None, positive_only=False)
    assert table.columns.tolist() == ["outlet", *NODE_COLUMNS]
    groups = {outlet: dict(zip(rows["collocate"], rows["count"], strict=True))
              for outlet, rows in table.groupby("outlet")}
    assert groups == {"A": {"kiev": 1, "said": 1, "the": 1, "of": 1}, "B": {"a": 1, "fell": 1}}
    assert table.loc[table.outlet == "A", "count_node"].eq(2).all()


def test_node_not_found_gives_empty_table(tiny_corpus):
    table = toolkit.collocations(tiny_corpus, node="zeppelin", by="outlet")
    assert table.empty
    assert table.columns.tolist() == ["outlet", *NODE_COLUMNS]


def test_errors(tiny_corpus):
    with pytest.raises(ValueError, match="`measure` must be one of"):
        toolkit.collocations(tiny_corpus, measure="dice")
    with pytest.raises(ValueError, match="`window`"):
        toolkit.collocations(tiny_corpus, node="war", window=0)
    with pytest.raises(ValueError, match="cannot group by 'source'"):
        toolkit.collocations(tiny_corpus, by="source")
    with pytest.raises(ValueError, match="`node` '\\*' cannot be used"):
        toolkit.collocations(tiny_corpus, node="*")


def test_input_unchanged(tiny_corpus):
    before = tiny_corpus.copy(deep=True)
    toolkit.collocations(tiny_corpus, node="war", by="outlet", min_count=1, stopwords=None, positive_only=False)
    pd.testing.assert_frame_equal(tiny_corpus, before)


def test_demo_regime_collocates(demo):
    table = toolkit.collocations(demo, node="regime", by="outlet", stopwords="english",
                                 min_count=2)
    state = table[table.outlet == "Sovereign Voice"]
    assert state["collocate"].iloc[0] == "kiev"
    assert state["count"].iloc[0] >= 20
    assert "kiev" not in set(table.loc[table.outlet != "Sovereign Voice", "collocate"])


def test_demo_bigrams(demo):
    table = toolkit.collocations(demo, by="outlet", stopwords="english", min_count=5)
    state = table[table.outlet == "Sovereign Voice"]
    pairs = set(zip(state["word1"].head(15), state["word2"].head(15), strict=True))
    assert {("kiev", "regime"), ("collective", "west")} <= pairs
    wire = table[table.outlet == "Meridian Wire"]
    assert ("full-scale", "invasion") in set(zip(wire["word1"], wire["word2"], strict=True))


# --------------------------------------------------------------------------- defaults (issue 12, 7)


def test_defaults_drop_stopwords_and_pairs_that_do_not_attract():
    # "new york is big. new york is old. a new day." -> 8 bigrams (see test_bigram_table_by_hand)
    # E11 = R1·C1/N:  new york 3·2/8 = 0.75 < 2 keep;  york is 2·2/8 = 0.5 < 2 but "is" is
    # a stopword;  is big 2·1/8 < 1;  is old idem (stopword "is");  a new 1·3/8 < 1 ("a" is a
    # stopword);  new day 3·1/8 = 0.375 < 1 keep.  Old defaults listed all six pairs.
    table = toolkit.collocations(_corpus("New York is big. New York is old. A new day."),
                                 min_count=1)
    assert set(zip(table["word1"], table["word2"], strict=True)) == {("new", "york"),
                                                                      ("new", "day")}


def test_default_drops_non_positive_associations_by_hand():
    # runs: "x y" | "x z" | "y x" | "y y"... build a pair that occurs exactly as often as
    # expected: runs "a b", "a c", "d b", "d c" -> N = 4, each pair O11 = 1, R1 = 2, C1 = 2,
    # E11 = 1 = O11 (G² = 0, PMI = 0): dropped by default, kept with positive_only=False.
    corpus = _corpus("Aa bb. Aa cc. Dd bb. Dd cc.")
    assert toolkit.collocations(corpus, min_count=1).empty
    kept = toolkit.collocations(corpus, min_count=1, positive_only=False)
    assert len(kept) == 4
    assert kept["log_likelihood"].abs().max() == pytest.approx(0.0, abs=1e-12)
    # a repelling pair (negative G²) is listed only on request: "p q" once among many p and q
    text = "Pp rr. Pp rr. Pp rr. Ss qq. Ss qq. Ss qq. Pp qq."
    # N = 7; (pp, qq): O11 = 1, R1 = 4, C1 = 4, E11 = 16/7 = 2.29 > 1 -> negative
    default = toolkit.collocations(_corpus(text), min_count=1)
    assert ("pp", "qq") not in set(zip(default["word1"], default["word2"], strict=True))
    everything = toolkit.collocations(_corpus(text), min_count=1, positive_only=False)
    assert _pair(everything, "pp", "qq")["log_likelihood"] < 0


def test_positive_only_must_be_a_bool(tiny_corpus):
    with pytest.raises(TypeError, match="positive_only"):
        toolkit.collocations(tiny_corpus, positive_only="yes")
