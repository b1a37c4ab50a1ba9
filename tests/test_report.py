"""The one-command report on the demo corpus and on a second corpus file."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

import toolkit
from toolkit.report import NOTEBOOKS, run_report


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo-report")
    run_report(None, out=out, progress=False)
    return out


def test_report_writes_notebooks_html_figures_tables_and_manifest(demo_report):
    for name in NOTEBOOKS:  # the close reading is for corpora of up to 3 documents
        assert (demo_report / "notebooks" / f"{name}.ipynb").exists() == \
            (name != "09_close_reading")
    html = (demo_report / "report.html").read_text(encoding="utf-8")
    assert html.count("<img") >= 6  # every chart is in the page
    assert "corpus_path = None" not in html  # code is hidden
    figures = {p.stem for p in (demo_report / "figures").glob("*.png")}
    assert {"top_terms_heatmap", "term_share_per_outlet", "term_share_capital_over_time",
            "framing_fingerprint",
            "loaded_language_per_outlet", "readability_per_outlet", "keyness_per_outlet",
            "dispersion_framing_terms"} <= figures
    assert {p.stem for p in (demo_report / "figures").glob("*.svg")} == figures
    tables = {p.stem for p in (demo_report / "tables").glob("*.csv")}
    assert {"term_frequency", "term_share", "lexicon_hits", "readability_per_document",
            "keyness"} <= tables


def test_report_page_has_contents_summary_methods_and_no_reprs(demo_report):
    html = (demo_report / "report.html").read_text(encoding="utf-8")
    assert "64 documents from 4 outlets" in html
    assert "<h2 id='key-findings'>Key findings</h2>" in html
    assert "<b>capital</b>: “Kyiv” is 100% of Meridian Wire's mentions (n=19)" in html
    assert "href='#Overview:-the-framing-fingerprint'" in html  # table of contents
    assert "<section id='methods'" in html and "loaded_language version 1.1.0" in html
    # each key finding links to its evidence: the mentions behind it, in context
    assert "<a href='#evidence-1'>evidence</a>" in html and "<h3 id='evidence-1'>" in html
    assert "Meridian Wire: “Kyiv”: first 5 of 19" in html
    assert "Sovereign Voice: every label of the set: first 5 of 43" in html
    for repr_ in ("PosixPath(", "Lexicon(", "&lt;toolkit", "UserWarning", "RuntimeWarning"):
        assert repr_ not in html
    assert "<script" not in html  # nothing to run, nothing loaded from the network
    assert str(demo_report.resolve()) not in html
    # tables without the pandas index: no header cell left blank for it (notebooks 01-05)
    assert "<th></th>" not in html.split('id="7.-Actors')[0]


def test_manifest_is_enough_to_reproduce(demo_report):
    manifest = json.loads((demo_report / "manifest.json").read_text())
    assert manifest["corpus"]["is_demo"] is True
    assert manifest["corpus"]["path"] == "(bundled demo)"
    assert manifest["parameters"]["corpus_path"] is None
    assert len(manifest["corpus"]["sha256"]) == 64
    assert manifest["versions"]["discourse-toolkit"] == toolkit.__version__
    assert manifest["versions"]["textstat"] == "0.7.8"
    assert manifest["lexicon"]["name"] == "loaded_language"
    assert manifest["lexicon"]["version"]
    assert manifest["term_sets"]["version"]
    assert manifest["parameters"]["lexicon"] == "loaded_language"
    assert "report.html" in manifest["files"]


def test_report_shows_the_demo_outlets_differences(demo_report):
    shares = pd.read_csv(demo_report / "tables" / "term_share.csv")
    capital = shares[shares["set"] == "capital"].pivot(index="outlet", columns="label",
                                                        values="share")
    assert capital.loc["Sovereign Voice", "Kiev"] > 0.9
    assert capital.loc["Meridian Wire", "Kyiv"] > 0.9


def test_report_on_a_second_corpus_differs_only_where_the_data_differs(demo_report, tmp_path):
    corpus = toolkit.demo_corpus()
    two = corpus[corpus["outlet"].isin(["Meridian Wire", "Sovereign Voice"])]
    path = tmp_path / "two_outlets.csv"
    two.to_csv(path, index=False)
    out = run_report(path, out=tmp_path / "second", progress=False)
    first = json.loads((demo_report / "manifest.json").read_text())
    second = json.loads((out / "manifest.json").read_text())
    assert first["corpus"]["sha256"] != second["corpus"]["sha256"]
    assert first["versions"] == second["versions"]
    assert first["lexicon"] == second["lexicon"]
    assert first["term_sets"] == second["term_sets"]
    assert sorted(first["files"]) == sorted(second["files"])  # same charts and tables
    freq_all = pd.read_csv(demo_report / "tables" / "term_frequency.csv")
    freq_two = pd.read_csv(out / "tables" / "term_frequency.csv")
    assert set(freq_two["outlet"]) == {"Meridian Wire", "Sovereign Voice"}
    # per-outlet tables of the outlets both corpora share are identical
    shared = freq_all[freq_all["outlet"].isin(["Meridian Wire", "Sovereign Voice"])]
    pd.testing.assert_frame_equal(shared.reset_index(drop=True), freq_two)


def test_bad_corpus_fails_before_any_notebook_runs(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("doc_id,body\n1,hello\n", encoding="utf-8")
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "toolkit", "report", str(bad), "--out",
                             str(out), "--quiet"], capture_output=True, text=True)
    assert result.returncode == 2
    assert "column 'text' not found" in result.stderr
    assert "text_col" in result.stderr
    assert not (out / "notebooks").exists()


def test_report_runs_on_one_outlet_without_dates(tmp_path):
    corpus = toolkit.demo_corpus()
    one = corpus[corpus["outlet"] == "Meridian Wire"].drop(columns="date")
    path = tmp_path / "one_outlet.csv"
    one.to_csv(path, index=False)
    out = run_report(path, out=tmp_path / "one", progress=False)
    figures = {p.stem for p in (out / "figures").glob("*.png")}
    # charts over time and comparisons between outlets are left out, the rest is drawn
    assert "term_share_capital_over_time" not in figures
    assert "keyness_per_outlet" not in figures
    assert {"top_terms_heatmap", "dispersion_framing_terms", "readability_per_outlet"} <= figures


def test_a_failing_notebook_is_reported_by_name(tmp_path, monkeypatch):
    import nbformat

    from toolkit import report

    folder = tmp_path / "notebooks"
    folder.mkdir()
    book = nbformat.v4.new_notebook()
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                   "language": "python"}
    parameters = nbformat.v4.new_code_cell("corpus_path = None")
    parameters.metadata["tags"] = ["parameters"]
    book.cells = [parameters, nbformat.v4.new_code_cell("1 / 0")]
    nbformat.write(book, folder / "99_broken.ipynb")
    monkeypatch.setattr(report, "_notebook_folder", lambda: folder)
    with pytest.raises(report.ReportError, match=r"notebook 99_broken failed .*ZeroDivisionError"):
        run_report(None, out=tmp_path / "out", notebooks=["99_broken"], progress=False)
    assert (tmp_path / "out" / "notebooks" / "99_broken.ipynb").exists()


def test_report_runs_on_a_tiny_corpus_that_mentions_no_framing_terms(tmp_path):
    path = tmp_path / "tiny.csv"
    pd.DataFrame({
        "doc_id": ["a", "b"], "outlet": ["X", "Y"], "date": ["2020-01-01", "2020-02-01"],
        "text": ["The cat sat on the mat. It was happy. Very happy indeed.",
                 "Dogs bark loudly at night. The neighbours complain. Nobody sleeps."],
    }).to_csv(path, index=False)
    out = tmp_path / "tiny"
    # through the command line: --quiet prints nothing (no progress, no kernel warnings, not
    # even the loading warning of --make-ids, which the manifest keeps)
    result = subprocess.run([sys.executable, "-m", "toolkit", "report", str(path), "--out",
                             str(out), "--quiet", "--kwic", "cat", "regime", "--make-ids"],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""
    assert (out / "report.html").exists()
    figures = {p.stem for p in (out / "figures").glob("*.png")}
    assert "term_share_per_outlet" not in figures  # nothing to share out
    assert "framing_fingerprint" not in figures
    assert "readability_per_outlet" in figures
    html = (out / "report.html").read_text(encoding="utf-8")
    # the page says what is absent instead of drawing empty charts
    assert "No term set is mentioned in this corpus" in html
    assert "No mentions of “regime” in this corpus." in html
    assert "“cat”: 1 occurrence(s)" in html
    assert "2 documents from 2 outlets (X, Y), dated 01 January 2020 to 01 February 2020" in html
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["command"] == (f"python -m toolkit report {path} --out {out} --quiet "
                                   f"--kwic cat regime --make-ids")
    assert any("make_ids" in w for w in manifest["corpus"]["load_warnings"])
    assert manifest["corpus"]["path"] == "../tiny.csv"
    assert manifest["parameters"]["kwic"] == ["cat", "regime"]


def test_report_refuses_a_folder_it_did_not_write(tmp_path):
    from toolkit.report import ReportError

    out = tmp_path / "mine"
    out.mkdir()
    (out / "tables").mkdir()
    (out / "tables" / "mine.csv").write_text("keep\n")
    with pytest.raises(ReportError, match="not empty and holds no earlier report"):
        run_report(None, out=out, notebooks=["04_readability"], progress=False)
    assert (out / "tables" / "mine.csv").read_text() == "keep\n"


def test_rerun_replaces_an_earlier_report_and_reads_a_relative_lexicon(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my.yaml").write_text("fear:\n  - menace\n  - horror\n", encoding="utf-8")
    out = run_report(None, out="rep", notebooks=["03_loaded_language"], lexicon="my.yaml",
                     progress=False)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["lexicon"]["categories"] == ["fear"]
    assert len(manifest["lexicon"]["sha256"]) == 64
    (out / "figures" / "stale.png").write_bytes(b"")  # not in the manifest: kept
    out = run_report(None, out="rep", notebooks=["04_readability"], progress=False)
    manifest = json.loads((out / "manifest.json").read_text())
    assert not (out / "notebooks" / "03_loaded_language.ipynb").exists()
    assert (out / "notebooks" / "04_readability.ipynb").exists()
    assert (out / "figures" / "stale.png").exists()
    assert all((out / f).exists() for f in manifest["files"])


def test_one_article_gets_a_close_reading(tmp_path):
    corpus = toolkit.demo_corpus()
    one = corpus[corpus["doc_id"] == "sovereign_voice-e01"].assign(outlet=None)
    path = tmp_path / "one.csv"
    one.to_csv(path, index=False)
    out = run_report(path, out=tmp_path / "one", progress=False,
                     notebooks=["02_framing_terms_per_outlet", "09_close_reading"])
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "9. Close reading" in html
    # the article in place, its framing choices marked with their category, however few
    assert 'title="framing: capital: Kiev' in html  # with the overlapping marks' labels
    assert '<mark data-kind="loaded"' in html
    assert "(no outlet given)" in html and "None" not in html.split("9. Close reading")[1][:3000]
    # a single mention is drawn for one article: the fingerprint exists
    assert (out / "figures" / "framing_fingerprint.png").exists()


def test_close_reading_is_skipped_for_larger_corpora(demo_report):
    assert not (demo_report / "notebooks" / "09_close_reading.ipynb").exists()


def test_every_figure_of_the_results_tables_links_to_its_hits(demo_report):
    import re

    html = (demo_report / "report.html").read_text(encoding="utf-8")
    linked = set(re.findall(r"href=[\"']#(ev-[a-z]+-[0-9a-f]{12})[\"']", html))
    assert {anchor.split("-")[1] for anchor in linked} == {"share", "rate", "key"}
    entries = dict(re.findall(r"<h3 id='(ev-[a-z]+-[0-9a-f]{12})'>.*?</h3><p>First \d+ of "
                              r"([\d,]+) ", html))
    assert set(entries) == linked  # every link has its entry, every entry is linked
    assert "No hits recorded" not in html
    # by hand on the demo corpus: Sovereign Voice writes "Kiev" 43 times in its own words
    # (the key finding's n), 21 pejorative labels; keyness counts the word "kiev" 68 times
    # there, "kiev's" being a word of its own
    assert ("capital: “Kiev” in Sovereign Voice (the outlet&#x27;s own words)</h3><p>First 5 "
            "of 43 (all of them in <a href='tables/term_hits.csv'>") in html
    assert "pejorative label in Sovereign Voice (the outlet&#x27;s own words)</h3><p>First 5 of 21" \
        in html
    assert "“kiev” in Sovereign Voice (every voice)</h3><p>First 5 of 68 " in html
    # every linked figure's entry counts as many hits as the table behind the figure
    from toolkit import evidence_anchor

    tables = demo_report / "tables"
    expected = {}
    shares = pd.read_csv(tables / "term_share.csv")
    for row in shares[shares["count"] > 0].itertuples():
        expected[evidence_anchor("share", row.set, row.outlet, row.label)] = row.count
    rates = pd.read_csv(tables / "lexicon_rates_per_outlet.csv")
    for row in rates[rates["count"] > 0].itertuples():
        expected[evidence_anchor("rate", row.outlet, row.category)] = row.count
    key = pd.read_csv(tables / "keyness.csv", keep_default_na=False)
    for row in key.itertuples():
        expected[evidence_anchor("key", row.target, row.term)] = row.count_target
    for anchor, count in entries.items():
        assert int(count.replace(",", "")) == expected[anchor], anchor
    # the KWIC lines name the document, its title and date
    assert "<th class='title'>title</th><th class='date'>date</th>" in html
