"""Scare quotes: short quoted spans that are not someone's quoted speech.

Rule
----
1. **Quoted spans.** Text between a pair of quotation marks, in one paragraph (no blank line
   inside): curly ``“…”``, low-high ``„…“``/``„…”``, guillemets ``«…»`` and ``‹…›``, straight
   ``"…"``, curly single ``‘…’`` and straight single ``'…'``. Apostrophes are told apart from
   single quotation marks: a closing ``’``/``'`` must not be followed by a letter or digit
   (``Russia’s`` is a word, not a closing mark), a straight opening ``'`` must follow a
   non-word character and precede a letter (``'90s``, ``don't`` and ``the Joneses'`` open
   nothing), and a straight opening ``"`` must not follow a letter or digit (``5'10"``).
2. **Short.** The quoted text has one to ``max_words`` (default 4) word tokens
   (:func:`toolkit.tokens.tokenize`).
3. **Not attributed.** The span is dropped as attributed speech when, within its sentence
   (:func:`toolkit.tokens.sentence_spans`), one of these holds (the first that applies is the
   ``attribution`` shown with ``keep_attributed=True``):

   * it lies inside a longer quotation (a quoted speaker's scare quotes are the speaker's, not
     the outlet's): ``“The ‘outrage’ is selective,” said a lawmaker``;
   * the opening mark directly follows a colon: ``He wrote: “Never again”``;
   * the quotation is the whole sentence: ``“Never again.”``;
   * a **report verb** (the ``report_neutral`` and ``report_loaded`` categories of the bundled
     ``stance`` lexicon: ``said``, ``told``, ``according to``, ``claimed``, ``shouted``, ...)
     stands anywhere before the quote, or at most ``attribution_window`` words after it:
     ``“Sham,” he said``; ``Peskov said the plan was “dead”``;
   * a **naming cue** (:data:`NAMING_CUES`: ``called``, ``dubbed``, ``branded``, ``labelled``,
     ``codenamed``, ``known as``, ``spoke of``, ...) stands at most ``attribution_window``
     words before or after it. **We treat** ``called it a “sham”`` **as attributed**: the
     marks show whose word it is, so it is reported speech rather than the writer's own
     distancing;
   * a **mention noun** (:data:`MENTION_CUES`: ``word``, ``term``, ``phrase``, ``slogan``, ...)
     stands directly before it: ``the word “attack”``;
   * a **labelling construction**: ``as`` (or ``as a``/``an``/``the``) directly before it and
     a labelling verb or noun (:data:`LABEL_VERBS`: ``describes``, ``dismissed``, ``frames``,
     ``description``, ...) anywhere earlier in the sentence:
     ``describes the war as a “special military operation”``;
   * it is joined by ``and``/``or``/a comma to the previous quotation, which was attributed:
     ``said the charges were “absurd” and “fabricated”``.

   Everything else is reported, including double-marked ``so-called “experts”`` and
   ``the alleged “Russian expansion”``.

Known failure cases
-------------------
* Distancing by attribution is missed: ``what Kiev calls “liberation”``, ``officials
  claimed the “liberation” of the town`` and ``what Moscow describes as a “special military
  operation”`` are dropped as attributed, though a reader may see the writer's irony (use
  ``keep_attributed=True`` to review them).
* A scare quote in a sentence that also reports speech before it is dropped: ``The minister
  said talks would go on, but the “peace plan” is dead.``
* Speech attributed far after the quote or in another sentence is kept as a scare quote:
  ``“Nonsense,” the spokeswoman for the foreign ministry of Russia said`` (report verb beyond
  the window); ``“We will win.” That was all he would say.`` is caught only because it is a
  whole sentence.
* Titles, names and coinages are kept: ``the film “Top Gun”``, ``NATO's “Amber Shield”
  exercise``, ``residents queued at so-called “invincibility points”`` (only the naming cues,
  such as ``titled``, ``named``, ``codenamed``, mark a name).
* Sentence splitting is heuristic (abbreviations, headlines), which moves the sentence limits
  used above.
* Straight single quotes stay ambiguous with apostrophes: ``rock 'n' roll`` yields ``n``; an
  unpaired straight quote can pair with a later one and hide the quotes in between.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable

import numpy as np
import pandas as pd

from toolkit._progress import progress_bar
from toolkit.corpus import validate_corpus
from toolkit.lexicon import _context_around, load_lexicon
from toolkit.matcher import Match, PhraseMatcher
from toolkit.tokens import sentence_spans, token_spans, tokenize

__all__ = ["scare_quotes", "QUOTE_COLUMNS", "NAMING_CUES", "MENTION_CUES", "LABEL_VERBS"]

QUOTE_COLUMNS = ("doc_id", "outlet", "quote", "start", "end", "n_words", "left", "right")

# Cues besides the report verbs (which come from the stance lexicon, so the list lives in one
# place). NAMING_CUES: someone names the thing with the quoted words ("called it a 'sham'").
NAMING_CUES = (
    "call", "calls", "called", "calling", "dub", "dubs", "dubbed", "dubbing", "brand",
    "brands", "branded", "branding", "labelled", "labeled", "labelling", "labeling", "termed",
    "nicknamed", "named", "codenamed", "code-named", "titled", "entitled", "headlined",
    "known as", "speak of", "speaks of", "spoke of", "spoken of",
)
# MENTION_CUES: the quoted words are talked about as words ("the word 'attack'"); the noun
# must stand directly before the opening mark.
MENTION_CUES = (
    "word", "words", "term", "terms", "phrase", "phrases", "expression", "expressions", "label",
    "labels", "slogan", "slogans", "hashtag", "headline", "motto", "euphemism", "catchphrase",
    "buzzword",
)
# LABEL_VERBS: "<verb> X as (a/an/the) 'Y'" attributes the label Y to the verb's subject
# ("describes the war as a 'special military operation'"); the verb may stand anywhere before
# in the sentence, "as" (with an optional article) directly before the opening mark.
LABEL_VERBS = (
    "describe", "describes", "described", "describing", "refer", "refers", "referred",
    "referring", "dismiss", "dismisses", "dismissed", "dismissing", "characterise",
    "characterises", "characterised", "characterising", "characterize", "characterizes",
    "characterized", "characterizing", "portray", "portrays", "portrayed", "portraying",
    "denounce", "denounces", "denounced", "denouncing", "condemn", "condemns", "condemned",
    "condemning", "reject", "rejects", "rejected", "rejecting", "regard", "regards", "regarded",
    "view", "views", "viewed", "present", "presents", "presented", "presenting", "frame",
    "frames", "framed", "framing", "treat", "treats", "treated", "treating", "classify",
    "classifies", "classified", "designate", "designates", "designated", "prosecute",
    "prosecuted", "hail", "hails", "hailed", "tout", "touts", "touted", "description",
    "descriptions", "characterisation", "characterization", "portrayal",
)
_REPORT_CATEGORIES = ("report_neutral", "report_loaded")

_QUOTE_RES = (
    re.compile(r"“([^“”]*)”"),
    re.compile(r"„([^„“”]*)[“”]"),
    re.compile(r"«([^«»]*)»"),
    re.compile(r"‹([^‹›]*)›"),
    re.compile(r"""(?<![\w"])"(?=[^\s"])([^"]*?)(?<=\S)"(?!\w)"""),
    re.compile(r"‘(?=[^\s‘’])((?:[^‘’]|’(?=\w))*?)(?<=\S)’(?!\w)"),
    # A quote may hold apostrophes followed by a letter ("don't"), so it closes at the first
    # ' that is not; when that one cannot close it, the second alternative consumes the same
    # stretch (group 1 stays empty): otherwise every later opening ' in the stretch would scan
    # to the same place again, quadratic in a text such as " 'a 'a 'a ...".
    re.compile(r"(?<![\w'’])'(?=[^\W\d_])(?:((?:[^']|'(?=\w))*+)(?<=[\w.!?,;…])'(?!\w)"
               r"|(?:[^']|'(?=\w))*+)"),
)
_ARTICLES = frozenset({"a", "an", "the"})
_COORDINATION_RE = re.compile(r"""["'”’»›]?\s*(?:,\s*)?(?:and|or|,)?\s*""")
_PARAGRAPH_RE = re.compile(r"\n[^\S\n]*\n")
_CLOSING_PUNCT_RE = re.compile(r"""[\s.!?…,;:"'”’»›)\]]*""")


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the inner text of every quotation in ``text``, sorted."""
    found = set()
    for pattern in _QUOTE_RES:
        for match in pattern.finditer(text):
            if match.start(1) >= 0 and _PARAGRAPH_RE.search(match.group(1)) is None:
                found.add(match.span(1))
    return sorted(found)


def _cue_matcher() -> PhraseMatcher:
    report = load_lexicon("stance").select(_REPORT_CATEGORIES)
    entries = [(e.entry, "report") for e in report.entries]
    entries += [(cue, "naming") for cue in NAMING_CUES]
    entries += [(cue, "mention") for cue in MENTION_CUES]
    entries += [(cue, "label") for cue in LABEL_VERBS]
    return PhraseMatcher(entries)


def _attribution(text: str, spans: list[tuple[str, int, int]], starts: list[int], sentences: list[tuple[int, int]],
                 sentence_starts: list[int], cues: list[Match], cue_starts: list[int],
                 quotes: list[tuple[int, int]], start: int, end: int, window: int) -> str | None:
    """Why the quotation ``text[start:end]`` counts as attributed speech, or None."""
    opening, closing = start - 1, end + 1  # the marks are single characters
    for other_start, other_end in quotes:
        if other_start - 1 < opening and closing < other_end + 1 and \
                (other_start, other_end) != (start, end):
            return "inside a quotation"
    before = text[:opening].rstrip()
    if before.endswith(":"):
        return ":"
    number = bisect_right(sentence_starts, opening) - 1
    sentence_start, sentence_end = sentences[number] if number >= 0 else (0, len(text))
    if not text[sentence_start:opening].strip() and \
            _CLOSING_PUNCT_RE.fullmatch(text, closing, max(sentence_end, closing)):
        return "whole sentence"
    first = bisect_left(starts, start)  # first token inside the quote
    after = bisect_left(starts, end)  # first token after it
    before_words = [token for token, s, _ in spans[max(first - 2, 0):first] if s >= sentence_start]
    labelled = before_words[-1:] == ["as"] or (
        len(before_words) == 2 and before_words[0] == "as" and before_words[1] in _ARTICLES)
    nearest: tuple[int, str] | None = None
    # cues before the quote, in the same sentence, nearest first
    for k in range(bisect_left(cue_starts, first) - 1, -1, -1):
        cue = cues[k]
        if cue.start < sentence_start:
            break
        if cue.token_end > first:
            continue
        distance = first - cue.token_end
        if (cue.group == "report" or (cue.group == "naming" and distance < window)
                or (cue.group == "mention" and distance == 0)
                or (cue.group == "label" and labelled)):
            nearest = (distance, text[cue.start:cue.end])
            break
    # report verbs and naming cues after the quote, within the window, in the same sentence
    for k in range(bisect_left(cue_starts, after), len(cues)):
        cue = cues[k]
        distance = cue.token_start - after
        if distance >= window or cue.start >= sentence_end:
            break
        if cue.group in ("report", "naming"):
            if nearest is None or distance < nearest[0]:
                nearest = (distance, text[cue.start:cue.end])
            break
    return None if nearest is None else nearest[1]


def _check_positive(name: str, value: object, *, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise ValueError(f"`{name}` must be an integer of at least {minimum}, got {value!r}")
    return int(value)


def scare_quotes(corpus: pd.DataFrame, *, max_words: int = 4, attribution_window: int = 6,
                 window: int = 8, keep_attributed: bool = False,
                 progress: bool | None = None) -> pd.DataFrame:
    """Short quoted spans that are not attributed speech: candidate scare quotes.

    The rule and its known failure cases are in the module docstring
    (``help(toolkit.quotes)``).

    Parameters
    ----------
    corpus : pandas.DataFrame
        A corpus (see :func:`toolkit.validate_corpus`).
    max_words : int, default 4
        Longest quotation reported, in word tokens (the shortest is one word).
    attribution_window : int, default 6
        How many words after a quotation a report verb, and how many words before or after it
        a naming cue (``called``, ``dubbed``, ...), may stand to make it attributed speech.
    window : int, default 8
        Words of context on each side in ``left`` and ``right``.
    keep_attributed : bool, default False
        Also return the short quotations judged attributed, with a column ``attribution``
        naming the cue as written (``"said"``, ``"called"``, ``":"``, ``"whole sentence"``,
        ``"inside a quotation"``; missing for scare quotes). Use it to audit the rule.
    progress : bool or None
        Show a progress bar (None: only for 5,000 documents or more).

    Returns
    -------
    pandas.DataFrame
        One row per quotation: ``doc_id``, ``outlet``, ``quote`` (the text between the marks,
        as written), ``start``, ``end`` (character offsets of that inner text, so
        ``text[start:end] == quote`` and the marks are at ``start - 1`` and ``end``),
        ``n_words``, ``left``, ``right`` (``window`` words either side of the marks, as
        written, whitespace collapsed), and ``attribution`` when ``keep_attributed``.
        In corpus order, then by ``start``.

    Example
    -------
    >>> import pandas as pd
    >>> corpus = pd.DataFrame({"doc_id": ["d1"], "text": [
    ...     "NATO guards against the alleged “Russian expansion”. “It works,” he said."]})
    >>> scare_quotes(corpus)[["quote", "start", "end", "n_words"]].values.tolist()
    [['Russian expansion', 33, 50, 2]]
    """
    max_words = _check_positive("max_words", max_words, minimum=1)
    attribution_window = _check_positive("attribution_window", attribution_window, minimum=0)
    window = _check_positive("window", window, minimum=0)
    corpus = validate_corpus(corpus)
    matcher = _cue_matcher()
    records: list[tuple] = []
    texts = corpus["text"].tolist()
    for row, text in enumerate(progress_bar(texts, total=len(texts), desc="finding quotes",
                                            progress=progress)):
        quotes = _quoted_spans(text)
        if not quotes:
            continue
        spans = token_spans(text)
        starts = [s for _, s, _ in spans]
        cues = matcher.find_in_spans(text, spans)
        cue_starts = [c.token_start for c in cues]
        sentences = sentence_spans(text)
        sentence_starts = [s for s, _ in sentences]
        previous: tuple[int, str | None] = (-1, None)  # closing mark and cue of the last quote
        for start, end in quotes:
            n_words = len(tokenize(text[start:end]))
            if not 1 <= n_words <= max_words:
                continue
            cue = _attribution(text, spans, starts, sentences, sentence_starts, cues, cue_starts,
                               quotes, start, end, attribution_window)
            if cue is None and previous[1] is not None and previous[0] < start - 1 and \
                    _COORDINATION_RE.fullmatch(text, previous[0], start - 1):
                cue = previous[1]  # “absurd” and “fabricated”: one attribution for both
            previous = (end, cue)
            if cue is not None and not keep_attributed:
                continue
            left, right = _context_around(text, spans, starts, start - 1, end + 1, window)
            records.append((row, text[start:end], start, end, n_words, left, right, cue))
    rows = np.asarray([r[0] for r in records], dtype=np.int64)
    table = pd.DataFrame(
        {
            "doc_id": corpus["doc_id"].take(rows).reset_index(drop=True),
            "outlet": corpus["outlet"].take(rows).reset_index(drop=True),
            "quote": pd.array(_column(records, 1), dtype="str"),
            "start": np.asarray(_column(records, 2), dtype=np.int64),
            "end": np.asarray(_column(records, 3), dtype=np.int64),
            "n_words": np.asarray(_column(records, 4), dtype=np.int64),
            "left": pd.array(_column(records, 5), dtype="str"),
            "right": pd.array(_column(records, 6), dtype="str"),
        },
        columns=list(QUOTE_COLUMNS),
    )
    if keep_attributed:
        table["attribution"] = pd.array(_column(records, 7), dtype="str")
    return table


def _column(records: Iterable[tuple], index: int) -> list:
    return [r[index] for r in records]
