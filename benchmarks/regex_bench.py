"""Time the regular-expression rules on hostile texts of growing length: the work must be linear.

Usage::

    python benchmarks/regex_bench.py [--sizes 25000,50000,100000,200000] [--old]

Each case is a text shaped to make a backtracking rule quadratic (see tests/test_linear_regex.py,
which checks the same shapes under a CPU budget without timing them): an "@" with a long
``ab.ab.ab...`` run for the tokenizer's e-mail rule, long runs of sentence end marks, one long word
for textstat's sentence count, many opening single quotes for quotations, and ``analyze`` on a
document of each kind. For every case and size the best of three process-CPU times is printed,
with the growth factor from the previous size: about 2 for a doubling is linear, about 4 quadratic.
``--old`` also times the rules as they were before they were made linear (copies below), on the
sizes up to 50,000 characters only: they take seconds to minutes beyond that.

Exits with 1 when a doubling costs more than 3 times as much (at sizes where the time is at least
20 ms, below which the clock is too coarse to tell).
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
import time
import warnings
from collections.abc import Callable

import pandas as pd

import toolkit
from toolkit.tokens import sentence_spans, token_spans

__all__ = ["main"]

readability = importlib.import_module("toolkit.readability")
voice = importlib.import_module("toolkit.voice")  # quotations are found by the voice model

# The rules as they were (tokenizer e-mail alternative, sentence ends, textstat's three-word
# lookahead, single-quote quotations), for --old.
_OLD_TOKEN_RE = re.compile(
    r"""(?i:https?://|www\.)[^\s<>"“”]*[^\s<>"“”.,;:!?)\]'’]"""
    r"|[^\W_][\w.+-]*@[^\W_][\w-]*(?:\.[\w-]+)+"
    r"|[^\W_](?:(?<=[^\W\d_])\.(?:[^\W\d_]\.)+|(?<=\d)\d*+(?:[.,:/]\d++)++"
    r"|[^\W_]*+(?:['\-][^\W_]++)*+)"
)
_OLD_SENTENCE_END_RE = re.compile(r"""[.!?…]+["'”’»)\]]*(?=\s+["'“‘«(\[]?[^\W_a-z])""")
_RUN, _NO_WORD = r"[^\s.!?]", r"(?:[^\s.!?\w]+\s+)*"
_OLD_TEXTSTAT_RE = re.compile(
    rf"\b(?:(?={_RUN}*\s+{_NO_WORD}{_RUN}*\w{_RUN}*\s+{_NO_WORD}{_RUN}*\w)(\w)|\w)[^.!?]*[.!?]*")
_OLD_QUOTE_RE = re.compile(r"(?<![\w'’])'(?=[^\W\d_])((?:[^']|'(?=\w))*?)(?<=[\w.!?,;…])'(?!\w)")
_OLD_LIMIT = 50_000


def _analyze(text: str) -> None:
    corpus = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["x", "y"], "text": [text, "Fine."]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        toolkit.analyze(corpus)


# name -> (text of about n characters, new rule, old rule or None)
_Rule = Callable[[str], object]
CASES: dict[str, tuple[Callable[[int], str], _Rule, _Rule | None]] = {
    "e-mail rule, '@' and ab.ab.ab...": (
        lambda n: "x@ " + "ab." * (n // 3), token_spans, _OLD_TOKEN_RE.findall),
    "e-mail rule, '@' and a_a_a_...": (
        lambda n: "x@ " + "a_" * (n // 2), token_spans, _OLD_TOKEN_RE.findall),
    "sentence ends, a run of '.'": (
        lambda n: "." * n + " a", sentence_spans,
        lambda t: list(_OLD_SENTENCE_END_RE.finditer(t))),
    "textstat sentences, one long word": (
        lambda n: "x@ " + "a_" * (n // 2), readability._count_sentences,
        lambda t: list(_OLD_TEXTSTAT_RE.finditer(t))),
    "quotations, many opening '": (
        lambda n: " 'a" * (n // 3), voice.find_quotes,
        lambda t: list(_OLD_QUOTE_RE.finditer(t))),
    "quotations after 'Aa Bb Cc:' headlines": (
        lambda n: "Aa Bb Cc: Dd “x” , ; " * (n // 21), voice.find_quotes, None),
    "analyze, '@' and ab.ab.ab...": (lambda n: "x@ " + "ab." * (n // 3), _analyze, None),
    "plain text (reference)": (lambda n: "word, " * (n // 6), token_spans, None),
}


def best_time(function: Callable[[str], object], text: str, repeat: int = 3) -> float:
    """The least process CPU time of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        function(text)
        times.append(time.process_time() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="25000,50000,100000,200000",
                        help="comma-separated text lengths, each about twice the one before")
    parser.add_argument("--old", action="store_true", help="also time the old (quadratic) rules")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    _analyze("warm up")  # imports and first-use set-up
    failed = False
    print(f"{'case':38} {'rule':4} " + " ".join(f"{n:>16,}" for n in sizes))
    for name, (make, new, old) in CASES.items():
        rows = [("new", new, sizes)]
        if args.old and old is not None:
            rows.append(("old", old, [n for n in sizes if n <= _OLD_LIMIT]))
        for label, function, ns in rows:
            cells, previous = [], None
            for n in ns:
                seconds = best_time(function, make(n), repeat=3 if label == "new" else 1)
                growth = "" if previous is None or previous == 0 else f" x{seconds / previous:.1f}"
                if label == "new" and previous is not None and seconds >= 0.02 \
                        and seconds > 3 * previous:
                    failed = True
                cells.append(f"{seconds:8.3f}s{growth:>6}")
                previous = seconds
            print(f"{name:38} {label:4} " + " ".join(f"{c:>16}" for c in cells))
    if failed:
        print("a rule grew faster than linearly (a doubling cost more than 3 times as much)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
