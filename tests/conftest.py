"""Shared fixtures: a tiny hand-checked corpus, the demo corpus and BASIL where present."""

from __future__ import annotations

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
def basil() -> tuple[pd.DataFrame, pd.DataFrame]:
    """BASIL articles and bias spans from ../shared/data/basil; skipped where absent."""
    if not (BASIL / "articles.jsonl").exists():
        pytest.skip(f"real data not present: {BASIL}")
    import warnings

    from toolkit.datasets import load_basil

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_basil(BASIL)


@pytest.fixture(scope="session")
def basil_articles(basil) -> pd.DataFrame:
    return basil[0]


@pytest.fixture(scope="session")
def basil_spans(basil) -> pd.DataFrame:
    return basil[1]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
