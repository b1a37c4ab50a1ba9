"""The compiled scanner (toolkit/_scan.c) against the Python code that defines its rules.

toolkit.tokens (tokens, adjacency) and toolkit.readability (textstat's words and sentences) are
the definitions; the C scanner must give the same answer on every text: hand-written edge
cases, generated text full of the characters the rules treat specially, every code point for
the case folding, and the real corpora.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.analysis import _fallback_tokens, _load_kernel
from toolkit.readability import _count_sentences, _strip_punctuation
from toolkit.tokens import _normalize_text, _tokens_and_spans, is_joined, token_spans
from toolkit.voice import _pair

_scan = _load_kernel()
if _scan is None:
    if os.environ.get("TOOLKIT_PURE_PYTHON"):
        pytest.skip("TOOLKIT_PURE_PYTHON is set: the compiled kernel is not tested",
                    allow_module_level=True)
    pytest.fail(
        "toolkit._scan, the compiled kernel, is not built (was there a C compiler at install "
        "time?). Reinstall with `pip install -e .`, or set TOOLKIT_PURE_PYTHON=1 to test the "
        "pure-Python path only.",
        pytrace=False,
    )

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed"
ALLSIDES = Path(__file__).resolve().parents[2] / "shared" / "data" / "allsides"
UKRAINE_MEDIA = Path(__file__).resolve().parents[2] / "shared" / "data" / "ukraine_media"


def expected(text: str) -> dict:
    """What the Python definitions say of one text."""
    tokens, spans = _tokens_and_spans(text)
    joined = [False] + [is_joined(text, a[2], b[1]) for a, b in zip(spans, spans[1:], strict=False)]
    chunks = text.split()
    words = [bool(_strip_punctuation(c)) for c in chunks]
    # toolkit.readability._Scorer._linsear: the first 100 chunks, then more to 100 words
    if len(chunks) > 100:
        head = 100
        found = sum(words[:100])
        while found < 100 and head < len(chunks):
            found += words[head]
            head += 1
    else:
        head = len(chunks)
    return {
        "tokens": tokens,
        "joined": joined,
        "chunks": chunks,
        "n_sentences": _count_sentences(text),
        "linsear_chunks": head,
        "linsear_sentences": _count_sentences(" ".join(chunks[:head])),
    }


def scanned(texts: list[str]) -> list[dict]:
    scanner = _scan.Scanner()
    raw = scanner.scan(list(texts), _fallback_tokens)
    ints = {k: np.frombuffer(v, dtype=np.int64) for k, v in raw.items()
            if k.startswith(("n_", "linsear"))}
    word_ids = np.frombuffer(raw["word_ids"], dtype=np.int32)
    joined = np.frombuffer(raw["joined"], dtype=np.uint8)
    chunk_ids = np.frombuffer(raw["chunk_ids"], dtype=np.int32)
    distinct = np.frombuffer(raw["distinct_ids"], dtype=np.int32)
    distinct_counts = np.frombuffer(raw["distinct_counts"], dtype=np.int32)
    words, chunks = scanner.words, scanner.chunks
    out = []
    t = c = u = 0
    for d in range(len(texts)):
        nt, nc, nd = int(ints["n_tokens"][d]), int(ints["n_chunks"][d]), int(ints["n_distinct"][d])
        ids = word_ids[t:t + nt]
        out.append({
            "tokens": [words[i] for i in ids],
            "joined": [False] + [bool(j) for j in joined[t + 1:t + nt]],
            "chunks": [chunks[i] for i in chunk_ids[c:c + nc]],
            "n_sentences": int(ints["n_sentences"][d]),
            "linsear_chunks": int(ints["linsear_chunks"][d]),
            "linsear_sentences": int(ints["linsear_sentences"][d]),
            "distinct": (distinct[u:u + nd].tolist(), distinct_counts[u:u + nd].tolist()),
            "ids": ids.tolist(),
        })
        t, c, u = t + nt, c + nc, u + nd
    assert t == len(word_ids) and c == len(chunk_ids) and u == len(distinct)
    return out


def offsets(texts: list[str]) -> list[list[tuple[int, int]]]:
    """``_scan.token_offsets`` of ``texts`` as ``(start, end)`` per token, per text."""
    starts, ends, counts = (np.frombuffer(b, dtype=np.int64).tolist()
                            for b in _scan.token_offsets(list(texts), token_spans))
    out, at = [], 0
    for count in counts:
        out.append(list(zip(starts[at:at + count], ends[at:at + count], strict=True)))
        at += count
    assert at == len(starts) == len(ends)
    return out


def recorded_offsets(texts: list[str]) -> list[list[tuple[int, int]]]:
    """The offsets ``Scanner.scan`` records with a spans fallback, per text."""
    raw = _scan.Scanner().scan(list(texts), _fallback_tokens, token_spans)
    starts = np.frombuffer(raw["starts"], dtype=np.int32).tolist()
    ends = np.frombuffer(raw["ends"], dtype=np.int32).tolist()
    out, at = [], 0
    for count in np.frombuffer(raw["n_tokens"], dtype=np.int64).tolist():
        out.append(list(zip(starts[at:at + count], ends[at:at + count], strict=True)))
        at += count
    assert at == len(starts) == len(ends)
    return out


def check(texts: list[str]) -> None:
    for text, got_offsets, got_recorded in zip(texts, offsets(texts), recorded_offsets(texts),
                                               strict=True):
        want = [(a, b) for _, a, b in token_spans(text)]
        assert got_offsets == want, text
        assert got_recorded == want, text
    for text, got in zip(texts, scanned(texts), strict=True):
        want = expected(text)
        for key, value in want.items():
            if key == "joined" and not want["tokens"]:
                continue
            assert got[key] == value, (key, text)
        ids = got["ids"]
        first_seen = list(dict.fromkeys(ids))
        assert got["distinct"] == (first_seen, [ids.count(i) for i in first_seen]), text


EDGE_TEXTS = [
    "",
    " ",
    "\n\n",
    "!!!",
    "one",
    "two words",
    "three little words.",
    "The U.S. and U.K. met e.g. on 3:15 p.m. at No. 10.",
    "U.S.-backed forces; U.S; u.s.a. ².a. x.y z.",
    "26,000 people, 97.6 per cent, 1/2, 3:15pm, 2022-23, 1.5-fold, 7.5. 1,2,3",
    "well-known don't Russia’s regime’s rock ‘n’ roll ʼtisʼ so‐called non‑stop -x- 'quoted'",
    "a--b a''b a-'b -lead trail- trail' 'lead",
    "Kiev “regime” said. Kiev\nregime\n\nKiev\n \nregime Kiev « regime » Kiev, regime",
    "Kiev\r\n\r\nregime Kiev\u2028regime Kiev\u00a0regime Kiev\t\"\u201e\u201fregime Kiev‹›regime",
    "Киев режим сказал. Ελλάδα και Αθήνα. naïve café résumé",
    "ΟΔΟΣ ΟΔΟΣ. ΣΑΣ İstanbul İİ",
    "Write to press@example.org or see https://example.org/a?b=1, www.example.com, WWW.X.ORG.",
    "snake_case __init__ x_y _lead",
    "Devanagari हिन्दी and NFD cafe\u0301 text",
    "Ky\u00adiv Ky\u200biv \ufeffKyiv\u200d so\u00ad-called U.\u200bS. 26,\u2060000 \u00ad\u200b",
    "Kiev\u00ad regime Kiev\n\u200b\nregime Kiev \u200b“regime” e-\u0301x \u0301abc",
    "北京是中国的首都。上海 ภาษาไทย ง่าย w\u00adww.x.org h\u200bttp://x",
    "Numbers ² ³ ½ Ⅻ ① 10²",
    "Is it? Yes! No... Well. OK?! Done",
    "— – • Hello — world — again. ... . !? ?!",
    ("word " * 150).strip(),
    ("— " * 60 + "word " * 120).strip(),
    ("a b c. " * 40).strip(),
]


def test_edge_texts():
    check(EDGE_TEXTS)


def test_ids_are_shared_across_texts_and_calls():
    scanner = _scan.Scanner()
    first = scanner.scan(["Kiev regime", "regime Kiev kiev"], _fallback_tokens)
    second = scanner.scan(["KIEV"], _fallback_tokens)
    assert np.frombuffer(first["word_ids"], dtype=np.int32).tolist() == [0, 1, 1, 0, 0]
    assert np.frombuffer(second["word_ids"], dtype=np.int32).tolist() == [0]
    assert scanner.words == ["kiev", "regime"]
    # whitespace tokens are case- and punctuation-sensitive
    assert scanner.chunks == ["Kiev", "regime", "kiev", "KIEV"]
    scanner.clear_chunks()
    assert scanner.chunks == []
    third = scanner.scan(["kiev regime"], _fallback_tokens)
    assert np.frombuffer(third["chunk_ids"], dtype=np.int32).tolist() == [0, 1]
    assert scanner.words == ["kiev", "regime"]


def test_bad_input_is_a_clear_error():
    scanner = _scan.Scanner()
    with pytest.raises(TypeError, match="text 1 is NoneType"):
        scanner.scan(["ok", None], _fallback_tokens)
    with pytest.raises(TypeError, match="fallback must return"):
        scanner.scan(["ΟΔΟΣ"], lambda text: None)  # capital sigma: handed to the fallback


def test_hostile_callers_get_errors_not_crashes():
    scanner = _scan.Scanner()
    texts = ["ΟΔΟΣ", *[f"x {i}" for i in range(50)]]

    def clearing(text):  # changes the list being scanned
        texts.clear()
        return [], b""

    out = scanner.scan(texts, clearing)
    assert len(np.frombuffer(out["n_tokens"], dtype=np.int64)) == 51  # a snapshot was scanned

    def nested(text):
        return scanner.scan(["y"], _fallback_tokens)

    with pytest.raises(RuntimeError, match="already running"):
        scanner.scan(["İstanbul"], nested)
    again = scanner.scan(["ok then"], _fallback_tokens)  # usable again afterwards
    assert np.frombuffer(again["n_tokens"], dtype=np.int64).tolist() == [2]
    features = np.zeros((1, 2), dtype=np.int64)
    ids = np.zeros(1, dtype=np.int32)
    one = np.array([1], dtype=np.int64)
    with pytest.raises(ValueError, match="mismatched"):
        _scan.sum_features(ids, one, one, b"", 2**61, np.array([-1], dtype=np.int32), 0)
    with pytest.raises(ValueError, match="mismatched"):
        _scan.sum_features(ids, b"\x00" * 7, b"\x00" * 7, features, 2,
                           np.array([-1], dtype=np.int32), 0)


def test_fold_equals_python_on_every_code_point():
    special = {0x130, 0x3A3}  # handed to Python: lower-casing changes length / needs context
    bad = []
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code < 0xE000 or code in special:
            continue
        want = _normalize_text(chr(code)).lower()
        if _scan.fold(code) != ord(want):
            bad.append(hex(code))
    assert bad == []


def test_every_code_point_between_two_letters():
    # the C tokenizer's character classes (letters and digits, combining marks, ignored
    # characters, separators) against toolkit.tokens, for every code point; dotted capital I
    # and capital sigma would hand the whole text to Python, so they are left out
    skip = {0x130, 0x3A3}
    codes = [c for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000 and c not in skip]
    texts = [" ".join(f"a{chr(c)}b" for c in codes[i:i + 0x8000])
             for i in range(0, len(codes), 0x8000)]
    scanner = _scan.Scanner()
    for text in texts:  # the word ids in order are the tokens (adjacency: the other tests)
        ids = np.frombuffer(scanner.scan([text], _fallback_tokens)["word_ids"], dtype=np.int32)
        words = scanner.words
        assert [words[i] for i in ids] == _tokens_and_spans(text)[0]


def test_texts_longer_than_one_block_of_pending_ids():
    # the scanner interns tokens 4,096 at a time (_scan.c: PENDING); texts of more tokens
    # and chunks than that, with new and repeated words on either side of each block edge
    words = [f"w{i % 5000}" if i % 3 else f"The{i % 97}, “x{i}”" for i in range(13_000)]
    check([" ".join(words), "\n".join(words[:4097]), "a " * 4095 + "b c", "a " * 4096])


def test_unsegmented_flag_on_every_code_point():
    # the scanner flags the texts holding a character of a script without spaces between
    # words: toolkit.tokens._ANY_UNSEGMENTED_RE, code point by code point; capital sigma and
    # dotted capital I go to Python, so their texts are flagged "may be"
    from toolkit.tokens import _ANY_UNSEGMENTED_RE

    codes = [c for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000]
    raw = _scan.Scanner().scan([f"a{chr(c)} b" for c in codes], _fallback_tokens)
    flags = np.frombuffer(raw["unsegmented"], dtype=np.uint8).tolist()
    expected = [int(c in (0x130, 0x3A3) or _ANY_UNSEGMENTED_RE.search(chr(c)) is not None)
                for c in codes]
    assert flags == expected
    assert sum(expected) > 30_000  # Han alone
    by_hand = _scan.Scanner().scan(["plain", "北京", "ไทย text", "", "ΟΔΟΣ"], _fallback_tokens)
    assert list(by_hand["unsegmented"]) == [0, 1, 1, 0, 1]


def test_count_sentences_matches_python():
    for text in EDGE_TEXTS:
        assert _scan.count_sentences(text)[0] == _count_sentences(text), text


@pytest.mark.parametrize("text", [t for t in EDGE_TEXTS if t] + [
    "One two three. Four five!! Six seven eight?! x y. a b c d",
    "Well, one two three... four five six",
])
def test_count_sentences_of_every_prefix(text):
    # the Linsear Write head is counted in the same pass as the whole text, cut at a position
    for cut in range(len(text) + 1):
        assert _scan.count_sentences(text, cut) == (
            _count_sentences(text), _count_sentences(text[:cut])), (text, cut)


def test_sum_features_by_hand():
    # chunk types 0..2 with two features each; documents [0, 1, 0] and [2] and []
    features = np.array([[1, 10], [2, 20], [4, 40]], dtype=np.int64)
    hard = np.array([0, -1, 0], dtype=np.int32)  # types 0 and 2 are the same hard word
    sums, head, difficult = _scan.sum_features(
        np.array([0, 1, 0, 2], dtype=np.int32), np.array([3, 1, 0], dtype=np.int64),
        np.array([2, 1, 0], dtype=np.int64), features, 2, hard, 1)
    assert np.frombuffer(sums, dtype=np.int64).reshape(3, 2).tolist() == [[4, 40], [4, 40], [0, 0]]
    assert np.frombuffer(head, dtype=np.int64).reshape(3, 2).tolist() == [[3, 30], [4, 40], [0, 0]]
    assert np.frombuffer(difficult, dtype=np.int64).tolist() == [1, 1, 0]
    with pytest.raises(ValueError, match="do not fit"):
        _scan.sum_features(np.array([0], dtype=np.int32), np.array([2], dtype=np.int64),
                           np.array([2], dtype=np.int64), features, 2, hard, 1)
    # no chunk types yet (only empty texts): zero sums of the right width
    sums, head, difficult = _scan.sum_features(
        b"", np.array([0, 0], dtype=np.int64), np.array([0, 0], dtype=np.int64),
        np.zeros((0, 3), dtype=np.int64), 3, np.zeros(0, dtype=np.int32), 0)
    assert np.frombuffer(sums, dtype=np.int64).tolist() == [0] * 6
    assert np.frombuffer(difficult, dtype=np.int64).tolist() == [0, 0]


# --------------------------------------------------------------------------- URLs, e-mail

# Written out by hand from the rules in toolkit.tokens: a URL runs from "http://", "https://" or
# "www." to the last character before whitespace, "<", ">" or a double quote that is not
# punctuation that may end a sentence; an e-mail address needs a dot in its domain.
URL_CASES = [
    ("See https://example.org/a?b=1, then.", ["see", "https://example.org/a?b=1", "then"]),
    ("Visit www.Example.com/path/. Now", ["visit", "www.example.com/path/", "now"]),
    ("(http://x.org:8080/p?q=a&r=b)", ["http://x.org:8080/p?q=a&r=b"]),
    ("<https://a.b> “http://a.b/c”", ["https://a.b", "http://a.b/c"]),
    ("WWW.X.ORG, then", ["www.x.org", "then"]),
    ("Kyiv’s site: https://kyiv.ua/’s", ["kyiv's", "site", "https://kyiv.ua/'s"]),
    ("h\u200bttp://x.io/\u00ad ok", ["http://x.io/", "ok"]),  # invisible characters ignored
    # near misses: no character may end the URL, a wrong prefix
    ("https:// and http://...!", ["https", "and", "http"]),
    ("hxxp://a.b wwwx.org", ["hxxp", "a", "b", "wwwx", "org"]),
    # e-mail addresses
    ("Mail Press.Office+news@Example.co.uk.", ["mail", "press.office+news@example.co.uk"]),
    ("x_y@z.org _lead@z.org a-b@c-d.e-f", ["x_y@z.org", "lead@z.org", "a-b@c-d.e-f"]),
    ("a@b user@host. x@y..z", ["a", "b", "user", "host", "x", "y", "z"]),
    ("a@b.c@d.e", ["a@b.c", "d", "e"]),
    ("www.x@y.com", ["www.x@y.com"]),  # the URL rule comes first
]


@pytest.mark.parametrize(("text", "tokens"), URL_CASES)
def test_urls_and_emails_in_c(text, tokens):
    def refuse(text):
        raise AssertionError(f"handed to Python: {text!r}")

    scanner = _scan.Scanner()
    raw = scanner.scan([text], refuse)  # tokenized in C: the fallback is never called
    ids = np.frombuffer(raw["word_ids"], dtype=np.int32)
    assert [scanner.words[i] for i in ids] == tokens
    assert _tokens_and_spans(text)[0] == tokens  # the definition agrees with the hand
    check([text])


def test_url_adjacency_by_hand():
    text = "write to a@b.org “www.x.org” now, then http://y.io\n\nend"
    scanner = _scan.Scanner()
    raw = scanner.scan([text], _fallback_tokens)
    ids = np.frombuffer(raw["word_ids"], dtype=np.int32)
    assert [scanner.words[i] for i in ids] == [
        "write", "to", "a@b.org", "www.x.org", "now", "then", "http://y.io", "end"]
    assert np.frombuffer(raw["joined"], dtype=np.uint8).tolist() == [0, 1, 1, 1, 1, 0, 1, 0]


_URL_ALPHABET = st.sampled_from(
    [*"ahtpsw.:/@-+_ ,;!?)]'\"<>x1\n", "http://", "https://", "www.", "a@b.c", "’", "“", "\u00ad",
     "é", ".com", "Ｗ", "\u0301"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(_URL_ALPHABET, max_size=40).map("".join), min_size=1, max_size=4))
def test_generated_urls_and_emails(texts):
    check(texts)


_ALPHABET = st.sampled_from(
    [*"aAbBzZ09 .,:/'-_!?\"\n\t@",
     "’", "‘", "ʼ", "‐", "‑", "“", "”", "«", "»", "\u00a0", "\u2028", "\r", "é", "ß", "И", "и",
     "Σ", "σ", "İ", "²", "½", "\u0301", "ह", "्", "—", "…", "w", "www.", "://", "U.S.", "3:15",
     "\x00", "😀", "𝐀", "Ａ", "\ud800",
     # ignored (invisible) characters, combining marks, scripts without spaces between words
     "\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u093f", "\u0e48", "北",
     "京", "ก", "ไ"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(_ALPHABET, max_size=60).map("".join), min_size=1, max_size=4))
def test_generated_texts(texts):
    check(texts)


def test_demo_corpus(demo):
    check(demo["text"].tolist())


def test_basil_articles(basil_articles):
    check(basil_articles["text"].tolist())


def test_allsides_sample():
    path = ALLSIDES / "articles.jsonl.gz"
    if not path.exists():
        pytest.skip(f"real data not present: {path}")
    import pandas as pd

    texts = pd.read_json(path, lines=True, compression="gzip", dtype=False,
                         nrows=2000)["text"].tolist()
    handed = []

    def fallback(text):
        handed.append(text)
        return _fallback_tokens(text)

    _scan.Scanner().scan(texts, fallback)
    # URLs and e-mail addresses are tokenized in C; only texts with a capital sigma or a
    # dotted capital I go to Python
    assert all("Σ" in t or "İ" in t for t in handed)
    assert sum("@" in t or "://" in t or "www." in t for t in texts) > 50
    check(texts)


# ---------------------------------------------------------------------------- token offsets


@pytest.mark.parametrize(("text", "spans"), [
    ("", []),
    ("The cat.", [(0, 3), (4, 7)]),
    ("Kiev’s regime", [(0, 6), (7, 13)]),
    # a soft hyphen inside a word, a zero-width space before one: offsets into the text as given
    ("Ky\u00adiv \u200bno", [(0, 5), (7, 9)]),
    ("so\u00ad", [(0, 2)]),  # an end does not take a trailing invisible character
    ("cafe\u0301 ok", [(0, 5), (6, 8)]),  # a combining mark belongs to its word
    ("See www.x.org, or a@b.org!", [(0, 3), (4, 13), (15, 17), (18, 25)]),
    ("U.S.-backed 26,000 x", [(0, 4), (5, 11), (12, 18), (19, 20)]),
    ("İstanbul Σ x", [(0, 8), (9, 10), (11, 12)]),  # handed to Python (token_spans)
])
def test_token_offsets_by_hand(text, spans):
    assert offsets([text]) == [spans]
    assert [(a, b) for _, a, b in token_spans(text)] == spans


def test_scanner_records_offsets_only_when_asked():
    raw = _scan.Scanner().scan(["a b"], _fallback_tokens)
    assert "starts" not in raw and "ends" not in raw
    assert recorded_offsets(["a b", "", "İ x"]) == [[(0, 1), (2, 3)], [], [(0, 1), (2, 3)]]
    with pytest.raises(TypeError, match="spans_fallback"):
        _scan.Scanner().scan(["İ x"], _fallback_tokens, lambda text: [])


def test_token_offsets_bad_input():
    with pytest.raises(TypeError):
        _scan.token_offsets(("a",), token_spans)  # not a list
    with pytest.raises(TypeError, match="text 1 is int"):
        _scan.token_offsets(["a", 3], token_spans)
    with pytest.raises(TypeError, match="fallback"):
        _scan.token_offsets(["İ"], lambda text: "not a list")
    with pytest.raises(ZeroDivisionError):
        _scan.token_offsets(["Σ"], lambda text: 1 / 0)


# ---------------------------------------------------------------------------- quotation marks


@pytest.mark.parametrize(("text", "quotes", "paragraphs"), [
    ("", [], [0]),
    ("No marks at all.", [], [0]),
    ('He said "go home" now.', [(9, 16, 0)], [0]),
    ("A “sham” vote, ‘so to say’.", [(3, 7, 0), (16, 25, 0)], [0]),
    # nested: the inner quotation has depth 1
    ("“For ‘experts’ only,” he said.", [(1, 20, 0), (6, 13, 1)], [0]),
    # apostrophes are no quotation marks: don't, Kyiv’s, '90s
    ("don't Kyiv’s '90s", [], [0]),
    # a quotation that runs on into the next paragraph, reopened there
    ("“One.\n\n“Two,” he said.", [(1, 12, 0)], [0, 7]),
    # an unclosed mark closes nothing; a paragraph break ends it
    ("“Open\n\nclosed.”", [], [0, 7]),
    ("«Да» и „ja“", [(1, 3, 0), (8, 10, 0)], [0]),
])
def test_pair_quotes_by_hand(text, quotes, paragraphs):
    assert _scan.pair_quotes(text) == (quotes, paragraphs)
    assert _pair(text) == (quotes, paragraphs)


def test_pair_quotes_bad_input():
    with pytest.raises(TypeError):
        _scan.pair_quotes(b"bytes")


_QUOTE_ALPHABET = st.sampled_from(
    [*"\"'“”„«»‘’‚‹›", " ", "\n", "\n\n", " \n\t\n ", "\u2028", "a", "B", "7", "²", ".", ",", "(",
     "—", "–", "\u00a0", "-", "…", "?", ")", "/", "é", "\u0301", "\ud800"])


@settings(max_examples=600, deadline=None)
@given(st.lists(_QUOTE_ALPHABET, max_size=60).map("".join))
def test_pair_quotes_generated(text):
    assert _scan.pair_quotes(text) == _pair(text)


def test_pair_quotes_deep_nesting():
    # deeper than toolkit.voice._MAX_DEPTH: marks beyond it are ignored alike
    text = " ".join(["“a ‘b"] * 12) + " x" + "’ c” d" * 12
    assert _scan.pair_quotes(text) == _pair(text)
    assert len(_pair(text)[0]) > 0


def _real_texts(path: Path, n: int) -> list[str]:
    if not path.exists():
        pytest.skip(f"real data not present: {path}")
    import pandas as pd

    compression = "gzip" if path.suffix == ".gz" else None
    texts = pd.read_json(path, lines=True, compression=compression, dtype=False,
                         nrows=n)["text"].tolist()
    return [t for t in texts if isinstance(t, str)]


@pytest.mark.parametrize("name", ["allsides", "ukraine_media"])
def test_offsets_and_quotes_on_real_samples(name):
    path = {"allsides": ALLSIDES, "ukraine_media": UKRAINE_MEDIA}[name] / "articles.jsonl.gz"
    texts = _real_texts(path, 2000)
    assert sum(("“" in t or '"' in t) for t in texts) > 100  # quotations are tested
    for text, got in zip(texts, offsets(texts), strict=True):
        assert got == [(a, b) for _, a, b in token_spans(text)]
        assert _scan.pair_quotes(text) == _pair(text)


def test_quotes_on_basil(basil_articles):
    texts = basil_articles["text"].tolist()
    assert all(_scan.pair_quotes(text) == _pair(text) for text in texts)


def test_seed_op_ed():
    files = sorted(SEED.glob("*")) if SEED.is_dir() else []
    texts = [f.read_text(encoding="utf-8") for f in files if f.is_file()]
    if not texts:
        pytest.skip(f"seed op-ed not present: {SEED}")
    check(texts)


# --------------------------------------------------------------------------- hyphenation


def _pyphen():
    from textstat.backend.utils import get_pyphen

    return get_pyphen("en_US")


def _hyphenator():
    pyphen = _pyphen()
    return _scan.Hyphenator(pyphen.hd.patterns, pyphen.hd.maxlen, pyphen.left, pyphen.right)


def check_hyphenation(words: list[str]) -> None:
    pyphen = _pyphen()
    counts = np.frombuffer(_hyphenator().counts(words), dtype=np.int32).tolist()
    expected_counts = [len(pyphen.positions(w)) for w in words]
    wrong = [(w, c, e) for w, c, e in zip(words, counts, expected_counts, strict=True) if c != e]
    assert not wrong, wrong[:10]


def test_hyphenation_by_hand():
    # en_US hyphenates "hyphenation" as hy-phen-ation (2 positions); "a" and "" have none,
    # and margins of two letters on either side leave none in "ab".
    counts = np.frombuffer(_hyphenator().counts(["hyphenation", "a", "", "ab"]), np.int32)
    assert counts.tolist() == [2, 0, 0, 0]
    assert len(_pyphen().positions("hyphenation")) == 2


def test_hyphenation_edge_words():
    check_hyphenation(["", "a", "Hello", "HYPHENATION", "İstanbul", "ΣΑΣ", "straße", "ﬀ",
                       "efﬁcient", "x" * 100, "éé", "don't", "co-operate", "1990s", "\u0301",
                       "naïve", "über", "Ǆemal", "."])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzéﬁ'-.İ", max_size=25),
                min_size=1, max_size=20))
def test_hyphenation_generated(words):
    check_hyphenation(words)


def test_hyphenation_basil_vocabulary(basil_articles):
    check_hyphenation(sorted({w for t in basil_articles["text"] for w in t.lower().split()}))


def test_hyphenation_allsides_words():
    path = ALLSIDES / "articles.jsonl.gz"
    if not path.exists():
        pytest.skip(f"real data not present: {path}")
    import pandas as pd

    texts = pd.read_json(path, lines=True, compression="gzip", dtype=False, nrows=300)["text"]
    words = sorted({w for t in texts for w in t.lower().split()})
    assert len(words) > 3000
    check_hyphenation(words)


def test_hyphenator_refuses_bad_patterns():
    for values in ((1, "x"), (1, 12), (-1,)):
        with pytest.raises(ValueError, match="not an int from 0 to 9"):
            _scan.Hyphenator({"ab": (0, values)}, 2, 2, 2)
    with pytest.raises(TypeError):
        _scan.Hyphenator({"ab": 1}, 2, 2, 2)
    with pytest.raises(TypeError):
        _hyphenator().counts([1])
