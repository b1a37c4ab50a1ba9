"""Time textstat's functions per document against ``toolkit.readability`` on the same texts.

Usage::

    python benchmarks/readability_bench.py [--docs N]

Uses the BASIL articles from ``../shared/data/basil`` when present, else the demo corpus.
Both sides get CMUdict loaded before timing (a one-off cost they share, printed separately).
textstat runs first, on a fresh instance (English, no rounding), calling the eight classic
measures per document; ``toolkit.readability`` then scores the same documents in one pass.
Prints documents per second for both, their ratio and the largest absolute difference over all
values, and exits non-zero if that exceeds 1e-9.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import pandas as pd

import toolkit

__all__ = ["main"]

BASIL = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "basil" / "articles.jsonl"
EIGHT = toolkit.MEASURES[:8]  # the eight measures the issue names, in textstat's names
TOLERANCE = 1e-9


def load(n_docs: int | None) -> tuple[str, pd.DataFrame]:
    """The benchmark corpus (BASIL if present, else the demo corpus), first ``n_docs`` rows."""
    if BASIL.exists():
        with BASIL.open(encoding="utf-8") as handle:
            corpus = pd.DataFrame([json.loads(line) for line in handle if line.strip()])
        # BASIL repeats the doc_id "empty"; the corpus contract needs unique ids.
        corpus["doc_id"] = [f"{i}:{d}" for i, d in enumerate(corpus["doc_id"])]
        name = "BASIL"
    else:
        corpus, name = toolkit.demo_corpus(), "demo corpus"
    if n_docs is not None:
        if n_docs > len(corpus):
            print(f"note: --docs {n_docs} > {len(corpus)} documents available; using all")
        corpus = corpus.iloc[:n_docs].reset_index(drop=True)
    return name, corpus


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return the process exit code.

    Example
    -------
    >>> main(["--docs", "20"])  # doctest: +SKIP
    0
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=None, help="number of documents (default all)")
    args = parser.parse_args(argv)

    name, corpus = load(args.docs)
    texts = corpus["text"].tolist()
    n_chars = sum(map(len, texts))
    print(f"corpus: {name}, {len(texts)} documents, {n_chars / 1e6:.2f} M characters")

    from textstat.backend.utils import get_cmudict
    from textstat.textstat import textstatistics

    start = time.perf_counter()
    get_cmudict("en_US")
    print(f"one-off CMUdict load (shared by both): {time.perf_counter() - start:.2f} s")

    ts = textstatistics()
    functions = [getattr(ts, measure) for measure in EIGHT]
    start = time.perf_counter()
    expected = [[function(text) for function in functions] for text in texts]
    textstat_seconds = time.perf_counter() - start

    start = time.perf_counter()
    scores = toolkit.readability(corpus, measures=EIGHT, undefined="textstat")
    toolkit_seconds = time.perf_counter() - start

    values = scores[list(EIGHT)].to_numpy()
    worst = 0.0
    identical = 0
    for i, row in enumerate(expected):
        for j, value in enumerate(row):
            worst = max(worst, abs(values[i, j] - value))
            identical += bool(values[i, j] == value)
    n_values = len(texts) * len(EIGHT)

    textstat_rate = len(texts) / textstat_seconds
    toolkit_rate = len(texts) / toolkit_seconds
    print(
        f"textstat {'.'.join(map(str, __import__('textstat').__version__))}, "
        f"8 functions per document: {textstat_seconds:.3f} s, {textstat_rate:,.0f} docs/s"
    )
    print(
        f"toolkit.readability, one pass:         {toolkit_seconds:.3f} s, "
        f"{toolkit_rate:,.0f} docs/s"
    )
    print(f"speed-up: {toolkit_rate / textstat_rate:.1f}x")
    print(
        f"max |difference| over {n_values} values: {worst:.3g} "
        f"(bit-identical: {identical}/{n_values})"
    )
    if worst > TOLERANCE:
        print(f"FAIL: difference above {TOLERANCE}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
