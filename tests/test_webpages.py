"""load_html on pages and web archives that the tests write themselves (invented text)."""

from __future__ import annotations

import io

import pytest

import toolkit
from toolkit.corpus import CorpusError
from toolkit.webpages import DOMAIN_OUTLETS, registered_domain

PARAGRAPHS = [
    "Engineers finished the new bridge over the Elm river on Monday, three months later than "
    "the council had promised when the old crossing closed last spring.",
    "The mayor said the delay came from a shortage of steel and from two weeks of floods in "
    "March, when the site was under water and the cranes could not move.",
    "Shopkeepers on both banks said trade had fallen by a third while the crossing was shut, "
    "and several asked the council to waive this year's market fees.",
]
ARTICLE_WORDS = sum(len(toolkit.tokenize(p)) for p in PARAGRAPHS)


def article_html(*, title="Elm bridge opens after delay", site="Riverside Gazette",
                 url="https://www.riverside-gazette.example/news/elm-bridge",
                 charset="utf-8", paragraphs=PARAGRAPHS, extra_head="") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    site_meta = f'<meta property="og:site_name" content="{site}">' if site else ""
    url_meta = f'<link rel="canonical" href="{url}">' if url else ""
    return f"""<!DOCTYPE html><html><head><meta charset="{charset}">
<title>{title} | {site or "News"}</title>{site_meta}{url_meta}{extra_head}
<meta name="author" content="Ada Byline">
<meta property="article:published_time" content="2023-04-17T08:30:00+01:00">
</head><body>
<div class="cookie-banner" id="cookie-consent"><p>We use cookies to personalise content and ads.
By clicking Accept all cookies you agree to our cookie policy.</p><button>Accept all cookies</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav></header>
<main><article><h1>{title}</h1><p class="byline">By Ada Byline</p>{body}
<div class="share"><a href="#">Share on social media</a> <a href="#">Email this story</a></div>
</article>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Council votes on parking fees</a></li>
<li><a href="/b">Floods close the ring road again</a></li></ul></aside>
<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><p>Commenter99: About time! This bridge took forever, typical council.</p></div>
</section></main>
<footer><p>Copyright 2023 Riverside Gazette Ltd. All rights reserved. Terms. Privacy.</p></footer>
</body></html>"""


def index_html() -> str:
    links = "".join(f'<li><a href="/news/story-{i}">Headline number {i} about the town</a></li>'
                    for i in range(40))
    return f"""<html><head><meta charset="utf-8"><title>News | Riverside Gazette</title>
<meta property="og:site_name" content="Riverside Gazette"></head>
<body><nav><a href="/">Home</a></nav><h1>Latest news</h1><ul>{links}</ul>
<footer>Copyright 2023 Riverside Gazette</footer></body></html>"""


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def test_article_text_without_boilerplate(tmp_path):
    write(tmp_path / "bridge.html", article_html())
    corpus, skipped = toolkit.load_html(tmp_path)
    assert skipped.empty
    assert len(corpus) == 1
    row = corpus.iloc[0]
    for paragraph in PARAGRAPHS:
        assert paragraph in row["text"]
    for boilerplate in ("cookie", "Commenter99", "Copyright", "Related stories", "Share on",
                        "Sport", "Floods close"):
        assert boilerplate not in row["text"], boilerplate
    assert row["title"] == "Elm bridge opens after delay"
    assert not row["text"].startswith(row["title"])  # the headline line is not repeated
    assert str(row["date"].date()) == "2023-04-17"
    assert row["author"] == "Ada Byline"
    assert row["site_name"] == "Riverside Gazette"
    assert row["outlet"] == "Riverside Gazette" and row["outlet_from"] == "site name"
    assert row["url"] == "https://www.riverside-gazette.example/news/elm-bridge"
    assert row["domain"] == "riverside-gazette.example"


def test_a_list_of_files(tmp_path):
    write(tmp_path / "a.html", article_html(url="https://www.riverside-gazette.example/a"))
    write(tmp_path / "b.html", article_html(url="https://www.riverside-gazette.example/b"))
    write(tmp_path / "c.html", article_html(url="https://www.riverside-gazette.example/c"))
    corpus, _ = toolkit.load_html([tmp_path / "c.html", str(tmp_path / "a.html")])
    assert corpus["url"].str[-1].tolist() == ["c", "a"]


def test_comments_only_on_request(tmp_path):
    write(tmp_path / "bridge.html", article_html())
    corpus, _ = toolkit.load_html(tmp_path, include_comments=True)
    assert "About time" in corpus["text"].iloc[0]


def test_doc_id_is_the_hashed_url(tmp_path):
    import hashlib

    write(tmp_path / "bridge.html", article_html())
    corpus, _ = toolkit.load_html(tmp_path / "bridge.html")
    url = "https://www.riverside-gazette.example/news/elm-bridge"
    assert corpus["doc_id"].iloc[0] == hashlib.sha1(url.encode()).hexdigest()[:16]


def test_outlet_rules(tmp_path):
    write(tmp_path / "a.html", article_html(site="BBC News", url="https://www.bbc.co.uk/news/1"))
    write(tmp_path / "b.html", article_html(site=None, url="https://news.example.org/story/2"))
    write(tmp_path / "c.html", article_html(site="Gazette Online",
                                            url="https://www.gazette.example/3"))
    corpus, _ = toolkit.load_html(tmp_path, outlets={"gazette.example": "The Gazette"})
    got = dict(zip(corpus["url"], zip(corpus["outlet"], corpus["outlet_from"], strict=True),
                   strict=True))
    assert got == {
        "https://www.bbc.co.uk/news/1": ("BBC", "known domains"),
        "https://news.example.org/story/2": ("example.org", "domain"),
        "https://www.gazette.example/3": ("The Gazette", "outlets"),
    }
    # the user's map wins over the bundled one
    corpus, _ = toolkit.load_html(tmp_path / "a.html", outlets={"bbc.co.uk": "BBC UK"})
    assert corpus["outlet"].tolist() == ["BBC UK"]
    assert DOMAIN_OUTLETS["bbc.com"] == "BBC"
    with pytest.raises(TypeError):
        DOMAIN_OUTLETS["x.com"] = "X"  # read-only: no global state to change


def test_non_article_short_and_empty_pages_are_listed(tmp_path):
    write(tmp_path / "index.html", index_html())
    write(tmp_path / "short.html", article_html(paragraphs=["Bridge opens today, more soon."],
                                                url="https://www.riverside-gazette.example/s"))
    (tmp_path / "empty.html").write_bytes(b"")
    write(tmp_path / "bridge.html", article_html())
    corpus, skipped = toolkit.load_html(tmp_path)
    assert len(corpus) == 1
    reasons = {s.rsplit("/", 1)[-1]: r for s, r in zip(skipped["source"], skipped["reason"],
                                                        strict=True)}
    assert reasons["index.html"] == "no main text (page is mostly links or empty)"
    assert reasons["short.html"] == "5 words, fewer than min_words=50"
    assert reasons["empty.html"] == "empty file"
    corpus, skipped = toolkit.load_html(tmp_path, min_words=3)
    assert len(corpus) == 2


@pytest.mark.parametrize("declared", ["windows-1252", "iso-8859-1"])
def test_non_utf8_pages(tmp_path, declared):
    paragraphs = [p.replace("bridge", "café bridge") for p in PARAGRAPHS]
    paragraphs[1] = "The mayor said “the naïve plan” — her words — had cost €2m. " + paragraphs[1]
    html = article_html(charset=declared, paragraphs=paragraphs, title="Café bridge opens")
    write(tmp_path / "page.html", html, encoding="cp1252")  # “ ” — € are 0x93 0x94 0x97 0x80
    corpus, _ = toolkit.load_html(tmp_path)
    text = corpus["text"].iloc[0]
    assert "“the naïve plan” — her words — had cost €2m." in text
    assert "café bridge" in text
    assert corpus["title"].iloc[0] == "Café bridge opens"
    assert corpus["encoding"].iloc[0] == "cp1252"


def _warc(path, records, *, gzip):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzip)
        for url, status, content_type, body in records:
            http = StatusAndHeaders(f"{status} X", [("Content-Type", content_type)],
                                    protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=http))
            writer.write_record(writer.create_warc_record(
                url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))


@pytest.mark.parametrize("name,gzip", [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_warc(tmp_path, name, gzip):
    latin = article_html(url=None, charset="x", paragraphs=[
        p.replace("bridge", "pont à péage") for p in PARAGRAPHS]).replace(
        '<meta charset="x">', "")  # the charset is only in the HTTP header
    records = [
        ("https://www.riverside-gazette.example/news/elm-bridge", 200, "text/html; charset=utf-8",
         article_html().encode("utf-8")),
        ("https://www.riverside-gazette.example/news/toll", 200,
         "text/html; charset=ISO-8859-1", latin.encode("cp1252")),
        ("https://www.riverside-gazette.example/missing", 404, "text/html", b"<html>gone</html>"),
        ("https://www.riverside-gazette.example/logo.png", 200, "image/png", b"\x89PNG...."),
        ("https://www.riverside-gazette.example/news", 200, "text/html",
         index_html().encode("utf-8")),
        ("https://www.riverside-gazette.example/news/elm-bridge", 200, "text/html",
         article_html().encode("utf-8")),  # crawled twice
    ]
    _warc(tmp_path / name, records, gzip=gzip)
    corpus, skipped = toolkit.load_html(tmp_path / name)
    assert corpus["url"].tolist() == ["https://www.riverside-gazette.example/news/elm-bridge",
                                      "https://www.riverside-gazette.example/news/toll"]
    assert "pont à péage" in corpus["text"].iloc[1]
    assert corpus["encoding"].tolist() == ["utf-8", "cp1252"]
    assert corpus["source"].str.startswith(str(tmp_path / name) + "#<urn:uuid:").all()
    reasons = dict(zip(skipped["url"], skipped["reason"], strict=True))
    assert len(skipped) == 4
    assert reasons["https://www.riverside-gazette.example/missing"] == "HTTP status 404"
    assert reasons["https://www.riverside-gazette.example/logo.png"] == \
        "not an HTML page (image/png)"
    assert reasons["https://www.riverside-gazette.example/news"].startswith("no main text")
    assert reasons["https://www.riverside-gazette.example/news/elm-bridge"].startswith(
        "same URL as ")


def test_bad_paths(tmp_path):
    with pytest.raises(CorpusError, match="not found"):
        toolkit.load_html(tmp_path / "nope")
    with pytest.raises(CorpusError, match="no .html or .warc files"):
        toolkit.load_html(tmp_path)
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(CorpusError, match="unknown web page format"):
        toolkit.load_html(tmp_path / "notes.txt")
    write(tmp_path / "index.html", index_html())
    with pytest.raises(CorpusError, match="no page with article text"):
        toolkit.load_html(tmp_path)


def test_registered_domain():
    assert registered_domain("https://news.bbc.co.uk/a") == "bbc.co.uk"
    assert registered_domain("http://localhost/x") is None
    assert registered_domain(None) is None
