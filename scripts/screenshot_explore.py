"""Make the README's screenshot of the explorer panel (docs/img/explore.png) in a real JupyterLab.

    python scripts/screenshot_explore.py [--corpus ../shared/data/ukraine_media/articles.jsonl.gz]
                                         [--out docs/img/explore.png]

Uses ukraine_media where present (else the demo corpus): starts JupyterLab on 127.0.0.1 (random
port and token) in a temporary folder, runs a small notebook that opens ``toolkit.explore`` and
sets its controls as a person would (RT, BBC, NBC News and The Guardian, June-September 2022 by month,
the *the_war* term set with the label *special military operation*, the evidence of RT), and
saves a screenshot of the panel with headless Chromium (Debian's /usr/bin/chromium, driven by
the ``playwright`` package). Nothing is downloaded.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "data" / "ukraine_media" / "articles.jsonl.gz"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]

SETUP = """\
panel.outlets.value = tuple(o for o in ("BBC", "NBC News", "RT", "The Guardian")
                            if o in panel.outlets.options) or panel.outlets.value
months = list(panel.period.options)
if "2022-06" in months and "2022-09" in months:
    panel.period.index = (months.index("2022-06"), months.index("2022-09"))
panel.granularity.value = "month"
panel.view.value = ("set", "the_war")
panel.label.value = "special military operation"
cells = [value for _, value in panel.cell.options]
panel.cell.value = next((c for c in cells if c[0] in ("RT", "Sovereign Voice")
                         and c[1] == panel.label.value), cells[0])
"""


def notebook(corpus: Path | None) -> dict:
    if corpus is None:
        load = "corpus = toolkit.demo_corpus()"
    elif corpus.name.endswith((".jsonl.gz", ".jsonl")):
        load = (f"import pandas as pd\ncorpus = pd.read_json({str(corpus)!r}, lines=True, "
                "dtype={'doc_id': str})")
    else:
        load = f"corpus = toolkit.load_corpus({str(corpus)!r})"
    cells = [f"import toolkit\n{load}\npanel = toolkit.explore(corpus)\n{SETUP}panel"]
    return {
        "cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                   "source": source} for source in cells],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                    "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "img" / "explore.png")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    corpus = args.corpus.resolve() if args.corpus.exists() else None
    print(f"corpus: {corpus or 'the demo corpus (' + str(args.corpus) + ' not found)'}")
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        (folder / "explore.ipynb").write_text(json.dumps(notebook(corpus)), encoding="utf-8")
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        token = secrets.token_hex(16)
        env = dict(os.environ, PYTHONPATH=str(REPO), MPLBACKEND="Agg",
                   JUPYTER_CONFIG_DIR=str(folder / "config"),
                   JUPYTER_RUNTIME_DIR=str(folder / "runtime"))
        command = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1",
                   f"--port={port}", f"--IdentityProvider.token={token}",
                   f"--ServerApp.root_dir={folder}", "--ServerApp.port_retries=0",
                   "--LabApp.expose_app_in_browser=True",
                   "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                   "--LabApp.extension_manager=readonly"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")
        with open(folder / "lab.log", "wb") as log:
            server = subprocess.Popen(command, cwd=folder, env=env, stdout=log,
                                      stderr=subprocess.STDOUT)
            try:
                deadline = time.monotonic() + 60
                while True:
                    try:
                        with urllib.request.urlopen(
                                f"http://127.0.0.1:{port}/api/status?token={token}", timeout=2):
                            break
                    except OSError:
                        if server.poll() is not None or time.monotonic() > deadline:
                            raise SystemExit("JupyterLab did not start") from None
                        time.sleep(0.5)
                with sync_playwright() as playwright:
                    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                         headless=True, args=FLAGS)
                    try:
                        page = browser.new_page(viewport={"width": 1500, "height": 2600})
                        page.set_default_timeout(180_000)
                        page.goto(f"http://127.0.0.1:{port}/lab/tree/explore.ipynb?token={token}")
                        page.wait_for_function("() => window.jupyterapp !== undefined")
                        page.wait_for_function(
                            "() => document.querySelectorAll('.jp-Notebook .jp-Cell').length"
                            " >= 1 && document.body.innerText.includes('Idle')")
                        page.evaluate("() => { window.jupyterapp.commands.execute("
                                      "'notebook:run-all-cells'); return true; }")
                        page.wait_for_selector(".tk-evidence .tk-evidence-line")
                        page.evaluate("() => window.jupyterapp.commands.execute("
                                      "'application:toggle-left-area')")
                        page.wait_for_timeout(1000)
                        args.out.parent.mkdir(parents=True, exist_ok=True)
                        page.locator(".tk-explore").screenshot(path=str(args.out))
                    finally:
                        browser.close()
            finally:
                server.terminate()
                try:
                    server.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    server.kill()
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
