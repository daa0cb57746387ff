"""Jinja2 pages: autoescaped always (a `<script>` in a report is shown as text), with the user, the
CSRF token and the messages of the last action in every page's context."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from pipeline.web.deps import CSRF_FIELD, User

TEMPLATES = Path(__file__).parent / "templates"

STATUS_NAMES = {"pending": "في الانتظار", "accepted": "مقبول", "rejected": "مرفوض"}


def group_digits(number: float) -> str:
    """6991500.0 -> '6 991 500' (as the reports write amounts); decimals kept when there are any."""
    whole = f"{number:,.2f}".rstrip("0").rstrip(".") if number % 1 else f"{number:,.0f}"
    return whole.replace(",", "\u202f")  # narrow no-break space: never split across lines


def as_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def query(params: dict[str, Any], **changes: Any) -> str:
    """A query string of `params` with `changes` applied; empty values are left out."""
    merged = {**params, **changes}
    return urlencode({k: v for k, v in merged.items() if v not in (None, "")})


environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                          trim_blocks=True, lstrip_blocks=True)  # fmt: skip
environment.filters.update(digits=group_digits, json=as_json, status_name=lambda s: STATUS_NAMES.get(s, s))
environment.globals.update(query=query, STATUS_NAMES=STATUS_NAMES, CSRF_FIELD=CSRF_FIELD)


def render(request: Request, template: str, user: User | None, status_code: int = 200,
           headers: dict[str, str] | None = None, **context: Any) -> HTMLResponse:  # fmt: skip
    flashes: list[str] = []
    if user is not None:
        flashes, user.session.flashes = user.session.flashes, []
    page = environment.get_template(template).render(
        request=request, user=user, csrf=user.session.csrf if user else context.pop("csrf", ""), flashes=flashes,
        current_path=request.url.path, **context,
    )  # fmt: skip
    return HTMLResponse(page, status_code=status_code, headers=headers)


def render_error(request: Request, status_code: int, message: str, headers: dict[str, str] | None = None) -> HTMLResponse:
    session = getattr(request.state, "session", None)
    user = User(session.user, session.role, session) if session else None
    return render(request, "error.html", user, status_code=status_code, headers=headers,
                  status=status_code, message=message)  # fmt: skip
