"""evaluate_lexicon / evaluation_errors / vader_lexicon: hand-made gold spans, expected values by hand."""

from __future__ import annotations

import math
import sys

import pandas as pd
import pytest

import toolkit
from toolkit import evaluate_lexicon, load_lexicon
from toolkit.validation import evaluation_errors, vader_lexicon

TEXTS = {
    "d1": "The regime made a brutal, savage move.",
    "d2": "Officials met on Tuesday. It was a shameful betrayal of trust.",
    "d3": "A calm day; the regime rested.",  # no gold spans: not scored unless asked for
}
LEXICON = {
    "label": ["regime"],
    "intensifier": ["brutal", "shameful"],
    "condemnation": ["betrayal"],
}


def _corpus() -> pd.DataFrame:
    return pd.DataFrame({"doc_id": list(TEXTS), "outlet": ["A", "B", "A"],
                         "text": list(TEXTS.values())})


def _span(doc_id: str, phrase: str) -> tuple[str, int, int]:
    start = TEXTS[doc_id].index(phrase)
    return doc_id, start, start + len(phrase)


def _gold(*spans: tuple[str, int, int]) -> pd.DataFrame:
    return pd.DataFrame(spans, columns=["doc_id", "start", "end"])


# exact hit ("brutal"), miss ("savage"), and a long span two hits cover partly
GOLD = _gold(_span("d1", "brutal"), _span("d1", "savage"),
             _span("d2", "shameful betrayal of trust"))


def _rows(table: pd.DataFrame) -> dict[str, list]:
    return {row.category: [row.tp, row.fp, row.fn, row.n_hits, row.n_gold]
            for row in table.itertuples()}


def _metrics(table: pd.DataFrame) -> dict[str, tuple[float, float, float]]:
    return {row.category: (row.precision, row.recall, row.f1) for row in table.itertuples()}


def test_token_level_by_hand():
    table = evaluate_lexicon(_corpus(), LEXICON, GOLD, level="token")
    assert table.columns.tolist() == ["category", "level", "tp", "fp", "fn", "precision",
                                      "recall", "f1", "n_hits", "n_gold"]
    assert table["category"].tolist() == ["(all)", "label", "intensifier", "condemnation"]
    assert table["level"].tolist() == ["token"] * 4
    # predicted tokens: regime, brutal, shameful, betrayal
    # gold tokens: brutal, savage, shameful, betrayal, of, trust
    assert _rows(table) == {
        "(all)": [3, 1, 3, 4, 3],
        "label": [0, 1, 6, 1, 3],
        "intensifier": [2, 0, 4, 2, 3],
        "condemnation": [1, 0, 5, 1, 3],
    }
    expected = {
        "(all)": (3 / 4, 3 / 6, 6 / 10),
        "label": (0.0, 0.0, 0.0),
        "intensifier": (1.0, 2 / 6, 4 / 8),
        "condemnation": (1.0, 1 / 6, 2 / 7),
    }
    for category, values in _metrics(table).items():
        assert values == pytest.approx(expected[category])


def test_span_level_by_hand():
    table = evaluate_lexicon(_corpus(), LEXICON, GOLD, level="span")
    assert table["level"].tolist() == ["span"] * 4
    # hits: regime (no gold), brutal (exact), shameful and betrayal (inside the long span);
    # gold found: brutal, the long span; missed: savage
    assert _rows(table) == {
        "(all)": [3, 1, 1, 4, 3],
        "label": [0, 1, 3, 1, 3],
        "intensifier": [2, 0, 1, 2, 3],
        "condemnation": [1, 0, 2, 1, 3],
    }
    expected = {
        "(all)": (3 / 4, 2 / 3, 2 * (3 / 4) * (2 / 3) / (3 / 4 + 2 / 3)),
        "label": (0.0, 0.0, 0.0),
        "intensifier": (1.0, 2 / 3, 0.8),
        "condemnation": (1.0, 1 / 3, 0.5),
    }
    for category, values in _metrics(table).items():
        assert values == pytest.approx(expected[category])


def test_partial_overlap_of_a_word_and_of_a_phrase():
    corpus = pd.DataFrame({"doc_id": ["p"], "text": ["They backed a puppet regime today."]})
    start = corpus["text"][0].index("puppet")
    lexicon = {"label": ["puppet regime"]}
    # gold covers "pup" only: the whole token "puppet" is gold; the hit covers two tokens
    gold = _gold(("p", start, start + 3))
    token = evaluate_lexicon(corpus, lexicon, gold, level="token").iloc[0]
    assert [token.tp, token.fp, token.fn] == [1, 1, 0]
    assert (token.precision, token.recall) == (0.5, 1.0)
    span = evaluate_lexicon(corpus, lexicon, gold, level="span").iloc[0]
    assert [span.tp, span.fp, span.fn, span.precision, span.recall, span.f1] == [1, 0, 0, 1, 1, 1]
    # a gold span that ends where the hit starts does not overlap it
    gold = _gold(("p", start - 2, start))  # "a "
    span = evaluate_lexicon(corpus, lexicon, gold, level="span").iloc[0]
    assert [span.tp, span.fp, span.fn] == [0, 1, 1]
    token = evaluate_lexicon(corpus, lexicon, gold, level="token").iloc[0]
    assert [token.tp, token.fp, token.fn] == [0, 2, 1]


def test_documents_without_gold_are_left_out_unless_named():
    default = evaluate_lexicon(_corpus(), LEXICON, GOLD, level="span")
    without_d3 = evaluate_lexicon(_corpus().iloc[:2], LEXICON, GOLD, level="span")
    pd.testing.assert_frame_equal(default, without_d3)
    named = evaluate_lexicon(_corpus(), LEXICON, GOLD, level="span", documents=["d1", "d2", "d3"])
    assert _rows(named)["(all)"] == [3, 2, 1, 5, 3]  # "regime" in d3 is a false positive
    only_d1 = evaluate_lexicon(_corpus(), LEXICON, GOLD, level="token", documents=["d1"])
    assert _rows(only_d1)["(all)"] == [1, 1, 1, 2, 2]  # gold of d2 ignored


def test_categories_option_and_pooled_duplicates():
    table = evaluate_lexicon(_corpus(), LEXICON, GOLD, level="span", categories=["label"])
    assert table["category"].tolist() == ["(all)", "label"]
    assert _rows(table)["(all)"] == [0, 1, 3, 1, 3]
    # one word in two categories: two category hits, one pooled hit
    twice = {"a": ["brutal"], "b": ["brutal"]}
    table = evaluate_lexicon(_corpus(), twice, GOLD, level="span")
    assert _rows(table) == {"(all)": [1, 0, 2, 1, 3], "a": [1, 0, 2, 1, 3], "b": [1, 0, 2, 1, 3]}


def test_undefined_values_are_nan():
    nothing = evaluate_lexicon(_corpus(), {"none": ["zebra"]}, GOLD, level="token").iloc[0]
    assert math.isnan(nothing.precision)
    assert nothing.recall == 0.0 and nothing.f1 == 0.0
    no_gold = evaluate_lexicon(_corpus(), LEXICON, _gold(), level="span", documents=["d3"])
    first = no_gold.iloc[0]
    assert [first.tp, first.fp, first.fn, first.n_gold] == [0, 1, 0, 0]
    assert first.precision == 0.0 and math.isnan(first.recall) and first.f1 == 0.0
    empty = no_gold.set_index("category").loc["condemnation"]
    assert math.isnan(empty.precision) and math.isnan(empty.recall) and math.isnan(empty.f1)


def test_duplicate_gold_rows_count_once_and_inputs_are_unchanged():
    corpus, gold = _corpus(), pd.concat([GOLD, GOLD.iloc[[0]]], ignore_index=True)
    before_corpus, before_gold = corpus.copy(), gold.copy()
    table = evaluate_lexicon(corpus, LEXICON, gold, level="span")
    assert _rows(table)["(all)"] == [3, 1, 1, 4, 3]
    pd.testing.assert_frame_equal(corpus, before_corpus)
    pd.testing.assert_frame_equal(gold, before_gold)


def test_accepts_anything_load_lexicon_accepts():
    a = evaluate_lexicon(_corpus(), LEXICON, GOLD)
    b = evaluate_lexicon(_corpus(), load_lexicon(LEXICON), GOLD)
    pd.testing.assert_frame_equal(a, b)
    assert toolkit.evaluate_lexicon is evaluate_lexicon


def test_errors_table():
    errors = evaluation_errors(_corpus(), LEXICON, GOLD, window=2)
    assert errors.columns.tolist() == ["kind", "doc_id", "outlet", "category", "entry", "text",
                                       "start", "end", "left", "right"]
    assert errors[["kind", "doc_id", "outlet", "text", "left", "right"]].values.tolist() == [
        ["false_positive", "d1", "A", "regime", "The", "made a"],
        ["false_negative", "d1", "A", "savage", "a brutal,", "move"],
    ]
    assert errors["category"].tolist()[0] == "label" and errors["entry"].tolist()[0] == "regime"
    assert errors["category"].isna().tolist() == [False, True]
    assert errors[["start", "end"]].values.tolist() == [[4, 10], list(_span("d1", "savage")[1:])]
    # the errors agree with the span-level counts
    scores = evaluate_lexicon(_corpus(), LEXICON, GOLD, level="span").iloc[0]
    assert (errors["kind"] == "false_positive").sum() == scores.fp
    assert (errors["kind"] == "false_negative").sum() == scores.fn
    named = evaluation_errors(_corpus(), LEXICON, GOLD, documents=list(TEXTS), window=0)
    assert named[["kind", "doc_id", "text", "left"]].values.tolist()[-1] == [
        "false_positive", "d3", "regime", ""]
    perfect = evaluation_errors(_corpus(), {"x": ["brutal", "savage", "trust"]}, GOLD)
    assert perfect.empty and perfect.columns.tolist() == errors.columns.tolist()


@pytest.mark.parametrize(
    ("gold", "message"),
    [
        (pd.DataFrame({"doc_id": ["d1"], "start": [0]}), "'end'"),
        (_gold(("d1", 0, 3), ("d1", 5, 5)), "row 1"),
        (_gold(("d1", 0, 3), ("d1", 5, 5)), "start must be less than end"),
        (_gold(("d1", 30, 100)), "outside the text"),
        (_gold(("d1", -1, 3)), "row 0"),
        (_gold(("nope", 0, 3)), "not in the corpus"),
        (pd.DataFrame({"doc_id": ["d1"], "start": [0.5], "end": [3]}), "whole number"),
        (pd.DataFrame({"doc_id": ["d1"], "start": [None], "end": [3]}), "whole number"),
    ],
)
def test_bad_gold_spans(gold, message):
    with pytest.raises(ValueError, match=message):
        evaluate_lexicon(_corpus(), LEXICON, gold)


def test_bad_options():
    with pytest.raises(ValueError, match="`level` must be one of"):
        evaluate_lexicon(_corpus(), LEXICON, GOLD, level="word")
    with pytest.raises(ValueError, match="not in the corpus"):
        evaluate_lexicon(_corpus(), LEXICON, GOLD, documents=["zz"])
    with pytest.raises(ValueError, match="gold_spans is empty"):
        evaluate_lexicon(_corpus(), LEXICON, _gold())
    with pytest.raises(TypeError, match="DataFrame"):
        evaluate_lexicon(_corpus(), LEXICON, [("d1", 0, 3)])
    with pytest.raises(ValueError, match="`window`"):
        evaluation_errors(_corpus(), LEXICON, GOLD, window=-1)


# --------------------------------------------------------------------------- VADER baseline


def test_vader_lexicon_threshold():
    pytest.importorskip("vaderSentiment")
    lexicon = vader_lexicon(min_abs_valence=2.0)
    assert lexicon.categories == ("vader_negative", "vader_positive")
    table = lexicon.to_frame().set_index("entry")
    # VADER mean valences: brutal -3.1, savage -2.0, great 3.1, good 1.9, okay 0.9
    assert table.loc["brutal", "category"] == "vader_negative"
    assert table.loc["brutal", "weight"] == pytest.approx(-3.1)
    assert table.loc["savage", "category"] == "vader_negative"  # the threshold is inclusive
    assert table.loc["great", "category"] == "vader_positive"
    assert "good" not in table.index and "okay" not in table.index
    assert ":)" not in table.index  # emoticons are skipped (":)" has valence 2.0)
    assert table.index.is_unique
    assert "good" in vader_lexicon(min_abs_valence=1.5).to_frame()["entry"].tolist()
    assert len(vader_lexicon(min_abs_valence=3.0)) < len(lexicon)
    with pytest.raises(ValueError, match="min_abs_valence"):
        vader_lexicon(min_abs_valence=5)


def test_vader_lexicon_missing_package(monkeypatch):
    from toolkit import validation

    validation._vader_entries.cache_clear()
    monkeypatch.setitem(sys.modules, "vaderSentiment", None)
    try:
        with pytest.raises(ImportError, match=r"discourse-toolkit\[validate\]"):
            vader_lexicon()
    finally:
        validation._vader_entries.cache_clear()


# --------------------------------------------------------------------------- real data


def test_basil_smoke(basil):
    corpus, spans = basil
    gold = spans[spans["bias"] == "lexical"]
    documents = sorted(set(spans["doc_id"]))
    lexicon = load_lexicon("loaded_language")
    n_gold = len(gold[["doc_id", "start", "end"]].drop_duplicates())
    tables = {level: evaluate_lexicon(corpus, lexicon, gold, level=level, documents=documents)
              for level in ("token", "span")}
    for table in tables.values():
        assert len(table) == 1 + len(lexicon.categories)
        assert (table["n_gold"] == n_gold).all()
        metrics = table[["precision", "recall", "f1"]].to_numpy().ravel()
        metrics = metrics[~pd.isna(metrics)]
        assert ((metrics >= 0) & (metrics <= 1)).all()
    token = tables["token"]
    # every row sees the same gold tokens
    assert (token["tp"] + token["fn"]).nunique() == 1
    errors = evaluation_errors(corpus, lexicon, gold, documents=documents, window=3)
    all_span = tables["span"].iloc[0]
    assert (errors["kind"] == "false_negative").sum() == all_span.fn
    assert set(errors["doc_id"]) <= set(documents)


# --------------------------------------------------------------------------- inflections


def test_inflections_by_hand():
    from toolkit.validation import inflections

    words = {"slams", "slammed", "slamming", "berated", "berates", "berating", "bullied",
             "bullies", "bullying", "testily", "trials", "lashed", "lashes", "lashing"}
    assert inflections("slam", words) == ["slammed", "slamming", "slams"]  # doubled consonant
    assert inflections("berate", words) == ["berated", "berates", "berating"]  # e dropped
    assert inflections("bully", words) == ["bullied", "bullies", "bullying"]  # y -> ie
    assert inflections("testy", words) == ["testily"]
    assert inflections("lash out", words, verb_phrase=True) == [
        "lashed out", "lashes out", "lashing out"]
    assert inflections("show trial", words) == ["show trials"]  # noun phrase: plural of the head
    assert inflections("russophob*", words) == []
    assert inflections("gaffe-prone", words) == []
    # the rule over-generates for idioms (the build judges such forms out in forms_out)
    assert inflections("out of control", {"outs", "controls"}) == ["out of controls"]
    assert inflections("out of control", {"outs"}) == []  # "controls" is not a known word
    assert inflections("lash out", words) == []  # not a verb phrase: "out" is a stopword


def test_inflections_default_word_list_is_the_cmu_dictionary():
    from toolkit.validation import english_words, inflections

    assert "slammed" in english_words() and "slamed" not in english_words()
    assert inflections("slam") == ["slammed", "slamming", "slams"]


# --------------------------------------------------------------------------- suggest_entries


def _suggest_fixture():
    texts = [
        "Critics slammed the plan. The plan passed.",      # gold: "slammed"
        "Aides slam the deal. Officials slammed the door.",  # gold: "slam the deal"
        "He slammed nothing here.",                          # no gold: a false positive
    ]
    corpus = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "X", "Y"],
                           "text": texts})
    gold = pd.DataFrame({"doc_id": ["a", "b"],
                         "start": [texts[0].index("slammed"), texts[1].index("slam the")],
                         "end": [texts[0].index("slammed") + 7,
                                 texts[1].index(" deal") + 5]})
    return corpus, gold


def test_suggest_entries_by_hand():
    from toolkit.validation import SUGGESTION_COLUMNS, suggest_entries

    corpus, gold = _suggest_fixture()
    table = suggest_entries(corpus, gold, documents=["a", "b", "c"])
    assert table.columns.tolist() == list(SUGGESTION_COLUMNS)
    rows = {r.candidate: r for r in table.itertuples()}
    # "slammed": hits in a (gold), b (outside "slam the deal": "slammed the door"), c
    slammed = rows["slammed"]
    assert (slammed.hits, slammed.hits_in_gold, slammed.gold_found) == (3, 1, 1)
    assert slammed.precision == pytest.approx(1 / 3)
    assert slammed.recall == pytest.approx(1 / 2)
    assert slammed.origin == "span" and slammed.n_documents == 3
    assert slammed.examples == ["slammed"]
    # two word tokens either side, across sentence ends
    assert slammed.counter_examples == ["deal. Officials slammed the door",
                                        "He slammed nothing here"]
    # "slam": one hit, inside gold; "slam the deal" and "deal" likewise; "the" is a stopword
    assert (rows["slam"].hits, rows["slam"].hits_in_gold) == (1, 1)
    assert rows["slam the deal"].n_words == 3
    assert "the" not in rows and "slam the" not in rows  # may not end with a stopword
    # the best candidates first: F1 of "slam" = 2 * 1 * 0.5 / 1.5
    assert table["f1"].iloc[0] == pytest.approx(2 / 3)
    assert table["candidate"].iloc[0] in {"slam", "slam the deal", "deal"}
    assert not table["in_lexicon"].any()
    # inflections of span words are proposed (and scored) too
    with_zero = suggest_entries(corpus, gold, documents=["a", "b", "c"], min_hits_in_gold=0)
    inflected = with_zero.set_index("candidate")
    # "slams", "slamming" are proposed but never occur: a candidate without hits is not listed
    assert "slams" not in inflected.index and "slamming" not in inflected.index
    assert len(with_zero) >= len(table)


def test_suggest_entries_with_a_lexicon_counts_only_new_finds():
    from toolkit.validation import suggest_entries

    corpus, gold = _suggest_fixture()
    table = suggest_entries(corpus, gold, {"verbs": ["slam*"]}, documents=["a", "b", "c"])
    rows = table.set_index("candidate")
    assert rows.loc["slammed", "in_lexicon"] and rows.loc["slam", "in_lexicon"]
    assert not rows.loc["deal", "in_lexicon"]
    # the glob already finds both gold spans, so nothing is new
    assert (table["new_gold_found"] == 0).all()
    assert rows.loc["slammed", "gold_found"] == 1


def test_suggest_entries_bad_options_and_unchanged_inputs():
    from toolkit.validation import suggest_entries

    corpus, gold = _suggest_fixture()
    before = corpus.copy(deep=True), gold.copy(deep=True)
    with pytest.raises(ValueError, match="max_words"):
        suggest_entries(corpus, gold, max_words=0)
    with pytest.raises(ValueError, match="examples"):
        suggest_entries(corpus, gold, examples=-1)
    suggest_entries(corpus, gold)
    pd.testing.assert_frame_equal(corpus, before[0])
    pd.testing.assert_frame_equal(gold, before[1])


def test_suggest_entries_on_basil_train_years(basil):
    from toolkit.validation import suggest_entries

    corpus, spans = basil
    annotated = corpus[corpus["doc_id"].isin(set(spans["doc_id"]))]
    train = sorted(annotated.loc[annotated["date"].dt.year <= 2012, "doc_id"])
    gold = spans.loc[(spans["bias"] == "lexical") & spans["doc_id"].isin(train),
                     ["doc_id", "start", "end"]]
    table = suggest_entries(corpus, gold, "loaded_language", documents=train)
    assert len(table) > 100
    assert (table["hits_in_gold"] <= table["hits"]).all()
    assert (table["new_gold_found"] <= table["gold_found"]).all()
    assert table["f1"].is_monotonic_decreasing
    top = table.iloc[0]
    assert top.precision > 0 and top.examples


# --------------------------------------------------------------------------- weights and loading


def test_weighted_counts_from_yaml_and_csv_by_hand(tmp_path):
    corpus = pd.DataFrame({"doc_id": ["d1", "d2"], "outlet": ["A", "B"],
                           "text": ["A brutal, brutal and savage raid.", "A savage winter."]})
    (tmp_path / "w.yaml").write_text(
        "intensity:\n  - {term: brutal, weight: 2.5}\n  - {term: savage, weight: 0.5}\n"
        "  - sheer\n", encoding="utf-8")
    (tmp_path / "w.csv").write_text("term,category,weight\nbrutal,intensity,2.5\n"
                                    "savage,intensity,0.5\nsheer,intensity,\n", encoding="utf-8")
    for path in (tmp_path / "w.yaml", tmp_path / "w.csv"):
        table = toolkit.lexicon_counts(corpus, path, by="outlet")
        # A: brutal twice (2 x 2.5) + savage once (0.5) = 5.5; B: savage once = 0.5
        assert table["count"].tolist() == [3, 1]
        assert table["weighted"].tolist() == [5.5, 0.5]
    unweighted = toolkit.lexicon_counts(corpus, {"intensity": ["brutal", "savage"]}, by="outlet")
    assert "weighted" not in unweighted.columns


def test_bundled_lexicon_version_size_and_evidence_table():
    import csv
    from pathlib import Path

    lexicon = load_lexicon("loaded_language")
    assert lexicon.version == "1.1.0"
    assert len(lexicon.categories) == 11 and len(lexicon) == 1241
    folder = Path(toolkit.__file__).parent / "data" / "lexicons"
    sheet = (folder / "loaded_language.md").read_text(encoding="utf-8")
    assert "**1.1.0**" in sheet and "loaded_language_evidence.csv" in sheet
    with (folder / "loaded_language_evidence.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    # one row per entry, in lexicon order
    assert [(r["category"], r["entry"]) for r in rows] == [
        (e.category, e.entry) for e in lexicon.entries]
    for row in rows:
        hits, good = int(row["hits"]), int(row["hits_in_lexical_spans"])
        assert 0 <= good <= hits
        assert (row["precision"] == "") == (hits == 0)
    # rule P1: no kept entry has >= 3 BASIL hits and none annotated
    assert not any(int(r["hits"]) >= 3 and int(r["hits_in_lexical_spans"]) == 0 for r in rows)
    # hand-checked entries from each source
    entries = {(e.category, e.entry) for e in lexicon.entries}
    assert ("dramatising_verb", "slammed") in entries  # inflection of "slam"
    assert ("dramatising_verb", "slamming") in entries
    assert ("phobia_accusation", "anglophob*") in entries  # pattern
    assert ("glorifying", "heroic") in entries  # judged VADER word
    assert ("pejorative_label", "terrorist") not in entries  # dropped by P1
    assert not any(e.entry == "blast" for e in lexicon.entries)  # judged out (literal sense)


def test_bundled_lexicon_matches_new_categories_by_hand():
    text = ("Critics slammed the so-called reform; the senator complained, and aides "
            "lashed out at a heroic rescue. The blast hit a depot.")
    corpus = pd.DataFrame({"doc_id": ["d"], "text": [text]})
    hits = toolkit.lexicon_hits(corpus, "loaded_language")
    assert list(zip(hits["category"], hits["match"], strict=True)) == [
        ("dramatising_verb", "slammed"),
        ("delegitimising_qualifier", "so-called"),
        ("loaded_speech_verb", "complained"),
        ("dramatising_verb", "lashed out"),
        ("glorifying", "heroic"),
    ]


def test_bundled_lexicon_meets_the_measured_basil_figures(basil):
    corpus, spans = basil
    gold = spans[spans["bias"] == "lexical"]
    documents = sorted(set(spans["doc_id"]))
    row = evaluate_lexicon(corpus, "loaded_language", gold, level="token",
                           documents=documents).iloc[0]
    # figures in the datasheet (2026-11-25, 300 articles): precision 0.345, recall 0.267, F1 0.301
    assert (row.tp, row.fp, row.fn) == (121, 230, 333)
    assert row.precision >= 0.30 and row.f1 >= 0.20


def test_bundled_lexicon_is_what_the_build_script_makes():
    """benchmarks/build_lexicon.py regenerates the committed YAML (with or without BASIL)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "build_lexicon.py"
    spec = importlib.util.spec_from_file_location("build_lexicon", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--check", "--data", str(path.parent / "no-such-folder")]) == 0

