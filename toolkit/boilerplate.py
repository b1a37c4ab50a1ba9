"""House boilerplate: passages an outlet repeats word for word across many of its articles.

Scraped news carries text that is not reporting: copyright and link notices ("The BBC is not
responsible for the content of external sites"), newsletter sign-ups ("Want to get this
newsletter in your inbox?"), "Follow our coverage at ..." lines, app promotions. Each such
passage is repeated in hundreds of one outlet's articles, so its words top that outlet's
keyness list (``external``, ``linking``, ``newsletter``, ``inbox``) and inflate its word counts,
while saying nothing about how it covers the news. Wire copy reprinted by *other* outlets is a
different problem, handled by :mod:`toolkit.duplicates`.

How it works
------------
A passage is boilerplate of a group (by default an outlet) when a run of ``min_words``
consecutive word tokens (:func:`toolkit.tokenize`'s tokens, lower-cased, read from the shared
:func:`toolkit.scan`) occurs in at least ``min_docs`` documents of that group *and* in at least
``min_share`` of them. Every token covered by such a run is boilerplate; adjacent and
overlapping runs merge into one passage. A passage that starts inside a sentence loses the few
words before its first sentence or line break ("he said. Sign up for ...": "he said" is the
article's), likewise at its end; it is then widened over the punctuation touching its ends (the
full stop after it, a "(" or "©" before it). The runs are hashed (64 bits) and
counted per group with numpy over the whole corpus at once; only documents that hold a
passage are read again, for character offsets.

Choices, and why: ``min_words=10`` is longer than the stock phrases of news writing ("said in
a statement on its Telegram channel" is 8 words) and shorter than the shortest notices seen in
real scrapes (ukraine_media and allsides: NYT's "Here's what you need to know at the end of the
day" is 12 words). ``min_share=0.01`` with ``min_docs=5`` flags a passage in 1 % of an outlet's
articles; an outlet's background paragraph reused across a running story can pass that too, so
read :func:`find_boilerplate`'s table before removing anything, and raise ``min_share`` (or pass
``min_words=20``) when it lists reporting. Short, varying lines (photo captions such as "(AP
Photo/Name, File)", bylines) are not found: their runs are shorter or differ from article to
article.

Example
-------
>>> import pandas as pd
>>> import toolkit
>>> notice = "Sign up for our free morning newsletter and get the best of our journalism daily."
>>> corpus = pd.DataFrame({"doc_id": [f"d{i}" for i in range(6)], "outlet": "Daily Planet",
...     "text": [f"{story} {notice}" for story in ["Gulls left.", "Ferries ran late.", "A storm hit.",
...              "Nets were mended.", "Tolls went up.", "The crane fell."]]})
>>> table = toolkit.find_boilerplate(corpus)
>>> table[["outlet", "n_docs", "passage"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
[['Daily Planet', 6,
  'Sign up for our free morning newsletter and get the best of our journalism daily.']]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from toolkit._errors import check_choice, format_message
from toolkit._grouping import group_codes, group_keys, resolve_by
from toolkit._progress import progress_bar
from toolkit.corpus import validate_corpus
from toolkit.duplicates import _mix
from toolkit.scan import scan

__all__ = ["find_boilerplate", "strip_boilerplate"]

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def _check(min_words: object, min_docs: object, min_share: object) -> None:
    for name, value in (("min_words", min_words), ("min_docs", min_docs)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 2:
            raise ValueError(f"`{name}` must be an integer >= 2, got {value!r}")
    if (isinstance(min_share, bool) or not isinstance(min_share, (int, float))
            or not 0 <= min_share <= 1):
        raise ValueError(f"`min_share` must be a number from 0 to 1, got {min_share!r}")


def _window_keys(ids: np.ndarray, lengths: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Hash of every run of ``k`` tokens that lies inside one document, and where it starts.

    ``ids``: the token ids of some documents, one after another (``lengths`` tokens each).
    """
    width = len(ids) - k + 1
    if width <= 0:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    values = ids.astype(np.uint64) + np.uint64(1)
    with np.errstate(over="ignore"):
        runs = values[:width].copy()
        for j in range(1, k):
            np.multiply(runs, _GOLDEN, out=runs)
            np.add(runs, values[j:width + j], out=runs)
    ends = np.cumsum(lengths)
    doc_of = np.repeat(np.arange(len(lengths)), lengths)[:width]
    # a run that starts in the last k - 1 tokens of a document runs into the next one
    starts = np.flatnonzero(np.arange(width) + k <= ends[doc_of])
    return _mix(runs[starts]), starts


def _covered(word_ids: np.ndarray, offsets: np.ndarray, codes: np.ndarray, k: int,
             min_docs: int, min_share: float) -> np.ndarray:
    """Boolean per token: inside a run of ``k`` tokens that enough documents of its group hold.

    One group at a time (memory: that group's tokens), skipping groups too small to reach
    ``min_docs``. Runs are counted by hash (a hash table); only hashes seen in at least as
    many runs as the group needs are then counted by distinct documents.
    """
    from toolkit.duplicates import _ranges

    covered = np.zeros(len(word_ids), dtype=bool)
    lengths_all = np.diff(offsets)
    order = np.argsort(codes, kind="stable")
    cuts = np.flatnonzero(np.diff(codes[order])) + 1
    for members in np.split(order, cuts):
        needed = max(min_docs, int(np.ceil(min_share * len(members) - 1e-9)))
        if len(members) < needed:
            continue
        lengths = lengths_all[members]
        positions = _ranges(offsets[members], lengths)  # the group's tokens in the corpus
        keys, starts = _window_keys(word_ids[positions], lengths, k)
        if len(keys) < needed:
            continue
        run_id, _ = pd.factorize(keys)  # a hash table: one id per distinct run
        run_sizes = np.bincount(run_id)
        chosen = np.flatnonzero(run_sizes[run_id] >= needed)  # enough runs: in enough documents?
        if not len(chosen):
            continue
        doc_local = np.searchsorted(np.cumsum(lengths), starts[chosen], side="right")
        pairs = np.unique(run_id[chosen].astype(np.int64) * len(members) + doc_local)
        docs_per_run = np.bincount(pairs // len(members), minlength=len(run_sizes))
        flagged = starts[chosen[docs_per_run[run_id[chosen]] >= needed]]
        if not len(flagged):
            continue
        edges = np.zeros(len(positions) + 1, dtype=np.int64)
        np.add.at(edges, flagged, 1)
        np.add.at(edges, flagged + k, -1)
        covered[positions[np.cumsum(edges[:-1]) > 0]] = True
    return covered


#: At most this many words before the first (after the last) sentence or line break of a
#: passage that starts (ends) inside a sentence are taken for the article's own words.
_FRAGMENT_WORDS = 4


def _boundary(gap: str) -> bool:
    """Whether the characters between two tokens end a sentence or a line."""
    if "\n" in gap:
        return True
    stripped = gap.rstrip()
    return len(stripped) < len(gap) and any(mark in stripped for mark in ".!?")


def _sentence_start(text: str, start: int) -> bool:
    """Whether the token at ``start`` (with any opening marks before it) begins a sentence."""
    position = start - 1
    while position >= 0 and not text[position].isspace() and not text[position].isalnum():
        position -= 1
    while position >= 0 and text[position].isspace():
        if text[position] == "\n":
            return True
        position -= 1
    if position >= 1 and text[position] in "\"\u201d\u2019)":  # a quotation or aside closed
        position -= 1
    return position < 0 or text[position] in ".!?:"


def _sentence_end(text: str, end: int) -> bool:
    """Whether the token ending at ``end`` ends a sentence or a line."""
    return end >= len(text) or text[end] in ".!?\n"


def _trim(text: str, spans: list[tuple[str, int, int]], first: int, last: int
          ) -> tuple[int, int]:
    """Token range of a passage without a few words of the article stuck to either end.

    A repeated run can take in words that often stand next to a notice ("he said. Sign up
    for ..."): up to :data:`_FRAGMENT_WORDS` words before the passage's first sentence or line
    break are dropped when the passage starts inside a sentence, and likewise at its end.
    """
    if not _sentence_start(text, spans[first][1]):
        for j in range(first, min(first + _FRAGMENT_WORDS, last)):
            if _boundary(text[spans[j][2]:spans[j + 1][1]]):
                first = j + 1
                break
    if not _sentence_end(text, spans[last][2]):
        for j in range(last, max(last - _FRAGMENT_WORDS, first), -1):
            if _boundary(text[spans[j - 1][2]:spans[j][1]]):
                last = j - 1
                break
    return first, last


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow ``[start, end)`` over the non-space, non-word characters touching either end."""
    while start > 0 and not text[start - 1].isspace() and not text[start - 1].isalnum():
        start -= 1
    while end < len(text) and not text[end].isspace() and not text[end].isalnum():
        end += 1
    return start, end


def _passages(corpus: pd.DataFrame, by: str | Sequence[str] | None, min_words: int,
              min_docs: int, min_share: float, progress: bool | None
              ) -> tuple[pd.DataFrame, pd.DataFrame, list[str], np.ndarray, pd.DataFrame]:
    """The validated corpus, one row per passage found in a document, the ``by`` names, each
    document's group code and the table of groups."""
    from toolkit._views import document_spans

    _check(min_words, min_docs, min_share)
    table = validate_corpus(corpus)
    names = resolve_by(by)
    codes, groups = group_codes(group_keys(table, names))
    found = scan(table)
    covered = _covered(found.word_ids, found.offsets, codes, int(min_words), int(min_docs),
                       float(min_share))
    columns = ["row", "start", "end", "n_words"]
    if not covered.any():
        empty = pd.DataFrame({c: pd.Series(dtype="int64") for c in columns})
        return table, empty.assign(words=pd.Series(dtype=object)), names, codes, groups
    # runs of covered tokens, never across documents
    boundary = np.zeros(len(covered) + 1, dtype=bool)
    boundary[found.offsets] = True
    padded = np.concatenate([[False], covered, [False]])
    begins = np.flatnonzero(padded[1:] & (~padded[:-1] | boundary))
    finishes = np.flatnonzero(padded[:-1] & (~padded[1:] | boundary))
    doc_of = np.searchsorted(found.offsets, begins, side="right") - 1
    texts = table["text"].tolist()
    rows, starts, ends, n_words, words = [], [], [], [], []
    doc_list = doc_of.tolist()
    begin_list, finish_list = begins.tolist(), finishes.tolist()
    first_of_doc = found.offsets.tolist()
    spans_of: dict[int, list[tuple[str, int, int]]] = {}
    for doc, begin, finish in progress_bar(zip(doc_list, begin_list, finish_list, strict=True),
                                           total=len(doc_list), desc="boilerplate",
                                           progress=progress):
        spans = spans_of.get(doc)
        if spans is None:
            spans_of.clear()  # documents come in order: keep one document's spans
            spans = spans_of[doc] = document_spans(found, doc, texts[doc])
        first, last = _trim(texts[doc], spans, begin - first_of_doc[doc],
                            finish - 1 - first_of_doc[doc])
        start, end = _widen(texts[doc], spans[first][1], spans[last][2])
        rows.append(doc)
        starts.append(start)
        ends.append(end)
        n_words.append(last - first + 1)
        words.append(" ".join(token for token, _, _ in spans[first:last + 1]))
    found_rows = pd.DataFrame({"row": rows, "start": starts, "end": ends, "n_words": n_words},
                              dtype="int64").assign(words=words)
    return table, found_rows, names, codes, groups


def _cut(text: str, cuts: list[tuple[int, int]]) -> str:
    """``text`` without the ``cuts`` (sorted, disjoint); a space where words would touch."""
    kept, position = [], 0
    for start, end in cuts:
        kept.append(text[position:start])
        before = text[start - 1:start]
        after = text[end:end + 1]
        if before and after and not before.isspace() and not after.isspace():
            kept.append(" ")
        position = end
    kept.append(text[position:])
    return "".join(kept)


def _selected(passages: pd.DataFrame, names: list[str], groups: pd.DataFrame,
              group_of: pd.Series, same: pd.Series) -> np.ndarray:
    """Which found passages (group code, word tokens) are among the rows of ``passages``."""
    from toolkit.tokens import tokenize

    missing = [name for name in names if name not in passages.columns]
    if missing:
        raise ValueError(format_message(
            f"column {missing[0]!r} not found", where="the `passages` table",
            fix="pass rows of toolkit.find_boilerplate's table, found with the same `by`"))
    wanted = set()
    for values, passage in zip(passages[names].itertuples(index=False, name=None),
                               passages["passage"].tolist(), strict=True):
        wanted.add((tuple(None if pd.isna(v) else v for v in values),
                    " ".join(tokenize(str(passage)))))
    keys = [tuple(None if pd.isna(v) else v for v in row)
            for row in groups[names].itertuples(index=False, name=None)] if names else [()]
    return np.array([(keys[g], p) in wanted for g, p in zip(group_of.tolist(), same.tolist(),
                                                           strict=True)], dtype=bool)


def find_boilerplate(
    corpus: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = "outlet",
    min_words: int = 10,
    min_docs: int = 5,
    min_share: float = 0.01,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Passages each group (outlet) repeats word for word across many of its documents.

    The method and the choice of defaults are in the module docstring
    (``help(toolkit.boilerplate)``). Read the table before :func:`strip_boilerplate` removes
    anything: it lists each passage with the number of documents it is in.

    Parameters
    ----------
    corpus : pandas.DataFrame
        A corpus (see :func:`toolkit.validate_corpus`); it is not modified.
    by : str, list of str or None, default "outlet"
        Column(s) whose groups are searched separately (None: the whole corpus as one group).
    min_words : int, default 10
        Word tokens of the shortest repeated run that counts.
    min_docs : int, default 5
        Documents of the group that must hold a run.
    min_share : float, default 0.01
        Share of the group's documents that must hold a run (both conditions apply).
    progress : bool or None
        Show a progress bar while the documents with a passage are read again.

    Returns
    -------
    pandas.DataFrame
        One row per distinct passage per group (passages with the same word tokens are one:
        spacing, punctuation and case may differ), most widespread first within each group:
        the ``by`` columns; ``passage`` (as written in the first document holding it);
        ``n_words`` (word tokens); ``n_docs`` (documents of the group holding it);
        ``docs_in_group``; ``share`` (``n_docs / docs_in_group``);
        ``doc_id``, ``start``, ``end`` (where it is in its first document: character offsets
        into the original text). One notice can appear in a few variants (a longer run in some
        documents), each its own row.

    Example
    -------
    >>> import pandas as pd
    >>> import toolkit
    >>> notice = "Read about our approach to external links and the content of other sites."
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b", "c", "d", "e", "f"], "outlet": "Gazette",
    ...     "text": [f"{story} {notice}" for story in ["The river rose.", "Prices fell.",
    ...              "A bridge opened.", "Tides turned.", "Rents went up.", "Snow came."]]})
    >>> found = toolkit.find_boilerplate(corpus)
    >>> found["n_docs"].tolist(), found["start"].tolist(), found["share"].tolist()
    ([6], [16], [1.0])
    """
    table, found, names, codes, groups = _passages(corpus, by, min_words, min_docs, min_share,
                                                   progress)
    output = [*names, "passage", "n_words", "n_docs", "docs_in_group", "share", "doc_id",
              "start", "end"]
    if not len(found):
        empty = {name: table[name].iloc[:0] for name in names}
        empty.update({"passage": pd.Series(dtype=object), "n_words": pd.Series(dtype="int64"),
                      "n_docs": pd.Series(dtype="int64"),
                      "docs_in_group": pd.Series(dtype="int64"),
                      "share": pd.Series(dtype="float64"), "doc_id": pd.Series(dtype=object),
                      "start": pd.Series(dtype="int64"), "end": pd.Series(dtype="int64")})
        return pd.DataFrame(empty, columns=output)
    texts = table["text"].to_numpy()
    rows = found["row"].to_numpy()
    passages = [texts[r][s:e] for r, s, e in zip(rows.tolist(), found["start"].tolist(),
                                                   found["end"].tolist(), strict=True)]
    frame = found.assign(
        group=codes[rows],
        passage=passages,
        doc_id=table["doc_id"].to_numpy()[rows],
    )
    sizes = np.bincount(codes, minlength=len(groups))
    grouped = frame.groupby(["group", "words"], sort=False)
    out = grouped.agg(passage=("passage", "first"), n_words=("n_words", "first"),
                      n_docs=("row", "nunique"), doc_id=("doc_id", "first"),
                      start=("start", "first"), end=("end", "first")).reset_index()
    out["docs_in_group"] = sizes[out["group"].to_numpy()].astype(np.int64)
    out["share"] = out["n_docs"] / out["docs_in_group"]
    out = out.sort_values(["group", "n_docs", "n_words"], ascending=[True, False, False],
                          kind="stable", ignore_index=True)
    for name in names:
        out[name] = groups[name].to_numpy()[out["group"].to_numpy()]
    out["n_docs"] = out["n_docs"].astype(np.int64)
    return out[output]


def strip_boilerplate(
    corpus: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = "outlet",
    min_words: int = 10,
    min_docs: int = 5,
    min_share: float = 0.01,
    keep: str = "first",
    passages: pd.DataFrame | None = None,
    progress: bool | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A copy of the corpus without each group's boilerplate, and the log of what went.

    Each passage :func:`find_boilerplate` would list (same options) is cut out of the texts
    that hold it (a space is put in where that would join two words), except, with
    ``keep="first"``, from the first document of its group that holds it: repeated text then
    counts once, as :func:`toolkit.drop_duplicates` keeps one copy of a duplicated article.
    That is the default because a repeated passage is not always a notice: an outlet's stock
    background paragraph (ukraine_media: RT's paragraph on the Minsk agreements, whose last
    sentence is in 197 of its 969 articles) is its own framing, which should count, but once.
    Every other column is kept as it was. Character offsets that later analyses report refer
    to the stripped texts; the log gives each removed passage's offsets in the original ones,
    so both can be traced.

    Parameters
    ----------
    corpus : pandas.DataFrame
        A corpus (see :func:`toolkit.validate_corpus`); it is not modified.
    by, min_words, min_docs, min_share, progress
        As in :func:`find_boilerplate`.
    keep : {"first", "none"}, default "first"
        Leave each passage in the first document (corpus order) of its group that holds it,
        or remove every copy.
    passages : pandas.DataFrame, optional
        Only these passages: rows of :func:`find_boilerplate`'s table (found with the same
        options), e.g. after leaving out the ones that are reporting. Compared by group and
        by word tokens (as :func:`toolkit.tokenize` gives them).

    Returns
    -------
    stripped : pandas.DataFrame
        The validated corpus, same rows and columns, boilerplate removed from ``text``.
    log : pandas.DataFrame
        One row per removed passage: ``doc_id``, ``start``, ``end`` (offsets in the original
        text), ``n_words``, ``passage``.

    Example
    -------
    >>> import pandas as pd
    >>> import toolkit
    >>> notice = "Read about our approach to external links and the content of other sites."
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b", "c", "d", "e", "f"], "outlet": "Gazette",
    ...     "text": [f"{story} {notice}" for story in ["The river rose.", "Prices fell.",
    ...              "A bridge opened.", "Tides turned.", "Rents went up.", "Snow came."]]})
    >>> stripped, log = toolkit.strip_boilerplate(corpus)  # kept once, in the first document
    >>> stripped["text"].iloc[1], len(log)
    ('Prices fell. ', 5)
    """
    check_choice("keep", keep, ("first", "none"))
    if passages is not None and (not isinstance(passages, pd.DataFrame)
                                 or "passage" not in passages.columns):
        raise TypeError("`passages` must be a table from toolkit.find_boilerplate (with a "
                        "'passage' column), or None")
    table, found, names, codes, groups = _passages(corpus, by, min_words, min_docs, min_share,
                                                   progress)
    if len(found):
        same = found["words"]
        group_of = pd.Series(codes[found["row"].to_numpy()])
        chosen = np.ones(len(found), dtype=bool)
        if passages is not None:
            chosen &= _selected(passages, names, groups, group_of, same)
        if keep == "first":  # rows come in corpus order: the first row of a passage stays
            chosen &= pd.DataFrame({"g": group_of, "p": same}).duplicated().to_numpy()
        found = found[chosen].reset_index(drop=True)
    texts = table["text"].tolist()
    log_rows = found["row"].tolist()
    pieces: dict[int, list[tuple[int, int]]] = {}
    for row, start, end in zip(log_rows, found["start"].tolist(), found["end"].tolist(),
                               strict=True):
        pieces.setdefault(row, []).append((start, end))
    for row, cuts in pieces.items():
        texts[row] = _cut(texts[row], cuts)
    stripped = table.copy()
    stripped["text"] = pd.Series(texts, index=table.index, dtype=table["text"].dtype)
    originals = table["text"].to_numpy()
    log = pd.DataFrame({
        "doc_id": table["doc_id"].to_numpy()[found["row"].to_numpy()],
        "start": found["start"].to_numpy(),
        "end": found["end"].to_numpy(),
        "n_words": found["n_words"].to_numpy(),
        "passage": [originals[r][s:e] for r, s, e in zip(
            log_rows, found["start"].tolist(), found["end"].tolist(), strict=True)],
    })
    return stripped, log

