"""Tokenization: the one place where the rules for words, sentences and n-grams live.

``toolkit/_scan.c`` (the compiled kernel of :func:`toolkit.analyze`) implements the word-token and
adjacency rules below a second time, in C, for speed; this module is their definition, and
``tests/test_scan.py`` checks the C code against it.

Rules
-----
Word tokens are found by these rules, tried in this order at each position:

1. URLs (``https://…``, ``www.…``) and e-mail addresses are single tokens, so they do not
   break into junk words such as ``www`` or ``com``.
2. Dotted abbreviations of single letters (``U.S.``, ``e.g.``) are single tokens with their
   dots (``u.s.``).
3. Numbers with internal separators (``26,000``, ``97.6``, ``3:15``) are single tokens.
4. Words are runs of Unicode letters and digits (Latin, Cyrillic, Greek, ...), with the
   combining marks that follow them (Unicode category M: the accent of a decomposed ``e\\u0301``,
   Devanagari vowel signs and viramas, Arabic vowel marks), joined by internal apostrophes or
   hyphens: ``well-known``, ``don't``, ``Russia’s``, ``so-called``, ``हिन्दी``.

Everything else (punctuation, quotes, ellipses, dashes, symbols, the underscore) separates tokens
and is not itself a token.

Invisible characters -- the soft hyphen (U+00AD), zero-width space, non-joiner and joiner
(U+200B, U+200C, U+200D), word joiner (U+2060) and byte order mark (U+FEFF) -- are ignored, as if
they were not there: ``Ky\\u00adiv`` is the one token ``kyiv``. Offsets (:func:`token_spans`)
still point into the text as given: the span of that token covers all five characters, and a
token's span never begins or ends with an invisible character.

Normalisation: curly and modifier apostrophes (’ ‘ ʼ) become the straight ``'`` and Unicode
hyphens (‐ ‑) become ``-``, so ``Russia’s`` and ``Russia's`` are the same token. With
``lowercase=True`` (the default) tokens are lower-cased.

Possessives stay attached: ``Russia’s`` is one token ``russia's``, distinct from ``russia``
(quanteda and AntConc's default behaviour). Count ``russia*`` with a glob where both are wanted.

Scripts: text that separates words with spaces is tokenized as described, whatever its
script: Latin, Cyrillic, Greek, Armenian, Georgian, Hebrew, Arabic, Hangul, Devanagari and the
other Indic scripts. Decomposed (NFD) and composed (NFC) spellings give different tokens
(``cafe\\u0301`` is not ``caf\\u00e9``): normalise a corpus with
``unicodedata.normalize("NFC", text)`` before comparing it with NFC word lists. Scripts written
without spaces between words are not segmented: Han (Chinese, Japanese kanji), Japanese kana,
Thai, Lao, Khmer and Myanmar. A run of their letters up to the next space or punctuation is one
token, so token counts, term frequencies and lexicon hits mean little for such text;
:func:`toolkit.readability` gives NaN with a note for a text whose letters are at least 10 % in
these scripts, and :func:`toolkit.validate_corpus` warns, naming the rows.

Adjacency: two neighbouring tokens are *joined* when only whitespace (line breaks included, a blank
line excluded), quotation marks and invisible characters stand between them. Multi-word phrases,
n-grams and lexicon entries only match across joined tokens, so ``"Kiev\\nregime"`` and
``Kiev “regime”`` are the phrase ``kiev regime`` while ``Kiev. Regime`` and ``Kiev, regime`` are
not.

Sentences end at ``.``, ``!``, ``?`` or ``…`` (with any closing quotes or brackets) followed by
whitespace and an upper-case letter, digit or opening quote, and at every blank line. A period
after a known abbreviation (``Mr.``, ``Dr.``, ``Jan.``, ``Gen.``, ...), after a single initial or
inside a dotted abbreviation (``U.S.``) does not end a sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from itertools import accumulate
from typing import NamedTuple

__all__ = [
    "tokenize",
    "token_spans",
    "sentences",
    "sentence_spans",
    "ngrams",
    "is_joined",
    "normalize",
    "load_stopwords",
    "STOPWORD_LISTS",
    "ABBREVIATIONS",
]

_URL = r"""(?i:https?://|www\.)[^\s<>"“”]*[^\s<>"“”.,;:!?)\]'’]"""  # WWW.X.ORG too
# The e-mail rule as it reads: "[^\W_][\w.+-]*@[^\W_][\w-]*(?:\.[\w-]+)+". As one alternative of
# the token regex it is quadratic (tried at every token of a long "ab.cd.ef..." run, it scans to
# the run's end each time), so it is not written into the regex; see _email_spans.
_ABBREVIATION = r"(?:[^\W\d_]\.){2,}"  # U.S., e.g.
_NUMBER = r"\d+(?:[.,:/]\d+)+"  # 26,000  97.6  3:15

# Unicode's combining marks (general category M, Unicode 14.0 as in Python 3.11's unicodedata):
# accents of decomposed (NFD) letters, Devanagari vowel signs and viramas, Arabic vowel marks...
# tests/test_tokens.py checks this table against unicodedata code point by code point, and
# toolkit/_scan.c holds the same table.
_MARK_RANGES = (
    (0x0300, 0x036F), (0x0483, 0x0489), (0x0591, 0x05BD), (0x05BF, 0x05BF), (0x05C1, 0x05C2),
    (0x05C4, 0x05C5), (0x05C7, 0x05C7), (0x0610, 0x061A), (0x064B, 0x065F), (0x0670, 0x0670),
    (0x06D6, 0x06DC), (0x06DF, 0x06E4), (0x06E7, 0x06E8), (0x06EA, 0x06ED), (0x0711, 0x0711),
    (0x0730, 0x074A), (0x07A6, 0x07B0), (0x07EB, 0x07F3), (0x07FD, 0x07FD), (0x0816, 0x0819),
    (0x081B, 0x0823), (0x0825, 0x0827), (0x0829, 0x082D), (0x0859, 0x085B), (0x0898, 0x089F),
    (0x08CA, 0x08E1), (0x08E3, 0x0903), (0x093A, 0x093C), (0x093E, 0x094F), (0x0951, 0x0957),
    (0x0962, 0x0963), (0x0981, 0x0983), (0x09BC, 0x09BC), (0x09BE, 0x09C4), (0x09C7, 0x09C8),
    (0x09CB, 0x09CD), (0x09D7, 0x09D7), (0x09E2, 0x09E3), (0x09FE, 0x09FE), (0x0A01, 0x0A03),
    (0x0A3C, 0x0A3C), (0x0A3E, 0x0A42), (0x0A47, 0x0A48), (0x0A4B, 0x0A4D), (0x0A51, 0x0A51),
    (0x0A70, 0x0A71), (0x0A75, 0x0A75), (0x0A81, 0x0A83), (0x0ABC, 0x0ABC), (0x0ABE, 0x0AC5),
    (0x0AC7, 0x0AC9), (0x0ACB, 0x0ACD), (0x0AE2, 0x0AE3), (0x0AFA, 0x0AFF), (0x0B01, 0x0B03),
    (0x0B3C, 0x0B3C), (0x0B3E, 0x0B44), (0x0B47, 0x0B48), (0x0B4B, 0x0B4D), (0x0B55, 0x0B57),
    (0x0B62, 0x0B63), (0x0B82, 0x0B82), (0x0BBE, 0x0BC2), (0x0BC6, 0x0BC8), (0x0BCA, 0x0BCD),
    (0x0BD7, 0x0BD7), (0x0C00, 0x0C04), (0x0C3C, 0x0C3C), (0x0C3E, 0x0C44), (0x0C46, 0x0C48),
    (0x0C4A, 0x0C4D), (0x0C55, 0x0C56), (0x0C62, 0x0C63), (0x0C81, 0x0C83), (0x0CBC, 0x0CBC),
    (0x0CBE, 0x0CC4), (0x0CC6, 0x0CC8), (0x0CCA, 0x0CCD), (0x0CD5, 0x0CD6), (0x0CE2, 0x0CE3),
    (0x0D00, 0x0D03), (0x0D3B, 0x0D3C), (0x0D3E, 0x0D44), (0x0D46, 0x0D48), (0x0D4A, 0x0D4D),
    (0x0D57, 0x0D57), (0x0D62, 0x0D63), (0x0D81, 0x0D83), (0x0DCA, 0x0DCA), (0x0DCF, 0x0DD4),
    (0x0DD6, 0x0DD6), (0x0DD8, 0x0DDF), (0x0DF2, 0x0DF3), (0x0E31, 0x0E31), (0x0E34, 0x0E3A),
    (0x0E47, 0x0E4E), (0x0EB1, 0x0EB1), (0x0EB4, 0x0EBC), (0x0EC8, 0x0ECD), (0x0F18, 0x0F19),
    (0x0F35, 0x0F35), (0x0F37, 0x0F37), (0x0F39, 0x0F39), (0x0F3E, 0x0F3F), (0x0F71, 0x0F84),
    (0x0F86, 0x0F87), (0x0F8D, 0x0F97), (0x0F99, 0x0FBC), (0x0FC6, 0x0FC6), (0x102B, 0x103E),
    (0x1056, 0x1059), (0x105E, 0x1060), (0x1062, 0x1064), (0x1067, 0x106D), (0x1071, 0x1074),
    (0x1082, 0x108D), (0x108F, 0x108F), (0x109A, 0x109D), (0x135D, 0x135F), (0x1712, 0x1715),
    (0x1732, 0x1734), (0x1752, 0x1753), (0x1772, 0x1773), (0x17B4, 0x17D3), (0x17DD, 0x17DD),
    (0x180B, 0x180D), (0x180F, 0x180F), (0x1885, 0x1886), (0x18A9, 0x18A9), (0x1920, 0x192B),
    (0x1930, 0x193B), (0x1A17, 0x1A1B), (0x1A55, 0x1A5E), (0x1A60, 0x1A7C), (0x1A7F, 0x1A7F),
    (0x1AB0, 0x1ACE), (0x1B00, 0x1B04), (0x1B34, 0x1B44), (0x1B6B, 0x1B73), (0x1B80, 0x1B82),
    (0x1BA1, 0x1BAD), (0x1BE6, 0x1BF3), (0x1C24, 0x1C37), (0x1CD0, 0x1CD2), (0x1CD4, 0x1CE8),
    (0x1CED, 0x1CED), (0x1CF4, 0x1CF4), (0x1CF7, 0x1CF9), (0x1DC0, 0x1DFF), (0x20D0, 0x20F0),
    (0x2CEF, 0x2CF1), (0x2D7F, 0x2D7F), (0x2DE0, 0x2DFF), (0x302A, 0x302F), (0x3099, 0x309A),
    (0xA66F, 0xA672), (0xA674, 0xA67D), (0xA69E, 0xA69F), (0xA6F0, 0xA6F1), (0xA802, 0xA802),
    (0xA806, 0xA806), (0xA80B, 0xA80B), (0xA823, 0xA827), (0xA82C, 0xA82C), (0xA880, 0xA881),
    (0xA8B4, 0xA8C5), (0xA8E0, 0xA8F1), (0xA8FF, 0xA8FF), (0xA926, 0xA92D), (0xA947, 0xA953),
    (0xA980, 0xA983), (0xA9B3, 0xA9C0), (0xA9E5, 0xA9E5), (0xAA29, 0xAA36), (0xAA43, 0xAA43),
    (0xAA4C, 0xAA4D), (0xAA7B, 0xAA7D), (0xAAB0, 0xAAB0), (0xAAB2, 0xAAB4), (0xAAB7, 0xAAB8),
    (0xAABE, 0xAABF), (0xAAC1, 0xAAC1), (0xAAEB, 0xAAEF), (0xAAF5, 0xAAF6), (0xABE3, 0xABEA),
    (0xABEC, 0xABED), (0xFB1E, 0xFB1E), (0xFE00, 0xFE0F), (0xFE20, 0xFE2F), (0x101FD, 0x101FD),
    (0x102E0, 0x102E0), (0x10376, 0x1037A), (0x10A01, 0x10A03), (0x10A05, 0x10A06),
    (0x10A0C, 0x10A0F), (0x10A38, 0x10A3A), (0x10A3F, 0x10A3F), (0x10AE5, 0x10AE6),
    (0x10D24, 0x10D27), (0x10EAB, 0x10EAC), (0x10F46, 0x10F50), (0x10F82, 0x10F85),
    (0x11000, 0x11002), (0x11038, 0x11046), (0x11070, 0x11070), (0x11073, 0x11074),
    (0x1107F, 0x11082), (0x110B0, 0x110BA), (0x110C2, 0x110C2), (0x11100, 0x11102),
    (0x11127, 0x11134), (0x11145, 0x11146), (0x11173, 0x11173), (0x11180, 0x11182),
    (0x111B3, 0x111C0), (0x111C9, 0x111CC), (0x111CE, 0x111CF), (0x1122C, 0x11237),
    (0x1123E, 0x1123E), (0x112DF, 0x112EA), (0x11300, 0x11303), (0x1133B, 0x1133C),
    (0x1133E, 0x11344), (0x11347, 0x11348), (0x1134B, 0x1134D), (0x11357, 0x11357),
    (0x11362, 0x11363), (0x11366, 0x1136C), (0x11370, 0x11374), (0x11435, 0x11446),
    (0x1145E, 0x1145E), (0x114B0, 0x114C3), (0x115AF, 0x115B5), (0x115B8, 0x115C0),
    (0x115DC, 0x115DD), (0x11630, 0x11640), (0x116AB, 0x116B7), (0x1171D, 0x1172B),
    (0x1182C, 0x1183A), (0x11930, 0x11935), (0x11937, 0x11938), (0x1193B, 0x1193E),
    (0x11940, 0x11940), (0x11942, 0x11943), (0x119D1, 0x119D7), (0x119DA, 0x119E0),
    (0x119E4, 0x119E4), (0x11A01, 0x11A0A), (0x11A33, 0x11A39), (0x11A3B, 0x11A3E),
    (0x11A47, 0x11A47), (0x11A51, 0x11A5B), (0x11A8A, 0x11A99), (0x11C2F, 0x11C36),
    (0x11C38, 0x11C3F), (0x11C92, 0x11CA7), (0x11CA9, 0x11CB6), (0x11D31, 0x11D36),
    (0x11D3A, 0x11D3A), (0x11D3C, 0x11D3D), (0x11D3F, 0x11D45), (0x11D47, 0x11D47),
    (0x11D8A, 0x11D8E), (0x11D90, 0x11D91), (0x11D93, 0x11D97), (0x11EF3, 0x11EF6),
    (0x16AF0, 0x16AF4), (0x16B30, 0x16B36), (0x16F4F, 0x16F4F), (0x16F51, 0x16F87),
    (0x16F8F, 0x16F92), (0x16FE4, 0x16FE4), (0x16FF0, 0x16FF1), (0x1BC9D, 0x1BC9E),
    (0x1CF00, 0x1CF2D), (0x1CF30, 0x1CF46), (0x1D165, 0x1D169), (0x1D16D, 0x1D172),
    (0x1D17B, 0x1D182), (0x1D185, 0x1D18B), (0x1D1AA, 0x1D1AD), (0x1D242, 0x1D244),
    (0x1DA00, 0x1DA36), (0x1DA3B, 0x1DA6C), (0x1DA75, 0x1DA75), (0x1DA84, 0x1DA84),
    (0x1DA9B, 0x1DA9F), (0x1DAA1, 0x1DAAF), (0x1E000, 0x1E006), (0x1E008, 0x1E018),
    (0x1E01B, 0x1E021), (0x1E023, 0x1E024), (0x1E026, 0x1E02A), (0x1E130, 0x1E136),
    (0x1E2AE, 0x1E2AE), (0x1E2EC, 0x1E2EF), (0x1E8D0, 0x1E8D6), (0x1E944, 0x1E94A),
    (0xE0100, 0xE01EF),
)
# The marks of the Basic Multilingual Plane and those beyond it in two classes: re matches a
# class of BMP characters with one table lookup, while each range beyond the BMP is a test of
# its own (110 of them), which a lookahead lets only such characters pay for.
_MARK_BMP = "[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in _MARK_RANGES if b <= 0xFFFF) + "]"
_MARK_ASTRAL = "[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in _MARK_RANGES if a > 0xFFFF) + "]"
_ASTRAL = "[\U00010000-\U0010FFFF]"
_MARK = f"(?:{_MARK_BMP}|(?={_ASTRAL}){_MARK_ASTRAL})"
# letters and digits, with the combining marks that follow them
_BODY = rf"[^\W_]*+(?:{_MARK}++[^\W_]*+)*+"
_WORD = rf"[^\W_]{_BODY}(?:['\-][^\W_]{_BODY})*"  # after normalisation of apostrophes, hyphens
# _ABBREVIATION|_NUMBER|_WORD with the first character factored out, so that the regex engine
# skips non-word characters in C instead of trying three alternatives at each of them. A letter
# may start an abbreviation and a digit a number (the lookbehinds test which it was); else the
# word rule applies: the same alternatives in the same order, so the same matches. Possessive
# quantifiers only drop backtracking that could never lead to a different match. Every
# alternative either fails within a few characters or consumes what it scanned, so the work is
# linear in the length of the text.
_LETTER = r"[^\W\d_]"


def _plain(body: str) -> str:
    return (
        r"[^\W_](?:"
        rf"(?<={_LETTER})\.(?:{_LETTER}\.)+"  # abbreviation
        r"|(?<=\d)\d*+(?:[.,:/]\d++)++"  # number
        rf"|{body}(?:['\-][^\W_]{body})*+)"  # word
    )


_PLAIN = _plain(_BODY)


class _Rules(NamedTuple):
    """The compiled token patterns, for texts with combining marks or without."""

    plain: re.Pattern[str]  # the plain rules: abbreviations, numbers, words
    token: re.Pattern[str]  # URLs and the plain rules
    split_plain: re.Pattern[str]  # the same two captured, for re.split: one call gives the
    split_token: re.Pattern[str]  # text between tokens and the tokens alternately, hence offsets
    url_or_plain: re.Pattern[str]  # token, its URL alternative captured (the e-mail loop)


def _compile(plain: str) -> _Rules:
    # A URL alternative that fails leaves only characters that no URL can end on before the
    # next space, and one that matches consumes its scan: linear too.
    return _Rules(re.compile(plain), re.compile(f"{_URL}|{plain}"), re.compile(f"({plain})"),
                  re.compile(f"({_URL}|{plain})"), re.compile(f"({_URL})|{plain}"))


_RULES = _compile(_PLAIN)
# The same without the (never matching) combining-mark group, for texts without combining marks:
# a third faster on English news.
_UNMARKED_RULES = _compile(_plain(r"[^\W_]*+"))
# a combining mark, or a character beyond the BMP that may be one (emoji are not): one lookup each
_MAY_BE_MARK_RE = re.compile(f"{_MARK_BMP[:-1]}{_ASTRAL[1:]}")
_PLAIN_TOKEN_RE = _RULES.plain
_TOKEN_RE = _RULES.token


def _rules_for(text: str) -> _Rules:
    if text.isascii() or _MAY_BE_MARK_RE.search(text) is None:
        return _UNMARKED_RULES
    return _RULES


# Where the e-mail rule above matches at a position p, [\w.+-]* runs from p to the end of the
# maximal run of [\w.+-] characters around p, which must be followed by "@" and a domain
# ("@" is not in the run's class, so no backtracking helps). So it matches at p exactly when the
# run holding p is an "e-mail run": this regex, anchored at run starts by its lookbehind, finds
# those runs in one linear pass (each run is scanned once, from its start).
# The domain is looked ahead at, not consumed: it may hold the start of the next run.
_EMAIL_RUN_RE = re.compile(r"(?<![\w.+-])[\w.+-]++@(?=([^\W_][\w-]*+(?:\.[\w-]++)++))?")
_NON_SPACE_RE = re.compile(r"\S*")

_REPLACEMENTS = (("’", "'"), ("‘", "'"), ("ʼ", "'"), ("‐", "-"), ("‑", "-"))

# Characters that are invisible in print and that the tokenizer ignores, as if they were not
# there: soft hyphen, zero-width space, zero-width non-joiner and joiner, word joiner, and the
# byte order mark (zero-width no-break space). Offsets still point into the text as given.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
_DROP_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE))


def _normalize_text(text: str) -> str:
    """Replace curly apostrophes and Unicode hyphens one for one (offsets are unchanged)."""
    for old, new in _REPLACEMENTS:
        if old in text:
            text = text.replace(old, new)
    return text


def _has_invisible(text: str) -> bool:
    return any(c in text for c in _INVISIBLE)


def _visible(text: str) -> tuple[str, list[int]]:
    """``text`` without its invisible characters, and where they were cut out.

    ``cuts`` has one entry per removed character: the number of characters kept before it.
    A position ``p`` of the visible text is ``p + bisect_right(cuts, p)`` in ``text``.
    """
    cuts = [match.start() - k for k, match in enumerate(_INVISIBLE_RE.finditer(text))]
    return text.translate(_DROP_INVISIBLE), cuts


_WWW_RE = re.compile(r"(?i:www\.)")


def _may_hold_url(text: str, *, lowered: bool = False) -> bool:
    """Whether ``text`` may hold a URL or an e-mail address (``lowered``: it is lower-case):
    if not, the plain rules alone give its tokens -- trying the URL alternative at every word
    costs a third of the tokenizer's time."""
    if "@" in text or "://" in text or "www." in text:
        return True
    # "WWW.X.ORG", not lowered: any spelling but "www." has an upper-case W
    return bool(not lowered and ("W." in text or ("w." in text and "W" in text))
                and _WWW_RE.search(text))


def _email_runs(text: str) -> list[tuple[int, int, int]]:
    """``(run start, position of "@", end of the address)`` of the e-mail runs of ``text``."""
    if "@" not in text:
        return []
    return [(match.start(), match.end() - 1, match.end(1))
            for match in _EMAIL_RUN_RE.finditer(text) if match.start(1) >= 0]


def _split_spans(pattern: re.Pattern[str], text: str, offset: int) -> list[tuple[int, int]]:
    """``(start, end)`` of the matches of the captured ``pattern`` in ``text``, plus ``offset``."""
    parts = pattern.split(text)
    bounds = list(accumulate(map(len, parts), initial=offset))
    return list(zip(bounds[1:-1:2], bounds[2::2], strict=True))


def _email_spans(text: str, runs: list[tuple[int, int, int]], rules: _Rules
                 ) -> list[tuple[int, int]]:
    """Token offsets of a text with e-mail runs, as the one regex with the e-mail rule gives.

    That regex matches at the first letter or digit ``p`` at or after the end of the previous
    token; there the URL alternative wins if it matches, then the e-mail rule if ``p`` lies in
    an e-mail run, else the plain rules. No token holds whitespace, so the text between e-mail
    runs is split by the regex without the e-mail rule, and only the whitespace-delimited
    stretches around e-mail runs are walked token by token. Linear: each stretch is walked once.
    """
    spans: list[tuple[int, int]] = []
    position = 0  # all tokens before it are found
    k = 0
    while k < len(runs):
        run_start = runs[k][0]
        stretch = run_start
        while stretch > position and not text[stretch - 1].isspace():
            stretch -= 1
        stretch_end = _NON_SPACE_RE.match(text, runs[k][2]).end()
        spans += _split_spans(rules.split_token, text[position:stretch], position)
        position = stretch
        while True:
            match = rules.url_or_plain.search(text, position, stretch_end)
            if match is None:
                break
            start, end = match.span()
            while k < len(runs) and runs[k][1] < start:
                k += 1
            if k < len(runs) and runs[k][0] <= start and match.start(1) < 0:
                end = runs[k][2]
            spans.append((start, end))
            position = end
        position = stretch_end
        while k < len(runs) and runs[k][0] < position:
            k += 1
    spans += _split_spans(rules.split_token, text[position:], position)
    return spans


# Scripts written without spaces between words. The tokenizer does not segment them: a run of
# their letters is one token, so word counts, term frequencies and readability mean nothing for
# text in them (see the module docstring).
_UNSEGMENTED_SCRIPTS = (
    ("Han", ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x323AF))),
    ("Japanese kana", ((0x3040, 0x309F), (0x30A0, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9F))),
    ("Thai", ((0x0E00, 0x0E7F),)),
    ("Lao", ((0x0E80, 0x0EFF),)),
    ("Khmer", ((0x1780, 0x17FF), (0x19E0, 0x19FF))),
    ("Myanmar", ((0x1000, 0x109F), (0xA9E0, 0xA9FF), (0xAA60, 0xAA7F))),
)
# A text is "in" such scripts when their letters are at least this share of its letters: a
# Chinese name quoted in an English article does not make it unreadable.
_UNSEGMENTED_SHARE = 0.1
_SCRIPT_RES = tuple(
    (name, re.compile("(?=[^\\W\\d_])[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in ranges) + "]"))
    for name, ranges in _UNSEGMENTED_SCRIPTS
)
# a character of one of these blocks (one class: one table lookup per character)
_ANY_UNSEGMENTED_RE = re.compile(
    "[" + "".join(f"{chr(a)}-{chr(b)}" for _, ranges in _UNSEGMENTED_SCRIPTS for a, b in ranges)
    + "]")
_LETTER_RE = re.compile(_LETTER)


def _in_cp1252(text: str) -> bool:
    """Whether every character of ``text`` is in Windows-1252 (Latin letters, curly quotes,
    dashes, the euro sign...), none of which belongs to a script without spaces: one pass of
    the codec in C, about twice as fast as searching the text with a character class."""
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def _unsegmented_scripts(text: str) -> tuple[str, ...]:
    """The scripts without spaces between words that ``text`` is written in (most letters
    first), or ``()`` when their letters are under ``_UNSEGMENTED_SHARE`` of its letters."""
    if text.isascii() or _in_cp1252(text) or _ANY_UNSEGMENTED_RE.search(text) is None:
        return ()
    counts = [(len(pattern.findall(text)), name) for name, pattern in _SCRIPT_RES]
    found = sum(count for count, _ in counts)
    if found < _UNSEGMENTED_SHARE * len(_LETTER_RE.findall(text)):
        return ()
    return tuple(name for count, name in sorted(counts, key=lambda c: -c[0]) if count)


# characters that may stand between two tokens without separating them
_JOINING_GAP_RE = re.compile(rf"""[\s"'“”‘’«»„‟‹›{_INVISIBLE}]*""")
_PARAGRAPH_RE = re.compile(r"\n[^\S\n]*\n")

ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st mt ft gen col lt maj capt cpt sgt cmdr adm gov sen rep pres
    rev hon amb gen supt insp dept univ assn corp inc ltd co bros no nos vol vols p pp fig
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    approx est vs etc al ca cf ie eg
    """.split()
)

# abbreviations that are also everyday words: "No." only before a number ("No. 5", not "the
# answer was no."); weekday and month forms only when capitalised ("Sat.", not "he sat.")
_NUMBER_ABBREVIATIONS = frozenset({"no", "nos"})
_CAPITALISED_ABBREVIATIONS = frozenset({"sat", "sun", "wed", "mar"})

# Tried only where a run of end marks starts (the lookbehind): had the run failed there, it
# would fail at each later mark of the run too, each time after scanning the run (quadratic).
_SENTENCE_END_RE = re.compile(
    r"""(?<![.!?…])[.!?…]++["'”’»)\]]*+(?=\s++["'“‘«(\[]?[^\W_a-z])""",
    re.VERBOSE,
)
_WORD_BEFORE_RE = re.compile(r"([^\W_]+(?:\.[^\W_]+)*)\.*$")
_DOTTED_LETTERS_RE = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")


def normalize(token: str, *, lowercase: bool = True) -> str:
    """Normalise apostrophes and hyphens (and case) the way :func:`tokenize` does, and drop the
    invisible characters it ignores (soft hyphens, zero-width spaces and joiners, ...).

    Example
    -------
    >>> normalize("Russia’s")
    "russia's"
    >>> normalize("Ky\\u00adiv")
    'kyiv'
    """
    if _has_invisible(token):
        token = token.translate(_DROP_INVISIBLE)
    token = _normalize_text(token)
    return token.lower() if lowercase else token


def tokenize(text: str, *, lowercase: bool = True) -> list[str]:
    """Split ``text`` into word tokens (see the module docstring for the rules).

    Parameters
    ----------
    text : str
        Any text.
    lowercase : bool, default True
        Lower-case the tokens.

    Returns
    -------
    list of str
        The word tokens in order; punctuation is dropped.

    Example
    -------
    >>> tokenize("The so-called “referendum” in Russia’s U.S.-style... (see www.x.org)")
    ['the', 'so-called', 'referendum', 'in', "russia's", 'u.s.', 'style', 'see', 'www.x.org']
    """
    if not text:
        return []
    if _has_invisible(text):
        text = text.translate(_DROP_INVISIBLE)
    text = _normalize_text(text)
    if lowercase:
        lowered = text.lower()
        if len(lowered) == len(text):  # lower-casing first is faster and, here, equivalent
            return _find_tokens(lowered, lowered=True)
        return [t.lower() for t in _find_tokens(text)]
    return _find_tokens(text)


def _find_tokens(text: str, *, lowered: bool = False) -> list[str]:
    """The tokens of a visible, normalised text."""
    rules = _rules_for(text)
    if not _may_hold_url(text, lowered=lowered):
        return rules.plain.findall(text)
    runs = _email_runs(text)
    if runs:
        return [text[start:end] for start, end in _email_spans(text, runs, rules)]
    return rules.token.findall(text)


def token_spans(text: str, *, lowercase: bool = True) -> list[tuple[str, int, int]]:
    """Tokens with their character offsets into the original ``text``.

    Returns
    -------
    list of (token, start, end)
        ``text[start:end]`` is the token as written (before normalisation).

    Example
    -------
    >>> token_spans("Kiev’s regime")
    [("kiev's", 0, 6), ('regime', 7, 13)]
    """
    return _tokens_and_spans(text, lowercase=lowercase)[1]


def _tokens_and_spans(
    text: str, *, lowercase: bool = True
) -> tuple[list[str], list[tuple[str, int, int]]]:
    """``(tokenize(text), token_spans(text))`` for the cost of one of them."""
    if not text:
        return [], []
    if _has_invisible(text):
        visible, cuts = _visible(text)
        tokens, spans = _tokens_and_spans(visible, lowercase=lowercase)
        # back to offsets into text: a start moves past the characters cut before it, an end
        # past those cut before the token's last character (so it never takes trailing ones)
        return tokens, [
            (token, start + bisect_right(cuts, start), end + bisect_right(cuts, end - 1))
            for token, start, end in spans]
    normalized = _normalize_text(text)  # same length: one character for one character
    if lowercase:
        lowered = normalized.lower()
        if len(lowered) != len(normalized):  # rare characters such as "İ" grow when lower-cased
            spans = [(token.lower(), start, end)
                     for token, start, end in token_spans(normalized, lowercase=False)]
            return [span[0] for span in spans], spans
        normalized = lowered
    rules = _rules_for(normalized)
    if not _may_hold_url(normalized, lowered=lowercase):
        pattern = rules.split_plain
    else:
        runs = _email_runs(normalized)
        if runs:
            spans = [(normalized[start:end], start, end)
                     for start, end in _email_spans(normalized, runs, rules)]
            return [span[0] for span in spans], spans
        pattern = rules.split_token
    # [gap, token, gap, token, ..., gap]; the running lengths are alternately starts and ends
    parts = pattern.split(normalized)
    offsets = list(accumulate(map(len, parts)))
    tokens = parts[1::2]
    return tokens, list(zip(tokens, offsets[:-1:2], offsets[1::2], strict=True))


def is_joined(text: str, end_previous: int, start_next: int) -> bool:
    """Whether two neighbouring tokens belong to one phrase (see *Adjacency* above).

    Example
    -------
    >>> text = "Kiev “regime”. Regime"
    >>> is_joined(text, 4, 6), is_joined(text, 12, 15)
    (True, False)
    """
    gap = text[end_previous:start_next]
    if not gap or gap == " ":  # the usual case, without a regex
        return True
    if _JOINING_GAP_RE.fullmatch(gap) is None:
        return False
    if "\n" not in gap:
        return True
    if _has_invisible(gap):  # "\n\u200b\n" is a blank line
        gap = gap.translate(_DROP_INVISIBLE)
    return _PARAGRAPH_RE.search(gap) is None


def _joined_runs(text: str, spans: list[tuple[str, int, int]]) -> list[list[str]]:
    """Split token spans into runs of joined tokens."""
    runs: list[list[str]] = []
    current: list[str] = []
    previous_end = None
    for token, start, end in spans:
        if previous_end is not None and not is_joined(text, previous_end, start):
            runs.append(current)
            current = []
        current.append(token)
        previous_end = end
    if current:
        runs.append(current)
    return runs


def ngrams(text: str, n: int, *, lowercase: bool = True) -> list[str]:
    """Word n-grams of ``text`` as space-joined strings, never spanning punctuation.

    ``n=1`` gives :func:`tokenize`'s tokens. For ``n > 1`` an n-gram is ``n`` tokens in a row
    that are pairwise joined (only whitespace or quotation marks between them), so no n-gram
    crosses a sentence end, comma, dash or paragraph break.

    Example
    -------
    >>> ngrams("The Kiev regime, he said. Kiev\\nregime!", 2)
    ['the kiev', 'kiev regime', 'he said', 'kiev regime']
    """
    if n < 1:
        raise ValueError(f"`n` must be a positive integer, got {n!r}")
    if n == 1:
        return tokenize(text, lowercase=lowercase)
    grams: list[str] = []
    for run in _joined_runs(text, token_spans(text, lowercase=lowercase)):
        grams.extend(" ".join(run[i : i + n]) for i in range(len(run) - n + 1))
    return grams


def _is_abbreviation(text: str, end: int) -> bool:
    """Whether the period at ``text[end-1]`` closes an abbreviation, not a sentence."""
    if text[end - 1] != ".":
        return False
    match = _WORD_BEFORE_RE.search(text, max(0, end - 40), end)
    if match is None:
        return False
    word = match.group(1)
    if "." in word:
        # dotted single letters (U.S., e.g., a.m.) are abbreviations; 7.5 or Reuters.com are not
        return _DOTTED_LETTERS_RE.fullmatch(word) is not None
    if len(word) == 1 and word.isalpha():  # an initial: "J. Smith"
        return True
    if word.lower() in _NUMBER_ABBREVIATIONS:
        return text[end:].lstrip()[:1].isdigit()
    if word.lower() in _CAPITALISED_ABBREVIATIONS and word.islower():
        return False
    return word.lower() in ABBREVIATIONS


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character offsets ``(start, end)`` of the sentences of ``text``.

    Example
    -------
    >>> text = "Mr. Aalto spoke in the U.S. on Jan. 5. He left."
    >>> [text[s:e] for s, e in sentence_spans(text)]
    ['Mr. Aalto spoke in the U.S. on Jan. 5.', 'He left.']
    """
    if not text:
        return []
    cuts: list[int] = []
    for paragraph in _PARAGRAPH_RE.finditer(text):
        cuts.append(paragraph.start())
    for match in _SENTENCE_END_RE.finditer(text):
        if match.group().startswith(".") and len(match.group().rstrip("\"'”’»)]")) == 1:
            if _is_abbreviation(text, match.start() + 1):
                continue
        cuts.append(match.end())
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in [*sorted(set(cuts)), len(text)]:
        segment = text[start:cut]
        stripped = segment.strip()
        if stripped:
            offset = start + (len(segment) - len(segment.lstrip()))
            spans.append((offset, offset + len(stripped)))
        start = cut
    return spans


def sentences(text: str) -> list[str]:
    """Split ``text`` into sentences (see the module docstring for the rules).

    Example
    -------
    >>> sentences("Dr. Melnyk arrived at 9 a.m. on Monday. “It was hell!” she said.")
    ['Dr. Melnyk arrived at 9 a.m. on Monday.', '“It was hell!” she said.']
    """
    return [text[s:e] for s, e in sentence_spans(text)]


@lru_cache(maxsize=1)
def _english_stopwords() -> frozenset[str]:
    source = resources.files("toolkit") / "data" / "stopwords_en.txt"
    words = []
    for line in source.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.append(normalize(line))
    return frozenset(words)


#: Names of the stopword lists shipped with the toolkit (usable alone or inside a list).
STOPWORD_LISTS = ("english",)


def load_stopwords(stopwords: str | Iterable[str] | bool | None = "english") -> frozenset[str]:
    """The stopword set to use.

    Parameters
    ----------
    stopwords : "english", True, None, False or iterable of str
        ``"english"`` or ``True`` gives the shipped English list (``toolkit/data/stopwords_en.txt``,
        written for this project, MIT licence: function words, pronouns, auxiliaries and their
        contractions, normalised like tokens). ``None`` or ``False`` gives an empty set. Any
        other iterable is a list of words, normalised like tokens, in which the *name of a
        shipped list* (``"english"``, any case) stands for that whole list:
        ``["english", "fox", "news"]`` is the English list plus ``fox`` and ``news``. (So the
        word "english" itself cannot be made a stopword this way; that is the price of letting
        the short form work, and a silently dropped English list would be the worse mistake.)

    Raises
    ------
    ValueError
        A single string that is not the name of a shipped list (``"fox"``: pass ``["fox"]``),
        or a list entry that is not a string.

    Example
    -------
    >>> "the" in load_stopwords("english")
    True
    >>> sorted(load_stopwords(["english", "Fox"]) - load_stopwords("english"))
    ['fox']
    """
    if stopwords is None or stopwords is False:
        return frozenset()
    if stopwords is True or (isinstance(stopwords, str) and stopwords.lower() == "english"):
        return _english_stopwords()
    if isinstance(stopwords, str):
        raise ValueError(
            f"`stopwords` must be 'english', None or a collection of words, got {stopwords!r}; "
            f"pass a list such as [{stopwords!r}] for your own words, or "
            f"['english', {stopwords!r}] for the English list plus yours"
        )
    words: set[str] = set()
    for word in stopwords:
        if not isinstance(word, str):
            raise ValueError(
                f"`stopwords` entries must be strings, got {word!r}; pass words such as "
                "['english', 'fox'] (the name 'english' stands for the shipped list)"
            )
        if word.strip().lower() in STOPWORD_LISTS:
            words.update(_english_stopwords())
        else:
            words.add(normalize(word))
    return frozenset(words)
