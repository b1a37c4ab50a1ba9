"""Lexicons: categories of words, phrases and globs, counted and located in a corpus.

A lexicon is data: an ordered set of categories, each with entries. An entry is a word
(``regime``), a multi-word phrase (``kiev regime``, ``so-called``) or a glob (``russophob*``).
Matching is done by :class:`toolkit.matcher.PhraseMatcher` over the tokens of
:mod:`toolkit.tokens`, so it is case-insensitive, whole-word only, blind to straight versus curly
apostrophes, and phrases match across line breaks and quotation marks (``Kiev\\n“regime”``) but
not across other punctuation.

Overlaps (one rule, applied per category)
-----------------------------------------
* Within one category the longest match wins, taken left to right: ``kiev regime`` is one hit
  of ``kiev regime``, not also a hit of ``regime``. A token counts at most once per category.
* Categories are independent: one word may be a hit in several categories (``alleged`` may be a
  qualifier in one lexicon and ``alleged that`` a report verb in another).
* A category may list *exclusions* (``exclude:`` in YAML): phrases in which its entries are not
  counted, e.g. ``sanctions regime`` for ``regime``. A hit that shares a token with an exclusion
  match of its own category is dropped.

Counts are built from hits, so ``lexicon_counts`` always equals the number of rows of
``lexicon_hits`` with the same ``voice`` per group and category.

Whose words (:mod:`toolkit.voice`)
----------------------------------
Every hit carries ``in_quote`` and ``voice`` (``"outlet"``, ``"quoted"``, ``"scare_quote"``).
``lexicon_counts`` counts the outlet's own words by default (``voice="outlet"``: hits and
tokens outside quotation marks); ``lexicon_hits`` lists every hit by default.

Bundled lexicons (``toolkit/data/lexicons/``, each with a datasheet ``<name>.md``)
-------------------------------------------------------------------------------
``"loaded_language"``
    pejorative labels, delegitimising qualifiers, emotive intensifiers, fear/threat, moral
    condemnation, phobia accusations, dehumanising terms.
``"stance"``
    epistemic-stance categories after Recasens et al. (2013): hedges, factives, assertives and
    report verbs split into neutral and loaded attribution.

They are separate lexicons because they answer different questions; combine them with
``load_lexicon("loaded_language").combine(load_lexicon("stance"))``.

File formats read by :func:`load_lexicon`
----------------------------------------
YAML (``.yaml``/``.yml``)
    Either simple, ``{category: [entries]}``, or the bundled schema: ``name``, ``version``,
    ``categories: {category: {description, source, entries, exclude}}``. An entry may also be a
    mapping ``{term: ..., weight: ..., source: ...}``. Parsed with PyYAML's safe loader into
    nodes only: tags other than plain strings, numbers, booleans and nulls, and aliases, are
    rejected, so nothing in the file is executed or expanded.
CSV (``.csv``)
    A header naming ``term`` and ``category`` and optionally ``weight`` and ``source``; other
    columns are ignored. Blank lines and lines starting with ``#`` are skipped.
LIWC-style dictionary (``.dic``)
    A block between two ``%`` lines declaring ``id<TAB>category``, then ``entry<TAB>id id ...``
    lines; LIWC's trailing ``*`` is a glob. Use this to load your own licensed copy of a
    dictionary that cannot be redistributed (LIWC). LIWC's conditional assignments such as
    ``(02 134)131/125`` and entries without word characters (emoticons) cannot be matched on
    word tokens; they are skipped with a :class:`LexiconWarning`.

Malformed files raise :class:`LexiconError` naming the file, the line and the problem. Duplicate
entries within a category are kept once (the first, with its weight).

Large lexicons: every entry is validated once, as it is read (YAML through libyaml when PyYAML
has it). A 100,000-entry lexicon loads in about 2 s (CSV) to 3.5 s (YAML), and its matcher,
built on first use, takes about 2 s more; the same YAML file took 9.4 s to load before
(``benchmarks/lexicon_load_bench.py --globs-every 0``, 2-vCPU VM under load, 2026-11-25).
"""

from __future__ import annotations

import csv
import io
import math
import re
import warnings
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from toolkit._errors import format_message, preview
from toolkit._grouping import group_codes, group_keys, resolve_by
from toolkit._progress import progress_bar
from toolkit.corpus import validate_corpus
from toolkit.matcher import Match, PhraseMatcher, _joined_at, parse_entry
from toolkit.tokens import _tokens_and_spans, token_spans
from toolkit.voice import _check_voice, _in_voice, _Voices

__all__ = [
    "Lexicon",
    "LexiconEntry",
    "LexiconError",
    "LexiconWarning",
    "load_lexicon",
    "lexicon_counts",
    "lexicon_hits",
    "BUNDLED_LEXICONS",
    "COUNT_COLUMNS",
    "HIT_COLUMNS",
    "TOTAL_CATEGORY",
]

BUNDLED_LEXICONS = ("loaded_language", "stance")
COUNT_COLUMNS = ("category", "count", "n_words", "per_1k")
#: The ``category`` of :func:`lexicon_counts`' all-categories rows (``total=True``).
TOTAL_CATEGORY = "(all)"
HIT_COLUMNS = ("doc_id", "outlet", "category", "entry", "match", "start", "end", "left", "right",
               "in_quote", "voice")

_SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".csv": "csv", ".dic": "dic"}
_YAML_TAGS = frozenset({"str", "int", "float", "bool", "null", "timestamp", "seq", "map"})
_RICH_CATEGORY_KEYS = frozenset({"description", "source", "entries", "exclude"})
_ENTRY_KEYS = frozenset({"term", "entry", "weight", "source"})
_WHITESPACE_RE = re.compile(r"\s+")
_LIWC_ID_RE = re.compile(r"[^\W_]+")


class LexiconError(ValueError):
    """A lexicon file or table is malformed; the message names the file, line and problem."""


class LexiconWarning(UserWarning):
    """Part of a lexicon file cannot be used and was skipped (the message says what and where)."""


class LexiconEntry(NamedTuple):
    """One lexicon entry: the entry as written, its category, an optional weight and source.

    Example
    -------
    >>> LexiconEntry("russophob*", "phobia_accusation", 2.0)
    LexiconEntry(entry='russophob*', category='phobia_accusation', weight=2.0, source=None)
    """

    entry: str
    category: str
    weight: float | None = None
    source: str | None = None


# --------------------------------------------------------------------------- the Lexicon


def _entry_key(entry: str) -> tuple[str, ...]:
    """Normalised form of an entry, so that duplicates are recognised."""
    return tuple(p if isinstance(p, str) else "\0" + p.pattern for p in parse_entry(entry))


@dataclass(frozen=True, repr=False)
class Lexicon:
    """Categories of entries (words, phrases, globs), compiled once into a matcher.

    Build one with :func:`load_lexicon`; construct it directly only from already-clean data
    (entries are validated, but errors cannot name a file line).

    Attributes
    ----------
    name : str
        Name (bundled name or file stem).
    categories : tuple of str
        Category names in order; every category appears in counts, even with no entries.
    entries : tuple of LexiconEntry
        ``(entry, category, weight, source)`` in file order.
    version : str or None
        The lexicon's version, where the file states one.
    descriptions : dict
        Category -> definition (bundled lexicons define every category).
    exclusions : tuple of (phrase, category)
        Phrases inside which the category's entries are not counted.

    Example
    -------
    >>> lex = Lexicon("demo", ("pejorative",), (LexiconEntry("regime", "pejorative"),))
    >>> [(m.entry, m.start) for m in lex.matcher.find("The regime fell.")]
    [('regime', 4)]
    """

    name: str
    categories: tuple[str, ...]
    entries: tuple[LexiconEntry, ...]
    version: str | None = None
    descriptions: Mapping[str, str] = field(default_factory=dict, hash=False)
    exclusions: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        categories = tuple(self.categories)
        entries = tuple(LexiconEntry(*e) for e in self.entries)
        exclusions = tuple((str(p), str(c)) for p, c in self.exclusions)
        if len(set(categories)) != len(categories):
            raise LexiconError(f"lexicon {self.name!r}: category names must be unique, got "
                               f"{preview(categories)}")
        known = set(categories)
        for entry in entries:
            if entry.category not in known:
                raise LexiconError(f"lexicon {self.name!r}: entry {entry.entry!r} has category "
                                   f"{entry.category!r}, which is not in categories")
            try:
                parse_entry(entry.entry)
            except ValueError as err:
                raise LexiconError(f"lexicon {self.name!r}: {err} (entry {entry.entry!r})") from None
        for phrase, category in exclusions:
            if category not in known:
                raise LexiconError(f"lexicon {self.name!r}: exclusion {phrase!r} has unknown "
                                   f"category {category!r}")
            try:
                parse_entry(phrase)
            except ValueError as err:
                raise LexiconError(f"lexicon {self.name!r}: {err} (exclusion {phrase!r})"
                                   ) from None
        object.__setattr__(self, "categories", categories)
        object.__setattr__(self, "entries", entries)
        object.__setattr__(self, "exclusions", exclusions)
        object.__setattr__(self, "descriptions", dict(self.descriptions))

    @classmethod
    def _checked(cls, name: str, categories: tuple[str, ...], entries: tuple[LexiconEntry, ...],
                 version: str | None, descriptions: dict[str, str],
                 exclusions: tuple[tuple[str, str], ...]) -> Lexicon:
        """A Lexicon from parts that a reader has already validated entry by entry.

        Skips ``__post_init__``'s second parse of every entry (a third of the load time of a
        large file); only the readers below, which check each entry with its line, call it.
        """
        lexicon = object.__new__(cls)
        for attribute, value in (("name", name), ("categories", categories),
                                 ("entries", entries), ("version", version),
                                 ("descriptions", dict(descriptions)),
                                 ("exclusions", exclusions)):
            object.__setattr__(lexicon, attribute, value)
        return lexicon

    def __repr__(self) -> str:
        version = f", version={self.version!r}" if self.version else ""
        return (f"Lexicon({self.name!r}{version}, {len(self.categories)} categories, "
                f"{len(self.entries)} entries)")

    def __len__(self) -> int:
        return len(self.entries)

    @cached_property
    def matcher(self) -> PhraseMatcher:
        """The compiled :class:`~toolkit.matcher.PhraseMatcher` (built on first use, then reused).

        Example
        -------
        >>> lex = load_lexicon({"fear": ["menace"]})
        >>> lex.matcher is lex.matcher
        True
        """
        return PhraseMatcher((e.entry, e.category) for e in self.entries)

    @cached_property
    def _exclusion_matcher(self) -> PhraseMatcher | None:
        return PhraseMatcher(self.exclusions) if self.exclusions else None

    @cached_property
    def _category_index(self) -> dict[str, int]:
        return {c: i for i, c in enumerate(self.categories)}

    @cached_property
    def _weights(self) -> dict[tuple[str, str], float]:
        weights: dict[tuple[str, str], float] = {}
        for entry in self.entries:
            weights.setdefault(
                (entry.category, entry.entry), 1.0 if entry.weight is None else entry.weight
            )
        return weights

    @property
    def has_weights(self) -> bool:
        """Whether any entry carries a weight (then counts get a ``weighted`` column).

        Example
        -------
        >>> load_lexicon({"fear": ["menace"]}).has_weights
        False
        """
        return any(e.weight is not None for e in self.entries)

    def find(self, text: str, spans: list[tuple[str, int, int]] | None = None, *,
             tokens: list[str] | None = None,
             types: set[str] | frozenset[str] | None = None) -> list[Match]:
        """All hits in ``text`` after exclusions, ordered by start and then category order.

        Parameters
        ----------
        text : str
            The text as written.
        spans : list, optional
            :func:`toolkit.tokens.token_spans` of ``text``, if already computed.
        tokens, types : optional
            The spans' tokens (in order) and their set, if the caller has them already.

        Example
        -------
        >>> lex = load_lexicon({"pejorative": ["regime", "kiev regime"]})
        >>> [(m.entry, m.start, m.end) for m in lex.find("The Kiev regime's men")]
        [('kiev regime', 4, 17)]
        """
        if spans is None:
            spans = token_spans(text)
        if tokens is None:
            tokens = [span[0] for span in spans]
        if types is None:
            types = set(tokens)

        def starts(matcher: PhraseMatcher) -> list[int]:
            return matcher._starts_among(tokens, types)

        first = starts(self.matcher)
        if not first:
            return []
        exclusions = self._exclusion_matcher
        hits = self._hits(tokens.__getitem__, _joined_at(text, spans), len(spans), first,
                          None if exclusions is None else (lambda: starts(exclusions)))
        matches = [Match(group, entry, spans[i][1], spans[stop - 1][2], i, stop)
                   for group, entry, i, stop in hits]
        order = self._category_index
        matches.sort(key=lambda m: (m.token_start, order[m.group]))
        return matches

    def _hits(self, token_at, joined_at, stop_at: int, starts: list[int],
              exclusion_starts) -> list[tuple[str, str, int, int]]:
        """``(category, entry, token_start, token_end)`` of the hits after exclusions.

        The arguments are those of :meth:`toolkit.matcher.PhraseMatcher._runs`, for the
        lexicon's matcher; ``exclusion_starts()`` gives the starts for the exclusion matcher
        (None when the lexicon has no exclusions). Shared by :meth:`find` and
        :func:`toolkit.analyze`.
        """
        hits = list(self.matcher._runs(token_at, joined_at, stop_at, starts))
        if not hits or exclusion_starts is None:
            return hits
        masked: dict[str, set[int]] = {}
        for group, _, start, stop in self._exclusion_matcher._runs(
                token_at, joined_at, stop_at, exclusion_starts()):
            masked.setdefault(group, set()).update(range(start, stop))
        if masked:
            hits = [hit for hit in hits
                    if not masked.get(hit[0], set()).intersection(range(hit[2], hit[3]))]
        return hits

    def select(self, categories: str | Iterable[str]) -> Lexicon:
        """A lexicon with only the given categories (in the order given).

        Example
        -------
        >>> load_lexicon("stance").select(["report_neutral"]).categories
        ('report_neutral',)
        """
        wanted = [categories] if isinstance(categories, str) else list(categories)
        unknown = [c for c in wanted if c not in self._category_index]
        if unknown:
            raise LexiconError(
                format_message(f"unknown categories {preview(unknown)}", where=f"lexicon {self.name!r}",
                               fix=f"use some of {list(self.categories)}")
            )
        keep = set(wanted)
        return Lexicon(
            self.name, tuple(wanted), tuple(e for e in self.entries if e.category in keep),
            self.version, {c: d for c, d in self.descriptions.items() if c in keep},
            tuple(x for x in self.exclusions if x[1] in keep),
        )

    def combine(self, other: Lexicon) -> Lexicon:
        """One lexicon with the categories of both (category names must not clash).

        Example
        -------
        >>> both = load_lexicon("loaded_language").combine(load_lexicon("stance"))
        >>> "hedge" in both.categories and "pejorative_label" in both.categories
        True
        """
        clash = [c for c in other.categories if c in self._category_index]
        if clash:
            raise LexiconError(
                format_message(f"both lexicons have categories {preview(clash)}",
                               where=f"{self.name!r} and {other.name!r}",
                               fix="rename the categories in one of them or use .select()")
            )
        return Lexicon(
            f"{self.name}+{other.name}", self.categories + other.categories,
            self.entries + other.entries, None, {**self.descriptions, **other.descriptions},
            self.exclusions + other.exclusions,
        )

    def to_frame(self) -> pd.DataFrame:
        """The entries as a table: ``entry``, ``category``, ``weight``, ``source``.

        Example
        -------
        >>> load_lexicon({"fear": ["menace"]}).to_frame().columns.tolist()
        ['entry', 'category', 'weight', 'source']
        """
        return pd.DataFrame(
            {
                "entry": [e.entry for e in self.entries],
                "category": [e.category for e in self.entries],
                "weight": pd.array([e.weight for e in self.entries], dtype="Float64"),
                "source": [e.source for e in self.entries],
            }
        )


# --------------------------------------------------------------------------- building lexicons


class _Builder:
    """Collects categories and entries from a file, validating each with its line number."""

    def __init__(self, where: str):
        self.where = where
        self.categories: list[str] = []
        self.descriptions: dict[str, str] = {}
        self.entries: list[LexiconEntry] = []
        self.exclusions: list[tuple[str, str]] = []
        self._seen: set[tuple[str, tuple[str, ...]]] = set()
        self._category_line: dict[str, int | None] = {}

    def error(self, what: str, line: int | None, fix: str | None = None) -> LexiconError:
        where = f"{self.where}, line {line}" if line is not None else self.where
        return LexiconError(format_message(what, where=where, fix=fix))

    def add_category(self, name: Any, line: int | None, *, allow_repeat: bool = False) -> str:
        if name is None or not str(name).strip():
            raise self.error("empty category name", line, fix="give every category a name")
        name = str(name).strip()
        if name in self._category_line:
            if allow_repeat:
                return name
            first = self._category_line[name]
            raise self.error(f"category {name!r} is defined twice"
                             + (f" (first on line {first})" if first else ""), line,
                             fix="merge the two lists into one")
        self._category_line[name] = line
        self.categories.append(name)
        return name

    def _check(self, entry: Any, line: int | None, what: str = "entry") -> tuple[str, ...]:
        if entry is None or not str(entry).strip():
            raise self.error(f"empty {what}", line, fix=f"remove the line or write the {what}")
        try:
            return _entry_key(str(entry))
        except ValueError as err:
            raise self.error(f"{err} ({what} {str(entry)!r})", line,
                             fix="entries are words, phrases or globs such as 'russophob*'") from None

    def add_entry(self, entry: Any, category: str, line: int | None, *,
                  weight: Any = None, source: Any = None) -> None:
        key = self._check(entry, line)
        entry = str(entry).strip()
        value = None
        if weight is not None and str(weight).strip() != "":
            try:
                value = float(str(weight).strip())
            except ValueError:
                value = math.nan
            if not math.isfinite(value):
                raise self.error(f"weight {str(weight)!r} of entry {entry!r} is not a number",
                                 line, fix="write a number such as 1 or 0.5, or leave it empty")
        if (category, key) in self._seen:
            return
        self._seen.add((category, key))
        source = None if source is None or not str(source).strip() else str(source).strip()
        self.entries.append(LexiconEntry(entry, category, value, source))

    def add_exclusion(self, phrase: Any, category: str, line: int | None) -> None:
        self._check(phrase, line, "exclusion")
        self.exclusions.append((str(phrase).strip(), category))

    def build(self, name: str, version: Any = None) -> Lexicon:
        # every category, entry and exclusion was checked as it was added
        return Lexicon._checked(
            name, tuple(self.categories), tuple(self.entries),
            None if version is None else str(version), self.descriptions, tuple(self.exclusions),
        )


def _read_text(path: Path) -> str:
    raw = path.read_bytes()
    encoding = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise LexiconError(
            format_message(f"bytes {raw[err.start:err.start + 4]!r} are not valid UTF-8",
                           where=f"{path}, line {line}", fix="re-save the file as UTF-8")
        ) from None


# ---- YAML (node level, so every value keeps its line number)


def _yaml_line(node: Any) -> int:
    return node.start_mark.line + 1


def _yaml_nodes(text: str, path: Path) -> Any:
    import yaml

    # libyaml's parser when PyYAML has it (about 8x faster on a 100,000-entry file); the nodes,
    # tags and line marks are the same as the pure-Python SafeLoader's
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = f"{path}, line {mark.line + 1}" if mark is not None else str(path)
        raise LexiconError(
            format_message(f"invalid YAML: {err.problem or err.context}", where=where,
                           fix="check indentation, colons and quoting on that line")
        ) from None
    except yaml.YAMLError as err:
        raise LexiconError(format_message(f"invalid YAML: {err}", where=str(path))) from None


def _check_yaml_tags(node: Any, builder: _Builder, seen: set[int]) -> None:
    """Reject aliases and non-plain tags anywhere in the document."""
    import yaml

    if id(node) in seen:
        raise builder.error("YAML aliases (*name) are not supported", _yaml_line(node),
                            fix="write the entries out")
    seen.add(id(node))
    tag = node.tag or ""
    if not (tag.startswith("tag:yaml.org,2002:") and tag.rsplit(":", 1)[1] in _YAML_TAGS):
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        raise builder.error(f"unsupported YAML tag {shown!r}", _yaml_line(node),
                            fix="a lexicon holds only plain text, numbers and lists")
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            _check_yaml_tags(child, builder, seen)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _check_yaml_tags(key, builder, seen)
            _check_yaml_tags(value, builder, seen)


def _scalar(node: Any, builder: _Builder, what: str) -> str:
    import yaml

    if not isinstance(node, yaml.ScalarNode):
        raise builder.error(f"{what} must be a single value, found a "
                            f"{'list' if isinstance(node, yaml.SequenceNode) else 'mapping'}",
                            _yaml_line(node))
    return node.value


def _yaml_entries(node: Any, category: str, builder: _Builder, default_source: str | None,
                  *, exclusions: bool = False) -> None:
    import yaml

    if isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null"):
        raise builder.error(f"category {category!r} has no list of entries", _yaml_line(node),
                            fix=f"write `{category}: []` for an empty category")
    if not isinstance(node, yaml.SequenceNode):
        raise builder.error(f"the entries of category {category!r} must be a list "
                            "(one '- entry' per line)", _yaml_line(node))
    for item in node.value:
        line = _yaml_line(item)
        if isinstance(item, yaml.ScalarNode):
            if exclusions:
                builder.add_exclusion(item.value, category, line)
            else:
                builder.add_entry(item.value, category, line, source=default_source)
            continue
        if exclusions or not isinstance(item, yaml.MappingNode):
            raise builder.error("an entry must be a word, phrase or glob", line)
        fields = {}
        for key, value in item.value:
            name = _scalar(key, builder, "a key")
            if name not in _ENTRY_KEYS:
                raise builder.error(f"unknown entry field {name!r}", _yaml_line(key),
                                    fix="use term, weight and source")
            fields[name] = _scalar(value, builder, f"field {name!r}")
        builder.add_entry(fields.get("term", fields.get("entry")), category, line,
                          weight=fields.get("weight"),
                          source=fields.get("source", default_source))


def _read_yaml(path: Path) -> Lexicon:
    import yaml

    builder = _Builder(str(path))
    root = _yaml_nodes(_read_text(path), path)
    if root is None:
        raise builder.error("the file is empty", None, fix="write `category: [entries]`")
    _check_yaml_tags(root, builder, set())
    if not isinstance(root, yaml.MappingNode):
        raise builder.error("the top level must be a mapping of categories", _yaml_line(root),
                            fix="write `category: [entry, entry]`")
    top = {_scalar(k, builder, "a key"): (k, v) for k, v in root.value}
    rich = "categories" in top and isinstance(top["categories"][1], yaml.MappingNode)
    name, version = path.stem, None
    if rich:
        if "name" in top:
            name = _scalar(top["name"][1], builder, "name")
        if "version" in top:
            version = _scalar(top["version"][1], builder, "version")
        pairs = top["categories"][1].value
    else:
        pairs = root.value
    for key_node, value in pairs:
        category = builder.add_category(_scalar(key_node, builder, "a category name"),
                                        _yaml_line(key_node))
        if rich and isinstance(value, yaml.MappingNode):
            parts = {}
            for key, part in value.value:
                field_name = _scalar(key, builder, "a key")
                if field_name not in _RICH_CATEGORY_KEYS:
                    raise builder.error(
                        f"unknown field {field_name!r} in category {category!r}", _yaml_line(key),
                        fix=f"use {', '.join(sorted(_RICH_CATEGORY_KEYS))}",
                    )
                parts[field_name] = part
            if "entries" not in parts:
                raise builder.error(f"category {category!r} has no 'entries' list",
                                    _yaml_line(value))
            source = _scalar(parts["source"], builder, "source") if "source" in parts else None
            if "description" in parts:
                builder.descriptions[category] = " ".join(
                    _scalar(parts["description"], builder, "description").split())
            _yaml_entries(parts["entries"], category, builder, source)
            if "exclude" in parts:
                _yaml_entries(parts["exclude"], category, builder, None, exclusions=True)
        else:
            _yaml_entries(value, category, builder, None)
    return builder.build(name, version)


# ---- CSV


def _read_csv(path: Path) -> Lexicon:
    builder = _Builder(str(path))
    reader = csv.reader(io.StringIO(_read_text(path), newline=""), strict=True)
    header: list[str] | None = None
    columns: dict[str, int] = {}
    next_line = 1
    try:
        for row in reader:
            line, next_line = next_line, reader.line_num + 1
            if not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
                continue
            if header is None:
                header = [cell.strip().lower() for cell in row]
                columns = {name: i for i, name in enumerate(header)}
                if "term" not in columns and "entry" in columns:
                    columns["term"] = columns["entry"]
                if "term" not in columns or "category" not in columns:
                    raise builder.error(
                        f"the header must name the columns 'term' and 'category' "
                        f"(found: {', '.join(header)})", line,
                        fix="start the file with a line such as `term,category,weight,source`",
                    )
                continue
            category = _cell(row, columns, "category")
            if not category:
                raise builder.error(
                    f"empty category for entry {_cell(row, columns, 'term')!r}", line,
                    fix="fill in the category column",
                )
            builder.add_category(category, line, allow_repeat=True)
            builder.add_entry(_cell(row, columns, "term"), category, line,
                              weight=_cell(row, columns, "weight"),
                              source=_cell(row, columns, "source"))
    except csv.Error as err:
        raise builder.error(f"cannot parse CSV ({err})", next_line,
                            fix="check the quotation marks of the record starting on this line"
                            ) from None
    if header is None:
        raise builder.error("the file is empty", None,
                            fix="start with the header `term,category` and one entry per line")
    return builder.build(path.stem)


def _cell(row: list[str], columns: dict[str, int], name: str) -> str | None:
    index = columns.get(name)
    return row[index].strip() if index is not None and index < len(row) else None


# ---- LIWC .dic


def _read_dic(path: Path) -> Lexicon:
    builder = _Builder(str(path))
    lines = _read_text(path).splitlines()
    number = 0
    while number < len(lines) and not lines[number].strip():
        number += 1
    if number == len(lines) or lines[number].strip() != "%":
        raise builder.error("expected a '%' line opening the category block",
                            number + 1 if number < len(lines) else None,
                            fix="a .dic file starts with %, then `id<TAB>category` lines, then %")
    opened = number + 1
    ids: dict[str, str] = {}
    number += 1
    while True:
        if number == len(lines):
            raise builder.error(f"the category block opened on line {opened} is never closed "
                                "with a '%' line", None)
        line = lines[number].strip()
        number += 1
        if not line:
            continue
        if line == "%":
            break
        # `id<TAB>name[<TAB>description]`; with tabs, the name may contain spaces ("pos emo")
        parts = [p for p in line.split("\t") if p.strip()] if "\t" in line else line.split()
        if len(parts) < 2:
            raise builder.error(f"category line {line!r} needs an id and a name", number,
                                fix="write `id<TAB>name`, e.g. `1<TAB>posemo`")
        cat_id = _liwc_id(parts[0])
        if cat_id in ids:
            raise builder.error(f"category id {parts[0]!r} is declared twice", number)
        ids[cat_id] = builder.add_category(parts[1].strip(), number)
    skipped: list[str] = []
    for index in range(number, len(lines)):
        raw, line_number = lines[index], index + 1
        if not raw.strip():
            continue
        if "\t" in raw:
            entry, rest = raw.split("\t", 1)
            tokens = rest.split()
        else:
            entry, *tokens = raw.split()
        entry = entry.strip()
        if not entry:
            raise builder.error("empty entry", line_number, fix="remove the line or add the word")
        if not tokens:
            raise builder.error(f"entry {entry!r} has no category ids", line_number,
                                fix="list the ids of its categories after a tab")
        try:
            parse_entry(entry)
        except ValueError as err:
            if "no word characters" in str(err):
                skipped.append(f"line {line_number} ({entry!r})")
                continue
            raise builder.error(f"{err} (entry {entry!r})", line_number) from None
        for token in tokens:
            if _LIWC_ID_RE.fullmatch(token) is None:
                if any(c in token for c in "()/"):
                    skipped.append(f"line {line_number} (conditional {token!r})")
                    continue
                raise builder.error(f"bad category id {token!r}", line_number)
            category = ids.get(_liwc_id(token))
            if category is None:
                raise builder.error(f"unknown category id {token!r}", line_number,
                                    fix=f"declare it in the % block (declared: {preview(list(ids))})")
            builder.add_entry(entry, category, line_number)
    if skipped:
        warnings.warn(
            f"{path}: skipped {len(skipped)} parts that word tokens cannot match "
            f"(LIWC conditional ids, entries without letters): {preview(skipped)}",
            LexiconWarning, stacklevel=3,
        )
    return builder.build(path.stem)


def _liwc_id(token: str) -> str:
    # ASCII digits only: "²".isdigit() is True, but int("²") fails
    return str(int(token)) if token.isascii() and token.isdigit() else token


# ---- in-memory sources


def _from_mapping(data: Mapping[Any, Any]) -> Lexicon:
    builder = _Builder("the lexicon dict")
    for key, values in data.items():
        category = builder.add_category(key, None)
        if isinstance(values, str) or not isinstance(values, Iterable):
            raise builder.error(
                f"category {category!r} must map to a list of entries, got "
                f"{type(values).__name__}", None, fix=f"write {{{category!r}: ['entry', ...]}}")
        for position, entry in enumerate(values, start=1):
            try:
                builder.add_entry(entry, category, None)
            except LexiconError as err:
                raise LexiconError(f"{err} (category {category!r}, entry {position})") from None
    return builder.build("custom")


def _from_frame(table: pd.DataFrame) -> Lexicon:
    builder = _Builder("the lexicon table")
    term = "term" if "term" in table.columns else "entry"
    if term not in table.columns or "category" not in table.columns:
        raise builder.error(f"a lexicon table needs columns 'term' and 'category' (columns: "
                            f"{', '.join(map(str, table.columns))})", None)
    for position, row in enumerate(table.itertuples(index=False)):
        record = row._asdict()
        where = f"row {position}"
        category = record["category"]
        if category is None or (isinstance(category, float) and math.isnan(category)):
            raise builder.error(f"empty category in {where}", None)
        try:
            category = builder.add_category(category, None, allow_repeat=True)
            weight = record.get("weight")
            builder.add_entry(record[term], category, None,
                              weight=None if pd.isna(weight) else weight,
                              source=None if pd.isna(record.get("source")) else record.get("source"))
        except LexiconError as err:
            raise LexiconError(f"{err} ({where})") from None
    return builder.build("custom")


@cache
def _bundled(name: str) -> Lexicon:
    path = Path(str(resources.files("toolkit") / "data" / "lexicons" / f"{name}.yaml"))
    return _read_yaml(path)


def load_lexicon(lexicon: str | Path | Lexicon | Mapping[str, Iterable[str]] | pd.DataFrame
                 ) -> Lexicon:
    """Read a bundled lexicon by name, a lexicon file, or a dict or table of entries.

    Parameters
    ----------
    lexicon : str, Path, Lexicon, dict or pandas.DataFrame
        * ``"loaded_language"`` or ``"stance"``: a bundled lexicon (see the module docstring
          and the datasheets in ``toolkit/data/lexicons/``). A bare name wins over a file of
          the same name without suffix.
        * a path to a ``.yaml``/``.yml``, ``.csv`` or LIWC-style ``.dic`` file (formats in the
          module docstring);
        * a :class:`Lexicon`, returned as is;
        * a dict ``{category: [entries]}``;
        * a table with columns ``term`` (or ``entry``) and ``category`` and optionally
          ``weight`` and ``source``, such as :meth:`Lexicon.to_frame` returns.

    Returns
    -------
    Lexicon

    Raises
    ------
    LexiconError
        Unknown name or missing file; malformed file, naming the file, the line and the problem
        (YAML syntax, unknown category id, empty entry, bad glob, bad weight, missing header).

    Example
    -------
    >>> lex = load_lexicon("loaded_language")
    >>> lex.categories[:2]
    ('pejorative_label', 'delegitimising_qualifier')
    >>> load_lexicon({"phobia": ["russophob*"]}).entries[0].entry
    'russophob*'
    """
    if isinstance(lexicon, Lexicon):
        return lexicon
    if isinstance(lexicon, pd.DataFrame):
        return _from_frame(lexicon)
    if isinstance(lexicon, Mapping):
        return _from_mapping(lexicon)
    if not isinstance(lexicon, str | Path):
        raise TypeError(
            "`lexicon` must be a bundled name, a path, a Lexicon, a dict {category: [entries]} "
            f"or a DataFrame, got {type(lexicon).__name__}"
        )
    if isinstance(lexicon, str) and lexicon in BUNDLED_LEXICONS:
        return _bundled(lexicon)
    path = Path(lexicon)
    kind = _SUFFIXES.get(path.suffix.lower())
    if not path.is_file():
        raise LexiconError(
            format_message(
                f"lexicon {str(lexicon)!r} not found",
                where="the bundled lexicons or on disk",
                fix=f"use one of {list(BUNDLED_LEXICONS)} or the path of a "
                    ".yaml, .csv or .dic file",
            )
        )
    if kind is None:
        raise LexiconError(
            format_message(f"unknown lexicon format {path.suffix!r}", where=str(path),
                           fix=f"use one of {', '.join(sorted(_SUFFIXES))}")
        )
    reader = {"yaml": _read_yaml, "csv": _read_csv, "dic": _read_dic}[kind]
    return reader(path)


# --------------------------------------------------------------------------- counting


def _context(text: str, spans: Sequence[tuple[str, int, int]], left_stop: int, right_start: int,
             start: int, end: int, window: int) -> tuple[str, str]:
    """``window`` tokens of context either side of ``text[start:end]``, as written.

    ``left_stop`` is the index of the first token not in the left context and ``right_start``
    the index of the first token of the right context; whitespace is collapsed.
    """
    return _context_at(text, len(spans), lambda i: spans[i][1], lambda i: spans[i][2],
                       left_stop, right_start, start, end, window)


def _context_at(text: str, n_tokens: int, start_of: Any, end_of: Any, left_stop: int,
                right_start: int, start: int, end: int, window: int) -> tuple[str, str]:
    """:func:`_context` given the ``n_tokens`` tokens' offsets by ``start_of(i)`` and
    ``end_of(i)``."""
    if window <= 0:
        return "", ""
    left_from = start_of(max(left_stop - window, 0)) if left_stop > 0 else -1
    right_to = end_of(min(right_start + window, n_tokens) - 1) if right_start < n_tokens else -1
    return _context_text(text, left_from, start, end, right_to)


def _context_text(text: str, left_from: int, start: int, end: int, right_to: int
                  ) -> tuple[str, str]:
    """``text[left_from:start]`` and ``text[end:right_to]``, whitespace collapsed (-1: none)."""
    # " ".join(s.split()) is _WHITESPACE_RE.sub(" ", s).strip(): str.split and the pattern's
    # \s both split at the characters str.isspace calls whitespace
    left = " ".join(text[left_from:start].split()) if left_from >= 0 else ""
    right = " ".join(text[end:right_to].split()) if right_to >= 0 else ""
    return left, right


def _context_around(text: str, spans: Sequence[tuple[str, int, int]], starts: Sequence[int],
                    start: int, end: int, window: int) -> tuple[str, str]:
    """Context of a character span that need not be token-aligned (``starts``: token starts)."""
    left_stop = bisect_left(starts, start)
    while left_stop > 0 and spans[left_stop - 1][2] > start:
        left_stop -= 1
    return _context(text, spans, left_stop, bisect_left(starts, end), start, end, window)


class _Scan(NamedTuple):
    n_tokens: np.ndarray
    rows: list[int]
    matches: list[Match]
    contexts: list[tuple[str, str]]
    voices: list[tuple[bool, str]]


def _scan(corpus: pd.DataFrame, lexicon: Lexicon, *, window: int | None,
          progress: bool | None, voice: str = "all") -> _Scan:
    """Tokenize each document once; its token count and its hits (and their context).

    Only hits and tokens in ``voice`` are kept and counted (:mod:`toolkit.voice`); with
    ``window`` (the hits table) each kept hit also gets its ``(in_quote, voice)``.

    Read from the corpus's shared scan (:func:`toolkit.scan`) and kept there per lexicon,
    window and voice. With a compiled scan: the hits are found on the scan's word ids
    (:meth:`toolkit.scan.Scan.lexicon_matches`), their character offsets and context read
    from the scan's token offsets, and only the documents with a hit have their quotations
    paired (for a voice or the hits table); the words in a voice are the view of
    :func:`toolkit._views.voice_words` (shared with term shares: the quotations of each
    document with a quotation mark, no tokenizing). With a Python scan: the documents with
    a hit found on word ids are tokenized again for their offsets, voices and context, and
    the first call in a voice other than "all" reads (and matches) every document and keeps
    the voice's word counts in the scan for the next lexicon.
    """
    from toolkit._views import voice_words
    from toolkit.analysis import _load_kernel
    from toolkit.scan import lexicon_key, scan

    found = scan(corpus)
    module = _load_kernel() if found.kernel == "compiled" else None

    def compute() -> _Scan:
        if module is not None:  # words in a voice and matches from the scan, offsets from C
            texts = corpus["text"].tolist()
            n_tokens = voice_words(found, texts, voice, progress=progress)
            return _scan_matches(module, texts, found, found.lexicon_matches(lexicon), n_tokens,
                                 window=window, voice=voice)
        if voice == "all":
            n_tokens = found.n_words()
        elif ("voice words", voice) in found._views:  # counted already (toolkit._views)
            n_tokens = voice_words(found, corpus["text"].tolist(), voice, progress=progress)
        else:  # every document is read for its words in the voice: match them in passing
            result = _scan_rows(corpus, lexicon, np.arange(len(corpus)), None, window=window,
                                progress=progress, voice=voice)
            result.n_tokens.flags.writeable = False
            found.view(("voice words", voice), lambda: result.n_tokens)
            return result
        return _scan_rows(corpus, lexicon, found.lexicon_rows(lexicon), n_tokens,
                          window=window, progress=progress, voice=voice)

    return found.view(("lexicon._scan", lexicon_key(lexicon), window, voice), compute)


def _scan_matches(module: Any, texts: list[str], scanned: Any, found: Any,
                  n_tokens: np.ndarray, *, window: int | None, voice: str) -> _Scan:
    """:func:`_scan` from a compiled scan (``scanned``) and its matches (``found``, a
    :class:`toolkit.scan.LexiconMatches`): the hits' character offsets and context from the
    scan's token offsets (else, for the documents with a hit only, from
    ``_scan.token_offsets``: both those of :func:`toolkit.tokens.token_spans`), and, where
    asked, the quotations of the documents with a hit; ``n_tokens`` are the words in
    ``voice``."""
    from toolkit._views import token_offsets

    rows: list[int] = []
    matches: list[Match] = []
    contexts: list[tuple[str, str]] = []
    voices: list[tuple[bool, str]] = []
    doc_rows, firsts, per_doc = np.unique(found.rows, return_index=True, return_counts=True)
    firsts = np.append(firsts, len(found.rows))
    groups, entries = found.groups, found.entries
    for batch in range(0, len(doc_rows), _OFFSET_BATCH):
        batch_rows = doc_rows[batch:batch + _OFFSET_BATCH].tolist()
        if scanned.token_starts is not None:  # the scan's offsets, indexed in place
            starts, ends = scanned.token_starts, scanned.token_ends
            where = doc_rows[batch:batch + _OFFSET_BATCH]
            doc_base = scanned.offsets[where]
            doc_tokens = scanned.offsets[where + 1] - doc_base
        else:
            starts, ends, bounds = token_offsets(module, [texts[row] for row in batch_rows])
            doc_base, doc_tokens = bounds[:-1], np.diff(bounds)
        h0, h1 = int(firsts[batch]), int(firsts[batch + len(batch_rows)])
        local = np.repeat(np.arange(len(batch_rows)), per_doc[batch:batch + len(batch_rows)])
        base, n_doc = doc_base[local], doc_tokens[local]
        first, stop = found.token_starts[h0:h1], found.token_ends[h0:h1]
        hit_starts, hit_ends = starts[base + first], ends[base + stop - 1]
        columns = [found.rows[h0:h1], first, stop, hit_starts, hit_ends]
        if window:
            # the offsets that bound the context (-1: none on that side)
            left = starts[base + np.maximum(first - window, 0)]
            right = ends[base + np.minimum(stop + window, n_doc) - 1]
            columns += [np.where(first > 0, left, -1), np.where(stop < n_doc, right, -1)]
        elif window is not None:  # window 0: no context
            columns += [np.full(h1 - h0, -1), np.full(h1 - h0, -1)]
        quotes, quotes_row = None, -1
        for h, values in enumerate(zip(*(column.tolist() for column in columns), strict=True),
                                   start=h0):
            row, token_start, token_end, start, end = values[:5]
            if (voice != "all" or window is not None) and row != quotes_row:
                quotes, quotes_row = _Voices(texts[row]), row
            if voice != "all" and not _in_voice(quotes, start, end, voice):
                continue
            rows.append(row)
            matches.append(Match(groups[h], entries[h], start, end, token_start, token_end))
            if window is not None:
                contexts.append(_context_text(texts[row], values[5], start, end, values[6]))
                voices.append(quotes.at(start, end))
    return _Scan(n_tokens, rows, matches, contexts, voices)


#: Documents with a hit whose token offsets are found at a time.
_OFFSET_BATCH = 2_000


def _scan_rows(corpus: pd.DataFrame, lexicon: Lexicon, with_hits: np.ndarray,
               n_tokens: np.ndarray | None, *, window: int | None, progress: bool | None,
               voice: str = "all") -> _Scan:
    """:func:`_scan` over the rows ``with_hits`` (the others have no hit).

    ``n_tokens``: word tokens per document in ``voice``, or None to count them here;
    ``with_hits`` must then be every row.
    """
    texts = corpus["text"].tolist()
    counting = n_tokens is None
    if counting:
        n_tokens = np.zeros(len(texts), dtype=np.int64)
    rows: list[int] = []
    matches: list[Match] = []
    contexts: list[tuple[str, str]] = []
    voices: list[tuple[bool, str]] = []
    for row in progress_bar(with_hits.tolist(), total=len(with_hits), desc="matching lexicon",
                            progress=progress):
        text = texts[row]
        if window is None and len(text) > _PIECE_CHARS:
            # a very long text (a book, a whole feed in one cell) is matched a piece at a time
            # so that its Python token tuples never all exist at once (memory ~20x a piece,
            # not ~45x the text); counts and matches are those of the whole text
            count, found = _count_long_text(text, lexicon, voice)
            if counting:
                n_tokens[row] = count
            rows.extend([row] * len(found))
            matches.extend(found)
            continue
        tokens, spans = _tokens_and_spans(text)
        quotes = _Voices(text) if voice != "all" or window is not None else None
        if counting:
            if voice == "all" or quotes is None:
                n_tokens[row] = len(spans)
            else:
                starts = np.fromiter((s for _, s, _ in spans), dtype=np.int64,
                                     count=len(spans))
                n_tokens[row] = int(quotes.token_mask(starts, voice).sum())
        found = lexicon.find(text, spans, tokens=tokens, types=set(tokens))
        if found and voice != "all":
            found = [m for m in found if _in_voice(quotes, m.start, m.end, voice)]
        if not found:
            continue
        rows.extend([row] * len(found))
        matches.extend(found)
        if window is not None:
            contexts.extend(
                _context(text, spans, m.token_start, m.token_end, m.start, m.end, window)
                for m in found
            )
            voices.extend(quotes.at(m.start, m.end) for m in found)
    return _Scan(n_tokens, rows, matches, contexts, voices)


#: Texts longer than this (characters) are counted by :func:`_count_long_text`, piece by piece.
_PIECE_CHARS = 1_000_000
_BLANK_LINE_RE = re.compile(r"\n[^\S\n]*\n")


def _pieces(text: str, size: int | None = None) -> Iterable[tuple[int, str]]:
    """``(offset, piece)`` of ``text`` cut at blank lines about every ``size`` characters.

    No token and no phrase crosses a blank line (a paragraph break ends every phrase, see
    :func:`toolkit.tokens.is_joined`), and the cut falls before the line breaks, in
    whitespace, so tokenizing and matching the pieces gives what the whole text gives. A
    text without blank lines after ``size`` characters stays one piece.
    """
    size = _PIECE_CHARS if size is None else size
    start = 0
    while len(text) - start > size:
        blank = _BLANK_LINE_RE.search(text, start + size)
        if blank is None:
            break
        yield start, text[start:blank.start()]
        start = blank.start()
    yield start, text[start:]


def _count_long_text(text: str, lexicon: Lexicon, voice: str) -> tuple[int, list[Match]]:
    """Word tokens in ``voice`` and the lexicon's matches in ``voice`` of one long text,
    matched piece by piece (offsets and token positions of the matches are the whole
    text's)."""
    from dataclasses import replace

    quotes = _Voices(text) if voice != "all" else None  # quotations may cross pieces
    count, seen, found = 0, 0, []
    for offset, piece in _pieces(text):
        tokens, spans = _tokens_and_spans(piece)
        if quotes is None:
            count += len(spans)
        else:
            starts = np.fromiter((s for _, s, _ in spans), dtype=np.int64, count=len(spans))
            count += int(quotes.token_mask(starts + offset, voice).sum())
        for m in lexicon.find(piece, spans, tokens=tokens, types=set(tokens)):
            if quotes is None or _in_voice(quotes, m.start + offset, m.end + offset, voice):
                found.append(replace(m, start=m.start + offset, end=m.end + offset,
                                     token_start=m.token_start + seen,
                                     token_end=m.token_end + seen))
        seen += len(spans)
        del tokens, spans
    return count, found


def _check_window(window: Any) -> int:
    if isinstance(window, bool) or not isinstance(window, int | np.integer) or window < 0:
        raise ValueError(f"`window` must be a non-negative integer, got {window!r}")
    return int(window)


def lexicon_hits(corpus: pd.DataFrame, lexicon: Any, *, window: int = 8, voice: str = "all",
                 progress: bool | None = None) -> pd.DataFrame:
    """Every match of a lexicon in a corpus, with offsets and context: the audit trail.

    Parameters
    ----------
    corpus : pandas.DataFrame
        A corpus (see :func:`toolkit.validate_corpus`).
    lexicon : Lexicon, str, Path, dict or DataFrame
        Anything :func:`load_lexicon` accepts, e.g. ``"loaded_language"``.
    window : int, default 8
        Words of context on each side in ``left`` and ``right``.
    voice : {"all", "outlet", "quoted", "scare_quote"}, default "all"
        Keep only hits in this voice (:mod:`toolkit.voice`). The default keeps every hit:
        this table is the audit trail, and its ``voice`` column shows whose words each hit
        is in.
    progress : bool or None
        Show a progress bar (None: only for 5,000 documents or more).

    Returns
    -------
    pandas.DataFrame
        One row per hit: ``doc_id``, ``outlet``, ``category``, ``entry`` (the lexicon entry
        that matched, e.g. ``russophob*``), ``match`` (the text as written,
        ``text[start:end]``), ``start``, ``end`` (character offsets into the document's
        ``text``), ``left``, ``right`` (``window`` words either side, as written, whitespace
        collapsed), ``in_quote`` (bool: the hit overlaps a quotation) and ``voice``
        (``"outlet"``, ``"quoted"`` or ``"scare_quote"``: whose words they are, see
        :mod:`toolkit.voice`). Sorted by document (corpus order), ``start``, then category
        order.
        Overlaps follow the module's rule (longest match per category, exclusions).
        An empty result still has these columns.

    Example
    -------
    >>> import pandas as pd
    >>> corpus = pd.DataFrame({"doc_id": ["d1"], "text": ["The so-called Kiev\\nregime."]})
    >>> hits = lexicon_hits(corpus, "loaded_language")
    >>> hits[["category", "entry", "match", "start", "end"]].values.tolist()
    [['delegitimising_qualifier', 'so-called', 'so-called', 4, 13], \
['pejorative_label', 'kiev regime', 'Kiev\\nregime', 14, 25]]
    """
    window = _check_window(window)
    voice = _check_voice(voice)
    corpus = validate_corpus(corpus)
    lexicon = load_lexicon(lexicon)
    scan = _scan(corpus, lexicon, window=window, progress=progress, voice=voice)
    texts = corpus["text"].tolist()
    rows = np.asarray(scan.rows, dtype=np.int64)
    table = pd.DataFrame(
        {
            "doc_id": corpus["doc_id"].take(rows).reset_index(drop=True),
            "outlet": corpus["outlet"].take(rows).reset_index(drop=True),
            "category": [m.group for m in scan.matches],
            "entry": [m.entry for m in scan.matches],
            "match": [texts[r][m.start:m.end] for r, m in zip(scan.rows, scan.matches,
                                                               strict=True)],
            "start": np.asarray([m.start for m in scan.matches], dtype=np.int64),
            "end": np.asarray([m.end for m in scan.matches], dtype=np.int64),
            "left": [c[0] for c in scan.contexts],
            "right": [c[1] for c in scan.contexts],
            "in_quote": np.asarray([v[0] for v in scan.voices], dtype=bool),
            "voice": [v[1] for v in scan.voices],
        },
        columns=list(HIT_COLUMNS),
    )
    for column in ("doc_id", "category", "entry", "match", "left", "right", "voice"):
        table[column] = table[column].astype("str")
    return table


def lexicon_counts(corpus: pd.DataFrame, lexicon: Any, *,
                   by: str | Sequence[str] | None = "doc_id", voice: str = "outlet",
                   total: bool = False, weighted: bool | None = None,
                   progress: bool | None = None) -> pd.DataFrame:
    """Hits per category within each group of documents, zeros kept, with a rate per 1,000 words.

    Parameters
    ----------
    corpus : pandas.DataFrame
        A corpus (see :func:`toolkit.validate_corpus`).
    lexicon : Lexicon, str, Path, dict or DataFrame
        Anything :func:`load_lexicon` accepts, e.g. ``"loaded_language"``.
    by : str, list of str or None, default "doc_id"
        Grouping columns, as in :func:`toolkit.term_frequency`: ``"doc_id"`` gives one group
        per document, ``"outlet"`` one per outlet, ``None`` the whole corpus; ``"year"``,
        ``"quarter"``, ``"month"``, ``"week"``, ``"day"`` are derived from ``date``. Missing
        group values form their own group.
    total : bool, default False
        Also give, per group, one row with ``category`` ``"(all)"``
        (:data:`TOTAL_CATEGORY`): every hit of every category, i.e. all the rows of
        :func:`lexicon_hits` for the group (a word listed in two categories counts twice, as
        it has two hit rows). This is the row to use for "loaded words per 1,000 words": do
        not sum ``n_words`` over the category rows, which repeat the same words once per
        category. Off by default so that summing ``count`` over a table does not count hits
        twice.
    weighted : bool or None, default None
        Add the ``weighted`` column (the sum of the hits' weights, an entry without a weight
        counting 1): ``None`` adds it when any entry of the lexicon carries a weight,
        ``True`` always (with an unweighted lexicon it equals ``count``), ``False`` never.
    voice : {"outlet", "quoted", "scare_quote", "all"}, default "outlet"
        Whose words are counted (:mod:`toolkit.voice`). **Default "outlet"**: the words the
        outlet writes outside quotation marks, because a rate of loaded language is read as
        the outlet's own way of talking, and the words of the people it quotes (a senator's
        "radical environmentalist") or holds at a distance with scare quotes are not that.
        ``"quoted"`` counts reported speech, ``"scare_quote"`` distancing quotation marks,
        ``"all"`` every word (the counts of :func:`toolkit.analyze`). Hits *and* the
        denominator ``n_words`` are counted in the chosen voice, so ``per_1k`` is a rate
        within that voice; the three voices add up to ``"all"``.
    progress : bool or None
        Show a progress bar (None: only for 5,000 documents or more).

    Returns
    -------
    pandas.DataFrame
        One row per (group, category), including categories with no hits (``count`` 0): the
        ``by`` columns, ``category``, ``count`` (hits in ``voice``, exactly the rows
        :func:`lexicon_hits` with the same ``voice`` returns for that group and category),
        ``n_words`` (word tokens of the group in ``voice``; with ``voice="all"`` the same
        denominator as :func:`toolkit.term_frequency`'s ``n_words``; it repeats on each
        category row of a group), ``per_1k`` (``count / n_words * 1000``: per 1,000 words in
        ``voice``; NaN for a group without words) and, when any entry of the lexicon has a weight,
        ``weighted`` (sum of the weights of the hits; entries without a weight count 1).
        Sorted by group, then category in lexicon order (the ``"(all)"`` row last).
        ``n_words`` replaces the former ``n_tokens`` (same values).

    Example
    -------
    >>> import pandas as pd
    >>> corpus = pd.DataFrame({"doc_id": ["d1", "d2"], "outlet": ["A", "B"],
    ...                        "text": ["A brutal, shameful menace.", "Talks went on."]})
    >>> table = lexicon_counts(corpus, "loaded_language", by="outlet")
    >>> table[table["category"] == "fear_threat"][["outlet", "count", "n_words", "per_1k"]].values.tolist()
    [['A', 1, 4, 250.0], ['B', 0, 3, 0.0]]
    """
    if not isinstance(total, bool):
        raise TypeError(f"`total` must be True or False, got {total!r}")
    if weighted is not None and not isinstance(weighted, bool):
        raise TypeError(f"`weighted` must be True, False or None, got {weighted!r}")
    voice = _check_voice(voice)
    corpus = validate_corpus(corpus)
    lexicon = load_lexicon(lexicon)
    by_columns = resolve_by(by)
    keys = group_keys(corpus, by_columns)
    codes, groups = group_codes(keys)
    scan = _scan(corpus, lexicon, window=None, progress=progress, voice=voice)
    n_groups = len(groups)
    categories = list(lexicon.categories)
    category_of = lexicon._category_index
    hit_groups = codes[np.asarray(scan.rows, dtype=np.int64)]
    hit_categories = np.asarray([category_of[m.group] for m in scan.matches], dtype=np.int64)
    counts = np.zeros((n_groups, len(categories)), dtype=np.int64)
    np.add.at(counts, (hit_groups, hit_categories), 1)
    add_weighted = lexicon.has_weights if weighted is None else weighted
    weighted = None
    if add_weighted:
        weights = lexicon._weights if lexicon.has_weights else {}
        weighted = np.zeros((n_groups, len(categories)), dtype=np.float64)
        np.add.at(weighted, (hit_groups, hit_categories),
                  np.asarray([weights.get((m.group, m.entry), 1.0) for m in scan.matches],
                             dtype=float))
    if total:
        categories.append(TOTAL_CATEGORY)
        counts = np.hstack([counts, counts.sum(axis=1, keepdims=True)])
        if weighted is not None:
            weighted = np.hstack([weighted, weighted.sum(axis=1, keepdims=True)])
    n_categories = len(categories)
    words = np.bincount(codes, weights=scan.n_tokens, minlength=n_groups)[:n_groups]
    table = groups.iloc[np.repeat(np.arange(n_groups), n_categories)].reset_index(drop=True)
    table["category"] = pd.array(categories * n_groups, dtype="str")
    table["count"] = counts.reshape(-1)
    table["n_words"] = np.repeat(words.astype(np.int64), n_categories)
    table["per_1k"] = table["count"] / table["n_words"].where(table["n_words"] > 0) * 1000
    columns = [*by_columns, *COUNT_COLUMNS]
    if weighted is not None:
        table["weighted"] = weighted.reshape(-1)
        columns.append("weighted")
    return table[columns]
