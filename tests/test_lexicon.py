"""Lexicons: matching rules, counts = hits, loaders and their error messages, bundled data."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import toolkit
from toolkit import Lexicon, LexiconError, lexicon_counts, lexicon_hits, load_lexicon

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "infobrics-op-ed.txt"
LEXICON_DIR = Path(toolkit.__file__).parent / "data" / "lexicons"
BUNDLED = ("loaded_language", "stance")


def corpus_of(*texts: str, outlets: list[str] | None = None) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(1, len(texts) + 1)],
            "outlet": outlets or ["X"] * len(texts),
            "text": list(texts),
        }
    )


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- matching rules

RULES_LEXICON = {
    "pejorative": ["regime", "kiev regime", "junta"],
    "phobia": ["russophob*"],
    "qualifier": ["so-called"],
}
RULES_TEXT = (
    "The Kiev\nregime and its so-called “referendum”. Kiev’s regime? The regime's "
    "Russophobia, russophobic REGIME-change. Kiev. Regime. Juntas."
)


def test_hits_follow_the_matching_rules_hand_checked():
    hits = lexicon_hits(corpus_of(RULES_TEXT), RULES_LEXICON)
    got = list(zip(hits["category"], hits["entry"], hits["match"], strict=True))
    assert got == [
        ("pejorative", "kiev regime", "Kiev\nregime"),  # phrase across a line break
        ("qualifier", "so-called", "so-called"),
        ("pejorative", "kiev regime", "Kiev’s regime"),  # curly apostrophe, possessive
        ("pejorative", "regime", "regime's"),  # possessive of a word
        ("phobia", "russophob*", "Russophobia"),  # glob, case-insensitive
        ("phobia", "russophob*", "russophobic"),
        # "REGIME-change" is one token: whole words only, no hit
        ("pejorative", "regime", "Regime"),  # "Kiev. Regime" is not the phrase
        # "Juntas" is not "junta": exact words match only themselves and their possessive
    ]
    for row in hits.itertuples():
        assert RULES_TEXT[row.start:row.end] == row.match
    assert hits["start"].tolist() == sorted(hits["start"].tolist())


def test_longest_match_wins_and_a_word_counts_once_per_category():
    lexicon = {"a": ["kiev regime", "regime", "kiev"], "b": ["regime"]}
    hits = lexicon_hits(corpus_of("The Kiev regime."), lexicon)
    # category a: one hit, the longest; category b counts the same word independently
    assert list(zip(hits["category"], hits["entry"], strict=True)) == [
        ("a", "kiev regime"), ("b", "regime")]
    counts = lexicon_counts(corpus_of("The Kiev regime."), lexicon)
    assert counts["count"].tolist() == [1, 1]


def test_phrases_match_straight_and_curly_quotes_and_apostrophes():
    lexicon = {"p": ["kiev's regime", "so-called"]}
    texts = ["Kiev's regime", "Kiev’s regime", "Kiev’s “regime”", "Kiev's\n'regime'",
             "Kiev's.regime", "so‑called"]  # last: non-breaking hyphen
    counts = lexicon_counts(corpus_of(*texts), lexicon, voice="all")  # matching, all voices
    assert counts["count"].tolist() == [1, 1, 1, 1, 0, 1]


def test_hit_context_is_window_words_as_written():
    text = "One two, three  four\nfive the regime six seven. Eight nine"
    hits = lexicon_hits(corpus_of(text), {"p": ["the regime"]}, window=3)
    assert hits.loc[0, "match"] == "the regime"
    assert hits.loc[0, "left"] == "three four five"  # whitespace collapsed
    assert hits.loc[0, "right"] == "six seven. Eight"  # punctuation kept as written
    none = lexicon_hits(corpus_of(text), {"p": ["the regime"]}, window=0)
    assert (none.loc[0, "left"], none.loc[0, "right"]) == ("", "")
    edge = lexicon_hits(corpus_of("regime"), {"p": ["regime"]})
    assert (edge.loc[0, "left"], edge.loc[0, "right"]) == ("", "")


def test_hits_columns_and_empty_result():
    hits = lexicon_hits(corpus_of("Nothing here."), {"p": ["regime"]})
    assert hits.columns.tolist() == ["doc_id", "outlet", "category", "entry", "match", "start",
                                     "end", "left", "right", "in_quote", "voice"]
    assert hits.empty
    with pytest.raises(ValueError, match="window"):
        lexicon_hits(corpus_of("x"), {"p": ["x"]}, window=-1)


def test_exclusions_mask_hits_of_their_category(tmp_path):
    path = write(tmp_path, "ex.yaml", """
name: ex
categories:
  pej:
    description: labels
    entries: [regime, regimes]
    exclude: [sanctions regime*]
  other:
    entries: [regime, regimes]
""")
    text = "The sanctions regime, sanctions regimes and the regime."
    hits = lexicon_hits(corpus_of(text), path)
    assert list(zip(hits["category"], hits["start"], strict=True)) == [
        ("other", text.index("regime,")),
        ("other", text.index("regimes")),
        ("pej", text.index("regime.")),
        ("other", text.index("regime.")),
    ]


def test_bundled_exclusions_keep_technical_senses_out():
    text = "The sanctions regime held. You are supposed to vote. The supposed victory. The regime fell."
    hits = lexicon_hits(corpus_of(text), "loaded_language")
    assert hits["match"].tolist() == ["supposed", "regime"]
    assert hits["start"].tolist() == [text.index("supposed victory"), text.index("regime fell")]


# --------------------------------------------------------------------------- counts


def test_counts_hand_counted_by_outlet(tiny_corpus):
    # a1 "The Kiev regime said the war goes on."        8 tokens: kiev regime, war
    # a2 "Kyiv said the regime in Moscow started the war." 9 tokens: regime, war
    # b1 "Kyiv, Kyiv! The war."                          4 tokens: war
    lexicon = {"pejorative": ["regime", "kiev regime"], "war": ["war"], "empty": []}
    table = lexicon_counts(tiny_corpus, lexicon, by="outlet")
    expected = pd.DataFrame(
        {
            "outlet": ["Alpha"] * 3 + ["Beta"] * 3,
            "category": ["pejorative", "war", "empty"] * 2,
            "count": [2, 2, 0, 0, 1, 0],
            "n_words": [17, 17, 17, 4, 4, 4],
            "per_1k": [2 / 17 * 1000, 2 / 17 * 1000, 0.0, 0.0, 250.0, 0.0],
        }
    )
    pd.testing.assert_frame_equal(table, expected, check_dtype=False)


def test_counts_by_doc_and_by_none(tiny_corpus):
    lexicon = {"pejorative": ["regime", "kiev regime"], "war": ["war"]}
    by_doc = lexicon_counts(tiny_corpus, lexicon)  # by="doc_id" is the default
    assert by_doc.columns.tolist() == ["doc_id", "category", "count", "n_words", "per_1k"]
    assert by_doc["doc_id"].tolist() == ["a1", "a1", "a2", "a2", "b1", "b1"]
    assert by_doc["count"].tolist() == [1, 1, 1, 1, 0, 1]
    assert by_doc["n_words"].tolist() == [8, 8, 9, 9, 4, 4]
    whole = lexicon_counts(tiny_corpus, lexicon, by=None)
    assert whole.columns.tolist() == ["category", "count", "n_words", "per_1k"]
    assert whole["count"].tolist() == [2, 3]
    assert whole["n_words"].tolist() == [21, 21]
    by_month = lexicon_counts(tiny_corpus, lexicon, by=["outlet", "month"])
    assert by_month[["outlet", "month"]].drop_duplicates().values.tolist() == [
        ["Alpha", "2022-03"], ["Alpha", "2022-04"], ["Beta", "2022-03"]]


def test_counts_n_words_is_the_term_frequency_denominator(demo):
    counts = lexicon_counts(demo, "loaded_language", by="outlet", voice="all")
    freq = toolkit.term_frequency(demo, by="outlet")
    tokens = freq.drop_duplicates("outlet").set_index("outlet")["n_words"]
    per_outlet = counts.drop_duplicates("outlet").set_index("outlet")["n_words"]
    assert per_outlet.to_dict() == tokens.to_dict()


def test_counts_equal_hits_on_the_demo_corpus(demo):
    for name in BUNDLED:
        hits = lexicon_hits(demo, name)
        hits = hits[hits["voice"] == "outlet"]  # the default voice of lexicon_counts
        counts = lexicon_counts(demo, name, by=["doc_id"])
        from_hits = hits.groupby(["doc_id", "category"]).size()
        indexed = counts.set_index(["doc_id", "category"])["count"]
        assert indexed[indexed > 0].sort_index().to_dict() == from_hits.sort_index().to_dict()
        assert indexed.sum() == len(hits)
        # zeros are kept: every (document, category) pair has a row
        assert len(counts) == len(demo) * len(load_lexicon(name).categories)


def test_counts_and_hits_leave_the_corpus_unchanged(tiny_corpus):
    before = tiny_corpus.copy(deep=True)
    lexicon_counts(tiny_corpus, "loaded_language", by="outlet")
    lexicon_hits(tiny_corpus, "loaded_language")
    pd.testing.assert_frame_equal(tiny_corpus, before)


def test_empty_corpus_and_empty_text():
    empty = corpus_of("placeholder").iloc[:0]
    assert lexicon_counts(empty, {"p": ["x"]}).empty
    whole = lexicon_counts(empty, {"p": ["x"]}, by=None)
    assert whole["count"].tolist() == [0] and np.isnan(whole["per_1k"].iloc[0])
    with pytest.warns(toolkit.corpus.CorpusWarning):
        blank = lexicon_counts(corpus_of(""), {"p": ["x"]})
    assert blank["n_words"].tolist() == [0] and np.isnan(blank["per_1k"].iloc[0])


def test_weighted_column_only_when_weights_exist(tmp_path, tiny_corpus):
    path = write(tmp_path, "w.csv",
                 "term,category,weight\nregime,pejorative,2\nkiev regime,pejorative,3\nwar,war,\n")
    table = lexicon_counts(tiny_corpus, path, by="outlet")
    assert table.columns.tolist()[-1] == "weighted"
    # Alpha: kiev regime (3) + regime (2); war has no weight and counts 1 per hit
    assert table["weighted"].tolist() == [5.0, 2.0, 0.0, 1.0]
    assert "weighted" not in lexicon_counts(tiny_corpus, {"war": ["war"]}).columns


@pytest.mark.filterwarnings("ignore::toolkit.corpus.CorpusWarning")
@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from(
    ["regime", "Kiev", "kiev’s", "the", "so-called", "Russophobia", "sanctions", "\n", ",",
     ".", "“", "”", "REGIME", "russophobic"]), max_size=25), min_size=1, max_size=4))
def test_counts_always_equal_hits(pieces):
    texts = [" ".join(p) for p in pieces]
    corpus = corpus_of(*texts)
    lexicon = {"pej": ["regime", "kiev regime", "sanctions regime"], "phob": ["russophob*"],
               "q": ["so-called", "the"]}
    hits = lexicon_hits(corpus, lexicon)
    counts = lexicon_counts(corpus, lexicon, voice="all")
    from_hits = hits.groupby(["doc_id", "category"]).size()
    for row in counts.itertuples():
        assert row.count == from_hits.get((row.doc_id, row.category), 0)
        assert row.n_words == len(toolkit.tokenize(corpus.set_index("doc_id").text[row.doc_id]))
    # each voice: its counts are its hits, and the voices' words add up to all words
    n_words = np.zeros(len(counts), dtype=np.int64)
    for voice in ("outlet", "quoted", "scare_quote"):
        in_voice = lexicon_counts(corpus, lexicon, voice=voice)
        from_voice = hits[hits["voice"] == voice].groupby(["doc_id", "category"]).size()
        for row in in_voice.itertuples():
            assert row.count == from_voice.get((row.doc_id, row.category), 0)
        n_words += in_voice["n_words"].to_numpy()
    assert n_words.tolist() == counts["n_words"].tolist()
    for row in hits.itertuples():
        assert corpus.set_index("doc_id").text[row.doc_id][row.start:row.end] == row.match


# --------------------------------------------------------------------------- the seed op-ed


@pytest.mark.skipif(not SEED.exists(), reason=f"seed text not present: {SEED}")
def test_seed_hits_show_each_loaded_expression():
    text = SEED.read_text(encoding="utf-8")
    hits = lexicon_hits(corpus_of(text), "loaded_language")
    for row in hits.itertuples():
        assert text[row.start:row.end] == row.match
        assert row.left and row.right
    got = list(zip(hits["category"], hits["match"], strict=True))
    # read by hand from the op-ed, in order
    assert got == [
        ("emotive_intensifier", "paranoia"),  # "anti-Russian paranoia"
        ("phobia_accusation", "Russophobia"),
        ("phobia_accusation", "Russophobic"),  # "Russophobic indoctrination"
        ("pejorative_label", "Kiev regime"),
        ("delegitimising_qualifier", "alleged"),  # the alleged "Russian expansion"
        ("pejorative_label", "Kiev regime"),
        ("moral_condemnation", "irresponsibly"),
        ("emotive_intensifier", "paranoia"),
        # "spiral out of control": "out of control" was dropped in 1.1.0 (rule P1, datasheet)
        ("pejorative_label", "Kiev regime"),
        ("emotive_intensifier", "desperately"),
        ("disparaging_characterisation", "incompetent"),  # "the weaker and more incompetent"
    ]
    counts = lexicon_counts(corpus_of(text), "loaded_language")
    assert dict(zip(counts["category"], counts["count"], strict=True)) == {
        "pejorative_label": 3, "delegitimising_qualifier": 1, "emotive_intensifier": 3,
        "fear_threat": 0, "moral_condemnation": 1, "phobia_accusation": 2, "dehumanising": 0,
        "dramatising_verb": 0, "loaded_speech_verb": 0, "glorifying": 0,
        "disparaging_characterisation": 1}


# --------------------------------------------------------------------------- loading


def test_load_bundled_by_name_is_cached_and_compiled_once():
    first = load_lexicon("loaded_language")
    assert first is load_lexicon("loaded_language")
    assert first.matcher is first.matcher  # compiled once, reused
    assert load_lexicon(first) is first
    assert first.version == "1.1.0"
    assert first.categories == ("pejorative_label", "delegitimising_qualifier",
                                "emotive_intensifier", "fear_threat", "moral_condemnation",
                                "phobia_accusation", "dehumanising", "dramatising_verb",
                                "loaded_speech_verb", "glorifying",
                                "disparaging_characterisation")
    assert load_lexicon("stance").categories == ("hedge", "factive", "assertive",
                                                 "report_neutral", "report_loaded")
    assert "Lexicon('loaded_language', version='1.1.0'" in repr(first)


def test_load_simple_yaml_csv_dic_dict_and_frame_agree(tmp_path):
    yaml_path = write(tmp_path, "mine.yaml",
                      "pejorative:\n  - regime\n  - kiev regime\nphobia: [russophob*]\n")
    csv_path = write(tmp_path, "mine.csv", "term,category,source\nregime,pejorative,me\n"
                     "kiev regime,pejorative,\n\n# a comment line\nrussophob*,phobia,\n")
    dic_path = write(tmp_path, "mine.dic",
                     "%\n1\tpejorative\n2\tphobia\n%\nregime\t1\nkiev regime\t1\nrussophob*\t2\n")
    as_dict = {"pejorative": ["regime", "kiev regime"], "phobia": ["russophob*"]}
    expected = [("regime", "pejorative"), ("kiev regime", "pejorative"), ("russophob*", "phobia")]
    for source in (yaml_path, str(csv_path), dic_path, as_dict):
        lexicon = load_lexicon(source)
        assert [(e.entry, e.category) for e in lexicon.entries] == expected
        assert lexicon.categories == ("pejorative", "phobia")
    assert load_lexicon(yaml_path).name == "mine"
    assert load_lexicon(csv_path).entries[0].source == "me"
    frame = load_lexicon(as_dict).to_frame()
    assert frame.columns.tolist() == ["entry", "category", "weight", "source"]
    assert load_lexicon(frame).entries == load_lexicon(as_dict).entries


def test_load_rich_yaml_with_weights_and_descriptions(tmp_path):
    path = write(tmp_path, "rich.yaml", """
name: my_lexicon
version: 2
categories:
  fear:
    description: >-
      Danger words.
    source: my notes
    entries:
      - menace
      - {term: catastrophe, weight: 2.5}
  empty:
    entries: []
""")
    lexicon = load_lexicon(path)
    assert (lexicon.name, lexicon.version, lexicon.categories) == ("my_lexicon", "2",
                                                                   ("fear", "empty"))
    assert lexicon.descriptions == {"fear": "Danger words."}
    assert [tuple(e) for e in lexicon.entries] == [("menace", "fear", None, "my notes"),
                                                  ("catastrophe", "fear", 2.5, "my notes")]


def test_yaml_words_that_look_like_booleans_stay_words(tmp_path):
    path = write(tmp_path, "yes.yaml", "answers: [yes, no, null, 1984]\n")
    assert [e.entry for e in load_lexicon(path).entries] == ["yes", "no", "null", "1984"]


def test_duplicate_entries_are_kept_once():
    lexicon = load_lexicon({"p": ["regime", "Regime", "regime", "kiev’s regime", "kiev's regime"]})
    assert [e.entry for e in lexicon.entries] == ["regime", "kiev’s regime"]


def test_select_and_combine():
    both = load_lexicon("loaded_language").combine(load_lexicon("stance"))
    assert len(both.categories) == 16
    reports = both.select(["report_loaded", "report_neutral"])
    assert reports.categories == ("report_loaded", "report_neutral")
    assert {e.category for e in reports.entries} == {"report_loaded", "report_neutral"}
    with pytest.raises(LexiconError, match="both lexicons have categories 'hedge'"):
        both.combine(load_lexicon("stance"))
    with pytest.raises(LexiconError, match="unknown categories 'nope'"):
        both.select("nope")


def test_lexicon_built_directly_is_validated():
    with pytest.raises(LexiconError, match="not in categories"):
        Lexicon("x", ("a",), (("regime", "b"),))
    with pytest.raises(LexiconError, match="bad glob"):
        Lexicon("x", ("a",), (("*", "a"),))


# ---- bad input: each message names the file, the line and the problem

BAD_FILES = [
    # (file name, content, expected message pieces)
    ("syntax.yaml", "pej:\n  - regime\n  - [unclosed\n", ["syntax.yaml, line 4", "invalid YAML"]),
    ("empty_entry.yaml", "pej:\n  - regime\n  -\n  - junta\n",
     ["empty_entry.yaml, line 3", "empty entry"]),
    ("blank_entry.yaml", "pej:\n  - regime\n  - '  '\n",
     ["blank_entry.yaml, line 3", "empty entry"]),
    ("bad_glob.yaml", "pej:\n  - regime\n  - '**'\n",
     ["bad_glob.yaml, line 3", "bad glob '**'"]),
    ("bracket_glob.yaml", "pej:\n  - 'ra[t]*'\n", ["bracket_glob.yaml, line 2", "bad glob"]),
    ("no_list.yaml", "pej: regime\n", ["no_list.yaml, line 1", "must be a list"]),
    ("null_list.yaml", "pej:\nfear: [menace]\n",
     ["null_list.yaml, line 1", "category 'pej' has no list of entries"]),
    ("twice.yaml", "pej: [regime]\nfear: [menace]\npej: [junta]\n",
     ["twice.yaml, line 3", "category 'pej' is defined twice (first on line 1)"]),
    ("field.yaml", "categories:\n  pej:\n    entires: [regime]\n",
     ["field.yaml, line 3", "unknown field 'entires' in category 'pej'"]),
    ("weight.yaml", "pej:\n  - {term: regime, weight: heavy}\n",
     ["weight.yaml, line 2", "weight 'heavy' of entry 'regime' is not a number"]),
    ("alias.yaml", "pej: &words [regime]\nfear: *words\n",
     ["alias.yaml, line 1", "aliases"]),
    ("top.yaml", "- regime\n- junta\n", ["top.yaml, line 1", "top level must be a mapping"]),
    ("nothing.yaml", "# only a comment\n", ["nothing.yaml", "the file is empty"]),
    ("no_header.csv", "regime,pejorative\njunta,pejorative\n",
     ["no_header.csv, line 1", "header must name the columns 'term' and 'category'"]),
    ("empty_term.csv", "term,category\nregime,pej\n,pej\n", ["empty_term.csv, line 3",
                                                              "empty entry"]),
    ("empty_cat.csv", "term,category\nregime,pej\n\njunta,\n",
     ["empty_cat.csv, line 4", "empty category for entry 'junta'"]),
    ("glob.csv", "term,category\nregime,pej\n*,pej\n", ["glob.csv, line 3", "bad glob '*'"]),
    ("weight.csv", "term,category,weight\nregime,pej,1\njunta,pej,lots\n",
     ["weight.csv, line 3", "weight 'lots' of entry 'junta' is not a number"]),
    ("quoted.csv", 'term,category\n"kiev\nregime",pej\nju"nta,pej\n"x,pej\n',
     ["quoted.csv, line 5", "cannot parse CSV (unexpected end of data)"]),
    ("quote_mid.csv", 'term,category\n"kiev\nregime",pej\n"ju"nta,pej\n',
     ["quote_mid.csv, line 4", "cannot parse CSV"]),
    ("unknown_id.dic", "%\n1\tpej\n2\tfear\n%\nregime\t1\nmenace\t2\nabandon*\t7\n",
     ["unknown_id.dic, line 7", "unknown category id '7'"]),
    ("no_open.dic", "1\tpej\n%\nregime\t1\n", ["no_open.dic, line 1", "'%' line opening"]),
    ("unclosed.dic", "%\n1\tpej\nregime\t1\n", ["unclosed.dic", "never closed"]),
    ("no_ids.dic", "%\n1\tpej\n%\nregime\n", ["no_ids.dic, line 4",
                                              "entry 'regime' has no category ids"]),
    ("bad_glob.dic", "%\n1\tpej\n%\nregime\t1\n**\t1\n", ["bad_glob.dic, line 5", "bad glob"]),
    ("dup_id.dic", "%\n1\tpej\n01\tfear\n%\n", ["dup_id.dic, line 3", "declared twice"]),
    ("latin1.csv", "term,category\nregime,pej\ncaf\xe9,pej\n".encode("latin-1"),
     ["latin1.csv, line 3", "not valid UTF-8"]),
]


@pytest.mark.parametrize("name, content, pieces", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_lexicon_files_name_file_line_and_problem(tmp_path, name, content, pieces):
    path = write(tmp_path, name, content)
    with pytest.raises(LexiconError) as caught:
        load_lexicon(path)
    message = str(caught.value)
    for piece in pieces:
        assert piece in message, message


def test_loading_never_executes_anything_from_the_file(tmp_path):
    marker = tmp_path / "executed"
    path = write(tmp_path, "evil.yaml",
                 f"pej:\n  - regime\n  - !!python/object/apply:os.system ['touch {marker}']\n")
    with pytest.raises(LexiconError, match=r"unsupported YAML tag '!!python/object/apply:os.system' in .*evil.yaml, line 3"):
        load_lexicon(path)
    assert not marker.exists()
    custom = write(tmp_path, "custom.yaml", "pej: !include other.yaml\n")
    with pytest.raises(LexiconError, match="unsupported YAML tag '!include'"):
        load_lexicon(custom)


def test_unknown_name_missing_file_and_unknown_format(tmp_path):
    with pytest.raises(LexiconError, match=r"lexicon 'loaded_langauge' not found.*'stance'"):
        load_lexicon("loaded_langauge")
    with pytest.raises(LexiconError, match="not found"):
        load_lexicon(tmp_path / "missing.yaml")
    with pytest.raises(LexiconError, match=r"unknown lexicon format '.txt'.*\.dic"):
        load_lexicon(write(tmp_path, "words.txt", "regime\n"))
    with pytest.raises(TypeError, match="bundled name"):
        load_lexicon(42)
    with pytest.raises(LexiconError, match="category 'pej' must map to a list"):
        load_lexicon({"pej": "regime"})
    with pytest.raises(LexiconError, match=r"empty entry.*category 'pej', entry 2"):
        load_lexicon({"pej": ["regime", ""]})


def test_liwc_parts_that_cannot_match_are_skipped_with_a_warning(tmp_path):
    path = write(tmp_path, "liwc.dic",
                 "%\n1\tposemo\t(positive emotion)\n02\tnegemo\n%\n"
                 "like\t1 (02 134)131/125\n:)\t1\nhate*\t2\nkind of\t1\n")
    with pytest.warns(toolkit.lexicon.LexiconWarning, match=r"line 5.*line 6|line 6"):
        lexicon = load_lexicon(path)
    assert [(e.entry, e.category) for e in lexicon.entries] == [
        ("like", "posemo"), ("hate*", "negemo"), ("kind of", "posemo")]


# --------------------------------------------------------------------------- bundled data


@pytest.mark.parametrize("name", BUNDLED)
def test_every_bundled_category_is_documented_with_source_and_licence(name):
    lexicon = load_lexicon(name)
    sheet = (LEXICON_DIR / f"{name}.md").read_text(encoding="utf-8")
    assert f"**{lexicon.version}**" in sheet  # same version in YAML and datasheet
    sections = re.split(r"\n### ", sheet)[1:]
    documented = {}
    for section in sections:
        head = re.match(r"\w+ `(\w+)` — (\d+) entries", section)
        assert head, section[:60]
        documented[head.group(1)] = int(head.group(2))
        assert "*Definition.*" in section and "*Rule.*" in section
        assert "*Licence.* MIT" in section
    sizes = {c: sum(e.category == c for e in lexicon.entries) for c in lexicon.categories}
    assert documented == sizes
    for category in lexicon.categories:
        assert lexicon.descriptions.get(category)
        assert all(e.source for e in lexicon.entries if e.category == category)


def test_bundled_loaded_language_has_a_sensible_size():
    assert 1000 <= len(load_lexicon("loaded_language")) <= 1500


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_globs_are_safe(name):
    for entry in load_lexicon(name).entries:
        if "*" in entry.entry or "?" in entry.entry:
            stem = re.split(r"[*?]", entry.entry)[0]
            assert len(stem) >= 5, entry  # no "rat*"
    # neutral words that share a beginning with a glob or an entry
    neutral = ("the president met ministers at the presentation of a framework; ratings, "
               "brutalist architecture, brutalism, quasi-judicial bodies, menu, mention, betting, "
               "catalogue, hysterectomy, paranormal, outreach, swarthy, infantry, disgruntled, "
               "apocryphal, regimental, homophone, russophone, islamic, xenon, europe, "
               "sinology, terrorism, exterior, terrific, outran, betrothed, warm, menial")
    assert lexicon_hits(corpus_of(neutral), "loaded_language").empty


def test_dic_category_names_may_contain_spaces_and_odd_ids_do_not_crash(tmp_path):
    path = tmp_path / "spaces.dic"
    path.write_text("%\n1\tpos emo\n²\tneg\n%\nhappy\t1\nsad\t²\n", encoding="utf-8")
    lexicon = toolkit.load_lexicon(path)
    assert lexicon.categories == ("pos emo", "neg")
    hits = toolkit.lexicon_hits(
        pd.DataFrame({"doc_id": ["a"], "text": ["Happy, then sad."]}), lexicon)
    assert hits[["category", "match"]].values.tolist() == [["pos emo", "Happy"], ["neg", "sad"]]


def test_weighted_option_adds_or_drops_the_weighted_column():
    corpus = pd.DataFrame({"doc_id": ["d"], "outlet": ["A"],
                           "text": ["A brutal, brutal regime and a sham vote."]})
    weighted = load_lexicon(pd.DataFrame({"category": ["c", "c"], "entry": ["brutal", "sham"],
                                          "weight": [2.0, 0.5]}))
    plain = load_lexicon({"c": ["brutal", "sham"]})
    # brutal x2 at weight 2, sham x1 at 0.5: 4.5; unweighted entries count 1 each: 3.0
    auto = lexicon_counts(corpus, weighted, voice="all")
    assert auto[["count", "weighted"]].values.tolist() == [[3, 4.5]]
    assert "weighted" not in lexicon_counts(corpus, weighted, voice="all", weighted=False)
    assert "weighted" not in lexicon_counts(corpus, plain, voice="all")
    forced = lexicon_counts(corpus, plain, voice="all", weighted=True)
    assert forced[["count", "weighted"]].values.tolist() == [[3, 3.0]]
    with pytest.raises(TypeError, match="weighted"):
        lexicon_counts(corpus, plain, weighted="yes")


def test_context_whitespace_is_the_patterns_whitespace():
    # the hits' context collapses whitespace with str.split (toolkit.lexicon._context_text);
    # the pattern it replaced, \s+, calls the same characters whitespace
    import re
    import sys

    from toolkit.lexicon import _context_text

    pattern = re.compile(r"\s")
    chars = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000]
    assert [c for c in chars if c.isspace()] == [c for c in chars if pattern.fullmatch(c)]
    text = " a \u00a0\n\tb\u2028 [x] c\u3000 d\x1f"
    assert _context_text(text, 0, 9, 12, len(text)) == ("a b", "c d")  # around "[x]"
    assert _context_text(text, -1, 9, 12, -1) == ("", "")


@pytest.mark.parametrize("voice", ["all", "outlet", "quoted"])
def test_long_text_pieces_with_the_python_kernel(demo, monkeypatch, voice):
    # the compiled path reads a long text's offsets from the scan; the Python path still
    # matches it a piece at a time (toolkit.lexicon._count_long_text): both count alike
    import toolkit.lexicon as lexicon_module

    text = "\n\n".join(demo["text"]) + (
        '\n\n"The regime lies,\n\n"and its puppet regime fails," he said. A “sham” vote.')
    corpus = pd.DataFrame({"doc_id": ["long", "short"], "outlet": ["A", "B"],
                           "text": [text, demo["text"].iloc[0]]})
    toolkit.clear_cache()
    compiled = lexicon_counts(corpus, "loaded_language", voice=voice, total=True)
    toolkit.clear_cache()
    monkeypatch.setattr("toolkit.analysis._load_kernel", lambda: None)
    monkeypatch.setattr(lexicon_module, "_PIECE_CHARS", 2_000)  # dozens of pieces
    assert len(list(lexicon_module._pieces(text))) > 50
    pieced = lexicon_counts(corpus, "loaded_language", voice=voice, total=True)
    toolkit.clear_cache()
    pd.testing.assert_frame_equal(pieced, compiled)
    assert compiled["count"].sum() > 0
