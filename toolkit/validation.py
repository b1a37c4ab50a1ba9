"""Validation of lexicons against human annotation: precision, recall and F1, with the errors.

A count such as "outlet X uses 4.2 loaded terms per 1,000 words" is only as good as the lexicon
behind it. :func:`evaluate_lexicon` scores a lexicon's hits against gold spans marked by people
(for example BASIL's ``lexical`` bias spans, Fan et al. 2019) and :func:`evaluation_errors`
lists what it gets wrong, so that a lexicon author can improve it by the lexicon's own rules.

Gold spans
----------
A table with columns ``doc_id``, ``start`` and ``end``: character offsets into the corpus
``text`` (``text[start:end]`` is the annotated passage); other columns are ignored. Gold spans
carry no categories. Exact duplicates (same ``doc_id``, ``start``, ``end``) count once.

Which documents are scored
--------------------------
Only documents known to be annotated: by default those that have at least one gold span.
Documents without gold spans are left out because "no span" may mean "not annotated" (BASIL
annotates only its 2010–2014 articles). Where annotators read a document and found nothing in
it, pass the annotated documents explicitly with ``documents=`` (the BASIL benchmark passes every
article with any bias span, lexical or informational). Gold spans of other documents are
ignored.

Scoring levels
--------------
``level="token"``
    Each word token of the scored documents (:func:`toolkit.tokens.token_spans`) is *predicted*
    if it lies inside a lexicon hit and *gold* if it overlaps a gold span by at least one
    character. ``tp`` counts tokens both predicted and gold, ``fp`` predicted only, ``fn`` gold
    only; precision = tp / (tp + fp), recall = tp / (tp + fn), F1 = 2 tp / (2 tp + fp + fn).
    A long gold span ("ripped the roof off") that a lexicon finds one word of gives one true
    positive and three false negatives: token level rewards covering the annotated wording.
    A gold span without word tokens (a lone "!") adds nothing at this level.
``level="span"``
    Any overlap counts. A hit is a true positive if it overlaps at least one gold span (``tp``),
    else a false positive (``fp``); a gold span is found if at least one hit overlaps it, else
    it is a false negative (``fn``). Precision = tp / n_hits, recall = (n_gold - fn) / n_gold
    (the two sides count different things, so tp + fn is not n_gold in general), F1 = the
    harmonic mean of the two. Span level asks "does the lexicon point at the annotated
    passages?" and is lenient about their length.

Categories
----------
One row per lexicon category plus a row ``"(all)"`` for the lexicon as a whole. Gold spans have
no categories, so a category's row compares *that category's* hits with *all* gold spans: its
precision is the share of its hits (or hit tokens) that are annotated, and its recall is the
share of all annotated material it finds on its own. Category recalls therefore add up to more
than the ``(all)`` recall where categories overlap and are each small where a lexicon has many
categories; compare categories by precision. In the ``(all)`` row the lexicon's hits are pooled:
at span level a passage hit by several categories with the same offsets counts once.

Undefined values are NaN, never a silent 0: precision when there are no hits, recall when there
are no gold spans. F1 is 0 when either side is 0 or undefined but the other side has material,
and NaN when there are neither hits nor gold spans.

Example
-------
>>> import pandas as pd
>>> corpus = pd.DataFrame({"doc_id": ["d1"], "text": ["The regime made a brutal, savage move."]})
>>> gold = pd.DataFrame({"doc_id": ["d1"], "start": [18], "end": [32]})  # "brutal, savage"
>>> lexicon = {"label": ["regime"], "intensifier": ["brutal"]}
>>> table = evaluate_lexicon(corpus, lexicon, gold, level="span")
>>> table[["category", "tp", "fp", "fn", "precision", "recall"]].values.tolist()
[['(all)', 1, 1, 0, 0.5, 1.0], ['label', 0, 1, 1, 0.0, 0.0], ['intensifier', 1, 0, 0, 1.0, 1.0]]
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd

from toolkit._errors import check_choice, format_message, preview
from toolkit._progress import progress_bar
from toolkit.corpus import validate_corpus
from toolkit.lexicon import Lexicon, LexiconEntry, load_lexicon
from toolkit.matcher import Match
from toolkit.tokens import token_spans, tokenize

__all__ = [
    "evaluate_lexicon",
    "evaluation_errors",
    "vader_lexicon",
    "ALL_CATEGORIES",
    "EVALUATION_COLUMNS",
    "ERROR_COLUMNS",
    "LEVELS",
]

ALL_CATEGORIES = "(all)"
LEVELS = ("token", "span")
EVALUATION_COLUMNS = ("category", "level", "tp", "fp", "fn", "precision", "recall", "f1",
                      "n_hits", "n_gold")
ERROR_COLUMNS = ("kind", "doc_id", "outlet", "category", "entry", "text", "start", "end",
                 "left", "right")
_GOLD_COLUMNS = ("doc_id", "start", "end")
_WHITESPACE_RE = re.compile(r"\s+")
_LETTER_RE = re.compile(r"[^\W\d_]")


# --------------------------------------------------------------------------- inputs


def _check_gold(gold_spans: Any, corpus: pd.DataFrame) -> pd.DataFrame:
    """Validate gold spans against the corpus; a clean ``doc_id, start, end`` copy, deduplicated."""
    if not isinstance(gold_spans, pd.DataFrame):
        raise TypeError(
            "`gold_spans` must be a pandas DataFrame with columns doc_id, start, end, got "
            f"{type(gold_spans).__name__}"
        )
    missing = [c for c in _GOLD_COLUMNS if c not in gold_spans.columns]
    if missing:
        raise ValueError(
            format_message(
                f"columns {preview(missing)} not found (columns: "
                f"{', '.join(map(str, gold_spans.columns))})",
                where="gold_spans",
                fix="give gold spans the columns doc_id, start, end (character offsets into text)",
            )
        )
    gold = gold_spans[list(_GOLD_COLUMNS)].reset_index(drop=True)
    lengths = dict(zip(corpus["doc_id"], corpus["text"].str.len(), strict=True))
    doc_ids, starts, ends = [], [], []
    for row, (doc_id, start, end) in enumerate(gold.itertuples(index=False, name=None)):
        where = f"gold_spans row {row} (doc_id {doc_id!r}, start {start!r}, end {end!r})"
        doc_id = None if doc_id is None or (isinstance(doc_id, float) and math.isnan(doc_id)) \
            else str(doc_id)
        if doc_id not in lengths:
            raise ValueError(
                format_message("doc_id is not in the corpus", where=where,
                               fix="drop spans of documents you do not pass, or fix the id")
            )
        offsets = []
        for name, value in (("start", start), ("end", end)):
            if isinstance(value, bool) or not isinstance(value, int | np.integer | float) or (
                isinstance(value, float) and not value.is_integer()
            ):
                raise ValueError(
                    format_message(f"{name} must be a whole number of characters", where=where,
                                   fix="give character offsets as integers")
                )
            offsets.append(int(value))
        start, end = offsets
        if start < 0 or end > lengths[doc_id]:
            raise ValueError(
                format_message(
                    f"offsets lie outside the text (0 to {lengths[doc_id]} characters)",
                    where=where, fix="check that the spans belong to this corpus's texts",
                )
            )
        if start >= end:
            raise ValueError(
                format_message("start must be less than end", where=where,
                               fix="drop empty spans or swap the offsets")
            )
        doc_ids.append(doc_id)
        starts.append(start)
        ends.append(end)
    table = pd.DataFrame({"doc_id": pd.array(doc_ids, dtype="str"),
                          "start": np.asarray(starts, dtype=np.int64),
                          "end": np.asarray(ends, dtype=np.int64)})
    return table.drop_duplicates().reset_index(drop=True)


def _check_documents(documents: Iterable[Any] | None, corpus: pd.DataFrame,
                     gold: pd.DataFrame) -> list[int]:
    """Row positions of the scored documents, in corpus order."""
    if documents is None:
        wanted = set(gold["doc_id"])
        if not wanted:
            raise ValueError(
                "gold_spans is empty, so no document is known to be annotated; pass the "
                "annotated documents with documents=[...] to score hits against no gold"
            )
    else:
        if isinstance(documents, str):
            documents = [documents]
        wanted = {str(d) for d in documents}
        unknown = sorted(wanted - set(corpus["doc_id"]))
        if unknown:
            raise ValueError(
                format_message(f"documents {preview(unknown)} are not in the corpus",
                               where="documents", fix="pass doc_id values of the corpus")
            )
    return [row for row, doc_id in enumerate(corpus["doc_id"]) if doc_id in wanted]


@dataclass
class _Document:
    doc_id: str
    outlet: Any
    text: str
    spans: list[tuple[str, int, int]]
    hits: list[Match]
    gold: list[tuple[int, int]]


def _prepare(corpus: pd.DataFrame, lexicon: Any, gold_spans: pd.DataFrame, *,
             categories: str | Sequence[str] | None, documents: Iterable[Any] | None,
             progress: bool | None) -> tuple[Lexicon, list[_Document]]:
    corpus = validate_corpus(corpus)
    lexicon = load_lexicon(lexicon)
    if categories is not None:
        lexicon = lexicon.select(categories)
    gold = _check_gold(gold_spans, corpus)
    rows = _check_documents(documents, corpus, gold)
    by_doc: dict[str, list[tuple[int, int]]] = {}
    for doc_id, start, end in gold.sort_values(["doc_id", "start", "end"]).itertuples(
            index=False, name=None):
        by_doc.setdefault(doc_id, []).append((int(start), int(end)))
    docs = []
    ids, outlets, texts = corpus["doc_id"].tolist(), corpus["outlet"].tolist(), corpus["text"].tolist()
    for row in progress_bar(rows, total=len(rows), desc="scoring lexicon", progress=progress):
        text = texts[row]
        spans = token_spans(text)
        docs.append(_Document(ids[row], outlets[row], text, spans, lexicon.find(text, spans),
                              by_doc.get(ids[row], [])))
    return lexicon, docs


def _overlaps(start: int, end: int, gold: Sequence[tuple[int, int]]) -> bool:
    return any(start < g_end and g_start < end for g_start, g_end in gold)


# --------------------------------------------------------------------------- scoring


def _metrics(tp: int, fp: int, fn: int, *, precision: float, recall: float,
             n_hits: int, n_gold: int) -> dict[str, Any]:
    if math.isnan(precision) or math.isnan(recall) or precision + recall == 0:
        f1 = math.nan if n_hits == 0 and n_gold == 0 else 0.0
    else:
        f1 = 2 * precision * recall / (precision + recall)
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1,
            "n_hits": n_hits, "n_gold": n_gold}


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else math.nan


def _token_level(docs: list[_Document], groups: list[str | None]) -> list[dict[str, Any]]:
    """Counts per group (None = all categories pooled) at token level."""
    n = len(groups)
    tp, fp, fn, hits = np.zeros(n, int), np.zeros(n, int), np.zeros(n, int), np.zeros(n, int)
    n_gold = sum(len(d.gold) for d in docs)
    for doc in docs:
        n_tokens = len(doc.spans)
        gold_mask = np.zeros(n_tokens, dtype=bool)
        if doc.gold:
            starts = [s for _, s, _ in doc.spans]
            ends = [e for _, _, e in doc.spans]
            for g_start, g_end in doc.gold:
                # tokens with start < g_end and end > g_start
                gold_mask[bisect_right(ends, g_start):bisect_left(starts, g_end)] = True
        for k, group in enumerate(groups):
            predicted = np.zeros(n_tokens, dtype=bool)
            selected = [m for m in doc.hits if group is None or m.group == group]
            for m in selected:
                predicted[m.token_start:m.token_end] = True
            hits[k] += len({(m.start, m.end) for m in selected}) if group is None else len(selected)
            tp[k] += int(np.count_nonzero(predicted & gold_mask))
            fp[k] += int(np.count_nonzero(predicted & ~gold_mask))
            fn[k] += int(np.count_nonzero(~predicted & gold_mask))
    return [
        _metrics(int(tp[k]), int(fp[k]), int(fn[k]),
                 precision=_ratio(tp[k], tp[k] + fp[k]), recall=_ratio(tp[k], tp[k] + fn[k]),
                 n_hits=int(hits[k]), n_gold=n_gold)
        for k in range(n)
    ]


def _span_level(docs: list[_Document], groups: list[str | None]) -> list[dict[str, Any]]:
    """Counts per group (None = all categories pooled) at span level (any overlap)."""
    n = len(groups)
    tp, fp, found, hits = np.zeros(n, int), np.zeros(n, int), np.zeros(n, int), np.zeros(n, int)
    n_gold = sum(len(d.gold) for d in docs)
    for doc in docs:
        for k, group in enumerate(groups):
            if group is None:
                selected = sorted({(m.start, m.end) for m in doc.hits})
            else:
                selected = [(m.start, m.end) for m in doc.hits if m.group == group]
            hits[k] += len(selected)
            good = sum(_overlaps(start, end, doc.gold) for start, end in selected)
            tp[k] += good
            fp[k] += len(selected) - good
            found[k] += sum(_overlaps(g_start, g_end, selected) for g_start, g_end in doc.gold)
    return [
        _metrics(int(tp[k]), int(fp[k]), int(n_gold - found[k]),
                 precision=_ratio(tp[k], hits[k]), recall=_ratio(found[k], n_gold),
                 n_hits=int(hits[k]), n_gold=n_gold)
        for k in range(n)
    ]


def evaluate_lexicon(corpus: pd.DataFrame, lexicon: Any, gold_spans: pd.DataFrame, *,
                     level: str = "token", categories: str | Sequence[str] | None = None,
                     documents: Iterable[Any] | None = None,
                     progress: bool | None = None) -> pd.DataFrame:
    """Precision, recall and F1 of a lexicon's hits against human-annotated gold spans.

    The scoring rules (token level, span level, categories, which documents count) are in the
    module docstring of :mod:`toolkit.validation`.

    Parameters
    ----------
    corpus : pandas.DataFrame
        A corpus (see :func:`toolkit.validate_corpus`); never modified.
    lexicon : Lexicon, str, Path, dict or DataFrame
        Anything :func:`toolkit.load_lexicon` accepts, e.g. ``"loaded_language"``, or
        :func:`vader_lexicon`'s result.
    gold_spans : pandas.DataFrame
        ``doc_id``, ``start``, ``end``: character offsets of annotated passages in ``text``.
    level : {"token", "span"}, default "token"
        Score word tokens, or hits and gold spans with any overlap.
    categories : str or list of str, optional
        Score only these categories of the lexicon (the ``(all)`` row then pools them).
    documents : iterable of doc_id, optional
        The annotated documents to score; default: those with at least one gold span.
    progress : bool or None
        Show a progress bar (None: only for 5,000 documents or more).

    Returns
    -------
    pandas.DataFrame
        One row for the lexicon as a whole (``category`` ``"(all)"``), then one per category in
        lexicon order: ``category``, ``level``, ``tp``, ``fp``, ``fn`` (tokens at token level;
        at span level ``tp``/``fp`` are hits that do / do not overlap gold and ``fn`` gold spans
        no hit overlaps), ``precision``, ``recall``, ``f1`` (NaN where undefined),
        ``n_hits`` (lexicon hits in the scored documents) and ``n_gold`` (gold spans in them).

    Raises
    ------
    ValueError
        Gold spans without the columns ``doc_id``, ``start``, ``end``; a span whose document is
        not in the corpus, whose offsets are not whole numbers, lie outside the text, or have
        ``start >= end`` (the message names the row); unknown ``documents``; bad ``level``.

    Example
    -------
    >>> import pandas as pd
    >>> corpus = pd.DataFrame({"doc_id": ["d1"], "text": ["A brutal and shameful act."]})
    >>> gold = pd.DataFrame({"doc_id": ["d1"], "start": [2], "end": [21]})  # "brutal and shameful"
    >>> table = evaluate_lexicon(corpus, {"intensifier": ["brutal"]}, gold)
    >>> table[["category", "tp", "fp", "fn", "precision", "recall"]].values.tolist()[0]
    ['(all)', 1, 0, 2, 1.0, 0.3333333333333333]
    """
    check_choice("level", level, LEVELS)
    lexicon, docs = _prepare(corpus, lexicon, gold_spans, categories=categories,
                             documents=documents, progress=progress)
    groups: list[str | None] = [None, *lexicon.categories]
    scores = (_token_level if level == "token" else _span_level)(docs, groups)
    table = pd.DataFrame(scores, columns=list(EVALUATION_COLUMNS[2:]))
    table.insert(0, "level", pd.array([level] * len(groups), dtype="str"))
    table.insert(0, "category", pd.array([ALL_CATEGORIES, *lexicon.categories], dtype="str"))
    for column in ("tp", "fp", "fn", "n_hits", "n_gold"):
        table[column] = table[column].astype(np.int64)
    for column in ("precision", "recall", "f1"):
        table[column] = table[column].astype(np.float64)
    return table[list(EVALUATION_COLUMNS)]


# --------------------------------------------------------------------------- errors


def _context(text: str, spans: list[tuple[str, int, int]], start: int, end: int,
             window: int) -> tuple[str, str]:
    """``window`` word tokens either side of ``text[start:end]``, as written, whitespace collapsed."""
    if window <= 0:
        return "", ""
    starts = [s for _, s, _ in spans]
    ends = [e for _, _, e in spans]
    before = bisect_right(ends, start)  # tokens ending at or before start
    after = bisect_left(starts, end)  # first token starting at or after end
    left = text[spans[max(before - window, 0)][1]:start] if before > 0 else ""
    right = text[end:spans[min(after + window, len(spans)) - 1][2]] if after < len(spans) else ""
    return _WHITESPACE_RE.sub(" ", left).strip(), _WHITESPACE_RE.sub(" ", right).strip()


def evaluation_errors(corpus: pd.DataFrame, lexicon: Any, gold_spans: pd.DataFrame, *,
                      window: int = 8, categories: str | Sequence[str] | None = None,
                      documents: Iterable[Any] | None = None,
                      progress: bool | None = None) -> pd.DataFrame:
    """The false positives and false negatives behind :func:`evaluate_lexicon`, with context.

    Errors are judged at span level (any overlap): a hit that overlaps no gold span is a
    false positive; a gold span that no hit of the (selected) lexicon overlaps is a false
    negative. Read the false positives to find entries that are rarely loaded in your texts,
    and the false negatives to find loaded wording the lexicon lacks -- then change the lexicon
    by its own selection rules, not by copying annotated spans into it.

    Parameters
    ----------
    corpus, lexicon, gold_spans, categories, documents, progress
        As in :func:`evaluate_lexicon`.
    window : int, default 8
        Word tokens of context on each side in ``left`` and ``right``.

    Returns
    -------
    pandas.DataFrame
        One row per error: ``kind`` (``"false_positive"`` or ``"false_negative"``),
        ``doc_id``, ``outlet``, ``category`` and ``entry`` (the hit's category and entry; missing
        for false negatives, since gold spans have no category), ``text`` (the passage as
        written), ``start``, ``end`` (character offsets), ``left``, ``right`` (context).
        Ordered by document (corpus order), then ``start``; an empty result keeps the columns.

    Example
    -------
    >>> import pandas as pd
    >>> corpus = pd.DataFrame({"doc_id": ["d1"], "text": ["The regime made a savage move."]})
    >>> gold = pd.DataFrame({"doc_id": ["d1"], "start": [18], "end": [24]})  # "savage"
    >>> errors = evaluation_errors(corpus, {"label": ["regime"]}, gold, window=2)
    >>> errors[["kind", "category", "text", "left", "right"]].fillna("-").values.tolist()
    [['false_positive', 'label', 'regime', 'The', 'made a'], \
['false_negative', '-', 'savage', 'made a', 'move']]
    """
    if isinstance(window, bool) or not isinstance(window, int | np.integer) or window < 0:
        raise ValueError(f"`window` must be a non-negative integer, got {window!r}")
    _, docs = _prepare(corpus, lexicon, gold_spans, categories=categories,
                       documents=documents, progress=progress)
    rows = []
    for doc in docs:
        found: list[tuple[int, Any, Any, Any, int, int]] = []
        for m in doc.hits:
            if not _overlaps(m.start, m.end, doc.gold):
                found.append((0, "false_positive", m.group, m.entry, m.start, m.end))
        hit_spans = [(m.start, m.end) for m in doc.hits]
        for g_start, g_end in doc.gold:
            if not _overlaps(g_start, g_end, hit_spans):
                found.append((1, "false_negative", None, None, g_start, g_end))
        found.sort(key=lambda r: (r[4], r[0], r[5]))
        for _, kind, category, entry, start, end in found:
            left, right = _context(doc.text, doc.spans, start, end, int(window))
            rows.append((kind, doc.doc_id, doc.outlet, category, entry, doc.text[start:end],
                         start, end, left, right))
    table = pd.DataFrame(rows, columns=list(ERROR_COLUMNS))
    for column in ("kind", "doc_id", "category", "entry", "text", "left", "right"):
        table[column] = table[column].astype("str")  # category, entry: missing (NaN) for misses
    for column in ("start", "end"):
        table[column] = table[column].astype(np.int64)
    return table


# --------------------------------------------------------------------------- VADER baseline


@cache
def _vader_entries() -> tuple[tuple[str, float], ...]:
    """(word, mean valence) for VADER's lexicon lines whose term is one word token."""
    try:
        source = resources.files("vaderSentiment") / "vader_lexicon.txt"
    except ModuleNotFoundError:
        raise ImportError(
            "vader_lexicon() needs the optional package vaderSentiment (MIT licence); install "
            "it with: pip install 'discourse-toolkit[validate]' (or pip install vaderSentiment)"
        ) from None
    entries = []
    seen: set[str] = set()
    for line in source.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) < 2:
            continue
        term = fields[0].strip()
        try:
            valence = float(fields[1])
        except ValueError:
            continue
        # words only: skip emoticons ("8d", ":-)") and terms that are not exactly one word token
        word = term.lower()
        if not _LETTER_RE.search(word) or any(c.isdigit() for c in word) \
                or tokenize(word) != [word] or word in seen:
            continue
        seen.add(word)
        entries.append((word, valence))
    return tuple(entries)


def vader_lexicon(*, min_abs_valence: float = 2.0) -> Lexicon:
    """A baseline lexicon of strongly valenced words from VADER's sentiment lexicon.

    VADER (Hutto, C.J. & Gilbert, E.E. (2014). *VADER: A Parsimonious Rule-based Model for
    Sentiment Analysis of Social Media Text.* ICWSM-14) rates about 7,500 terms from -4 to +4
    by the mean of ten human ratings. Its lexicon file ``vader_lexicon.txt`` ships inside the
    ``vaderSentiment`` package (MIT licence) and is read from the installed package; nothing is
    downloaded or copied into this project. Install it with the ``validate`` extra:
    ``pip install 'discourse-toolkit[validate]'``.

    Only single words are kept: emoticons (``:-)``, ``8d``), chat spellings with digits
    (``gr8``) and terms that are not exactly one word token are skipped, and case variants
    count once. Words with mean valence ``<= -min_abs_valence`` form the category
    ``vader_negative``, those with ``>= min_abs_valence`` ``vader_positive``; each entry's
    weight is its mean valence.

    Parameters
    ----------
    min_abs_valence : float, default 2.0
        Keep words whose absolute mean valence is at least this (VADER's scale is 0 to 4).

    Returns
    -------
    Lexicon
        Named ``vader``, categories ``("vader_negative", "vader_positive")``.

    Raises
    ------
    ImportError
        When vaderSentiment is not installed (the message says how to install it).

    Example
    -------
    >>> lex = vader_lexicon(min_abs_valence=2.0)  # doctest: +SKIP
    >>> lex.categories  # doctest: +SKIP
    ('vader_negative', 'vader_positive')
    """
    if isinstance(min_abs_valence, bool) or not isinstance(min_abs_valence, int | float) \
            or not 0 <= min_abs_valence <= 4:
        raise ValueError(f"`min_abs_valence` must be a number from 0 to 4, got {min_abs_valence!r}")
    source = "VADER lexicon (Hutto & Gilbert 2014), vaderSentiment, MIT licence"
    entries = []
    for word, valence in _vader_entries():
        if abs(valence) >= min_abs_valence and valence != 0:
            category = "vader_negative" if valence < 0 else "vader_positive"
            entries.append(LexiconEntry(word, category, valence, source))
    return Lexicon(
        "vader",
        ("vader_negative", "vader_positive"),
        tuple(entries),
        version=f"|valence| >= {min_abs_valence:g}",
        descriptions={
            "vader_negative": f"VADER words with mean valence <= -{min_abs_valence:g}",
            "vader_positive": f"VADER words with mean valence >= {min_abs_valence:g}",
        },
    )
