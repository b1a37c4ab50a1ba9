"""Where the time of ``python -m toolkit report`` goes, on the demo and the real corpora.

Usage::

    python benchmarks/report_bench.py [--corpus demo ukraine_media basil PATH ...]
                                      [--keep DIR]

For each corpus (default: ``demo`` and ``ukraine_media`` where present) it first times the fixed
costs alone -- starting a Python kernel and the imports every notebook makes -- and then one
whole report, in this process, with each stage timed:

* **load + check** -- reading and validating the corpus file (``load_corpus``, in this process);
* **analysis once** -- the corpus and its scan-based tables written to ``data/*.parquet``
  (``report._analyse``; half of the tables in a second process where the system forks); the
  kernel starts and imports meanwhile;
* **notebooks** -- all of them, shared between two kernels that run side by side
  (``report._run_lanes``, wall time);
* per notebook: **wall** (``report._execute_notebook``), and from papermill's per-cell
  durations **setup** (the cell that reads the corpus), **figures** (cells that save a chart:
  drawing, PNG and SVG), **analysis** (every other cell), **waiting** (wall minus the cells:
  waiting for the kernel, papermill's own work, writing the notebook);
* **kernel resets** between notebooks, and **HTML export** (nbconvert, front matter, methods,
  evidence and duplicates sections).

It prints the total wall time against the target (demo <= 15 s, ukraine_media <= 40 s, on the
project's 2-core machine) as MET or MISSED, with the CPU time of this process and its children
(the kernel, the second analysis process), which depends less on other jobs sharing the
machine, and the load average when the run started (other jobs slow every figure down).
Exits with 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

__all__ = ["main"]

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
CORPORA = {
    "demo": (None, {}),
    "ukraine_media": (SHARED / "ukraine_media" / "articles.jsonl.gz", {}),
    # BASIL repeats the doc_id "empty": ids are made from the content
    "basil": (SHARED / "basil" / "articles.jsonl", {"make_ids": True}),
}
TARGETS = {"demo": 15.0, "ukraine_media": 40.0}


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def fixed_costs(folder: Path) -> dict[str, float]:
    """Seconds to start a kernel (until it answers) and to make the notebooks' imports in it."""
    from toolkit import report

    start = time.perf_counter()
    kernel = report._Kernel.__new__(report._Kernel)
    # as report._Kernel starts it, but waiting for each step
    from jupyter_client.blocking import BlockingKernelClient
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    kernel._run = run_sync
    kernel.manager = AsyncKernelManager(kernel_name="python3")
    run_sync(kernel.manager.start_kernel)(cwd=str(folder),
                                         extra_arguments=["--IPKernelApp.log_level=CRITICAL"])
    kernel.client = BlockingKernelClient()
    kernel.client.load_connection_info(kernel.manager.get_connection_info())
    kernel.client.start_channels()
    try:
        kernel.client.execute_interactive("pass", timeout=120, output_hook=lambda m: None)
        started = time.perf_counter()
        kernel.client.execute_interactive(report._WARM_KERNEL, timeout=120,
                                          output_hook=lambda message: None)
        imported = time.perf_counter()
    finally:
        kernel.close()
    return {"kernel start": started - start, "imports in the kernel": imported - started}


def _cells(notebook: Path) -> dict[str, float]:
    """Seconds per kind of cell of an executed notebook (papermill's durations)."""
    book = json.loads(notebook.read_text(encoding="utf-8"))
    kinds: dict[str, float] = defaultdict(float)
    for cell in book["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        duration = (cell.get("metadata", {}).get("papermill", {}).get("duration")) or 0.0
        if "load_or_compute(\"corpus\"" in source or "load_corpus(" in source:
            kind = "setup"
        elif "figure=" in source:
            kind = "figures"
        else:
            kind = "analysis"
        kinds[kind] += duration
    return dict(kinds)


def run(name: str, path: Path | None, load_options: dict, *, keep: Path | None) -> bool:
    from toolkit import report

    stages: dict[str, float] = defaultdict(float)
    notebooks: dict[str, dict[str, float]] = {}

    def timed(stage: str, function):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                stages[stage] += time.perf_counter() - start
        return wrapper

    originals = {"load_corpus": report.load_corpus, "_analyse": report._analyse,
                 "_run_lanes": report._run_lanes,
                 "_start_kernel": report._start_kernel, "_write_html": report._write_html,
                 "_execute_notebook": report._execute_notebook}
    reset = report._Kernel.reset

    def execute(notebook, target, **kwargs):
        start = time.perf_counter()
        originals["_execute_notebook"](notebook, target, **kwargs)
        wall = time.perf_counter() - start
        cells = _cells(target)
        notebooks[kwargs["name"]] = {"wall": wall, **cells,
                                     "waiting": wall - sum(cells.values())}

    with tempfile.TemporaryDirectory() as scratch:
        fixed = fixed_costs(Path(scratch))
        out = (keep / name) if keep else Path(scratch) / "report"
        report.load_corpus = timed("load + check", originals["load_corpus"])
        report._analyse = timed("analysis once (data/*.parquet)", originals["_analyse"])
        report._start_kernel = timed("kernel launch (not waited for)",
                                     originals["_start_kernel"])
        report._write_html = timed("HTML export", originals["_write_html"])
        report._run_lanes = timed(f"notebooks in {report.REPORT_KERNELS} kernels (wall)",
                                  originals["_run_lanes"])
        report._execute_notebook = execute
        report._Kernel.reset = timed("kernel resets", reset)
        load = os.getloadavg()[0]
        cpu, start = _cpu(), time.perf_counter()
        try:
            report.run_report(path, out=out, progress=False, load_options=load_options)
        finally:
            for attribute, value in originals.items():
                setattr(report, attribute, value)
            report._Kernel.reset = reset
        total, cpu = time.perf_counter() - start, _cpu() - cpu
    print(f"\n== {name}: {path or 'the bundled demo corpus'} (load average {load:.1f} at the "
          f"start, {os.cpu_count()} CPUs)")
    print("fixed costs alone: " + ", ".join(f"{k} {v:.2f} s" for k, v in fixed.items()))
    for stage, seconds in stages.items():
        print(f"  {stage:<34} {seconds:7.2f} s")
    kinds = ["setup", "analysis", "figures", "waiting"]
    print(f"  {'notebook':<34} {'wall':>7} " + " ".join(f"{k:>9}" for k in kinds))
    for notebook, parts in notebooks.items():
        print(f"  {notebook:<34} {parts['wall']:7.2f} "
              + " ".join(f"{parts.get(k, 0.0):9.2f}" for k in kinds))
    sums = {k: sum(p.get(k, 0.0) for p in notebooks.values()) for k in ["wall", *kinds]}
    print(f"  {'sum over the notebooks':<34} {sums['wall']:7.2f} "
          + " ".join(f"{sums[k]:9.2f}" for k in kinds))
    target = TARGETS.get(name)
    verdict = "" if target is None else (
        f" -- target <= {target:.0f} s: {'MET' if total <= target else 'MISSED'}")
    print(f"TOTAL {name}: {total:.1f} s wall, {cpu:.1f} s CPU (this process and its "
          f"children){verdict}")
    return target is None or total <= target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", nargs="+", default=None,
                        help="demo, ukraine_media, basil or a corpus file (default: demo and "
                             "ukraine_media where present)")
    parser.add_argument("--keep", type=Path, default=None,
                        help="write the reports into this folder (one per corpus) to look at")
    args = parser.parse_args(argv)
    chosen = args.corpus or [n for n in ("demo", "ukraine_media")
                             if CORPORA[n][0] is None or CORPORA[n][0].exists()]
    ok = True
    for name in chosen:
        path, options = CORPORA.get(name, (Path(name), {}))
        if path is not None and not path.exists():
            print(f"\n== {name}: {path} is not there; skipped")
            continue
        ok = run(name if name in CORPORA else Path(name).stem, path, options,
                 keep=args.keep) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
