"""Public research corpora, fetched on request from pinned upstream commits and verified.

``fetch("basil")``, ``fetch("allsides")`` and ``fetch("ukraine_media")`` download the exact
upstream files listed in ``toolkit/data/sources/`` (path, size and hash of every file, at one
commit; the lists are metadata, the package holds no dataset text), check every file's hash,
keep them in the user's cache directory and convert them to a corpus table. Nothing is
downloaded at import or by any other function.

- ``basil``: Media-Bias-Group/MBIB, ``datasets/009_BASIL/raw`` at commit b9a887f (300 articles
  and their annotation files; git blob SHA-1 per file);
- ``allsides``: ramybaly/Article-Bias-Prediction, ``data/jsons`` at commit ced8111a (37,554 JSON
  files; git blob SHA-1 per file);
- ``ukraine_media``: r2nery/ukraine-media, one CSV per outlet, each at the commit listed for it
  (14 files; SHA-256 per file).

A download interrupted half-way leaves ``<file>.part``; the next call resumes it (HTTP range
request) or, where the server does not resume, starts that file again. A file whose hash does not
match is deleted and reported (:class:`ChecksumError`). Without network access ``fetch`` fails
with a message that lists what to download by hand and where to put it.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import re
import warnings
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd

from toolkit._errors import check_choice, format_message, preview
from toolkit.corpus import CorpusError, CorpusWarning, validate_corpus

__all__ = ["fetch", "fetch_dataset", "load_basil", "DATASETS", "DatasetError", "ChecksumError",
           "dataset_files"]

_RAW = "https://raw.githubusercontent.com/{repo}/{commit}/{path}"
_ENV_BASE_URL = "TOOLKIT_DATASETS_BASE_URL"  # read at call time only
_CHUNK = 1 << 16


class DatasetError(RuntimeError):
    """A dataset could not be downloaded or converted."""


class ChecksumError(DatasetError):
    """A downloaded file's hash differs from the pinned one."""


@dataclass(frozen=True)
class _Dataset:
    name: str
    repo: str
    manifest: str  # file in toolkit/data/sources
    hash_kind: str  # "git-sha1" or "sha256"
    licence: str
    citation: str
    commit: str | None = None  # None: one commit per file, in the manifest
    prefix: tuple[str, ...] = ("",)  # only manifest paths under these prefixes are needed


DATASETS = {
    "basil": _Dataset(
        name="basil", repo="Media-Bias-Group/MBIB", manifest="basil.tsv", hash_kind="git-sha1",
        commit="b9a887ffd461fa462e89835fc27b36e370091954",
        prefix=("datasets/009_BASIL/raw/articles/", "datasets/009_BASIL/raw/annotations/"),
        licence="research data: no licence file in the data folder; use for research, cite "
                "the paper, do not redistribute the texts (see the MBIB and launchnlp/BASIL "
                "repositories)",
        citation="Fan, White, Sharma, Su, Choubey, Huang and Wang (2019). In Plain Sight: Media "
                 "Bias Through the Lens of Factual Reporting. EMNLP-IJCNLP 2019. "
                 "arXiv:1909.02670"),
    "allsides": _Dataset(
        name="allsides", repo="ramybaly/Article-Bias-Prediction", manifest="allsides.tsv.gz",
        hash_kind="git-sha1", commit="ced8111a720948e6a410e52031ace99c4e53f096",
        prefix=("data/jsons/",),
        licence="Apache License 2.0 (the repository); article texts remain their publishers'",
        citation="Baly, Da San Martino, Glass and Nakov (2020). We Can Detect Your Bias: "
                 "Predicting the Political Ideology of News Articles. EMNLP 2020."),
    "ukraine_media": _Dataset(
        name="ukraine_media", repo="r2nery/ukraine-media", manifest="ukraine_media.json",
        hash_kind="sha256",
        licence="code under the MIT licence; the article texts are the outlets' copyright: "
                "research use only",
        citation="r2nery/ukraine-media (GitHub repository): English-language news on Russia's "
                 "war against Ukraine, scraped from 14 outlets, 2022."),
}


@dataclass(frozen=True)
class _File:
    path: str
    size: int
    digest: str
    url: str
    outlet: str | None = None  # ukraine_media: the outlet of a per-outlet CSV


def _manifest(spec: _Dataset) -> list[_File]:
    raw = (resources.files("toolkit") / "data" / "sources" / spec.manifest).read_bytes()
    if spec.manifest.endswith(".gz"):
        raw = gzip.decompress(raw)
    files = []
    if spec.manifest.endswith(".json"):
        for entry in json.loads(raw.decode("utf-8")):
            files.append(_File(path=entry["path"], size=int(entry["bytes"]),
                               digest=entry["sha256"], url=entry["url"],
                               outlet=entry["outlet"]))
        return files
    for line in raw.decode("utf-8").splitlines():
        if not line.strip():
            continue
        digest, size, path = line.split("\t")
        if path.startswith(spec.prefix):  # a tuple of prefixes
            files.append(_File(path=path, size=int(size), digest=digest, url=_RAW.format(
                repo=spec.repo, commit=spec.commit, path=path)))
    return files


def _local_name(spec: _Dataset, file: _File) -> str:
    """Where a file lives under the dataset's cache folder (outlet CSVs can share a path)."""
    if spec.commit is None:
        commit = file.url.split("/")[5]
        return f"{commit[:12]}/{file.path}"
    return file.path


def dataset_files(name: str) -> pd.DataFrame:
    """The pinned upstream files of a dataset (no download).

    Returns
    -------
    pandas.DataFrame
        One row per file: ``path`` (in the repository), ``size`` (bytes), ``hash`` (git blob
        SHA-1 or SHA-256, see ``hash_kind``), ``hash_kind``, ``url`` (pinned download URL),
        ``local_name`` (its place under the cache folder).

    Example
    -------
    >>> int(dataset_files("ukraine_media")["size"].sum())
    15771006
    """
    check_choice("name", name, list(DATASETS))
    spec = DATASETS[name]
    files = _manifest(spec)
    return pd.DataFrame({
        "path": [f.path for f in files], "size": [f.size for f in files],
        "hash": [f.digest for f in files], "hash_kind": spec.hash_kind,
        "url": [f.url for f in files], "local_name": [_local_name(spec, f) for f in files]})


def _digest(data: bytes, kind: str) -> str:
    if kind == "git-sha1":  # the hash git gives a file: SHA-1 of "blob <size>\0" + content
        return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
    return hashlib.sha256(data).hexdigest()


def _default_cache() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("discourse-toolkit")) / "datasets"


def _download(url: str, part: Path, expected_size: int, timeout: float) -> None:
    """Fetch url into part, resuming from part's current size where the server allows."""
    import urllib.request

    have = part.stat().st_size if part.exists() else 0
    if have > expected_size:  # a stale .part from a different file: start again
        part.unlink()
        have = 0
    request = urllib.request.Request(url, headers={"User-Agent": "discourse-toolkit"})
    if have:
        request.add_header("Range", f"bytes={have}-")
    with urllib.request.urlopen(request, timeout=timeout) as response:
        resumed = have and response.status == 206
        with part.open("ab" if resumed else "wb") as out:
            while True:
                chunk = response.read(_CHUNK)
                if not chunk:
                    break
                out.write(chunk)


def _fetch_file(spec: _Dataset, file: _File, folder: Path, base_url: str | None,
                retries: int, timeout: float) -> None:
    import http.client
    import urllib.error

    target = folder / _local_name(spec, file)
    if target.exists():
        if _digest(target.read_bytes(), spec.hash_kind) == file.digest:
            return
        target.unlink()  # changed on disk since it was verified: fetch it again
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    url = f"{base_url.rstrip('/')}/{file.path}" if base_url else file.url
    last_error: Exception | None = None
    for _ in range(retries + 1):
        try:
            _download(url, part, file.size, timeout)
        except urllib.error.HTTPError as error:
            if error.code == 416:  # range not satisfiable: the .part is complete or stale
                part.unlink(missing_ok=True)
            last_error = error
            continue
        except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
            last_error = error  # dropped connection, timeout, no network: resume next round
            continue
        data = part.read_bytes()
        if len(data) < file.size:
            last_error = DatasetError(f"connection closed after {len(data)} of {file.size} bytes")
            continue
        if _digest(data, spec.hash_kind) != file.digest:
            part.unlink()
            raise ChecksumError(format_message(
                f"{spec.hash_kind} of the downloaded file is {_digest(data, spec.hash_kind)}, "
                f"expected {file.digest} ({len(data)} bytes, expected {file.size})",
                where=url, fix="the file was deleted; run fetch again, and if it fails again "
                               "the server holds a different file than the pinned one"))
        part.replace(target)
        return
    raise _offline_error(spec, folder, url, last_error)


def _offline_error(spec: _Dataset, folder: Path, url: str, error: Exception | None
                   ) -> DatasetError:
    if spec.commit:
        where = (f"https://github.com/{spec.repo}/tree/{spec.commit}/"
                 f"{os.path.commonpath([p.rstrip('/') for p in spec.prefix])}")
    else:
        where = f"the per-file URLs listed by toolkit.datasets.dataset_files({spec.name!r})"
    return DatasetError(format_message(
        f"could not download {url} ({error})", where=f"dataset {spec.name!r}",
        fix=f"check the network and call fetch again (finished files are kept), or download "
            f"the files by hand from {where} and put them under {folder}, keeping their "
            f"repository paths (toolkit.datasets.dataset_files({spec.name!r}) lists every "
            f"path, size and hash, and 'local_name' the place of each)"))


def fetch(
    name: str,
    *,
    cache_dir: str | Path | None = None,
    base_url: str | None = None,
    progress: bool | None = True,
    quiet: bool = False,
    workers: int = 8,
    retries: int = 3,
    timeout: float = 60.0,
    with_spans: bool = False,
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Download (once), verify and load a public research corpus.

    Parameters
    ----------
    name : {"basil", "allsides", "ukraine_media"}
        The dataset (see the module docstring for sources; :data:`DATASETS` holds licence and
        citation).
    cache_dir : str or Path, optional
        Where the files are kept (default: the user cache directory from ``platformdirs``,
        e.g. ``~/.cache/discourse-toolkit/datasets``); each dataset in its own folder.
    base_url : str, optional
        Download from a mirror instead of the pinned GitHub URLs: each file is fetched from
        ``<base_url>/<repository path>``. Default: the environment variable
        ``TOOLKIT_DATASETS_BASE_URL`` (read at call time) or the pinned URLs. Hashes are
        checked either way.
    progress : bool or None, default True
        Show a progress bar over the files to download.
    quiet : bool, default False
        Do not print the licence and citation.
    workers : int, default 8
        Files downloaded at the same time (allsides has 37,554 small files).
    retries : int, default 3
        Further attempts per file after a dropped connection (each resumes the ``.part``).
    timeout : float, default 60
        Seconds without data before a connection counts as dropped.
    with_spans : bool, default False
        ``basil`` only: also return the annotated bias spans, with the columns of
        :func:`load_basil` (every year's annotations; offsets located in the joined text).

    Returns
    -------
    pandas.DataFrame
        The corpus (``doc_id``, ``outlet``, ``date``, ``title``, ``text``, then per dataset:
        basil ``url``, ``event_id``, ``event``; allsides ``bias_label``, ``topic``, ``url``,
        ``authors``; ukraine_media ``url``, ``source_file``). With ``with_spans=True``, the pair
        ``(corpus, spans)``.

    Raises
    ------
    DatasetError
        The files could not be downloaded (the message says what to download by hand and where
        to put it).
    ChecksumError
        A downloaded file differs from the pinned one.

    Example
    -------
    >>> corpus = toolkit.datasets.fetch("ukraine_media")  # doctest: +SKIP
    >>> corpus.to_parquet("ukraine_media.parquet")  # doctest: +SKIP
    >>> toolkit.run_report("ukraine_media.parquet", out="report")  # doctest: +SKIP
    """
    check_choice("name", name, list(DATASETS))
    if with_spans and name != "basil":
        raise ValueError("`with_spans` applies to 'basil' only")
    spec = DATASETS[name]
    folder = (Path(cache_dir) if cache_dir is not None else _default_cache()) / name
    base_url = base_url or os.environ.get(_ENV_BASE_URL) or None
    files = _manifest(spec)
    if not quiet:
        print(f"{name}: {spec.citation}\nLicence: {spec.licence}\nFiles: {folder}")
    _fetch_files(spec, files, folder, base_url=base_url, progress=progress, workers=workers,
                 retries=retries, timeout=timeout)
    return _CONVERTERS[name](spec, files, folder, with_spans)


def _fetch_files(spec: _Dataset, files: list[_File], folder: Path, *, base_url: str | None,
                 progress: bool | None = False, workers: int = 8, retries: int = 3,
                 timeout: float = 60.0) -> None:
    """Make every file of ``files`` present and verified under ``folder``."""
    from toolkit._progress import progress_bar

    def one(file: _File) -> None:
        _fetch_file(spec, file, folder, base_url, retries, timeout)

    with ThreadPoolExecutor(max_workers=max(1, int(workers))) as pool:
        futures = [pool.submit(one, f) for f in files]
        try:
            for future in progress_bar(futures, total=len(futures), desc=f"fetching {spec.name}",
                                       progress=progress, unit="file"):
                future.result()
        except BaseException:
            for future in futures:
                future.cancel()
            raise


fetch_dataset = fetch  # the name under which ``toolkit`` exports it


# --- converters: upstream files -> corpus table ------------------------------------------------

_BASIL_OUTLETS = {"fox": "Fox News", "nyt": "New York Times", "hpo": "HuffPost"}


def _convert_basil(spec: _Dataset, files: list[_File], folder: Path, with_spans: bool):
    articles, spans = [], []
    annotation_of = {}
    for file in files:
        if "/annotations/" in file.path:
            key = file.path.replace("/annotations/", "/articles/").replace("_ann.json", ".json")
            annotation_of[key] = file
    for file in files:
        if "/articles/" not in file.path:
            continue
        record = json.loads((folder / _local_name(spec, file)).read_bytes())
        paragraphs = [" ".join(sentences) for sentences in record.get("body-paragraphs", [])]
        text = "\n\n".join(paragraphs)
        stem = Path(file.path).stem  # <triplet uuid>_<1|2|3>: names the article until ids are set
        articles.append({
            "doc_id": stem,
            "outlet": _BASIL_OUTLETS.get(record.get("source"), record.get("source")),
            "date": record.get("date"),
            "title": record.get("title"),
            "text": text,
            "url": record.get("url"),
            "event_id": record.get("triplet-uuid"),
            "event": record.get("main-event"),
            "uuid": record.get("uuid"),  # becomes doc_id below
        })
        annotation = annotation_of.get(file.path)
        if annotation is not None:
            data = json.loads((folder / _local_name(spec, annotation)).read_bytes())
            sentences = [s for paragraph in record.get("body-paragraphs", []) for s in paragraph]
            for phrase in data.get("phrase-level-annotations", []):
                located = _locate_span(text, sentences, phrase)
                if located is not None:
                    spans.append({"doc_id": stem, "start": located, "end": located + len(
                        phrase["txt"]), "text": phrase["txt"],
                        "bias": {"lex": "lexical", "inf": "informational"}.get(
                            phrase.get("bias"), phrase.get("bias")),
                        "polarity": phrase.get("polarity"),
                        "in_quote": phrase.get("quote") == "yes",
                        "target": phrase.get("target")})
    # ids as in shared/data/basil and load_basil: the article's uuid; where it is missing,
    # "empty" or repeated, <event_id>_<outlet> (an event has one article per outlet)
    table = pd.DataFrame(articles)
    uuid = table.pop("uuid").fillna("").astype(str)
    usable = uuid.str.strip().ne("") & uuid.ne("empty") & ~uuid.duplicated(keep=False)
    derived = table["event_id"].astype(str) + "_" + table["outlet"].astype(str).str.lower().map(
        lambda outlet: _SLUG_RE.sub("", outlet))
    new_ids = dict(zip(table["doc_id"], uuid.where(usable, derived), strict=True))
    table["doc_id"] = table["doc_id"].map(new_ids)
    corpus = validate_corpus(table, where=f"{spec.name} ({folder})")
    if with_spans:
        spans_table = pd.DataFrame(spans, columns=_SPAN_COLUMNS)
        spans_table["doc_id"] = spans_table["doc_id"].map(new_ids)
        return corpus, spans_table
    return corpus


_SPAN_COLUMNS = ["doc_id", "start", "end", "text", "bias", "polarity", "in_quote", "target"]


def _locate_span(text: str, sentences: list[str], phrase: dict) -> int | None:
    """Character offset of an annotated phrase in the article text: the occurrence whose
    offset within its sentence equals the annotation's ``start`` (upstream offsets count from
    the start of a sentence), else the first occurrence; None if the phrase is not in the text."""
    needle = phrase.get("txt") or ""
    if not needle:
        return None
    starts, position = [], 0
    for sentence in sentences:  # where each sentence starts in text
        found = text.find(sentence, position)
        starts.append(found)
        if found >= 0:
            position = found + len(sentence)
    first = text.find(needle)
    if first < 0:
        return None
    at = first
    while at >= 0:
        sentence_start = max((s for s in starts if 0 <= s <= at), default=0)
        if at - sentence_start == phrase.get("start"):
            return at
        at = text.find(needle, at + 1)
    return first


def _convert_allsides(spec: _Dataset, files: list[_File], folder: Path, with_spans: bool):
    rows = []
    for file in files:
        record = json.loads((folder / _local_name(spec, file)).read_bytes())
        rows.append({
            "doc_id": record.get("ID") or Path(file.path).stem,
            "outlet": record.get("source"),
            "date": record.get("date"),
            "title": record.get("title"),
            "text": record.get("content_original") or record.get("content") or "",
            "bias_label": record.get("bias_text"),
            "topic": record.get("topic"),
            "url": record.get("url"),
            "authors": record.get("authors"),
        })
    table = pd.DataFrame(rows)
    table["date"] = _parse_mixed_dates(table["date"], spec.name)
    return validate_corpus(table, where=f"{spec.name} ({folder})")


def _parse_mixed_dates(values: pd.Series, name: str) -> pd.Series:
    parsed = pd.to_datetime(values, errors="coerce", format="mixed")
    bad = values.notna() & values.astype(str).str.strip().ne("") & parsed.isna()
    if bad.any():
        warnings.warn(f"{name}: {int(bad.sum())} dates could not be read and are left empty "
                      f"({preview(values[bad].unique())})", CorpusWarning, stacklevel=3)
    return parsed


_UKRAINE_COLUMNS = {"date": ("date", "published", "pub_date"), "url": ("url", "link", "web_url"),
                    "title": ("title", "headline"), "text": ("text", "body", "content")}


def _convert_ukraine(spec: _Dataset, files: list[_File], folder: Path, with_spans: bool):
    tables = []
    for file in files:
        where = f"{_local_name(spec, file)} ({spec.name})"
        raw = (folder / _local_name(spec, file)).read_bytes()
        table = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False,
                            encoding="utf-8")
        lower = {c.strip().lower(): c for c in table.columns}
        picked = {}
        for field, names in _UKRAINE_COLUMNS.items():
            column = next((lower[n] for n in names if n in lower), None)
            if column is None and field in ("url", "text"):
                raise DatasetError(format_message(
                    f"no {field} column (columns: {', '.join(table.columns)})", where=where,
                    fix="the upstream file changed format; report it"))
            picked[field] = table[column] if column is not None else ""
        frame = pd.DataFrame(picked)
        frame = frame[frame["url"].str.strip().ne("") & frame["text"].str.strip().ne("")]
        frame["outlet"] = file.outlet
        frame["source_file"] = f"{file.path}@{file.url.split('/')[5][:12]}"
        tables.append(frame)
    table = pd.concat(tables, ignore_index=True).drop_duplicates("url", keep="first")
    table["doc_id"] = [hashlib.sha1(u.encode("utf-8")).hexdigest()[:16] for u in table["url"]]
    table["date"] = _parse_mixed_dates(table["date"], spec.name)
    table = table[["doc_id", "outlet", "date", "title", "text", "url", "source_file"]]
    return validate_corpus(table.reset_index(drop=True), where=f"{spec.name} ({folder})")


_CONVERTERS: dict[str, Callable] = {"basil": _convert_basil, "allsides": _convert_allsides,
                                    "ukraine_media": _convert_ukraine}


# --- BASIL in the layout of ../shared/data/basil ----------------------------------------------

_SLUG_RE = re.compile(r"[^a-z0-9]+")


def load_basil(path: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a local copy of BASIL (Fan et al., EMNLP 2019): articles and annotated bias spans.

    Parameters
    ----------
    path : str or Path
        The folder holding ``articles.jsonl`` and ``bias_spans_2010_2014.jsonl`` (the layout of
        ``shared/data/basil``: one JSON object per line, spans with character offsets), or the
        ``articles.jsonl`` file itself (the spans file is looked for beside it; without it the
        spans table is empty).

    Returns
    -------
    corpus : pandas.DataFrame
        The articles as a validated corpus (``doc_id``, ``outlet``, ``date``, ``title``,
        ``text``, ``url``, ``event_id``, ``event``).
    spans : pandas.DataFrame
        One row per annotated span: ``doc_id``, ``start``, ``end``, ``text``, ``bias``
        (``lexical`` or ``informational``), ``polarity``, ``in_quote``, ``target``.

    Notes
    -----
    An article whose ``doc_id`` is not unique (the copy in ``shared/data`` has four HuffPost
    articles with the id ``"empty"``) gets the stable id ``<event_id>_<outlet>`` (e.g.
    ``"0a1b…_huffpost"``; an event has one article per outlet). Each span of such an id is given
    to the one article whose text holds the span's text at the span's offsets; a span that fits
    none or several of them is dropped with a :class:`toolkit.corpus.CorpusWarning`.

    Example
    -------
    >>> corpus, spans = load_basil("../shared/data/basil")  # doctest: +SKIP
    """
    path = Path(path)
    articles_path = path / "articles.jsonl" if path.is_dir() else path
    spans_path = articles_path.parent / "bias_spans_2010_2014.jsonl"
    if not articles_path.exists():
        raise CorpusError(format_message(
            "file not found", where=str(articles_path),
            fix="point to BASIL's folder or its articles.jsonl (toolkit.datasets.fetch('basil') "
                "downloads it)"))
    articles = _read_json_lines(articles_path)
    spans = (_read_json_lines(spans_path) if spans_path.exists()
             else pd.DataFrame(columns=_SPAN_COLUMNS))
    duplicated = articles["doc_id"].duplicated(keep=False)
    if duplicated.any():
        articles, spans = _fix_basil_ids(articles, spans, duplicated)
    corpus = validate_corpus(articles, where=str(articles_path))
    return corpus, spans.reset_index(drop=True)


def _fix_basil_ids(articles: pd.DataFrame, spans: pd.DataFrame, duplicated: pd.Series
                   ) -> tuple[pd.DataFrame, pd.DataFrame]:
    articles, spans = articles.copy(), spans.copy()
    old_ids = set(articles.loc[duplicated, "doc_id"])
    new_ids = {index: f"{row.event_id}_{_SLUG_RE.sub('', str(row.outlet).lower())}"
               for index, row in articles[duplicated].iterrows()}
    for index, new in new_ids.items():
        articles.at[index, "doc_id"] = new
    if articles["doc_id"].duplicated().any():
        raise CorpusError(format_message(
            "BASIL ids are still not unique after deriving <event_id>_<outlet>",
            where="articles.jsonl", fix="check the event_id and outlet columns"))
    keep, lost = [], 0
    for index, span in spans.iterrows():
        if span["doc_id"] not in old_ids:
            keep.append(index)
            continue
        fits = [new for i, new in new_ids.items()
                if articles.at[i, "text"][int(span["start"]):int(span["end"])] == span["text"]]
        if len(fits) == 1:
            spans.at[index, "doc_id"] = fits[0]
            keep.append(index)
        else:
            lost += 1
    if lost:
        warnings.warn(f"dropped {lost} BASIL spans of the articles with id "
                      f"{preview(sorted(old_ids))}: their text fits none or several of those "
                      f"articles", CorpusWarning, stacklevel=3)
    return articles, spans.loc[keep]


def _read_json_lines(path: Path) -> pd.DataFrame:
    with path.open(encoding="utf-8") as handle:
        return pd.DataFrame([json.loads(line) for line in handle if line.strip()])
