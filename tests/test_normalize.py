"""Issue 12 point 6: token normalisation (hand-written tokens and expected terms)."""

from __future__ import annotations

import pandas as pd
import pytest

import toolkit
from toolkit import make_normalizer, self_name_terms, term_frequency, tokenize
from toolkit.normalize import resolve_normalizer


def test_default_map_by_hand():
    text = ("Sen. Chuck Schumer (D-N.Y.) and Rep. Paul Ryan (R-Wis.) told Mr. Steele, "
            "Ms. Lee and the F.B.I. about the E.U.’s $1.4bn deal (D-W.Va.) at 9 a.m. in the U.S.")
    tokens = tokenize(text)
    got = [term for term in make_normalizer()(tokens) if term is not None]
    assert got == ["senator", "chuck", "schumer", "and", "representative", "paul", "ryan",
                   "told", "steele", "lee", "and", "the", "fbi", "about", "the", "eu", "1.4",
                   "billion", "deal", "at", "9", "a.m.", "in", "the", "u.s."]


def test_party_tags_need_a_state():
    # "d-day" and "r-rated" are words, not party-state tags
    assert make_normalizer()(["d-day", "r-rated", "i-vt", "r-texas"]) == ["d-day", "r-rated",
                                                                       None, None]


def test_single_letters_but_a_and_i_are_dropped():
    assert make_normalizer()(["a", "i", "s", "x"]) == ["a", "i", None, None]


def test_user_map_on_top_of_the_default_and_alone():
    norm = make_normalizer({"U.S.": "usa", "Obamacare": "aca", "mr": "mister"})
    assert norm(["u.s.", "obamacare", "mr", "ms", "f.b.i."]) == ["usa", "aca", "mister", None,
                                                               "fbi"]
    alone = make_normalizer({"obamacare": "aca"}, defaults=False)
    assert alone(["obamacare", "mr", "f.b.i.", "s"]) == ["aca", "mr", "f.b.i.", "s"]
    with pytest.raises(ValueError, match="str -> str or None"):
        make_normalizer({"mr": 3})


def test_snowball_stemming():
    # NLTK's Snowball English stemmer, no downloaded data
    assert make_normalizer(stem=True)(["senators", "sen", "running", "obama's", "mr"]) == [
        "senat", "senat", "run", "obama", None]


def test_resolve_normalizer_options():
    assert resolve_normalizer(None) is None and resolve_normalizer(False) is None
    assert resolve_normalizer("default") == make_normalizer()
    assert resolve_normalizer("stem").stem
    with pytest.raises(ValueError, match="`normalize` must be"):
        resolve_normalizer("porter")


def test_self_name_terms():
    assert self_name_terms(["Fox News", "New York Times"]) == [
        "fn", "fn's", "fox", "fox's", "foxnews", "newyorktimes", "nyt", "nyt's", "york", "york's"]
    # initials of names written out in words; none for a name holding an acronym, a single
    # word, or initials that are a common word
    assert self_name_terms(["Associated Press", "The Kyiv Independent"]) == [
        "ap", "ap's", "associated", "associated's", "associatedpress", "ki", "ki's", "kyiv",
        "kyiv's", "thekyivindependent"]
    assert self_name_terms(["NBC News"]) == ["nbc", "nbc's", "nbcnews"]
    assert "it" not in self_name_terms("Irish Times")
    assert "news" in self_name_terms("Fox News", generic=True)


def test_term_frequency_with_normalize_and_exclude():
    corpus = pd.DataFrame({
        "doc_id": ["n1", "f1"], "outlet": ["NYT", "Fox"],
        "text": ["Mr. Steele told the F.B.I. and Fox News.", "Steele told the FBI, Fox said."],
    })
    table = term_frequency(corpus, by="outlet", normalize="default", exclude=["fox"])
    nyt = table[table.outlet == "NYT"].set_index("term")
    # NYT tokens: mr steele told the f.b.i. and fox news = 8 words; counted: mr and fox left
    # out -> steele told the fbi and news = 6
    assert sorted(nyt.index) == ["and", "fbi", "news", "steele", "the", "told"]
    assert nyt["n_words"].iloc[0] == 8 and nyt["n_counted"].iloc[0] == 6
    assert nyt.loc["fbi", "per_10k"] == pytest.approx(1 / 8 * 10_000)
    fox = table[table.outlet == "Fox"].set_index("term")
    assert fox.loc["fbi", "count"] == 1 and "fox" not in fox.index


def test_normalised_bigrams_do_not_bridge_dropped_tokens():
    corpus = pd.DataFrame({"doc_id": ["d"], "outlet": ["A"],
                           "text": ["Sen. Graham (R-S.C.) spoke to Sen. Leahy."]})
    table = term_frequency(corpus, by=None, ngram=2, normalize="default")
    # tokens: sen graham r-s c spoke to sen leahy; "sen graham" is not joined ("Sen. G"),
    # the tag r-s + c is dropped and breaks the run, so only "spoke to", "to senator"
    assert sorted(table["term"]) == ["spoke to", "to senator"]


def test_stemming_keeps_stopwords_known():
    corpus = pd.DataFrame({"doc_id": ["d"], "outlet": ["A"],
                           "text": ["The senators were running."]})
    table = term_frequency(corpus, by=None, normalize="stem", stopwords="english")
    assert sorted(table["term"]) == ["run", "senat"]
    assert table["n_words"].iloc[0] == 4


def test_demo_corpus_is_unchanged_without_normalize(demo):
    plain = term_frequency(demo, by="outlet")
    explicit = term_frequency(demo, by="outlet", normalize=None, exclude=None)
    pd.testing.assert_frame_equal(plain, explicit)
    assert toolkit.document_term_matrix(demo, normalize="default").n_words.sum() == \
        plain.drop_duplicates("outlet")["n_words"].sum()
