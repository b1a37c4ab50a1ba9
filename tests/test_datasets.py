"""toolkit.datasets: downloads from a local HTTP server only (127.0.0.1), never the internet."""

from __future__ import annotations

import hashlib
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd
import pytest

import toolkit
from toolkit import datasets
from toolkit.corpus import CorpusWarning

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def git_sha1(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


class _Handler(BaseHTTPRequestHandler):
    routes: dict[str, bytes] = {}
    drop: dict[str, int] = {}  # path -> how many more requests to cut off half-way
    no_range = False
    log: list[tuple[str, str | None]] = []

    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):
        path = self.path.lstrip("/")
        self.log.append((path, self.headers.get("Range")))
        body = self.routes.get(path)
        if body is None:
            self.send_error(404)
            return
        start = 0
        ranged = self.headers.get("Range")
        if ranged and not self.no_range:
            start = int(ranged.removeprefix("bytes=").rstrip("-"))
            if start >= len(body):
                self.send_error(416)
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        else:
            self.send_response(200)
        payload = body[start:]
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.drop.get(path, 0) > 0:
            self.drop[path] -= 1
            self.wfile.write(payload[: len(payload) // 2])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)  # the server hangs up mid-transfer
            self.close_connection = True
            return
        self.wfile.write(payload)


@pytest.fixture
def server():
    handler = type("Handler", (_Handler,), {"routes": {}, "drop": {}, "no_range": False,
                                            "log": []})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield handler, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def shared_file(relative: str) -> bytes:
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.skip(f"real data not present: {path}")
    return path.read_bytes()


def spec(kind="git-sha1"):
    return datasets._Dataset(name="test", repo="owner/repo", manifest="-", hash_kind=kind,
                             licence="test", citation="test", commit="0" * 40)


def entry(path: str, data: bytes, kind="git-sha1", outlet=None) -> datasets._File:
    digest = git_sha1(data) if kind == "git-sha1" else hashlib.sha256(data).hexdigest()
    return datasets._File(path=path, size=len(data), digest=digest, url=f"unused://{path}",
                          outlet=outlet)


# --- download, verification, resume ----------------------------------------------------------

def test_files_from_shared_data_are_downloaded_verified_and_cached(server, tmp_path):
    handler, url = server
    basil = shared_file("basil/articles.jsonl")
    ukraine = shared_file("ukraine_media/articles.jsonl.gz")
    handler.routes = {"basil/articles.jsonl": basil, "ukraine/articles.jsonl.gz": ukraine}
    files = [entry("basil/articles.jsonl", basil)]
    datasets._fetch_files(spec(), files, tmp_path, base_url=url)
    assert (tmp_path / "basil/articles.jsonl").read_bytes() == basil
    files256 = [entry("ukraine/articles.jsonl.gz", ukraine, kind="sha256")]
    datasets._fetch_files(spec("sha256"), files256, tmp_path, base_url=url)
    assert (tmp_path / "ukraine/articles.jsonl.gz").read_bytes() == ukraine
    handler.log.clear()
    datasets._fetch_files(spec(), files, tmp_path, base_url=url)
    assert handler.log == []  # verified copy in the cache: no request
    assert not list(tmp_path.rglob("*.part"))


def test_dropped_connection_is_resumed_with_a_range_request(server, tmp_path):
    handler, url = server
    data = shared_file("basil/bias_spans_2010_2014.jsonl")
    handler.routes = {"spans.jsonl": data}
    handler.drop = {"spans.jsonl": 1}
    datasets._fetch_files(spec(), [entry("spans.jsonl", data)], tmp_path, base_url=url,
                          retries=2)
    assert (tmp_path / "spans.jsonl").read_bytes() == data
    assert handler.log == [("spans.jsonl", None), ("spans.jsonl", f"bytes={len(data) // 2}-")]


def test_server_without_range_support_restarts_the_file_cleanly(server, tmp_path):
    handler, url = server
    data = shared_file("basil/bias_spans_2010_2014.jsonl")
    handler.routes = {"spans.jsonl": data}
    handler.drop = {"spans.jsonl": 1}
    handler.no_range = True  # answers a range request with the whole file (200)
    datasets._fetch_files(spec(), [entry("spans.jsonl", data)], tmp_path, base_url=url,
                          retries=1)
    assert (tmp_path / "spans.jsonl").read_bytes() == data


def test_a_broken_download_is_kept_as_part_and_resumed_by_the_next_call(server, tmp_path):
    handler, url = server
    data = shared_file("basil/articles.jsonl")
    handler.routes = {"a.jsonl": data}
    handler.drop = {"a.jsonl": 1}
    with pytest.raises(datasets.DatasetError, match="by hand"):
        datasets._fetch_files(spec(), [entry("a.jsonl", data)], tmp_path, base_url=url,
                              retries=0)
    part = tmp_path / "a.jsonl.part"
    assert part.stat().st_size == len(data) // 2
    assert not (tmp_path / "a.jsonl").exists()
    datasets._fetch_files(spec(), [entry("a.jsonl", data)], tmp_path, base_url=url, retries=0)
    assert (tmp_path / "a.jsonl").read_bytes() == data
    assert handler.log[-1] == ("a.jsonl", f"bytes={len(data) // 2}-")
    assert not part.exists()


def test_a_corrupted_file_is_a_checksum_error_and_is_not_kept(server, tmp_path):
    handler, url = server
    data = shared_file("basil/articles.jsonl")
    corrupted = bytearray(data)
    corrupted[1000] ^= 0x20  # one flipped bit, same size
    handler.routes = {"a.jsonl": bytes(corrupted)}
    with pytest.raises(datasets.ChecksumError, match="expected " + git_sha1(data)):
        datasets._fetch_files(spec(), [entry("a.jsonl", data)], tmp_path, base_url=url)
    assert list(tmp_path.rglob("a.jsonl*")) == []


def test_fetch_reports_a_checksum_error_for_the_wrong_file(server, tmp_path):
    handler, url = server
    wrong = shared_file("ukraine_media/articles.jsonl.gz")  # not the pinned upstream CSVs
    handler.routes = {path: wrong for path in datasets.dataset_files("ukraine_media")["path"]}
    with pytest.raises(datasets.ChecksumError, match="sha256"):
        datasets.fetch("ukraine_media", cache_dir=tmp_path, base_url=url, quiet=True,
                       progress=False, workers=1)


def test_fetch_offline_says_what_to_download_and_where(tmp_path):
    with pytest.raises(datasets.DatasetError) as raised:
        datasets.fetch("basil", cache_dir=tmp_path, base_url=closed_port_url(), quiet=True,
                       progress=False, retries=0, workers=2)
    message = str(raised.value)
    assert "by hand" in message
    assert ("https://github.com/Media-Bias-Group/MBIB/tree/"
            "b9a887ffd461fa462e89835fc27b36e370091954/datasets/009_BASIL/raw ") in message
    assert str(tmp_path / "basil") in message
    assert "dataset_files('basil')" in message


def test_base_url_from_the_environment_is_read_at_call_time(tmp_path, monkeypatch):
    dead = closed_port_url()
    monkeypatch.setenv("TOOLKIT_DATASETS_BASE_URL", dead)
    with pytest.raises(datasets.DatasetError, match=dead.replace(".", r"\.")):
        datasets.fetch("ukraine_media", cache_dir=tmp_path, quiet=True, progress=False,
                       retries=0, workers=1)


def test_pinned_file_lists():
    basil = datasets.dataset_files("basil")
    assert len(basil) == 600  # 300 articles + 300 annotation files
    assert basil["url"].str.startswith("https://raw.githubusercontent.com/Media-Bias-Group/MBIB/"
                                       "b9a887ffd461fa462e89835fc27b36e370091954/").all()
    allsides = datasets.dataset_files("allsides")
    assert len(allsides) == 37554 and allsides["hash"].str.fullmatch("[0-9a-f]{40}").all()
    ukraine = datasets.dataset_files("ukraine_media")
    assert len(ukraine) == 14 and ukraine["hash"].str.fullmatch("[0-9a-f]{64}").all()
    assert ukraine["local_name"].is_unique
    with pytest.raises(ValueError, match="name"):
        datasets.dataset_files("gdelt")


# --- conversion of upstream formats (invented miniature files) -------------------------------

def _serve_as(monkeypatch, server, name, files: dict[str, bytes], outlets=None):
    handler, url = server
    handler.routes = dict(files)
    kind = datasets.DATASETS[name].hash_kind
    entries = [entry(path, data, kind, (outlets or {}).get(path)) for path, data in files.items()]
    if name == "ukraine_media":  # per-file commits live in the URL
        entries = [datasets._File(e.path, e.size, e.digest,
                                  f"https://raw.githubusercontent.com/o/r/{'a' * 40}/{e.path}",
                                  e.outlet) for e in entries]
    monkeypatch.setattr(datasets, "_manifest", lambda spec: entries)
    return url


def test_fetch_allsides_converts_the_upstream_json(server, tmp_path, monkeypatch, capsys):
    record = {"topic": "elections", "source": "Example Wire", "bias": 1,
              "url": "http://example.org/a", "title": "Polls close", "date": "2016-11-08",
              "authors": "A. Writer", "content": "Polls close at eight .",
              "content_original": "Polls close at eight.", "source_url": "example.org",
              "bias_text": "center", "ID": "abcDEF0123456789"}
    odd = dict(record, ID="zzz", date="not a date", content_original="Second text.")
    url = _serve_as(monkeypatch, server, "allsides", {
        "data/jsons/abcDEF0123456789.json": json.dumps(record).encode(),
        "data/jsons/zzz.json": json.dumps(odd).encode()})
    with pytest.warns(CorpusWarning, match="1 dates could not be read"):
        corpus = toolkit.fetch_dataset("allsides", cache_dir=tmp_path, base_url=url,
                                       progress=False)
    assert corpus["doc_id"].tolist() == ["abcDEF0123456789", "zzz"]
    first = corpus.iloc[0]
    assert (first["outlet"], first["title"], first["text"], first["bias_label"]) == (
        "Example Wire", "Polls close", "Polls close at eight.", "center")
    assert str(first["date"].date()) == "2016-11-08" and pd.isna(corpus["date"].iloc[1])
    printed = capsys.readouterr().out
    assert "Baly" in printed and "Apache License 2.0" in printed


def test_fetch_basil_converts_articles_and_sentence_relative_spans(server, tmp_path,
                                                                   monkeypatch):
    article = {"title": "Senate passes bill", "date": "2012-05-01", "uuid": "empty",
               "url": "http://example.org/b", "source": "hpo", "main-event": "Bill passes",
               "triplet-uuid": "t1",
               "body-paragraphs": [["The Senate passed the bill.", "The vote was close."],
                                   ["Critics said the vote was rushed."]]}
    # "vote" occurs three times; the annotation's start (4) is its offset in its sentence
    annotation = {"phrase-level-annotations": [
        {"bias": "lex", "start": 4, "end": 8, "txt": "vote", "polarity": "neg", "quote": "no",
         "target": "Senate"},
        {"bias": "inf", "start": 0, "end": 7, "txt": "Critics", "polarity": "neg",
         "quote": "yes", "target": "Senate"}]}
    other = dict(article, uuid="u-1", source="nyt", url="http://example.org/c")
    url = _serve_as(monkeypatch, server, "basil", {
        "datasets/009_BASIL/raw/articles/2012/t1_1.json": json.dumps(other).encode(),
        "datasets/009_BASIL/raw/articles/2012/t1_3.json": json.dumps(article).encode(),
        "datasets/009_BASIL/raw/annotations/2012/t1_3_ann.json": json.dumps(annotation).encode()})
    corpus, spans = datasets.fetch("basil", cache_dir=tmp_path, base_url=url, progress=False,
                                   quiet=True, with_spans=True)
    text = "The Senate passed the bill. The vote was close.\n\nCritics said the vote was rushed."
    assert corpus["text"].tolist() == [text, text]
    # the article's uuid, or where it is unusable ("empty") one derived from event and outlet
    assert corpus["doc_id"].tolist() == ["u-1", "t1_huffpost"]
    assert spans["doc_id"].tolist() == ["t1_huffpost", "t1_huffpost"]
    assert corpus["outlet"].tolist() == ["New York Times", "HuffPost"]
    assert spans[["start", "end", "bias", "in_quote"]].values.tolist() == [
        [32, 36, "lexical", False], [49, 56, "informational", True]]
    assert text[32:36] == "vote" and text[49:56] == "Critics"


def test_fetch_ukraine_media_converts_the_outlet_csvs(server, tmp_path, monkeypatch):
    csv = ("Date,URL,Title,Text\n"
           "2022-09-10,https://www.example.org/1,One,First text here.\n"
           "2022-09-11,https://www.example.org/1,One again,Duplicate URL.\n"
           "2022-09-12,,No URL,Dropped.\n"
           "2022-09-13,https://www.example.org/3,Three,\n")
    url = _serve_as(monkeypatch, server, "ukraine_media", {"data/RT.csv": csv.encode()},
                    outlets={"data/RT.csv": "RT"})
    corpus = datasets.fetch("ukraine_media", cache_dir=tmp_path, base_url=url, progress=False,
                            quiet=True)
    assert corpus["url"].tolist() == ["https://www.example.org/1"]
    assert corpus["doc_id"].tolist() == [
        hashlib.sha1(b"https://www.example.org/1").hexdigest()[:16]]
    assert corpus["outlet"].tolist() == ["RT"]
    assert corpus["source_file"].tolist() == ["data/RT.csv@aaaaaaaaaaaa"]


def test_fetch_ukraine_media_reads_the_bbc_layout(server, tmp_path, monkeypatch):
    # the layout of upstream data/data.csv (BBC) as checked against a stored copy of it: a
    # leading unnamed pandas index column, URL before Date, ISO timestamps with a time, texts
    # quoted with doubled quotation marks (the texts here are invented)
    csv = (",URL,Date,Title,Text\n"
           '0,https://www.bbc.com/news/a-1,2022-06-11T00:57:56,Alpha,'
           '" A leader called it a ""wake-up call"" on Thursday. "\n'
           '1,https://www.bbc.com/news/b-2,2022-06-11T00:53:56,Beta,"Second, with a comma."\n')
    url = _serve_as(monkeypatch, server, "ukraine_media", {"data/data.csv": csv.encode()},
                    outlets={"data/data.csv": "BBC"})
    corpus = datasets.fetch("ukraine_media", cache_dir=tmp_path, base_url=url, progress=False,
                            quiet=True)
    assert corpus["title"].tolist() == ["Alpha", "Beta"]
    assert corpus["text"].tolist() == [' A leader called it a "wake-up call" on Thursday. ',
                                       "Second, with a comma."]
    assert corpus["date"].tolist() == [pd.Timestamp("2022-06-11 00:57:56"),
                                       pd.Timestamp("2022-06-11 00:53:56")]
    assert corpus["outlet"].tolist() == ["BBC", "BBC"]


# --- load_basil ---------------------------------------------------------------------------------

def test_load_basil_keeps_the_four_empty_ids_with_derived_ids():
    if not (SHARED_DATA / "basil" / "articles.jsonl").exists():
        pytest.skip("real data not present")
    corpus, spans = datasets.load_basil(SHARED_DATA / "basil")
    same, _ = datasets.load_basil(SHARED_DATA / "basil" / "articles.jsonl")
    pd.testing.assert_frame_equal(corpus, same)
    assert len(corpus) == 300 and corpus["doc_id"].is_unique
    fixed = corpus[corpus["doc_id"].str.endswith("_huffpost")]
    assert len(fixed) == 4
    assert (fixed["doc_id"] == fixed["event_id"] + "_huffpost").all()
    assert len(spans) == 749 and spans["doc_id"].isin(corpus["doc_id"]).all()
    texts = corpus.set_index("doc_id")["text"]
    for span in spans.itertuples():
        assert texts[span.doc_id][span.start:span.end] == span.text


def test_load_basil_assigns_spans_of_duplicate_ids_by_their_text(tmp_path):
    rows = [{"doc_id": "empty", "outlet": "HuffPost", "date": "2012-01-01", "title": "A",
             "text": "Alpha beta gamma.", "url": "u1", "event_id": "e1", "event": "E1"},
            {"doc_id": "empty", "outlet": "HuffPost", "date": "2013-01-01", "title": "B",
             "text": "Delta epsilon.", "url": "u2", "event_id": "e2", "event": "E2"}]
    spans = [{"doc_id": "empty", "start": 0, "end": 5, "text": "Delta", "bias": "lexical",
              "polarity": "neg", "in_quote": False, "target": "x"},
             {"doc_id": "empty", "start": 0, "end": 3, "text": "Zzz", "bias": "lexical",
              "polarity": "neg", "in_quote": False, "target": "x"}]
    (tmp_path / "articles.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    (tmp_path / "bias_spans_2010_2014.jsonl").write_text("\n".join(json.dumps(s) for s in spans))
    with pytest.warns(CorpusWarning, match="dropped 1 BASIL spans"):
        corpus, got = datasets.load_basil(tmp_path)
    assert corpus["doc_id"].tolist() == ["e1_huffpost", "e2_huffpost"]
    assert got["doc_id"].tolist() == ["e2_huffpost"]


def test_load_basil_missing_file(tmp_path):
    with pytest.raises(toolkit.CorpusError, match="fetch"):
        datasets.load_basil(tmp_path)
