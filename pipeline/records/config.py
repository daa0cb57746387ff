"""The records stage's configuration (`records.cfg`): which field readers run, in which order, and
the confidence each way of finding a field gives. Read once; another file can be passed by path."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy

DEFAULT_CONFIG = Path(__file__).parent / "records.cfg"


@dataclass(frozen=True)
class RecordsConfig:
    readers: list[str]  # run on every record, in order
    finishers: list[str]  # run on every record once all are read
    default_confidence: float
    names: dict[str, float]  # confidence of a record's name by how its mention was found
    fields: dict[str, float]  # confidence of the fields the assembly itself sets
    settings: dict[str, dict[str, Any]]  # reader name -> its settings

    def reader_settings(self, name: str) -> dict[str, Any]:
        return self.settings.get(name) or {}


@lru_cache(maxsize=4)
def load_records_config(path: str | None = None) -> RecordsConfig:
    """The records configuration in `path` (default: pipeline/records/records.cfg)."""
    config = spacy.util.load_config(path or DEFAULT_CONFIG, interpolate=True)
    records = config["records"]
    return RecordsConfig(
        readers=list(records["readers"]),
        finishers=list(records["finishers"]),
        default_confidence=float(records["default_confidence"]),
        names=dict(config["names"]),
        fields=dict(config["fields"]),
        settings={name: dict(section) for name, section in config["readers"].items()},
    )
