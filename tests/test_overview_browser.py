"""The portfolio overview in a real browser (Playwright driving Debian's Chromium): the page the app
serves after login and the static report opened from a file with the network off.

How "Arabic labels not reversed" is checked without OCR: the browser reports where it drew each
character of an SVG text (`getStartPositionOfChar`). In a label written in Arabic, the first
character of the text (logical order) must be drawn to the right of the last one; in a year it is the
other way round. Shaping (letters joined) is checked by width: the same label with a zero-width
non-joiner between every letter (which forbids joining, and is itself zero-width) is wider, because
isolated letter forms are wider than joined ones; text drawn letter by letter unshaped would measure
the same. The screenshot is then checked by its pixels where the DOM says a bar and a label are: the
bar's colour at the bar's centre, dark pixels of ink inside the label's box.

Screenshots go to $TMPDIR/taqrir-screenshots/ (printed). Skipped like tests/test_web_browser.py.
"""

from __future__ import annotations

import re

import pytest

from pipeline.report import compute_overview, write_report
from tests import test_web_browser
from tests.test_web_browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS
from tests.test_web_support import PASSWORD, record_of

pytest_plugins = ["tests.test_web_support"]  # its fixtures: raw, sample_results
pytestmark = pytest.mark.browser
served = test_web_browser.served  # the fixture: the app over the samples, served by uvicorn on 127.0.0.1

ARABIC = re.compile(r"[\u0600-\u06FF]")
BAR_COLOUR = (29, 111, 165)  # svg.chart rect.bar in overview.css

LABELS = """() => [...document.querySelectorAll('svg.chart text.bar-label')].map(t => {
  const n = t.getNumberOfChars();
  const box = t.getBBox();
  return {text: t.textContent, first: t.getStartPositionOfChar(0).x, last: t.getStartPositionOfChar(n - 1).x,
          right: box.x + box.width, width: t.getComputedTextLength(), direction: getComputedStyle(t).direction};
})"""

UNJOINED_WIDTH = """(text) => {
  // the same label with a zero-width non-joiner between every character: no letter joins the next
  const svg = document.querySelector('svg.chart');
  const probe = document.createElementNS('http://www.w3.org/2000/svg', 'text');
  probe.setAttribute('class', 'bar-label');
  probe.textContent = [...text].join('\\u200c');
  svg.appendChild(probe);
  const width = probe.getComputedTextLength();
  probe.remove();
  return width;
}"""


def _check_labels(page) -> list[str]:  # type: ignore[no-untyped-def]
    labels = page.evaluate(LABELS)
    assert labels, "no chart labels"
    for label in labels:
        assert label["direction"] == "rtl" and label["width"] > 0, label
        assert abs(label["right"] - 634) < 1.5, label  # right-aligned at the chart's right edge (640 - 6)
        if ARABIC.search(label["text"]):
            assert label["first"] > label["last"], f"Arabic label drawn reversed: {label}"
        elif len(label["text"]) > 1:
            assert label["first"] < label["last"], f"a year drawn reversed: {label}"
    arabic = next(label for label in labels if ARABIC.search(label["text"]) and len(label["text"]) > 4)
    assert page.evaluate(UNJOINED_WIDTH, arabic["text"]) > arabic["width"] * 1.05, "Arabic letters not joined"
    return [label["text"] for label in labels]


def _check_screenshot(page, path) -> None:  # type: ignore[no-untyped-def]
    """The pixels of the screenshot where the DOM puts the first bar and its label."""
    from PIL import Image

    page.locator("svg.chart rect.bar").first.scroll_into_view_if_needed()
    page.screenshot(path=str(path))
    bar = page.locator("svg.chart rect.bar").first.bounding_box()
    label = page.locator("svg.chart text.bar-label").first.bounding_box()
    assert bar and label
    image = Image.open(path).convert("RGB")
    assert image.size == (1366, 768)
    assert image.getpixel((int(bar["x"] + bar["width"] / 2), int(bar["y"] + bar["height"] / 2))) == BAR_COLOUR
    ink = image.crop((int(label["x"]), int(label["y"]), int(label["x"] + label["width"]), int(label["y"] + label["height"])))
    dark = sum(1 for pixel in ink.getdata() if sum(pixel) < 200)
    assert dark > 20, f"no ink where the label is ({dark} dark pixels)"


def _review_some(store) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Reviewers' work the overview must show: amounts set on two EU-funded records, one accepted."""
    nusharik = record_of(store, "003").record_id  # نشارك, Tanger-Tetouan-Al Hoceima, 2023
    cities = next(v for v in store.records() if v.values["name"] == "الهجرة بين المدن المتوسطة").record_id  # Oujda, 2018
    store.set_fields(nusharik, {"amounts": [{"amount": 300_000, "currency": "EUR", "year": None}]}, "amina")
    store.set_fields(cities, {"amounts": [{"amount": 1_200_000, "currency": "EUR", "year": 2019}]}, "amina")
    store.set_status(cities, "accepted", "amina")
    return {"nusharik": nusharik, "cities": cities}


def test_the_overview_in_the_app_and_from_a_file_offline(served, tmp_path):
    from playwright.sync_api import sync_playwright

    base, store = served
    _review_some(store)
    overview = compute_overview(store)
    [eur_funders] = [c for c in overview.charts["funder"] if c.currency == "EUR"]
    [european_union] = [b for b in eur_funders.bars if b.key == "European Union"]
    assert european_union.value == 6_500_000 and len(european_union.records) == 3
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    app_shot, file_shot = SCREENSHOTS / "overview.png", SCREENSHOTS / "overview-report.png"
    report = write_report(overview, tmp_path / "overview.html")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="ar-MA")
        errors: list[str] = []  # a CSP violation (inline style or script) is a console error
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        outside: list[str] = []
        page.on("request", lambda r: None if r.url.startswith(base) else outside.append(r.url))

        # log in: the overview is the first page
        page.goto(f"{base}/")
        page.fill("input[name=name]", "amina")
        page.fill("input[name=password]", PASSWORD)
        with page.expect_navigation():
            page.click("form.login-box button[type=submit]")
        assert page.url == f"{base}/overview"
        page.evaluate("document.fonts.ready")
        assert page.locator("svg.chart").count() == 1 + sum(1 for cs in overview.charts.values() for c in cs if c.bars)
        assert page.locator("svg.chart a.bar-link rect.bar").count() == sum(
            len(c.bars) for cs in overview.charts.values() for c in cs)  # fmt: skip
        labels = _check_labels(page)
        assert "الاتحاد الأوروبي" in labels and "الشرق" in labels and "2019" in labels
        _check_screenshot(page, app_shot)

        # a bar opens the review list with exactly its records
        link = page.locator(f"#chart-funder-EUR a.bar-link[data-key='{european_union.key}']")
        with page.expect_navigation():
            link.locator("rect.bar").click()
        assert page.url.startswith(f"{base}/records?")
        listed = page.locator("#records tbody tr").evaluate_all("rows => rows.map(r => r.dataset.record)")
        assert sorted(listed) == sorted(european_union.records)
        chips = page.locator("#overview-filters .chip").evaluate_all("chips => chips.map(c => c.dataset.filter)")
        assert sorted(chips) == ["counted", "currency", "funder_key"]
        browser.close()

        # the static report from a file, the network off: nothing is asked for but the file
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(offline=True, viewport={"width": 1366, "height": 768}, locale="ar-MA")
        asked: list[str] = []
        context.route("**/*", lambda route: (asked.append(route.request.url),
                                             route.continue_() if route.request.url.startswith("file://") else route.abort()))  # fmt: skip
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(report.as_uri())
        page.evaluate("document.fonts.ready")
        assert page.evaluate("[...document.fonts].some(f => f.family.includes('Noto Naskh Arabic') && f.status === 'loaded')")
        assert asked == [report.as_uri()]
        assert _check_labels(page) == labels
        _check_screenshot(page, file_shot)
        region = page.locator("#chart-region-EUR a.bar-link[data-key='الشرق']")
        region.locator("rect.bar").click()
        target = page.evaluate("decodeURIComponent(location.hash.slice(1))")
        assert target.startswith("bar-") and page.locator(f"[id='{target}']").is_visible()
        assert page.locator(f"[id='{target}'] li").all_inner_texts() == ["الهجرة بين المدن المتوسطة"]
        browser.close()
    assert errors == [] and outside == []
    for shot in (app_shot, file_shot):
        assert shot.stat().st_size > 10_000
        print(f"screenshot: {shot}")
