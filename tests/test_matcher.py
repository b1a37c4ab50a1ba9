"""PhraseMatcher: words, phrases and globs with character offsets, checked on hand-written texts."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit import PhraseMatcher, token_spans


def found(entries, text):
    """(group, entry, matched text as written) for every match, in order."""
    return [(m.group, m.entry, text[m.start : m.end]) for m in PhraseMatcher(entries).find(text)]


def test_phrase_across_line_break_and_quotes_but_not_across_a_period():
    text = "The Kiev\nregime, Kiev “regime” and Kiev \"regime\". But Kiev. Regime, Kiev, regime."
    matcher = PhraseMatcher([("kiev regime", "pejorative")])
    matches = matcher.find(text)
    assert [(m.start, m.end) for m in matches] == [(4, 15), (17, 29), (35, 47)]
    assert [text[m.start : m.end] for m in matches] == [
        "Kiev\nregime", "Kiev “regime", 'Kiev "regime',
    ]
    assert [(m.token_start, m.token_end) for m in matches] == [(1, 3), (3, 5), (6, 8)]


def test_phrase_not_across_a_blank_line_or_dash():
    assert found([("kiev regime", "p")], "Kiev\n\nregime. Kiev — regime. Kiev-regime.") == []


def test_glob():
    text = "Russophobia, russophobic; anti-russophobia and Russophobe’s RUSSOPHOBIA. Russian."
    assert found([("russophob*", "phobia")], text) == [
        ("phobia", "russophob*", "Russophobia"),
        ("phobia", "russophob*", "russophobic"),
        ("phobia", "russophob*", "Russophobe’s"),
        ("phobia", "russophob*", "RUSSOPHOBIA"),
    ]


def test_question_mark_glob_matches_exactly_one_character():
    assert found([("wa?", "g")], "wa war wars was") == [("g", "wa?", "war"), ("g", "wa?", "was")]


def test_glob_inside_a_phrase():
    assert found([("kiev regim*", "g")], "the Kiev regime's men, Kiev regimes, Kiev rule") == [
        ("g", "kiev regim*", "Kiev regime's"),
        ("g", "kiev regim*", "Kiev regimes"),
    ]


def test_leftmost_longest_within_a_group():
    text = "the Kiev regime forces and the Kiev regime here, regime"
    entries = [("regime", "g"), ("kiev regime", "g"), ("kiev regime forces", "g")]
    assert found(entries, text) == [
        ("g", "kiev regime forces", "Kiev regime forces"),
        ("g", "kiev regime", "Kiev regime"),
        ("g", "regime", "regime"),
    ]


def test_overlapping_phrases_of_one_group_leftmost_wins():
    assert found([("b c", "g"), ("a b", "g")], "a b c") == [("g", "a b", "a b")]
    assert found([("a b", "g"), ("b c d", "g")], "a b c d") == [("g", "a b", "a b")]


def test_exact_word_wins_over_glob_then_first_declared():
    assert found([("war*", "g"), ("war", "g")], "war") == [("g", "war", "war")]
    assert found([("wa*", "g"), ("w?r", "g")], "war") == [("g", "wa*", "war")]
    assert found([("Regime", "g"), ("regime", "g")], "regime") == [("g", "Regime", "regime")]


def test_possessive_tolerance():
    text = "regime’s regime's regimes’ regimes"
    assert found([("regime", "a"), ("regimes", "a")], text) == [
        ("a", "regime", "regime’s"),
        ("a", "regime", "regime's"),
        ("a", "regimes", "regimes"),
        ("a", "regimes", "regimes"),
    ]
    # inside a phrase too, and curly / straight apostrophes are the same
    assert found([("kiev regime", "p")], "Kiev’s regime") == [("p", "kiev regime", "Kiev’s regime")]
    assert found([("Russia’s war", "a")], "Russia's war, Russia’s war, Russia war") == [
        ("a", "Russia’s war", "Russia's war"),
        ("a", "Russia’s war", "Russia’s war"),
    ]


def test_whole_words_only_and_case_insensitive():
    assert found([("kiev", "a")], "KIEV Kievan Kiev-based kievs") == [("a", "kiev", "KIEV")]


def test_groups_are_independent():
    text = "the special military operation began"
    entries = [("special military operation", "euphemism"), ("military operation", "euphemism"),
               ("special", "other"), ("operation", "other")]
    assert found(entries, text) == [
        ("other", "special", "special"),
        ("euphemism", "special military operation", "special military operation"),
        ("other", "operation", "operation"),
    ]


def test_same_entry_in_two_groups_counts_in_each():
    assert found([("kiev", "a"), ("kiev", "b")], "Kiev") == [("a", "kiev", "Kiev"),
                                                             ("b", "kiev", "Kiev")]


def test_matcher_remembers_entries_and_groups():
    matcher = PhraseMatcher([("kiev regime", "p"), ("russophob*", "phobia"), ("regime", "p")])
    assert matcher.groups == ["p", "phobia"]
    assert matcher.entries == [("kiev regime", "p"), ("russophob*", "phobia"), ("regime", "p")]


def test_docstring_example():
    matcher = PhraseMatcher([("kiev regime", "pejorative"), ("regime", "pejorative"),
                             ("russophob*", "phobia")])
    matches = matcher.find("The Kiev regime's Russophobia")
    assert [(m.group, m.entry, m.start, m.end) for m in matches] == [
        ("pejorative", "kiev regime", 4, 17),  # the possessive token is matched whole
        ("phobia", "russophob*", 18, 29),
    ]


def test_matcher_can_be_reused_on_many_texts():
    matcher = PhraseMatcher([("kiev regime", "p"), ("regime", "p")])
    assert [m.entry for m in matcher.find("The Kiev regime.")] == ["kiev regime"]
    assert [m.entry for m in matcher.find("The regime.")] == ["regime"]
    assert [m.entry for m in matcher.find("Kiev. Regime")] == ["regime"]
    assert matcher.find("") == []


@pytest.mark.parametrize("entry", ["*", "?", "**", "*?", "[ab]c", "x[ab]", "[ab]*", "a*[b]"])
def test_bad_globs_raise(entry):
    with pytest.raises(ValueError, match="bad glob"):
        PhraseMatcher([(entry, "g")])


@pytest.mark.parametrize("entry", ["", "   ", "...", "— –"])
def test_entries_without_words_raise(entry):
    with pytest.raises(ValueError):
        PhraseMatcher([(entry, "g")])


_WORDS = st.sampled_from(["kiev", "Kiev", "regime", "Regime’s", "the", "war", "russophobia"])
_GAPS = st.sampled_from([" ", "\n", " “", "” ", ". ", ", ", " — ", "\n\n"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_WORDS, _GAPS), max_size=20))
def test_single_word_matches_agree_with_the_tokenizer(pieces):
    text = "".join(w + g for w, g in pieces)
    matcher = PhraseMatcher([("kiev", "a"), ("regime", "a"), ("russophob*", "b")])
    matches = matcher.find(text)
    tokens = token_spans(text)
    expected = [
        ("b" if t.startswith("russophob") else "a", s, e)
        for t, s, e in tokens
        if t in {"kiev", "regime", "regime's"} or re.fullmatch("russophob.*", t)
    ]
    assert sorted((m.group, m.start, m.end) for m in matches) == sorted(expected)
    # within a group, matches never overlap
    for group in ("a", "b"):
        ends = [(m.start, m.end) for m in matches if m.group == group]
        assert all(e1 <= s2 for (_, e1), (s2, _) in zip(ends, ends[1:], strict=False))


@pytest.mark.parametrize("entry", ["U.S.-backed", "Kiev/Kyiv", "26,000-strong"])
def test_an_entry_that_can_never_match_is_an_error_not_a_silent_zero(entry):
    with pytest.raises(ValueError, match="can never match"):
        PhraseMatcher([(entry, "g")])


def test_s_contractions_are_not_possessives():
    matcher = PhraseMatcher([("it", "g"), ("let", "g"), ("regime", "g")])
    found = [m.entry for m in matcher.find("It's the regime's fault; let's see. It said.")]
    assert found == ["regime", "it"]
