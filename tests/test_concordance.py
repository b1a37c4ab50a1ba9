"""KWIC: hand-checked offsets and contexts, case, globs, regex, empty results, notebook display."""

from __future__ import annotations

import pandas as pd
import pytest

import toolkit
from toolkit.concordance import KwicTable

COLUMNS = ["doc_id", "outlet", "date", "left", "match", "right", "start", "end", "in_quote",
           "voice"]
# offsets: Kiev 12-16, Kiev 22-26, regime 27-33, Kiev’s 45-51, KIEV 59-63
TEXT = "Protests in Kiev. The Kiev\nregime fell, said Kiev’s mayor. KIEV!"


@pytest.fixture
def one_doc() -> pd.DataFrame:
    return pd.DataFrame(
        {"doc_id": ["d1"], "outlet": ["A"], "date": ["2022-03-01"], "text": [TEXT]}
    )


def _records(table: pd.DataFrame) -> list[tuple]:
    return list(table[["left", "match", "right", "start", "end"]].itertuples(index=False,
                                                                           name=None))


def test_word_with_offsets_and_context(one_doc):
    table = toolkit.kwic(one_doc, "kiev", window=2)
    assert table.columns.tolist() == COLUMNS
    assert _records(table) == [
        ("Protests in", "Kiev", ". The Kiev", 12, 16),
        ("Kiev. The", "Kiev", "regime fell", 22, 26),  # the line break shows as a space
        ("fell, said", "Kiev’s", "mayor. KIEV", 45, 51),  # possessive, curly apostrophe
        ("Kiev’s mayor.", "KIEV", "", 59, 63),  # nothing to the right
    ]
    for start, end, match in zip(table["start"], table["end"], table["match"], strict=True):
        assert TEXT[start:end] == match
    assert table["doc_id"].tolist() == ["d1"] * 4
    assert table["date"].iloc[0] == pd.Timestamp("2022-03-01")


def test_phrase_across_line_break(one_doc):
    table = toolkit.kwic(one_doc, "kiev regime", window=2)
    assert _records(table) == [("Kiev. The", "Kiev regime", "fell, said", 22, 33)]
    assert TEXT[22:33] == "Kiev\nregime"


def test_case_sensitive(one_doc):
    assert toolkit.kwic(one_doc, "Kiev", case=True)["start"].tolist() == [12, 22, 45]
    assert toolkit.kwic(one_doc, "KIEV", case=True)["start"].tolist() == [59]
    assert toolkit.kwic(one_doc, "kiev", case=True).empty
    assert toolkit.kwic(one_doc, "Ki*", case=True)["start"].tolist() == [12, 22, 45]


def test_glob(one_doc, demo):
    assert toolkit.kwic(one_doc, "kie?")["start"].tolist() == [12, 22, 59]  # not Kiev’s
    hits = toolkit.kwic(demo, "russophob*")
    assert set(hits["match"].str.lower()) == {"russophobia", "russophobic"}
    assert (hits["outlet"] == "Sovereign Voice").sum() == 9


def test_regex(one_doc):
    table = toolkit.kwic(one_doc, r"Kiev\b", regex=True, case=True, window=2)
    assert _records(table)[-1] == ("fell, said", "Kiev", "’s mayor", 45, 49)
    assert len(toolkit.kwic(one_doc, r"kiev\b", regex=True)) == 4  # case-insensitive
    # a match inside a word keeps the rest of that word in its context
    assert _records(toolkit.kwic(one_doc, r"ev.s", regex=True, window=2)) == [
        ("said Ki", "ev’s", "mayor. KIEV", 47, 51)
    ]


def test_window_zero(one_doc):
    table = toolkit.kwic(one_doc, "regime", window=0)
    assert _records(table) == [("", "regime", "", 27, 33)]


def test_no_match_gives_empty_table(one_doc, demo):
    for table in (toolkit.kwic(one_doc, "zeppelin"), toolkit.kwic(demo, "zep+elin", regex=True)):
        assert table.empty
        assert table.columns.tolist() == COLUMNS
        assert isinstance(table, KwicTable)


def test_errors(one_doc):
    with pytest.raises(ValueError, match="`pattern` must be a non-empty string"):
        toolkit.kwic(one_doc, "  ")
    with pytest.raises(ValueError, match="cannot search for '\\*'"):
        toolkit.kwic(one_doc, "*")
    with pytest.raises(ValueError, match="invalid regular expression"):
        toolkit.kwic(one_doc, "(kiev", regex=True)
    with pytest.raises(ValueError, match="`window`"):
        toolkit.kwic(one_doc, "kiev", window=-1)


def test_input_unchanged(one_doc):
    before = one_doc.copy(deep=True)
    toolkit.kwic(one_doc, "kiev")
    pd.testing.assert_frame_equal(one_doc, before)


def test_notebook_display_centres_the_keyword(demo):
    pytest.importorskip("jinja2")
    table = toolkit.kwic(demo, "special military operation", window=5)
    subset = table[table.outlet == "Sovereign Voice"]
    assert isinstance(subset, KwicTable)  # stays a KwicTable
    html = subset._repr_html_()
    # left is column 3, match column 4, right column 5
    assert "td.col3 {\n  text-align: right;" in html
    assert "td.col4 {\n  text-align: center;" in html
    assert "td.col5 {\n  text-align: left;" in html
    assert "special military operation" in html
    assert "2022-03-14" in html and "00:00:00" not in html
    # a plain DataFrame is one call away
    assert type(pd.DataFrame(table)) is pd.DataFrame


def test_demo_offsets_trace_back(demo):
    table = toolkit.kwic(demo, "special military operation")
    texts = demo.set_index("doc_id")["text"]
    for doc_id, start, end, match in table[["doc_id", "start", "end", "match"]].itertuples(
        index=False
    ):
        assert " ".join(texts[doc_id][start:end].split()) == match
    counts = table["outlet"].value_counts()
    assert counts["Sovereign Voice"] == 13
    assert "The Daily Blaze" not in counts.index
