"""Prefect flows over the pipeline. Importing this package sets quiet, offline, project-local
Prefect defaults (each can be overridden by setting the variable before the import)."""

from __future__ import annotations

import os
from pathlib import Path

_DEFAULTS = {
    "PREFECT_HOME": str(Path.cwd() / ".prefect"),
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    "PREFECT_SERVER_LOGGING_LEVEL": "CRITICAL",
    "PREFECT_LOGGING_LEVEL": "INFO",
    "PREFECT_UI_ENABLED": "false",
}
for _key, _value in _DEFAULTS.items():
    os.environ.setdefault(_key, _value)
