"""Hostile and careless corpus files: nothing shifts, nothing is silently changed, every error
names the file and the line or row (issue 13, points 3-6 and 9, and its messages)."""

from __future__ import annotations

import csv
import io
import json
import re
import warnings
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import toolkit
from toolkit import CorpusError, load_corpus, validate_corpus
from toolkit.corpus import CorpusWarning
from toolkit.framing import TermSetError
from toolkit.lexicon import Lexicon, LexiconEntry


def where(path: Path) -> str:
    return re.escape(str(path))


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- 3: field counts


def test_csv_with_one_unquoted_comma_too_many_in_every_row_fails_naming_the_line(tmp_path):
    # pandas read this as an implicit index column and shifted every column one to the left:
    # the doc_ids became the index and the outlets became doc_ids
    path = write(tmp_path / "news.csv",
                 "doc_id,outlet,text\n"
                 "a1,Alpha,Kyiv, the capital.\n"
                 "a2,Beta,Kharkiv, the second city.\n")
    with pytest.raises(CorpusError, match=rf"line 2 has 4 fields but the header \(line 1\) has 3 "
                                          rf"\(2 of 2 records differ, on lines 2, 3\) in "
                                          rf"{where(path)}; every record has one field more"):
        load_corpus(path)


def test_csv_error_explains_how_to_quote(tmp_path):
    path = write(tmp_path / "news.csv", "doc_id,text\na,fine\nb,one, two\nc,fine\n")
    with pytest.raises(CorpusError, match=r"line 3 has 3 fields .*put every field that contains "
                                          r"a comma, a double quote or a line break in double "
                                          r"quotes"):
        load_corpus(path)


def test_csv_row_with_too_few_fields_fails_naming_the_line(tmp_path):
    path = write(tmp_path / "news.csv", "doc_id,outlet,text\na,Alpha,One.\nb,Two.\n")
    with pytest.raises(CorpusError, match=rf"line 3 has 2 fields but the header \(line 1\) has 3 "
                                          rf"in {where(path)}"):
        load_corpus(path)


def test_csv_line_numbers_count_the_lines_of_multi_line_records(tmp_path):
    path = write(tmp_path / "news.csv",
                 'doc_id,text\na,"two\nlines"\n\nb,"three\nmore\nlines"\nc,x,y\n')
    with pytest.raises(CorpusError, match=r"line 8 has 3 fields"):
        load_corpus(path)


def test_csv_quoted_commas_quotes_and_line_breaks_are_kept(tmp_path):
    path = write(tmp_path / "news.csv",
                 'doc_id,text\na,"Kyiv, ""the capital"",\nsaid"\n"b,2",plain\n')
    corpus = load_corpus(path)
    assert corpus["doc_id"].tolist() == ["a", "b,2"]
    assert corpus["text"].tolist() == ['Kyiv, "the capital",\nsaid', "plain"]


def test_csv_text_after_a_closing_quote_is_an_error_with_the_line(tmp_path):
    path = write(tmp_path / "news.csv", 'doc_id,text\na,fine\nb,"quoted" then more\n')
    with pytest.raises(CorpusError, match=rf"cannot parse the table .* in {where(path)}, line 3; "
                                          r"a field that starts with a double quote"):
        load_corpus(path)


# --------------------------------------------------------------------------- 4: TSV, no quoting


def test_tsv_text_beginning_with_a_quotation_mark_keeps_it(tmp_path):
    path = write(tmp_path / "news.tsv",
                 'doc_id\ttext\toutlet\n'
                 'a\t"Nothing," he said, "will change."\tAlpha\n'
                 'b\t"Fully quoted"\tBeta\n'
                 'c\tan unmatched " quote\tGamma\n')
    corpus = load_corpus(path)
    assert corpus["text"].tolist() == ['"Nothing," he said, "will change."', '"Fully quoted"',
                                       'an unmatched " quote']
    assert corpus["outlet"].tolist() == ["Alpha", "Beta", "Gamma"]


def test_tsv_quote_spanning_a_tab_does_not_merge_fields(tmp_path):
    # with CSV-style quoting this row would be two fields, the outlet column silently empty
    path = write(tmp_path / "news.tsv", 'doc_id\ttext\toutlet\na\t"one\ttwo"\n')
    corpus = load_corpus(path)
    assert corpus[["doc_id", "text", "outlet"]].values.tolist() == [["a", '"one', 'two"']]


def test_tsv_with_a_line_break_inside_quotes_fails_naming_the_line(tmp_path):
    path = write(tmp_path / "news.tsv", 'doc_id\ttext\toutlet\na\t"two\nlines"\tAlpha\n')
    with pytest.raises(CorpusError, match=rf"line 2 has 2 fields .* in {where(path)}; TSV is "
                                          r"read without quoting"):
        load_corpus(path)


def test_tsv_with_csv_style_quoting_warns_and_keeps_the_text(tmp_path):
    path = write(tmp_path / "news.tsv", 'doc_id\ttext\na\t"He said ""no""."\nb\tplain\n')
    with pytest.warns(CorpusWarning, match=r"1 records of .* doubled quotes inside \(lines 2\)"):
        corpus = load_corpus(path)
    assert corpus["text"].tolist() == ['"He said ""no""."', "plain"]


# --------------------------------------------------------------------------- 5: day and month


def frame(dates: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(dates))],
                         "text": ["x"] * len(dates), "date": dates})


def test_mixed_day_month_dates_are_refused_naming_rows_and_the_fix(tmp_path):
    # pandas read the first as 2 January and the second as 13 February
    path = write(tmp_path / "news.csv", "doc_id,text,date\na,x,01/02/2022\nb,y,13/02/2022\n")
    with pytest.raises(CorpusError) as info:
        load_corpus(path)
    message = str(info.value)
    assert "1 dates read both as day/month and as month/day: row 0 ('01/02/2022')" in message
    assert "1 fit only day/month: row 1 ('13/02/2022')" in message
    assert f"in {path};" in message
    assert "dayfirst=True" in message and "date_format='%d/%m/%Y'" in message


@pytest.mark.parametrize("option", [{"dayfirst": True}, {"date_format": "%d/%m/%Y"}])
def test_day_first_dates_are_read_as_told(tmp_path, option):
    path = write(tmp_path / "news.csv", "doc_id,text,date\na,x,01/02/2022\nb,y,13/02/2022\n")
    assert load_corpus(path, **option)["date"].tolist() == [pd.Timestamp("2022-02-01"),
                                                            pd.Timestamp("2022-02-13")]


def test_month_first_dates_with_dayfirst_false():
    got = validate_corpus(frame(["01/02/2022", "02/13/2022 10:30"]), dayfirst=False)
    assert got["date"].tolist() == [pd.Timestamp("2022-01-02"), pd.Timestamp("2022-02-13 10:30")]


def test_a_date_against_the_given_order_is_an_error_not_a_silent_swap():
    with pytest.raises(CorpusError, match=r"1 dates do not fit dayfirst=False \(month/day/year; "
                                          r"the month would be above 12\): row 1 \('13/02/2022'\)"):
        validate_corpus(frame(["01/02/2022", "13/02/2022"]), dayfirst=False)


def test_dates_fitting_only_opposite_orders_are_refused():
    with pytest.raises(CorpusError, match=r"1 fit only day/month: row 0 .*1 fit only month/day: "
                                          r"row 1 \('02/13/2022'\)"):
        validate_corpus(frame(["13/02/2022", "02/13/2022"]))


def test_dates_that_fit_only_one_order_are_read_in_it():
    got = validate_corpus(frame(["13/02/2022", "25.12.2021", "05-05-2020", None]))
    assert got["date"].tolist()[:3] == [pd.Timestamp("2022-02-13"), pd.Timestamp("2021-12-25"),
                                        pd.Timestamp("2020-05-05")]
    assert pd.isna(got["date"].iloc[3])


def test_two_digit_years_need_the_order():
    with pytest.raises(CorpusError, match=r"1 dates have a two-digit year: row 0 \('01/02/22'\)"):
        validate_corpus(frame(["01/02/22"]))
    got = validate_corpus(frame(["01/02/22", "31/12/99"]), dayfirst=True)
    assert got["date"].tolist() == [pd.Timestamp("2022-02-01"), pd.Timestamp("1999-12-31")]


def test_dayfirst_does_not_touch_iso_dates():
    # pandas' own dayfirst=True turns 2022-01-05 into 1 May
    got = validate_corpus(frame(["2022-01-05", "01/02/2022", "5 March 2022"]), dayfirst=True)
    assert got["date"].tolist() == [pd.Timestamp("2022-01-05"), pd.Timestamp("2022-02-01"),
                                     pd.Timestamp("2022-03-05")]


def test_date_format_mismatch_names_rows_and_format(tmp_path):
    path = write(tmp_path / "news.csv", "doc_id,text,date\na,x,01/02/2022\nb,y,2022-02-13\n")
    with pytest.raises(CorpusError, match=r"1 dates do not match date_format='%d/%m/%Y': row 1 "
                                          rf"\('2022-02-13'\) in {where(path)}"):
        load_corpus(path, date_format="%d/%m/%Y")


def test_bad_dayfirst_and_date_format_values_are_named():
    with pytest.raises(CorpusError, match="dayfirst must be True, False or None, got 'yes'"):
        validate_corpus(frame(["2022-01-01"]), dayfirst="yes")
    with pytest.raises(CorpusError, match="date_format must be a text"):
        validate_corpus(frame(["2022-01-01"]), date_format=1)


dates = st.dates(min_value=date(1970, 1, 1), max_value=date(2068, 12, 31))


@settings(max_examples=60, deadline=None)
@given(st.lists(dates, min_size=1, max_size=8), st.booleans(), st.sampled_from("/.-"))
def test_numeric_dates_are_read_right_or_refused_never_wrong(days, day_first, separator):
    def render(d: date) -> str:
        first, second = (d.day, d.month) if day_first else (d.month, d.day)
        return f"{first:02d}{separator}{second:02d}{separator}{d.year}"

    table = frame([render(d) for d in days])
    expected = [pd.Timestamp(d) for d in days]
    assert validate_corpus(table, dayfirst=day_first)["date"].tolist() == expected
    try:
        got = validate_corpus(table)["date"].tolist()
    except CorpusError as err:
        assert "order of day and month in the dates is ambiguous" in str(err)
        assert "row " in str(err)
    else:
        assert got == expected


# --------------------------------------------------------------------------- 6: ids and headers


def test_jsonl_ids_are_read_as_written(tmp_path):
    path = write(tmp_path / "news.jsonl", '{"doc_id": 1, "text": "a"}\n{"doc_id": 2.0, "text": "b"}\n'
                 '{"doc_id": 1e3, "text": "c"}\n{"doc_id": "007", "text": "d"}\n'
                 '{"doc_id": true, "text": "e"}\n')
    assert load_corpus(path)["doc_id"].tolist() == ["1", "2.0", "1e3", "007", "true"]


def test_jsonl_ids_under_another_column_are_read_as_written(tmp_path):
    path = write(tmp_path / "news.jsonl", '{"n": 10, "text": "a"}\n{"n": 10.0, "text": "b"}\n')
    assert load_corpus(path, id_col="n")["doc_id"].tolist() == ["10", "10.0"]


def test_jsonl_id_that_is_an_object_is_an_error(tmp_path):
    path = write(tmp_path / "news.jsonl", '{"doc_id": "a", "text": "x"}\n{"doc_id": [1], "text": "y"}\n')
    with pytest.raises(CorpusError, match=rf"the id 'doc_id' is a JSON array in {where(path)}, line 2"):
        load_corpus(path)


def test_csv_ids_are_read_as_written(tmp_path):
    path = write(tmp_path / "news.csv", "doc_id,text\n1,a\n1.0,b\n01,c\n1e3,d\nNaN2,e\n")
    assert load_corpus(path)["doc_id"].tolist() == ["1", "1.0", "01", "1e3", "NaN2"]


def test_ids_differing_only_by_surrounding_spaces_are_refused(tmp_path):
    path = write(tmp_path / "news.csv", 'doc_id,text\na1,x\nb,y\n"a1 ",z\n')
    with pytest.raises(CorpusError, match=r"2 doc_id values differ only by spaces at their start "
                                          rf"or end: row 0 \('a1'\), row 2 \('a1 '\) in {where(path)}"):
        load_corpus(path)
    with pytest.raises(CorpusError, match=r"row 0 \('\\tx'\), row 1 \('x\\xa0'\)"):
        validate_corpus(pd.DataFrame({"doc_id": ["\tx", "x\xa0"], "text": ["a", "b"]}))


def test_an_id_with_spaces_but_no_twin_is_kept_as_written(tmp_path):
    path = write(tmp_path / "news.csv", 'doc_id,text\n" a1",x\nb,y\n')
    assert load_corpus(path)["doc_id"].tolist() == [" a1", "b"]


@pytest.mark.parametrize(("name", "header"), [("news.csv", "doc_id,text,text"),
                                              ("news.tsv", "doc_id\ttext\ttext")])
def test_a_repeated_header_column_is_an_error_naming_it(tmp_path, name, header):
    # pandas renamed the second to 'text.1' without a word
    sep = "," if name.endswith("csv") else "\t"
    path = write(tmp_path / name, f"{header}\na{sep}one{sep}two\n")
    with pytest.raises(CorpusError, match=rf"the header names a column more than once \('text' is "
                                          rf"column 2 and 3\) in {where(path)}, line 1"):
        load_corpus(path)


def test_a_repeated_json_key_is_an_error_naming_the_line(tmp_path):
    path = write(tmp_path / "news.jsonl",
                 '{"doc_id": "a", "text": "x"}\n{"doc_id": "b", "text": "y", "text": "z"}\n')
    with pytest.raises(CorpusError, match=rf"the key 'text' occurs twice in one object in "
                                          rf"{where(path)}, line 2"):
        load_corpus(path)


def test_an_explicit_column_option_naming_no_column_is_an_error(tmp_path):
    # it used to fall back silently to the file's doc_id column
    path = write(tmp_path / "news.csv", "doc_id,text\na,x\n")
    with pytest.raises(CorpusError, match=rf"column 'url' not found \(columns: doc_id, text\) in "
                                          rf"{where(path)}; pass id_col="):
        load_corpus(path, id_col="url")


def test_two_options_naming_one_column_is_an_error(tmp_path):
    path = write(tmp_path / "news.csv", "doc_id,body\na,x\n")
    with pytest.raises(CorpusError, match="text_col and title_col both name the column 'body'"):
        load_corpus(path, text_col="body", title_col="body")


# --------------------------------------------------------------------------- 9: lone surrogates


def test_lone_surrogate_in_jsonl_is_replaced_with_a_warning_naming_file_and_line(tmp_path):
    path = write(tmp_path / "news.jsonl",
                 '{"doc_id": "a", "text": "fine \\ud83d\\ude00"}\n'
                 '{"doc_id": "b", "text": "half \\ud800 pair", "tags": ["\\udfff"]}\n'
                 '{"doc_id": "c", "text": "escaped \\\\ud800 backslash"}\n')
    with pytest.warns(CorpusWarning, match=rf"2 lone surrogate escapes .* in {where(path)}, lines 2"):
        corpus = load_corpus(path)
    assert corpus["text"].tolist() == ["fine \U0001f600", "half \ufffd pair",
                                       "escaped \\ud800 backslash"]
    assert corpus["tags"].iloc[1] == ["\ufffd"]
    corpus.to_parquet(tmp_path / "out.parquet")  # pyarrow raised UnicodeEncodeError here


def test_no_warning_without_lone_surrogates(tmp_path):
    path = write(tmp_path / "news.jsonl", '{"doc_id": "a", "text": "\\ud83d\\ude00 \\\\udc00"}\n')
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert load_corpus(path)["text"].tolist() == ["\U0001f600 \\udc00"]


# --------------------------------------------------------------------------- messages


def test_metadata_listing_a_file_twice_is_a_duplicate_metadata_row(tmp_path):
    write(tmp_path / "a.txt", "Kyiv.")
    write(tmp_path / "b.txt", "Kharkiv.")
    metadata = write(tmp_path / "metadata.csv", "file,title\na.txt,A\nb.txt,B\na.txt,A again\n")
    with pytest.raises(CorpusError, match=rf"1 files have more than one metadata row \('a.txt' on "
                                          rf"lines 2, 4\) in {where(metadata)}; keep one row"):
        load_corpus(tmp_path)


def test_term_set_yaml_booleans_are_words(tmp_path):
    path = write(tmp_path / "sets.yaml",
                 "sets:\n  country:\n    terms:\n      Norway: [NO, norway]\n"
                 "      other: [on, off, yes, n, true]\n      no: [nope]\n")
    sets = toolkit.load_term_sets(path)
    assert sets["country"] == {"Norway": ["NO", "norway"],
                               "other": ["on", "off", "yes", "n", "true"], "no": ["nope"]}
    counts = toolkit.term_share(pd.DataFrame({"doc_id": ["a"], "text": ["NO and Norway"]}),
                                sets["country"], by=None)
    assert counts.set_index("label")["count"].to_dict() == {"Norway": 2, "other": 0, "no": 0}


def test_term_set_number_variant_says_to_quote(tmp_path):
    path = write(tmp_path / "sets.yaml", "year: [1945, '1991']\nother: [x]\n")
    with pytest.raises(TermSetError, match=r"non-text variant 1945 in .*label 'year'; YAML read "
                                           r"it as a number: put it in quotes"):
        toolkit.load_term_sets(path)


@pytest.mark.parametrize("source", [{"A": [], "B": ["b"]}, None, 3])
def test_load_term_sets_with_a_dict_or_other_object_is_a_clear_error(source):
    with pytest.raises(TermSetError, match=rf"reads a bundled name or a file path, got a "
                                           rf"{type(source).__name__} in the argument `source`; "
                                           r"pass a dict of terms straight to term_share"):
        toolkit.load_term_sets(source)


# --------------------------------------------------------------------------- generated corpora

# ids: any text that is not blank; texts: any text (commas, quotes, tabs, line breaks, U+2028...)
ids = st.text(min_size=1, max_size=12).filter(lambda s: s.strip() != "")
texts = st.text(max_size=40)


def _unique_after_strip(values: list[str]) -> bool:
    return len({v.strip() for v in values}) == len(values)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(ids, texts), min_size=1, max_size=6).filter(
    lambda rows: _unique_after_strip([i for i, _ in rows])))
def test_generated_csv_and_jsonl_corpora_round_trip_exactly(tmp_path, rows):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(["doc_id", "text"])
    writer.writerows(rows)
    csv_path = tmp_path / "gen.csv"
    csv_path.write_bytes(buffer.getvalue().encode("utf-8"))
    jsonl_path = tmp_path / "gen.jsonl"
    jsonl_path.write_text("".join(json.dumps({"doc_id": i, "text": t}, ensure_ascii=False) + "\n"
                                  for i, t in rows), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)  # empty texts
        for path in (csv_path, jsonl_path):
            corpus = load_corpus(path)
            assert corpus["doc_id"].tolist() == [i for i, _ in rows]
            assert corpus["text"].tolist() == [t for _, t in rows]


tsv_safe = st.text(st.characters(blacklist_characters="\t\n\r", blacklist_categories=("Cs",)),
                   max_size=30)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.integers(), st.floats(allow_nan=False, allow_infinity=False)),
                min_size=1, max_size=6).map(lambda numbers: [json.dumps(n) for n in numbers])
       .filter(lambda tokens: len(set(tokens)) == len(tokens)))
def test_generated_jsonl_number_ids_keep_their_json_text(tmp_path, tokens):
    path = tmp_path / "numbers.jsonl"
    path.write_text("".join(f'{{"doc_id": {token}, "text": "x"}}\n' for token in tokens),
                    encoding="utf-8")
    assert load_corpus(path)["doc_id"].tolist() == tokens


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(ids.filter(lambda s: not set(s) & {"\t", "\n", "\r"}),
                          st.one_of(tsv_safe, tsv_safe.map(lambda t: '"' + t))),
                min_size=1, max_size=6).filter(
    lambda rows: _unique_after_strip([i for i, _ in rows])))
def test_generated_tsv_corpora_round_trip_exactly_or_fail_naming_the_line(tmp_path, rows):
    path = tmp_path / "gen.tsv"
    path.write_bytes(("doc_id\ttext\n" + "".join(f"{i}\t{t}\n" for i, t in rows)).encode())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        corpus = load_corpus(path)
    assert corpus["doc_id"].tolist() == [i for i, _ in rows]
    assert corpus["text"].tolist() == [t for _, t in rows]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.text(st.characters(blacklist_characters=",\"\r\n",
                                               blacklist_categories=("Cs",)), max_size=5),
                         min_size=1, max_size=4), min_size=1, max_size=5))
def test_generated_csv_with_ragged_rows_fails_naming_a_line_with_the_wrong_count(tmp_path, body):
    lines = ["doc_id,text"] + [",".join(fields) for fields in body]
    path = tmp_path / "ragged.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    wrong = [n for n, fields in enumerate(body, start=2) if len(fields) != 2 and fields != [""]]
    if not wrong:
        return
    with pytest.raises(CorpusError) as info:
        load_corpus(path)
    assert f"line {wrong[0]} has {len(body[wrong[0] - 2])} fields" in str(info.value)
    assert str(path) in str(info.value)


# --------------------------------------------------------------------------- lexicon loading


def test_a_lexicon_read_from_a_file_equals_the_one_built_directly(tmp_path):
    # the readers skip Lexicon's second check of every entry; the result must be the same
    path = write(tmp_path / "lex.yaml",
                 "name: mine\nversion: 2\ncategories:\n  fear:\n    description: Fear words\n"
                 "    entries: [menace, 'threat*', {term: dire threat, weight: 2}]\n"
                 "    exclude: [menace index]\n  no: [no, NO]\n")
    got = toolkit.load_lexicon(path)
    built = Lexicon(
        "mine", ("fear", "no"),
        (LexiconEntry("menace", "fear"), LexiconEntry("threat*", "fear"),
         LexiconEntry("dire threat", "fear", 2.0), LexiconEntry("no", "no")),
        "2", {"fear": "Fear words"}, (("menace index", "fear"),))
    assert got == built
    assert [(m.group, m.entry) for m in got.matcher.find("No, a dire threat, threats.")] == [
        ("no", "no"), ("fear", "dire threat"), ("fear", "threat*")]
