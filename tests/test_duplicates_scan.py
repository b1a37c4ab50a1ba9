"""find_duplicates on the shared scan: hand-made texts with the pairs and similarities written out,
the vectorised steps against values worked out by hand, and results that do not depend on the
chunking, the threads, the kernel that scanned the corpus, or the other documents of the corpus."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import toolkit
from toolkit import analysis, duplicates
from toolkit.tokens import tokenize

# 40 distinct words: 36 five-token shingles
BASE = ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november "
        "oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu one two "
        "three four five six seven eight nine ten eleven twelve thirteen fourteen")
WORDS = BASE.split()


def _corpus(texts, *, ids=None, outlets=None, dates=None):
    n = len(texts)
    return pd.DataFrame({
        "doc_id": ids or [f"d{i}" for i in range(n)],
        "outlet": outlets or ["O"] * n,
        "date": dates or [None] * n,
        "text": texts,
    })


def _changed(positions, words=WORDS):
    copy = list(words)
    for p in positions:
        copy[p] = f"changed{p}"
    return " ".join(copy)


def _pair_list(pairs):
    return pairs[["doc_id_a", "doc_id_b"]].values.tolist()


# --- hand-made texts -----------------------------------------------------------------------

def test_two_distant_changes_give_the_hand_computed_jaccard():
    # positions 5 and 30 are 25 apart: each touches 5 shingles, 10 in all; 26 of 36 shared
    corpus = _corpus([BASE, _changed([5, 30])])
    pairs, clusters = toolkit.find_duplicates(corpus, threshold=0.5)
    assert _pair_list(pairs) == [["d0", "d1"]]
    assert pairs["similarity"].iloc[0] == pytest.approx(26 / 46)
    assert pairs["containment"].iloc[0] == pytest.approx(26 / 36)
    assert clusters["doc_id"].tolist() == ["d0", "d1"]
    # below the default threshold: nothing reported, no cluster
    pairs, clusters = toolkit.find_duplicates(corpus)
    assert pairs.empty and clusters.empty


def test_two_adjacent_changes_touch_six_shingles():
    # positions 20 and 21: shingles starting at 16..21 hold one of them; 30 of 36 shared
    pairs, _ = toolkit.find_duplicates(_corpus([BASE, _changed([20, 21])]), threshold=0.7)
    assert pairs["similarity"].iloc[0] == pytest.approx(30 / 42)
    assert not pairs["exact"].iloc[0]


def test_a_change_in_the_first_word_touches_one_shingle():
    # only the shingle starting at 0 holds position 0: 35 of 36 shared
    pairs, _ = toolkit.find_duplicates(_corpus([BASE, _changed([0])]))
    assert pairs["similarity"].iloc[0] == pytest.approx(35 / 37)
    assert pairs["containment"].iloc[0] == pytest.approx(35 / 36)


def test_wire_copy_under_other_ids_and_outlets():
    story = ("Troops crossed the river at dawn on Monday and took the bridge, officials said, "
             "after a night of shelling that damaged the railway station.")
    corpus = _corpus([story, "A local bakery won a prize for its rye bread this week.",
                      story.upper() + " (Reuters)"],
                     ids=["reuters-0417", "gazette-12", "fox-77"],
                     outlets=["Reuters", "Gazette", "Fox"],
                     dates=["2022-03-01", "2022-03-01", "2022-03-02"])
    pairs, clusters = toolkit.find_duplicates(corpus)
    # the story has 24 tokens (20 shingles); the copy adds one ("reuters") at the end, so it
    # has the same 20 shingles and one more
    assert _pair_list(pairs) == [["reuters-0417", "fox-77"]]
    row = pairs.iloc[0]
    assert (row["outlet_a"], row["outlet_b"]) == ("Reuters", "Fox")
    assert row["similarity"] == pytest.approx(20 / 21)
    assert row["containment"] == pytest.approx(1.0)
    assert not row["exact"]
    assert clusters["n_outlets"].tolist() == [2, 2]
    kept, log = toolkit.drop_duplicates(corpus)
    assert kept["doc_id"].tolist() == ["reuters-0417", "gazette-12"]
    assert log[["doc_id", "kept_doc_id", "kept_outlet"]].values.tolist() == [
        ["fox-77", "reuters-0417", "Reuters"]]


def test_every_exact_copy_is_paired_with_the_first_copy():
    text = "The same wire story, printed word for word by four papers on one morning."
    corpus = _corpus([text, "Other news.", text, text.replace(",", ";"), "More other news here."])
    pairs, clusters = toolkit.find_duplicates(corpus)
    assert _pair_list(pairs) == [["d0", "d2"], ["d0", "d3"]]
    assert pairs["exact"].tolist() == [True, True]
    assert pairs["similarity"].tolist() == [1.0, 1.0]
    assert clusters["doc_id"].tolist() == ["d0", "d2", "d3"]
    assert clusters["cluster_size"].tolist() == [3, 3, 3]
    assert clusters["n_tokens"].tolist() == [14, 14, 14]


def test_same_shingles_in_another_order_are_not_exact_copies():
    # one-word shingles: both texts have the set {x, y, z}, the same length, the same sketch;
    # the token-by-token check tells them apart
    corpus = _corpus(["x y z", "z y x", "x y z"])
    pairs, _ = toolkit.find_duplicates(corpus, shingle_size=1)
    assert pairs[["doc_id_a", "doc_id_b", "similarity", "exact"]].values.tolist() == [
        ["d0", "d1", 1.0, False], ["d0", "d2", 1.0, True]]


def test_empty_short_and_punctuation_only_documents():
    corpus = _corpus(["", "!!! ...", "Kyiv", "KYIV!", "Kyiv said", "kyiv said", "said Kyiv",
                      "one two three four", "one two three four five"])
    pairs, clusters = toolkit.find_duplicates(corpus)
    # texts without tokens are never paired; a text shorter than 5 tokens is one shingle of all
    # its tokens, so only identical short token sequences meet
    assert _pair_list(pairs) == [["d2", "d3"], ["d4", "d5"]]
    assert pairs["exact"].all()
    assert clusters["n_tokens"].tolist() == [1, 1, 2, 2]


def test_no_document_has_tokens():
    pairs, clusters = toolkit.find_duplicates(_corpus(["", "...", "  "]))
    assert pairs.empty and clusters.empty
    kept, log = toolkit.drop_duplicates(_corpus(["", "..."]))
    assert len(kept) == 2 and log.empty


def test_reported_similarities_are_the_exact_jaccard():
    rng = random.Random(3)
    vocabulary = [f"v{i}" for i in range(400)]
    texts = []
    for _ in range(40):
        source = [rng.choice(vocabulary) for _ in range(rng.randint(3, 120))]
        texts.append(" ".join(source))
        for _ in range(rng.randint(0, 2)):
            copy = source.copy()
            for _ in range(rng.randint(0, 3)):
                copy[rng.randrange(len(copy))] = rng.choice(vocabulary)
            texts.append(" ".join(copy))
    corpus = _corpus(texts)
    pairs, _ = toolkit.find_duplicates(corpus, threshold=0.5, shingle_size=3)
    assert len(pairs) > 20
    position = {doc_id: i for i, doc_id in enumerate(corpus["doc_id"])}

    def shingle_set(text):
        tokens = tokenize(text)
        if len(tokens) < 3:
            return {tuple(tokens)}
        return {tuple(tokens[i:i + 3]) for i in range(len(tokens) - 2)}

    for row in pairs.itertuples():
        a = shingle_set(texts[position[row.doc_id_a]])
        b = shingle_set(texts[position[row.doc_id_b]])
        assert row.similarity == pytest.approx(len(a & b) / len(a | b))
        assert row.containment == pytest.approx(len(a & b) / min(len(a), len(b)))
        assert row.exact == (tokenize(texts[position[row.doc_id_a]])
                             == tokenize(texts[position[row.doc_id_b]]))


# --- what the results do not depend on -----------------------------------------------------

def _mixed_corpus():
    rng = random.Random(9)
    vocabulary = [f"w{i}" for i in range(800)] + ["www.example.org", "me@example.org"]
    texts = [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 90)))
             for _ in range(300)]
    texts[150] = texts[7]  # an exact copy
    texts[299] = texts[40] + " w1"  # a near copy
    texts[200] = "see https://example.org/x " + texts[60]  # URLs: the scanner's other path
    return _corpus(texts)


def test_chunks_and_threads_do_not_change_the_result(monkeypatch):
    corpus = _mixed_corpus()
    expected = toolkit.find_duplicates(corpus, threshold=0.6)
    assert {("d7", "d150"), ("d40", "d299"), ("d60", "d200")} <= set(
        map(tuple, _pair_list(expected[0])))
    monkeypatch.setattr(duplicates, "_CHUNK_TOKENS", 97)  # documents cut across many chunks
    for n_jobs in (1, 2):
        found = toolkit.find_duplicates(corpus, threshold=0.6, n_jobs=n_jobs)
        pd.testing.assert_frame_equal(found[0], expected[0])
        pd.testing.assert_frame_equal(found[1], expected[1])


def test_python_scan_gives_the_same_result(monkeypatch):
    corpus = _mixed_corpus()
    expected = toolkit.find_duplicates(corpus, threshold=0.6)
    monkeypatch.setattr(analysis, "_load_kernel", lambda: None)
    assert toolkit.scan(corpus).kernel == "python"
    found = toolkit.find_duplicates(corpus, threshold=0.6)
    pd.testing.assert_frame_equal(found[0], expected[0])
    pd.testing.assert_frame_equal(found[1], expected[1])


def test_a_cached_scan_is_reused(monkeypatch):
    corpus = _mixed_corpus()
    toolkit.scan(toolkit.validate_corpus(corpus))
    calls = []
    original = duplicates.scan

    def counting_scan(table):
        found = original(table)
        calls.append(found)
        return found

    monkeypatch.setattr(duplicates, "scan", counting_scan)
    toolkit.find_duplicates(corpus)
    assert calls == [toolkit.scan(toolkit.validate_corpus(corpus))]  # the same object


def test_estimates_do_not_depend_on_the_other_documents():
    # word types are hashed from their text, not from their ids in the scan, so a pair's
    # sketches (and estimate) are the same alone and after 50 other documents
    pair = [BASE, _changed([3, 33])]
    rng = random.Random(1)
    others = [" ".join(rng.choice(["red", "green", "blue", "fox", "one"]) for _ in range(30))
              for _ in range(50)]
    alone, _ = toolkit.find_duplicates(_corpus(pair), threshold=0.5)
    among, _ = toolkit.find_duplicates(_corpus(others + pair), threshold=0.5)
    among = among[among["doc_id_a"] == "d50"]
    assert _pair_list(among) == [["d50", "d51"]]
    assert among["estimated_similarity"].iloc[0] == alone["estimated_similarity"].iloc[0]
    # position 3 is in the 4 shingles starting at 0..3, position 33 in the 5 starting at
    # 29..33: 27 of 36 shared
    assert among["similarity"].iloc[0] == pytest.approx(27 / 45)


# --- the vectorised steps, by hand ---------------------------------------------------------

def test_ranges_and_pairs_in_runs():
    assert duplicates._ranges(np.array([5, 0, 9]), np.array([2, 0, 3])).tolist() == [
        5, 6, 9, 10, 11]
    order = np.array([5, 3, 9, 1, 7])
    a, b = duplicates._pairs_in_runs(order, np.array([0, 3]), np.array([3, 5]))
    assert list(zip(a.tolist(), b.tolist(), strict=True)) == [(5, 3), (5, 9), (3, 9), (1, 7)]
    order, starts, ends = duplicates._runs(np.array([4, 2, 4, 7, 2, 4], dtype=np.uint64))
    runs = [sorted(order[s:e].tolist()) for s, e in zip(starts, ends, strict=True)]
    assert runs == [[1, 4], [0, 2, 5]]


def test_shingles_of_concatenated_documents():
    shingler = duplicates._Shingler(3)
    hashes = np.array([1, 2, 3, 4, 10, 20, 7, 8, 9], dtype=np.uint64)
    # documents of 4, 2, 0 and 3 tokens: shingles (1,2,3) (2,3,4) | (10,20) whole | - | (7,8,9)
    values, docs = shingler.shingles(hashes, np.array([4, 2, 0, 3]))
    g = int(duplicates._GOLDEN)
    mask = (1 << 64) - 1

    def combine(*parts):
        value = 0
        for part in parts:
            value = (value * g + part) & mask
        return value

    raw = np.array([combine(1, 2, 3), combine(2, 3, 4), combine(7, 8, 9), combine(10, 20)],
                   dtype=np.uint64)
    assert docs.tolist() == [0, 0, 3, 1]
    assert values.tolist() == duplicates._mix(raw).tolist()


def test_sketch_densifies_from_the_next_bin_to_the_right():
    # 16 bins: the top 4 bits of a value pick its bin, the low 50 bits are kept
    def value(bin_, rest):
        return (bin_ << 60) | rest

    values = np.array([value(3, 70), value(3, 50), value(12, 9), value(5, 1)], dtype=np.uint64)
    docs = np.array([0, 0, 0, 1])
    sketch = duplicates._sketch(values, docs, 3, 16)
    step = 1 << 50
    expected = []
    for j in range(16):
        if j == 3:
            expected.append(50)
        elif j == 12:
            expected.append(9)
        elif j < 3:
            expected.append(50 + (3 - j) * step)
        elif j < 12:
            expected.append(9 + (12 - j) * step)
        else:  # wraps round to bin 3
            expected.append(50 + (16 + 3 - j) * step)
    assert sketch[0].tolist() == expected
    assert sketch[1].tolist() == [1 + ((5 - j) % 16) * step for j in range(16)]
    assert (sketch[2] == duplicates._EMPTY).all()  # no shingles: left empty


# --- the real corpora: the figures the README states -----------------------------------------

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
LABELS = Path(__file__).parent / "data" / "duplicate_pairs_labels.csv"


@pytest.mark.parametrize(("name", "n_pairs", "n_exact", "n_clusters"), [
    ("allsides", 12, 3, 12), ("ukraine_media", 74, 64, 13)])
def test_real_corpora_give_the_documented_pairs(name, n_pairs, n_exact, n_clusters):
    path = SHARED_DATA / name / "articles.jsonl.gz"
    if not path.exists():
        pytest.skip(f"real data not present: {path}")
    corpus = pd.read_json(path, lines=True, dtype={"doc_id": str})
    pairs, clusters = toolkit.find_duplicates(corpus, progress=False)
    assert (len(pairs), int(pairs["exact"].sum()), clusters["cluster"].nunique()) == (
        n_pairs, n_exact, n_clusters)
    # every hand-labelled pair of this corpus at >= 0.8 is found, with its labelled similarity
    labels = pd.read_csv(LABELS, dtype={"doc_id_a": str, "doc_id_b": str})
    labels = labels[(labels["corpus"] == name) & (labels["similarity"] >= 0.8)]
    found = pairs.set_index(["doc_id_a", "doc_id_b"])["similarity"]
    for row in labels.itertuples():
        assert found[(row.doc_id_a, row.doc_id_b)] == pytest.approx(row.similarity, abs=1e-6)
