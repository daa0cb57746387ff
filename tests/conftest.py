from __future__ import annotations

import os
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
