"""Word and n-gram frequencies: count once into a sparse matrix, aggregate many times."""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from toolkit._grouping import group_codes, group_keys, resolve_by
from toolkit._progress import progress_bar
from toolkit.corpus import validate_corpus
from toolkit.normalize import Normalizer, resolve_normalizer
from toolkit.tokens import is_joined, load_stopwords, ngrams, token_spans, tokenize
from toolkit.tokens import normalize as normalize_token

__all__ = ["DocumentTermMatrix", "document_term_matrix", "term_frequency", "FREQUENCY_COLUMNS"]

FREQUENCY_COLUMNS = ("term", "count", "docfreq", "n_words", "n_counted", "per_10k", "rank")


@dataclass(frozen=True)
class DocumentTermMatrix:
    """Sparse document-term counts, computed once and aggregated many times.

    Attributes
    ----------
    counts : scipy.sparse.csr_matrix
        ``(n_documents, n_terms)`` integer counts.
    doc_ids : numpy.ndarray
        ``doc_id`` of each row, in corpus order.
    terms : numpy.ndarray
        The term of each column (n-grams space-joined).
    n_words : numpy.ndarray
        Word tokens per document (:func:`toolkit.tokenize`), whatever was left out of the
        counts: **the denominator of every rate** (``per_10k``), so a stopword list,
        normalisation or exclusion never changes a rate's denominator.
    n_counted : numpy.ndarray
        Terms counted per document (the row sums of ``counts``): after stopwords, exclusions
        and normalisation drops; for n-grams, the n-grams counted.
    ngram : int
        The n-gram order counted.
    """

    counts: sparse.csr_matrix
    doc_ids: np.ndarray
    terms: np.ndarray
    n_words: np.ndarray
    n_counted: np.ndarray
    ngram: int
    # (scan, number) when ``counts`` is a matrix shared in that scan's views: results derived
    # from it alone are then kept in the scan too (:meth:`_kept`)
    _source: Any = field(default=None, repr=False, compare=False)

    def _kept(self, what: str, of: np.ndarray, compute: Any) -> Any:
        """``compute()``, kept in the scan ``counts`` came from, for this matrix and the content
        of ``of`` (a grouping's codes, a selection of rows): a repeated call with the same corpus
        and the same groups reuses it. The last few are kept (:meth:`toolkit.Scan.recent`)."""
        if self._source is None:
            return compute()
        import hashlib

        found, number = self._source
        array = np.ascontiguousarray(of)
        digest = hashlib.sha256(array.tobytes()).hexdigest()
        return found.recent((what, number, str(array.dtype), array.shape, digest), compute)

    @property
    def n_tokens(self) -> np.ndarray:
        """Deprecated name of :attr:`n_counted` (it was ambiguous: see :attr:`n_words`)."""
        warnings.warn("DocumentTermMatrix.n_tokens is deprecated: use n_counted (terms counted) "
                      "or n_words (all word tokens, the denominator of rates)",
                      DeprecationWarning, stacklevel=2)
        return self.n_counted

    def term_index(self) -> dict[str, int]:
        """Mapping term -> column number."""
        return {term: i for i, term in enumerate(self.terms)}

    def aggregate(self, codes: np.ndarray, n_groups: int) -> tuple:
        """Counts, document frequencies, word totals and counted-term totals per group code.

        Returns ``(counts, docfreq, n_words, n_counted)`` with one row per group; ``counts`` and
        ``docfreq`` share one sparsity pattern. For a matrix made from a corpus's shared scan
        (as :func:`document_term_matrix` makes them) the result is kept in the scan for the
        same ``codes`` and shared: its arrays are read-only (copy them to change them).
        """
        codes = np.asarray(codes)
        return self._kept(f"frequency.aggregate {n_groups}", codes,
                          lambda: self._aggregate(codes, n_groups))

    def _aggregate(self, codes: np.ndarray, n_groups: int) -> tuple:
        n_docs = self.counts.shape[0]
        indicator = sparse.csr_matrix(
            (np.ones(n_docs, dtype=np.int64), (codes, np.arange(n_docs))), shape=(n_groups, n_docs)
        )
        present = sparse.csr_matrix(
            (np.ones(len(self.counts.data), dtype=self.counts.data.dtype), self.counts.indices,
             self.counts.indptr), shape=self.counts.shape)
        group_counts = (indicator @ self.counts).tocsr()
        group_docfreq = (indicator @ present).tocsr()
        for matrix in (group_counts, group_docfreq):
            matrix.sum_duplicates()
            matrix.sort_indices()
        found = (group_counts, group_docfreq, indicator @ self.n_words,
                 indicator @ self.n_counted)
        if self._source is not None:  # kept and shared: read-only
            for array in (group_counts.data, group_counts.indices, group_counts.indptr,
                          group_docfreq.data, group_docfreq.indices, group_docfreq.indptr,
                          *found[2:]):
                array.flags.writeable = False
        return found


def _drop_edges(grams: list[str], stopwords: frozenset[str]) -> list[str]:
    """N-grams that neither start nor end with a stopword ("of the", "the kiev" are dropped)."""
    kept = []
    for gram in grams:
        first, _, rest = gram.partition(" ")
        last = rest.rpartition(" ")[2]
        if first not in stopwords and last not in stopwords:
            kept.append(gram)
    return kept


def _terms_of(text: str, ngram: int, stopwords: frozenset[str], normalizer: Normalizer | None,
              exclude: frozenset[str]) -> tuple[int, list[str]]:
    """``(word tokens, terms to count)`` of one text.

    Order: tokenize, normalise (dropped tokens break n-gram runs), then leave out stopwords
    (unigrams; n-grams that start or end with one) and excluded words (unigrams; n-grams
    containing one). Stopwords and exclusions are compared with the normalised, unstemmed
    token, so ``stopwords="english"`` still knows "the" when stemming is on.
    """
    if normalizer is None and not exclude:
        if ngram == 1:
            tokens = tokenize(text)
            n_words = len(tokens)
            return n_words, ([t for t in tokens if t not in stopwords] if stopwords else tokens)
        grams = ngrams(text, ngram)
        n_words = len(tokenize(text))
        return n_words, (_drop_edges(grams, stopwords) if stopwords else grams)
    spans = token_spans(text)
    tokens = [token for token, _, _ in spans]
    mapped = normalizer(tokens) if normalizer is not None else tokens
    surface = mapped
    if normalizer is not None and normalizer.stem:
        # stopwords and exclusions are words, not stems: compare before stemming
        surface = normalizer.unstemmed()(tokens)
    if ngram == 1:
        terms = [term for term, word in zip(mapped, surface, strict=True)
                 if term is not None and word not in stopwords and word not in exclude]
        return len(tokens), terms
    terms: list[str] = []
    run: list[tuple[str, str]] = []

    def flush() -> None:
        for i in range(len(run) - ngram + 1):
            window = run[i:i + ngram]
            words = [word for _, word in window]
            if words[0] in stopwords or words[-1] in stopwords:
                continue
            if exclude and any(word in exclude for word in words):
                continue
            terms.append(" ".join(term for term, _ in window))

    previous_end = None
    for (_, start, end), term, word in zip(spans, mapped, surface, strict=True):
        if term is None or (previous_end is not None and not is_joined(text, previous_end,
                                                                         start)):
            flush()
            run = []
        if term is not None:
            run.append((term, word))
        previous_end = end
    flush()
    return len(tokens), terms


def _exclusions(exclude: str | Iterable[str] | None) -> frozenset[str]:
    if exclude is None:
        return frozenset()
    if isinstance(exclude, str):
        exclude = [exclude]
    words = set()
    for word in exclude:
        if not isinstance(word, str):
            raise ValueError(f"`exclude` must be words (str), got {word!r}; e.g. "
                             "exclude=toolkit.self_name_terms(corpus['outlet'].unique())")
        words.add(normalize_token(word))
    return frozenset(words)


def document_term_matrix(
    corpus: pd.DataFrame,
    *,
    ngram: int = 1,
    stopwords: str | Iterable[str] | None = None,
    normalize: object = None,
    exclude: str | Iterable[str] | None = None,
    progress: bool | None = None,
) -> DocumentTermMatrix:
    """Tokenize every document once and store its term counts in a sparse matrix.

    Parameters
    ----------
    corpus : pandas.DataFrame
        A corpus (see :func:`toolkit.validate_corpus`).
    ngram : int, default 1
        Count single words (1), bigrams (2), trigrams (3), ... N-grams never span punctuation
        (see :func:`toolkit.tokens.ngrams`).
    stopwords : "english", iterable of str or None
        Words to leave out; for n-grams, those that start or end with a stopword are left out.
        ``["english", "said"]`` is the English list plus "said".
    normalize : None, "default", "stem", mapping or Normalizer, default None
        Map tokens to one spelling before counting (``f.b.i.`` → ``fbi``, ``mr`` dropped,
        ``sen`` → ``senator``, party-state tags dropped; ``"stem"`` adds Snowball stemming):
        see :mod:`toolkit.normalize` for the default map and why.
    exclude : iterable of str, optional
        Words never counted as terms (n-grams containing one are left out too), e.g. outlet
        self-names from :func:`toolkit.self_name_terms`. Compared after normalisation.
    progress : bool or None
        Show a progress bar (None: only for 5,000 documents or more).

    Returns
    -------
    DocumentTermMatrix
        With ``n_words`` (all word tokens per document: the denominator of rates) and
        ``n_counted`` (terms counted per document).

    Example
    -------
    >>> import toolkit
    >>> dtm = document_term_matrix(toolkit.demo_corpus())
    >>> dtm.counts.shape[0] == len(toolkit.demo_corpus())
    True
    """
    return _count_terms(validate_corpus(corpus), ngram=ngram, stopwords=stopwords,
                        normalize=normalize, exclude=exclude, progress=progress)


def _count_terms(
    corpus: pd.DataFrame,
    *,
    ngram: int,
    stopwords: str | Iterable[str] | None,
    progress: bool | None,
    normalize: object = None,
    exclude: str | Iterable[str] | None = None,
    found: Any = None,
) -> DocumentTermMatrix:
    """:func:`document_term_matrix` of a corpus that callers have validated already.

    Every count is read from the corpus's shared scan (:func:`toolkit.scan`), or from
    ``found``, the scan of other texts for the same documents (:func:`toolkit.keyness` passes
    the scan of the texts in one voice). ``_count_terms_python`` is the document-by-document
    reference the tests compare with.
    """
    from toolkit.scan import scan

    if not isinstance(ngram, int) or isinstance(ngram, bool) or ngram < 1:
        raise ValueError(f"`ngram` must be a positive integer, got {ngram!r}")
    stops = load_stopwords(stopwords)
    normalizer = resolve_normalizer(normalize)
    excluded = _exclusions(exclude)
    if found is None:
        found = scan(corpus)
    if ngram == 1 and normalizer is None:
        # words: without a normaliser, an excluded word is left out exactly like a stopword
        shared, terms, n_counted = found.term_counts(stops | excluded)  # read-only, shared
    else:
        # n-grams and normalised terms, from the word ids and the joined flags
        from toolkit._views import term_counts

        shared, terms, n_counted = term_counts(found, ngram=ngram, stops=stops,
                                               normalizer=normalizer, excluded=excluded)
    matrix = sparse.csr_matrix((shared.data, shared.indices, shared.indptr),
                               shape=shared.shape, copy=False)
    # the shared matrix lives as long as the scan's views: its id names it there
    return DocumentTermMatrix(matrix, corpus["doc_id"].to_numpy(dtype=object), terms,
                              found.n_words(), n_counted, ngram, _source=(found, id(shared)))


def _count_terms_python(corpus: pd.DataFrame, *, ngram: int, stops: frozenset[str],
                        normalizer: Normalizer | None, excluded: frozenset[str],
                        progress: bool | None) -> DocumentTermMatrix:
    """:func:`_count_terms` document by document, with :func:`toolkit.tokens.ngrams`."""
    vocabulary: dict[str, int] = {}
    indptr = [0]
    indices: list[int] = []
    data: list[int] = []
    n_words = np.zeros(len(corpus), dtype=np.int64)
    n_counted = np.zeros(len(corpus), dtype=np.int64)
    texts = corpus["text"].tolist()
    for row, text in enumerate(progress_bar(texts, total=len(texts), desc="counting terms",
                                            progress=progress)):
        n_words[row], terms = _terms_of(text, ngram, stops, normalizer, excluded)
        counts = Counter(terms)
        n_counted[row] = len(terms)
        for term, count in counts.items():
            indices.append(vocabulary.setdefault(term, len(vocabulary)))
            data.append(count)
        indptr.append(len(indices))
    matrix = sparse.csr_matrix(
        (np.asarray(data, dtype=np.int64), np.asarray(indices, dtype=np.int64), indptr),
        shape=(len(corpus), len(vocabulary)),
    )
    terms = np.empty(len(vocabulary), dtype=object)
    for term, column in vocabulary.items():
        terms[column] = term
    return DocumentTermMatrix(matrix, corpus["doc_id"].to_numpy(dtype=object), terms, n_words,
                              n_counted, ngram)


def term_frequency(
    corpus: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = "outlet",
    ngram: int = 1,
    stopwords: str | Iterable[str] | None = None,
    normalize: object = None,
    exclude: str | Iterable[str] | None = None,
    min_count: int = 1,
    dtm: DocumentTermMatrix | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Count each term within each group of documents.

    Rates are per 10,000 *words* (``n_words``: every word token of the group's texts), not per
    counted term: leaving out stopwords or normalising must not change the rate of "kyiv",
    and a rate per 10,000 words is then the same number here, in :func:`toolkit.keyness`
    (``per_10k_target``) and in :func:`toolkit.term_share` (``per_10k``).

    Parameters
    ----------
    corpus : pandas.DataFrame
        A corpus (see :func:`toolkit.validate_corpus`).
    by : str, list of str or None, default "outlet"
        Grouping columns. ``None`` treats the corpus as one group; ``"doc_id"`` gives one group
        per document. ``"year"``, ``"quarter"``, ``"month"``, ``"week"`` and ``"day"`` are
        derived from ``date`` unless the corpus has such a column. Missing group values form
        their own group (they are not dropped).
    ngram : int, default 1
        N-gram order; terms of n-grams are space-joined (``"kiev regime"``).
    stopwords : "english", iterable of str or None
        Words to leave out (see :func:`document_term_matrix`); ``["english", "fox"]`` is the
        English list plus "fox".
    normalize : None, "default", "stem", mapping or Normalizer, default None
        One spelling per word before counting (see :mod:`toolkit.normalize`).
    exclude : iterable of str, optional
        Words never counted (e.g. :func:`toolkit.self_name_terms`).
    min_count : int, default 1
        Drop rows whose ``count`` is below this (after computing totals and ``rank``).
    dtm : DocumentTermMatrix, optional
        Reuse counts computed earlier by :func:`document_term_matrix` for this corpus (then
        ``ngram``, ``stopwords``, ``normalize`` and ``exclude`` are taken from how it was made).
    progress : bool or None
        Show a progress bar while counting.

    Returns
    -------
    pandas.DataFrame
        One row per (group, term): the ``by`` columns, ``term``, ``count`` (occurrences in the
        group), ``docfreq`` (documents of the group containing it), ``n_words`` (all word
        tokens of the group, whatever was left out: the denominator), ``n_counted`` (terms
        counted in the group after stopwords, normalisation drops and exclusions, so
        ``count`` sums to it when ``min_count=1``), ``per_10k`` (``count / n_words * 10_000``:
        per 10,000 words) and ``rank`` (1 = most frequent in its group; ties share the lowest
        rank). Sorted by group, then rank, then term. (``n_words`` and ``n_counted`` replace
        the former ``n_tokens``, which was the counted total.)

    Example
    -------
    >>> import toolkit
    >>> table = term_frequency(toolkit.demo_corpus(), by="outlet", stopwords="english")
    >>> table.columns.tolist()
    ['outlet', 'term', 'count', 'docfreq', 'n_words', 'n_counted', 'per_10k', 'rank']
    """
    if not isinstance(min_count, int) or min_count < 1:
        raise ValueError(f"`min_count` must be a positive integer, got {min_count!r}")
    corpus = validate_corpus(corpus)
    by_columns = resolve_by(by)
    keys = group_keys(corpus, by_columns)
    if dtm is None:
        dtm = _count_terms(corpus, ngram=ngram, stopwords=stopwords, normalize=normalize,
                           exclude=exclude, progress=progress)
    elif len(dtm.doc_ids) != len(corpus) or not np.array_equal(
        dtm.doc_ids, corpus["doc_id"].to_numpy(dtype=object)
    ):
        raise ValueError("`dtm` was not built from this corpus (its doc_ids differ); rebuild it "
                         "with toolkit.document_term_matrix(corpus)")
    codes, groups = group_codes(keys)
    counts, docfreq, words, counted = dtm.aggregate(codes, len(groups))
    order, rank = dtm._kept(f"frequency.order {len(groups)}", codes,
                            lambda: _rank_order(dtm, counts))
    row_of = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))[order]
    table = groups.iloc[row_of].reset_index(drop=True)
    table["term"] = _term_array(dtm).take(counts.indices[order])
    table["count"] = counts.data[order].astype(np.int64)
    table["docfreq"] = docfreq.data[order].astype(np.int64)
    table["n_words"] = words[row_of].astype(np.int64)
    table["n_counted"] = counted[row_of].astype(np.int64)
    table["per_10k"] = table["count"] / table["n_words"] * 10_000
    table["rank"] = rank
    if min_count > 1:
        table = table[table["count"] >= min_count]
    return table.reset_index(drop=True)[[*by_columns, *FREQUENCY_COLUMNS]]


def _term_array(dtm: DocumentTermMatrix) -> Any:
    """``dtm.terms`` as the array pandas makes of them (Arrow strings where pandas stores str
    so), made once per shared matrix: taking rows from it is cheaper than converting the terms
    of every row of a table."""
    def compute() -> Any:
        return pd.Series(dtm.terms, dtype=None).array

    if dtm._source is None:
        return compute()
    found, number = dtm._source
    return found.view(("frequency.term array", number), compute)


def _rank_order(dtm: DocumentTermMatrix, counts: sparse.csr_matrix) -> tuple[np.ndarray, ...]:
    """The rows of a :func:`term_frequency` table (the nonzeros of ``counts``, groups x terms)
    in the table's order -- group, then rank, then term -- and each row's ``rank`` in that
    order. Within a group a higher count has a lower (better) rank and equal counts share the
    lowest one, so ordering by count (descending) and term is ordering by rank and term; the
    terms' order is that of Python's ``str`` comparison (code points), as pandas sorts them."""
    def term_positions() -> np.ndarray:
        position = np.empty(len(dtm.terms), dtype=np.int64)
        position[np.argsort(dtm.terms, kind="stable")] = np.arange(len(dtm.terms))
        return position

    if dtm._source is None:
        position = term_positions()
    else:
        found, number = dtm._source
        position = found.view(("frequency.term positions", number), term_positions)
    group = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
    count = counts.data.astype(np.int64)
    order = np.lexsort((position[counts.indices], -count, group))
    group, count = group[order], count[order]
    n = len(order)
    # rank "min": 1 + (where this count's run starts) - (where the group starts)
    new_group = np.ones(n, dtype=bool)
    new_group[1:] = group[1:] != group[:-1]
    new_run = new_group.copy()
    new_run[1:] |= count[1:] != count[:-1]
    positions = np.arange(n)
    run_start = np.maximum.accumulate(np.where(new_run, positions, 0))
    group_start = np.maximum.accumulate(np.where(new_group, positions, 0))
    rank = (run_start - group_start + 1).astype(np.int64)
    for array in (order, rank):
        array.flags.writeable = False
    return order, rank
