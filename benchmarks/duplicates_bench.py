"""Speed and yield of ``toolkit.find_duplicates`` on the real corpora in ``../shared/data``.

Usage::

    python benchmarks/duplicates_bench.py [--corpus allsides|ukraine_media|PATH] [--docs N]
                                          [--threshold 0.8] [--repeat 2] [--n-jobs 1]

For each corpus (both shared corpora by default, where present) prints the number of documents,
the time and rate (documents per second, best of ``--repeat`` runs, reading the file excluded),
the time spent tokenizing alone (the floor set by ``toolkit.tokenize``), the same per CPU-second
of the process (``n_jobs=1``; less sensitive to other jobs on a shared machine), and the number
of pairs,
exact pairs, clusters and documents ``drop_duplicates`` would drop. Target: >= 5,000 documents per
second on allsides.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd

import toolkit
from toolkit.tokens import tokenize

__all__ = ["main"]

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
CORPORA = {name: SHARED / name / "articles.jsonl.gz" for name in ("allsides", "ukraine_media")}
TARGET = 5000.0


def _read(path: Path) -> pd.DataFrame:
    return pd.read_json(path, lines=True, dtype={"doc_id": str}, compression="infer")


def run(name: str, path: Path, *, docs: int | None, threshold: float, repeat: int,
        n_jobs: int) -> None:
    corpus = _read(path)
    if docs:
        corpus = corpus.head(docs)
    corpus = toolkit.validate_corpus(corpus)
    n = len(corpus)
    best = best_cpu = float("inf")
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        pairs, clusters = toolkit.find_duplicates(corpus, threshold=threshold, progress=False,
                                                  n_jobs=n_jobs)
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - start_cpu)
    start, start_cpu = time.perf_counter(), time.process_time()
    for text in corpus["text"]:
        tokenize(text)
    tokenizing = time.perf_counter() - start
    tokenizing_cpu = time.process_time() - start_cpu
    dropped = len(clusters) - clusters["cluster"].nunique()  # all but one per cluster
    print(f"{name}: {n:,} documents, threshold {threshold}, n_jobs={n_jobs}")
    print(f"  find_duplicates: {best:.2f} s = {n / best:,.0f} docs/s (best of {repeat}); "
          f"tokenize alone: {tokenizing:.2f} s = {n / tokenizing:,.0f} docs/s")
    if n_jobs == 1:  # CPU time of this process: what an idle core would do, on a busy machine
        print(f"  per CPU second: find_duplicates {n / best_cpu:,.0f} docs, "
              f"tokenize alone {n / tokenizing_cpu:,.0f} docs")
    print(f"  pairs: {len(pairs):,} ({int(pairs['exact'].sum()):,} exact); clusters: "
          f"{clusters['cluster'].nunique():,} holding {len(clusters):,} documents; "
          f"drop_duplicates would drop {dropped:,}")
    cross = clusters.groupby("cluster")["n_outlets"].first()
    print(f"  clusters spanning more than one outlet: {int((cross > 1).sum()):,}")
    if name == "allsides":
        verdict = "met" if n / best >= TARGET else "NOT met"
        print(f"  target >= {TARGET:,.0f} docs/s: {verdict}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", action="append",
                        help="allsides, ukraine_media or a path (repeatable; default: both)")
    parser.add_argument("--docs", type=int, default=None)
    parser.add_argument("--threshold", type=float, default=0.8)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--n-jobs", type=int, default=1, help="worker processes (-1: all CPUs)")
    args = parser.parse_args(argv)
    chosen = args.corpus or list(CORPORA)
    for item in chosen:
        path = CORPORA.get(item, Path(item))
        if not path.exists():
            print(f"{item}: not present ({path}), skipped")
            continue
        run(item, path, docs=args.docs, threshold=args.threshold, repeat=args.repeat,
            n_jobs=args.n_jobs)


if __name__ == "__main__":
    main()
