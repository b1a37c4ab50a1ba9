"""Repeated calls: content keys found again without rehashing, remembered validation findings,
per-grouping results kept in the scan -- and every edit of a corpus still seen."""

from __future__ import annotations

import hashlib
import warnings
from importlib import import_module
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import toolkit
from toolkit.corpus import CorpusWarning
from toolkit.scan import RECENT_VIEWS, _arrow_key, _content_key, text_key

SCAN_MODULE = import_module("toolkit.scan")  # toolkit.scan is the function
ALLSIDES = Path(__file__).resolve().parents[2] / "shared" / "data" / "allsides"
# pandas 3 stores str columns in pyarrow by default (and validate_corpus keeps that array)
DEFAULT_ARROW = isinstance(pd.Series(["a"]).array, pd.arrays.ArrowExtensionArray)


@pytest.fixture(autouse=True)
def empty_cache():
    toolkit.clear_cache()
    yield
    toolkit.clear_cache()


def arrow_corpus(texts: list[str | None], outlets: list[str] | None = None) -> pd.DataFrame:
    table = pd.DataFrame({
        "doc_id": [f"d{i}" for i in range(len(texts))],
        "outlet": outlets or ["x"] * len(texts),
        "text": pd.Series(texts, dtype="str" if DEFAULT_ARROW else pd.ArrowDtype(pa.string())),
    })
    assert isinstance(table["text"].array, pd.arrays.ArrowExtensionArray)
    return table


def key_of_list(texts: list[str | None]) -> str:
    return _content_key(["" if t is None else t for t in texts])


# --------------------------------------------------------------------------- content keys


def test_content_key_by_hand():
    # the texts' UTF-8 one after another, then their byte lengths and their number (int64 LE)
    expected = hashlib.sha256(b"abc\xc3\xa9" + (2).to_bytes(8, "little")
                              + (3).to_bytes(8, "little") + (2).to_bytes(8, "little"))
    assert _content_key(["ab", "cé"]) == expected.hexdigest()
    # the lengths keep apart lists whose texts join to the same bytes
    assert _content_key(["ab", "c"]) != _content_key(["a", "bc"])
    assert _content_key([]) != _content_key([""])


@pytest.mark.parametrize("texts", [
    ["The cat", "", "naïve café 😀", "x"],
    ["only one"],
    ["", ""],
    [],
    ["a", None, "b", None],
])
def test_arrow_key_equals_the_key_of_the_strings(texts):
    for kind in (pa.string(), pa.large_string()):
        column = pd.Series(pd.array(texts, dtype=pd.ArrowDtype(kind)))
        assert text_key(column) == key_of_list(texts)
    if texts:
        assert text_key(pd.Series(texts, dtype=object)) == key_of_list(texts)


def test_arrow_key_of_sliced_and_chunked_arrays():
    whole = pa.array(["skipped", "The cat", None, "", "naïve", "last one", "skipped too"])
    chunks = pa.chunked_array([whole.slice(1, 3), whole.slice(4, 2)])  # offsets not at 0
    assert _arrow_key(chunks) == _content_key(["The cat", "", "", "naïve", "last one"])
    assert _arrow_key(pa.chunked_array([], type=pa.string())) == _content_key([])


def test_a_repeated_call_neither_hashes_nor_makes_strings(monkeypatch):
    corpus = arrow_corpus(["The cat sat.", "A dog."])
    first = toolkit.scan(corpus)
    calls = []
    monkeypatch.setattr(SCAN_MODULE, "_arrow_key", lambda chunked: calls.append(1))

    def no_texts(corpus):
        raise AssertionError("the texts were converted although the scan is cached")

    monkeypatch.setattr(SCAN_MODULE, "_texts", no_texts)
    assert toolkit.scan(corpus) is first
    assert toolkit.scan(corpus.copy()) is first  # a copy shares the (immutable) array
    if DEFAULT_ARROW:  # validate_corpus keeps a str column's array (other dtypes are cast)
        assert toolkit.scan(toolkit.validate_corpus(corpus)) is first
    assert calls == []


def edits():
    """Ways to change a corpus's texts in place, each with the texts it leaves."""
    def loc(df):
        df.loc[1, "text"] = "A cat."

    def at(df):
        df.at[1, "text"] = "A cat."

    def iloc(df):
        df.iloc[1, df.columns.get_loc("text")] = "A cat."

    def assign_column(df):
        df["text"] = ["The cat sat.", "A cat."]

    def str_method(df):
        df["text"] = df["text"].str.replace("dog", "cat")

    def through_series(df):
        column = df["text"]  # pandas without copy-on-write changes df too, with it only this
        column.iloc[1] = "A cat."

    def replace_values(df):
        df.replace({"text": {"A dog.": "A cat."}}, inplace=True)  # noqa: PD002 -- the edit tested

    def mask(df):
        df["text"] = df["text"].mask(df["doc_id"] == "d1", "A cat.")

    return [loc, at, iloc, assign_column, str_method, through_series, replace_values, mask]


@pytest.mark.parametrize("edit", edits(), ids=lambda f: f.__name__)
def test_every_edit_of_the_texts_is_seen(edit):
    corpus = arrow_corpus(["The cat sat.", "A dog."])
    before = toolkit.term_frequency(corpus, by=None)
    assert dict(zip(before["term"], before["count"], strict=True))["dog"] == 1
    edit(corpus)
    texts = corpus["text"].tolist()
    # whatever the edit left in the corpus is what is scanned and counted
    assert toolkit.scan(corpus).key == key_of_list(texts)
    after = toolkit.term_frequency(corpus, by=None)
    expected = {"cat": 1 + texts[1].count("cat"), "dog": texts[1].count("dog")}
    counts = dict(zip(after["term"], after["count"], strict=True))
    assert {t: counts.get(t, 0) for t in expected} == expected


def test_arrow_keys_hold_no_array_alive():
    import gc
    import weakref

    corpus = arrow_corpus(["The cat sat.", "A dog."])
    toolkit.scan(corpus)
    array = corpus["text"].array.__arrow_array__()
    ref = weakref.ref(array)
    del corpus, array
    gc.collect()
    assert ref() is None
    assert not SCAN_MODULE._KEYS.keys  # its entry went with it


# --------------------------------------------------------------------------- validation


def test_validation_warns_on_every_call():
    corpus = arrow_corpus(["The cat sat.", "   ", "这是中文的文本，没有空格", "A dog."])
    for _ in range(2):  # the second call reads the remembered findings
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            toolkit.validate_corpus(corpus, where="file.jsonl")
        messages = [str(w.message) for w in caught if issubclass(w.category, CorpusWarning)]
        assert len(messages) == 2
        assert messages[0].startswith("1 of 4 documents have empty text (rows 1) in file.jsonl")
        assert messages[1].startswith("1 of 4 documents are written in a script without spaces "
                                      "between words (Han; rows 2) in file.jsonl")
    corpus.loc[1, "text"] = "Not empty now."
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        toolkit.validate_corpus(corpus)
    messages = [str(w.message) for w in caught if issubclass(w.category, CorpusWarning)]
    assert len(messages) == 1 and "(Han; rows 2)" in messages[0]


UNSEGMENTED_TEXTS = [
    "Plain English.",
    "“Curly quotes” and a euro sign €5",
    "The name 李 appears once in this rather long English text about other things",
    "ภาษาไทยไม่มีช่องว่าง",
    "Łódź и Київ",
    "日本語のテキストです。カタカナも。",
    "",
    "Mixed: 北京 is the capital",
]


def test_unsegmented_findings_are_the_same_for_arrow_and_object_columns():
    from toolkit.corpus import _find_in_texts

    arrow = _find_in_texts(pd.Series(pd.array(UNSEGMENTED_TEXTS,
                                              dtype=pd.ArrowDtype(pa.string()))))
    python = _find_in_texts(pd.Series(UNSEGMENTED_TEXTS, dtype=object))
    # by hand: Thai (row 3), Japanese (row 5: Han and kana), Chinese words in row 7
    assert arrow[1].tolist() == python[1].tolist() == [3, 5, 7]
    assert arrow[2] == python[2] == ["Han", "Japanese kana", "Thai"]
    assert arrow[0].tolist() == python[0].tolist() == [6]


def every_code_point() -> list[str]:
    return [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]


def test_arrow_blank_check_is_python_strip_for_every_code_point():
    from toolkit.corpus import _find_in_texts

    singles = every_code_point()
    texts = [*singles, *(f"{c}{c}" for c in singles), "", " a ", "\u3000\u2028", "x"]
    arrow = _find_in_texts(pd.Series(pd.array(texts, dtype=pd.ArrowDtype(pa.string()))))[0]
    expected = np.flatnonzero([not t.strip() for t in texts])
    assert arrow.tolist() == expected.tolist()
    assert len(expected) > 20  # the whitespace code points, alone and doubled, and ""


def test_byte_prefilter_keeps_every_unsegmented_code_point():
    from toolkit.corpus import _maybe_unsegmented
    from toolkit.tokens import _ANY_UNSEGMENTED_RE

    singles = every_code_point()
    texts = ["plain", *(f"x {c} y" for c in singles)]
    for chunked in (pa.chunked_array([pa.array(texts)]),
                    pa.chunked_array([pa.array(texts[:5000], type=pa.large_string()),
                                      pa.array(texts[5000:], type=pa.large_string())])):
        kept = set(_maybe_unsegmented(chunked).tolist())
        needed = {row for row, text in enumerate(texts) if _ANY_UNSEGMENTED_RE.search(text)}
        assert len(needed) > 90_000 and needed <= kept
        assert 0 not in kept and 1 + ord("“") not in kept  # ASCII, curly quotes: not asked


# --------------------------------------------------------------------------- kept results


def test_term_frequency_by_hand_and_again():
    corpus = arrow_corpus(["The cat sat. The cat!", "A dog.", "Cat dog cat"], ["x", "x", "y"])
    # x: the 2, cat 2 (rank 1, tied), then a, dog, sat once each (rank 3); y: cat 2, dog 1
    expected = [("x", "cat", 2, 1), ("x", "the", 2, 1), ("x", "a", 1, 3), ("x", "dog", 1, 3),
                ("x", "sat", 1, 3), ("y", "cat", 2, 1), ("y", "dog", 1, 2)]
    for _ in range(2):
        table = toolkit.term_frequency(corpus)
        assert list(zip(table["outlet"], table["term"], table["count"], table["rank"],
                        strict=True)) == expected
        assert table["n_words"].tolist() == [7] * 5 + [3] * 2
        table.loc[0, "count"] = 999  # the caller's table is theirs: the next call is unchanged
    # a changed grouping column (same texts) gives other groups
    corpus.loc[1, "outlet"] = "y"
    table = toolkit.term_frequency(corpus, by="outlet")
    assert list(zip(table["outlet"], table["term"], table["count"], strict=True)) == [
        ("x", "cat", 2), ("x", "the", 2), ("x", "sat", 1),
        ("y", "cat", 2), ("y", "dog", 2), ("y", "a", 1)]


def test_kept_groupings_are_bounded():
    corpus = arrow_corpus(["a b", "b c", "c d", "d e"], ["p", "q", "r", "s"])
    found = toolkit.scan(corpus)
    for i in range(RECENT_VIEWS + 3):
        corpus["outlet"] = [f"{i}-{j % 2}" if j else "solo" for j in range(4)]
        toolkit.term_frequency(corpus)
    assert len(found._recent) <= RECENT_VIEWS


def test_kept_groupings_are_bounded_in_bytes(monkeypatch):
    corpus = arrow_corpus(["a b c", "b c d"], ["p", "q"])
    found = toolkit.scan(corpus)
    monkeypatch.setattr(SCAN_MODULE, "RECENT_BYTES", 0)  # nothing fits: nothing is kept
    first = toolkit.term_frequency(corpus)
    assert not found._recent
    pd.testing.assert_frame_equal(toolkit.term_frequency(corpus), first)


def reference_table(corpus: pd.DataFrame, by: list[str], **options) -> pd.DataFrame:
    """term_frequency's table made the way it was before (pandas rank and sort)."""
    from toolkit._grouping import group_codes, group_keys
    from toolkit.frequency import FREQUENCY_COLUMNS, _count_terms

    corpus = toolkit.validate_corpus(corpus)
    dtm = _count_terms(corpus, ngram=options.get("ngram", 1),
                       stopwords=options.get("stopwords"), progress=False)
    codes, groups = group_codes(group_keys(corpus, by))
    counts, docfreq, words, counted = dtm._aggregate(codes, len(groups))
    row_of = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
    table = groups.iloc[row_of].reset_index(drop=True)
    table["term"] = dtm.terms[counts.indices]
    table["count"] = counts.data.astype(np.int64)
    table["docfreq"] = docfreq.data.astype(np.int64)
    table["n_words"] = words[row_of].astype(np.int64)
    table["n_counted"] = counted[row_of].astype(np.int64)
    table["per_10k"] = table["count"] / table["n_words"] * 10_000
    table["_group"] = row_of
    table["rank"] = table.groupby("_group")["count"].rank(method="min",
                                                          ascending=False).astype(np.int64)
    table = table.sort_values(["_group", "rank", "term"], kind="stable")
    return table.drop(columns="_group").reset_index(drop=True)[[*by, *FREQUENCY_COLUMNS]]


@pytest.mark.parametrize("by, options", [
    (["outlet"], {}),
    ([], {"stopwords": "english"}),
    (["outlet", "year"], {"ngram": 2}),
])
def test_term_frequency_order_and_rank_equal_pandas(demo, by, options):
    expected = reference_table(demo, by, **options)
    for _ in range(2):
        table = toolkit.term_frequency(demo, by=by or None, **options)
        pd.testing.assert_frame_equal(table, expected)


def test_term_frequency_on_allsides_equals_pandas():
    path = ALLSIDES / "articles.jsonl.gz"
    if not path.exists():
        pytest.skip("../shared/data/allsides is not present")
    corpus = pd.read_json(path, lines=True, dtype=False, nrows=1500)
    corpus = corpus.assign(doc_id=[f"a{i}" for i in range(len(corpus))])[
        ["doc_id", "outlet", "text"]]
    expected = reference_table(corpus, ["outlet"])
    pd.testing.assert_frame_equal(toolkit.term_frequency(corpus), expected)
    pd.testing.assert_frame_equal(toolkit.term_frequency(corpus), expected)


def test_keyness_again_is_the_same_and_follows_the_target(demo):
    target = demo["outlet"].value_counts().index[0]
    other = demo["outlet"].value_counts().index[1]
    first = toolkit.keyness(demo, by="outlet", target=target)
    again = toolkit.keyness(demo, by="outlet", target=target)
    pd.testing.assert_frame_equal(first, again)
    assert first.attrs == again.attrs
    swapped = toolkit.keyness(demo, by="outlet", target=other)
    assert swapped.attrs["n_docs_target"] == int((demo["outlet"] == other).sum())
    toolkit.clear_cache()
    pd.testing.assert_frame_equal(toolkit.keyness(demo, by="outlet", target=other), swapped)


def test_collocations_follow_a_changed_grouping(demo):
    corpus = demo.copy()
    first = toolkit.collocations(corpus, node="ukraine", by="outlet")
    pd.testing.assert_frame_equal(toolkit.collocations(corpus, node="ukraine", by="outlet"),
                                  first)
    # the same texts, other groups: the kept per-group counts must not be reused
    # (as many groups as before, so only the documents' codes tell the groupings apart)
    corpus["outlet"] = corpus["outlet"].to_numpy()[::-1]
    regrouped = toolkit.collocations(corpus, node="ukraine", by="outlet")
    assert not regrouped.equals(first)
    toolkit.clear_cache()
    pd.testing.assert_frame_equal(toolkit.collocations(corpus, node="ukraine", by="outlet"),
                                  regrouped)
