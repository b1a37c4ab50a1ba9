"""Term frequencies: hand-counted tables on the tiny corpus, an independent count on the demo
corpus, invariants and errors."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import toolkit
from toolkit import document_term_matrix, ngrams, term_frequency

COLUMNS = ["term", "count", "docfreq", "n_words", "n_counted", "per_10k", "rank"]


def expected_table(by: list[str], rows: list[tuple], n_words: dict | int | None = None
                   ) -> pd.DataFrame:
    """Rows written as (*by values, term, count, docfreq, n_counted, rank); per_10k computed
    per word. ``n_words``: all word tokens per group (keyed by the first ``by`` value, or one
    number without ``by``); by default equal to ``n_counted`` (nothing left out, unigrams)."""
    table = pd.DataFrame(rows, columns=[*by, "term", "count", "docfreq", "n_counted", "rank"])
    if n_words is None:
        words = table["n_counted"]
    elif isinstance(n_words, dict):
        words = table[by[0]].map(n_words)
    else:
        words = pd.Series([n_words] * len(table), dtype="int64")
    table.insert(len(by) + 3, "n_words", words.astype("int64"))
    table.insert(len(by) + 5, "per_10k", table["count"] / table["n_words"] * 10_000)
    return table


def assert_table(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert got.columns.tolist() == expected.columns.tolist()
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


# The tiny corpus (tests/conftest.py), tokens counted by hand:
#   a1 Alpha 2022-03 "The Kiev regime said the war goes on."            8 tokens
#   a2 Alpha 2022-04 "Kyiv said the regime in Moscow started the war."  9 tokens
#   b1 Beta  2022-03 "Kyiv, Kyiv! The war."                             4 tokens

TINY_BY_OUTLET = expected_table(
    ["outlet"],
    [
        ("Alpha", "the", 4, 2, 17, 1),
        ("Alpha", "regime", 2, 2, 17, 2),
        ("Alpha", "said", 2, 2, 17, 2),
        ("Alpha", "war", 2, 2, 17, 2),
        ("Alpha", "goes", 1, 1, 17, 5),
        ("Alpha", "in", 1, 1, 17, 5),
        ("Alpha", "kiev", 1, 1, 17, 5),
        ("Alpha", "kyiv", 1, 1, 17, 5),
        ("Alpha", "moscow", 1, 1, 17, 5),
        ("Alpha", "on", 1, 1, 17, 5),
        ("Alpha", "started", 1, 1, 17, 5),
        ("Beta", "kyiv", 2, 1, 4, 1),
        ("Beta", "the", 1, 1, 4, 2),
        ("Beta", "war", 1, 1, 4, 2),
    ],
)


def test_term_frequency_by_outlet(tiny_corpus):
    got = term_frequency(tiny_corpus)
    assert_table(got, TINY_BY_OUTLET)
    assert got["per_10k"].tolist()[:2] == pytest.approx([4 / 17 * 10_000, 2 / 17 * 10_000])


def test_term_frequency_whole_corpus(tiny_corpus):
    expected = expected_table(
        [],
        [
            ("the", 5, 3, 21, 1),
            ("kyiv", 3, 2, 21, 2),
            ("war", 3, 3, 21, 2),
            ("regime", 2, 2, 21, 4),
            ("said", 2, 2, 21, 4),
            ("goes", 1, 1, 21, 6),
            ("in", 1, 1, 21, 6),
            ("kiev", 1, 1, 21, 6),
            ("moscow", 1, 1, 21, 6),
            ("on", 1, 1, 21, 6),
            ("started", 1, 1, 21, 6),
        ],
    )
    assert_table(term_frequency(tiny_corpus, by=None), expected)


def test_term_frequency_by_outlet_and_month(tiny_corpus):
    expected = expected_table(
        ["outlet", "month"],
        [
            ("Alpha", "2022-03", "the", 2, 1, 8, 1),
            ("Alpha", "2022-03", "goes", 1, 1, 8, 2),
            ("Alpha", "2022-03", "kiev", 1, 1, 8, 2),
            ("Alpha", "2022-03", "on", 1, 1, 8, 2),
            ("Alpha", "2022-03", "regime", 1, 1, 8, 2),
            ("Alpha", "2022-03", "said", 1, 1, 8, 2),
            ("Alpha", "2022-03", "war", 1, 1, 8, 2),
            ("Alpha", "2022-04", "the", 2, 1, 9, 1),
            ("Alpha", "2022-04", "in", 1, 1, 9, 2),
            ("Alpha", "2022-04", "kyiv", 1, 1, 9, 2),
            ("Alpha", "2022-04", "moscow", 1, 1, 9, 2),
            ("Alpha", "2022-04", "regime", 1, 1, 9, 2),
            ("Alpha", "2022-04", "said", 1, 1, 9, 2),
            ("Alpha", "2022-04", "started", 1, 1, 9, 2),
            ("Alpha", "2022-04", "war", 1, 1, 9, 2),
            ("Beta", "2022-03", "kyiv", 2, 1, 4, 1),
            ("Beta", "2022-03", "the", 1, 1, 4, 2),
            ("Beta", "2022-03", "war", 1, 1, 4, 2),
        ],
    )
    assert_table(term_frequency(tiny_corpus, by=["outlet", "month"]), expected)


def test_term_frequency_by_year_and_other_column(tiny_corpus):
    got = term_frequency(tiny_corpus, by=["section", "year"], min_count=2)
    expected = expected_table(
        ["section", "year"],
        [
            ("opinion", "2022", "kyiv", 2, 1, 4, 1),
            ("world", "2022", "the", 4, 2, 17, 1),
            ("world", "2022", "regime", 2, 2, 17, 2),
            ("world", "2022", "said", 2, 2, 17, 2),
            ("world", "2022", "war", 2, 2, 17, 2),
        ],
    )
    assert_table(got, expected)


def test_bigrams_by_document(tiny_corpus):
    # n-grams never span punctuation: b1 "Kyiv, Kyiv! The war." has one bigram
    expected = expected_table(
        ["doc_id"],
        [
            ("a1", "goes on", 1, 1, 7, 1),
            ("a1", "kiev regime", 1, 1, 7, 1),
            ("a1", "regime said", 1, 1, 7, 1),
            ("a1", "said the", 1, 1, 7, 1),
            ("a1", "the kiev", 1, 1, 7, 1),
            ("a1", "the war", 1, 1, 7, 1),
            ("a1", "war goes", 1, 1, 7, 1),
            ("a2", "in moscow", 1, 1, 8, 1),
            ("a2", "kyiv said", 1, 1, 8, 1),
            ("a2", "moscow started", 1, 1, 8, 1),
            ("a2", "regime in", 1, 1, 8, 1),
            ("a2", "said the", 1, 1, 8, 1),
            ("a2", "started the", 1, 1, 8, 1),
            ("a2", "the regime", 1, 1, 8, 1),
            ("a2", "the war", 1, 1, 8, 1),
            ("b1", "the war", 1, 1, 1, 1),
        ],
        n_words={"a1": 8, "a2": 9, "b1": 4},  # rates per word, not per bigram
    )
    assert_table(term_frequency(tiny_corpus, by="doc_id", ngram=2), expected)


def test_bigrams_by_outlet_count_across_documents(tiny_corpus):
    got = term_frequency(tiny_corpus, by="outlet", ngram=2, min_count=2)
    expected = expected_table(
        ["outlet"],
        [
            ("Alpha", "said the", 2, 2, 15, 1),
            ("Alpha", "the war", 2, 2, 15, 1),
        ],
        n_words={"Alpha": 17},
    )
    assert_table(got, expected)


def test_trigrams(tiny_corpus):
    got = term_frequency(tiny_corpus, by="outlet", ngram=3)
    expected = expected_table(
        ["outlet"],
        [
            ("Alpha", "in moscow started", 1, 1, 13, 1),
            ("Alpha", "kiev regime said", 1, 1, 13, 1),
            ("Alpha", "kyiv said the", 1, 1, 13, 1),
            ("Alpha", "moscow started the", 1, 1, 13, 1),
            ("Alpha", "regime in moscow", 1, 1, 13, 1),
            ("Alpha", "regime said the", 1, 1, 13, 1),
            ("Alpha", "said the regime", 1, 1, 13, 1),
            ("Alpha", "said the war", 1, 1, 13, 1),
            ("Alpha", "started the war", 1, 1, 13, 1),
            ("Alpha", "the kiev regime", 1, 1, 13, 1),
            ("Alpha", "the regime in", 1, 1, 13, 1),
            ("Alpha", "the war goes", 1, 1, 13, 1),
            ("Alpha", "war goes on", 1, 1, 13, 1),
        ],
        n_words={"Alpha": 17},
    )
    assert_table(got, expected)


def test_english_stopwords_are_removed(tiny_corpus):
    # "the", "in" and "on" are stopwords; n_counted counts what is left, n_words everything
    # (issue 12, point 4: the old n_tokens was 11 here and 17 in lexicon_counts; per_10k of
    # "regime" was 2/11*10,000 = 1818.2, now 2/17*10,000 = 1176.5 like every rate per word)
    expected = expected_table(
        ["outlet"],
        [
            ("Alpha", "regime", 2, 2, 11, 1),
            ("Alpha", "said", 2, 2, 11, 1),
            ("Alpha", "war", 2, 2, 11, 1),
            ("Alpha", "goes", 1, 1, 11, 4),
            ("Alpha", "kiev", 1, 1, 11, 4),
            ("Alpha", "kyiv", 1, 1, 11, 4),
            ("Alpha", "moscow", 1, 1, 11, 4),
            ("Alpha", "started", 1, 1, 11, 4),
            ("Beta", "kyiv", 2, 1, 3, 1),
            ("Beta", "war", 1, 1, 3, 2),
        ],
        n_words={"Alpha": 17, "Beta": 4},
    )
    assert_table(term_frequency(tiny_corpus, stopwords="english"), expected)


def test_own_stopwords_and_bigrams(tiny_corpus):
    # a bigram is dropped when it starts or ends with a stopword
    got = term_frequency(tiny_corpus, by=None, ngram=2, stopwords=["The", "said"])
    expected = expected_table(
        [],
        [
            ("goes on", 1, 1, 6, 1),
            ("in moscow", 1, 1, 6, 1),
            ("kiev regime", 1, 1, 6, 1),
            ("moscow started", 1, 1, 6, 1),
            ("regime in", 1, 1, 6, 1),
            ("war goes", 1, 1, 6, 1),
        ],
        n_words=21,
    )
    assert_table(got, expected)


def test_min_count_filters_after_ranking(tiny_corpus):
    expected = expected_table(
        ["outlet"],
        [
            ("Alpha", "the", 4, 2, 17, 1),
            ("Alpha", "regime", 2, 2, 17, 2),
            ("Alpha", "said", 2, 2, 17, 2),
            ("Alpha", "war", 2, 2, 17, 2),
            ("Beta", "kyiv", 2, 1, 4, 1),
        ],
    )
    assert_table(term_frequency(tiny_corpus, min_count=2), expected)
    assert term_frequency(tiny_corpus, min_count=5).empty


def test_missing_group_values_form_their_own_group(tiny_corpus):
    corpus = tiny_corpus.assign(outlet=["Alpha", None, "Beta"])
    got = term_frequency(corpus, min_count=2)
    assert got["outlet"].isna().sum() == 1
    assert got[got["outlet"].isna()][["term", "count", "n_words"]].values.tolist() == [
        ["the", 2, 9]
    ]


def test_reusing_a_document_term_matrix(tiny_corpus):
    dtm = document_term_matrix(tiny_corpus, ngram=2)
    assert dtm.counts.shape == (3, len(dtm.terms))
    assert dtm.doc_ids.tolist() == ["a1", "a2", "b1"]
    assert dtm.n_counted.tolist() == [7, 8, 1]
    assert dtm.n_words.tolist() == [8, 9, 4]
    with pytest.warns(DeprecationWarning, match="n_counted"):
        assert dtm.n_tokens.tolist() == [7, 8, 1]
    assert_table(term_frequency(tiny_corpus, by="doc_id", dtm=dtm),
                 term_frequency(tiny_corpus, by="doc_id", ngram=2))


def test_term_frequency_does_not_modify_the_corpus(tiny_corpus):
    corpus = tiny_corpus.assign(date=["2022-03-01", "2022-04-15", "2022-03-20"])
    before = corpus.copy(deep=True)
    term_frequency(corpus, by=["outlet", "month"], ngram=2, stopwords="english")
    pd.testing.assert_frame_equal(corpus, before)


# --------------------------------------------------------------------------- errors


def test_unknown_by_column_lists_the_columns(tiny_corpus):
    with pytest.raises(
        ValueError,
        match=r"cannot group by 'source': no such column .*columns: doc_id, outlet, date, title, "
              r"text, section\).*'month'",
    ):
        term_frequency(tiny_corpus, by=["outlet", "source"])


@pytest.mark.parametrize("ngram", [0, -1, 1.5, True])
def test_bad_ngram(tiny_corpus, ngram):
    with pytest.raises(ValueError, match=r"`ngram` must be a positive integer"):
        term_frequency(tiny_corpus, ngram=ngram)


@pytest.mark.parametrize("min_count", [0, -2, 1.5])
def test_bad_min_count(tiny_corpus, min_count):
    with pytest.raises(ValueError, match=r"`min_count` must be a positive integer"):
        term_frequency(tiny_corpus, min_count=min_count)


def test_dtm_from_another_corpus(tiny_corpus):
    dtm = document_term_matrix(tiny_corpus.iloc[:2])
    with pytest.raises(ValueError, match=r"`dtm` was not built from this corpus"):
        term_frequency(tiny_corpus, dtm=dtm)
    reordered = document_term_matrix(tiny_corpus.iloc[::-1])
    with pytest.raises(ValueError, match=r"`dtm` was not built from this corpus"):
        term_frequency(tiny_corpus, dtm=reordered)


def test_bad_corpus_is_reported(tiny_corpus):
    with pytest.raises(toolkit.CorpusError, match="column 'text' not found"):
        term_frequency(tiny_corpus.drop(columns="text"))


# --------------------------------------------------------------------------- demo corpus

_JOINERS = "'’‘ʼ\\-‐‑"  # apostrophes and hyphens that join letters into one token


def _word_count(term: str, text: str) -> int:
    """Occurrences of ``term`` as a whole token, found without the tokenizer.

    A token is a run of letters/digits, joined by an apostrophe or hyphen only when a letter or
    digit follows it, so ``Kiev’s`` and ``Kiev-based`` are other tokens, while ``Kiev’`` (end of
    a quote), ``Kiev-`` and ``_Kiev`` contain the token ``kiev``.
    """
    pattern = (rf"(?<![^\W_])(?<![^\W_][{_JOINERS}]){re.escape(term)}"
               rf"(?![^\W_])(?![{_JOINERS}][^\W_])")
    return len(re.findall(pattern, text, flags=re.IGNORECASE))


def test_word_count_helper():
    text = "Kiev, kiev’s KIEV-based Kiev’ _Kiev anti-Kiev Kiev- “Kiev” Kievan"
    assert _word_count("kiev", text) == 5


@pytest.mark.parametrize("term", ["kiev", "kyiv", "regime", "russophobia", "special"])
def test_demo_counts_agree_with_a_regex_count(demo, term):
    table = term_frequency(demo, by="outlet")
    assert set(table["outlet"]) == set(demo["outlet"])
    found = table[table["term"] == term].set_index("outlet")["count"]
    for outlet, texts in demo.groupby("outlet")["text"]:
        expected = sum(_word_count(term, text) for text in texts)
        assert found.get(outlet, 0) == expected, outlet
    assert table.loc[table["term"] == term, "count"].sum() > 0


def test_demo_possessives_and_hyphens_are_separate_terms(demo):
    table = term_frequency(demo, by=None)
    terms = set(table["term"])
    assert {"kiev's", "kyiv's", "kyiv-based"} <= terms


# --------------------------------------------------------------------------- invariants

_WORDS = ["Kiev", "Kyiv", "regime", "the", "war", "Russia’s", "so-called", "U.S.", "26,000",
          "Киев"]
_SEPARATORS = [" ", " ", "\n", ", ", ". ", "! ", " “", "” ", " — ", "\n\n"]
_TEXTS = st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_SEPARATORS)),
                  max_size=15).map(lambda pieces: "".join(w + s for w, s in pieces))
_DOCS = st.lists(st.tuples(st.sampled_from(["A", "B", "C"]), _TEXTS), min_size=1, max_size=8)


def _corpus(docs) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(docs))],
                         "outlet": [o for o, _ in docs],
                         "text": [t for _, t in docs]})


_SETTINGS = settings(max_examples=60, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])


@_SETTINGS
@given(_DOCS, st.integers(min_value=1, max_value=3))
@pytest.mark.filterwarnings("ignore::toolkit.corpus.CorpusWarning")
def test_counts_sum_to_n_counted_and_rates_agree(docs, n):
    corpus = _corpus(docs)
    before = corpus.copy(deep=True)
    table = term_frequency(corpus, by="outlet", ngram=n)
    pd.testing.assert_frame_equal(corpus, before)
    for outlet, group in table.groupby("outlet"):
        texts = corpus.loc[corpus["outlet"] == outlet, "text"]
        n_terms = sum(len(ngrams(t, n)) for t in texts)
        assert group["n_counted"].unique().tolist() == [n_terms]
        assert group["n_words"].unique().tolist() == [sum(len(toolkit.tokenize(t))
                                                          for t in texts)]
        assert group["count"].sum() == n_terms
        assert group["term"].is_unique
        assert (group["docfreq"] <= group["count"]).all()
        assert (group["docfreq"] <= len(texts)).all()
        # rank: 1 + number of terms of the group counted more often
        counts = group["count"].tolist()
        assert group["rank"].tolist() == [1 + sum(c > x for c in counts) for x in counts]
    assert (table["per_10k"] == table["count"] / table["n_words"] * 10_000).all()
    # one group for the whole corpus gives the same totals
    whole = term_frequency(corpus, by=None, ngram=n)
    assert whole["count"].sum() == table["count"].sum()


@_SETTINGS
@given(_DOCS, _TEXTS)
@pytest.mark.filterwarnings("ignore::toolkit.corpus.CorpusWarning")
def test_adding_a_document_to_b_leaves_a_unchanged(docs, extra):
    corpus = _corpus(docs)
    bigger = pd.concat(
        [corpus, pd.DataFrame({"doc_id": ["new"], "outlet": ["B"], "text": [extra]})],
        ignore_index=True,
    )
    for ngram in (1, 2):
        before = term_frequency(corpus, ngram=ngram)
        after = term_frequency(bigger, ngram=ngram)
        for outlet in ("A", "C"):
            pd.testing.assert_frame_equal(
                before[before["outlet"] == outlet].reset_index(drop=True),
                after[after["outlet"] == outlet].reset_index(drop=True),
                check_dtype=False,  # an empty table's text columns may be object
            )


@_SETTINGS
@given(_DOCS)
@pytest.mark.filterwarnings("ignore::toolkit.corpus.CorpusWarning")
def test_by_document_matches_the_tokenizer(docs):
    corpus = _corpus(docs)
    table = term_frequency(corpus, by="doc_id")
    for doc_id, text in zip(corpus["doc_id"], corpus["text"], strict=True):
        rows = table[table["doc_id"] == doc_id]
        tokens = toolkit.tokenize(text)
        assert dict(zip(rows["term"], rows["count"], strict=True)) == {
            t: tokens.count(t) for t in set(tokens)
        }
        assert (rows["docfreq"] == 1).all()
