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
