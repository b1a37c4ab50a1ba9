"""Loading and validating corpora: every format, every bad input, inputs never modified."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import toolkit
from toolkit import CorpusError, load_corpus, validate_corpus
from toolkit.corpus import CorpusWarning

CONTRACT = ["doc_id", "outlet", "date", "title", "text"]


def plain(table: pd.DataFrame) -> pd.DataFrame:
    """Values only: object columns, every missing value as None (dtypes are not compared)."""
    return pd.DataFrame(
        {c: pd.Series([None if pd.isna(v) else v for v in table[c]], dtype=object)
         for c in table.columns}
    )


def assert_table(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert got.columns.tolist() == expected.columns.tolist()
    pd.testing.assert_frame_equal(plain(got), plain(expected), check_dtype=False)


def where(path: Path) -> str:
    """The file name as a regular expression (paths contain dots)."""
    return re.escape(str(path))


# Expected result of loading the same two documents from any format below.
EXPECTED = pd.DataFrame(
    {
        "doc_id": ["d1", "d2"],
        "outlet": ["Alpha", "Beta"],
        "date": [pd.Timestamp("2022-03-01"), pd.Timestamp("2023-11-30")],
        "title": ["One", "Two"],
        "text": ["Kiev said, \"no\".", "Kyiv’s reply\non two lines."],
        "author": ["Ann", "Bob"],
        "section": ["world", "opinion"],
    }
)

# Source table with the user's own column names; 'author' and 'section' are other columns.
SOURCE = pd.DataFrame(
    {
        "author": ["Ann", "Bob"],
        "id": ["d1", "d2"],
        "body": ["Kiev said, \"no\".", "Kyiv’s reply\non two lines."],
        "source": ["Alpha", "Beta"],
        "section": ["world", "opinion"],
        "published": ["2022-03-01", "2023-11-30"],
        "headline": ["One", "Two"],
    }
)
RENAMES = dict(text_col="body", id_col="id", outlet_col="source", date_col="published",
               title_col="headline")


def write(path: Path, kind: str) -> Path:
    if kind == "csv":
        SOURCE.to_csv(path, index=False)
    elif kind == "tsv":
        # TSV has no quoting, so no field may hold a tab or a line break: written by hand
        lines = ["\t".join(SOURCE.columns)]
        lines += ["\t".join(str(v).replace("\n", "\\n") for v in row)
                  for row in SOURCE.itertuples(index=False)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    elif kind == "jsonl":
        path.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in SOURCE.to_dict("records")),
            encoding="utf-8",
        )
    elif kind == "parquet":
        SOURCE.to_parquet(path)
    return path


@pytest.mark.parametrize(
    "name", ["news.csv", "news.tsv", "news.tab", "news.jsonl", "news.ndjson", "news.parquet",
             "NEWS.CSV"],
)
def test_load_every_format_renames_to_the_contract(tmp_path, name):
    kind = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl",
            ".parquet": "parquet"}[Path(name).suffix.lower()]
    path = write(tmp_path / name, kind)
    corpus = load_corpus(path, **RENAMES)
    # contract columns first, then the other columns in their original order
    assert corpus.columns.tolist() == [*CONTRACT, "author", "section"]
    expected = EXPECTED
    if kind == "tsv":  # the line break was written as backslash-n, which TSV keeps as is
        expected = EXPECTED.assign(text=EXPECTED["text"].str.replace("\n", "\\n"))
    assert_table(corpus, expected)
    assert pd.api.types.is_datetime64_any_dtype(corpus["date"])


def test_load_with_contract_names_needs_no_options(tmp_path):
    path = tmp_path / "news.csv"
    EXPECTED.assign(date=["2022-03-01", "2023-11-30"]).to_csv(path, index=False)
    assert_table(load_corpus(path), EXPECTED)


def test_csv_keeps_ids_and_words_that_look_like_numbers_or_missing(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text("doc_id,text,outlet\n007,NA,null\n010,None,N/A\n", encoding="utf-8")
    corpus = load_corpus(path)
    assert corpus["doc_id"].tolist() == ["007", "010"]
    assert corpus["text"].tolist() == ["NA", "None"]
    assert corpus["outlet"].tolist() == ["null", "N/A"]


def test_missing_optional_columns_are_added_empty(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text("doc_id,text\na,Kyiv.\n", encoding="utf-8")
    expected = pd.DataFrame({"doc_id": ["a"], "outlet": [None], "date": [pd.NaT],
                             "title": [None], "text": ["Kyiv."]})
    assert_table(load_corpus(path), expected)


def test_ids_are_made_from_row_numbers_when_there_is_no_id_column(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text("text\nOne.\nTwo.\n", encoding="utf-8")
    assert load_corpus(path)["doc_id"].tolist() == ["row-1", "row-2"]


def test_date_col_none_leaves_dates_alone(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text("doc_id,text,date\na,x,not a date\n", encoding="utf-8")
    corpus = load_corpus(path, date_col=None)
    assert corpus["date"].tolist() == ["not a date"]


def test_utf8_with_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "news.csv"
    path.write_bytes("\ufeffdoc_id,text\na,Київ café\n".encode())
    corpus = load_corpus(path)
    assert corpus.columns.tolist() == CONTRACT  # the BOM is not part of the first column name
    assert corpus["text"].tolist() == ["Київ café"]


def test_jsonl_with_bom_crlf_and_blank_lines(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"doc_id": "a", "text": "x"}\r\n\r\n{"doc_id": "b", "text": "y"}\r\n')
    assert load_corpus(path)[["doc_id", "text"]].values.tolist() == [["a", "x"], ["b", "y"]]


def test_jsonl_texts_with_unicode_line_separators(tmp_path):
    # json.dumps(ensure_ascii=False) leaves U+2028, U+2029 and U+0085 unescaped
    texts = ["line one\u2028line two", "x\u0085y", "p\u2029q"]
    path = tmp_path / "news.jsonl"
    path.write_text(
        "".join(json.dumps({"doc_id": f"d{i}", "text": t}, ensure_ascii=False) + "\n"
                for i, t in enumerate(texts)),
        encoding="utf-8",
    )
    assert load_corpus(path)["text"].tolist() == texts


def test_crlf_csv(tmp_path):
    path = tmp_path / "news.csv"
    path.write_bytes(b"doc_id,text\r\na,One.\r\nb,Two.\r\n")
    assert load_corpus(path)["text"].tolist() == ["One.", "Two."]


# --------------------------------------------------------------------------- folders of .txt


def test_folder_of_text_files_without_metadata(tmp_path):
    (tmp_path / "Alpha").mkdir()
    (tmp_path / "Beta").mkdir()
    (tmp_path / "Alpha" / "2022-03-01-kiev.txt").write_text("Kiev regime.", encoding="utf-8")
    (tmp_path / "Beta" / "story.txt").write_bytes("\ufeffKyiv’s.".encode())
    (tmp_path / "top.txt").write_text("Top.\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not a document", encoding="utf-8")
    expected = pd.DataFrame(
        {
            "doc_id": ["Alpha/2022-03-01-kiev", "Beta/story", "top"],
            "outlet": ["Alpha", "Beta", None],
            "date": [pd.Timestamp("2022-03-01"), pd.NaT, pd.NaT],
            "title": [None, None, None],
            "text": ["Kiev regime.", "Kyiv’s.", "Top.\n"],
            "file": ["Alpha/2022-03-01-kiev.txt", "Beta/story.txt", "top.txt"],
        }
    )
    assert_table(load_corpus(tmp_path), expected)


def test_folder_with_metadata_csv(tmp_path):
    (tmp_path / "Alpha").mkdir()
    (tmp_path / "Alpha" / "2022-03-01-kiev.txt").write_text("Kiev regime.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Kyiv.", encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(
        "file,title,outlet,date,author\n"
        "Alpha/2022-03-01-kiev.txt,T,AlphaNews,,Ann\n"
        "b.txt,S,Beta,2023-05-06,Bob\n",
        encoding="utf-8",
    )
    expected = pd.DataFrame(
        {
            "doc_id": ["Alpha/2022-03-01-kiev", "b"],
            "outlet": ["AlphaNews", "Beta"],  # metadata overrides the folder name
            "date": [pd.Timestamp("2022-03-01"), pd.Timestamp("2023-05-06")],  # or fills in
            "title": ["T", "S"],
            "text": ["Kiev regime.", "Kyiv."],
            "file": ["Alpha/2022-03-01-kiev.txt", "b.txt"],
            "author": ["Ann", "Bob"],
        }
    )
    assert_table(load_corpus(tmp_path), expected)


def test_folder_metadata_naming_missing_files(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    metadata = tmp_path / "metadata.csv"
    metadata.write_text("file,title\na.txt,A\nghost.txt,G\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=rf"1 files that do not exist: 'ghost.txt' in {where(metadata)}"):
        load_corpus(tmp_path)


def test_folder_text_file_without_metadata_row_warns(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "b.txt").write_text("y", encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("file,title\na.txt,A\n", encoding="utf-8")
    with pytest.warns(CorpusWarning, match="1 text files have no row .*'b.txt'"):
        corpus = load_corpus(tmp_path)
    assert plain(corpus)["title"].tolist() == ["A", None]


def test_folder_metadata_without_key_column(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("name,title\na.txt,A\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="no 'file' or 'doc_id' column .*columns: name, title"):
        load_corpus(tmp_path)


def test_folder_without_text_files(tmp_path):
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    with pytest.raises(CorpusError, match=rf"no \.txt files found in folder {where(tmp_path)}"):
        load_corpus(tmp_path)


def test_folder_with_undecodable_file_names_file_and_line(tmp_path):
    (tmp_path / "good.txt").write_text("fine", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"first line\nsecond caf\xe9 line")
    with pytest.raises(CorpusError, match=rf"b'\\xe9 li' are not valid UTF-8 in {where(bad)}, line 2, column 11"):
        load_corpus(tmp_path)


# --------------------------------------------------------------------------- bad files


def test_missing_file(tmp_path):
    path = tmp_path / "nope.csv"
    with pytest.raises(CorpusError, match=rf"file or folder not found in {where(path)}"):
        load_corpus(path)


def test_unknown_suffix(tmp_path):
    path = tmp_path / "news.xlsx"
    path.write_bytes(b"PK")
    with pytest.raises(CorpusError, match=rf"unknown corpus format '\.xlsx' in {where(path)}; use one of .*\.csv"):
        load_corpus(path)


def test_bad_json_line_names_the_line(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text('{"doc_id": "a", "text": "x"}\n\n{"doc_id": "b", "text": "y"\n',
                    encoding="utf-8")
    with pytest.raises(CorpusError, match=rf"invalid JSON .* in {where(path)}, line 3;"):
        load_corpus(path)


def test_json_line_that_is_not_an_object(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text('{"doc_id": "a", "text": "x"}\n[1, 2]\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=rf"expected a JSON object, found list in {where(path)}, line 2"):
        load_corpus(path)


def test_empty_jsonl(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text("\n\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=rf"no documents in {where(path)}"):
        load_corpus(path)


def test_empty_csv(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(CorpusError, match=rf"the file is empty in {where(path)}"):
        load_corpus(path)


def test_unreadable_parquet(tmp_path):
    path = tmp_path / "news.parquet"
    path.write_bytes(b"not parquet at all")
    with pytest.raises(CorpusError, match=rf"cannot read Parquet .* in {where(path)}"):
        load_corpus(path)


@pytest.mark.parametrize(
    ("name", "raw", "line", "column"),
    [
        # cp1252 / latin-1 "é" in a CSV
        ("news.csv", "doc_id,text\na,ok\nb,café\n".encode("cp1252"), 3, 6),
        ("news.tsv", "doc_id\ttext\nb,\tdéjà\n".encode("latin-1"), 2, 5),
        ("news.jsonl", '{"doc_id": "a", "text": "ok"}\n{"doc_id": "b", "text": "caf\xe9"}\n'
         .encode("latin-1"), 2, 29),
    ],
)
def test_undecodable_bytes_name_file_and_line(tmp_path, name, raw, line, column):
    path = tmp_path / name
    path.write_bytes(raw)
    with pytest.raises(CorpusError,
                       match=rf"not valid UTF-8 in {where(path)}, line {line}, column {column}"):
        load_corpus(path)


def test_utf16_is_reported_not_mangled(tmp_path):
    path = tmp_path / "news.csv"
    path.write_bytes("doc_id,text\na,Kyiv\n".encode("utf-16"))
    with pytest.raises(CorpusError, match=rf"not valid UTF-8 in {where(path)}, line 1, column 1 "):
        load_corpus(path)


def test_missing_text_column_in_file_lists_columns(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text("doc_id,body,outlet\na,x,A\n", encoding="utf-8")
    with pytest.raises(
        CorpusError,
        match=rf"column 'text' not found \(columns: doc_id, body, outlet\) in {where(path)}; pass text_col",
    ):
        load_corpus(path)


def test_wrong_text_col_option(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text("doc_id,body\na,x\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"column 'content' not found \(columns: doc_id, body\)"):
        load_corpus(path, text_col="content")


def test_wrong_outlet_col_option(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text("doc_id,text\na,x\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"column 'source' not found .*pass outlet_col="):
        load_corpus(path, outlet_col="source")


def test_rename_onto_an_existing_column_replaces_it_and_says_so(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text("doc_id,text,body\na,x,y\n", encoding="utf-8")
    with pytest.warns(CorpusWarning, match=r"text_col='body' replaces the source's own 'text' "
                                           rf"column, which is dropped \({where(path)}\)"):
        corpus = load_corpus(path, text_col="body")
    assert corpus.columns.tolist() == CONTRACT
    assert corpus["text"].tolist() == ["y"]


def test_duplicate_ids_in_file_name_the_ids_rows_and_file(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text("doc_id,text\na,1\nb,2\na,3\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=rf"1 doc_id values occur more than once: 'a' \(rows 0, 2\) in {where(path)}"):
        load_corpus(path)


def test_bad_dates_in_file_name_rows_and_values(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text("doc_id,text,date\na,x,2022-01-01\nb,y,yesterday\nc,z,\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=rf"1 dates cannot be parsed: row 1 \('yesterday'\) in {where(path)}"):
        load_corpus(path)


# --------------------------------------------------------------------------- validate_corpus


def test_validate_returns_contract_columns_then_others():
    df = pd.DataFrame({"z": [1], "text": ["x"], "title": ["T"], "doc_id": ["a"], "a": [2]})
    got = validate_corpus(df)
    expected = pd.DataFrame({"doc_id": ["a"], "outlet": [None], "date": [pd.NaT], "title": ["T"],
                             "text": ["x"], "z": [1], "a": [2]})
    assert_table(got, expected)


def test_validate_resets_index_and_stringifies_ids():
    df = pd.DataFrame({"doc_id": [10, 20], "text": ["x", "y"]}, index=[5, 3])
    got = validate_corpus(df)
    assert got.index.tolist() == [0, 1]
    assert got["doc_id"].tolist() == ["10", "20"]


def test_validate_keeps_the_local_time_of_time_zone_aware_dates():
    # 02:00 in Kyiv is 00:00 UTC; the document's day and hour as published are kept
    df = pd.DataFrame({"doc_id": ["a"], "text": ["x"],
                       "date": pd.to_datetime(["2022-03-01 02:00"]).tz_localize("Europe/Kyiv")})
    assert validate_corpus(df)["date"].tolist() == [pd.Timestamp("2022-03-01 02:00")]


def test_validate_parses_date_strings_and_keeps_missing_dates():
    df = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": ["x", "y", "z"],
                       "date": ["2022-03-01", None, "2023-01-02T10:00:00Z"]})
    got = validate_corpus(df)["date"].tolist()
    assert got[0] == pd.Timestamp("2022-03-01")
    assert got[1] is pd.NaT
    assert got[2] == pd.Timestamp("2023-01-02 10:00")


def test_validate_not_a_dataframe():
    with pytest.raises(CorpusError, match="must be a pandas DataFrame, got list"):
        validate_corpus([{"doc_id": "a", "text": "x"}])


def test_validate_missing_text_column():
    df = pd.DataFrame({"doc_id": ["a"], "body": ["x"]})
    with pytest.raises(CorpusError, match=r"column 'text' not found \(columns: doc_id, body\) in corpus"):
        validate_corpus(df)


def test_validate_missing_doc_id_column():
    with pytest.raises(CorpusError, match=r"column 'doc_id' not found \(columns: text\)"):
        validate_corpus(pd.DataFrame({"text": ["x"]}))


def test_validate_duplicate_ids_lists_a_few():
    ids = ["a", "b", "a", "c", "c", "d", "d", "e", "e", "f", "f", "g", "g"]
    df = pd.DataFrame({"doc_id": ids, "text": ["x"] * len(ids)})
    with pytest.raises(
        CorpusError,
        match=r"6 doc_id values occur more than once: 'a', 'c', 'd', 'e', 'f' and 1 more "
              r"\(rows 0, 2, 3, 4, 5 and 7 more\) in corpus",
    ):
        validate_corpus(df)


def test_validate_ids_equal_as_strings_are_duplicates():
    df = pd.DataFrame({"doc_id": [1, "1"], "text": ["x", "y"]})
    with pytest.raises(CorpusError, match=r"occur more than once: '1' \(rows 0, 1\)"):
        validate_corpus(df)


def test_validate_empty_ids_name_the_rows():
    df = pd.DataFrame({"doc_id": ["a", "", None, "  ", "e"], "text": list("vwxyz")})
    with pytest.raises(CorpusError, match=r"3 empty doc_id values \(rows 1, 2, 3\) in corpus"):
        validate_corpus(df)


def test_validate_non_string_texts_name_rows_and_types():
    df = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": ["ok", 3, b"bytes"]})
    with pytest.raises(CorpusError, match=r"2 texts are not strings: row 1 \(int\), row 2 \(bytes\)"):
        validate_corpus(df)


def test_validate_unparseable_dates_name_rows_and_values():
    df = pd.DataFrame({"doc_id": list("abcdefgh"), "text": list("abcdefgh"),
                       "date": ["2022-01-01", "not a date", "2022-13-45", "", None,
                                "x1", "x2", "x3"]})
    with pytest.raises(
        CorpusError,
        match=r"5 dates cannot be parsed: row 1 \('not a date'\), row 2 \('2022-13-45'\), "
              r"row 5 \('x1'\), row 6 \('x2'\), row 7 \('x3'\) in corpus",
    ):
        validate_corpus(df)


def test_validate_empty_texts_warn_count_and_are_kept():
    df = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "text": ["ok", "", None, "  \n"]})
    with pytest.warns(CorpusWarning, match=r"3 of 4 documents have empty text \(rows 1, 2, 3\)"):
        got = validate_corpus(df)
    assert got["doc_id"].tolist() == ["a", "b", "c", "d"]
    assert got["text"].tolist() == ["ok", "", "", "  \n"]


def test_validate_duplicate_column_names():
    df = pd.DataFrame([["a", "x", "y"]], columns=["doc_id", "text", "text"])
    with pytest.raises(CorpusError, match="duplicate column names 'text'"):
        validate_corpus(df)


# --------------------------------------------------------------------------- inputs unchanged


def test_validate_does_not_modify_the_callers_dataframe():
    df = pd.DataFrame(
        {"text": ["Kyiv.", None, ""], "doc_id": [3, 1, 2], "date": ["2022-01-01", None, "2023-02-03"],
         "extra": [1.5, 2.5, 3.5]},
        index=[10, 11, 12],
    )
    before = df.copy(deep=True)
    with pytest.warns(CorpusWarning):
        got = validate_corpus(df)
    pd.testing.assert_frame_equal(df, before)
    got.loc[0, "text"] = "changed"
    got.loc[0, "extra"] = 0.0
    pd.testing.assert_frame_equal(df, before)


@pytest.mark.parametrize("kind", ["csv", "tsv", "jsonl", "parquet"])
def test_load_does_not_modify_the_file(tmp_path, kind):
    path = write(tmp_path / f"news.{kind}", kind)
    raw, mtime = path.read_bytes(), path.stat().st_mtime_ns
    load_corpus(path, **RENAMES)
    assert path.read_bytes() == raw
    assert path.stat().st_mtime_ns == mtime


def test_load_does_not_modify_a_folder(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("file,title\na.txt,A\n", encoding="utf-8")
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in tmp_path.iterdir()}
    load_corpus(tmp_path)
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in tmp_path.iterdir()}
    assert after == before


# --------------------------------------------------------------------------- demo and real data


def test_demo_corpus(demo):
    assert demo.columns.tolist()[:5] == CONTRACT
    counts = demo["outlet"].value_counts()
    assert len(counts) == 4
    assert (counts >= 15).all()
    assert demo["doc_id"].is_unique
    assert demo["date"].notna().all()
    assert demo["date"].min() >= pd.Timestamp("2022-01-01")
    assert demo["date"].max() < pd.Timestamp("2026-01-01")
    words = demo["text"].map(lambda text: len(toolkit.tokenize(text)))
    assert words.between(300, 800).all(), words[~words.between(300, 800)]
    assert toolkit.demo_corpus_path().name == "articles.jsonl"


def test_import_toolkit_does_no_work():
    code = "import toolkit, sys; print('pandas' in sys.modules, 'numpy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.split() == ["False", "False"]


def test_basil_loads_300_unique_documents_from_3_outlets(basil_articles, basil_spans):
    # 300 articles; the four HuffPost articles that share the doc_id "empty" get derived ids
    assert len(basil_articles) == 300
    assert not basil_spans["doc_id"].eq("empty").any()
    assert basil_spans["doc_id"].isin(basil_articles["doc_id"]).all()
    assert basil_articles["doc_id"].is_unique
    assert basil_articles["outlet"].nunique() == 3
    assert basil_articles["text"].str.len().gt(0).all()


def test_dates_keep_their_local_day_and_numbers_are_years(tmp_path):
    table = toolkit.validate_corpus(pd.DataFrame({
        "doc_id": ["a", "b", "c"],
        "date": ["2022-12-31T22:00:00-05:00", "2022-03-01T10:00:00+02:00", None],
        "text": ["x", "y", "z"],
    }))
    # published late on New Year's Eve in New York: still 2022, not 2023-01-01 in UTC
    assert table["date"].tolist()[:2] == [pd.Timestamp("2022-12-31 22:00"),
                                         pd.Timestamp("2022-03-01 10:00")]
    years = toolkit.validate_corpus(pd.DataFrame({"doc_id": ["a"], "date": [2022],
                                                  "text": ["x"]}))
    assert years["date"].tolist() == [pd.Timestamp("2022-01-01")]
    with pytest.raises(CorpusError, match=r"row 0 \('1656633600'\)"):
        toolkit.validate_corpus(pd.DataFrame({"doc_id": ["a"], "date": [1656633600],
                                              "text": ["x"]}))


def test_subset_date_to_includes_the_whole_day():
    corpus = toolkit.validate_corpus(pd.DataFrame({
        "doc_id": ["a", "b", "c"],
        "date": ["2024-01-31T09:30:00", "2024-01-31", "2024-02-01T00:00:00"],
        "text": ["x", "y", "z"],
    }))
    assert toolkit.subset_corpus(corpus, date_to="2024-01-31")["doc_id"].tolist() == ["a", "b"]


def test_folder_skips_hidden_checkpoint_copies(tmp_path):
    folder = tmp_path / "fold" / "Wire"
    (folder / ".ipynb_checkpoints").mkdir(parents=True)
    (folder / "2022-03-01-a.txt").write_text("Kyiv said.", encoding="utf-8")
    (folder / ".ipynb_checkpoints" / "2022-03-01-a-checkpoint.txt").write_text(
        "Kyiv said.", encoding="utf-8")
    assert toolkit.load_corpus(tmp_path / "fold")["doc_id"].tolist() == ["Wire/2022-03-01-a"]


# --------------------------------------------------------------------------- compressed files


def _compress(path: Path, suffix: str) -> Path:
    """``path`` compressed next to it as ``path + suffix``, with the standard tools' formats."""
    import bz2
    import gzip
    import lzma

    import pyarrow as pa

    target = path.with_name(path.name + suffix)
    raw = path.read_bytes()
    if suffix.lower() == ".gz":
        target.write_bytes(gzip.compress(raw))
    elif suffix.lower() == ".bz2":
        target.write_bytes(bz2.compress(raw))
    elif suffix.lower() == ".xz":
        target.write_bytes(lzma.compress(raw))
    else:
        target.write_bytes(pa.Codec("zstd").compress(raw, asbytes=True))
    return target


@pytest.mark.parametrize("suffix", [".gz", ".bz2", ".xz", ".zst"])
@pytest.mark.parametrize("name", ["news.csv", "news.tsv", "news.jsonl", "news.parquet"])
def test_compressed_files_load_like_the_plain_ones(tmp_path, name, suffix):
    kind = Path(name).suffix[1:]
    plain_path = write(tmp_path / name, kind)
    compressed = _compress(plain_path, suffix.upper() if suffix == ".gz" else suffix)
    assert_table(load_corpus(compressed, **RENAMES), load_corpus(plain_path, **RENAMES))


def test_compressed_file_in_several_members_and_with_bom(tmp_path):
    import gzip

    path = tmp_path / "news.jsonl.gz"
    path.write_bytes(gzip.compress(b'\xef\xbb\xbf{"doc_id": "a", "text": "x"}\n')
                     + gzip.compress(b'{"doc_id": "b", "text": "y"}'))
    assert load_corpus(path)["doc_id"].tolist() == ["a", "b"]


def test_compressed_non_utf8_names_the_line_of_the_decompressed_text(tmp_path):
    plain_path = tmp_path / "news.csv"
    plain_path.write_bytes("doc_id,text\na,ok\nb,café\n".encode("cp1252"))
    path = _compress(plain_path, ".xz")
    with pytest.raises(CorpusError, match=rf"not valid UTF-8 in {where(path)}, line 3, column 6"):
        load_corpus(path)


@pytest.mark.parametrize("suffix", [".gz", ".bz2", ".xz", ".zst"])
def test_damaged_compressed_file_is_a_corpus_error(tmp_path, suffix):
    plain_path = write(tmp_path / "news.jsonl", "jsonl")
    path = _compress(plain_path, suffix)
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])  # truncated
    with pytest.raises(CorpusError, match=rf"cannot decompress the .* data .* in {where(path)}; "
                                          r"the file is damaged, truncated"):
        load_corpus(path)


def test_compressed_suffix_without_a_format_is_named(tmp_path):
    path = tmp_path / "news.gz"
    path.write_bytes(b"")
    with pytest.raises(CorpusError, match=rf"unknown corpus format '\.gz' in {where(path)}; use one "
                                          r"of .*compressed as \.gz, \.bz2, \.xz, \.zst"):
        load_corpus(path)


@pytest.mark.parametrize("name", ["ukraine_media", "allsides"])
def test_real_compressed_corpora_load(name):
    from conftest import SHARED_DATA

    path = SHARED_DATA / name / "articles.jsonl.gz"
    if not path.exists():
        pytest.skip(f"real data not present: {path}")
    corpus = load_corpus(path)
    # counts from each corpus's README
    n_docs, n_outlets = {"ukraine_media": (6737, 14), "allsides": (20000, 304)}[name]
    assert len(corpus) == n_docs
    assert corpus["outlet"].nunique() == n_outlets
    assert corpus["doc_id"].is_unique and corpus["date"].notna().all()


# --------------------------------------------------------------------------- single .txt files


def test_single_txt_file_is_one_document(tmp_path):
    path = tmp_path / "2022-03-01-speech.txt"
    path.write_text("Kyiv said.\nTwo lines.", encoding="utf-8")
    expected = pd.DataFrame({"doc_id": ["2022-03-01-speech"], "outlet": [None],
                             "date": [pd.Timestamp("2022-03-01")], "title": [None],
                             "text": ["Kyiv said.\nTwo lines."],
                             "file": ["2022-03-01-speech.txt"]})
    assert_table(load_corpus(path), expected)
    assert_table(load_corpus(_compress(path, ".bz2")),
                 expected.assign(file=["2022-03-01-speech.txt.bz2"]))


def test_folder_reads_compressed_text_files(tmp_path):
    (tmp_path / "Alpha").mkdir()
    write_text = (tmp_path / "Alpha" / "a.txt").write_text
    write_text("Kyiv.", encoding="utf-8")
    _compress(tmp_path / "Alpha" / "a.txt", ".gz")
    (tmp_path / "Alpha" / "a.txt").unlink()
    (tmp_path / "b.txt").write_text("Kharkiv.", encoding="utf-8")
    corpus = plain(load_corpus(tmp_path))
    assert corpus[["doc_id", "outlet", "text", "file"]].values.tolist() == [
        ["Alpha/a", "Alpha", "Kyiv.", "Alpha/a.txt.gz"], ["b", None, "Kharkiv.", "b.txt"]]


# --------------------------------------------------------------------------- ids and columns


def test_id_col_replaces_an_existing_doc_id_and_says_so(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text("doc_id,url,text\nx,https://a.example/1,One.\nx,https://a.example/2,Two.\n",
                    encoding="utf-8")
    with pytest.warns(CorpusWarning, match=r"id_col='url' replaces the source's own 'doc_id' "
                                           r"column, which is dropped"):
        corpus = load_corpus(path, id_col="url")
    assert corpus.columns.tolist() == CONTRACT
    assert corpus["doc_id"].tolist() == ["https://a.example/1", "https://a.example/2"]


def test_outlet_and_date_columns_with_a_date_format(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text("id,source,published,text\na,Alpha,03/01/2022,x\nb,Beta,30/11/2023,y\n",
                    encoding="utf-8")
    corpus = load_corpus(path, id_col="id", outlet_col="source", date_col="published",
                         date_format="%d/%m/%Y")
    assert corpus["outlet"].tolist() == ["Alpha", "Beta"]
    assert corpus["date"].tolist() == [pd.Timestamp("2022-01-03"), pd.Timestamp("2023-11-30")]


def test_make_ids_are_content_hashes_stable_under_reordering(tmp_path):
    import hashlib

    rows = "outlet,date,title,text\nAlpha,2022-03-01,One,Kyiv.\nBeta,,,Kharkiv.\nAlpha,2022-03-01,One,Kyiv.\n"
    path = tmp_path / "news.csv"
    path.write_text(rows, encoding="utf-8")
    corpus = load_corpus(path, make_ids=True)
    first = "doc-" + hashlib.sha256(b"Alpha\x1f2022-03-01\x1fOne\x1fKyiv.").hexdigest()[:16]
    second = "doc-" + hashlib.sha256(b"Beta\x1f\x1f\x1fKharkiv.").hexdigest()[:16]
    assert corpus["doc_id"].tolist() == [first, second, first + "-2"]
    reordered = tmp_path / "reordered.csv"
    lines = rows.splitlines()
    reordered.write_text("\n".join([lines[0], lines[2], lines[1]]) + "\n", encoding="utf-8")
    assert load_corpus(reordered, make_ids=True)["doc_id"].tolist() == [second, first]


def test_make_ids_replaces_broken_ids_and_refuses_id_col(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text('{"doc_id": "empty", "text": "a"}\n{"doc_id": "empty", "text": "b"}\n',
                    encoding="utf-8")
    with pytest.raises(CorpusError, match="occur more than once"):
        load_corpus(path)
    with pytest.warns(CorpusWarning, match="make_ids=True replaces the source's own 'doc_id'"):
        assert load_corpus(path, make_ids=True)["doc_id"].is_unique
    with pytest.raises(CorpusError, match=r"both id_col='url' and make_ids=True were given in "):
        load_corpus(path, id_col="url", make_ids=True)


def test_make_ids_loads_basil_whose_ids_repeat():
    from conftest import BASIL

    path = BASIL / "articles.jsonl"
    if not path.exists():
        pytest.skip(f"real data not present: {path}")
    with pytest.warns(CorpusWarning, match="make_ids=True replaces"):
        corpus = load_corpus(path, make_ids=True)
    assert len(corpus) == 300 and corpus["doc_id"].is_unique


# --------------------------------------------------------------------------- command line


def test_cli_passes_loading_options_to_the_report(monkeypatch):
    import toolkit.report
    from toolkit.__main__ import main

    seen = {}
    monkeypatch.setattr(toolkit.report, "run_report", lambda *a, **k: seen.update(k) or "out")
    assert main(["report", "news.csv", "--quiet", "--id-col", "url", "--outlet-col", "source",
                 "--date-col", "published", "--date-format", "%d/%m/%Y", "--make-ids"]) == 0
    assert seen["load_options"] == {"id_col": "url", "outlet_col": "source",
                                    "date_col": "published", "date_format": "%d/%m/%Y",
                                    "make_ids": True}
    assert main(["report", "news.csv", "--quiet"]) == 0
    assert seen["load_options"] == {}  # defaults are not passed: nothing changes


def test_cli_reports_a_loading_error_with_the_file(tmp_path, capsys):
    from toolkit.__main__ import main

    path = tmp_path / "news.csv"
    path.write_text("doc_id,text,date\na,x,01/02/2022\n", encoding="utf-8")
    assert main(["report", str(path), "--out", str(tmp_path / "out"), "--quiet"]) == 2
    assert "ambiguous" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_report_notebooks_see_the_corpus_as_loaded_with_the_options(tmp_path):
    import json as json_

    pytest.importorskip("papermill")
    from toolkit.report import run_report

    path = tmp_path / "news.csv"
    path.write_text("doc_id,url,source,published,text\n"
                    "x,u1,Alpha,13/02/2022,The Kiev regime said.\n"
                    "x,u2,Beta,01/03/2022,Kyiv said the war goes on.\n", encoding="utf-8")
    options = {"id_col": "url", "outlet_col": "source", "date_col": "published",
               "date_format": "%d/%m/%Y"}
    with pytest.warns(CorpusWarning, match="replaces the source's own 'doc_id'"):
        out = run_report(path, out=tmp_path / "out", notebooks=["01_quickstart"],
                         load_options=options, progress=False)
    manifest = json_.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["corpus"]["load_options"] == options
    # recorded as seen from the report folder: no absolute path of the building machine
    assert manifest["corpus"]["path"] == "../news.csv"
    saved = pd.read_parquet(out / "notebooks" / "corpus.parquet")
    assert saved["doc_id"].tolist() == ["u1", "u2"]
    assert saved["date"].tolist() == [pd.Timestamp("2022-02-13"), pd.Timestamp("2022-03-01")]
    assert "notebooks/corpus.parquet" in manifest["files"]


def test_cli_quiet_prints_no_loading_warning(monkeypatch, capsys):
    import warnings

    import toolkit.report
    from toolkit.__main__ import main
    from toolkit.corpus import CorpusWarning

    def warn_then_return(*args, **kwargs):
        warnings.warn("make_ids=True replaces 3 ids", CorpusWarning, stacklevel=1)
        return "out"

    monkeypatch.setattr(toolkit.report, "run_report", warn_then_return)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert main(["report", "news.csv", "--quiet"]) == 0
    assert caught == [] and capsys.readouterr() == ("", "")
    with pytest.warns(CorpusWarning, match="replaces 3 ids"):  # without --quiet it is shown
        assert main(["report", "news.csv"]) == 0
