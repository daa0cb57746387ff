"""Files put in place whole: written beside their place and renamed into it, so a reader (a person's
spreadsheet, the next run, a crash) never sees half a file and an error leaves the old file as it was.
One home for the exports of `processed/`, the overview and the reports fetched into `raw/`.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


@contextmanager
def replaced(path: Path, durable: bool = False) -> Iterator[Path]:
    """A temporary path in `path`'s folder (hidden: a run's discovery skips it), renamed onto `path` when
    the block ends without an error. `durable`: flushed to the disk before the rename (files that are
    the only copy, like a fetched report)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        yield Path(tmp)
        if durable:
            with open(tmp, "rb+") as handle:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Write `path` with `write(temporary_path)`, then put it in place."""
    with replaced(path) as tmp:
        write(tmp)


@contextmanager
def atomic_file(path: Path, encoding: str = "utf-8", newline: str | None = None) -> Iterator[TextIO]:
    """A text file written in a block (as data streams by) and put in place when the block ends."""
    with replaced(path) as tmp, tmp.open("w", encoding=encoding, newline=newline) as handle:
        yield handle


def write_bytes_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    """`data` as the content of `path`, put in place whole (flushed to the disk first by default)."""
    with replaced(path, durable=durable) as tmp:
        tmp.write_bytes(data)
