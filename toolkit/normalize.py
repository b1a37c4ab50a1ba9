"""Token normalisation for counting: one spelling per word, so keyness finds framing, not house style.

Outlets differ in *house style* as much as in wording: the New York Times writes "Mr. Steele",
"F.B.I." and "Sen. Graham (R-S.C.)", Fox News writes "Steele", "FBI" and "Sen. Lindsey Graham,
R-S.C.". Compared word by word, those style rules top every keyness list (``mr`` at G² −1,530
in Fox vs NYT on BASIL, 300 articles, measured 2026-11-25) and push the differences of
substance out of sight. A :class:`Normalizer` maps the tokens that :func:`toolkit.tokenize`
produced (tokenization rules stay in :mod:`toolkit.tokens`) to one spelling per word *before
counting*; it is used by
:func:`toolkit.term_frequency`, :func:`toolkit.document_term_matrix` and :func:`toolkit.keyness`
through their ``normalize=`` option.

The default map (``normalize="default"``)
-----------------------------------------
This is a research judgement, chosen for English news and documented here so it can be argued
with; pass your own ``mapping`` (it is applied on top of the default, or alone with
``defaults=False``) to change it.

1. **Dotted abbreviations lose their dots**: ``f.b.i.`` → ``fbi``, ``e.u.`` → ``eu``,
   ``n.y.`` → ``ny``. Exceptions, where the undotted form is a common English word:
   ``u.s.`` stays ``u.s.`` (``us`` is the pronoun), ``a.m.`` stays ``a.m.``. (An outlet that
   writes ``US`` is therefore still counted apart from ``U.S.``: lower-cased, ``US`` and ``us``
   cannot be told apart.)
2. **Honorifics and name suffixes are dropped**: ``mr``, ``mrs``, ``ms``, ``messrs``,
   ``jr``, ``sr``, ``iii``. Whether a paper writes "Mr. Steele" on second reference or
   "Robert S. Mueller III" is a style rule, not a stance.
3. **Abbreviated titles are written out**: ``sen`` → ``senator``, ``sens`` → ``senators``,
   ``rep`` → ``representative``, ``reps`` → ``representatives``, ``gov`` → ``governor``,
   ``govs`` → ``governors``, ``lt`` → ``lieutenant``, ``gen`` → ``general``, ``sgt`` →
   ``sergeant``, ``atty`` → ``attorney``, ``pres`` → ``president``. The title itself stays
   (a paper that names more senators is a finding).
4. **Party-state tags are dropped**: ``(D-N.Y.)``, ``R-Texas``, ``(I-Vt.)`` tokenize as
   ``d-n`` + ``y``, ``r-texas``, ``i-vt``; a token ``d-``/``r-``/``i-`` followed by a US state
   abbreviation or name is dropped, and so is the single letter that follows a split one
   (``y`` of ``N.Y.``, ``va`` of ``W.Va.``). Who is a Democrat is better counted from
   metadata than from a style tag.
5. **House spellings**: ``e-mail(s)`` → ``email(s)`` (the Times hyphenates).
   **Number-unit fragments are written out**: ``bn`` → ``billion``, ``mn``/``mln`` →
   ``million``, ``tn`` → ``trillion`` (``1.4bn`` tokenizes as ``1.4`` + ``bn``).
6. **Stray single letters are dropped** (any letter but ``a`` and ``i``): they are fragments of
   possessives after dotted abbreviations (``E.U.’s`` → ``e.u.`` + ``s``), of initials and of
   state abbreviations, and carry no wording.

Stemming (``stem=True``, or ``normalize="stem"``) then reduces each kept token with NLTK's
Snowball (Porter 2) English stemmer (``senators`` → ``senat``, ``obama's`` → ``obama``). It
needs no downloaded data. Stemmed terms are harder to read; use it when inflection splits the
counts of a word you care about, and read the terms back in context (:func:`toolkit.kwic`).

Known residue: ``u.s.`` (Fox) against "United States" (the Times) and numerals against
spelled-out numbers ("5" / "two") remain house style the map does not touch; read keyness
lists with that in mind, or add your own entries.

Dropped tokens are not counted as terms, but they still count as words in ``n_words``, the
denominator of every rate, so normalising never changes a rate's denominator. In n-grams a
dropped token breaks the run: no new pair is formed across it.

References
----------
Porter, M. F. (2001). Snowball: a language for stemming algorithms. snowballstem.org.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Normalizer",
    "make_normalizer",
    "resolve_normalizer",
    "self_name_terms",
    "DEFAULT_MAP",
    "US_STATES",
]

#: The word-for-word part of the default map: token -> replacement (None: drop the token).
DEFAULT_MAP: dict[str, str | None] = {
    # honorifics: style, not substance
    "mr": None, "mrs": None, "ms": None, "messrs": None, "mmes": None,
    # name suffixes: the Times writes "Robert S. Mueller III", others "Robert Mueller"
    "jr": None, "sr": None, "iii": None,
    # abbreviated titles, written out
    "sen": "senator", "sens": "senators", "rep": "representative", "reps": "representatives",
    "gov": "governor", "govs": "governors", "lt": "lieutenant", "gen": "general",
    "sgt": "sergeant", "atty": "attorney", "pres": "president",
    # dotted abbreviations whose undotted form is an everyday word keep their dots
    "u.s.": "u.s.", "a.m.": "a.m.",
    # hyphenated spellings that are pure house style
    "e-mail": "email", "e-mails": "emails", "e-mailed": "emailed",
    # number-unit fragments
    "bn": "billion", "mn": "million", "mln": "million", "tn": "trillion",
}

#: State parts of party-state tags (AP style and postal codes, lower case, without dots).
US_STATES = frozenset(
    """
    ala alaska ariz ark calif cal colo conn del fla ga hawaii idaho ill ind iowa kan kans ky la
    maine md mass mich minn miss mo mont neb nev ohio okla ore pa penn penna tenn tex texas utah
    vt va wash wis wisc wyo
    al ak az ar ca co ct de fl hi id il in ia ks me mi mn ms mt ne nv nh nj nm ny nc nd oh ok or
    ri sc sd tn tx ut wa wv wi wy dc
    n s r w d
    """.split()
)
_SPLIT_STATE_FIRST = frozenset({"n", "s", "r", "w", "d"})  # N.Y., S.C., R.I., W.Va., D.C.
_PARTY_TAG_RE = re.compile(r"([dri])-([a-z]+)")
_DOTTED_RE = re.compile(r"(?:[^\W\d_]\.){2,}")
_KEEP_SINGLE = frozenset({"a", "i"})


@dataclass(frozen=True)
class Normalizer:
    """Maps a document's tokens to the terms that are counted (see :mod:`toolkit.normalize`).

    Build one with :func:`make_normalizer`; call it on a list of tokens.

    Attributes
    ----------
    mapping : Mapping[str, str or None]
        Token -> replacement; ``None`` drops the token.
    undot : bool
        Remove the dots of dotted abbreviations not in ``mapping``.
    party_tags : bool
        Drop party-state tags (``d-n`` + ``y`` of "(D-N.Y.)").
    single_letters : bool
        Drop single-letter tokens other than ``a`` and ``i``.
    stem : bool
        Stem kept tokens with NLTK's Snowball English stemmer.

    Example
    -------
    >>> norm = make_normalizer()
    >>> norm(["mr", "steele", "d-n", "y", "told", "the", "f.b.i.", "sen", "graham"])
    [None, 'steele', None, None, 'told', 'the', 'fbi', 'senator', 'graham']
    """

    mapping: Mapping[str, str | None] = field(default_factory=dict)
    undot: bool = True
    party_tags: bool = True
    single_letters: bool = True
    stem: bool = False
    _cache: dict = field(default_factory=dict, repr=False, compare=False)
    # made on first use: the Snowball stemmer, and this normaliser without stemming
    _stemmer_slot: list = field(default_factory=list, repr=False, compare=False)
    _unstemmed_slot: list = field(default_factory=list, repr=False, compare=False)

    def _stemmer(self) -> Any:
        if not self._stemmer_slot:
            from nltk.stem.snowball import SnowballStemmer  # no data download needed

            self._stemmer_slot.append(SnowballStemmer("english"))
        return self._stemmer_slot[0]

    def unstemmed(self) -> Normalizer:
        """This normaliser without stemming (for comparing tokens with word lists)."""
        if not self.stem:
            return self
        if not self._unstemmed_slot:
            self._unstemmed_slot.append(Normalizer(self.mapping, self.undot, self.party_tags,
                                                   self.single_letters, stem=False))
        return self._unstemmed_slot[0]

    def term(self, token: str) -> str | None:
        """The counted form of one token taken alone (``None``: dropped)."""
        cache = self._cache
        if token in cache:
            return cache[token]
        value: str | None = token
        if token in self.mapping:
            value = self.mapping[token]
        elif self.party_tags and _is_party_tag(token):
            value = None
        elif self.undot and "." in token and _DOTTED_RE.fullmatch(token):
            value = token.replace(".", "")
        elif self.single_letters and len(token) == 1 and token.isalpha() \
                and token not in _KEEP_SINGLE:
            value = None
        if value is not None and self.stem:
            value = self._stemmer().stem(value)
        cache[token] = value
        return value

    def __call__(self, tokens: Iterable[str]) -> list[str | None]:
        """The counted form of each token, ``None`` where a token is dropped (same length)."""
        tokens = list(tokens)
        out = [self.term(token) for token in tokens]
        if self.party_tags:
            # the rest of a split state goes with its tag: "y" of "d-n" "y" (N.Y.), "va" of W.Va.
            for i in range(1, len(tokens)):
                match = _PARTY_TAG_RE.fullmatch(tokens[i - 1])
                if (match and match.group(2) in _SPLIT_STATE_FIRST and len(tokens[i]) <= 2
                        and tokens[i].isalpha()):
                    out[i] = None
        return out


def _is_party_tag(token: str) -> bool:
    match = _PARTY_TAG_RE.fullmatch(token)
    return bool(match) and match.group(2) in US_STATES


def make_normalizer(
    mapping: Mapping[str, str | None] | None = None,
    *,
    defaults: bool = True,
    stem: bool = False,
) -> Normalizer:
    """A :class:`Normalizer`: the default map (see :mod:`toolkit.normalize`), yours, or both.

    Parameters
    ----------
    mapping : mapping of str to str or None, optional
        Your own replacements, applied on top of the default map (your entry wins): token as
        :func:`toolkit.tokenize` gives it (lower case, dotted abbreviations with their dots)
        -> the term to count, or ``None`` (or ``""``) to drop it. ``{"u.s.": "us_country"}``,
        ``{"obamacare": "affordable care act"}``.
    defaults : bool, default True
        Start from the default map and rules. ``False``: only ``mapping`` (and ``stem``).
    stem : bool, default False
        Stem the kept tokens with NLTK's Snowball English stemmer.

    Returns
    -------
    Normalizer

    Example
    -------
    >>> make_normalizer({"obamacare": "aca"})(["obamacare", "mrs", "clinton"])
    ['aca', None, 'clinton']
    >>> make_normalizer(defaults=False, stem=True)(["senators", "mr"])
    ['senat', 'mr']
    """
    own: dict[str, str | None] = {}
    for key, value in (mapping or {}).items():
        if not isinstance(key, str) or not (value is None or isinstance(value, str)):
            raise ValueError(
                f"normalisation map entries must be str -> str or None, got {key!r}: {value!r}; "
                "write e.g. {'f.b.i.': 'fbi', 'mr': None}"
            )
        from toolkit.tokens import normalize as normalize_token

        own[normalize_token(key)] = value.lower() if value else None
    if defaults:
        return Normalizer({**DEFAULT_MAP, **own}, stem=bool(stem))
    return Normalizer(own, undot=False, party_tags=False, single_letters=False, stem=bool(stem))


def resolve_normalizer(normalize: Any) -> Normalizer | None:
    """The :class:`Normalizer` an option ``normalize=`` asks for.

    ``None`` or ``False``: none (tokens are counted as tokenized). ``True`` or ``"default"``:
    the default map. ``"stem"``: the default map, then Snowball stemming. A mapping: the default
    map with your entries on top. A :class:`Normalizer`: itself.

    Parameters
    ----------
    normalize : None, bool, "default", "stem", mapping or Normalizer
        What the ``normalize=`` option of :func:`toolkit.keyness`,
        :func:`toolkit.term_frequency` and :func:`toolkit.document_term_matrix` was given.

    Returns
    -------
    Normalizer or None
        The normaliser those functions use (None: tokens as tokenized), e.g. to find which
        written words count as one term (``normalizer.term(word)``).

    Example
    -------
    >>> resolve_normalizer("stem").stem
    True
    """
    if normalize is None or normalize is False:
        return None
    if isinstance(normalize, Normalizer):
        return normalize
    if normalize is True or normalize == "default":
        return make_normalizer()
    if normalize == "stem":
        return make_normalizer(stem=True)
    if isinstance(normalize, Mapping):
        return make_normalizer(normalize)
    raise ValueError(
        f"`normalize` must be None, 'default', 'stem', a mapping or a Normalizer, got "
        f"{normalize!r}; e.g. normalize='default' or normalize={{'f.b.i.': 'fbi'}}"
    )


def self_name_terms(names: str | Iterable[str], *, generic: bool = False) -> list[str]:
    """Tokens by which outlets name themselves, for ``exclude=`` in keyness and frequencies.

    For each name (``"Fox News"``, ``"New York Times"``) this gives its tokens, their
    possessives and the name written as one word (``foxnews``, as in ``FoxNews.com``). Tokens
    of a name that are also everyday words (``new``, ``news``, ``times``, ``post``...: the
    English stopwords and a short list of words common in outlet names) are left out unless
    ``generic=True``: excluding ``news`` from a comparison of news coverage would hide real
    differences. A name token that is also a place stays in the list (``york`` of the New York
    Times): in BASIL most of the NYT's "York" is its own name ("a New York Times/CBS News
    poll"), but excluding it also hides the city (24 Fox News and 70 NYT uses after
    normalising). Single words cannot tell the two apart; drop such tokens from the list when
    the place matters (for the Kyiv Independent, always drop ``kyiv``). Read the list before
    using it.

    Parameters
    ----------
    names : str or iterable of str
        Outlet names as written, e.g. ``corpus["outlet"].unique()``.
    generic : bool, default False
        Keep name tokens that are everyday words.

    Returns
    -------
    list of str
        Sorted, lower-case tokens.

    Example
    -------
    >>> self_name_terms(["Fox News", "New York Times", "HuffPost"])  # doctest: +NORMALIZE_WHITESPACE
    ['fn', "fn's", 'fox', "fox's", 'foxnews', 'huffpost', "huffpost's", 'newyorktimes', 'nyt',
     "nyt's", 'york', "york's"]
    """
    from toolkit.tokens import load_stopwords, tokenize

    if isinstance(names, str):
        names = [names]
    common = load_stopwords("english") | _COMMON_NAME_WORDS
    terms: set[str] = set()
    for name in names:
        if not isinstance(name, str):
            continue
        tokens = tokenize(name)
        if not tokens:
            continue
        joined = "".join(t.replace(".", "") for t in tokens)
        if len(tokens) > 1:
            terms.add(joined)
            # the initials of a name written out in words ("Associated Press" -> "ap", "New York
            # Times" -> "nyt"); not of a name that holds an acronym already ("NBC News"), and
            # not when the initials are a common word ("Irish Times" -> "it")
            words = [t for t in tokens if t != "the"]
            initials = "".join(t[0] for t in words if t[0].isalpha())
            written = name.split()
            if (len(initials) >= 2 and len(initials) == len(words) and initials not in common
                    and not any(w.isupper() and len(w) > 1 for w in written)):
                terms.update({initials, f"{initials}'s"})
        for token in tokens:
            if generic or token not in common:
                terms.update({token, f"{token}'s"})
    return sorted(terms)


_COMMON_NAME_WORDS = frozenset(
    """
    new news times post daily journal herald tribune times star sun globe mail telegraph
    guardian independent express mirror record press review report today world national
    international america american united states washington street wall network media tv
    channel radio public broadcasting service wire agency online digital magazine weekly
    """.split()
)
