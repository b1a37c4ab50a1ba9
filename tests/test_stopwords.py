"""Issue 12 point 7: names of shipped stopword lists inside a list (hand-written expectations)."""

import pytest

from toolkit import load_stopwords


def test_english_inside_a_list_is_the_english_list_plus_the_other_words():
    english = load_stopwords("english")
    combined = load_stopwords(["english", "fox", "News"])
    # old code: {"english", "fox", "news"} -- the English list silently dropped
    assert combined == english | {"fox", "news"}
    assert "the" in combined and "english" not in combined


def test_list_name_in_any_case_and_with_spaces():
    assert load_stopwords(["English ", "fox"]) == load_stopwords("english") | {"fox"}


def test_a_bare_word_string_is_an_error_that_shows_both_fixes():
    with pytest.raises(ValueError, match=r"\['english', 'fox'\]"):
        load_stopwords("fox")


def test_non_string_entries_are_an_error():
    with pytest.raises(ValueError, match="must be strings"):
        load_stopwords(["english", 3])


def test_own_words_only_stay_as_given():
    assert load_stopwords(["fox", "Don’t"]) == {"fox", "don't"}
