"""Jinja2 pages: autoescaped always (a `<script>` in a report is shown as text), with the user, the
CSRF token and the messages of the last action in every page's context."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

from pipeline.report import render as report
from pipeline.web.deps import CSRF_FIELD, User

TEMPLATES = Path(__file__).parent / "templates"

def as_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


# The app's pages, and the overview's templates (pipeline/report: the static report renders them too).
environment = report.configure(Environment(loader=ChoiceLoader([FileSystemLoader(TEMPLATES), FileSystemLoader(report.TEMPLATES)]),
                                           autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True))  # fmt: skip
environment.filters.update(json=as_json)
environment.globals.update(CSRF_FIELD=CSRF_FIELD)


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
