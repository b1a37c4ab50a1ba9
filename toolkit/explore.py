"""Explore a corpus in JupyterLab: one panel from the overview down to the sentences.

:func:`explore` returns an ipywidgets panel. Its controls choose the outlets, a period (a
month range), a *view* (one competing-term set, one lexicon category or one actor), the
normalisation (share of the set's mentions, per 1,000 or 10,000 words, raw count) and, where
the toolkit has a voice model, the voice. Its outputs update from those controls:

* the **framing fingerprint**: outlets × term sets, the share of one label per set (the label
  chosen for the viewed set, the first label of the others), with the number of mentions of
  the set in each cell;
* the viewed measure **per outlet over time** (chart and table);
* **key terms** of one outlet against the other selected outlets (:func:`toolkit.keyness`);
* the **evidence**: pick a cell (outlet × label) or a key term and its occurrences are listed
  with title, date, document id and character offsets;
* **export**: the table as CSV, the figures as PNG and SVG, and the toolkit calls that
  reproduce the selection, as text for a notebook cell.

Speed: the corpus is read once when the panel is made (every document tokenized once, the
term sets, lexicon and actors matched in the same pass; the document-term matrix for key
terms is built at the first key-term update). Every later update filters and sums those
per-document tables instead of reading the texts again.

Counting is the toolkit's own: words are :func:`toolkit.token_spans` tokens (the ``n_words``
denominator of every rate), term sets are matched as in :func:`toolkit.term_share` (all
variants of one set together, overlaps resolved once), lexicon hits are exactly
:meth:`toolkit.Lexicon.find`'s (as in :func:`toolkit.lexicon_hits`); the tests check the
panel's tables against those functions.

Every string from the corpus or from term-set and lexicon files is HTML-escaped before it is
put into the panel's HTML.
"""

from __future__ import annotations

import html
import inspect
import io
import sys
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["explore", "Explorer", "INSTALL_HINT"]

INSTALL_HINT = (
    "toolkit.explore needs ipywidgets (Jupyter's widget library) and a Jupyter kernel: "
    "pip install ipywidgets  (or: pip install 'discourse-toolkit[notebooks]'), then open "
    "the notebook in JupyterLab 4 (jupyter lab)."
)

_KINDS = {"set": "term set", "lexicon": "lexicon", "actor": "actor"}
_MEASURES = {
    "share": ("share", "share of the set's mentions"),
    "per_10k": ("per_10k", "per 10,000 words"),
    "per_1k": ("per_1k", "per 1,000 words"),
    "count": ("count", "mentions"),
}
_PERIOD_CHOICES = ("month", "quarter", "year")
_EVIDENCE_LIMIT = 100
_CONTEXT_CHARS = 80
_TOP_TERMS = 15


def _esc(value: object) -> str:
    """Text for HTML: every character that could open markup escaped (quotes too)."""
    return html.escape("" if value is None else str(value), quote=True)


def _accepts(function: Any, name: str) -> bool:
    """Whether ``function`` takes a keyword argument ``name``."""
    try:
        return name in inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False


def _in_kernel() -> bool:
    """True inside a running Jupyter (IPython) kernel."""
    shell = sys.modules.get("IPython")
    if shell is None:
        return False
    try:
        ip = shell.get_ipython()
    except Exception:  # noqa: BLE001 - any failure means "not in a kernel"
        return False
    return ip is not None and getattr(ip, "kernel", None) is not None


def explore(corpus: pd.DataFrame, *, lexicon: Any = "loaded_language",
            term_sets: Any = "russia_ukraine", actors: Any = None) -> Explorer | None:
    """An interactive panel (ipywidgets) from framing overview to the evidence in the texts.

    Parameters
    ----------
    corpus : pandas.DataFrame
        A corpus (see :func:`toolkit.validate_corpus`); it is not modified.
    lexicon : str, Path, Lexicon, dict or DataFrame, default "loaded_language"
        Anything :func:`toolkit.load_lexicon` accepts; its categories become views.
    term_sets : str, path or mapping, default "russia_ukraine"
        Anything :func:`toolkit.load_term_sets` accepts, or a mapping ``{set: {label:
        [variants]}}``; each set becomes a view and a column of the fingerprint.
    actors : mapping or list, optional
        Actors to count, ``{name: [variants]}`` (or a list of names, each its own variant),
        e.g. ``{"Putin": ["putin"], "Zelensky": ["zelensky*", "zelenskyy"]}``; each becomes
        a view with its rate per 1,000 words.

    Returns
    -------
    Explorer or None
        The panel (an :class:`Explorer`; it displays as its ipywidgets box, ``.panel``, and
        in a static HTML export as images of its first state). ``None``, after printing what
        to install or do, when ipywidgets is not installed or when not running in a Jupyter
        kernel (use :class:`Explorer` directly to drive the panel from a script or a test).

    Example
    -------
    >>> import toolkit
    >>> panel = toolkit.explore(toolkit.demo_corpus())  # doctest: +SKIP
    >>> panel                                           # doctest: +SKIP
    """
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        print(f"ipywidgets is not installed. {INSTALL_HINT}")
        return None
    if not _in_kernel():
        print("toolkit.explore shows an interactive panel and needs a Jupyter kernel; "
              f"this is not one. {INSTALL_HINT} Outside Jupyter, use the functions it calls "
              "(term_share, lexicon_counts, keyness, kwic, lexicon_hits), or "
              "toolkit.Explorer(corpus) to drive the panel from code.")
        return None
    return Explorer(corpus, lexicon=lexicon, term_sets=term_sets, actors=actors)


# --------------------------------------------------------------------------- precomputation


def _actor_sets(actors: Any) -> dict[str, list[str]]:
    if actors is None:
        return {}
    if isinstance(actors, Mapping):
        items = actors.items()
    elif isinstance(actors, Sequence) and not isinstance(actors, str):
        items = [(name, [name]) for name in actors]
    else:
        raise TypeError("`actors` must be a mapping {name: [variants]} or a list of names, got "
                        f"{type(actors).__name__}")
    result = {}
    for name, variants in items:
        if isinstance(variants, str):
            variants = [variants]
        if not isinstance(name, str) or not name.strip() or not list(variants):
            raise ValueError(f"`actors`: actor {name!r} needs a name and at least one variant")
        result[name] = [str(v).lower() for v in variants]
    return result


def _snippet(text: str, start: int, end: int) -> tuple[str, str]:
    """About ``_CONTEXT_CHARS`` characters of context either side, cut at whitespace."""
    left = text[max(0, start - _CONTEXT_CHARS):start]
    right = text[end:end + _CONTEXT_CHARS]
    if start > _CONTEXT_CHARS and " " in left:
        left = left.split(" ", 1)[1]
    if end + _CONTEXT_CHARS < len(text) and " " in right:
        right = right.rsplit(" ", 1)[0]
    return " ".join(left.split()), " ".join(right.split())


class _Scan:
    """Per-document counts of every column (set label, lexicon category, actor) and the hits."""

    def __init__(self, docs: pd.DataFrame, sets: Mapping[str, Mapping[str, list[str]]],
                 lexicon: Any, actors: Mapping[str, list[str]]):
        from toolkit.matcher import PhraseMatcher
        from toolkit.tokens import token_spans

        columns: list[tuple[str, str, str]] = []   # (kind, group, label)
        column_of: dict[tuple[str, str, str], int] = {}
        set_entries = []
        for index, (name, labels) in enumerate(sets.items()):
            for label, variants in labels.items():
                for variant in variants:
                    set_entries.append((variant, str(index)))
                    column_of.setdefault(("set", str(index), variant), len(columns))
                columns.append(("set", name, label))
        lexicon_first = len(columns)
        for category in lexicon.categories:
            column_of[("lexicon", category, "")] = len(columns)
            columns.append(("lexicon", lexicon.name, category))
        actor_entries = []
        for name, variants in actors.items():
            for variant in variants:
                actor_entries.append((variant, name))
            column_of[("actor", name, "")] = len(columns)
            columns.append(("actor", "actors", name))

        set_matcher = PhraseMatcher(set_entries) if set_entries else None
        actor_matcher = PhraseMatcher(actor_entries) if actor_entries else None
        texts = docs["text"].tolist()
        n_words = np.zeros(len(texts), dtype=np.int64)
        rows: list[int] = []
        cols: list[int] = []
        starts: list[int] = []
        ends: list[int] = []
        entries: list[str] = []
        for row, text in enumerate(texts):
            spans = token_spans(text)
            n_words[row] = len(spans)
            if not spans:
                continue
            tokens = [span[0] for span in spans]
            types = set(tokens)
            found = []
            if set_matcher is not None:
                found += [(column_of[("set", m.group, m.entry)], m)
                          for m in set_matcher.find_in_spans(text, spans, tokens=tokens,
                                                             types=types)]
            found += [(column_of[("lexicon", m.group, "")], m)
                      for m in lexicon.find(text, spans, tokens=tokens, types=types)]
            if actor_matcher is not None:
                found += [(column_of[("actor", m.group, "")], m)
                          for m in actor_matcher.find_in_spans(text, spans, tokens=tokens,
                                                               types=types)]
            for column, match in found:
                rows.append(row)
                cols.append(column)
                starts.append(match.start)
                ends.append(match.end)
                entries.append(match.entry)
        self.columns = columns
        self.lexicon_first = lexicon_first
        self.n_words = n_words
        self.hits = pd.DataFrame({
            "row": np.asarray(rows, dtype=np.int64),
            "column": np.asarray(cols, dtype=np.int64),
            "start": np.asarray(starts, dtype=np.int64),
            "end": np.asarray(ends, dtype=np.int64),
            "entry": pd.array(entries, dtype=object),
        })
        counts = np.zeros((len(texts), len(columns)), dtype=np.int64)
        np.add.at(counts, (self.hits["row"].to_numpy(), self.hits["column"].to_numpy()), 1)
        self.counts = counts


# --------------------------------------------------------------------------- the panel


class Explorer:
    """The state and widgets of :func:`explore`'s panel; drive it from code or display it.

    Make one with :func:`explore` inside Jupyter, or directly (any Python with ipywidgets
    installed) to set its controls from code: the controls are attributes (``outlets``,
    ``period``, ``view``, ``label``, ``measure``, ``voice``, ``granularity``, ``target``,
    ``normalize``, ``cell``, ``key_term``) and the results are plain tables
    (``table``, ``fingerprint``, ``key_terms``, ``evidence``) next to the widgets that
    show them (``panel`` is the whole box).

    Parameters
    ----------
    corpus, lexicon, term_sets, actors
        As for :func:`explore`.

    Attributes
    ----------
    table : pandas.DataFrame
        The viewed measure per outlet (and period): ``outlet``, ``period`` (when the
        granularity is not "all"), ``label``, ``count``, ``total`` (term sets: mentions of
        the whole set), ``share`` (term sets: ``count / total``), ``n_words`` (word tokens of
        the outlet's selected documents, the denominator), ``per_10k``, ``per_1k``,
        ``n_docs``.
    fingerprint : pandas.DataFrame
        ``outlet``, ``set``, ``label`` (the label shown for the set), ``count``, ``total``,
        ``share``: one row per selected outlet × term set.
    key_terms : pandas.DataFrame
        The :func:`toolkit.keyness` table of the key-term target against the other selected
        outlets (empty when fewer than two outlets are selected).
    evidence : pandas.DataFrame
        The evidence of the current selection: ``doc_id``, ``outlet``, ``date``, ``title``,
        ``left``, ``match``, ``right``, ``start``, ``end`` (character offsets in the
        document's ``text``). For a cell, every occurrence; for a key term, the first 100
        (the heading gives the total). The voice control (shown only where the toolkit's
        ``term_share`` and ``lexicon_counts`` take ``voice=``) filters the counts, not the
        evidence lines.

    Example
    -------
    >>> import toolkit
    >>> ex = toolkit.Explorer(toolkit.demo_corpus())          # doctest: +SKIP
    >>> ex.view.value = ("set", "capital"); ex.table          # doctest: +SKIP
    """

    def __init__(self, corpus: pd.DataFrame, *, lexicon: Any = "loaded_language",
                 term_sets: Any = "russia_ukraine", actors: Any = None):
        import ipywidgets as widgets

        from toolkit.corpus import validate_corpus
        from toolkit.framing import _as_sets, load_term_sets
        from toolkit.lexicon import load_lexicon

        self._w = widgets
        docs = validate_corpus(corpus)
        if docs.empty:
            raise ValueError("the corpus has no documents; the explorer needs at least one")
        self._corpus = docs
        self._lexicon_arg, self._term_sets_arg, self._actors_arg = lexicon, term_sets, actors
        lex = load_lexicon(lexicon)
        if isinstance(term_sets, Mapping):
            sets = {name: labels for name, labels in _as_sets(term_sets)}
            if None in sets:
                sets = {"terms": sets.pop(None)}
        else:
            sets = dict(load_term_sets(term_sets))
        self._sets = sets
        self._lexicon = lex
        self._actors = _actor_sets(actors)
        self._scan = _Scan(docs, sets, lex, self._actors)
        self._voice_counts: dict[str, np.ndarray] = {"all": self._scan.counts}
        self._dtms: dict[tuple[str, str], Any] = {}
        self._outlet_codes, outlet_names = pd.factorize(docs["outlet"].astype(str), sort=True)
        self._outlet_names = list(outlet_names)
        dates = docs["date"]
        months = dates.dt.to_period("M")
        self._month_names = sorted({str(m) for m in months.dropna()})
        self._month_index = np.asarray(
            [self._month_names.index(str(m)) if pd.notna(m) else -1 for m in months]
        ) if self._month_names else np.full(len(docs), -1)
        self._dates = dates
        self.table = pd.DataFrame()
        self.fingerprint = pd.DataFrame()
        self.key_terms = pd.DataFrame()
        self.evidence = pd.DataFrame()
        self._evidence_source = None
        self._chosen_label = {name: next(iter(labels)) for name, labels in sets.items()}
        self._build_widgets()
        self._busy = False
        self.update()

    # ------------------------------------------------------------------ widgets
    def _build_widgets(self) -> None:
        w = self._w
        layout = w.Layout
        self.outlets = w.SelectMultiple(options=self._outlet_names, value=tuple(self._outlet_names),
                                        rows=min(8, len(self._outlet_names)),
                                        description="Outlets", layout=layout(width="300px"))
        months = self._month_names or ["(no dates)"]
        self.period = w.SelectionRangeSlider(options=months, index=(0, len(months) - 1),
                                             description="Period", continuous_update=False,
                                             layout=layout(width="460px"))
        views = [(f"term set · {name}", ("set", name)) for name in self._sets]
        views += [(f"{self._lexicon.name} · {category}", ("lexicon", category))
                  for category in self._lexicon.categories]
        views += [(f"actor · {name}", ("actor", name)) for name in self._actors]
        self.view = w.Dropdown(options=views, description="View", layout=layout(width="360px"))
        self.label = w.Dropdown(options=[], description="Label", layout=layout(width="300px"))
        self.measure = w.ToggleButtons(options=[], description="Measure")
        self.voice = w.ToggleButtons(options=[("all", "all"), ("outlet's own", "outlet"),
                                              ("quoted", "quoted")],
                                     value="all", description="Voice")
        self.voice.layout.display = None if self.has_voice else "none"
        self.granularity = w.Dropdown(options=[("whole period", "all"), *[
            (p, p) for p in _PERIOD_CHOICES]],
            value="month" if len(self._month_names) <= 18 else "quarter", description="Over time")
        self.target = w.Dropdown(options=self._outlet_names, description="Key terms of",
                                 layout=layout(width="300px"))
        # "default": one spelling per word (toolkit.normalize), so that house style (mr, ms,
        # sen) does not top the key terms; "none" counts words as written
        self.normalize = w.Dropdown(options=[("one spelling per word", "default"),
                                             ("as written", "none")],
                                    value="default", description="Spelling")
        self.cell = w.Dropdown(options=[], description="Evidence", layout=layout(width="460px"))
        self.key_term = w.Select(options=[], description="Key term", rows=8,
                                 layout=layout(width="360px"))
        self.fingerprint_html = w.HTML()
        self.time_image = w.Image(format="png", layout=layout(width="540px", height="260px",
                                                               object_fit="contain"))
        self.table_html = w.HTML()
        self.key_html = w.HTML()
        self.evidence_html = w.HTML(value=self._evidence_placeholder())
        self.status = w.HTML()
        self.code = w.Textarea(description="Calls", layout=layout(width="100%", height="170px"))
        self.export_dir = w.Text(value="explore_export", description="Export to")
        self.export_button = w.Button(description="Export selection", icon="download")
        self.export_button.on_click(lambda _button: self.export(self.export_dir.value))
        for widget, name in ((self.outlets, "outlets"), (self.period, "period"),
                             (self.view, "view"), (self.label, "label"),
                             (self.measure, "measure"), (self.voice, "voice"),
                             (self.granularity, "granularity"), (self.target, "target"),
                             (self.normalize, "normalize"), (self.cell, "cell"),
                             (self.key_term, "key-term"), (self.table_html, "table"),
                             (self.evidence_html, "evidence"), (self.key_html, "key-table"),
                             (self.fingerprint_html, "fingerprint"), (self.time_image, "chart"),
                             (self.status, "status"), (self.code, "code")):
            widget.add_class(f"tk-explore-{name}")
        self._set_view_options()
        for widget in (self.outlets, self.period, self.voice, self.normalize):
            widget.observe(self._on_change, names="value")
        self.view.observe(self._on_view, names="value")
        self.label.observe(self._on_label, names="value")
        self.measure.observe(self._on_change_view_only, names="value")
        self.granularity.observe(self._on_change_view_only, names="value")
        self.target.observe(self._on_target, names="value")
        self.cell.observe(self._on_cell, names="value")
        self.key_term.observe(self._on_key_term, names="value")
        controls = w.HBox([self.outlets, w.VBox([self.period, self.view, self.label,
                                                 self.granularity, self.voice])])
        self.panel = w.VBox([
            w.HTML("<b>Explore</b>: choose outlets, a period and a view; pick a cell or a "
                   "key term to read its evidence."),
            controls, self.measure, self.status,
            w.HBox([self.fingerprint_html, self.time_image]),
            self.table_html,
            w.HBox([w.VBox([self.target, self.normalize, self.key_term]), self.key_html]),
            self.cell, self.evidence_html,
            w.HBox([self.export_dir, self.export_button]), self.code,
        ])
        self.panel.add_class("tk-explore")

    @property
    def has_voice(self) -> bool:
        """Whether the toolkit's counting functions take ``voice=`` (the voice model)."""
        from toolkit.framing import term_share
        from toolkit.lexicon import lexicon_counts

        return _accepts(term_share, "voice") and _accepts(lexicon_counts, "voice")

    def _set_view_options(self) -> None:
        kind, name = self.view.value
        if kind == "set":
            labels = list(self._sets[name])
            self.label.options = labels
            self.label.value = self._chosen_label[name]
            self.label.layout.display = None
            measures = ["share", "per_10k", "count"]
        else:
            self.label.options = []
            self.label.layout.display = "none"
            measures = ["per_1k", "per_10k", "count"]
        current = self.measure.value
        self.measure.options = [(_MEASURES[m][1], m) for m in measures]
        self.measure.value = current if current in measures else measures[0]

    # ------------------------------------------------------------------ observers
    def _on_change(self, _change=None) -> None:
        self.update()

    def _on_change_view_only(self, _change=None) -> None:
        self.update(keyness=False, fingerprint=False)

    def _on_view(self, _change=None) -> None:
        self._busy = True
        try:
            self._set_view_options()
        finally:
            self._busy = False
        self.update(keyness=False, fingerprint=False)

    def _on_label(self, change) -> None:
        kind, name = self.view.value
        if kind == "set" and change["new"] is not None:
            self._chosen_label[name] = change["new"]
        self.update(keyness=False)

    def _on_target(self, _change=None) -> None:
        self.update(tables=False, fingerprint=False)

    def _on_cell(self, change) -> None:
        if self._busy:
            return
        if change["new"] is not None:
            self._evidence_source = ("cell", change["new"])
        self._show_evidence()

    def _on_key_term(self, change) -> None:
        if self._busy:
            return
        if change["new"] is not None:
            self._evidence_source = ("term", change["new"])
        self._show_evidence()

    # ------------------------------------------------------------------ selection
    def _mask(self) -> np.ndarray:
        chosen = set(self.outlets.value)
        codes = [i for i, name in enumerate(self._outlet_names) if name in chosen]
        mask = np.isin(self._outlet_codes, codes)
        if self._month_names:
            low, high = self.period.index
            if (low, high) != (0, len(self._month_names) - 1):
                mask &= (self._month_index >= low) & (self._month_index <= high)
        return mask

    def _date_bounds(self) -> tuple[str | None, str | None]:
        if not self._month_names:
            return None, None
        low, high = self.period.index
        if (low, high) == (0, len(self._month_names) - 1):
            return None, None
        start = pd.Period(self._month_names[low], "M").start_time.date().isoformat()
        end = pd.Period(self._month_names[high], "M").end_time.date().isoformat()
        return start, end

    def _counts(self) -> np.ndarray:
        voice = self.voice.value if self.has_voice else "all"
        if voice not in self._voice_counts:
            self._voice_counts[voice] = self._count_voice(voice)
        return self._voice_counts[voice]

    def _count_voice(self, voice: str) -> np.ndarray:
        """Per-document counts of one voice, from the toolkit's own voice-aware functions."""
        from toolkit.framing import term_share
        from toolkit.lexicon import lexicon_counts

        docs = self._corpus
        order = {doc_id: row for row, doc_id in enumerate(docs["doc_id"])}
        counts = np.zeros_like(self._scan.counts)
        column = {key: i for i, key in enumerate(self._scan.columns)}
        if self._sets:
            shares = term_share(docs, self._sets, by="doc_id", voice=voice)
            rows = shares["doc_id"].map(order).to_numpy()
            cols = [column[("set", s, label)] for s, label in zip(shares["set"], shares["label"],
                                                                  strict=True)]
            counts[rows, cols] = shares["count"].to_numpy()
        tables = [(self._lexicon, "lexicon", self._lexicon.name)]
        if self._actors:
            tables.append((self._actors, "actor", "actors"))
        for lexicon, kind, group in tables:
            table = lexicon_counts(docs, lexicon, by="doc_id", voice=voice)
            rows = table["doc_id"].map(order).to_numpy()
            cols = [column[(kind, group, c)] for c in table["category"]]
            counts[rows, cols] = table["count"].to_numpy()
        return counts

    def _view_columns(self) -> tuple[list[int], list[str]]:
        kind, name = self.view.value
        if kind == "set":
            group = name
        elif kind == "lexicon":
            group = self._lexicon.name
        else:
            group = "actors"
        picked = [(i, label) for i, (k, g, label) in enumerate(self._scan.columns)
                  if k == kind and g == group and (kind == "set" or label == name)]
        return [i for i, _ in picked], [label for _, label in picked]

    # ------------------------------------------------------------------ computing
    def _aggregate(self, mask: np.ndarray, columns: list[int], labels: list[str],
                   granularity: str, is_set: bool) -> pd.DataFrame:
        counts = self._counts()[mask][:, columns]
        frame = pd.DataFrame(counts, columns=range(len(columns)))
        frame["outlet"] = np.asarray(self._outlet_names, dtype=object)[self._outlet_codes[mask]]
        keys = ["outlet"]
        if granularity != "all":
            frame["period"] = self._dates[mask].dt.to_period(
                {"month": "M", "quarter": "Q", "year": "Y"}[granularity]).astype(str).to_numpy()
            frame.loc[self._dates[mask].isna().to_numpy(), "period"] = "(no date)"
            keys.append("period")
        frame["n_words"] = self._scan.n_words[mask]
        frame["n_docs"] = 1
        grouped = frame.groupby(keys, sort=True).sum()
        rows = []
        for key, values in grouped.iterrows():
            key = key if isinstance(key, tuple) else (key,)
            total = int(sum(values[i] for i in range(len(columns))))
            for i, label in enumerate(labels):
                rows.append((*key, label, int(values[i]), total, int(values["n_words"]),
                             int(values["n_docs"])))
        table = pd.DataFrame(rows, columns=[*keys, "label", "count", "total", "n_words",
                                            "n_docs"])
        with np.errstate(divide="ignore", invalid="ignore"):
            table["share"] = table["count"] / table["total"].where(table["total"] > 0)
            words = table["n_words"].where(table["n_words"] > 0)
            table["per_10k"] = table["count"] / words * 10_000
            table["per_1k"] = table["count"] / words * 1_000
        if not is_set:
            table = table.drop(columns=["total", "share"])
        return table

    def _fingerprint(self, mask: np.ndarray) -> pd.DataFrame:
        chosen = [name for name in self._outlet_names if name in set(self.outlets.value)]
        # mentions per outlet and column, summed once over the selected documents
        sums = np.zeros((len(self._outlet_names), len(self._scan.columns)), dtype=np.int64)
        np.add.at(sums, self._outlet_codes[mask], self._counts()[mask])
        rows = []
        for s, labels in self._sets.items():
            columns = [i for i, (k, g, _) in enumerate(self._scan.columns)
                       if k == "set" and g == s]
            label = self._chosen_label[s]
            picked = columns[list(labels).index(label)]
            for outlet in chosen:
                code = self._outlet_names.index(outlet)
                rows.append((outlet, s, label, int(sums[code, picked]),
                             int(sums[code, columns].sum())))
        table = pd.DataFrame(rows, columns=["outlet", "set", "label", "count", "total"])
        table["share"] = table["count"] / table["total"].where(table["total"] > 0)
        return table

    def _normalize(self) -> str | None:
        return None if self.normalize.value == "none" else self.normalize.value

    def _dtm(self, normalize: str | None, voice: str):
        key = (str(normalize), voice)
        if key not in self._dtms:
            from toolkit.frequency import document_term_matrix

            options = {"stopwords": "english", "normalize": normalize, "progress": False}
            if voice != "all":
                options["voice"] = voice
            self._dtms[key] = document_term_matrix(self._corpus, **options)
        return self._dtms[key]

    def _keyness(self, mask: np.ndarray) -> pd.DataFrame:
        from toolkit.keyness import keyness

        chosen = [name for name in self._outlet_names if name in set(self.outlets.value)]
        target = self.target.value
        # keyness needs only these columns; a slim table is validated faster than the corpus
        sub = self._corpus.loc[mask, ["doc_id", "outlet", "text"]]
        if len(chosen) < 2 or target not in chosen or not (sub["outlet"] == target).any() \
                or (sub["outlet"] == target).all():
            return pd.DataFrame()
        voice = self.voice.value if self.has_voice else "all"
        options: dict[str, Any] = {"target": target, "min_count": 3}
        from toolkit.frequency import document_term_matrix

        if voice == "all" or _accepts(document_term_matrix, "voice"):
            dtm = self._dtm(self._normalize(), voice)
            options["dtm"] = replace(dtm, counts=dtm.counts[mask], doc_ids=dtm.doc_ids[mask],
                                     n_words=dtm.n_words[mask], n_counted=dtm.n_counted[mask])
        else:
            options.update(stopwords="english", normalize=self._normalize(), voice=voice)
        try:
            return keyness(sub, **options)
        except ValueError:
            return pd.DataFrame()

    # ------------------------------------------------------------------ updating
    def update(self, *, tables: bool = True, fingerprint: bool = True,
               keyness: bool = True) -> None:
        """Recompute what the controls changed and redraw it (called by the observers)."""
        if getattr(self, "_busy", False):
            return
        mask = self._mask()
        kind, name = self.view.value
        if tables:
            columns, labels = self._view_columns()
            self.table = self._aggregate(mask, columns, labels, self.granularity.value,
                                         kind == "set")
            self._per_outlet = self._aggregate(mask, columns, labels, "all", kind == "set")
            self.table_html.value = self._table_markup(self.table)
            self._draw_time()
            self._set_cells()
        if fingerprint:
            self.fingerprint = self._fingerprint(mask)
            self.fingerprint_html.value = self._fingerprint_markup()
        if keyness:
            chosen = [o for o in self._outlet_names if o in set(self.outlets.value)]
            self._busy = True
            try:
                self.target.options = chosen
                if self.target.value not in chosen and chosen:
                    self.target.value = chosen[0]
            finally:
                self._busy = False
            self.key_terms = self._keyness(mask)
            self._draw_keyness()
        self.status.value = (f"{int(mask.sum()):,} documents, "
                             f"{int(self._scan.n_words[mask].sum()):,} words selected")
        self.code.value = self.calls()
        self._show_evidence()

    # ------------------------------------------------------------------ drawing
    @staticmethod
    def _figure(width: float, height: float, layout: str | None = "constrained"):
        from matplotlib.figure import Figure

        return Figure(figsize=(width, height), layout=layout)

    def figure(self, name: str):
        """A matplotlib Figure of the current state: ``"fingerprint"``, ``"over_time"`` or
        ``"key_terms"`` (made on demand; the panel shows the first two as HTML and image)."""
        draw = {"fingerprint": self._fingerprint_figure, "over_time": self._time_figure,
                "key_terms": self._keyness_figure}
        if name not in draw:
            raise ValueError(f"unknown figure {name!r}; use one of {', '.join(draw)}")
        return draw[name]()

    @staticmethod
    def _png(fig, dpi: int = 72) -> bytes:
        buffer = io.BytesIO()
        with warnings.catch_warnings():
            # very long outlet names leave no room for the axes; the image is still made
            warnings.filterwarnings("ignore", message="constrained_layout not applied")
            fig.savefig(buffer, format="png", dpi=dpi)
        return buffer.getvalue()

    def _fingerprint_grid(self) -> tuple[list[str], list[str], np.ndarray, np.ndarray]:
        table = self.fingerprint
        outlets = list(dict.fromkeys(table["outlet"])) if not table.empty else []
        sets = list(self._sets)
        if not outlets:
            return outlets, sets, np.zeros((len(sets), 0)), np.zeros((len(sets), 0), dtype=int)
        share = table.pivot(index="set", columns="outlet", values="share").loc[sets, outlets]
        total = table.pivot(index="set", columns="outlet", values="total").loc[sets, outlets]
        return outlets, sets, share.to_numpy(dtype=float), total.to_numpy(dtype=np.int64)

    def _fingerprint_markup(self) -> str:
        """The fingerprint as an HTML heat map: term sets down, outlets across, n in cells."""
        from matplotlib import colormaps
        from matplotlib.colors import to_hex

        outlets, sets, share, total = self._fingerprint_grid()
        if not outlets:
            return "<p>No outlets selected.</p>"
        cmap = colormaps["cividis"]
        head = "".join(f'<th style="writing-mode:vertical-rl;transform:rotate(180deg)">'
                       f"{_esc(o)}</th>" for o in outlets)
        body = []
        for i, name in enumerate(sets):
            cells = []
            for j, outlet in enumerate(outlets):
                value = share[i, j]
                if value == value:
                    colour = to_hex(cmap(value))
                    ink = "black" if value > 0.6 else "white"
                    tip = f"{outlet}, {name}: {self._chosen_label[name]} {value:.0%} of {total[i, j]}"
                else:
                    colour, ink, tip = "#dddddd", "black", f"{outlet}, {name}: no mentions"
                cells.append(f'<td title="{_esc(tip)}" style="background:{colour};color:{ink};'
                             f'text-align:center;padding:1px 4px">{int(total[i, j])}</td>')
            body.append(f'<tr><th style="text-align:right;font-weight:normal">{_esc(name)}: '
                        f"<i>{_esc(self._chosen_label[name])}</i></th>{''.join(cells)}</tr>")
        return ('<div class="tk-fingerprint"><b>Framing fingerprint</b>: share of the named '
                "label among the set's mentions (dark 0 % … light 100 %; number: mentions "
                "of the set; grey: none)"
                f'<table style="font-size:11px"><thead><tr><th></th>{head}</tr></thead>'
                f"<tbody>{''.join(body)}</tbody></table></div>")

    def _fingerprint_figure(self):
        outlets, sets, share, total = self._fingerprint_grid()
        fig = self._figure(2.6 + 0.5 * max(1, len(outlets)), 1.2 + 0.24 * max(1, len(sets)))
        ax = fig.subplots()
        if not outlets:
            ax.text(0.5, 0.5, "no outlets selected", ha="center")
            ax.set_axis_off()
            return fig
        image = ax.imshow(share, cmap="cividis", vmin=0, vmax=1, aspect="auto")
        ax.set_facecolor("#dddddd")
        for i in range(len(sets)):
            for j in range(len(outlets)):
                value = share[i, j]
                colour = "black" if value == value and value > 0.6 else "white"
                ax.text(j, i, f"{int(total[i, j])}", ha="center", va="center", fontsize=6,
                        color=colour if value == value else "black")
        ax.set_yticks(range(len(sets)), [f"{s}: {self._chosen_label[s]}" for s in sets],
                      fontsize=7)
        ax.set_xticks(range(len(outlets)), outlets, rotation=45, ha="right", fontsize=7)
        fig.colorbar(image, ax=ax, label="share of the set's mentions", shrink=0.6)
        ax.set_title("Framing fingerprint\n(number: mentions of the set; grey: none)",
                     fontsize=8)
        return fig

    def _measure_column(self) -> str:
        return _MEASURES[self.measure.value][0]

    def _time_figure(self, layout: str | None = "constrained"):
        from toolkit.plots import plot_term_share_over_time

        fig = self._figure(7.5, 3.6, layout)
        ax = fig.subplots()
        if layout is None:
            fig.subplots_adjust(left=0.1, right=0.68, bottom=0.24, top=0.9)
        kind, name = self.view.value
        label = self.label.value if kind == "set" else name
        y = self._measure_column()
        table = self.table
        if table.empty or not (table["label"] == label).any():
            ax.text(0.5, 0.5, "nothing selected", ha="center")
            ax.set_axis_off()
        elif "period" in table.columns:
            plot_term_share_over_time(table, y=y, label=label, interval=None, ax=ax)
            ax.set_title(f"{label}: {_MEASURES[self.measure.value][1]}", fontsize=9)
        else:
            rows = table[table["label"] == label]
            ax.barh(rows["outlet"].astype(str), rows[y].fillna(0), color="#0072B2")
            ax.invert_yaxis()
            ax.set_xlabel(_MEASURES[self.measure.value][1])
            ax.set_title(str(label), fontsize=9)
        return fig

    def _draw_time(self) -> None:
        """The live chart: plain lines on fixed margins (the export uses the toolkit's plot)."""
        from toolkit.plots import palette

        fig = self._figure(7.5, 3.6, None)
        fig.subplots_adjust(left=0.1, right=0.7, bottom=0.22, top=0.9)
        ax = fig.subplots()
        kind, name = self.view.value
        label = self.label.value if kind == "set" else name
        y = self._measure_column()
        rows = self.table[self.table["label"] == label] if not self.table.empty else self.table
        unit = _MEASURES[self.measure.value][1]
        if rows.empty:
            ax.text(0.5, 0.5, "nothing selected", ha="center")
            ax.set_axis_off()
        elif "period" in rows.columns:
            periods = sorted(set(rows["period"]))
            position = {p: i for i, p in enumerate(periods)}
            outlets = list(dict.fromkeys(rows["outlet"]))
            for colour, outlet in zip(palette(len(outlets)), outlets, strict=True):
                line = rows[rows["outlet"] == outlet]
                ax.plot([position[p] for p in line["period"]], line[y].to_numpy(dtype=float),
                        marker="o", markersize=3, linewidth=1.2, color=colour,
                        label=str(outlet))
            step = max(1, len(periods) // 10)
            ax.set_xticks(range(0, len(periods), step), periods[::step], rotation=45,
                          ha="right", fontsize=7)
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7, frameon=False)
            ax.set_ylim(bottom=0)
            if y == "share":
                ax.yaxis.set_major_formatter(lambda value, _pos: f"{value:.0%}")
            ax.set_ylabel(unit, fontsize=8)
            ax.set_title(f"{label}: {unit}", fontsize=9)
        else:
            ax.barh(rows["outlet"].astype(str), rows[y].fillna(0), color="#0072B2")
            ax.invert_yaxis()
            ax.tick_params(labelsize=7)
            ax.set_xlabel(unit, fontsize=8)
            ax.set_title(str(label), fontsize=9)
        self.time_image.value = self._png(fig)

    def _keyness_figure(self):
        fig = self._figure(5.5, 3.6)
        ax = fig.subplots()
        if self.key_terms.empty:
            ax.text(0.5, 0.5, "key terms need two selected outlets with documents",
                    ha="center", fontsize=8)
            ax.set_axis_off()
        else:
            from toolkit.plots import plot_keyness

            plot_keyness(self.key_terms, n=10, target_label=str(self.target.value),
                         reference_label="other selected outlets", ax=ax)
        return fig

    def _draw_keyness(self) -> None:
        table = self.key_terms
        self._busy = True
        try:
            if table.empty:
                self.key_term.options = []
                self.key_html.value = ("<p>Key terms need two selected outlets, each with "
                                       "documents in the period.</p>")
                return
            top = table[table["log_likelihood"] > 0].head(_TOP_TERMS)
            self.key_term.options = [
                (f"{term}  (G² {ll:,.0f}; {int(a)} vs {int(b)})", term)
                for term, ll, a, b in zip(top["term"], top["log_likelihood"],
                                          top["count_target"], top["count_reference"],
                                          strict=True)]
            self.key_term.value = None
            shown = top[["term", "log_likelihood", "log_ratio", "count_target",
                         "count_reference", "docs_target", "docs_reference"]].copy()
            shown["log_likelihood"] = shown["log_likelihood"].map(lambda v: f"{v:,.1f}")
            shown["log_ratio"] = shown["log_ratio"].map(lambda v: f"{v:.2f}")
            self.key_html.value = (f"<b>Key terms of {_esc(self.target.value)}</b> against the "
                                   "other selected outlets" + self._table_markup(shown))
        finally:
            self._busy = False

    def _table_markup(self, table: pd.DataFrame) -> str:
        if table.empty:
            return "<p>No documents selected.</p>"
        shown = table.copy()
        for column in ("share",):
            if column in shown:
                shown[column] = shown[column].map(lambda v: "" if v != v else f"{v:.1%}")
        for column in ("per_10k", "per_1k"):
            if column in shown:
                shown[column] = shown[column].map(lambda v: "" if v != v else f"{v:.2f}")
        head = "".join(f"<th>{_esc(c)}</th>" for c in shown.columns)
        body = "".join("<tr>" + "".join(f"<td>{_esc(v)}</td>" for v in row) + "</tr>"
                       for row in shown.head(400).itertuples(index=False))
        more = (f"<p>First 400 of {len(shown):,} rows (export for all).</p>"
                if len(shown) > 400 else "")
        return ('<div style="max-height:260px;overflow:auto"><table class="tk-table">'
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>{more}")

    # ------------------------------------------------------------------ evidence
    def _set_cells(self) -> None:
        table = self._per_outlet
        options = [(f"{outlet} · {label} · {count:,}", (outlet, label))
                   for outlet, label, count in zip(table["outlet"], table["label"],
                                                   table["count"], strict=True) if count > 0]
        previous = self.cell.value
        self._busy = True
        try:
            self.cell.options = options
            values = [value for _, value in options]
            self.cell.value = previous if previous in values else None
        finally:
            self._busy = False
        if self._evidence_source and self._evidence_source[0] == "cell" \
                and self._evidence_source[1] not in [v for _, v in options]:
            self._evidence_source = None

    def _evidence_placeholder(self) -> str:
        return ('<p class="tk-evidence-empty">Pick a cell (outlet · label) or a key term to '
                "list its occurrences.</p>")

    def _cell_evidence(self, outlet: str, label: str, mask: np.ndarray) -> pd.DataFrame:
        kind, name = self.view.value
        columns, labels = self._view_columns()
        if label not in labels:
            return pd.DataFrame()
        column = columns[labels.index(label)]
        code = self._outlet_names.index(outlet)
        rows = np.flatnonzero(mask & (self._outlet_codes == code))
        hits = self._scan.hits
        hits = hits[(hits["column"] == column) & hits["row"].isin(rows)]
        texts = self._corpus["text"].to_numpy()
        records = []
        for row, start, end in zip(hits["row"], hits["start"], hits["end"], strict=True):
            left, right = _snippet(texts[row], start, end)
            records.append((row, left, " ".join(texts[row][start:end].split()), right, start,
                            end))
        return self._evidence_frame(records)

    def _term_evidence(self, term: str, mask: np.ndarray) -> tuple[pd.DataFrame, int]:
        """Lines of a key term in the target's documents (up to the limit) and the total."""
        from toolkit.concordance import kwic

        target = self.target.value
        dtm = self._dtm(self._normalize(), "all")
        index = np.flatnonzero(dtm.terms == term)
        in_target = mask & (self._outlet_codes == self._outlet_names.index(target)) \
            if target in self._outlet_names else np.zeros(len(mask), dtype=bool)
        total = None
        if len(index):
            column = np.asarray(dtm.counts[:, index[0]].toarray()).ravel()
            in_target &= column > 0
            total = int(column[in_target].sum())
        rows = np.flatnonzero(in_target)
        pattern = term.replace("*", "").replace("?", "")
        records: list[tuple] = []
        # read the documents a few at a time, only until the lines to show are found
        for first in range(0, len(rows), 25):
            chunk = rows[first:first + 25]
            lines = kwic(self._corpus.iloc[chunk], pattern, window=12)
            order = dict(zip(self._corpus["doc_id"].iloc[chunk], chunk, strict=True))
            records += [(order[d], left, match, right, start, end)
                        for d, left, match, right, start, end in zip(
                            lines["doc_id"], lines["left"], lines["match"], lines["right"],
                            lines["start"], lines["end"], strict=True)]
            if len(records) >= _EVIDENCE_LIMIT:
                break
        return self._evidence_frame(records[:_EVIDENCE_LIMIT]), (
            total if total is not None else len(records))

    def _evidence_frame(self, records: list[tuple]) -> pd.DataFrame:
        columns = ["doc_id", "outlet", "date", "title", "left", "match", "right", "start", "end"]
        if not records:
            return pd.DataFrame(columns=columns)
        rows = [r[0] for r in records]
        docs = self._corpus.iloc[rows]
        return pd.DataFrame({
            "doc_id": docs["doc_id"].to_numpy(),
            "outlet": docs["outlet"].to_numpy(),
            "date": docs["date"].to_numpy(),
            "title": docs["title"].to_numpy() if "title" in docs else "",
            "left": [r[1] for r in records],
            "match": [r[2] for r in records],
            "right": [r[3] for r in records],
            "start": np.asarray([r[4] for r in records], dtype=np.int64),
            "end": np.asarray([r[5] for r in records], dtype=np.int64),
        }, columns=columns)

    def _show_evidence(self) -> None:
        source = self._evidence_source
        if source is None:
            self._evidence_key = None
            self.evidence = pd.DataFrame()
            self.evidence_html.value = self._evidence_placeholder()
            return
        key = (source, tuple(self.outlets.value), self.period.index, self.voice.value,
               self.view.value, self.target.value if source[0] == "term" else None,
               self.normalize.value if source[0] == "term" else None)
        if key == getattr(self, "_evidence_key", None):
            return
        self._evidence_key = key
        mask = self._mask()
        if source[0] == "cell":
            outlet, label = source[1]
            self.evidence = self._cell_evidence(outlet, label, mask)
            total = len(self.evidence)
            heading = f"{outlet} · {label}"
        else:
            self.evidence, total = self._term_evidence(source[1], mask)
            heading = f"{self.target.value} · key term “{source[1]}”"
        if self.has_voice and self.voice.value != "all":
            heading += " (lines of every voice: the voice filter applies to the counts)"
        self.evidence_html.value = self._evidence_markup(heading, self.evidence, total)
        self.code.value = self.calls()

    def _evidence_markup(self, heading: str, table: pd.DataFrame, n: int) -> str:
        shown = table.head(_EVIDENCE_LIMIT)
        lines = []
        for row in shown.itertuples(index=False):
            date = "" if pd.isna(row.date) else pd.Timestamp(row.date).date().isoformat()
            lines.append(
                '<tr class="tk-evidence-line">'
                f"<td>{_esc(date)}</td><td>{_esc(row.outlet)}</td>"
                f'<td title="{_esc(row.doc_id)}">{_esc(row.title)}</td>'
                f'<td style="text-align:right">{_esc(row.left)}</td>'
                f"<td><b>{_esc(row.match)}</b></td><td>{_esc(row.right)}</td>"
                f"<td>{_esc(row.doc_id)} [{int(row.start)}:{int(row.end)}]</td></tr>")
        count = (f"{n:,} occurrences" if n <= len(shown)
                 else f"first {len(shown)} of {n:,} occurrences")
        return (f'<div class="tk-evidence"><p><b>{_esc(heading)}</b>: {count}</p>'
                '<div style="max-height:320px;overflow:auto"><table>'
                "<thead><tr><th>date</th><th>outlet</th><th>title</th><th></th><th></th>"
                "<th></th><th>doc_id [start:end]</th></tr></thead>"
                f"<tbody>{''.join(lines)}</tbody></table></div></div>")

    # ------------------------------------------------------------------ reproducing
    def _source(self, value: Any, default_name: str) -> str:
        if isinstance(value, str | Path):
            return repr(str(value))
        return default_name

    def calls(self) -> str:
        """The toolkit calls that reproduce the current selection, as a notebook cell."""
        kind, name = self.view.value
        chosen = [o for o in self._outlet_names if o in set(self.outlets.value)]
        date_from, date_to = self._date_bounds()
        voice = self.voice.value if self.has_voice else "all"
        voice_arg = f", voice={voice!r}" if voice != "all" else ""
        period = self.granularity.value
        period_arg = f", period={period!r}" if period != "all" else ""
        lines = ["import toolkit", "",
                 "# corpus = toolkit.load_corpus(...)  # the corpus the panel was opened on"]
        args = []
        if len(chosen) != len(self._outlet_names):
            args.append(f"outlets={chosen!r}")
        if date_from:
            args.append(f"date_from={date_from!r}, date_to={date_to!r}")
        lines.append(f"selection = toolkit.subset_corpus(corpus{', ' if args else ''}"
                     f"{', '.join(args)})")
        if kind == "set":
            sets = self._source(self._term_sets_arg, "term_sets  # the term sets you passed")
            lines += [f"term_sets = toolkit.load_term_sets({sets})" if sets.startswith("'")
                      else "# term_sets = the mapping the panel was opened with",
                      f"table = toolkit.term_share(selection, {{{name!r}: term_sets[{name!r}]}},"
                      f" by='outlet'{period_arg}{voice_arg})",
                      f"fingerprint = toolkit.term_share(selection, term_sets, by='outlet'"
                      f"{voice_arg})"]
            evidence_of = "the label's variants"
        elif kind == "lexicon":
            lex = self._source(self._lexicon_arg, "lexicon")
            by = "['outlet', " + repr(period) + "]" if period != "all" else "'outlet'"
            lines += [f"table = toolkit.lexicon_counts(selection, {lex}, by={by}{voice_arg})",
                      f"table = table[table['category'] == {name!r}]",
                      f"hits = toolkit.lexicon_hits(selection, {lex})",
                      f"evidence = hits[hits['category'] == {name!r}]"]
            evidence_of = None
        else:
            variants = self._actors[name]
            by = "['outlet', " + repr(period) + "]" if period != "all" else "'outlet'"
            lines += [f"actors = {{{name!r}: {variants!r}}}",
                      f"table = toolkit.lexicon_counts(selection, actors, by={by}{voice_arg})",
                      "evidence = toolkit.lexicon_hits(selection, actors)"]
            evidence_of = None
        if self.key_terms is not None and not self.key_terms.empty:
            lines.append(f"key_terms = toolkit.keyness(selection, target={self.target.value!r}, "
                         f"stopwords='english', normalize={self._normalize()!r}, "
                         f"min_count=3{voice_arg})")
        source = self._evidence_source
        if source and source[0] == "term":
            lines.append(f"evidence = toolkit.kwic(selection[selection['outlet'] == "
                         f"{self.target.value!r}], {source[1]!r})")
        elif source and source[0] == "cell" and evidence_of:
            outlet, label = source[1]
            variants = self._sets[name][label]
            lines.append(f"evidence = [toolkit.kwic(selection[selection['outlet'] == "
                         f"{outlet!r}], variant) for variant in {variants!r}]  # {evidence_of}")
        return "\n".join(lines)

    def export(self, folder: str | Path) -> Path:
        """Write the selection: tables as CSV, figures as PNG and SVG, the calls as text.

        Files: ``table.csv`` (the viewed measure), ``fingerprint.csv``, ``key_terms.csv``,
        ``evidence.csv`` (where there is a selection), ``over_time``, ``fingerprint`` and
        ``key_terms`` as ``.png`` and ``.svg``, and ``calls.py``. Returns the folder.
        """
        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        self.table.to_csv(out / "table.csv", index=False)
        self.fingerprint.to_csv(out / "fingerprint.csv", index=False)
        if not self.key_terms.empty:
            self.key_terms.to_csv(out / "key_terms.csv", index=False)
        if not self.evidence.empty:
            self.evidence.to_csv(out / "evidence.csv", index=False)
        for name in ("fingerprint", "over_time", "key_terms"):
            fig = self.figure(name)
            fig.savefig(out / f"{name}.png", dpi=150)
            fig.savefig(out / f"{name}.svg")
        (out / "calls.py").write_text(self.calls() + "\n", encoding="utf-8")
        self.status.value = f"Exported to {_esc(out.resolve())}"
        return out

    # ------------------------------------------------------------------ display
    def static_html(self) -> str:
        """The current state as HTML with the figures as PNG images (for static exports)."""
        import base64

        images = "".join(
            f'<img alt="{name}" src="data:image/png;base64,'
            f'{base64.b64encode(self._png(self.figure(name), dpi=80)).decode("ascii")}"/>'
            for name in ("fingerprint", "over_time", "key_terms"))
        return ('<div class="tk-explore-static"><p><i>Static image of the explorer (the '
                "controls work only in a running notebook).</i></p>"
                f"{images}{self.table_html.value}</div>")

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.panel._repr_mimebundle_(include=include, exclude=exclude) or {}
        bundle = dict(bundle)
        bundle["text/html"] = self.static_html()
        return bundle

    def __repr__(self) -> str:
        return (f"Explorer({len(self._corpus):,} documents, {len(self._outlet_names)} outlets; "
                "display it in a notebook)")
