"""The close reading against a reference corpus (issue 18): toolkit.reference and --reference.

Hand-made texts with every expected number worked out by hand in the comments; the seed op-ed
against a sample of ukraine_media where ../shared is present.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

import toolkit
from toolkit.__main__ import main
from toolkit.report import ReportParameterError, run_report

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seed"
UKRAINE_MEDIA = REPO.parent / "shared" / "data" / "ukraine_media" / "articles.jsonl.gz"

# "The thugs are a menace. The menace grows in Kiev." is 10 words: threat 2 (menace, menace),
# insult 1 (thugs), capital: Kiev 1
TEXT = "The thugs are a menace. The menace grows in Kiev."
LEXICON = {"threat": ["menace", "danger*"], "insult": ["thug*"]}
SETS = {"capital": {"Kyiv": ["kyiv"], "Kiev": ["kiev"]},
        "the_war": {"war": ["war"], "conflict": ["conflict"]}}


@pytest.fixture
def one_text() -> pd.DataFrame:
    return pd.DataFrame({"doc_id": ["t"], "outlet": ["Op-ed"], "title": ["A menace"],
                         "text": [TEXT]})


@pytest.fixture
def hand_reference() -> pd.DataFrame:
    """Three reference documents (21 words) and a copy of the text, which must be left out.

    r1 "A menace came to Kyiv today."                       6 words, threat 1, Kyiv 1
    r2 "Kyiv is calm and Kiev is busy today, say thugs."    10 words, insult 1, Kyiv 1, Kiev 1
    r3 "Talks went on in Kyiv."                             5 words, nothing loaded, Kyiv 1
    """
    return pd.DataFrame({
        "doc_id": ["r1", "r2", "r3", "copy"],
        "outlet": ["Wire", "Wire", "Daily", "Copy desk"],
        "title": ["r1", "r2", "r3", "copy"],
        "text": ["A menace came to Kyiv today.",
                 "Kyiv is calm and Kiev is busy today, say thugs.",
                 "Talks went on in Kyiv.", TEXT],
    })


def test_rates_against_a_hand_made_reference(one_text, hand_reference):
    before = hand_reference.copy()
    rates = toolkit.rates_against_reference(one_text, hand_reference, LEXICON, min_words=1)
    pd.testing.assert_frame_equal(hand_reference, before)  # the caller's table is untouched
    assert rates.attrs["left_out"] == 1  # the copy of the text
    assert rates["category"].tolist() == ["threat", "insult", "(all)"]
    got = rates.set_index("category")
    # the text: 2, 1 and 3 hits in 10 words -> 200, 100 and 300 per 1,000
    assert got["count"].tolist() == [2, 1, 3]
    assert got["n_words"].tolist() == [10, 10, 10]
    assert got["per_1k"].tolist() == pytest.approx([200, 100, 300])
    # the reference pooled: 1 threat and 1 insult hit in 6 + 10 + 5 = 21 words
    assert got["ref_n_words"].tolist() == [21, 21, 21]
    assert got["ref_count"].tolist() == [1, 1, 2]
    assert got["ref_per_1k"].tolist() == pytest.approx([1000 / 21, 1000 / 21, 2000 / 21])
    # per document (r1, r2, r3): threat 166.67, 0, 0; insult 0, 100, 0; all 166.67, 100, 0
    assert got["ref_docs"].tolist() == [3, 3, 3]
    # quartiles by linear interpolation of the sorted rates: threat (0, 0, 166.67) -> 0, 0,
    # 83.33; insult (0, 0, 100) -> 0, 0, 50; all (0, 100, 166.67) -> 50, 100, 133.33
    assert got["ref_q25"].tolist() == pytest.approx([0, 0, 50])
    assert got["ref_median"].tolist() == pytest.approx([0, 0, 100])
    assert got["ref_q75"].tolist() == pytest.approx([500 / 6, 50, 400 / 3])
    # threat 200 is above all three; insult 100 is above two of three and ties r2
    assert got["pct_below"].tolist() == pytest.approx([100, 200 / 3, 100])
    assert got["pct_above"].tolist() == pytest.approx([0, 0, 0])
    assert got["percentile"].tolist() == pytest.approx([100, 200 / 3 + 100 / 6, 100])


def test_short_reference_documents_stay_out_of_the_spread_only(one_text, hand_reference):
    rates = toolkit.rates_against_reference(one_text, hand_reference, LEXICON, min_words=6)
    insult = rates.set_index("category").loc["insult"]
    # r3 (5 words) is left out of the spread: r1 0 and r2 100 against the text's 100
    assert insult["ref_docs"] == 2
    assert insult["pct_below"] == pytest.approx(50)
    assert insult["percentile"] == pytest.approx(75)  # 50 below, the tie counting half
    # ... but not out of the pooled rate
    assert insult["ref_per_1k"] == pytest.approx(1000 / 21)


def test_framing_choices_against_a_hand_made_reference(one_text, hand_reference):
    shares = toolkit.shares_against_reference(one_text, hand_reference, SETS)
    # the war is not mentioned by the text: no rows for it
    assert shares[["set", "label"]].values.tolist() == [["capital", "Kyiv"], ["capital", "Kiev"]]
    # text: Kiev 1 of 1; reference: Kyiv in r1, r2, r3 (3), Kiev in r2 (1) -> 3/4 and 1/4
    assert shares["count"].tolist() == [0, 1]
    assert shares["total"].tolist() == [1, 1]
    assert shares["share"].tolist() == [0.0, 1.0]
    assert shares["ref_count"].tolist() == [3, 1]
    assert shares["ref_total"].tolist() == [4, 4]
    assert shares["ref_share"].tolist() == pytest.approx([0.75, 0.25])
    assert shares["ref_docs"].tolist() == [3, 1]


def test_keyness_against_a_reference_is_token_log_likelihood():
    text = pd.DataFrame({"doc_id": ["t"], "text": ["Regime, regime."]})
    reference = pd.DataFrame({"doc_id": ["r"], "text": ["The government said the government said."]})
    key = toolkit.keyness_against_reference(text, reference, stopwords=None)
    # N1 = 2, N2 = 6, N = 8. "regime": a = 2, b = 0; expected E11 = 2*2/8 = 0.5 and
    # E22 = 6*6/8 = 4.5 (the other cells are 0): G2 = 2 (2 ln 4 + 6 ln(6/4.5)) = 8.997
    over = key[key["direction"] == "over-used"]
    assert over["term"].tolist() == ["regime"]
    assert over["log_likelihood"].iloc[0] == pytest.approx(2 * (2 * math.log(4)
                                                               + 6 * math.log(6 / 4.5)))
    assert over[["count", "ref_count"]].values.tolist() == [[2, 0]]
    # each reference word: a = 0, b = 2; cells 2 (E 1.5), 2 (E 1.5), 4 (E 4.5):
    # G2 = -2 (2 ln(2/1.5) + 2 ln(2/1.5) + 4 ln(4/4.5)) = -1.359, ties in term order
    under = key[key["direction"] == "under-used"]
    assert under["term"].tolist() == ["government", "said", "the"]
    expected = -2 * (4 * math.log(2 / 1.5) + 4 * math.log(4 / 4.5))
    assert under["log_likelihood"].tolist() == pytest.approx([expected] * 3)
    assert key.attrs["n_words"] == {"t": 2} and key.attrs["ref_n_words"] == 6


def test_a_word_used_once_is_not_called_key():
    text = pd.DataFrame({"doc_id": ["t"], "text": ["Regime, regime and junta."]})
    reference = pd.DataFrame({"doc_id": ["r"], "text": ["The government said so. " * 3]})
    key = toolkit.keyness_against_reference(text, reference, stopwords=None)
    assert key.loc[key["direction"] == "over-used", "term"].tolist() == ["regime"]
    key = toolkit.keyness_against_reference(text, reference, stopwords=None, min_count=1)
    assert set(key.loc[key["direction"] == "over-used", "term"]) == {"regime", "junta", "and"}


def test_a_reference_of_only_the_text_is_refused(one_text):
    with pytest.raises(ValueError, match="no documents other than the text"):
        toolkit.rates_against_reference(one_text, one_text.assign(doc_id="x"), LEXICON)


# -- the report: --reference ----------------------------------------------------------------

@pytest.fixture
def hand_files(tmp_path, one_text, hand_reference):
    text, reference = tmp_path / "text.csv", tmp_path / "reference.csv"
    one_text.to_csv(text, index=False)
    hand_reference.to_csv(reference, index=False)
    lexicon = tmp_path / "lexicon.yaml"
    lexicon.write_text("threat:\n  - menace\n  - danger*\ninsult:\n  - thug*\n", encoding="utf-8")
    return text, reference, lexicon


def test_report_compares_the_text_with_the_reference(tmp_path, hand_files):
    text, reference, lexicon = hand_files
    out = run_report(text, out=tmp_path / "report", reference=reference, lexicon=str(lexicon),
                     notebooks=["09_close_reading"], progress=False)
    rates = pd.read_csv(out / "tables" / "close_reading_rates.csv")
    # the spread over reference documents of at least 100 words: none of these hand-made ones
    assert rates[["category", "count", "per_1k", "ref_count", "ref_docs"]].values.tolist() == [
        ["threat", 2, 200.0, 1, 0], ["insult", 1, 100.0, 1, 0], ["(all)", 3, 300.0, 2, 0]]
    assert rates["ref_per_1k"].tolist() == pytest.approx([1000 / 21, 1000 / 21, 2000 / 21])
    shares = pd.read_csv(out / "tables" / "close_reading_shares.csv")
    assert shares[["label", "count", "ref_count"]].values.tolist() == [["Kyiv", 0, 3],
                                                                      ["Kiev", 1, 1]]
    assert (out / "tables" / "close_reading_keyness.csv").is_file()
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Against a reference corpus" in html
    assert "Reference: ../reference.csv: 3 documents from 2 outlets (Daily, Wire)" in html
    assert "1 document(s) identical to a text were left out" in html
    assert "No reference corpus was given" not in html
    # the summary: 3 hits in 10 words against 2 in 21; the spread is empty (no reference
    # document of 100 words), so no percentage of documents is claimed
    assert ("In short, “A menace” has 3 loaded-language hits, 300.0 per 1,000 words, against "
            "95.2 in the reference. ") in html
    assert "“Kiev” (1 of 1 mention of capital; 25% of the reference's)" in html
    # the text's choice per reference outlet: "Kiev" is 1 of Wire's 3 mentions (r1, r2), 0 of
    # Daily's 1 (r3); the copy of the text (outlet Copy desk) is not in the reference
    assert "33% (n=3)" in html and "0% (n=1)" in html and "Copy desk" not in html
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["reference"]["path"] == "../reference.csv"
    assert len(manifest["reference"]["sha256"]) == 64
    assert manifest["parameters"]["reference_path"] == "../reference.csv"
    assert "<th>Reference corpus</th><td>../reference.csv (SHA-256 " in html  # methods
    for path in [out / "report.html", out / "manifest.json", *(out / "notebooks").glob("*.ipynb")]:
        assert str(tmp_path.resolve()) not in path.read_text(encoding="utf-8"), path.name


def test_reference_is_loaded_with_the_corpus_options(tmp_path, hand_files, one_text,
                                                    hand_reference):
    _, _, lexicon = hand_files
    # both files name their outlets "source": --outlet-col source applies to both
    one_text.rename(columns={"outlet": "source"}).to_csv(tmp_path / "t.csv", index=False)
    hand_reference.rename(columns={"outlet": "source"}).to_csv(tmp_path / "r.csv", index=False)
    out = run_report(tmp_path / "t.csv", out=tmp_path / "report", reference=tmp_path / "r.csv",
                     lexicon=str(lexicon), load_options={"outlet_col": "source"},
                     notebooks=["09_close_reading"], progress=False)
    # loaded as the corpus was, saved for the notebook next to the corpus
    assert (out / "notebooks" / "reference.parquet").is_file()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"]["reference_path"] == "notebooks/reference.parquet"
    assert manifest["reference"]["path"] == "../r.csv"
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "3 documents from 2 outlets (Daily, Wire)" in html


def test_text_from_the_reference_is_shown_as_text(tmp_path, hand_files, one_text,
                                                  hand_reference):
    _, _, lexicon = hand_files
    one_text.assign(title="<script>alert(1)</script>").to_csv(tmp_path / "t.csv", index=False)
    hand_reference.assign(outlet=["<b data-x='1'>Wire</b>"] * 2 + ["Daily", "Copy desk"]).to_csv(
        tmp_path / "r.csv", index=False)
    out = run_report(tmp_path / "t.csv", out=tmp_path / "report", reference=tmp_path / "r.csv",
                     lexicon=str(lexicon), notebooks=["09_close_reading"], progress=False)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<b data-x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # in the captions, as written
    assert "&lt;b data-x=" in html  # the reference's outlet, as written


def test_close_reading_comes_first_for_a_few_texts(tmp_path, hand_files):
    text, _, lexicon = hand_files
    out = run_report(text, out=tmp_path / "report", lexicon=str(lexicon), progress=False,
                     notebooks=["01_quickstart", "09_close_reading"])
    html = (out / "report.html").read_text(encoding="utf-8")
    assert 0 <= html.find('id="9.-Close-reading') < html.find('id="1.-The-corpus')
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["notebooks"] == ["09_close_reading", "01_quickstart"]


def test_report_without_reference_says_so_and_how_to_give_one(tmp_path, hand_files):
    text, _, lexicon = hand_files
    out = run_report(text, out=tmp_path / "report", lexicon=str(lexicon),
                     notebooks=["09_close_reading"], progress=False)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "No reference corpus was given" in html
    assert "demo corpus is invented and is not a valid reference" in html
    assert "--reference REFERENCE" in html
    assert not (out / "tables" / "close_reading_rates.csv").exists()
    assert "Loaded language in this text, by category" in html  # the text's own counts


def test_bad_reference_is_refused_before_anything_runs(tmp_path, hand_files, capsys):
    text, _, _ = hand_files
    missing = tmp_path / "nowhere.csv"
    with pytest.raises(ReportParameterError, match="nowhere.csv") as caught:
        run_report(text, out=tmp_path / "report", reference=missing, progress=False)
    assert caught.value.parameters == ("reference",)
    assert not (tmp_path / "report").exists()
    status = main(["report", str(text), "--out", str(tmp_path / "report"),
                   "--reference", str(missing), "--quiet"])
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith("error: argument --reference: cannot load the reference corpus")
    assert "nowhere.csv" in err and "check the path" in err


def test_reference_without_the_close_reading_is_refused(tmp_path, hand_files):
    text, reference, _ = hand_files
    with pytest.raises(ReportParameterError, match="not among the notebooks") as caught:
        run_report(text, out=tmp_path / "report", reference=reference, progress=False,
                   notebooks=["01_quickstart"])
    assert caught.value.parameters == ("reference", "notebooks")
    assert not (tmp_path / "report").exists()


def test_reference_for_a_corpus_too_large_for_a_close_reading_is_refused(tmp_path, hand_files):
    _, reference, _ = hand_files
    with pytest.raises(ReportParameterError, match="at most 3 documents; this selection has 64"):
        run_report(None, out=tmp_path / "report", reference=reference, progress=False)
    assert not (tmp_path / "report").exists()


# -- real data ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_against_ukraine_media(tmp_path_factory):
    """The seed op-ed's report against RT and BBC from ukraine_media (a sample, for speed)."""
    if not (SEED / "infobrics-op-ed.txt").is_file() or not UKRAINE_MEDIA.is_file():
        pytest.skip(f"real data not present: {SEED} and {UKRAINE_MEDIA}")
    folder = tmp_path_factory.mktemp("seed")
    articles = toolkit.load_corpus(UKRAINE_MEDIA)
    sample = articles[articles["outlet"].isin(["RT", "BBC"])]
    sample.to_parquet(folder / "rt_bbc.parquet", index=False)
    return run_report(SEED, out=folder / "report", reference=folder / "rt_bbc.parquet",
                      notebooks=["09_close_reading"], progress=False)


def test_seed_op_ed_against_ukraine_media(seed_against_ukraine_media):
    out = seed_against_ukraine_media
    shares = pd.read_csv(out / "tables" / "close_reading_shares.csv").set_index(["set", "label"])
    # the op-ed writes "Kiev" 7 times and never "Kyiv" (counted by hand in the text)
    assert shares.loc[("capital", "Kiev"), "count"] == 7
    assert shares.loc[("capital", "Kyiv"), "count"] == 0
    # RT writes Kiev, the BBC Kyiv: the pooled reference is split, neither side near 0 or 1
    assert 0.2 < shares.loc[("capital", "Kiev"), "ref_share"] < 0.8
    rates = pd.read_csv(out / "tables" / "close_reading_rates.csv").set_index("category")
    # "Russophobia" and "Russophobic": 2 phobia accusations, rare in news reporting
    assert rates.loc["phobia_accusation", "count"] == 2
    assert rates.loc["phobia_accusation", "per_1k"] > 10 * rates.loc["phobia_accusation",
                                                                     "ref_per_1k"]
    assert rates.loc["(all)", "ref_docs"] > 1000
    assert rates.loc["(all)", "pct_below"] > 50
    key = pd.read_csv(out / "tables" / "close_reading_keyness.csv")
    over = key.loc[key["direction"] == "over-used", "term"].tolist()
    assert "zaluzhny" in over  # the op-ed is about him (8 mentions)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Reference: ../rt_bbc.parquet: 1,818 documents from 2 outlets (BBC, RT)" in html
    assert "capital: “Kiev”" in html  # the text's choice in each reference outlet
    assert "Rarer in the reference: " in html and "phobia accusation (2 hits" in html
