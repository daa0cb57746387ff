"""Fetching before a run: what the sources file lists, into the run's RAW_DIR/<source>/, for `taqrir run`
(without Prefect) and the flow's fetch task alike. Imports no Prefect."""

from __future__ import annotations

from pathlib import Path

from pipeline.store import Store


def fetch_into(sources: str, store: Store, raw_dir: str) -> list[dict]:
    """Fetch what the sources file lists into the run's RAW_DIR/<source>/ (so the run processes it)."""
    from pipeline.sources import SourcesError, fetch_from_file

    root = Path(raw_dir)
    if not root.is_file():
        root.mkdir(parents=True, exist_ok=True)
    try:
        with store.fetch_lock():
            reports = fetch_from_file(sources, store, raw_dir=root if not root.is_file() else None)
    except SourcesError as exc:  # the run goes on with what raw/ holds; the reason is reported
        return [{"source": sources, "error": str(exc), "pages": [], "new": 0, "changed": 0, "unchanged": 0,
                 "known": 0, "failed": 0, "skipped": 0, "outcomes": []}]  # fmt: skip
    return [r.as_dict() for r in reports]
