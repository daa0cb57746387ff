"""The record list and the record page: filters, counts, bulk accept; fields, status, conflicts,
history, and the document beside with the evidence highlighted."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from pipeline.records.sector import SECTORS
from pipeline.store import STATUSES, RecordView, ReviewError, Store
from pipeline.web import forms
from pipeline.web.deps import Changer, Reader, User, flash, store_of
from pipeline.web.evidence import field_spans, record_evidence
from pipeline.web.highlight import Span, segments
from pipeline.web.listing import ORDER_NAMES, OVERVIEW_FILTERS, ListState
from pipeline.web.templating import render
from pipeline.web.values import CURRENCIES, show_value

router = APIRouter()


def facets(request: Request, store: Store) -> dict[str, list[Any]]:
    """The list's filter choices, read again only when the store has changed."""
    cache: dict[int, dict[str, list[Any]]] = request.app.state.facets
    revision = store.revision()
    if revision not in cache:
        cache.clear()
        cache[revision] = store.record_facets()
    return cache[revision]


@router.get("/records")
def record_list(request: Request, user: Reader) -> Response:
    store = store_of(request)
    state = ListState.from_params(request.query_params)
    size = request.app.state.settings.page_size
    found = store.count_found_by_status(**state.filters)
    counts = {status: found.get(status, 0) for status in STATUSES}
    total = counts[state.filters["status"]] if "status" in state.filters else sum(counts.values())
    pages = max(1, -(-total // size))
    state.page = min(state.page, pages)
    views = store.find_records(limit=size, offset=(state.page - 1) * size, order=state.order, **state.filters)
    return render(request, "list.html", user, views=views, state=state, total=total, pages=pages,
                  counts=counts, all_count=sum(counts.values()), facets=facets(request, store),
                  orders=ORDER_NAMES, overview_filters=OVERVIEW_FILTERS, first=(state.page - 1) * size + 1 if views else 0,
                  last=(state.page - 1) * size + len(views), show=show_value)  # fmt: skip


@router.post("/records/bulk-accept")
def bulk_accept(request: Request, user: Changer, min_confidence: str = Form(...)) -> Response:
    state = ListState.from_params(request.query_params)
    try:
        threshold = float(min_confidence.replace(",", "."))
    except ValueError:
        raise HTTPException(422, "the confidence is a number between 0 and 1") from None
    if not 0 <= threshold <= 1:
        raise HTTPException(422, "the confidence is a number between 0 and 1")
    accepted = store_of(request).accept_confident(threshold, user.name, **state.without("status"))
    flash(user, f"قُبل {len(accepted)} سجلا ثقتها {threshold:.2f} أو أكثر (دون السجلات التي فيها تعارض).")
    return RedirectResponse(f"/records?{urlencode(state.params())}", status_code=303)


def _view(store: Store, record_id: str) -> RecordView:
    view = store.record(record_id)
    if view is None:
        raise HTTPException(404, f"no record {record_id}")
    return view


def _document_pane(store: Store, view: RecordView, choice: int) -> dict[str, Any]:
    """The document shown beside the record, its text cut into segments with the evidence marked, and
    the element ids where each field's value is written (`targets`: "amounts:1" -> id; `field_targets`:
    the first one of each field)."""
    paths = view.record.documents or ([view.record.evidence.document] if view.record.evidence.document else [])
    choice = choice if 0 <= choice < len(paths) else 0
    pane: dict[str, Any] = {"paths": paths, "choice": choice, "path": paths[choice] if paths else None, "format": None,
                            "segments": [], "pages": [], "evidence": [], "targets": {}, "field_targets": {}}  # fmt: skip
    result = store.document(paths[choice]) if paths else None
    if result is None:
        return pane
    evidence = record_evidence(view.record, result.document.path)
    spans = [Span(e.start, e.end, "evidence", "record") for e in evidence]
    located = field_spans(view.record, view.values, result)
    anchors = {span: f"ev-{span.key.replace(':', '-')}" for span in located}
    if spans:
        anchors[spans[0]] = "evidence"
    targets = {span.key: anchors[span] for span in located}
    field_targets: dict[str, str] = {}
    for key, anchor in targets.items():
        field_targets.setdefault(key.split(":")[0], anchor)
    pane.update(format=result.document.format, segments=segments(result.document.text, spans + located, anchors),
                pages=sorted({e.page for e in evidence if e.page is not None}), targets=targets,
                evidence=[e for e in evidence if e.page is not None],
                field_targets=field_targets)  # fmt: skip
    return pane


def render_record(request: Request, user: User, view: RecordView, status_code: int = 200,
                  errors: dict[str, str] | None = None, form: Any = None) -> Response:  # fmt: skip
    store = store_of(request)
    state = ListState.from_params(request.query_params)
    doc_param = request.query_params.get("doc", "0")
    pane = _document_pane(store, view, int(doc_param) if doc_param.isdigit() else 0)
    values = view.values
    amounts = values["amounts"]
    if form is not None and "amount_rows" in form:  # a refused form shows what was typed
        amounts_rows = [{k: str(form.get(f"{k}_{i}") or "") for k in ("amount", "currency", "year")}
                        for i in range(int(str(form.get("amount_rows") or 0)))]  # fmt: skip
    else:
        amounts_rows = forms.amount_rows(amounts)
    typed = {spec.name: (str(form.get(spec.name)) if form is not None and spec.name in form
                         else forms.field_text(spec, values[spec.name])) for spec in forms.FIELDS}  # fmt: skip
    return render(
        request, "record.html", user, status_code=status_code, view=view, values=values, state=state,
        list_query=urlencode(state.params(page=False)),
        fields=forms.FIELDS, typed=typed, amounts_rows=amounts_rows, errors=errors or {}, pane=pane,
        history=store.history(view.record_id), differing=view.differing(), show=show_value,
        date_statuses=forms.DATE_STATUSES, currencies=CURRENCIES, sectors=list(SECTORS),
    )  # fmt: skip


@router.get("/records/{record_id}")
def record_page(request: Request, user: Reader, record_id: str) -> Response:
    return render_record(request, user, _view(store_of(request), record_id))


def _back_to(record_id: str, request: Request, extra: str = "") -> str:
    query = request.url.query
    return f"/records/{record_id}" + (f"?{query}" if query else "") + extra


@router.post("/records/{record_id}/fields")
async def save_fields(request: Request, user: Changer, record_id: str) -> Response:
    store = store_of(request)
    view = _view(store, record_id)
    form = await request.form()
    changes, errors = forms.read_changes(form, view.values)
    if not errors and changes:
        errors = store.set_fields(record_id, changes, user.name)
    if errors:
        return render_record(request, user, view, 422, errors, form)
    names = {spec.name: spec.label for spec in forms.FIELDS}
    flash(user, "حُفظ: " + "، ".join(names[n] for n in changes) if changes else "لا تغيير في الحقول.")
    return RedirectResponse(_back_to(record_id, request), status_code=303)


@router.post("/records/{record_id}/status")
def set_status(request: Request, user: Changer, record_id: str, status: str = Form(...)) -> Response:
    store = store_of(request)
    state = ListState.from_params(request.query_params)
    try:
        store.set_status(record_id, status, user.name)
    except ReviewError as exc:
        raise HTTPException(404 if "no record" in str(exc) else 422, str(exc)) from None
    flash(user, f"{record_id}: {show_value('status', status)}")
    if status == "pending":
        return RedirectResponse(_back_to(record_id, request), status_code=303)
    return _to_next(record_id, state)


def _to_next(record_id: str, state: ListState) -> Response:
    query = urlencode(state.params(page=False))
    return RedirectResponse(f"/records/{record_id}/next" + (f"?{query}" if query else ""), status_code=303)


@router.get("/records/{record_id}/next")
def next_record(request: Request, user: Reader, record_id: str) -> Response:
    """The record after this one in the list in view (skip): the list itself when this was the last."""
    state = ListState.from_params(request.query_params)
    query = urlencode(state.params(page=False))
    following = store_of(request).next_record_id(record_id, state.order, **state.filters)
    if following is None:
        flash(user, "هذا آخر سجل في القائمة.")
        return RedirectResponse("/records" + (f"?{query}" if query else ""), status_code=303)
    return RedirectResponse(f"/records/{following}" + (f"?{query}" if query else ""), status_code=303)


@router.post("/records/{record_id}/conflicts/{field}")
def resolve(request: Request, user: Changer, record_id: str, field: str, keep: str = Form(...)) -> Response:
    try:
        store_of(request).resolve_conflict(record_id, field, keep, user.name)
    except ReviewError as exc:
        raise HTTPException(422, str(exc)) from None
    flash(user, f"سُوّي التعارض في {field}.")
    return RedirectResponse(_back_to(record_id, request), status_code=303)
