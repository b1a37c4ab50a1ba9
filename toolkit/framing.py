"""Framing-term shares: which of several competing names for one thing does each group use?

A *term set* maps labels to the variants that count for them, for example
``{"Kyiv": ["kyiv"], "Kiev": ["kiev"]}`` or ``{"invasion": ["invasion", "full-scale
invasion"], "special operation": ["special military operation", "special operation"]}``.
:func:`term_share` counts each label in each group and reports its share of all mentions of
the set there; :func:`load_term_sets` reads sets from the bundled file
(``toolkit/data/term_sets/russia_ukraine.yaml``, described in the README next to it) or from
your own YAML or CSV.

Matching
--------
Variants are matched by :class:`toolkit.PhraseMatcher`: case-insensitive, whole words, curly
and straight apostrophes alike, an exact word also matching its possessive (``kyiv`` finds
``Kyiv’s``), ``*`` and ``?`` as wildcards within a word, and phrases found across line
breaks and quotation marks (``special\\nmilitary “operation”``) but not across other
punctuation or a blank line.

All variants of one set are matched together, so where matches of different labels overlap
in a text only one counts: the leftmost, and of those starting at the same word the longest
(then an exact word before a glob, then the label listed first). ``the “special military
operation”`` therefore counts once, for the label whose variant is ``special military
operation``, even if another label lists ``military operation``; a label's match inside a
longer match of another label does not count. Different sets are independent.
"""

from __future__ import annotations

import csv
import io
import os
import reprlib
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from scipy import sparse, stats

from toolkit._errors import check_choice, format_message, preview
from toolkit._grouping import PERIODS, group_codes, group_keys, period_labels, resolve_by
from toolkit._progress import progress_bar
from toolkit.corpus import validate_corpus
from toolkit.matcher import PhraseMatcher, parse_entry
from toolkit.voice import _check_voice, _in_voice, _Voices

__all__ = ["term_share", "term_hits", "load_term_sets", "TermSets", "TermSetError",
           "TERM_SHARE_COLUMNS", "TERM_HIT_COLUMNS"]

TERM_SHARE_COLUMNS = (
    "label", "count", "total", "share", "ci_low", "ci_high", "per_10k", "n_words",
)
_TOP_KEYS = ("version", "description", "sets")
_SET_KEYS = ("note", "terms")
_LABEL_KEYS = ("variants", "note")
_CSV_COLUMNS = ("set", "label", "variant", "note")
_SUFFIXES = (".yaml", ".yml", ".csv")


class TermSetError(ValueError):
    """A term-set file or mapping is malformed; the message names the file, set and label."""


class TermSets(dict):
    """Term sets read by :func:`load_term_sets`: ``{set name: {label: [variants]}}``.

    A plain ``dict`` (pass it, or one of its sets, to :func:`term_share`) that also carries
    the notes of the file.

    Attributes
    ----------
    description : str
        The file's description.
    version : object
        The file's ``version`` (None when it has none, e.g. a CSV).
    notes : dict
        ``{set name: note}``.
    label_notes : dict
        ``{set name: {label: note}}`` (who uses which label).
    source : str
        Where the sets were read from.
    """

    def __init__(self, sets=(), *, description: str = "", notes: Mapping | None = None,
                 label_notes: Mapping | None = None, source: str = "",
                 version: object = None):
        super().__init__(sets)
        self.description = description
        self.version = version
        self.notes = dict(notes or {})
        self.label_notes = {name: dict(labels) for name, labels in (label_notes or {}).items()}
        self.source = source

    def to_frame(self) -> pd.DataFrame:
        """One row per variant: ``set``, ``label``, ``variant``, ``note`` (the label's note).

        Example
        -------
        >>> load_term_sets("russia_ukraine").to_frame().columns.tolist()
        ['set', 'label', 'variant', 'note']
        """
        rows = [
            (name, label, variant, self.label_notes.get(name, {}).get(label, ""))
            for name, labels in self.items()
            for label, variants in labels.items()
            for variant in variants
        ]
        return pd.DataFrame(rows, columns=["set", "label", "variant", "note"])


# --------------------------------------------------------------------------- validation


def _fail(what: str, where: str, fix: str | None = None) -> TermSetError:
    return TermSetError(format_message(what, where=where, fix=fix))


def _check_keys(mapping: Mapping, allowed: Sequence[str], where: str) -> None:
    unknown = [key for key in mapping if key not in allowed]
    if unknown:
        raise _fail(f"unknown keys {preview(map(str, unknown))}", where,
                    f"allowed keys here are {', '.join(allowed)}")


def _check_name(name: object, kind: str, where: str) -> str:
    if not isinstance(name, str) or not name.strip():
        raise _fail(f"{kind} name {name!r} is not a non-empty text", where,
                    f"write the {kind} name as text (quote it in YAML, e.g. '2022')")
    return name


def _variants(value: object, where: str) -> list[str]:
    """A label's variants as a validated list of entries."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, Sequence) or isinstance(value, (bytes, bytearray)):
        raise _fail(f"variants must be a list of words or phrases, got {type(value).__name__}",
                    where, "write e.g. variants: [kyiv, kyiv's]")
    if not value:
        raise _fail("no variants", where, "list at least one word, phrase or glob")
    checked = []
    for variant in value:
        if not isinstance(variant, str) or not variant.strip():
            shown = reprlib.repr(variant)
            fix = "remove it or write the word"
            if isinstance(variant, int | float) and not isinstance(variant, bool):
                fix = "YAML read it as a number: put it in quotes, as written in the text"
            raise _fail(f"empty or non-text variant {shown}", where, fix)
        try:
            parse_entry(variant)
        except ValueError as err:
            raise _fail(f"bad variant {variant!r}: {err}", where) from None
        checked.append(variant.strip())
    return checked


def _check_duplicates(labels: Mapping[str, list[str]], where: str) -> None:
    """A variant may not count for two labels of one set."""
    owner: dict[tuple, tuple[str, str]] = {}
    for label, variants in labels.items():
        for variant in variants:
            key = tuple(p if isinstance(p, str) else p.pattern for p in parse_entry(variant))
            previous = owner.setdefault(key, (label, variant))
            if previous[0] != label:
                raise _fail(
                    f"variant {variant!r} of label {label!r} is the same as {previous[1]!r} of "
                    f"label {previous[0]!r}",
                    where,
                    "a variant can count for only one label of a set; remove one",
                )


def _label_mapping(terms: object, where: str) -> dict[str, list[str]]:
    """Validate ``{label: [variants]}``."""
    if not isinstance(terms, Mapping) or not terms:
        raise _fail("a term set must be a non-empty mapping of labels to variants", where,
                    'e.g. {"Kyiv": ["kyiv"], "Kiev": ["kiev"]}')
    labels = {}
    for label, variants in terms.items():
        label = _check_name(label, "label", where)
        labels[label] = _variants(variants, f"{where}, label {label!r}")
    _check_duplicates(labels, where)
    return labels


def _as_sets(terms: object) -> list[tuple[str | None, dict[str, list[str]]]]:
    """``terms`` as a list of (set name or None, {label: [variants]})."""
    if not isinstance(terms, Mapping) or not terms:
        raise TermSetError(
            "`terms` must be a non-empty mapping of labels to variants, e.g. "
            '{"Kyiv": ["kyiv"], "Kiev": ["kiev"]}, or of set names to such mappings '
            '(toolkit.load_term_sets("russia_ukraine")); got '
            f"{type(terms).__name__}"
        )
    nested = [isinstance(value, Mapping) for value in terms.values()]
    if all(nested):
        return [(_check_name(name, "set", "`terms`"),
                 _label_mapping(labels, f"`terms`, set {name!r}"))
                for name, labels in terms.items()]
    if any(nested):
        raise TermSetError(
            "`terms` mixes labels (with lists of variants) and sets (with mappings); pass "
            "either one set {label: [variants]} or several {set: {label: [variants]}}"
        )
    return [(None, _label_mapping(terms, "`terms`"))]


# --------------------------------------------------------------------------- loading


def _bundled_dir():
    return resources.files("toolkit") / "data" / "term_sets"


def _bundled_names() -> list[str]:
    return sorted(entry.name[: -len(".yaml")] for entry in _bundled_dir().iterdir()
                  if entry.name.endswith(".yaml"))


def _words_loader() -> type:
    """PyYAML's safe loader, except that YAML 1.1 booleans stay the words they are.

    ``no``, ``NO`` (Norway), ``on``, ``off``, ``yes``, ``y``, ``n``, ``true`` and ``false``
    are words a term set may well list; the safe loader would turn them into True/False.
    Numbers and nulls are still resolved (and refused as variants, with a hint to quote).
    """
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = type("_WordsLoader", (base,), {})
    loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    return loader


def _parse_yaml(text: str, where: str, default_name: str) -> TermSets:
    try:
        data = yaml.load(text, Loader=_words_loader())  # a SafeLoader: no tags run code
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(err, "problem", None) or str(err)
        raise _fail(f"cannot parse YAML ({problem})", f"{where}{line}",
                    "check the indentation and quote texts that contain ':' or '#'") from None
    if not isinstance(data, dict) or not data:
        raise _fail("expected a mapping with a 'sets' key, or {label: [variants]}", where,
                    "see toolkit/data/term_sets/russia_ukraine.yaml for the schema")
    if "sets" not in data:
        if any(isinstance(value, Mapping) for value in data.values()):
            raise _fail(
                "top-level keys hold mappings but there is no 'sets' key", where,
                "put your sets under 'sets:' (each with 'terms:'), or write a single set as "
                "{label: [variants]}",
            )
        return TermSets({default_name: _label_mapping(data, where)}, source=where)
    _check_keys(data, _TOP_KEYS, where)
    sets_data = data["sets"]
    if not isinstance(sets_data, dict) or not sets_data:
        raise _fail("'sets' must be a non-empty mapping of set names to sets", where)
    sets, notes, label_notes = {}, {}, {}
    for name, body in sets_data.items():
        name = _check_name(name, "set", where)
        set_where = f"{where}, set {name!r}"
        if not isinstance(body, dict):
            raise _fail(f"a set must be a mapping with 'terms', got {type(body).__name__}",
                        set_where)
        _check_keys(body, _SET_KEYS, set_where)
        if "terms" not in body:
            raise _fail("missing 'terms'", set_where, "add terms: {label: {variants: [...]}}")
        terms = body["terms"]
        if not isinstance(terms, dict) or not terms:
            raise _fail("'terms' must be a non-empty mapping of labels", set_where)
        labels, notes_of_labels = {}, {}
        for label, spec in terms.items():
            label = _check_name(label, "label", set_where)
            label_where = f"{set_where}, label {label!r}"
            if isinstance(spec, dict):
                _check_keys(spec, _LABEL_KEYS, label_where)
                if "variants" not in spec:
                    raise _fail("missing 'variants'", label_where)
                labels[label] = _variants(spec["variants"], label_where)
                notes_of_labels[label] = str(spec.get("note") or "")
            else:
                labels[label] = _variants(spec, label_where)
                notes_of_labels[label] = ""
        _check_duplicates(labels, set_where)
        sets[name] = labels
        notes[name] = str(body.get("note") or "")
        label_notes[name] = notes_of_labels
    return TermSets(sets, description=str(data.get("description") or ""), notes=notes,
                    label_notes=label_notes, source=where, version=data.get("version"))


def _parse_csv(text: str, where: str) -> TermSets:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        raise _fail("the file is empty", where, "add a header row: set,label,variant,note")
    fields = [str(field).strip().lower() for field in reader.fieldnames]
    missing = [c for c in ("set", "label", "variant") if c not in fields]
    unknown = [f for f in fields if f not in _CSV_COLUMNS]
    if missing or unknown:
        problem = f"missing columns {preview(missing)}" if missing else ""
        if unknown:
            problem += ("; " if problem else "") + f"unknown columns {preview(unknown)}"
        raise _fail(f"{problem} (header: {', '.join(fields)})", where,
                    "use the columns set, label, variant and optionally note")
    reader.fieldnames = fields
    sets: dict[str, dict[str, list[str]]] = {}
    label_notes: dict[str, dict[str, str]] = {}
    for row in reader:
        row_where = f"{where}, line {reader.line_num}"
        if None in row:
            raise _fail("the row has more fields than the header", row_where,
                        "quote values that contain commas")
        values = {key: (row.get(key) or "").strip() for key in _CSV_COLUMNS}
        for key in ("set", "label", "variant"):
            if not values[key]:
                raise _fail(f"empty {key!r}", row_where, f"fill in the {key} or delete the row")
        variant = _variants([values["variant"]], f"{row_where}, label {values['label']!r}")[0]
        sets.setdefault(values["set"], {}).setdefault(values["label"], []).append(variant)
        notes = label_notes.setdefault(values["set"], {})
        if values["note"] and not notes.get(values["label"]):
            notes[values["label"]] = values["note"]
    if not sets:
        raise _fail("the file has a header but no rows", where)
    for name, labels in sets.items():
        _check_duplicates(labels, f"{where}, set {name!r}")
    return TermSets(sets, label_notes=label_notes, source=where)


def load_term_sets(source: str | os.PathLike) -> TermSets:
    """Read competing-term sets by bundled name or from a YAML or CSV file.

    Parameters
    ----------
    source : str or path
        A bundled name (``"russia_ukraine"``: place names Kyiv/Kiev, Kharkiv/Kharkov, ...,
        war/invasion/special military operation/conflict/crisis, government/regime,
        occupied/liberated, annexation/reunification/accession and more; see
        ``toolkit/data/term_sets/README.md``) or the path of your own file:

        * YAML in the bundled schema: ``sets: {<set>: {note: ..., terms: {<label>:
          {variants: [...], note: ...}}}}`` (a label may also map straight to its list of
          variants), with optional top-level ``version`` and ``description``;
        * YAML holding one set, ``{<label>: [variants]}``, named after the file;
        * CSV with columns ``set``, ``label``, ``variant`` and optionally ``note``, one
          variant per row.

        YAML is read with PyYAML's safe loader, except that YAML 1.1 booleans are read as
        the words they are: ``no``, ``NO`` (Norway), ``on``, ``off``, ``yes``, ``true``
        need no quotes. Numbers do (``'1945'``).

    Returns
    -------
    TermSets
        ``{set name: {label: [variants]}}`` (a dict), with ``.notes``, ``.label_notes``,
        ``.description``, ``.version``, ``.source`` and ``.to_frame()``.

    Raises
    ------
    TermSetError
        A ``source`` that is not a name or path (a dict of terms goes straight to
        :func:`term_share`), unknown name (the bundled names are listed), missing file,
        unknown keys or
        columns, an empty label or variant, a bad glob, or one variant under two labels of a
        set; the message names the file, set, label (and CSV line).

    Example
    -------
    >>> sets = load_term_sets("russia_ukraine")
    >>> sets["capital"]
    {'Kyiv': ['kyiv'], 'Kiev': ['kiev']}
    """
    if not isinstance(source, str | os.PathLike):
        raise TermSetError(
            format_message(
                f"load_term_sets reads a bundled name or a file path, got a "
                f"{type(source).__name__}",
                where="the argument `source`",
                fix="pass a dict of terms straight to term_share(corpus, terms=...), or save "
                    "it as YAML and pass the file's path",
            )
        )
    if isinstance(source, str) and Path(source).suffix == "" and "/" not in source \
            and os.sep not in source:
        entry = _bundled_dir() / f"{source}.yaml"
        if not entry.is_file():
            raise TermSetError(
                format_message(
                    f"unknown term-set name {source!r}",
                    where=f"the bundled sets ({', '.join(_bundled_names())})",
                    fix="use one of those, or pass the path of your own .yaml or .csv file",
                )
            )
        return _parse_yaml(entry.read_text(encoding="utf-8"), f"bundled term sets {source!r}",
                           source)
    path = Path(source)
    if path.suffix.lower() not in _SUFFIXES:
        raise _fail(f"unknown term-set file type {path.suffix!r}", str(path),
                    f"use one of {', '.join(_SUFFIXES)}")
    if not path.is_file():
        raise _fail("file not found", str(path), "check the path")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise _fail(f"not valid UTF-8 (byte offset {err.start})", str(path),
                    "re-save the file as UTF-8") from None
    if path.suffix.lower() == ".csv":
        return _parse_csv(text, str(path))
    return _parse_yaml(text, str(path), path.stem)


# --------------------------------------------------------------------------- shares


def _wilson(count: np.ndarray, total: np.ndarray, level: float) -> tuple[np.ndarray, ...]:
    """Wilson score interval for count/total (NaN where total is 0)."""
    z = stats.norm.ppf(0.5 + level / 2.0)
    count, total = count.astype(float), total.astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = count / total
        denominator = 1.0 + z**2 / total
        centre = (p + z**2 / (2.0 * total)) / denominator
        half = z * np.sqrt(p * (1.0 - p) / total + z**2 / (4.0 * total**2)) / denominator
    # exact at the ends (rounding would leave 1e-17 for a share of 0)
    low = np.where(count == 0, 0.0, np.clip(centre - half, 0.0, 1.0))
    high = np.where(count == total, 1.0, np.clip(centre + half, 0.0, 1.0))
    return low, high


def _bootstrap(doc_counts: sparse.csr_matrix, codes: np.ndarray, n_groups: int,
               set_columns: list[np.ndarray], level: float, n_boot: int,
               rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Percentile intervals of each share from resampling documents within each group."""
    n_columns = doc_counts.shape[1]
    low = np.full((n_groups, n_columns), np.nan)
    high = np.full((n_groups, n_columns), np.nan)
    quantiles = [(1.0 - level) / 2.0, 1.0 - (1.0 - level) / 2.0]
    for group in range(n_groups):
        docs = np.flatnonzero(codes == group)
        n_docs = len(docs)
        counts = doc_counts[docs].toarray().astype(float)
        replicates = np.empty((n_boot, n_columns))
        batch = max(1, 2_000_000 // n_docs)
        for first in range(0, n_boot, batch):
            size = min(batch, n_boot - first)
            weights = rng.multinomial(n_docs, np.full(n_docs, 1.0 / n_docs), size=size)
            replicates[first : first + size] = weights @ counts
        for columns in set_columns:
            sample = replicates[:, columns]
            totals = sample.sum(axis=1)
            usable = totals > 0
            if not usable.any():
                continue
            bounds = np.quantile(sample[usable] / totals[usable, None], quantiles, axis=0)
            # every resample has the same share (0 or 1) when all documents agree; a
            # zero-width interval would claim certainty, so use the Wilson interval with the
            # documents that mention the set as the trials instead
            degenerate = bounds[0] == bounds[1]
            if degenerate.any():
                n_mentioning = int((counts[:, columns].sum(axis=1) > 0).sum())
                share = bounds[0][degenerate]
                wilson_low, wilson_high = _wilson(np.round(share * n_mentioning),
                                                  np.full(share.shape, n_mentioning), level)
                bounds[0][degenerate], bounds[1][degenerate] = wilson_low, wilson_high
            low[group, columns], high[group, columns] = bounds[0], bounds[1]
    return low, high


def term_share(
    corpus: pd.DataFrame,
    terms: Mapping,
    *,
    by: str | Sequence[str] | None = "outlet",
    period: str | None = None,
    interval: str = "wilson",
    level: float = 0.95,
    n_boot: int = 1000,
    random_state: int | np.random.Generator | None = None,
    voice: str = "outlet",
    progress: bool | None = None,
) -> pd.DataFrame:
    """Each label's share of the mentions of its term set, per group (and period).

    Parameters
    ----------
    corpus : pandas.DataFrame
        A corpus (see :func:`toolkit.validate_corpus`); it is not modified.
    terms : mapping
        One set ``{label: [variants]}`` (a single string is one variant), e.g.
        ``{"Kyiv": ["kyiv"], "Kiev": ["kiev"]}``; or several sets ``{set: {label:
        [variants]}}`` such as ``toolkit.load_term_sets("russia_ukraine")``, which adds a
        ``set`` column. Variants are words, phrases or globs; how they match and how
        overlapping matches of different labels are resolved is in :mod:`toolkit.framing`.
    by : str, list of str or None, default "outlet"
        Grouping columns (``None``: the whole corpus is one group). Missing values form
        their own group.
    period : {"year", "quarter", "month", "week", "day"} or None
        Also group by the period of ``date`` (``"2022"``, ``"2022Q1"``, ``"2022-03"``, ...),
        in a ``period`` column. Documents without a date form their own (missing) period.
    interval : {"wilson", "bootstrap"}, default "wilson"
        How ``ci_low``/``ci_high`` are computed. ``"wilson"``: the Wilson score interval
        for a binomial proportion with n = ``total``. It assumes mentions are independent;
        mentions cluster in documents (an article that says "Kiev" once says it again), so
        it is optimistic (too narrow) when a few documents supply most mentions.
        ``"bootstrap"``: percentile interval from ``n_boot`` resamples of the group's
        *documents* with replacement, which respects that clustering (but is itself rough
        for groups of few documents). Where all documents agree (every resample gives a
        share of 0 or 1), the Wilson interval with the number of documents that mention the
        set as trials is used instead of a zero-width interval.
    level : float, default 0.95
        Confidence level of the interval.
    n_boot : int, default 1000
        Bootstrap resamples (``interval="bootstrap"`` only).
    random_state : int, numpy Generator or None
        Seed for the bootstrap, for reproducible intervals.
    voice : {"outlet", "quoted", "scare_quote", "all"}, default "outlet"
        Whose mentions are counted (:mod:`toolkit.voice`). **Default "outlet"**: a share is
        read as the outlet's own choice of name, and a name inside quotation marks is someone
        else's word or one the outlet holds at a distance (``Moscow is now calling the land
        grab “reunification”``). Names in reported speech *without* quotation marks
        (``Russia said it killed mercenaries``) stay in the outlet's voice: the voice model
        only sees quotation marks. ``"quoted"`` counts the names in reported
        speech, ``"scare_quote"`` those in distancing quotation marks, ``"all"`` every mention.
        ``n_words`` and ``per_10k`` are counted in the same voice. :func:`term_hits` lists
        the matches with their voice.
    progress : bool or None
        Show a progress bar while matching.

    Returns
    -------
    pandas.DataFrame
        One row per group × label, zeros kept (a label a group never uses has ``count`` 0
        and ``share`` 0): the ``by`` columns, ``period`` (if asked), ``set`` (for several
        sets), ``label``, ``count`` (mentions), ``total`` (mentions of all labels of the set
        in the group), ``share`` (``count / total``; NaN when ``total`` is 0),
        ``ci_low``, ``ci_high`` (the interval), ``per_10k`` (``count`` per 10,000
        words of the group in ``voice``) and ``n_words`` (word tokens of the group in
        ``voice``, as :func:`toolkit.tokenize` counts them; with ``voice="all"`` the same
        denominator as ``n_words`` in :func:`toolkit.term_frequency` and
        :func:`toolkit.lexicon_counts`; formerly ``n_tokens``). Groups in sorted order, labels in
        the order
        given. ``table.attrs`` records ``interval`` and ``level``.

    Raises
    ------
    TermSetError
        Malformed ``terms`` (no labels, empty or bad variant, one variant under two labels).
    ValueError
        An unknown ``by`` column, ``period`` or ``interval``, or a corpus with no documents.

    Example
    -------
    >>> import toolkit
    >>> shares = toolkit.term_share(toolkit.demo_corpus(), {"Kyiv": ["kyiv"], "Kiev": ["kiev"]})
    >>> shares.pivot(index="outlet", columns="label", values="share")  # doctest: +SKIP
    """
    sets = _as_sets(terms)
    voice = _check_voice(voice)
    check_choice("interval", interval, ("wilson", "bootstrap"))
    if period is not None:
        check_choice("period", period, list(PERIODS))
    if not isinstance(level, float | int) or not 0 < level < 1:
        raise ValueError(f"`level` must be between 0 and 1, got {level!r}")
    if not isinstance(n_boot, int) or isinstance(n_boot, bool) or n_boot < 1:
        raise ValueError(f"`n_boot` must be a positive integer, got {n_boot!r}")
    corpus = validate_corpus(corpus)
    if corpus.empty:
        raise ValueError("the corpus has no documents; term shares need at least one")
    by_columns = resolve_by(by)
    keys = group_keys(corpus, by_columns)
    if period is not None:
        if "period" in by_columns:
            raise ValueError("`by` already has a 'period' column; rename it or drop `period`")
        keys["period"] = period_labels(corpus["date"], period).to_numpy()
    codes, groups = group_codes(keys)
    n_groups = len(groups)

    columns, set_columns, matcher, column_of = _set_columns(sets)
    n_texts = len(corpus)
    n_tokens, found = _match_terms(corpus, matcher, voice=voice, progress=progress)
    hit_rows = [row for row, _, _, _ in found]
    hit_columns = [column_of[(m.group, m.entry)] for _, m, _, _ in found]
    doc_counts = sparse.csr_matrix(
        (np.ones(len(hit_rows), dtype=np.int64), (hit_rows, hit_columns)),
        shape=(n_texts, len(columns)),
    )
    indicator = sparse.csr_matrix(
        (np.ones(n_texts, dtype=np.int64), (codes, np.arange(n_texts))),
        shape=(n_groups, n_texts),
    )
    counts = np.asarray((indicator @ doc_counts).toarray(), dtype=np.int64)
    group_tokens = np.bincount(codes, weights=n_tokens, minlength=n_groups).astype(np.int64)
    totals = np.zeros_like(counts)
    for cols in set_columns:
        totals[:, cols] = counts[:, cols].sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = counts / totals
        per_10k = counts / group_tokens[:, None] * 10_000
    if interval == "wilson":
        low, high = _wilson(counts, totals, level)
    else:
        low, high = _bootstrap(doc_counts, codes, n_groups, set_columns, level, n_boot,
                               np.random.default_rng(random_state))
    low, high = np.where(totals > 0, low, np.nan), np.where(totals > 0, high, np.nan)

    group_index = np.repeat(np.arange(n_groups), len(columns))
    table = groups.iloc[group_index].reset_index(drop=True)
    if sets[0][0] is not None:
        table["set"] = [name for name, _ in columns] * n_groups
    table["label"] = [label for _, label in columns] * n_groups
    table["count"] = counts.ravel()
    table["total"] = totals.ravel()
    table["share"] = share.ravel()
    table["ci_low"] = low.ravel()
    table["ci_high"] = high.ravel()
    table["per_10k"] = per_10k.ravel()
    table["n_words"] = group_tokens[group_index]
    table.attrs.update({"interval": interval, "level": level})
    return table


TERM_HIT_COLUMNS = ("doc_id", "outlet", "set", "label", "variant", "match", "start", "end",
                    "left", "right", "in_quote", "voice")


def _set_columns(sets):
    """One column per (set, label), one matcher group per set, and the column of each
    (group, variant)."""
    columns: list[tuple[str | None, str]] = []
    set_columns: list[np.ndarray] = []
    entries: list[tuple[str, str]] = []
    column_of: dict[tuple[str, str], int] = {}
    for index, (name, labels) in enumerate(sets):
        first = len(columns)
        for label, variants in labels.items():
            for variant in variants:
                entries.append((variant, str(index)))
                column_of.setdefault((str(index), variant), len(columns))
            columns.append((name, label))
        set_columns.append(np.arange(first, len(columns)))
    return columns, set_columns, PhraseMatcher(entries), column_of


def _match_terms(corpus: pd.DataFrame, matcher: PhraseMatcher, *, voice: str,
                 progress: bool | None, window: int | None = None):
    """Tokens in ``voice`` per text, and ``(row, match, (in_quote, voice) or None, (left,
    right) or None)`` for every match in ``voice`` (with ``window``: the voice of each match
    and its context of ``window`` words, as :func:`term_hits` shows them).

    Read from the corpus's shared scan (:func:`toolkit.scan`): the word counts in ``voice``
    are a view shared with :mod:`toolkit.lexicon`, and only the documents with a token at
    which a variant may start are tokenized again and matched (the others have no match).
    The matches are kept in the scan for a repeated call (read-only: a tuple).
    """
    from toolkit._views import candidate_rows, document_spans, voice_words
    from toolkit.scan import scan

    found_scan = scan(corpus)
    texts = corpus["text"].tolist()
    n_tokens = voice_words(found_scan, texts, voice, progress=progress)

    from toolkit.lexicon import _context

    annotate = window is not None

    def compute() -> tuple[tuple, ...]:
        found: list[tuple] = []
        rows = candidate_rows(found_scan, matcher).tolist()
        for row in progress_bar(rows, total=len(rows), desc="matching terms",
                                progress=progress):
            text = texts[row]
            spans = document_spans(found_scan, row, text)
            quotes = _Voices(text) if voice != "all" or annotate else None
            for m in matcher.find_in_spans(text, spans):
                if voice != "all" and not _in_voice(quotes, m.start, m.end, voice):
                    continue
                if annotate:
                    found.append((row, m, quotes.at(m.start, m.end),
                                  _context(text, spans, m.token_start, m.token_end, m.start,
                                           m.end, window)))
                else:
                    found.append((row, m, None, None))
        return tuple(found)

    return n_tokens, found_scan.view(("term matches", tuple(matcher.entries), voice, window),
                                     compute)


def term_hits(corpus: pd.DataFrame, terms: Mapping, *, window: int = 8, voice: str = "all",
              progress: bool | None = None) -> pd.DataFrame:
    """Every mention counted by :func:`term_share`, with its context and voice: the audit trail.

    Parameters
    ----------
    corpus : pandas.DataFrame
        A corpus (see :func:`toolkit.validate_corpus`); it is not modified.
    terms : mapping
        Term set(s), as for :func:`term_share`.
    window : int, default 8
        Words of context on each side in ``left`` and ``right``.
    voice : {"all", "outlet", "quoted", "scare_quote"}, default "all"
        Keep only mentions in this voice. The default lists every mention, so that the
        ``voice`` column shows which of them ``term_share(voice="outlet")`` leaves out.
    progress : bool or None
        Show a progress bar while matching.

    Returns
    -------
    pandas.DataFrame
        One row per mention, in corpus order then by ``start``: ``doc_id``, ``outlet``,
        ``set`` (missing for a single set), ``label``, ``variant`` (the variant that matched),
        ``match`` (as written, ``text[start:end]``), ``start``, ``end``, ``left``, ``right``
        (``window`` words either side, whitespace collapsed), ``in_quote`` (bool: the
        mention overlaps a quotation) and ``voice`` (``"outlet"``, ``"quoted"`` or
        ``"scare_quote"``, see :mod:`toolkit.voice`).

    Example
    -------
    >>> import pandas as pd
    >>> corpus = pd.DataFrame({"doc_id": ["d1"], "text": [
    ...     "Kyiv said the “Kiev regime” line is old. Kyiv is calm."]})
    >>> hits = term_hits(corpus, {"Kyiv": ["kyiv"], "Kiev": ["kiev"]})
    >>> hits[["label", "match", "in_quote", "voice"]].values.tolist()
    [['Kyiv', 'Kyiv', False, 'outlet'], ['Kiev', 'Kiev', True, 'quoted'], \
['Kyiv', 'Kyiv', False, 'outlet']]
    """
    from toolkit.lexicon import _check_window

    sets = _as_sets(terms)
    window = _check_window(window)
    voice = _check_voice(voice)
    corpus = validate_corpus(corpus)
    columns, _, matcher, column_of = _set_columns(sets)
    texts = corpus["text"].tolist()
    _, found = _match_terms(corpus, matcher, voice=voice, progress=progress, window=window)
    records = []
    for row, m, (in_quote, which), (left, right) in found:
        name, label = columns[column_of[(m.group, m.entry)]]
        text = texts[row]
        records.append((row, name, label, m.entry, text[m.start:m.end], m.start, m.end, left,
                        right, in_quote, which))
    rows = np.asarray([r[0] for r in records], dtype=np.int64)
    return pd.DataFrame(
        {
            "doc_id": corpus["doc_id"].take(rows).reset_index(drop=True),
            "outlet": corpus["outlet"].take(rows).reset_index(drop=True),
            "set": pd.array([r[1] for r in records], dtype="str"),
            "label": pd.array([r[2] for r in records], dtype="str"),
            "variant": pd.array([r[3] for r in records], dtype="str"),
            "match": pd.array([r[4] for r in records], dtype="str"),
            "start": np.asarray([r[5] for r in records], dtype=np.int64),
            "end": np.asarray([r[6] for r in records], dtype=np.int64),
            "left": pd.array([r[7] for r in records], dtype="str"),
            "right": pd.array([r[8] for r in records], dtype="str"),
            "in_quote": np.asarray([r[9] for r in records], dtype=bool),
            "voice": pd.array([r[10] for r in records], dtype="str"),
        },
        columns=list(TERM_HIT_COLUMNS),
    )
