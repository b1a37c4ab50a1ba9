"""Every notebook runs headless on the demo corpus, and is committed without outputs."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
INTERACTIVE = {"08_explore"}  # the widget panel (toolkit.explore): not part of the report
# 06_checking_the_numbers runs on published corpora: run with and without them by its own tests below
DEMO_RUN = [p for p in NOTEBOOKS if not p.stem.startswith("06_")]
SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def test_the_five_notebooks_are_there():
    from toolkit.report import NOTEBOOKS as REPORTED

    # 00 prepares a corpus, 06 checks the numbers on real data, 08 is interactive: they are
    # notebooks to open, not part of the report
    not_reported = ("00_", "06_", "08_")
    assert [p.stem for p in NOTEBOOKS if not p.stem.startswith(not_reported)] == list(REPORTED)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    for number, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name} cell {number} has outputs; strip them"
            assert cell.execution_count is None, f"{path.name} cell {number} has a count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_has_a_parameters_cell_and_imports_only_toolkit(path):
    notebook = nbformat.read(path, as_version=4)
    tagged = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    assert "corpus_path = None" in tagged[0].source
    allowed = {"import toolkit", "import pandas as pd", "import matplotlib.pyplot as plt",
               "import warnings", "from pathlib import Path"}
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for line in cell.source.splitlines():
            if line.startswith(("import ", "from ")):
                assert line in allowed, f"{path.name}: {line!r}"


@pytest.mark.parametrize("path", DEMO_RUN, ids=lambda p: p.stem)
def test_notebook_runs_on_the_demo_corpus(path, tmp_path):
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute()  # raises CellExecutionError on any error
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert errors == []
    # each notebook shows at least one table or chart
    rich = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs
            if o.output_type in ("execute_result", "display_data")]
    assert rich


def _run(notebook, tmp_path):
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    return [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]


def _with_parameters(name: str, **values) -> nbformat.NotebookNode:
    notebook = nbformat.read(NOTEBOOK_DIR / f"{name}.ipynb", as_version=4)
    cell = next(c for c in notebook.cells if "parameters" in c.metadata.get("tags", []))
    cell.source += "".join(f"\n{key} = {value!r}" for key, value in values.items())
    return notebook


def test_checking_notebook_runs_its_hand_made_examples_without_data(tmp_path):
    """Without ../shared/data the notebook says so and still runs every hand-made example."""
    notebook = _with_parameters("06_checking_the_numbers", data_dir=str(tmp_path / "absent"))
    outputs = _run(notebook, tmp_path)
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "Real data not found" in text
    assert "precision and recall not computed" in text
    tables = "".join(o.data.get("text/plain", "") for o in outputs if "data" in o)
    assert "The Daily Blaze" in tables and "peacekeepers" in tables and "soft hyphen" in tables


def test_checking_notebook_reproduces_the_documented_figures(tmp_path):
    """On BASIL the notebook's live figures are the ones the README states (same data, same code)."""
    if not (SHARED_DATA / "basil" / "articles.jsonl").exists() or not (
            SHARED_DATA / "ukraine_media" / "articles.jsonl.gz").exists():
        pytest.skip(f"real data not present: {SHARED_DATA}")
    notebook = _with_parameters("06_checking_the_numbers", data_dir=str(SHARED_DATA), n_ukraine=200)
    outputs = _run(notebook, tmp_path)
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "Real data not found" not in text
    assert "749 spans, 8167 words: precision 0.947, recall 0.943" in text  # README, "Whose words"
    assert "refused: rate_summary" in text
    tables = "".join(o.data.get("text/plain", "") for o in outputs if "data" in o)
    assert "-1529.8" in tables  # `mr`, Fox vs NYT before normalisation (README: -1,530)
