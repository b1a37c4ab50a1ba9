"""Benchmark the toolkit on a real corpus: against a naive baseline and a pure-Python floor,
each notebook-facing function (first and repeated call), Dask and streaming.

Usage::

    python benchmarks/run.py [--corpus PATH|demo] [--docs N] [--naive-docs 500] [--workers 2]
                             [--stream-sizes 20000,100000] [--repeat 3] [--json PATH]

The corpus, by default, is ``../shared/data/allsides/articles.jsonl.gz`` (relative to the
repository) when it is present: 20,000 real news articles, used as they are (no resampling, so
the vocabulary keeps growing as it does in real news). Without it, or with ``--corpus demo``,
the bundled demo corpus is resampled with replacement to ``--docs`` documents (default 20,000,
fixed seed, ``doc_id`` made unique) and every resampled text gets a last line with its number,
digit by digit (``Document 1 2 3.``), so that no method gains from having seen a text before
(textstat caches results per text); its vocabulary stays that of the 64 demo texts, which
flatters every per-type cache. The script says which corpus it used. ``--corpus PATH`` measures
another ``.jsonl[.gz]``, ``.parquet`` or ``.csv`` corpus as it is (resampled only with
``--docs``).

Every method runs on the same documents, each in a fresh Python process (so peak memory is its
own), single-threaded, on one core:

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
* ``functions``: each notebook-facing function (``term_frequency``, ``lexicon_counts``,
  ``lexicon_hits``, ``readability``, ``keyness``, ``kwic``, ``term_share``,
  ``collocations``) on the whole corpus: its first call (``toolkit.clear_cache()`` before it,
  so nothing is shared with the function before) and a repeated call on the same corpus.

Then, unless switched off:

* ``dask``: ``toolkit.analyze_dask`` on ``dd.read_parquet`` of the same documents with a
  ``distributed.LocalCluster`` of ``--workers`` single-threaded worker processes (cluster
  start-up not timed; reading Parquet is), against the one-core ``toolkit`` rate, on
  ``--partitions-per-worker`` partitions per worker. It also reports the CPU seconds inside
  each partition's task and on the client against the one-core run's, which isolates the work
  from whatever else shares the cores.
* ``stream``: ``toolkit.analyze(path.parquet, out=...)`` at each of ``--stream-sizes``
  documents, each in its own process; its peak resident memory (``VmHWM``) should not grow
  with the number of documents. Sizes beyond a real corpus are built by concatenating copies
  of it with distinct ``doc_id`` suffixes (``#1``, ``#2``, ...).

Prints a table and every target with MET or MISSED, and writes everything as JSON (default
``benchmarks/results/latest.json``). Rates are the best of ``--repeat`` runs. Exit code 1 when a
target is missed. Targets: ``analyze`` at least 50x the naive baseline and at least as fast
as the floor; each function's first call at least 2,500 docs/s and its repeated call at least
10x faster; Dask with 2 workers at least 1.7x one core; streaming peak memory flat (the
largest size within 10 % of the smallest); in-memory ``analyze`` peak at most 3x the text
size plus 400 MB.
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
REAL_CORPUS = HERE.parent.parent / "shared" / "data" / "allsides" / "articles.jsonl.gz"
TARGET_NAIVE = 50.0  # toolkit at least this many times the naive rate
TARGET_FLOOR = 1.0  # floor docs/s over toolkit docs/s at most this
TARGET_FIRST = 2_500.0  # docs/s of each function's first call
TARGET_REPEAT = 10.0  # first call time over repeated call time
TARGET_DASK = 1.7  # Dask with 2 workers over one core
TARGET_FLAT = 1.10  # streaming peak memory, largest over smallest size
TARGET_MEMORY = (3.0, 400.0)  # in-memory peak <= 3 x text MB + 400 MB
FUNCTIONS = ("term_frequency", "lexicon_counts", "lexicon_hits", "readability", "keyness",
             "kwic", "term_share", "collocations")


# --------------------------------------------------------------------------- corpus


def read_corpus(corpus: str):
    """A corpus file as it is, validated, with ``doc_id`` as str (numbered where not unique)."""
    import pandas as pd

    import toolkit

    path = Path(corpus)
    name = path.name.lower()
    if name.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")):
        source = pd.read_json(path, lines=True, dtype=False,
                              compression="gzip" if name.endswith(".gz") else None)
    elif name.endswith((".parquet", ".pq")):
        source = pd.read_parquet(path)
    else:
        source = toolkit.load_corpus(path)
    ids = source["doc_id"].astype(str) if "doc_id" in source.columns else None
    if ids is None or ids.duplicated().any():
        ids = [f"{i}" for i in range(len(source))]
    keep = [c for c in ("doc_id", "outlet", "date", "title", "text") if c in source.columns]
    source = source[keep].assign(doc_id=ids)
    return toolkit.validate_corpus(source).reset_index(drop=True)


def build_corpus(n_docs: int | None, corpus: str | None, seed: int = SEED):
    """The benchmark corpus: ``corpus`` as it is (``n_docs`` None), else the demo (or
    ``corpus``) resampled to ``n_docs`` with unique doc_ids and distinct texts."""
    import numpy as np

    import toolkit

    source = toolkit.demo_corpus() if corpus is None else read_corpus(corpus)
    if n_docs is None:
        return source
    rows = np.random.default_rng(seed).integers(0, len(source), size=n_docs)
    table = source.iloc[rows].reset_index(drop=True)
    table["doc_id"] = [f"{d}#{i}" for i, d in enumerate(table["doc_id"])]
    # a last line that makes every text distinct, as in a real corpus: nothing may gain from
    # having seen the same text before (textstat keeps an LRU cache of results per text).
    # Its digits are separate words, so the vocabulary does not grow with the corpus.
    table["text"] = [f"{t}\n\nDocument {' '.join(str(i))}." for i, t in enumerate(table["text"])]
    return table


def repeated_corpus(corpus, n_docs: int):
    """The first ``n_docs`` documents of ``corpus`` concatenated with itself as often as needed,
    each copy's ``doc_id`` given a suffix (``#1``, ``#2``, ...), texts unchanged."""
    import pandas as pd

    copies = []
    for k in range(-(-n_docs // len(corpus))):
        part = corpus.iloc[: n_docs - k * len(corpus)]
        copies.append(part.assign(doc_id=part["doc_id"] + f"#{k}") if k else part)
    return pd.concat(copies, ignore_index=True)


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

    cpu = []

    def work():
        started = time.process_time()
        results.append(toolkit.analyze(corpus, chunk_size=chunk_size, progress=False))
        cpu.append(time.process_time() - started)

    rate, seconds = _best_rate(work, len(corpus), repeat)
    result = results[-1]
    return {"docs_per_s": rate, "seconds": seconds, "n_docs": len(corpus), "cpu_seconds": cpu,
            "term_rows": len(result.term_frequency()),
            "lexicon_hits": int(result.lexicon_counts()["count"].sum())}


def _function_calls(corpus) -> dict:
    """Each notebook-facing function, called as a notebook would on this corpus."""
    import toolkit

    outlets = corpus["outlet"].value_counts()
    target = outlets.index[0]
    return {
        "term_frequency": lambda: toolkit.term_frequency(corpus, by="outlet"),
        "lexicon_counts": lambda: toolkit.lexicon_counts(corpus, "loaded_language"),
        "lexicon_hits": lambda: toolkit.lexicon_hits(corpus, "loaded_language"),
        "readability": lambda: toolkit.readability(corpus),
        "keyness": lambda: toolkit.keyness(corpus, by="outlet", target=target),
        "kwic": lambda: toolkit.kwic(corpus, "ukraine"),
        "term_share": lambda: toolkit.term_share(
            corpus, {"Kyiv": ["kyiv"], "Kiev": ["kiev"]}, by="outlet"),
        "collocations": lambda: toolkit.collocations(corpus, node="ukraine"),
    }


def phase_functions(corpus, names: list[str]) -> dict:
    import toolkit

    small = corpus.iloc[:20]
    for call in _function_calls(small).values():  # imports, CMUdict, Pyphen: not timed
        call()
    calls = _function_calls(corpus)
    out = {}
    for name in names:
        toolkit.clear_cache()
        start = time.perf_counter()
        calls[name]()
        first = time.perf_counter() - start
        start = time.perf_counter()
        calls[name]()
        repeated = time.perf_counter() - start
        out[name] = {"first_s": first, "repeated_s": repeated,
                     "first_docs_per_s": len(corpus) / first,
                     "repeated_docs_per_s": len(corpus) / repeated,
                     "speedup": first / repeated}
    toolkit.clear_cache()
    return {"functions": out, "n_docs": len(corpus)}


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
        client_cpu = []

        def work():
            started = time.process_time()
            results.append(toolkit.analyze_dask(ddf))
            client_cpu.append(time.process_time() - started)

        # best of `repeat`, as for the one-core rate it is compared with
        rate, seconds = _best_rate(work, n_docs, repeat)
        result = results[-1]
        partitions = ddf.npartitions
    # CPU seconds inside each partition's task (time.thread_time of the task's thread on the
    # worker): the work itself, whatever else shares the cores; and the client's CPU seconds
    # (time.process_time: ranking the summed terms, concatenating, receiving what the workers
    # send)
    return {"docs_per_s": rate, "seconds": seconds, "n_docs": n_docs,
            "workers": workers, "partitions": partitions,
            "partition_cpu_seconds": result.manifest["partition_cpu_seconds"],
            "client_cpu_seconds": client_cpu,
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
    if args.phase in ("floor", "naive", "toolkit", "functions"):
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
    elif args.phase == "functions":
        result = phase_functions(corpus, args.functions.split(","))
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
               "--workers", str(args.workers), "--functions", args.functions, *extra]
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
    functions = report.get("functions", {})
    if functions:
        print()
        print(f"{'function':<20}{'first s':>9}{'docs/s':>10}{'repeat s':>10}{'docs/s':>11}"
              f"{'speed-up':>10}")
        for name, row in functions.items():
            print(f"{name:<20}{row['first_s']:>9.2f}{row['first_docs_per_s']:>10,.0f}"
                  f"{row['repeated_s']:>10.3f}{row['repeated_docs_per_s']:>11,.0f}"
                  f"{row['speedup']:>9.1f}x")
    dask = next((row for name, row in rows.items() if name.startswith("toolkit dask")), None)
    if dask is not None and "cpu_seconds" in rows.get("toolkit (1 core)", {}):
        one = min(rows["toolkit (1 core)"]["cpu_seconds"])
        parts = dask["partition_cpu_seconds"]
        print()
        print(f"CPU seconds (the work without waiting): one core "
              f"{one:.2f} s in all; Dask {len(parts)} partitions "
              f"{', '.join(f'{x:.2f}' for x in parts)} s (sum {sum(parts):.2f} s, the "
              f"busiest worker's share at best {sum(parts) / dask['workers']:.2f} s), client "
              f"{min(dask['client_cpu_seconds']):.2f} s")
    print()
    for key, value in report["ratios"].items():
        print(f"{key:<52}{value:>9.2f}")
    print()
    for key, target in report["targets"].items():
        print(f"{'MET' if target['met'] else 'MISSED':<7} {key:<60} measured {target['measured']}")


def _targets(report: dict, text_mb: float) -> dict:
    """Every target: what was measured and whether it is met."""
    methods, ratios = report["methods"], report["ratios"]
    targets: dict = {}

    def add(name: str, value: float, met: bool, unit: str = "") -> None:
        targets[name] = {"measured": f"{value:,.2f}{unit}", "met": bool(met)}

    naive = ratios["toolkit / naive (docs/s)"]
    add(f"analyze >= {TARGET_NAIVE:g}x naive", naive, naive >= TARGET_NAIVE, "x")
    floor = ratios["floor / toolkit (docs/s)"]
    add(f"floor / analyze <= {TARGET_FLOOR:g}", floor, floor <= TARGET_FLOOR)
    peak = methods["toolkit (1 core)"]["peak_rss_mb"]
    limit = TARGET_MEMORY[0] * text_mb + TARGET_MEMORY[1]
    add(f"analyze peak memory <= 3 x text ({text_mb:,.0f} MB) + 400 MB = {limit:,.0f} MB",
        peak, peak <= limit, " MB")
    for name, row in report.get("functions", {}).items():
        add(f"{name} first call >= {TARGET_FIRST:,.0f} docs/s", row["first_docs_per_s"],
            row["first_docs_per_s"] >= TARGET_FIRST, " docs/s")
        add(f"{name} repeated call >= {TARGET_REPEAT:g}x faster", row["speedup"],
            row["speedup"] >= TARGET_REPEAT, "x")
    for key, value in ratios.items():
        if key.startswith("dask 2 workers"):
            add(f"Dask 2 workers >= {TARGET_DASK:g}x one core", value, value >= TARGET_DASK, "x")
        if key.startswith("stream peak RSS"):
            add(f"streaming peak memory flat ({key[16:]} <= {TARGET_FLAT:g})", value,
                value <= TARGET_FLAT)
    return targets


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return the exit code (1 if a target is missed).

    Example
    -------
    >>> main(["--corpus", "demo", "--docs", "2000", "--naive-docs", "50", "--workers", "0",
    ...       "--stream-sizes", ""])  # doctest: +SKIP
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=None,
                        help="a .jsonl[.gz]/.parquet/.csv corpus, or 'demo' (default: "
                             "../shared/data/allsides/articles.jsonl.gz where present, "
                             "else demo)")
    parser.add_argument("--docs", type=int, default=None,
                        help="resample to this many documents (default: a real corpus as it "
                             "is; 20000 for the demo corpus)")
    parser.add_argument("--naive-docs", type=int, default=500,
                        help="documents for the slow naive baseline (default 500)")
    parser.add_argument("--workers", type=int, default=2,
                        help="Dask worker processes (0 skips the Dask run)")
    parser.add_argument("--partitions-per-worker", type=int, default=2,
                        help="Dask partitions (Parquet row groups) per worker (default 2)")
    parser.add_argument("--stream-sizes", default="20000,100000",
                        help="documents per streaming run, comma-separated ('' skips)")
    parser.add_argument("--functions", default=",".join(FUNCTIONS),
                        help="notebook-facing functions to time ('' skips)")
    parser.add_argument("--chunk-size", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per rate; best is kept")
    parser.add_argument("--json", default=str(DEFAULT_JSON), help="where to write results")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase:
        run_phase(args)
        return 0

    corpus_path = args.corpus
    if corpus_path is None and REAL_CORPUS.exists():
        corpus_path = str(REAL_CORPUS)
    if corpus_path == "demo":
        corpus_path = None
    if corpus_path is None:
        n_docs = args.docs or 20_000
        why = "" if args.corpus == "demo" else f" ({REAL_CORPUS} not found)"
        name = f"demo corpus resampled to {n_docs:,} documents{why}"
    else:
        n_docs = args.docs
        name = f"{corpus_path}, " + ("as it is (real documents, no resampling)" if n_docs is None
                                     else f"resampled to {n_docs:,} documents")
    corpus = build_corpus(n_docs, corpus_path)
    texts = corpus["text"].tolist()
    n_bytes = sum(len(t.encode("utf-8")) for t in texts)
    print(f"corpus: {name}; {len(corpus):,} documents, {n_bytes / 1e6:.1f} MB of text "
          f"({n_bytes / len(corpus) / 1e3:.1f} kB per document)")
    print(f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}; each method "
          f"in its own process, best of {args.repeat} runs (naive: 1 run). Timings vary with "
          f"other load on the machine: compare ratios measured in the same run.")

    report: dict = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": _machine(),
        "corpus": {"name": name, "path": corpus_path, "resampled": n_docs is not None,
                   "n_docs": len(corpus), "mb": n_bytes / 1e6, "seed": SEED},
        "settings": {"naive_docs": min(args.naive_docs, len(corpus)), "repeat": args.repeat,
                     "chunk_size": args.chunk_size,
                     "partitions_per_worker": args.partitions_per_worker},
        "methods": {},
    }
    with tempfile.TemporaryDirectory(prefix="toolkit-bench-") as tmp:
        data = Path(tmp) / "corpus.parquet"
        # row groups of at most chunk_size rows, as toolkit.analyze's documentation advises, and
        # --partitions-per-worker per Dask worker (one partition each)
        per_worker = -(-len(corpus) // (args.partitions_per_worker * max(1, args.workers)))
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
            "floor / toolkit (docs/s)": floor / one_core,
        }
        if args.functions.strip():
            print("running: notebook-facing functions ...", flush=True)
            found = _child("functions", data, args)
            report["functions"] = found["functions"]
            report["functions_peak_rss_mb"] = found["peak_rss_mb"]
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
                # the speed-up the work allows with a free core per worker: one-core CPU
                # seconds over (partitions' CPU seconds per worker + the client's)
                found = methods[label]
                ratios["CPU-time bound of that speed-up"] = min(
                    methods["toolkit (1 core)"]["cpu_seconds"]) / (
                    sum(found["partition_cpu_seconds"]) / args.workers
                    + min(found["client_cpu_seconds"]))
        sizes = [int(s) for s in args.stream_sizes.split(",") if s.strip()]
        for size in sizes:
            path = Path(tmp) / f"stream-{size}.parquet"
            if corpus_path is None:
                streamed = build_corpus(size, None, seed=SEED + size)
            else:
                streamed = repeated_corpus(corpus, size)
            _write_corpus(streamed, path, row_group=args.chunk_size)
            del streamed
            print(f"running: streaming {size:,} documents ...", flush=True)
            methods[f"toolkit streamed ({size:,} docs)"] = _child("stream", path, args)
            path.unlink()
        if len(sizes) >= 2:
            peaks = [methods[f"toolkit streamed ({s:,} docs)"]["peak_rss_mb"] for s in sizes]
            ratios[f"stream peak RSS {sizes[-1]:,} / {sizes[0]:,} docs"] = peaks[-1] / peaks[0]
    report["ratios"] = ratios
    report["targets"] = _targets(report, n_bytes / 1e6)
    _print_table(report)
    path = Path(args.json)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"\nwritten: {path}")
    return 0 if all(t["met"] for t in report["targets"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
