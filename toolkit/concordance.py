"""Keyword in context (KWIC): every occurrence of a pattern with the words around it.

Each row can be traced back to the text: ``corpus.text[row].[start:end]`` is the match
exactly as written. Word, phrase and glob patterns are found by :class:`toolkit.PhraseMatcher`
(so a KWIC search agrees with lexicon and framing counts: case-insensitive, whole words,
curly = straight apostrophes, phrases across line breaks and quotation marks but not across
punctuation); ``regex=True`` searches the raw text with a Python regular expression instead.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from fnmatch import translate

import numpy as np
import pandas as pd

from toolkit._errors import format_message
from toolkit.corpus import validate_corpus
from toolkit.matcher import PhraseMatcher
from toolkit.tokens import normalize, token_spans, tokenize
from toolkit.voice import _check_voice, _in_voice, _Voices

__all__ = ["kwic", "KwicTable", "KWIC_COLUMNS"]

KWIC_COLUMNS = ("doc_id", "outlet", "date", "left", "match", "right", "start", "end", "in_quote",
                "voice")
_QUOTES = "\"'“”‘’«»,;:!()[]"  # stripped from pattern pieces, as toolkit.matcher.parse_entry does
_WHITESPACE_RE = re.compile(r"\s+")


class KwicTable(pd.DataFrame):
    """A :class:`pandas.DataFrame` that displays as a concordance in notebooks.

    In HTML (Jupyter) the ``left`` column is right-aligned, ``match`` centred and bold and
    ``right`` left-aligned, so the keywords line up. Every value, index label and column name
    is HTML-escaped (a document containing ``<script>`` shows that text) and the table is
    marked for MathJax to leave alone. Everything else is a plain DataFrame;
    ``pd.DataFrame(table)`` gives one back.
    """

    @property
    def _constructor(self):
        return KwicTable

    def _repr_html_(self) -> str | None:
        try:
            from pandas.io.formats.style import Styler  # needs jinja2
        except ImportError:  # pragma: no cover - jinja2 ships with the notebook extras
            return super()._repr_html_()
        limit = pd.get_option("display.max_rows") or len(self)
        shown = pd.DataFrame(self.head(limit))
        if not (shown.index.is_unique and shown.columns.is_unique):
            return super()._repr_html_()
        # every string shown comes from the corpus: escaped (a document holding <script> or
        # <img onerror=...> shows that text), and kept away from MathJax ($...$ stays as is)
        styler = Styler(shown, escape="html")
        styler = styler.format_index(escape="html", axis=0).format_index(escape="html", axis=1)
        styler = styler.set_table_attributes('class="tex2jax_ignore"')
        alignment = {"left": "right", "match": "center", "right": "left"}
        styles = {
            column: [{"selector": "td, th.col_heading",
                      "props": f"text-align: {align}; white-space: nowrap;"
                               + (" font-weight: bold;" if column == "match" else "")}]
            for column, align in alignment.items()
            if column in shown.columns
        }
        styler = styler.set_table_styles(styles, overwrite=False)
        if "date" in shown.columns and pd.api.types.is_datetime64_any_dtype(shown["date"]):
            styler = styler.format({"date": lambda d: "" if pd.isna(d) else f"{d:%Y-%m-%d}"},
                                   escape="html")
        if len(self) > len(shown):
            styler = styler.set_caption(f"first {len(shown)} of {len(self)} matches")
        return styler.to_html()


def _case_pieces(pattern: str) -> list[str | re.Pattern[str]]:
    """Case-preserving pieces of a word/phrase/glob pattern, aligned with ``parse_entry``."""
    pieces: list[str | re.Pattern[str]] = []
    for raw in pattern.split():
        piece = normalize(raw.strip(_QUOTES), lowercase=False)
        if "*" in piece or "?" in piece:
            pieces.append(re.compile(translate(piece)))
        else:
            pieces.extend(tokenize(piece, lowercase=False))
    return pieces


def _same_case(written: list[str], pieces: list[str | re.Pattern[str]]) -> bool:
    """Whether the tokens as written match the pattern pieces case-sensitively."""
    if len(written) != len(pieces):
        return False
    for token, piece in zip(written, pieces, strict=True):
        if isinstance(piece, re.Pattern):
            if piece.match(token) is None:
                return False
        elif token != piece and token not in (piece + "'s", piece + "'"):
            return False
    return True


def _pattern_matches(text: str, spans, matcher, case_pieces) -> list[tuple[int, int]]:
    found = []
    for m in matcher.find_in_spans(text, spans):
        if case_pieces is not None:
            written = [normalize(text[s:e], lowercase=False)
                       for _, s, e in spans[m.token_start : m.token_end]]
            if not _same_case(written, case_pieces):
                continue
        found.append((m.start, m.end))
    return found


def _context(text: str, starts: list[int], ends: list[int], start: int, end: int,
             window: int) -> tuple[str, str]:
    """Left and right context: ``window`` tokens each side of ``text[start:end]``, as written.

    Tokens starting before the match form the left context and tokens ending after it the
    right context, so a part of a word cut by a regular expression stays visible.
    """
    before = bisect_left(starts, start)  # number of tokens starting before the match
    after = bisect_right(ends, end)  # index of the first token ending after it
    left_from = starts[max(0, before - window)] if before and window else start
    right_to = ends[min(len(ends), after + window) - 1] if after < len(ends) and window else end
    left = _WHITESPACE_RE.sub(" ", text[left_from:start]).strip()
    right = _WHITESPACE_RE.sub(" ", text[end:right_to]).strip()
    return left, right


def _document_records(row: int, text: str, spans, found: list[tuple[int, int]], window: int,
                      voice: str) -> list[tuple]:
    """``(row, left, match, right, start, end, in_quote, voice)`` of one document's matches
    (character spans ``found``, in order) that are in ``voice``."""
    quotes = _Voices(text)
    if voice != "all":
        found = [(start, end) for start, end in found if _in_voice(quotes, start, end, voice)]
    starts = [s for _, s, _ in spans]
    ends = [e for _, _, e in spans]
    records = []
    for start, end in found:
        left, right = _context(text, starts, ends, start, end, window)
        match = _WHITESPACE_RE.sub(" ", text[start:end])
        in_quote, which = quotes.at(start, end)
        records.append((row, left, match, right, start, end, in_quote, which))
    return records


def _regex_records(texts: list[str], compiled: re.Pattern[str], window: int,
                   voice: str) -> list[tuple]:
    records: list[tuple] = []
    for row, text in enumerate(texts):
        found = [(m.start(), m.end()) for m in compiled.finditer(text) if m.end() > m.start()]
        if found:
            records += _document_records(row, text, token_spans(text), found, window, voice)
    return records


def _pattern_records(corpus: pd.DataFrame, pattern: str, matcher: PhraseMatcher,
                     case_pieces, window: int, voice: str) -> list[tuple]:
    """The records of a word, phrase or glob: searched only in the documents where the
    corpus's shared scan has a token at which the pattern may start (the others cannot
    match), and kept in the scan for a repeated call (read-only: a tuple)."""
    from toolkit._views import candidate_rows
    from toolkit.scan import scan

    found_scan = scan(corpus)
    texts = corpus["text"]

    def compute() -> tuple[tuple, ...]:
        records: list[tuple] = []
        for row in candidate_rows(found_scan, matcher).tolist():
            text = texts.iat[row]
            spans = token_spans(text)
            found = _pattern_matches(text, spans, matcher, case_pieces)
            if found:
                records += _document_records(row, text, spans, found, window, voice)
        return tuple(records)

    return found_scan.view(("kwic", pattern, case_pieces is not None, window, voice), compute)


def kwic(
    corpus: pd.DataFrame,
    pattern: str,
    *,
    window: int = 8,
    regex: bool = False,
    case: bool = False,
    voice: str = "all",
) -> KwicTable:
    """Every occurrence of ``pattern`` with ``window`` tokens of context on each side.

    Parameters
    ----------
    corpus : pandas.DataFrame
        A corpus (see :func:`toolkit.validate_corpus`); it is not modified.
    pattern : str
        A word (``"regime"``, which also finds ``regime's``), a phrase
        (``"special military operation"``, found across line breaks and quotation marks) or a
        glob (``"russophob*"``: ``*`` any characters, ``?`` one character, within a word). With
        ``regex=True``, a Python regular expression searched in the raw text.
    window : int, default 8
        Tokens of context on each side. Context is copied from the text as written
        (punctuation kept, runs of whitespace and line breaks shown as one space) and may
        cross sentence ends. With ``regex=True`` a match that starts or ends inside a word
        gets the rest of that word in its context.
    regex : bool, default False
        Treat ``pattern`` as a regular expression (``re`` syntax) instead.
    case : bool, default False
        Case-sensitive: only matches written with the pattern's case (``"Kiev"`` finds
        ``Kiev`` and ``Kiev’s`` but not ``KIEV``).

    Returns
    -------
    KwicTable
        A DataFrame, one row per match in corpus order: ``doc_id``, ``outlet``, ``date``,
        ``left``, ``match`` (as written, whitespace collapsed), ``right``, ``start`` and
        ``end`` (character offsets of the match in the document's ``text``). No match gives
        an empty table with these columns. Shown as an aligned concordance in notebooks.

    Raises
    ------
    ValueError
        An empty pattern, a glob made only of wildcards, or an invalid regular expression.

    Example
    -------
    >>> import toolkit
    >>> hits = toolkit.kwic(toolkit.demo_corpus(), "russophob*", window=5)
    >>> hits[["outlet", "left", "match", "right"]].head(3)  # doctest: +SKIP
    """
    if not isinstance(pattern, str) or not pattern.strip():
        raise ValueError(f"`pattern` must be a non-empty string, got {pattern!r}")
    if not isinstance(window, int) or isinstance(window, bool) or window < 0:
        raise ValueError(f"`window` must be an integer >= 0, got {window!r}")
    voice = _check_voice(voice)
    corpus = validate_corpus(corpus)
    if regex:
        try:
            compiled = re.compile(pattern, 0 if case else re.IGNORECASE)
        except re.error as err:
            raise ValueError(
                format_message(f"invalid regular expression {pattern!r} ({err})",
                               fix="fix it, or pass regex=False for a word, phrase or glob")
            ) from None
        matcher = case_pieces = None
    else:
        try:
            matcher = PhraseMatcher([(pattern, "kwic")])
        except ValueError as err:
            raise ValueError(
                format_message(f"cannot search for {pattern!r}: {err}",
                               fix="pass a word, a phrase or a glob such as 'russophob*'")
            ) from None
        case_pieces = _case_pieces(pattern) if case else None

    if regex:
        records = _regex_records(corpus["text"].tolist(), compiled, window, voice)
    else:
        records = _pattern_records(corpus, pattern, matcher, case_pieces, window, voice)
    rows = []
    if records:
        # metadata as itertuples gives it, for the documents with matches only
        found_rows = sorted({record[0] for record in records})
        meta = corpus[["doc_id", "outlet", "date"]].iloc[found_rows]
        of_row = dict(zip(found_rows, meta.itertuples(index=False), strict=True))
        for row, *rest in records:
            doc = of_row[row]
            rows.append((doc.doc_id, doc.outlet, doc.date, *rest))

    table = pd.DataFrame(rows, columns=list(KWIC_COLUMNS))
    if table.empty:
        table = corpus.iloc[:0][["doc_id", "outlet", "date"]].reset_index(drop=True)
        for column in ("left", "match", "right"):
            table[column] = pd.Series([], dtype=corpus["doc_id"].dtype)
        for column in ("start", "end"):
            table[column] = pd.Series([], dtype=np.int64)
        table["in_quote"] = pd.Series([], dtype=bool)
        table["voice"] = pd.Series([], dtype=corpus["doc_id"].dtype)
    else:
        table["date"] = pd.to_datetime(table["date"])
        table[["start", "end"]] = table[["start", "end"]].astype(np.int64)
        table["in_quote"] = table["in_quote"].astype(bool)
    return KwicTable(table[list(KWIC_COLUMNS)])
