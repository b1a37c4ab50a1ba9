"""Load and validate corpora: one row per document, with a fixed set of columns.

The corpus contract
-------------------
A corpus is a :class:`pandas.DataFrame` with one row per document and the columns

``doc_id``
    unique, non-empty string identifier;
``outlet``
    the publishing outlet (missing values allowed);
``date``
    ``datetime64`` (``NaT`` where unknown);
``title``
    headline (missing values allowed);
``text``
    the document's text, a string (may be empty; empty texts are counted in a warning);

followed by every other column of the source, untouched.
"""

from __future__ import annotations

import bz2
import csv
import gzip
import hashlib
import io
import json
import lzma
import re
import warnings
import zlib
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from toolkit._errors import format_message, preview
from toolkit.scan import _arrow_strings

__all__ = [
    "CorpusError",
    "CorpusWarning",
    "load_corpus",
    "validate_corpus",
    "demo_corpus",
    "demo_corpus_path",
    "subset_corpus",
    "describe_corpus",
    "CONTRACT_COLUMNS",
]

CONTRACT_COLUMNS = ("doc_id", "outlet", "date", "title", "text")

_FORMATS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".txt": "txt",
}
# compression suffix -> name; each is read as a stream by the standard library (gzip, bz2,
# lzma) or, for Zstandard, by pyarrow (already a dependency), never unpacked to disk
_COMPRESSIONS = {".gz": "gzip", ".bz2": "bz2", ".xz": "xz", ".zst": "zstd"}
_DATE_IN_NAME_RE = re.compile(r"(\d{4}-\d{2}-\d{2})")
# d/m/yyyy or m/d/yyyy (also with '.' or '-'), at the start of a value; the rest (a time) is kept
_SLASH_DATE_RE = re.compile(r"\s*(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?!\d)")
# a JSON escape of half a UTF-16 surrogate pair; only these can put a lone surrogate in a text
_SURROGATE_ESCAPE_RE = re.compile(r"\\u[dD][89a-fA-F]")
_LONE_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_CHUNK = 1 << 20


class CorpusError(ValueError):
    """A corpus file or table breaks the corpus contract; the message says where and how to fix."""


class CorpusWarning(UserWarning):
    """Something in a corpus is suspicious but kept (for example empty texts)."""


class _DuplicateKey(Exception):
    """A JSON object repeats a key (json.loads would keep the last value silently)."""


# --------------------------------------------------------------------------- reading bytes


def _kind(path: Path) -> tuple[str | None, str | None]:
    """(format, compression) from the file name: ``news.jsonl.gz`` is ("jsonl", "gzip")."""
    suffix = path.suffix.lower()
    compression = _COMPRESSIONS.get(suffix)
    inner = Path(path.stem).suffix.lower() if compression else suffix
    return _FORMATS.get(inner), compression


def _chunks(path: Path, compression: str | None) -> Iterator[bytes]:
    """The file's (decompressed) bytes in blocks; read errors become a CorpusError."""
    try:
        if compression is None:
            handle = path.open("rb")
        elif compression == "gzip":
            handle = gzip.open(path, "rb")
        elif compression == "bz2":
            handle = bz2.open(path, "rb")
        elif compression == "xz":
            handle = lzma.open(path, "rb")
        else:
            import pyarrow

            handle = pyarrow.input_stream(str(path), compression="zstd")
        with handle:
            while block := handle.read(_CHUNK):
                yield block
    except (OSError, EOFError, lzma.LZMAError, zlib.error) as err:
        if compression is None:
            raise CorpusError(format_message(f"cannot read the file ({err})", where=str(path))
                              ) from None
        raise CorpusError(
            format_message(
                f"cannot decompress the {compression} data ({type(err).__name__}: {err})",
                where=str(path),
                fix="the file is damaged, truncated or not really "
                    f"{compression}-compressed; download or compress it again",
            )
        ) from None


def _read_all(path: Path, compression: str | None) -> bytes:
    return b"".join(_chunks(path, compression))


def _lines(path: Path, compression: str | None) -> Iterator[bytes]:
    """The file's lines split at b"\\n" only (JSON strings may hold U+2028 and friends)."""
    rest = b""
    for block in _chunks(path, compression):
        parts = (rest + block).split(b"\n")
        rest = parts.pop()
        yield from parts
    if rest:
        yield rest


def _utf8_error(raw: bytes, err: UnicodeDecodeError, where: str, line: int, column: int,
                offset: int) -> CorpusError:
    bad = raw[err.start : err.start + 4]
    return CorpusError(
        format_message(
            f"bytes {bad!r} are not valid UTF-8",
            where=f"{where}, line {line}, column {column} (byte offset {offset})",
            fix="re-save the file as UTF-8, e.g. `iconv -f cp1252 -t utf-8 in.csv > out.csv`",
        )
    )


def _decode(raw: bytes, where: str) -> str:
    """UTF-8 (with or without a byte-order mark), or a CorpusError naming line and byte."""
    encoding = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        raise _utf8_error(raw, err, where, line, column, err.start) from None


def _read_delimited(path: Path, sep: str, compression: str | None = None
                    ) -> tuple[pd.DataFrame, list[int]]:
    """A CSV (RFC 4180 quoting) or TSV (no quoting) file as text columns, with each row's line.

    Read with :mod:`csv` rather than pandas so that nothing is guessed: every record must have
    as many fields as the header (pandas would use a surplus first field as the index and shift
    every column), header names must be unique (pandas renames a second ``text`` to ``text.1``),
    and every value stays text exactly as written (empty fields become missing values).
    """
    where = str(path)
    text = _decode(_read_all(path, compression), where)
    if sep == "\t":
        dialect = {"delimiter": "\t", "quoting": csv.QUOTE_NONE}
    else:
        dialect = {"delimiter": sep, "quotechar": '"', "doublequote": True, "strict": True}
    reader = csv.reader(io.StringIO(text, newline=""), **dialect)
    header: list[str] | None = None
    header_line = 0
    rows: list[list[str]] = []
    lines: list[int] = []
    start = 1
    # a field can be as long as the file; csv's limit (128 KiB by default) is raised for this
    # read only and restored after it
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))
    try:
        for row in reader:
            line, start = start, reader.line_num + 1
            if not row:
                continue  # blank line
            if header is None:
                header, header_line = row, line
            else:
                rows.append(row)
                lines.append(line)
    except csv.Error as err:
        raise CorpusError(
            format_message(
                f"cannot parse the table ({err})",
                where=f"{where}, line {start}",
                fix='a field that starts with a double quote must end with one followed by the '
                    'delimiter or the line end; write a quote inside a quoted field as ""',
            )
        ) from None
    finally:
        csv.field_size_limit(limit)
    if header is None:
        raise CorpusError(
            format_message("the file is empty", where=where, fix="add a header row and documents")
        )
    names = [name if name != "" else f"Unnamed: {i}" for i, name in enumerate(header)]
    _check_header(names, where=f"{where}, line {header_line}")
    _check_field_counts(rows, lines, len(names), header_line, where, sep)
    if sep == "\t":
        _warn_quoted_tsv_fields(rows, lines, where)
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    # text columns (pandas' string dtype where it has one), empty fields missing
    table = pd.DataFrame({name: pd.Series([v if v != "" else None for v in values])
                          if values else pd.Series([], dtype=object)
                          for name, values in zip(names, columns, strict=True)})
    return table, lines


def _repeated(values: Iterable, positions: Iterable[int]) -> dict:
    """Each value that occurs more than once (missing values skipped) with its positions."""
    seen: dict = {}
    for value, position in zip(values, positions, strict=True):
        if not pd.isna(value):
            seen.setdefault(value, []).append(position)
    return {value: spots for value, spots in seen.items() if len(spots) > 1}


def _check_header(names: list[str], *, where: str) -> None:
    repeated = _repeated(names, range(1, len(names) + 1))
    if repeated:
        shown = "; ".join(f"{name!r} is column {' and '.join(map(str, spots))}"
                          for name, spots in list(repeated.items())[:5])
        raise CorpusError(
            format_message(
                f"the header names a column more than once ({shown})",
                where=where,
                fix="give every column a unique name (nothing is renamed automatically, so "
                    "that no column is read as another)",
            )
        )


def _check_field_counts(rows: list[list[str]], lines: list[int], expected: int,
                        header_line: int, where: str, sep: str) -> None:
    wrong = [i for i, row in enumerate(rows) if len(row) != expected]
    if not wrong:
        return
    first = wrong[0]
    count = len(rows[first])
    also = ""
    if len(wrong) > 1:
        also = (f" ({len(wrong)} of {len(rows)} records differ, on lines "
                f"{preview([lines[i] for i in wrong])})")
    if sep == "\t":
        fix = ("TSV is read without quoting: every tab separates fields and every line break "
               "ends a record, so a text holding a tab or a line break shifts the columns; "
               "remove those from the texts or save the corpus as CSV, JSONL or Parquet")
    else:
        fix = ('put every field that contains a comma, a double quote or a line break in '
               'double quotes ("a, b"; a quote inside is written "")')
        if len(wrong) == len(rows) and all(len(row) == expected + 1 for row in rows):
            fix = ("every record has one field more than the header: a comma inside a text, "
                   "title or id that is not quoted, or a comma at the end of every line; "
                   + fix + ", or add the missing column name to the header")
    raise CorpusError(
        format_message(
            f"line {lines[first]} has {count} fields but the header (line {header_line}) has "
            f"{expected}{also}",
            where=where,
            fix=fix,
        )
    )


def _warn_quoted_tsv_fields(rows: list[list[str]], lines: list[int], where: str) -> None:
    """CSV-style quoting in a TSV ("a ""b"" c") is kept as written; say so."""
    quoted = [lines[i] for i, row in enumerate(rows)
              if any(len(v) > 1 and v[0] == '"' == v[-1] and '""' in v[1:-1] for v in row)]
    if quoted:
        warnings.warn(
            f"{len(quoted)} records of {where} have fields in double quotes with doubled quotes "
            f'inside (lines {preview(quoted)}), which looks like CSV quoting; TSV is read '
            "without quoting, so these quotation marks are kept as part of the text. If the "
            "file was written with quoting, save it as CSV (or with csv.QUOTE_NONE) instead",
            CorpusWarning,
            stacklevel=4,
        )


def _object_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    record = dict(pairs)
    if len(record) != len(pairs):
        seen: set[str] = set()
        raise _DuplicateKey(next(k for k, _ in pairs if k in seen or seen.add(k)))
    return record


def _replace_surrogates(value: Any) -> tuple[Any, int]:
    """``value`` with every lone surrogate replaced by U+FFFD, and how many were replaced."""
    if isinstance(value, str):
        return _LONE_SURROGATE_RE.subn("\ufffd", value)
    if isinstance(value, list):
        pairs = [_replace_surrogates(v) for v in value]
        return [v for v, _ in pairs], sum(n for _, n in pairs)
    if isinstance(value, dict):
        out, total = {}, 0
        for key, item in value.items():
            key, n_key = _replace_surrogates(key)
            item, n_item = _replace_surrogates(item)
            out[key] = item
            total += n_key + n_item
        return out, total
    return value, 0


def _id_as_written(record: dict, line: str, id_key: str | None, where: str) -> None:
    """A number id keeps its JSON text (``2.0`` stays "2.0", ``1e3`` "1e3")."""
    if id_key is None or id_key not in record:
        return
    value = record[id_key]
    if isinstance(value, bool):
        record[id_key] = "true" if value else "false"
    elif isinstance(value, int | float):
        record[id_key] = json.loads(line, parse_int=str, parse_float=str,
                                    parse_constant=str)[id_key]
    elif isinstance(value, dict | list):
        raise CorpusError(
            format_message(
                f"the id {id_key!r} is a JSON {'object' if isinstance(value, dict) else 'array'}",
                where=where,
                fix="write each id as a text or a number",
            )
        )


def _read_jsonl(path: Path, compression: str | None = None, id_key: str | None = "doc_id"
                ) -> pd.DataFrame:
    """JSON lines, streamed line by line; ids keep their JSON text (see ``_id_as_written``)."""
    records = []
    replaced: list[int] = []
    n_replaced = 0
    offset = 0
    for number, raw in enumerate(_lines(path, compression), start=1):
        start = 3 if number == 1 and raw.startswith(b"\xef\xbb\xbf") else 0
        try:
            line = raw[start:].decode("utf-8")
        except UnicodeDecodeError as err:
            raise _utf8_error(raw[start:], err, str(path), number, err.start + 1,
                              offset + start + err.start) from None
        offset += len(raw) + 1
        if not line.strip():
            continue
        where = f"{path}, line {number}"
        try:
            record = json.loads(line, object_pairs_hook=_object_hook)
        except json.JSONDecodeError as err:
            raise CorpusError(
                format_message(
                    f"invalid JSON ({err.msg}, column {err.colno})",
                    where=where,
                    fix="each line must be one JSON object",
                )
            ) from None
        except _DuplicateKey as err:
            raise CorpusError(
                format_message(
                    f"the key {err.args[0]!r} occurs twice in one object",
                    where=where,
                    fix="keep one of the two values (JSON readers would silently take the last)",
                )
            ) from None
        if not isinstance(record, dict):
            raise CorpusError(
                format_message(
                    f"expected a JSON object, found {type(record).__name__}",
                    where=where,
                    fix='write one object per line, e.g. {"doc_id": "a1", "text": "..."}',
                )
            )
        _id_as_written(record, line, id_key, where)
        if _SURROGATE_ESCAPE_RE.search(line) is not None:
            record, count = _replace_surrogates(record)
            if count:
                replaced.append(number)
                n_replaced += count
        records.append(record)
    if not records:
        raise CorpusError(format_message("the file has no documents", where=str(path)))
    if replaced:
        warnings.warn(
            f"{n_replaced} lone surrogate escapes (\\ud800 to \\udfff without their other half; "
            f"not a character, so no file format can store them) replaced by U+FFFD '\ufffd' "
            f"in {path}, lines {preview(replaced)}; fix the source if those characters matter",
            CorpusWarning,
            stacklevel=4,
        )
    return pd.DataFrame.from_records(records)


def _read_parquet(path: Path, compression: str | None = None) -> pd.DataFrame:
    source: Path | io.BytesIO = path
    if compression is not None:
        source = io.BytesIO(_read_all(path, compression))
    try:
        return pd.read_parquet(source)
    except Exception as err:  # pyarrow raises many types; report them all the same way
        raise CorpusError(
            format_message(f"cannot read Parquet ({type(err).__name__}: {err})", where=str(path))
        ) from None


def _text_name(name: str) -> str | None:
    """``a.txt`` -> ``a``, ``a.txt.gz`` -> ``a``; None for names that are not text files."""
    lower = name.lower()
    for compression in ("", *_COMPRESSIONS):
        if lower.endswith(".txt" + compression) and len(name) > 4 + len(compression):
            return name[: len(name) - 4 - len(compression)]
    return None


def _text_row(file: Path, relative: Path) -> dict[str, Any]:
    _, compression = _kind(file)
    stem = _text_name(relative.name)
    date = _DATE_IN_NAME_RE.search(stem)
    return {
        "doc_id": relative.with_name(stem).as_posix(),
        "outlet": relative.parts[0] if len(relative.parts) > 1 else None,
        "date": date.group(1) if date else None,
        "title": None,
        "text": _decode(_read_all(file, compression), str(file)),
        "file": relative.as_posix(),
    }


def _read_text_folder(folder: Path) -> pd.DataFrame:
    # hidden files and folders (.ipynb_checkpoints, .git, ...) are not documents
    files = sorted(
        p for p in folder.rglob("*") if p.is_file() and _text_name(p.name) is not None
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
    if not files:
        raise CorpusError(
            format_message(
                "no .txt files found",
                where=f"folder {folder}",
                fix="point to a folder of .txt files or to a CSV/TSV/JSONL/Parquet file",
            )
        )
    table = pd.DataFrame([_text_row(file, file.relative_to(folder)) for file in files])
    metadata_path = folder / "metadata.csv"
    if not metadata_path.exists():
        return table
    metadata, lines = _read_delimited(metadata_path, ",")
    key = next((k for k in ("file", "doc_id") if k in metadata.columns), None)
    if key is None:
        raise CorpusError(
            format_message(
                f"metadata has no 'file' or 'doc_id' column (columns: {', '.join(metadata.columns)})",
                where=str(metadata_path),
                fix="add a 'file' column with each text file's path relative to the folder",
            )
        )
    if key == "file":
        metadata["file"] = metadata["file"].map(lambda f: f if pd.isna(f) else Path(f).as_posix())
    repeats = _repeated(metadata[key], lines)
    if repeats:
        shown = "; ".join(f"{value!r} on lines {', '.join(map(str, spots))}"
                          for value, spots in list(repeats.items())[:5])
        raise CorpusError(
            format_message(
                f"{len(repeats)} {'files' if key == 'file' else 'doc_id values'} have more than "
                f"one metadata row ({shown})",
                where=str(metadata_path),
                fix="keep one row per text file (merge the rows or delete the extra ones)",
            )
        )
    unknown = sorted(set(metadata[key].dropna()) - set(table[key]))
    if unknown:
        raise CorpusError(
            format_message(
                f"metadata rows name {len(unknown)} files that do not exist: {preview(unknown)}",
                where=str(metadata_path),
                fix="fix the names or remove those rows",
            )
        )
    missing = sorted(set(table[key]) - set(metadata[key].dropna()))
    if missing:
        warnings.warn(
            f"{len(missing)} text files have no row in {metadata_path}: {preview(missing)}; "
            "they are kept with the metadata taken from their file names",
            CorpusWarning,
            stacklevel=3,
        )
    merged = table.merge(metadata, on=key, how="left", suffixes=("_from_name", ""))
    for column in ("doc_id", "outlet", "date", "title"):
        if f"{column}_from_name" in merged.columns:
            merged[column] = merged[column].where(merged[column].notna(),
                                                  merged[f"{column}_from_name"])
            merged = merged.drop(columns=f"{column}_from_name")
    if "text_from_name" in merged.columns:  # a 'text' column in metadata must not replace files
        raise CorpusError(
            format_message("metadata must not have a 'text' column", where=str(metadata_path),
                           fix="the texts come from the .txt files; rename that column")
        )
    return merged


# --------------------------------------------------------------------------- public API


def load_corpus(
    path: str | Path,
    *,
    text_col: str = "text",
    id_col: str = "doc_id",
    outlet_col: str = "outlet",
    date_col: str | None = "date",
    title_col: str = "title",
    date_format: str | None = None,
    dayfirst: bool | None = None,
    make_ids: bool = False,
) -> pd.DataFrame:
    """Read a corpus file or folder and return it validated, with the contract's column names.

    Parameters
    ----------
    path : str or Path
        One of

        * a ``.csv`` file: comma-separated, a header row, fields with commas, double quotes or
          line breaks in double quotes (RFC 4180);
        * a ``.tsv``/``.tab`` file: tab-separated with a header row and **no quoting**
          (``csv.QUOTE_NONE``): quotation marks are text like any other character (a text
          may begin with ``"``), so a text cannot hold a tab or a line break;
        * a ``.jsonl``/``.ndjson`` file, one JSON object per line;
        * a ``.parquet``/``.pq`` file;
        * a ``.txt`` file: one document (``doc_id`` is the file name without ``.txt``,
          ``date`` the first ``YYYY-MM-DD`` in the name);
        * any of these files compressed, named with ``.gz``, ``.bz2``, ``.xz`` or ``.zst``
          after the format (``articles.jsonl.gz``); they are decompressed while reading,
          never to disk;
        * a folder of ``.txt`` files (compressed ones too), each a document: ``doc_id`` is
          its path without ``.txt``, ``outlet`` the name of its top sub-folder, ``date`` the
          first ``YYYY-MM-DD`` in its name; a ``metadata.csv`` in the folder with a ``file``
          (or ``doc_id``) column, one row per file, overrides and extends these.

        CSV and TSV values are read as text exactly as written (``007`` stays ``"007"``,
        empty fields are missing); every record must have as many fields as the header, and
        header names must be unique. JSON ids keep their JSON text (``1`` is ``"1"``,
        ``2.0`` is ``"2.0"``). A JSON string holding a lone surrogate escape (``"\\ud800"``,
        half of a UTF-16 pair, which no file format can store) gets U+FFFD in its place and
        a :class:`CorpusWarning` naming the lines.
    text_col, id_col, outlet_col, date_col, title_col : str
        Names of the source's columns to rename to ``text``, ``doc_id``, ``outlet``, ``date``
        and ``title``. A named column must exist. If it replaces a column that already has
        the contract's name (``id_col="url"`` in a file with a ``doc_id`` column), that column
        is dropped, with a :class:`CorpusWarning` saying so. Without an id column, ids are
        made from row numbers (``"row-1"``, ...). ``date_col=None`` skips date parsing.
    date_format : str, optional
        The dates' exact :func:`~datetime.datetime.strptime` format, e.g. ``"%d/%m/%Y"``;
        every date must match it.
    dayfirst : bool, optional
        The order of numeric dates such as ``01/02/2022`` (also with ``.`` or ``-``):
        ``True`` for day/month/year, ``False`` for month/day/year. Needed when the column
        holds dates that read both ways; see :func:`validate_corpus`.
    make_ids : bool, default False
        Ignore any id column and make ids from the content: ``"doc-"`` and the first 16
        hexadecimal digits of the SHA-256 of the document's outlet, date, title and text as
        read (joined by U+001F, missing values empty), so an id does not change when rows are
        added, removed or reordered; a repeated identical document gets ``-2``, ``-3``, ... in
        file order. A ``doc_id`` column in the source is dropped, with a warning.

    Returns
    -------
    pandas.DataFrame
        One row per document: ``doc_id``, ``outlet``, ``date``, ``title``, ``text`` and then
        every other column of the source, unchanged. See :func:`validate_corpus`.

    Raises
    ------
    CorpusError
        Unknown format; unreadable, damaged (compressed) or non-UTF-8 file (with line and
        byte); a record with more or fewer fields than the header (with its line); a repeated
        column name or JSON key; a column option naming no column; or any problem
        :func:`validate_corpus` reports.

    Example
    -------
    >>> corpus = load_corpus("news.csv.gz", text_col="body", id_col="url")  # doctest: +SKIP
    """
    path = Path(path)
    where = str(path)
    if not path.exists():
        raise CorpusError(format_message("file or folder not found", where=where,
                                         fix="check the path"))
    if make_ids and id_col != "doc_id":
        raise CorpusError(format_message(
            f"both id_col={id_col!r} and make_ids=True were given", where=where,
            fix="pass id_col to use a column as ids, or make_ids=True to make new ids"))
    if path.is_dir():
        table = _read_text_folder(path)
    else:
        kind, compression = _kind(path)
        if kind is None:
            shown = "".join(path.suffixes[-2:]) if compression else path.suffix
            raise CorpusError(
                format_message(
                    f"unknown corpus format {shown!r}",
                    where=where,
                    fix=f"use one of {', '.join(sorted(_FORMATS))} (or one of those compressed "
                        f"as {', '.join(_COMPRESSIONS)}, e.g. news.jsonl.gz) or a folder of "
                        ".txt files",
                )
            )
        if kind in ("csv", "tsv"):
            table, _ = _read_delimited(path, "," if kind == "csv" else "\t", compression)
        elif kind == "jsonl":
            table = _read_jsonl(path, compression, None if make_ids else id_col)
        elif kind == "txt":
            table = pd.DataFrame([_text_row(path, Path(path.name))])
        else:
            table = _read_parquet(path, compression)
    renames = [("text_col", text_col, "text"), ("id_col", id_col, "doc_id"),
               ("outlet_col", outlet_col, "outlet"), ("title_col", title_col, "title")]
    if date_col is not None:
        renames.append(("date_col", date_col, "date"))
    table = _rename_to_contract(table, renames, where=where)
    if make_ids:
        table = _with_made_ids(table, where)
    elif "doc_id" not in table.columns:
        table.insert(0, "doc_id", [f"row-{i}" for i in range(1, len(table) + 1)])
    return validate_corpus(table, where=where, parse_dates=date_col is not None,
                           date_format=date_format, dayfirst=dayfirst)


_OPTIONS = {"text": "text_col", "doc_id": "id_col", "outlet": "outlet_col", "date": "date_col",
            "title": "title_col"}


def _rename_to_contract(table: pd.DataFrame,
                        renames: list[tuple[str, str, str]] | dict[str, str],
                        where: str) -> pd.DataFrame:
    """Rename (option, source column, contract name) or {source: contract name}; an explicit
    source column replaces a column that already has the contract name (with a warning)."""
    if isinstance(renames, dict):
        renames = [(_OPTIONS[target], source, target) for source, target in renames.items()]
    columns = ", ".join(map(str, table.columns))
    by_source: dict[str, str] = {}
    mapping: dict[str, str] = {}
    for option, source, target in renames:
        if source in by_source and source != target:
            raise CorpusError(format_message(
                f"{by_source[source]} and {option} both name the column {source!r}", where=where,
                fix="give each option its own column"))
        by_source[source] = option
        if source not in table.columns:
            if target == "text":
                raise CorpusError(format_message(
                    f"column {source!r} not found (columns: {columns})", where=where,
                    fix="pass text_col=<the column holding the texts>"))
            if source != target:
                raise CorpusError(format_message(
                    f"column {source!r} not found (columns: {columns})", where=where,
                    fix=f"pass {option}=<the right column>"))
            continue
        if source != target:
            mapping[source] = target
    replaced = [target for source, target in mapping.items()
                if target in table.columns and target not in mapping]
    if replaced:
        options = {target: option for option, _, target in renames}
        warnings.warn(
            "; ".join(f"{options[t]}={s!r} replaces the source's own {t!r} column, which is "
                      "dropped" for s, t in mapping.items() if t in replaced) + f" ({where})",
            CorpusWarning,
            stacklevel=3,
        )
    return table.drop(columns=replaced).rename(columns=mapping)


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return ""
    return str(value)


def _with_made_ids(table: pd.DataFrame, where: str) -> pd.DataFrame:
    """``table`` with ids made from outlet, date, title and text (see ``load_corpus``)."""
    if "doc_id" in table.columns:
        warnings.warn(f"make_ids=True replaces the source's own 'doc_id' column ({where})",
                      CorpusWarning, stacklevel=3)
        table = table.drop(columns="doc_id")
    parts = [table[c] if c in table.columns else [None] * len(table)
             for c in ("outlet", "date", "title", "text")]
    seen: dict[str, int] = {}
    ids = []
    for values in zip(*parts, strict=True):
        key = "\x1f".join(_as_text(v) for v in values)
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        seen[digest] = seen.get(digest, 0) + 1
        ids.append(f"doc-{digest}" if seen[digest] == 1 else f"doc-{digest}-{seen[digest]}")
    table = table.copy()
    table.insert(0, "doc_id", ids)
    return table


def _rows(index: pd.Index, mask: pd.Series) -> str:
    positions = [i for i, flag in enumerate(mask.to_numpy()) if flag]
    return preview(positions)


def _shown(values: pd.Series, positions: list[int], limit: int = 5) -> str:
    """``row 3 ('13/02/2022'), row 7 (...) and 4 more``."""
    shown = ", ".join(f"row {i} ({values.iloc[i]!r})" for i in positions[:limit])
    return shown + (f" and {len(positions) - limit} more" if len(positions) > limit else "")


def validate_corpus(
    corpus: pd.DataFrame,
    *,
    where: str = "corpus",
    parse_dates: bool = True,
    date_format: str | None = None,
    dayfirst: bool | None = None,
) -> pd.DataFrame:
    """Check a corpus table against the contract and return a clean copy.

    Checks, each failing with a :class:`CorpusError` that says what, where and how to fix:
    ``text`` column present; ``doc_id`` present, non-empty and unique (a few offenders are
    listed), and no two ids that differ only by spaces at their start or end (``"a1"`` and
    ``"a1 "``: they would look like one document in most tables; strip or change them);
    texts are strings (missing texts become ``""``); dates parse (the rows that do not
    are listed; time zones are dropped keeping each date's local day and time, and whole
    numbers such as ``2022`` are read as years). Empty texts are kept and counted in a
    :class:`CorpusWarning`; so are texts mostly in scripts written without spaces between words
    (Chinese, Japanese, Thai, Lao, Khmer, Myanmar), which the tokenizer does not segment. Missing
    ``outlet``, ``date`` or ``title`` columns are added empty. ``doc_id`` becomes ``str``.

    Numeric dates with day and month (``01/02/2022``, also with ``.`` or ``-``) are read in
    one order for the whole column: the order ``dayfirst`` gives, or else the only order
    that fits every such date (``13/02/2022`` fits only day/month). A column holding a date
    that reads both ways (``01/02/2022``: 1 February or 2 January) and no ``dayfirst`` or
    ``date_format``, or dates that fit only opposite orders, is refused naming the rows; so
    is a two-digit year (``01/02/22``) without them. With ``dayfirst``, a date that does not
    fit it (``02/13/2022`` with ``dayfirst=True``) is an error, never silently swapped.
    Two-digit years are 1969–2068, as in :func:`~datetime.datetime.strptime`.

    Parameters
    ----------
    corpus : pandas.DataFrame
        The table to check; it is never modified.
    where : str
        Name used in messages (a file name, say).
    parse_dates : bool, default True
        Parse ``date`` into ``datetime64``.
    date_format : str, optional
        Exact :func:`~datetime.datetime.strptime` format of every date (``"%d/%m/%Y"``).
    dayfirst : bool, optional
        ``True``: numeric dates are day/month/year; ``False``: month/day/year.

    Returns
    -------
    pandas.DataFrame
        A new table: ``doc_id``, ``outlet``, ``date``, ``title``, ``text``, then the other
        columns in their original order; index reset to 0..n-1 (rows are reported by that
        position).

    Example
    -------
    >>> import pandas as pd
    >>> validate_corpus(pd.DataFrame({"doc_id": ["a"], "text": ["Kyiv said."]})).columns.tolist()
    ['doc_id', 'outlet', 'date', 'title', 'text']
    >>> dated = pd.DataFrame({"doc_id": ["a"], "text": ["x"], "date": ["01/02/2022"]})
    >>> validate_corpus(dated, dayfirst=True)["date"].iloc[0]
    Timestamp('2022-02-01 00:00:00')
    """
    if not isinstance(corpus, pd.DataFrame):
        raise CorpusError(
            format_message(
                f"a corpus must be a pandas DataFrame, got {type(corpus).__name__}",
                where=where,
                fix="build one with pandas.DataFrame or toolkit.load_corpus(path)",
            )
        )
    if dayfirst is not None and not isinstance(dayfirst, bool):
        raise CorpusError(format_message(f"dayfirst must be True, False or None, got {dayfirst!r}",
                                         where=where))
    if date_format is not None and not isinstance(date_format, str):
        raise CorpusError(format_message(
            f"date_format must be a text such as '%d/%m/%Y', got {date_format!r}", where=where))
    columns = ", ".join(map(str, corpus.columns))
    if "text" not in corpus.columns:
        raise CorpusError(
            format_message(
                f"column 'text' not found (columns: {columns})",
                where=where,
                fix="rename your text column to 'text' or load with text_col=<name>",
            )
        )
    if "doc_id" not in corpus.columns:
        raise CorpusError(
            format_message(
                f"column 'doc_id' not found (columns: {columns})",
                where=where,
                fix="add unique ids, e.g. df.assign(doc_id=[f'd{i}' for i in range(len(df))])",
            )
        )
    if corpus.columns.duplicated().any():
        dupes = sorted(set(corpus.columns[corpus.columns.duplicated()].map(str)))
        raise CorpusError(format_message(f"duplicate column names {preview(dupes)}", where=where))
    table = corpus.reset_index(drop=True).copy()

    # doc_id: present, non-empty, unique, str
    ids = table["doc_id"]
    empty_id = ids.isna() | ids.astype(str).str.strip().eq("")
    if empty_id.any():
        raise CorpusError(
            format_message(
                f"{int(empty_id.sum())} empty doc_id values (rows {_rows(table.index, empty_id)})",
                where=where,
                fix="give every document a unique, non-empty id",
            )
        )
    ids = ids.astype(str)
    duplicated = ids.duplicated(keep=False)
    if duplicated.any():
        dupes = sorted(set(ids[duplicated]))
        raise CorpusError(
            format_message(
                f"{len(dupes)} doc_id values occur more than once: {preview(dupes)} "
                f"(rows {_rows(table.index, duplicated)})",
                where=where,
                fix="make doc_id unique, e.g. by appending the outlet or a row number",
            )
        )
    stripped = ids.str.strip()
    padded_clash = stripped.duplicated(keep=False)
    if padded_clash.any():
        positions = [i for i, flag in enumerate(padded_clash.to_numpy()) if flag]
        raise CorpusError(
            format_message(
                f"{len(positions)} doc_id values differ only by spaces at their start or end: "
                f"{_shown(ids, positions)}",
                where=where,
                fix="remove the spaces (df['doc_id'].str.strip()) if they are one document, or "
                    "give them distinct ids",
            )
        )
    table["doc_id"] = ids

    # text: strings only; missing becomes empty
    texts = table["text"]
    missing = texts.isna()
    if _arrow_strings(texts) is None:  # an Arrow string array holds str or nothing
        is_string = pd.Series([isinstance(v, str) for v in texts], index=texts.index,
                              dtype=bool)
        not_string = ~missing & ~is_string
        if not_string.any():
            examples = [f"row {i} ({type(texts.iloc[i]).__name__})"
                        for i in [i for i, f in enumerate(not_string) if f][:5]]
            raise CorpusError(
                format_message(
                    f"{int(not_string.sum())} texts are not strings: {', '.join(examples)}",
                    where=where,
                    fix="convert them with df['text'].astype(str) if that is what you mean, "
                        "or drop them",
                )
            )
    table["text"] = texts.where(~missing, "").astype(str)
    empty_rows, flagged_rows, scripts = _text_findings(table["text"])
    if len(empty_rows):
        warnings.warn(
            f"{len(empty_rows)} of {len(table)} documents have empty text "
            f"(rows {preview(empty_rows.tolist())}) in {where}; they are kept and count 0 tokens",
            CorpusWarning,
            stacklevel=2,
        )
    if len(flagged_rows):
        _warn_unsegmented(len(table), flagged_rows, scripts, where)

    for column in ("outlet", "title"):
        if column not in table.columns:
            table[column] = pd.Series([None] * len(table), dtype=object)
    if "date" not in table.columns:
        table["date"] = pd.NaT
        table["date"] = table["date"].astype("datetime64[ns]")
    elif parse_dates and not pd.api.types.is_datetime64_any_dtype(table["date"]):
        table["date"] = _parse_dates(table["date"], where, date_format=date_format,
                                     dayfirst=dayfirst)
    elif isinstance(table["date"].dtype, pd.DatetimeTZDtype):
        table["date"] = table["date"].dt.tz_localize(None)  # keep the local wall time

    order = [*CONTRACT_COLUMNS, *[c for c in table.columns if c not in CONTRACT_COLUMNS]]
    return table[order]


# ---- texts in scripts the tokenizer does not segment (owned with toolkit/tokens.py) ----


def _text_findings(column: pd.Series) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """What :func:`validate_corpus` warns about in a clean text column: the rows of empty
    texts, the rows of texts written in scripts without spaces between words and the names of
    those scripts. Worked out once per content of an Arrow-backed column (the key of
    :func:`toolkit.scan.text_key`) and remembered with the scans, so a repeated call warns the
    same without reading the texts again."""
    from toolkit.scan import remembered, text_key

    key = text_key(column, arrow_only=True)
    if key is None:
        return _find_in_texts(column)
    return remembered(key, "validate_corpus texts", lambda: _find_in_texts(column))


def _find_in_texts(column: pd.Series) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """:func:`_text_findings`, worked out: texts in scripts without spaces between words
    (Chinese, Japanese, Thai, Lao, Khmer, Myanmar) are those
    :func:`toolkit.tokens._unsegmented_scripts` names; where the column is stored in Arrow, only
    the texts that may hold a character of those scripts (:func:`_maybe_unsegmented`) are
    asked."""
    from toolkit.tokens import _unsegmented_scripts

    chunked = _arrow_strings(column)
    if chunked is None:
        empty_rows = np.flatnonzero(column.str.strip().eq("").to_numpy(dtype=bool))
        candidates = range(len(column))
    else:
        import pyarrow.compute as pc

        # empty or only whitespace: Arrow's whitespace is Python's (every code point tested)
        blank = pc.or_(pc.equal(pc.binary_length(chunked), 0), pc.utf8_is_space(chunked))
        empty_rows = np.flatnonzero(pc.fill_null(blank, False).to_numpy())
        candidates = _maybe_unsegmented(chunked).tolist()
    flagged, names = [], set()
    for row in candidates:
        scripts = _unsegmented_scripts(column.iloc[row])
        if scripts:
            flagged.append(row)
            names.update(scripts)
    flagged_rows = np.asarray(flagged, dtype=np.int64)
    for rows in (empty_rows, flagged_rows):
        rows.flags.writeable = False  # remembered and shared: read-only
    return empty_rows, flagged_rows, sorted(names)


def _maybe_unsegmented(chunked: Any) -> np.ndarray:
    """Rows of an Arrow string array that may hold a character of a script without spaces
    between words: those whose UTF-8 holds a lead byte E0, E1, E3-EF or F0 (the scripts of
    ``toolkit.tokens._UNSEGMENTED_SCRIPTS`` lie in U+0E00-U+AFFF, U+F900-U+FFFF and
    U+20000-U+323AF; E2, the lead byte of curly quotes and dashes, cannot start one). A byte
    comparison over the buffers, block by block: no Python str is made."""
    import pyarrow as pa

    rows, before = [], 0
    for chunk in chunked.chunks:
        if len(chunk) and chunk.buffers()[2] is not None:
            _, offsets_buffer, data = chunk.buffers()
            width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
            offsets = np.frombuffer(offsets_buffer, dtype=width)[chunk.offset:
                                                                 chunk.offset + len(chunk) + 1]
            text = np.frombuffer(data, dtype=np.uint8)
            start, stop = int(offsets[0]), int(offsets[-1])
            hits = []
            for at in range(start, stop, _BLOCK):
                shifted = text[at:min(at + _BLOCK, stop)] ^ np.uint8(0xE0)  # E0..F0 -> 0..16
                hits.append(np.flatnonzero((shifted <= 16) & (shifted != 2)) + at)
            if hits:
                found = np.concatenate(hits)
                rows.append(np.unique(np.searchsorted(offsets, found, side="right") - 1)
                            + before)
        before += len(chunk)
    return np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)


_BLOCK = 1 << 22  # bytes compared at once by _maybe_unsegmented


def _warn_unsegmented(n_docs: int, flagged: np.ndarray, names: list[str], where: str) -> None:
    """Warn, naming the rows, about texts written in scripts without spaces between words
    (Chinese, Japanese, Thai, Lao, Khmer, Myanmar): the tokenizer does not segment them, so
    their word counts are meaningless and readability is NaN (toolkit.tokens)."""
    warnings.warn(
        f"{len(flagged)} of {n_docs} documents are written in a script without "
        f"spaces between words ({', '.join(names)}; rows {preview(flagged.tolist())}) in "
        f"{where}: the toolkit does not split "
        "such text into words, so their token counts and term frequencies count runs of "
        "characters and their readability is NaN; segment them first (e.g. with jieba for "
        "Chinese or pythainlp for Thai, joining words with spaces) or leave them out",
        CorpusWarning,
        stacklevel=3,
    )


def _wall_time(stamp: object) -> object:
    """A timestamp's local date and time, without its time zone (NaT stays NaT)."""
    if isinstance(stamp, pd.Timestamp) and stamp.tzinfo is not None:
        return stamp.tz_localize(None)
    return stamp


_DATE_ORDER_FIX = ("say which order the column uses: dayfirst=True (day/month/year) or "
                   "dayfirst=False (month/day/year), or give the exact format, e.g. "
                   "date_format='%d/%m/%Y' (command line: --date-format '%d/%m/%Y')")


def _numeric_dates_as_iso(values: pd.Series, where: str, dayfirst: bool | None) -> pd.Series:
    """Rewrite ``d/m/y`` or ``m/d/y`` dates as ISO text in one order for the whole column.

    The order is ``dayfirst`` or, when that is None, the only one every such date fits; a
    date that reads both ways, two-digit years, or dates fitting opposite orders are refused.
    """
    found: dict[int, re.Match[str]] = {}
    day_first, month_first, both_ways, short_year = [], [], [], []
    for position, value in enumerate(values):
        match = _SLASH_DATE_RE.match(value) if isinstance(value, str) else None
        if match is None:
            continue
        found[position] = match
        first, second = int(match[1]), int(match[3])
        if len(match[4]) == 2:
            short_year.append(position)
        if first > 12 >= second:
            day_first.append(position)
        elif second > 12 >= first:
            month_first.append(position)
        elif first != second and first <= 12 and second <= 12:
            both_ways.append(position)
    if not found:
        return values
    if dayfirst is None:
        if both_ways or short_year or (day_first and month_first):
            problems = []
            if both_ways:
                problems.append(f"{len(both_ways)} dates read both as day/month and as "
                                f"month/day: {_shown(values, both_ways)}")
            if short_year:
                problems.append(f"{len(short_year)} dates have a two-digit year: "
                                f"{_shown(values, short_year)}")
            if day_first:
                problems.append(f"{len(day_first)} fit only day/month: "
                                f"{_shown(values, day_first, 3)}")
            if month_first:
                problems.append(f"{len(month_first)} fit only month/day: "
                                f"{_shown(values, month_first, 3)}")
            raise CorpusError(format_message(
                "the order of day and month in the dates is ambiguous (" + "; ".join(problems)
                + ")", where=where, fix=_DATE_ORDER_FIX))
        dayfirst = bool(day_first)
    else:
        against = month_first if dayfirst else day_first
        if against:
            order = "day/month/year" if dayfirst else "month/day/year"
            raise CorpusError(format_message(
                f"{len(against)} dates do not fit dayfirst={dayfirst} ({order}; the month would "
                f"be above 12): {_shown(values, against)}", where=where,
                fix="correct those dates in the source, or pass the other dayfirst value if "
                    "it is the whole column's order"))
    rewritten = values.astype(object).copy()
    for position, match in found.items():
        first, second, year = int(match[1]), int(match[3]), int(match[4])
        day, month = (first, second) if dayfirst else (second, first)
        if len(match[4]) == 2:
            year += 2000 if year < 69 else 1900
        rewritten.iloc[position] = (f"{year:04d}-{month:02d}-{day:02d}"
                                    + values.iloc[position][match.end():])
    return rewritten


def _parse_dates(values: pd.Series, where: str, *, date_format: str | None = None,
                 dayfirst: bool | None = None) -> pd.Series:
    """Parse dates, keeping each one's local date and time (time zones are dropped, not
    converted: a story published at 23:30 in Kyiv stays on its day)."""
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        # pandas would read 2022 as 2022 nanoseconds after 1970; as text it is the year 2022,
        # and an epoch number (1656633600) fails with a message below instead
        values = values.map(lambda v: None if pd.isna(v) else str(int(v)) if float(v).is_integer()
                            else str(v))
    present = values.notna() & values.astype(str).str.strip().ne("")
    source = values.where(present)
    formats: tuple[str, ...] = ("ISO8601", "mixed")  # fast for uniform ISO dates, then anything
    if date_format is not None:
        formats = (date_format,)
    else:
        source = _numeric_dates_as_iso(source, where, dayfirst)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = None
        for format_ in formats:
            try:
                parsed = pd.to_datetime(source, errors="coerce", format=format_)
            except (ValueError, TypeError):  # e.g. different UTC offsets in one column
                continue
            if not (present & parsed.isna()).any():
                break
        if parsed is None or not pd.api.types.is_datetime64_any_dtype(parsed):
            one_format = formats[0] if date_format is not None else None
            parsed = pd.to_datetime(pd.Series(
                [_wall_time(pd.to_datetime(v, errors="coerce", format=one_format)) if p
                 else pd.NaT for v, p in zip(source, present, strict=True)],
                index=values.index, dtype=object,
            ))
        elif isinstance(parsed.dtype, pd.DatetimeTZDtype):
            parsed = parsed.dt.tz_localize(None)
    bad = present & parsed.isna()
    if bad.any():
        positions = [i for i, f in enumerate(bad) if f]
        if date_format is not None:
            raise CorpusError(
                format_message(
                    f"{len(positions)} dates do not match date_format={date_format!r}: "
                    f"{_shown(values, positions)}",
                    where=where,
                    fix="correct those dates, or the format (strftime codes such as %Y-%m-%d)",
                )
            )
        raise CorpusError(
            format_message(
                f"{len(positions)} dates cannot be parsed: {_shown(values, positions)}",
                where=where,
                fix="use ISO dates (YYYY-MM-DD), leave unknown dates empty, give date_format=, "
                    "or pass date_col=None",
            )
        )
    return parsed


def demo_corpus_path() -> Path:
    """Path of the bundled demo corpus file (JSON lines).

    Example
    -------
    >>> demo_corpus_path().name
    'articles.jsonl'
    """
    return Path(str(resources.files("toolkit") / "data" / "demo" / "articles.jsonl"))


def demo_corpus() -> pd.DataFrame:
    """The bundled demo corpus: invented articles by four invented outlets, 2022–2025.

    The texts are original writing made for this project (see ``corpora/demo/README.md``):
    the same invented events reported by a state-affiliated outlet, a neutral wire service, a
    tabloid and an analytical magazine, so that framing differences are visible.

    Returns
    -------
    pandas.DataFrame
        The corpus contract's columns plus ``event_id``, ``event`` and ``author``.

    Example
    -------
    >>> demo_corpus()["outlet"].nunique()
    4
    """
    return load_corpus(demo_corpus_path())


def subset_corpus(
    corpus: pd.DataFrame,
    *,
    outlets: list[str] | tuple[str, ...] | None = None,
    date_from: str | pd.Timestamp | None = None,
    date_to: str | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """The documents of some outlets and/or a date range (bounds inclusive).

    Parameters
    ----------
    corpus : pandas.DataFrame
        A corpus; it is not modified.
    outlets : list of str, optional
        Keep only these outlets; an outlet that is not in the corpus is an error.
    date_from, date_to : str or Timestamp, optional
        Keep documents dated on or after / on or before these dates (documents without a date
        are dropped when a bound is given).

    Returns
    -------
    pandas.DataFrame
        A validated corpus with the selected rows.

    Example
    -------
    >>> len(subset_corpus(demo_corpus(), outlets=["Meridian Wire"], date_from="2024-01-01"))
    7
    """
    table = validate_corpus(corpus)
    keep = pd.Series(True, index=table.index)
    if outlets:
        known = set(table["outlet"].dropna())
        unknown = [o for o in outlets if o not in known]
        if unknown:
            raise CorpusError(
                format_message(
                    f"unknown outlets {preview(unknown)}",
                    where=f"the corpus (outlets: {preview(sorted(known), limit=20)})",
                    fix="use the outlet names exactly as they appear in the 'outlet' column",
                )
            )
        keep &= table["outlet"].isin(list(outlets))
    for bound, compare in ((date_from, "ge"), (date_to, "le")):
        if bound is None:
            continue
        try:
            stamp = pd.Timestamp(bound)
        except (ValueError, TypeError):
            raise CorpusError(format_message(f"cannot parse the date bound {bound!r}",
                                             fix="use an ISO date such as 2023-01-31")) from None
        if compare == "le" and stamp == stamp.normalize():
            # a bare date as upper bound includes that whole day (documents with a time)
            keep &= table["date"].lt(stamp + pd.Timedelta(days=1)).fillna(False).astype(bool)
        else:
            keep &= getattr(table["date"], compare)(stamp).fillna(False).astype(bool)
    selected = table[keep.to_numpy()].reset_index(drop=True)
    if selected.empty:
        raise CorpusError(format_message("the selection leaves no documents",
                                         fix="widen the outlets or the date range"))
    return selected


def describe_corpus(
    corpus: pd.DataFrame, *, by: str | None = "outlet", duplicates: bool = True
) -> pd.DataFrame:
    """Documents, words, date range, months covered and duplicates per group: the first table
    of any analysis.

    Parameters
    ----------
    corpus : pandas.DataFrame
        A corpus table; it is not modified.
    by : str or None, default "outlet"
        Column to group by.
    duplicates : bool, default True
        Count near-duplicates (:func:`toolkit.duplicate_summary`; costs about as much again as
        the rest of this table). False leaves ``n_duplicates`` out.

    Returns
    -------
    pandas.DataFrame
        One row per group (or one row with ``by=None``): the ``by`` column, ``n_docs``,
        ``n_words`` (word tokens, as :func:`toolkit.tokenize` counts them; formerly ``n_tokens``), ``mean_words``,
        ``n_empty`` (documents with no tokens), ``first_date``, ``last_date``, ``n_months``
        (months with at least one document, :func:`toolkit.coverage_summary`: groups that
        cover different months are not comparable as they are), ``n_duplicates`` (documents
        that :func:`toolkit.drop_duplicates` would drop, similarity >= 0.8).

    Example
    -------
    >>> describe_corpus(demo_corpus())["n_docs"].tolist()
    [16, 16, 16, 16]
    """
    from toolkit._grouping import group_codes, group_keys
    from toolkit.tokens import tokenize

    table = validate_corpus(corpus)
    keys = group_keys(table, by)
    codes, groups = group_codes(keys)
    lengths = table["text"].map(lambda text: len(tokenize(text)))
    frame = pd.DataFrame({"_group": codes, "n_words": lengths.to_numpy(),
                          "date": table["date"].to_numpy()})
    summary = frame.groupby("_group").agg(
        n_docs=("n_words", "size"), n_words=("n_words", "sum"),
        mean_words=("n_words", "mean"), n_empty=("n_words", lambda s: int((s == 0).sum())),
        first_date=("date", "min"), last_date=("date", "max"),
    )
    result = pd.concat([groups, summary.reset_index(drop=True)], axis=1)
    # date coverage and duplicates are computed in toolkit.coverage and toolkit.duplicates
    from toolkit.coverage import coverage_summary
    from toolkit.duplicates import duplicate_summary

    has_dates = table["date"].notna().any()
    result["n_months"] = (coverage_summary(table, by=by)["n_periods"].to_numpy() if has_dates
                          else np.zeros(len(result), dtype=np.int64))
    if duplicates:
        result["n_duplicates"] = duplicate_summary(table, by=by)["n_duplicates"].to_numpy()
    return result
