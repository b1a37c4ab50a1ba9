"""Text beyond plain Latin: invisible characters, combining marks and scripts written without
spaces, through the public functions (the tokenizer's rules: tests/test_tokens.py)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import toolkit
from toolkit import CorpusWarning

ENGLISH = "The council met on Monday. It voted for the plan. Then the members went home."
HAN = "北京是中国的首都。上海是最大的城市。"
THAI = "ภาษาไทยเป็นภาษาที่สวยงาม ฉันชอบเรียนภาษาไทย"
JAPANESE = "東京は日本の首都です。とても大きい都市です。"
HAN_NOTE = "all measures but reading_time: Han text is not segmented into words"


def _corpus(*texts: str) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))],
                         "outlet": ["A", "B"] * (len(texts) // 2) + ["A"] * (len(texts) % 2),
                         "text": list(texts)})


@pytest.mark.filterwarnings("ignore::toolkit.CorpusWarning")
def test_readability_is_nan_with_a_note_for_unsegmented_scripts():
    table = toolkit.readability(_corpus(ENGLISH, HAN, THAI, JAPANESE))
    assert table["note"].tolist() == [
        None,
        HAN_NOTE,
        "all measures but reading_time: Thai text is not segmented into words",
        "all measures but reading_time: Japanese kana and Han text is not segmented into words",
    ]
    measures = [m for m in toolkit.MEASURES if m != "reading_time"]
    assert table.loc[1:, measures].isna().all().all()
    assert table.loc[0, measures].notna().all()
    # reading time depends on characters only: it stays
    assert table["reading_time"].notna().all()
    # one measure chosen: the note names it
    one = toolkit.readability(_corpus(HAN), measures=["flesch_reading_ease"])
    assert one["note"].tolist() == ["flesch_reading_ease: Han text is not segmented into words"]
    assert math.isnan(one["flesch_reading_ease"].iloc[0])


@pytest.mark.filterwarnings("ignore::toolkit.CorpusWarning")
def test_readability_of_a_quoted_name_is_unchanged():
    text = ("The mayor of 北京 said the talks went well. Everyone agreed with him. "
            "They will meet again in May.")
    table = toolkit.readability(_corpus(text))
    assert table["note"].tolist() == [None]
    assert table[list(toolkit.MEASURES)].notna().all().all()


def test_validate_corpus_warns_naming_the_rows():
    with pytest.warns(CorpusWarning, match=r"2 of 3 documents .*\(Han, Thai; rows 1, 2\)"):
        toolkit.validate_corpus(_corpus(ENGLISH, HAN, THAI))


def test_validate_corpus_is_quiet_for_spaced_scripts(recwarn):
    toolkit.validate_corpus(
        _corpus(ENGLISH, "हिन्दी समाचार पत्र", "Київ сказав", "cafe\u0301 au lait"))
    assert not [w for w in recwarn if issubclass(w.category, CorpusWarning)]


def test_lexicon_and_kwic_offsets_point_into_the_original_text():
    text = "The Ky\u00adiv re\u00adgime said the Kiev \u200bregime was so\u00adcalled."
    hits = toolkit.kwic(_corpus(text), "kiev regime")
    assert hits[["match", "start", "end"]].values.tolist() == [["Kiev \u200bregime", 27, 39]]
    hits = toolkit.kwic(_corpus(text), "kyiv")
    assert hits[["match", "start", "end"]].values.tolist() == [["Ky\u00adiv", 4, 9]]
    frequencies = toolkit.term_frequency(_corpus(text), by=None)
    assert {"kyiv", "regime", "socalled"} <= set(frequencies["term"])
    assert not {"ky", "iv", "re", "gime"} & set(frequencies["term"])


@pytest.mark.filterwarnings("ignore::toolkit.CorpusWarning")
def test_kernels_agree_on_marks_invisible_characters_and_scripts(monkeypatch):
    from toolkit import analysis

    if analysis._load_kernel() is None:
        pytest.skip("the compiled kernel is not built (see tests/test_scan.py)")
    corpus = _corpus(
        ENGLISH, HAN, THAI, JAPANESE,
        "Ky\u00adiv, the \ufeffKiev\u200b regime, hi\u200dndi हिन्दी समाचार, cafe\u0301 and ง่าย.",
        "The mayor of 北京 said the talks in the city went well. Everyone agreed with him.",
    )
    compiled = toolkit.analyze(corpus, chunk_size=4)
    monkeypatch.setattr(analysis, "_load_kernel", lambda: None)
    python = toolkit.analyze(corpus, chunk_size=4)
    assert compiled.manifest["versions"]["kernel"] == "compiled"
    assert python.manifest["versions"]["kernel"] == "python"
    for name in ("documents", "lexicon_counts", "term_frequency"):
        assert_frame_equal(getattr(compiled, name)(), getattr(python, name)(), obj=name)
    documents = compiled.documents()
    assert documents["note"].tolist()[1] == HAN_NOTE
    terms = set(compiled.term_frequency()["term"])
    assert {"kyiv", "kiev", "hindi", "हिन्दी", "cafe\u0301", "ง่าย"} <= terms


def test_entries_and_globs_with_marks_and_invisible_characters():
    from toolkit.matcher import PhraseMatcher, parse_entry

    assert parse_entry("Ky\u00adiv re\u200bgime") == ["kyiv", "regime"]
    matcher = PhraseMatcher([("हिन्दी*", "hindi"), ("ky\u00adiv*", "kyiv"), ("cafe\u0301", "cafe")])
    found = matcher.find("हिन्दीभाषी लोग, Ky\u00adivan CAFE\u0301 café")
    assert [(m.group, m.start, m.end) for m in found] == [
        ("hindi", 0, 10), ("kyiv", 16, 23), ("cafe", 24, 29)]


def test_normalize_drops_invisible_characters():
    assert toolkit.tokens.normalize("Ky\u00adiv\u200b") == "kyiv"
    assert toolkit.load_stopwords(["th\u00ade"]) == {"the"}
