"""Versions of the statistical models that reviewers' corrections trained, kept as folders with a manifest.

    <learned dir>/models/manifest.json     {"current": "v0002", "models": [{"version", "created_at", ...}]}
    <learned dir>/models/v0001/            a directory `spacy.load()` reads
    <learned dir>/registry_overlay.json    bodies an admin accepted (read by `extractors.registry`)

The learned dir is `$TAQRIR_LEARNED_DIR`, else `extractors/data/learned/` (git-ignored: it holds what one
deployment's reviewers taught, not the project's shipped data). No database table: a model is a folder,
and a result records which model produced it through the pipeline version (`model_tag`).
Earlier versions are never deleted; `use()` makes any of them current.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

LEARNED_DIR_VARIABLE = "TAQRIR_LEARNED_DIR"
DEFAULT_LEARNED_DIR = Path(__file__).parent / "data" / "learned"
OVERLAY_NAME = "registry_overlay.json"


def learned_dir() -> Path:
    return Path(os.environ.get(LEARNED_DIR_VARIABLE) or DEFAULT_LEARNED_DIR)


def overlay_path() -> Path:
    """The project-local registry overlay: bodies accepted by an admin, beside the shipped registry."""
    return learned_dir() / OVERLAY_NAME


class ModelError(ValueError):
    """A model version that does not exist, or a manifest that cannot be read."""


@dataclass
class ModelVersions:
    """The model versions under one folder (default: `<learned dir>/models`)."""

    root: Path

    @classmethod
    def default(cls) -> ModelVersions:
        return cls(learned_dir() / "models")

    @property
    def manifest_path(self) -> Path:
        return self.root / "manifest.json"

    def manifest(self) -> dict[str, Any]:
        if not self.manifest_path.exists():
            return {"current": None, "models": []}
        try:
            data = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ModelError(f"{self.manifest_path}: cannot read the model manifest: {exc}") from None
        if not isinstance(data, dict) or not isinstance(data.get("models"), list):
            raise ModelError(f"{self.manifest_path}: not a model manifest (no list of models)")
        return data

    def _write(self, manifest: dict[str, Any]) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        temporary = self.manifest_path.with_suffix(".tmp")
        temporary.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        temporary.replace(self.manifest_path)  # a reader never sees half a manifest

    def list(self) -> list[dict[str, Any]]:
        return list(self.manifest()["models"])

    def current(self) -> str | None:
        return self.manifest().get("current")

    def path(self, version: str) -> Path:
        if not any(m["version"] == version for m in self.list()):
            known = ", ".join(m["version"] for m in self.list()) or "none"
            raise ModelError(f"no model version {version!r} in {self.root} (versions: {known})")
        return self.root / version

    def current_path(self) -> Path | None:
        version = self.current()
        return self.root / version if version else None

    def next_version(self) -> str:
        numbers = [int(m["version"][1:]) for m in self.list() if m["version"][1:].isdigit()]
        return f"v{max(numbers, default=0) + 1:04d}"

    def add(self, model_dir: Path, info: dict[str, Any], make_current: bool) -> str:
        """Keep the trained model in `model_dir` as the next version (moved there); returns the version."""
        manifest = self.manifest()
        version = self.next_version()
        self.root.mkdir(parents=True, exist_ok=True)
        shutil.move(str(model_dir), str(self.root / version))
        manifest["models"].append({"version": version, "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                                   **info})  # fmt: skip
        if make_current:
            manifest["current"] = version
        self._write(manifest)
        return version

    def use(self, version: str | None) -> None:
        """Make `version` the model the next run uses (None: no learned model, the rules alone)."""
        if version is not None:
            self.path(version)
        manifest = self.manifest()
        manifest["current"] = version
        self._write(manifest)


def model_tag() -> str:
    """What the pipeline version adds for the learned data in use: the current model version and the
    registry overlay's content, so that a new model or newly accepted bodies reprocess documents."""
    parts = []
    try:
        current = ModelVersions.default().current()
    except ModelError:
        current = None
    if current:
        parts.append(f"ner.{current}")
    overlay = overlay_path()
    if overlay.exists():
        parts.append("reg." + hashlib.sha256(overlay.read_bytes()).hexdigest()[:8])
    return "+".join(parts)
