"""Benchmark: time to load a large lexicon file and to compile its matcher.

Usage::

    python benchmarks/lexicon_load_bench.py [--entries N] [--globs-every K] [--repeat R]

Writes a lexicon of ``--entries`` made-up entries in 10 categories (every 7th a two-word
phrase, every ``K``-th a glob such as ``abcd*``; ``--globs-every 0`` for none) as CSV and as
YAML into a temporary folder, then times, best of ``--repeat`` runs in fresh objects:

* ``load``: ``toolkit.load_lexicon(path)`` (reading, validating every entry with its line);
* ``matcher``: the first ``lexicon.matcher`` (the phrase trie built on first use).
"""

from __future__ import annotations

import argparse
import random
import string
import tempfile
import time
from pathlib import Path

import toolkit


def _write(folder: Path, n: int, globs_every: int) -> tuple[Path, Path]:
    rng = random.Random(1)
    words: set[str] = set()
    while len(words) < n:
        words.add("".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(4, 10))))
    ordered = sorted(words)
    entries = []
    for i, word in enumerate(ordered):
        entry = word if i % 7 else f"{word} {ordered[(i * 31) % n]}"
        if globs_every and i % globs_every == 0:
            entry = word[:4] + "*"
        entries.append((entry, f"c{i % 10}"))
    csv_path, yaml_path = folder / "big.csv", folder / "big.yaml"
    csv_path.write_text("term,category\n" + "".join(f"{e},{c}\n" for e, c in entries),
                        encoding="utf-8")
    by_category: dict[str, list[str]] = {}
    for entry, category in entries:
        by_category.setdefault(category, []).append(entry)
    yaml_path.write_text("".join(f"{c}:\n" + "".join(f"  - {e}\n" for e in es)
                                 for c, es in by_category.items()), encoding="utf-8")
    return csv_path, yaml_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--globs-every", type=int, default=13)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for path in _write(Path(folder), args.entries, args.globs_every):
            load = matcher = float("inf")
            for _ in range(args.repeat):
                start = time.perf_counter()
                lexicon = toolkit.load_lexicon(path)
                middle = time.perf_counter()
                lexicon.matcher  # noqa: B018 -- built on first use; that is what is timed
                load = min(load, middle - start)
                matcher = min(matcher, time.perf_counter() - middle)
            print(f"{path.suffix[1:]:5} {len(lexicon):>7} entries  load {load:6.2f} s  "
                  f"matcher {matcher:6.2f} s")


if __name__ == "__main__":
    main()
