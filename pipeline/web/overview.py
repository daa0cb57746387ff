"""The portfolio overview page: the first page after logging in (pipeline.report computes and lays it
out; its bars open the review list filtered to their records)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from pipeline.report import Overview, compute_overview, render_overview_page
from pipeline.web.deps import Reader, store_of
from pipeline.web.templating import render

router = APIRouter()


@router.get("/")
def home(user: Reader) -> Response:
    return RedirectResponse("/overview", status_code=303)


def current_overview(request: Request) -> Overview:
    """The overview of the store as it is, computed again only when the store has changed."""
    store = store_of(request)
    cache: dict[int, Overview] = request.app.state.overview
    revision = store.revision()
    if revision not in cache:
        cache.clear()
        cache[revision] = compute_overview(store)
    return cache[revision]


@router.get("/overview")
def overview_page(request: Request, user: Reader) -> Response:
    def page(template: str, **context: Any) -> Response:
        return render(request, template, user, **context)

    return render_overview_page(page, current_overview(request))  # type: ignore[no-any-return]
