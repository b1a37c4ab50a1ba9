"""One scan of a corpus, many views: every token found once, then reused by each statistic.

:func:`scan` reads the text column of a corpus once -- word tokens (the rules of
:mod:`toolkit.tokens`), their types and offsets, textstat's whitespace tokens and sentence
counts (the rules of :mod:`toolkit.readability`) -- and keeps the result. The statistics that
read it (:func:`toolkit.term_frequency`, :func:`toolkit.document_term_matrix` and
:func:`toolkit.keyness` with ``ngram=1`` and no ``normalize``, :func:`toolkit.readability`,
:func:`toolkit.readability_by`, :func:`toolkit.lexicon_counts`, :func:`toolkit.lexicon_hits`)
then only do their own arithmetic over integer ids (counting one voice also reads each
document's quotations once per voice), and a notebook that calls several of them, or the same one again,
tokenizes its corpus once.

The scan runs in the compiled kernel (``toolkit/_scan.c``) where it was built, else in Python;
both give the same tokens (``tests/test_scan.py``) and every view gives the same table as the
code it replaces (``tests/test_scan_cache.py``).

Cache
-----
Scans are cached in this process, keyed by a hash (SHA-256) of the content of the text column,
so a corpus whose texts changed in any way is scanned again, and a copy of a corpus (or the same
texts with other columns) is not. A text column stored in pyarrow (pandas' ``str`` dtype, the
default for text from pandas 3 with pyarrow installed) is hashed from its buffers once per array
object: a repeated call with the same column finds its key without hashing or making Python
strings, and pandas gives a column a new array whenever one of its texts is set, so an edited
corpus is always hashed again. Other columns (``object`` dtype, the default of pandas 2) are
hashed text by text on every call, since their values can change in place. At most :data:`CACHE_CORPORA` scans and :data:`CACHE_BYTES` bytes of token
arrays are kept; the least recently used goes first, and a scan larger than the limit is not
kept at all. A scan holds about 20 bytes per word token, 8 of them the tokens'
character offsets (measured on the 20,000 allsides articles, 120 MB of text: 19.2 million
tokens, 396 MB, of which 154 MB offsets; about 20 MB per 1,000 news articles of 6 kB) plus its
type tables. ``toolkit.clear_cache()`` empties the cache.

Example
-------
>>> import toolkit
>>> corpus = toolkit.demo_corpus()
>>> first = toolkit.scan(corpus)
>>> first is toolkit.scan(corpus.copy())  # same texts: the same scan
True
>>> toolkit.clear_cache()
"""

from __future__ import annotations

import hashlib
import sys
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from itertools import count
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from toolkit._errors import format_message

__all__ = ["Scan", "scan", "clear_cache", "CACHE_CORPORA", "CACHE_BYTES"]

#: At most this many corpora's scans are kept (least recently used dropped first).
CACHE_CORPORA = 4
#: At most this many bytes of scans are kept in all.
CACHE_BYTES = 1_500_000_000
#: Per scan, at most this many results that depend on a grouping or a selection of documents
#: (per-group counts, dispersions) are kept, least recently used dropped first.
RECENT_VIEWS = 8
#: ... and at most this many bytes of their arrays.
RECENT_BYTES = 256_000_000


def _nbytes(value: Any) -> int:
    """Bytes of the numpy arrays in ``value`` (arrays, scipy sparse matrices, tuples of them)."""
    if isinstance(value, np.ndarray):
        return int(value.nbytes)
    if isinstance(value, tuple | list):
        return sum(_nbytes(item) for item in value)
    parts = [getattr(value, name, None) for name in ("data", "indices", "indptr")]
    return sum(int(part.nbytes) for part in parts if isinstance(part, np.ndarray))


class LexiconMatches(NamedTuple):
    """The hits of a lexicon in a scan (:meth:`Scan.lexicon_matches`), one entry per hit."""

    rows: np.ndarray  # int64: the document (row number)
    token_starts: np.ndarray  # int64: its first token, a position in the document
    token_ends: np.ndarray  # int64: the token after its last
    groups: tuple[str, ...]  # its category
    entries: tuple[str, ...]  # the entry that matched


@dataclass(eq=False)
class Scan:
    """The tokens of a corpus, found once: read it, do not change it.

    Attributes
    ----------
    key : str
        Hash of the text column's content (what the cache is keyed by).
    n_docs : int
        Documents, in corpus order.
    kernel : str
        ``"compiled"`` or ``"python"``: which scanner found the tokens.
    words : list of str
        The word types (lower-cased tokens of :func:`toolkit.tokenize`), by id, in order of
        first occurrence in the corpus.
    word_ids : numpy.ndarray
        int32, the type id of every word token, documents one after another.
    offsets : numpy.ndarray
        int64, ``n_docs + 1``: document ``d``'s tokens are ``word_ids[offsets[d]:offsets[d+1]]``.
    distinct_ids, distinct_counts, distinct_offsets : numpy.ndarray
        Each document's distinct type ids in order of first occurrence (int32), how often
        each occurs (int32), and where each document's run starts (int64, ``n_docs + 1``).
    joined : numpy.ndarray
        uint8 per token: 1 where it is joined to the token before it in its document
        (:func:`toolkit.tokens.is_joined`; 0 for a document's first token).
    token_starts, token_ends : numpy.ndarray or None
        int32 per token: its character offsets into its document's text, as
        :func:`toolkit.tokens.token_spans` gives them (compiled scans; None for a Python scan).

    Example
    -------
    >>> import pandas as pd
    >>> import toolkit
    >>> found = toolkit.scan(pd.DataFrame({"doc_id": ["a"], "text": ["The cat, the mat."]}))
    >>> [found.words[i] for i in found.word_ids]
    ['the', 'cat', 'the', 'mat']
    """

    key: str
    n_docs: int
    kernel: str
    words: list[str]
    word_ids: np.ndarray
    offsets: np.ndarray
    distinct_ids: np.ndarray
    distinct_counts: np.ndarray
    distinct_offsets: np.ndarray
    joined: np.ndarray
    #: int32 per token, aligned with ``word_ids``: its character offsets in its document's
    #: text (those of :func:`toolkit.tokens.token_spans`); None for a Python scan
    token_starts: np.ndarray | None = None
    token_ends: np.ndarray | None = None
    # textstat's whitespace tokens and sentences (compiled scans only), for readability
    _raw: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    _chunks: list[str] = field(default_factory=list, repr=False)
    # the readability facts of the chunk types (None: learnt when first asked for)
    _facts: Any = field(default=None, repr=False)
    # views computed once and reused, by their parameters
    _views: dict[Any, Any] = field(default_factory=dict, repr=False)
    _recent: OrderedDict[Any, Any] = field(default_factory=OrderedDict, repr=False)
    _lock: Any = field(default_factory=threading.RLock, repr=False)

    @property
    def nbytes(self) -> int:
        """Bytes held by the token arrays (type strings not included)."""
        arrays = [self.word_ids, self.offsets, self.distinct_ids, self.distinct_counts,
                  self.distinct_offsets, self.joined, *self._raw.values()]
        arrays += [a for a in (self.token_starts, self.token_ends) if a is not None]
        return int(sum(a.nbytes for a in arrays))

    def view(self, key: Any, compute: Any) -> Any:
        """``compute()`` once per ``key``, then the kept result (views are read-only)."""
        with self._lock:
            if key not in self._views:
                self._views[key] = compute()
            return self._views[key]

    def recent(self, key: Any, compute: Any) -> Any:
        """Like :meth:`view`, for results that depend on more than the texts (a grouping of
        the documents, a selection of them): only the last :data:`RECENT_VIEWS`, and at most
        :data:`RECENT_BYTES` of arrays, are kept; a larger result is not kept at all."""
        with self._lock:
            if key in self._recent:
                self._recent.move_to_end(key)
                return self._recent[key][0]
            value = compute()
            size = _nbytes(value)
            if size <= RECENT_BYTES:
                self._recent[key] = (value, size)
                while (len(self._recent) > RECENT_VIEWS
                       or sum(kept[1] for kept in self._recent.values()) > RECENT_BYTES):
                    self._recent.popitem(last=False)
            return value

    # ----------------------------------------------------------------------- term counts

    def n_words(self) -> np.ndarray:
        """Word tokens per document (int64, read-only): ``len(toolkit.tokenize(text))``."""
        def compute() -> np.ndarray:
            counts = np.diff(self.offsets).astype(np.int64)
            counts.flags.writeable = False
            return counts

        return self.view("n_words", compute)

    def term_counts(self, stopwords: frozenset[str]) -> tuple[Any, np.ndarray, np.ndarray]:
        """``(counts, terms, n_counted)`` of :func:`toolkit.document_term_matrix` (``ngram=1``,
        no normaliser): a csr matrix (documents x terms, columns in order of first
        occurrence), the term of each column and the terms counted per document, with
        ``stopwords`` (and any excluded words) left out. The
        arrays are shared by every caller and read-only."""
        return self.view(("terms", stopwords), lambda: self._term_counts(stopwords))

    def _term_counts(self, stopwords: frozenset[str]) -> tuple[Any, np.ndarray, np.ndarray]:
        from scipy import sparse

        words = np.array(self.words, dtype=object)
        if stopwords:
            kept_type = np.fromiter((w not in stopwords for w in self.words), dtype=bool,
                                    count=len(self.words))
        else:
            kept_type = np.ones(len(self.words), dtype=bool)
        # kept types renumbered in id order, which is the order of first occurrence
        column = np.cumsum(kept_type) - 1
        kept = kept_type[self.distinct_ids]
        doc_of = np.repeat(np.arange(self.n_docs), np.diff(self.distinct_offsets))
        counts = self.distinct_counts[kept].astype(np.int64)
        n_tokens = np.bincount(doc_of[kept], weights=counts, minlength=self.n_docs)
        indptr = np.zeros(self.n_docs + 1, dtype=np.int64)
        np.cumsum(np.bincount(doc_of[kept], minlength=self.n_docs), out=indptr[1:])
        matrix = sparse.csr_matrix(
            (counts, column[self.distinct_ids[kept]].astype(np.int64), indptr),
            shape=(self.n_docs, int(kept_type.sum())))
        terms, n_tokens = words[kept_type], n_tokens.astype(np.int64)
        for array in (matrix.data, matrix.indices, matrix.indptr, terms, n_tokens):
            array.flags.writeable = False  # shared by every caller: read-only
        return matrix, terms, n_tokens

    # ----------------------------------------------------------------------- lexicon

    def lexicon_rows(self, lexicon: Any) -> np.ndarray:
        """Row numbers (sorted) of the documents in which ``lexicon`` (a
        :class:`toolkit.Lexicon`) has at least one hit after its exclusions: the matcher runs
        on word ids, only at tokens whose type may start an entry."""
        def compute() -> np.ndarray:
            rows = np.unique(self.lexicon_matches(lexicon).rows)
            rows.flags.writeable = False
            return rows

        return self.view(("lexicon rows", lexicon_key(lexicon)), compute)

    def lexicon_matches(self, lexicon: Any) -> LexiconMatches:
        """Every hit of ``lexicon`` (a :class:`toolkit.Lexicon`) after its exclusions, found on
        word ids (the matcher runs only at tokens whose type may start an entry): per hit its
        row, its first token and the token after its last (positions in its document), its
        category and its entry. Ordered as :meth:`toolkit.Lexicon.find` orders each
        document's hits (by token, then category order), documents in corpus order. Shared
        and read-only."""
        return self.view(("lexicon matches", lexicon_key(lexicon)),
                         lambda: self._lexicon_matches(lexicon))

    def _match_starts(self, matcher: Any) -> np.ndarray:
        """Positions (sorted) of the tokens at which ``matcher`` may find a match: its
        starters, less those whose entries all need a next word that is not there
        (:meth:`toolkit.PhraseMatcher._start_filter`)."""
        is_start = matcher._starter_flags(self.words)
        positions = np.flatnonzero(is_start[self.word_ids])
        if not len(positions):
            return positions
        sure, pairs = matcher._start_filter(self.words, is_start)
        first = self.word_ids[positions].astype(np.int64)
        # a document's last token has no next word
        is_last = np.zeros(len(self.word_ids) + 1, dtype=bool)
        is_last[self.offsets[1:] - 1] = True
        has_next = ~is_last[positions]
        following = self.word_ids[np.minimum(positions + 1, len(self.word_ids) - 1)]
        codes = first * len(self.words) + following.astype(np.int64)
        # codes in pairs (a few thousand, sorted): one binary search each, no sort of codes
        found = np.searchsorted(pairs, codes)
        in_pairs = pairs[np.minimum(found, len(pairs) - 1)] == codes if len(pairs) else \
            np.zeros(len(codes), dtype=bool)
        keep = sure[first] | (has_next & in_pairs)
        return positions[keep]

    def _lexicon_matches(self, lexicon: Any) -> LexiconMatches:
        """:meth:`lexicon_matches`: what :meth:`toolkit.Lexicon.find` finds in each document.

        At a start whose type begins only one-word entries (``PhraseMatcher._lone_entries``)
        the hits are known without the matching loop: the token alone, once per category.
        Such a hit cannot hold back a later match of the loop (``_runs`` skips a match of a
        category only where an earlier one of it still covers the start), so the loop runs
        at the other starts alone, and a one-word hit is then dropped where a longer hit of
        its category covers it, as the loop would have dropped it. Exclusions are applied
        to both as :meth:`toolkit.Lexicon._hits` applies them.
        """
        matcher = lexicon.matcher
        order = lexicon._category_index
        exclusions = lexicon._exclusion_matcher
        excluded_at = None if exclusions is None else self._match_starts(exclusions)
        positions = self._match_starts(matcher)
        types = self.word_ids[positions]
        lone_first = np.full(len(self.words), -1, dtype=np.int64)
        lone_count = np.zeros(len(self.words), dtype=np.int64)
        table: list[tuple[str, str]] = []
        for t in np.unique(types).tolist():
            found = matcher._lone_entries(self.words[t])
            if found is not None:
                lone_first[t], lone_count[t] = len(table), len(found)
                table += found
        lone = lone_first[types] >= 0
        counts = lone_count[types[lone]]
        lone_at = np.repeat(positions[lone], counts)  # token position (in the scan) per hit
        within = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        lone_table = np.repeat(lone_first[types[lone]], counts) + within
        # the matching loop at the other starts, document by document
        at, stops, looped = self._looped(matcher, positions[~lone])
        group_of = {g: k for k, g in enumerate(lexicon.categories)}
        lone_group = np.fromiter((group_of[g] for g, _ in table), dtype=np.int64,
                                 count=len(table))[lone_table]
        keep = np.ones(len(lone_at), dtype=bool)
        covered = {(p, group_of[g]) for start, stop, (g, _) in zip(at, stops, looped, strict=True)
                   for p in range(start + 1, stop)}
        if covered:
            keep &= np.fromiter((key not in covered for key in zip(
                lone_at.tolist(), lone_group.tolist(), strict=True)), dtype=bool,
                count=len(lone_at))
        all_at = np.concatenate([lone_at[keep], np.asarray(at, dtype=np.int64)])
        all_stops = np.concatenate([lone_at[keep] + 1, np.asarray(stops, dtype=np.int64)])
        pairs = [table[k] for k in lone_table[keep].tolist()] + looped
        if excluded_at is not None and len(excluded_at) and len(all_at):
            masked = self._masked(exclusions, excluded_at, np.unique(
                np.searchsorted(self.offsets, all_at, side="right") - 1))
            if masked:
                kept = [not any((p, g) in masked for p in range(a, b))
                        for a, b, (g, _) in zip(all_at.tolist(), all_stops.tolist(), pairs,
                                                strict=True)]
                all_at, all_stops = all_at[kept], all_stops[kept]
                pairs = [pair for pair, k in zip(pairs, kept, strict=True) if k]
        rows = np.searchsorted(self.offsets, all_at, side="right") - 1
        category = np.fromiter((order[g] for g, _ in pairs), dtype=np.int64, count=len(pairs))
        # the order of Lexicon.find within a document: by first token, then category order
        sort = np.lexsort((category, all_at, rows))
        base = self.offsets[rows[sort]]
        result = LexiconMatches(rows[sort], all_at[sort] - base, all_stops[sort] - base,
                                tuple(pairs[k][0] for k in sort.tolist()),
                                tuple(pairs[k][1] for k in sort.tolist()))
        for array in result[:3]:
            array.flags.writeable = False
        return result

    def _runs_by_document(self, matcher: Any, positions: np.ndarray) -> Any:
        """``PhraseMatcher._runs`` in each document over its starts among ``positions``
        (sorted token positions of the scan): ``(group, entry, start, stop)`` per match, with
        token positions of the scan."""
        if not len(positions):
            return
        docs = np.searchsorted(self.offsets, positions, side="right") - 1
        cuts = np.flatnonzero(np.diff(docs)) + 1
        firsts = np.concatenate([[0], cuts]).tolist()
        lasts = np.concatenate([cuts, [len(positions)]]).tolist()
        words, id_at = self.words, self.word_ids.item
        joined_at = self.joined.tobytes().__getitem__
        starts = positions.tolist()
        ends = self.offsets.tolist()

        def token_at(j: int) -> str:
            return words[id_at(j)]

        for first, last, doc in zip(firsts, lasts, docs[firsts].tolist(), strict=True):
            yield from matcher._runs(token_at, joined_at, ends[doc + 1], starts[first:last])

    def _looped(self, matcher: Any, positions: np.ndarray
                ) -> tuple[list[int], list[int], list[tuple[str, str]]]:
        """The matches of :meth:`_runs_by_document`: starts, stops, ``(group, entry)``."""
        at: list[int] = []
        stops: list[int] = []
        pairs: list[tuple[str, str]] = []
        for group, entry, start, stop in self._runs_by_document(matcher, positions):
            at.append(start)
            stops.append(stop)
            pairs.append((group, entry))
        return at, stops, pairs

    def _masked(self, exclusions: Any, excluded_at: np.ndarray, docs: np.ndarray
                ) -> set[tuple[int, str]]:
        """``(token position, category)`` of the tokens that an exclusion of the category
        covers, in the documents ``docs`` (sorted rows), as :meth:`toolkit.Lexicon._hits`
        masks them."""
        in_docs = np.isin(np.searchsorted(self.offsets, excluded_at, side="right") - 1, docs)
        return {(p, group) for group, _, start, stop in
                self._runs_by_document(exclusions, excluded_at[in_docs])
                for p in range(start, stop)}

    # ----------------------------------------------------------------------- readability

    def readability_counts(self) -> dict[str, np.ndarray] | None:
        """textstat's counts per document (the inputs of ``readability._score_arrays`` and the
        ``_COUNTS`` columns), or None for a Python scan (readability then scores itself)."""
        if self.kernel != "compiled":
            return None
        return self.view("readability", self._readability_counts)

    def _readability_counts(self) -> dict[str, np.ndarray]:
        facts = self._facts if self._facts is not None else _ChunkFacts()
        facts.learn(self._chunks)
        return facts.counts(self._raw, self.n_docs)


class _ChunkFacts:
    """Readability facts of whitespace-token ("chunk") types, by chunk id, learnt as a
    scanner meets new types (``toolkit.readability._Scorer._facts_many``), and the per-document
    counts they add up to. One per scan, or one per :func:`toolkit.analyze` kernel (which
    keeps it across chunks, :meth:`clear` bounding its memory)."""

    def __init__(self) -> None:
        from toolkit.readability import _N_FIELDS, _Scorer

        self.scorer = _Scorer()
        self.features = np.zeros((0, _N_FIELDS), dtype=np.int64)
        self.hard_ids = np.zeros(0, dtype=np.int32)  # per chunk type: its difficult word's id
        self.hard_words: dict[str, int] = {}
        self.n_hard = 0  # difficult-word ids are below this

    def learn(self, chunks: list[str]) -> None:
        """Learn the types of ``chunks`` (all types so far, by id) not yet known."""
        new = chunks[len(self.features):]
        if not new:
            return
        from toolkit.readability import _HARD_2

        rows, words = self.scorer._facts_many(new)
        hard = np.full(len(new), -1, dtype=np.int32)
        at = np.flatnonzero(rows[:, _HARD_2])  # the types that have a difficult word
        if len(at):
            # a new difficult word takes the next number of a counter that every type asking
            # advances: ids are unique per word, not dense (n_hard bounds them)
            asking = np.asarray(words, dtype=object)[at].tolist()
            hard[at] = np.fromiter(map(self.hard_words.setdefault, asking, count(self.n_hard)),
                                   dtype=np.int64, count=len(asking))
            self.n_hard += len(asking)
        self.features = np.concatenate([self.features, rows]) if len(self.features) else rows
        self.hard_ids = np.concatenate([self.hard_ids, hard]) if len(self.hard_ids) else hard

    def clear(self) -> None:
        """Forget every type (with the scanner's ``clear_chunks``: ids start again from 0)."""
        self.scorer._clear()
        self.features = self.features[:0]
        self.hard_ids = self.hard_ids[:0]
        self.hard_words = {}
        self.n_hard = 0

    def counts(self, raw: dict[str, np.ndarray], n_docs: int) -> dict[str, np.ndarray]:
        """textstat's counts per document (the keyword arguments of
        ``readability._score_arrays`` and ``n_difficult_words``) from a compiled scan's arrays
        (:func:`_arrays`), whose chunk ids this object knows."""
        from toolkit import _scan
        from toolkit.readability import (
            _CHARS,
            _HARD_2,
            _HARD_3,
            _HARD_ANY,
            _LETTERS,
            _LINSEAR_EASY,
            _LONG,
            _MINI,
            _N_FIELDS,
            _POLY,
            _SYLLABLES,
            _WORD,
            _linsear_arrays,
        )

        sums, head, difficult = (np.frombuffer(b, dtype=np.int64) for b in _scan.sum_features(
            raw["chunk_ids"], raw["n_chunks"], raw["linsear_chunks"],
            np.ascontiguousarray(self.features), _N_FIELDS, self.hard_ids, self.n_hard))
        sums = sums.reshape(n_docs, _N_FIELDS)
        head = head.reshape(n_docs, _N_FIELDS)
        linsear_value, linsear_guarded = _linsear_arrays(
            head[:, _LINSEAR_EASY], head[:, _POLY], raw["linsear_sentences"],
            raw["linsear_chunks"] > 0)
        return {
            "n_words": sums[:, _WORD], "n_sentences": raw["n_sentences"],
            "n_syllables": sums[:, _SYLLABLES], "n_poly": sums[:, _POLY],
            "n_chars": sums[:, _CHARS], "n_letters": sums[:, _LETTERS],
            "n_split": raw["n_chunks"], "n_long": sums[:, _LONG], "n_mini": sums[:, _MINI],
            "n_hard_any": sums[:, _HARD_ANY], "n_hard_3": sums[:, _HARD_3],
            "n_hard_2": sums[:, _HARD_2], "linsear_value": linsear_value,
            "linsear_guarded": linsear_guarded, "n_difficult_words": difficult,
        }


# --------------------------------------------------------------------------- scanning


def lexicon_key(lexicon: Any) -> str:
    """A hash of what a lexicon matches (its categories, entries and exclusions), to key views
    by; lexicons with equal content share it."""
    content = repr((lexicon.categories, lexicon.entries, lexicon.exclusions))
    return hashlib.blake2b(content.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def _content_key(texts: list[str]) -> str:
    """SHA-256 of the texts' UTF-8 bytes one after another, then of each text's length in bytes
    and of their number (so no two lists share a key by accident). SHA-256 because it is
    collision-resistant and, with the CPU's SHA instructions, about twice as fast as BLAKE2b.
    :func:`_arrow_key` computes the same key from an Arrow array's buffers."""
    digest = hashlib.sha256()
    lengths = np.empty(len(texts), dtype=np.int64)
    for row, text in enumerate(texts):
        data = text.encode("utf-8", "surrogatepass")
        lengths[row] = len(data)
        digest.update(data)
    digest.update(lengths.tobytes())
    digest.update(len(texts).to_bytes(8, "little"))
    return digest.hexdigest()


def _arrow_strings(column: pd.Series) -> Any:
    """The pyarrow ChunkedArray of strings behind a pandas column (pandas' ``str`` dtype with
    pyarrow storage, or ``ArrowDtype(pa.string())``), or None for any other column."""
    array = column.array
    if not isinstance(array, pd.arrays.ArrowExtensionArray):
        return None
    import pyarrow as pa

    chunked = array.__arrow_array__()
    if not isinstance(chunked, pa.ChunkedArray) or not (
            pa.types.is_string(chunked.type) or pa.types.is_large_string(chunked.type)):
        return None
    return chunked


def _arrow_key(chunked: Any) -> str:
    """:func:`_content_key` of the texts of an Arrow string array (a missing text counts as
    ``""``), hashed from its buffers: no Python str is made."""
    import pyarrow as pa
    import pyarrow.compute as pc

    digest = hashlib.sha256()
    lengths = []
    for part in chunked.chunks:
        # a missing text's bytes are not necessarily empty in the buffer: fill it with ""
        chunk = pc.fill_null(part, "") if part.null_count else part
        if not len(chunk):
            continue
        _, offsets_buffer, data = chunk.buffers()
        width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
        offsets = np.frombuffer(offsets_buffer, dtype=width)[chunk.offset:
                                                             chunk.offset + len(chunk) + 1]
        if data is not None and offsets[-1] > offsets[0]:
            digest.update(memoryview(data)[int(offsets[0]):int(offsets[-1])])
        lengths.append(np.diff(offsets).astype(np.int64))
    n = sum(len(part) for part in lengths)
    digest.update(np.concatenate(lengths).tobytes() if lengths else b"")
    digest.update(n.to_bytes(8, "little"))
    return digest.hexdigest()


class _ArrowKeys:
    """Content keys of Arrow arrays already hashed, found again by the array object itself.

    A pyarrow array cannot be changed in place: pandas replaces a column's array when a value
    is set (``df.loc[i, "text"] = ...``, ``df["text"] = ...``, ``.str`` methods make new
    arrays), so while an array object is alive its texts are the ones hashed. Entries hold a
    weak reference (no text is kept alive) and go when their array does; at most
    :data:`_ARROW_KEYS` are kept."""

    def __init__(self) -> None:
        self.keys: OrderedDict[int, tuple[Any, str]] = OrderedDict()
        # reentrant: an array freed while the lock is held calls ``forget`` in this thread
        self.lock = threading.RLock()

    def key(self, chunked: Any) -> str:
        import weakref

        with self.lock:
            entry = self.keys.get(id(chunked))
            if entry is not None and entry[0]() is chunked:
                self.keys.move_to_end(id(chunked))
                return entry[1]
        content = _arrow_key(chunked)
        ident = id(chunked)

        def forget(ref: Any, ident: int = ident) -> None:
            with self.lock:
                if self.keys.get(ident, (None,))[0] is ref:
                    del self.keys[ident]

        with self.lock:
            self.keys[ident] = (weakref.ref(chunked, forget), content)
            self.keys.move_to_end(ident)
            while len(self.keys) > _ARROW_KEYS:
                self.keys.popitem(last=False)
        return content

    def clear(self) -> None:
        with self.lock:
            self.keys.clear()


_ARROW_KEYS = 64


def text_key(column: pd.Series, *, arrow_only: bool = False) -> str | None:
    """The content key of a text column (what scans are cached by): found again without
    hashing when the column is the same Arrow array as before (see :class:`_ArrowKeys`),
    hashed otherwise; ``arrow_only``: None for a column not backed by Arrow (not hashed)."""
    chunked = _arrow_strings(column)
    if chunked is not None:
        return _KEYS.key(chunked)
    if arrow_only:
        return None
    return _content_key(_texts(column.to_frame("text")))


_INT64 = ("n_tokens", "n_distinct", "n_chunks", "n_sentences", "linsear_chunks",
          "linsear_sentences")
_INT32 = ("word_ids", "distinct_ids", "distinct_counts", "chunk_ids")


def _arrays(raw: dict[str, bytes]) -> dict[str, np.ndarray]:
    """``Scanner.scan``'s bytes as arrays (read-only views, no copies)."""
    arrays = {name: np.frombuffer(raw[name], dtype=np.int64) for name in _INT64}
    arrays.update((name, np.frombuffer(raw[name], dtype=np.int32)) for name in _INT32)
    arrays["joined"] = np.frombuffer(raw["joined"], dtype=np.uint8)
    arrays["unsegmented"] = np.frombuffer(raw["unsegmented"], dtype=np.uint8)
    arrays.update((name, np.frombuffer(raw[name], dtype=np.int32)) for name in ("starts", "ends")
                  if name in raw)
    return arrays


def _compiled_scan(scanner: Any, texts: list[str], key: str, facts: Any = None, *,
                   offsets: bool = False) -> Scan:
    """A compiled scan of ``texts`` by ``scanner`` (whose word ids may go on from earlier
    calls: :func:`toolkit.analyze` keeps one per run, with its ``facts``); ``offsets``: also
    record each token's character offsets (8 bytes a token)."""
    from toolkit.analysis import _fallback_tokens
    from toolkit.tokens import token_spans

    # offsets are kept as int32: a text too long for them is scanned without
    offsets = offsets and max(map(len, texts), default=0) < 2**31
    scanned = (scanner.scan(texts, _fallback_tokens, token_spans) if offsets
               else scanner.scan(texts, _fallback_tokens))
    raw = _arrays(scanned)
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(raw["n_tokens"], out=offsets[1:])
    distinct_offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(raw["n_distinct"], out=distinct_offsets[1:])
    # "unsegmented": 0 where a text has no character of a script without spaces between words
    readability = {name: raw[name] for name in (
        "chunk_ids", "n_chunks", "n_sentences", "linsear_chunks", "linsear_sentences",
        "unsegmented")}
    return Scan(key=key, n_docs=len(texts), kernel="compiled", words=scanner.words,
                word_ids=raw["word_ids"], offsets=offsets, distinct_ids=raw["distinct_ids"],
                distinct_counts=raw["distinct_counts"], distinct_offsets=distinct_offsets,
                joined=raw["joined"], _raw=readability, _chunks=scanner.chunks, _facts=facts,
                token_starts=raw.get("starts"), token_ends=raw.get("ends"))


def _scan_compiled(module: Any, texts: list[str], key: str) -> Scan:
    return _compiled_scan(module.Scanner(), texts, key, offsets=True)


def _scan_python(texts: list[str], key: str) -> Scan:
    from toolkit.analysis import _fallback_tokens

    ids: dict[str, int] = {}
    joined = bytearray()
    word_ids: list[int] = []
    offsets = [0]
    distinct_ids: list[int] = []
    distinct_counts: list[int] = []
    distinct_offsets = [0]
    intern = ids.setdefault
    for text in texts:
        tokens, flags = _fallback_tokens(text)
        joined += flags
        these = [intern(t, len(ids)) for t in tokens]
        word_ids.extend(these)
        offsets.append(len(word_ids))
        counts: dict[int, int] = {}
        for i in these:
            counts[i] = counts.get(i, 0) + 1
        distinct_ids.extend(counts)
        distinct_counts.extend(counts.values())
        distinct_offsets.append(len(distinct_ids))
    return Scan(key=key, n_docs=len(texts), kernel="python", words=list(ids),
                word_ids=np.array(word_ids, dtype=np.int32),
                offsets=np.array(offsets, dtype=np.int64),
                distinct_ids=np.array(distinct_ids, dtype=np.int32),
                distinct_counts=np.array(distinct_counts, dtype=np.int32),
                distinct_offsets=np.array(distinct_offsets, dtype=np.int64),
                joined=np.frombuffer(bytes(joined), dtype=np.uint8))


class _Cache:
    """The scans of the last few corpora, least recently used first."""

    def __init__(self) -> None:
        self.scans: OrderedDict[tuple[str, str], Scan] = OrderedDict()
        self.findings: OrderedDict[tuple[str, str], Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple[str, str]) -> Scan | None:
        with self.lock:
            found = self.scans.get(key)
            if found is not None:
                self.scans.move_to_end(key)
            return found

    def put(self, key: tuple[str, str], found: Scan) -> None:
        with self.lock:
            if found.nbytes > CACHE_BYTES:
                return
            self.scans[key] = found
            self.scans.move_to_end(key)
            while (len(self.scans) > CACHE_CORPORA
                   or sum(s.nbytes for s in self.scans.values()) > CACHE_BYTES):
                self.scans.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.scans.clear()
            self.findings.clear()

    def remembered(self, key: tuple[str, str], compute: Any) -> Any:
        """``compute()`` once per ``key`` (content key, what), kept for the last
        :data:`_FINDINGS` keys: small findings about a text column, not scans."""
        with self.lock:
            if key in self.findings:
                self.findings.move_to_end(key)
                return self.findings[key]
        value = compute()
        with self.lock:
            self.findings[key] = value
            while len(self.findings) > _FINDINGS:
                self.findings.popitem(last=False)
        return value


_FINDINGS = 32
_CACHE = _Cache()


def remembered(content: str, what: str, compute: Any) -> Any:
    """``compute()``, a finding about the texts whose content key (:func:`text_key`) is
    ``content``, worked out once and kept with the scans (``toolkit.clear_cache()`` empties
    both); the result is shared, so callers must not change it."""
    return _CACHE.remembered((content, what), compute)
_KEYS = _ArrowKeys()


def _texts(corpus: pd.DataFrame | list[str]) -> list[str]:
    if isinstance(corpus, pd.DataFrame):
        if "text" not in corpus.columns:
            raise ValueError(format_message("the corpus has no `text` column",
                                            fix="pass a corpus (see toolkit.validate_corpus)"))
        column = corpus["text"]
        missing = column.isna()
        texts = column.where(~missing, "").tolist() if missing.any() else column.tolist()
    else:
        texts = list(corpus)
    for row, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(format_message(f"text {row} is {type(text).__name__}, not str",
                                           where=f"row {row}, column `text`",
                                           fix="clean the corpus with toolkit.validate_corpus"))
    return texts


def scan(corpus: pd.DataFrame, *, python: bool = False) -> Scan:
    """Tokens of every document of a corpus, found once and cached by the texts' content.

    Parameters
    ----------
    corpus : pandas.DataFrame
        A corpus with a ``text`` column (missing texts count as empty); a list of str is
        accepted too. Not modified.
    python : bool, default False
        Scan with the pure-Python kernel even where the compiled one is built (for tests;
        the results are the same).

    Returns
    -------
    Scan
        The shared, read-only result (see :class:`Scan`): ``words``, ``word_ids``,
        ``offsets``, ``distinct_ids``, ``distinct_counts``, ``distinct_offsets``, ``n_docs``,
        ``kernel``, ``key``. The same object is returned while the corpus's texts are
        unchanged and it is still cached (see the module's notes on the cache).

    Example
    -------
    >>> import toolkit
    >>> found = toolkit.scan(toolkit.demo_corpus())
    >>> int(found.offsets[-1]) == len(found.word_ids)
    True
    """
    from toolkit.analysis import _load_kernel

    module = None if python else _load_kernel()
    kernel = "python" if module is None else "compiled"
    texts = None
    if isinstance(corpus, pd.DataFrame) and "text" in corpus.columns and (
            _arrow_strings(corpus["text"]) is not None):
        content = text_key(corpus["text"])  # no str made: the texts only if not cached
    else:
        texts = _texts(corpus)
        content = _content_key(texts)
    key = (kernel, content)
    found = _CACHE.get(key)
    if found is None:
        if texts is None:
            texts = _texts(corpus)
        found = (_scan_python(texts, content) if module is None
                 else _scan_compiled(module, texts, content))
        _CACHE.put(key, found)
    return found


def clear_cache() -> None:
    """Forget every cached scan (see :func:`scan`); the next call scans its corpus again.

    Also drops the kernels :func:`toolkit.analyze_dask` keeps between partitions in this
    process (on a Dask cluster, run it on the workers: ``client.run(toolkit.clear_cache)``).

    Example
    -------
    >>> import toolkit
    >>> toolkit.clear_cache()
    """
    _CACHE.clear()
    _KEYS.clear()
    analysis = sys.modules.get("toolkit.analysis")  # nothing to drop if it was never imported
    if analysis is not None:
        analysis._clear_kernels()
