"""Views of a corpus's scan for the functions that search or count it.

:func:`toolkit.scan` tokenizes a corpus once. The helpers here read that scan instead of
tokenizing every document again, and keep what they compute in it (:meth:`Scan.view`, keyed by
everything the result depends on), so that a repeated call does only its own arithmetic:

* :func:`candidate_rows`: the documents in which a :class:`toolkit.PhraseMatcher` *may* match,
  found on the scan's word ids (a match starts at a token whose type starts an entry). Every
  other document has no match, so callers tokenize (for character offsets), match and classify
  voices only in these.
* :func:`voice_words`: word tokens per document in one voice (the denominator of
  ``term_share`` and ``lexicon_counts`` in a voice), shared with :mod:`toolkit.lexicon`.
* :func:`term_counts`: the document-term matrix of n-grams, normalised terms and exclusions,
  from the word ids and the joined flags of the scan.

The functions that call these keep their own results in the scan as well (``kwic`` its rows
per pattern, window, case and voice; ``term_share``/``term_hits`` their matches per term set,
voice and window; ``collocations`` its node counts per node and window; ``keyness`` the scan of
a voice's texts). Those views live as long as the scan stays in the cache
(:func:`toolkit.clear_cache` drops them with it) and are not counted in its byte limit: each is
about the size of the table it serves (a boolean per word type for each pattern, the rows of a
concordance or of a hit list), except the scan of a voice's texts, which is a scan of its own.

No rule is defined here: tokens are those of :mod:`toolkit.tokens` (through the scan), matches
those of :class:`toolkit.PhraseMatcher`, voices those of :mod:`toolkit.voice`, normalised terms
those of :class:`toolkit.normalize.Normalizer`. ``tests/test_views.py`` checks every view
against the document-by-document code it replaces.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import numpy as np

__all__ = ["candidate_rows", "voice_words", "token_offsets", "term_counts", "word_index", "type_counts"]


# --------------------------------------------------------------------------- matching


def _starters(found: Any, matcher: Any) -> np.ndarray:
    """Per word type of the scan: whether an entry of ``matcher`` may start at it."""
    def compute() -> np.ndarray:
        # the matcher asks only the words that may start an entry (PhraseMatcher._starter_flags)
        mask = matcher._starter_flags(found.words)
        mask.flags.writeable = False
        return mask

    return found.view(("views.starters", tuple(matcher.entries)), compute)


def candidate_rows(found: Any, matcher: Any) -> np.ndarray:
    """Rows (sorted, int64) of the documents that hold a token at which an entry of
    ``matcher`` may start: the only documents in which it can match."""
    def compute() -> np.ndarray:
        is_start = _starters(found, matcher)
        positions = np.flatnonzero(is_start[found.distinct_ids])
        rows = np.unique(np.searchsorted(found.distinct_offsets, positions, side="right") - 1)
        rows = rows.astype(np.int64)
        rows.flags.writeable = False
        return rows

    return found.view(("views.rows", tuple(matcher.entries)), compute)


def word_index(found: Any) -> dict[str, int]:
    """Word type -> its id in the scan (shared: do not change it)."""
    return found.view("views.word_index", lambda: {w: i for i, w in enumerate(found.words)})


def type_counts(found: Any, codes: np.ndarray, n_groups: int, ids: np.ndarray) -> np.ndarray:
    """Occurrences of the word types ``ids`` in each group: an ``(n_groups, len(ids))`` int64
    array, read from each document's distinct types and their counts."""
    column = np.full(len(found.words), -1, dtype=np.int64)
    column[ids] = np.arange(len(ids))
    wanted = column[found.distinct_ids]
    kept = np.flatnonzero(wanted >= 0)
    doc_of = np.searchsorted(found.distinct_offsets, kept, side="right") - 1
    out = np.zeros(n_groups * len(ids), dtype=np.int64)
    np.add.at(out, codes[doc_of] * len(ids) + wanted[kept],
              found.distinct_counts[kept].astype(np.int64))
    return out.reshape(n_groups, len(ids))


# --------------------------------------------------------------------------- voices


def _wordish(char: str) -> bool:
    """Whether ``char`` may stand inside a word token next to an apostrophe: a letter or digit,
    a combining mark, or a character the tokenizer ignores."""
    from toolkit.tokens import _INVISIBLE

    return char.isalnum() or char in _INVISIBLE or unicodedata.category(char)[0] == "M"


_APOSTROPHES = "'\u2019\u2018"


def _inside_a_token(text: str, position: int) -> bool:
    """Whether the character at ``position`` (a quotation mark, or whitespace) may belong to
    a word token of a text without URLs or e-mail addresses: only an apostrophe between two
    word characters can."""
    if position >= len(text) or text[position] not in _APOSTROPHES:
        return False
    return (position > 0 and position + 1 < len(text) and _wordish(text[position - 1])
            and _wordish(text[position + 1]))


def _quote_tokens(text: str, outer: list[tuple[int, int]]) -> list[int] | None:
    """Word tokens starting inside each outermost quotation ``text[start:end]``, counted by
    tokenizing the quotation alone, or None where that could differ from the tokens of the
    whole text (a token could cross a quotation mark, or quotations overlap): the caller
    then tokenizes the whole text."""
    from toolkit.tokens import _may_hold_url, tokenize

    if _may_hold_url(text):
        return None  # a URL or an e-mail address may hold quotation marks
    previous_end = -1
    counts = []
    for start, end in outer:
        if start < previous_end or start < 1:
            return None
        if _inside_a_token(text, start - 1) or _inside_a_token(text, end):
            return None
        previous_end = end
        counts.append(len(tokenize(text[start:end])) if end > start else 0)
    return counts


def _voice_words_of(text: str, n_words: int, voice: str) -> int:
    """Word tokens of ``text`` (``n_words`` in all) in ``voice``, as
    ``_Voices(text).token_mask(starts, voice).sum()`` counts them."""
    from toolkit.tokens import token_spans
    from toolkit.voice import _has_marks, _Voices

    if not n_words or not _has_marks(text):
        return n_words if voice == "outlet" else 0
    quotes = _Voices(text)
    if not quotes.outer:
        return n_words if voice == "outlet" else 0
    counts = _quote_tokens(text, quotes.outer)
    if counts is None:
        spans = token_spans(text)
        starts = np.fromiter((s for _, s, _ in spans), dtype=np.int64, count=len(spans))
        return int(quotes.token_mask(starts, voice).sum())
    if voice == "outlet":
        return n_words - sum(counts)
    return sum(count for k, count in enumerate(counts) if count and quotes.voice_of(k) == voice)


#: Texts whose token offsets the compiled kernel gives at a time (their arrays, ~16 bytes per
#: token, exist for one batch).
_OFFSET_BATCH = 2_000


def token_offsets(module: Any, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(starts, ends, bounds)`` of the word tokens of ``texts`` by the compiled kernel: the
    character offsets of text ``i``'s tokens are ``starts[bounds[i]:bounds[i + 1]]`` and
    ``ends[...]``, exactly those of :func:`toolkit.tokens.token_spans` (``tests/test_scan.py``)."""
    from toolkit.tokens import token_spans

    starts, ends, counts = (np.frombuffer(b, dtype=np.int64)
                            for b in module.token_offsets(texts, token_spans))
    bounds = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(counts, out=bounds[1:])
    return starts, ends, bounds


def _scan_starts(found: Any, rows: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """The token starts of the documents ``rows`` from the scan's offsets, one document after
    another, and where each document's run begins (``bounds``, ``len(rows) + 1``)."""
    where = np.asarray(rows, dtype=np.int64)
    first, last = found.offsets[where], found.offsets[where + 1]
    bounds = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(last - first, out=bounds[1:])
    # the positions of the documents' tokens in the scan: each run of a document in order
    positions = np.arange(bounds[-1], dtype=np.int64) + np.repeat(first - bounds[:-1],
                                                                  last - first)
    return found.token_starts[positions].astype(np.int64), bounds


def _union(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Ranges sorted by start, overlapping ones merged (quotations may overlap)."""
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _voice_words_compiled(module: Any, texts: list[str], found: Any, voice: str, *,
                          progress: bool | None) -> np.ndarray:
    """:func:`voice_words` with the compiled kernel: the quotations of each text with a
    quotation mark (``pair_quotes``), and, in a batch, the token starts of the texts with a
    quotation; the tokens in a voice are those whose start lies in one of its quotations (as
    ``_Voices.token_mask`` counts them), found with one ``searchsorted`` per batch."""
    from toolkit._progress import AUTO_THRESHOLD, progress_bar
    from toolkit.voice import _has_marks, _Voices

    n_words = found.n_words()
    counts = n_words.astype(np.int64) if voice == "outlet" else np.zeros(len(texts), np.int64)
    rows = [row for row in np.flatnonzero(n_words).tolist() if _has_marks(texts[row])]
    batches = range(0, len(rows), _OFFSET_BATCH)
    show = progress if progress is not None else len(texts) >= AUTO_THRESHOLD
    for first in progress_bar(batches, total=len(batches), desc=f"counting {voice} words",
                              progress=show and len(batches) > 0, unit="batch"):
        batch = rows[first:first + _OFFSET_BATCH]
        quoted_rows: list[int] = []
        ranges: list[list[tuple[int, int]]] = []
        for row in batch:
            text = texts[row]
            if voice == "outlet":
                outer = [(s, e) for s, e, d in module.pair_quotes(text)[0] if d == 0]
            else:
                quotes = _Voices(text)
                outer = [span for k, span in enumerate(quotes.outer)
                         if quotes.voice_of(k) == voice]
            if outer:
                quoted_rows.append(row)
                ranges.append(_union(outer))
        if not quoted_rows:
            continue
        if found.token_starts is not None:  # the scan's offsets
            starts, bounds = _scan_starts(found, quoted_rows)
        else:
            starts, _, bounds = token_offsets(module, [texts[row] for row in quoted_rows])
        # one sorted axis for the batch: a text's offsets moved past the texts before it
        lengths = np.fromiter((len(texts[row]) + 1 for row in quoted_rows), dtype=np.int64,
                              count=len(quoted_rows))
        base = np.zeros(len(quoted_rows), dtype=np.int64)
        np.cumsum(lengths[:-1], out=base[1:])
        axis = starts + np.repeat(base, np.diff(bounds))
        n_ranges = np.fromiter(map(len, ranges), dtype=np.int64, count=len(ranges))
        flat = np.array([span for spans in ranges for span in spans], dtype=np.int64)
        shift = np.repeat(base, n_ranges)
        inside = (np.searchsorted(axis, flat[:, 1] + shift)
                  - np.searchsorted(axis, flat[:, 0] + shift))
        per_text = np.add.reduceat(inside, np.cumsum(n_ranges) - n_ranges)
        where = np.asarray(quoted_rows, dtype=np.int64)
        if voice == "outlet":
            counts[where] -= per_text
        else:
            counts[where] = per_text
    return counts


def voice_words(found: Any, texts: list[str], voice: str, *,
                progress: bool | None = None) -> np.ndarray:
    """Word tokens per document in ``voice`` (int64, read-only), once per scan and voice.

    ``"all"``: the scan's counts. Another voice: each document's quotations
    (:mod:`toolkit.voice`); the words inside them are counted by tokenizing the quotations
    alone where no token can cross a quotation mark (else the whole text, as before).
    """
    if voice == "all":
        return found.n_words()

    def compute() -> np.ndarray:
        from toolkit._progress import progress_bar
        from toolkit.analysis import _load_kernel

        module = _load_kernel()
        if module is not None:
            counts = _voice_words_compiled(module, texts, found, voice, progress=progress)
            counts.flags.writeable = False
            return counts
        n_words = found.n_words().tolist()
        counts = np.zeros(len(texts), dtype=np.int64)
        for row, text in enumerate(progress_bar(texts, total=len(texts),
                                                desc=f"counting {voice} words",
                                                progress=progress)):
            counts[row] = _voice_words_of(text, n_words[row], voice)
        counts.flags.writeable = False
        return counts

    # the same key as toolkit.lexicon's counts in a voice: one computation serves both
    return found.view(("voice words", voice), compute)


# --------------------------------------------------------------------------- term counts


def _term_ids(found: Any, normalizer: Any) -> tuple[np.ndarray, np.ndarray, list[str],
                                                        np.ndarray]:
    """Per token: the id of its counted term (-1: dropped), and of its unstemmed form (what
    stopwords and exclusions are compared with); the terms by id; and the unstemmed form of
    each id of the second array, as strings.

    Without a normaliser both are the word type itself. With one, each type is mapped once
    (:meth:`Normalizer.term`), and the rule that looks at the previous token (the rest of a
    split party-state tag) is applied over the token array.
    """
    n_types = len(found.words)
    if normalizer is None:
        ids = found.word_ids.astype(np.int64)
        words = np.array(found.words, dtype=object)
        return ids, ids, list(found.words), words

    from toolkit.normalize import _PARTY_TAG_RE, _SPLIT_STATE_FIRST

    def mapped(norm: Any) -> tuple[np.ndarray, list[str]]:
        terms: dict[str, int] = {}
        of_type = np.full(n_types, -1, dtype=np.int64)
        for i, word in enumerate(found.words):
            term = norm.term(word)
            if term is not None:
                of_type[i] = terms.setdefault(term, len(terms))
        return of_type, list(terms)

    term_of_type, terms = mapped(normalizer)
    surface_norm = normalizer.unstemmed()
    if surface_norm is normalizer:
        surface_of_type, surfaces = term_of_type, terms
    else:
        surface_of_type, surfaces = mapped(surface_norm)
    term_ids = term_of_type[found.word_ids]
    surface_ids = surface_of_type[found.word_ids]
    if normalizer.party_tags:
        split_tag = np.zeros(n_types, dtype=bool)
        short = np.zeros(n_types, dtype=bool)
        for i, word in enumerate(found.words):
            match = _PARTY_TAG_RE.fullmatch(word)
            split_tag[i] = bool(match) and match.group(2) in _SPLIT_STATE_FIRST
            short[i] = len(word) <= 2 and word.isalpha()
        ids = found.word_ids
        after = np.zeros(len(ids), dtype=bool)
        after[1:] = split_tag[ids[:-1]] & short[ids[1:]]
        after[found.offsets[:-1][found.offsets[:-1] < len(ids)]] = False  # documents' first
        term_ids = np.where(after, -1, term_ids)
        surface_ids = np.where(after, -1, surface_ids)
    return term_ids, surface_ids, terms, np.array(surfaces, dtype=object)


def term_counts(found: Any, *, ngram: int, stops: frozenset[str], normalizer: Any,
                excluded: frozenset[str]) -> tuple[Any, np.ndarray, np.ndarray]:
    """``(counts, terms, n_counted)`` of :func:`toolkit.document_term_matrix`: the csr matrix
    (terms in order of first occurrence, each row's columns in order of first occurrence in
    the document, as the document-by-document count makes them), the term of each column and
    the terms counted per document. Read-only, kept in the scan per options."""
    settings = None if normalizer is None else (
        type(normalizer), tuple(sorted(normalizer.mapping.items(), key=lambda item: item[0])), normalizer.undot,
        normalizer.party_tags, normalizer.single_letters, normalizer.stem)
    key = ("views.terms", ngram, stops, settings, excluded)
    return found.view(key, lambda: _term_counts(found, ngram, stops, normalizer, excluded))


def _first_order_ids(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Ids of ``codes`` numbered in order of first occurrence, and the position of each id's
    first occurrence."""
    unique, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty(len(unique), dtype=np.int64)
    rank[order] = np.arange(len(unique))
    return rank[inverse.ravel()], first[order]


def _term_counts(found: Any, ngram: int, stops: frozenset[str], normalizer: Any,
                 excluded: frozenset[str]) -> tuple[Any, np.ndarray, np.ndarray]:
    from scipy import sparse

    term_ids, surface_ids, terms, surfaces = _term_ids(found, normalizer)
    n_tokens = len(term_ids)
    left_out = stops | excluded
    bad_surface = np.fromiter((s in left_out for s in surfaces), dtype=bool,
                              count=len(surfaces))
    if ngram == 1:
        starts = np.flatnonzero(term_ids >= 0)
        starts = starts[~bad_surface[surface_ids[starts]]]
        codes = term_ids[starts]
    else:
        # an n-gram starts at i when tokens i .. i+n-1 are all counted and each is joined to
        # the one before it (the first token of a document never is)
        usable = term_ids >= 0
        window = usable[: n_tokens - ngram + 1].copy() if n_tokens >= ngram else \
            np.zeros(0, dtype=bool)
        joined = found.joined.astype(bool)
        for k in range(1, ngram):
            window &= usable[k: n_tokens - ngram + 1 + k] & joined[k: n_tokens - ngram + 1 + k]
        starts = np.flatnonzero(window)
        stop_surface = np.fromiter((s in stops for s in surfaces), dtype=bool,
                                   count=len(surfaces))
        kept = ~stop_surface[surface_ids[starts]]
        kept &= ~stop_surface[surface_ids[starts + ngram - 1]]
        if excluded:
            excluded_surface = np.fromiter((s in excluded for s in surfaces), dtype=bool,
                                           count=len(surfaces))
            for k in range(ngram):
                kept &= ~excluded_surface[surface_ids[starts + k]]
        starts = starts[kept]
        codes = term_ids[starts]
        for k in range(1, ngram):
            # an n-gram's code: the code of its first k words and the next word, renumbered
            # (the last step needs no renumbering: _first_order_ids numbers the codes)
            codes = codes * len(terms) + term_ids[starts + k]
            if k < ngram - 1:
                codes = np.unique(codes, return_inverse=True)[1].ravel().astype(np.int64)
    columns, first = _first_order_ids(codes)
    n_terms = len(first)
    term_names = np.array(terms, dtype=object)
    at = starts[first]
    names = term_names[term_ids[at]] if n_terms else np.empty(0, dtype=object)
    for k in range(1, ngram if n_terms else 1):
        names = names + " " + term_names[term_ids[at + k]]  # elementwise str concatenation
    docs = np.searchsorted(found.offsets, starts, side="right") - 1
    # one entry per (document, term) in order of first occurrence in the document
    pair_ids, pair_first = _first_order_ids(docs * max(n_terms, 1) + columns)
    pair_counts = np.bincount(pair_ids, minlength=len(pair_first)).astype(np.int64)
    pair_docs = docs[pair_first]
    indptr = np.zeros(found.n_docs + 1, dtype=np.int64)
    np.cumsum(np.bincount(pair_docs, minlength=found.n_docs), out=indptr[1:])
    matrix = sparse.csr_matrix((pair_counts, columns[pair_first], indptr),
                               shape=(found.n_docs, n_terms))
    n_counted = np.bincount(docs, minlength=found.n_docs).astype(np.int64)
    for array in (matrix.data, matrix.indices, matrix.indptr, names, n_counted):
        array.flags.writeable = False
    return matrix, names, n_counted


def document_spans(found: Any, row: int, text: str) -> list[tuple[str, int, int]]:
    """``toolkit.tokens.token_spans(text)`` of the document at ``row``, read from the scan's
    recorded offsets where the compiled scanner recorded them (the same tokens and offsets,
    ``tests/test_scan.py``), else by tokenizing the text again."""
    if found.token_starts is None:
        from toolkit.tokens import token_spans

        return token_spans(text)
    first, last = int(found.offsets[row]), int(found.offsets[row + 1])
    words = found.words
    return list(zip([words[i] for i in found.word_ids[first:last].tolist()],
                    found.token_starts[first:last].tolist(),
                    found.token_ends[first:last].tolist(), strict=True))
