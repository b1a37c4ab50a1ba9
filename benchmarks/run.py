"""Benchmark the toolkit's full analysis against a naive baseline and a pure-Python floor.

Usage::

    python benchmarks/run.py [--docs 20000] [--corpus PATH] [--naive-docs 500] [--workers 2]
                             [--stream-sizes 20000,100000] [--repeat 3] [--json PATH]

The corpus is the bundled demo corpus resampled with replacement to ``--docs`` documents (fixed
seed, ``doc_id`` made unique), or the file given with ``--corpus`` (resampled too when ``--docs``
is given). A resampled text gets a last line with its number, digit by digit (``Document 1 2
3.``), so that all texts are distinct, as in a real corpus -- textstat caches its results per
text (an LRU of 128 texts) and no method may gain from having seen a text before -- while the
vocabulary stays that of the source. Every method runs on the same documents, each in a fresh Python process (so peak
memory is its own), single-threaded, on one core:

* ``naive``: what a user would write: NLTK's ``TreebankWordTokenizer`` + ``FreqDist`` of the
  lower-cased tokens, one ``textstat`` call per readability measure (all 15 of
  ``toolkit.MEASURES``) and ``str.count`` of every loaded-language lexicon entry on the
  lower-cased text. It is slow, so it runs on the first ``--naive-docs`` documents only and
  rates are compared per document.
* ``floor``: ``collections.Counter(re.findall(r"\\w+", text.lower()))`` per document: the
  least a word count costs in Python.
* ``toolkit``: ``toolkit.analyze(corpus)`` in memory: term frequencies by outlet,
  loaded-language counts and all 15 readability measures per document, with validation and the
  result tables.

Then, unless switched off:

* ``dask``: ``toolkit.analyze_dask`` on ``dd.read_parquet`` of the same documents with a
  ``distributed.LocalCluster`` of ``--workers`` single-threaded worker processes (cluster
  start-up not timed; reading Parquet is), against the one-core ``toolkit`` rate.
* ``stream``: ``toolkit.analyze(path.parquet, out=...)`` at each of ``--stream-sizes``
  documents, each in its own process; its peak resident memory (``VmHWM``) should not grow
  with the number of documents.

Prints a table and writes everything as JSON (default ``benchmarks/results/latest.json``).
Rates are the best of ``--repeat`` runs. Exit code 1 when a target is missed: toolkit at least
50x the naive baseline and within 2.5x of the floor.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

__all__ = ["main"]

HERE = Path(__file__).resolve().parent
DEFAULT_JSON = HERE / "results" / "latest.json"
SEED = 20240607
TARGET_NAIVE = 50.0  # toolkit at least this many times the naive rate
TARGET_FLOOR = 2.5  # toolkit at most this many times slower than the floor


# --------------------------------------------------------------------------- corpus


def build_corpus(n_docs: int | None, corpus: str | None, seed: int = SEED):
    """The benchmark corpus: demo (or ``corpus``) resampled to ``n_docs``, unique doc_ids."""
    import numpy as np
    import pandas as pd

    import toolkit

    if corpus is None:
        source = toolkit.demo_corpus()
    else:
        path = Path(corpus)
        if path.suffix.lower() in (".jsonl", ".ndjson"):
            source = pd.read_json(path, lines=True, dtype=False)
        elif path.suffix.lower() in (".parquet", ".pq"):
            source = pd.read_parquet(path)
        else:
            source = toolkit.load_corpus(path)
        source = source.assign(doc_id=[f"{i}" for i in range(len(source))])
        source = toolkit.validate_corpus(source)
    if n_docs is None:
        return source.reset_index(drop=True)
    rows = np.random.default_rng(seed).integers(0, len(source), size=n_docs)
    table = source.iloc[rows].reset_index(drop=True)
    table["doc_id"] = [f"{d}#{i}" for i, d in enumerate(table["doc_id"])]
    # a last line that makes every text distinct, as in a real corpus: nothing may gain from
    # having seen the same text before (textstat keeps an LRU cache of results per text).
    # Its digits are separate words, so the vocabulary does not grow with the corpus.
    table["text"] = [f"{t}\n\nDocument {' '.join(str(i))}." for i, t in enumerate(table["text"])]
    return table


# --------------------------------------------------------------------------- phases


def _rss_mb() -> float:
    """Peak resident memory of this process so far, in MB.

    Linux: ``VmHWM`` of /proc/self/status, which starts afresh at exec (``ru_maxrss`` does
    not: it keeps the peak of the parent that forked the process).
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _best_rate(work, n_docs: int, repeat: int) -> tuple[float, list[float]]:
    seconds = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        seconds.append(time.perf_counter() - start)
    return n_docs / min(seconds), seconds


def phase_floor(corpus, repeat: int) -> dict:
    import re
    from collections import Counter

    texts = corpus["text"].tolist()

    def work():
        for text in texts:
            Counter(re.findall(r"\w+", text.lower()))

    rate, seconds = _best_rate(work, len(texts), repeat)
    return {"docs_per_s": rate, "seconds": seconds, "n_docs": len(texts)}


def phase_naive(corpus, repeat: int) -> dict:
    import textstat
    from nltk import FreqDist
    from nltk.tokenize import TreebankWordTokenizer

    import toolkit

    texts = corpus["text"].tolist()
    tokenizer = TreebankWordTokenizer()
    measures = [
        (lambda t: textstat.text_standard(t, float_output=True)) if name == "text_standard"
        else getattr(textstat, name)
        for name in toolkit.MEASURES
    ]
    terms = [e.entry.lower().replace("*", "") for e in toolkit.load_lexicon("loaded_language").entries]
    textstat.flesch_reading_ease("Load CMUdict before timing.")

    def work():
        for text in texts:
            FreqDist(token.lower() for token in tokenizer.tokenize(text))
            [measure(text) for measure in measures]
            lowered = text.lower()
            [lowered.count(term) for term in terms]

    rate, seconds = _best_rate(work, len(texts), repeat)
    return {"docs_per_s": rate, "seconds": seconds, "n_docs": len(texts)}


def phase_toolkit(corpus, repeat: int, chunk_size: int) -> dict:
    import toolkit

    toolkit.analyze(corpus.iloc[:50], progress=False)  # imports and CMUdict, not timed
    results = []

    def work():
        results.append(toolkit.analyze(corpus, chunk_size=chunk_size, progress=False))

    rate, seconds = _best_rate(work, len(corpus), repeat)
    result = results[-1]
    return {"docs_per_s": rate, "seconds": seconds, "n_docs": len(corpus),
            "term_rows": len(result.term_frequency()),
            "lexicon_hits": int(result.lexicon_counts()["count"].sum())}


def _warm_up() -> None:
    import toolkit

    toolkit.analyze(toolkit.demo_corpus().iloc[:20], progress=False)


def phase_dask(data: Path, workers: int, n_docs: int, repeat: int) -> dict:
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    import toolkit

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      host="127.0.0.1", dashboard_address=None) as cluster, \
            Client(cluster) as client:
        ddf = dd.read_parquet(data, split_row_groups=True)
        client.run(_warm_up)  # imports and CMUdict on every worker, not timed
        results = []

        def work():
            results.append(toolkit.analyze_dask(ddf))

        # best of `repeat`, as for the one-core rate it is compared with
        rate, seconds = _best_rate(work, n_docs, repeat)
        result = results[-1]
        partitions = ddf.npartitions
    return {"docs_per_s": rate, "seconds": seconds, "n_docs": n_docs,
            "workers": workers, "partitions": partitions,
            "term_rows": len(result.term_frequency())}


def phase_stream(data: Path, chunk_size: int) -> dict:
    import toolkit

    _warm_up()  # imports and CMUdict, not timed (as for the other methods)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        result = toolkit.analyze(data, out=Path(tmp) / "out", chunk_size=chunk_size,
                                 progress=False)
        seconds = time.perf_counter() - start
        n_docs = result.manifest["n_docs"]
    return {"docs_per_s": n_docs / seconds, "seconds": [seconds], "n_docs": n_docs}


def run_phase(args) -> None:
    """Child process: load the data, run one phase, print JSON with the peak RSS."""
    import pandas as pd

    data = Path(args.data)
    n_docs = None
    if args.phase in ("floor", "naive", "toolkit"):
        corpus = pd.read_parquet(data)
        if args.phase == "naive":
            corpus = corpus.iloc[: args.naive_docs]
        n_docs = len(corpus)
    loaded = _rss_mb()
    if args.phase == "floor":
        result = phase_floor(corpus, args.repeat)
    elif args.phase == "naive":
        result = phase_naive(corpus, 1)
    elif args.phase == "toolkit":
        result = phase_toolkit(corpus, args.repeat, args.chunk_size)
    elif args.phase == "dask":
        import pyarrow.parquet as pq

        result = phase_dask(data, args.workers, pq.ParquetFile(data).metadata.num_rows,
                            args.repeat)
    else:
        result = phase_stream(data, args.chunk_size)
    result["rss_after_load_mb"] = loaded
    result["peak_rss_mb"] = _rss_mb()
    if n_docs is not None:
        result["n_docs"] = n_docs
    print("RESULT " + json.dumps(result))


def _child(phase: str, data: Path, args, *extra: str) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--phase", phase,
               "--data", str(data), "--repeat", str(args.repeat),
               "--chunk-size", str(args.chunk_size), "--naive-docs", str(args.naive_docs),
               "--workers", str(args.workers), *extra]
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
           "MKL_NUM_THREADS": "1"}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=env)
    stdout, stderr = process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"phase {phase} failed:\n{stderr[-3000:]}")
    line = next(x for x in stdout.splitlines() if x.startswith("RESULT "))
    return json.loads(line[len("RESULT "):])


def _write_corpus(corpus, path: Path, row_group: int | None = None) -> None:
    corpus.to_parquet(path, index=False, row_group_size=row_group)


# --------------------------------------------------------------------------- report


def _machine() -> dict:
    import pandas as pd

    import toolkit

    info = {"python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count(), "toolkit": toolkit.__version__, "pandas": pd.__version__,
            "kernel": toolkit.analyze(toolkit.demo_corpus().iloc[:1], progress=False)
            .manifest["versions"]["kernel"]}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_gb"] = round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    return info


def _print_table(report: dict) -> None:
    rows = report["methods"]
    mb = report["corpus"]["mb"] / report["corpus"]["n_docs"]
    print()
    print(f"{'method':<34}{'docs':>9}{'docs/s':>11}{'MB/s':>8}{'peak MB':>9}")
    for name, row in rows.items():
        print(f"{name:<34}{row['n_docs']:>9,}{row['docs_per_s']:>11,.0f}"
              f"{row['docs_per_s'] * mb:>8.2f}{row.get('peak_rss_mb', float('nan')):>9,.0f}")
    print()
    for key, value in report["ratios"].items():
        print(f"{key:<44}{value:>8.2f}")
    for key, value in report["targets"].items():
        print(f"target {key:<37}{'met' if value else 'NOT met':>8}")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return the exit code (1 if a target is missed).

    Example
    -------
    >>> main(["--docs", "2000", "--naive-docs", "50", "--workers", "0",
    ...       "--stream-sizes", ""])  # doctest: +SKIP
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=None,
                        help="documents to resample to (default 20000 for the demo corpus; "
                             "all of --corpus)")
    parser.add_argument("--corpus", help="a .jsonl/.parquet/.csv corpus instead of the demo")
    parser.add_argument("--naive-docs", type=int, default=500,
                        help="documents for the slow naive baseline (default 500)")
    parser.add_argument("--workers", type=int, default=2,
                        help="Dask worker processes (0 skips the Dask run)")
    parser.add_argument("--stream-sizes", default="20000,100000",
                        help="documents per streaming run, comma-separated ('' skips)")
    parser.add_argument("--chunk-size", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per rate; best is kept")
    parser.add_argument("--json", default=str(DEFAULT_JSON), help="where to write results")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase:
        run_phase(args)
        return 0

    n_docs = args.docs if args.docs is not None or args.corpus else 20_000
    corpus = build_corpus(n_docs, args.corpus)
    texts = corpus["text"].tolist()
    n_bytes = sum(len(t.encode("utf-8")) for t in texts)
    name = args.corpus or "demo corpus"
    print(f"corpus: {name}, {len(corpus):,} documents, {n_bytes / 1e6:.1f} MB of text "
          f"({n_bytes / len(corpus) / 1e3:.1f} kB per document), seed {SEED}")
    print(f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}; each method "
          f"in its own process, best of {args.repeat} runs (naive: 1 run)")

    report: dict = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": _machine(),
        "corpus": {"name": name, "n_docs": len(corpus), "mb": n_bytes / 1e6, "seed": SEED},
        "settings": {"naive_docs": min(args.naive_docs, len(corpus)), "repeat": args.repeat,
                     "chunk_size": args.chunk_size},
        "methods": {},
    }
    with tempfile.TemporaryDirectory(prefix="toolkit-bench-") as tmp:
        data = Path(tmp) / "corpus.parquet"
        # row groups of at most chunk_size rows, as toolkit.analyze's documentation advises, and
        # at least two per Dask worker (one partition each), so the scheduler can balance them
        per_worker = -(-len(corpus) // (2 * max(1, args.workers)))
        _write_corpus(corpus, data, row_group=max(1, min(args.chunk_size, per_worker)))
        methods = report["methods"]
        label_naive = f"naive (first {min(args.naive_docs, len(corpus))} docs)"
        print("running: naive ...", flush=True)
        methods[label_naive] = _child("naive", data, args)
        print("running: floor ...", flush=True)
        methods["floor"] = _child("floor", data, args)
        print("running: toolkit ...", flush=True)
        methods["toolkit (1 core)"] = _child("toolkit", data, args)
        naive = methods[label_naive]["docs_per_s"]
        floor = methods["floor"]["docs_per_s"]
        one_core = methods["toolkit (1 core)"]["docs_per_s"]
        ratios = {
            "toolkit / naive (docs/s)": one_core / naive,
            "floor / toolkit (docs/s; target <= 2.5)": floor / one_core,
        }
        if args.workers > 0:
            try:
                import dask.dataframe  # noqa: F401
                import distributed  # noqa: F401
            except ImportError:
                print("dask or distributed is not installed: skipping the Dask run "
                      "(pip install 'discourse-toolkit[dask]')")
            else:
                print(f"running: dask with {args.workers} workers ...", flush=True)
                label = f"toolkit dask ({args.workers} workers)"
                methods[label] = _child("dask", data, args)
                ratios[f"dask {args.workers} workers / 1 core"] = (
                    methods[label]["docs_per_s"] / one_core)
        sizes = [int(s) for s in args.stream_sizes.split(",") if s.strip()]
        for size in sizes:
            path = Path(tmp) / f"stream-{size}.parquet"
            _write_corpus(build_corpus(size, args.corpus, seed=SEED + size), path,
                          row_group=args.chunk_size)
            print(f"running: streaming {size:,} documents ...", flush=True)
            methods[f"toolkit streamed ({size:,} docs)"] = _child("stream", path, args)
            path.unlink()
        if len(sizes) >= 2:
            peaks = [methods[f"toolkit streamed ({s:,} docs)"]["peak_rss_mb"] for s in sizes]
            ratios[f"stream peak RSS {sizes[-1]:,} / {sizes[0]:,} docs"] = peaks[-1] / peaks[0]
    report["ratios"] = ratios
    report["targets"] = {
        f"toolkit >= {TARGET_NAIVE:g}x naive": one_core / naive >= TARGET_NAIVE,
        f"toolkit within {TARGET_FLOOR:g}x of floor": floor / one_core <= TARGET_FLOOR,
    }
    _print_table(report)
    path = Path(args.json)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"\nwritten: {path}")
    return 0 if all(report["targets"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
