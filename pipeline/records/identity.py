"""Record identity: which project a record is, whatever report, pipeline version or spelling it comes from.

Names are compared folded (`key`: normalized, no punctuation or quotes) and, when they differ, by
their similarity (`close`). Two records are one project when they share an acronym or a name close
enough (`same_project`); `merge_records` makes one record of them.

A record is known by its identity keys: its acronym (`acr:PRIM`, what reports agree on best) and its
names folded for comparison (`name:...`, the name and every alias). Its id is derived from its first
key, the acronym when there is one, else the name, never from a position in a file, so the same project
gets the same id from any report and any version of the pipeline.

The store keeps a table from every key ever seen to the id it resolved to. A record found again under
a changed name keeps its id as long as one key is shared (the acronym, an alias, a reviewer's rename),
and merging two records is adding the keys of one to the other.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import lru_cache

from extractors.base import QUOTES
from pipeline.model import Organization, ProjectRecord
from pipeline.normalize import normalize_str

# How close two folded names must be (difflib ratio) to be taken as the same ...
SAME_PROJECT = 0.9  # ... project
SAME_ITEM = 0.92  # ... organization or place of a list (الأوروبي / الأوربي)
NEAR_NAME = 0.85  # ... name for looser comparisons (a heading's description, a place already found)

ID_PREFIX = "rec-"
ID_DIGITS = 16  # 64 bits: no collision to expect below billions of projects

_PUNCTUATION = re.compile(rf"[{re.escape(QUOTES)}()\[\]،,.:;؛\-–_/]")


@lru_cache(maxsize=65536)
def key(name: str) -> str:
    """A name folded for comparison: normalized, lower case, no punctuation or quotes."""
    text = _PUNCTUATION.sub(" ", normalize_str(name).lower())
    return " ".join(text.split())


name_key = key


def similar(a: str, b: str) -> float:
    a, b = key(a), key(b)
    if not a or not b:
        return 0.0
    return 1.0 if a == b else SequenceMatcher(None, a, b).ratio()


def close(a: str, b: str, threshold: float) -> bool:
    """similar(a, b) >= threshold, with the cheap bounds first (long reports compare many names)."""
    a, b = key(a), key(b)
    if not a or not b:
        return False
    if a == b:
        return True
    if 2 * min(len(a), len(b)) / (len(a) + len(b)) < threshold:
        return False  # the ratio cannot reach the threshold with such different lengths
    # SequenceMatcher.quick_ratio, from character counts computed once per name
    if 2 * sum((_letters(a) & _letters(b)).values()) / (len(a) + len(b)) < threshold:
        return False
    return SequenceMatcher(None, a, b).ratio() >= threshold


@lru_cache(maxsize=65536)
def _letters(text: str) -> Counter[str]:
    return Counter(text)


def unique_names(items: Iterable[str]) -> list[str]:
    """Items in order, each once: the same after folding, or spelled almost the same (الأوروبي / الأوربي)."""
    kept: list[str] = []
    for item in items:
        item = " ".join(item.split())
        if item and not any(close(item, other, SAME_ITEM) for other in kept):
            kept.append(item)
    return kept


def unique_organizations(items: Iterable[Organization]) -> list[Organization]:
    """Organizations in order, each once (by name, as `unique_names`; a registered one wins over the
    same body unregistered)."""
    kept: list[Organization] = []
    for item in items:
        name = " ".join(item.name.split())
        same = next((k for k, other in enumerate(kept) if close(name, other.name, SAME_ITEM)), None)
        if same is None and name:
            kept.append(item.model_copy(update={"name": name}))
        elif same is not None and kept[same].registry_id is None and item.registry_id is not None:
            kept[same] = kept[same].model_copy(update={"canonical": item.canonical, "registry_id": item.registry_id})
    return kept


# Across documents --------------------------------------------------------------------------------------


def same_project(a: ProjectRecord, b: ProjectRecord) -> bool:
    if a.acronym and b.acronym:
        return a.acronym.upper() == b.acronym.upper()
    names_a, names_b = [a.name, *a.aliases], [b.name, *b.aliases]
    return any(close(x, y, SAME_PROJECT) for x in names_a for y in names_b)


def merge_records(records: list[ProjectRecord]) -> list[ProjectRecord]:
    """One record per project named in several documents (same acronym or normalized name): lists
    united, the first value kept for single fields, every piece of evidence kept."""
    merged: list[ProjectRecord] = []
    for record in records:
        target = next((m for m in merged if same_project(m, record)), None)
        if target is None:
            merged.append(record.model_copy(deep=True))
        else:
            merge_into(target, record)
    return merged


def merge_into(target: ProjectRecord, record: ProjectRecord) -> None:
    """Add what `record` says of a project to `target`, the same project read elsewhere."""
    target.acronym = target.acronym or record.acronym
    renamed = [record.name] if key(record.name) != key(target.name) else []
    target.aliases = unique_names([*target.aliases, *renamed, *record.aliases])
    for name in ("start", "end", "date_status", "sector", "description"):
        if getattr(target, name) is None:
            setattr(target, name, getattr(record, name))
    for name in ("funders", "implementers", "partners"):
        setattr(target, name, unique_organizations([*getattr(target, name), *getattr(record, name)]))
    target.locations = unique_names([*target.locations, *record.locations])
    taken = {key(o.name) for o in target.funders + target.implementers}
    target.partners = [p for p in target.partners if key(p.name) not in taken]
    target.amounts += [a for a in record.amounts if a not in target.amounts]
    target.evidences += record.evidences
    target.documents = unique_names([*target.documents, *record.documents])
    target.flags = unique_names([*target.flags, *record.flags])
    for name, value in record.field_confidence.items():
        target.field_confidence[name] = max(value, target.field_confidence.get(name, 0.0))
    target.confidence = max(target.confidence, record.confidence)


def merge_mentions(records: list[ProjectRecord]) -> ProjectRecord:
    """One record from every document's reading of the same project (the store decided they are the
    same by their keys), in the order given."""
    if not records:
        raise ValueError("no records to merge")
    merged = records[0].model_copy(deep=True)
    for record in records[1:]:
        merge_into(merged, record)
    return merged


# Identity keys and ids ------------------------------------------------------------------------------


def acronym_key(acronym: str) -> str:
    return "acr:" + "".join(acronym.split()).upper()


def identity_keys(record: ProjectRecord) -> list[str]:
    """Every key the record can be found by, the one its id derives from first."""
    keys: list[str] = []
    if record.acronym and record.acronym.strip():
        keys.append(acronym_key(record.acronym))
    for name in [record.name, *record.aliases]:
        folded = key(name)
        if folded and "name:" + folded not in keys:
            keys.append("name:" + folded)
    return keys


def id_for_key(identity_key: str) -> str:
    digest = hashlib.sha256(identity_key.encode("utf-8")).hexdigest()
    return ID_PREFIX + digest[:ID_DIGITS]


def derive_record_id(record: ProjectRecord) -> str:
    keys = identity_keys(record)
    return id_for_key(keys[0] if keys else "name:")


def assign_record_ids(records: Iterable[ProjectRecord]) -> None:
    """Give every record without one the id derived from its keys."""
    for record in records:
        if record.record_id is None:
            record.record_id = derive_record_id(record)
