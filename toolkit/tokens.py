"""Tokenization: the one place where the rules for words, sentences and n-grams live.

``toolkit/_scan.c`` (the compiled kernel of :func:`toolkit.analyze`) implements the word-token and
adjacency rules below a second time, in C, for speed; this module is their definition, and
``tests/test_scan.py`` checks the C code against it.

Rules
-----
Word tokens are found by one regular expression, tried in this order at each position:

1. URLs (``https://…``, ``www.…``) and e-mail addresses are single tokens, so they do not
   break into junk words such as ``www`` or ``com``.
2. Dotted abbreviations of single letters (``U.S.``, ``e.g.``) are single tokens with their
   dots (``u.s.``).
3. Numbers with internal separators (``26,000``, ``97.6``, ``3:15``) are single tokens.
4. Words are runs of Unicode letters and digits (Latin, Cyrillic, Greek, ...), joined by
   internal apostrophes or hyphens: ``well-known``, ``don't``, ``Russia’s``, ``so-called``.

Everything else (punctuation, quotes, ellipses, dashes, symbols, the underscore) separates tokens
and is not itself a token.

Normalisation: curly and modifier apostrophes (’ ‘ ʼ) become the straight ``'`` and Unicode
hyphens (‐ ‑) become ``-``, so ``Russia’s`` and ``Russia's`` are the same token. With
``lowercase=True`` (the default) tokens are lower-cased.

Possessives stay attached: ``Russia’s`` is one token ``russia's``, distinct from ``russia``
(quanteda and AntConc's default behaviour). Count ``russia*`` with a glob where both are wanted.

Adjacency: two neighbouring tokens are *joined* when only whitespace (line breaks included, a blank
line excluded) and quotation marks stand between them. Multi-word phrases, n-grams and lexicon
entries only match across joined tokens, so ``"Kiev\\nregime"`` and ``Kiev “regime”`` are the phrase
``kiev regime`` while ``Kiev. Regime`` and ``Kiev, regime`` are not.

Sentences end at ``.``, ``!``, ``?`` or ``…`` (with any closing quotes or brackets) followed by
whitespace and an upper-case letter, digit or opening quote, and at every blank line. A period
after a known abbreviation (``Mr.``, ``Dr.``, ``Jan.``, ``Gen.``, ...), after a single initial or
inside a dotted abbreviation (``U.S.``) does not end a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from itertools import accumulate

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
_EMAIL = r"[^\W_][\w.+-]*@[^\W_][\w-]*(?:\.[\w-]+)+"
_ABBREVIATION = r"(?:[^\W\d_]\.){2,}"  # U.S., e.g.
_NUMBER = r"\d+(?:[.,:/]\d+)+"  # 26,000  97.6  3:15
_WORD = r"[^\W_]+(?:['\-][^\W_]+)*"  # after normalisation of apostrophes and hyphens
# _ABBREVIATION|_NUMBER|_WORD with the first character factored out, so that the regex engine
# skips non-word characters in C instead of trying three alternatives at each of them. A letter
# may start an abbreviation and a digit a number (the lookbehinds test which it was); else the
# word rule applies: the same alternatives in the same order, so the same matches. Possessive
# quantifiers only drop backtracking that could never lead to a different match.
_LETTER = r"[^\W\d_]"
_PLAIN = (
    r"[^\W_](?:"
    rf"(?<={_LETTER})\.(?:{_LETTER}\.)+"  # abbreviation
    r"|(?<=\d)\d*+(?:[.,:/]\d++)++"  # number
    r"|[^\W_]*+(?:['\-][^\W_]++)*+)"  # word
)
_TOKEN_RE = re.compile("|".join([_URL, _EMAIL, _PLAIN]))
# The same rules without the URL and e-mail alternatives, used for the (usual) texts that contain
# neither "@" nor "://" nor "www." -- trying them at every word costs half the tokenizer's time.
_PLAIN_TOKEN_RE = re.compile(_PLAIN)

# The same two patterns captured, for re.split: one call gives the text between tokens and the
# tokens, alternately, and from their lengths the offsets -- faster than match objects.
_SPLIT_TOKEN_RE = re.compile(f"({_TOKEN_RE.pattern})")
_SPLIT_PLAIN_TOKEN_RE = re.compile(f"({_PLAIN})")

_REPLACEMENTS = (("’", "'"), ("‘", "'"), ("ʼ", "'"), ("‐", "-"), ("‑", "-"))


def _normalize_text(text: str) -> str:
    """Replace curly apostrophes and Unicode hyphens one for one (offsets are unchanged)."""
    for old, new in _REPLACEMENTS:
        if old in text:
            text = text.replace(old, new)
    return text


_WWW_RE = re.compile(r"(?i:www\.)")


def _pattern_for(text: str, *, lowered: bool = False) -> re.Pattern[str]:
    """The token pattern for ``text`` (``lowered``: it is known to be lower-case)."""
    if "@" in text or "://" in text or "www." in text:
        return _TOKEN_RE
    # "WWW.X.ORG", not lowered: any spelling but "www." has an upper-case W
    if (not lowered and ("W." in text or ("w." in text and "W" in text))
            and _WWW_RE.search(text)):
        return _TOKEN_RE
    return _PLAIN_TOKEN_RE

# characters that may stand between two tokens without separating them
_JOINING_GAP_RE = re.compile(r"""[\s"'“”‘’«»„‟‹›]*""")
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

_SENTENCE_END_RE = re.compile(
    r"""[.!?…]+["'”’»)\]]*(?=\s+["'“‘«(\[]?[^\W_a-z])""",
    re.VERBOSE,
)
_WORD_BEFORE_RE = re.compile(r"([^\W_]+(?:\.[^\W_]+)*)\.*$")
_DOTTED_LETTERS_RE = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")


def normalize(token: str, *, lowercase: bool = True) -> str:
    """Normalise apostrophes and hyphens (and case) the way :func:`tokenize` does.

    Example
    -------
    >>> normalize("Russia’s")
    "russia's"
    """
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
    text = _normalize_text(text)
    if lowercase:
        lowered = text.lower()
        if len(lowered) == len(text):  # lower-casing first is faster and, here, equivalent
            return _pattern_for(lowered, lowered=True).findall(lowered)
        return [t.lower() for t in _pattern_for(text).findall(text)]
    return _pattern_for(text).findall(text)


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
    normalized = _normalize_text(text)  # same length: one character for one character
    if lowercase:
        lowered = normalized.lower()
        if len(lowered) != len(normalized):  # rare characters such as "İ" grow when lower-cased
            spans = [(token.lower(), start, end)
                     for token, start, end in token_spans(normalized, lowercase=False)]
            return [span[0] for span in spans], spans
        normalized = lowered
    plain = _pattern_for(normalized, lowered=lowercase) is _PLAIN_TOKEN_RE
    # [gap, token, gap, token, ..., gap]; the running lengths are alternately starts and ends
    parts = (_SPLIT_PLAIN_TOKEN_RE if plain else _SPLIT_TOKEN_RE).split(normalized)
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
