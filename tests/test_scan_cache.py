"""toolkit.scan: one scan per corpus content, and the views read from it equal the old code."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import toolkit
from toolkit.analysis import _load_kernel
from toolkit.frequency import _count_terms_python, _exclusions
from toolkit.readability import MEASURES, _score_documents
from toolkit.scan import _CACHE, scan
from toolkit.tokens import load_stopwords, tokenize

ALLSIDES = Path(__file__).resolve().parents[2] / "shared" / "data" / "allsides"
COMPILED = _load_kernel() is not None
SCAN_MODULE = import_module("toolkit.scan")  # toolkit.scan is the function


@pytest.fixture(autouse=True)
def empty_cache():
    toolkit.clear_cache()
    yield
    toolkit.clear_cache()


def corpus_of(texts: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts})


def test_scan_by_hand():
    found = scan(corpus_of(["The cat, the mat.", "", "Cat!"]))
    assert found.words == ["the", "cat", "mat"]
    assert found.word_ids.tolist() == [0, 1, 0, 2, 1]
    assert found.offsets.tolist() == [0, 4, 4, 5]
    # each document's distinct types, in order of first occurrence, with their counts
    assert found.distinct_ids.tolist() == [0, 1, 2, 1]
    assert found.distinct_counts.tolist() == [2, 1, 1, 1]
    assert found.distinct_offsets.tolist() == [0, 3, 3, 4]


def test_python_scan_equals_compiled(demo):
    if not COMPILED:
        pytest.skip("the compiled kernel is not built")
    texts = [*demo["text"], "E-mail me at a.b@example.com or see https://x.org/a?b=1.",
             "ΣΑΣ İstanbul", "",
             # main's tokenizer rules: invisible characters inside words, combining marks
             "co\u00adop\u200bera\u2060tion, na\u0308ive cafe\u0301 \ufeffword", "北京是中国的首都。"]
    compiled = scan(texts)
    python = scan(texts, python=True)
    assert compiled.kernel == "compiled" and python.kernel == "python"
    assert compiled.words == python.words
    for name in ("word_ids", "offsets", "distinct_ids", "distinct_counts", "distinct_offsets"):
        assert np.array_equal(getattr(compiled, name), getattr(python, name)), name
    # and both are toolkit.tokenize's tokens
    ends = compiled.offsets
    for d, text in enumerate(texts):
        ids = compiled.word_ids[ends[d]:ends[d + 1]]
        assert [compiled.words[i] for i in ids] == tokenize(text)


def test_same_texts_same_scan_changed_texts_rescanned(tiny_corpus):
    first = scan(tiny_corpus)
    # a copy, other columns, another index: the same texts, the same scan
    other = tiny_corpus.drop(columns=["title"]).set_axis([7, 8, 9])
    assert scan(other) is first
    changed = tiny_corpus.copy()
    changed.loc[1, "text"] = changed.loc[1, "text"] + " Again."
    second = scan(changed)
    assert second is not first
    assert second.offsets[-1] == first.offsets[-1] + 1
    # the caller's table is not modified
    assert tiny_corpus.loc[1, "text"] == "Kyiv said the regime in Moscow started the war."


def test_clear_cache_and_bounded(tiny_corpus, monkeypatch):
    first = scan(tiny_corpus)
    toolkit.clear_cache()
    assert scan(tiny_corpus) is not first
    monkeypatch.setattr(SCAN_MODULE, "CACHE_CORPORA", 2)
    scans = [scan(corpus_of([f"Text number {i}."])) for i in range(4)]
    assert len(_CACHE.scans) == 2
    assert scan(corpus_of(["Text number 3."])) is scans[3]  # kept: the most recent
    assert scan(corpus_of(["Text number 0."])) is not scans[0]  # dropped: least recent
    monkeypatch.setattr(SCAN_MODULE, "CACHE_BYTES", 10)
    toolkit.clear_cache()
    scan(tiny_corpus)
    assert len(_CACHE.scans) == 0  # larger than the limit: not kept


def test_bad_text_is_a_clear_error():
    with pytest.raises(TypeError, match="row 1, column `text`"):
        scan(["fine", 3])


def assert_same_dtm(got, expected):
    assert (got.counts != expected.counts).nnz == 0
    assert got.counts.dtype == expected.counts.dtype and got.counts.shape == expected.counts.shape
    assert np.array_equal(got.counts.indices, expected.counts.indices)
    assert np.array_equal(got.counts.indptr, expected.counts.indptr)
    assert np.array_equal(got.terms, expected.terms)
    assert np.array_equal(got.n_words, expected.n_words)
    assert np.array_equal(got.n_counted, expected.n_counted)
    assert np.array_equal(got.doc_ids, expected.doc_ids)
    assert got.ngram == expected.ngram


def python_dtm(corpus, stopwords=None, exclude=None):
    """document_term_matrix(ngram=1) document by document, without the scan."""
    return _count_terms_python(corpus, ngram=1, stops=load_stopwords(stopwords),
                               normalizer=None, excluded=_exclusions(exclude), progress=False)


@pytest.mark.parametrize("stopwords", [None, "english"])
@pytest.mark.parametrize("exclude", [None, ["Kyiv", "the", "moscow"]])
def test_document_term_matrix_equals_token_by_token(demo, stopwords, exclude):
    corpus = toolkit.validate_corpus(demo)
    expected = python_dtm(corpus, stopwords, exclude)
    assert expected.n_counted.sum() < expected.n_words.sum() or (stopwords, exclude) == (None,
                                                                                          None)
    got = toolkit.document_term_matrix(demo, stopwords=stopwords, exclude=exclude)
    assert_same_dtm(got, expected)
    # a second call reads the cached view and returns equal, independent results
    again = toolkit.document_term_matrix(demo, stopwords=stopwords, exclude=exclude)
    assert_same_dtm(again, expected)
    # the shared arrays cannot be changed in place by one caller under another's feet
    with pytest.raises(ValueError, match="read-only"):
        again.n_counted[:] = -1
    with pytest.raises(ValueError, match="read-only"):
        again.n_words[:] = -1
    with pytest.raises(ValueError, match="read-only"):
        again.counts.data[:] = -1
    assert_same_dtm(toolkit.document_term_matrix(demo, stopwords=stopwords, exclude=exclude),
                    expected)


def test_excluded_word_that_is_not_in_the_corpus(tiny_corpus):
    corpus = toolkit.validate_corpus(tiny_corpus)
    got = toolkit.document_term_matrix(corpus, exclude=["zzz"])
    assert_same_dtm(got, python_dtm(corpus, exclude=["zzz"]))
    assert_same_dtm(got, toolkit.document_term_matrix(corpus))


def test_term_frequency_by_hand(tiny_corpus):
    table = toolkit.term_frequency(tiny_corpus, by="outlet")
    beta = table[table["outlet"] == "Beta"].set_index("term")
    # "Kyiv, Kyiv! The war.": kyiv 2, the 1, war 1, of 4 tokens
    assert beta["count"].to_dict() == {"kyiv": 2, "the": 1, "war": 1}
    assert set(beta["n_words"]) == {4} and set(beta["n_counted"]) == {4}
    # "the" left out: counted 3, the rate's denominator still the 4 words
    without = toolkit.term_frequency(tiny_corpus, by="outlet", exclude=["the"])
    beta = without[without["outlet"] == "Beta"].set_index("term")
    assert beta["count"].to_dict() == {"kyiv": 2, "war": 1}
    assert set(beta["n_words"]) == {4} and set(beta["n_counted"]) == {3}
    assert beta.loc["kyiv", "per_10k"] == pytest.approx(2 / 4 * 10_000)
    again = toolkit.term_frequency(tiny_corpus, by="outlet")
    pd.testing.assert_frame_equal(table, again)


def test_readability_equals_document_by_document(demo):
    corpus = toolkit.validate_corpus(demo)
    extra = corpus_of(["", "Shh.", "Hello", "One two. Three four five six. " * 3,
                       "A https://example.com/x link and a@b.org.",
                       "北京是中国的首都。北京很大。", "Co\u00adop\u200beration is na\u0308ive."])
    corpus = pd.concat([corpus, toolkit.validate_corpus(extra)], ignore_index=True)
    for undefined in ("nan", "textstat"):
        got = toolkit.readability(corpus, undefined=undefined)
        expected = _score_documents(corpus, MEASURES, undefined=undefined, progress=False)
        han = got.iloc[-2]  # unsegmented script: NaN with a note, whichever path scored it
        assert "not segmented" in han["note"]
        assert np.isnan(han["flesch_reading_ease"]) == (undefined == "nan")
        pd.testing.assert_frame_equal(got, expected)
        for name in MEASURES:  # to the bit, signs of zeros included
            assert got[name].to_numpy().tobytes() == expected[name].to_numpy().tobytes()
    subset = ("smog_index", "lix")
    got = toolkit.readability(corpus, measures=list(subset))
    pd.testing.assert_frame_equal(
        got, _score_documents(corpus, subset, undefined="nan", progress=False))


def test_readability_on_allsides_equals_document_by_document():
    path = ALLSIDES / "articles.jsonl.gz"
    if not path.exists():
        pytest.skip(f"real data not present: {path}")
    corpus = pd.read_json(path, lines=True, compression="gzip", dtype=False, nrows=400)
    corpus = toolkit.validate_corpus(corpus.assign(doc_id=corpus["doc_id"].astype(str)))
    got = toolkit.readability(corpus)
    pd.testing.assert_frame_equal(
        got, _score_documents(corpus, MEASURES, undefined="nan", progress=False))
    assert_same_dtm(toolkit.document_term_matrix(corpus), python_dtm(corpus))


def _old_lexicon_scan(corpus, lexicon, window, voice="all"):
    """lexicon._scan without the shared scan: every document tokenized, counted and matched."""
    from toolkit.lexicon import _scan_rows

    return _scan_rows(corpus, lexicon, np.arange(len(corpus)), None, window=window,
                      progress=False, voice=voice)


QUOTED = corpus_of([
    'The senator called it a "Kiev regime" and said: "The regime must go." The regime fell.',
    "No quotation marks: the regime and the so-called war.",
    "“Regime” — a scare quote? He said “the so-called talks failed,” officials said.",
    'Moscow calls its war a "special operation" and the so-called "regime" of Kyiv fell.',
])


@pytest.mark.parametrize("voice", ["all", "outlet", "quoted", "scare_quote"])
@pytest.mark.parametrize("window", [None, 8])
def test_lexicon_scan_equals_every_document(demo, window, voice):
    from toolkit.lexicon import _scan as lexicon_scan

    corpus = pd.concat([toolkit.validate_corpus(demo), toolkit.validate_corpus(QUOTED)],
                       ignore_index=True)
    for lexicon in (toolkit.load_lexicon("loaded_language"),
                    toolkit.load_lexicon({"a": ["regime", "kiev regime", "so-called"],
                                          "b": ["russophob*", "war"]})):
        got = lexicon_scan(corpus, lexicon, window=window, progress=False, voice=voice)
        expected = _old_lexicon_scan(corpus, lexicon, window, voice)
        assert len(expected.matches) > 0 or lexicon.name == "loaded_language"
        assert np.array_equal(got.n_tokens, expected.n_tokens)
        assert got.rows == expected.rows
        assert got.matches == expected.matches
        assert got.contexts == expected.contexts
        assert got.voices == expected.voices


def test_lexicon_functions_by_hand(tiny_corpus):
    lexicon = {"label": ["kiev regime", "regime"]}
    hits = toolkit.lexicon_hits(tiny_corpus, lexicon)
    # "The Kiev regime said ..." -> "Kiev regime" (the longer entry); "the regime in Moscow"
    assert hits["match"].tolist() == ["Kiev regime", "regime"]
    assert hits["doc_id"].tolist() == ["a1", "a2"]
    counts = toolkit.lexicon_counts(tiny_corpus, lexicon, by="outlet", voice="all",
                                    total=False)
    assert counts["count"].tolist() == [2, 0]
    assert counts["n_words"].tolist() == [17, 4]  # 8 + 9 tokens; 4
    # repeated calls give the same tables
    pd.testing.assert_frame_equal(hits, toolkit.lexicon_hits(tiny_corpus, lexicon))
    pd.testing.assert_frame_equal(counts, toolkit.lexicon_counts(
        tiny_corpus, lexicon, by="outlet", voice="all", total=False))


def test_lexicon_counts_in_one_voice_by_hand():
    lexicon = {"label": ["kiev regime", "regime"]}
    corpus = QUOTED.assign(outlet="A")
    for _ in range(2):  # the second call reads the kept result
        counts = toolkit.lexicon_counts(corpus, lexicon, by="outlet", total=False)
        # outlet's own words: "The regime fell." and "the regime and"; the attributed
        # "Kiev regime" (said), "The regime must go." and “Regime” are quoted, the last
        # "regime" is a scare quote. Words: 16 - 2 - 4 quoted, 9, 12 - 1 - 4 quoted,
        # 14 - 2 quoted ("special operation", after "calls") - 1 scare-quoted
        assert counts["count"].tolist() == [2]
        assert counts["n_words"].tolist() == [(16 - 2 - 4) + 9 + (12 - 1 - 4) + (14 - 2 - 1)]
        quoted = toolkit.lexicon_counts(corpus, lexicon, by="outlet", voice="quoted",
                                        total=False)
        assert quoted[["count", "n_words"]].values.tolist() == [[3, 2 + 4 + 1 + 4 + 2]]
        scare = toolkit.lexicon_counts(corpus, lexicon, by="outlet", voice="scare_quote",
                                       total=False)
        assert scare[["count", "n_words"]].values.tolist() == [[1, 1]]


def test_lexicon_scan_on_allsides_equals_every_document():
    path = ALLSIDES / "articles.jsonl.gz"
    if not path.exists():
        pytest.skip(f"real data not present: {path}")
    from toolkit.lexicon import _scan as lexicon_scan

    corpus = pd.read_json(path, lines=True, compression="gzip", dtype=False, nrows=500)
    corpus = toolkit.validate_corpus(corpus.assign(doc_id=corpus["doc_id"].astype(str)))
    lexicon = toolkit.load_lexicon("loaded_language")
    for window, voice in [(8, "all"), (None, "outlet"), (3, "outlet")]:
        got = lexicon_scan(corpus, lexicon, window=window, progress=False, voice=voice)
        expected = _old_lexicon_scan(corpus, lexicon, window, voice)
        assert got.rows == expected.rows and got.matches == expected.matches
        assert got.contexts == expected.contexts and got.voices == expected.voices
        assert np.array_equal(got.n_tokens, expected.n_tokens)
        assert len(expected.matches) > 100


def test_lexicon_matches_one_word_hits_covered_and_excluded(tmp_path):
    # "regime" starts only one-word entries: its hits need no matching loop, but a longer
    # hit of the same category ("kiev regime") covers it, and exclusions mask both
    found = scan(corpus_of(["The Kiev regime and the regime; Kiev regime's men."]))
    lexicon = toolkit.load_lexicon({"a": ["kiev regime", "regime"], "b": ["regime"]})
    matches = found.lexicon_matches(lexicon)
    assert list(zip(matches.token_starts.tolist(), matches.token_ends.tolist(),
                    matches.groups, matches.entries, strict=True)) == [
        (1, 3, "a", "kiev regime"), (2, 3, "b", "regime"), (5, 6, "a", "regime"),
        (5, 6, "b", "regime"), (6, 8, "a", "kiev regime"), (7, 8, "b", "regime")]
    path = tmp_path / "ex.yaml"
    path.write_text("""
name: ex
categories:
  a:
    entries: [kiev regime, regime]
    exclude: [regime change]
  b:
    entries: [regime]
""", encoding="utf-8")
    corpus = corpus_of(["The regime change; the Kiev regime change.", "A regime."])
    matches = scan(corpus).lexicon_matches(toolkit.load_lexicon(path))
    assert list(zip(matches.rows.tolist(), matches.token_starts.tolist(), matches.groups,
                    strict=True)) == [(0, 1, "b"), (0, 5, "b"), (1, 1, "a"), (1, 1, "b")]


def test_lexicon_functions_python_kernel_equal_compiled(demo, monkeypatch):
    corpus = pd.concat([toolkit.validate_corpus(demo), toolkit.validate_corpus(QUOTED)],
                       ignore_index=True)

    def results():
        toolkit.clear_cache()
        return [toolkit.lexicon_hits(corpus, "loaded_language"),
                toolkit.lexicon_hits(corpus, "loaded_language", voice="outlet", window=3),
                toolkit.lexicon_counts(corpus, "loaded_language", by="outlet", total=True),
                toolkit.lexicon_counts(corpus, "loaded_language", voice="quoted")]

    compiled = results()
    monkeypatch.setattr("toolkit.analysis._load_kernel", lambda: None)
    assert toolkit.scan(corpus).kernel == "python"
    for got, expected in zip(results(), compiled, strict=True):
        assert len(expected) > 10
        pd.testing.assert_frame_equal(got, expected)
    toolkit.clear_cache()


def test_lexicon_scan_without_recorded_offsets(demo):
    # a compiled scan without token offsets (a text of 2**31 characters or more) finds them
    # for the documents it needs: the same results
    from dataclasses import replace

    from toolkit._views import _voice_words_compiled
    from toolkit.lexicon import _scan_matches

    corpus = pd.concat([toolkit.validate_corpus(demo), toolkit.validate_corpus(QUOTED)],
                       ignore_index=True)
    texts = corpus["text"].tolist()
    lexicon = toolkit.load_lexicon("loaded_language")
    found = scan(corpus)
    assert found.token_starts is not None
    bare = replace(found, token_starts=None, token_ends=None, _views={})
    for voice in ("outlet", "quoted"):
        words = _voice_words_compiled(_load_kernel(), texts, bare, voice, progress=False)
        expected = _old_lexicon_scan(corpus, lexicon, 8, voice)
        assert np.array_equal(words, expected.n_tokens)
        got = _scan_matches(_load_kernel(), texts, bare, bare.lexicon_matches(lexicon), words,
                            window=8, voice=voice)
        assert got.matches == expected.matches and got.contexts == expected.contexts
        assert got.voices == expected.voices and len(got.matches) > 10


def test_lexicon_matches_skip_starts_by_hand():
    # entries whose first word is common ("on the ground", "are animals"): a start is skipped
    # unless the next word of its own document may go on; never across documents
    lexicon = toolkit.load_lexicon({"a": ["on the ground", "are animals", "regime"],
                                    "b": ["on fire*", "the regime's"]})
    corpus = corpus_of([
        "They are on the ground. They are animals, on fire.",  # 3 hits
        "Talks went on",  # ends with a starter; the next document must not continue it
        "the ground is wet and the regime's men are",  # "regime's" (a), "the regime's" (b)
        "animals. On the\n\nground on firetrucks",  # blank line: no "on the ground"
    ])
    found = scan(corpus)
    matches = found.lexicon_matches(lexicon)
    got = list(zip(matches.rows.tolist(), matches.token_starts.tolist(),
                   matches.token_ends.tolist(), matches.groups, matches.entries, strict=True))
    assert got == [
        (0, 2, 5, "a", "on the ground"), (0, 6, 8, "a", "are animals"),
        (0, 8, 10, "b", "on fire*"),
        (2, 5, 7, "b", "the regime's"), (2, 6, 7, "a", "regime"),
        (3, 4, 6, "b", "on fire*"),
    ]
    assert found.lexicon_rows(lexicon).tolist() == [0, 2, 3]
    # the same as every document matched on its own
    from toolkit.lexicon import _scan as lexicon_scan

    got = lexicon_scan(corpus, lexicon, window=2, progress=False)
    expected = _old_lexicon_scan(corpus, lexicon, 2)
    assert got.matches == expected.matches and got.contexts == expected.contexts


# --------------------------------------------------------------------------- starter flags

STARTER_WORDS = {  # word -> whether an entry of STARTER_ENTRIES may start at it (by hand)
    "regime": True, "regime's": True, "regimes'": False, "kiev": True, "kiev's": True,
    "russophobia": True, "russophobic": True, "anti-russophobia": False, "russo": False,
    "it": True, "it's": False,  # a contraction, not a possessive
    "u.s.a.": True, "us": False, "o'neill": True, "oneill": False, "a-bxc": True, "a-bc": False,
    "the": False, "": False,
}
STARTER_ENTRIES = [("regime", "p"), ("kiev regime", "p"), ("russophob*", "f"), ("it", "x"),
                   ("u.s.*", "d"), ("o'neil*", "n"), ("a-b?c", "h")]


def test_starter_flags_by_hand():
    from toolkit.matcher import PhraseMatcher

    words = list(STARTER_WORDS)
    flags = PhraseMatcher(STARTER_ENTRIES)._starter_flags(words)
    assert flags.tolist() == list(STARTER_WORDS.values())
    # a glob without a literal head, repeated words, a word with a line break: every word
    # is asked, with the same answers
    headless = PhraseMatcher([*STARTER_ENTRIES, ("*phobia", "f")])
    expected = [*STARTER_WORDS.values(), True]
    expected[words.index("anti-russophobia")] = True
    assert headless._starter_flags([*words, "hydrophobia"]).tolist() == expected
    matcher = PhraseMatcher(STARTER_ENTRIES)
    assert matcher._starter_flags(["regime", "the", "regime", "a\nb"]).tolist() == [
        True, False, True, False]
    assert matcher._starter_flags([]).tolist() == []


@pytest.mark.parametrize("name", ["loaded_language", "stance"])
def test_starter_flags_equal_asking_every_word(demo, name):
    lexicon = toolkit.load_lexicon(name)
    words = scan(demo).words
    for matcher in (lexicon.matcher, lexicon._exclusion_matcher):
        if matcher is None:
            continue
        fresh = toolkit.load_lexicon(name)  # its own caches
        one_by_one = (fresh.matcher if matcher is lexicon.matcher
                      else fresh._exclusion_matcher)
        expected = [one_by_one._is_starter(w) for w in words]
        assert matcher._starter_flags(words).tolist() == expected
        assert sum(expected) > 10


# --------------------------------------------------------------------------- chunk-type facts


def test_strip_and_lower_many_by_hand():
    from toolkit.readability import _lower_many, _strip_many

    assert _strip_many(["don't", "'quoted'", "U.S.", "rock'n'roll", "", "—"]) == [
        "don't", "quoted", "US", "rocknroll", "", ""]
    # final sigma at each word's end, as for a lone word; "İ" grows when lower-cased
    assert _lower_many(["ΟΔΟΣ", "ΣΑΣ.", "İx", "Σ"]) == ["οδος", "σας.", "i\u0307x", "σ"]
    assert _strip_many([]) == [] and _lower_many([]) == []
    assert _strip_many(["a\nb", "c'"]) == ["a\nb", "c"]  # a line break inside: one by one


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ab'tsdvlrΣσİ.,!-—’\n", max_size=8), max_size=8))
def test_strip_and_lower_many_equal_one_by_one(tokens):
    from toolkit.readability import _lower_many, _strip_many, _strip_punctuation

    assert _strip_many(tokens) == [_strip_punctuation(t) for t in tokens]
    assert _lower_many(tokens) == [t.lower() for t in tokens]


def test_starter_flags_with_deeply_branching_glob_heads():
    # heads b, ab, aab, ... branch at every level: past matcher._TRIE_DEPTH levels the regex
    # is not built and every word is asked, with the same answers
    from toolkit.matcher import _TRIE_DEPTH, PhraseMatcher

    entries = [("a" * k + "b*", "g") for k in range(_TRIE_DEPTH + 20)]
    words = ["b", "ab", "aaab", "a" * 110 + "bx", "a" * 130 + "b", "aa", "c"]
    matcher = PhraseMatcher(entries)
    assert matcher._glob_heads() is None
    assert matcher._starter_flags(words).tolist() == [True, True, True, True, False, False,
                                                       False]
    shallow = PhraseMatcher(entries[:5])
    assert shallow._glob_heads() is not None
    assert shallow._starter_flags(words).tolist() == [True, True, True, False, False, False,
                                                       False]
