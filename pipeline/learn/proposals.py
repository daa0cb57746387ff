"""Proposed additions to the organization registry, and the admin's acceptance of them.

Bodies reviewers vouched for (an organization in a role of an accepted record, an ORG entity a reviewer
added or corrected) that the registry does not know become proposals, one per name key, with how often
and where they were seen. An admin accepts one (`taqrir registry accept`): it is written to the
project-local overlay (`extractors.models.overlay_path`), never to the shipped `org_registry.json`;
the registry reads both, and the overlay's content is part of the pipeline version, so the next run
gives the accepted body's name as `canonical` to every mention of it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from extractors import load_pipeline
from extractors.models import learned_dir, overlay_path
from extractors.registry import default_registry, name_key, registered
from pipeline.learn.data import ROLE_FIELDS
from pipeline.store import Store

PROPOSALS_NAME = "registry_proposals.json"


class ProposalError(ValueError):
    """A proposal that does not exist, or a body that is already registered."""


def proposals_path() -> Path:
    return learned_dir() / PROPOSALS_NAME


def find_proposals(store: Store) -> list[dict[str, Any]]:
    """Unregistered bodies reviewers vouched for, the most often seen first."""
    seen: dict[str, dict[str, Any]] = {}

    def note(name: str, document: str | None, how: str) -> None:
        name = " ".join(name.split())
        # one word is a generic mention (الوزارة، الجماعة), not a body's name
        if len(name.split()) < 2 or registered(name)["registry_id"] is not None:
            return
        entry = seen.setdefault(name_key(name), {"name": name, "count": 0, "documents": [], "seen_as": []})
        entry["count"] += 1
        if document and document not in entry["documents"]:
            entry["documents"].append(document)
        if how not in entry["seen_as"]:
            entry["seen_as"].append(how)

    for view in store.records(status="accepted"):
        document = view.record.documents[0] if view.record.documents else None
        for role in ROLE_FIELDS:
            for org in view.values.get(role) or []:
                note(org["name"] if isinstance(org, dict) else org, document, role)
    for path in store.corrected_document_paths():
        for c in store.entity_corrections(path):
            if c["label"] == "ORG" and c["action"] != "remove" and c["text"]:
                note(c["text"], path, "entity correction")
    return sorted(seen.values(), key=lambda p: (-p["count"], p["name"]))


def write_proposals(proposals: list[dict[str, Any]]) -> Path:
    path = proposals_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"proposals": proposals}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def read_proposals() -> list[dict[str, Any]]:
    path = proposals_path()
    if not path.exists():
        return []
    try:
        return list(json.loads(path.read_text(encoding="utf-8"))["proposals"])
    except (OSError, json.JSONDecodeError, KeyError, TypeError) as exc:
        raise ProposalError(f"{path}: cannot read the registry proposals: {exc}") from None


def read_overlay() -> dict[str, Any]:
    path = overlay_path()
    if not path.exists():
        return {"about": "Bodies accepted by an admin from reviewers' proposals (taqrir registry accept).", "bodies": []}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ProposalError(f"{path}: cannot read the registry overlay: {exc}") from None
    if not isinstance(data.get("bodies"), list):
        raise ProposalError(f"{path}: not a registry (no list of bodies)")
    return data


def accept(name: str, canonical: str | None = None, registry_id: str | None = None,
           acronyms: list[str] | None = None) -> dict[str, Any]:  # fmt: skip
    """Add the proposed body `name` to the registry overlay; returns the body written."""
    proposals = read_proposals()
    key = name_key(name)
    proposal = next((p for p in proposals if name_key(p["name"]) == key), None)
    if proposal is None:
        known = "; ".join(p["name"] for p in proposals[:10]) or "none (run taqrir train first)"
        raise ProposalError(f"no registry proposal {name!r}; proposals: {known}")
    if registered(proposal["name"])["registry_id"] is not None:
        raise ProposalError(f"{proposal['name']!r} is already registered as {registered(proposal['name'])['registry_id']}")
    body = {"id": registry_id or "LOCAL-" + hashlib.sha256(key.encode()).hexdigest()[:8].upper(),
            "canonical": canonical or proposal["name"], "names": [proposal["name"]], "acronyms": acronyms or []}  # fmt: skip
    overlay = read_overlay()
    overlay["bodies"].append(body)
    path = overlay_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(overlay, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    write_proposals([p for p in proposals if name_key(p["name"]) != key])
    # the registry and the pipelines built on it read the overlay once: read it again
    default_registry.cache_clear()
    load_pipeline.cache_clear()
    return body
