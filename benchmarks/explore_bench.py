"""How long the explorer panel takes to update on a real corpus (issue 17: under 0.5 s each).

    python benchmarks/explore_bench.py [--corpus ../shared/data/ukraine_media/articles.jsonl.gz]

Builds :class:`toolkit.Explorer` once (the first computation: one pass over every text, and
the first key-term table, which builds the document-term matrix), then changes one control at
a time as a person would and times each update (recomputing the tables and redrawing the
figures it affects, as the panel does in JupyterLab; the browser's own drawing is not
included). Prints one line per update and the slowest.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import pandas as pd

os.environ.setdefault("MPLBACKEND", "Agg")

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared/data/ukraine_media/articles.jsonl.gz"


def load(path: Path) -> pd.DataFrame:
    if path.name.endswith((".jsonl.gz", ".jsonl")):
        return pd.read_json(path, lines=True, dtype={"doc_id": str})
    import toolkit

    return toolkit.load_corpus(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    args = parser.parse_args()
    import toolkit

    if not args.corpus.exists():
        raise SystemExit(f"corpus not found: {args.corpus} (pass --corpus)")
    corpus = load(args.corpus)
    import matplotlib.figure  # noqa: F401 - imports are not the panel's work
    import scipy.stats  # noqa: F401

    started = time.perf_counter()
    ex = toolkit.Explorer(corpus)
    first = time.perf_counter() - started
    print(f"{len(corpus):,} documents, {corpus['outlet'].nunique()} outlets")
    print(f"first computation (scan + first tables, figures, key terms): {first:.2f} s")

    outlets = sorted(corpus["outlet"].unique())
    months = list(ex.period.options)
    steps = [
        ("outlets: RT, BBC, NBC News", lambda: setattr(ex.outlets, "value",
                                                       ("BBC", "NBC News", "RT"))),
        ("period: Jun-Sep 2022", lambda: setattr(ex.period, "index",
                                                 (months.index("2022-06"),
                                                  months.index("2022-09")))),
        ("view: term set the_war", lambda: setattr(ex.view, "value", ("set", "the_war"))),
        ("label: invasion", lambda: setattr(ex.label, "value", "invasion")),
        ("measure: per 10,000 words", lambda: setattr(ex.measure, "value", "per_10k")),
        ("over time: whole period", lambda: setattr(ex.granularity, "value", "all")),
        ("evidence: RT · invasion", lambda: setattr(ex.cell, "value", ("RT", "invasion"))),
        ("key terms of: RT", lambda: setattr(ex.target, "value", "RT")),
        ("evidence: first key term", lambda: setattr(ex.key_term, "value",
                                                     ex.key_term.options[0][1])),
        ("view: loaded language, fear_threat",
         lambda: setattr(ex.view, "value", ("lexicon", "fear_threat"))),
        ("evidence: RT · fear_threat", lambda: setattr(ex.cell, "value", ("RT", "fear_threat"))),
        ("all outlets", lambda: setattr(ex.outlets, "value", tuple(outlets))),
        ("full period", lambda: setattr(ex.period, "index", (0, len(months) - 1))),
        ("over time: month", lambda: setattr(ex.granularity, "value", "month")),
        ("view: term set capital", lambda: setattr(ex.view, "value", ("set", "capital"))),
        ("evidence: RT · Kiev", lambda: setattr(ex.cell, "value", ("RT", "Kiev"))),
    ]
    normalised = ("spelling: as written (first time builds a second matrix)",
                  lambda: setattr(ex.normalize, "value", "none"))
    # three rounds (the last steps restore all outlets and the full period): per step the
    # median wall-clock time and the median CPU time of this process (the code is
    # single-threaded; on a busy machine, wall time is CPU time plus waiting for a core)
    rounds = 3
    wall: dict[str, list[float]] = {name: [] for name, _ in steps}
    cpu: dict[str, list[float]] = {name: [] for name, _ in steps}
    for _ in range(rounds):
        for name, step in steps:
            started, cpu_started = time.perf_counter(), time.process_time()
            step()
            wall[name].append(time.perf_counter() - started)
            cpu[name].append(time.process_time() - cpu_started)
    print(f"load average before the rounds: {os.getloadavg()[0]:.1f} "
          f"({os.cpu_count()} CPUs)")
    print("  wall ms (median, max)  cpu ms (median)  update")
    for name, _ in steps:
        w, c = sorted(wall[name]), sorted(cpu[name])
        print(f"  {w[rounds // 2] * 1000:7.0f} {w[-1] * 1000:7.0f}  {c[rounds // 2] * 1000:12.0f}"
              f"     {name}")
    started = time.perf_counter()
    normalised[1]()
    print(f"{(time.perf_counter() - started) * 1000:8.0f} ms  {normalised[0]}")
    worst_wall = max((max(v), k) for k, v in wall.items())
    worst_cpu = max((sorted(v)[rounds // 2], k) for k, v in cpu.items())
    all_wall = sorted(x for v in wall.values() for x in v)
    print(f"slowest update (wall, any round): {worst_wall[0] * 1000:.0f} ms ({worst_wall[1]}); "
          f"median of all updates {all_wall[len(all_wall) // 2] * 1000:.0f} ms; "
          f"slowest median CPU time {worst_cpu[0] * 1000:.0f} ms ({worst_cpu[1]})")


if __name__ == "__main__":
    main()
