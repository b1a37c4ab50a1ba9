"""Exact and near-duplicate documents: wire copy reprinted by many outlets, re-published updates.

How it works
------------
Each document becomes the set of its *shingles*: every run of ``shingle_size`` consecutive word
tokens (the tokens of :func:`toolkit.tokenize`, lower-cased; a document shorter than that is one
shingle). Two documents are compared by the Jaccard similarity of their shingle sets,
``|A ∩ B| / |A ∪ B|``.

The tokens are read from the corpus's shared scan (:func:`toolkit.scan`: word type ids per
token, found once by the compiled kernel and cached), so a notebook that has already run another
scan-based function pays nothing for tokenizing. Every word *type* is hashed once to 64 bits (a
polynomial hash of its UTF-8 bytes, mixed with splitmix64's finaliser: the same value in every
corpus, run and machine); a shingle's hash combines the hashes of its tokens. All of this, and
everything below, is numpy work over whole arrays of tokens, in chunks of about two million
tokens to bound memory; no Python code runs per document or per token.

Comparing every pair is quadratic, so candidates are found with MinHash and locality-sensitive
hashing (LSH; Broder 1997, Indyk and Motwani 1998): each document is summarised by a sketch of
``num_perm`` minimum hash values, whose share of equal positions estimates the Jaccard
similarity; the sketch is cut into bands, and documents that agree on a whole band become
candidates. The sketch is the *one-permutation* variant of MinHash (one hash per shingle, split
into ``num_perm`` bins by its top bits, the minimum kept per bin; empty bins of short documents
filled from the next non-empty bin, "densified"; Li, Owen and Zhang 2012, Shrivastava and Li
2014): it needs one hash per shingle instead of ``num_perm``, which is what makes it fast enough
for large corpora (the classic ``num_perm``-hash MinHash of ``datasketch`` costs ~128 hash
evaluations per shingle). Every candidate is then checked exactly: its Jaccard similarity is
computed from the two shingle sets, and only pairs at or above ``threshold`` are reported (the
estimate is reported beside it).

Documents with identical token sequences are exact duplicates (similarity 1): they have equal
sketches, and documents with equal sketches and lengths are compared token by token. Only the
first copy of a text enters the LSH search. Documents without any word token are never reported
as duplicates.

Clusters are the connected groups of the reported pairs: a document in a cluster is at or above
the threshold with at least one other member, not necessarily with all of them (updates of an
update may chain); :func:`drop_duplicates` reports each dropped document's own similarity with the
document that was kept.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
import pandas as pd

from toolkit._errors import check_choice
from toolkit._progress import progress_bar
from toolkit.corpus import validate_corpus
from toolkit.scan import Scan, scan

__all__ = ["find_duplicates", "drop_duplicates", "duplicate_summary"]

_MASK64 = (1 << 64) - 1
_VALUE_BITS = 50  # bits of a shingle hash kept as the value in its bin
_EMPTY = np.uint64(_MASK64)  # an empty bin
_CHUNK_TOKENS = 1 << 21  # tokens shingled and sketched together (memory: ~50 bytes per token)
_MARGIN = 0.15  # candidates whose estimate is this far below the threshold are not checked
_RECALL = 0.99  # chance that a pair exactly at the threshold becomes a candidate
_BASE = 0x100000001B3  # odd, so invertible modulo 2**64
_BASE_INVERSE = pow(_BASE, -1, 1 << 64)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)  # multiplier that combines hashes in sequence


@dataclass
class _Found:
    """What the search found, shared by find_duplicates and drop_duplicates."""

    shingler: _Shingler
    scan: Scan  # the corpus's tokens
    type_hashes: np.ndarray  # 64-bit hash of every word type of the scan, by id
    table: pd.DataFrame  # the validated corpus
    pairs: pd.DataFrame  # positions a < b, similarity, estimate, containment, exact
    component: np.ndarray  # cluster number per document, -1 if in none
    shingles: dict[int, np.ndarray]  # sorted unique shingle hashes of the documents in clusters
    n_tokens: np.ndarray


def _mix(values: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads every input bit over all 64 output bits (uint64 array)."""
    with np.errstate(over="ignore"):  # two arrays in all, the rest in place
        z = values >> np.uint64(30)
        z ^= values
        z *= np.uint64(0xBF58476D1CE4E5B9)
        shifted = z >> np.uint64(27)
        z ^= shifted
        z *= np.uint64(0x94D049BB133111EB)
        np.right_shift(z, np.uint64(31), out=shifted)
        z ^= shifted
        return z


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """``concatenate([arange(s, s + n) for s, n in zip(starts, lengths)])``, without a loop."""
    lengths = np.asarray(lengths, dtype=np.int64)
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    firsts = np.cumsum(lengths) - lengths  # where each range begins in the output
    return (np.repeat(np.asarray(starts, dtype=np.int64) - firsts, lengths)
            + np.arange(total, dtype=np.int64))


class _Shingler:
    """Token hashes and shingle hashes, the same in every run and on every machine.

    A token's hash is a polynomial hash of its UTF-8 bytes modulo 2**64, computed for many
    tokens at once from prefix sums over the joined bytes (an odd base is invertible modulo
    2**64, so a token's hash is its slice of the prefix sum times the inverse base to the power
    of its start), then mixed with splitmix64's finaliser. A shingle's hash is the polynomial
    combination of its tokens' hashes (multiplier ``_GOLDEN``), mixed again.
    """

    def __init__(self, shingle_size: int) -> None:
        self.k = shingle_size
        self.powers = np.ones(1, dtype=np.uint64)  # BASE**i and BASE**-i, grown on demand
        self.inverse = np.ones(1, dtype=np.uint64)

    def _grow(self, n: int) -> None:
        if len(self.powers) >= n:
            return
        size = max(n, 2 * len(self.powers))
        with np.errstate(over="ignore"):
            for name, base in (("powers", _BASE), ("inverse", _BASE_INVERSE)):
                values = np.full(size, base, dtype=np.uint64)
                values[0] = 1
                setattr(self, name, np.cumprod(values))

    def token_hashes(self, tokens: list[str]) -> np.ndarray:
        """The hash of every token of ``tokens`` (uint64 array)."""
        if not tokens:
            return np.zeros(0, dtype=np.uint64)
        joined = "\x00".join(tokens).encode("utf-8", "surrogatepass")
        data = np.frombuffer(joined, dtype=np.uint8)
        cuts = np.flatnonzero(data == 0)
        if len(cuts) != len(tokens) - 1:  # a token holds a NUL: find the boundaries one by one
            ends = np.cumsum([len(t.encode("utf-8", "surrogatepass")) + 1 for t in tokens]) - 1
        else:
            ends = np.append(cuts, len(data))
        starts = np.concatenate([[0], ends[:-1] + 1])
        n = len(data)
        self._grow(n)
        with np.errstate(over="ignore"):
            prefix = np.zeros(n + 1, dtype=np.uint64)
            np.multiply(data, self.powers[:n], out=prefix[1:], dtype=np.uint64)
            np.cumsum(prefix[1:], out=prefix[1:])
            hashes = (prefix[ends] - prefix[starts]) * self.inverse[starts]
            lengths = (ends - starts).astype(np.uint64)
            return _mix(hashes ^ (lengths * np.uint64(0xD6E8FEB86659FD93)))

    def shingles(self, hashes: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Shingle hashes of documents whose token hashes are concatenated in ``hashes``
        (``lengths[d]`` tokens for document ``d``), and the document (0..m-1) of each."""
        k = self.k
        lengths = np.asarray(lengths, dtype=np.int64)
        n = len(hashes)
        ends = np.cumsum(lengths)
        starts = ends - lengths
        width = n - k + 1  # shingle start positions in the concatenation
        if width > 0:
            combined = hashes[:width].copy()
            with np.errstate(over="ignore"):
                for j in range(1, k):
                    np.multiply(combined, _GOLDEN, out=combined)
                    np.add(combined, hashes[j: width + j], out=combined)
            # a shingle that starts in the last k - 1 tokens of a document runs into the next
            valid = np.ones(width, dtype=bool)
            crossing = (ends[:, None] - np.arange(1, k)[None, :]).ravel()
            valid[crossing[(crossing >= 0) & (crossing < width)]] = False
            values = combined[valid]
        else:
            values = np.zeros(0, dtype=np.uint64)
        docs = np.repeat(np.arange(len(lengths)), np.maximum(lengths - k + 1, 0))
        short = np.flatnonzero((lengths > 0) & (lengths < k))
        if len(short):  # a document shorter than a shingle is one shingle of all its tokens
            combined = np.zeros(len(short), dtype=np.uint64)
            with np.errstate(over="ignore"):
                for j in range(k - 1):
                    token = hashes[np.minimum(starts[short] + j, n - 1)]
                    combined = np.where(lengths[short] > j, combined * _GOLDEN + token, combined)
            values = np.concatenate([values, combined])
            docs = np.concatenate([docs, short])
        return _mix(values), docs


def _sketch(values: np.ndarray, docs: np.ndarray, n_docs: int, num_perm: int) -> np.ndarray:
    """One-permutation MinHash sketches (n_docs, num_perm), densified; rows of 0 shingles EMPTY."""
    bits = num_perm.bit_length() - 1
    slots = (values >> np.uint64(64 - bits)).astype(np.int64)
    slots += docs * num_perm
    kept = values & np.uint64((1 << _VALUE_BITS) - 1)
    out = np.full(n_docs * num_perm, _EMPTY, dtype=np.uint64)
    np.minimum.at(out, slots, kept)
    out = out.reshape(n_docs, num_perm)
    empty = out == _EMPTY
    rows = np.flatnonzero(empty.any(axis=1) & ~empty.all(axis=1))
    if len(rows):
        # rotation densification: an empty bin takes the value of the next non-empty bin to its
        # right (circularly), plus distance * 2**VALUE_BITS, so it never equals a real value.
        # The row is doubled so that "circularly" becomes "to the right"; the nearest non-empty
        # bin at or after each bin is a running minimum of the non-empty bins' indices, from the
        # right.
        doubled = np.concatenate([out[rows], out[rows]], axis=1)
        width = 2 * num_perm
        index = np.where(doubled != _EMPTY, np.arange(width), width)
        source = np.minimum.accumulate(index[:, ::-1], axis=1)[:, ::-1][:, :num_perm]
        distance = (source - np.arange(num_perm)).astype(np.uint64)
        out[rows] = (np.take_along_axis(doubled, source, axis=1)
                     + (distance << np.uint64(_VALUE_BITS)))
    return out


def _row_keys(block: np.ndarray) -> np.ndarray:
    """A 64-bit hash of every row of a uint64 matrix (equal rows, equal keys)."""
    key = np.zeros(len(block), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for column in range(block.shape[1]):
            key = _mix(key * _GOLDEN + block[:, column])
    return key


def _lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """Bands and rows per band: the most rows (fewest chance candidates) with which a pair at
    the threshold still becomes a candidate with probability >= RECALL. Candidates are checked
    exactly, so a false candidate costs only time, a missed one costs a missed pair."""
    for rows in range(num_perm, 0, -1):
        bands = num_perm // rows
        if 1.0 - (1.0 - threshold ** rows) ** bands >= _RECALL:
            return bands, rows
    return num_perm, 1


def _runs(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``order`` sorting ``keys`` (stable), and the starts and ends (in ``order``) of the runs
    of two or more equal keys."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    boundaries = np.flatnonzero(ordered[1:] != ordered[:-1]) + 1
    starts = np.concatenate([[0], boundaries])
    ends = np.concatenate([boundaries, [len(keys)]])
    several = ends - starts > 1
    return order, starts[several], ends[several]


def _pairs_in_runs(order: np.ndarray, starts: np.ndarray, ends: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of members of each run ``order[start:end]``, as two arrays (no loop)."""
    sizes = ends - starts
    index = _ranges(starts, sizes)  # every member's place in ``order``
    partners = np.repeat(ends, sizes) - index - 1  # members after it in its run
    left = np.repeat(index, partners)
    right = left + 1 + _ranges(np.zeros(len(partners), dtype=np.int64), partners)
    return order[left], order[right]


def _candidates(sketches: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """Pairs (i < j) of rows that agree on at least one whole band, as an (m, 2) array."""
    n = len(sketches)
    found_a, found_b = [], []
    for band in range(bands):
        order, starts, ends = _runs(_row_keys(sketches[:, band * rows: (band + 1) * rows]))
        a, b = _pairs_in_runs(order, starts, ends)
        found_a.append(np.minimum(a, b))
        found_b.append(np.maximum(a, b))
    if not found_a or not sum(len(a) for a in found_a):
        return np.zeros((0, 2), dtype=np.int64)
    codes = np.unique(np.concatenate(found_a).astype(np.int64) * n
                      + np.concatenate(found_b).astype(np.int64))
    return np.column_stack([codes // n, codes % n])


def _check_options(threshold: float, shingle_size: int, num_perm: int) -> None:
    if not 0.0 < float(threshold) <= 1.0:
        raise ValueError(f"`threshold` must be in (0, 1], got {threshold!r}")
    if int(shingle_size) != shingle_size or shingle_size < 1:
        raise ValueError(f"`shingle_size` must be a positive whole number, got {shingle_size!r}")
    if num_perm < 16 or num_perm & (num_perm - 1):
        raise ValueError(f"`num_perm` must be a power of two, at least 16, got {num_perm!r}")


def _workers(n_jobs: int) -> int:
    if n_jobs == -1:
        return os.cpu_count() or 1
    if int(n_jobs) != n_jobs or n_jobs < 1:
        raise ValueError(f"`n_jobs` must be a positive whole number or -1, got {n_jobs!r}")
    return int(n_jobs)


def _chunks(lengths: np.ndarray, budget: int) -> list[tuple[int, int]]:
    """Consecutive document ranges ``(first, last)`` of about ``budget`` tokens each (a longer
    document is a chunk of its own)."""
    n = len(lengths)
    if n == 0:
        return []
    ends = np.cumsum(lengths)
    chunks = []
    first = 0
    while first < n:
        before = ends[first - 1] if first else 0
        last = int(np.searchsorted(ends, before + budget, side="right"))
        last = min(max(last, first + 1), n)
        chunks.append((first, last))
        first = last
    return chunks


def _token_hashes(found_scan: Scan, type_hashes: np.ndarray, first: int, last: int
                  ) -> np.ndarray:
    """Hashes of the tokens of documents first..last-1, concatenated."""
    offsets = found_scan.offsets
    return type_hashes[found_scan.word_ids[offsets[first]: offsets[last]]]


def _shingle_sets(found_scan: Scan, type_hashes: np.ndarray, shingler: _Shingler,
                  positions: np.ndarray) -> dict[int, np.ndarray]:
    """Sorted distinct shingle hashes of the documents at ``positions``."""
    positions = np.asarray(positions, dtype=np.int64)
    n_tokens = np.diff(found_scan.offsets)
    sets: dict[int, np.ndarray] = {}
    for first, last in _chunks(n_tokens[positions], _CHUNK_TOKENS):
        chosen = positions[first:last]
        lengths = n_tokens[chosen]
        tokens = found_scan.word_ids[_ranges(found_scan.offsets[chosen], lengths)]
        values, docs = shingler.shingles(type_hashes[tokens], lengths)
        order = np.lexsort((values, docs))
        values, docs = values[order], docs[order]
        distinct = np.ones(len(values), dtype=bool)
        distinct[1:] = (values[1:] != values[:-1]) | (docs[1:] != docs[:-1])
        values, docs = values[distinct], docs[distinct]
        cuts = np.searchsorted(docs, np.arange(len(chosen) + 1))
        for i, position in enumerate(chosen.tolist()):
            sets[position] = values[cuts[i]: cuts[i + 1]]
    return sets


def _same_tokens(found_scan: Scan, a: int, b: int) -> bool:
    offsets, ids = found_scan.offsets, found_scan.word_ids
    return bool(np.array_equal(ids[offsets[a]: offsets[a + 1]], ids[offsets[b]: offsets[b + 1]]))


def _exact_copies(found_scan: Scan, sketches: np.ndarray, n_tokens: np.ndarray) -> np.ndarray:
    """For every document, the position of the first document with the same token sequence
    (itself if none comes before it). Copies have equal sketches and lengths; documents that
    share both are compared token by token."""
    n = len(n_tokens)
    representative = np.arange(n)
    has_tokens = np.flatnonzero(n_tokens > 0)
    with np.errstate(over="ignore"):
        keys = _mix(_row_keys(sketches[has_tokens]) * _GOLDEN
                    + n_tokens[has_tokens].astype(np.uint64))
    order, starts, ends = _runs(keys)
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        members = np.sort(has_tokens[order[start:end]]).tolist()
        originals: list[int] = []
        for position in members:
            for original in originals:
                if _same_tokens(found_scan, original, position):
                    representative[position] = original
                    break
            else:
                originals.append(position)
    return representative


def _search(corpus: pd.DataFrame, threshold: float, shingle_size: int, num_perm: int,
            progress: bool | None, n_jobs: int = 1) -> _Found:
    _check_options(threshold, shingle_size, num_perm)
    n_jobs = _workers(n_jobs)
    table = validate_corpus(corpus)
    found_scan = scan(table)
    n = len(table)
    shingler = _Shingler(int(shingle_size))
    type_hashes = shingler.token_hashes(found_scan.words)
    n_tokens = np.diff(found_scan.offsets).astype(np.int64)
    sketches = np.full((n, num_perm), _EMPTY, dtype=np.uint64)

    def sketch_chunk(chunk: tuple[int, int]) -> None:
        first, last = chunk
        values, docs = shingler.shingles(_token_hashes(found_scan, type_hashes, first, last),
                                         n_tokens[first:last])
        sketches[first:last] = _sketch(values, docs, last - first, num_perm)

    chunks = _chunks(n_tokens, _CHUNK_TOKENS)
    show = progress if progress is not None else (n >= 5000)
    if n_jobs > 1 and len(chunks) > 1:  # numpy releases the GIL: threads share the arrays
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=n_jobs) as pool:
            for _ in progress_bar(pool.map(sketch_chunk, chunks), total=len(chunks),
                                  desc="sketching documents", progress=show, unit="chunk"):
                pass
    else:
        for chunk in progress_bar(chunks, total=len(chunks), desc="sketching documents",
                                  progress=show, unit="chunk"):
            sketch_chunk(chunk)

    # exact duplicates: identical token sequences; only the first copy enters the LSH search
    representative = _exact_copies(found_scan, sketches, n_tokens)
    has_tokens = n_tokens > 0
    exact_members = np.flatnonzero(has_tokens & (representative != np.arange(n)))

    unique = np.flatnonzero(has_tokens & (representative == np.arange(n)))
    bands, rows = _lsh_params(float(threshold), num_perm)
    local = _candidates(sketches[unique], bands, rows)
    candidates = unique[local] if len(local) else np.zeros((0, 2), dtype=np.int64)
    if len(candidates):
        estimate = (sketches[candidates[:, 0]] == sketches[candidates[:, 1]]).mean(axis=1)
        keep = estimate >= float(threshold) - _MARGIN
        candidates, estimate = candidates[keep], estimate[keep]
    else:
        estimate = np.zeros(0)

    # exact Jaccard of the candidates, from their shingle sets
    shingles = _shingle_sets(found_scan, type_hashes, shingler, np.unique(candidates))
    similarity = np.zeros(len(candidates))
    containment = np.zeros(len(candidates))
    for row, (a, b) in enumerate(candidates.tolist()):
        set_a, set_b = shingles[a], shingles[b]
        common = len(np.intersect1d(set_a, set_b, assume_unique=True))
        similarity[row] = common / (len(set_a) + len(set_b) - common)
        containment[row] = common / min(len(set_a), len(set_b))
    near = similarity >= float(threshold)

    pairs = pd.DataFrame({
        "a": np.concatenate([representative[exact_members], candidates[near, 0]]).astype(np.int64),
        "b": np.concatenate([exact_members, candidates[near, 1]]).astype(np.int64),
        "similarity": np.concatenate([np.ones(len(exact_members)), similarity[near]]),
        "estimated_similarity": np.concatenate([np.ones(len(exact_members)), estimate[near]]),
        "containment": np.concatenate([np.ones(len(exact_members)), containment[near]]),
        "exact": np.concatenate([np.ones(len(exact_members), dtype=bool),
                                 np.zeros(int(near.sum()), dtype=bool)]),
    }).sort_values(["a", "b"], ignore_index=True)

    component = _components(n, pairs["a"].to_numpy(), pairs["b"].to_numpy())
    for position in exact_members.tolist():  # exact copies share their first copy's shingle set
        original = int(representative[position])
        if original in shingles:
            shingles[position] = shingles[original]
    return _Found(shingler=shingler, scan=found_scan, type_hashes=type_hashes, table=table,
                  pairs=pairs, component=component, shingles=shingles, n_tokens=n_tokens)


def _components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cluster number per document (numbered by first member's position), -1 if alone."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    label = np.full(n, -1, dtype=np.int64)
    if len(a) == 0:
        return label
    graph = coo_matrix((np.ones(len(a)), (a, b)), shape=(n, n))
    _, raw = connected_components(graph, directed=False)
    sizes = np.bincount(raw)
    in_cluster = sizes[raw] > 1
    renumber: dict[int, int] = {}
    for position in np.flatnonzero(in_cluster):
        label[position] = renumber.setdefault(int(raw[position]), len(renumber))
    return label


def find_duplicates(
    corpus: pd.DataFrame,
    *,
    threshold: float = 0.8,
    shingle_size: int = 5,
    num_perm: int = 128,
    progress: bool | None = None,
    n_jobs: int = 1,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Find exact and near-duplicate documents (see the module docstring for the method).

    Parameters
    ----------
    corpus : pandas.DataFrame
        A corpus table (see :mod:`toolkit.corpus`); it is not modified.
    threshold : float, default 0.8
        Smallest Jaccard similarity of two documents' shingle sets to report them as a pair.
    shingle_size : int, default 5
        Word tokens per shingle. Smaller values find looser rewrites but also shared stock
        phrases.
    num_perm : int, default 128
        Size of each document's MinHash sketch (a power of two): larger is more accurate and
        slower. It only decides which pairs are checked; reported similarities are exact.
    progress : bool or None
        Show a progress bar (None: only for 5,000 documents or more).
    n_jobs : int, default 1
        Threads that shingle and sketch chunks of the corpus in parallel (-1: one per CPU).
        The tokens come from :func:`toolkit.scan`, which runs once, in one thread. The
        results do not depend on it.

    Returns
    -------
    pairs : pandas.DataFrame
        One row per pair at or above the threshold: ``doc_id_a``, ``doc_id_b`` (``a`` comes
        first in the corpus), ``outlet_a``, ``outlet_b``, ``date_a``, ``date_b``,
        ``similarity`` (exact Jaccard similarity of the shingle sets), ``estimated_similarity``
        (the MinHash estimate that made it a candidate), ``containment`` (shared shingles over
        the smaller set: near 1 when one text is a cut version of the other), ``exact``
        (identical token sequences), ``cluster``. An exact copy is paired only with the first
        copy of its text.
    clusters : pandas.DataFrame
        One row per document in a cluster: ``cluster`` (0, 1, ... in corpus order),
        ``doc_id``, ``outlet``, ``date``, ``n_tokens``, ``cluster_size``, ``n_outlets``
        (distinct outlets in the cluster).

    Example
    -------
    >>> import toolkit
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "Y", "Z"],
    ...     "text": ["Troops crossed the river at dawn on Monday, officials said.",
    ...              "Troops crossed the river at dawn on Monday, officials said.",
    ...              "A completely different story about the harvest."]})
    >>> pairs, clusters = toolkit.find_duplicates(corpus)
    >>> pairs[["doc_id_a", "doc_id_b", "similarity", "exact"]].values.tolist()
    [['a', 'b', 1.0, True]]
    """
    found = _search(corpus, threshold, shingle_size, num_perm, progress, n_jobs)
    return _pairs_table(found), _clusters_table(found)


def _pairs_table(found: _Found) -> pd.DataFrame:
    table, pairs = found.table, found.pairs
    a, b = pairs["a"].to_numpy(), pairs["b"].to_numpy()
    return pd.DataFrame({
        "doc_id_a": table["doc_id"].to_numpy()[a],
        "doc_id_b": table["doc_id"].to_numpy()[b],
        "outlet_a": table["outlet"].to_numpy()[a],
        "outlet_b": table["outlet"].to_numpy()[b],
        "date_a": table["date"].to_numpy()[a],
        "date_b": table["date"].to_numpy()[b],
        "similarity": pairs["similarity"].to_numpy(),
        "estimated_similarity": pairs["estimated_similarity"].to_numpy(),
        "containment": pairs["containment"].to_numpy(),
        "exact": pairs["exact"].to_numpy(),
        "cluster": found.component[a],
    })


def _clusters_table(found: _Found) -> pd.DataFrame:
    table = found.table
    members = np.flatnonzero(found.component >= 0)
    frame = pd.DataFrame({
        "cluster": found.component[members],
        "doc_id": table["doc_id"].to_numpy()[members],
        "outlet": table["outlet"].to_numpy()[members],
        "date": table["date"].to_numpy()[members],
        "n_tokens": found.n_tokens[members],
    })
    grouped = frame.groupby("cluster")
    frame["cluster_size"] = grouped["doc_id"].transform("size").astype(np.int64)
    frame["n_outlets"] = grouped["outlet"].transform("nunique").astype(np.int64)
    return frame.sort_values("cluster", kind="stable", ignore_index=True)


def drop_duplicates(
    corpus: pd.DataFrame,
    *,
    keep: str = "earliest",
    threshold: float = 0.8,
    shingle_size: int = 5,
    num_perm: int = 128,
    progress: bool | None = None,
    n_jobs: int = 1,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Keep one document of every cluster of duplicates; log what went.

    Parameters
    ----------
    corpus : pandas.DataFrame
        A corpus table; it is not modified.
    keep : {"earliest", "first"}
        Which member of a cluster stays: the one with the earliest ``date`` (ties and missing
        dates: the first in corpus order) or the first in corpus order.
    threshold, shingle_size, num_perm, progress, n_jobs
        As in :func:`find_duplicates`.

    Returns
    -------
    corpus : pandas.DataFrame
        The validated corpus without the dropped documents, in the original order.
    log : pandas.DataFrame
        One row per dropped document: ``doc_id``, ``outlet``, ``date``, ``cluster``,
        ``kept_doc_id``, ``kept_outlet``, ``kept_date``, ``similarity`` (exact Jaccard
        similarity with the kept document; below the threshold where the cluster chained
        through another member), ``exact``.

    Example
    -------
    >>> import toolkit
    >>> corpus = pd.DataFrame({"doc_id": ["late", "early"], "date": ["2022-03-02", "2022-03-01"],
    ...     "text": ["The same wire story, word for word, in two papers."] * 2})
    >>> kept, log = toolkit.drop_duplicates(corpus)
    >>> kept["doc_id"].tolist(), log["doc_id"].tolist()
    (['early'], ['late'])
    """
    check_choice("keep", keep, ["earliest", "first"])
    found = _search(corpus, threshold, shingle_size, num_perm, progress, n_jobs)
    table = found.table
    gone, stays = _kept_and_dropped(found, keep)
    missing = np.setdiff1d(np.concatenate([gone, stays]), list(found.shingles))
    found.shingles.update(_shingle_sets(found.scan, found.type_hashes, found.shingler, missing))
    similarity = np.array([_jaccard(found, x, y) for x, y in zip(
        gone.tolist(), stays.tolist(), strict=True)], dtype=float)
    ids = table["doc_id"].to_numpy()
    log = pd.DataFrame({
        "doc_id": ids[gone],
        "outlet": table["outlet"].to_numpy()[gone],
        "date": table["date"].to_numpy()[gone],
        "cluster": found.component[gone],
        "kept_doc_id": ids[stays],
        "kept_outlet": table["outlet"].to_numpy()[stays],
        "kept_date": table["date"].to_numpy()[stays],
        "similarity": similarity,
        "exact": np.array([_same_tokens(found.scan, x, y) for x, y in zip(
            gone.tolist(), stays.tolist(), strict=True)], dtype=bool),
    }).sort_values(["cluster", "doc_id"], kind="stable", ignore_index=True)
    remaining = np.ones(len(table), dtype=bool)
    remaining[gone] = False
    return table[remaining].reset_index(drop=True), log


def _kept_and_dropped(found: _Found, keep: str) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the dropped documents and of the document kept in each one's cluster."""
    members = np.flatnonzero(found.component >= 0)
    frame = pd.DataFrame({"position": members, "cluster": found.component[members],
                          "date": found.table["date"].to_numpy()[members]})
    columns = ["cluster", "date", "position"] if keep == "earliest" else ["cluster", "position"]
    frame = frame.sort_values(columns, na_position="last", kind="stable")
    kept = frame.groupby("cluster")["position"].transform("first").to_numpy()
    positions = frame["position"].to_numpy()
    dropped = positions != kept
    return positions[dropped], kept[dropped]


def _shingle_set(found: _Found, position: int) -> np.ndarray:
    if position not in found.shingles:
        found.shingles.update(_shingle_sets(found.scan, found.type_hashes, found.shingler,
                                            np.array([position])))
    return found.shingles[position]


def _jaccard(found: _Found, a: int, b: int) -> float:
    set_a, set_b = _shingle_set(found, a), _shingle_set(found, b)
    common = len(np.intersect1d(set_a, set_b, assume_unique=True))
    return common / (len(set_a) + len(set_b) - common)


def duplicate_summary(corpus: pd.DataFrame, *, by: str | None = "outlet",
                      threshold: float = 0.8, progress: bool | None = None) -> pd.DataFrame:
    """How many documents of each group have an earlier (near-)duplicate in the corpus.

    Parameters
    ----------
    corpus : pandas.DataFrame
        A corpus table; it is not modified.
    by : str or None, default "outlet"
        Column (or period name such as ``"year"``) to group by; None: the whole corpus.
    threshold, progress
        As in :func:`find_duplicates`.

    Returns
    -------
    pandas.DataFrame
        One row per group, in the order of :func:`toolkit.describe_corpus`: the ``by`` column
        (absent with ``by=None``), ``n_docs``, ``n_in_clusters`` (documents that belong to a
        duplicate cluster), ``n_duplicates`` (documents :func:`drop_duplicates` with
        ``keep="earliest"`` would drop).

    Example
    -------
    >>> import toolkit
    >>> toolkit.duplicate_summary(toolkit.demo_corpus())["n_duplicates"].tolist()
    [0, 0, 0, 0]
    """
    from toolkit._grouping import group_codes, group_keys

    table = validate_corpus(corpus)
    codes, groups = group_codes(group_keys(table, by))
    found = _search(table, threshold, 5, 128, progress)
    gone, _ = _kept_and_dropped(found, "earliest")
    dropped = np.zeros(len(table), dtype=bool)
    dropped[gone] = True
    n_groups = len(groups)
    result = groups.copy()
    result["n_docs"] = np.bincount(codes, minlength=n_groups).astype(np.int64)
    result["n_in_clusters"] = np.bincount(codes, weights=found.component >= 0,
                                          minlength=n_groups).astype(np.int64)
    result["n_duplicates"] = np.bincount(codes, weights=dropped,
                                         minlength=n_groups).astype(np.int64)
    return result
