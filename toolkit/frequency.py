"""Word and n-gram frequencies: count once into a sparse matrix, aggregate many times."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from toolkit._grouping import group_codes, group_keys, resolve_by
from toolkit._progress import progress_bar
from toolkit.corpus import validate_corpus
from toolkit.tokens import load_stopwords, ngrams

__all__ = ["DocumentTermMatrix", "document_term_matrix", "term_frequency", "FREQUENCY_COLUMNS"]

FREQUENCY_COLUMNS = ("term", "count", "docfreq", "n_tokens", "per_10k", "rank")


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
    n_tokens : numpy.ndarray
        Terms per document after stopword filtering (the denominator of rates).
    ngram : int
        The n-gram order counted.
    """

    counts: sparse.csr_matrix
    doc_ids: np.ndarray
    terms: np.ndarray
    n_tokens: np.ndarray
    ngram: int

    def term_index(self) -> dict[str, int]:
        """Mapping term -> column number."""
        return {term: i for i, term in enumerate(self.terms)}

    def aggregate(self, codes: np.ndarray, n_groups: int) -> tuple[sparse.csr_matrix, ...]:
        """Counts, document frequencies and token totals per group code.

        Returns ``(counts, docfreq, n_tokens)`` with one row per group; ``counts`` and
        ``docfreq`` share one sparsity pattern.
        """
        n_docs = self.counts.shape[0]
        indicator = sparse.csr_matrix(
            (np.ones(n_docs, dtype=np.int64), (codes, np.arange(n_docs))), shape=(n_groups, n_docs)
        )
        present = self.counts.copy()
        present.data = np.ones_like(present.data)
        group_counts = (indicator @ self.counts).tocsr()
        group_docfreq = (indicator @ present).tocsr()
        for matrix in (group_counts, group_docfreq):
            matrix.sum_duplicates()
            matrix.sort_indices()
        group_tokens = indicator @ self.n_tokens
        return group_counts, group_docfreq, group_tokens


def _terms_of(text: str, ngram: int, stopwords: frozenset[str]) -> list[str]:
    terms = ngrams(text, ngram)
    if not stopwords:
        return terms
    if ngram == 1:
        return [t for t in terms if t not in stopwords]
    # an n-gram is dropped when it starts or ends with a stopword ("of the", "the kiev")
    kept = []
    for gram in terms:
        first, _, rest = gram.partition(" ")
        last = rest.rpartition(" ")[2]
        if first not in stopwords and last not in stopwords:
            kept.append(gram)
    return kept


def document_term_matrix(
    corpus: pd.DataFrame,
    *,
    ngram: int = 1,
    stopwords: str | Iterable[str] | None = None,
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
    progress : bool or None
        Show a progress bar (None: only for 5,000 documents or more).

    Returns
    -------
    DocumentTermMatrix

    Example
    -------
    >>> import toolkit
    >>> dtm = document_term_matrix(toolkit.demo_corpus())
    >>> dtm.counts.shape[0] == len(toolkit.demo_corpus())
    True
    """
    return _count_terms(validate_corpus(corpus), ngram=ngram, stopwords=stopwords,
                        progress=progress)


def _count_terms(
    corpus: pd.DataFrame,
    *,
    ngram: int,
    stopwords: str | Iterable[str] | None,
    progress: bool | None,
) -> DocumentTermMatrix:
    """:func:`document_term_matrix` of a corpus that callers have validated already."""
    if not isinstance(ngram, int) or isinstance(ngram, bool) or ngram < 1:
        raise ValueError(f"`ngram` must be a positive integer, got {ngram!r}")
    stops = load_stopwords(stopwords)
    if ngram == 1:  # words: read from the corpus's shared scan (toolkit.scan), found once
        from toolkit.scan import scan

        matrix, terms, n_tokens = scan(corpus).term_counts(stops)  # read-only arrays, shared
        matrix = sparse.csr_matrix((matrix.data, matrix.indices, matrix.indptr),
                                   shape=matrix.shape, copy=False)
        return DocumentTermMatrix(matrix, corpus["doc_id"].to_numpy(dtype=object), terms,
                                  n_tokens, ngram)
    return _count_terms_python(corpus, ngram=ngram, stops=stops, progress=progress)


def _count_terms_python(corpus: pd.DataFrame, *, ngram: int, stops: frozenset[str],
                        progress: bool | None) -> DocumentTermMatrix:
    """:func:`_count_terms` document by document, with :func:`toolkit.tokens.ngrams`."""
    vocabulary: dict[str, int] = {}
    indptr = [0]
    indices: list[int] = []
    data: list[int] = []
    n_tokens = np.zeros(len(corpus), dtype=np.int64)
    texts = corpus["text"].tolist()
    for row, text in enumerate(progress_bar(texts, total=len(texts), desc="counting terms",
                                            progress=progress)):
        counts = Counter(_terms_of(text, ngram, stops))
        n_tokens[row] = sum(counts.values())
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
    return DocumentTermMatrix(matrix, corpus["doc_id"].to_numpy(dtype=object), terms, n_tokens,
                              ngram)


def term_frequency(
    corpus: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = "outlet",
    ngram: int = 1,
    stopwords: str | Iterable[str] | None = None,
    min_count: int = 1,
    dtm: DocumentTermMatrix | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Count each term within each group of documents.

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
        Words to leave out (see :func:`document_term_matrix`).
    min_count : int, default 1
        Drop rows whose ``count`` is below this (after computing ``n_tokens`` and ``rank``).
    dtm : DocumentTermMatrix, optional
        Reuse counts computed earlier by :func:`document_term_matrix` for this corpus (then
        ``ngram`` and ``stopwords`` are taken from how it was made).
    progress : bool or None
        Show a progress bar while counting.

    Returns
    -------
    pandas.DataFrame
        One row per (group, term): the ``by`` columns, ``term``, ``count`` (occurrences in the
        group), ``docfreq`` (documents of the group containing it), ``n_tokens`` (all terms
        counted in the group, so ``count`` sums to it when ``min_count=1``), ``per_10k``
        (``count / n_tokens * 10_000``) and ``rank`` (1 = most frequent in its group; ties
        share the lowest rank). Sorted by group, then rank, then term.

    Example
    -------
    >>> import toolkit
    >>> table = term_frequency(toolkit.demo_corpus(), by="outlet", stopwords="english")
    >>> table.columns.tolist()
    ['outlet', 'term', 'count', 'docfreq', 'n_tokens', 'per_10k', 'rank']
    """
    if not isinstance(min_count, int) or min_count < 1:
        raise ValueError(f"`min_count` must be a positive integer, got {min_count!r}")
    corpus = validate_corpus(corpus)
    by_columns = resolve_by(by)
    keys = group_keys(corpus, by_columns)
    if dtm is None:
        dtm = _count_terms(corpus, ngram=ngram, stopwords=stopwords, progress=progress)
    elif len(dtm.doc_ids) != len(corpus) or not np.array_equal(
        dtm.doc_ids, corpus["doc_id"].to_numpy(dtype=object)
    ):
        raise ValueError("`dtm` was not built from this corpus (its doc_ids differ); rebuild it "
                         "with toolkit.document_term_matrix(corpus)")
    codes, groups = group_codes(keys)
    counts, docfreq, tokens = dtm.aggregate(codes, len(groups))
    row_of = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
    table = groups.iloc[row_of].reset_index(drop=True)
    table["term"] = dtm.terms[counts.indices]
    table["count"] = counts.data.astype(np.int64)
    table["docfreq"] = docfreq.data.astype(np.int64)
    table["n_tokens"] = tokens[row_of].astype(np.int64)
    table["per_10k"] = table["count"] / table["n_tokens"] * 10_000
    table["_group"] = row_of
    table["rank"] = (
        table.groupby("_group")["count"].rank(method="min", ascending=False).astype(np.int64)
    )
    table = table.sort_values(["_group", "rank", "term"], kind="stable")
    if min_count > 1:
        table = table[table["count"] >= min_count]
    return table.drop(columns="_group").reset_index(drop=True)[[*by_columns, *FREQUENCY_COLUMNS]]
