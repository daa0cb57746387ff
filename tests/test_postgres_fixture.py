"""The `db_url` fixture (tests/conftest.py): SQLite and a real PostgreSQL, a fresh database per test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, Text, create_engine, inspect, make_url, select, text

NAME = "مشروع دعم التعاون اللامركزي"
CONFTEST = Path(__file__).with_name("conftest.py")


def test_arabic_text_round_trips(db_url):
    engine = create_engine(db_url)
    try:
        assert inspect(engine).get_table_names() == []  # a fresh, empty database
        metadata = MetaData()
        projects = Table("projects", metadata, Column("id", Integer, primary_key=True), Column("name", Text))
        metadata.create_all(engine)
        with engine.begin() as conn:
            conn.execute(projects.insert(), [{"id": 1, "name": NAME}])
        with engine.connect() as conn:
            got = conn.execute(select(projects.c.name).where(projects.c.id == 1)).scalar_one()
            assert type(got) is str
            assert got == NAME
            # The comparison happens in the database too, not only in Python.
            assert conn.execute(select(projects.c.id).where(projects.c.name == NAME)).scalar_one() == 1
    finally:
        engine.dispose()


def _pytest(tmp_path: Path, env_changes: dict[str, str | None], *args: str) -> subprocess.CompletedProcess:
    """Run a pytest session in `tmp_path` with our conftest and `env_changes` (None unsets)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "TAQRIR_"))}
    env.update({k: v for k, v in env_changes.items() if v is not None})
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rs", *args],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )


def _inner_session(tmp_path: Path) -> None:
    (tmp_path / "pytest.ini").write_text("[pytest]\nmarkers =\n    postgres: needs a PostgreSQL server\n")
    (tmp_path / "conftest.py").write_text(CONFTEST.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "test_inner.py").write_text(
        "import os\n"
        "from sqlalchemy import create_engine, text\n\n"
        "def _record(db_url):\n"
        "    if db_url.startswith('sqlite'):\n"
        "        return\n"
        "    engine = create_engine(db_url)\n"
        "    with engine.connect() as conn:\n"
        "        name = conn.execute(text('select current_database()')).scalar_one()\n"
        "        tables = conn.execute(text(\"select count(*) from pg_tables where schemaname = 'public'\")).scalar_one()\n"
        "    engine.dispose()\n"
        "    assert tables == 0\n"
        "    with open(os.environ['SEEN'], 'a') as f:\n"
        "        f.write(name + '\\n')\n\n"
        "def test_one(db_url):\n"
        "    _record(db_url)\n\n"
        "def test_two(db_url):\n"
        "    _record(db_url)\n",
    )


@pytest.mark.postgres
def test_two_tests_get_distinct_postgres_databases(postgres_server_url, tmp_path):
    """Two tests run in parallel (-n 2) each get their own database, dropped afterwards."""
    _inner_session(tmp_path)
    seen = tmp_path / "seen.txt"
    run = _pytest(
        tmp_path, {"TAQRIR_TEST_POSTGRES_URL": postgres_server_url, "SEEN": str(seen)},
        "-n", "2", "-k", "postgresql", "test_inner.py",
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 passed" in run.stdout
    names = seen.read_text().split()
    assert len(names) == 2 and len(set(names)) == 2, names
    assert make_url(postgres_server_url).database not in names
    engine = create_engine(postgres_server_url)
    try:
        with engine.connect() as conn:
            left = conn.execute(
                text("select datname from pg_database where datname = any(:names)"), {"names": names}
            ).scalars().all()
    finally:
        engine.dispose()
    assert left == []  # both dropped


def test_without_a_server_url_postgres_tests_skip(tmp_path):
    _inner_session(tmp_path)
    run = _pytest(tmp_path, {"SEEN": str(tmp_path / "seen.txt")}, "test_inner.py")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 passed, 2 skipped" in run.stdout
    assert "PostgreSQL tests skipped: set TAQRIR_TEST_POSTGRES_URL" in run.stdout


def test_without_a_server_url_postgres_tests_fail_when_required(tmp_path):
    _inner_session(tmp_path)
    run = _pytest(tmp_path, {"SEEN": str(tmp_path / "seen.txt"), "TAQRIR_REQUIRE_POSTGRES": "1"}, "test_inner.py")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "2 passed, 2 errors" in run.stdout
    assert "TAQRIR_REQUIRE_POSTGRES=1 but TAQRIR_TEST_POSTGRES_URL is not set" in run.stdout
