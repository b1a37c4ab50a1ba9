"""find_duplicates / drop_duplicates: hand-computed Jaccard values, LSH against brute force, and
the hand-labelled pairs of the real corpora."""

from __future__ import annotations

import random
from itertools import combinations
from pathlib import Path

import pandas as pd
import pytest

import toolkit
from toolkit.tokens import tokenize

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"

LABELS = Path(__file__).parent / "data" / "duplicate_pairs_labels.csv"

# 40 distinct words: 36 five-token shingles
BASE = ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november "
        "oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu one two "
        "three four five six seven eight nine ten eleven twelve thirteen fourteen")


def _corpus(texts, dates=None, outlets=None):
    n = len(texts)
    return pd.DataFrame({
        "doc_id": [f"d{i}" for i in range(n)],
        "outlet": outlets or [f"O{i % 3}" for i in range(n)],
        "date": dates or [None] * n,
        "text": texts,
    })


def test_exact_copies_differ_only_in_case_and_punctuation():
    corpus = _corpus(["Troops crossed the river at dawn.", "TROOPS crossed the river, at dawn!",
                      "Something else entirely happened here today."])
    pairs, clusters = toolkit.find_duplicates(corpus)
    assert pairs[["doc_id_a", "doc_id_b", "similarity", "exact"]].values.tolist() == [
        ["d0", "d1", 1.0, True]]
    assert clusters["doc_id"].tolist() == ["d0", "d1"]
    assert clusters["cluster_size"].tolist() == [2, 2]


def test_one_changed_word_gives_the_hand_computed_jaccard():
    words = BASE.split()
    changed = words.copy()
    changed[20] = "CHANGED"  # touches the 5 shingles that contain position 20
    corpus = _corpus([BASE, " ".join(changed)])
    # 36 shingles each, 31 shared: 31 / (36 + 36 - 31) = 31 / 41
    pairs, _ = toolkit.find_duplicates(corpus, threshold=0.7)
    assert len(pairs) == 1
    assert pairs["similarity"].iloc[0] == pytest.approx(31 / 41)
    assert pairs["containment"].iloc[0] == pytest.approx(31 / 36)
    assert not pairs["exact"].iloc[0]
    assert abs(pairs["estimated_similarity"].iloc[0] - 31 / 41) < 0.2
    assert toolkit.find_duplicates(corpus, threshold=0.8)[0].empty


def test_a_cut_version_is_contained():
    half = " ".join(BASE.split()[:20])  # 16 shingles, all in BASE's 36
    pairs, _ = toolkit.find_duplicates(_corpus([BASE, half]), threshold=0.4)
    assert pairs["similarity"].iloc[0] == pytest.approx(16 / 36)
    assert pairs["containment"].iloc[0] == pytest.approx(1.0)


def test_short_and_empty_documents():
    corpus = _corpus(["Kyiv", "kyiv.", "", "", "Kyiv said"])
    pairs, _ = toolkit.find_duplicates(corpus)
    # two one-token texts are the same one shingle; empty texts are never duplicates
    assert pairs[["doc_id_a", "doc_id_b"]].values.tolist() == [["d0", "d1"]]


def test_chained_cluster_and_drop_log():
    words = BASE.split()
    b = words.copy()
    b[10] = "x1"
    c = b.copy()
    c[30] = "x2"
    # A~B and B~C: 31/41 each; A~C: 26 shared of 36 -> 26 / 46
    corpus = _corpus([" ".join(words), " ".join(b), " ".join(c)],
                     dates=["2022-01-03", "2022-01-01", "2022-01-02"])
    pairs, clusters = toolkit.find_duplicates(corpus, threshold=0.7)
    assert pairs[["doc_id_a", "doc_id_b"]].values.tolist() == [["d0", "d1"], ["d1", "d2"]]
    assert clusters["cluster"].tolist() == [0, 0, 0]
    kept, log = toolkit.drop_duplicates(corpus, threshold=0.7)  # keep="earliest": d1
    assert kept["doc_id"].tolist() == ["d1"]
    assert log.set_index("doc_id")["similarity"].to_dict() == pytest.approx(
        {"d0": 31 / 41, "d2": 31 / 41})
    assert set(log["kept_doc_id"]) == {"d1"}
    kept, log = toolkit.drop_duplicates(corpus, threshold=0.7, keep="first")
    assert kept["doc_id"].tolist() == ["d0"]
    assert log.set_index("doc_id")["similarity"].to_dict() == pytest.approx(
        {"d1": 31 / 41, "d2": 26 / 46})


def test_keep_earliest_puts_missing_dates_last():
    corpus = _corpus(["Same words in every copy of this text here."] * 3,
                     dates=[None, "2022-05-01", "2022-04-01"])
    kept, log = toolkit.drop_duplicates(corpus)
    assert kept["doc_id"].tolist() == ["d2"]
    assert log["doc_id"].tolist() == ["d0", "d1"]
    assert log["exact"].all()


def test_input_is_not_modified_and_order_does_not_matter():
    rng = random.Random(7)
    texts = [" ".join(rng.choice(BASE.split()) for _ in range(60)) for _ in range(30)]
    texts += [t.replace("alpha", "omega", 1) for t in texts[:10]]
    corpus = _corpus(texts)
    before = corpus.copy()
    pairs, _ = toolkit.find_duplicates(corpus, threshold=0.5)
    pd.testing.assert_frame_equal(corpus, before)
    reversed_pairs, _ = toolkit.find_duplicates(corpus.iloc[::-1], threshold=0.5)
    as_set = {frozenset(p) for p in pairs[["doc_id_a", "doc_id_b"]].values.tolist()}
    assert as_set == {frozenset(p) for p in
                      reversed_pairs[["doc_id_a", "doc_id_b"]].values.tolist()}


def _brute_force(texts, threshold, k=5):
    sets = []
    for text in texts:
        tokens = tokenize(text)
        sets.append({tuple(tokens[i:i + k]) for i in range(len(tokens) - k + 1)}
                    if len(tokens) >= k else {tuple(tokens)})
    found = set()
    for i, j in combinations(range(len(texts)), 2):
        jaccard = len(sets[i] & sets[j]) / len(sets[i] | sets[j])
        if jaccard >= threshold:
            found.add((f"d{i}", f"d{j}"))
    return found


def test_lsh_finds_what_brute_force_finds():
    rng = random.Random(11)
    vocabulary = [f"w{i}" for i in range(3000)]
    originals = [[rng.choice(vocabulary) for _ in range(rng.randint(40, 300))] for _ in range(150)]
    texts = [" ".join(t) for t in originals]
    for source in originals[:60]:  # edited copies: a few words replaced or dropped
        copy = source.copy()
        for _ in range(rng.randint(0, 4)):
            copy[rng.randrange(len(copy))] = rng.choice(vocabulary)
        if rng.random() < 0.5:
            del copy[rng.randrange(len(copy))]
        texts.append(" ".join(copy))
    expected = _brute_force(texts, 0.8)
    assert len(expected) > 30  # the test has pairs to find
    pairs, _ = toolkit.find_duplicates(_corpus(texts), threshold=0.8)
    assert set(map(tuple, pairs[["doc_id_a", "doc_id_b"]].values.tolist())) == expected


def test_threads_give_the_same_result():
    rng = random.Random(5)
    vocabulary = [f"w{i}" for i in range(500)]
    texts = [" ".join(rng.choice(vocabulary) for _ in range(30)) for _ in range(2100)]
    texts[2050] = texts[3]  # an exact copy in another batch of 1,000
    texts[1500] = texts[10].replace("w", "v", 1)  # a near copy in another batch
    corpus = _corpus(texts)
    one = toolkit.find_duplicates(corpus, threshold=0.8)
    two = toolkit.find_duplicates(corpus, threshold=0.8, n_jobs=2)
    pd.testing.assert_frame_equal(one[0], two[0])
    pd.testing.assert_frame_equal(one[1], two[1])
    assert {("d3", "d2050"), ("d10", "d1500")} <= set(map(tuple, one[0][["doc_id_a", "doc_id_b"]]
                                                          .values.tolist()))


@pytest.mark.parametrize("options", [{"threshold": 0}, {"threshold": 1.5}, {"shingle_size": 0},
                                     {"num_perm": 100}, {"n_jobs": 0}])
def test_bad_options(options):
    with pytest.raises(ValueError):
        toolkit.find_duplicates(_corpus(["a b c"]), **options)


def test_bad_keep():
    with pytest.raises(ValueError, match="keep"):
        toolkit.drop_duplicates(_corpus(["a b c"]), keep="last")


def test_duplicate_summary_and_describe_corpus():
    corpus = _corpus(["Same words in every copy of this text here."] * 3 + ["Other words."],
                     dates=["2022-01-05", "2022-01-01", "2022-03-01", "2022-02-01"],
                     outlets=["A", "A", "B", "B"])
    summary = toolkit.duplicate_summary(corpus)
    assert summary.to_dict("list") == {"outlet": ["A", "B"], "n_docs": [2, 2],
                                       "n_in_clusters": [2, 1], "n_duplicates": [1, 1]}
    described = toolkit.describe_corpus(corpus)
    assert described["n_duplicates"].tolist() == [1, 1]
    assert described["n_months"].tolist() == [1, 2]
    assert "n_duplicates" not in toolkit.describe_corpus(corpus, duplicates=False)


# --- the hand-labelled pairs of the real corpora -------------------------------------------

# precision at the default threshold (0.8) over the labelled pairs, measured 2026-11-25
# (README "Duplicates"): same article (duplicate or update) / same text (template included)
DOCUMENTED = {"same_article": 0.75, "same_text": 0.96, "allsides": 1.0}


def _labels() -> pd.DataFrame:
    return pd.read_csv(LABELS, dtype={"doc_id_a": str, "doc_id_b": str})


def test_label_file_is_complete_and_has_no_text():
    labels = _labels()
    assert len(labels) == 50
    assert set(labels["label"]) <= {"duplicate", "update", "template", "different"}
    assert list(labels.columns) == ["corpus", "doc_id_a", "doc_id_b", "similarity", "exact",
                                    "label", "note"]
    assert labels["note"].str.len().max() < 120


def test_precision_on_the_labelled_pairs_is_at_least_the_documented_figure():
    labels = _labels()
    at_default = labels[labels["similarity"] >= 0.8]
    same_article = at_default["label"].isin(["duplicate", "update"]).mean()
    same_text = at_default["label"].isin(["duplicate", "update", "template"]).mean()
    allsides = at_default.loc[at_default["corpus"] == "allsides", "label"].isin(
        ["duplicate", "update"]).mean()
    assert round(same_article, 2) >= DOCUMENTED["same_article"]
    assert round(same_text, 2) >= DOCUMENTED["same_text"]
    assert allsides >= DOCUMENTED["allsides"]


def _real(name: str) -> pd.DataFrame:
    path = SHARED_DATA / name / "articles.jsonl.gz"
    if not path.exists():
        pytest.skip(f"real data not present: {path}")
    return pd.read_json(path, lines=True, dtype={"doc_id": str})


@pytest.mark.parametrize("name", ["allsides", "ukraine_media"])
def test_labelled_similarities_are_reproduced(name):
    """The labels stay valid: each pair's exact similarity is what find_duplicates reports."""
    corpus = _real(name).set_index("doc_id", drop=False)
    labels = _labels()
    labels = labels[labels["corpus"] == name]
    for row in labels.itertuples():
        pair = corpus.loc[[row.doc_id_a, row.doc_id_b]].reset_index(drop=True)
        pairs, _ = toolkit.find_duplicates(pair, threshold=0.5)
        assert len(pairs) == 1, (row.doc_id_a, row.doc_id_b)
        assert pairs["similarity"].iloc[0] == pytest.approx(row.similarity, abs=1e-6)
        assert bool(pairs["exact"].iloc[0]) == bool(row.exact)


def test_ukraine_media_pairs_are_all_found():
    corpus = _real("ukraine_media")
    pairs, clusters = toolkit.find_duplicates(corpus, threshold=0.6, progress=False)
    found = set(map(tuple, pairs[["doc_id_a", "doc_id_b"]].values.tolist()))
    labels = _labels()
    labels = labels[labels["corpus"] == "ukraine_media"]
    missing = [p for p in zip(labels["doc_id_a"], labels["doc_id_b"], strict=True)
               if p not in found]
    assert missing == []
    assert clusters["cluster"].nunique() >= 20
