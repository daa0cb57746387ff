"""Helpers of the review app's tests: a store filled with the sample reports, logged-in clients.
(No tests here; the test_web_* modules import these.)"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
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
