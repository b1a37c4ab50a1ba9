"""Time and peak memory of the voice model on one long document (not a unit test).

Builds one document of ``size`` megabytes by repeating the demo corpus's texts, then times
:func:`toolkit.scare_quotes` and :func:`toolkit.find_quotes` on it and reports the process's
peak resident memory (``resource.getrusage``; Linux reports kilobytes) after each step.
Issue 13 asked for 50 MB in well under a minute (it took more than
8 minutes before the voice model).

Run: ``python benchmarks/voice_bench.py [megabytes ...]`` (default 8 50).
"""

from __future__ import annotations

import resource
import sys
import time

import pandas as pd

import toolkit


def long_document(megabytes: float) -> str:
    texts = "\n\n".join(toolkit.demo_corpus()["text"])
    size = int(megabytes * 1_000_000)
    return (texts * (size // len(texts) + 1))[:size]


def measure(function, *args) -> tuple[float, float, object]:
    started = time.perf_counter()
    result = function(*args)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000
    return seconds, peak, result


def main(argv: list[str]) -> None:
    for megabytes in [float(a) for a in argv[1:]] or [8.0, 50.0]:
        text = long_document(megabytes)
        corpus = pd.DataFrame({"doc_id": ["long"], "text": [text]})
        seconds, peak, table = measure(toolkit.scare_quotes, corpus)
        print(f"scare_quotes, {megabytes:g} MB: {seconds:.1f} s, peak RSS {peak:.0f} MB, "
              f"{len(table)} scare quotes")
        seconds, peak, quotes = measure(toolkit.find_quotes, text)
        print(f"find_quotes,  {megabytes:g} MB: {seconds:.1f} s, peak RSS {peak:.0f} MB, "
              f"{len(quotes)} quotations")


if __name__ == "__main__":
    main(sys.argv)
