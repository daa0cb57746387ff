"""The portfolio overview (pipeline/report): exact aggregates on the sample reports, reviewed values
counted over extracted ones and rejected records left out, every bar's review-list query showing
exactly its records (SQLite and PostgreSQL), the /overview page, and `taqrir report`."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractors.places import ABROAD, NATIONAL, UNPLACED, read_place_data, regions_of
from pipeline.report import compute_overview, write_report
from pipeline.report.overview import Overview
from pipeline.web.app import CONTENT_SECURITY_POLICY
from tests.test_web_support import HTML, client_for, filled_store, log_in, record_of

pytest_plugins = ["tests.test_web_support"]  # its fixtures: raw, sample_results, store

EUROPEAN_UNION = "European Union"


def bars(overview: Overview, dimension: str) -> dict[str | None, list[tuple[str, float, list[str]]]]:
    """(key, value, records) of each bar, per currency."""
    return {c.currency: [(b.key, b.value, b.records) for b in c.bars] for c in overview.charts[dimension]}


def ids(store, prefix: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The ids of the records of the sample whose file name starts with `prefix`, in reading order."""
    [path] = [p for p in store.document_paths() if Path(p).name.startswith(prefix)]
    return [v.record_id for v in store.find_records(document=path, limit=100)]


# --- regions -------------------------------------------------------------------------------------


def test_every_province_and_city_lies_in_one_of_the_twelve_regions():
    data = read_place_data()
    twelve = {r["name"] for r in data["regions"][:12]}
    assert len(twelve) == 12
    for kind in ("provinces", "cities"):
        for entry in data[kind]:
            assert entry["region"] in twelve, (kind, entry["name"], entry.get("region"))


def test_the_regions_of_a_records_places():
    assert regions_of(["وجدة", "ليل"]) == ["الشرق"]  # a twinning: the Moroccan side
    assert regions_of(["جماعة وجدة"]) == ["الشرق"]
    assert regions_of(["مدينة وجدة", "الرباط"]) == ["الشرق", "الرباط سلا القنيطرة"]
    assert regions_of(["جهة بني ملال-خنيفرة", "جهة الشرق", "جهة سوس-ماسة"]) == ["بني ملال خنيفرة", "الشرق", "سوس ماسة"]
    assert regions_of(["إنزكان"]) == ["سوس ماسة"]
    assert regions_of(["جهة الشاوية ورديغة"]) == ["الشاوية ورديغة"]  # a region of 1997-2015 stays itself
    assert regions_of(["المغرب"]) == [NATIONAL]
    assert regions_of(["ليل", "مدريد"]) == [ABROAD]
    assert regions_of(["فرنسا"]) == [ABROAD]
    assert regions_of(["حي النجد"]) == [UNPLACED]  # a neighbourhood the gazetteer cannot place
    assert regions_of([]) == [UNPLACED]


# --- aggregates on the samples -----------------------------------------------------------------


def test_the_overview_of_the_samples(store):
    overview = compute_overview(store)
    [eur] = ids(store, "001")[1:]
    [usd] = ids(store, "001")[:1]
    [mad] = ids(store, "004")
    assert (overview.documents, overview.documents_with_records, overview.failing_documents) == (5, 5, [])
    assert overview.by_status == {"pending": 16, "accepted": 0, "rejected": 0}
    assert (overview.total_records, overview.counted, overview.reviewed_records) == (16, 16, 0)
    assert [(t.currency, t.total, t.records, t.amounts) for t in overview.totals] == [
        ("EUR", 5_000_000, 1, 1), ("MAD", 8_891_000, 1, 2), ("USD", 500_000, 1, 1)]  # fmt: skip
    assert bars(overview, "funder") == {
        "EUR": [(EUROPEAN_UNION, 5_000_000, [eur])], "MAD": [("الوزارة", 8_891_000, [mad])], "USD": []}  # fmt: skip
    [usd_funders] = [c for c in overview.charts["funder"] if c.currency == "USD"]
    assert usd_funders.unfunded == 500_000  # the USD amount's record names no funder
    assert [b.label for c in overview.charts["funder"] for b in c.bars] == ["الاتحاد الأوروبي", "الوزارة"]
    assert bars(overview, "year") == {
        "EUR": [("2014", 5_000_000, [eur])],  # no year stated: the project's start (2014-2016)
        "MAD": [("2017", 6_991_500, [mad]), ("2018", 1_899_500, [mad])],  # برسم سنة 2017 / 2018
        "USD": [("none", 500_000, [usd])],  # neither a year nor a period
    }
    assert bars(overview, "region") == {
        "EUR": [(NATIONAL, 5_000_000, [eur])], "MAD": [(NATIONAL, 8_891_000, [mad])], "USD": [(NATIONAL, 500_000, [usd])]}  # fmt: skip
    assert [(g.flag, len(g.records)) for g in overview.flags] == [("totals_mismatch", 1), ("no_period", 6)]
    [(record_id, detail)] = overview.flags[0].records
    assert record_id == mad and detail.endswith("6 991 500 stated, rows add up to 6 990 500 (difference 1 000)")
    assert usd in [r for r, _ in overview.flags[1].records]
    assert overview.records[mad].amounts == ["6\u202f991\u202f500 MAD (2017)", "1\u202f899\u202f500 MAD (2018)"]


def test_reviewed_values_count_and_rejected_records_do_not(store):
    [usd, eur] = ids(store, "001")
    [nusharik] = ids(store, "003")  # نشارك: EU-funded, in Tanger-Tetouan-Al Hoceima, 2023
    store.set_fields(nusharik, {"amounts": [{"amount": 300_000, "currency": "EUR", "year": None}]}, "amina")
    store.set_status(usd, "rejected", "amina")
    store.set_status(eur, "accepted", "amina")
    store.set_fields(eur, {"funders": [{"name": "الوكالة الفرنسية للتنمية", "canonical": None, "registry_id": None}]}, "amina")
    overview = compute_overview(store)
    assert overview.by_status == {"pending": 14, "accepted": 1, "rejected": 1}
    assert (overview.counted, overview.reviewed_records) == (15, 2)
    assert [(t.currency, t.total, t.records) for t in overview.totals] == [("EUR", 5_300_000, 2), ("MAD", 8_891_000, 1)]
    # the registry knows the body the reviewer named: bars group by its name there, and show it as written
    assert bars(overview, "funder")["EUR"] == [("Agence Française de Développement", 5_000_000, [eur]),
                                               (EUROPEAN_UNION, 300_000, [nusharik])]  # fmt: skip
    assert [b.label for b in overview.charts["funder"][0].bars] == ["الوكالة الفرنسية للتنمية", "الاتحاد الأوروبي"]
    assert bars(overview, "year")["EUR"] == [("2014", 5_000_000, [eur]), ("2023", 300_000, [nusharik])]
    assert bars(overview, "region")["EUR"] == [(NATIONAL, 5_000_000, [eur]), ("طنجة تطوان الحسيمة", 300_000, [nusharik])]
    assert usd not in overview.records and "USD" not in bars(overview, "year")
    assert usd not in [r for g in overview.flags for r, _ in g.records]  # a rejected record's flags are moot


def test_a_record_in_two_regions_counts_in_both(store):
    [record] = ids(store, "003")
    store.set_fields(record, {"amounts": [{"amount": 1_000, "currency": "MAD", "year": 2024}],
                              "locations": ["وجدة", "طنجة", "ليل"]}, "amina")  # fmt: skip
    regions = bars(compute_overview(store), "region")["MAD"]
    assert [(key, value) for key, value, _ in regions] == [
        (NATIONAL, 8_891_000), ("الشرق", 1_000), ("طنجة تطوان الحسيمة", 1_000)]  # fmt: skip


def test_every_bar_opens_exactly_its_records(db_url, sample_results):
    store = filled_store(db_url, sample_results)
    try:
        [nusharik] = ids(store, "003")
        [_, eur] = ids(store, "001")
        store.set_fields(nusharik, {"amounts": [{"amount": 300_000, "currency": "EUR", "year": None},
                                                {"amount": 2_000, "currency": None, "year": 2023}]}, "amina")  # fmt: skip
        store.set_status(eur, "rejected", "amina")
        overview = compute_overview(store)
        checked = 0
        for charts in overview.charts.values():
            for chart in charts:
                for bar in chart.bars:
                    found = [v.record_id for v in store.find_records(limit=1000, **bar.filters)]
                    assert sorted(found) == sorted(bar.records), (chart.anchor, bar.key)
                    checked += 1
        assert checked == 12  # funder 3 (EUR, MAD, none), year 5, region 4
        assert bars(overview, "year")[None] == [("2023", 2_000, [nusharik])]  # an amount without currency: its own chart
    finally:
        store.close()


# --- the page and the file -----------------------------------------------------------------------


class _Links(HTMLParser):
    """The hrefs of the bars of a page, and whether it has inline style or script."""

    def __init__(self) -> None:
        super().__init__()
        self.bars: list[tuple[str, str]] = []  # (href, data-records)
        self.inline: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and "bar-link" in (a.get("class") or ""):
            self.bars.append((a["href"] or "", a.get("data-records") or ""))
        if tag in ("style", "script") and not a.get("src") or "style" in a:
            self.inline.append(tag)


def test_the_overview_is_the_first_page_after_login_and_its_bars_open_the_list(store):
    client = client_for(store)
    assert client.get("/overview", headers=HTML, follow_redirects=False).headers["location"].startswith("/login?next=")
    log_in(client)
    assert client.get("/", follow_redirects=False).headers["location"] == "/overview"
    response = client.get("/overview")
    assert response.status_code == 200 and response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    page = response.text
    parser = _Links()
    parser.feed(page)
    assert parser.inline == []  # the policy forbids inline style and script: the page needs none
    assert '<link rel="stylesheet" href="/static/overview/overview.css">' in page
    assert client.get("/static/overview/overview.css").status_code == 200
    assert len(parser.bars) == 9 + 1  # 9 bars of amounts, and the status bar's one segment (all pending)
    assert parser.bars[0] == ("/records?status=pending", "")
    for href, records in parser.bars:
        if not records:
            continue
        listed = client.get(href.replace("&amp;", "&")).text
        assert sorted(re.findall(r'<tr data-record="([^"]+)"', listed)) == sorted(records.split()), href
        assert 'id="overview-filters"' in listed
    mad = record_of(store, "004")
    assert f'href="/records/{mad.record_id}"' in page  # the totals mismatch links to its record
    assert 'href="/records?flag=no_period&amp;counted=1"' in page


def test_a_funder_bar_opens_that_funder_only(store):
    """The list's own funder filter finds a text inside funders' names; a bar names one funder exactly."""
    [mad] = ids(store, "004")  # funded by «الوزارة» (the registry does not know it)
    [nusharik] = ids(store, "003")
    delegated = [{"name": "الوزارة المنتدبة", "canonical": None, "registry_id": None}]
    store.set_fields(nusharik, {"funders": delegated, "amounts": [{"amount": 10, "currency": "MAD", "year": None}]}, "amina")
    bars_mad = bars(compute_overview(store), "funder")["MAD"]
    assert bars_mad == [("الوزارة", 8_891_000, [mad]), ("الوزارة المنتدبة", 10, [nusharik])]
    assert [v.record_id for v in store.find_records(funder_key="الوزارة")] == [mad]
    assert sorted(v.record_id for v in store.find_records(funder="الوزارة")) == sorted([mad, nusharik])
    assert [v.record_id for v in store.find_records(funder_key="European Union", currency="EUR")] == [ids(store, "001")[1]]


def test_taqrir_report_writes_one_file_that_needs_nothing_else(store, tmp_path):
    from taqrir_cli import app

    target = tmp_path / "out" / "overview.html"
    result = CliRunner().invoke(app, ["report", "-o", str(target), "--db", store.url])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"wrote {target}: 5 reports, 16 records (16 counted: rejected left out); ")
    page = target.read_text(encoding="utf-8")
    assert re.findall(r'(?:src|href)="(?!#|data:)([^"]*)"', page) == []  # every link is a place of the file
    assert "url(http" not in page and "@import" not in page
    assert page.count('<svg class="chart') == 9  # status; funder (EUR, MAD: the USD amount has no funder), year, region (3 each)
    assert 'src: url("data:font/ttf;base64,' in page
    for anchor in re.findall(r'<a class="bar-link" href="#([^"]+)"', page):
        assert f'id="{anchor}"' in page, anchor


def test_write_report_is_the_library_call_behind_the_command(store, tmp_path):
    overview = compute_overview(store)
    path = write_report(overview, tmp_path / "o.html")
    assert "نظرة عامة على المحفظة" in path.read_text(encoding="utf-8")
    assert json.dumps(sorted(overview.records)) == json.dumps(sorted(v.record_id for v in store.records()))


@pytest.mark.parametrize("value", ["x", "20177", "none"])
def test_the_list_keeps_only_amount_years_it_can_read(value):
    from pipeline.web.listing import ListState

    state = ListState.from_params({"amount_year": value, "currency": "EUR", "counted": "1"})
    assert state.filters.get("amount_year") == ("none" if value == "none" else None)
    assert state.filters["currency"] == "EUR"


def test_standing_values_are_what_the_records_views_show(store):
    [usd, eur] = ids(store, "001")
    store.set_fields(eur, {"amounts": [{"amount": 4_000_000, "currency": "EUR", "year": 2015}], "start": None, "end": None}, "amina")
    store.set_status(usd, "rejected", "amina")
    fields = ["start", "end", "amounts", "funders", "locations"]
    standing = store.standing_values(fields)
    views = store.records()
    assert [r["record_id"] for r in standing] == [v.record_id for v in views]  # reading order
    for facts, view in zip(standing, views, strict=True):
        assert {name: facts[name] for name in fields} == {name: view.values[name] for name in fields}
        assert (facts["status"], facts["name"], facts["flags"], facts["reviewed"]) == (
            view.status, view.values["name"], view.flags, bool(view.reviewed))  # fmt: skip
    assert "no_period" in next(r for r in standing if r["record_id"] == eur)["flags"]  # flags on the standing values: the period a reviewer removed


def test_an_empty_store_and_a_report_that_cannot_be_read(tmp_path):
    from pipeline.process import process_file

    empty = tmp_path / "005_empty.txt"
    empty.write_bytes(b"")
    store = filled_store(f"sqlite:///{tmp_path / 'taqrir.db'}", [process_file(empty)])
    try:
        overview = compute_overview(store)
        assert (overview.documents, overview.documents_with_records, overview.total_records) == (1, 0, 0)
        [(path, status, reason)] = overview.failing_documents
        assert (path, status) == (str(empty), "error") and reason
        assert overview.totals == [] and all(charts == [] for charts in overview.charts.values())
        client = client_for(store)
        log_in(client)
        page = client.get("/overview").text
        assert "لا مبالغ في السجلات المحسوبة." in page and str(empty) in page
        assert "لا تنبيهات في السجلات المحسوبة." in write_report(overview, tmp_path / "o.html").read_text(encoding="utf-8")
    finally:
        store.close()
