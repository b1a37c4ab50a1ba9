"""One very long document is counted piece by piece (bounded memory) with the same results."""

from __future__ import annotations

import pandas as pd
import pytest

import toolkit
import toolkit.lexicon as lexicon_module
from toolkit.lexicon import _pieces


def test_pieces_cut_only_at_blank_lines_and_cover_the_text():
    text = "Alpha beta.\n\nGamma “delta\n\nepsilon” zeta.\n  \nEta theta iota.\nKappa."
    pieces = list(_pieces(text, size=5))
    assert "".join(piece for _, piece in pieces) == text
    # each cut is just before a blank line: "\n\n" or "\n  \n"
    assert [offset for offset, _ in pieces] == [0, 11, 25, 41]
    assert [piece for _, piece in pieces][1:] == [
        "\n\nGamma “delta", "\n\nepsilon” zeta.", "\n  \nEta theta iota.\nKappa."]
    # no blank line after the size: one piece
    assert list(_pieces("a b c d e f", size=2)) == [(0, "a b c d e f")]


@pytest.mark.parametrize("voice", ["all", "outlet", "quoted", "scare_quote"])
def test_long_text_counts_equal_whole_text_counts(demo, monkeypatch, voice):
    # one document of all 64 demo articles (quotations, phrases, paragraph breaks), once more
    # with a quotation that runs across paragraph breaks, as news quotes do
    text = "\n\n".join(demo["text"]) + (
        '\n\n"The regime lies,\n\n"and its puppet regime fails," he said. It rained. A “sham” vote.')
    corpus = pd.DataFrame({"doc_id": ["long", "short"], "outlet": ["A", "B"],
                           "text": [text, demo["text"].iloc[0]]})
    toolkit.clear_cache()
    whole = toolkit.lexicon_counts(corpus, "loaded_language", voice=voice, total=True)
    hits = toolkit.lexicon_hits(corpus, "loaded_language", voice=voice)
    toolkit.clear_cache()
    monkeypatch.setattr(lexicon_module, "_PIECE_CHARS", 2_000)  # dozens of pieces
    assert len(list(_pieces(text))) > 50
    pieced = toolkit.lexicon_counts(corpus, "loaded_language", voice=voice, total=True)
    toolkit.clear_cache()
    pd.testing.assert_frame_equal(pieced, whole)
    # the counts are the hits table's rows, which is still made from the whole text
    total = whole[(whole["doc_id"] == "long") & (whole["category"] == "(all)")]["count"].item()
    assert total == int((hits["doc_id"] == "long").sum()) > 0
