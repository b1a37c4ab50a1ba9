"""The report page in a real browser (headless Chromium): images load, links resolve, no
text of the corpus is rendered as markup, no script errors.

Needs Debian's ``chromium`` package; without it these tests are skipped with how to install
it (``apt-get update && apt-get install -y chromium``, or set ``CHROMIUM`` to the program).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pandas as pd
import pytest

import toolkit
from toolkit.report import run_report

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or \
    shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="headless Chromium not found: install it with `apt-get update && apt-get install "
           "-y chromium` (Debian/Ubuntu) or set CHROMIUM=/path/to/chromium")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run")
MARKER = "INJECTEDMARKUP"

# run in the page before anything else: collects script errors and resources that fail
_PROBE_HEAD = """<script>
window.__errors = [];
window.addEventListener('error', function (e) {
  var t = e.target || {};
  window.__errors.push(t.tagName ? ('failed to load ' + t.tagName + ' ' + (t.src || t.href))
                                  : String(e.message));
}, true);
</script>"""
# run after the page has loaded: writes what it found into the DOM, which Chromium dumps
_PROBE_TAIL = """<script>
window.addEventListener('load', function () {
  var images = Array.from(document.images);
  var broken = images.filter(function (i) { return !(i.complete && i.naturalWidth > 0); });
  var links = Array.from(document.querySelectorAll('a[href^="#"]'));
  var dangling = links.map(function (a) { return a.getAttribute('href').slice(1); })
    .filter(function (id) { return id && !document.getElementById(decodeURIComponent(id)); });
  var out = document.createElement('pre');
  out.id = '__probe';
  out.textContent = JSON.stringify({images: images.length, broken: broken.length,
    links: links.length, dangling: dangling, errors: window.__errors,
    evidence: document.querySelectorAll('a[href^="#ev-"]').length,
    injected: document.querySelectorAll('[data-injected], script[src], iframe').length});
  document.body.appendChild(out);
});
</script>"""


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    """One report (three notebooks) on a corpus whose text and names hold markup."""
    folder = tmp_path_factory.mktemp("browser")
    corpus = toolkit.demo_corpus().groupby("outlet").head(4).reset_index(drop=True)
    corpus.loc[0, "outlet"] = f"<b data-injected='1'>{MARKER}</b> News"
    corpus.loc[1, "text"] = (f"The regime said <img data-injected='1' src='x' "
                             f"onerror='alert(1)'> {MARKER} and “regime” in Kiev. ") + \
        corpus.loc[1, "text"]
    corpus.loc[2, "title"] = f"<script>alert('{MARKER}')</script>"
    path = folder / "hostile.csv"
    corpus.to_csv(path, index=False)
    out = run_report(path, out=folder / "report", progress=False, kwic=["regime"],
                     notebooks=["01_quickstart", "02_framing_terms_per_outlet",
                                "03_loaded_language"])
    return out


def _probe(report: Path) -> dict:
    html = (report / "report.html").read_text(encoding="utf-8")
    head = html.find("<head>") + len("<head>")
    end = html.rfind("</body>")
    probed = report / "probe.html"  # next to report.html, so relative links resolve alike
    probed.write_text(html[:head] + _PROBE_HEAD + html[head:end] + _PROBE_TAIL + html[end:],
                      encoding="utf-8")
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=10000",
             "--dump-dom", probed.resolve().as_uri()],
            capture_output=True, text=True, timeout=180)
    probed.unlink()
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout

    class Probe(HTMLParser):
        found: list[str] = []
        inside = False

        def handle_starttag(self, tag, attrs):
            self.inside = ("id", "__probe") in attrs

        def handle_data(self, data):
            if self.inside:
                self.found.append(data)

    parser = Probe()
    parser.feed(dom)
    assert parser.found, "the probe did not run: " + dom[-500:]
    return {**json.loads("".join(parser.found)), "dom": dom}


@pytest.fixture(scope="module")
def probe(hostile_report):
    return _probe(hostile_report)


def test_every_image_loads(probe):
    assert probe["images"] >= 3
    assert probe["broken"] == 0


def test_every_internal_link_resolves(probe, hostile_report):
    assert probe["links"] >= 5  # the table of contents
    assert probe["evidence"] >= 5  # term shares and loaded-language rates link to their hits
    assert probe["dangling"] == []
    html = (hostile_report / "report.html").read_text(encoding="utf-8")

    class Links(HTMLParser):
        targets: list[str] = []

        def handle_starttag(self, tag, attrs):
            href = dict(attrs).get("href") if tag == "a" else None
            if href and not href.startswith(("#", "http://", "https://", "mailto:")):
                self.targets.append(unquote(href))

    links = Links()
    links.feed(html)
    for target in links.targets:  # links to the report's own files (tables, figures)
        assert (hostile_report / target).is_file(), target


def test_no_script_errors(probe):
    assert probe["errors"] == []


def test_corpus_text_is_shown_as_text_never_as_markup(probe):
    assert probe["injected"] == 0
    dom = probe["dom"]
    assert MARKER in dom  # the text is there ...
    assert "<b data-injected" not in dom and "<img data-injected" not in dom  # ... as text
    assert "&lt;b data-injected" in dom or "&lt;img data-injected" in dom


def test_report_holds_no_absolute_path_or_python_repr(hostile_report):
    building = str(Path.cwd().resolve())
    for path in [hostile_report / "report.html", hostile_report / "manifest.json",
                 *(hostile_report / "notebooks").glob("*.ipynb")]:
        text = path.read_text(encoding="utf-8")
        assert str(hostile_report.resolve()) not in text, path.name
        assert building not in text, path.name
        assert "PosixPath(" not in text and "Lexicon(" not in text, path.name
    manifest = json.loads((hostile_report / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["corpus"]["path"] == "../hostile.csv"
    assert manifest["parameters"]["corpus_path"] == "../hostile.csv"
    shares = pd.read_csv(hostile_report / "tables" / "term_share.csv")
    assert len(shares)
