"""A document's entities as reviewers left them: see `pipeline.store.entities` (the training data reads
them too)."""

from pipeline.store.entities import ShownEntity, apply_corrections

__all__ = ["ShownEntity", "apply_corrections"]
