"""The review app: `create_app(store)` builds the FastAPI application `taqrir review` serves.

Pages are rendered on the server (Jinja2, autoescaped: document text is always shown as text);
one CSS and one JavaScript file and the Arabic font are served from the package, so no request
leaves the machine and the Content-Security-Policy can forbid inline script and style.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pipeline.report.render import ASSETS as REPORT_ASSETS
from pipeline.store import Store
from pipeline.web import documents, login, overview, records, users
from pipeline.web.auth import LoginForms, LoginLimiter, Sessions
from pipeline.web.deps import LoginRequired
from pipeline.web.templating import render_error

STATIC = Path(__file__).parent / "static"

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


@dataclass
class Settings:
    session_idle: float = 2 * 3600  # seconds without a request before a session ends
    session_lifetime: float = 12 * 3600  # a working day: log in again the next morning
    login_failures_per_user: int = 5
    login_failures_per_address: int = 20
    login_window: float = 15 * 60
    secure_cookies: bool = False  # set when served over HTTPS (behind a proxy): cookies marked Secure
    page_size: int = 50
    clock: Callable[[], float] = time.monotonic
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))


class SecurityHeaders:
    """Adds the security headers to every response; pages (not static files) are never cached."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
                headers["Cache-Control"] = "private, max-age=3600" if static else "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(store: Store, settings: Settings | None = None) -> FastAPI:
    """The review app over `store`. One process: sessions and login counts live in its memory."""
    settings = settings or Settings()
    app = FastAPI(title="taqrir review", docs_url=None, redoc_url=None, openapi_url=None)  # no unauthenticated docs
    app.state.store = store
    app.state.settings = settings
    app.state.sessions = Sessions(settings.session_idle, settings.session_lifetime, settings.clock)
    app.state.limiter = LoginLimiter(settings.login_failures_per_user, settings.login_failures_per_address,
                                     settings.login_window, settings.clock)  # fmt: skip
    app.state.login_forms = LoginForms(settings.secret)
    app.state.facets = {}  # revision -> facets of the record list (recomputed when the store changes)
    app.state.overview = {}  # revision -> the portfolio overview (recomputed when the store changes)
    app.add_middleware(SecurityHeaders)
    app.mount("/static/overview", StaticFiles(directory=REPORT_ASSETS), name="overview-static")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (login, overview, records, documents, users):
        app.include_router(module.router)
    app.add_exception_handler(LoginRequired, _login_required)
    app.add_exception_handler(HTTPException, _http_error)
    return app


def _login_required(request: Request, exc: Exception) -> Response:
    """A page asked for without a session: the login page (then back here); anything else: 401."""
    if request.method == "GET" and "text/html" in request.headers.get("accept", ""):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?{_query(next=target)}", status_code=303)
    return JSONResponse({"detail": "login required"}, status_code=401)


def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    headers = dict(exc.headers or {})
    if "text/html" in request.headers.get("accept", ""):
        return render_error(request, exc.status_code, str(exc.detail), headers)
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=headers)


def _query(**params: Any) -> str:
    from urllib.parse import urlencode

    return urlencode(params)
