"""toolkit.analyze: one kernel, the same numbers as the single-purpose functions, crash-safe."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

import toolkit

TABLES = ("documents", "lexicon_counts", "term_frequency")


def _sorted(table: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return table.sort_values(keys, kind="stable").reset_index(drop=True)


def assert_same_result(left, right) -> None:
    for name in TABLES:
        assert_frame_equal(getattr(left, name)(), getattr(right, name)(), obj=name)


@pytest.fixture(scope="module")
def in_memory(demo):
    return toolkit.analyze(demo, chunk_size=7)


# --------------------------------------------------------------------------- equality


def test_documents_equal_readability(demo, in_memory):
    documents = in_memory.documents()
    assert documents.columns[:4].tolist() == ["doc_id", "outlet", "date", "n_word_tokens"]
    assert_frame_equal(documents.drop(columns="n_word_tokens"), toolkit.readability(demo))


def test_lexicon_counts_equal_lexicon_counts_by_document(demo, in_memory):
    expected = toolkit.lexicon_counts(demo, "loaded_language", by="doc_id", voice="all")
    keys = ["doc_id", "category"]
    assert_frame_equal(_sorted(in_memory.lexicon_counts(), keys), _sorted(expected, keys))
    # corpus order, categories in lexicon order
    assert in_memory.lexicon_counts()["doc_id"].unique().tolist() == demo["doc_id"].tolist()


def test_term_frequency_equals_term_frequency(demo, in_memory):
    assert_frame_equal(in_memory.term_frequency(), toolkit.term_frequency(demo, by="outlet"))


def test_n_words_agree_across_tables(in_memory):
    documents = in_memory.documents()
    per_doc = in_memory.lexicon_counts().groupby("doc_id", sort=False)["n_words"].first()
    assert per_doc.tolist() == documents["n_word_tokens"].tolist()
    frequency = in_memory.term_frequency()
    assert frequency.groupby("outlet")["count"].sum().sum() == documents["n_word_tokens"].sum()


@pytest.mark.parametrize("by", [None, "doc_id", ["outlet", "year"]])
def test_other_groupings(demo, by):
    result = toolkit.analyze(demo, by=by, measures=["smog_index"], chunk_size=9)
    assert_frame_equal(result.term_frequency(), toolkit.term_frequency(demo, by=by))


def test_stopwords_measures_undefined_and_other_lexicon(demo):
    result = toolkit.analyze(demo, lexicon="stance", measures=["lix", "smog_index"],
                             stopwords="english", undefined="textstat", chunk_size=20)
    assert_frame_equal(
        result.term_frequency(),
        toolkit.term_frequency(demo, by="outlet", stopwords="english"),
    )
    assert_frame_equal(
        result.documents().drop(columns="n_word_tokens"),
        toolkit.readability(demo, measures=["lix", "smog_index"], undefined="textstat"),
    )
    keys = ["doc_id", "category"]
    assert_frame_equal(_sorted(result.lexicon_counts(), keys),
                       _sorted(toolkit.lexicon_counts(demo, "stance", voice="all"), keys))


def test_weighted_lexicon_has_weighted_column(tiny_corpus):
    lexicon = toolkit.load_lexicon(pd.DataFrame({"term": ["regime", "war"],
                                                 "category": ["bad", "bad"],
                                                 "weight": [2.0, None]}))
    result = toolkit.analyze(tiny_corpus, lexicon=lexicon, chunk_size=2)
    expected = toolkit.lexicon_counts(tiny_corpus, lexicon, by="doc_id", voice="all")
    assert_frame_equal(result.lexicon_counts(), expected)
    # by hand: a1 "regime" (2.0) + "war" (1.0); a2 the same; b1 "war"
    assert result.lexicon_counts()["weighted"].tolist() == [3.0, 3.0, 1.0]


def test_by_hand(tiny_corpus):
    result = toolkit.analyze(tiny_corpus, lexicon={"label": ["kiev regime", "regime"]},
                             measures="lix", by=None)
    assert result.documents()["n_word_tokens"].tolist() == [8, 9, 4]
    counts = result.lexicon_counts()
    assert counts["count"].tolist() == [1, 1, 0]  # "Kiev regime" once, "regime" once, none
    frequency = result.term_frequency().set_index("term")
    assert frequency.loc["kyiv", "count"] == 3 and frequency.loc["kyiv", "docfreq"] == 2
    assert frequency.loc["the", "count"] == 5 and frequency.loc["the", "rank"] == 1
    assert (frequency["n_words"] == 21).all()


def test_caller_frame_unchanged(tiny_corpus):
    before = tiny_corpus.copy()
    toolkit.analyze(tiny_corpus)
    assert_frame_equal(tiny_corpus, before)


# --------------------------------------------------------------------------- streaming


def test_streamed_parquet_jsonl_and_folder_equal_in_memory(demo, in_memory, tmp_path):
    parquet = tmp_path / "corpus.parquet"
    demo.to_parquet(parquet, row_group_size=10)
    from_parquet = toolkit.analyze(parquet, out=tmp_path / "a", chunk_size=7)
    assert_same_result(from_parquet, in_memory)

    from_jsonl = toolkit.analyze(toolkit.demo_corpus_path(), out=tmp_path / "b", chunk_size=7)
    assert_same_result(from_jsonl, in_memory)

    folder = tmp_path / "parts"
    (folder / "sub").mkdir(parents=True)
    demo.iloc[:30].to_parquet(folder / "a.parquet")
    demo.iloc[30:].to_parquet(folder / "sub" / "b.parquet")
    from_folder = toolkit.analyze(folder, out=tmp_path / "c", chunk_size=7)
    assert_same_result(from_folder, in_memory)

    manifest = json.loads((tmp_path / "c" / "manifest.json").read_text())
    assert manifest["status"] == "complete" and manifest["n_docs"] == len(demo)
    assert sorted(p.name for p in (tmp_path / "c").iterdir()) == [
        "documents.parquet", "lexicon_counts.parquet", "manifest.json",
        "term_frequency.parquet"]


def test_dataframe_to_folder_and_column_names(demo, in_memory, tmp_path):
    renamed = demo.rename(columns={"text": "body", "doc_id": "id"})
    result = toolkit.analyze(renamed, out=tmp_path / "o", text_col="body", id_col="id",
                             chunk_size=50)
    assert_same_result(result, in_memory)
    assert result.paths["documents"] == tmp_path / "o" / "documents.parquet"
    assert result.documents(columns=["doc_id"]).shape == (len(demo), 1)


class _Crash(RuntimeError):
    pass


def _crash_after(monkeypatch, n_calls: int) -> list[int]:
    import toolkit.analysis as analysis

    real = analysis._analyze_chunk
    calls: list[int] = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) > n_calls:
            raise _Crash("killed")
        return real(*args, **kwargs)

    monkeypatch.setattr(analysis, "_analyze_chunk", flaky)
    return calls


def test_interrupted_run_never_looks_complete_and_resumes(demo, in_memory, tmp_path,
                                                          monkeypatch):
    out = tmp_path / "out"
    calls = _crash_after(monkeypatch, 2)
    with pytest.raises(_Crash):
        toolkit.analyze(demo, out=out, chunk_size=7)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "running"
    assert not any((out / f"{name}.parquet").exists() for name in TABLES)
    assert len(list((out / ".parts").glob("*.json"))) == 2  # two finished parts

    monkeypatch.undo()
    calls = _crash_after(monkeypatch, 10**6)
    result = toolkit.analyze(demo, out=out, chunk_size=7)
    assert len(calls) == 10 - 2  # 64 documents in chunks of 7: 10 parts, 2 already done
    assert_same_result(result, in_memory)
    assert json.loads((out / "manifest.json").read_text())["status"] == "complete"
    assert not (out / ".parts").exists()

    # finished: running again does no work and gives the same result
    calls.clear()
    again = toolkit.analyze(demo, out=out, chunk_size=7)
    assert calls == []
    assert_same_result(again, in_memory)


def test_crash_while_assembling_is_not_complete(demo, tmp_path, monkeypatch):
    import toolkit.analysis as analysis

    def broken(*args, **kwargs):
        raise _Crash("disk full")

    out = tmp_path / "out"
    monkeypatch.setattr(analysis, "_finish_terms", broken)
    with pytest.raises(_Crash):
        toolkit.analyze(demo.iloc[:20], out=out, chunk_size=7)
    assert json.loads((out / "manifest.json").read_text())["status"] == "running"
    assert not (out / "term_frequency.parquet").exists()


def test_resume_with_other_parameters_is_an_error(demo, tmp_path):
    out = tmp_path / "out"
    toolkit.analyze(demo.iloc[:10], out=out, measures="lix")
    with pytest.raises(ValueError, match="measures.*resume=False"):
        toolkit.analyze(demo.iloc[:10], out=out, measures="rix")
    with pytest.raises(ValueError, match="source"):
        toolkit.analyze(demo.iloc[:11], out=out, measures="lix")
    result = toolkit.analyze(demo.iloc[:10], out=out, measures="rix", resume=False)
    assert "rix" in result.documents().columns and "lix" not in result.documents().columns


def test_refuses_a_folder_it_did_not_write(demo, tmp_path):
    (tmp_path / "mine.txt").write_text("keep me")
    with pytest.raises(FileExistsError, match="not empty"):
        toolkit.analyze(demo.iloc[:5], out=tmp_path)
    assert (tmp_path / "mine.txt").read_text() == "keep me"


def test_doc_id_repeated_across_chunks_is_named(demo, tmp_path):
    first, second = demo.iloc[:10], demo.iloc[8:20]  # rows 8 and 9 twice
    pd.concat([first, second]).to_parquet(tmp_path / "c.parquet", row_group_size=10)
    with pytest.raises(toolkit.CorpusError, match=demo["doc_id"].iloc[8]):
        toolkit.analyze(tmp_path / "c.parquet", out=tmp_path / "o", chunk_size=10)


def test_bad_line_is_named(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"doc_id": "a", "text": "One."}\n{"doc_id": "b", "text": \n')
    with pytest.raises(toolkit.CorpusError, match=r"c\.jsonl, line 2"):
        toolkit.analyze(path, out=tmp_path / "o")


def test_option_errors(demo, tmp_path):
    with pytest.raises(ValueError, match="chunk_size"):
        toolkit.analyze(demo, chunk_size=0)
    with pytest.raises(ValueError, match="out"):
        toolkit.analyze(toolkit.demo_corpus_path())
    (tmp_path / "x.csv").write_text("doc_id,text\n")
    with pytest.raises(toolkit.CorpusError, match="cannot stream"):
        toolkit.analyze(tmp_path / "x.csv", out=tmp_path / "o")
    with pytest.raises(ValueError, match="measures"):
        toolkit.analyze(demo, measures="g3")
    with pytest.raises(ValueError, match="cannot group by"):
        toolkit.analyze(demo, by="section")


def test_empty_corpus():
    empty = pd.DataFrame({"doc_id": pd.Series([], dtype=str), "text": pd.Series([], dtype=str)})
    result = toolkit.analyze(empty)
    assert len(result.documents()) == 0 and len(result.term_frequency()) == 0
    assert result.term_frequency().columns.tolist()[-7:] == [
        "term", "count", "docfreq", "n_words", "n_counted", "per_10k", "rank"]


# --------------------------------------------------------------------------- the shared tokens

_PIECES = st.sampled_from([*"aAzZ09_.,:/-'’‐ \n\t\"“@İéж²", "U.S.", "e.g.", "26,000", "3:15",
                           "www.", "WWW.", "https://x.org", "a@b.co", "don't", "so-called"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_kernel_tokens_equal_the_tokenizer_rules(text):
    import re

    from toolkit import tokens

    found, spans = tokens._tokens_and_spans(text)
    assert found == toolkit.tokenize(text)
    assert spans == toolkit.token_spans(text)
    assert [text[s:e].lower().replace("’", "'").replace("‐", "-") for _, s, e in spans] == [
        t for t, _, _ in spans] or "İ" in text
    # the factored pattern is the documented rules, alternative for alternative
    rules = re.compile("|".join([tokens._ABBREVIATION, tokens._NUMBER, tokens._WORD]))
    assert tokens._PLAIN_TOKEN_RE.findall(text) == rules.findall(text)


def test_a_document_without_terms_does_not_break_the_merge(demo):
    corpus = demo.copy()
    corpus.loc[3, "text"] = "..."  # no word tokens
    result = toolkit.analyze(corpus, by="doc_id", chunk_size=10).term_frequency()
    expected = toolkit.term_frequency(corpus, by="doc_id")
    assert_frame_equal(result.reset_index(drop=True), expected.reset_index(drop=True),
                       check_dtype=False)
    assert corpus.loc[3, "doc_id"] not in set(result["doc_id"])


def test_an_outlet_whose_texts_are_all_empty(tiny_corpus):
    corpus = tiny_corpus.assign(text=["The regime fell.", "", ""])
    with pytest.warns(toolkit.CorpusWarning, match="2 of 3 documents have empty text"):
        table = toolkit.analyze(corpus, by="outlet").term_frequency()
    # Beta has no terms at all; Alpha's three tokens are counted
    assert table["outlet"].tolist() == ["Alpha"] * 3
    assert table["n_words"].tolist() == [3, 3, 3]


def test_resume_notices_a_changed_grouping_column(demo, tmp_path):
    toolkit.analyze(demo, out=tmp_path / "o", chunk_size=20)
    changed = demo.assign(outlet="X")
    with pytest.raises(ValueError, match="other parameters or source"):
        toolkit.analyze(changed, out=tmp_path / "o", chunk_size=20)


def test_empty_corpus_to_a_folder_keeps_the_columns(demo, tmp_path):
    in_memory = toolkit.analyze(demo.iloc[:0])
    folder = toolkit.analyze(demo.iloc[:0], out=tmp_path / "empty")
    assert list(folder.documents().columns) == list(in_memory.documents().columns)
    assert list(folder.lexicon_counts().columns) == list(in_memory.lexicon_counts().columns)
    assert len(folder.documents()) == 0


# --------------------------------------------------------------------------- the two kernels


def _python_kernel(monkeypatch):
    from toolkit import analysis

    monkeypatch.setattr(analysis, "_load_kernel", lambda: None)


def _edge_corpus() -> pd.DataFrame:
    texts = [
        "",
        "   ",
        "Mail press@example.org or see www.example.com: the Kiev regime said so.",
        "ΟΔΟΣ İstanbul: the so-called “Russian expansion” and the Kiev\nregime.",
        "Kiev. Regime. Kiev, regime. Kiev “regime”! The regime's men; Russophobia.",
        "No sentence end here and the the the of of",
        "U.S.-backed forces met on 3:15 p.m.; 26,000 people. " * 30,
    ]
    return pd.DataFrame({"doc_id": [f"e{i}" for i in range(len(texts))],
                         "outlet": ["A", "B", "A", "B", "A", "A", "B"], "text": texts})


@pytest.mark.filterwarnings("ignore:2 of 71 documents have empty text")
@pytest.mark.parametrize("options", [
    {},
    {"by": "doc_id"},
    {"by": None, "stopwords": "english", "undefined": "textstat"},
    {"lexicon": "stance", "measures": ["smog_index", "flesch_reading_ease"], "by": ["outlet", "year"]},
])
def test_compiled_and_python_kernels_agree(demo, monkeypatch, options):
    from toolkit import analysis

    if analysis._load_kernel() is None:
        pytest.skip("the compiled kernel is not built (see tests/test_scan.py)")
    corpus = pd.concat([demo, _edge_corpus().assign(date=pd.Timestamp("2024-01-01"))],
                       ignore_index=True)
    compiled = toolkit.analyze(corpus, chunk_size=23, **options)
    _python_kernel(monkeypatch)
    python = toolkit.analyze(corpus, chunk_size=23, **options)
    assert compiled.manifest["versions"]["kernel"] == "compiled"
    assert python.manifest["versions"]["kernel"] == "python"
    assert_same_result(compiled, python)


@pytest.mark.filterwarnings("ignore:2 of 71 documents have empty text")
@pytest.mark.parametrize("options", [{}, {"by": None, "stopwords": "english"}])
def test_batches_within_a_chunk_change_nothing(demo, monkeypatch, options):
    # the compiled kernel scans a chunk's texts _BATCH at a time (bounded memory) and sums the
    # batches' term counts; batches of 5 in chunks of 23 give the Python kernel's tables
    from toolkit import analysis

    if analysis._load_kernel() is None:
        pytest.skip("the compiled kernel is not built (see tests/test_scan.py)")
    corpus = pd.concat([demo, _edge_corpus().assign(date=pd.Timestamp("2024-01-01"))],
                       ignore_index=True)
    monkeypatch.setattr(analysis, "_BATCH", 5)
    batched = toolkit.analyze(corpus, chunk_size=23, **options)
    _python_kernel(monkeypatch)
    assert_same_result(batched, toolkit.analyze(corpus, chunk_size=23, **options))


def test_kernels_agree_with_weights_and_exclusions(tiny_corpus, monkeypatch, tmp_path):
    from toolkit import analysis

    if analysis._load_kernel() is None:
        pytest.skip("the compiled kernel is not built (see tests/test_scan.py)")
    path = tmp_path / "lex.yaml"
    path.write_text(
        "name: t\ncategories:\n"
        "  pejorative:\n"
        "    entries: [{term: regime, weight: 2.0}, {term: kiev regime, weight: 3.5},\n"
        "              {term: war, weight: 1.0}]\n"
        "    exclude: [regime in]\n"
        "  place:\n"
        "    entries: [{term: kyiv, weight: 1.0}, {term: kiev, weight: 1.0},\n"
        "              {term: moscow, weight: 0.5}]\n",
        encoding="utf-8")
    compiled = toolkit.analyze(tiny_corpus, lexicon=path)
    monkeypatch.setattr(analysis, "_BATCH", 2)  # weights of hits in several batches
    assert_same_result(toolkit.analyze(tiny_corpus, lexicon=path), compiled)
    _python_kernel(monkeypatch)
    python = toolkit.analyze(tiny_corpus, lexicon=path)
    assert_same_result(compiled, python)
    counts = compiled.lexicon_counts()
    # "the regime in Moscow" is excluded; "Kiev regime" is one hit of 3.5
    assert counts.loc[counts["category"] == "pejorative", "weighted"].tolist() == [4.5, 1.0, 1.0]


@pytest.mark.parametrize("chunk_size", [1, 10])
def test_phrase_starts_are_kept_whichever_word_is_seen_first(chunk_size):
    # the compiled kernel drops phrase starts not followed by a continuing word; the words of
    # "kiev regime" are first seen in either order, in one chunk or across chunks
    corpus = pd.DataFrame({
        "doc_id": ["d1", "d2", "d3", "d4", "d5"],
        "text": ["Regime's end.", "Kiev regime's men and Kiev “regime”.", "Kiev. Regime",
                 "kiev regimes", "Kyiv, then KIEV\nREGIME"],
    })
    lexicon = toolkit.load_lexicon({"pejorative": ["kiev regime"]})
    counts = toolkit.analyze(corpus, lexicon=lexicon, chunk_size=chunk_size).lexicon_counts()
    assert counts["count"].tolist() == [0, 2, 0, 0, 1]


_PIECES = ["Kiev", "kiev", "regime", "regime's", "regimes'", "Regime’s", "western", "puppet",
           "puppets", "so-called", "on", "the", "ground", "it's", "it", "Russophobia",
           "russophobic", "war", "in", "Moscow", " ", " ", " ", "\n", "\n\n", ". ", ", ", "“",
           "”", "'", "www.x.org", "a@b.org", "ΣΟΣ", "U.S.", "3:15"]
_GENERATED_LEXICON = {
    "pejorative": ["kiev regime", "regime", "western puppet*", "it", "on the ground"],
    "phobia": ["russophob*", "so-called"],
    "war": ["war", "war in moscow", "puppet regime"],
}


@pytest.mark.filterwarnings("ignore::toolkit.CorpusWarning")  # generated empty texts
@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PIECES), max_size=40).map(" ".join),
                min_size=1, max_size=6))
def test_kernels_agree_on_generated_texts(texts):
    from toolkit import analysis

    if analysis._load_kernel() is None:
        pytest.skip("the compiled kernel is not built (see tests/test_scan.py)")
    corpus = pd.DataFrame({"doc_id": [f"g{i}" for i in range(len(texts))], "text": texts})
    lexicon = toolkit.load_lexicon(_GENERATED_LEXICON)
    compiled = toolkit.analyze(corpus, lexicon=lexicon, chunk_size=2, by="doc_id")
    original = analysis._load_kernel
    analysis._load_kernel = lambda: None
    try:
        python = toolkit.analyze(corpus, lexicon=lexicon, chunk_size=2, by="doc_id")
    finally:
        analysis._load_kernel = original
    assert_same_result(compiled, python)


def test_whitespace_token_cache_restarts_without_changing_results(demo, monkeypatch):
    # the compiled kernel forgets its whitespace-token types past analysis._CHUNK_TYPES
    # (bounded memory over long runs); a tiny limit makes it restart after every chunk
    from toolkit import analysis

    if analysis._load_kernel() is None:
        pytest.skip("the compiled kernel is not built (see tests/test_scan.py)")
    expected = toolkit.analyze(demo, chunk_size=16)
    # the module, not the function toolkit.readability
    monkeypatch.setattr(analysis, "_CHUNK_TYPES", 50)
    kernel = analysis._new_kernel(analysis._settings("loaded_language", None, "outlet", None,
                                                     "nan"))
    forgotten = []
    monkeypatch.setattr(kernel, "_forget_chunks",
                        lambda original=kernel._forget_chunks: (forgotten.append(1), original()))
    monkeypatch.setattr(analysis, "_new_kernel", lambda settings: kernel)
    assert_same_result(toolkit.analyze(demo, chunk_size=16), expected)
    assert len(forgotten) == 4  # after each of the four chunks


def test_ranks_by_hand():
    # within each group, the largest count is rank 1 and ties share the lowest rank
    import numpy as np

    from toolkit.analysis import _ranks

    codes = np.array([0, 0, 0, 1, 1, 0, 2])
    counts = np.array([5, 7, 5, 2, 2, 1, 9])
    assert _ranks(codes, counts).tolist() == [2, 1, 2, 1, 1, 4, 1]
    assert _ranks(codes[:0], counts[:0]).tolist() == []


def test_lone_word_starts_by_hand(monkeypatch):
    # documents whose every lexicon start is a lone word (no phrase goes on from it) get their
    # hits without the matcher; a document with a phrase start goes through it, where
    # "kiev regime" hides the "regime" of its own category but not that of the other
    corpus = pd.DataFrame({
        "doc_id": ["d1", "d2", "d3", "d4"],
        "text": ["War and regime.", "The Kiev regime and war.", "The regime's war.",
                 "Kiev, regime"],
    })
    lexicon = toolkit.load_lexicon({"a": ["regime", "kiev regime"], "b": ["regime", "war"]})
    counts = toolkit.analyze(corpus, lexicon=lexicon, by=None).lexicon_counts()
    assert counts["count"].tolist() == [1, 2, 1, 2, 1, 2, 1, 1]
    _python_kernel(monkeypatch)
    python = toolkit.analyze(corpus, lexicon=lexicon, by=None).lexicon_counts()
    assert python["count"].tolist() == counts["count"].tolist()


def test_lone_word_starts_near_and_far_from_exclusions(tmp_path, monkeypatch):
    # a start within an exclusion's reach of a token where an exclusion may start goes
    # through the matcher; one farther away cannot be excluded
    path = tmp_path / "lex.yaml"
    path.write_text("name: t\ncategories:\n  p:\n    entries: [regime, war]\n"
                    "    exclude: [tax regime]\n", encoding="utf-8")
    corpus = pd.DataFrame({
        "doc_id": ["d1", "d2", "d3"],
        "text": ["Tax talk. Much later the regime fell.", "The tax regime fell in war.",
                 "Tax war"],
    })
    counts = toolkit.analyze(corpus, lexicon=path, by=None).lexicon_counts()
    assert counts["count"].tolist() == [1, 1, 1]  # "tax regime" is excluded in d2
    _python_kernel(monkeypatch)
    python = toolkit.analyze(corpus, lexicon=path, by=None).lexicon_counts()
    assert python["count"].tolist() == [1, 1, 1]


def test_starts_that_may_go_on_by_hand(monkeypatch):
    # "radical" is an entry and starts "radical left": where the next token does not go on,
    # the start matches its own token without the matcher; where it does, the matcher takes
    # the longer match
    corpus = pd.DataFrame({
        "doc_id": ["d1", "d2", "d3", "d4"],
        "text": ["The radical left won.", "A radical idea.", "Radical, left",
                 "radical radical left"],
    })
    lexicon = toolkit.load_lexicon({"a": ["radical", "radical left"]})
    counts = toolkit.analyze(corpus, lexicon=lexicon, by=None).lexicon_counts()
    assert counts["count"].tolist() == [1, 1, 1, 2]
    _python_kernel(monkeypatch)
    python = toolkit.analyze(corpus, lexicon=lexicon, by=None).lexicon_counts()
    assert python["count"].tolist() == [1, 1, 1, 2]


# --------------------------------------------------------------------------- term sums


def _term_table(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["outlet", "term", "count", "docfreq"])


def test_term_sums_add_by_hand():
    # two parts' counts per (outlet, term), summed: shared keys add up, new outlets and terms
    # are appended; a part read back from Parquet may hold its strings in several chunks
    import pyarrow as pa

    from toolkit.analysis import _sum_terms, _TermSums

    first = _term_table([("A", "war", 3, 2), ("A", "kyiv", 1, 1), ("B", "war", 2, 1)])
    second = _term_table([("B", "war", 5, 3), ("C", "regime", 4, 2), ("A", "kyiv", 2, 2)])
    chunked = pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array(
        [["war", "regime"], ["kyiv"]], type=pa.large_string())))
    second["term"] = chunked
    parts = [_TermSums.from_frame(t, ["outlet"]) for t in (first, second)]
    total = _sum_terms(parts, ["outlet"]).frame()
    got = _sorted(total, ["outlet", "term"])
    assert got.values.tolist() == [["A", "kyiv", 3, 3], ["A", "war", 3, 2],
                                   ["B", "war", 7, 4], ["C", "regime", 4, 2]]
    assert len(_sum_terms([], ["outlet"])) == 0


def test_term_sums_match_missing_groups_across_dtypes():
    # a group key missing in every row of one part (float NaN) and in another part (None in
    # a str column) is one group, as term_frequency groups it
    from toolkit.analysis import _sum_terms, _TermSums

    first = _term_table([(float("nan"), "war", 1, 1)])
    first["outlet"] = first["outlet"].astype(float)
    second = _term_table([(None, "war", 2, 1), ("A", "war", 4, 1)])
    total = _sum_terms([_TermSums.from_frame(t, ["outlet"]) for t in (first, second)],
                       ["outlet"]).frame()
    assert sorted(total["count"].tolist()) == [3, 4]


def test_term_sums_finish_equals_term_frequency(demo):
    # the compact sums of three slices of the demo corpus, finished, equal term_frequency
    from toolkit.analysis import _analyze_chunk, _merge_group_tokens, _settings, _sum_terms

    settings = _settings("loaded_language", None, "outlet", None, "nan")
    chunks = [_analyze_chunk(toolkit.validate_corpus(demo.iloc[a:b]), settings)
              for a, b in ((0, 20), (20, 41), (41, len(demo)))]
    terms = _sum_terms([c.terms for c in chunks], ["outlet"])
    tokens = _merge_group_tokens([c.group_tokens for c in chunks], ["outlet"])
    assert_frame_equal(terms.finish(tokens), toolkit.term_frequency(demo, by="outlet"))


def test_lexsort_equals_numpy():
    # packed into one int64 where the bits fit, else np.lexsort: the same order, ties kept
    import numpy as np

    from toolkit.analysis import _lexsort

    rng = np.random.default_rng(7)
    keys = (rng.integers(0, 5, 500), rng.integers(0, 3, 500), rng.integers(0, 4, 500))
    assert _lexsort(keys).tolist() == np.lexsort(keys).tolist()
    wide = (rng.integers(0, 2**40, 50), rng.integers(0, 2**40, 50))  # 80 bits: lexsort
    assert _lexsort(wide).tolist() == np.lexsort(wide).tolist()
    assert _lexsort([np.array([2, 0, 1]), np.array([1, 1, 0])]).tolist() == [2, 1, 0]
    assert _lexsort([np.zeros(0, dtype=np.int64)]).tolist() == []


# --------------------------------------------------------------------------- kernel pool


def test_kernel_pool_reuses_bounds_and_clears(monkeypatch):
    # a kernel borrowed and returned is lent again for the same settings, never to two
    # borrowers at once nor for other settings; a failed partition's kernel is dropped, as is
    # one past the word bound; toolkit.clear_cache empties the pool
    from toolkit import analysis

    pool = analysis._KernelPool()
    loaded = analysis._settings("loaded_language", None, "outlet", None, "nan")
    other = analysis._settings("loaded_language", "lix", "outlet", None, "nan")
    with pool.borrow(loaded) as first:
        with pool.borrow(loaded) as second:
            assert second is not first
    with pool.borrow(loaded) as again:
        assert again in (first, second)
    with pool.borrow(other) as kernel:
        assert kernel not in (first, second)
        assert kernel.settings.measures == ("lix",)
    with pytest.raises(RuntimeError), pool.borrow(other) as failing:
        raise RuntimeError("partition failed")
    with pool.borrow(other) as kernel:
        assert kernel is not failing
    assert sum(map(len, pool._idle.values())) == analysis._POOL_KERNELS
    monkeypatch.setattr(analysis, "_POOL_WORDS", -1)
    pool.clear()
    with pool.borrow(loaded) as first:
        pass
    with pool.borrow(loaded) as second:
        assert second is not first  # past the bound: not kept

    monkeypatch.setattr(analysis, "_POOL_WORDS", 10**9)
    with analysis._KERNELS.borrow(loaded):
        pass
    assert analysis._KERNELS._idle
    toolkit.clear_cache()
    assert not analysis._KERNELS._idle
