"""Entity corrections in the document view: change a label, move a boundary, add a missed entity,
remove a wrong one. Offsets are code points into `document.text`, and stay exact."""

from __future__ import annotations

from pipeline.model import Entity
from pipeline.process import process_file
from pipeline.web.entities import apply_corrections
from pipeline.web.highlight import Span, segments
from tests.test_web_support import shown_segments

pytest_plugins = ["tests.test_web_support"]  # its fixtures: store, reviewer, raw


def report_004(store) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    path = next(p for p in store.document_paths() if p.endswith("004_010f2b19d76e34c4.txt"))
    return path, store.document(path).document.text


def shown_entities(client, path: str) -> list[tuple[str, int, int]]:  # type: ignore[no-untyped-def]
    import re

    page = client.get("/documents/view", params={"path": path}).text
    return [(label, int(s), int(e)) for label, s, e in
            re.findall(r'<tr id="entity-\d+" data-entity="\d+" data-label="(\w+)" data-start="(\d+)" data-end="(\d+)"', page)]  # fmt: skip


def test_every_kind_of_correction_keeps_exact_offsets(store, reviewer, raw):
    client, token = reviewer
    path, text = report_004(store)
    url = f"/documents/entities?path={path}"
    before = shown_entities(client, path)
    money = text.index("6 991 500 درهم")
    assert ("MONEY", money, money + 14) in before
    # move a boundary: the amount without its currency word
    client.post(url, data={"csrf_token": token, "action": "move", "label": "MONEY", "start": money, "end": money + 9,
                           "old_label": "MONEY", "old_start": money, "old_end": money + 14})  # fmt: skip
    # add a missed organization, written in Arabic
    org = text.index("مركز الاستقبال والندوات")
    assert not any(start <= org < end for _, start, end in before)
    client.post(url, data={"csrf_token": token, "action": "add", "label": "ORG", "start": org, "end": org + 23})
    # change a label: a date read as a range
    date = text.index("10 ماي 2017")
    client.post(url, data={"csrf_token": token, "action": "relabel", "label": "DATE_RANGE", "start": date,
                           "end": date + 11, "old_label": "DATE", "old_start": date, "old_end": date + 11})  # fmt: skip
    # remove a wrong one
    first = before[0]
    client.post(url, data={"csrf_token": token, "action": "remove", "label": "ORG", "start": "1", "end": "2",
                           "old_label": first[0], "old_start": first[1], "old_end": first[2]})  # fmt: skip
    corrections = store.entity_corrections(path)
    assert [(c["action"], c["label"], c["start"], c["end"], c["user"]) for c in corrections] == [
        ("move", "MONEY", money, money + 9, "amina"), ("add", "ORG", org, org + 23, "amina"),
        ("relabel", "DATE_RANGE", date, date + 11, "amina"), ("remove", None, None, None, "amina"),
    ]  # fmt: skip
    for c in corrections[:3]:
        assert c["text"] == text[c["start"]:c["end"]]
    assert [c["text"] for c in corrections[:3]] == ["6 991 500", "مركز الاستقبال والندوات", "10 ماي 2017"]
    after = shown_entities(client, path)
    assert ("MONEY", money, money + 9) in after and ("MONEY", money, money + 14) not in after
    assert ("ORG", org, org + 23) in after and ("DATE_RANGE", date, date + 11) in after
    assert ("DATE", date, date + 11) not in after and first not in after
    assert len(after) == len(before) + 1 - 1  # one added, one removed; moved and relabelled ones replaced
    # the text shows each entity at its offsets: the pieces are the document's text, all of it
    page = client.get("/documents/view", params={"path": path}).text
    pieces = shown_segments(page)
    assert "".join(p[3] for p in pieces) == text and all(text[s:e] == t for _, s, e, t in pieces)
    # a new pipeline version of the same content: the corrections still apply
    for report in raw:
        store.save(process_file(report), "9.9.9")
    assert shown_entities(client, path) == after


def test_offsets_outside_the_text_are_refused(store, reviewer):
    client, token = reviewer
    path, text = report_004(store)
    url = f"/documents/entities?path={path}"
    for start, end in ((len(text) - 2, len(text) + 3), (50, 40)):
        answer = client.post(url, data={"csrf_token": token, "action": "add", "label": "ORG", "start": start, "end": end})
        assert answer.status_code == 422 and "are not a span" in answer.text
    answer = client.post(url, data={"csrf_token": token, "action": "add", "label": "ORG", "start": "-4", "end": "3"})
    assert answer.status_code == 422
    answer = client.post(url, data={"csrf_token": token, "action": "add", "label": "PERSON", "start": 0, "end": 3})
    assert answer.status_code == 422 and "unknown label" in answer.text
    assert store.entity_corrections(path) == []


def test_corrections_are_a_state_applied_once():
    text = "مولت الوكالة الفرنسية للتنمية المشروع بمبلغ 2 000 000 درهم"
    org = text.index("الوكالة الفرنسية للتنمية")
    found = [Entity(label="ORG", text=text[org:org + 16], start=org, end=org + 16, source="rules",
                    value={"acronym": None, "canonical": None})]
    move = {"action": "move", "label": "ORG", "start": org, "end": org + 24, "old_label": "ORG", "old_start": org,
            "old_end": org + 16, "user": "amina"}  # fmt: skip
    [once] = apply_corrections(found, [move], text)
    assert (once.start, once.end, once.text, once.corrected) == (org, org + 24, "الوكالة الفرنسية للتنمية", True)
    assert len(apply_corrections(found, [move, move], text)) == 1
    # a later extraction that finds the right entity by itself: still one entity
    fixed = [Entity(label="ORG", text=text[org:org + 24], start=org, end=org + 24, source="rules",
                    value={"acronym": None, "canonical": None})]
    assert [(e.start, e.end) for e in apply_corrections(fixed, [move], text)] == [(org, org + 24)]
    remove = {"action": "remove", "label": None, "start": None, "end": None, "old_label": "ORG", "old_start": org,
              "old_end": org + 24, "user": "amina"}  # fmt: skip
    assert apply_corrections(fixed, [move, remove], text) == []


def test_segments_keep_offsets_across_carriage_returns_and_astral_characters():
    text = "📌 مشروع\r\nالتعاونيات\r\n"
    start = text.index("التعاونيات")
    pieces = segments(text, [Span(start, start + 10, "ent", "0")])
    assert "".join(p.text for p in pieces) == text
    assert [(p.start, p.end) for p in pieces if p.text == "\r"] == [(7, 8), (19, 20)]  # each CR on its own
    [entity] = [p for p in pieces if p.spans]
    assert (entity.start, entity.end, entity.text) == (9, 19, "التعاونيات") == (start, start + 10, text[9:19])
