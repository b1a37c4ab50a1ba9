"""Collocations: word pairs that occur together more often than chance.

Two kinds of co-occurrence are counted, each as a 2×2 contingency table scored by the same
association measures.

Adjacent bigrams (``node=None``)
    The sample is every pair of neighbouring tokens that are *joined* (only whitespace or
    quotation marks between them; see :func:`toolkit.tokens.ngrams`), so no pair crosses a
    comma, a sentence end or a paragraph break. For the pair (w1, w2): O11 = count of the
    bigram, R1 = ``count_word1`` (pairs with w1 first), C1 = ``count_word2`` (pairs with
    w2 second) and N = number of pairs in the group.
Words around a node (``node="regime"``)
    The node is found with :class:`toolkit.PhraseMatcher`, so it may be a word (which also
    matches its possessive), a phrase or a glob (``russophob*``). Its *span* is the ``window``
    tokens on each side, **within the same sentence** (:func:`toolkit.tokens.sentence_spans`);
    overlapping spans of nearby node occurrences count each token once, and node tokens are
    never part of a span (Evert 2008, "surface co-occurrence"). For a collocate w:
    O11 = ``count`` (tokens of w inside spans), R1 = total span size, C1 = ``count_collocate``
    (tokens of w in the group) and N = tokens in the group.

With E11 = R1 · C1 / N the scores are

``log_likelihood``
    G² = 2 Σ O ln(O / E) over the four cells (Dunning 1993), signed: negative where the pair
    occurs less often than expected. Equal in size to NLTK's
    ``BigramAssocMeasures.likelihood_ratio``.
``pmi``
    Pointwise mutual information log2(O11 / E11) (Church & Hanks 1990). It favours rare
    pairs; use it with ``min_count`` of 3 or more.
``t_score``
    (O11 − E11) / √O11 (Church et al. 1991): favours frequent pairs.

Defaults (a research judgement, made so that a first call shows collocations rather than grammar):
stopwords (``stopwords="english"``) are removed from the *output* only; they still count in N and
the marginals, as in NLTK's ``apply_word_filter``, so the scores of the remaining pairs do not
depend on the stopword list. Pairs that co-occur *no more often than expected*
(O11 ≤ E11: a G² and PMI of 0 or below) are dropped too (``positive_only=True``): a
collocation is a pair that attracts, and a list topped by "the", "and" or by repelling pairs
answers a different question. ``stopwords=None`` and ``positive_only=False`` keep them all.

References
----------
Church, K. W. & Hanks, P. (1990). Word association norms, mutual information, and
lexicography. *Computational Linguistics* 16(1), 22–29.
Church, K., Gale, W., Hanks, P. & Hindle, D. (1991). Using statistics in lexical analysis. In
U. Zernik (ed.), *Lexical Acquisition*, 115–164.
Evert, S. (2008). Corpora and collocations. In A. Lüdeling & M. Kytö (eds.), *Corpus
Linguistics. An International Handbook*, article 58. Mouton de Gruyter.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from toolkit._errors import check_choice
from toolkit._grouping import group_codes, group_keys, resolve_by
from toolkit._progress import progress_bar
from toolkit.corpus import validate_corpus
from toolkit.frequency import _count_terms
from toolkit.matcher import PhraseMatcher
from toolkit.tokens import load_stopwords, sentence_spans, token_spans

__all__ = ["collocations", "COLLOCATION_MEASURES"]

COLLOCATION_MEASURES = ("log_likelihood", "pmi", "t_score")
_MEASURE_ALIASES = {"t": "t_score", "ll": "log_likelihood"}
_SCORES = ("log_likelihood", "pmi", "t_score")


def _signed_g2(o11: np.ndarray, r1: np.ndarray, c1: np.ndarray, n: np.ndarray) -> np.ndarray:
    """G² of 2×2 tables given O11, the first row and column totals and N; 0 · ln 0 = 0.

    (Kept here rather than imported from :mod:`toolkit.keyness`: importing a submodule
    named like a lazily exported function would replace ``toolkit.keyness`` by the module.)
    """
    r2, c2 = n - r1, n - c1
    observed = (o11, r1 - o11, c1 - o11, n - r1 - c1 + o11)
    expected = (r1 * c1 / n, r1 * c2 / n, r2 * c1 / n, r2 * c2 / n)
    total = np.zeros(np.shape(o11))
    with np.errstate(divide="ignore", invalid="ignore"):
        for o, e in zip(observed, expected, strict=True):
            total = total + np.where(o > 0, o * np.log(o / e), 0.0)
    g2 = np.maximum(2.0 * total, 0.0)
    return np.where(o11 >= expected[0], g2, -g2)


def _scores(o11: np.ndarray, r1: np.ndarray, c1: np.ndarray, n: np.ndarray) -> dict:
    """Association scores of 2×2 tables given O11, the row and column totals and N."""
    o11, r1, c1, n = (np.asarray(x, dtype=float) for x in (o11, r1, c1, n))
    expected = r1 * c1 / n
    with np.errstate(divide="ignore", invalid="ignore"):
        return {
            "log_likelihood": _signed_g2(o11, r1, c1, n),
            "pmi": np.log2(o11 / expected),
            "t_score": (o11 - expected) / np.sqrt(o11),
        }


def _bigram_rows(corpus: pd.DataFrame, codes: np.ndarray, n_groups: int,
                 progress: bool | None) -> pd.DataFrame:
    """Per group: each bigram's count, its first- and second-word marginals and N."""
    dtm = _count_terms(corpus, ngram=2, stopwords=None, progress=progress)
    counts, _, _, n_pairs = dtm.aggregate(codes, n_groups)  # N: the bigrams counted
    counts = counts.tocoo()
    pairs = pd.Series(dtm.terms, dtype=object).str.split(" ", n=1)
    first = pairs.str[0].to_numpy(dtype=object)
    second = pairs.str[1].to_numpy(dtype=object)
    table = pd.DataFrame(
        {
            "_group": counts.row.astype(np.int64),
            "word1": first[counts.col],
            "word2": second[counts.col],
            "count": counts.data.astype(np.int64),
        }
    )
    table["count_word1"] = table.groupby(["_group", "word1"])["count"].transform("sum")
    table["count_word2"] = table.groupby(["_group", "word2"])["count"].transform("sum")
    table["_n"] = n_pairs[table["_group"].to_numpy()]
    return table


def _node_spans(text: str, spans, matches, window: int) -> tuple[int, Counter]:
    """Span size and collocates in the spans of one document's node ``matches``."""
    sentence_starts = [start for start, _ in sentence_spans(text)]
    sentence_of = [bisect_right(sentence_starts, start) - 1 for _, start, _ in spans]
    node_positions = {i for m in matches for i in range(m.token_start, m.token_end)}
    in_span: set[int] = set()
    for m in matches:
        sentence = sentence_of[m.token_start]
        around = [*range(max(0, m.token_start - window), m.token_start),
                  *range(m.token_end, min(len(spans), m.token_end + window))]
        in_span.update(i for i in around if sentence_of[i] == sentence)
    in_span -= node_positions
    return len(in_span), Counter(spans[i][0] for i in in_span)


def _node_documents(corpus: pd.DataFrame, matcher: PhraseMatcher, node: str, window: int,
                    progress: bool | None):
    """``(found scan, ((row, node occurrences, span size, collocates), ...))`` for the
    documents where ``node`` occurs: only those where the corpus's shared scan has a token
    at which it may start are tokenized again (the others cannot hold it), and the result is
    kept in the scan for a repeated call."""
    from toolkit._views import candidate_rows
    from toolkit.scan import scan

    found = scan(corpus)
    texts = corpus["text"]

    def compute() -> tuple[tuple, ...]:
        documents = []
        rows = candidate_rows(found, matcher).tolist()
        for row in progress_bar(rows, total=len(rows), desc="collocations", progress=progress):
            text = texts.iat[row]
            spans = token_spans(text)
            matches = matcher.find_in_spans(text, spans)
            if matches:
                documents.append((row, len(matches), *_node_spans(text, spans, matches, window)))
        return tuple(documents)

    return found, found.view(("collocations.node", node, window), compute)


def _node_rows(corpus: pd.DataFrame, codes: np.ndarray, n_groups: int, node: str,
               window: int, progress: bool | None) -> pd.DataFrame:
    """Per group: each collocate's count in the node's spans, its frequency, span size, N."""
    from toolkit._views import type_counts, word_index

    try:
        matcher = PhraseMatcher([(node, "node")])
    except ValueError as err:
        raise ValueError(f"`node` {node!r} cannot be used: {err}") from None
    found, documents = _node_documents(corpus, matcher, node, window, progress)
    cooccurrence = [Counter() for _ in range(n_groups)]
    n_nodes = np.zeros(n_groups, dtype=np.int64)
    span_size = np.zeros(n_groups, dtype=np.int64)
    for row, doc_nodes, doc_span, doc_cooc in documents:
        code = codes[row]
        cooccurrence[code].update(doc_cooc)
        n_nodes[code] += doc_nodes
        span_size[code] += doc_span
    # N and each collocate's frequency in its group, from the scan's counts
    n_words = np.bincount(codes, weights=found.n_words(), minlength=n_groups).astype(np.int64)
    index = word_index(found)
    collocates = sorted({word for counter in cooccurrence for word in counter})
    column = {word: k for k, word in enumerate(collocates)}
    ids = np.array([index[word] for word in collocates], dtype=np.int64)

    def count_collocates() -> np.ndarray:
        counts = type_counts(found, codes, n_groups, ids)
        counts.flags.writeable = False  # kept in the scan: read-only
        return counts

    # the collocates follow from the node and the window: kept per grouping of the documents
    grouping = hashlib.sha256(np.ascontiguousarray(codes, dtype=np.int64).tobytes()).hexdigest()
    frequency = found.recent(("collocations.frequency", node, window, n_groups, grouping),
                             count_collocates)
    rows = []
    for code in range(n_groups):
        n = int(n_words[code])
        for word, count in cooccurrence[code].items():
            rows.append((code, node, word, count, n_nodes[code],
                         int(frequency[code, column[word]]), span_size[code], n))
    return pd.DataFrame(
        rows,
        columns=["_group", "node", "collocate", "count", "count_node", "count_collocate",
                 "_r1", "_n"],
    )


def collocations(
    corpus: pd.DataFrame,
    *,
    node: str | None = None,
    by: str | Sequence[str] | None = None,
    window: int = 5,
    min_count: int = 3,
    measure: str = "log_likelihood",
    stopwords: str | Iterable[str] | None = "english",
    positive_only: bool = True,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Adjacent-word collocations, or the words that surround a node word.

    How pairs are counted and scored is described in :mod:`toolkit.collocations`.

    Parameters
    ----------
    corpus : pandas.DataFrame
        A corpus (see :func:`toolkit.validate_corpus`); it is not modified.
    node : str or None, default None
        ``None``: score adjacent bigrams. A word, phrase or glob (``"regime"``,
        ``"kiev regime"``, ``"russophob*"``): score the words within ``window`` tokens of it.
    by : str, list of str or None, default None
        Count and score separately within each group (e.g. ``"outlet"``); ``None`` treats the
        corpus as one group.
    window : int, default 5
        Tokens on each side of the node (within its sentence). Ignored for bigrams.
    min_count : int, default 3
        Keep pairs seen at least this often (``count``).
    measure : {"log_likelihood", "pmi", "t_score"}, default "log_likelihood"
        The score to sort by, descending (``"t"`` is accepted for ``"t_score"``).
    stopwords : "english", iterable of str or None, default "english"
        Drop pairs containing one of these words from the result (they still count in N and
        the marginals, so the other rows do not change). ``["english", "said"]`` is the English
        list plus "said"; ``None`` keeps every word.
    positive_only : bool, default True
        Keep only pairs that occur more often than expected by chance (O11 > E11, so
        ``log_likelihood`` and ``pmi`` are positive). ``False`` also lists pairs that repel
        each other (negative scores) or are independent.
    progress : bool or None
        Show a progress bar.

    Returns
    -------
    pandas.DataFrame
        Bigrams: the ``by`` columns, ``word1``, ``word2``, ``count`` (bigram occurrences),
        ``count_word1``, ``count_word2`` (bigrams starting with ``word1`` / ending with
        ``word2``), ``log_likelihood``, ``pmi``, ``t_score``.
        Node: the ``by`` columns, ``node``, ``collocate``, ``count`` (occurrences of the
        collocate within the node's spans), ``count_node`` (occurrences of the node),
        ``count_collocate`` (occurrences of the collocate in the group), ``log_likelihood``,
        ``pmi``, ``t_score``.
        Sorted by group, then ``measure`` descending, then ``count`` descending. A node that
        never occurs gives an empty table with these columns.

    Example
    -------
    >>> import toolkit
    >>> toolkit.collocations(toolkit.demo_corpus(), node="regime", by="outlet",
    ...                      min_count=2).head()  # doctest: +SKIP
    """
    measure = _MEASURE_ALIASES.get(measure, measure)
    check_choice("measure", measure, COLLOCATION_MEASURES)
    for name, value, lowest in (("window", window, 1), ("min_count", min_count, 1)):
        if not isinstance(value, int) or isinstance(value, bool) or value < lowest:
            raise ValueError(f"`{name}` must be an integer >= {lowest}, got {value!r}")
    if not isinstance(positive_only, bool):
        raise TypeError(f"`positive_only` must be True or False, got {positive_only!r}")
    if node is not None and not isinstance(node, str):
        raise TypeError(f"`node` must be a word, phrase or glob (str) or None, got {node!r}")
    corpus = validate_corpus(corpus)
    by_columns = resolve_by(by)
    codes, groups = group_codes(group_keys(corpus, by_columns))
    stops = load_stopwords(stopwords)

    if node is None:
        words, marginals = ["word1", "word2"], ["count_word1", "count_word2"]
        rows = _bigram_rows(corpus, codes, len(groups), progress)
        r1, c1 = rows["count_word1"], rows["count_word2"]
        unwanted = rows["word1"].isin(stops) | rows["word2"].isin(stops)
    else:
        words, marginals = ["node", "collocate"], ["count_node", "count_collocate"]
        rows = _node_rows(corpus, codes, len(groups), node, window, progress)
        r1, c1 = rows["_r1"], rows["count_collocate"]
        unwanted = rows["collocate"].isin(stops)
    columns = [*by_columns, *words, "count", *marginals, *_SCORES]
    if rows.empty:
        return pd.DataFrame({column: [] for column in columns})

    scores = _scores(rows["count"], r1, c1, rows["_n"])
    for name in _SCORES:
        rows[name] = scores[name]
    keep = (rows["count"] >= min_count) & ~unwanted
    if positive_only:
        # O11 > E11 = R1 C1 / N, compared in integers so that O11 = E11 is exactly dropped
        keep &= (rows["count"].astype(np.int64) * rows["_n"].astype(np.int64)
                 > r1.astype(np.int64) * c1.astype(np.int64))
    rows = rows[keep]
    rows = rows.sort_values(["_group", measure, "count", *words],
                            ascending=[True, False, False, True, True], kind="stable")
    group_columns = groups.iloc[rows["_group"].to_numpy()].reset_index(drop=True)
    table = pd.concat([group_columns, rows.reset_index(drop=True)], axis=1)
    for column in ("count", *marginals):
        table[column] = table[column].astype(np.int64)
    return table[columns]

