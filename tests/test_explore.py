"""The explorer panel, driven as a person would: set the controls, read the tables and evidence.

Expected values are counted by hand on the four documents below.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("ipywidgets")

import toolkit  # noqa: E402

TERMS = {
    "capital": {"Kyiv": ["kyiv"], "Kiev": ["kiev"]},
    "the_war": {"war": ["war"], "invasion": ["invasion"]},
}
LEXICON = {"pejorative": ["regime"], "fear": ["menace", "brutal"]}


@pytest.fixture
def corpus() -> pd.DataFrame:
    # words (toolkit.tokenize): a1 10, a2 9, b1 10 ("script", "alert", "1", "script"), b2 6
    return pd.DataFrame({
        "doc_id": ["a1", "a2", "b1", "b2"],
        "outlet": ["Alpha", "Alpha", "Beta", "Beta"],
        "date": pd.to_datetime(["2022-03-01", "2022-04-15", "2022-03-20", "2022-05-02"]),
        "title": ["<b>Kiev</b> & co", "Two", "Three", "Four"],
        "text": [
            "The Kiev regime said the war goes on. Kiev again.",
            "Kyiv said the regime in Moscow started the war.",
            "Kyiv, Kyiv! The war. <script>alert(1)</script> brutal menace.",
            "Kyiv officials said the invasion continued.",
        ],
    })


@pytest.fixture
def ex(corpus):
    return toolkit.Explorer(corpus, lexicon=LEXICON, term_sets=TERMS)


def rows(table, **where):
    mask = np.ones(len(table), dtype=bool)
    for column, value in where.items():
        mask &= (table[column] == value).to_numpy()
    return table[mask]


def test_first_view_is_the_first_term_set_per_outlet_and_month(ex):
    assert ex.view.value == ("set", "capital")
    assert ex.label.value == "Kyiv"
    assert ex.granularity.value == "month"
    march = rows(ex.table, outlet="Alpha", period="2022-03")
    assert march[["label", "count", "total"]].values.tolist() == [["Kyiv", 0, 2], ["Kiev", 2, 2]]
    assert march["n_words"].tolist() == [10, 10]
    assert ex.status.value.startswith("4 documents, 35 words")


def test_whole_period_shares_and_rates(ex):
    ex.granularity.value = "all"
    alpha = rows(ex.table, outlet="Alpha")
    assert alpha[["label", "count", "total", "n_words", "n_docs"]].values.tolist() == [
        ["Kyiv", 1, 3, 19, 2], ["Kiev", 2, 3, 19, 2]]
    assert alpha["share"].tolist() == pytest.approx([1 / 3, 2 / 3])
    assert alpha["per_10k"].tolist() == pytest.approx([10_000 / 19, 20_000 / 19])
    beta = rows(ex.table, outlet="Beta")
    assert beta[["label", "count", "total", "n_words"]].values.tolist() == [
        ["Kyiv", 3, 3, 16], ["Kiev", 0, 3, 16]]


def test_fingerprint_shows_the_chosen_label_of_each_set(ex):
    fp = ex.fingerprint
    assert fp[["outlet", "set", "label", "count", "total"]].values.tolist() == [
        ["Alpha", "capital", "Kyiv", 1, 3], ["Beta", "capital", "Kyiv", 3, 3],
        ["Alpha", "the_war", "war", 2, 2], ["Beta", "the_war", "war", 1, 2]]
    ex.view.value = ("set", "the_war")
    ex.label.value = "invasion"
    fp = ex.fingerprint
    assert rows(fp, set="the_war")[["outlet", "label", "count", "total"]].values.tolist() == [
        ["Alpha", "invasion", 0, 2], ["Beta", "invasion", 1, 2]]
    # the capital column keeps its own label
    assert rows(fp, set="capital")["label"].tolist() == ["Kyiv", "Kyiv"]
    assert "the_war: <i>invasion</i>" in ex.fingerprint_html.value


def test_outlet_selection_filters_every_table(ex):
    ex.outlets.value = ("Beta",)
    assert set(ex.table["outlet"]) == {"Beta"}
    assert set(ex.fingerprint["outlet"]) == {"Beta"}
    assert ex.key_terms.empty  # one outlet: nothing to compare with
    assert ex.status.value.startswith("2 documents, 16 words")


def test_period_slider_keeps_only_documents_of_those_months(ex):
    assert list(ex.period.options) == ["2022-03", "2022-04", "2022-05"]
    ex.period.index = (0, 0)
    ex.granularity.value = "all"
    assert rows(ex.table, outlet="Alpha")[["label", "count"]].values.tolist() == [
        ["Kyiv", 0], ["Kiev", 2]]
    assert rows(ex.table, outlet="Beta")[["label", "count", "n_words"]].values.tolist() == [
        ["Kyiv", 2, 10], ["Kiev", 0, 10]]
    assert "date_from='2022-03-01', date_to='2022-03-31'" in ex.calls()


def test_lexicon_view_gives_rates_per_1000_words(ex):
    ex.granularity.value = "all"
    ex.view.value = ("lexicon", "pejorative")
    assert ex.measure.value == "per_1k"
    assert [value for _, value in ex.measure.options] == ["per_1k", "per_10k", "count"]
    table = ex.table
    assert "share" not in table
    assert table[["outlet", "label", "count", "n_words"]].values.tolist() == [
        ["Alpha", "pejorative", 2, 19], ["Beta", "pejorative", 0, 16]]
    assert table["per_1k"].tolist() == pytest.approx([2000 / 19, 0.0])
    ex.view.value = ("lexicon", "fear")
    assert rows(ex.table, outlet="Beta")["per_1k"].tolist() == pytest.approx([125.0])


def test_panel_tables_equal_the_toolkit_functions(ex, corpus):
    ex.granularity.value = "all"
    shares = toolkit.term_share(corpus, TERMS, by="outlet")
    for name in TERMS:
        ex.view.value = ("set", name)
        expected = shares[shares["set"] == name]
        assert ex.table["count"].tolist() == expected["count"].tolist()
        assert ex.table["total"].tolist() == expected["total"].tolist()
        assert ex.table["n_words"].tolist() == expected["n_words"].tolist()
    counts = toolkit.lexicon_counts(corpus, LEXICON, by="outlet")
    for category in LEXICON:
        ex.view.value = ("lexicon", category)
        expected = counts[counts["category"] == category]
        assert ex.table["count"].tolist() == expected["count"].tolist()
        assert ex.table["per_1k"].tolist() == pytest.approx(expected["per_1k"].tolist())


def test_picking_a_cell_lists_its_evidence_escaped(ex):
    assert "tk-evidence-empty" in ex.evidence_html.value
    options = [value for _, value in ex.cell.options]
    assert ("Alpha", "Kiev") in options and ("Beta", "Kiev") not in options  # zero counts left out
    ex.cell.value = ("Alpha", "Kiev")
    ev = ex.evidence
    assert ev[["doc_id", "match", "start", "end"]].values.tolist() == [
        ["a1", "Kiev", 4, 8], ["a1", "Kiev", 38, 42]]
    assert ev["title"].tolist() == ["<b>Kiev</b> & co"] * 2
    markup = ex.evidence_html.value
    assert "2 occurrences" in markup
    assert "&lt;b&gt;Kiev&lt;/b&gt; &amp; co" in markup
    assert "<b>Kiev</b> &" not in markup
    assert "a1 [38:42]" in markup

    ex.cell.value = ("Beta", "Kyiv")
    assert ex.evidence[["doc_id", "start", "end"]].values.tolist() == [
        ["b1", 0, 4], ["b1", 6, 10], ["b2", 0, 4]]
    markup = ex.evidence_html.value
    assert "<script>" not in markup and "&lt;script&gt;alert(1)&lt;/script&gt;" in markup


def test_evidence_follows_the_period(ex):
    ex.cell.value = ("Beta", "Kyiv")
    ex.period.index = (2, 2)  # May only: b2
    assert ex.evidence["doc_id"].tolist() == ["b2"]


def test_key_terms_and_their_evidence(ex, corpus):
    ex.target.value = "Beta"
    assert ex.normalize.value == "default"
    expected = toolkit.keyness(corpus, target="Beta", stopwords="english", normalize="default",
                               min_count=3)
    assert ex.key_terms["term"].tolist() == expected["term"].tolist()
    assert ex.key_terms["log_likelihood"].tolist() == pytest.approx(
        expected["log_likelihood"].tolist())
    kyiv = rows(ex.key_terms, term="kyiv")
    assert kyiv[["count_target", "count_reference"]].values.tolist() == [[3, 1]]
    assert "kyiv" in [value for _, value in ex.key_term.options]
    ex.key_term.value = "kyiv"
    assert ex.evidence[["doc_id", "start", "end"]].values.tolist() == [
        ["b1", 0, 4], ["b1", 6, 10], ["b2", 0, 4]]
    assert "Beta · key term" in ex.evidence_html.value
    assert "evidence = toolkit.kwic(selection[selection['outlet'] == 'Beta'], 'kyiv')" \
        in ex.calls()
    ex.normalize.value = "none"  # as written: the same here (no word of these texts changes)
    assert ex.key_terms["term"].tolist() == toolkit.keyness(
        corpus, target="Beta", stopwords="english", min_count=3)["term"].tolist()
    assert "normalize=None" in ex.calls()


def test_calls_reproduce_the_table(ex, corpus):
    ex.outlets.value = ("Alpha",)
    ex.granularity.value = "all"
    ex.view.value = ("set", "the_war")
    namespace = {"toolkit": toolkit, "corpus": corpus}
    code = ex.calls().replace("term_sets = toolkit.load_term_sets", "# ")
    namespace["term_sets"] = TERMS
    exec(code, namespace)  # the text the panel offers for a notebook cell
    table = namespace["table"]
    assert table["count"].tolist() == ex.table["count"].tolist() == [2, 0]
    assert "outlets=['Alpha']" in ex.calls()


def test_export_writes_tables_figures_and_calls(ex, tmp_path):
    ex.cell.value = ("Alpha", "Kiev")
    out = ex.export(tmp_path / "sel")
    names = sorted(p.name for p in out.iterdir())
    for name in ("table.csv", "fingerprint.csv", "evidence.csv", "calls.py",
                 "fingerprint.png", "fingerprint.svg", "over_time.png", "over_time.svg",
                 "key_terms.png", "key_terms.svg"):
        assert name in names
    table = pd.read_csv(out / "table.csv")
    assert table["count"].sum() == ex.table["count"].sum() == 6
    assert (out / "fingerprint.png").read_bytes()[:4] == b"\x89PNG"
    assert (out / "calls.py").read_text().startswith("import toolkit")


def test_static_html_has_the_figures_as_images(ex):
    bundle = ex._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    static = bundle["text/html"]
    assert static.count('src="data:image/png;base64,') == 3
    assert ex.time_image.value[:4] == b"\x89PNG"


def test_voice_control_only_with_a_voice_model(ex):
    import inspect

    supported = "voice" in inspect.signature(toolkit.term_share).parameters
    assert ex.has_voice == (supported and "voice" in inspect.signature(
        toolkit.lexicon_counts).parameters)
    assert (ex.voice.layout.display == "none") == (not ex.has_voice)


def test_actors_are_views_with_rates(corpus):
    ex = toolkit.Explorer(corpus, lexicon=LEXICON, term_sets=TERMS,
                          actors={"Moscow": ["moscow"]})
    ex.granularity.value = "all"
    ex.view.value = ("actor", "Moscow")
    assert ex.table[["outlet", "count", "n_words"]].values.tolist() == [
        ["Alpha", 1, 19], ["Beta", 0, 16]]
    ex.cell.value = ("Alpha", "Moscow")
    assert ex.evidence[["doc_id", "match", "start", "end"]].values.tolist() == [
        ["a2", "Moscow", 24, 30]]  # "Kyiv said the regime in " is 24 characters


def test_the_corpus_is_not_modified(corpus):
    before = corpus.copy()
    toolkit.Explorer(corpus, lexicon=LEXICON, term_sets=TERMS)
    pd.testing.assert_frame_equal(corpus, before)


def test_explore_outside_jupyter_says_so_and_returns_none(corpus, capsys):
    assert toolkit.explore(corpus, lexicon=LEXICON, term_sets=TERMS) is None
    assert "needs a Jupyter kernel" in capsys.readouterr().out


def test_explore_without_ipywidgets_says_what_to_install(corpus, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # import fails as if not installed
    assert toolkit.explore(corpus) is None
    assert "pip install ipywidgets" in capsys.readouterr().out


def test_demo_corpus_opens_with_the_bundled_sets(demo):
    ex = toolkit.Explorer(demo)
    assert len(ex.fingerprint) == demo["outlet"].nunique() * len(
        toolkit.load_term_sets("russia_ukraine"))
    sovereign = rows(ex.fingerprint, outlet="Sovereign Voice", set="capital")
    assert sovereign["share"].tolist() == [0.0]  # the state outlet never writes "Kyiv"


def test_markup_in_outlet_names_and_titles_is_escaped_everywhere():
    hostile = '<img src=x onerror="alert(1)">'
    corpus = pd.DataFrame({
        "doc_id": ["x1", "y1"], "outlet": [hostile, "Plain"],
        "date": pd.to_datetime(["2022-03-01", "2022-03-02"]),
        "title": [hostile, "<script>t()</script>"],
        "text": ["Kiev and Kiev and the regime.", "Kyiv <b>and</b> the regime, Kyiv."],
    })
    ex = toolkit.Explorer(corpus, lexicon=LEXICON, term_sets=TERMS)
    ex.cell.value = (hostile, "Kiev")
    assert len(ex.evidence) == 2
    ex.target.value = "Plain"
    shown = [ex.fingerprint_html.value, ex.table_html.value, ex.evidence_html.value,
             ex.key_html.value, ex.static_html()]
    for markup in shown:
        assert "<img src=x" not in markup and "<script>" not in markup
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in ex.evidence_html.value
    assert "&lt;img src=x" in ex.fingerprint_html.value and "&lt;img src=x" in ex.table_html.value


def test_html_export_of_a_notebook_shows_the_first_state_as_images(ex):
    nbformat = pytest.importorskip("nbformat")
    nbconvert = pytest.importorskip("nbconvert")
    bundle = ex._repr_mimebundle_()
    cell = nbformat.v4.new_code_cell("toolkit.explore(corpus)", outputs=[
        nbformat.v4.new_output("display_data", data=bundle)])
    notebook = nbformat.v4.new_notebook(cells=[cell])  # no saved widget state
    page, _ = nbconvert.HTMLExporter().from_notebook_node(notebook)
    assert page.count('src="data:image/png;base64,') >= 3
    assert "Static image of the explorer" in page
