"""Record identity: which project a record is, whatever report, pipeline version or spelling it comes from.

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
from collections.abc import Iterable

from pipeline.assemble import key as name_key
from pipeline.assemble import same_project  # noqa: F401  (re-exported: identity is its home)
from pipeline.model import ProjectRecord

ID_PREFIX = "rec-"
ID_DIGITS = 16  # 64 bits: no collision to expect below billions of projects


def acronym_key(acronym: str) -> str:
    return "acr:" + "".join(acronym.split()).upper()


def identity_keys(record: ProjectRecord) -> list[str]:
    """Every key the record can be found by, the one its id derives from first."""
    keys: list[str] = []
    if record.acronym and record.acronym.strip():
        keys.append(acronym_key(record.acronym))
    for name in [record.name, *record.aliases]:
        folded = name_key(name)
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


def merge_mentions(records: list[ProjectRecord]) -> ProjectRecord:
    """One record from every document's reading of the same project (the store decided they are the
    same by their keys): lists united, the first value kept for single fields, all evidence kept.

    Uses `merge_records`'s rules by giving the copies one shared acronym, so that it takes them all
    for one project, then puts the first acronym written back."""
    from pipeline.assemble import merge_records

    if not records:
        raise ValueError("no records to merge")
    shared = "\x00same-record\x00"
    acronym = next((r.acronym for r in records if r.acronym), None)
    merged = merge_records([r.model_copy(update={"acronym": shared}) for r in records])
    assert len(merged) == 1
    result = merged[0]
    result.acronym = acronym
    return result
