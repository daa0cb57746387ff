"""Bringing a store's schema up to date with Alembic, on SQLite or PostgreSQL.

Every command that opens the store calls `upgrade`: a new database gets every migration, a database
of taqrir 0.2.0 (tables `files` and `results`, no `alembic_version`) is stamped with revision 0001
first, and a current one is left alone.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from pipeline.store.locks import store_lock

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
RELEASE_0_2_0 = "0001"


def _config(connection) -> Config:  # type: ignore[no-untyped-def]
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    script = ScriptDirectory.from_config(_config(None))
    head = script.get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Upgrade the schema to the newest revision; returns (revision before, revision after)."""
    before = current_revision(engine)
    if before == head_revision():
        return before, before
    with store_lock(engine, "schema"):  # two processes opening a new store at once: one upgrades it
        before = current_revision(engine)
        if before == head_revision():
            return before, before
        return _upgrade(engine, before)


def _upgrade(engine: Engine, before: str | None) -> tuple[str | None, str]:
    with engine.begin() as connection:
        if before is None and "files" in inspect(connection).get_table_names():
            command.stamp(_config(connection), RELEASE_0_2_0)  # a store made by taqrir 0.2.0
            before = RELEASE_0_2_0
        command.upgrade(_config(connection), "head")
    return before, head_revision()
