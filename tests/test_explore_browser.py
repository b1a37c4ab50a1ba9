"""The explorer in a real JupyterLab, driven by headless Chromium: run 08_explore, use a control.

Needs Debian's Chromium (``apt-get install chromium``: /usr/bin/chromium) and the Python
``playwright`` package (``pip install playwright``; its own browser download is not used).
Skipped, saying what to install, when either is missing. JupyterLab is started by the test on
127.0.0.1 with a random port and token, in a temporary folder, and stopped by it.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
START_TIMEOUT = 60   # seconds for JupyterLab to answer
STEP_TIMEOUT = 60_000  # milliseconds for each thing to appear in the page


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def jupyterlab(tmp_path):
    """A JupyterLab server on 127.0.0.1 serving a copy of 08_explore; stopped afterwards."""
    if not CHROMIUM.exists():
        pytest.skip("install chromium (Debian: apt-get install -y chromium) for the browser test")
    pytest.importorskip("playwright", reason="pip install playwright for the browser test")
    pytest.importorskip("ipywidgets")
    pytest.importorskip("jupyterlab")
    shutil.copy(REPO / "notebooks" / "08_explore.ipynb", tmp_path / "08_explore.ipynb")
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])]),
        MPLBACKEND="Agg", JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"))
    command = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1",
        f"--port={port}", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={tmp_path}",
        "--ServerApp.port_retries=0", "--LabApp.expose_app_in_browser=True",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",  # no PyPI queries
        "--ServerApp.shutdown_no_activity_timeout=300",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # CI containers run as root
    log = open(tmp_path / "jupyterlab.log", "wb")  # noqa: SIM115 - closed in finally
    server = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=log,
                              stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                with urllib.request.urlopen(
                        f"http://127.0.0.1:{port}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("JupyterLab did not start; its log: " + (
                        tmp_path / "jupyterlab.log").read_text(errors="replace")[-2000:]) from None
                time.sleep(0.5)
        yield f"http://127.0.0.1:{port}", token, tmp_path
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)
        log.close()


def test_panel_runs_and_answers_a_control_in_jupyterlab(jupyterlab):
    from playwright.sync_api import sync_playwright

    base, token, folder = jupyterlab
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(STEP_TIMEOUT)
            page.goto(f"{base}/lab/tree/08_explore.ipynb?token={token}")
            page.wait_for_function("() => window.jupyterapp !== undefined")
            # the notebook is loaded and its kernel idle (status bar), then run every cell;
            # the command's promise is not awaited (it settles only when the run ends)
            page.wait_for_function(
                "() => document.querySelectorAll('.jp-Notebook .jp-Cell').length >= 5"
                " && document.body.innerText.includes('Idle')")
            page.evaluate("() => { window.jupyterapp.commands.execute("
                          "'notebook:run-all-cells'); return true; }")

            # the panel appears, with its evidence area still empty
            page.wait_for_selector(".tk-explore .tk-explore-table table")
            page.wait_for_selector(".tk-explore .tk-evidence-empty")
            before = page.inner_text(".tk-explore-table")
            assert "Kyiv" in before

            # change the view: the table must change to the set's labels
            page.select_option(".tk-explore-view select", label="term set · the_war")
            page.wait_for_function(
                "() => document.querySelector('.tk-explore-table').innerText.includes('invasion')")
            after = page.inner_text(".tk-explore-table")
            assert after != before and "Kyiv" not in after

            # pick a cell (once the list holds the new view's labels): its occurrences appear
            page.wait_for_function(
                "() => { const o = [...document.querySelectorAll('.tk-explore-cell select "
                "option')].map(e => e.textContent); return o.length > 0 && "
                "!o.some(t => t.includes('Kyiv')); }")
            options = page.eval_on_selector_all(".tk-explore-cell select option",
                                                "els => els.map(e => e.textContent)")
            page.select_option(".tk-explore-cell select", index=0)
            page.wait_for_selector(".tk-evidence .tk-evidence-line")
            lines = page.query_selector_all(".tk-evidence .tk-evidence-line")
            assert len(lines) > 0
            heading = page.inner_text(".tk-evidence p").replace("\xa0", " ")
            outlet, label = options[0].replace("\xa0", " ").split(" · ")[:2]
            assert heading.startswith(f"{outlet} · {label}:") and "occurrence" in heading
            page.screenshot(path=str(folder / "explore.png"))
        finally:
            browser.close()
