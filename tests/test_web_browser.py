"""A reviewer's round trip in a real browser: Playwright driving Debian's Chromium against the app
served by uvicorn on 127.0.0.1.

Log in, filter the list, correct an amount, fix an entity boundary by selecting text, accept with the
keyboard, run the extraction again with a new pipeline version: the corrections are still there. Also:
the record's evidence is highlighted and scrolled into view, and an entity selected after characters
outside the BMP (UTF-16 surrogate pairs in JavaScript) gets exact code-point offsets.

Screenshots go to $TMPDIR/taqrir-screenshots/ (outside git). Skipped without /usr/bin/chromium or the
playwright package, unless TAQRIR_REQUIRE_BROWSER=1 (CI), where that fails.
"""

from __future__ import annotations

import os
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.process import process_file
from pipeline.store import Store
from pipeline.web import create_app
from tests.test_web_support import PASSWORD, filled_store, record_of

pytest_plugins = ["tests.test_web_support"]  # its fixtures: raw, sample_results
pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--disable-gpu"]  # fmt: skip
SCREENSHOTS = Path(tempfile.gettempdir()) / "taqrir-screenshots"
REQUIRE_BROWSER_ENV = "TAQRIR_REQUIRE_BROWSER"


def _browser_or_skip() -> None:
    problem = None
    if not CHROMIUM.exists():
        problem = f"browser tests skipped: no {CHROMIUM} (apt-get install chromium; scripts/system-deps.sh does it)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "browser tests skipped: no playwright package (pip install -e '.[dev]')"
    if problem is None:
        return
    if os.environ.get(REQUIRE_BROWSER_ENV, "").strip().lower() in {"1", "true", "yes"}:
        pytest.fail(f"{REQUIRE_BROWSER_ENV}=1 but {problem.removeprefix('browser tests skipped: ')}", pytrace=False)
    pytest.skip(problem)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(tmp_path, sample_results) -> Iterator[tuple[str, Store]]:
    """The app over a fresh store, served by uvicorn in a thread on a free port of 127.0.0.1."""
    _browser_or_skip()
    import uvicorn

    store = filled_store(f"sqlite:///{tmp_path / 'taqrir.db'}", sample_results)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", store
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        store.close()


IN_VIEW = """el => {
  const box = el.getBoundingClientRect();
  const pane = document.getElementById('document-pane').getBoundingClientRect();
  return box.width > 0 && box.top >= pane.top && box.bottom <= pane.bottom && box.bottom <= window.innerHeight;
}"""

SELECT_IN_TEXT = """([needle, occurrence]) => {
  // select `needle` in the document text with a DOM Range, as a mouse would (offsets in UTF-16 units)
  const nodes = [];
  const walker = document.createTreeWalker(document.getElementById('doctext'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) nodes.push(walker.currentNode);
  const whole = nodes.map(n => n.data).join('');
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = whole.indexOf(needle, at + 1);
  const point = (offset) => {
    for (const node of nodes) { if (offset <= node.data.length) return [node, offset]; offset -= node.data.length; }
  };
  const range = document.createRange();
  range.setStart(...point(at));
  range.setEnd(...point(at + needle.length));
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  document.dispatchEvent(new Event('selectionchange'));
  return at;
}"""


def test_a_reviewers_round_trip(served, raw, tmp_path):
    from playwright.sync_api import sync_playwright

    base, store = served
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    view = record_of(store, "004")
    document = view.record.documents[0]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="ar-MA")
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        outside: list[str] = []
        page.on("request", lambda r: None if r.url.startswith(base) else outside.append(r.url))

        # log in: the list asks for it first
        page.goto(f"{base}/records")
        assert page.url.startswith(f"{base}/login?next=")
        page.fill("input[name=name]", "amina")
        page.fill("input[name=password]", PASSWORD)
        with page.expect_navigation():
            page.click("form.login-box button[type=submit]")
        assert page.url == f"{base}/records"
        assert page.locator("#records tbody tr").count() == 16
        list_shot = SCREENSHOTS / "list.png"
        page.screenshot(path=str(list_shot))

        # filter: the records of report 004
        page.select_option("select[name=document]", document)
        with page.expect_navigation():
            page.click("#filters button[type=submit]")
        assert page.locator("#records tbody tr").count() == 1

        # the record page: the evidence is highlighted and in view
        with page.expect_navigation():
            page.click(f"#records a[href^='/records/{view.record_id}']")
        evidence = page.locator("#evidence ~ mark").first
        assert evidence.evaluate(IN_VIEW)
        assert evidence.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(255, 240, 163)"

        # correct an amount; Ctrl+Enter saves
        page.fill("input[name=amount_0]", "6 990 500")
        with page.expect_navigation():
            page.press("input[name=amount_0]", "Control+Enter")
        assert "حُفظ: المبالغ" in page.inner_text(".flash")
        assert page.input_value("input[name=amount_0]") == "6 990 500"
        assert sorted(store.record(view.record_id).reviewed) == ["amounts"]  # what the browser sent unchanged is not
        record_shot = SCREENSHOTS / "record.png"
        page.screenshot(path=str(record_shot))
        record_url = page.url

        # fix an entity boundary: the MONEY entity "6 991 500 درهم" becomes "6 991 500"
        with page.expect_navigation():
            page.click("text=تصحيح الكيانات")
        text = store.document(document).document.text
        start = text.index("6 991 500 درهم")
        row = page.locator(f"#entities tr[data-start='{start}']")
        index = row.get_attribute("data-entity")
        page.click(f"#doctext [data-entity='{index}']")
        assert page.input_value("#entity-form input[name=old_end]") == str(start + len("6 991 500 درهم"))
        page.evaluate(SELECT_IN_TEXT, ["6 991 500", 0])
        page.click("#entity-form button.use-selection")
        assert page.input_value("#entity-form input[name=end]") == str(start + len("6 991 500"))
        assert page.inner_text("#entity-preview") == "6 991 500"
        with page.expect_navigation():
            page.click("#entity-form button[value=move]")
        [moved] = store.entity_corrections(document)
        assert (moved["action"], moved["start"], moved["end"], moved["text"]) == ("move", start, start + 9, "6 991 500")
        document_shot = SCREENSHOTS / "document.png"
        page.screenshot(path=str(document_shot))

        # accept with the keyboard: the only record of this list, so back to the list
        page.goto(record_url)
        with page.expect_navigation():
            page.keyboard.press("a")
        assert store.record(view.record_id).status == "accepted"
        assert "هذا آخر سجل في القائمة." in page.inner_text("body")

        # run extraction again (a new pipeline version): the corrections are still there
        for path in raw:
            store.save(process_file(path), "9.9.9")
        page.goto(record_url)
        assert page.input_value("input[name=amount_0]") == "6 990 500"
        assert page.inner_text(".actions .status") == "مقبول"
        page.goto(f"{base}/documents/view?path={document}")
        assert page.locator(f"#entities tr[data-start='{start}']").get_attribute("data-end") == str(start + 9)

        # a record whose evidence is far down its document: scrolled into view on opening
        deepest = max(store.find_records(document=store.document_paths()[0]), key=lambda v: v.record.evidence.start)
        page.goto(f"{base}/records/{deepest.record_id}")
        assert page.locator("#document-pane").evaluate("el => el.scrollTop") > 0
        assert page.locator("#evidence ~ mark").first.evaluate(IN_VIEW)

        # characters outside the BMP before an entity: offsets stay code points, as in Python
        report = tmp_path / "020_emoji.txt"
        report.write_text("📌📊 تقرير موجز\n\nمشروع دعم التعاونيات النسائية بتمويل من الاتحاد الأوروبي سنة 2022.\n",
                          encoding="utf-8")  # fmt: skip
        store.save(process_file(report), "9.9.9")
        page.goto(f"{base}/documents/view?path={report}")
        page.evaluate(SELECT_IN_TEXT, ["التعاونيات النسائية", 0])
        page.select_option("#add-form select[name=label]", "ORG")
        with page.expect_navigation():
            page.click("#add-form button[type=submit]")
        [added] = store.entity_corrections(str(report))
        emoji_text = report.read_text(encoding="utf-8")
        assert added["start"] == emoji_text.index("التعاونيات النسائية") == 25  # 27 in UTF-16 units
        assert added["text"] == emoji_text[added["start"]:added["end"]] == "التعاونيات النسائية"

        browser.close()
    assert errors == [] and outside == []
    for shot in (list_shot, record_shot, document_shot):
        assert shot.stat().st_size > 10_000
        print(f"screenshot: {shot}")
