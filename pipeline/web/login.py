"""Logging in and out: the only page that answers without a session is the login page."""

from __future__ import annotations

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from pipeline.web.deps import SESSION_COOKIE, Changer, same_origin, sessions_of, store_of
from pipeline.web.templating import render

router = APIRouter()
LOGIN_COOKIE = "taqrir_login"  # the random value the login form's CSRF token is an HMAC of


def safe_next(target: str | None) -> str:
    """Where to go after logging in: a path of this site only (no open redirect to another one)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/overview"


def _login_page(request: Request, status_code: int = 200, error: str | None = None, name: str = "",
                headers: dict[str, str] | None = None) -> Response:  # fmt: skip
    forms = request.app.state.login_forms
    nonce = forms.new_nonce()
    response = render(request, "login.html", None, status_code=status_code, headers=headers, error=error, name=name,
                      next=safe_next(request.query_params.get("next")), csrf=forms.token(nonce))  # fmt: skip
    settings = request.app.state.settings
    response.set_cookie(LOGIN_COOKIE, nonce, max_age=3600, path="/login", httponly=True, samesite="strict",
                        secure=settings.secure_cookies)  # fmt: skip
    return response


@router.get("/login")
def login_page(request: Request) -> Response:
    return _login_page(request)


@router.post("/login")
def login(request: Request, name: str = Form(""), password: str = Form(""), csrf_token: str = Form(""),
          next: str = Form("/overview")) -> Response:  # fmt: skip
    forms = request.app.state.login_forms
    if not same_origin(request) or not forms.check(request.cookies.get(LOGIN_COOKIE), csrf_token):
        raise HTTPException(403, "CSRF token missing or wrong: reload the login page and try again")
    limiter = request.app.state.limiter
    address = request.client.host if request.client else "unknown"
    wait = limiter.wait(name, address)
    if wait > 0:
        minutes = max(1, round(wait / 60))
        return _login_page(request, 429, f"محاولات فاشلة كثيرة: أعد المحاولة بعد {minutes} دقيقة.", name,
                           headers={"Retry-After": str(int(wait) + 1)})  # fmt: skip
    account = store_of(request).check_password(name.strip(), password)
    if account is None:
        limiter.failed(name, address)
        return _login_page(request, 401, "اسم المستخدم أو كلمة المرور غير صحيحة.", name)
    limiter.succeeded(name, address)
    # a new token at every login: a session id known before the login is worth nothing after it
    token = sessions_of(request).create(*account)
    response = RedirectResponse(safe_next(next), status_code=303)
    settings = request.app.state.settings
    response.set_cookie(SESSION_COOKIE, token, max_age=int(settings.session_lifetime), httponly=True,
                        samesite="lax", secure=settings.secure_cookies)  # fmt: skip
    response.delete_cookie(LOGIN_COOKIE, path="/login")
    return response


@router.post("/logout")
def logout(request: Request, user: Changer) -> Response:
    sessions_of(request).end(request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response
