"""Issue 12 points 3 and 4: every function that divides, checked for repeated-row and
denominator mistakes, with hand-written expected values.

Audit (what divides, and what guards it):

- rate_summary: sum(count) / sum(n_words); refuses rows that repeat a document.
- lexicon_counts: per_1k = count / n_words of the group; total=True adds the "(all)" rows.
- term_frequency: per_10k = count / n_words (all words, not the words left after stopwords).
- keyness: per_10k_target = count / n_words of the side; N1, N2 = n_words.
- term_share: share = count / total of the set; per_10k = count / n_words of the group.
- readability_by: means over documents; refuses a scores table that repeats a document.
- plot_loaded_language: rates through rate_summary (so it refuses the same tables).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import toolkit

LEXICON = {"pejorative": ["regime", "kiev regime"], "war": ["war"]}


def test_rate_summary_refuses_the_documented_recipe_pooled_over_categories(tiny_corpus):
    # the recipe of issue 12: one row per (outlet, document, category); pooling by outlet
    # used to add each document's words once per category:
    # Alpha hits 2 + 2 = 4, words 2 × 17 = 34 -> 117.6 per 1,000 (right: 4/17 -> 235.3)
    counts = toolkit.lexicon_counts(tiny_corpus, LEXICON, by=["outlet", "doc_id"])
    with pytest.raises(ValueError, match="repeat a document.*'category'") as error:
        toolkit.rate_summary(counts, by="outlet")
    assert "total=True" in str(error.value)
    # per category is fine: one row per document within each (outlet, category)
    per_category = toolkit.rate_summary(counts, by=["outlet", "category"], n_boot=0)
    assert per_category["rate"].tolist() == pytest.approx(
        [2 / 17 * 1000, 2 / 17 * 1000, 0.0, 250.0])


def test_all_categories_total_gives_the_right_rate(tiny_corpus):
    counts = toolkit.lexicon_counts(tiny_corpus, LEXICON, by=["outlet", "doc_id"], total=True)
    assert counts["category"].tolist() == ["pejorative", "war", "(all)"] * 3
    assert counts[counts.category == "(all)"]["count"].tolist() == [2, 2, 1]
    overall = toolkit.rate_summary(counts[counts.category == "(all)"], by="outlet", n_boot=0)
    assert overall[["outlet", "count", "n_words"]].values.tolist() == [["Alpha", 4, 17],
                                                                      ["Beta", 1, 4]]
    assert overall["rate"].tolist() == pytest.approx([4 / 17 * 1000, 250.0])
    # totals of the default table are unchanged (no "(all)" rows unless asked)
    plain = toolkit.lexicon_counts(tiny_corpus, LEXICON, by="outlet")
    assert "(all)" not in set(plain["category"])
    with pytest.raises(TypeError, match="total"):
        toolkit.lexicon_counts(tiny_corpus, LEXICON, total="yes")


def test_weighted_total(tiny_corpus):
    lexicon = pd.DataFrame({"category": ["pejorative", "war"], "entry": ["regime", "war"],
                            "weight": [2.0, 0.5]})
    counts = toolkit.lexicon_counts(tiny_corpus, lexicon, by="outlet", total=True)
    alpha = counts[counts.outlet == "Alpha"].set_index("category")
    # Alpha: regime ×2 (weight 2) + war ×2 (weight 0.5) = 5.0
    assert alpha.loc["(all)", "weighted"] == pytest.approx(5.0)
    assert alpha.loc["(all)", "count"] == 4


def test_rate_summary_refuses_repeats_without_doc_id():
    table = pd.DataFrame({"outlet": ["A", "A"], "category": ["x", "y"], "count": [1, 2],
                          "n_words": [100, 100]})
    with pytest.raises(ValueError, match="differ in 'category'"):
        toolkit.rate_summary(table, by="outlet")
    assert toolkit.rate_summary(table, by=["outlet", "category"], n_boot=0)["rate"].tolist() \
        == pytest.approx([10.0, 20.0])


def test_rate_summary_refuses_a_table_concatenated_twice():
    table = pd.DataFrame({"outlet": ["A", "B"], "doc_id": ["a", "b"], "count": [1, 2],
                          "n_words": [100, 400]})
    with pytest.raises(ValueError, match="4 rows repeat a document"):
        toolkit.rate_summary(pd.concat([table, table]), by="outlet")
    # document=None switches the check off for tables whose rows are other units
    twice = toolkit.rate_summary(pd.concat([table, table]), by="outlet", n_boot=0,
                                 document=None)
    assert twice["rate"].tolist() == pytest.approx([10.0, 5.0])


def test_rate_summary_reads_old_n_tokens_tables_with_a_warning():
    table = pd.DataFrame({"outlet": ["A"], "count": [3], "n_tokens": [600]})
    with pytest.warns(FutureWarning, match="n_tokens"):
        result = toolkit.rate_summary(table, by="outlet", n_boot=0)
    assert result["n_words"].tolist() == [600] and result["rate"].tolist() == [5.0]
    with pytest.warns(DeprecationWarning, match="n_words"):
        toolkit.rate_summary(table, by="outlet", n_boot=0, n_tokens="n_tokens")


def test_one_denominator_for_one_word_across_tables(tiny_corpus):
    # "war" in Alpha: 2 of 17 words -> 1176.47 per 10,000 words, whatever the stopwords
    expected = 2 / 17 * 10_000
    freq = toolkit.term_frequency(tiny_corpus, stopwords="english").set_index(["outlet", "term"])
    assert freq.loc[("Alpha", "war"), "per_10k"] == pytest.approx(expected)  # old: 2/11
    key = toolkit.keyness(tiny_corpus, target="Alpha", stopwords="english").set_index("term")
    assert key.loc["war", "per_10k_target"] == pytest.approx(expected)
    share = toolkit.term_share(tiny_corpus, {"War": ["war"], "Conflict": ["conflict"]})
    alpha = share[share.outlet == "Alpha"].set_index("label")
    assert alpha.loc["War", "per_10k"] == pytest.approx(expected)
    assert alpha.loc["War", "n_words"] == 17
    lex = toolkit.lexicon_counts(tiny_corpus, {"war": ["war"]}, by="outlet")
    assert lex.loc[lex.outlet == "Alpha", "per_1k"].iloc[0] == pytest.approx(expected / 10)
    assert freq.loc[("Alpha", "war"), "n_words"] == 17
    assert freq.loc[("Alpha", "war"), "n_counted"] == 11


def test_term_share_shares_are_within_a_set(tiny_corpus):
    # Alpha: kiev 1, kyiv 1 -> 50 % each of 2 mentions; Beta: kyiv 2 -> 100 % of 2
    share = toolkit.term_share(tiny_corpus, {"Kyiv": ["kyiv"], "Kiev": ["kiev"]})
    assert share[["outlet", "label", "count", "total", "share"]].values.tolist() == [
        ["Alpha", "Kyiv", 1, 2, 0.5], ["Alpha", "Kiev", 1, 2, 0.5],
        ["Beta", "Kyiv", 2, 2, 1.0], ["Beta", "Kiev", 0, 2, 0.0]]


def test_readability_by_refuses_repeated_documents(tiny_corpus):
    scores = toolkit.readability(tiny_corpus, measures="lix")
    with pytest.raises(ValueError, match="repeat a document"):
        toolkit.readability_by(pd.concat([scores, scores.iloc[:1]]), by="outlet", n_boot=0)
    table = toolkit.readability_by(scores, by="outlet", measures="lix", n_boot=0)
    assert table["count"].tolist() == [2, 1]


def test_plot_loaded_language_refuses_category_pooling():
    table = pd.DataFrame({"outlet": ["A"] * 4, "doc_id": ["a1", "a1", "a2", "a2"],
                          "category": ["x", "y"] * 2, "kind": ["k"] * 4,
                          "count": [1, 0, 2, 1], "n_words": [100, 100, 200, 200]})
    with pytest.raises(ValueError, match="repeat a document"):
        toolkit.plot_loaded_language(table, hue="kind", n_boot=0)
    ax = toolkit.plot_loaded_language(table, n_boot=0)
    # x: (1 + 2) / 300 * 1000 = 10.0; y: (0 + 1) / 300 * 1000 = 3.333 per 1,000 words
    assert [round(p.get_height(), 3) for p in ax.patches] == [10.0, 3.333]
    assert ax.get_ylabel() == "per 1,000 words"


def test_basil_fox_rate_sums_documents_not_category_rows(basil_articles):
    counts = toolkit.lexicon_counts(basil_articles, "loaded_language", by=["outlet", "doc_id"],
                                    total=True, voice="all")
    with pytest.raises(ValueError, match="repeat a document"):
        toolkit.rate_summary(counts[counts.category != "(all)"], by="outlet")
    overall = toolkit.rate_summary(counts[counts.category == "(all)"], by="outlet", n_boot=0)
    fox = overall.set_index("outlet").loc["Fox News"]
    assert fox["rate"] == pytest.approx(fox["count"] / fox["n_words"] * 1000)
    # 291 hits in 59,736 words (lexicon 1.1.0, every voice); 1.0.0 gave 2.04, its old recipe 0.29
    assert (fox["count"], fox["n_words"]) == (291, 59736)
    assert round(fox["rate"], 2) == 4.87
    assert np.isclose(fox["n_words"], basil_articles.loc[
        basil_articles.outlet == "Fox News", "text"].map(lambda t: len(toolkit.tokenize(t))).sum())
