"""The overview figure of a report on 30 outlets, measured in a real browser (issue 18).

tests/test_plots_layout.py checks the figure's size in pixels as matplotlib saves it; this test
checks what a reader sees: report.html opened in headless Chromium at 1400 px wide, the
overview of framing (the framing fingerprint) measured as rendered (its bounding box in CSS
pixels) and required to fit in two screens (2 x 900 px). A screenshot of the figure as shown is
saved next to the report (and copied to ``$TOOLKIT_SCREENSHOTS`` when that is set) for a
person to look at.

Needs Debian's ``chromium`` package (``apt-get update && apt-get install -y chromium``, or set
``CHROMIUM`` to the program) and the Python ``playwright`` package (``pip install playwright``
or ``pip install -e .[browser]``; its own browser download is not used). Skipped, saying what
to install, when either is missing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import toolkit
from toolkit.report import run_report

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or \
    shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREEN = {"width": 1400, "height": 900}
N_OUTLETS = 30
OVERVIEW = "Overview:-the-framing-fingerprint"  # the heading's id in report.html

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="headless Chromium not found: install it with `apt-get update && apt-get install "
           "-y chromium` (Debian/Ubuntu) or set CHROMIUM=/path/to/chromium")


def _thirty_outlets(seed: int = 18) -> pd.DataFrame:
    """Two short articles from each of 30 outlets, mentioning every bundled term set.

    Outlet i writes each set's second label with probability i / 29, so the shares spread
    from 0 to 1 across outlets; some names are long, as real outlet names are.
    """
    rng = np.random.default_rng(seed)
    sets = toolkit.load_term_sets("russia_ukraine")
    rows = []
    for i in range(N_OUTLETS):
        outlet = f"Outlet {i:02d}" + (" International Broadcasting Service" if i % 9 == 0 else "")
        lean = i / (N_OUTLETS - 1)
        for j in range(2):
            sentences = []
            for name in sets:
                labels = list(sets[name])
                for _ in range(int(rng.integers(1, 4))):
                    label = labels[1] if rng.random() < lean else labels[0]
                    sentences.append(f"Officials spoke of {sets[name][label][0]} again.")
            rows.append({"doc_id": f"o{i:02d}-{j}", "outlet": outlet,
                         "date": f"2022-0{j + 3}-1{i % 9}", "title": f"Article {j}",
                         "text": " ".join(sentences)})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def thirty_outlet_report(tmp_path_factory):
    """The smallest report that holds the overview: notebook 02 on 30 outlets."""
    folder = tmp_path_factory.mktemp("thirty")
    corpus = _thirty_outlets()
    assert corpus["outlet"].nunique() == N_OUTLETS
    corpus.to_csv(folder / "thirty.csv", index=False)
    return run_report(folder / "thirty.csv", out=folder / "report", progress=False,
                      notebooks=["02_framing_terms_per_outlet"])


def test_overview_figure_fits_two_screens_at_1400_px(thirty_outlet_report):
    pytest.importorskip("playwright", reason="pip install playwright (or pip install -e "
                                             ".[browser]) for the browser tests")
    from playwright.sync_api import sync_playwright

    report = thirty_outlet_report
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=FLAGS)
        try:
            page = browser.new_page(viewport=SCREEN)
            page.goto((report / "report.html").resolve().as_uri())
            page.wait_for_load_state("load")
            # the first image after the overview's heading, in document order
            found = page.evaluate("""(anchor) => {
                const heading = document.getElementById(anchor);
                if (!heading) return null;
                const image = Array.from(document.images).find(img =>
                    heading.compareDocumentPosition(img) & Node.DOCUMENT_POSITION_FOLLOWING);
                if (!image) return {heading: true};
                image.id = image.id || '__overview';
                const box = image.getBoundingClientRect();
                return {heading: true, id: image.id, width: box.width, height: box.height,
                        natural_width: image.naturalWidth, natural_height: image.naturalHeight,
                        page_width: document.documentElement.clientWidth};
            }""", OVERVIEW)
            assert found is not None, f"no heading {OVERVIEW!r} in report.html"
            assert "id" in found, "no figure after the overview's heading"
            shot = report / "overview_1400px.png"
            page.locator(f"#{found['id']}").screenshot(path=str(shot))
        finally:
            browser.close()
    if os.environ.get("TOOLKIT_SCREENSHOTS"):  # keep it for a person to look at
        target = Path(os.environ["TOOLKIT_SCREENSHOTS"])
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, target / shot.name)
    assert shot.stat().st_size > 0
    assert found["natural_width"] > 0  # the image loaded
    # what the reader sees: at most two screens high, and not wider than the page
    assert found["height"] <= 2 * SCREEN["height"], found
    assert found["width"] <= found["page_width"], found
    # and not shrunk into illegibility to get there: the browser shows the saved PNG (150 dpi)
    # at no less than a third of its size, so 9-pt labels (19 px in the file) stay >= 6 px
    assert found["width"] / found["natural_width"] >= 1 / 3, found
    # one row per outlet: the figure grows with the outlets but stays within the limit
    assert found["height"] >= 300, found
