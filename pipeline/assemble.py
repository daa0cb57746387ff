"""Backwards compatibility: record assembly now lives in the `pipeline.records` package."""

from pipeline.records import assemble_projects, find_mentions, merge_records
from pipeline.records.identity import close, key, same_project, similar
from pipeline.records.identity import unique_names as _unique
from pipeline.records.mentions import Mention, Unit

__all__ = ["Mention", "Unit", "_unique", "assemble_projects", "close", "find_mentions", "key", "merge_records",
           "same_project", "similar"]  # fmt: skip
