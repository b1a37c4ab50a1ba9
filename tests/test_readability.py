"""Readability: hand-checked texts, edge cases, exactness against textstat 0.7.8, summaries."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import toolkit

BASIL = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "basil"
COUNTS = ["n_sentences", "n_words", "n_syllables", "n_polysyllables", "n_difficult_words"]
EIGHT = [
    "flesch_reading_ease",
    "flesch_kincaid_grade",
    "gunning_fog",
    "smog_index",
    "coleman_liau_index",
    "automated_readability_index",
    "dale_chall_readability_score",
    "linsear_write_formula",
]

# validate_corpus warns about empty texts; several edge cases are empty on purpose.
pytestmark = pytest.mark.filterwarnings("ignore:.*empty text:UserWarning")


def score(*texts: str, **options) -> pd.DataFrame:
    corpus = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": list(texts)})
    return toolkit.readability(corpus, **options)


@pytest.fixture(scope="module")
def ts():
    """A textstat instance of its own: English, no rounding, whatever the singleton's state."""
    from textstat.textstat import textstatistics

    return textstatistics()


def textstat_row(ts, text: str) -> dict[str, float]:
    """Every column of ``readability`` as textstat's public functions give it."""
    row = {
        "n_sentences": ts.sentence_count(text),
        "n_words": ts.lexicon_count(text),
        "n_syllables": ts.syllable_count(text),
        "n_polysyllables": ts.polysyllabcount(text),
        "n_difficult_words": ts.difficult_words(text),
    }
    for name in toolkit.MEASURES:
        if name == "text_standard":
            row[name] = ts.text_standard(text, float_output=True)
        else:
            row[name] = getattr(ts, name)(text)
    return row


def assert_matches_textstat(ts, texts: list[str], result: pd.DataFrame) -> float:
    """Every count equal, every measure within 1e-9 (with ``undefined="textstat"``)."""
    worst = 0.0
    for i, text in enumerate(texts):
        expected = textstat_row(ts, text)
        for column in COUNTS:
            assert result[column].iloc[i] == expected[column], (i, column, text[:80])
        for name in toolkit.MEASURES:
            got = result[name].iloc[i]
            assert abs(got - expected[name]) <= 1e-9, (i, name, got, expected[name], text[:80])
            worst = max(worst, abs(got - expected[name]))
    return worst


def assert_nan_only_where_noted(ts, texts: list[str], result: pd.DataFrame) -> None:
    """Default mode: each value is textstat's, or NaN with the measure named in ``note``."""
    for i, text in enumerate(texts):
        expected = textstat_row(ts, text)
        note = result["note"].iloc[i]
        for name in toolkit.MEASURES:
            got = result[name].iloc[i]
            if math.isnan(got):
                assert note is not None
                assert name in note or note.startswith("all measures"), (name, note)
            else:
                assert abs(got - expected[name]) <= 1e-9, (i, name)


# --------------------------------------------------------------------------- hand-checked


def test_one_sentence_by_hand():
    # The(1) cat(1) sat(1) on(1) the(1) mat(1): 6 words, 6 syllables, 1 sentence.
    row = score("The cat sat on the mat.").iloc[0]
    assert (row["n_sentences"], row["n_words"], row["n_syllables"]) == (1, 6, 6)
    assert row["n_polysyllables"] == 0
    assert row["flesch_reading_ease"] == pytest.approx(206.835 - 1.015 * 6 - 84.6 * 1)  # 116.145
    assert row["flesch_kincaid_grade"] == pytest.approx(0.39 * 6 + 11.8 * 1 - 15.59)  # -1.45


THREE = (
    "The government announced a new policy. Citizens were not happy about it. "
    "Many people protested in the streets today."
)


def test_three_sentences_by_hand():
    # Syllables (CMUdict): The 1, government 3, announced 2, a 1, new 1, policy 3 = 11;
    # Citizens 3, were 1, not 1, happy 2, about 2, it 1 = 10;
    # Many 2, people 2, protested 3, in 1, the 1, streets 1, today 2 = 12.  Total 33.
    # 3 sentences, 6 + 6 + 7 = 19 words; 3+ syllables: government, policy, Citizens,
    # protested = 4. Not in the Dale-Chall easy list: announced (2), policy (3),
    # Citizens (3), protested (3), streets (1); of those with 2+ syllables: 4 distinct;
    # with 3+: 3. Letters 32 + 27 + 36 = 95; non-space characters 95 + 3 full stops = 98.
    row = score(THREE).iloc[0]
    assert [row[c] for c in COUNTS] == [3, 19, 33, 4, 4]
    wps = 19 / 3
    assert row["flesch_reading_ease"] == pytest.approx(206.835 - 1.015 * wps - 84.6 * 33 / 19)
    assert row["flesch_reading_ease"] == pytest.approx(53.4698245614035)
    assert row["flesch_kincaid_grade"] == pytest.approx(0.39 * wps + 11.8 * 33 / 19 - 15.59)
    assert row["gunning_fog"] == pytest.approx(0.4 * (wps + 100 * 3 / 19))
    assert row["smog_index"] == pytest.approx(1.043 * math.sqrt(30 * 4 / 3) + 3.1291)
    assert row["coleman_liau_index"] == pytest.approx(
        0.058 * (95 / 19 * 100) - 0.296 * (3 / 19 * 100) - 15.8
    )
    assert row["automated_readability_index"] == pytest.approx(4.71 * 98 / 19 + 0.5 * wps - 21.43)
    # 5 of 19 words not easy: 26.3% > 5%, so the 3.6365 adjustment applies.
    assert row["dale_chall_readability_score"] == pytest.approx(
        0.1579 * (100 * 5 / 19) + 0.0496 * wps + 3.6365
    )
    # Linsear Write: 15 easy words + 3 * 4 hard words over 3 sentences = 9 <= 20 -> (9-2)/2.
    assert row["linsear_write_formula"] == pytest.approx(3.5)
    # Over 6 letters: government, announced, Citizens, protested, streets (policy has 6).
    assert row["lix"] == pytest.approx(wps + 100 * 5 / 19)
    assert row["rix"] == pytest.approx(5 / 3)
    assert row["reading_time"] == pytest.approx(14.69 * 98 / 1000)
    assert row["note"] is None


def test_columns_and_carried_metadata(tiny_corpus):
    result = toolkit.readability(tiny_corpus)
    assert result.columns.tolist() == [
        "doc_id",
        "outlet",
        "date",
        *COUNTS,
        *toolkit.MEASURES,
        "note",
    ]
    assert result["doc_id"].tolist() == ["a1", "a2", "b1"]
    assert result["outlet"].tolist() == ["Alpha", "Alpha", "Beta"]
    assert result["date"].tolist() == tiny_corpus["date"].tolist()
    for column in COUNTS:
        assert result[column].dtype == np.int64


def test_measures_selection_and_order():
    result = score(THREE, measures=["smog_index", "flesch_reading_ease", "smog_index"])
    assert result.columns.tolist() == [
        "doc_id",
        "outlet",
        "date",
        *COUNTS,
        "smog_index",
        "flesch_reading_ease",
        "note",
    ]
    single = score(THREE, measures="gunning_fog")
    assert "gunning_fog" in single.columns and "smog_index" not in single.columns


def test_unknown_measure_lists_valid_ones():
    with pytest.raises(ValueError, match="flesch_reading_ease.*got 'fog'"):
        score(THREE, measures=["fog"])
    with pytest.raises(ValueError, match="undefined"):
        score(THREE, undefined="zero")


def test_missing_text_column_names_it():
    corpus = pd.DataFrame({"doc_id": ["a"], "body": ["Some text."]})
    with pytest.raises(ValueError, match=r"'text'.*doc_id, body"):
        toolkit.readability(corpus)


def test_caller_frame_unchanged(tiny_corpus):
    before = tiny_corpus.copy(deep=True)
    toolkit.readability(tiny_corpus, progress=True)
    toolkit.readability_by(tiny_corpus, random_state=0)
    pd.testing.assert_frame_equal(tiny_corpus, before)


def test_progress_switch_gives_same_numbers(capsys):
    on = score(THREE, "The cat sat on the mat.", progress=True)
    off = score(THREE, "The cat sat on the mat.", progress=False)
    pd.testing.assert_frame_equal(on, off)


# --------------------------------------------------------------------------- edge cases


def test_empty_text_is_nan_with_reason(ts):
    row = score("").iloc[0]
    assert [row[c] for c in COUNTS] == [0, 0, 0, 0, 0]
    for name in toolkit.MEASURES:
        if name == "reading_time":
            assert row[name] == 0.0
        else:
            assert math.isnan(row[name]), name
    assert row["note"] == "all measures but reading_time: no words"
    # With undefined="textstat": textstat's placeholders.
    assert_matches_textstat(ts, [""], score("", undefined="textstat"))


def test_punctuation_only_has_no_words(ts):
    text = "... !!! —"
    row = score(text).iloc[0]
    assert (row["n_sentences"], row["n_words"]) == (1, 0)
    assert math.isnan(row["linsear_write_formula"])  # textstat: -1.0
    assert row["reading_time"] == pytest.approx(14.69 * 7 / 1000)
    assert row["note"] == "all measures but reading_time: no words"
    plain = score(text, undefined="textstat")
    assert plain["linsear_write_formula"].iloc[0] == -1.0
    assert_matches_textstat(ts, [text], plain)


def test_one_word(ts):
    # Hello: HH AH0 L OW1 = 2 syllables; one sentence of one word.
    row = score("Hello").iloc[0]
    assert [row[c] for c in COUNTS] == [1, 1, 2, 0, 0]
    assert row["flesch_reading_ease"] == pytest.approx(206.835 - 1.015 * 1 - 84.6 * 2)
    assert row["linsear_write_formula"] == pytest.approx(-0.5)  # (1 - 2) / 2, as textstat
    assert math.isnan(row["smog_index"])
    assert row["note"] == "smog_index: fewer than 3 sentences"
    plain = score("Hello", undefined="textstat")
    assert plain["smog_index"].iloc[0] == pytest.approx(3.1291)
    assert_matches_textstat(ts, ["Hello"], plain)
    assert_nan_only_where_noted(ts, ["Hello"], score("Hello"))


def test_no_sentence_punctuation(ts):
    # One sentence; the(1) quick(1) brown(1) fox(1) jumps(1) over(2) the(1) lazy(2) dog(1).
    text = "the quick brown fox jumps over the lazy dog"
    row = score(text).iloc[0]
    assert [row[c] for c in COUNTS] == [1, 9, 11, 0, 0]
    assert row["flesch_reading_ease"] == pytest.approx(206.835 - 1.015 * 9 - 84.6 * 11 / 9)
    assert_matches_textstat(ts, [text], score(text, undefined="textstat"))


def test_all_caps(ts):
    text = "THE GOVERNMENT DIDN'T RESPOND. OFFICIALS SAID NOTHING AT ALL! WHY NOT TELL US?"
    row = score(text).iloc[0]
    assert (row["n_sentences"], row["n_words"]) == (3, 4 + 5 + 4)
    # Same syllables as in lower case: the dictionary look-up lowercases.
    lower = score(text.lower()).iloc[0]
    assert row["n_syllables"] == lower["n_syllables"] == 20
    # textstat keeps a contraction's apostrophe only before a lower-case ending, so DIDN'T
    # becomes DIDNT, which is not in the easy-word list: one more difficult word than in
    # lower case. Reproduced, not corrected.
    assert (row["n_difficult_words"], lower["n_difficult_words"]) == (3, 2)
    assert_matches_textstat(
        ts, [text, text.lower()], score(text, text.lower(), undefined="textstat")
    )


def test_numbers_only(ts):
    # Six numbers, two sentences of three; Pyphen finds no break in digits: 1 syllable each.
    text = "2020 1999 42. 7 8 9."
    row = score(text).iloc[0]
    assert [row[c] for c in COUNTS] == [2, 6, 6, 0, 0]
    assert row["flesch_reading_ease"] == pytest.approx(206.835 - 1.015 * 3 - 84.6 * 1)
    assert_matches_textstat(ts, [text], score(text, undefined="textstat"))


def test_cyrillic(ts):
    # English resources only: Cyrillic words are not in CMUdict and the en_US hyphenation
    # patterns find no break, so each word counts one syllable; the dash is not a word.
    text = "Москва — столица России. Это большой и красивый город."
    row = score(text).iloc[0]
    assert [row[c] for c in COUNTS] == [2, 8, 8, 0, 0]
    assert row["flesch_reading_ease"] == pytest.approx(206.835 - 1.015 * 4 - 84.6 * 1)
    # Every word is outside the English easy-word list: 100% difficult for Dale-Chall.
    assert row["dale_chall_readability_score"] == pytest.approx(0.1579 * 100 + 0.0496 * 4 + 3.6365)
    assert_matches_textstat(ts, [text], score(text, undefined="textstat"))


def test_words_without_syllables(ts):
    # CMUdict gives "shh" no vowel: textstat's Flesch guard returns 0.0, we return NaN.
    row = score("Shh.").iloc[0]
    assert (row["n_words"], row["n_syllables"]) == (1, 0)
    assert math.isnan(row["flesch_reading_ease"]) and math.isnan(row["flesch_kincaid_grade"])
    assert row["note"] == (
        "flesch_reading_ease, flesch_kincaid_grade: no syllables; "
        "smog_index: fewer than 3 sentences"
    )
    assert_matches_textstat(ts, ["Shh."], score("Shh.", undefined="textstat"))


def test_missing_text_counts_as_empty():
    corpus = pd.DataFrame({"doc_id": ["a", "b"], "text": [None, "The cat sat on the mat."]})
    result = toolkit.readability(corpus)
    assert result["n_words"].tolist() == [0, 6]
    assert math.isnan(result["flesch_reading_ease"].iloc[0])


def test_ignores_textstat_global_state(ts):
    import textstat

    expected = score(THREE, undefined="textstat")
    try:
        textstat.set_lang("de_DE")
        textstat.set_rounding_points(1)
        assert textstat.flesch_reading_ease(THREE) != expected["flesch_reading_ease"].iloc[0]
        pd.testing.assert_frame_equal(score(THREE, undefined="textstat"), expected)
    finally:
        textstat.set_lang("en_US")
        textstat.set_rounding_points(None)
    assert textstat.flesch_reading_ease(THREE) == expected["flesch_reading_ease"].iloc[0]


def test_import_does_no_work():
    code = "import sys, toolkit.readability; print('textstat' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# Pieces textstat treats specially: contractions (straight and curly), hyphens, sentence
# ends, abbreviations, digits, underscores, non-Latin scripts, U+0130 (lowercases to two
# characters), a vowel-less dictionary word, long and easy words.
_PIECES = st.sampled_from(
    [
        *"abeiostdlrv'’.!?,;:-—\n\t\"()0123456789_ ",
        *"İIÉéжзыЮ",
        "don't ",
        "it's ",
        "DIDN'T ",
        "we've ",
        "government ",
        "Mr. ",
        "U.S. ",
        "the ",
        "shh ",
        "beautiful ",
        "fund-raiser ",
        "ANTIDISESTABLISHMENT ",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.lists(_PIECES, max_size=260).map("".join), min_size=1, max_size=4))
def test_property_equals_textstat_on_arbitrary_text(texts):
    from textstat.textstat import textstatistics

    result = score(*texts, undefined="textstat")
    assert_matches_textstat(textstatistics(), texts, result)


# --------------------------------------------------------------------------- exactness on corpora


def _basil() -> pd.DataFrame:
    path = BASIL / "articles.jsonl"
    if not path.exists():
        pytest.skip(f"real data not present: {path}")
    with path.open(encoding="utf-8") as handle:
        corpus = pd.DataFrame([json.loads(line) for line in handle if line.strip()])
    # BASIL repeats the doc_id "empty"; the corpus contract needs unique ids.
    return corpus.assign(doc_id=[f"{i}:{d}" for i, d in enumerate(corpus["doc_id"])])


def test_exact_on_basil(ts):
    corpus = _basil()
    texts = corpus["text"].tolist()
    worst = assert_matches_textstat(ts, texts, toolkit.readability(corpus, undefined="textstat"))
    assert worst <= 1e-9
    assert_nan_only_where_noted(ts, texts, toolkit.readability(corpus))


def test_exact_on_demo_corpus(ts):
    corpus = toolkit.demo_corpus()
    texts = corpus["text"].tolist()
    assert_matches_textstat(ts, texts, toolkit.readability(corpus, undefined="textstat"))
    assert_nan_only_where_noted(ts, texts, toolkit.readability(corpus))


# --------------------------------------------------------------------------- readability_by


def _scores() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": ["a1", "a2", "a3", "a4", "b1"],
            "outlet": ["A", "A", "A", "A", "B"],
            "smog_index": [1.0, 2.0, 3.0, np.nan, 5.0],
            "gunning_fog": [10.0, 10.0, 10.0, 10.0, 7.0],
        }
    )


def test_by_hand_checked_summary():
    table = toolkit.readability_by(_scores(), by="outlet", random_state=0)
    assert table.columns.tolist() == [
        "outlet",
        "measure",
        "mean",
        "median",
        "std",
        "count",
        "ci_low",
        "ci_high",
    ]
    # Groups sorted; measures in MEASURES order.
    assert table[["outlet", "measure"]].values.tolist() == [
        ["A", "gunning_fog"],
        ["A", "smog_index"],
        ["B", "gunning_fog"],
        ["B", "smog_index"],
    ]
    a_smog = table.iloc[1]
    # NaN left out: values 1, 2, 3.
    assert (a_smog["mean"], a_smog["median"], a_smog["std"], a_smog["count"]) == (2.0, 2.0, 1.0, 3)
    assert 1.0 <= a_smog["ci_low"] <= 2.0 <= a_smog["ci_high"] <= 3.0
    a_fog = table.iloc[0]  # constant: zero spread, interval collapses on the value
    assert (a_fog["std"], a_fog["ci_low"], a_fog["ci_high"]) == (0.0, 10.0, 10.0)
    b_smog = table.iloc[3]  # one document: no spread, no interval
    assert b_smog["count"] == 1 and b_smog["mean"] == 5.0
    assert math.isnan(b_smog["std"]) and math.isnan(b_smog["ci_low"])


def test_by_bootstrap_is_seedable_and_sensible():
    scores = pd.DataFrame({"outlet": "A", "lix": np.arange(100, dtype=float)})
    first = toolkit.readability_by(scores, random_state=7, n_boot=2000)
    again = toolkit.readability_by(scores, random_state=7, n_boot=2000)
    pd.testing.assert_frame_equal(first, again)
    other = toolkit.readability_by(scores, random_state=8, n_boot=2000)
    assert other["ci_low"].iloc[0] != first["ci_low"].iloc[0]
    # mean 49.5, standard error 29.01 / 10 = 2.90: the 95% interval is about 49.5 +- 5.7.
    low, high = first["ci_low"].iloc[0], first["ci_high"].iloc[0]
    assert 43.0 < low < 45.0 and 54.0 < high < 56.0
    narrow = toolkit.readability_by(scores, random_state=7, n_boot=2000, level=0.5)
    assert low < narrow["ci_low"].iloc[0] < narrow["ci_high"].iloc[0] < high
    skipped = toolkit.readability_by(scores, n_boot=0)
    assert math.isnan(skipped["ci_low"].iloc[0]) and skipped["mean"].iloc[0] == 49.5


def test_by_accepts_corpus_or_scores(tiny_corpus):
    from_corpus = toolkit.readability_by(tiny_corpus, by="outlet", random_state=3)
    scores = toolkit.readability(tiny_corpus)
    from_scores = toolkit.readability_by(scores, by="outlet", random_state=3)
    pd.testing.assert_frame_equal(from_corpus, from_scores)
    assert len(from_corpus) == 2 * len(toolkit.MEASURES)
    # Metadata that readability() does not carry can still be a group.
    by_section = toolkit.readability_by(tiny_corpus, by=["section"], measures="lix")
    assert by_section["section"].tolist() == ["opinion", "world"]
    overall = toolkit.readability_by(scores, by=None, measures=["lix"], n_boot=10)
    assert overall.columns[0] == "measure" and overall["count"].tolist() == [3]


def test_by_errors(tiny_corpus):
    with pytest.raises(ValueError, match="source"):
        toolkit.readability_by(tiny_corpus, by="source")
    with pytest.raises(ValueError, match="n_boot"):
        toolkit.readability_by(_scores(), n_boot=-1)
    with pytest.raises(ValueError, match="`level` must be between 0 and 1, got 95"):
        toolkit.readability_by(_scores(), level=95)
    with pytest.raises(ValueError, match="lix"):
        toolkit.readability_by(_scores(), measures=["lix"])
