"""FastAPI dependencies every route goes through: the logged-in user, CSRF on every change, admins.

`current_user` guards reading routes, `changing_user` every route that changes something (it adds
the CSRF check), `admin_user`/`changing_admin` the user management. A test walks every route of the
app and checks each refuses an anonymous request, and each state-changing one a missing token.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Request

from pipeline.store import Store
from pipeline.web.auth import Session, Sessions, same_token

SESSION_COOKIE = "taqrir_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"


class LoginRequired(Exception):
    """No valid session: pages send the browser to the login page, other requests get 401."""


@dataclass
class User:
    name: str
    role: str
    session: Session

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def store_of(request: Request) -> Store:
    return request.app.state.store  # type: ignore[no-any-return]


def sessions_of(request: Request) -> Sessions:
    return request.app.state.sessions  # type: ignore[no-any-return]


def current_user(request: Request) -> User:
    token = request.cookies.get(SESSION_COOKIE)
    sessions = sessions_of(request)
    session = sessions.get(token)
    if session is None:
        raise LoginRequired()
    # the account may have gone (or changed role) since the login: the store has the last word
    account = store_of(request).user(session.user)
    if account is None:
        sessions.end(token)
        raise LoginRequired()
    session.role = account[1]
    request.state.session = session
    return User(account[0], account[1], session)


def same_origin(request: Request) -> bool:
    """A browser's Origin (or Referer) header, when sent, names this site: a request from another site is
    refused even before the token is looked at."""
    sent = request.headers.get("origin") or request.headers.get("referer")
    if not sent or sent == "null":
        return sent is None
    parts = urlsplit(sent)
    return f"{parts.scheme}://{parts.netloc}" == f"{request.url.scheme}://{request.url.netloc}"


async def csrf_token_sent(request: Request) -> str | None:
    if CSRF_HEADER in request.headers:
        return request.headers[CSRF_HEADER]
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()  # Starlette keeps it: the route's own Form parameters read it again
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else None
    return None


async def changing_user(request: Request, user: Annotated[User, Depends(current_user)]) -> User:
    if not same_origin(request) or not same_token(await csrf_token_sent(request), user.session.csrf):
        raise HTTPException(403, "CSRF token missing or wrong: reload the page and try again")
    return user


def admin_user(user: Annotated[User, Depends(current_user)]) -> User:
    if not user.is_admin:
        raise HTTPException(403, "only admins manage users")
    return user


def changing_admin(user: Annotated[User, Depends(changing_user)]) -> User:
    return admin_user(user)


# What routes declare: `user: Reader` for a page, `user: Changer` for a change (CSRF checked).
Reader = Annotated[User, Depends(current_user)]
Changer = Annotated[User, Depends(changing_user)]
Admin = Annotated[User, Depends(admin_user)]
AdminChanger = Annotated[User, Depends(changing_admin)]


def flash(user: User, message: str) -> None:
    user.session.flashes.append(message)
