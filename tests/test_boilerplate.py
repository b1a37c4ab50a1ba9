"""House boilerplate: passages an outlet repeats word for word (toolkit.boilerplate)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pandas as pd
import pytest

import toolkit

UKRAINE_MEDIA = (Path(__file__).resolve().parents[2] / "shared" / "data" / "ukraine_media"
                 / "articles.jsonl.gz")

# 12 word tokens: copyright, not, responsible, for, the, content, of, external, sites,
# read, our, policy
NOTICE = "(c) Not responsible for the content of external sites. Read our policy."
STORIES = ["Rain fell on Monday.", "The mayor resigned.", "Bread prices rose again.",
           "A new bridge opened.", "Schools closed early.", "The river flooded."]


def _corpus(texts: list[str], outlet: str = "Gazette", prefix: str = "g") -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [f"{prefix}{i}" for i in range(len(texts))],
                         "outlet": outlet, "text": texts})


def test_a_notice_in_five_of_six_documents_is_found_with_its_offsets():
    texts = [f"{story} {NOTICE}" for story in STORIES[:5]] + [STORIES[5]]
    other = _corpus([f"Markets calm. {NOTICE}"], outlet="Courier", prefix="c")
    corpus = pd.concat([_corpus(texts), other], ignore_index=True)
    before = corpus.copy()
    found = toolkit.find_boilerplate(corpus)
    pd.testing.assert_frame_equal(corpus, before)  # the caller's table is untouched
    assert found["outlet"].tolist() == ["Gazette"]  # the Courier has it once: not its house text
    row = found.iloc[0]
    # "(c)" is punctuation + the token "c"; the passage widens over "(" and the final "."
    assert row["passage"] == NOTICE
    assert (row["n_docs"], row["docs_in_group"], row["n_words"]) == (5, 6, 12)
    assert row["share"] == pytest.approx(5 / 6)
    # first document: "Rain fell on Monday. " is 21 characters
    assert (row["doc_id"], row["start"], row["end"]) == ("g0", 21, 21 + len(NOTICE))


def test_thresholds_min_docs_and_min_share_both_apply():
    texts = [f"{story} {NOTICE}" for story in STORIES[:4]] + STORIES[4:]
    corpus = _corpus(texts)
    assert toolkit.find_boilerplate(corpus).empty  # 4 documents < min_docs=5
    assert toolkit.find_boilerplate(corpus, min_docs=4)["n_docs"].tolist() == [4]
    # 4 of 6 is 0.67: enough for min_share 0.6, not for 0.7
    assert len(toolkit.find_boilerplate(corpus, min_docs=2, min_share=0.6)) == 1
    assert toolkit.find_boilerplate(corpus, min_docs=2, min_share=0.7).empty
    # a run shorter than min_words is not boilerplate: the notice has 12 words
    assert toolkit.find_boilerplate(corpus, min_docs=4, min_words=13).empty
    assert len(toolkit.find_boilerplate(corpus, min_docs=4, min_words=12)) == 1


def test_a_run_never_joins_the_end_of_one_document_to_the_start_of_the_next():
    half_a = "Not responsible for the content of"
    half_b = "external sites. Read our policy."
    texts = [f"{half_b} {s}" if i % 2 else f"{s} {half_a}" for i, s in enumerate(STORIES)]
    texts += [f"{half_b} Another day.", f"Quiet night. {half_a}"]
    assert toolkit.find_boilerplate(_corpus(texts), min_docs=2, min_words=8).empty


def test_groups_are_searched_separately_and_by_none_pools_them():
    texts_a = [f"{story} {NOTICE}" for story in STORIES[:3]]
    texts_b = [f"{story} {NOTICE}" for story in STORIES[3:]]
    corpus = pd.concat([_corpus(texts_a, "A", "a"), _corpus(texts_b, "B", "b")],
                       ignore_index=True)
    assert toolkit.find_boilerplate(corpus).empty  # 3 per outlet < 5
    pooled = toolkit.find_boilerplate(corpus, by=None)
    assert pooled.columns[0] == "passage" and pooled["n_docs"].tolist() == [6]


def test_strip_keeps_the_first_copy_by_default_and_logs_original_offsets():
    tails = ["Sport follows.", "Weather next.", "More soon.", "Ends.", "Goodbye.", "Fin."]
    texts = [f"{story} {NOTICE} {tail}" for story, tail in zip(STORIES, tails, strict=True)]
    corpus = _corpus(texts)
    before = corpus.copy()
    stripped, log = toolkit.strip_boilerplate(corpus)
    pd.testing.assert_frame_equal(corpus, before)
    assert stripped["text"].iloc[0] == texts[0]  # the first copy stays: it counts once
    assert stripped["text"].iloc[1] == "The mayor resigned.  Weather next."
    assert log["doc_id"].tolist() == ["g1", "g2", "g3", "g4", "g5"]
    assert log.columns.tolist() == ["doc_id", "start", "end", "n_words", "passage"]
    # offsets are into the original text
    assert log["start"].iloc[0] == len("The mayor resigned. ")
    assert texts[1][log["start"].iloc[0]:log["end"].iloc[0]] == NOTICE
    none, log_all = toolkit.strip_boilerplate(corpus, keep="none")
    assert len(log_all) == 6 and none["text"].iloc[0] == "Rain fell on Monday.  Sport follows."
    # the validated corpus, every column kept; only the texts differ
    validated = toolkit.validate_corpus(corpus)
    assert stripped.columns.tolist() == validated.columns.tolist()
    pd.testing.assert_frame_equal(stripped.drop(columns="text"), validated.drop(columns="text"))


def test_strip_puts_a_space_where_two_words_would_touch():
    words = ["Alpha", "Beta", "Gamma", "Delta", "Omega"]
    tails = ["one", "two", "three", "four", "five"]
    texts = [f"{word}{NOTICE}\u2014{tail}" for word, tail in zip(words, tails, strict=True)]
    stripped, _ = toolkit.strip_boilerplate(_corpus(texts), keep="none")
    # the passage widens over "(" before it and ".\u2014" after it, to the letters on either
    # side: a space keeps the two words apart
    assert stripped["text"].tolist() == ["Alpha one", "Beta two", "Gamma three", "Delta four",
                                         "Omega five"]
    spaced = [f"{word} {NOTICE}\n{tail}" for word, tail in zip(words, tails, strict=True)]
    stripped, _ = toolkit.strip_boilerplate(_corpus(spaced), keep="none")
    assert stripped["text"].tolist()[0] == "Alpha \none"  # whitespace around it kept as it was


def test_strip_only_the_passages_chosen_from_the_table():
    other = "Subscribe to the evening briefing for all the latest news from the region."
    texts = [f"{story} {NOTICE} Then. {other}" for story in STORIES]
    corpus = _corpus(texts)
    table = toolkit.find_boilerplate(corpus)
    assert len(table) == 1  # "then" joins the two into one run
    texts = [f"{story} {NOTICE}\n\n{s2} {other}" for story, s2 in
             zip(STORIES, ["One.", "Two.", "Three.", "Four.", "Five.", "Six."], strict=True)]
    corpus = _corpus(texts)
    table = toolkit.find_boilerplate(corpus)
    assert sorted(table["passage"]) == sorted([NOTICE, other])
    chosen = table[table["passage"] == other]
    stripped, log = toolkit.strip_boilerplate(corpus, passages=chosen, keep="none")
    assert set(log["passage"]) == {other}
    assert all(NOTICE in text and other not in text for text in stripped["text"])


def test_bad_options_are_refused_clearly():
    corpus = _corpus(STORIES)
    with pytest.raises(ValueError, match="min_words"):
        toolkit.find_boilerplate(corpus, min_words=1)
    with pytest.raises(ValueError, match="min_share"):
        toolkit.find_boilerplate(corpus, min_share=2)
    with pytest.raises(ValueError, match="keep"):
        toolkit.strip_boilerplate(corpus, keep="last")
    with pytest.raises(TypeError, match="passages"):
        toolkit.strip_boilerplate(corpus, passages=["a notice"])
    with pytest.raises(ValueError, match="cannot group by 'source'"):
        toolkit.find_boilerplate(corpus, by="source")


def test_bbc_notice_found_in_every_bbc_article_that_carries_it():
    """On 300 BBC articles of ukraine_media: the copyright and external-links notice is found
    in exactly the articles whose text holds it (counted here with str.contains)."""
    if not UKRAINE_MEDIA.exists():
        pytest.skip("../shared/data/ukraine_media is not present")
    with gzip.open(UKRAINE_MEDIA, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    bbc = pd.DataFrame([r for r in rows if r.get("outlet") == "BBC"][:300])
    bbc = bbc[["doc_id", "outlet", "text"]].astype({"doc_id": str})
    marker = "The BBC is not responsible for the content of external sites."
    expected = int(bbc["text"].str.contains(marker, regex=False).sum())
    assert expected >= 20  # the sample holds the notice often enough to be a test
    found = toolkit.find_boilerplate(bbc, progress=False)
    holding = found[found["passage"].str.contains(marker, regex=False)]
    assert holding["n_docs"].sum() == expected
    stripped, log = toolkit.strip_boilerplate(bbc, keep="none", progress=False)
    assert not stripped["text"].str.contains(marker, regex=False).any()
    assert (log["passage"].str.contains(marker, regex=False)).sum() == expected


def test_words_of_the_article_stuck_to_a_notice_are_not_part_of_it():
    """A run can take in the words that often stand next to a notice: "... he said. Sign up"
    and "... Policy\n\nThe" keep the article's "he said." and "The"."""
    notice = "Sign up for our daily newsletters. Copyright 2019 The Gazette, all rights reserved."
    texts = [f"Taxes rose, he said. {notice}\n\nThe end {i}." for i in range(3)]
    texts += [f"Rain is due. {notice}\n\nThe town sleeps {i}." for i in range(3)]
    found = toolkit.find_boilerplate(_corpus(texts))
    assert found["passage"].tolist() == [notice]
    assert found["n_docs"].tolist() == [6] and found["n_words"].tolist() == [13]
    stripped, _ = toolkit.strip_boilerplate(_corpus(texts), keep="none")
    assert stripped["text"].iloc[0] == "Taxes rose, he said. \n\nThe end 0."


def test_a_quote_closed_by_a_comma_does_not_start_a_sentence():
    notice = "Sign up for our daily newsletters. Copyright 2019 The Gazette, all rights reserved."
    texts = [f"“Taxes rose by {i}%,” he said. {notice} Part {i}." for i in range(5)]
    texts += [f"“It is over.” {notice} Part {i}." for i in range(5, 8)]
    found = toolkit.find_boilerplate(_corpus(texts))
    # "he said." is the article's; after “It is over.” the notice starts a sentence
    assert found["passage"].tolist() == [notice]


def test_copies_that_differ_only_in_punctuation_or_spacing_are_one_passage():
    quote = "We will not supply gas, oil, coal or heating oil to anyone at all."
    variants = [f"“{quote}”", f'"{quote}"', f"“{quote.replace(',', ' -')}”",
                f"{quote}", f"'{quote}'"]
    texts = [f"{story} {variant}" for story, variant in zip(STORIES, variants, strict=False)]
    found = toolkit.find_boilerplate(_corpus(texts))
    assert found["n_docs"].tolist() == [5]  # one passage in five documents, not five rows
    assert found["passage"].tolist() == [f"“{quote}”"]  # as written in the first document
    stripped, log = toolkit.strip_boilerplate(_corpus(texts))
    assert len(log) == 4 and stripped["text"].iloc[0] == texts[0]
