"""The voice model: quotations, their voice, and the voice of every hit (hand-checked texts)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import toolkit
from toolkit import find_quotes, kwic, lexicon_counts, lexicon_hits, term_hits, term_share
from toolkit.quotes import SCARE_QUOTE_PRECISION, SCARE_QUOTE_RECALL
from toolkit.voice import IN_QUOTE_PRECISION, IN_QUOTE_RECALL

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
LABELS = REPO / "tests" / "data" / "scare_quote_labels.csv"


def spans(text: str) -> list[tuple[int, int, int, str, object]]:
    return [(q.start, q.end, q.depth, q.voice, q.reason) for q in find_quotes(text)]


def corpus_of(*texts: str) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))],
                         "outlet": ["X"] * len(texts), "text": list(texts)})


# --------------------------------------------------------------------------- quotations


def test_attribution_after_the_quote_and_a_second_quote_of_the_same_sentence():
    text = "“For too long,” he continued, “we waited.”"
    assert spans(text) == [(1, 14, 0, "quoted", "continued"), (31, 41, 0, "quoted", "continued")]


def test_nested_quotation_takes_the_voice_of_the_outer_one():
    text = "“The ‘outrage’ is selective,” said a deputy."
    assert spans(text) == [(1, 28, 0, "quoted", "long"),
                           (6, 13, 1, "quoted", "inside a quotation")]


def test_apostrophes_are_not_quotation_marks():
    assert spans("Don't touch the Joneses' house in the '90s, it's Kyiv’s.") == []
    assert spans("He is 5'10\" tall and 'proud'.") == [(22, 27, 0, "scare_quote", None)]
    # a straight apostrophe after a word closes only an open single quotation
    assert spans("The Joneses' house and the 'so-called' reform.") == [
        (28, 37, 0, "scare_quote", None)]


def test_quotation_continued_in_the_next_paragraph():
    text = "He said: “We will fight.\n\n“We will win,” he added."
    assert spans(text) == [(10, 39, 0, "quoted", "several paragraphs")]
    # not continued: the next paragraph does not open with a quotation mark
    assert spans("He said “we will fight.\n\nThen he left.") == []


def test_unbalanced_marks_are_dropped():
    assert spans("It ended” there.") == []  # a closing mark alone
    assert spans("He said “we will fight.") == []  # never closed
    # the same mark opened again: texts whose paragraphs ran together
    text = "'I am livid. 'It works,' he said."
    assert spans(text) == [(1, 12, 0, "quoted", "whole sentence"), (14, 23, 0, "quoted", "said")]


def test_guillemets_and_low_high_quotes():
    assert spans("Moscow held a «referendum» there.") == [(15, 25, 0, "scare_quote", None)]
    assert spans("Die „angebliche“ Gefahr.") == [(5, 15, 0, "scare_quote", None)]
    assert spans("Die „angebliche” Gefahr.") == [(5, 15, 0, "scare_quote", None)]


def test_title_case_titles_are_not_scare_quotes():
    assert spans("Santorum appeared on “Face the Nation” on Sunday.") == [
        (22, 37, 0, "quoted", "title")]


def test_quotations_table_is_the_audit_trail():
    table = toolkit.quotations(corpus_of("A “sham” vote. Nobody came. “He lied,” she said."))
    assert table.columns.tolist() == ["doc_id", "outlet", "quote", "start", "end", "depth",
                                      "n_words", "voice", "reason"]
    assert table["quote"].tolist() == ["sham", "He lied,"]
    assert table["voice"].tolist() == ["scare_quote", "quoted"]
    assert table["start"].tolist() == [3, 29]


# --------------------------------------------------------------------------- every hit's voice

TEXT = "The regime fell. “The regime lies,” he said. It is over. The “regime” is gone."
# regime at 4-10 (outlet), 22-28 (quoted speech), 62-68 (scare quote: the sentence before it has
# no speaker); 15 word tokens, of which 3 in the speech and 1 in the scare quote


def test_lexicon_hits_carry_in_quote_and_voice():
    hits = lexicon_hits(corpus_of(TEXT), {"p": ["regime"]})
    assert hits["start"].tolist() == [4, 22, 62]
    assert hits["in_quote"].tolist() == [False, True, True]
    assert hits["voice"].tolist() == ["outlet", "quoted", "scare_quote"]
    assert lexicon_hits(corpus_of(TEXT), {"p": ["regime"]}, voice="quoted")["start"].tolist() \
        == [22]


@pytest.mark.parametrize("voice, count, n_tokens", [
    ("outlet", 1, 11), ("quoted", 1, 3), ("scare_quote", 1, 1), ("all", 3, 15)])
def test_lexicon_counts_count_one_voice(voice, count, n_tokens):
    counts = lexicon_counts(corpus_of(TEXT), {"p": ["regime"]}, voice=voice)
    assert counts[["count", "n_words"]].values.tolist() == [[count, n_tokens]]
    assert counts["per_1k"].iloc[0] == pytest.approx(count / n_tokens * 1000)


def test_lexicon_counts_default_is_the_outlet_voice():
    assert lexicon_counts(corpus_of(TEXT), {"p": ["regime"]})["count"].tolist() == [1]


def test_kwic_carries_in_quote_and_voice():
    table = kwic(corpus_of(TEXT), "regime", window=2)
    assert table["voice"].tolist() == ["outlet", "quoted", "scare_quote"]
    assert table["in_quote"].tolist() == [False, True, True]
    assert kwic(corpus_of(TEXT), "regime", voice="outlet")["start"].tolist() == [4]
    regex = kwic(corpus_of(TEXT), r"reg\w+", regex=True)
    assert regex["voice"].tolist() == ["outlet", "quoted", "scare_quote"]


NAMES = "Officials in Moscow said “Kiev will fall,” again. Kyiv is calm. The “Kiev regime” fell."
SET = {"Kyiv": ["kyiv"], "Kiev": ["kiev"]}


def test_term_share_counts_the_outlet_voice_by_default():
    outlet = term_share(corpus_of(NAMES), SET).set_index("label")
    assert outlet["count"].to_dict() == {"Kyiv": 1, "Kiev": 0}
    assert outlet.loc["Kyiv", "share"] == 1.0
    everything = term_share(corpus_of(NAMES), SET, voice="all").set_index("label")
    assert everything["count"].to_dict() == {"Kyiv": 1, "Kiev": 2}
    assert everything.loc["Kiev", "share"] == pytest.approx(2 / 3)
    # 15 word tokens: 3 in the speech, 2 in the scare quote
    assert outlet["n_words"].iloc[0] == 10 and everything["n_words"].iloc[0] == 15


def test_term_hits_are_the_matches_behind_term_share():
    hits = term_hits(corpus_of(NAMES), SET)
    assert hits[["label", "match", "in_quote", "voice"]].values.tolist() == [
        ["Kiev", "Kiev", True, "quoted"], ["Kyiv", "Kyiv", False, "outlet"],
        ["Kiev", "Kiev", True, "scare_quote"]]
    assert hits["start"].tolist() == [26, 50, 69]
    for voice in ("outlet", "quoted", "scare_quote", "all"):
        shares = term_share(corpus_of(NAMES), SET, voice=voice)
        assert shares["count"].sum() == len(term_hits(corpus_of(NAMES), SET, voice=voice))


def test_keyness_counts_only_the_tokens_of_the_voice():
    corpus = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["A", "B"],
                           "text": [TEXT, "The plan failed. “As expected,” he said."]})
    outlet = toolkit.keyness(corpus, target="A", voice="outlet")
    assert outlet.attrs["n_tokens_target"] == 11 and outlet.attrs["voice"] == "outlet"
    assert outlet.set_index("term").loc["regime", "count_target"] == 1
    quoted = toolkit.keyness(corpus, target="A", voice="quoted")
    assert quoted.attrs["n_tokens_target"] == 3
    # n-grams never join words across the edge of a quotation
    bigrams = toolkit.keyness(corpus, target="A", voice="outlet", ngram=2)
    assert {"regime fell", "he said", "plan failed"} <= set(bigrams["term"])
    assert "fell he" not in set(bigrams["term"]) and "the is" not in set(bigrams["term"])
    assert toolkit.keyness(corpus, target="A").attrs["n_tokens_target"] == 15  # default "all"
    dtm = toolkit.document_term_matrix(corpus)
    with pytest.raises(ValueError, match="voice"):
        toolkit.keyness(corpus, target="A", dtm=dtm, voice="outlet")


def test_the_voices_add_up_to_all_on_the_demo_corpus(demo):
    tables = {voice: lexicon_counts(demo, "loaded_language", by="outlet", voice=voice)
              for voice in ("outlet", "quoted", "scare_quote", "all")}
    for column in ("count", "n_words"):
        parts = sum(tables[v][column].to_numpy() for v in ("outlet", "quoted", "scare_quote"))
        assert np.array_equal(parts, tables["all"][column].to_numpy())
    hits = lexicon_hits(demo, "loaded_language")
    assert (hits["voice"] == "outlet").sum() == tables["outlet"]["count"].sum()
    assert set(hits["voice"]) <= {"outlet", "quoted", "scare_quote"}
    assert (hits["in_quote"] == (hits["voice"] != "outlet")).all()


def test_unknown_voice_is_refused_with_the_choices():
    for call in (lambda: lexicon_counts(corpus_of(TEXT), {"p": ["x"]}, voice="speaker"),
                 lambda: term_share(corpus_of(TEXT), SET, voice="Outlet"),
                 lambda: kwic(corpus_of(TEXT), "x", voice=None),
                 lambda: toolkit.keyness(corpus_of(TEXT, "b"), target="X", voice="own")):
        with pytest.raises(ValueError, match="outlet"):
            call()


# --------------------------------------------------------------------------- linear work


def _work(text: str, monkeypatch) -> int:
    """The work of :func:`toolkit.scare_quotes` on ``text``, counted rather than timed: lines
    of Python run in the voice model's modules, plus characters handed to the tokenizer and
    the sentence splitter (whose regular expressions are linear)."""
    import sys

    import toolkit.quotes as quotes_module
    import toolkit.voice as voice_module

    seen = [0]
    files = {voice_module.__file__, quotes_module.__file__}

    def counting(function):
        def wrapped(piece, *args, **kwargs):
            seen[0] += len(piece)
            return function(piece, *args, **kwargs)
        return wrapped

    def lines(frame, event, arg):
        seen[0] += 1
        return lines

    def calls(frame, event, arg):
        return lines if frame.f_code.co_filename in files else None

    for module in (voice_module, quotes_module):
        for name in ("tokenize", "token_spans", "sentence_spans"):
            if hasattr(module, name):
                monkeypatch.setattr(module, name, counting(getattr(module, name)))
    voice_module._cue_matcher()  # built once, outside the count
    sys.settrace(calls)
    try:
        toolkit.scare_quotes(pd.DataFrame({"doc_id": ["long"], "text": [text]}))
    finally:
        sys.settrace(None)
        monkeypatch.undo()
    return seen[0]


def test_scare_quotes_work_grows_linearly(demo, monkeypatch):
    base = "\n\n".join(demo["text"])
    small, large = _work(base, monkeypatch), _work(base * 2, monkeypatch)
    assert 1.8 < large / small < 2.2
    assert large < 15 * len(base * 2)  # a bounded amount of work per character
    # hostile shapes: thousands of unclosed opening marks, of closing marks, of nested marks
    for hostile in ("“a " * 500, "a” " * 2_000, "“‘" * 2_000 + "’”" * 2_000, "'" * 5_000,
                    "“a” " * 500, "«" + "‘'" * 2_000 + "”" * 2_000,
                    "He said “we\n" + "\n \n" * 5_000 + "“go,” he said."):
        assert _work(hostile * 2, monkeypatch) < 2.3 * _work(hostile, monkeypatch) + 100


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a", "Kyiv", "said", "the", " ", "\n\n", ".", ",", "“", "”",
                                 "„", "«", "»", "‘", "’", "'", '"', "it's", "'90s", ":"]),
                max_size=40))
def test_quotations_are_well_formed_on_any_text(pieces):
    text = "".join(pieces)
    quotes = find_quotes(text)
    outer = [(q.start, q.end) for q in quotes if q.depth == 0]
    assert outer == sorted(outer)
    assert all(e1 < s2 for (_, e1), (s2, _) in zip(outer, outer[1:], strict=False))
    for q in quotes:
        assert 1 <= q.start <= q.end <= len(text)
        assert text[q.start - 1] in "\"'“„«‘‚‹"  # an opening mark stands before
        assert q.voice in ("quoted", "scare_quote")
        if q.depth:
            assert any(s <= q.start and q.end <= e for s, e in outer)


# --------------------------------------------------------------------------- real data


def _voice_eval():
    spec = importlib.util.spec_from_file_location("voice_eval",
                                                  REPO / "benchmarks" / "voice_eval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_labels_file_is_well_formed():
    labels = pd.read_csv(LABELS, dtype={"doc_id": str}, keep_default_na=False)
    assert labels.columns.tolist() == ["corpus", "doc_id", "start", "end", "quoted_words",
                                       "label", "sampled_from", "round", "note", "set", "code"]
    assert set(labels["round"]) == {1, 2, 3, 4, 5, 6, 7, 8}
    assert len(labels) >= 100
    assert set(labels["label"]) == {"scare_quote", "not_scare_quote"}
    assert set(labels["corpus"]) == {"basil", "ukraine_media", "allsides"}
    # rounds 1-2 tuned the rules; rounds 3 to 8 were each drawn and labelled before any rule
    # changed for them, each with a reason code, and share no document with earlier rounds
    assert (labels["set"] == labels["round"].map(
        {1: "tune", 2: "tune", 3: "heldout", 4: "heldout", 5: "heldout", 6: "heldout",
         7: "heldout", 8: "heldout"})).all()
    assert all((labels["round"] == number).sum() >= 80 for number in (6, 7, 8))
    for number in (3, 4, 5, 6, 7, 8):
        later = set(labels.loc[labels["round"] == number, "doc_id"])
        assert not later & set(labels.loc[labels["round"] < number, "doc_id"])
    heldout = labels[labels["set"] == "heldout"]
    assert len(heldout) >= 80 and (heldout["code"] != "").all()
    assert not set(heldout["doc_id"]) & set(labels.loc[labels["set"] == "tune", "doc_id"])
    assert (labels["end"] - labels["start"] == labels["quoted_words"].str.len()).all()
    assert not labels.duplicated(["corpus", "doc_id", "start"]).any()


@pytest.mark.skipif(not (SHARED_DATA / "ukraine_media").exists(),
                    reason=f"real data not present: {SHARED_DATA}")
def test_scare_quote_precision_on_the_labelled_candidates():
    evaluation = _voice_eval()
    texts = evaluation.load_texts(SHARED_DATA)
    labels = pd.read_csv(LABELS, dtype={"doc_id": str}, keep_default_na=False)
    for row in labels.itertuples():  # the labels point at the quoted words of the texts
        assert texts[row.corpus][row.doc_id][row.start:row.end] == row.quoted_words
    scores = evaluation.scare_quote_scores_by_set(SHARED_DATA, labels)
    assert round(scores["all"]["precision"], 2) >= SCARE_QUOTE_PRECISION
    assert round(scores["all"]["recall"], 2) >= SCARE_QUOTE_RECALL
    # the figures the docs give (toolkit.quotes): genuine among the candidates listed, on the
    # tuning labels (20 of 24) and on each held-out round (round 5, drawn from these rules:
    # 20 of 40, below the 0.7 target, see the docs)
    assert (scores["tune"]["true_positives"], scores["tune"]["predicted"]) == (20, 22)
    rounds = [scores[f"heldout round {number}"] for number in (3, 4, 5, 6, 7, 8)]
    assert [(r["true_positives"], r["predicted"]) for r in rounds] == [
        (6, 9), (23, 30), (19, 27), (19, 34), (12, 45), (23, 60)]
    assert [scores["tune"]["genuine"]] + [r["genuine"] for r in rounds] == [
        35, 11, 26, 21, 24, 14, 24]


@pytest.mark.skipif(not (SHARED_DATA / "basil").exists(),
                    reason=f"real data not present: {SHARED_DATA}")
def test_in_quote_precision_and_recall_on_basil():
    scores = _voice_eval().in_quote_scores(SHARED_DATA)
    assert round(scores["token_precision"], 2) >= IN_QUOTE_PRECISION
    assert round(scores["token_recall"], 2) >= IN_QUOTE_RECALL


# --------------------------------------------------------------------------- neighbouring sentences


def voices_of(text: str) -> list[tuple[str, str, object]]:
    return [(text[q.start:q.end], q.voice, q.reason) for q in find_quotes(text) if not q.depth]


def test_a_speaker_in_the_sentence_before_or_after_makes_a_short_quote_speech():
    # positive: the speaker is named in the previous sentence, or in the next one
    assert voices_of("“We will cut,” the minister said. Cuts must be “minimal” this year.") \
        == [("We will cut,", "quoted", "said"), ("minimal", "quoted", "said (previous sentence)")]
    assert voices_of("Benefits should be “minimal”. The group told reporters so on Monday.") \
        == [("minimal", "quoted", "told (next sentence)")]
    # negative: no report or speech verb in the neighbouring sentences
    assert voices_of("The weather was bad. Benefits should be “minimal”. Nobody came.") \
        == [("minimal", "scare_quote", None)]
    # negative: a verb after be/to names no speaker; a distancing modifier is the writer's
    assert voices_of("It must be admitted that it failed. It was a mere “legal fiction”.") \
        == [("legal fiction", "scare_quote", None)]
    assert voices_of("He said so. It is a so-called “reform”.") == [("reform", "scare_quote", None)]


def test_a_quoted_word_echoed_as_a_bare_question_is_a_scare_quote():
    # positive: the writer repeats the label as a question with no speaker
    text = "Moscow is now calling the land grab “reunification”.\n\nReunification? With whom?"
    assert voices_of(text) == [("reunification", "scare_quote", None)]
    # negative: the word comes back, but not as a bare question: Moscow's label stays quoted
    text = "Moscow is now calling the land grab “reunification”.\n\nReunification comes in May."
    assert voices_of(text) == [("reunification", "quoted", "calling")]
    text = "Moscow is now calling the land grab “reunification”.\n\nIs reunification near?"
    assert voices_of(text) == [("reunification", "quoted", "calling")]


def test_the_daily_blaze_reunification_is_a_scare_quote(demo):
    row = demo[demo["doc_id"] == "daily_blaze-e04"].iloc[0]
    quotes = [q for q in find_quotes(row["text"]) if row["text"][q.start:q.end] == "reunification"]
    assert [(q.voice, q.reason) for q in quotes] == [("scare_quote", None)]


def test_mention_nouns_reportedly_and_nouns_that_look_like_report_verbs():
    # a word talked about as a word: the noun, "of" and an article before the mark
    assert voices_of("It shows the scenario of a “total shutdown” in winter.") == [
        ("total shutdown", "quoted", "scenario")]
    assert voices_of("It shows a “total shutdown” in winter.") == [
        ("total shutdown", "scare_quote", None)]
    # "reportedly" names a source
    assert voices_of("Kiev now reportedly keeps them for “special missions” only.") == [
        ("special missions", "quoted", "reportedly")]
    assert voices_of("Kiev now keeps them for “special missions” only.") == [
        ("special missions", "scare_quote", None)]
    # "their say" is a noun, not a speaker; "they say" is a speaker
    assert voices_of("Fans will have their say. They plan a “kiss-in” on Friday.") == [
        ("kiss-in", "scare_quote", None)]
    assert voices_of("Fans are angry, they say. They plan a “kiss-in” on Friday.") == [
        ("kiss-in", "quoted", "say (previous sentence)")]


def test_a_kind_noun_after_the_quote_and_likening():
    # the quoted words name one of a kind: the noun follows the closing mark directly
    assert voices_of("But the “hypocrisy” charge detracts from the argument.") == [
        ("hypocrisy", "quoted", "charge")]
    assert voices_of("But the “hypocrisy” detracts from the argument.") == [
        ("hypocrisy", "scare_quote", None)]
    assert voices_of("But the “hypocrisy”, charge or not, detracts from it.") == [
        ("hypocrisy", "scare_quote", None)]
    # likening is a speech verb
    assert voices_of("Putin likened the sanctions to a “declaration of war” on Saturday.") == [
        ("declaration of war", "quoted", "likened")]
    assert voices_of("The sanctions amount to a “declaration of war” in all but name.") == [
        ("declaration of war", "scare_quote", None)]


# --------------------------------------------------------------------------- round-6 rules
# Each cue added after the error analysis of rounds 1-5 (issue 12, point 2): a sentence where it
# applies (the quotation is someone's words, a title, a headline or a term explained) and a
# close sentence where it does not (the quotation stays a scare quote). Expected values by hand.

ROUND6_CUES = [
    # a document, then that/which or a verb of what a text provides: the document's wording
    ("The law does allow voters to provide “supplemental documentation” at the polls.",
     "supplemental documentation", "law"),
    ("The law passed, and voters found the “reform” hollow.", "reform", None),
    # a possessive document: the report's own word
    ("Critics seized on the report’s “unacceptable” at once.", "unacceptable", "report’s"),
    ("Critics seized on the cook’s “unacceptable” soup.", "unacceptable", None),
    # an offence a few words before: the name of a charge
    ("A court jailed him on charges of spreading “false information” online.",
     "false information", "charges"),
    ("He spread the “news” of the charges quickly.", "news", None),
    # a definition right after the closing mark: a term introduced and explained
    ("They fear a so-called “dirty bomb”, meaning a conventional explosive laced with "
     "radioactive material.", "dirty bomb", "introduced"),
    ("They fear a “dirty bomb” more than anything.", "dirty bomb", None),
    # headlines: "Speaker: words", or a run of linked headlines joined by "|"
    ("Trump: Whistleblower “must come forward” MORE", "must come forward", "headline"),
    ("US paid record tariffs | Dems ramp up oversight of “opportunity zones” again",
     "opportunity zones", "headline"),
    ("The trouble is simple: the “reform” failed.", "reform", None),
    ("Plan B: the “reform” failed.", "reform", None),
    # a distancing modifier yields to a report verb of the sentence: whose term it is
    ("Moscow alleged that Ukraine would detonate a so-called “dirty bomb” on its soil.",
     "dirty bomb", "alleged that"),
    ("The so-called “experts” disagree.", "experts", None),
    # a label verb, then "as" further on (not a passive with no one named)
    ("Santorum had dismissed Obama’s politics as being based in “some phony theology”.",
     "some phony theology", "dismissed"),
    ("He is seen as an advocate of “the Russian world” in the east.", "the Russian world", None),
    # a title may open with a number
    ("She appeared on the set of “60 Minutes” in 1992.", "60 Minutes", "title"),
    ("It took “60 minutes” at most.", "60 minutes", None),
    # kind nouns after the mark (someone's rhetoric, a requirement, a period)
    ("His “revolution” rhetoric failed.", "revolution", "rhetoric"),
    ("His “revolution” failed.", "revolution", None),
    ("Films of the “thaw” period were hopeful.", "thaw", "period"),
    ("Films of the “thaw” were hopeful.", "thaw", None),
    # "the field of": the name of a discipline
    ("She is an expert in the field of “fast adaptation” today.", "fast adaptation", "field"),
    ("She works in the field, far from “civilisation” and roads.", "civilisation", None),
    # more verbs and nouns of saying
    ("Most people are already talking about the “former Ukraine” now.", "former Ukraine",
     "talking about"),
    ("Most people already live in the “former Ukraine” now.", "former Ukraine", None),
    ("Shoigu made an unsubstantiated allegation that Ukraine would use a “dirty bomb”.",
     "dirty bomb", "allegation"),
    ("The president clarified that he was not speaking about the “wisdom” of it.", "wisdom",
     "clarified"),
    ("The president was not speaking about the “wisdom” of it.", "wisdom", None),
    ("CNN reports that the “principal conclusion” is out.", "principal conclusion",
     "reports that"),
    ("CNN has it that the “principal conclusion” is out.", "principal conclusion", None),
    # after round 6: bare and -ing forms of saying verbs, proclamations and campaign slogans;
    # "worth noting" names no one
    ("Some people claim “childfree” lives are a danger.", "childfree", "claim"),
    ("Some people think “childfree” lives are a danger.", "childfree", None),
    ("Watchers were noting that some meetings were “canned” long ago.", "canned", "noting"),
    ("It is worth noting that the meetings were “canned” long ago.", "canned", None),
    ("The channel ended with a proclamation of “no to war” on Friday.", "no to war",
     "proclamation"),
    ("The channel ended with a song and “no war” on Friday.", "no war", None),
    ("Bush campaigned on “compassionate conservatism” in 2000.", "compassionate conservatism",
     "campaigned on"),
    ("Bush governed with “compassionate conservatism” in 2000.", "compassionate conservatism",
     None),
]


@pytest.mark.parametrize("text, words, reason", ROUND6_CUES)
def test_round6_cues(text, words, reason):
    voice = "scare_quote" if reason is None else "quoted"
    assert voices_of(text) == [(words, voice, reason)]
