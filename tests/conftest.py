"""Shared fixtures: a tiny hand-checked corpus, the demo corpus and BASIL where present."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
BASIL = SHARED_DATA / "basil"


@pytest.fixture
def tiny_corpus() -> pd.DataFrame:
    """Three short documents from two outlets; counts can be checked by eye."""
    return pd.DataFrame(
        {
            "doc_id": ["a1", "a2", "b1"],
            "outlet": ["Alpha", "Alpha", "Beta"],
            "date": pd.to_datetime(["2022-03-01", "2022-04-15", "2022-03-20"]),
            "title": ["One", "Two", "Three"],
            "text": [
                "The Kiev regime said the war goes on.",
                "Kyiv said the regime in Moscow started the war.",
                "Kyiv, Kyiv! The war.",
            ],
            "section": ["world", "world", "opinion"],
        }
    )


@pytest.fixture(scope="session")
def demo() -> pd.DataFrame:
    import toolkit

    return toolkit.demo_corpus()


@pytest.fixture(scope="session")
def basil_articles() -> pd.DataFrame:
    path = BASIL / "articles.jsonl"
    if not path.exists():
        pytest.skip(f"real data not present: {path}")
    import toolkit

    return toolkit.load_corpus(path)


@pytest.fixture(scope="session")
def basil_spans() -> pd.DataFrame:
    path = BASIL / "bias_spans_2010_2014.jsonl"
    if not path.exists():
        pytest.skip(f"real data not present: {path}")
    with path.open(encoding="utf-8") as handle:
        return pd.DataFrame([json.loads(line) for line in handle if line.strip()])


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
