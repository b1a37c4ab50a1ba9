"""Tokenizer, sentence splitter, n-grams and stopwords: hand-written texts, expected lists by hand."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import toolkit
from toolkit import load_stopwords, ngrams, sentences, token_spans, tokenize

# --------------------------------------------------------------------------- tokenize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # straight and curly apostrophes: one token each, possessive kept attached
        ("don't", ["don't"]),
        ("Don’t", ["don't"]),
        ("Russia’s war", ["russia's", "war"]),
        ("Russia's war", ["russia's", "war"]),
        ("Russiaʼs", ["russia's"]),
        ("it’s ‘quoted’", ["it's", "quoted"]),
        # a trailing apostrophe (plural possessive) is not part of the token
        ("the regimes’ leaders", ["the", "regimes", "leaders"]),
        # hyphenated words, including Unicode hyphens
        ("a well-known so-called referendum", ["a", "well-known", "so-called", "referendum"]),
        ("well‐known non‑stop", ["well-known", "non-stop"]),
        ("Kyiv-based", ["kyiv-based"]),
        # numbers with separators
        ("26,000 troops", ["26,000", "troops"]),
        ("97.6 percent", ["97.6", "percent"]),
        ("at 3:15, 26,000.", ["at", "3:15", "26,000"]),
        # Unicode letters
        ("Киев и Київ", ["киев", "и", "київ"]),
        ("Ελλάδα café naïve", ["ελλάδα", "café", "naïve"]),
        # URLs and e-mail addresses are one token; trailing punctuation is not part of them
        ("see https://example.com/a?b=1. Then", ["see", "https://example.com/a?b=1", "then"]),
        ("(www.kyiv.ua)", ["www.kyiv.ua"]),
        ("Mail Jane.Doe@Example.org.", ["mail", "jane.doe@example.org"]),
        # ellipses and dashes are dropped
        ("Wait... no — never – ever -- again…", ["wait", "no", "never", "ever", "again"]),
        ("Ukraine—Russia", ["ukraine", "russia"]),
        # dotted abbreviations
        ("The U.S. and the U.K.", ["the", "u.s.", "and", "the", "u.k."]),
        ("U.S.-style", ["u.s.", "style"]),
        ("e.g., this", ["e.g.", "this"]),
        # other punctuation separates and is dropped
        ("Kyiv, Kyiv! The war.", ["kyiv", "kyiv", "the", "war"]),
        ("hello_world", ["hello", "world"]),
        ("“Kiev” (regime)", ["kiev", "regime"]),
        ("", []),
        ("  ... — !?", []),
    ],
)
def test_tokenize(text, expected):
    assert tokenize(text) == expected


def test_tokenize_keeps_case_when_asked():
    assert tokenize("The Kiev regime’s U.S.-style war", lowercase=False) == [
        "The", "Kiev", "regime's", "U.S.", "style", "war",
    ]


def test_tokenize_docstring_example():
    text = "The so-called “referendum” in Russia’s U.S.-style... (see www.x.org)"
    assert tokenize(text) == [
        "the", "so-called", "referendum", "in", "russia's", "u.s.", "style", "see", "www.x.org",
    ]


def test_upper_case_url_is_one_token_whatever_the_case_option():
    text = "Visit WWW.EXAMPLE.ORG now"
    assert [t.lower() for t in tokenize(text, lowercase=False)] == tokenize(text)


def test_token_spans_point_into_the_original_text():
    text = "Kiev’s “U.S.” regime\nsaid 26,000."
    spans = token_spans(text)
    assert spans == [
        ("kiev's", 0, 6),
        ("u.s.", 8, 12),
        ("regime", 14, 20),
        ("said", 21, 25),
        ("26,000", 26, 32),
    ]
    assert [text[s:e] for _, s, e in spans] == ["Kiev’s", "U.S.", "regime", "said", "26,000"]


# Text made of the characters the rules care about, so examples hit the interesting cases.
_ALPHABET = st.sampled_from(
    [*"abcwWKIEVкиївé019 \n\t.,;:!?'’‘-‐—–…\"“”«»()@/_",
     "U.S.", "www.", "WWW.", "Www.", "https://", "HTTP://", "x.org", "İ"]
)
_TEXT = st.lists(_ALPHABET, max_size=40).map("".join)


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_tokenize_invariants(text):
    tokens = tokenize(text)
    spans = token_spans(text)
    assert tokens == [t for t, _, _ in spans]
    assert all(t and not any(c.isspace() for c in t) for t in tokens)
    # lowercase=True is lowercase=False, lower-cased
    assert tokens == [t.lower() for t in tokenize(text, lowercase=False)]
    # spans are in order, do not overlap, and cover the token as written
    previous_end = 0
    for token, start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert toolkit.tokens.normalize(text[start:end]) == token
        previous_end = end


# --------------------------------------------------------------------------- sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Aalto spoke in the U.S. on Jan. 5. He left.",
            ["Mr. Aalto spoke in the U.S. on Jan. 5.", "He left."],
        ),
        ("Dr. Melnyk arrived. She spoke.", ["Dr. Melnyk arrived.", "She spoke."]),
        ("The U.S. Army left. Kyiv stayed.", ["The U.S. Army left.", "Kyiv stayed."]),
        ("J. R. Smith said so. Then he left.", ["J. R. Smith said so.", "Then he left."]),
        ("Really? Yes! Good.", ["Really?", "Yes!", "Good."]),
        ("Wait… What now?", ["Wait…", "What now?"]),
        # lower case after the mark: no new sentence
        ("is it? yes. ok", ["is it? yes. ok"]),
        # closing quotes and brackets belong to the sentence they close
        ("He said: “It was hell.” Then he left.", ["He said: “It was hell.”", "Then he left."]),
        ('"Go home!" she said. He did.', ['"Go home!" she said.', "He did."]),
        ("(He left.) Then she came.", ["(He left.)", "Then she came."]),
        # a sentence may start with an opening quote or a digit
        ("He said “no.” “Yes,” she replied.", ["He said “no.”", "“Yes,” she replied."]),
        ("It cost 5 dollars. 6 people came.", ["It cost 5 dollars.", "6 people came."]),
        # blank lines split, single line breaks do not
        ("First paragraph\n\nSecond one", ["First paragraph", "Second one"]),
        ("A line\nbreak inside. Next.", ["A line\nbreak inside.", "Next."]),
        ("One.\n  \n\nTwo.", ["One.", "Two."]),
        ("Сказал он. Потом ушёл.", ["Сказал он.", "Потом ушёл."]),
        # abbreviations that are also everyday words
        ("The answer was no. Then he left.", ["The answer was no.", "Then he left."]),
        ("See No. 5 and no. 6. Then stop.", ["See No. 5 and no. 6.", "Then stop."]),
        ("He sat. She stood.", ["He sat.", "She stood."]),
        ("On Sat. Jan. 5 they met.", ["On Sat. Jan. 5 they met."]),
        ("", []),
        ("   \n\n ", []),
    ],
)
def test_sentences(text, expected):
    assert sentences(text) == expected


def test_sentences_docstring_example():
    text = "Dr. Melnyk arrived at 9 a.m. on Monday. “It was hell!” she said."
    assert sentences(text) == ["Dr. Melnyk arrived at 9 a.m. on Monday.", "“It was hell!” she said."]


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_sentence_spans_are_stripped_ordered_slices(text):
    spans = toolkit.tokens.sentence_spans(text)
    assert sentences(text) == [text[s:e] for s, e in spans]
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end
        assert text[start:end] == text[start:end].strip()
        previous_end = end
    # no token is lost or split by sentence splitting
    assert [t for s in sentences(text) for t in tokenize(s)] == tokenize(text)


# --------------------------------------------------------------------------- ngrams


@pytest.mark.parametrize(
    ("text", "n", "expected"),
    [
        (
            "The Kiev regime, he said. Kiev\nregime!",
            2,
            ["the kiev", "kiev regime", "he said", "kiev regime"],
        ),
        # quotes (straight, curly, guillemets) and line breaks do not break an n-gram
        ("Kiev “regime” said", 2, ["kiev regime", "regime said"]),
        ('Kiev "regime" said', 3, ["kiev regime said"]),
        ("Kiev 'regime'", 2, ["kiev regime"]),
        ("the «Kiev\r\nregime»", 3, ["the kiev regime"]),
        ("Kiev’s regime", 2, ["kiev's regime"]),
        # punctuation, dashes and blank lines do
        ("Kiev. Regime", 2, []),
        ("Kiev, regime; Kiev: regime", 2, []),
        ("Kiev - regime — Kiev – regime", 2, []),
        ("Kiev (regime)", 2, []),
        ("Kiev\n\nregime", 2, []),
        ("Kiev… regime", 2, []),
        # hyphenated words are one token
        ("the so-called special operation", 2, ["the so-called", "so-called special",
                                                 "special operation"]),
        ("a b", 3, []),
        ("a b c d", 3, ["a b c", "b c d"]),
        ("", 2, []),
    ],
)
def test_ngrams(text, n, expected):
    assert ngrams(text, n) == expected


def test_unigrams_are_tokens():
    text = "The Kiev regime, he said. Kiev\nregime!"
    assert ngrams(text, 1) == tokenize(text)


@pytest.mark.parametrize("n", [0, -1])
def test_ngrams_rejects_non_positive_n(n):
    with pytest.raises(ValueError, match="positive integer"):
        ngrams("a b", n)


@settings(max_examples=200, deadline=None)
@given(_TEXT, st.integers(min_value=2, max_value=4))
def test_ngrams_are_consecutive_tokens(text, n):
    tokens = tokenize(text)
    joined = " ".join(tokens)
    grams = ngrams(text, n)
    assert len(grams) <= max(0, len(tokens) - n + 1)
    for gram in grams:
        assert len(gram.split(" ")) == n
        assert gram in joined


# --------------------------------------------------------------------------- stopwords


def test_english_stopwords():
    words = load_stopwords("english")
    assert {"the", "a", "of", "in", "on", "don't", "not"} <= words
    assert not {"said", "war", "kiev", "regime", "so-called"} & words
    assert load_stopwords(True) == words
    assert load_stopwords("English") == words


@pytest.mark.parametrize("value", [None, False])
def test_no_stopwords(value):
    assert load_stopwords(value) == frozenset()


def test_own_stopwords_are_normalised_like_tokens():
    assert load_stopwords(["The", "Don’t", "well‐known"]) == {"the", "don't", "well-known"}


def test_unknown_stopword_list_name_is_an_error():
    with pytest.raises(ValueError, match="'german'"):
        load_stopwords("german")


def test_decimals_and_domain_names_end_sentences():
    assert sentences("Inflation reached 7.5. The bank raised rates.") == [
        "Inflation reached 7.5.", "The bank raised rates."]
    assert sentences("He works for Reuters.com. The agency said so.") == [
        "He works for Reuters.com.", "The agency said so."]
    # dotted single letters still do not end one
    assert sentences("He left at 9 a.m. Monday.") == ["He left at 9 a.m. Monday."]
