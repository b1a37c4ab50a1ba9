"""Scare quotes: hand-written positive and negative cases, the documented failure cases, seed."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import toolkit
from toolkit import load_lexicon, scare_quotes

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "infobrics-op-ed.txt"


def quotes_in(text: str, **options) -> list[str]:
    corpus = pd.DataFrame({"doc_id": ["d"], "outlet": ["X"], "text": [text]})
    return scare_quotes(corpus, **options)["quote"].tolist()


def attribution_of(text: str) -> list[tuple[str, object]]:
    corpus = pd.DataFrame({"doc_id": ["d"], "text": [text]})
    table = scare_quotes(corpus, keep_attributed=True)
    return [(q, None if pd.isna(a) else a)
            for q, a in zip(table["quote"], table["attribution"], strict=True)]


# --------------------------------------------------------------------------- scare quotes found

POSITIVE = [
    # (text, the scare quotes in it)
    ("NATO is no guarantee against the alleged “Russian expansion”, which is why.",
     ["Russian expansion"]),
    ("The clause is a mere “legal fiction” so far.", ["legal fiction"]),
    ("The so-called \"experts\" disagree.", ["experts"]),
    ("The vote was a 'sham' from the start.", ["sham"]),
    ("The vote was a ‘sham’ from the start.", ["sham"]),
    ("They held a «referendum» in the east.", ["referendum"]),
    ("They held a „referendum“ in the east.", ["referendum"]),
    ("The ‘Kiev’s regime’ line returns.", ["Kiev’s regime"]),  # apostrophe inside the quote
    ("A “peace\nplan” was tabled.", ["peace\nplan"]),  # a line break inside
    ("Its “very own war” went on.", ["very own war"]),  # three words, the default limit
    ("The so-called \"experts,\" who know nothing, spoke.", ["experts"]),  # comma inside
    ("The “humanitarian” convoy and the “aid” ended.", ["humanitarian", "aid"]),
]


@pytest.mark.parametrize("text, expected", POSITIVE)
def test_scare_quotes_are_found(text, expected):
    assert quotes_in(text) == expected


# --------------------------------------------------------------------------- not scare quotes

NEGATIVE = [
    # (text, why it is not a scare quote: the attribution reported)
    ("“Sham,” he said.", "said"),
    ("“Sham,” the minister told reporters.", "told"),
    ("Peskov said the plan was “dead on arrival”.", "said"),
    ("According to Kyiv, the vote was a “sham”.", "According to"),
    ("The official claimed the strike was “precise” and limited.", "claimed"),
    ("The spokesman gloated that it was “a good day”.", "gloated"),  # report_loaded verb
    ("He called the vote a “sham” on Monday.", "called"),  # documented: attributed
    ("Moscow dismissed the reaction as “Russophobic hysteria”.", "dismissed"),
    ("It describes the war as a “special military operation” still.", "describes"),
    ("They avoid the word “attack” in headlines.", "word"),
    ("Exercises codenamed “Amber Shield” began.", "codenamed"),
    ("He wrote: “Never again”", ":"),
    ("The crowd roared. “Never again.” Then it went quiet.", "whole sentence"),
    ("“The ‘outrage’ is selective and late,” said a deputy.", "inside a quotation"),
    ("She said the claims were “absurd” and “fabricated”.", "said"),
    # attribution after the quotation, beyond the window for the core report verbs
    ("“For too long,” he continued.", "continued"),
    ("Trump is “very close” to choosing a candidate for the post, he told reporters.", "told"),
    # titles and names in title case, chants, clauses and sentence fragments
    ("Santorum appeared on CBS' “Face the Nation” on Sunday.", "title"),
    ("The crowd outside kept up “Lock her up!” for an hour.", "clause"),
    ("Mr. Flynn? “A patriot,” as ever.", "clause"),
    ("It was blown up 'with extreme force' in a suspected act.", "clause"),
    ("The bill passed without a single “no” vote.", "mention"),
    # a list of quoted items and a range
    ("The bills listed “travel,” “dinners,” “toy drives” and more.", "series"),
    ("His condition went from “critical” to “serious” on Thursday.", "series"),
    # speech verbs near the quotation, or introducing a reported clause
    ("Vega contended that there was a “rush to indict” last year.", "contended"),
    ("Zahvatov revealed that at dawn on Wednesday the police officers came “forcing "
     "their way” in.", "revealed"),
    ("It is what Putin's “special operation” means.", "Putin's"),  # a possessive
]


@pytest.mark.parametrize("text, cue", NEGATIVE)
def test_attributed_quotes_are_not_scare_quotes(text, cue):
    assert quotes_in(text) == []
    found = attribution_of(text)
    assert found and all(a == cue for _, a in found), found


def test_too_long_or_empty_quotes_and_apostrophes_are_not_quotes():
    assert quotes_in("It was “a long phrase of five” words.") == []
    assert quotes_in("It was “a long phrase of five” words.", max_words=5) == [
        "a long phrase of five"]
    assert quotes_in("Its “very own little war” went on.") == []  # four words
    assert quotes_in("Its “very own little war” went on.", max_words=4) == ["very own little war"]
    assert quotes_in("An empty “ ” and a mark “…” pair.") == []
    assert quotes_in("Don't touch the Joneses' house in the '90s, it's Russia’s.") == []
    assert quotes_in("He is 5'10\" tall and 'proud'.") == ["proud"]
    assert quotes_in("A “first.\n\nSecond” paragraph.") == []  # a blank line is no quote


def test_report_verbs_come_from_the_stance_lexicon():
    stance = load_lexicon("stance")
    reports = {e.entry for e in stance.entries
               if e.category in ("report_neutral", "report_loaded")}
    assert {"said", "told", "according to", "claimed", "admitted"} <= reports
    # a verb listed only in the stance lexicon is a cue
    assert "parroted" in reports
    assert quotes_in("They parroted the line about a “sham” vote.") == []


# --------------------------------------------------------------------------- documented failures


def test_documented_failure_cases_behave_as_documented():
    # distancing by attribution is read as speech
    assert attribution_of("This is what Kiev calls “liberation” now.") == [
        ("liberation", "calls")]
    # a report verb earlier in the sentence makes a later short quotation speech
    assert quotes_in("The minister said talks would go on, but the “peace plan” is dead.") == []
    # a one-word name is not told from a term (unless capitalised inside a sentence)
    assert quotes_in("He watched the film “Top Gun” again.") == []  # title case
    assert quotes_in("They drank “kvass” again.") == ["kvass"]
    # straight single quotes: rock 'n' roll
    assert quotes_in("They played rock 'n' roll all night.") == ["n"]


def test_old_failures_now_fixed():
    # a report verb far after the quotation: the quotation is a clause (capital and comma)
    assert quotes_in("“Nonsense,” the spokeswoman for the foreign ministry of Russia said.") == []


# --------------------------------------------------------------------------- table contract


def test_offsets_context_and_columns():
    text = "Western capitals, one two three, backed the alleged “Russian expansion”, which is why."
    corpus = pd.DataFrame({"doc_id": ["d1"], "outlet": ["Seedy"], "text": [text]})
    table = scare_quotes(corpus, window=3)
    assert table.columns.tolist() == ["doc_id", "outlet", "quote", "start", "end", "n_words",
                                      "left", "right"]
    row = table.iloc[0]
    assert (row["doc_id"], row["outlet"], row["quote"], row["n_words"]) == (
        "d1", "Seedy", "Russian expansion", 2)
    assert text[row["start"]:row["end"]] == "Russian expansion"
    assert text[row["start"] - 1] == "“" and text[row["end"]] == "”"
    assert row["left"] == "backed the alleged"  # the marks are not part of the context
    assert row["right"] == ", which is why"


def test_empty_result_has_the_columns_and_options_are_checked():
    corpus = pd.DataFrame({"doc_id": ["d1"], "text": ["No quotes at all."]})
    table = scare_quotes(corpus)
    assert table.empty and table.columns.tolist()[:3] == ["doc_id", "outlet", "quote"]
    assert "attribution" in scare_quotes(corpus, keep_attributed=True).columns
    for option in ({"max_words": 0}, {"attribution_window": -1}, {"window": 1.5}):
        with pytest.raises(ValueError):
            scare_quotes(corpus, **option)


def test_demo_corpus_quotes_are_slices_of_the_text(demo):
    table = scare_quotes(demo, keep_attributed=True)
    texts = demo.set_index("doc_id")["text"]
    for row in table.itertuples():
        assert texts[row.doc_id][row.start:row.end] == row.quote
        assert 1 <= row.n_words <= 3
    kept = table[table["attribution"].isna()]
    # the state outlet's "supposed “Russian threat”" is a scare quote
    assert "Russian threat" in kept["quote"].tolist()
    assert len(scare_quotes(demo)) == len(kept)


@pytest.mark.skipif(not SEED.exists(), reason=f"seed text not present: {SEED}")
def test_seed_op_ed_scare_quotes():
    text = SEED.read_text(encoding="utf-8")
    corpus = pd.DataFrame({"doc_id": ["seed"], "outlet": ["InfoBRICS"], "text": [text]})
    table = scare_quotes(corpus)
    # read by hand: two scare quotes; the long quotation ending "he said" is speech
    assert table["quote"].tolist() == ["Russian expansion", "legal fiction"], \
        scare_quotes(corpus, keep_attributed=True)
    for row in table.itertuples():
        assert text[row.start:row.end] == row.quote
    assert table["left"].iloc[0].endswith("against the alleged")
    assert table["left"].iloc[1].endswith("being a mere")


def test_scare_quotes_is_exported():
    assert toolkit.scare_quotes is scare_quotes
