"""The review app's security: nothing answers without a login, every change needs its CSRF token,
document text is escaped, only admins manage users, failed logins are limited, sessions expire."""

from __future__ import annotations

import re

from fastapi.routing import APIRoute

from pipeline.web import Settings
from pipeline.web.app import CONTENT_SECURITY_POLICY
from tests.conftest import sample
from tests.test_web_support import HTML, PASSWORD, client_for, csrf_of, log_in, record_of, result_with_text

pytest_plugins = ["tests.test_web_support"]  # its fixtures: store, reviewer

PUBLIC = {"/login"}


def routes(app) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(method, path) of every route of the app, path parameters filled with real values."""
    found = []
    for route in _flattened(app.routes):
        if route.path not in PUBLIC:
            for method in sorted(route.methods):
                found.append((method, route.path))
    return found


def _flattened(items) -> list[APIRoute]:  # type: ignore[no-untyped-def]
    """The app's routes, also those of included routers (FastAPI >= 0.150 keeps them in a wrapper; the
    app's routers have no prefix)."""
    found = []
    for route in items:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):
            found.extend(_flattened(route.original_router.routes))
    return found


def concrete(path: str, record_id: str) -> str:
    return path.replace("{record_id}", record_id).replace("{field}", "amounts")


def test_the_app_has_the_routes_this_file_checks(store):
    app = client_for(store).app
    assert routes(app) == [
        ("POST", "/logout"), ("GET", "/"), ("GET", "/overview"), ("GET", "/records"), ("POST", "/records/bulk-accept"),
        ("GET", "/records/{record_id}"), ("POST", "/records/{record_id}/fields"), ("POST", "/records/{record_id}/status"),
        ("GET", "/records/{record_id}/next"), ("POST", "/records/{record_id}/conflicts/{field}"), ("GET", "/documents"),
        ("GET", "/documents/view"), ("POST", "/documents/entities"), ("GET", "/documents/page"), ("GET", "/users"),
        ("POST", "/users"),
    ]  # fmt: skip


def test_no_route_answers_without_a_login(store):
    client = client_for(store)
    record_id = record_of(store, "004").record_id
    revision = store.revision()
    for method, path in routes(client.app):
        url = concrete(path, record_id) + "?page=1&path=" + store.document_paths()[0]
        page = client.request(method, url, headers=HTML, follow_redirects=False)
        api = client.request(method, url, headers={"accept": "application/json"}, follow_redirects=False)
        if method == "GET":  # a browser is sent to the login page, and back here afterwards
            assert page.status_code == 303, (method, path)
            assert page.headers["location"].startswith("/login?next=%2F"), (method, path)
        else:
            assert page.status_code == 401, (method, path)
        assert api.status_code == 401 and api.json() == {"detail": "login required"}, (method, path)
    assert store.revision() == revision  # and nothing changed


def test_every_change_needs_the_csrf_token(store, reviewer):
    client, token = reviewer
    view = record_of(store, "004")
    revision = store.revision()
    form = {"status": "accepted", "keep": "reviewed", "min_confidence": "0", "name": "x", "role": "admin",
            "password": "long enough password", "action": "add", "label": "ORG", "start": "0", "end": "5"}  # fmt: skip
    admin = client_for(store)
    admin_token = log_in(admin, "admin")
    for method, path in routes(client.app):
        if method != "POST":
            continue
        url = concrete(path, view.record_id) + "?path=" + view.record.documents[0]
        who = admin if path == "/users" else client
        right = admin_token if path == "/users" else token
        assert who.post(url, data=form, follow_redirects=False).status_code == 403, path  # no token
        assert who.post(url, data={**form, "csrf_token": "forged"}, follow_redirects=False).status_code == 403, path
        assert who.post(url, data=form, headers={"X-CSRF-Token": token[:-1]}, follow_redirects=False).status_code == 403
        from_elsewhere = who.post(url, data={**form, "csrf_token": right}, headers={"origin": "https://evil.example"},
                                  follow_redirects=False)  # fmt: skip
        assert from_elsewhere.status_code == 403, path
    assert store.revision() == revision
    assert store.record(view.record_id).status == "pending"
    # the right token works, in the form or in the header
    assert client.post(f"/records/{view.record_id}/status", data={"status": "accepted", "csrf_token": token},
                       follow_redirects=False).status_code == 303  # fmt: skip
    assert client.post(f"/records/{view.record_id}/status", data={"status": "rejected"}, headers={"X-CSRF-Token": token},
                       follow_redirects=False).status_code == 303  # fmt: skip
    assert store.record(view.record_id).status == "rejected"


def test_the_login_form_has_its_own_csrf_token(store):
    client = client_for(store)
    refused = client.post("/login", data={"name": "amina", "password": PASSWORD}, follow_redirects=False)
    assert refused.status_code == 403
    page = client.get("/login")
    other = client_for(store)  # a token from another browser (another login cookie) is refused too
    forged = other.post("/login", data={"name": "amina", "password": PASSWORD, "csrf_token": csrf_of(page.text)},
                        follow_redirects=False)  # fmt: skip
    assert forged.status_code == 403
    assert "taqrir_session" not in other.cookies


def test_a_script_in_a_report_is_shown_as_text(store, tmp_path, reviewer):
    client, token = reviewer
    payload = '<script>document.title="pwned"</script><img src=x onerror="alert(1)">'
    text = sample("004").read_text(encoding="utf-8")
    store.save(result_with_text(tmp_path / "010_script.txt", text.replace("\n\n", f"\n{payload}\n\n", 1)), "0.2.0")
    path = str(tmp_path / "010_script.txt")
    [view] = store.find_records(document=path)
    escaped = "&lt;script&gt;document.title=&#34;pwned&#34;&lt;/script&gt;&lt;img src=x onerror=&#34;alert(1)&#34;&gt;"
    shown = view.record.documents.index(path)  # the record is named in 004 too: the pane shows this one
    for url in (f"/records/{view.record_id}?doc={shown}", f"/documents/view?path={path}"):
        page = client.get(url).text
        assert "<script>document" not in page and "<img src=x" not in page
        assert escaped in page
        assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/app.js" defer>']  # the app's, nothing else
    # a value typed by a reviewer is escaped too, in the record page and in the list
    saved = client.post(f"/records/{view.record_id}/fields", data={"csrf_token": token, "sector": payload},
                        follow_redirects=False)  # fmt: skip
    assert saved.status_code == 303
    assert store.record(view.record_id).values["sector"] == payload
    assert escaped in client.get(f"/records/{view.record_id}").text
    assert "<script>document" not in client.get("/records").text


def test_a_reviewer_cannot_manage_users(store, reviewer):
    client, token = reviewer
    assert client.get("/users", headers=HTML).status_code == 403
    attempt = client.post("/users", data={"csrf_token": token, "name": "mallory", "role": "admin",
                                          "password": "a long password"}, follow_redirects=False)  # fmt: skip
    assert attempt.status_code == 403
    assert [name for name, _, _ in store.users()] == ["admin", "amina"]
    assert 'href="/users"' not in client.get("/records").text  # not even offered


def test_an_admin_adds_a_user(store):
    client = client_for(store)
    token = log_in(client, "admin")
    assert 'href="/users"' in client.get("/records").text
    short = client.post("/users", data={"csrf_token": token, "name": "omar", "role": "reviewer", "password": "short"})
    assert short.status_code == 422 and "at least 8 characters" in short.text
    added = client.post("/users", data={"csrf_token": token, "name": "omar", "role": "reviewer",
                                        "password": "omar's long password"}, follow_redirects=False)  # fmt: skip
    assert added.status_code == 303
    assert store.users() == [("admin", "admin", True), ("amina", "reviewer", True), ("omar", "reviewer", True)]
    assert store.check_password("omar", "omar's long password") == ("omar", "reviewer")


def test_security_headers_on_every_answer(store, reviewer):
    client, _ = reviewer
    for response in (client.get("/records"), client.get("/login"), client_for(store).get("/records"),
                     client.get("/static/app.css")):  # fmt: skip
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"] == "same-origin"
    assert "script-src 'self';" in CONTENT_SECURITY_POLICY and "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert client.get("/records").headers["cache-control"] == "no-store"
    for hidden in ("/docs", "/redoc", "/openapi.json"):  # FastAPI's own pages would answer anyone
        assert client.get(hidden).status_code == 404


def test_session_cookie_flags(store):
    client = client_for(store)
    token = csrf_of(client.get("/login").text)
    response = client.post("/login", data={"name": "amina", "password": PASSWORD, "csrf_token": token},
                           follow_redirects=False)  # fmt: skip
    cookie = next(v for k, v in response.headers.multi_items() if k == "set-cookie" and v.startswith("taqrir_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Max-Age=43200" in cookie and "Path=/" in cookie


def test_failed_logins_are_rate_limited(store):
    moment = [1000.0]
    settings = Settings(login_failures_per_user=3, login_failures_per_address=5, login_window=600,
                        clock=lambda: moment[0])  # fmt: skip
    client = client_for(store, settings)

    def attempt(name: str, password: str) -> int:
        token = csrf_of(client.get("/login").text)
        response = client.post("/login", data={"name": name, "password": password, "csrf_token": token},
                               follow_redirects=False)  # fmt: skip
        return response.status_code

    assert [attempt("amina", "wrong guess") for _ in range(3)] == [401, 401, 401]
    assert attempt("amina", PASSWORD) == 429  # blocked: the right password is not even checked
    moment[0] += 601
    assert attempt("amina", PASSWORD) == 303  # the window has passed
    # per address: many names from one address
    client.cookies.clear()
    assert [attempt(f"guess{i}", "wrong guess") for i in range(5)] == [401] * 5
    assert attempt("admin", PASSWORD) == 429


def test_sessions_expire_and_logout_ends_them(store):
    moment = [0.0]
    settings = Settings(session_idle=600, session_lifetime=3600, clock=lambda: moment[0])
    client = client_for(store, settings)
    token = log_in(client)
    for step in range(5):  # active every 9 minutes: the session lives on ...
        moment[0] += 540
        assert client.get("/records", follow_redirects=False).status_code == 200, step
    moment[0] += 601  # ... idle for over 10 minutes: it has ended
    assert client.get("/records", headers=HTML, follow_redirects=False).status_code == 303
    token = log_in(client)
    for _ in range(6):
        moment[0] += 590
    assert client.get("/records", follow_redirects=False).status_code == 401  # 1 hour in all: ended
    token = log_in(client)
    cookie = client.cookies["taqrir_session"]
    assert client.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    replay = client_for(store, settings)
    replay.cookies.set("taqrir_session", cookie)
    assert replay.get("/records", follow_redirects=False).status_code == 401  # a copied cookie is worth nothing


def test_login_goes_back_to_the_page_asked_for_on_this_site_only(store):
    client = client_for(store)
    for asked, landing in (("/records/rec-1?status=pending", "/records/rec-1?status=pending"),
                           ("//evil.example/x", "/overview"), ("https://evil.example", "/overview")):  # fmt: skip
        client.cookies.clear()
        token = csrf_of(client.get("/login").text)
        response = client.post("/login", data={"name": "amina", "password": PASSWORD, "csrf_token": token,
                                               "next": asked}, follow_redirects=False)  # fmt: skip
        assert response.headers["location"] == landing


def test_an_account_made_inactive_is_logged_out_at_once(store, reviewer):
    from sqlalchemy import update

    from pipeline.store.models import UserRow

    client, _ = reviewer
    assert client.get("/records", follow_redirects=False).status_code == 200
    with store.session() as s:  # what disabling an account in the store does
        s.execute(update(UserRow).where(UserRow.name == "amina").values(active=False))
    assert client.get("/records", follow_redirects=False).status_code == 401
    with store.session() as s:
        s.execute(update(UserRow).where(UserRow.name == "amina").values(active=True))
    assert client.get("/records", follow_redirects=False).status_code == 401  # that session has ended for good


def test_the_login_limiter_forgets_old_names():
    from pipeline.web.auth import LoginLimiter

    moment = [0.0]
    limiter = LoginLimiter(per_user=3, per_address=10**9, window=60, clock=lambda: moment[0])
    limiter.MAX_KEYS = 100
    for i in range(150):
        limiter.failed(f"name{i}", "10.0.0.1")
    moment[0] += 61
    limiter.failed("late", "10.0.0.2")
    assert sorted(limiter._failures) == [("address", "10.0.0.2"), ("user", "late")]
