"""The review web app (`taqrir review`): reviewers correct records in the browser, with the evidence
beside every field. It reads and writes the store only through `pipeline.store`; nothing in the
pipeline imports it."""

from pipeline.web.app import Settings, create_app

__all__ = ["Settings", "create_app"]
