"""Views of the shared scan (toolkit/_views.py) give what the document-by-document code gave.

Each function that now reads :func:`toolkit.scan` -- ``kwic``, ``term_share``/``term_hits``,
``collocations``, ``keyness``/``term_frequency`` with n-grams, ``normalize=`` or ``exclude=``
-- is compared with a reference written here that tokenizes every document on its own (the
code these functions ran before), on hand-written texts with expected values written out, on
BASIL and on an allsides sample (skipped where ../shared/data is absent).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import toolkit
from toolkit.collocations import _node_rows
from toolkit.concordance import (
    _WHITESPACE_RE,
    KWIC_COLUMNS,
    KwicTable,
    _case_pieces,
    _context,
    _pattern_matches,
)
from toolkit.framing import _as_sets, _match_terms, _set_columns
from toolkit.frequency import _count_terms, _count_terms_python, _exclusions
from toolkit.matcher import PhraseMatcher
from toolkit.normalize import resolve_normalizer
from toolkit.tokens import load_stopwords, sentence_spans, token_spans
from toolkit.voice import _in_voice, _Voices

ALLSIDES = Path(__file__).resolve().parents[2] / "shared" / "data" / "allsides"
VOICES = ("all", "outlet", "quoted", "scare_quote")

HAND = pd.DataFrame({
    "doc_id": ["h1", "h2", "h3", "h4", "h5"],
    "outlet": ["A", "A", "B", "B", "B"],
    "date": pd.to_datetime(["2022-03-01", "2022-03-02", "2022-03-03", "2022-03-04",
                            "2022-03-05"]),
    "text": [
        "Kyiv said the “Kiev regime” fell. The Kiev\nregime, again.",
        "See https://example.com/kiev-regime or write to kiev@example.org about Kiev.",
        "The Ky\u00adiv office: \"Kyiv's mayor\" spoke, he said. Kiev’s regime.",
        "No match here at all.",
        "The so-called 'Kiev' junta and the Kiev regime's army.",
    ],
})


@pytest.fixture(autouse=True)
def empty_cache():
    toolkit.clear_cache()
    yield
    toolkit.clear_cache()


def _allsides(n: int) -> pd.DataFrame:
    path = ALLSIDES / "articles.jsonl.gz"
    if not path.exists():
        pytest.skip(f"real data not present: {path}")
    corpus = pd.read_json(path, lines=True, compression="gzip", dtype=False, nrows=n)
    return toolkit.validate_corpus(corpus.assign(doc_id=corpus["doc_id"].astype(str)))


@pytest.fixture(scope="module")
def allsides() -> pd.DataFrame:
    return _allsides(300)


# --------------------------------------------------------------------------- references


def reference_kwic(corpus, pattern, *, window=8, case=False, voice="all"):
    """kwic as it was: every document tokenized and matched."""
    corpus = toolkit.validate_corpus(corpus)
    matcher = PhraseMatcher([(pattern, "kwic")])
    pieces = _case_pieces(pattern) if case else None
    rows = []
    for row in corpus.itertuples(index=False):
        text = row.text
        spans = token_spans(text)
        found = _pattern_matches(text, spans, matcher, pieces)
        if not found:
            continue
        quotes = _Voices(text)
        found = [(s, e) for s, e in found if _in_voice(quotes, s, e, voice)]
        starts, ends = [s for _, s, _ in spans], [e for _, _, e in spans]
        for start, end in found:
            left, right = _context(text, starts, ends, start, end, window)
            rows.append((row.doc_id, row.outlet, row.date, left,
                         _WHITESPACE_RE.sub(" ", text[start:end]), right, start, end,
                         *quotes.at(start, end)))
    table = pd.DataFrame(rows, columns=list(KWIC_COLUMNS))
    table["date"] = pd.to_datetime(table["date"])
    table[["start", "end"]] = table[["start", "end"]].astype(np.int64)
    table["in_quote"] = table["in_quote"].astype(bool)
    return KwicTable(table)


def reference_match_terms(texts, matcher, voice, window):
    from toolkit.lexicon import _context

    n_tokens = np.zeros(len(texts), dtype=np.int64)
    found = []
    for row, text in enumerate(texts):
        spans = token_spans(text)
        quotes = _Voices(text)
        if voice == "all":
            n_tokens[row] = len(spans)
        else:
            starts = np.fromiter((s for _, s, _ in spans), dtype=np.int64, count=len(spans))
            n_tokens[row] = int(quotes.token_mask(starts, voice).sum())
        for m in matcher.find_in_spans(text, spans):
            if not _in_voice(quotes, m.start, m.end, voice):
                continue
            if window is None:
                found.append((row, m, None, None))
            else:
                found.append((row, m, quotes.at(m.start, m.end),
                              _context(text, spans, m.token_start, m.token_end, m.start, m.end,
                                       window)))
    return n_tokens, found


def reference_node_rows(corpus, codes, n_groups, node, window):
    matcher = PhraseMatcher([(node, "node")])
    tokens = [Counter() for _ in range(n_groups)]
    cooccurrence = [Counter() for _ in range(n_groups)]
    n_nodes = np.zeros(n_groups, dtype=np.int64)
    span_size = np.zeros(n_groups, dtype=np.int64)
    for code, text in zip(codes, corpus["text"], strict=True):
        spans = token_spans(text)
        tokens[code].update(token for token, _, _ in spans)
        matches = matcher.find_in_spans(text, spans)
        if not matches:
            continue
        sentence_starts = [start for start, _ in sentence_spans(text)]
        sentence_of = [bisect_right(sentence_starts, start) - 1 for _, start, _ in spans]
        nodes = {i for m in matches for i in range(m.token_start, m.token_end)}
        in_span = set()
        for m in matches:
            around = [*range(max(0, m.token_start - window), m.token_start),
                      *range(m.token_end, min(len(spans), m.token_end + window))]
            in_span.update(i for i in around if sentence_of[i] == sentence_of[m.token_start])
        in_span -= nodes
        n_nodes[code] += len(matches)
        span_size[code] += len(in_span)
        cooccurrence[code].update(spans[i][0] for i in in_span)
    rows = [(code, node, word, count, n_nodes[code], tokens[code][word], span_size[code],
             sum(tokens[code].values()))
            for code in range(n_groups) for word, count in cooccurrence[code].items()]
    return pd.DataFrame(rows, columns=["_group", "node", "collocate", "count", "count_node",
                                       "count_collocate", "_r1", "_n"])


def assert_same_dtm(got, expected):
    assert (got.counts != expected.counts).nnz == 0
    assert got.counts.shape == expected.counts.shape
    assert got.counts.dtype == expected.counts.dtype
    assert np.array_equal(got.counts.indices, expected.counts.indices)
    assert np.array_equal(got.counts.indptr, expected.counts.indptr)
    assert np.array_equal(got.terms, expected.terms)
    assert np.array_equal(got.n_words, expected.n_words)
    assert np.array_equal(got.n_counted, expected.n_counted)


def check_kwic(corpus, patterns, voices=VOICES, case=(False, True)):
    n_rows = 0
    for pattern in patterns:
        for voice in voices:
            for sensitive in case:
                expected = reference_kwic(corpus, pattern, window=5, case=sensitive,
                                          voice=voice)
                for _ in range(2):  # first call, then the kept view
                    got = toolkit.kwic(corpus, pattern, window=5, case=sensitive, voice=voice)
                    if expected.empty:
                        assert got.empty
                    else:
                        pd.testing.assert_frame_equal(got, expected)
                n_rows += len(expected)
    return n_rows


def check_match_terms(corpus, terms):
    corpus = toolkit.validate_corpus(corpus)
    _, _, matcher, _ = _set_columns(_as_sets(terms))
    n_hits = 0
    for voice in VOICES:
        for window in (None, 0, 3):
            expected = reference_match_terms(corpus["text"].tolist(), matcher, voice, window)
            for _ in range(2):
                got = _match_terms(corpus, matcher, voice=voice, progress=False,
                                   window=window)
                assert np.array_equal(got[0], expected[0]), voice
                assert list(got[1]) == expected[1]
            n_hits += len(expected[1])
    return n_hits


def check_node_rows(corpus, nodes, by="outlet"):
    from toolkit._grouping import group_codes, group_keys, resolve_by

    corpus = toolkit.validate_corpus(corpus)
    codes, groups = group_codes(group_keys(corpus, resolve_by(by)))
    n_rows = 0
    for node in nodes:
        for window in (2, 5):
            expected = reference_node_rows(corpus, codes, len(groups), node, window)
            key = ["_group", "collocate"]
            for _ in range(2):
                got = _node_rows(corpus, codes, len(groups), node, window, False)
                pd.testing.assert_frame_equal(
                    got.sort_values(key).reset_index(drop=True),
                    expected.sort_values(key).reset_index(drop=True), check_dtype=False)
            n_rows += len(expected)
    return n_rows


# --------------------------------------------------------------------------- by hand


def test_kwic_by_hand():
    hits = toolkit.kwic(HAND, "kiev regime", window=2)
    # h1: the quoted "Kiev regime" and "Kiev\nregime" (a line break joins); h2: the URL and
    # the e-mail address are single tokens, so only the last "Kiev" could start a match and
    # it is not followed by "regime"; h3: "Kiev’s regime"; h5: "Kiev regime's"
    assert hits["doc_id"].tolist() == ["h1", "h1", "h3", "h5"]
    assert hits["match"].tolist() == ["Kiev regime", "Kiev regime", "Kiev’s regime",
                                      "Kiev regime's"]
    assert hits[["start", "end"]].values.tolist() == [[15, 26], [38, 49], [49, 62], [35, 48]]
    assert hits["in_quote"].tolist() == [True, False, False, False]
    assert hits["left"].tolist()[:2] == ["said the “", "fell. The"]
    outlet = toolkit.kwic(HAND, "kiev regime", window=2, voice="outlet")
    assert outlet["start"].tolist() == [38, 49, 35]
    # the soft hyphen is ignored: "Ky\u00adiv" is kyiv, its span covers all five characters
    kyiv = toolkit.kwic(HAND, "kyiv", window=1)
    assert kyiv[["doc_id", "start", "end"]].values.tolist() == [
        ["h1", 0, 4], ["h3", 4, 9], ["h3", 19, 25]]
    assert kyiv["voice"].tolist() == ["outlet", "outlet", "quoted"]
    assert toolkit.kwic(HAND, "Kiev", case=True, window=0)["doc_id"].tolist() == [
        "h1", "h1", "h2", "h3", "h5", "h5"]
    assert toolkit.kwic(HAND, "zzz").empty


def test_kwic_equals_every_document(demo):
    corpus = pd.concat([toolkit.validate_corpus(demo), toolkit.validate_corpus(HAND)],
                       ignore_index=True)
    assert check_kwic(corpus, ["kiev regime", "russophob*", "Kyiv", "so-called",
                               "special military operation"]) > 50


def test_term_share_by_hand():
    terms = {"Kyiv": ["kyiv"], "Kiev": ["kiev", "kiev regime"]}
    shares = toolkit.term_share(HAND, terms, by="outlet", voice="all")
    counts = shares.set_index(["outlet", "label"])["count"].to_dict()
    # A: kyiv 1, kiev 2 (h1: the two "Kiev regime") + 1 (h2: the last "Kiev")
    # B: kyiv 2 (h3, one through the soft hyphen), kiev 1 (h3) + 2 (h5)
    assert counts == {("A", "Kyiv"): 1, ("A", "Kiev"): 3, ("B", "Kyiv"): 2, ("B", "Kiev"): 3}
    # words: h1 10, h2 8 (URL and e-mail one token each); h3 10, h4 5, h5 9
    assert shares.groupby("outlet")["n_words"].first().to_dict() == {"A": 18, "B": 24}
    outlet = toolkit.term_share(HAND, terms, by="outlet")  # voice="outlet", the default
    counts = outlet.set_index(["outlet", "label"])["count"].to_dict()
    # left out: h1's quoted “Kiev regime” (2 words, after "said"), h3's "Kyiv's mayor" (2
    # words, after a colon), h5's 'Kiev' (1 word: a capitalised word in quotation marks
    # inside a sentence is read as a name, a known failure of the voice model)
    assert counts == {("A", "Kyiv"): 1, ("A", "Kiev"): 2, ("B", "Kyiv"): 1, ("B", "Kiev"): 2}
    assert outlet.groupby("outlet")["n_words"].first().to_dict() == {"A": 16, "B": 21}
    hits = toolkit.term_hits(HAND, terms, window=1)
    assert hits["voice"].tolist() == ["outlet", "quoted", "outlet", "outlet", "outlet",
                                      "quoted", "outlet", "quoted", "outlet"]
    assert hits["match"].tolist() == ["Kyiv", "Kiev regime", "Kiev\nregime", "Kiev",
                                      "Ky\u00adiv", "Kyiv's", "Kiev’s regime", "Kiev",
                                      "Kiev regime's"]
    pd.testing.assert_frame_equal(hits, toolkit.term_hits(HAND, terms, window=1))


def test_term_matches_equal_every_document(demo):
    corpus = pd.concat([toolkit.validate_corpus(demo), toolkit.validate_corpus(HAND)],
                       ignore_index=True)
    assert check_match_terms(corpus, toolkit.load_term_sets("russia_ukraine")) > 100


def test_voice_words_on_awkward_quotes():
    from toolkit._views import voice_words

    texts = [
        "He said 'don't' and 'Kyiv's' and ’90s 'it’s' fine.",
        "A “quote with www.example.com/a”b” link” here. “Second one,” he said.",
        "Na\u00efve ‘caf\u00e9\u0301’s’ and ‘x\u00ady’ and «nested “inner” words» end.",
        "Open “unbalanced\n\nnext paragraph “closed” here.",
        "“”", "", "No marks at all.",
    ]
    corpus = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts})
    found = toolkit.scan(corpus)
    for voice in VOICES:
        expected = reference_match_terms(texts, PhraseMatcher([("zzz", "x")]), voice, None)[0]
        assert np.array_equal(voice_words(found, texts, voice), expected), voice
    assert voice_words(found, texts, "all").tolist() == [len(token_spans(t)) for t in texts]


def test_voice_words_compiled_equal_python_on_allsides():
    from toolkit._views import _voice_words_of, voice_words

    path = ALLSIDES / "articles.jsonl.gz"
    if not path.exists():
        pytest.skip(f"real data not present: {path}")
    corpus = pd.read_json(path, lines=True, compression="gzip", dtype=False, nrows=300)
    texts = toolkit.validate_corpus(corpus.assign(doc_id=corpus["doc_id"].astype(str)))[
        "text"].tolist()
    toolkit.clear_cache()
    found = toolkit.scan(pd.DataFrame({"text": texts}))
    n_words = found.n_words().tolist()
    for voice in ("outlet", "quoted", "scare_quote"):
        expected = [_voice_words_of(text, n_words[row], voice) for row, text in enumerate(texts)]
        assert voice_words(found, texts, voice).tolist() == expected
        assert sum(expected) > 50  # scare-quoted words are few (102 in these 300)
    toolkit.clear_cache()


def test_collocations_by_hand():
    corpus = pd.DataFrame({"doc_id": ["a", "b"], "text": [
        "The Kiev regime fell. Kiev regime again and the regime.",
        "Nothing here but the regime.",
    ]})
    table = toolkit.collocations(corpus, node="kiev", window=2, min_count=1, stopwords=None,
                                 positive_only=False)
    got = table.set_index("collocate")[["count", "count_node", "count_collocate"]]
    # spans (same sentence, 2 tokens each side): "the", "regime", "fell"; "regime", "again"
    assert got.to_dict("index") == {
        "regime": {"count": 2, "count_node": 2, "count_collocate": 4},
        "the": {"count": 1, "count_node": 2, "count_collocate": 3},
        "fell": {"count": 1, "count_node": 2, "count_collocate": 1},
        "again": {"count": 1, "count_node": 2, "count_collocate": 1},
    }
    assert toolkit.collocations(corpus, node="zzz").empty


def test_collocations_equal_every_document(demo):
    corpus = pd.concat([toolkit.validate_corpus(demo).assign(outlet="x"),
                        toolkit.validate_corpus(HAND)], ignore_index=True)
    assert check_node_rows(corpus, ["regime", "kiev regime", "russophob*", "kyiv"]) > 50


@pytest.mark.parametrize("ngram", [1, 2, 3])
def test_term_counts_equal_every_document(demo, ngram):
    corpus = pd.concat([toolkit.validate_corpus(demo), toolkit.validate_corpus(HAND)],
                       ignore_index=True)
    for stopwords in (None, "english"):
        for normalize in (None, "default", "stem"):
            for exclude in (None, ["kyiv", "the", "fox", "news"]):
                if ngram == 1 and normalize is None:
                    continue  # the scan's own term counts: tests/test_scan_cache.py
                expected = _count_terms_python(
                    corpus, ngram=ngram, stops=load_stopwords(stopwords),
                    normalizer=resolve_normalizer(normalize), excluded=_exclusions(exclude),
                    progress=False)
                for _ in range(2):
                    got = _count_terms(corpus, ngram=ngram, stopwords=stopwords,
                                       normalize=normalize, exclude=exclude, progress=False)
                    assert_same_dtm(got, expected)


def test_bigrams_by_hand():
    corpus = pd.DataFrame({"doc_id": ["a", "b"], "text": [
        "Sen Graham (R-S.C.) met Mr. Steele. The Kiev “regime” said.", "Kiev regime, Kiev"]})
    dtm = toolkit.document_term_matrix(corpus, ngram=2, normalize="default")
    # "r-s" and the "c" after it are a party-state tag, "mr" is dropped; pairs stop at
    # punctuation and at dropped words, and join across quotation marks
    assert dtm.terms.tolist() == ["senator graham", "the kiev", "kiev regime", "regime said"]
    assert dtm.counts.toarray().tolist() == [[1, 1, 1, 1], [0, 0, 1, 0]]
    assert dtm.n_counted.tolist() == [4, 1]


# --------------------------------------------------------------------------- real data


def test_views_on_basil(basil_articles):
    corpus = basil_articles
    assert check_kwic(corpus, ["trump", "illegal alien*", "obama"], case=(False,)) > 100
    assert check_match_terms(corpus, {"a": ["trump", "president"], "b": ["obama*"]}) > 100
    assert check_node_rows(corpus, ["trump", "health care"]) > 100
    for ngram, normalize in ((2, None), (1, "default"), (2, "stem")):
        expected = _count_terms_python(corpus, ngram=ngram, stops=load_stopwords("english"),
                                       normalizer=resolve_normalizer(normalize),
                                       excluded=_exclusions(["fox", "times"]), progress=False)
        got = _count_terms(corpus, ngram=ngram, stopwords="english", normalize=normalize,
                           exclude=["fox", "times"], progress=False)
        assert_same_dtm(got, expected)


def test_views_on_allsides(allsides):
    corpus = allsides
    assert check_kwic(corpus, ["white house", "romney*"], case=(False,)) > 100
    assert check_match_terms(corpus, {"a": ["obama", "president obama"], "b": ["romney*"]}) \
        > 100
    assert check_node_rows(corpus, ["obama"]) > 100
    for ngram, normalize in ((2, None), (3, "default"), (1, "stem")):
        expected = _count_terms_python(corpus, ngram=ngram, stops=load_stopwords(None),
                                       normalizer=resolve_normalizer(normalize),
                                       excluded=_exclusions(None), progress=False)
        got = _count_terms(corpus, ngram=ngram, stopwords=None, normalize=normalize,
                           exclude=None, progress=False)
        assert_same_dtm(got, expected)


def test_starters_equal_the_matcher_on_every_type(demo):
    from toolkit._views import _starters

    texts = [*demo["text"], "It's it’s regimes' Russophobic U.S. kiev's Kievs"]
    found = toolkit.scan(pd.DataFrame({"doc_id": range(len(texts)), "text": texts}))
    entries = [("it", "a"), ("regime", "a"), ("russophob*", "b"), ("kiev regime", "b"),
               ("u.s.", "c"), ("regimes", "c"), ("?ussia*", "d")]
    mask = _starters(found, PhraseMatcher(entries))
    fresh = PhraseMatcher(entries)
    expected = [fresh._is_starter(word) for word in found.words]
    assert mask.tolist() == expected
    chosen = {word for word, is_start in zip(found.words, expected, strict=True) if is_start}
    # "it's" is a contraction, not a possessive of "it"; "kievs" is not "kiev"
    assert {"it", "regime", "russophobic", "u.s.", "kiev's"} <= chosen
    assert not {"it's", "kievs"} & chosen


@pytest.mark.filterwarnings("ignore:.*empty text")  # documents without words in the voice
@pytest.mark.parametrize("voice", ["outlet", "quoted"])
def test_keyness_in_a_voice_equals_counting_the_voice_texts(demo, voice):
    from toolkit.voice import _voice_text

    corpus = pd.concat([toolkit.validate_corpus(demo), toolkit.validate_corpus(HAND)],
                       ignore_index=True)
    source = corpus.assign(text=[_voice_text(text, voice) for text in corpus["text"]])
    target = corpus["outlet"].value_counts().index[0]
    for ngram, normalize in ((1, None), (2, "default"), (1, "stem")):
        options = {"by": "outlet", "target": target, "ngram": ngram, "stopwords": "english",
                   "normalize": normalize, "exclude": ["kyiv"]}
        dtm = _count_terms_python(source, ngram=ngram, stops=load_stopwords("english"),
                                  normalizer=resolve_normalizer(normalize),
                                  excluded=_exclusions(["kyiv"]), progress=False)
        expected = toolkit.keyness(source, dtm=dtm, **options)
        assert len(expected) > 20
        for _ in range(2):
            got = toolkit.keyness(corpus, voice=voice, **options)
            pd.testing.assert_frame_equal(got, expected)
            assert got.attrs == {**expected.attrs, "voice": voice}


def test_python_scan_gives_the_same_views(demo, monkeypatch):
    corpus = pd.concat([toolkit.validate_corpus(demo), toolkit.validate_corpus(HAND)],
                       ignore_index=True)
    terms = {"Kyiv": ["kyiv"], "Kiev": ["kiev", "kiev regime"]}

    def results():
        return (toolkit.kwic(corpus, "kiev regime", voice="outlet"),
                toolkit.term_share(corpus, terms),
                toolkit.collocations(corpus, node="regime", min_count=1),
                toolkit.collocations(corpus, min_count=2),
                toolkit.term_frequency(corpus, ngram=2, normalize="default"))

    compiled = results()
    toolkit.clear_cache()
    monkeypatch.setattr("toolkit.analysis._load_kernel", lambda: None)
    assert toolkit.scan(corpus).kernel == "python"
    for got, expected in zip(results(), compiled, strict=True):
        assert len(expected) > 0
        pd.testing.assert_frame_equal(got, expected)


def test_words_in_a_voice_are_the_same_whichever_function_counts_them_first():
    # lexicon_counts (every document tokenized whole) and term_share (quotations tokenized
    # alone, toolkit._views.voice_words) keep one shared view of the words in a voice: either
    # may fill it, so both must count alike. By hand: document a has 8 words, 4 of them in
    # the quotation, so 4 in the outlet's voice; b has 8 words, 1 of them quoted: 7.
    corpus = pd.DataFrame({
        "doc_id": ["a", "b"], "outlet": ["X", "X"],
        "text": ['He said: "the Kiev regime fell." Kyiv stands.',
                 'Officials call it a “liberation” of the town.'],
    })
    lexicon = toolkit.load_lexicon({"loaded": ["regime"]})
    results = []
    for first in ("lexicon", "views"):
        toolkit.clear_cache()
        if first == "views":
            toolkit.term_share(corpus, {"capital": {"Kyiv": ["kyiv"], "Kiev": ["kiev"]}},
                               voice="outlet", progress=False)
        results.append(toolkit.lexicon_counts(corpus, lexicon, voice="outlet", total=True,
                                              progress=False))
    pd.testing.assert_frame_equal(results[0], results[1])
    found = toolkit.scan(corpus)
    assert found._views[("voice words", "outlet")].tolist() == [4, 7]
    toolkit.clear_cache()
