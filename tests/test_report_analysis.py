"""The report's analysis computed once (data/*.parquet), its evidence links and duplicates."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import toolkit
from toolkit import report


def _same(saved: pd.DataFrame, computed: pd.DataFrame, name: str) -> None:
    pd.testing.assert_frame_equal(saved, computed.reset_index(drop=True), obj=name)


def test_load_or_compute_reads_the_saved_table_or_computes(tmp_path):
    calls = []

    def compute():
        calls.append(1)
        return pd.DataFrame({"term": ["kyiv", "kiev"], "n": [3, 1]})

    assert load(compute, None)["n"].tolist() == [3, 1]
    assert load(compute, tmp_path)["n"].tolist() == [3, 1]  # no saved table: computed
    assert len(calls) == 2
    pd.DataFrame({"term": ["saved"], "n": [7]}).to_parquet(tmp_path / "counts.parquet")
    assert load(compute, tmp_path)["term"].tolist() == ["saved"]
    assert len(calls) == 2  # read, not computed


def load(compute, folder):
    return toolkit.load_or_compute("counts", compute, analysis_dir=folder)


def test_evidence_anchor_is_stable_and_safe_whatever_the_keys():
    first = toolkit.evidence_anchor("share", "capital", "Meridian Wire", "Kyiv")
    assert first == toolkit.evidence_anchor("share", "capital", "Meridian Wire", "Kyiv")
    assert first != toolkit.evidence_anchor("share", "capital", "Meridian Wire", "Kiev")
    hostile = toolkit.evidence_anchor("rate", "<b>'x'</b>", "\" onclick=alert(1)")
    assert re.fullmatch(r"ev-rate-[0-9a-f]{12}", hostile)
    # the keys are joined with a separator: ("ab", "c") and ("a", "bc") differ
    assert toolkit.evidence_anchor("key", "ab", "c") != toolkit.evidence_anchor("key", "a", "bc")


def test_show_table_links_cells_and_escapes_them():
    table = pd.DataFrame({
        "outlet": ["<b>Alpha</b>", "Beta"],
        "share %": [12.345, 0.0],
        "terms": [["kiev", "<i>x</i>"], ["kyiv"]],
        "ev": ["ev-share-000000000001", ""],
        "ev_terms": [["ev-key-000000000002", "ev-key-000000000003"], ["ev-key-000000000004"]],
    })
    html = toolkit.show_table(table, digits=1, links={"share %": "ev", "terms": "ev_terms"}).data
    assert "<th>ev</th>" not in html and "<th>ev_terms</th>" not in html  # anchors not shown
    assert "<td><a href='#ev-share-000000000001'>12.3</a></td>" in html
    assert "<td>0.0</td>" in html  # no anchor: not linked
    assert ("<a href='#ev-key-000000000002'>kiev</a>, "
            "<a href='#ev-key-000000000003'>&lt;i&gt;x&lt;/i&gt;</a>") in html
    assert "<td>&lt;b&gt;Alpha&lt;/b&gt;</td>" in html
    assert "<b>" not in html and "<i>" not in html
    # without links the table is pandas' own, unchanged
    plain = toolkit.show_table(table[["outlet", "share %"]], digits=1).data
    assert "href" not in plain and "12.3" in plain


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    """The demo corpus four times over (256 documents: the tables are computed in two
    processes) analysed once, as the report does."""
    demo = toolkit.demo_corpus()
    corpus = pd.concat([demo.assign(doc_id=demo["doc_id"] + f"-{i}") for i in range(4)],
                       ignore_index=True)
    out = tmp_path_factory.mktemp("analysed")
    files = report._analyse(corpus, out, {"lexicon": "loaded_language",
                                          "term_sets": "russia_ukraine",
                                          "stopwords": "english"})
    return corpus, out, files


def test_the_analysis_saves_the_corpus_and_every_table(analysed):
    corpus, out, files = analysed
    assert files == sorted(f"data/{name}.parquet" for name in (
        "corpus", "corpus_overview", "term_frequency", "bigram_frequency", "duplicate_pairs",
        "duplicate_clusters", "boilerplate", "term_share", "term_hits", "lexicon_counts_per_document",
        "lexicon_hits", "scare_quotes", "readability_per_document", "actor_sentences"))
    _same(pd.read_parquet(out / "data" / "corpus.parquet"), corpus, "corpus")


def test_saved_tables_equal_the_notebooks_own_calls(analysed):
    """Each saved table is what the notebook computes when run by hand (the same call)."""
    corpus, out, _ = analysed
    data = out / "data"
    sets, lex = toolkit.load_term_sets("russia_ukraine"), toolkit.load_lexicon("loaded_language")
    expected = {
        "corpus_overview": toolkit.describe_corpus(corpus, by="outlet"),
        "term_frequency": toolkit.term_frequency(corpus, by="outlet", stopwords="english"),
        # 256 documents: min_mentions is 10, so two-word terms need 3 occurrences
        "bigram_frequency": toolkit.term_frequency(corpus, by="outlet", ngram=2,
                                                   stopwords="english", min_count=3),
        "boilerplate": toolkit.find_boilerplate(corpus, progress=False),
        "term_share": toolkit.term_share(corpus, sets, by="outlet", progress=False),
        "term_hits": toolkit.term_hits(corpus, sets, progress=False),
        "lexicon_counts_per_document": toolkit.lexicon_counts(corpus, lex,
                                                              by=["outlet", "doc_id"]),
        "lexicon_hits": toolkit.lexicon_hits(corpus, lex),
        "scare_quotes": toolkit.scare_quotes(corpus),
        "readability_per_document": toolkit.readability(corpus),
        "actor_sentences": toolkit.actor_sentences(corpus, "russia_ukraine", window="sentence",
                                                   lexicon="loaded_language"),
    }
    pairs, clusters = toolkit.find_duplicates(corpus)
    expected.update(duplicate_pairs=pairs, duplicate_clusters=clusters)
    for name, table in expected.items():
        _same(pd.read_parquet(data / f"{name}.parquet"), table, name)
    # the four copies of each demo article are exact duplicates: 64 clusters of 4
    assert len(clusters) == 256 and clusters["cluster_size"].eq(4).all()
    # notebook 05 takes the outlet's own hits from the saved table of every hit
    hits = pd.read_parquet(data / "lexicon_hits.parquet")
    _same(hits[hits["voice"] == "outlet"].reset_index(drop=True),
          toolkit.lexicon_hits(corpus, lex, voice="outlet"), "lexicon_hits voice=outlet")


def test_duplicates_section_counts_clusters_and_what_dropping_them_changes(tmp_path):
    demo = toolkit.demo_corpus()
    # an exact copy of a Meridian Wire article in The Daily Blaze, a lightly edited copy of a
    # Sovereign Voice article in The Atlas Review, both dated after their originals
    exact = demo[demo["outlet"] == "Meridian Wire"].iloc[[0]].assign(
        doc_id="copy-exact", outlet="The Daily Blaze", date=pd.Timestamp("2026-01-01"))
    near = demo[demo["outlet"] == "Sovereign Voice"].iloc[[0]]
    near = near.assign(doc_id="copy-near", outlet="The Atlas Review",
                       date=pd.Timestamp("2026-01-02"),
                       text=near["text"].str.replace("Kiev", "Kyiv", n=1, regex=False))
    corpus = pd.concat([demo, exact, near], ignore_index=True)
    path = tmp_path / "with_copies.csv"
    corpus.to_csv(path, index=False)
    out = report.run_report(path, out=tmp_path / "rep", notebooks=["01_quickstart"],
                            progress=False)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert ("2 clusters of duplicates (1 of exact copies, 1 with near-duplicates; 2 across "
            "outlets) hold 4 documents. Keeping only the earliest document of each cluster "
            "would drop 2 of 66 documents (3.0%), leaving 64.") in html
    clusters = pd.read_csv(out / "tables" / "duplicate_clusters.csv")
    assert sorted(clusters["doc_id"])[:2] == ["copy-exact", "copy-near"]
    # the per-outlet table: The Daily Blaze has 17 documents, 1 dropped, 16 left
    section = html[html.index("would drop 2 of 66"):]
    row = re.search(r"<td>The Daily Blaze</td>((?:\s*<td>[^<]*</td>){5})", section)
    assert row is not None
    assert re.findall(r"<td>([^<]*)</td>", row.group(1)) == ["17", "1", "0", "1", "16"]


def test_duplicates_section_says_when_there_are_none(tmp_path):
    out = report.run_report(None, out=tmp_path / "rep", notebooks=["01_quickstart"],
                            progress=False)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "No duplicates found" in html


def test_a_failure_in_one_kernel_stops_the_other_at_once(tmp_path, monkeypatch):
    import time

    import nbformat

    folder = tmp_path / "notebooks"
    folder.mkdir()
    for name, code in (("98_slow", "import time\ntime.sleep(120)"), ("99_broken", "1 / 0")):
        book = nbformat.v4.new_notebook()
        book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
        parameters = nbformat.v4.new_code_cell("corpus_path = None")
        parameters.metadata["tags"] = ["parameters"]
        book.cells = [parameters, nbformat.v4.new_code_cell(code)]
        nbformat.write(book, folder / f"{name}.ipynb")
    monkeypatch.setattr(report, "_notebook_folder", lambda: folder)
    assert report._lanes(["98_slow", "99_broken"]) == [["98_slow"], ["99_broken"]]
    start = time.monotonic()
    with pytest.raises(report.ReportError, match=r"notebook 99_broken failed .*ZeroDivision"):
        report.run_report(None, out=tmp_path / "out", notebooks=["98_slow", "99_broken"],
                          progress=False)
    assert time.monotonic() - start < 100  # the slow notebook's kernel was stopped
