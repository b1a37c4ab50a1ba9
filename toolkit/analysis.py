"""The full per-document analysis at scale: in memory, streamed from disk, or on Dask.

:func:`analyze` and :func:`analyze_dask` run one kernel over chunks of a corpus. Each document is
tokenized once (the rules of :mod:`toolkit.tokens`) and the same tokens feed the term counts and
the lexicon matcher; readability counts each text once (:mod:`toolkit.readability`). So the
three ways of running give the same numbers as each other and as the single-purpose functions:

=====================  ==========================================================================
table                  equals
=====================  ==========================================================================
``documents``          :func:`toolkit.readability` (same columns, in corpus order) with
                       ``n_word_tokens`` (word tokens of :func:`toolkit.tokenize`: the
                       ``n_words`` of ``lexicon_counts`` and ``term_frequency``, the
                       denominator of their rates) inserted after ``date``. Readability's
                       own ``n_words`` is textstat's word count, which its formulas use
``lexicon_counts``     :func:`toolkit.lexicon_counts` with ``by="doc_id"`` and ``voice="all"``
                       (long: one row per document and category, zeros kept; every voice, quoted
                       speech included), in corpus order
``term_frequency``     :func:`toolkit.term_frequency` with the same ``by`` and ``stopwords``
=====================  ==========================================================================

Kernel
------
Where the C extension ``toolkit._scan`` was built at install time (``setup.py``; it needs a C
compiler), the kernel's per-token work runs in C: one pass per text tokenizes it, interns word
types and textstat's whitespace tokens as integer ids and counts sentences; every fact about a
word type (stopword, lexicon start, readability facts) is learnt once in Python and then looked
up by id with NumPy, per chunk. Otherwise a pure-Python kernel runs (about six times slower). Both
give the same tables; ``manifest["versions"]["kernel"]`` says which one ran.

Term counts are merged as sums of per-chunk (per-partition) counts per group, never by
collecting texts; ``per_10k`` and ``rank`` are computed once at the end, exactly as
:func:`toolkit.term_frequency` computes them.

Memory
------
Streaming (``analyze(path, out=...)``) holds one chunk of documents at a time (about 60 kB per
document of 3.7 kB text with ``chunk_size=10_000``: texts, tokens, results) and 8 bytes per
document for the check that ``doc_id`` is unique across chunks. The caches of word facts
(readability, lexicon matcher, term ids) are rebuilt for every chunk, so nothing learnt from
one chunk stays in memory. At the end, the parts' term counts are added one part at a time
to a compact running sum (``_TermSums``: integer group and term ids, 24 bytes per (group,
term) and each distinct term once, as pyarrow strings): it grows with the vocabulary (groups x
distinct terms), not with the number of documents, and stays well below one chunk's peak (on
allsides, 1.16 million (outlet, term) rows: 30 MB).
Read Parquet files written with row groups of at most ``chunk_size`` rows (pyarrow reads a row
group at a time; ``DataFrame.to_parquet(path, row_group_size=10_000)``).

Dask
----
:func:`analyze_dask` runs the same kernel on every partition. Each worker process keeps the
kernel it used (a small pool per process, keyed by the settings' fingerprint, bounded and
emptied by :func:`toolkit.clear_cache`), so its later partitions learn only their new word
types. Partitions send their per-document rows and compact term sums; the sums are added in a
tree on the workers; the client adds up the last level and ranks the terms.

Output folder (``out``)
-----------------------
``documents.parquet``, ``lexicon_counts.parquet``, ``term_frequency.parquet`` and
``manifest.json`` (parameters, counts, versions and ``"status": "complete"``). While a run is in
progress, finished chunks go to ``out/.parts/`` (each written to a temporary name and renamed,
with a marker written last) and the manifest says ``"status": "running"``. The final files are
assembled in a temporary folder and moved into place before the manifest is marked complete, so
an interrupted run never leaves a result that looks complete. Running again with ``resume=True``
(the default) and the same parameters and source skips the chunks already done.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import platform
import shutil
import threading
import time
import warnings
from array import array
from collections import Counter, OrderedDict, defaultdict, deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from toolkit._errors import format_message
from toolkit._grouping import group_codes, group_keys, resolve_by
from toolkit._progress import progress_bar
from toolkit.corpus import CorpusError, validate_corpus
from toolkit.tokens import _tokens_and_spans, _unsegmented_scripts, is_joined, load_stopwords

__all__ = ["analyze", "analyze_dask", "AnalysisResult", "TABLES"]

#: The tables an analysis produces, in the order they are written.
TABLES = ("documents", "lexicon_counts", "term_frequency")

_MANIFEST = "manifest.json"
_PARTS = ".parts"
_FINAL_TMP = ".final-tmp"
# the intermediate tables of one chunk, one Parquet file each
_PART_TABLES = ("documents", "lexicon_counts", "terms", "group_tokens")
_SOURCE_SUFFIXES = {".parquet": "parquet", ".pq": "parquet", ".jsonl": "jsonl",
                    ".ndjson": "jsonl"}


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class _Settings:
    """Everything that determines the results (resolved once, sent to every chunk)."""

    lexicon: Any  # toolkit.lexicon.Lexicon
    measures: tuple[str, ...]
    by: tuple[str, ...]
    stopwords: frozenset[str]
    undefined: str

    def fingerprint(self) -> dict[str, Any]:
        lex = self.lexicon
        digest = hashlib.sha256(
            json.dumps([list(lex.categories), [list(e) for e in lex.entries],
                        [list(x) for x in lex.exclusions]], default=str).encode()
        ).hexdigest()
        stops = hashlib.sha256("\n".join(sorted(self.stopwords)).encode()).hexdigest()
        return {
            "lexicon": {"name": lex.name, "version": lex.version, "sha256": digest},
            "measures": list(self.measures),
            "by": list(self.by),
            "stopwords_sha256": stops if self.stopwords else None,
            "undefined": self.undefined,
        }


def _settings(lexicon: Any, measures: Any, by: Any, stopwords: Any, undefined: str) -> _Settings:
    from toolkit._errors import check_choice
    from toolkit.lexicon import load_lexicon
    from toolkit.readability import _check_measures

    check_choice("undefined", undefined, ("nan", "textstat"))
    lex = load_lexicon(lexicon)
    # a fresh copy: its matcher (and the matcher's caches) are built where it is used
    lex = replace(lex)
    return _Settings(lex, _check_measures(measures), tuple(resolve_by(by)),
                     load_stopwords(stopwords), undefined)


# --------------------------------------------------------------------------- the kernel


@dataclass
class _Chunk:
    """The results of one chunk: per-document tables and term counts summed per group."""

    documents: pd.DataFrame
    lexicon_counts: pd.DataFrame
    terms: _TermSums  # term counts per (group, term); .frame(): *by, term, count, docfreq
    group_tokens: pd.DataFrame  # *by, n_words, n_counted, n_docs
    cpu_seconds: float = 0.0  # CPU time of the Dask task that made it (see analyze_dask)


class _Vocabulary:
    """Term -> integer id, dense in order of first sight."""

    def __init__(self) -> None:
        self.ids: defaultdict[str, int] = defaultdict()
        # a missing term gets the next id: ids.__getitem__ maps tokens to ids in one C call
        self.ids.default_factory = self.ids.__len__
        self._terms: np.ndarray = np.empty(0, dtype=object)

    def terms(self, ids: np.ndarray) -> np.ndarray:
        if len(self._terms) < len(self.ids):
            self._terms = np.array(list(self.ids), dtype=object)
        return self._terms[ids]


def _id_counts(ids: array) -> tuple[np.ndarray, np.ndarray]:
    """Distinct ids (sorted) and how often each occurs."""
    values = np.frombuffer(ids, dtype=np.intc) if len(ids) else np.empty(0, dtype=np.intc)
    if len(values) > 4 * (int(values.max()) + 1 if len(values) else 0):
        counts = np.bincount(values)
        distinct = np.flatnonzero(counts)
        return distinct, counts[distinct]
    return np.unique(values, return_counts=True)


def _scan(texts: list[str], codes: list[int], settings: _Settings, scorer: Any,
          vocabulary: _Vocabulary, group_ids: list[array], group_doc_ids: list[array],
          category_of: dict[str, int], weights: dict | None) -> tuple[list, ...]:
    """The per-document loop: tokens once for terms and lexicon, readability once."""
    from toolkit.readability import _COUNTS

    n_tokens: list[int] = []
    n_terms: list[int] = []  # tokens counted as terms (after stopwords)
    hit_rows: list[int] = []
    hit_categories: list[int] = []
    hit_weights: list[float] = []
    counts_rows: list[tuple[int, ...]] = []
    value_rows: list[list[float]] = []
    notes: list[str | None] = []
    find = settings.lexicon.find
    score = scorer.row
    chosen = settings.measures
    nan = settings.undefined == "nan"
    stops = settings.stopwords
    term_id = vocabulary.ids.__getitem__
    counts_of = itemgetter(*_COUNTS)
    for row, (text, code) in enumerate(zip(texts, codes, strict=True)):
        tokens, spans = _tokens_and_spans(text)
        all_tokens = tokens
        n_tokens.append(len(tokens))
        if stops:
            tokens = [t for t in tokens if t not in stops]
        n_terms.append(len(tokens))
        ids = list(map(term_id, tokens))
        group_ids[code].extend(ids)
        group_doc_ids[code].extend(set(ids))
        if spans:
            for hit in find(text, spans, tokens=all_tokens, types=set(all_tokens)):
                hit_rows.append(row)
                hit_categories.append(category_of[hit.group])
                if weights is not None:
                    hit_weights.append(weights[(hit.group, hit.entry)])
        counts, values, note = score(text, chosen, nan=nan)
        counts_rows.append(counts_of(counts))
        value_rows.append(values)
        notes.append(note)
    return (n_tokens, n_terms, hit_rows, hit_categories, hit_weights, counts_rows, value_rows,
            notes)


@contextmanager
def _cyclic_gc_paused():
    """Pause the cyclic garbage collector (the loop makes no reference cycles; reference
    counting frees everything), so that it does not rescan the growing results per document."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class _Scanned:
    """What a kernel found in one chunk of documents (n of them, in order)."""

    n_tokens: np.ndarray  # int64 (n,): word tokens
    n_terms: np.ndarray  # int64 (n,): tokens counted as terms (after stopwords)
    hit_rows: np.ndarray  # int64: document of each lexicon hit
    hit_categories: np.ndarray  # int64: category index of each hit
    hit_weights: np.ndarray | None  # float64: entry weight of each hit, for weighted lexicons
    counts: np.ndarray  # int64 (n, len(_COUNTS))
    values: np.ndarray  # float64 (n, len(measures))
    notes: list[str | None]
    term_groups: np.ndarray  # int64: group code of each (group, term) row
    terms: np.ndarray | None  # object: the term of each row
    term_counts: np.ndarray  # int64
    term_docfreq: np.ndarray  # int64
    term_ids: np.ndarray | None = None  # the word id of each row (compiled kernel)


class _PythonKernel:
    """The kernel in Python: one loop over documents (toolkit.tokens, toolkit.readability)."""

    def __init__(self, settings: _Settings) -> None:
        from toolkit.readability import _Scorer

        self.settings = settings
        self.scorer = _Scorer()
        self.vocabulary = _Vocabulary()

    def scan(self, texts: pd.Series, codes: np.ndarray, n_groups: int) -> _Scanned:
        texts = texts.tolist()
        settings = self.settings
        lexicon = settings.lexicon
        category_of = {c: i for i, c in enumerate(lexicon.categories)}
        weights = lexicon._weights if lexicon.has_weights else None
        # per group: the term id of every token, and the distinct term ids of every document
        group_ids = [array("i") for _ in range(n_groups)]
        group_doc_ids = [array("i") for _ in range(n_groups)]
        with _cyclic_gc_paused():
            rows = _scan(texts, codes.tolist(), settings, self.scorer, self.vocabulary,
                         group_ids, group_doc_ids, category_of, weights)
        n_tokens, n_terms, hit_rows, hit_categories, hit_weights, counts_rows, value_rows, notes = rows
        n = len(texts)
        groups: list[np.ndarray] = []
        ids: list[np.ndarray] = []
        counts: list[np.ndarray] = []
        docfreq: list[np.ndarray] = []
        for code in range(n_groups):
            distinct, occurrences = _id_counts(group_ids[code])
            _, in_docs = _id_counts(group_doc_ids[code])  # the same distinct ids
            groups.append(np.full(len(distinct), code, dtype=np.int64))
            ids.append(distinct)
            counts.append(occurrences.astype(np.int64))
            docfreq.append(in_docs.astype(np.int64))
        all_ids = np.concatenate(ids) if ids else np.empty(0, dtype=np.int64)
        return _Scanned(
            n_tokens=np.asarray(n_tokens, dtype=np.int64),
            n_terms=np.asarray(n_terms, dtype=np.int64),
            hit_rows=np.asarray(hit_rows, dtype=np.int64),
            hit_categories=np.asarray(hit_categories, dtype=np.int64),
            hit_weights=None if weights is None else np.asarray(hit_weights, dtype=np.float64),
            counts=np.array(counts_rows, dtype=np.int64).reshape(n, -1),
            values=np.array(value_rows, dtype=np.float64).reshape(n, len(settings.measures)),
            notes=notes,
            term_groups=np.concatenate(groups) if groups else np.empty(0, dtype=np.int64),
            terms=self.vocabulary.terms(all_ids),
            term_counts=np.concatenate(counts) if counts else np.empty(0, dtype=np.int64),
            term_docfreq=np.concatenate(docfreq) if docfreq else np.empty(0, dtype=np.int64),
        )


def _load_kernel() -> Any:
    """``toolkit._scan``, the compiled kernel, or None where it was not built."""
    try:
        from toolkit import _scan
    except ImportError:
        return None
    return _scan


def _fallback_tokens(text: str) -> tuple[list[str], bytes]:
    """Tokens of a text the compiled tokenizer hands back, and whether each is joined to the
    one before (toolkit.tokens decides both)."""
    tokens, spans = _tokens_and_spans(text)
    joined = [False]
    joined += [is_joined(text, a[2], b[1]) for a, b in zip(spans, spans[1:], strict=False)]
    return tokens, bytes(joined[: len(tokens)])


# bins of one dense count per (group, word type) above which counting sorts instead
_DENSE_BINS = 1 << 22
# whitespace-token types (and their readability facts) the compiled kernel keeps; past this it
# starts again (about 250 bytes each: strings, facts, hash table and word cache), which bounds
# its memory at ~50 MB for a run of any length and costs relearning the common types
_CHUNK_TYPES = 200_000
# texts the compiled kernel scans at a time: its token arrays, the texts' str objects and the
# intermediate arrays exist for one batch (about 60 MB for 2,000 news articles of 6 kB)
_BATCH = 2_000


class _CompiledKernel:
    """The kernel with its per-token work in C (toolkit/_scan.c), the rest vectorised.

    The C scanner tokenizes every text once (the rules of toolkit.tokens), interns word types
    and textstat's whitespace tokens, and counts sentences; per word type the kernel keeps
    whether it is a stopword and whether a lexicon entry may start at it, and per whitespace
    token type its readability facts (toolkit.readability._Scorer). Per document, Python only
    runs the lexicon matcher at the tokens where an entry may start.
    """

    def __init__(self, settings: _Settings, module: Any) -> None:
        from toolkit.matcher import parse_entry
        from toolkit.scan import _ChunkFacts

        self.settings = settings
        self.module = module
        self.scanner = module.Scanner()
        self.facts = _ChunkFacts()  # readability facts per whitespace-token type
        self.n_words = 0  # word types whose flags are known
        self.is_stop = np.zeros(0, dtype=bool)
        self.is_start = np.zeros(0, dtype=bool)
        self.is_excluded_start = np.zeros(0, dtype=bool)
        self.word_index: dict[str, int] = {}
        self.needs_next = np.zeros(0, dtype=bool)
        self.goes_on = np.zeros(0, dtype=bool)  # see _learn_pairs
        self.continuations: dict[str, list[int]] = {}  # next word -> starters it continues
        self.pairs = np.zeros(0, dtype=np.int64)  # sorted; see _learn_pairs
        self.terms = np.empty(0, dtype=object)  # the word types, by id
        # per word id: how many hits a start there gives when it is a lone-word start (every
        # trie node of it ends entries and goes no further; 0: not one), and where its hits'
        # categories and weights begin in single_categories / single_weights
        self.n_single = np.zeros(0, dtype=np.int64)
        self.single_start = np.zeros(0, dtype=np.int64)
        self.single_categories = np.zeros(0, dtype=np.int64)
        self.single_weights = np.zeros(0, dtype=np.float64)
        exclusions = settings.lexicon._exclusion_matcher
        # the most tokens an exclusion entry matches
        self.exclusion_span = 0 if exclusions is None else max(
            (len(parse_entry(entry)) for entry, _ in exclusions.entries), default=0)

    def _learn_words(self) -> list[str]:
        words = self.scanner.words
        new = words[self.n_words:]
        if new:
            lexicon = self.settings.lexicon
            excluded = lexicon._exclusion_matcher
            is_stop = np.fromiter(map(self.settings.stopwords.__contains__, new), dtype=bool,
                                  count=len(new))
            is_start = lexicon.matcher._starter_flags(new)
            self.is_stop = np.concatenate([self.is_stop, is_stop])
            self.is_start = np.concatenate([self.is_start, is_start])
            if excluded is not None:
                self.is_excluded_start = np.concatenate(
                    [self.is_excluded_start, excluded._starter_flags(new)])
            self._learn_pairs(words, self.n_words, is_start)
            self._learn_singles(words, self.n_words, is_start)
            self.terms = np.concatenate([self.terms, np.array(new, dtype=object)])
            self.n_words = len(words)
        return words

    def _learn_singles(self, words: list[str], first_new: int, is_start: np.ndarray) -> None:
        """The hits of a start at each new starter without globs when no phrase goes on
        from it: per category, the entry of the first of its trie nodes that ends one (as
        PhraseMatcher._runs picks it at a one-token match)."""
        lexicon = self.settings.lexicon
        matcher = lexicon.matcher
        category_of = {c: i for i, c in enumerate(lexicon.categories)}
        weights = lexicon._weights if lexicon.has_weights else None
        counts = np.zeros(len(words) - first_new, dtype=np.int64)
        categories: list[int] = []
        hit_weights: list[float] = []
        for number in (first_new + np.flatnonzero(is_start)).tolist():
            nodes = matcher._starters[words[number]]
            if any(node.globs for node in nodes):
                continue
            best: dict[str, str] = {}
            for node in nodes:
                for group, entry in node.terminal.items():
                    best.setdefault(group, entry)
            counts[number - first_new] = len(best)
            for group, entry in best.items():
                categories.append(category_of[group])
                hit_weights.append(0.0 if weights is None else weights[(group, entry)])
        self.single_start = np.concatenate(
            [self.single_start, len(self.single_categories) + np.cumsum(counts) - counts])
        self.n_single = np.concatenate([self.n_single, counts])
        self.single_categories = np.concatenate(
            [self.single_categories, np.asarray(categories, dtype=np.int64)])
        self.single_weights = np.concatenate(
            [self.single_weights, np.asarray(hit_weights, dtype=np.float64)])

    def _learn_pairs(self, words: list[str], first_new: int, is_start: np.ndarray) -> None:
        """Which word pairs continue a phrase, for the starters that go on by exact words.

        Most tokens where a lexicon entry may start begin a phrase (``western`` of ``western
        puppet``) and are not followed by its next word; such a start cannot match, and is
        dropped before the matcher runs. A starter "goes on" when its trie nodes have exact
        next words and no globs, and "needs a next word" when besides none of them ends an
        entry; ``pairs`` holds ``(starter id << 32) | next id`` for every known word that
        continues a starter that goes on (:meth:`PhraseMatcher._next` decides). ``is_start``
        flags the new words (``words[first_new:]``) that may start an entry.
        """
        matcher = self.settings.lexicon.matcher
        index = self.word_index
        index.update(zip(words[first_new:], range(first_new, len(words)), strict=True))
        needs = np.zeros(len(words) - first_new, dtype=bool)
        found: set[int] = set()
        known_keys = set(self.continuations)

        def continues(starter_id: int, word: str) -> bool:
            return any(matcher._next(node, word) for node in matcher._starters[words[starter_id]])

        goes_on = np.zeros(len(words) - first_new, dtype=bool)
        for number in (first_new + np.flatnonzero(is_start)).tolist():
            nodes = matcher._starters[words[number]]
            if any(node.globs for node in nodes) or not any(node.exact for node in nodes):
                continue  # pairs for the starters that go on by exact next words only
            goes_on[number - first_new] = True
            needs[number - first_new] = not any(node.terminal for node in nodes)
            for key in {key for node in nodes for key in node.exact}:
                self.continuations.setdefault(key, []).append(number)
                for form in (key, key + "'s", key + "'"):
                    other = index.get(form)
                    if other is not None and continues(number, form):
                        found.add((number << 32) | other)
        # new words after known starters: a new word is the next word of a phrase (key) or
        # its possessive (key's, key')
        for key in known_keys:
            for form in (key, key + "'s", key + "'"):
                number = index.get(form, -1)
                if number >= first_new:
                    for starter_id in self.continuations[key]:
                        if continues(starter_id, form):
                            found.add((starter_id << 32) | number)
        self.needs_next = np.concatenate([self.needs_next, needs])
        self.goes_on = np.concatenate([self.goes_on, goes_on])
        if found:
            self.pairs = np.union1d(self.pairs, np.fromiter(found, dtype=np.int64))

    def scan(self, texts: pd.Series, codes: np.ndarray, n_groups: int) -> _Scanned:
        """Scan a chunk's texts ``_BATCH`` at a time (str objects, token arrays and their
        intermediate results exist for one batch at a time) and put the results together."""
        parts = []
        total: tuple[np.ndarray, ...] | None = None  # term counts of the batches so far
        for at in range(0, max(len(texts), 1), _BATCH):
            part = self._scan_batch(texts.iloc[at:at + _BATCH].tolist(),
                                    codes[at:at + _BATCH], n_groups)
            rows = (part.term_groups, part.term_ids, part.term_counts, part.term_docfreq)
            total = rows if total is None else _sum_group_counts([total, rows], self.n_words)
            part.term_groups = part.term_ids = part.term_counts = part.term_docfreq = None
            parts.append(part)
        groups, ids, counts, docfreq = total
        firsts = np.cumsum([0, *(len(p.n_tokens) for p in parts[:-1])]).tolist()
        weights = [p.hit_weights for p in parts]
        return _Scanned(
            n_tokens=np.concatenate([p.n_tokens for p in parts]),
            n_terms=np.concatenate([p.n_terms for p in parts]),
            hit_rows=np.concatenate([p.hit_rows + first
                                     for p, first in zip(parts, firsts, strict=True)]),
            hit_categories=np.concatenate([p.hit_categories for p in parts]),
            hit_weights=None if weights[0] is None else np.concatenate(weights),
            counts=np.concatenate([p.counts for p in parts]),
            values=np.concatenate([p.values for p in parts]),
            notes=[note for p in parts for note in p.notes],
            term_groups=groups, terms=self.terms[ids], term_counts=counts,
            term_docfreq=docfreq, term_ids=ids)

    def _forget_chunks(self) -> None:
        """Bound memory: start the whitespace-token types and their facts again."""
        self.scanner.clear_chunks()
        self.facts.clear()

    def _scan_batch(self, texts: list[str], codes: np.ndarray, n_groups: int) -> _Scanned:
        """One batch's scan (toolkit.scan's, with this kernel's scanner and facts) and the
        views analyze reads from it (``terms`` left to :meth:`scan`)."""
        from toolkit.readability import _score_arrays
        from toolkit.scan import _compiled_scan

        settings = self.settings
        n = len(texts)
        found = _compiled_scan(self.scanner, texts, "", self.facts)
        words = self._learn_words()
        n_tokens = np.diff(found.offsets)

        # term counts per group, from each document's distinct word ids and their counts
        distinct, occurrences = found.distinct_ids, found.distinct_counts
        pair_doc = np.repeat(np.arange(n, dtype=np.int64), np.diff(found.distinct_offsets))
        kept = ~self.is_stop[distinct]
        n_terms = np.bincount(pair_doc[kept], weights=occurrences[kept],
                              minlength=n).astype(np.int64)
        term_groups, term_ids, term_counts, term_docfreq = _group_counts(
            codes[pair_doc[kept]], distinct[kept], occurrences[kept], n_groups, len(words))
        del pair_doc, kept

        # lexicon hits: the matcher runs only where an entry may start
        hit_rows, hit_categories, hit_weights = self._lexicon_hits(found, n_tokens, words)

        # readability: sums of the whitespace tokens' facts, then textstat's formulas
        counts = found.readability_counts()
        # the scripts of texts with a character of a script without spaces between words
        # (toolkit.tokens._unsegmented_scripts); the scanner flags them in the same pass
        scripts = [_unsegmented_scripts(text) if flagged else () for text, flagged in zip(
            texts, found._raw["unsegmented"].tolist(), strict=True)]
        del found
        if len(self.facts.features) > _CHUNK_TYPES:
            self._forget_chunks()
        difficult = counts.pop("n_difficult_words")
        values, notes = _score_arrays(
            **counts, chosen=settings.measures, nan=settings.undefined == "nan",
            scripts=scripts)
        return _Scanned(
            n_tokens=n_tokens, n_terms=n_terms, hit_rows=hit_rows,
            hit_categories=hit_categories, hit_weights=hit_weights,
            counts=np.column_stack([counts["n_sentences"], counts["n_words"],
                                    counts["n_syllables"], counts["n_poly"], difficult]),
            values=np.asarray(values, dtype=np.float64).reshape(n, len(settings.measures)),
            notes=list(notes), term_groups=term_groups, terms=None, term_counts=term_counts,
            term_docfreq=term_docfreq, term_ids=term_ids)

    def _lexicon_hits(self, found: Any, n_tokens: np.ndarray,
                      words: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        lexicon = self.settings.lexicon
        category_of = {c: i for i, c in enumerate(lexicon.categories)}
        weights = lexicon._weights if lexicon.has_weights else None
        word_ids = found.word_ids
        candidates = np.flatnonzero(self.is_start[word_ids])
        rows: list[int] = []
        categories: list[int] = []
        hit_weights: list[float] = []
        ends = np.cumsum(n_tokens)
        docs = np.searchsorted(ends, candidates, side="right")  # document of each candidate
        starter = word_ids[candidates]
        # whether the next token (same document, joined) continues a phrase of the starter:
        # phrase starts that it does not continue are dropped (the matcher would find nothing
        # there), and other starts it does not continue can only match their own token
        continued = np.zeros(len(candidates), dtype=bool)
        going = np.flatnonzero(self.goes_on[starter])
        if len(going):
            after = candidates[going] + 1
            inside = after < ends[docs[going]]
            after = np.minimum(after, len(word_ids) - 1)
            key = (starter[going].astype(np.int64) << 32) | word_ids[after]
            joined = found.joined[after].astype(bool)
            at = np.minimum(np.searchsorted(self.pairs, key), max(len(self.pairs) - 1, 0))
            known = (self.pairs[at] == key) if len(self.pairs) else np.zeros(len(key), bool)
            continued[going] = inside & joined & known
        keep = ~self.needs_next[starter] | continued
        candidates, docs, starter = candidates[keep], docs[keep], starter[keep]
        continued = continued[keep]
        exclusions = lexicon._exclusion_matcher
        excluded_positions = (np.flatnonzero(self.is_excluded_start[word_ids])
                              if exclusions is not None else None)
        # documents whose every start matches its own token only, none of them within reach of a
        # token where an exclusion may start (an exclusion match covers at most
        # exclusion_span tokens from its start): no match is longer than one token, so none
        # hides another, and none is excluded; their hits are each start's own, looked up
        # without the matcher
        by_matcher = np.zeros(len(n_tokens), dtype=bool)
        lone = np.where(continued, 0, self.n_single[starter])
        by_matcher[docs[lone == 0]] = True
        if excluded_positions is not None and len(excluded_positions) and len(candidates):
            before = np.searchsorted(excluded_positions, candidates, side="right") - 1
            start = excluded_positions[np.maximum(before, 0)]
            reach = ((before >= 0) & (candidates - start < self.exclusion_span)
                     & (np.searchsorted(ends, start, side="right") == docs))
            by_matcher[docs[reach]] = True
        simple = ~by_matcher[docs]
        k = lone[simple]
        firsts_out = np.cumsum(k) - k
        at = (np.arange(int(k.sum()), dtype=np.int64) - np.repeat(firsts_out, k)
              + np.repeat(self.single_start[word_ids[candidates[simple]]], k))
        lone_rows = np.repeat(docs[simple], k)
        lone_categories = self.single_categories[at]
        lone_weights = self.single_weights[at]
        candidates, docs = candidates[~simple], docs[~simple]
        if len(candidates):
            # one slice of candidates per document that has any
            cuts = np.flatnonzero(np.diff(docs)) + 1
            firsts = np.concatenate([[0], cuts]).tolist()
            lasts = np.concatenate([cuts, [len(candidates)]]).tolist()
            ids = memoryview(word_ids)
            joined_at = memoryview(found.joined).__getitem__

            def token_at(j: int) -> str:
                return words[ids[j]]

            candidate_list = candidates.tolist()
            doc_list = docs[firsts].tolist()
            ends_list = ends.tolist()
            for first, last, doc in zip(firsts, lasts, doc_list, strict=True):
                stop_at = ends_list[doc]
                excluded = None
                if excluded_positions is not None:
                    start_at = stop_at - int(n_tokens[doc])
                    lo, hi = np.searchsorted(excluded_positions, [start_at, stop_at])

                    def excluded(lo: int = lo, hi: int = hi) -> list[int]:
                        return excluded_positions[lo:hi].tolist()
                for group, entry, _, _ in lexicon._hits(
                        token_at, joined_at, stop_at, candidate_list[first:last], excluded):
                    rows.append(doc)
                    categories.append(category_of[group])
                    if weights is not None:
                        hit_weights.append(weights[(group, entry)])
        return (np.concatenate([lone_rows, np.asarray(rows, dtype=np.int64)]),
                np.concatenate([lone_categories, np.asarray(categories, dtype=np.int64)]),
                None if weights is None else np.concatenate(
                    [lone_weights, np.asarray(hit_weights, dtype=np.float64)]))


def _group_counts(codes: np.ndarray, ids: np.ndarray, counts: np.ndarray, n_groups: int,
                  n_types: int) -> tuple[np.ndarray, ...]:
    """(group, id, count, docfreq) per distinct (group, word id), sorted by group then id,
    from one row per (document, word id) with the document's group code."""
    empty = np.empty(0, dtype=np.int64)
    if not len(ids):
        return empty, empty, empty, empty
    key = codes.astype(np.int64) * n_types + ids
    bins = n_groups * n_types
    if bins <= max(4 * len(key), 1 << 16) and bins <= _DENSE_BINS:
        docfreq = np.bincount(key, minlength=bins)
        total = np.bincount(key, weights=counts, minlength=bins)
        present = np.flatnonzero(docfreq)
        return (present // n_types, present % n_types, total[present].astype(np.int64),
                docfreq[present].astype(np.int64))
    order = np.argsort(key, kind="stable")
    key = key[order]
    firsts = np.flatnonzero(np.concatenate([[True], key[1:] != key[:-1]]))
    unique = key[firsts]
    total = np.add.reduceat(counts[order].astype(np.int64), firsts)
    docfreq = np.diff(np.append(firsts, len(key))).astype(np.int64)
    return unique // n_types, unique % n_types, total, docfreq


def _sum_group_counts(parts: Sequence[tuple[np.ndarray, ...]], n_types: int
                      ) -> tuple[np.ndarray, ...]:
    """:func:`_group_counts`'s ``(group, id, count, docfreq)`` of several batches, summed per
    (group, id), sorted by group then id."""
    groups, ids, counts, docfreq = (np.concatenate(column)
                                    for column in zip(*parts, strict=True))
    key = groups * n_types + ids
    order = np.argsort(key, kind="stable")  # runs already sorted: about linear
    key = key[order]
    firsts = np.flatnonzero(np.concatenate([[True], key[1:] != key[:-1]]))
    unique = key[firsts]
    return (unique // n_types, unique % n_types, np.add.reduceat(counts[order], firsts),
            np.add.reduceat(docfreq[order], firsts))


def _new_kernel(settings: _Settings) -> Any:
    """The compiled kernel where toolkit._scan is built, else the Python one (same results)."""
    module = _load_kernel()
    if module is None:
        return _PythonKernel(settings)
    return _CompiledKernel(settings, module)


def _analyze_chunk(chunk: pd.DataFrame, settings: _Settings, kernel: Any = None) -> _Chunk:
    """Analyse a validated corpus chunk, reading each text once for tokens, once for readability.

    ``kernel`` (from :func:`_new_kernel`, made for these ``settings``) may be reused across
    chunks: its caches make later chunks faster; a new one is made when None.
    """
    from toolkit.readability import _COUNTS

    if kernel is None:
        kernel = _new_kernel(settings)
    lexicon = settings.lexicon
    chosen = settings.measures
    by = list(settings.by)
    categories = list(lexicon.categories)
    weights = lexicon._weights if lexicon.has_weights else None

    texts = chunk["text"]  # a kernel makes str objects of as many texts at a time as it needs
    n = len(texts)
    codes, groups = group_codes(group_keys(chunk, by))
    n_groups = len(groups)
    found = kernel.scan(texts, np.asarray(codes, dtype=np.int64), n_groups)

    n_tokens_array = found.n_tokens
    # documents: the readability table with n_word_tokens after date (not "n_words": the
    # readability table has its own, textstat's, n_words)
    documents = chunk[["doc_id", "outlet", "date"]].reset_index(drop=True)
    documents["n_word_tokens"] = n_tokens_array
    for j, column in enumerate(_COUNTS):
        documents[column] = found.counts[:, j]
    for j, name in enumerate(chosen):
        documents[name] = found.values[:, j]
    documents["note"] = pd.Series(found.notes, dtype=object)

    # lexicon counts per document, long, zeros kept (as lexicon_counts(by="doc_id"))
    n_categories = len(categories)
    where = (found.hit_rows, found.hit_categories)
    counts = np.zeros((n, n_categories), dtype=np.int64)
    np.add.at(counts, where, 1)
    lexicon_table = pd.DataFrame(
        {"doc_id": np.repeat(chunk["doc_id"].to_numpy(dtype=object), n_categories)}
    )
    lexicon_table["doc_id"] = lexicon_table["doc_id"].astype("str")
    lexicon_table["category"] = pd.array(categories * n, dtype="str")
    lexicon_table["count"] = counts.reshape(-1)
    lexicon_table["n_words"] = np.repeat(n_tokens_array, n_categories)
    lexicon_table["per_1k"] = (
        lexicon_table["count"]
        / lexicon_table["n_words"].where(lexicon_table["n_words"] > 0) * 1000
    )
    if weights is not None:
        weighted = np.zeros((n, n_categories), dtype=np.float64)
        np.add.at(weighted, where, found.hit_weights)
        lexicon_table["weighted"] = weighted.reshape(-1)

    # term counts summed per group, compact: group and term ids, the chunk's own vocabulary
    if found.term_ids is not None:
        _, first, term_ids = np.unique(found.term_ids, return_index=True, return_inverse=True)
        vocabulary = found.terms[first]
    else:
        term_ids, vocabulary = pd.factorize(found.terms)
    terms = _TermSums.from_codes(by, groups, found.term_groups, vocabulary, term_ids,
                                 found.term_counts, found.term_docfreq)
    group_tokens = groups.copy()
    group_tokens["n_words"] = np.bincount(
        codes, weights=n_tokens_array.astype(np.float64), minlength=n_groups
    )[:n_groups].astype(np.int64)
    group_tokens["n_counted"] = np.bincount(
        codes, weights=found.n_terms.astype(np.float64), minlength=n_groups
    )[:n_groups].astype(np.int64)
    group_tokens["n_docs"] = np.bincount(codes, minlength=n_groups)[:n_groups].astype(np.int64)
    return _Chunk(documents, lexicon_table, terms, group_tokens)


_TERM_BITS = 32  # a (group, term) key is group id << 32 | term id


class _TermSums:
    """Term counts summed per (group, term), held compactly: integer ids instead of strings.

    ``groups`` holds the distinct group keys (the ``by`` columns; one row and no columns
    without ``by``), ``vocabulary`` the distinct terms (a pyarrow string array: no Python
    objects), and per (group, term) one sorted ``group id << 32 | term id`` key with its
    ``count`` and ``docfreq``. Adding a table maps its groups and terms to ids (new ones are
    appended) and merges two sorted key arrays, so the running sum of a long run costs 24
    bytes per (group, term) plus its distinct strings once, and adding one part holds that part
    besides it (the tables of many parts are never concatenated). ``finish`` makes
    ``term_frequency``'s table from it.
    """

    def __init__(self, by: Sequence[str], groups: pd.DataFrame, vocabulary: Any,
                 keys: np.ndarray, count: np.ndarray, docfreq: np.ndarray) -> None:
        self.by = tuple(by)
        self.groups = groups.reset_index(drop=True)
        self.vocabulary = vocabulary
        self.keys, self.count, self.docfreq = keys, count, docfreq

    def __len__(self) -> int:
        return len(self.keys)

    @classmethod
    def from_codes(cls, by: Sequence[str], groups: pd.DataFrame, group_ids: np.ndarray,
                   vocabulary: Any, term_ids: np.ndarray, count: np.ndarray,
                   docfreq: np.ndarray) -> _TermSums:
        """From one row per distinct (group, term): ``group_ids`` index ``groups``,
        ``term_ids`` index ``vocabulary`` (an array of str)."""
        vocabulary = _arrow_strings(vocabulary)
        keys = (np.asarray(group_ids, dtype=np.int64) << _TERM_BITS) | np.asarray(
            term_ids, dtype=np.int64)
        order = np.argsort(keys, kind="stable")
        return cls(by, groups, vocabulary, keys[order],
                   np.asarray(count, dtype=np.int64)[order],
                   np.asarray(docfreq, dtype=np.int64)[order])

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, by: Sequence[str]) -> _TermSums:
        """From a table with the ``by`` columns, ``term``, ``count`` and ``docfreq`` (one row
        per distinct (group, term), as :meth:`frame` writes it)."""
        import pyarrow.compute as pc

        by = list(by)
        codes, groups = group_codes(frame[by].reset_index(drop=True))
        encoded = pc.dictionary_encode(_arrow_strings(frame["term"]))
        return cls.from_codes(by, groups, codes, encoded.dictionary,
                              encoded.indices.to_numpy(zero_copy_only=False),
                              frame["count"].to_numpy(dtype=np.int64),
                              frame["docfreq"].to_numpy(dtype=np.int64))

    @classmethod
    def empty(cls, by: Sequence[str]) -> _TermSums:
        import pyarrow as pa

        groups = (pd.DataFrame({c: pd.Series(dtype=object) for c in by}) if by
                  else pd.DataFrame(index=pd.RangeIndex(1)))
        none = np.zeros(0, dtype=np.int64)
        return cls(by, groups, pa.array([], type=pa.large_string()), none, none, none)

    def frame(self) -> pd.DataFrame:
        """One row per (group, term): the ``by`` columns, ``term``, ``count``, ``docfreq``."""
        table = self.groups.iloc[self.keys >> _TERM_BITS].reset_index(drop=True)
        table["term"] = pd.array(self.vocabulary.take(self._term_ids()), dtype="str")
        table["count"] = self.count
        table["docfreq"] = self.docfreq
        return table

    def _term_ids(self) -> np.ndarray:
        return self.keys & ((1 << _TERM_BITS) - 1)

    def add(self, other: _TermSums) -> _TermSums:
        """The sum of this and ``other`` (neither is changed)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        if not len(other):
            return self
        if not len(self):
            return other
        # other's group ids -> ids here (new groups appended)
        if self.by:
            group_map = _rows_in(other.groups, self.groups, self.by)
            new = group_map < 0
            group_map[new] = len(self.groups) + np.arange(int(new.sum()))
            groups = (pd.concat([self.groups, other.groups[new]], ignore_index=True)
                      if new.any() else self.groups)
        else:
            group_map, groups = np.zeros(1, dtype=np.int64), self.groups
        # other's term ids -> ids here (new terms appended)
        found = pc.index_in(other.vocabulary, value_set=self.vocabulary)
        new = found.is_null().to_numpy(zero_copy_only=False)
        term_map = found.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
        term_map[new] = len(self.vocabulary) + np.arange(int(new.sum()))
        vocabulary = (pa.concat_arrays([self.vocabulary, other.vocabulary.filter(pa.array(new))])
                      if new.any() else self.vocabulary)
        keys = (group_map[other.keys >> _TERM_BITS] << _TERM_BITS) | term_map[other._term_ids()]
        order = np.argsort(keys, kind="stable")
        keys, count, docfreq = _sum_sorted(
            (self.keys, keys[order]), (self.count, other.count[order]),
            (self.docfreq, other.docfreq[order]))
        return _TermSums(self.by, groups, vocabulary, keys, count, docfreq)

    def finish(self, group_tokens: pd.DataFrame) -> pd.DataFrame:
        """``term_frequency``'s table: n_words, n_counted, per_10k, rank (see
        :func:`_finish_terms`)."""
        import pyarrow.compute as pc

        from toolkit.frequency import FREQUENCY_COLUMNS

        by = list(self.by)
        columns = [*by, *FREQUENCY_COLUMNS]
        if not len(self):
            empty = pd.DataFrame({c: pd.Series(dtype=object) for c in by})
            empty["term"] = pd.Series(dtype="str")
            for c, dtype in (("count", np.int64), ("docfreq", np.int64),
                             ("n_words", np.int64), ("n_counted", np.int64),
                             ("per_10k", np.float64), ("rank", np.int64)):
                empty[c] = pd.Series(dtype=dtype)
            return empty[columns]
        term_ids = self._term_ids()
        count, docfreq = self.count, self.docfreq
        if by:
            # groups in term_frequency's order (sorted, missing last)
            sorted_code, groups = group_codes(self.groups[by])
            codes = np.asarray(sorted_code, dtype=np.int64)[self.keys >> _TERM_BITS]
            if len(groups) < len(self.groups):  # keys that group_codes finds equal
                merged = (codes << _TERM_BITS) | term_ids
                order = np.argsort(merged, kind="stable")
                keys, count, docfreq = _sum_sorted((merged[order],), (count[order],),
                                                   (docfreq[order],))
                codes, term_ids = keys >> _TERM_BITS, keys & ((1 << _TERM_BITS) - 1)
            token_codes = _rows_in(group_tokens, groups, by)
            known = token_codes >= 0
            words = np.zeros(len(groups), dtype=np.int64)
            counted = np.zeros(len(groups), dtype=np.int64)
            np.add.at(words, token_codes[known],
                      group_tokens["n_words"].to_numpy(dtype=np.int64)[known])
            np.add.at(counted, token_codes[known],
                      group_tokens["n_counted"].to_numpy(dtype=np.int64)[known])
        else:
            codes = np.zeros(len(self), dtype=np.int64)
            groups = pd.DataFrame(index=pd.RangeIndex(1))
            words = np.array([int(group_tokens["n_words"].sum())], dtype=np.int64)
            counted = np.array([int(group_tokens["n_counted"].sum())], dtype=np.int64)
        rank = _ranks(codes, count)
        # rows in order of group, rank and term (a term's place among the sorted distinct
        # terms: UTF-8 byte order is code point order, Python's order of str)
        place = np.empty(len(self.vocabulary), dtype=np.int64)
        place[pc.sort_indices(self.vocabulary).to_numpy()] = np.arange(len(self.vocabulary))
        order = _lexsort((place[term_ids], rank, codes))
        del place
        codes = codes[order]
        table = groups.iloc[codes].reset_index(drop=True)
        table["term"] = pd.array(self.vocabulary.take(term_ids[order]), dtype="str")
        table["count"] = count[order]
        table["docfreq"] = docfreq[order]
        table["n_words"] = words[codes]
        table["n_counted"] = counted[codes]
        table["per_10k"] = table["count"] / table["n_words"] * 10_000
        table["rank"] = rank[order]
        return table[columns]


def _arrow_strings(values: Any) -> Any:
    """``values`` (str: a NumPy or pandas array, a Series, a pyarrow array) as one pyarrow
    ``large_string`` array (zero-copy from pandas' pyarrow-backed "str" columns)."""
    import pyarrow as pa

    if isinstance(values, np.ndarray):
        values = pa.array(values, type=pa.large_string(), from_pandas=True)
    elif not isinstance(values, pa.Array | pa.ChunkedArray):
        values = pa.array(values, type=pa.large_string(), from_pandas=True)
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    return values if values.type == pa.large_string() else values.cast(pa.large_string())


def _sum_sorted(keys: Sequence[np.ndarray], *values: Sequence[np.ndarray]
                ) -> tuple[np.ndarray, ...]:
    """Distinct keys of key arrays that are each sorted, and the values summed per key."""
    joined = np.concatenate(keys)
    order = np.argsort(joined, kind="stable")  # sorted runs: a merge, about linear
    joined = joined[order]
    firsts = np.flatnonzero(np.concatenate([[True], joined[1:] != joined[:-1]]))
    return (joined[firsts], *(np.add.reduceat(np.concatenate(v)[order], firsts)
                              for v in values))


def _sum_terms(sums: Iterable[_TermSums], by: Sequence[str]) -> _TermSums:
    """The sum of term tables, added one at a time (each is freed once it is added when the
    caller hands them over, see :func:`_handed_over`)."""
    total = None
    for part in sums:
        total = part if total is None else total.add(part)
    return _TermSums.empty(by) if total is None else total


def _sum_by(tables: Iterable[pd.DataFrame], keys: list[str]) -> pd.DataFrame:
    """Add up the numeric columns of tables that share ``keys`` (missing keys kept)."""
    tables = [t for t in tables if len(t)]
    if not tables:
        return pd.DataFrame(columns=keys)
    if len(tables) == 1:
        return tables[0].reset_index(drop=True)
    table = pd.concat(tables, ignore_index=True)
    del tables  # the parts can go now where the caller handed them over (see _handed_over)
    if not keys:
        return table.sum(numeric_only=True).to_frame().T.astype(np.int64)
    return table.groupby(keys, dropna=False, sort=False, observed=True).sum().reset_index()


def _merge_group_tokens(tables: Sequence[pd.DataFrame], by: Sequence[str]) -> pd.DataFrame:
    return _sum_by(tables, list(by))


def _finish_terms(terms: _TermSums, group_tokens: pd.DataFrame,
                  by: Sequence[str]) -> pd.DataFrame:
    """``term_frequency``'s table from summed counts: n_words, n_counted, per_10k, rank."""
    return terms.finish(group_tokens)


def _lexsort(keys: Sequence[np.ndarray]) -> np.ndarray:
    """``np.lexsort(keys)`` (the last key sorts first; ties keep their order) of non-negative
    integer keys: one stable sort of the keys packed into one int64 where their bits fit (a
    sixth of lexsort's time on a million rows), else lexsort."""
    keys = [np.asarray(k, dtype=np.int64) for k in keys]
    if not len(keys[0]):
        return np.zeros(0, dtype=np.int64)
    bits = [max(int(k.max()).bit_length(), 1) for k in keys]
    if sum(bits) > 63 or min(int(k.min()) for k in keys) < 0:
        return np.lexsort(keys)
    packed = np.zeros(len(keys[0]), dtype=np.int64)
    for key, width in zip(reversed(keys), reversed(bits), strict=True):
        packed <<= width
        packed |= key
    return np.argsort(packed, kind="stable")


def _ranks(codes: np.ndarray, count: np.ndarray) -> np.ndarray:
    """Per row, the rank of its count within its group (code), largest first, ties sharing
    the lowest rank: pandas' ``groupby(codes)[count].rank(method="min", ascending=False)``."""
    if not len(codes):
        return np.zeros(0, dtype=np.int64)
    order = _lexsort((int(count.max()) - count, codes))
    group, value = codes[order], count[order]
    position = np.arange(len(order), dtype=np.int64)
    new_group = np.concatenate([[True], group[1:] != group[:-1]])
    new_value = new_group | np.concatenate([[True], value[1:] != value[:-1]])
    group_start = np.maximum.accumulate(np.where(new_group, position, 0))
    value_start = np.maximum.accumulate(np.where(new_value, position, 0))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = value_start - group_start + 1
    return rank


def _rows_in(keys: pd.DataFrame, groups: pd.DataFrame, by: Sequence[str]) -> np.ndarray:
    """Row number in ``groups`` (distinct keys) of each row of ``keys``, -1 where none; keys
    are equal as :func:`group_codes` finds them (missing equals missing, across dtypes)."""
    by = list(by)
    codes, _ = group_codes(pd.concat([groups[by], keys[by]], ignore_index=True))
    codes = np.asarray(codes, dtype=np.int64)
    lookup = np.full(int(codes.max()) + 1 if len(codes) else 0, -1, dtype=np.int64)
    lookup[codes[:len(groups)]] = np.arange(len(groups))
    return lookup[codes[len(groups):]]


# --------------------------------------------------------------------------- results


@dataclass
class AnalysisResult:
    """What :func:`analyze` or :func:`analyze_dask` produced.

    Read the tables with :meth:`documents`, :meth:`lexicon_counts` and :meth:`term_frequency`;
    results written to a folder are read from its Parquet files (pass ``columns=`` to read
    fewer). ``paths`` maps each table to its file (empty when held in memory) and ``manifest``
    records the parameters, counts and versions.

    Example
    -------
    >>> import toolkit
    >>> result = toolkit.analyze(toolkit.demo_corpus())
    >>> result.term_frequency().columns.tolist()
    ['outlet', 'term', 'count', 'docfreq', 'n_words', 'n_counted', 'per_10k', 'rank']
    """

    manifest: dict[str, Any]
    out: Path | None = None
    paths: dict[str, Path] = field(default_factory=dict)
    _tables: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    def _table(self, name: str, columns: Sequence[str] | None) -> pd.DataFrame:
        if name in self._tables:
            table = self._tables[name]
            return (table if columns is None else table[list(columns)]).copy()
        return pd.read_parquet(self.paths[name], columns=None if columns is None else
                               list(columns))

    def documents(self, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """One row per document: ``doc_id``, ``outlet``, ``date``, ``n_word_tokens`` (the
        ``n_words`` of the rate tables), then the
        columns of :func:`toolkit.readability` (counts, measures, ``note``)."""
        return self._table("documents", columns)

    def lexicon_counts(self, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """One row per (document, category), zeros kept: ``doc_id``, ``category``, ``count``,
        ``n_words``, ``per_1k`` (and ``weighted`` for weighted lexicons)."""
        return self._table("lexicon_counts", columns)

    def term_frequency(self, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """One row per (group, term), as :func:`toolkit.term_frequency` returns."""
        return self._table("term_frequency", columns)


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    import toolkit

    found = {"toolkit": toolkit.__version__, "python": platform.python_version()}
    for package in ("pandas", "numpy", "pyarrow", "textstat"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:  # pragma: no cover - all are dependencies
            found[package] = "missing"
    # which kernel ran: the same numbers either way, very different speeds
    found["kernel"] = "compiled" if _load_kernel() is not None else "python"
    return found


# --------------------------------------------------------------------------- sources


@dataclass(frozen=True)
class _Source:
    """A corpus to read in chunks: a DataFrame, a Parquet or JSONL file or a Parquet folder."""

    kind: str  # "dataframe", "parquet", "jsonl"
    files: tuple[Path, ...] = ()
    frame: pd.DataFrame | None = None
    renames: tuple[tuple[str, str], ...] = ()

    def describe(self) -> dict[str, Any]:
        if self.frame is not None:
            # every column the analysis may read (grouping columns included), so that a
            # resumed run never mixes results of an earlier, different table
            try:
                hashed = pd.util.hash_pandas_object(self.frame, index=False)
            except TypeError:  # unhashable metadata such as lists: hash their text
                hashed = pd.util.hash_pandas_object(self.frame.astype(str), index=False)
            return {"kind": "dataframe", "n_docs": len(self.frame),
                    "sha256": hashlib.sha256(hashed.to_numpy().tobytes()).hexdigest()}
        return {"kind": self.kind, "files": [
            [str(f), f.stat().st_size, f.stat().st_mtime_ns] for f in self.files
        ]}

    def n_docs(self) -> int | None:
        """Number of documents, where cheap to know (None otherwise)."""
        if self.frame is not None:
            return len(self.frame)
        if self.kind == "parquet":
            import pyarrow.parquet as pq

            return sum(pq.ParquetFile(f).metadata.num_rows for f in self.files)
        total = 0
        for file in self.files:
            with file.open("rb") as handle:
                for block in iter(lambda h=handle: h.read(1 << 24), b""):
                    total += block.count(b"\n")
        return total  # an upper bound for JSONL (blank lines count)

    def chunks(self, size: int) -> Iterator[tuple[str, Any]]:
        """``(where, loader)`` per chunk; ``loader()`` gives the raw table (parsed lazily, so
        chunks that are already done need not be parsed)."""
        if self.frame is not None:
            for start in range(0, len(self.frame), size):
                piece = self.frame.iloc[start:start + size]
                yield f"rows {start}-{start + len(piece) - 1}", (lambda p=piece: p)
        elif self.kind == "parquet":
            import pyarrow.parquet as pq

            for file in self.files:
                batches = pq.ParquetFile(file, pre_buffer=False).iter_batches(batch_size=size)
                for number, batch in enumerate(batches):
                    yield f"{file}, batch {number}", (lambda b=batch: b.to_pandas())
        else:
            for file in self.files:
                yield from _jsonl_chunks(file, size)


def _jsonl_chunks(path: Path, size: int) -> Iterator[tuple[str, Any]]:
    lines: list[tuple[int, bytes]] = []
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            lines.append((number, line))
            if len(lines) == size:
                yield f"{path}, lines {lines[0][0]}-{lines[-1][0]}", _jsonl_loader(path, lines)
                lines = []
    if lines:
        yield f"{path}, lines {lines[0][0]}-{lines[-1][0]}", _jsonl_loader(path, lines)


def _jsonl_loader(path: Path, lines: list[tuple[int, bytes]]):
    def load() -> pd.DataFrame:
        records = []
        for number, raw in lines:
            where = f"{path}, line {number}"
            try:
                record = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
            except UnicodeDecodeError as err:
                raise CorpusError(format_message(
                    f"bytes {raw[err.start:err.start + 4]!r} are not valid UTF-8", where=where,
                    fix="re-save the file as UTF-8")) from None
            except json.JSONDecodeError as err:
                raise CorpusError(format_message(
                    f"invalid JSON ({err.msg}, column {err.colno})", where=where,
                    fix="each line must be one JSON object")) from None
            if not isinstance(record, dict):
                raise CorpusError(format_message(
                    f"expected a JSON object, found {type(record).__name__}", where=where,
                    fix='write one object per line, e.g. {"doc_id": "a1", "text": "..."}'))
            records.append(record)
        return pd.DataFrame.from_records(records)

    return load


def _source(source: Any, renames: dict[str, str]) -> _Source:
    if isinstance(source, pd.DataFrame):
        from toolkit.corpus import _rename_to_contract

        table = _rename_to_contract(source, renames, where="the corpus")
        return _Source("dataframe", frame=validate_corpus(table))
    if not isinstance(source, str | os.PathLike):
        raise TypeError(f"`source` must be a corpus DataFrame or a path, got "
                        f"{type(source).__name__}")
    path = Path(source)
    if not path.exists():
        raise CorpusError(format_message("file or folder not found", where=str(path),
                                         fix="check the path"))
    if path.is_dir():
        files = tuple(sorted(p for p in path.rglob("*") if p.is_file()
                             and _SOURCE_SUFFIXES.get(p.suffix.lower()) == "parquet"))
        if not files:
            raise CorpusError(format_message("no .parquet files found", where=f"folder {path}",
                                             fix="point to a folder of Parquet files, or to "
                                                 "one .parquet or .jsonl file"))
        return _Source("parquet", files=files, renames=tuple(renames.items()))
    kind = _SOURCE_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise CorpusError(format_message(
            f"cannot stream {path.suffix!r} files", where=str(path),
            fix="use .parquet or .jsonl (e.g. toolkit.load_corpus(path).to_parquet('c.parquet'))"
                ", or pass a DataFrame"))
    return _Source(kind, files=(path,), renames=tuple(renames.items()))


def _prepare(raw: pd.DataFrame, source: _Source, where: str, first_row: int) -> pd.DataFrame:
    """Rename and validate one chunk read from a file."""
    if source.frame is not None:
        return raw
    from toolkit.corpus import _rename_to_contract

    table = _rename_to_contract(raw, dict(source.renames), where=where)
    if "doc_id" not in table.columns:
        table.insert(0, "doc_id", [f"row-{i}" for i in
                                   range(first_row + 1, first_row + len(table) + 1)])
    return validate_corpus(table, where=where)


# --------------------------------------------------------------------------- files


def _write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, default=str), encoding="utf-8")
    os.replace(tmp, path)


def _write_parquet(table: pd.DataFrame, path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    table.to_parquet(tmp, index=False)
    os.replace(tmp, path)


def _part_stem(number: int) -> str:
    return f"part-{number:06d}"


def _load_manifest(path: Path) -> dict[str, Any] | None:
    """The manifest at ``path``, or None if it is missing or damaged (not a JSON object)."""
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def _own_names() -> set[str]:
    """Names of the entries that ``analyze`` writes into ``out``."""
    tables = {f"{name}.parquet" for name in TABLES}
    return {_MANIFEST, f"{_MANIFEST}.tmp", _PARTS, _FINAL_TMP, *tables,
            *(f"{name}.tmp" for name in tables)}


def _part_done(parts: Path, number: int) -> bool:
    stem = _part_stem(number)
    return (parts / f"{stem}.json").exists() and all(
        (parts / f"{stem}.{name}.parquet").exists() for name in _PART_TABLES
    )


def _done_part_ids(parts: Path, number: int) -> np.ndarray | None:
    """The doc_ids of a part an earlier run finished, or None if it must be (re)done.

    Every table of the part is read whole: a damaged file (truncated, overwritten) is found
    here, and the part's files are deleted so that the part is analysed again, instead of
    failing when the tables are assembled.
    """
    if not _part_done(parts, number):
        return None
    import pyarrow.parquet as pq

    stem = _part_stem(number)
    try:
        for name in _PART_TABLES:
            pq.read_table(parts / f"{stem}.{name}.parquet")
        return pd.read_parquet(parts / f"{stem}.documents.parquet",
                               columns=["doc_id"])["doc_id"].to_numpy(dtype=object)
    except Exception:  # noqa: BLE001 - whatever a damaged file raises, the part is redone
        (parts / f"{stem}.json").unlink(missing_ok=True)  # the marker first
        for name in _PART_TABLES:
            (parts / f"{stem}.{name}.parquet").unlink(missing_ok=True)
        return None


def _write_part(parts: Path, number: int, chunk: _Chunk, where: str) -> None:
    stem = _part_stem(number)
    for name in _PART_TABLES:
        table = getattr(chunk, name)
        _write_parquet(table.frame() if name == "terms" else table,
                       parts / f"{stem}.{name}.parquet")
    # the marker comes last: a part without it is redone
    _write_json(parts / f"{stem}.json", {"where": where, "n_docs": len(chunk.documents)})


def _prepare_out(out: Path, parameters: dict[str, Any], resume: bool) -> None:
    """Check ``out`` before a run; clear earlier results unless resuming the same analysis."""
    manifest_path = out / _MANIFEST
    if out.exists() and not out.is_dir():
        raise FileExistsError(format_message("`out` is a file", where=str(out),
                                             fix="pass a folder path"))
    if out.exists() and any(out.iterdir()):
        if not manifest_path.exists():
            raise FileExistsError(format_message(
                "`out` is not empty and holds no analysis (no manifest.json)", where=str(out),
                fix="choose a new or empty folder; analyze never deletes files it did not write"))
        previous = _load_manifest(manifest_path)
        if previous is None:
            # damaged (truncated by a full disk, edited): start over, but only in a folder
            # that holds nothing analyze did not write
            foreign = sorted(p.name for p in out.iterdir() if p.name not in _own_names())
            if foreign:
                raise FileExistsError(format_message(
                    f"`out` holds a damaged manifest.json and files analyze does not write "
                    f"({', '.join(map(repr, foreign[:5]))})", where=str(out),
                    fix="choose a new or empty folder"))
            if resume:
                warnings.warn(format_message(
                    "manifest.json is damaged (not complete JSON), so the earlier results "
                    "cannot be checked", where=str(manifest_path),
                    fix="starting the analysis over"), RuntimeWarning, stacklevel=4)
            resume = False
        elif resume and previous.get("parameters") != parameters:
            changed = sorted(k for k in set(parameters) | set(previous.get("parameters", {}))
                             if parameters.get(k) != previous.get("parameters", {}).get(k))
            raise ValueError(format_message(
                f"`out` holds an analysis with other parameters or source (differs in: "
                f"{', '.join(changed)})", where=str(manifest_path),
                fix="pass resume=False to start again there, or choose another folder"))
        if not resume:
            for name in TABLES:
                (out / f"{name}.parquet").unlink(missing_ok=True)
            shutil.rmtree(out / _PARTS, ignore_errors=True)
            shutil.rmtree(out / _FINAL_TMP, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)


def _assemble(out: Path, n_parts: int, by: Sequence[str],
              empty: _Chunk | None = None) -> dict[str, int]:
    """Concatenate the parts' tables and merge their term counts into ``out``.

    ``empty`` (the tables of an empty corpus) gives the columns when there are no parts.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    parts = out / _PARTS
    tmp = out / _FINAL_TMP
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    stems = [_part_stem(i) for i in range(n_parts)]
    rows: dict[str, int] = {}
    for name in ("documents", "lexicon_counts"):
        files = [parts / f"{stem}.{name}.parquet" for stem in stems]
        schema = pa.unify_schemas([pq.read_schema(f) for f in files],
                                  promote_options="permissive") if files else None
        path = tmp / f"{name}.parquet"
        rows[name] = 0
        if schema is None:
            getattr(empty, name, pd.DataFrame()).to_parquet(path, index=False)
            continue
        # the pandas metadata of a part, so that the dtypes read back as analyze() made them
        schema = schema.with_metadata(pq.read_schema(files[0]).metadata or {})
        with pq.ParquetWriter(path, schema) as writer:
            for file in files:
                table = pq.read_table(file)
                writer.write_table(table.cast(schema) if table.schema != schema else table)
                rows[name] += table.num_rows
    # one part at a time added to a compact running sum (see _TermSums)
    terms = _sum_terms((_TermSums.from_frame(pd.read_parquet(parts / f"{s}.terms.parquet"), by)
                        for s in stems), by)
    group_tokens = pd.DataFrame(columns=[*by, "n_words", "n_counted", "n_docs"])
    for number, stem in enumerate(stems):
        table = pd.read_parquet(parts / f"{stem}.group_tokens.parquet")
        group_tokens = table if not number else _merge_group_tokens([group_tokens, table], by)
    frequency = _finish_terms(terms, group_tokens, by)
    frequency.to_parquet(tmp / "term_frequency.parquet", index=False)
    rows["term_frequency"] = len(frequency)
    for name in TABLES:
        os.replace(tmp / f"{name}.parquet", out / f"{name}.parquet")
    tmp.rmdir()
    return rows


# --------------------------------------------------------------------------- analyze


def analyze(
    source: pd.DataFrame | str | os.PathLike,
    *,
    out: str | os.PathLike | None = None,
    lexicon: Any = "loaded_language",
    measures: str | Iterable[str] | None = None,
    by: str | Sequence[str] | None = "outlet",
    stopwords: str | Iterable[str] | None = None,
    undefined: str = "nan",
    chunk_size: int = 10_000,
    resume: bool = True,
    progress: bool | None = None,
    text_col: str = "text",
    id_col: str = "doc_id",
    outlet_col: str = "outlet",
    date_col: str = "date",
) -> AnalysisResult:
    """Readability, loaded-language counts and term frequencies of every document, in one pass.

    Runs over a corpus in memory or streams one too large for memory from disk, chunk by chunk,
    writing the results to ``out``. See the module docstring for the tables and the output
    folder.

    Parameters
    ----------
    source : DataFrame or path
        A corpus table (see :func:`toolkit.validate_corpus`), a ``.parquet`` or ``.jsonl``
        file, or a folder of ``.parquet`` files (read in name order, sub-folders included).
        Files are read ``chunk_size`` rows at a time, renamed (``text_col``, ...) and checked
        with :func:`toolkit.validate_corpus` chunk by chunk; ``doc_id`` must be unique across
        the whole source.
    out : path, optional
        Folder for the results (created if needed; must be empty or hold an earlier analysis).
        Required for a path source; without it a DataFrame is analysed in memory.
    lexicon : str, Path, Lexicon, dict or DataFrame, default "loaded_language"
        Anything :func:`toolkit.load_lexicon` accepts.
    measures : str or iterable of str, optional
        Readability measures (default all of :data:`toolkit.MEASURES`).
    by : str, list of str or None, default "outlet"
        Groups of the term frequencies, as in :func:`toolkit.term_frequency`.
    stopwords : "english", iterable of str or None
        Words left out of the term frequencies (not of the lexicon counts).
    undefined : {"nan", "textstat"}
        Readability values where a measure is undefined (see :func:`toolkit.readability`).
    chunk_size : int, default 10,000
        Documents per chunk (and per part file). Peak memory grows with it, not with the
        number of documents.
    resume : bool, default True
        Continue an interrupted run in ``out`` (same source and parameters, else an error),
        skipping its finished chunks; or return the finished result. False starts again,
        deleting the earlier analysis in ``out``. A part file that cannot be read is analysed
        again; a damaged ``manifest.json`` (e.g. truncated by a full disk) makes the run start
        over, with a warning when resuming.
    progress : bool or None
        Progress bar over documents (None: only for 5,000 documents or more).
    text_col, id_col, outlet_col, date_col : str
        Source columns to use as ``text``, ``doc_id``, ``outlet`` and ``date`` (as in
        :func:`toolkit.load_corpus`).

    Returns
    -------
    AnalysisResult
        ``.documents()``, ``.lexicon_counts()``, ``.term_frequency()`` give the tables (read
        from ``out`` when written there); ``.paths`` and ``.manifest`` say where and what.

    Raises
    ------
    CorpusError
        A chunk breaks the corpus contract (the message names the file and rows), or a
        ``doc_id`` repeats across chunks.
    FileExistsError
        ``out`` is not empty and holds no earlier analysis (with a damaged ``manifest.json``:
        holds other files than those ``analyze`` writes).
    ValueError
        ``out`` holds an analysis with other parameters and ``resume`` is True.

    Example
    -------
    >>> import toolkit
    >>> result = toolkit.analyze(toolkit.demo_corpus(), by="outlet")
    >>> result.documents().shape[0]
    64
    >>> toolkit.analyze("corpus.parquet", out="results/", chunk_size=20_000)  # doctest: +SKIP
    """
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise ValueError(f"`chunk_size` must be a positive integer, got {chunk_size!r}")
    settings = _settings(lexicon, measures, by, stopwords, undefined)
    renames = {text_col: "text", id_col: "doc_id", outlet_col: "outlet", date_col: "date"}
    src = _source(source, renames)
    if out is None:
        if src.frame is None:
            raise ValueError(format_message(
                "`out` is required when streaming from a file",
                fix="pass out='results/' (a folder for the Parquet results)"))
        sources = [src]  # handed over: _analyze_in_memory frees the corpus copy when done
        del src
        return _analyze_in_memory(sources, settings, chunk_size, progress)
    return _analyze_to_folder(src, settings, Path(out), chunk_size=chunk_size, resume=resume,
                              progress=progress, renames=renames)


def _doc_bar(src: _Source, progress: bool | None) -> Iterator[int]:
    """An iterator to advance by one per document analysed (a progress bar when shown)."""
    if progress is False:
        return iter(())
    total = src.n_docs()
    return iter(progress_bar(range(total), total=total, desc="analysing", progress=progress))


def _advance(bar: Iterator[int], n: int) -> None:
    deque(islice(bar, n), maxlen=0)


def _analyze_in_memory(sources: list[_Source], settings: _Settings, chunk_size: int,
                       progress: bool | None) -> AnalysisResult:
    """The analysis of ``sources[0]`` (a DataFrame source), which is taken out of the list: once
    every chunk is analysed, the validated copy of the corpus and the kernel's caches are
    freed before the result tables are put together (lower peak memory)."""
    src = sources.pop()
    kernel = _new_kernel(settings)
    bar = _doc_bar(src, progress)
    chunks = []
    load = None
    for _, load in src.chunks(chunk_size):
        chunks.append(_analyze_chunk(load(), settings, kernel))
        _advance(bar, len(chunks[-1].documents))
    if not chunks:  # an empty corpus: empty tables with the right columns
        chunks.append(_analyze_chunk(src.frame, settings, kernel))
    del src, kernel, load
    by = settings.by
    documents = pd.concat([c.documents for c in chunks], ignore_index=True)
    lexicon_counts = pd.concat([c.lexicon_counts for c in chunks], ignore_index=True)
    terms = _sum_terms(_handed_over(chunks, "terms"), by)
    group_tokens = _merge_group_tokens([c.group_tokens for c in chunks], by)
    del chunks
    tables = {
        "documents": documents,
        "lexicon_counts": lexicon_counts,
        "term_frequency": _finish_terms(terms, group_tokens, by),
    }
    manifest = {"status": "complete", "parameters": settings.fingerprint(),
                "n_docs": len(documents), "versions": _versions()}
    return AnalysisResult(manifest, None, {}, tables)


def _handed_over(chunks: list[_Chunk], name: str) -> Iterator[pd.DataFrame]:
    """Each chunk's table ``name``, taken out of the chunk (so that a merge can free the parts
    once it has put them together)."""
    for chunk in chunks:
        table = getattr(chunk, name)
        setattr(chunk, name, None)
        yield table


def _analyze_to_folder(src: _Source, settings: _Settings, out: Path, *, chunk_size: int,
                       resume: bool, progress: bool | None,
                       renames: dict[str, str]) -> AnalysisResult:
    parameters = {**settings.fingerprint(), "chunk_size": chunk_size,
                  "columns": renames if src.frame is None else None,
                  "source": src.describe()}
    _prepare_out(out, parameters, resume)
    manifest_path = out / _MANIFEST
    previous = _load_manifest(manifest_path) if resume else None
    if previous is not None:
        if previous.get("status") == "complete" and all(
            (out / f"{name}.parquet").exists() for name in TABLES
        ):
            return _folder_result(out, previous)
    manifest = {"status": "running", "parameters": parameters, "versions": _versions()}
    _write_json(manifest_path, manifest)  # before any other file is written or touched
    parts = out / _PARTS
    parts.mkdir(exist_ok=True)
    bar = _doc_bar(src, progress)
    id_hashes: list[np.ndarray] = []
    n_docs = 0
    number = -1
    for number, (where, load) in enumerate(src.chunks(chunk_size)):
        ids = _done_part_ids(parts, number)
        if ids is None:
            # fresh caches per chunk: what they learn lives only as long as the chunk, so
            # memory returns to where it was after every chunk (no long-lived objects
            # scattered over the allocator's arenas); relearning costs a few percent
            part_settings = replace(settings, lexicon=replace(settings.lexicon))
            ids = _analyze_part(load, src, where, n_docs, part_settings,
                                _new_kernel(part_settings), parts, number)
        load = None  # one chunk in memory at a time: drop this one before reading the next
        id_hashes.append(pd.util.hash_array(ids))
        n_docs += len(ids)
        _advance(bar, len(ids))
    n_parts = number + 1
    _check_unique_ids(id_hashes, parts, n_parts)
    empty = None
    if n_parts == 0:  # an empty corpus: empty tables with the right columns
        frame = src.frame if src.frame is not None else pd.DataFrame(
            {"doc_id": pd.Series(dtype=str), "text": pd.Series(dtype=str)})
        empty = _analyze_chunk(validate_corpus(frame), settings)
    rows = _assemble(out, n_parts, settings.by, empty)
    shutil.rmtree(parts, ignore_errors=True)
    manifest = {"status": "complete", "parameters": parameters, "n_docs": n_docs,
                "n_parts": n_parts, "rows": rows, "versions": _versions()}
    _write_json(manifest_path, manifest)  # last: only now does the folder look complete
    return _folder_result(out, manifest)


def _analyze_part(load: Any, src: _Source, where: str, first_row: int, settings: _Settings,
                  kernel: Any, parts: Path, number: int) -> np.ndarray:
    """Read, check, analyse and write one chunk; its doc_ids (the rest is freed on return)."""
    chunk = _prepare(load(), src, where, first_row)
    _write_part(parts, number, _analyze_chunk(chunk, settings, kernel), where)
    return chunk["doc_id"].to_numpy(dtype=object)


def _folder_result(out: Path, manifest: dict[str, Any]) -> AnalysisResult:
    return AnalysisResult(manifest, out, {name: out / f"{name}.parquet" for name in TABLES})


def _check_unique_ids(hashes: list[np.ndarray], parts: Path, n_parts: int) -> None:
    """Raise if a doc_id occurs in two chunks (each chunk was checked on its own)."""
    if not hashes:
        return
    values = np.sort(np.concatenate(hashes))
    repeated = set(values[1:][values[1:] == values[:-1]].tolist())
    if not repeated:
        return
    found: list[str] = []
    for number in range(n_parts):
        ids = pd.read_parquet(parts / f"{_part_stem(number)}.documents.parquet",
                              columns=["doc_id"])["doc_id"].to_numpy(dtype=object)
        mask = np.isin(pd.util.hash_array(ids), list(repeated))
        found.extend(ids[mask].tolist())
    counts = Counter(found)
    dupes = sorted(k for k, v in counts.items() if v > 1)
    if dupes:
        shown = ", ".join(map(repr, dupes[:5])) + (" ..." if len(dupes) > 5 else "")
        raise CorpusError(format_message(
            f"{len(dupes)} doc_id values occur in more than one chunk: {shown}",
            where="the source", fix="make doc_id unique across all files"))


# --------------------------------------------------------------------------- dask


# Kernels kept between Dask partitions, per process (see _KernelPool). Bounds: idle kernels
# kept per process, and the word types a kept kernel may know; a kernel past it is dropped
# after its partition, and the next partition starts a new one. Measured on allsides: a kernel
# that has seen 20,000 articles (147,000 word types; readability facts are bounded apart, see
# _CHUNK_TYPES) holds about 90 MB, so a kept kernel stays under about 200 MB.
_POOL_KERNELS = 2
_POOL_WORDS = 300_000


class _KernelPool:
    """Idle kernels of this process, by the fingerprint of their settings.

    A Dask worker runs many partitions with the same settings; a kernel that is kept between
    them knows the vocabulary's facts (readability facts of whitespace-token types, stopword
    and lexicon-start flags of word types) after the first, so later partitions learn only
    their new types. The results do not depend on what a kernel learnt before (``analyze``
    keeps one kernel for all its chunks too). A task borrows a kernel for one partition, so two
    threads of one worker never share one. ``toolkit.clear_cache()`` empties the pool of the
    process it runs in (on a cluster: ``client.run(toolkit.clear_cache)``).
    """

    def __init__(self) -> None:
        self._idle: OrderedDict[str, list[Any]] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def _key(settings: _Settings) -> str:
        return json.dumps(settings.fingerprint(), sort_keys=True)

    @contextmanager
    def borrow(self, settings: _Settings) -> Iterator[Any]:
        """A kernel for ``settings`` (an idle one, else a new one), returned when done."""
        key = self._key(settings)
        with self._lock:
            idle = self._idle.get(key)
            kernel = idle.pop() if idle else None
        if kernel is None:
            # a fresh lexicon copy: its matcher's caches live as long as the kernel
            kernel = _new_kernel(replace(settings, lexicon=replace(settings.lexicon)))
        yield kernel  # not returned when the partition fails: its state may be half-learnt
        if getattr(kernel, "n_words", 0) > _POOL_WORDS:
            return
        with self._lock:
            self._idle.setdefault(key, []).append(kernel)
            self._idle.move_to_end(key)
            while sum(map(len, self._idle.values())) > _POOL_KERNELS:
                oldest = next(iter(self._idle))
                self._idle[oldest].pop(0)
                if not self._idle[oldest]:
                    del self._idle[oldest]

    def clear(self) -> None:
        with self._lock:
            self._idle.clear()


_KERNELS = _KernelPool()


def _clear_kernels() -> None:
    """Drop the kernels kept between Dask partitions in this process (toolkit.clear_cache)."""
    _KERNELS.clear()


def _partition_task(part: pd.DataFrame, settings: _Settings) -> _Chunk:
    # Dask reads text as pyarrow strings with pd.NA; use pandas' default "str" dtype, so the
    # tables equal those made from a pandas corpus
    strings = {column: "str" for column, dtype in part.dtypes.items()
               if isinstance(dtype, pd.StringDtype) and dtype != pd.StringDtype(na_value=np.nan)}
    if strings:
        part = part.astype(strings)
    started = time.thread_time()  # this task's thread only, not the worker's other threads
    part = validate_corpus(part, where="a Dask partition")
    with _KERNELS.borrow(settings) as kernel:
        chunk = _analyze_chunk(part, kernel.settings, kernel)
    chunk.cpu_seconds = time.thread_time() - started
    return chunk


def _merge_chunk_terms(chunks: Sequence[Any], by: Sequence[str]) -> tuple[Any, ...]:
    """Sum the term counts and group totals of chunks (or of earlier merges)."""
    terms = [c.terms if isinstance(c, _Chunk) else c[0] for c in chunks]
    tokens = [c.group_tokens if isinstance(c, _Chunk) else c[1] for c in chunks]
    return _sum_terms(terms, by), _merge_group_tokens(tokens, by)


def _documents_of(chunk: _Chunk) -> pd.DataFrame:
    return chunk.documents


def _lexicon_counts_of(chunk: _Chunk) -> pd.DataFrame:
    return chunk.lexicon_counts


def _cpu_seconds_of(chunk: _Chunk) -> float:
    return chunk.cpu_seconds


def analyze_dask(
    ddf: Any,
    *,
    lexicon: Any = "loaded_language",
    measures: str | Iterable[str] | None = None,
    by: str | Sequence[str] | None = "outlet",
    stopwords: str | Iterable[str] | None = None,
    undefined: str = "nan",
    split_every: int = 8,
) -> AnalysisResult:
    """:func:`analyze` on a ``dask.dataframe``: the same kernel on every partition.

    Texts stay on the workers: each partition is analysed where it lives, and only its
    per-document rows and its term counts summed per group (compact: integer ids and each
    distinct term once) travel; term counts are then summed in a tree (``split_every`` at a
    time) on the workers, never by collecting texts. The results equal :func:`analyze`'s (and
    :func:`toolkit.readability`, :func:`toolkit.lexicon_counts`,
    :func:`toolkit.term_frequency`) on the same documents. Computes with the current Dask
    scheduler: a ``distributed.Client`` if one is active (e.g.
    ``Client("tcp://scheduler:8786")``), else Dask's default.

    Each worker process keeps the kernel it used for its next partition with the same
    settings (what it learnt about the vocabulary: stopword and lexicon flags of word types,
    readability facts of up to 200,000 whitespace-token types), so later partitions learn
    only what is new to the worker; at most two idle
    kernels per process (each under about 200 MB: a kernel that knows more than 300,000 word
    types is dropped and the next partition starts a new one), and
    ``client.run(toolkit.clear_cache)`` empties the workers' pools. Run workers with one
    thread each (``--nthreads 1``: the kernel holds the GIL).

    Partitions: two to four per worker balance the load (a worker that finishes early takes
    another) at little cost, since the kernel is kept; very many small partitions add
    scheduling and merge work (each sends its own term sums), very few leave workers idle at
    the end. Partitions of about 5,000-10,000 news articles (one Parquet row group each,
    ``dd.read_parquet(path, split_row_groups=True)``) suit a cluster of any size.

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
        A corpus with the contract's columns (``doc_id``, ``text``, and ``outlet``, ``date``
        where wanted), e.g. ``dd.read_parquet("corpus/*.parquet")``. Each partition is
        checked with :func:`toolkit.validate_corpus`; ``doc_id`` uniqueness is checked only
        within partitions.
    lexicon, measures, by, stopwords, undefined
        As in :func:`analyze`.
    split_every : int, default 8
        Fan-in of the tree that sums term counts.

    Returns
    -------
    AnalysisResult
        Tables held in memory (pandas), rows in partition order: ``.documents()``,
        ``.lexicon_counts()``, ``.term_frequency()`` with the columns :func:`analyze` gives.
        ``.manifest`` holds the parameters, ``n_docs``, ``n_partitions``, versions and
        ``partition_cpu_seconds`` (CPU time of the thread that ran each partition's task on
        its worker: the work itself, apart from waiting; divide ``n_docs`` by their sum for
        the docs/s of one core when sizing a cluster).

    Example
    -------
    >>> import dask.dataframe as dd  # doctest: +SKIP
    >>> from distributed import Client  # doctest: +SKIP
    >>> client = Client("tcp://scheduler:8786")  # doctest: +SKIP
    >>> result = toolkit.analyze_dask(dd.read_parquet("s3://bucket/corpus/"))  # doctest: +SKIP
    >>> result.term_frequency().head()  # doctest: +SKIP
    """
    import dask
    from dask import delayed

    if not hasattr(ddf, "to_delayed") or not hasattr(ddf, "npartitions"):
        raise TypeError(f"`ddf` must be a dask.dataframe.DataFrame, got {type(ddf).__name__}; "
                        "use toolkit.analyze for a pandas DataFrame")
    if isinstance(split_every, bool) or not isinstance(split_every, int) or split_every < 2:
        raise ValueError(f"`split_every` must be an integer >= 2, got {split_every!r}")
    settings = _settings(lexicon, measures, by, stopwords, undefined)
    missing = [c for c in ("doc_id", "text") if c not in ddf.columns]
    if missing:
        raise CorpusError(format_message(
            f"column {missing[0]!r} not found (columns: {', '.join(map(str, ddf.columns))})",
            where="the Dask DataFrame", fix="rename the columns to the corpus contract first"))
    if ddf.npartitions == 0:
        raise ValueError("`ddf` has no partitions")
    task = delayed(_partition_task, pure=True)
    # traverse=False: the settings hold no Dask collections (not looked for in the lexicon)
    settings_node = delayed(settings, pure=True, traverse=False)
    chunks = [task(part, settings_node) for part in ddf.to_delayed()]
    level: list[Any] = chunks
    by_columns = settings.by
    while len(level) > 1 or level is chunks:
        level = [delayed(_merge_chunk_terms, pure=True)(level[i:i + split_every], by_columns)
                 for i in range(0, len(level), split_every)]
    documents = [delayed(_documents_of)(c) for c in chunks]
    lexicon_tables = [delayed(_lexicon_counts_of)(c) for c in chunks]
    seconds = [delayed(_cpu_seconds_of)(c) for c in chunks]
    documents, lexicon_tables, seconds, (merged,) = dask.compute(
        documents, lexicon_tables, seconds, level)
    tables = {
        "documents": pd.concat(documents, ignore_index=True),
        "lexicon_counts": pd.concat(lexicon_tables, ignore_index=True),
        "term_frequency": _finish_terms(merged[0], merged[1], by_columns),
    }
    manifest = {"status": "complete", "parameters": settings.fingerprint(),
                "n_docs": len(tables["documents"]), "n_partitions": len(chunks),
                "partition_cpu_seconds": [round(float(x), 4) for x in seconds],
                "versions": _versions()}
    return AnalysisResult(manifest, None, {}, tables)

