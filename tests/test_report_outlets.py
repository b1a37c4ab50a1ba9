"""A report on a corpus with many outlets covers the largest ones and says so (max_outlets)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import toolkit
from toolkit.report import ReportParameterError, run_report


def _many_outlets(n: int = 35) -> pd.DataFrame:
    """Outlet i writes 1 + i % 4 demo texts: 9 outlets with 4 documents, 9 with 3, ..."""
    demo = toolkit.demo_corpus()
    rows = []
    for i in range(n):
        for j in range(1 + i % 4):
            source = demo.iloc[(i * 4 + j) % len(demo)]
            rows.append({"doc_id": f"o{i:02d}-{j}", "outlet": f"Outlet {i:02d}",
                         "date": "2023-05-0" + str(1 + j), "title": f"T{j}",
                         "text": source["text"]})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("many") / "many.csv"
    _many_outlets().to_csv(path, index=False)
    return path


def test_the_largest_outlets_are_reported_and_the_choice_is_said(corpus_file, tmp_path):
    out = run_report(corpus_file, out=tmp_path / "r", progress=False, max_outlets=12,
                     notebooks=["01_quickstart"])
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    selection = manifest["selection"]
    # by hand: outlets 03, 07, 11, ..., 31 have 4 documents (8 of them), then 02, 06, ...
    # with 3 (9 of them): the 8 with four and, by name, the first 4 with three
    four = [f"Outlet {i:02d}" for i in range(3, 35, 4)]
    three = [f"Outlet {i:02d}" for i in range(2, 35, 4)][:4]
    assert selection["outlets"] == four + three
    assert (selection["outlets_in_corpus"], selection["documents_in_corpus"],
            selection["documents_shown"]) == (35, 86, 8 * 4 + 4 * 3)
    assert manifest["parameters"]["outlets"] == four + three
    overview = pd.read_parquet(out / "data" / "corpus_overview.parquet")
    assert sorted(overview["outlet"]) == sorted(four + three)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert ("<b>Outlets shown:</b> the 12 outlets with the most documents, 44 of the 86 "
            "documents (the corpus has 35 outlets); pass --max-outlets 0") in html


def test_all_outlets_with_zero_and_when_there_are_few_enough(corpus_file, tmp_path):
    out = run_report(corpus_file, out=tmp_path / "r", progress=False, max_outlets=0,
                     notebooks=["01_quickstart"])
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert "selection" not in manifest and manifest["parameters"]["outlets"] is None
    overview = pd.read_parquet(out / "data" / "corpus_overview.parquet")
    assert len(overview) == 35
    assert "Outlets shown" not in (out / "report.html").read_text(encoding="utf-8")


def test_a_bad_max_outlets_is_refused_before_anything_runs(corpus_file, tmp_path):
    for bad in (-1, 2.5, True):
        with pytest.raises(ReportParameterError, match="max_outlets"):
            run_report(corpus_file, out=tmp_path / "r", progress=False, max_outlets=bad)
    assert not (tmp_path / "r").exists()
