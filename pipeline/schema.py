"""The published JSON Schema of taqrir's output, generated from the models themselves."""

from __future__ import annotations

from typing import Any

from pipeline.model import ExtractionResult

SCHEMA_ID = "https://github.com/taqrir/taqrir/docs/schema.json"


def output_schema() -> dict[str, Any]:
    """JSON Schema (2020-12) of one line of `taqrir extract --format jsonl`."""
    schema = ExtractionResult.model_json_schema(mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "title": "taqrir extraction result",
    }
