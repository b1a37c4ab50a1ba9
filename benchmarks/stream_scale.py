"""Streaming `toolkit.analyze` at growing corpus sizes: rate and peak memory per size.

A real corpus (allsides where present) is written again and again into one Parquet file, each
copy's ``doc_id`` given a suffix (``#1``, ``#2``, ...) and its texts unchanged, until the file
holds the asked number of documents. The file is written copy by copy, so building a corpus of a
million documents never holds more than one copy in memory. Each size is then analysed by
``benchmarks/run.py --phase stream`` in a fresh process, which reads the file in chunks and
writes the three result files; the peak resident memory (``VmHWM``) of that process is what
"flat" is judged on.

Usage::

    .venv/bin/python benchmarks/stream_scale.py                      # 20k, 100k, 1M documents
    .venv/bin/python benchmarks/stream_scale.py --sizes 20000,200000 --tmp /big/disk

Repeated copies repeat the vocabulary, so beyond the first copy every word type is known: the
rate at 1M documents flatters the toolkit (say so when quoting it); the memory figure is what
this script is for. It prints one line per size and run and, last, the ratio of the largest
size's peak to the smallest size's (with ``--runs N``, of the highest peak of each size: a
chunk's peak varies by about 100 MB from run to run), MET or MISSED against 1.10 (the target of
issue 14), and writes JSON.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "data" / "allsides" / "articles.jsonl.gz"
TARGET_FLAT = 1.10


def write_repeated(source, n_docs: int, path: Path, *, row_group: int) -> None:
    """Write ``n_docs`` documents to ``path``: copies of ``source`` with suffixed ids."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(source, preserve_index=False)
    writer = None
    written, copy = 0, 0
    try:
        while written < n_docs:
            part = table.slice(0, min(len(table), n_docs - written))
            if copy:
                ids = [f"{value}#{copy}" for value in part.column("doc_id").to_pylist()]
                part = part.set_column(part.schema.get_field_index("doc_id"), "doc_id",
                                       pa.array(ids, type=part.schema.field("doc_id").type))
            if writer is None:
                writer = pq.ParquetWriter(path, part.schema)
            writer.write_table(part, row_group_size=row_group)
            written += len(part)
            copy += 1
    finally:
        if writer is not None:
            writer.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS),
                        help="a corpus file toolkit.load_corpus reads (default: allsides)")
    parser.add_argument("--sizes", default="20000,100000,1000000",
                        help="documents per run, comma-separated")
    parser.add_argument("--chunk-size", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=1,
                        help="runs per size (a chunk's peak varies by about +-100 MB from run "
                             "to run: the ratio is then taken of the highest peaks, and every "
                             "run is listed)")
    parser.add_argument("--tmp", default=None, help="folder for the Parquet files")
    parser.add_argument("--json", default=str(HERE / "results" / "stream_scale.json"))
    args = parser.parse_args(argv)

    import toolkit

    corpus = toolkit.load_corpus(args.corpus)
    print(f"corpus: {args.corpus} ({len(corpus):,} documents, "
          f"{corpus['text'].str.len().sum() / 1e6:.1f} M characters)", flush=True)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    rows = []
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        for size in sizes:
            path = Path(tmp) / f"stream-{size}.parquet"
            write_repeated(corpus, size, path, row_group=args.chunk_size)
            for run in range(1, max(1, args.runs) + 1):
                start = time.perf_counter()
                command = [sys.executable, str(HERE / "run.py"), "--phase", "stream", "--data",
                           str(path), "--chunk-size", str(args.chunk_size)]
                done = subprocess.run(command, capture_output=True, text=True, check=False)
                if done.returncode != 0:
                    print(done.stderr[-3000:], file=sys.stderr)
                    return 2
                line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
                result = json.loads(line[len("RESULT "):])
                result["wall_s"] = time.perf_counter() - start
                result["size"] = size
                result["run"] = run
                rows.append(result)
                print(f"{size:>10,} docs  run {run}  {result['docs_per_s']:>8,.0f} docs/s  "
                      f"peak {result['peak_rss_mb']:,.0f} MB", flush=True)
            path.unlink()

    def highest(size: int) -> float:
        return max(r["peak_rss_mb"] for r in rows if r["size"] == size)

    ratio = highest(sizes[-1]) / highest(sizes[0])
    verdict = "MET" if ratio <= TARGET_FLAT else "MISSED"
    print(f"peak memory {sizes[-1]:,} / {sizes[0]:,} docs: {ratio:.2f} "
          f"(target <= {TARGET_FLAT:g}): {verdict}")
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps({"corpus": args.corpus, "runs": rows,
                                           "peak_ratio": ratio}, indent=1))
    return 0 if verdict == "MET" else 1


if __name__ == "__main__":
    sys.exit(main())
