"""Helpers of the review app's tests: a store filled with the sample reports, logged-in clients.
(No tests here; the test_web_* modules import these.)"""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pipeline.model import ExtractionResult
from pipeline.process import PIPELINE_VERSION, process_file
from pipeline.store import Store
from pipeline.web import Settings, create_app
from tests.conftest import SAMPLES

PASSWORD = "a long reviewer password"
HTML = {"accept": "text/html"}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def copy_samples(folder: Path) -> list[Path]:
    """The sample reports copied into `folder` (tests change files there, never in raw/)."""
    folder.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy(path, folder / path.name)) for path in SAMPLES]


def filled_store(url: str, results: list[ExtractionResult], version: str = PIPELINE_VERSION) -> Store:
    """A store with `results` and two accounts: amina (reviewer), admin (admin)."""
    store = Store(url)
    store.add_user("amina", "reviewer", PASSWORD)
    store.add_user("admin", "admin", PASSWORD)
    for result in results:
        store.save(result, version)
    return store


@pytest.fixture(scope="session")
def raw(tmp_path_factory) -> list[Path]:
    """The samples copied once per session: tests that change a report copy it again first."""
    return copy_samples(tmp_path_factory.mktemp("web") / "raw")


@pytest.fixture(scope="session")
def sample_results(raw) -> list[ExtractionResult]:
    return [process_file(path) for path in raw]


@pytest.fixture
def store(tmp_path, sample_results) -> Iterator[Store]:
    opened = filled_store(f"sqlite:///{tmp_path / 'taqrir.db'}", sample_results)
    yield opened
    opened.close()


def client_for(store: Store, settings: Settings | None = None) -> TestClient:
    return TestClient(create_app(store, settings), base_url="http://127.0.0.1:8000")


def csrf_of(page: str) -> str:
    match = CSRF.search(page)
    assert match, "no CSRF token in the page"
    return match.group(1)


def log_in(client: TestClient, name: str = "amina", password: str = PASSWORD) -> str:
    """Log `client` in; returns the session's CSRF token."""
    token = csrf_of(client.get("/login").text)
    response = client.post("/login", data={"name": name, "password": password, "csrf_token": token, "next": "/records"},
                           follow_redirects=False)  # fmt: skip
    assert response.status_code == 303, response.text
    return csrf_of(client.get("/records").text)


@pytest.fixture
def reviewer(store) -> tuple[TestClient, str]:
    client = client_for(store)
    return client, log_in(client)


def record_of(store: Store, file_prefix: str):  # type: ignore[no-untyped-def]
    """The one record of the sample whose file name starts with `file_prefix`."""
    [path] = [p for p in store.document_paths() if Path(p).name.startswith(file_prefix)]
    [view] = store.find_records(document=path)
    return view


def result_with_text(path: Path, text: str) -> ExtractionResult:
    path.write_text(text, encoding="utf-8")
    return process_file(path)


class _FormReader(HTMLParser):
    """The fields of one form of a page, as a browser would send them (inputs, textareas, selects)."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.values = form_id, False, {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside:
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button"):
            self.values[a["name"]] = a.get("value") or ""
        elif tag == "textarea":
            self._textarea = a.get("name")
            self.values[self._textarea] = ""
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and ("selected" in a or self._select not in self.values):
            self.values[self._select] = a.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self.inside and self._textarea:
            # a browser drops the newline right after <textarea>; there is none in these pages
            self.values[self._textarea] += data


def form_values(page: str, form_id: str) -> dict[str, str]:
    reader = _FormReader(form_id)
    reader.feed(page)
    assert reader.values, f"no form {form_id!r} in the page"
    return reader.values


SEGMENT = re.compile(r'<(mark|span) class="([^"]*)" data-start="(\d+)" data-end="(\d+)"[^>]*>([^<]*)</\1>'
                     r'|<(span) data-start="(\d+)" data-end="(\d+)">([^<]*)</span>')  # fmt: skip


def shown_segments(page: str) -> list[tuple[str, int, int, str]]:
    """(classes, start, end, text) of every piece of the document text shown in a page."""
    found = []
    for m in SEGMENT.finditer(page):
        if m.group(1):
            found.append((m.group(2), int(m.group(3)), int(m.group(4)), html.unescape(m.group(5))))
        else:
            found.append(("", int(m.group(7)), int(m.group(8)), html.unescape(m.group(9))))
    return found


def record_ids(page: str) -> list[str]:
    return re.findall(r'<tr data-record="(rec-[0-9a-f]+)"', page)
