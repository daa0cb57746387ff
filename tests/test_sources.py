"""Fetching from sources, against a real HTTP server on 127.0.0.1 serving the sample reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.sources import Client, SourcesError, check_sources, fetch_sources, load_config
from pipeline.store import Store
from tests.sources_server import Route, SourcesServer

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PDF_0 = (FIXTURES / "pdf" / "000_ce7e87e2b4e5dfe7.pdf").read_bytes()
PDF_1 = (FIXTURES / "pdf" / "001_c5df213ccf753398.pdf").read_bytes()
PDF_2 = (FIXTURES / "pdf" / "002_a7905ca1acaec05e.pdf").read_bytes()
PDF_3 = (FIXTURES / "pdf" / "003_60ff597729851aff.pdf").read_bytes()
DOCX_1 = (FIXTURES / "docx" / "001_c5df213ccf753398.docx").read_bytes()
SAMPLE_TEXT = (Path(__file__).resolve().parent.parent / "raw" / "002_a7905ca1acaec05e.txt").read_text(encoding="utf-8")
PDF_TYPE = "application/pdf"
FAST = "timeout = 2.0\nretries = 1\nbackoff = 0.01\ndelay = 0.0\n"


def write_config(tmp_path: Path, server: SourcesServer, sources: str, fetch: str = FAST) -> Path:
    path = tmp_path / "sources.toml"
    text = f'raw_dir = "{tmp_path / "raw"}"\n\n[fetch]\n{fetch}\n{sources.replace("BASE", server.base)}'
    path.write_text(text, encoding="utf-8")
    return path


def listing_page(links: list[tuple[str, str]]) -> bytes:
    items = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in links)
    return f'<html><head><meta charset="utf-8"></head><body><nav><a href="/">الرئيسية</a></nav><ul>{items}</ul></body></html>'.encode()


def article_page(title: str, body: str) -> bytes:
    paragraphs = "".join(f"<p>{line}</p>" for line in body.splitlines() if line.strip())
    return (
        '<html><head><meta charset="utf-8"><title>وزارة الاقتصاد - ' + title + '</title>'
        '<meta property="article:published_time" content="2024-03-05"></head><body>'
        '<nav><a href="/">الرئيسية</a> | <a href="/contact">اتصل بنا</a></nav>'
        f"<article><h1>{title}</h1>{paragraphs}</article>"
        '<div class="share">شارك على فيسبوك</div><div class="comments"><p>تعليق: شكرا</p></div>'
        "<footer>جميع الحقوق محفوظة للوزارة</footer></body></html>"
    ).encode()


@pytest.fixture
def server():
    with SourcesServer() as running:
        running.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n", "text/plain")
        yield running


@pytest.fixture
def store(tmp_path):
    opened = Store.at(tmp_path / "store" / "taqrir.db")
    yield opened
    opened.close()


def outcomes(reports) -> dict[str, tuple[str, str | None]]:
    return {o.url.rsplit("/", 1)[-1]: (o.status, o.reason) for r in reports for o in r.outcomes}


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_file())


LISTING = """
[[source]]
name = "ministry"
kind = "listing"
url = "BASE/reports/index.html"
depth = 2
"""


def serve_listing(server: SourcesServer) -> None:
    server.routes["/reports/index.html"] = Route(listing_page([
        ("../files/%D8%AA%D9%82%D8%B1%D9%8A%D8%B1-2023.pdf", "تقرير 2023"),  # relative, Arabic name
        ("/files/convention.docx", "اتفاقية"), ("http://elsewhere.invalid/files/x.pdf", "off site"),
        ("/about.html#team", "about"), ("index-2.html", "التالي"),
    ]), "text/html; charset=utf-8")  # fmt: skip
    server.routes["/reports/index-2.html"] = Route(listing_page([
        ("/files/bilan.pdf", "bilan"), ("index-3.html", "التالي"),
    ]), "text/html; charset=utf-8")  # fmt: skip
    server.routes["/reports/index-3.html"] = Route(listing_page([("/files/beyond-depth.pdf", "x")]), "text/html")
    server.routes["/files/%D8%AA%D9%82%D8%B1%D9%8A%D8%B1-2023.pdf"] = Route(PDF_0, PDF_TYPE, etag='"v1"')
    server.routes["/files/convention.docx"] = Route(DOCX_1, "application/octet-stream",
                                                    last_modified="Mon, 04 Mar 2024 10:00:00 GMT")  # fmt: skip
    server.routes["/files/bilan.pdf"] = Route(PDF_2, PDF_TYPE, etag='"b1"')
    server.routes["/files/beyond-depth.pdf"] = Route(PDF_3, PDF_TYPE)


def test_listing_with_pagination_arrives_once_and_changes_arrive_again(tmp_path, server, store):
    serve_listing(server)
    config = load_config(write_config(tmp_path, server, LISTING))
    raw = tmp_path / "raw" / "ministry"

    first = fetch_sources(config, store)
    assert outcomes(first) == {
        "x.pdf": ("skipped", "elsewhere.invalid is not an allowed host of this source (allow_hosts)"),
        "%D8%AA%D9%82%D8%B1%D9%8A%D8%B1-2023.pdf": ("new", None),
        "convention.docx": ("new", None),
        "bilan.pdf": ("new", None),
    }
    assert first[0].pages == [f"{server.base}/reports/index.html", f"{server.base}/reports/index-2.html"]
    assert names(raw) == ["bilan.pdf", "convention.docx", "تقرير-2023.pdf"]
    assert (raw / "تقرير-2023.pdf").read_bytes() == PDF_0
    assert server.hits["/reports/index-3.html"] == 0 and server.hits["/files/beyond-depth.pdf"] == 0
    assert server.user_agents == {config.fetch.user_agent}

    second = fetch_sources(config, store)
    assert {o.status for o in second[0].outcomes if o.status != "skipped"} == {"unchanged"}
    assert server.bodies_sent["/files/bilan.pdf"] == 1  # the second time: a 304
    assert server.bodies_sent["/files/convention.docx"] == 2  # no ETag, same body: not written again
    assert names(raw) == ["bilan.pdf", "convention.docx", "تقرير-2023.pdf"]

    server.routes["/files/bilan.pdf"] = Route(PDF_1, PDF_TYPE, etag='"b2"')  # the ministry corrects its report
    third = fetch_sources(config, store)
    assert outcomes(third)["bilan.pdf"] == ("changed", None)
    assert (raw / "bilan.pdf").read_bytes() == PDF_1
    earlier = list((raw / ".versions").iterdir())
    assert [p.read_bytes() == PDF_2 for p in earlier] == [True]
    state = store.fetch_state("ministry", f"{server.base}/files/bilan.pdf")
    assert (state.etag, state.path, state.size) == ('"b2"', str((raw / "bilan.pdf").resolve()), len(PDF_1))


def test_check_lists_what_is_new_without_downloading(tmp_path, server, store):
    serve_listing(server)
    config = load_config(write_config(tmp_path, server, LISTING))
    before = check_sources(config, store)
    assert sorted(o.status for o in before[0].outcomes) == ["new", "new", "new", "skipped"]
    assert not any(path.startswith("/files/") for path in server.hits)
    assert not (tmp_path / "raw").exists()
    fetch_sources(config, store)
    after = check_sources(config, store)
    assert sorted(o.status for o in after[0].outcomes) == ["known", "known", "known", "skipped"]


def test_default_depth_reads_one_page(tmp_path, server, store):
    serve_listing(server)
    config = load_config(write_config(tmp_path, server, LISTING.replace("depth = 2\n", "")))
    reports = fetch_sources(config, store)
    assert reports[0].pages == [f"{server.base}/reports/index.html"]
    assert server.hits["/reports/index-2.html"] == 0
    assert sorted(o.status for o in reports[0].outcomes) == ["new", "new", "skipped"]


FAILURES = """
[[source]]
name = "agency"
kind = "listing"
url = "BASE/index.html"
"""


def test_failures_are_reported_with_their_reason(tmp_path, server, store):
    server.routes["/index.html"] = Route(listing_page([
        ("/files/missing.pdf", "404"), ("/files/flaky.pdf", "500 then 200"), ("/files/slow.pdf", "slow"),
        ("/files/big.pdf", "oversized"), ("/files/moved.pdf", "redirect off site"), ("/files/error.pdf", "mislabeled"),
        ("/private/secret.pdf", "robots"), ("/files/here.pdf", "redirect on site"),
    ]), "text/html")  # fmt: skip
    server.routes["/files/flaky.pdf"] = Route(PDF_0, PDF_TYPE, fail_first=1)
    server.routes["/files/slow.pdf"] = Route(PDF_1, PDF_TYPE, delay=0.6)
    server.routes["/files/big.pdf"] = Route(PDF_1, PDF_TYPE)
    server.routes["/files/moved.pdf"] = Route(status=302, location="http://elsewhere.invalid/moved.pdf")
    server.routes["/files/error.pdf"] = Route(b"<!DOCTYPE html><html><body>Session expired</body></html>", PDF_TYPE)
    server.routes["/private/secret.pdf"] = Route(PDF_3, PDF_TYPE)
    server.routes["/files/here.pdf"] = Route(status=301, location="/files/renamed.pdf")
    server.routes["/files/renamed.pdf"] = Route(PDF_3, PDF_TYPE)
    fetch = FAST.replace("timeout = 2.0", "timeout = 0.2") + "max_bytes = 64000\n"
    config = load_config(write_config(tmp_path, server, FAILURES, fetch))
    raw = tmp_path / "raw" / "agency"

    found = outcomes(fetch_sources(config, store))
    assert found == {
        "missing.pdf": ("failed", "HTTP 404 Not Found"),
        "flaky.pdf": ("new", None),
        "slow.pdf": ("failed", "no answer within 0.2 s (timed out) (after 2 tries)"),
        "big.pdf": ("failed", f"larger than the size limit ({len(PDF_1):,} bytes > max_bytes 64,000)"),
        "moved.pdf": ("failed", "elsewhere.invalid is not an allowed host of this source (allow_hosts)"),
        "error.pdf": ("failed", "rejected: an HTML page (Content-Type application/pdf) where a PDF file was "
                                "expected: an error or login page?"),  # fmt: skip
        "secret.pdf": ("skipped", "robots.txt forbids fetching it"),
        "here.pdf": ("new", None),
    }
    assert server.hits["/files/flaky.pdf"] == 2 and server.hits["/private/secret.pdf"] == 0
    assert names(raw) == ["flaky.pdf", "here.pdf"]  # named after the address linked to
    assert (raw / "here.pdf").read_bytes() == PDF_3
    assert not [p for p in raw.rglob("*") if p.name.startswith(".partial")]
    state = store.fetch_state("agency", f"{server.base}/files/missing.pdf")
    assert (state.error, state.sha256) == ("HTTP 404 Not Found", None)
    # failed ones are asked again next time, and arrive once they are fixed
    server.routes["/files/missing.pdf"] = Route(PDF_2, PDF_TYPE)
    again = outcomes(fetch_sources(config, store))
    assert again["missing.pdf"] == ("new", None) and again["flaky.pdf"] == ("unchanged", None)


FEED = """
[[source]]
name = "news"
kind = "feed"
url = "BASE/feed.xml"

[[source]]
name = "article"
kind = "article"
url = "BASE/news/2.html"
"""


def rss(base: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>أخبار الوزارة</title><link>{base}/</link>
<item><title>التقرير السنوي</title><link>{base}/news/report.html</link>
  <enclosure url="{base}/files/annual.pdf" type="application/pdf" length="{len(PDF_0)}"/>
  <pubDate>Tue, 05 Mar 2024 09:00:00 GMT</pubDate></item>
<item><title>توقيع اتفاقية شراكة</title><link>{base}/news/1.html</link>
  <pubDate>Wed, 06 Mar 2024 09:00:00 GMT</pubDate></item>
</channel></rss>""".encode()


def test_feed_entries_and_article_pages(tmp_path, server, store):
    server.routes["/feed.xml"] = Route(rss(server.base), "application/rss+xml")
    server.routes["/files/annual.pdf"] = Route(PDF_0, PDF_TYPE)
    text = "\n".join(line for line in SAMPLE_TEXT.splitlines() if line.strip())
    server.routes["/news/1.html"] = Route(article_page("توقيع اتفاقية شراكة", text), "text/html; charset=utf-8")
    server.routes["/news/2.html"] = Route(article_page("برنامج التعاون", text), "text/html; charset=utf-8", etag='"a"')
    config = load_config(write_config(tmp_path, server, FEED))

    reports = fetch_sources(config, store)
    assert outcomes(reports) == {"annual.pdf": ("new", None), "1.html": ("new", None), "2.html": ("new", None)}
    assert server.hits["/news/report.html"] == 0  # the entry's file was taken, not its page
    assert names(tmp_path / "raw" / "news") == ["1.txt", "annual.pdf"]
    saved = (tmp_path / "raw" / "news" / "1.txt").read_text(encoding="utf-8")
    assert saved.splitlines()[0] == "توقيع اتفاقية شراكة"
    assert text.splitlines()[0] in saved and text.splitlines()[-1] in saved
    for chrome in ("اتصل بنا", "شارك على فيسبوك", "جميع الحقوق محفوظة", "تعليق"):
        assert chrome not in saved
    state = store.fetch_state("news", f"{server.base}/news/1.html")
    assert (state.kind, state.title, state.published) == ("article", "توقيع اتفاقية شراكة", "2024-03-05")
    page = store.fetch_state("article", f"{server.base}/news/2.html")
    assert (page.title, page.published, Path(page.path).name) == ("برنامج التعاون", "2024-03-05", "2.txt")


def test_nothing_already_in_raw_is_lost_or_overwritten(tmp_path, server, store):
    serve_listing(server)
    config = load_config(write_config(tmp_path, server, LISTING))
    raw = tmp_path / "raw" / "ministry"
    raw.mkdir(parents=True)
    mine = b"a report someone put here by hand"
    (raw / "bilan.pdf").write_bytes(mine)
    fetch_sources(config, store)
    assert (raw / "bilan.pdf").read_bytes() == mine
    assert (raw / "bilan-2.pdf").read_bytes() == PDF_2
    # a fetched file someone edited afterwards is not replaced when the source changes it
    (raw / "convention.docx").write_bytes(b"edited by hand")
    server.routes["/files/convention.docx"] = Route(PDF_3, PDF_TYPE)  # now a PDF behind the .docx link
    found = outcomes(fetch_sources(config, store))
    assert found["convention.docx"] == ("changed", None)
    assert (raw / "convention.docx").read_bytes() == b"edited by hand"
    assert (raw / "convention.pdf").read_bytes() == PDF_3  # saved under its true format


def test_polite_delay_between_requests_to_one_host(tmp_path, server, store):
    serve_listing(server)
    config = load_config(write_config(tmp_path, server, LISTING, FAST.replace("delay = 0.0", "delay = 0.15")))
    fetch_sources(config, store)
    times = [when for _path, when in server.times]
    assert len(times) == 6  # robots.txt, two listing pages, three files
    # the client waits 0.15 s between the starts of two requests; the server sees each arrive give or take
    # a scheduling hiccup of the busy test machine, which shortens one gap by lengthening the one before:
    # the span of the five gaps is what a hiccup cannot shorten (only its first arrival can be late)
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert times[-1] - times[0] >= 5 * 0.15 - 0.05
    assert min(gaps) >= 0.05  # no two requests back to back


def test_robots_crawl_delay_is_honoured(tmp_path, server, store):
    serve_listing(server)
    server.routes["/robots.txt"] = Route(b"User-agent: *\nCrawl-delay: 0.2\n", "text/plain")
    slept: list[float] = []
    config = load_config(write_config(tmp_path, server, LISTING))
    fetch_sources(config, store, client=Client(config.fetch, sleep=slept.append))
    assert len(slept) == 5 and min(slept) > 0.1


def test_folder_source_copies_new_and_changed_files(tmp_path, store):
    share = tmp_path / "share"
    (share / "2024").mkdir(parents=True)
    (share / "2024" / "تقرير.pdf").write_bytes(PDF_0)
    (share / "notes.txt").write_text(SAMPLE_TEXT, encoding="utf-8")
    (share / ".hidden.pdf").write_bytes(PDF_1)
    config_path = tmp_path / "sources.toml"
    config_path.write_text(f'raw_dir = "{tmp_path / "raw"}"\n[[source]]\nname = "share"\nkind = "folder"\npath = "share"\n')
    config = load_config(config_path)
    assert [o.status for o in check_sources(config, store)[0].outcomes] == ["new", "new"]
    assert outcomes(fetch_sources(config, store)) == {"notes.txt": ("new", None), "%D8%AA%D9%82%D8%B1%D9%8A%D8%B1.pdf": ("new", None)}
    assert names(tmp_path / "raw" / "share") == ["notes.txt", "تقرير.pdf"]
    (share / "notes.txt").write_text(SAMPLE_TEXT + "\nإضافة\n", encoding="utf-8")
    assert sorted(o.status for o in check_sources(config, store)[0].outcomes) == ["changed", "known"]
    assert sorted(o.status for o in fetch_sources(config, store)[0].outcomes) == ["changed", "unchanged"]
    assert (tmp_path / "raw" / "share" / "notes.txt").read_text(encoding="utf-8").endswith("إضافة\n")


def test_sources_file_errors_name_the_file_and_the_field(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text('[[source]]\nname = "a b"\nkind = "listing"\nurl = "ftp://x"\n', encoding="utf-8")
    with pytest.raises(SourcesError) as error:
        load_config(path)
    assert str(error.value) == (
        f"{path}: source 'a b' > name: Value error, a name of letters, digits, '-', '_' or '.' (it is the folder "
        "under raw/)"
    )
    path.write_text('[[source]]\nname = "ab"\nkind = "listing"\nurl = "ftp://x"\n', encoding="utf-8")
    with pytest.raises(SourcesError, match=r"source 'ab': Value error, a listing source needs an http\(s\) `url`"):
        load_config(path)
    path.write_text('[[source]]\nname = "x"\nkind = "podcast"\nurl = "http://127.0.0.1/"\n', encoding="utf-8")
    with pytest.raises(SourcesError, match=r"kind: Value error, unknown kind 'podcast' \(known: article, feed, folder, listing\)"):
        load_config(path)
    path.write_text("[[source]\n", encoding="utf-8")
    with pytest.raises(SourcesError, match="not a valid TOML file"):
        load_config(path)


def test_the_example_sources_file_is_valid():
    example = load_config(Path(__file__).resolve().parent.parent / "sources.example.toml")
    assert [s.kind for s in example.source] == ["listing", "feed", "article", "folder"]


def test_fetched_documents_keep_their_provenance(tmp_path, server, store):
    from pipeline.process import PIPELINE_VERSION, process_file

    server.routes["/feed.xml"] = Route(rss(server.base), "application/rss+xml")
    server.routes["/files/annual.pdf"] = Route(PDF_0, PDF_TYPE, etag='"p1"')
    server.routes["/news/1.html"] = Route(article_page("توقيع اتفاقية شراكة", SAMPLE_TEXT), "text/html; charset=utf-8")
    config = load_config(write_config(tmp_path, server, FEED.split("[[source]]\nname = \"article\"")[0]))
    fetch_sources(config, store)
    article = tmp_path / "raw" / "news" / "1.txt"
    store.save(process_file(article), PIPELINE_VERSION)
    with store.session() as s:
        from sqlalchemy import select

        from pipeline.store.models import DocumentRow

        provenance = json.loads(s.scalar(select(DocumentRow.provenance_json).where(DocumentRow.path == str(article))))
    fetched_at = provenance.pop("fetched_at")
    assert fetched_at.startswith("20")
    assert provenance == {
        "source": "news", "url": f"{server.base}/news/1.html", "final_url": f"{server.base}/news/1.html",
        "found_on": f"{server.base}/feed.xml", "content_type": "text/html; charset=utf-8",
        "title": "توقيع اتفاقية شراكة", "published": "2024-03-05",
    }  # fmt: skip


def test_the_same_report_from_two_sources_is_written_once(tmp_path, server, store):
    serve_listing(server)
    server.routes["/feed.xml"] = Route(rss(server.base).replace(b"/files/annual.pdf", b"/files/bilan.pdf"),
                                       "application/rss+xml")  # fmt: skip
    server.routes["/news/1.html"] = Route(article_page("خبر", SAMPLE_TEXT), "text/html; charset=utf-8")
    config = load_config(write_config(tmp_path, server, LISTING + FEED.split("[[source]]\nname = \"article\"")[0]))
    reports = fetch_sources(config, store)
    bilan = str(tmp_path / "raw" / "ministry" / "bilan.pdf")
    assert [(o.status, o.path, o.reason) for o in reports[1].outcomes if o.url.endswith("bilan.pdf")] == [
        ("skipped", str(Path(bilan).resolve()), f"the same content as {server.base}/files/bilan.pdf (ministry): {Path(bilan).resolve()}")
    ]
    assert names(tmp_path / "raw" / "news") == ["1.txt"]
    # the ministry changes the file: the listing's copy is replaced (earlier version kept), the feed's
    # entry gets a file of its own, and neither touches the other's
    server.routes["/files/bilan.pdf"] = Route(PDF_1, PDF_TYPE, etag='"b2"')
    again = fetch_sources(config, store)
    assert [o.status for r in again for o in r.outcomes if o.url.endswith("bilan.pdf")] == ["changed", "skipped"]
    assert (tmp_path / "raw" / "ministry" / "bilan.pdf").read_bytes() == PDF_1
    assert names(tmp_path / "raw" / "news") == ["1.txt"]


def test_check_reports_what_robots_txt_forbids(tmp_path, server, store):
    server.routes["/index.html"] = Route(listing_page([("/private/secret.pdf", "x"), ("/files/open.pdf", "y")]), "text/html")
    config = load_config(write_config(tmp_path, server, FAILURES))
    [report] = check_sources(config, store)
    assert [(o.status, o.reason) for o in report.outcomes] == [("skipped", "robots.txt forbids fetching it"), ("new", None)]
    assert server.hits["/private/secret.pdf"] == 0 and server.hits["/files/open.pdf"] == 0


def test_the_fetch_log_on_each_store_backend(tmp_path, server, db_url):
    serve_listing(server)
    config = load_config(write_config(tmp_path, server, LISTING))
    opened = Store(db_url)
    try:
        assert sorted(o.status for o in fetch_sources(config, opened)[0].outcomes) == ["new", "new", "new", "skipped"]
        assert sorted(o.status for o in fetch_sources(config, opened)[0].outcomes) == ["skipped", "unchanged", "unchanged", "unchanged"]
        state = opened.fetch_state("ministry", f"{server.base}/files/bilan.pdf")
        assert (state.etag, state.size, state.error) == ('"b1"', len(PDF_2), None)
        assert opened.fetch_state_of_content(state.sha256) == state
    finally:
        opened.close()


def test_file_names_from_addresses_are_safe_and_readable(tmp_path):
    from pipeline.sources.names import file_name, free_path

    assert file_name("https://x.ma/ar/%D8%AA%D9%82%D8%B1%D9%8A%D8%B1%20%D8%A7%D9%84%D8%A3%D9%86%D8%B4%D8%B7%D8%A9.pdf") == "تقرير-الأنشطة.pdf"
    assert file_name("https://x.ma/files/..%2F..%2Fetc%2Fpasswd.pdf") == "passwd.pdf"
    assert file_name("https://x.ma/a/../../secret.docx") == "secret.docx"
    assert file_name("https://x.ma/download.php?id=3", ".pdf") == file_name("https://x.ma/download.php?id=3", ".pdf")
    assert file_name("https://x.ma/download.php?id=3", ".pdf") != file_name("https://x.ma/download.php?id=4", ".pdf")
    assert file_name("https://x.ma/download.php?id=3", ".pdf").startswith("download-")
    assert file_name("https://x.ma/", ".txt").startswith("x-ma-") and "/" not in file_name("https://x.ma/", ".txt")
    (tmp_path / "a.pdf").write_bytes(b"x")
    (tmp_path / "a-2.pdf").write_bytes(b"x")
    assert free_path(tmp_path, "a.pdf") == tmp_path / "a-3.pdf"


def test_a_robots_txt_that_cannot_be_read_leaves_the_site_alone(tmp_path, server, store):
    serve_listing(server)
    server.routes["/robots.txt"] = Route(status=500, body=b"oops", content_type="text/plain")
    config = load_config(write_config(tmp_path, server, LISTING))
    [report] = fetch_sources(config, store)
    assert report.error == (f"{server.base}/reports/index.html: robots.txt cannot be read (HTTP 500 Internal Server "
                            "Error): the site is left alone until it can")  # fmt: skip
    assert not any(path.startswith(("/reports/", "/files/")) for path in server.hits)
    del server.routes["/robots.txt"]  # none at all (404): everything is allowed
    [report] = fetch_sources(config, store, client=Client(config.fetch))
    assert sorted(o.status for o in report.outcomes) == ["new", "new", "new", "skipped"]
