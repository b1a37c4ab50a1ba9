"""Saved web pages to a corpus: a folder of ``.html`` files or web archives (``.warc``, ``.warc.gz``).

Each page's main text, title, date, author and site name are extracted with trafilatura
(Barbaresi 2021, the extractor that comparisons of boilerplate removal rank first for news pages),
in its precision mode: navigation, cookie banners, share buttons, related links and reader
comments are left out, and a page that is mostly links (a section front, a search page) yields no
text. WARC files are read record by record with warcio. Nothing is fetched from the network.

The outlet of a page is, in this order: your ``outlets`` mapping for its registered domain,
the toolkit's :data:`DOMAIN_OUTLETS` for a few large outlets (so that ``bbc.co.uk`` and
``bbc.com`` are both "BBC"), the site name the page declares (``og:site_name``), or else the
registered domain itself (``theguardian.com``; registered domains come from the Public Suffix List
through the ``tld`` package, so ``news.bbc.co.uk`` is ``bbc.co.uk``). The column
``outlet_from`` says which rule gave it.

Pages that give no article are never dropped silently: they are listed in the second table that
:func:`load_html` returns, with the reason.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from urllib.parse import urlsplit

import pandas as pd

from toolkit._errors import format_message
from toolkit._progress import progress_bar
from toolkit.corpus import CorpusError, validate_corpus
from toolkit.tokens import tokenize

__all__ = ["load_html", "DOMAIN_OUTLETS", "registered_domain"]

#: Registered domain -> outlet name for outlets whose pages declare inconsistent site names.
#: Read-only; pass ``outlets=`` to :func:`load_html` to add or override entries.
DOMAIN_OUTLETS: Mapping[str, str] = MappingProxyType({
    "apnews.com": "Associated Press",
    "bbc.co.uk": "BBC",
    "bbc.com": "BBC",
    "cbsnews.com": "CBS News",
    "cnn.com": "CNN",
    "dailymail.co.uk": "Daily Mail",
    "express.co.uk": "Daily Express",
    "foxnews.com": "Fox News",
    "huffpost.com": "HuffPost",
    "mirror.co.uk": "Daily Mirror",
    "nbcnews.com": "NBC News",
    "nytimes.com": "New York Times",
    "reuters.com": "Reuters",
    "rt.com": "RT",
    "theguardian.com": "The Guardian",
    "washingtonpost.com": "Washington Post",
    "abcnews.go.com": "ABC News",
})

_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_WARC_SUFFIXES = (".warc", ".warc.gz")
# a charset declared in the first bytes of a page: <meta charset="x"> or content="...; charset=x"
_META_CHARSET_RE = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""",
                              re.IGNORECASE)
_HEADER_CHARSET_RE = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]{1,40})", re.IGNORECASE)
# labels that browsers (WHATWG Encoding standard) decode as windows-1252
_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii",
              "windows-1252", "cp1252", "x-cp1252"}

_COLUMNS = ["doc_id", "outlet", "date", "title", "text", "url", "author", "site_name", "domain",
            "outlet_from", "source", "encoding"]
_SKIPPED = ["source", "url", "reason"]


@dataclass
class _Page:
    source: str
    raw: bytes
    url: str | None = None
    declared: str | None = None  # charset from an HTTP header
    status: int | None = None
    content_type: str | None = None


def registered_domain(url: str | None) -> str | None:
    """The registered domain of a URL (``https://news.bbc.co.uk/x`` -> ``bbc.co.uk``), or None.

    From the Public Suffix List (``tld`` package); a host under a suffix the list does not know
    (``news.site.example``) gives its last two labels (``site.example``).

    Example
    -------
    >>> registered_domain("https://edition.cnn.com/2022/03/01/world/story.html")
    'cnn.com'
    """
    if not url:
        return None
    from tld import get_fld

    try:
        found = get_fld(url, fail_silently=True)
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if found:
        return found
    if host and "." in host.strip("."):
        return ".".join(host.strip(".").split(".")[-2:])
    return None


def _decode(raw: bytes, declared: str | None) -> tuple[str, str]:
    """Text of a page and the encoding used: BOM, then the HTTP header's charset, then the
    page's own declaration, then UTF-8; labels browsers read as windows-1252 are read so."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8"
    candidates = []
    if declared:
        candidates.append(declared)
    match = _META_CHARSET_RE.search(raw[:4096])
    if match:
        candidates.append(match.group(1).decode("ascii", errors="replace"))
    candidates.append("utf-8")
    for label in candidates:
        label = label.strip().lower()
        name = "cp1252" if label in _AS_CP1252 else label
        try:
            return raw.decode(name), name
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("cp1252", errors="replace"), "cp1252 (with replacements)"


def _html_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and (
        p.name.lower().endswith(_HTML_SUFFIXES) or p.name.lower().endswith(_WARC_SUFFIXES)))


def _pages(path: Path, skipped: list[dict]) -> Iterator[_Page]:
    """Every page of a saved .html file or a WARC file (other WARC records are listed)."""
    name = path.name.lower()
    if name.endswith(_HTML_SUFFIXES):
        yield _Page(source=str(path), raw=path.read_bytes())
        return
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as handle:
        try:
            for record in ArchiveIterator(handle):
                if record.rec_type not in ("response", "resource"):
                    continue  # requests, metadata, warcinfo: not pages
                url = record.rec_headers.get_header("WARC-Target-URI")
                source = f"{path}#{record.rec_headers.get_header('WARC-Record-ID')}"
                status, content_type = None, None
                if record.http_headers is not None:
                    code = record.http_headers.get_statuscode()
                    status = int(code) if code and code.isdigit() else None
                    content_type = record.http_headers.get_header("Content-Type")
                else:
                    content_type = record.rec_headers.get_header("Content-Type")
                raw = record.content_stream().read()
                yield _Page(source=source, raw=raw, url=url, status=status,
                            content_type=content_type,
                            declared=_header_charset(content_type))
        except Exception as error:  # warcio raises several kinds on a damaged archive
            skipped.append({"source": str(path), "url": None,
                            "reason": f"damaged WARC file, reading stopped: {error}"})


def _header_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = _HEADER_CHARSET_RE.search(content_type)
    return match.group(1) if match else None


def _outlet(domain: str | None, site_name: str | None,
            outlets: Mapping[str, str]) -> tuple[str | None, str | None]:
    if domain and domain in outlets:
        return outlets[domain], "outlets"
    if domain and domain in DOMAIN_OUTLETS:
        return DOMAIN_OUTLETS[domain], "known domains"
    if site_name:
        return site_name.strip(), "site name"
    if domain:
        return domain, "domain"
    return None, None


def load_html(
    path: str | Path | list[str | Path],
    *,
    outlets: Mapping[str, str] | None = None,
    min_words: int = 50,
    include_comments: bool = False,
    progress: bool | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read saved web pages (a folder of ``.html`` files, or ``.warc``/``.warc.gz`` files) into a
    corpus.

    Parameters
    ----------
    path : str, Path or list of them
        A folder (searched recursively for ``.html``, ``.htm``, ``.xhtml``, ``.warc`` and
        ``.warc.gz`` files), one such file, or a list of files and folders.
    outlets : mapping, optional
        Registered domain -> outlet name (``{"rt.com": "RT"}``); wins over the page's site name
        and over :data:`DOMAIN_OUTLETS`.
    min_words : int, default 50
        Pages whose main text has fewer word tokens are listed as skipped (section fronts,
        galleries, paywall stubs), not loaded.
    include_comments : bool, default False
        Keep reader comments in ``text``.
    progress : bool or None
        Show a progress bar (None: only for 5,000 files or more).

    Returns
    -------
    corpus : pandas.DataFrame
        A validated corpus, one row per page with article text: ``doc_id`` (first 16 hex digits
        of the SHA-1 of the URL, or of the file path for a page that declares no URL),
        ``outlet``, ``date`` (publication date the page declares; NaT if none), ``title``,
        ``text`` (the main text; a first line repeating the title is dropped), ``url``,
        ``author``, ``site_name``, ``domain`` (registered domain), ``outlet_from`` (``outlets``,
        ``known domains``, ``site name`` or ``domain``: which rule named the outlet),
        ``source`` (file, or WARC file ``#`` record id), ``encoding`` (how the bytes were
        decoded).
    skipped : pandas.DataFrame
        One row per page or record that gave no document: ``source``, ``url``, ``reason``
        (e.g. ``"no main text (page is mostly links or empty)"``, ``"HTTP status 404"``,
        ``"not an HTML page (image/png)"``, ``"12 words, fewer than min_words=50"``,
        ``"same URL as <source>"``).

    Example
    -------
    >>> corpus, skipped = load_html("scrape/", outlets={"example.org": "Example News"})  # doctest: +SKIP
    >>> skipped["reason"].value_counts()  # doctest: +SKIP
    """
    try:
        import trafilatura
        import warcio  # noqa: F401  (checked here so that a missing extra fails before any work)
    except ImportError as error:
        raise ImportError(f"load_html needs the 'web' extra ({error.name} is missing): "
                          "pip install 'discourse-toolkit[web]'") from None

    paths = [Path(p) for p in path] if isinstance(path, list | tuple) else [Path(path)]
    where = ", ".join(map(str, paths)) if len(paths) < 4 else f"{paths[0]} and {len(paths) - 1} more"
    files: list[Path] = []
    for item in paths:
        if not item.exists():
            raise CorpusError(format_message(
                "path not found", where=str(item),
                fix="pass a folder of saved .html pages or a .warc file"))
        if item.is_file() and not item.name.lower().endswith(_HTML_SUFFIXES + _WARC_SUFFIXES):
            raise CorpusError(format_message(
                f"unknown web page format {item.suffix!r}", where=str(item),
                fix="use .html, .htm, .xhtml, .warc or .warc.gz files"))
        files += _html_files(item) if item.is_dir() else [item]
    if not files:
        raise CorpusError(format_message("no .html or .warc files found", where=where,
                                         fix="point to the folder that holds the saved pages"))
    outlets = dict(outlets or {})
    rows: list[dict] = []
    skipped: list[dict] = []
    seen: dict[str, str] = {}
    for file in progress_bar(files, total=len(files), desc="reading pages", progress=progress,
                             unit="file"):
        for page in _pages(file, skipped):
            row, reason = _extract(page, trafilatura, min_words, include_comments)
            if row is not None:
                key = row["url"] or row["source"]
                if key in seen:
                    row, reason = None, f"same URL as {seen[key]}"
                else:
                    seen[key] = row["source"]
            if row is None:
                skipped.append({"source": page.source, "url": page.url, "reason": reason})
                continue
            row["outlet"], row["outlet_from"] = _outlet(row["domain"], row["site_name"], outlets)
            rows.append(row)
    skipped_table = pd.DataFrame(skipped, columns=_SKIPPED)
    if not rows:
        raise CorpusError(format_message(
            f"no page with article text among {len(files)} file(s)", where=where,
            fix="check the reasons: load_html's skipped pages were "
                + "; ".join(sorted(set(skipped_table["reason"]))[:3])))
    table = pd.DataFrame(rows, columns=_COLUMNS)
    return validate_corpus(table, where=where), skipped_table


def _extract(page: _Page, trafilatura, min_words: int,
             include_comments: bool) -> tuple[dict | None, str | None]:
    if page.status is not None and not 200 <= page.status < 300:
        return None, f"HTTP status {page.status}"
    if page.content_type and "html" not in page.content_type.lower():
        return None, f"not an HTML page ({page.content_type.split(';')[0].strip()})"
    raw = page.raw
    if raw[:2] == b"\x1f\x8b":  # a page saved gzip-compressed
        try:
            raw = gzip.decompress(raw)
        except OSError:
            return None, "damaged gzip-compressed page"
    if not raw.strip():
        return None, "empty file"
    html, encoding = _decode(raw, page.declared)
    document = trafilatura.bare_extraction(
        html, url=page.url, with_metadata=True, include_comments=include_comments,
        favor_precision=True, include_tables=False, include_images=False,
        date_extraction_params={"extensive_search": False, "original_date": True})
    if document is None or not (document.text or "").strip():
        return None, "no main text (page is mostly links or empty)"
    title = (document.title or "").strip() or None
    text = document.text.strip()
    if title and text.split("\n", 1)[0].strip() == title:
        text = text.split("\n", 1)[1].strip() if "\n" in text else ""
    if include_comments and document.comments:
        text = f"{text}\n\n{document.comments.strip()}"
    n_words = len(tokenize(text))
    if n_words == 0:
        return None, "no main text (page is mostly links or empty)"
    if n_words < min_words:
        return None, f"{n_words} words, fewer than min_words={min_words}"
    url = page.url or document.url or None
    key = url or page.source
    site_name = (document.sitename or "").strip() or None
    if site_name and url:  # trafilatura falls back on the host name: not a declared site name
        host = (urlsplit(url).hostname or "").lower()
        if site_name.lower() in (host, host.removeprefix("www.")):
            site_name = None
    return {
        "doc_id": hashlib.sha1(key.encode("utf-8")).hexdigest()[:16],
        "date": document.date,
        "title": title,
        "text": text,
        "url": url,
        "author": document.author,
        "site_name": site_name,
        "domain": registered_domain(url),
        "source": page.source,
        "encoding": encoding,
    }, None
