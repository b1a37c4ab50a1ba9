"""Screenshot a report page in headless Chromium, e.g. for the README or to look at a report.

    python scripts/report_screenshot.py REPORT_DIR/report.html OUT.png [--width 1400]
        [--height 2400]

To regenerate the README's image of a real corpus (the corpus is not in the repository):

    python -c "import pandas as pd; pd.read_json('../shared/data/ukraine_media/articles.jsonl.gz',
        lines=True).drop(columns=['url', 'source_blob']).to_parquet('/tmp/uk.parquet')"
    python -m toolkit report /tmp/uk.parquet --out /tmp/uk --quiet
    python scripts/report_screenshot.py /tmp/uk/report.html \\
        docs/img/report_overview_ukraine_media.png \\
        --height 680 --anchor Overview:-the-framing-fingerprint

Needs Debian's ``chromium`` package (``apt-get install -y chromium``) or ``CHROMIUM=path``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--hide-scrollbars", "--virtual-time-budget=10000")


def chromium() -> str | None:
    """The Chromium program: ``$CHROMIUM``, or ``chromium`` on the PATH, or None."""
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or \
        shutil.which("chromium-browser")


def screenshot(page: Path, png: Path, *, width: int = 1400, height: int = 2400,
               anchor: str | None = None) -> Path:
    """Render ``page`` at ``width`` × ``height`` CSS pixels into ``png``, scrolled to
    ``anchor`` (a heading's id) when given."""
    program = chromium()
    if program is None:
        raise SystemExit("chromium not found: apt-get install -y chromium (or set CHROMIUM)")
    shown = page
    if anchor:  # headless Chromium does not scroll to a #fragment: start the page there
        html = page.read_text(encoding="utf-8")
        at = html.find(f'id="{anchor}"')
        if at < 0:
            raise SystemExit(f"no heading with id {anchor!r} in {page}")
        cell = html.rfind('<div class="jp-Cell', 0, at)
        main = html.find("<main>") + len("<main>")
        shown = page.with_name(f".screenshot-{page.name}")  # beside it: links still resolve
        shown.write_text(html[:main] + html[cell:], encoding="utf-8")
    try:
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run([program, *FLAGS, f"--user-data-dir={profile}",
                            f"--window-size={width},{height}", f"--screenshot={png.resolve()}",
                            shown.resolve().as_uri()], check=True, capture_output=True,
                           timeout=120)
    finally:
        if shown != page:
            shown.unlink()
    return png


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path)
    parser.add_argument("png", type=Path)
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=2400)
    parser.add_argument("--anchor", default=None,
                        help="scroll to this heading id first, e.g. "
                             "'Overview:-the-framing-fingerprint'")
    args = parser.parse_args(argv)
    args.png.parent.mkdir(parents=True, exist_ok=True)
    screenshot(args.page, args.png, width=args.width, height=args.height, anchor=args.anchor)
    print(args.png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
