"""Locks between processes that share a store: one run at a time, one schema upgrade at a time.

PostgreSQL: an advisory lock held by a connection of its own (works across machines). SQLite: an
exclusive `flock` on a file beside the database (one machine, which is all SQLite serves)."""

from __future__ import annotations

import fcntl
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, text


@contextmanager
def store_lock(engine: Engine, name: str, timeout: float = 3600.0) -> Iterator[None]:
    """Hold the lock `name` of the store behind `engine`, waiting at most `timeout` seconds for it."""
    deadline = time.monotonic() + timeout
    if engine.dialect.name == "postgresql":
        key = zlib.crc32(f"taqrir:{name}".encode())
        with engine.connect() as connection:
            while not connection.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar():
                _wait(deadline, name)
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                connection.commit()
        return
    database = engine.url.database
    if not database or database == ":memory:":
        yield  # an in-memory store lives in one process
        return
    with open(f"{database}.{name}-lock", "a+") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                _wait(deadline, name)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _wait(deadline: float, name: str) -> None:
    if time.monotonic() > deadline:
        raise TimeoutError(f"another taqrir process holds the store's {name} lock")
    time.sleep(0.2)
