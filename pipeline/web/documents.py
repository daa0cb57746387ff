"""Documents: the list, and one document's text with its entities to correct (change a label, move
a boundary, add a missed entity, remove a wrong one). Offsets are code points into `document.text`."""

from __future__ import annotations

from pathlib import Path
from typing import get_args
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response

from pipeline.model import EntityLabel
from pipeline.store import ReviewError
from pipeline.web.deps import Changer, Reader, flash, store_of
from pipeline.web.entities import apply_corrections
from pipeline.web.highlight import Span, segments
from pipeline.web.pdfpages import PageUnavailable, render_page
from pipeline.web.templating import render

router = APIRouter()
LABELS = list(get_args(EntityLabel))
LABEL_NAMES = {"ORG": "جهة", "ACRONYM": "مختصر", "MONEY": "مبلغ", "DATE": "تاريخ", "DATE_RANGE": "فترة"}
ACTION_NAMES = {"add": "أضيف", "remove": "حُذف", "relabel": "غُيّر تصنيف", "move": "نُقلت حدود"}


@router.get("/documents")
def document_list(request: Request, user: Reader) -> Response:
    store = store_of(request)
    rows = [(path, store.count_found(document=path)) for path in store.document_paths()]
    return render(request, "documents.html", user, rows=rows)


@router.get("/documents/view")
def document_view(request: Request, user: Reader, path: str = Query(...), entity: int | None = Query(None)) -> Response:
    store = store_of(request)
    result = store.document(path)
    if result is None:
        raise HTTPException(404, f"no extracted document {path}")
    text = result.document.text
    corrections = store.entity_corrections(path)
    shown = apply_corrections(result.entities, corrections, text)
    spans = [Span(e.start, e.end, "ent", str(i)) for i, e in enumerate(shown)]
    selected = shown[entity] if entity is not None and 0 <= entity < len(shown) else None
    anchors: dict[Span, str] = {}
    if selected is not None:
        spans.append(Span(selected.start, selected.end, "selected", str(entity)))
        anchors[spans[-1]] = "selected-entity"
    return render(request, "document.html", user, path=path, result=result, entities=shown, selected=selected,
                  selected_index=entity, segments=segments(text, spans, anchors), corrections=corrections,
                  labels=LABELS, label_names=LABEL_NAMES, records=store.find_records(limit=200, document=path),
                  text_length=len(text), origin=store.provenance(path))  # fmt: skip


def _number(value: str, name: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not value.isdigit():
        raise HTTPException(422, f"{name} must be a whole number (an offset in the text)")
    return int(value)


@router.post("/documents/entities")
def correct_entity(
    request: Request, user: Changer, path: str = Query(...), action: str = Form(...), label: str = Form(""),
    start: str = Form(""), end: str = Form(""), old_label: str = Form(""), old_start: str = Form(""),
    old_end: str = Form(""),
) -> Response:  # fmt: skip
    store = store_of(request)
    span: dict[str, str | int | None] = {"label": label or None, "start": _number(start, "start"), "end": _number(end, "end"),
            "old_label": old_label or None, "old_start": _number(old_start, "old_start"),
            "old_end": _number(old_end, "old_end")}  # fmt: skip
    if action == "remove":  # a removal names only the entity it removes
        span.update(label=None, start=None, end=None)
    try:
        store.correct_entity(path, action, user.name, **span)
    except ReviewError as exc:
        raise HTTPException(422, str(exc)) from None
    result = store.document(path)
    first, last = span["start"], span["end"]
    shown = result.document.text[first:last] if result and isinstance(first, int) and isinstance(last, int) else ""
    kind = LABEL_NAMES.get(str(span["label"] or old_label), "")
    flash(user, f"{ACTION_NAMES.get(action, action)} الكيان ({kind})" + (f": «{shown}»" if shown else ""))
    return RedirectResponse(f"/documents/view?{urlencode({'path': path})}", status_code=303)


@router.get("/documents/page")
def pdf_page(request: Request, user: Reader, path: str = Query(...), page: int = Query(..., ge=1),
             start: int | None = Query(None, ge=0), end: int | None = Query(None, ge=0)) -> Response:  # fmt: skip
    """Page `page` of a PDF document as a PNG, the text `start:end` marked on it where it is found
    (header X-Taqrir-Marked: 1 when it is). Only documents of the store, unchanged since extraction."""
    result = store_of(request).document(path)
    if result is None or result.document.format != "pdf":
        raise HTTPException(404, f"no extracted PDF {path}")
    text = result.document.text[start:end] if start is not None and end is not None else ""
    try:
        rendered = render_page(Path(path), result.document.sha256, page, text)
    except PageUnavailable as exc:
        raise HTTPException(404, str(exc)) from None
    return Response(rendered.png, media_type="image/png", headers={"X-Taqrir-Marked": str(int(rendered.marked))})
