"""Framing-term shares and term-set files: hand-checked counts and intervals, overlaps, errors."""

from __future__ import annotations

from math import sqrt

import numpy as np
import pandas as pd
import pytest

import toolkit
from toolkit import TermSetError

CAPITAL = {"Kyiv": ["kyiv"], "Kiev": ["kiev"]}


def _corpus(texts: list[str], outlets: list[str], dates: list[str] | None = None) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(len(texts))],
            "outlet": outlets,
            "date": dates or ["2022-03-01"] * len(texts),
            "text": texts,
        }
    )


@pytest.fixture
def capital_corpus() -> pd.DataFrame:
    # A: Kiev 2 + Kyiv 1 (6 tokens), Kiev’s 1 (2 tokens) -> Kiev 3, Kyiv 1, 8 tokens
    # B: Kyiv 3 (4 tokens)
    return _corpus(
        ["Kiev said. Kyiv said. Kiev again.", "Kiev’s mayor.", "Kyiv, Kyiv and Kyiv."],
        ["A", "A", "B"],
        ["2022-03-01", "2022-04-02", "2022-03-05"],
    )


def _row(table: pd.DataFrame, **where) -> pd.Series:
    mask = np.ones(len(table), dtype=bool)
    for column, value in where.items():
        mask &= table[column].eq(value).to_numpy()
    assert mask.sum() == 1, where
    return table[mask].iloc[0]


# --------------------------------------------------------------------------- term_share


def test_counts_shares_and_wilson_by_hand(capital_corpus):
    table = toolkit.term_share(capital_corpus, CAPITAL)
    assert table.columns.tolist() == ["outlet", "label", "count", "total", "share", "ci_low",
                                      "ci_high", "per_10k", "n_words"]
    assert list(zip(table["outlet"], table["label"], table["count"], strict=True)) == [
        ("A", "Kyiv", 1), ("A", "Kiev", 3), ("B", "Kyiv", 3), ("B", "Kiev", 0),  # zero row kept
    ]
    kiev = _row(table, outlet="A", label="Kiev")
    assert kiev["total"] == 4 and kiev["share"] == 0.75
    assert kiev["n_words"] == 8 and kiev["per_10k"] == pytest.approx(3 / 8 * 10_000)
    # Wilson, p = 3/4, n = 4, z = 1.959964, z² = 3.841459:
    #   centre = (0.75 + z²/8) / (1 + z²/4) = 1.230182 / 1.960365 = 0.627527
    #   half   = z · sqrt(0.75·0.25/4 + z²/64) / 1.960365 = 0.326886
    z = 1.959963984540054
    centre = (0.75 + z**2 / 8) / (1 + z**2 / 4)
    half = z * sqrt(0.75 * 0.25 / 4 + z**2 / 64) / (1 + z**2 / 4)
    assert kiev["ci_low"] == pytest.approx(centre - half) == pytest.approx(0.300642, abs=1e-6)
    assert kiev["ci_high"] == pytest.approx(centre + half) == pytest.approx(0.954413, abs=1e-6)
    # B never says Kiev: share 0, interval [0, z²/(n + z²)] = [0, 3.841459/6.841459]
    b_kiev = _row(table, outlet="B", label="Kiev")
    assert (b_kiev["count"], b_kiev["share"], b_kiev["ci_low"]) == (0, 0.0, 0.0)
    assert b_kiev["ci_high"] == pytest.approx(0.561497, abs=1e-6)
    assert _row(table, outlet="B", label="Kyiv")["ci_high"] == 1.0
    assert table.groupby("outlet")["share"].sum().tolist() == [1.0, 1.0]
    assert table.attrs == {"interval": "wilson", "level": 0.95}


def test_overlapping_labels_count_once():
    terms = {
        "invasion": ["invasion", "full-scale invasion"],
        "special operation": ["special military operation", "special operation"],
        "military operation": ["military operation"],
        "war": ["putin's war"],
    }
    text = ("The full-scale invasion went on. The “special\nmilitary operation” continued; "
            "a military operation. Putin’s war, Putin's war.")
    table = toolkit.term_share(_corpus([text], ["A"]), terms, voice="all")
    # the outlet's own voice leaves out the scare-quoted “special military operation”
    outlet = toolkit.term_share(_corpus([text], ["A"]), terms)
    assert outlet.set_index("label")["count"].to_dict()["special operation"] == 0
    assert dict(zip(table["label"], table["count"], strict=True)) == {
        "invasion": 1,  # "full-scale invasion" once, not also "invasion"
        "special operation": 1,  # across quotes and a line break; its inner match is dropped
        "military operation": 1,  # only the free-standing one
        "war": 2,  # curly and straight apostrophes alike
    }


def test_sets_are_independent_and_possessives_count():
    # a variant spelled with a possessive in one set ("kyiv's allies") must not stop
    # "Kyiv’s" from counting as "kyiv" in another (fixed in toolkit.matcher)
    sets = {"capital": CAPITAL, "west": {"allies": ["kyiv's allies"], "sponsors": ["sponsors"]}}
    text = "Kyiv’s allies met. Kyiv's army held. Kiev regime."
    table = toolkit.term_share(_corpus([text], ["A"]), sets)
    assert dict(zip(table["label"], table["count"], strict=True)) == {
        "Kyiv": 2, "Kiev": 1, "allies": 1, "sponsors": 0,
    }


def test_phrase_does_not_cross_punctuation_or_blank_line():
    terms = {"regime": ["kiev regime"], "other": ["government"]}
    texts = ["Kiev. Regime.", "Kiev\n\nregime", "Kiev’s regime", "Kiev\nregime"]
    table = toolkit.term_share(_corpus(texts, ["A"] * 4), terms, by="doc_id")
    assert table.loc[table.label == "regime", "count"].tolist() == [0, 0, 1, 1]
    assert table.loc[table.label == "regime", "share"].isna().tolist() == [True, True, False,
                                                                          False]


def test_period_and_no_by(capital_corpus):
    table = toolkit.term_share(capital_corpus, CAPITAL, period="month")
    assert table.columns[:3].tolist() == ["outlet", "period", "label"]
    assert list(zip(table["outlet"], table["period"], table["label"], table["count"],
                    strict=True)) == [
        ("A", "2022-03", "Kyiv", 1), ("A", "2022-03", "Kiev", 2),
        ("A", "2022-04", "Kyiv", 0), ("A", "2022-04", "Kiev", 1),
        ("B", "2022-03", "Kyiv", 3), ("B", "2022-03", "Kiev", 0),
    ]
    whole = toolkit.term_share(capital_corpus, CAPITAL, by=None)
    assert whole["count"].tolist() == [4, 3] and whole["n_words"].tolist() == [12, 12]


def test_several_sets_add_a_set_column(capital_corpus):
    sets = {"capital": CAPITAL, "other": {"mayor": "mayor", "said": ["said", "says"]}}
    table = toolkit.term_share(capital_corpus, sets)
    assert table.columns[:3].tolist() == ["outlet", "set", "label"]
    a = table[table.outlet == "A"]
    assert a.groupby("set")["share"].sum().tolist() == [1.0, 1.0]
    assert _row(table, outlet="A", label="said")["total"] == 3  # mayor 1 + said 2


def test_bootstrap_interval_by_hand():
    # one document says Kiev, the other Kyiv: resampling two documents gives Kiev shares
    # 1 (p = 1/4), 0.5 (p = 1/2) or 0 (p = 1/4), so the 95% percentile interval is [0, 1]
    corpus = _corpus(["Kiev.", "Kyiv.", "Kyiv. Kyiv."], ["A", "A", "B"])
    table = toolkit.term_share(corpus, CAPITAL, interval="bootstrap", n_boot=2000,
                               random_state=7)
    kiev = _row(table, outlet="A", label="Kiev")
    assert (kiev["share"], kiev["ci_low"], kiev["ci_high"]) == (0.5, 0.0, 1.0)
    # a group that only ever uses one label cannot resample to anything else; instead of a
    # zero-width interval it gets Wilson's with its 1 mentioning document as the trials:
    # lower bound 1 / (1 + 1.959964^2) = 1 / 4.841459 = 0.206549
    low, high = _row(table, outlet="B", label="Kyiv")[["ci_low", "ci_high"]]
    assert (low, high) == (pytest.approx(0.206549, abs=1e-6), 1.0)
    again = toolkit.term_share(corpus, CAPITAL, interval="bootstrap", n_boot=2000,
                               random_state=7)
    pd.testing.assert_frame_equal(table, again)
    assert table.attrs["interval"] == "bootstrap"


def test_bootstrap_is_wider_than_wilson_when_mentions_cluster():
    # 10 documents: 5 say "Kiev" 10 times each, 5 say "Kyiv" 10 times each
    corpus = _corpus(["Kiev " * 10] * 5 + ["Kyiv " * 10] * 5, ["A"] * 10)
    wilson = _row(toolkit.term_share(corpus, CAPITAL), label="Kiev")
    boot = _row(toolkit.term_share(corpus, CAPITAL, interval="bootstrap", random_state=1),
                label="Kiev")
    assert boot["ci_high"] - boot["ci_low"] > wilson["ci_high"] - wilson["ci_low"]


def test_input_unchanged(capital_corpus):
    before = capital_corpus.copy(deep=True)
    toolkit.term_share(capital_corpus, CAPITAL, period="year")
    pd.testing.assert_frame_equal(capital_corpus, before)


def test_term_share_errors(capital_corpus):
    with pytest.raises(TermSetError, match="non-empty mapping"):
        toolkit.term_share(capital_corpus, {})
    with pytest.raises(TermSetError, match="non-empty mapping"):
        toolkit.term_share(capital_corpus, ["kyiv", "kiev"])
    with pytest.raises(TermSetError, match=r"no variants in `terms`, label 'Kiev'"):
        toolkit.term_share(capital_corpus, {"Kyiv": ["kyiv"], "Kiev": []})
    with pytest.raises(TermSetError, match="bad variant '\\*'"):
        toolkit.term_share(capital_corpus, {"Kyiv": ["kyiv"], "any": ["*"]})
    with pytest.raises(TermSetError, match="'Kiev' of label 'old' is the same as 'kiev'"):
        toolkit.term_share(capital_corpus, {"new": ["kiev"], "old": ["Kiev"]})
    with pytest.raises(TermSetError, match="mixes labels"):
        toolkit.term_share(capital_corpus, {"capital": CAPITAL, "Kyiv": ["kyiv"]})
    with pytest.raises(ValueError, match="cannot group by 'source'"):
        toolkit.term_share(capital_corpus, CAPITAL, by="source")
    with pytest.raises(ValueError, match="`period` must be one of"):
        toolkit.term_share(capital_corpus, CAPITAL, period="decade")
    with pytest.raises(ValueError, match="`interval` must be one of"):
        toolkit.term_share(capital_corpus, CAPITAL, interval="exact")


@pytest.mark.filterwarnings("ignore:'and' operations between boolean dtype")  # corpus.py
def test_empty_corpus(capital_corpus):
    with pytest.raises(ValueError, match="no documents"):
        toolkit.term_share(capital_corpus.iloc[:0], CAPITAL)


def test_demo_place_names(demo):
    table = toolkit.term_share(demo, CAPITAL)
    share = table.set_index(["outlet", "label"])["share"]
    assert share["Sovereign Voice", "Kiev"] > 0.9
    assert share["Meridian Wire", "Kyiv"] > 0.9
    assert share["The Daily Blaze", "Kyiv"] > 0.9 and share["The Atlas Review", "Kyiv"] > 0.9


def test_demo_bundled_sets(demo):
    table = toolkit.term_share(demo, toolkit.load_term_sets("russia_ukraine"))
    share = table.set_index(["set", "outlet", "label"])["share"]
    state, wire = "Sovereign Voice", "Meridian Wire"
    assert share["the_war", state, "special military operation"] > share["the_war", state,
                                                                         "invasion"]
    assert share["the_war", wire, "invasion"] > share["the_war", wire, "special military operation"]
    assert share["government", state, "regime"] > 0.5
    assert share["the_west", state, "collective west"] > 0.5
    # term sets v2 count phrases only: the wire's bare "allies" are no longer counted, and it
    # never uses the collective-west vocabulary
    counts = table.set_index(["set", "outlet", "label"])["count"]
    assert counts["the_west", wire, "collective west"] == 0
    for place, russian in [("donbas", "Donbass"), ("kharkiv", "Kharkov"), ("odesa", "Odessa"),
                           ("luhansk", "Lugansk")]:
        assert share[place, state, russian] == 1.0
        assert share[place, wire, russian] == 0.0


# --------------------------------------------------------------------------- load_term_sets


def test_bundled_sets_are_complete():
    sets = toolkit.load_term_sets("russia_ukraine")
    assert sets["capital"] == {"Kyiv": ["kyiv"], "Kiev": ["kiev"]}
    expected = {
        "capital": {"Kyiv", "Kiev"},
        "donbas": {"Donbas", "Donbass"},
        "kharkiv": {"Kharkiv", "Kharkov"},
        "odesa": {"Odesa", "Odessa"},
        "luhansk": {"Luhansk", "Lugansk"},
        "the_war": {"war", "invasion", "special military operation", "conflict", "crisis"},
        "government": {"government", "regime"},
        "occupation": {"occupied", "liberated"},
        "annexation": {"annexation", "reunification", "accession"},
    }
    for name, labels in expected.items():
        assert set(sets[name]) == labels
    for name, labels in sets.items():
        assert len(labels) >= 2 and sets.notes[name]
        assert all(sets.label_notes[name][label] for label in labels), name
    frame = sets.to_frame()
    assert frame.columns.tolist() == ["set", "label", "variant", "note"]
    assert frame["note"].str.len().gt(0).all()
    assert "russia" in sets.description.lower() or "ukraine" in sets.description.lower()
    assert sets.version == 2  # v2: phrases instead of bare generic words (issue 12)


def test_user_yaml_full_and_simple(tmp_path):
    full = tmp_path / "mine.yaml"
    full.write_text(
        "version: 1\n"
        "description: test\n"
        "sets:\n"
        "  capital:\n"
        "    note: capital city\n"
        "    terms:\n"
        "      Kyiv: {variants: [kyiv], note: Ukrainian}\n"
        "      Kiev: [kiev]\n",
        encoding="utf-8",
    )
    sets = toolkit.load_term_sets(full)
    assert sets == {"capital": CAPITAL}
    assert sets.notes == {"capital": "capital city"}
    assert sets.version == 1 and sets.description == "test"
    assert sets.label_notes == {"capital": {"Kyiv": "Ukrainian", "Kiev": ""}}
    simple = tmp_path / "names.yml"
    simple.write_text("Kyiv: [kyiv, \"kyiv city\"]\nKiev: kiev\n", encoding="utf-8")
    assert toolkit.load_term_sets(str(simple)) == {
        "names": {"Kyiv": ["kyiv", "kyiv city"], "Kiev": ["kiev"]}
    }


def test_user_csv(tmp_path):
    path = tmp_path / "sets.csv"
    path.write_text(
        "set,label,variant,note\n"
        "capital,Kyiv,kyiv,Ukrainian spelling\n"
        "capital,Kiev,kiev,Russian spelling\n"
        "war,invasion,invasion,\n"
        "war,invasion,full-scale invasion,\n"
        'war,special operation,"special military operation",Kremlin\n',
        encoding="utf-8",
    )
    sets = toolkit.load_term_sets(path)
    assert sets == {
        "capital": CAPITAL,
        "war": {"invasion": ["invasion", "full-scale invasion"],
                "special operation": ["special military operation"]},
    }
    assert sets.label_notes["capital"] == {"Kyiv": "Ukrainian spelling", "Kiev": "Russian spelling"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("sets:\n  capital:\n    terms:\n      Kyiv: [kyiv]\n    colour: red\n",
         r"unknown keys 'colour' in .*bad.yaml, set 'capital'"),
        ("sets:\n  capital:\n    terms:\n      Kyiv: [kyiv, '']\n",
         r"empty or non-text variant '' in .*set 'capital', label 'Kyiv'"),
        ("sets:\n  capital:\n    terms:\n      Kyiv: ['**']\n",
         r"bad variant '\*\*': bad glob .* label 'Kyiv'"),
        ("sets:\n  capital:\n    terms:\n      Kyiv: [kyiv]\n      Kiev: [KYIV]\n",
         r"'KYIV' of label 'Kiev' is the same as 'kyiv' of label 'Kyiv'"),
        ("sets:\n  capital:\n    note: x\n", r"missing 'terms' in .*set 'capital'"),
        ("sets:\n  capital:\n    terms:\n      Kyiv: {spelling: [kyiv]}\n",
         r"unknown keys 'spelling' .* label 'Kyiv'"),
        ("capital:\n  Kyiv: [kyiv]\n", "no 'sets' key"),
        ("sets:\n  capital:\n    terms:\n      2022: [kyiv]\n", "label name 2022"),
        ("sets: [\n", r"cannot parse YAML .* line 2"),
        ("", "expected a mapping"),
        ("version: 1\nsets: {}\nextra: 2\n", "unknown keys 'extra'"),
    ],
)
def test_malformed_yaml(tmp_path, content, message):
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TermSetError, match=message):
        toolkit.load_term_sets(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("set,label\ncapital,Kyiv\n", r"missing columns 'variant'"),
        ("set,label,variant,colour\ncapital,Kyiv,kyiv,red\n", r"unknown columns 'colour'"),
        ("set,label,variant\ncapital,Kyiv,kyiv\ncapital,Kiev,\n", r"empty 'variant' in .*line 3"),
        ("set,label,variant\ncapital,Kyiv,kyiv*?*[\n", r"bad variant .* line 2"),
        ("set,label,variant\n", "no rows"),
        ("", "the file is empty"),
    ],
)
def test_malformed_csv(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TermSetError, match=message):
        toolkit.load_term_sets(path)


def test_unknown_name_and_missing_file(tmp_path):
    with pytest.raises(TermSetError, match=r"unknown term-set name 'russia'.*russia_ukraine"):
        toolkit.load_term_sets("russia")
    with pytest.raises(TermSetError, match="file not found"):
        toolkit.load_term_sets(tmp_path / "none.yaml")
    with pytest.raises(TermSetError, match="unknown term-set file type '.json'"):
        toolkit.load_term_sets(tmp_path / "sets.json")


def test_bootstrap_interval_is_not_zero_width_when_all_documents_agree():
    corpus = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["A"] * 3,
                           "text": ["Kyiv said.", "Kyiv, Kyiv.", "In Kyiv today."]})
    table = toolkit.term_share(corpus, {"Kyiv": ["kyiv"], "Kiev": ["kiev"]},
                               interval="bootstrap", random_state=0)
    kyiv = table[table["label"] == "Kyiv"].iloc[0]
    # Wilson with 3 mentioning documents, all Kyiv: lower bound n / (n + z^2)
    # = 3 / (3 + 1.959964^2) = 3 / 6.841459 = 0.438503
    assert kyiv["share"] == 1.0
    assert kyiv["ci_low"] == pytest.approx(0.438503, abs=1e-6)
    assert kyiv["ci_high"] == 1.0


def test_term_set_yaml_cannot_run_code(tmp_path):
    # term sets are parsed with a safe loader: a python tag is an error, and nothing runs
    from toolkit.framing import TermSetError, load_term_sets

    marker = tmp_path / "ran"
    path = tmp_path / "evil.yaml"
    path.write_text("capital:\n  Kyiv: [kyiv]\n  Kiev:\n    - !!python/object/apply:os.system "
                    f"['touch {marker}']\n", encoding="utf-8")
    with pytest.raises(TermSetError, match="evil.yaml"):
        load_term_sets(path)
    assert not marker.exists()
