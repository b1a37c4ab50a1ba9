"""Find words, multi-word phrases and globs in text, with character offsets.

One matcher serves lexicons, keyword-in-context search and framing-term shares, so all three
agree on what counts as a match.

Matching rules
--------------
* Entries and texts are tokenized by :mod:`toolkit.tokens`, so matching is case-insensitive,
  whole-word only, and blind to straight versus curly apostrophes (``Russia’s`` = ``Russia's``).
* A phrase matches a run of *joined* tokens (only whitespace, line breaks or quotation marks
  between them; see :func:`toolkit.tokens.is_joined`): ``kiev regime`` matches ``Kiev\\nregime``
  and ``Kiev “regime”`` but not ``Kiev. Regime``.
* A glob is an entry word with ``*`` (any run of characters, possibly empty) or ``?`` (exactly
  one character), matched against a whole token: ``russophob*`` matches ``russophobia`` and
  ``russophobic``; it does not match ``anti-russophobia`` (one token).
* An exact entry word also matches its possessive: ``regime`` matches ``regime's`` and
  ``regimes`` matches ``regimes'`` (the tokenizer keeps possessives attached); contractions
  such as ``it's``, ``that's`` or ``let's`` are not possessives and do not match ``it``.
* Overlaps: within one group (a lexicon category, a framing label) matches are taken leftmost
  first and, at the same start, longest first; a token belongs to at most one match per group.
  Among entries of one group that match the same tokens, an exact word wins over a glob, then
  the entry declared first. Groups
  are independent: a word may count once in each of several groups.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from fnmatch import translate
from itertools import compress
from operator import itemgetter

import numpy as np

from toolkit.tokens import _MARK, is_joined, normalize, token_spans

__all__ = ["PhraseMatcher", "Match", "parse_entry"]

_GLOB_CHARS = frozenset("*?")
# words + 's that are contractions (is/has/us), never possessives
_S_CONTRACTIONS = frozenset(
    "it's that's there's here's what's who's where's when's how's why's he's she's let's".split()
)
# the literal head of a pattern from fnmatch.translate ("(?s:russophob.*)\Z" -> "russophob"):
# letters, digits, apostrophes and backslash-escaped characters, up to the first wildcard
_GLOB_HEAD_RE = re.compile(r"\(\?s:((?:[^\W_]|'|\\[^\w])*)")
# characters a glob may hold: those of tokens (combining marks too: "हिन्दी*") and wildcards
_TOKEN_CHAR_RE = re.compile(rf"(?:[\w'\-.*?@:/,+]|{_MARK})+")


def _joined_at(text: str, spans: list[tuple[str, int, int]]):
    """``joined_at(j)``: whether token ``j`` of ``spans`` is joined to token ``j - 1``."""

    def joined_at(j: int) -> bool:
        return is_joined(text, spans[j - 1][2], spans[j][1])

    return joined_at


@dataclass(frozen=True)
class Match:
    """One match: token positions, character offsets and what matched."""

    group: str
    entry: str
    start: int
    end: int
    token_start: int
    token_end: int


@dataclass
class _Node:
    exact: dict[str, _Node] = field(default_factory=dict)
    globs: list[tuple[re.Pattern[str], _Node]] = field(default_factory=list)
    # group -> entry that ends here (first declared wins)
    terminal: dict[str, str] = field(default_factory=dict)


def parse_entry(entry: str) -> list[str | re.Pattern[str]]:
    """Turn one entry into a sequence of token matchers.

    Each piece is either an exact (normalised) token or a compiled glob.

    Raises
    ------
    ValueError
        For an empty entry, a piece that contains no word characters, or a glob made only of
        wildcards (it would match every word).

    Example
    -------
    >>> parse_entry("Kiev’s regime")
    ["kiev's", 'regime']
    """
    if not isinstance(entry, str) or not entry.strip():
        raise ValueError("empty entry")
    pieces: list[str | re.Pattern[str]] = []
    for raw in entry.split():
        piece = normalize(raw.strip("\"'“”‘’«»,;:!()[]"))
        if _GLOB_CHARS & set(piece) or "[" in piece or "]" in piece:  # [ab]c: a glob class
            if not piece.replace("*", "").replace("?", ""):
                raise ValueError(f"bad glob {raw!r}: it has no letters and would match every word")
            if _TOKEN_CHAR_RE.fullmatch(piece) is None or "[" in raw:
                raise ValueError(
                    f"bad glob {raw!r}: only letters, digits, apostrophes, hyphens, '*' and '?' "
                    "are allowed"
                )
            pieces.append(re.compile(translate(piece)))
            continue
        spans = token_spans(piece)
        if not spans:
            raise ValueError(f"entry piece {raw!r} contains no word characters")
        for (_, _, end), (_, start, _) in zip(spans, spans[1:], strict=False):
            if not is_joined(piece, end, start):
                raise ValueError(
                    f"entry piece {raw!r} can never match: {piece[end:start]!r} separates "
                    "tokens, so its words are never one phrase; use kwic(..., regex=True) "
                    "to find it, or an entry for one of its words"
                )
        pieces.extend(token for token, _, _ in spans)
    return pieces


# branching levels of the glob-head trie past which _starter_flags asks every word instead (the
# regex nests one group per level; Python's regex parser recurses per group)
_TRIE_DEPTH = 100


def _trie_regex(trie: dict[str, dict], depth: int = 0) -> str | None:
    """A regex that matches any of the strings of a character trie (``""``: one ends here) at
    the start of text: one literal step per character, so linear in the longest string; None
    when it would nest more than ``_TRIE_DEPTH`` groups."""
    literal = []
    while "" not in trie and len(trie) == 1:  # a chain: literal characters, no group
        (char, trie), = trie.items()
        literal.append(re.escape(char))
    if "" in trie:
        return "".join(literal)
    if depth >= _TRIE_DEPTH:
        return None
    branches = []
    for char, child in sorted(trie.items()):
        rest = _trie_regex(child, depth + 1)
        if rest is None:
            return None
        branches.append(re.escape(char) + rest)
    return "".join(literal) + "(?:" + "|".join(branches) + ")"


class PhraseMatcher:
    """Compiled set of entries (words, phrases, globs), each belonging to a group.

    Parameters
    ----------
    entries : iterable of (entry, group)
        ``entry`` is a word, a space-separated phrase or a glob; ``group`` is the label a
        match is reported under (a lexicon category, a framing label, ...).

    Example
    -------
    >>> m = PhraseMatcher([("kiev regime", "pejorative"), ("regime", "pejorative"),
    ...                    ("russophob*", "phobia")])
    >>> [(x.group, x.entry, x.start, x.end) for x in m.find("The Kiev regime's Russophobia")]
    [('pejorative', 'kiev regime', 4, 17), ('phobia', 'russophob*', 18, 29)]
    """

    def __init__(self, entries: Iterable[tuple[str, str]]):
        self._root = _Node()
        self.groups: list[str] = []
        self.entries: list[tuple[str, str]] = []
        self._glob_cache: dict[tuple[int, str], list[_Node]] = {}
        self._any_glob_cache: dict[int, re.Pattern[str]] = {}
        # word types known to start (or not to start) a match: a cache keyed by word type,
        # for starters with the trie nodes that follow the root
        self._starters: dict[str, list[_Node]] = {}
        self._non_starters: set[str] = set()
        self._forms: frozenset[str] | None = None  # see _first_forms
        self._heads: re.Pattern[str] | bool | None = None  # see _glob_heads
        seen_groups: set[str] = set()
        # (node id, glob pattern) -> child: finding a glob's node by a scan of the node's globs
        # made building quadratic in the number of globs (7,700 globs: 30 s instead of 1 s)
        glob_children: dict[tuple[int, str], _Node] = {}
        for entry, group in entries:
            pieces = parse_entry(entry)
            node = self._root
            for piece in pieces:
                node = self._child(node, piece, glob_children)
            node.terminal.setdefault(group, entry)
            self.entries.append((entry, group))
            if group not in seen_groups:
                seen_groups.add(group)
                self.groups.append(group)

    def __getstate__(self) -> dict:
        """Pickle without the caches: they are keyed by node ``id``, which differs elsewhere."""
        state = self.__dict__.copy()
        state["_glob_cache"] = {}
        state["_any_glob_cache"] = {}
        state["_starters"] = {}
        state["_non_starters"] = set()
        state["_heads"] = None
        return state

    @staticmethod
    def _child(node: _Node, piece: str | re.Pattern[str],
               glob_children: dict[tuple[int, str], _Node]) -> _Node:
        if isinstance(piece, str):
            return node.exact.setdefault(piece, _Node())
        child = glob_children.get((id(node), piece.pattern))
        if child is None:
            child = glob_children[id(node), piece.pattern] = _Node()
            node.globs.append((piece, child))
        return child

    def _next(self, node: _Node, token: str) -> list[_Node]:
        nodes = []
        exact = node.exact.get(token)
        if exact is not None:
            nodes.append(exact)
        # possessive: also try the bare word -- but "it's" is "it is", not a possessive
        if token.endswith(("'s", "'")) and token not in _S_CONTRACTIONS:
            base = node.exact.get(token[: -2 if token.endswith("'s") else -1])
            if base is not None and base is not exact:
                nodes.append(base)
        if node.globs:
            key = (id(node), token)
            cached = self._glob_cache.get(key)
            if cached is None:
                cached = []
                # one regex for all of the node's globs first: most tokens match none
                if self._any_glob(node).match(token) is not None:
                    cached = [child for pattern, child in node.globs if pattern.match(token)]
                self._glob_cache[key] = cached
            nodes.extend(cached)
        return nodes

    def _any_glob(self, node: _Node) -> re.Pattern[str]:
        """A pattern that matches a token iff one of ``node``'s globs does."""
        pattern = self._any_glob_cache.get(id(node))
        if pattern is None:
            pattern = re.compile("|".join(f"(?:{glob.pattern})" for glob, _ in node.globs))
            self._any_glob_cache[id(node)] = pattern
        return pattern

    def _is_starter(self, token: str) -> bool:
        """Whether some entry's first word matches ``token`` (cached per word type)."""
        if token in self._starters:
            return True
        if token in self._non_starters:
            return False
        first = self._next(self._root, token)
        if first:
            self._starters[token] = first
            return True
        self._non_starters.add(token)
        return False

    def _starter_flags(self, words: list[str]) -> np.ndarray:
        """``[self._is_starter(w) for w in words]`` as a bool array, for many words at once.

        Only the words that may start an entry are asked about one by one: the first words
        of entries and their possessives (``regime's``; one set intersection) and the words
        that begin with the literal head of a first-word glob (``russophob`` of
        ``russophob*``; one regex over the words joined by line breaks). Every other word
        matches no first word, possessive or glob, so the answer is the same; where a glob has
        no literal head (``*phobia``), every word is asked.
        """
        if not words:
            return np.zeros(0, dtype=bool)
        heads = self._glob_heads() if self._root.globs else False
        if heads is None:  # a glob without a literal head: every word is asked
            return np.fromiter(map(self._is_starter, words), dtype=bool, count=len(words))
        index = dict(zip(words, range(len(words)), strict=True))
        joined = "\n".join(words) if heads else ""
        if len(index) < len(words) or joined.count("\n") > len(words) - 1:
            # repeated words, or a word with a line break: every word is asked
            return np.fromiter(map(self._is_starter, words), dtype=bool, count=len(words))
        found = {index[w] for w in index.keys() & self._first_forms()}
        if heads:
            at = [match.start() for match in heads.finditer(joined)]
            if at:
                lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
                line_starts = np.cumsum(lengths + 1) - (lengths + 1)
                found.update(np.searchsorted(line_starts, at).tolist())
        flags = np.zeros(len(words), dtype=bool)
        for i in sorted(found):
            flags[i] = self._is_starter(words[i])
        return flags

    def _start_filter(self, words: list[str], is_start: np.ndarray
                      ) -> tuple[np.ndarray, np.ndarray]:
        """What a match starting at a token needs of the token after it, for the starters
        among ``words`` (``is_start``: :meth:`_starter_flags` of ``words``).

        Returns ``(sure, pairs)``: ``sure`` per word, True where a match may start at it
        whatever follows (it ends an entry itself, or a glob may follow); ``pairs`` the sorted
        codes ``first * len(words) + second`` of the word pairs at which a longer entry may
        go on (:meth:`_next`, possessives included). A starter at which neither holds, with
        no such pair after it, starts no match: :meth:`_runs` may skip it (what it finds at
        the other starts is the same, since a start without a match changes nothing).
        """
        index: dict[str, int] | None = None
        n_words = len(words)
        sure = np.zeros(n_words, dtype=bool)
        pairs: list[int] = []
        for first in np.flatnonzero(is_start).tolist():
            nodes = self._starters[words[first]]
            if any(node.terminal or node.globs for node in nodes):
                sure[first] = True
                continue
            if index is None:
                index = dict(zip(words, range(n_words), strict=False))
            for node in nodes:
                for key in node.exact:
                    for form in (key, key + "'s", key + "'"):
                        second = index.get(form)
                        if second is not None and self._next(node, form):
                            pairs.append(first * n_words + second)
        return sure, np.unique(np.asarray(pairs, dtype=np.int64))

    def _lone_entries(self, token: str) -> list[tuple[str, str]] | None:
        """``(group, entry)`` of the matches that start at a ``token`` (a starter, see
        :meth:`_is_starter`) when every entry that may start there is that one word (so the
        matches are the token alone, whatever follows), as :meth:`_runs` finds them; None
        when an entry may go on past it."""
        nodes = self._starters[token]
        if any(node.exact or node.globs for node in nodes):
            return None
        best: dict[str, str] = {}
        for node in nodes:
            for group, entry in node.terminal.items():
                best.setdefault(group, entry)  # the first node's entry, as _runs keeps it
        return list(best.items())

    def _first_forms(self) -> frozenset[str]:
        """The first words of entries and their possessives (``regime's``, ``regimes'``)."""
        if self._forms is None:
            exact = self._root.exact.keys()
            self._forms = frozenset(
                [*exact, *(k + "'s" for k in exact), *(k + "'" for k in exact)])
        return self._forms

    def _glob_heads(self) -> re.Pattern[str] | None:
        """A pattern that matches at the start of each line that begins with the literal head
        of a first-word glob, or None when some glob has no head."""
        if self._heads is None:
            trie: dict[str, dict] = {}
            for pattern, _ in self._root.globs:
                found = _GLOB_HEAD_RE.match(pattern.pattern)
                head = "" if found is None else re.sub(r"\\(.)", r"\1", found.group(1))
                if not head:
                    self._heads = False
                    break
                node = trie
                for char in head:
                    node = node.setdefault(char, {})
                node[""] = {}  # a head ends here: what follows does not matter
            else:
                pattern = _trie_regex(trie) if trie else "(?!)"
                self._heads = False if pattern is None else re.compile(f"^{pattern}", re.M)
        return self._heads or None

    def _runs(self, token_at, joined_at, stop_at: int, starts: Iterable[int]):
        """``(group, entry, start, stop)`` of the matches that start at ``starts``.

        The one matching loop behind :meth:`find_in_spans` and :func:`toolkit.analyze`.
        ``token_at(j)`` is token ``j``, ``joined_at(j)`` whether it is joined to token
        ``j - 1``; tokens end before position ``stop_at``. ``starts`` are the positions, in
        increasing order, whose token is a starter (see :meth:`_is_starter`, which must have
        been asked about each of them).
        """
        free_from: dict[str, int] = {}  # group -> first token index not yet used by a match
        starters = self._starters
        for i in starts:
            # longest match per group starting at token i
            best: dict[str, tuple[int, str]] = {}
            frontier = starters[token_at(i)]
            j = i
            while frontier:
                for node in frontier:
                    for group, entry in node.terminal.items():
                        current = best.get(group)
                        if current is None or current[0] < j + 1:
                            best[group] = (j + 1, entry)
                j += 1
                if j >= stop_at:
                    break
                following: list[_Node] = []
                token = token_at(j)
                for node in frontier:
                    if node.exact or node.globs:
                        following.extend(self._next(node, token))
                # the trie lookup is cheaper than the adjacency check, so it comes first
                if not following or not joined_at(j):
                    break
                frontier = following
            for group, (stop, entry) in best.items():
                if i < free_from.get(group, 0):
                    continue
                free_from[group] = stop
                yield group, entry, i, stop

    def find_in_spans(
        self,
        text: str,
        spans: list[tuple[str, int, int]],
        *,
        tokens: list[str] | None = None,
        types: set[str] | frozenset[str] | None = None,
    ) -> list[Match]:
        """Matches among pre-computed :func:`toolkit.tokens.token_spans` of ``text``.

        ``tokens`` (the first item of each span) and ``types`` (their set) may be passed when
        the caller has them already, to save computing them again.
        """
        if tokens is None:
            tokens = list(map(itemgetter(0), spans))
        if types is None:
            types = set(tokens)
        starts = self._starts_among(tokens, types)
        if not starts:
            return []

        return [
            Match(group, entry, spans[i][1], spans[stop - 1][2], i, stop)
            for group, entry, i, stop in self._runs(tokens.__getitem__, _joined_at(text, spans),
                                                    len(spans), starts)
        ]

    def _starts_among(self, tokens: list[str], types: set[str] | frozenset[str]) -> list[int]:
        """Positions of ``tokens`` (whose set is ``types``) where a match may start."""
        starters = self._starters
        # one set per difference() call: with several, CPython walks a later set that is up to
        # 8 times larger than the document's types instead of the types
        for token in types.difference(starters).difference(self._non_starters):
            self._is_starter(token)
        if starters.keys().isdisjoint(types):
            return []
        return list(compress(range(len(tokens)), map(starters.__contains__, tokens)))

    def find(self, text: str) -> list[Match]:
        """All matches in ``text``, in order of their start, with character offsets."""
        return self.find_in_spans(text, token_spans(text))
