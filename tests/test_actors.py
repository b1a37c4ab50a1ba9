"""actor_sentences / actor_context / load_actors / plot_actor_tone: hand-checked texts, real data."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import toolkit
from toolkit.actors import (
    CONTEXT_COLUMNS,
    EVIDENCE_COLUMNS,
    ActorError,
    actor_context,
    actor_sentences,
    load_actors,
)

ACTORS = {"Russia's government": ["kremlin", "russian officials"], "NATO": ["nato"]}
TEXTS = [
    # sentence 1: NATO; sentence 2: the Kremlin, with "brutal" and "slammed" (2 loaded hits)
    "NATO met on Monday. The brutal Kremlin slammed the plan. Talks end.",
    # NATO twice in one sentence; "so-called" is loaded
    "NATO and NATO allies reject the so-called referendum.",
    "Nothing about either actor here.",
]


def corpus() -> pd.DataFrame:
    return pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "X", "Y"],
                         "date": pd.to_datetime(["2022-03-01", "2023-05-02", "2022-03-03"]),
                         "text": TEXTS})


def test_evidence_rows_by_hand():
    rows = actor_sentences(corpus(), ACTORS, tone=False)
    assert rows.columns.tolist() == list(EVIDENCE_COLUMNS)
    got = rows[["doc_id", "actor", "sentence", "mention", "n_mentions", "n_words", "loaded",
                "loaded_terms"]].values.tolist()
    assert got == [
        ["a", "NATO", "NATO met on Monday.", "NATO", 1, 4, 0, ""],
        ["a", "Russia's government", "The brutal Kremlin slammed the plan.", "Kremlin", 1, 6, 2,
         "brutal; slammed"],
        ["b", "NATO", "NATO and NATO allies reject the so-called referendum.", "NATO", 2, 8, 1,
         "so-called"],
    ]
    text = TEXTS[0]
    kremlin = rows.iloc[1]
    assert (kremlin.sentence_start, kremlin.sentence_end) == (20, 56)
    assert text[kremlin.sentence_start:kremlin.sentence_end] == kremlin.sentence
    assert text[kremlin.mention_start:kremlin.mention_end] == "Kremlin"
    assert rows["tone"].isna().all()


def test_mentions_are_not_counted_as_loaded_language():
    text = "The Kiev regime fell. The regime of the junta fell."
    frame = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "text": [text]})
    rows = actor_sentences(frame, {"Ukraine's government": ["kiev regime"]}, tone=False)
    # "Kiev regime" is the mention: its own "regime" is not loaded language about the actor
    assert rows[["sentence", "loaded"]].values.tolist() == [["The Kiev regime fell.", 0]]
    other = actor_sentences(frame, {"junta": ["junta"]}, tone=False)
    # here "regime" is loaded and "junta" is the mention
    assert other[["loaded", "loaded_terms"]].values.tolist() == [[1, "regime"]]


def test_window_of_neighbouring_sentences():
    rows = actor_sentences(corpus(), ACTORS, window=1, tone=False)
    first = rows.iloc[0]
    assert first.sentence == "NATO met on Monday. The brutal Kremlin slammed the plan."
    assert (first.n_words, first.loaded) == (10, 2)
    with pytest.raises(ValueError, match="window"):
        actor_sentences(corpus(), ACTORS, window="paragraph")
    with pytest.raises(ValueError, match="window"):
        actor_sentences(corpus(), ACTORS, window=-1)


def test_tone_is_vader_compound_of_the_sentence():
    pytest.importorskip("vaderSentiment")
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    rows = actor_sentences(corpus(), ACTORS)
    analyzer = SentimentIntensityAnalyzer()
    for row in rows.itertuples():
        assert row.tone == pytest.approx(analyzer.polarity_scores(row.sentence)["compound"])
    # "brutal ... slammed": negative
    assert rows.iloc[1].tone < -0.05


def test_context_summary_by_hand():
    table = actor_context(corpus(), ACTORS, tone=False, n_boot=0)
    assert table.columns.tolist() == ["outlet", *CONTEXT_COLUMNS]
    got = table[["outlet", "actor", "n_documents", "n_sentences", "mentions", "n_words",
                 "loaded"]].values.tolist()
    # outlet X: NATO in a (1 mention, 4 tokens) and b (2 mentions, 8 tokens, 1 loaded);
    # the Kremlin in a (6 tokens, 2 loaded). Outlet Y mentions no actor: no row.
    assert got == [["X", "Russia's government", 1, 1, 1, 6, 2],
                   ["X", "NATO", 2, 2, 3, 12, 1]]
    assert table["loaded_per_1k"].tolist() == pytest.approx([2 / 6 * 1000, 1 / 12 * 1000])
    assert table["loaded_per_1k_low"].isna().all() and table["tone"].isna().all()


def test_context_intervals_and_tone():
    pytest.importorskip("vaderSentiment")
    table = actor_context(corpus(), ACTORS, n_boot=200, random_state=1)
    nato = table[table["actor"] == "NATO"].iloc[0]
    evidence = actor_sentences(corpus(), ACTORS)
    tones = evidence.loc[evidence["actor"] == "NATO", "tone"]
    assert nato.tone == pytest.approx(tones.mean())
    assert nato.tone_low <= nato.tone <= nato.tone_high
    assert nato.loaded_per_1k_low <= nato.loaded_per_1k <= nato.loaded_per_1k_high
    assert nato.share_negative + nato.share_positive <= 1
    # one document: every resample is that document, the interval is a point
    kremlin = table[table["actor"] == "Russia's government"].iloc[0]
    assert kremlin.tone_low == pytest.approx(kremlin.tone_high)


def test_context_reuses_evidence_and_groups_by_other_columns():
    evidence = actor_sentences(corpus(), ACTORS, tone=False)
    evidence["voice"] = ["own", "quoted", "own"]  # the hook: a column added later
    table = actor_context(None, by=["voice"], evidence=evidence, tone=False, n_boot=0)
    assert table[["voice", "actor", "n_sentences"]].values.tolist() == [
        ["own", "NATO", 2], ["quoted", "Russia's government", 1]]
    by_year = actor_context(corpus(), ACTORS, by="year", tone=False, n_boot=0)
    assert by_year[["year", "actor", "mentions"]].values.tolist() == [
        ["2022", "Russia's government", 1], ["2022", "NATO", 1], ["2023", "NATO", 2]]
    with pytest.raises(ValueError, match="voice"):
        actor_context(None, by=["voice"], evidence=evidence.drop(columns="voice"), n_boot=0)


def test_inputs_unchanged_and_empty_result_keeps_columns():
    frame = corpus()
    before = frame.copy(deep=True)
    empty = actor_sentences(frame.iloc[[2]], ACTORS, tone=False)
    assert empty.empty and empty.columns.tolist() == list(EVIDENCE_COLUMNS)
    summary = actor_context(frame.iloc[[2]], ACTORS, tone=False, n_boot=0)
    assert summary.empty and summary.columns.tolist() == ["outlet", *CONTEXT_COLUMNS]
    pd.testing.assert_frame_equal(frame, before)


def test_load_actors_bundled_and_errors(tmp_path):
    bundled = load_actors("russia_ukraine")
    assert list(bundled) == ["Zelensky", "Putin", "Ukraine's government",
                             "Russia's government", "NATO", "the EU", "the US"]
    assert "zelensk*" in bundled["Zelensky"] and "u.s." in bundled["the US"]
    path = tmp_path / "mine.yaml"
    path.write_text("actors:\n  NATO:\n    patterns: [nato, atlantic alliance]\n",
                    encoding="utf-8")
    assert load_actors(path) == {"NATO": ("nato", "atlantic alliance")}
    with pytest.raises(ActorError, match="not found"):
        load_actors(tmp_path / "missing.yaml")
    with pytest.raises(ActorError, match="'NATO' must have a list of patterns"):
        load_actors({"NATO": "nato"})
    with pytest.raises(ActorError, match="empty pattern"):
        load_actors({"NATO": []})
    bad = tmp_path / "bad.yaml"
    bad.write_text("actors:\n  NATO: [nato\n", encoding="utf-8")
    with pytest.raises(ActorError, match=r"bad.yaml, line \d+"):
        load_actors(bad)
    with pytest.raises(TypeError):
        load_actors(42)


def test_bundled_actors_match_spelling_variants_and_not_the_pronoun_us():
    text = ("Zelenskyy met Zelensky's aides. President Zelenskiy spoke. Tell us more. "
            "The U.S. and the EU backed NATO. Putin's Kremlin replied. Ukrainian officials "
            "said so.")
    frame = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "text": [text]})
    rows = actor_sentences(frame, tone=False)
    got = rows[["actor", "n_mentions"]].values.tolist()
    assert got == [["Zelensky", 2], ["Zelensky", 1], ["NATO", 1], ["the EU", 1], ["the US", 1],
                   ["Putin", 1], ["Russia's government", 1], ["Ukraine's government", 1]]


def test_actor_context_on_the_demo_corpus(demo):
    pytest.importorskip("vaderSentiment")
    table = actor_context(demo, n_boot=50)
    assert set(table["outlet"]) <= set(demo["outlet"])
    assert (table["mentions"] >= table["n_sentences"]).all()
    assert table["tone"].between(-1, 1).all()
    evidence = actor_sentences(demo)
    texts = dict(zip(demo["doc_id"], demo["text"], strict=True))
    for row in evidence.head(50).itertuples():
        assert texts[row.doc_id][row.sentence_start:row.sentence_end] == row.sentence
        assert texts[row.doc_id][row.mention_start:row.mention_end] == row.mention


def test_plot_actor_tone_cells():
    table = pd.DataFrame({"outlet": ["A", "A", "B"], "actor": ["NATO", "the EU", "NATO"],
                          "tone": [-0.25, 0.5, np.nan], "n_sentences": [12, 3, 0]})
    ax = toolkit.plot_actor_tone(table)
    texts = [t.get_text() for t in ax.texts]
    # row A: two cells; row B: NATO has no sentences, the EU has no row at all
    assert texts == ["-0.25\nn=12", "+0.50\nn=3", "–", "–"]
    image = ax.images[0]
    assert image.get_array().shape == (2, 2)
    assert math.isclose(image.norm.vmin, -1) and math.isclose(image.norm.vmax, 1)
    hidden = toolkit.plot_actor_tone(table, min_n=5)
    assert [t.get_text() for t in hidden.texts][1] == "n=3"
    with pytest.raises(ValueError, match="more than one row"):
        toolkit.plot_actor_tone(pd.concat([table, table]))
    with pytest.raises(ValueError, match="column 'tone' not found"):
        toolkit.plot_actor_tone(table.drop(columns="tone"))


def test_evidence_says_whose_words_name_the_actor():
    corpus = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "text": [
        'Putin spoke. "Putin is a brutal liar," the senator said. It rained. The “Putin regime” '
        'fell.']})
    rows = toolkit.actor_sentences(corpus, {"Putin": ["putin"]}, tone=False)
    assert rows[["mention_start", "in_quote", "voice"]].values.tolist() == [
        [0, False, "outlet"], [14, True, "quoted"], [73, True, "scare_quote"]]
    context = toolkit.actor_context(corpus, {"Putin": ["putin"]}, by=["outlet", "voice"],
                                    tone=False)
    assert context[["voice", "mentions"]].values.tolist() == [
        ["outlet", 1], ["quoted", 1], ["scare_quote", 1]]
