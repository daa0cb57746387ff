from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
SAMPLES = sorted(RAW.glob("0*_*.txt"))


def sample(prefix: str) -> Path:
    """The sample report whose name starts with `prefix` (e.g. "004")."""
    return next(p for p in SAMPLES if p.name.startswith(prefix))


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory):
    """A temporary Prefect server for flow tests (one per session; starting one takes seconds)."""
    os.environ["PREFECT_HOME"] = str(tmp_path_factory.mktemp("prefect-home"))
    from prefect.testing.utilities import prefect_test_harness

    import flows  # noqa: F401  (offline, quiet Prefect defaults)

    with prefect_test_harness(server_startup_timeout=90):
        yield


# --- database backends -------------------------------------------------------------------------
# `db_url` runs a test once on SQLite and once on PostgreSQL. The PostgreSQL server comes from
# TAQRIR_TEST_POSTGRES_URL (scripts/postgres-test-server.sh start prints one); each test gets a
# database of its own on it, created before and dropped after, so tests can run in parallel
# (pytest -n). Without the variable the PostgreSQL half is skipped, unless TAQRIR_REQUIRE_POSTGRES=1
# (as in CI), where it fails: CI must never skip it silently.

POSTGRES_URL_ENV = "TAQRIR_TEST_POSTGRES_URL"
REQUIRE_POSTGRES_ENV = "TAQRIR_REQUIRE_POSTGRES"
POSTGRES_SKIP_REASON = (
    "PostgreSQL tests skipped: set TAQRIR_TEST_POSTGRES_URL "
    "(bash scripts/postgres-test-server.sh start prints one)"
)


def postgres_required() -> bool:
    return os.environ.get(REQUIRE_POSTGRES_ENV, "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def postgres_server_url() -> str:
    """The URL of the PostgreSQL test server; skips (or fails when required) without one."""
    url = os.environ.get(POSTGRES_URL_ENV, "").strip()
    if url:
        return url
    if postgres_required():
        pytest.fail(
            f"{REQUIRE_POSTGRES_ENV}=1 but {POSTGRES_URL_ENV} is not set: the PostgreSQL tests cannot "
            "run. Start a server with `bash scripts/postgres-test-server.sh start` and export the URL "
            f"it prints as {POSTGRES_URL_ENV}.",
            pytrace=False,
        )
    pytest.skip(POSTGRES_SKIP_REASON)


def _fresh_postgres_database(server_url: str) -> Iterator[str]:
    """A new, empty database on the server of `server_url`; yields its URL, drops it afterwards."""
    from sqlalchemy import create_engine, make_url, text
    from sqlalchemy.exc import SQLAlchemyError
    from sqlalchemy.pool import NullPool

    base = make_url(server_url)
    # CREATE/DROP DATABASE cannot run in a transaction: an AUTOCOMMIT connection to `postgres`.
    # (pytest.fail outside the except blocks: the message alone, not a chained traceback)
    problem = None
    try:
        admin = create_engine(
            base.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=NullPool
        )
    except ImportError as exc:  # no driver
        problem = f"no PostgreSQL driver for {base.drivername} ({exc}): pip install 'psycopg[binary]'"
    if problem:
        pytest.fail(problem, pytrace=False)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"taqrir_t_{worker}_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except SQLAlchemyError as exc:
        admin.dispose()
        shown = base.render_as_string(hide_password=True)
        problem = f"could not create a test database on {shown} ({POSTGRES_URL_ENV}): {exc}"
    if problem:
        pytest.fail(problem, pytrace=False)
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        finally:
            admin.dispose()


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
    ]
)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A SQLAlchemy URL of an empty database of its own for this test: SQLite, then PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'taqrir.db'}"
        return
    yield from _fresh_postgres_database(request.getfixturevalue("postgres_server_url"))


@pytest.fixture(autouse=True)
def learned_dir(tmp_path_factory, monkeypatch) -> Path:
    """Every test reads and writes learned models and registry overlays in a folder of its own: never
    the developer's `extractors/data/learned/`, whose current model would change what tests extract."""
    folder = tmp_path_factory.mktemp("learned")
    monkeypatch.setenv("TAQRIR_LEARNED_DIR", str(folder))
    return folder
