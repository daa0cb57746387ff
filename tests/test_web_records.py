"""The record list and the record page on the sample reports: filters and counts agree with the
records, fields are corrected through the page's own form, accept goes to the next record of the list,
conflicts are settled, bulk accept takes exactly the confident pending records."""

from __future__ import annotations

import re
import shutil

from pipeline.process import process_file
from pipeline.store import Store
from pipeline.web import Settings
from tests.conftest import sample
from tests.test_web_support import (
    client_for,
    filled_store,
    form_values,
    log_in,
    record_ids,
    record_of,
    shown_segments,
)

pytest_plugins = ["tests.test_web_support"]  # its fixtures: store, reviewer, sample_results


def covers(values: dict, year: int) -> bool:
    """The list's year filter, written again the plain way."""
    bounds = [int(v[:4]) for v in (values["start"], values["end"]) if v]
    in_period = bool(bounds) and min(bounds) <= year <= max(bounds)
    return in_period or any(a["year"] == year for a in values["amounts"])


def test_filters_and_counts_agree_with_the_records(store, reviewer):
    client, _ = reviewer
    everything = store.records()
    first, second = everything[0].record_id, everything[5].record_id
    store.set_status(first, "accepted", "amina")
    store.set_status(second, "rejected", "admin")
    everything = {v.record_id: v for v in store.records()}
    page = client.get("/records").text
    assert re.findall(r'data-status="(\w+)">(\d+)<', page) == [("all", "16"), ("pending", "14"), ("accepted", "1"),
                                                               ("rejected", "1")]  # fmt: skip
    facets = store.record_facets()
    expected_by_filter = {
        "document": lambda v, doc: doc in v.record.documents,
        "source": lambda v, folder: any(d.rsplit("/", 1)[0] == folder for d in v.record.documents),
        "reviewer": lambda v, name: v.reviewed_by == name,
        "funder": lambda v, name: any(name in f["name"] for f in v.values["funders"]),
        "year": lambda v, year: covers(v.values, year),
        "flag": lambda v, flag: any(f.split(":")[0] == flag for f in v.flags),
    }
    checked = 0
    for name, matches in expected_by_filter.items():
        facet = facets[{"document": "documents", "source": "sources", "reviewer": "reviewers", "funder": "funders",
                        "year": "years", "flag": "flags"}[name]]  # fmt: skip
        assert facet, name
        for value in facet:
            shown = record_ids(client.get("/records", params={name: value}).text)
            expected = [rid for rid, v in everything.items() if matches(v, value)]
            assert sorted(shown) == sorted(expected), (name, value)
            checked += 1
    assert facets["reviewers"] == ["admin", "amina"] and facets["years"] == list(range(2005, 2025))
    assert checked == 5 + 1 + 2 + 4 + 20 + 3
    # filters combine, and the counts follow them
    page = client.get("/records", params={"funder": "الاتحاد الأوروبي", "status": "pending"}).text
    eu = [v for v in everything.values() if "الاتحاد الأوروبي" in [f["name"] for f in v.values["funders"]]]
    assert len(record_ids(page)) == len([v for v in eu if v.status == "pending"])
    assert re.findall(r'data-status="(\w+)">(\d+)<', page)[0] == ("all", str(len(eu)))


def test_list_sorts_by_confidence_and_pages(store):
    client = client_for(store, Settings(page_size=5))
    log_in(client)
    shown = []
    for page_number in range(1, 5):
        page = client.get("/records", params={"order": "-confidence", "page": page_number}).text
        shown += record_ids(page)
        assert f"الصفحة {page_number} من 4" in page
    expected = sorted(store.records(), key=lambda v: (-v.record.confidence, v.record_id))
    assert shown == [v.record_id for v in expected]
    dates = record_ids(client.get("/records", params={"order": "updated"}).text)
    assert dates == [v.record_id for v in sorted(store.records(), key=lambda v: (-v.updated_at.timestamp(), v.record_id))][:5]


def test_record_page_shows_the_document_with_the_evidence_marked(store, reviewer):
    client, _ = reviewer
    view = record_of(store, "004")
    page = client.get(f"/records/{view.record_id}").text
    result = store.document(view.record.documents[0])
    text = result.document.text
    segments = shown_segments(page)
    # every piece of text is the document's own text at its offsets, and together they are all of it
    assert all(text[start:end] == shown for _, start, end, shown in segments)
    assert "".join(shown for *_, shown in segments) == text
    marked = [(start, end) for classes, start, end, _ in segments if "evidence" in classes.split()]
    evidence = view.record.evidences[0]
    assert (marked[0][0], marked[-1][1]) == (evidence.start, evidence.end) == (0, 100)
    assert '<span class="anchor" id="evidence"></span><mark class="evidence' in page
    # the amounts are written in table rows: each highlighted where the document writes it
    amount_marks = {key: start for key, start in re.findall(r'id="ev-(amounts-\d)"></span><mark[^>]*data-start="(\d+)"', page)}
    assert [text[int(amount_marks[k]):int(amount_marks[k]) + 9] for k in ("amounts-0", "amounts-1")] == ["6 991 500", "1 899 500"]
    values = form_values(page, "fields-form")
    assert (values["amount_0"], values["currency_0"], values["year_0"]) == ("6 991 500", "MAD", "2017")
    assert (values["amount_1"], values["currency_1"], values["year_1"]) == ("1 899 500", "MAD", "2018")
    assert values["amount_rows"] == "3" and values["amount_2"] == ""
    assert values["partners"] == "المنظمة الدولية للهجرة\nوكالة التنمية الاجتماعية"
    assert values["date_status"] == "actual" and values["start"] == "2017"
    for key in ("a", "r", "n"):  # shortcuts listed on the page
        assert f"<kbd>{key}</kbd>" in page


def test_correct_an_amount_through_the_form(store, reviewer):
    client, _ = reviewer
    view = record_of(store, "004")
    page = client.get(f"/records/{view.record_id}").text
    form = form_values(page, "fields-form")
    saved = client.post(f"/records/{view.record_id}/fields", data={**form, "amount_0": "٦ ٩٩٠ ٥٠٠"}, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == f"/records/{view.record_id}"
    after = store.record(view.record_id)
    assert after.values["amounts"] == [{"amount": 6990500.0, "currency": "MAD", "year": 2017},
                                       {"amount": 1899500.0, "currency": "MAD", "year": 2018}]  # fmt: skip
    assert sorted(after.reviewed) == ["amounts"]  # untouched fields are not marked reviewed
    page = client.get(f"/records/{view.record_id}").text
    assert "حُفظ: المبالغ" in page
    assert "المستخرج: 6\u202f991\u202f500 MAD (2017)؛ 1\u202f899\u202f500 MAD (2018)" in page
    last = store.history(view.record_id)[-1]
    assert (last["user"], last["action"], last["field"]) == ("amina", "set", "amounts")
    assert '<td dir="auto">amina</td><td>set</td><td>amounts</td>' in page
    # an amount row emptied removes that amount; a row filled adds one
    form = form_values(page, "fields-form")
    client.post(f"/records/{view.record_id}/fields", data={**form, "amount_1": "", "amount_2": "20 000", "currency_2": "eur"})
    assert store.record(view.record_id).values["amounts"] == [{"amount": 6990500.0, "currency": "MAD", "year": 2017},
                                                              {"amount": 20000.0, "currency": "EUR", "year": None}]  # fmt: skip


def test_a_refused_form_saves_nothing_and_keeps_what_was_typed(store, reviewer):
    client, _ = reviewer
    view = record_of(store, "004")
    form = form_values(client.get(f"/records/{view.record_id}").text, "fields-form")
    refused = client.post(f"/records/{view.record_id}/fields",
                          data={**form, "name": "اسم جديد", "start": "17/04/2017", "amount_0": "كثير"})  # fmt: skip
    assert refused.status_code == 422
    assert "لم يُحفظ شيء" in refused.text
    assert "cannot read the amount &#39;كثير MAD (2017)&#39;" in refused.text
    assert 'value="17/04/2017"' in refused.text and 'value="اسم جديد"' in refused.text
    after = store.record(view.record_id)
    assert after.values == view.values and after.reviewed == {}
    # the amount fixed, the date still wrong: the store refuses it, and the name is not saved either
    refused = client.post(f"/records/{view.record_id}/fields", data={**form, "name": "اسم جديد", "start": "17/04/2017"})
    assert refused.status_code == 422 and "invalid value for start" in refused.text
    assert store.record(view.record_id).values["name"] == view.values["name"]


def test_accept_goes_to_the_next_record_of_the_list(store, reviewer):
    client, token = reviewer
    listed = [v.record_id for v in store.find_records(status="pending", order="-confidence")]
    query = "status=pending&order=-confidence"
    page = client.get(f"/records/{listed[0]}?{query}").text
    assert f'href="/records/{listed[0]}/next?{query.replace("&", "&amp;")}" id="next-link"' in page
    answer = client.post(f"/records/{listed[0]}/status?{query}", data={"status": "accepted", "csrf_token": token})
    assert answer.url.path == f"/records/{listed[1]}"  # the accepted one left the list: the next is the second
    assert store.record(listed[0]).status == "accepted"
    answer = client.post(f"/records/{listed[1]}/status?{query}", data={"status": "rejected", "csrf_token": token})
    assert answer.url.path == f"/records/{listed[2]}"
    skipped = client.get(f"/records/{listed[2]}/next?{query}")
    assert skipped.url.path == f"/records/{listed[3]}" and store.record(listed[2]).status == "pending"
    last = client.get(f"/records/{listed[-1]}/next?{query}")
    assert last.url.path == "/records" and "هذا آخر سجل في القائمة." in last.text
    assert store.counts_by_status() == {"accepted": 1, "pending": 14, "rejected": 1}


def test_bulk_accept_takes_the_confident_pending_records(store, reviewer):
    client, token = reviewer
    doc = store.document_paths()[0]  # sample 000, 12 records
    store.set_status(store.find_records(document=doc, order="-confidence")[0].record_id, "rejected", "amina")
    before = {v.record_id: v for v in store.find_records(document=doc)}
    answer = client.post("/records/bulk-accept", params={"document": doc}, data={"min_confidence": "0.8", "csrf_token": token})
    expected = sorted(rid for rid, v in before.items() if v.status == "pending" and v.record.confidence >= 0.8)
    assert len(expected) == 4
    assert f"قُبل {len(expected)} سجلا ثقتها 0.80 أو أكثر" in answer.text
    after = {v.record_id: v.status for v in store.records()}
    assert sorted(rid for rid, status in after.items() if status == "accepted") == expected
    assert client.post("/records/bulk-accept", data={"min_confidence": "2", "csrf_token": token}).status_code == 422


def test_a_conflict_shows_both_values_and_the_choice(tmp_path, sample_results):
    report = shutil.copy(sample("004"), tmp_path / "004.txt")
    others = [r for r in sample_results if not r.document.path.endswith("004_010f2b19d76e34c4.txt")]
    store = filled_store(f"sqlite:///{tmp_path / 'taqrir.db'}", [*others, process_file(report)])
    client = client_for(store)
    token = log_in(client)
    [view] = store.find_records(document=str(report))
    form = form_values(client.get(f"/records/{view.record_id}").text, "fields-form")
    client.post(f"/records/{view.record_id}/fields", data={**form, "amount_0": "6 990 500"})
    # the ministry republishes the report with 1 950 000 for 2018
    text = (tmp_path / "004.txt").read_text(encoding="utf-8")
    (tmp_path / "004.txt").write_text(text.replace("1 899 500", "1 950 000"), encoding="utf-8")
    store.save(process_file(report), "9.9.9")
    page = client.get(f"/records/{view.record_id}").text
    conflict = page[page.index('id="conflict-amounts"'):page.index("</form>", page.index('id="conflict-amounts"'))]
    assert "6\u202f990\u202f500 MAD (2017)؛ 1\u202f899\u202f500 MAD (2018)" in conflict  # the reviewer's
    assert "6\u202f991\u202f500 MAD (2017)؛ 1\u202f950\u202f000 MAD (2018)" in conflict  # the new extraction
    assert 'name="keep" value="reviewed"' in conflict and 'name="keep" value="extracted"' in conflict
    answer = client.post(f"/records/{view.record_id}/conflicts/amounts", data={"keep": "extracted", "csrf_token": token})
    assert answer.status_code == 200 and 'id="conflict-amounts"' not in answer.text
    after = store.record(view.record_id)
    assert after.conflicts == {} and [a["amount"] for a in after.values["amounts"]] == [6991500.0, 1950000.0]
    assert [e["action"] for e in store.history(view.record_id)][-3:] == ["extracted", "conflict", "resolved_extracted"]
    store.close()


def test_the_app_on_sqlite_and_postgresql(db_url, sample_results):
    """One smoke test per backend: list, filters with subqueries (year, funder), a record page, a save."""
    store: Store = filled_store(db_url, sample_results)
    try:
        client = client_for(store)
        log_in(client)
        assert len(record_ids(client.get("/records").text)) == 16
        assert len(record_ids(client.get("/records", params={"year": 2017}).text)) == 1
        assert len(record_ids(client.get("/records", params={"year": 2021}).text)) == 4
        assert len(record_ids(client.get("/records", params={"funder": "الاتحاد"}).text)) == 7
        view = record_of(store, "004")
        form = form_values(client.get(f"/records/{view.record_id}").text, "fields-form")
        assert client.post(f"/records/{view.record_id}/fields", data={**form, "end": "2019"}).status_code == 200
        assert store.record(view.record_id).values["end"] == "2019"
        shown = record_ids(client.get("/records", params={"year": 2019}).text)
        assert sorted(shown) == sorted(v.record_id for v in store.records() if covers(v.values, 2019))
        assert view.record_id in shown and len(shown) == 2
        assert store.next_record_id(view.record_id, "-confidence") is not None
    finally:
        store.close()


def test_an_untouched_form_changes_nothing_whatever_the_values():
    from starlette.datastructures import FormData

    from pipeline.web.forms import FIELDS, amount_rows, field_text, read_changes

    current = {"name": " مشروع  دعم ", "acronym": None, "aliases": ["أ; ب"], "start": "2017", "end": None,
               "date_status": None, "amounts": [{"amount": 1234.5, "currency": None, "year": None}],
               "funders": ["الاتحاد الأوروبي "], "implementers": [], "partners": [], "locations": [],
               "sector": None, "description": "سطر أول\nسطر ثان "}  # fmt: skip
    form = {spec.name: field_text(spec, current[spec.name]) for spec in FIELDS if spec.kind != "amounts"}
    rows = amount_rows(current["amounts"])
    form.update({f"{key}_{i}": row[key] for i, row in enumerate(rows) for key in row}, amount_rows=str(len(rows)))
    assert read_changes(FormData(form), current) == ({}, {})
    # organizations are stored as objects: the form shows their names, and an untouched one is no change
    as_objects = {**current, "funders": [{"name": "الاتحاد الأوروبي ", "canonical": "European Union", "registry_id": "EU"}]}
    assert read_changes(FormData(form), as_objects) == ({}, {})
    browser_sent = {**form, "description": form["description"].replace("\n", "\r\n")}  # textareas: CR LF
    assert read_changes(FormData(browser_sent), current) == ({}, {})
    changed, errors = read_changes(FormData({**form, "amount_0": "1 234.75", "end": "2019"}), current)
    assert changed == {"amounts": [{"amount": 1234.75, "currency": None, "year": None}], "end": "2019"} and errors == {}
