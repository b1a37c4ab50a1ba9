"""Hostile texts do not stall the regular expressions: their work is linear in the text.

The texts below have the shapes that made a rule quadratic: an "@" with a long ``ab.ab.ab...``
run (the e-mail rule: 40,000 characters took 2.4 s, 80,000 about 10 s), long runs of sentence
end marks (sentence_spans), one long word (textstat's sentence count), many opening single quotes
(quotations). Python's ``re`` module counts no steps, so each one is processed at 200,000
characters under a budget of process CPU time (``ITIMER_PROF``: not wall-clock time, so other
processes on the machine do not count) that a linear pass meets by a factor of 20 or more, and
that the quadratic rules missed by a factor of 10 or more (see ``benchmarks/regex_bench.py`` for
the measured growth from 25,000 to 200,000 characters). The results are checked as well.
"""

from __future__ import annotations

import importlib
import signal
from contextlib import contextmanager

import pandas as pd
import pytest

import toolkit
from toolkit import token_spans, tokenize
from toolkit.tokens import sentence_spans

N = 200_000
BUDGET = 5.0  # seconds of CPU time per text


class _OverBudget(Exception):
    pass


@contextmanager
def cpu_budget(seconds: float):
    """Fail if the block uses more than ``seconds`` of this process's CPU time; the regex engine
    checks for signals as it works, so a runaway match is interrupted too."""
    if not hasattr(signal, "setitimer"):
        pytest.skip("needs signal.setitimer (not on Windows)")

    def over(signum, frame):
        raise _OverBudget(f"more than {seconds} s of CPU time: super-linear work")

    previous = signal.signal(signal.SIGPROF, over)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def test_email_rule_on_long_runs():
    with cpu_budget(BUDGET):
        # no address: each "ab" is a word, and the run was scanned again from each of them
        assert tokenize("x@ " + "ab." * (N // 3)) == ["x"] + ["ab"] * (N // 3)
        assert len(token_spans("x@ " + "a_" * (N // 2))) == 1 + N // 2
        assert len(token_spans("mail@x.org " + "ab.cd+" * (N // 6))) == 1 + 2 * (N // 6)
        # one long address, and many short ones with nothing between them
        long_address = "ab.cd+" * (N // 6) + "ab@x.org"
        assert tokenize("a@b.c " + long_address) == ["a@b.c", long_address]
        assert len(tokenize("ab.c@" * (N // 5))) == N // 10
        # URLs that cannot end and "www." runs
        assert tokenize("www." + "." * N) == ["www"]
        assert len(tokenize("www.x " * (N // 6))) == N // 6


def test_sentence_ends_on_long_runs_of_marks():
    with cpu_budget(BUDGET):
        assert sentence_spans("." * N + " a") == [(0, N + 2)]
        assert sentence_spans("a" + "!" * N + "x") == [(0, N + 2)]
        assert sentence_spans("www." + "." * N) == [(0, N + 4)]


def test_textstat_sentence_count_on_one_long_word():
    readability = importlib.import_module("toolkit.readability")
    with cpu_budget(BUDGET):
        assert readability._count_sentences("x@ " + "a_" * (N // 2)) == 1
        assert readability._count_sentences("a " * (N // 2)) == 1


def test_quotations_with_many_opening_quotes():
    voice = importlib.import_module("toolkit.voice")
    # the voice model classifies every quotation it finds (~0.2 ms each): a budget per
    # quotation-dense text of 6x the others, still far below the quadratic scan (minutes)
    with cpu_budget(6 * BUDGET):
        assert len(voice.find_quotes(" 'a" * (N // 3))) == N // 3 - 1
    with cpu_budget(6 * BUDGET):
        assert len(voice.find_quotes(" 'a b'" * (N // 6))) == N // 6


def test_quotations_after_headline_colons_and_before_definitions():
    voice = importlib.import_module("toolkit.voice")
    # the headline and definition cues read a bounded window around each quotation (a run of
    # capitalised words and a colon before it, punctuation and "meaning" after it)
    headlines = "Aa Bb Cc: Dd “x” , ; " * (N // 21)
    with cpu_budget(6 * BUDGET):
        assert {q.reason for q in voice.find_quotes(headlines)} == {"headline"}
    definitions = "a “x” ,,,,;;;;  ,,,, ;;; ,  meaning " * (N // 36)
    with cpu_budget(6 * BUDGET):
        assert {q.reason for q in voice.find_quotes(definitions)} == {"introduced"}


@pytest.mark.filterwarnings("ignore")
def test_analyze_does_not_stall_on_a_crafted_document():
    texts = ["x@ " + "ab." * (N // 3), "." * N + " a", " 'a" * (N // 3), "Kyiv said so."]
    corpus = pd.DataFrame({"doc_id": list("abcd"), "outlet": list("xxyy"), "text": texts})
    toolkit.analyze(corpus.iloc[3:])  # imports and first-use set-up outside the budget
    with cpu_budget(4 * BUDGET):
        result = toolkit.analyze(corpus)
    assert result.documents()["n_word_tokens"].tolist() == [1 + N // 3, 1, N // 3, 3]


def test_compiled_scanner_urls_and_emails_on_long_runs():
    # toolkit/_scan.c tokenizes URLs and e-mail addresses itself: each run of e-mail characters
    # and each domain is scanned once, and a URL that fails leaves no letter to start again at
    from toolkit.analysis import _fallback_tokens, _load_kernel

    module = _load_kernel()
    if module is None:
        pytest.skip("the compiled kernel is not built (see tests/test_scan.py)")
    texts = ["x@ " + "ab." * (N // 3), "a@" + "b-" * (N // 2), "a@b-" * (N // 4),
             "www." + "." * N + " ok", "www.! " * (N // 6), "http://" + ")" * N,
             "ab.cd+" * (N // 6) + "ab@x.org"]
    scanner = module.Scanner()
    with cpu_budget(BUDGET):
        raw = scanner.scan(texts, _fallback_tokens)
    ids = raw["word_ids"]
    words = scanner.words
    got = [words[i] for i in memoryview(ids).cast("i")]
    assert got == [t for text in texts for t in tokenize(text)]


def test_glob_heads_of_a_crafted_lexicon():
    # PhraseMatcher._starter_flags finds the words that begin with a glob's literal head with
    # one regex over the words joined by line breaks: a trie of the heads, no quantifier, so
    # each word is read at most to the length of the longest head
    from toolkit.matcher import PhraseMatcher

    matcher = PhraseMatcher([("a" * (N // 4) + "*", "g"), ("ab*", "g"), ("a-b'c*", "g")])
    words = ["a" * k for k in range(1, N // 2, N // 200)] + ["abc", "a-b'cd", "b"]
    with cpu_budget(BUDGET):
        flags = matcher._starter_flags(words)
    assert flags.tolist() == [len(w) >= N // 4 or w.startswith(("ab", "a-b'c")) for w in words]
