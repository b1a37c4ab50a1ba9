"""Readability of every document in a corpus, equal to textstat 0.7.8, in one pass.

textstat computes each measure separately and re-tokenizes the text for each one.
:func:`readability` counts sentences, words, syllables (cached per word type), polysyllables,
long words and difficult words once per document and then applies textstat's formulas, in
textstat's order of floating-point operations, so every number equals the one textstat's own
function gives for that text (the test suite asserts agreement to within 1e-9 on real news
articles; in practice the numbers are bit-for-bit identical).

This is the only module of the toolkit that imports textstat. It never calls
``textstat.set_lang`` or ``textstat.set_rounding_points`` and does not read their state:
it always uses textstat's English (``en_US``) resources and textstat 0.7.8's default of no
rounding, whatever other code has done to the ``textstat`` singleton.

Example
-------
>>> import toolkit
>>> scores = toolkit.readability(toolkit.demo_corpus())
>>> summary = toolkit.readability_by(scores, by="outlet", random_state=0)
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from toolkit._errors import check_choice, format_message, preview

__all__ = ["MEASURES", "readability", "readability_by"]

#: Valid measure names, in output order. Each is also the name of the textstat function it equals.
MEASURES: tuple[str, ...] = (
    "flesch_reading_ease",
    "flesch_kincaid_grade",
    "gunning_fog",
    "smog_index",
    "coleman_liau_index",
    "automated_readability_index",
    "dale_chall_readability_score",
    "linsear_write_formula",
    "dale_chall_readability_score_v2",
    "spache_readability",
    "lix",
    "rix",
    "mcalpine_eflaw",
    "text_standard",
    "reading_time",
)

_COUNTS = ("n_sentences", "n_words", "n_syllables", "n_polysyllables", "n_difficult_words")
_CARRIED = ("doc_id", "outlet", "date")
_NOTE = "note"
_SUMMARY = ("measure", "mean", "median", "std", "count", "ci_low", "ci_high")

# textstat's language code; passed explicitly, never set globally.
_LANG = "en_US"
# SMOG was normed on samples of 30 sentences; below this many it is reported as NaN.
_SMOG_MIN_SENTENCES = 3
# Largest bootstrap index matrix drawn at once (elements), to bound memory.
_BOOT_CHUNK = 2_000_000

# The regular expressions textstat 0.7.8 uses (textstat.backend.utils.constants and the
# count_* / remove_punctuation functions), compiled once. Compiling is not state: they never change.
_NONCONTRACTION_APOSTROPHE = re.compile(r"\'(?![tsd]|ve|ll|re)")
_PUNCTUATION_BUT_APOSTROPHE = re.compile(r"[^\w\s\']")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)
_WHITESPACE = re.compile(r"\s")
_NON_WORD_CHAR = re.compile(r"\W")
_WORD_CHAR = re.compile(r"\w")


def _strip_punctuation(text: str) -> str:
    """``textstat.remove_punctuation`` with apostrophes of English contractions kept."""
    return _PUNCTUATION_BUT_APOSTROPHE.sub("", _NONCONTRACTION_APOSTROPHE.sub("", text))


def _count_sentences(text: str) -> int:
    """``textstat.sentence_count``: pieces ending in . ! or ?, ignoring those of <= 2 words."""
    if len(text) == 0:
        return 0
    pieces = _SENTENCE.findall(text)
    ignored = sum(1 for piece in pieces if len(_strip_punctuation(piece).split()) <= 2)
    return max(1, len(pieces) - ignored)


class _Scorer:
    """Scores documents; holds textstat's English resources and a per-call word cache."""

    def __init__(self) -> None:
        # textstat's own cached loaders, called with an explicit language: the very
        # dictionary, hyphenator and easy-word list its functions use, without set_lang.
        from textstat.backend.utils import get_cmudict, get_lang_easy_words, get_pyphen

        self._cmudict = get_cmudict(_LANG)
        self._pyphen = get_pyphen(_LANG)
        self._easy_words = get_lang_easy_words(_LANG)
        self._syllable_cache: dict[str, int] = {}
        self._word_cache: dict[str, tuple[int, int, bool, bool, bool]] = {}

    def _word_syllables(self, word: str) -> int:
        """Syllables of one lowercase word: CMUdict's first pronunciation, else Pyphen."""
        count = self._syllable_cache.get(word)
        if count is None:
            try:
                count = sum(1 for phone in self._cmudict[word][0] if phone[-1].isdigit())
            except (TypeError, IndexError, KeyError):
                count = len(self._pyphen.positions(word)) + 1
            self._syllable_cache[word] = count
        return count

    def _text_syllables(self, text: str) -> int:
        """``textstat.syllable_count``."""
        if not text:
            return 0
        return sum(self._word_syllables(w) for w in _strip_punctuation(text).lower().split())

    def _word(self, word: str) -> tuple[int, int, bool, bool, bool]:
        """Facts about one token: syllables, syllables as the difficulty test counts them,
        in the easy-word list, long (> 6 letters), mini (<= 3 letters)."""
        info = self._word_cache.get(word)
        if info is None:
            lower = word.lower()
            syllables = self._word_syllables(lower)
            # textstat's is_difficult_word lowercases first and strips punctuation after;
            # that differs from the text-level count only where lowercasing creates a
            # non-word character (e.g. U+0130 -> "i" + combining dot).
            if _strip_punctuation(lower) == lower:
                difficulty_syllables = syllables
            else:
                difficulty_syllables = self._text_syllables(lower)
            letters = len(word) - word.count("'")
            info = (
                syllables,
                difficulty_syllables,
                lower in self._easy_words,
                letters > 6,
                letters <= 3,
            )
            self._word_cache[word] = info
        return info

    def score(self, text: str) -> tuple[dict[str, int], dict[str, float], list[tuple[str, str]]]:
        """Counts, textstat's value of every measure, and (measure, reason) of undefined ones."""
        words = _strip_punctuation(text).split()  # textstat.lexicon_count's words
        n_words = len(words)
        n_sentences = _count_sentences(text)
        n_chars = len(_WHITESPACE.sub("", text))  # textstat.char_count
        n_letters = len(_NON_WORD_CHAR.sub("", text))  # textstat.letter_count
        n_split = len(text.split())  # lexicon_count(removepunct=False)

        n_syllables = n_poly = n_long = n_mini = 0
        n_hard_any = n_hard_3 = n_hard_2 = n_hard_2_unique = 0
        for word, k in Counter(words).items():
            syllables, difficulty_syllables, easy, long_, mini = self._word(word)
            n_syllables += syllables * k
            if syllables >= 3:
                n_poly += k
            if long_:
                n_long += k
            if mini:
                n_mini += k
            if not easy:
                n_hard_any += k  # syllable_threshold=0
                if difficulty_syllables >= 3:
                    n_hard_3 += k
                if difficulty_syllables >= 2:
                    n_hard_2 += k
                    n_hard_2_unique += 1

        counts = {
            "n_sentences": n_sentences,
            "n_words": n_words,
            "n_syllables": n_syllables,
            "n_polysyllables": n_poly,
            "n_difficult_words": n_hard_2_unique,
        }
        values, undefined = _formulas(
            n_words=n_words,
            n_sentences=n_sentences,
            n_syllables=n_syllables,
            n_poly=n_poly,
            n_chars=n_chars,
            n_letters=n_letters,
            n_split=n_split,
            n_long=n_long,
            n_mini=n_mini,
            n_hard_any=n_hard_any,
            n_hard_3=n_hard_3,
            n_hard_2=n_hard_2,
            linsear=self._linsear(text, words),
        )
        return counts, values, undefined

    def _linsear(self, text: str, words: list[str]) -> tuple[float, bool]:
        """``textstat.linsear_write_formula`` (first 100 words) and whether it hit its guard."""
        tokens = text.split()
        if len(tokens) > 100:
            # The first 100 tokens that keep a word character once punctuation is stripped,
            # which are exactly the first 100 words; i_text = raw tokens consumed.
            i_text = found = 0
            while i_text < len(tokens) and found < 100:
                if _WORD_CHAR.search(tokens[i_text]):
                    found += 1
                i_text += 1
            sample = words[:found]
        else:
            sample = words
            i_text = len(tokens)
        easy = difficult = 0
        for word in sample:
            syllables = self._word(word)[0]
            if syllables >= 3:
                difficult += 1
            elif syllables > 0:
                easy += 1
        n_sentences = _count_sentences(" ".join(tokens[:i_text]))
        if n_sentences == 0:
            return 0.0, True
        number = float((easy * 1 + difficult * 3) / n_sentences)
        if number <= 20:
            number -= 2
        return number / 2, False


def _formulas(
    *,
    n_words: int,
    n_sentences: int,
    n_syllables: int,
    n_poly: int,
    n_chars: int,
    n_letters: int,
    n_split: int,
    n_long: int,
    n_mini: int,
    n_hard_any: int,
    n_hard_3: int,
    n_hard_2: int,
    linsear: tuple[float, bool],
) -> tuple[dict[str, float], list[tuple[str, str]]]:
    """textstat 0.7.8's formulas, with its zero-division guards and operation order."""
    guarded: list[str] = []
    wps = n_words / n_sentences if n_sentences else 0.0  # words_per_sentence
    spw = n_syllables / n_words if n_words else 0.0  # syllables_per_word
    lpw = n_letters / n_words if n_words else 0.0  # letters_per_word
    sent_pw = n_sentences / n_words if n_words else 0.0  # sentences_per_word
    cpw = n_chars / n_split if n_split else 0.0  # chars_per_word

    v: dict[str, float] = {}
    if wps == 0 or spw == 0:
        v["flesch_reading_ease"] = v["flesch_kincaid_grade"] = 0.0
        guarded += ["flesch_reading_ease", "flesch_kincaid_grade"]
    else:
        v["flesch_reading_ease"] = 206.835 - 1.015 * wps - 84.6 * spw
        v["flesch_kincaid_grade"] = (0.39 * wps) + (11.8 * spw) - 15.59

    if n_words == 0:
        for name in (
            "gunning_fog",
            "dale_chall_readability_score",
            "dale_chall_readability_score_v2",
            "spache_readability",
            "lix",
        ):
            v[name] = 0.0
            guarded.append(name)
    else:
        v["gunning_fog"] = 0.4 * (wps + 100 * n_hard_3 / n_words)
        pdw = 100 * n_hard_any / n_words
        score = (0.1579 * pdw) + (0.0496 * wps)
        if pdw > 5:
            score += 3.6365
        v["dale_chall_readability_score"] = score
        pdw = 100 * n_hard_2 / n_words
        raw = 0.1579 * (pdw) + 0.0496 * wps
        v["dale_chall_readability_score_v2"] = raw + 3.6365 if raw > 0.05 else raw
        v["spache_readability"] = (0.141 * wps) + (0.086 * pdw) + 0.839
        v["lix"] = wps + 100 * n_long / n_words

    if n_sentences == 0:
        for name in ("smog_index", "rix", "mcalpine_eflaw"):
            v[name] = 0.0
            guarded.append(name)
    else:
        v["smog_index"] = (1.043 * (30 * (n_poly / n_sentences)) ** 0.5) + 3.1291
        v["rix"] = n_long / n_sentences
        v["mcalpine_eflaw"] = (n_words + n_mini) / n_sentences

    letters, sentences = lpw * 100, sent_pw * 100
    if letters == 0 or sentences == 0:
        v["coleman_liau_index"] = 0.0
        guarded.append("coleman_liau_index")
    else:
        v["coleman_liau_index"] = (0.058 * letters) - (0.296 * sentences) - 15.8

    if cpw == 0 or wps == 0:
        v["automated_readability_index"] = 0.0
        guarded.append("automated_readability_index")
    else:
        v["automated_readability_index"] = (4.71 * cpw) + (0.5 * wps) - 21.43

    v["linsear_write_formula"], linsear_guarded = linsear
    if linsear_guarded:
        guarded.append("linsear_write_formula")

    v["text_standard"] = _text_standard(v)
    v["reading_time"] = 14.69 * n_chars / 1000

    undefined: list[tuple[str, str]] = []
    if n_words == 0:
        reason = "no words"
        undefined += [(name, reason) for name in MEASURES if name != "reading_time"]
    else:
        if n_syllables == 0:
            guarded = [g for g in guarded if g not in ("flesch_reading_ease", "flesch_kincaid_grade")]
            undefined += [
                ("flesch_reading_ease", "no syllables"),
                ("flesch_kincaid_grade", "no syllables"),
            ]
        undefined += [(name, "division by zero") for name in guarded]
        if n_sentences < _SMOG_MIN_SENTENCES:
            undefined.append(("smog_index", f"fewer than {_SMOG_MIN_SENTENCES} sentences"))
    return v, undefined


def _text_standard(v: dict[str, float]) -> float:
    """``textstat.text_standard(text, float_output=True)``: the most common grade."""
    grade: list[int] = []
    names = (
        "flesch_kincaid_grade",
        None,  # Flesch Reading Ease, banded below
        "smog_index",
        "coleman_liau_index",
        "automated_readability_index",
        "dale_chall_readability_score",
        "linsear_write_formula",
        "gunning_fog",
    )
    for name in names:
        if name is None:
            score = v["flesch_reading_ease"]
            if 90 <= score < 100:
                grade.append(5)
            elif 80 <= score < 90:
                grade.append(6)
            elif 70 <= score < 80:
                grade.append(7)
            elif 60 <= score < 70:
                grade += [8, 9]
            elif 50 <= score < 60:
                grade.append(10)
            elif 40 <= score < 50:
                grade.append(11)
            elif 30 <= score < 40:
                grade.append(12)
            else:
                grade.append(13)
            continue
        score = v[name]
        grade += [math.floor(score), math.ceil(score), round(score)]
    return float(Counter(grade).most_common(1)[0][0])


def _check_measures(measures: str | Iterable[str] | None) -> tuple[str, ...]:
    if measures is None:
        return MEASURES
    if isinstance(measures, str):
        measures = [measures]
    chosen: list[str] = []
    for name in measures:
        check_choice("measures", name, MEASURES)
        if name not in chosen:
            chosen.append(name)
    if not chosen:
        raise ValueError(
            format_message("`measures` is empty", fix=f"pass None for all, or some of {list(MEASURES)}")
        )
    return tuple(chosen)


def _require_columns(table: object, columns: Sequence[str], *, what: str) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(
            format_message(
                f"{what} must be a pandas DataFrame, got {type(table).__name__}",
                fix="build one with toolkit.load_corpus(...) or pandas.DataFrame(...)",
            )
        )
    for column in columns:
        if column not in table.columns:
            raise ValueError(
                format_message(
                    f"column {column!r} not found",
                    where=f"{what} (columns: {preview(map(str, table.columns), limit=20)})",
                    fix=f"rename the column that holds it to {column!r}, "
                    f"e.g. {what}.rename(columns={{'body': {column!r}}})",
                )
            )
    return table


def _texts(corpus: pd.DataFrame) -> list[str | None]:
    texts: list[str | None] = []
    for doc_id, text in zip(corpus["doc_id"], corpus["text"], strict=True):
        if isinstance(text, str):
            texts.append(text)
        elif text is None or (not isinstance(text, list | tuple) and pd.isna(text)):
            texts.append(None)
        else:
            raise TypeError(
                format_message(
                    f"text of document {doc_id!r} is a {type(text).__name__}, not a string",
                    where="column 'text'",
                    fix="convert it, e.g. corpus['text'].astype(str)",
                )
            )
    return texts


def readability(
    corpus: pd.DataFrame,
    *,
    measures: str | Iterable[str] | None = None,
    undefined: str = "nan",
    progress: bool = False,
) -> pd.DataFrame:
    """Score every document with textstat's readability measures, counting each text once.

    Each measure column equals the textstat 0.7.8 function of the same name applied to the
    document's text (``textstat.<name>(text)``, English, no rounding: 0.7.8 rounds nothing
    unless ``set_rounding_points`` is called, and this function ignores that setting), except
    where the measure is undefined for the text (see ``undefined``).

    Parameters
    ----------
    corpus : pandas.DataFrame
        One row per document with at least ``doc_id`` and ``text``; ``outlet`` and ``date`` are
        carried into the result when present. Not modified. A missing text (None/NaN) is
        scored as having no words.
    measures : str or iterable of str, optional
        Names from :data:`MEASURES`; default all, in that order.
    undefined : {"nan", "textstat"}
        What to return where a measure is undefined. ``"nan"`` (default): NaN, with the reason
        in the ``note`` column. ``"textstat"``: textstat's own value (its 0.0 placeholder where
        it would divide by zero, -1.0 for Linsear Write on a text without words, and its SMOG
        value for texts of under three sentences), so every column equals textstat exactly.
    progress : bool
        Show a tqdm progress bar over documents.

    Returns
    -------
    pandas.DataFrame
        One row per document, in corpus order:

        - ``doc_id``, then ``outlet`` and ``date`` if the corpus has them;
        - ``n_sentences`` = ``textstat.sentence_count`` (text fragments ending in ``.``,
          ``!`` or ``?``, ignoring fragments of two words or fewer; at least 1 unless the
          text is empty);
        - ``n_words`` = ``textstat.lexicon_count`` (whitespace tokens after punctuation is
          removed; contractions and hyphenated words count once);
        - ``n_syllables`` = ``textstat.syllable_count`` (CMUdict's first pronunciation,
          Pyphen for words it lacks);
        - ``n_polysyllables`` = ``textstat.polysyllabcount`` (words of 3+ syllables);
        - ``n_difficult_words`` = ``textstat.difficult_words`` (distinct, case-sensitive,
          words of 2+ syllables not in the Dale-Chall easy-word list);
        - one float column per measure, each equal to the textstat function of that name:
          ``flesch_reading_ease``, ``flesch_kincaid_grade``, ``gunning_fog``, ``smog_index``,
          ``coleman_liau_index``, ``automated_readability_index``,
          ``dale_chall_readability_score``, ``linsear_write_formula`` (first 100 words, as in
          textstat's default), ``dale_chall_readability_score_v2``, ``spache_readability``,
          ``lix``, ``rix``, ``mcalpine_eflaw``, ``text_standard`` (with
          ``float_output=True``: the consensus grade) and ``reading_time`` (seconds, at
          textstat's 14.69 ms per character);
        - ``note``: why a measure in the row is undefined, as ``"measure: reason"`` joined by
          ``"; "``; missing where all are defined.

    Notes
    -----
    Undefined measures (NaN by default):

    - a text with no words (empty, whitespace, punctuation only, or missing): every measure
      but ``reading_time``; reason ``"no words"``. textstat returns 0.0 placeholders here
      (and -1.0 for Linsear Write);
    - a text whose words have no syllables (e.g. "Shh."): Flesch Reading Ease and
      Flesch-Kincaid Grade; reason ``"no syllables"`` (textstat returns 0.0);
    - any other textstat zero-division guard: reason ``"division by zero"``;
    - SMOG with fewer than three sentences: reason ``"fewer than 3 sentences"`` (SMOG is
      normed on 30-sentence samples; textstat computes it anyway).

    ``text_standard`` is computed from textstat's own values of the eight grade measures
    (placeholders included), exactly as textstat does, so it is defined whenever the text has
    words. Counts are never NaN.

    Example
    -------
    >>> import pandas as pd
    >>> import toolkit
    >>> corpus = pd.DataFrame({"doc_id": ["a"], "text": ["The cat sat on the mat."]})
    >>> row = toolkit.readability(corpus, measures=["flesch_reading_ease"]).iloc[0]
    >>> int(row["n_words"]), int(row["n_syllables"]), float(row["flesch_reading_ease"])
    (6, 6, 116.14500000000001)
    """
    _require_columns(corpus, ("doc_id", "text"), what="corpus")
    chosen = _check_measures(measures)
    check_choice("undefined", undefined, ("nan", "textstat"))
    texts = _texts(corpus)

    from tqdm.auto import tqdm

    scorer = _Scorer()
    rows_counts: list[dict[str, int]] = []
    rows_values: list[list[float]] = []
    notes: list[str | None] = []
    for text in tqdm(texts, total=len(texts), desc="readability", unit="doc", disable=not progress):
        counts, values, why = scorer.score(text if text is not None else "")
        reasons = {name: reason for name, reason in why if name in chosen}
        if text is None:
            reasons = {name: "text is missing" for name in reasons}
        row = []
        for name in chosen:
            value = values[name]
            if undefined == "nan" and (name in reasons or (text is None and name == "reading_time")):
                value = math.nan
            row.append(value)
        if text is None and "reading_time" in chosen:
            reasons["reading_time"] = "text is missing"
        rows_counts.append(counts)
        rows_values.append(row)
        notes.append(_format_note(reasons) if reasons else None)

    result = pd.DataFrame(
        {column: corpus[column].to_numpy() for column in _CARRIED if column in corpus.columns}
    )
    if result.empty and len(result.columns) == 0:
        result = pd.DataFrame(index=pd.RangeIndex(len(texts)))
    for column in _COUNTS:
        result[column] = np.array([c[column] for c in rows_counts], dtype=np.int64)
    values = np.array(rows_values, dtype=np.float64).reshape(len(texts), len(chosen))
    for j, name in enumerate(chosen):
        result[name] = values[:, j]
    result[_NOTE] = pd.Series(notes, dtype="object")
    return result


def _format_note(reasons: dict[str, str]) -> str:
    """``"a, b: no words; c: fewer than 3 sentences"``: measures grouped by reason."""
    by_reason: dict[str, list[str]] = {}
    for name, reason in reasons.items():
        by_reason.setdefault(reason, []).append(name)
    return "; ".join(f"{', '.join(names)}: {reason}" for reason, names in by_reason.items())


def _bootstrap_ci(
    values: np.ndarray, *, rng: np.random.Generator, n_boot: int, level: float
) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean."""
    n = len(values)
    if n < 2 or n_boot == 0:
        return math.nan, math.nan
    means = np.empty(n_boot)
    step = max(1, _BOOT_CHUNK // n)
    for start in range(0, n_boot, step):
        stop = min(n_boot, start + step)
        means[start:stop] = values[rng.integers(0, n, size=(stop - start, n))].mean(axis=1)
    alpha = (1 - level) / 2
    low, high = np.quantile(means, [alpha, 1 - alpha])
    return float(low), float(high)


def readability_by(
    corpus: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = "outlet",
    measures: str | Iterable[str] | None = None,
    n_boot: int = 1000,
    ci: float = 0.95,
    random_state: int | np.random.Generator | None = None,
    progress: bool = False,
) -> pd.DataFrame:
    """Summarise readability per group: mean, median, spread and a bootstrap interval.

    Parameters
    ----------
    corpus : pandas.DataFrame
        Either a corpus (``doc_id``, ``text``, the ``by`` columns), which is scored with
        :func:`readability` first, or a table of scores that :func:`readability` returned
        (recognised by having measure columns), with the ``by`` columns. Not modified.
    by : str, sequence of str or None
        Grouping column(s); None summarises all documents together. Documents whose group
        value is missing form their own group.
    measures : str or iterable of str, optional
        Measures to summarise; default all of :data:`MEASURES` (for a corpus) or all measure
        columns present (for scores).
    n_boot : int
        Bootstrap resamples per group and measure; 0 skips the interval (NaN).
    ci : float
        Coverage of the interval, between 0 and 1.
    random_state : int, numpy.random.Generator or None
        Seed for the bootstrap; the same seed and input give the same intervals.
    progress : bool
        Show a progress bar while scoring a corpus.

    Returns
    -------
    pandas.DataFrame
        Tidy, one row per (group, measure), groups sorted, measures in :data:`MEASURES`
        order: the ``by`` columns, ``measure``, ``mean``, ``median``, ``std`` (sample
        standard deviation, ddof=1), ``count`` (documents where the measure is defined; NaN
        values are left out of every statistic), ``ci_low``, ``ci_high`` (percentile
        bootstrap interval of the mean; NaN when ``count`` < 2).

    Example
    -------
    >>> import toolkit
    >>> scores = toolkit.readability(toolkit.demo_corpus())
    >>> table = toolkit.readability_by(scores, by="outlet", random_state=0)
    >>> wide = table.pivot(index="outlet", columns="measure", values="mean")
    """
    by_cols: list[str] = [] if by is None else [by] if isinstance(by, str) else list(by)
    if not isinstance(n_boot, int | np.integer) or isinstance(n_boot, bool) or n_boot < 0:
        raise ValueError(format_message(f"`n_boot` must be a non-negative integer, got {n_boot!r}"))
    if not 0 < ci < 1:
        raise ValueError(format_message(f"`ci` must be between 0 and 1, got {ci!r}", fix="e.g. 0.95"))

    present = [m for m in MEASURES if isinstance(corpus, pd.DataFrame) and m in corpus.columns]
    if present:
        _require_columns(corpus, by_cols, what="scores")
        chosen = _check_measures(measures) if measures is not None else tuple(present)
        missing = [m for m in chosen if m not in corpus.columns]
        if missing:
            raise ValueError(
                format_message(
                    f"measure column(s) {missing} not found",
                    where="scores",
                    fix="score them with toolkit.readability(corpus, measures=...) first",
                )
            )
        scores = corpus[by_cols + list(chosen)]
    else:
        _require_columns(corpus, ["doc_id", "text", *by_cols], what="corpus")
        chosen = _check_measures(measures)
        scored = readability(corpus, measures=chosen, progress=progress)
        scores = pd.DataFrame({c: corpus[c].to_numpy() for c in by_cols})
        for name in chosen:
            scores[name] = scored[name].to_numpy()

    rng = np.random.default_rng(random_state)
    rows: list[dict[str, object]] = []
    if by_cols:
        groups = scores.groupby(by_cols, sort=True, dropna=False, observed=True)
    else:
        groups = [((), scores)]
    for key, frame in groups:
        key = key if isinstance(key, tuple) else (key,)
        for name in chosen:
            values = frame[name].to_numpy(dtype=np.float64, na_value=np.nan)
            values = values[~np.isnan(values)]
            n = len(values)
            low, high = _bootstrap_ci(values, rng=rng, n_boot=n_boot, level=ci)
            rows.append(
                {
                    **dict(zip(by_cols, key, strict=True)),
                    "measure": name,
                    "mean": float(values.mean()) if n else math.nan,
                    "median": float(np.median(values)) if n else math.nan,
                    "std": float(values.std(ddof=1)) if n > 1 else math.nan,
                    "count": n,
                    "ci_low": low,
                    "ci_high": high,
                }
            )
    table = pd.DataFrame(rows, columns=[*by_cols, *_SUMMARY])
    return table.astype({"count": np.int64})
