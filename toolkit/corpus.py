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

import csv
import io
import json
import re
import warnings
from importlib import resources
from pathlib import Path

import pandas as pd

from toolkit._errors import format_message, preview

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

_SUFFIXES = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}
_DATE_IN_NAME_RE = re.compile(r"(\d{4}-\d{2}-\d{2})")


class CorpusError(ValueError):
    """A corpus file or table breaks the corpus contract; the message says where and how to fix."""


class CorpusWarning(UserWarning):
    """Something in a corpus is suspicious but kept (for example empty texts)."""


# --------------------------------------------------------------------------- reading bytes


def _decode(raw: bytes, where: str) -> str:
    """UTF-8 (with or without a byte-order mark), or a CorpusError naming line and byte."""
    encoding = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        bad = raw[err.start : err.start + 4]
        raise CorpusError(
            format_message(
                f"bytes {bad!r} are not valid UTF-8",
                where=f"{where}, line {line}, column {column} (byte offset {err.start})",
                fix="re-save the file as UTF-8, e.g. `iconv -f cp1252 -t utf-8 in.csv > out.csv`",
            )
        ) from None


def _read_delimited(path: Path, sep: str) -> pd.DataFrame:
    text = _decode(path.read_bytes(), str(path))
    try:
        return pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                           na_values=[""], quoting=csv.QUOTE_MINIMAL)
    except pd.errors.EmptyDataError:
        raise CorpusError(
            format_message("the file is empty", where=str(path), fix="add a header row and documents")
        ) from None
    except pd.errors.ParserError as err:
        raise CorpusError(
            format_message(
                f"cannot parse the table ({err})".replace("\n", " "),
                where=str(path),
                fix="check quoting of texts that contain the delimiter or line breaks",
            )
        ) from None


def _read_jsonl(path: Path) -> pd.DataFrame:
    text = _decode(path.read_bytes(), str(path))
    records = []
    # split on "\n" only: str.splitlines() also breaks at U+2028, U+0085, ... which JSON
    # strings may contain unescaped
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise CorpusError(
                format_message(
                    f"invalid JSON ({err.msg}, column {err.colno})",
                    where=f"{path}, line {number}",
                    fix="each line must be one JSON object",
                )
            ) from None
        if not isinstance(record, dict):
            raise CorpusError(
                format_message(
                    f"expected a JSON object, found {type(record).__name__}",
                    where=f"{path}, line {number}",
                    fix='write one object per line, e.g. {"doc_id": "a1", "text": "..."}',
                )
            )
        records.append(record)
    if not records:
        raise CorpusError(format_message("the file has no documents", where=str(path)))
    return pd.DataFrame.from_records(records)


def _read_parquet(path: Path) -> pd.DataFrame:
    try:
        return pd.read_parquet(path)
    except Exception as err:  # pyarrow raises many types; report them all the same way
        raise CorpusError(
            format_message(f"cannot read Parquet ({type(err).__name__}: {err})", where=str(path))
        ) from None


def _read_text_folder(folder: Path) -> pd.DataFrame:
    # hidden files and folders (.ipynb_checkpoints, .git, ...) are not documents
    files = sorted(
        p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() == ".txt"
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
    rows = []
    for file in files:
        relative = file.relative_to(folder)
        date = _DATE_IN_NAME_RE.search(file.stem)
        rows.append(
            {
                "doc_id": relative.with_suffix("").as_posix(),
                "outlet": relative.parts[0] if len(relative.parts) > 1 else None,
                "date": date.group(1) if date else None,
                "title": None,
                "text": _decode(file.read_bytes(), str(file)),
                "file": relative.as_posix(),
            }
        )
    table = pd.DataFrame(rows)
    metadata_path = folder / "metadata.csv"
    if not metadata_path.exists():
        return table
    metadata = _read_delimited(metadata_path, ",")
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
        metadata["file"] = metadata["file"].map(lambda f: Path(f).as_posix())
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
) -> pd.DataFrame:
    """Read a corpus file or folder and return it validated, with the contract's column names.

    Parameters
    ----------
    path : str or Path
        A ``.csv``, ``.tsv``/``.tab``, ``.jsonl``/``.ndjson`` or ``.parquet`` file, or a folder
        of ``.txt`` files. In a folder, each file is a document: ``doc_id`` is its path without
        ``.txt``, ``outlet`` the name of its top sub-folder, ``date`` the first ``YYYY-MM-DD`` in
        its name; a ``metadata.csv`` in the folder with a ``file`` (or ``doc_id``) column
        overrides and extends these.
    text_col, id_col, outlet_col, date_col, title_col : str
        Names of the source's columns to rename to ``text``, ``doc_id``, ``outlet``, ``date``
        and ``title``. If ``id_col`` is absent, ids are made from row numbers (``"row-1"``, ...).
        ``date_col=None`` skips date parsing.

    Returns
    -------
    pandas.DataFrame
        One row per document: ``doc_id``, ``outlet``, ``date``, ``title``, ``text`` and then
        every other column of the source, unchanged. See :func:`validate_corpus`.

    Raises
    ------
    CorpusError
        Unknown format, unreadable or non-UTF-8 file (with line and byte), or any problem
        :func:`validate_corpus` reports.

    Example
    -------
    >>> corpus = load_corpus("news.csv", text_col="body")  # doctest: +SKIP
    """
    path = Path(path)
    if not path.exists():
        raise CorpusError(format_message("file or folder not found", where=str(path),
                                         fix="check the path"))
    if path.is_dir():
        table = _read_text_folder(path)
    else:
        kind = _SUFFIXES.get(path.suffix.lower())
        if kind is None:
            raise CorpusError(
                format_message(
                    f"unknown corpus format {path.suffix!r}",
                    where=str(path),
                    fix=f"use one of {', '.join(sorted(_SUFFIXES))} or a folder of .txt files",
                )
            )
        if kind == "csv":
            table = _read_delimited(path, ",")
        elif kind == "tsv":
            table = _read_delimited(path, "\t")
        elif kind == "jsonl":
            table = _read_jsonl(path)
        else:
            table = _read_parquet(path)
    renames = {text_col: "text", id_col: "doc_id", outlet_col: "outlet", title_col: "title"}
    if date_col is not None:
        renames[date_col] = "date"
    table = _rename_to_contract(table, renames, where=str(path))
    if "doc_id" not in table.columns:
        table.insert(0, "doc_id", [f"row-{i}" for i in range(1, len(table) + 1)])
    return validate_corpus(table, where=str(path), parse_dates=date_col is not None)


def _rename_to_contract(table: pd.DataFrame, renames: dict[str, str], where: str) -> pd.DataFrame:
    options = {"text": "text_col", "doc_id": "id_col", "outlet": "outlet_col",
               "date": "date_col", "title": "title_col"}
    columns = ", ".join(map(str, table.columns))
    if renames_missing := [s for s, t in renames.items() if t == "text" and s not in table.columns]:
        raise CorpusError(
            format_message(
                f"column {renames_missing[0]!r} not found (columns: {columns})",
                where=where,
                fix="pass text_col=<the column holding the texts>",
            )
        )
    mapping = {}
    for source, target in renames.items():
        if source == target or source not in table.columns:
            if source != target and target not in table.columns and target != "doc_id":
                raise CorpusError(
                    format_message(
                        f"column {source!r} not found (columns: {columns})",
                        where=where,
                        fix=f"pass {options[target]}=<the right column>",
                    )
                )
            continue
        if target in table.columns:
            raise CorpusError(
                format_message(
                    f"both {source!r} and {target!r} columns exist, so {source!r} cannot be "
                    f"renamed to {target!r}",
                    where=where,
                    fix=f"rename or drop the {target!r} column first",
                )
            )
        mapping[source] = target
    return table.rename(columns=mapping)


def _rows(index: pd.Index, mask: pd.Series) -> str:
    positions = [i for i, flag in enumerate(mask.to_numpy()) if flag]
    return preview(positions)


def validate_corpus(
    corpus: pd.DataFrame, *, where: str = "corpus", parse_dates: bool = True
) -> pd.DataFrame:
    """Check a corpus table against the contract and return a clean copy.

    Checks, each failing with a :class:`CorpusError` that says what, where and how to fix:
    ``text`` column present; ``doc_id`` present, non-empty and unique (a few offenders are
    listed); texts are strings (missing texts become ``""``); dates parse (the rows that do not
    are listed; time zones are dropped keeping each date's local day and time, and whole
    numbers such as ``2022`` are read as years). Empty texts are kept and counted in a
    :class:`CorpusWarning`; so are texts mostly in scripts written without spaces between words
    (Chinese, Japanese, Thai, Lao, Khmer, Myanmar), which the tokenizer does not segment. Missing
    ``outlet``, ``date`` or ``title`` columns are added empty. ``doc_id`` becomes ``str``.

    Parameters
    ----------
    corpus : pandas.DataFrame
        The table to check; it is never modified.
    where : str
        Name used in messages (a file name, say).
    parse_dates : bool, default True
        Parse ``date`` into ``datetime64``.

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
    """
    if not isinstance(corpus, pd.DataFrame):
        raise CorpusError(
            format_message(
                f"a corpus must be a pandas DataFrame, got {type(corpus).__name__}",
                where=where,
                fix="build one with pandas.DataFrame or toolkit.load_corpus(path)",
            )
        )
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
    table["doc_id"] = ids

    # text: strings only; missing becomes empty
    texts = table["text"]
    missing = texts.isna()
    is_string = pd.Series([isinstance(v, str) for v in texts], index=texts.index, dtype=bool)
    not_string = ~missing & ~is_string
    if not_string.any():
        examples = [f"row {i} ({type(texts.iloc[i]).__name__})"
                    for i in [i for i, f in enumerate(not_string) if f][:5]]
        raise CorpusError(
            format_message(
                f"{int(not_string.sum())} texts are not strings: {', '.join(examples)}",
                where=where,
                fix="convert them with df['text'].astype(str) if that is what you mean, or drop them",
            )
        )
    table["text"] = texts.where(~missing, "").astype(str)
    empty = table["text"].str.strip().eq("")
    if empty.any():
        warnings.warn(
            f"{int(empty.sum())} of {len(table)} documents have empty text "
            f"(rows {_rows(table.index, empty)}) in {where}; they are kept and count 0 tokens",
            CorpusWarning,
            stacklevel=2,
        )
    _warn_unsegmented(table, where)

    for column in ("outlet", "title"):
        if column not in table.columns:
            table[column] = pd.Series([None] * len(table), dtype=object)
    if "date" not in table.columns:
        table["date"] = pd.NaT
        table["date"] = table["date"].astype("datetime64[ns]")
    elif parse_dates and not pd.api.types.is_datetime64_any_dtype(table["date"]):
        table["date"] = _parse_dates(table["date"], where)
    elif isinstance(table["date"].dtype, pd.DatetimeTZDtype):
        table["date"] = table["date"].dt.tz_localize(None)  # keep the local wall time

    order = [*CONTRACT_COLUMNS, *[c for c in table.columns if c not in CONTRACT_COLUMNS]]
    return table[order]


# ---- texts in scripts the tokenizer does not segment (owned with toolkit/tokens.py) ----


def _warn_unsegmented(table: pd.DataFrame, where: str) -> None:
    """Warn, naming the rows, about texts written in scripts without spaces between words
    (Chinese, Japanese, Thai, Lao, Khmer, Myanmar): the tokenizer does not segment them, so
    their word counts are meaningless and readability is NaN (toolkit.tokens)."""
    from toolkit.tokens import _unsegmented_scripts

    scripts = [_unsegmented_scripts(text) for text in table["text"]]
    flagged = pd.Series([bool(found) for found in scripts], index=table.index)
    if flagged.any():
        names = sorted({name for found in scripts for name in found})
        warnings.warn(
            f"{int(flagged.sum())} of {len(table)} documents are written in a script without "
            f"spaces between words ({', '.join(names)}; rows {_rows(table.index, flagged)}) in "
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


def _parse_dates(values: pd.Series, where: str) -> pd.Series:
    """Parse dates, keeping each one's local date and time (time zones are dropped, not
    converted: a story published at 23:30 in Kyiv stays on its day)."""
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        # pandas would read 2022 as 2022 nanoseconds after 1970; as text it is the year 2022,
        # and an epoch number (1656633600) fails with a message below instead
        values = values.map(lambda v: None if pd.isna(v) else str(int(v)) if float(v).is_integer()
                            else str(v))
    present = values.notna() & values.astype(str).str.strip().ne("")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = None
        for format_ in ("ISO8601", "mixed"):  # fast for uniform ISO dates, then anything
            try:
                parsed = pd.to_datetime(values.where(present), errors="coerce", format=format_)
            except (ValueError, TypeError):  # e.g. different UTC offsets in one column
                continue
            if not (present & parsed.isna()).any():
                break
        if parsed is None or not pd.api.types.is_datetime64_any_dtype(parsed):
            parsed = pd.to_datetime(pd.Series(
                [_wall_time(pd.to_datetime(v, errors="coerce")) if p else pd.NaT
                 for v, p in zip(values, present, strict=True)],
                index=values.index, dtype=object,
            ))
        elif isinstance(parsed.dtype, pd.DatetimeTZDtype):
            parsed = parsed.dt.tz_localize(None)
    bad = present & parsed.isna()
    if bad.any():
        positions = [i for i, f in enumerate(bad) if f]
        shown = ", ".join(f"row {i} ({values.iloc[i]!r})" for i in positions[:5])
        more = f" and {len(positions) - 5} more" if len(positions) > 5 else ""
        raise CorpusError(
            format_message(
                f"{len(positions)} dates cannot be parsed: {shown}{more}",
                where=where,
                fix="use ISO dates (YYYY-MM-DD), leave unknown dates empty, or pass date_col=None",
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


def describe_corpus(corpus: pd.DataFrame, *, by: str | None = "outlet") -> pd.DataFrame:
    """Documents, words and date range per group: the first table of any analysis.

    Returns
    -------
    pandas.DataFrame
        One row per group (or one row with ``by=None``): the ``by`` column, ``n_docs``,
        ``n_tokens`` (word tokens, as :func:`toolkit.tokenize` counts them), ``mean_tokens``,
        ``n_empty`` (documents with no tokens), ``first_date``, ``last_date``.

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
    frame = pd.DataFrame({"_group": codes, "n_tokens": lengths.to_numpy(),
                          "date": table["date"].to_numpy()})
    summary = frame.groupby("_group").agg(
        n_docs=("n_tokens", "size"), n_tokens=("n_tokens", "sum"),
        mean_tokens=("n_tokens", "mean"), n_empty=("n_tokens", lambda s: int((s == 0).sum())),
        first_date=("date", "min"), last_date=("date", "max"),
    )
    return pd.concat([groups, summary.reset_index(drop=True)], axis=1)
