"""Batches: which files of a folder to process, and the summary of a run.

Files are matched by content: a file whose bytes (sha256) were already processed by this
pipeline version is skipped, wherever it lies, so a second run over unchanged files does no
extraction work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.load import file_sha256
from pipeline.model import ExtractionResult
from pipeline.store import Store

IGNORED_NAMES = {"README.md", "README", ".gitignore", ".gitkeep", "Thumbs.db", ".DS_Store"}


def discover(raw_dir: str | Path) -> list[Path]:
    """Every report candidate under `raw_dir` (recursively), hidden files and READMEs left out.

    Files of unknown formats are included on purpose: they come back as errors with a reason.
    """
    root = Path(raw_dir)
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise FileNotFoundError(f"no such folder: {root}")
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and p.name not in IGNORED_NAMES and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )


@dataclass
class Plan:
    todo: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    held: list[Path] = field(default_factory=list)  # failed too often on this content: skipped until it changes
    new: int = 0  # of `todo`, files never seen
    changed: int = 0  # of `todo`, files whose content changed (or a new pipeline version)


def plan(paths: list[Path], store: Store, pipeline_version: str, force: bool = False) -> Plan:
    """Split `paths` into files to process, files whose content was already read by this version, and
    files held after failing on their current content too often."""
    result = Plan()
    known = store.known_results(pipeline_version)
    held = store.held_files()
    seen = {state.path for state in store.file_states()}
    for path in paths:
        try:
            sha = file_sha256(path)
        except OSError:
            result.todo.append(path)  # unreadable: processing reports the reason
            continue
        if not force and sha in known:
            result.unchanged.append(path)
        elif not force and str(path) in held and held[str(path)][0] == sha:
            result.held.append(path)
        else:
            result.todo.append(path)
            if str(path) in seen:
                result.changed += 1
            else:
                result.new += 1
    return result


@dataclass
class FileOutcome:
    path: str
    status: str
    error: str | None = None
    entities: int = 0
    projects: int = 0


@dataclass
class RunSummary:
    done: list[FileOutcome] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[FileOutcome] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    fetched: list[dict] = field(default_factory=list)  # per source, what was fetched first (SourceReport.as_dict)

    def as_dict(self) -> dict:
        return {
            "done": [o.__dict__ for o in self.done],
            "skipped": self.skipped,
            "failed": [o.__dict__ for o in self.failed],
            "held": self.held,
            "outputs": self.outputs,
            "fetched": self.fetched,
        }


def batches(paths: list[Path], size: int) -> list[list[Path]]:
    """`paths` cut into batches of `size` (the last one shorter)."""
    return [paths[i : i + size] for i in range(0, len(paths), max(1, size))]


def process_batch(paths: list[str]) -> list[ExtractionResult]:
    """Extract every file of a batch. `process_file` never raises for a file's content: a file a
    reader refuses or a stage fails on is an error result with the reason, and the batch goes on."""
    from pipeline.process import process_file

    return [process_file(path) for path in paths]


def warm_up() -> None:
    """Load the extraction pipeline once, in a worker process, before its first batch."""
    from extractors import load_pipeline

    load_pipeline()
