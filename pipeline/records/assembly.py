"""Assembly: a document's mentions grouped into records, each filled by the configured field readers.

1. Mentions (`mentions.py`) of the same project are one record; a report about one project (named in
   its title, no other project named) is that project's scope as a whole.
2. Each record gets its scope (`scope.py`) and what the cells of its table row give (`table_rows.py`),
   then the readers of `records.cfg` fill its fields in order.
3. A project named as the frame of another (`في إطار X`، `التابع لـ X`) gathers its sub-projects'
   places; a sub-project (`وبموجبه تم تمويل مشروع ...`) inherits its parent's funders.
4. The finishers of `records.cfg` run on every record (generic acting bodies as a last resort).
"""

from __future__ import annotations

from pipeline.model import Document, Entity, ProjectRecord, Table
from pipeline.normalize import NormalizedText
from pipeline.records.bodies import project_mentions
from pipeline.records.config import RecordsConfig, load_records_config
from pipeline.records.identity import key, unique_names
from pipeline.records.instruments import object_mentions
from pipeline.records.mentions import Group, Mention, find_mentions, group_mentions, table_mentions
from pipeline.records.readers import RecordDraft, field_reader
from pipeline.records.scope import MentionsByUnit, ProjectNames, RecordScope, record_scope
from pipeline.records.source import Source
from pipeline.records.table_rows import row_fields


def _single_project(source: Source, groups: list[Group]) -> bool:
    """Whether the report is about one project: the only one named, in its title."""
    blocks = source.document.blocks
    title = next((i for i, b in enumerate(blocks) if source.text[b.start : b.end].strip()), None)
    return len(groups) == 1 and groups[0].main.unit.row is None and groups[0].main.unit.block == title


def _new_record(source: Source, group: Group, scope: RecordScope, config: RecordsConfig) -> tuple[ProjectRecord, dict[str, float]]:
    """A record named as its mentions name it: name, acronym, aliases, evidence."""
    main = group.main
    record = ProjectRecord(name=main.name, evidence=source.evidence(main.start, main.end),
                           confidence=config.default_confidence, documents=[source.document.path])  # fmt: skip
    confidence = {"name": config.names[main.how]}
    record.acronym = next((m.acronym for m in group.mentions if m.acronym), None)
    if record.acronym:
        confidence["acronym"] = config.fields["acronym"]
    record.aliases = unique_names([n for n in group.names if key(n) != key(record.name)])
    record.evidences = [source.evidence(*s) for s in scope.segments]
    return record, confidence


def _read(draft: RecordDraft, config: RecordsConfig) -> None:
    """Run the configured readers, then keep the confidence of the fields that were found."""
    for name in config.readers:
        field_reader(name)(draft, config.reader_settings(name))
    record = draft.record
    conf = {k: v for k, v in draft.confidence.items() if getattr(record, k, None) not in (None, [], "")}
    record.field_confidence = {k: round(v, 2) for k, v in conf.items()}
    record.confidence = round(sum(conf.values()) / len(conf), 2) if conf else config.default_confidence


def _inherit(drafts: list[RecordDraft], by_unit: MentionsByUnit, config: RecordsConfig) -> None:
    """Within a unit, a framework gathers the places of what is named after it, and a sub-project
    (`وبموجبه تم تمويل مشروع ...`) without funders takes its parent's; the items of an announced list
    take the places of the record named above them."""
    of_mention = {id(m): d.record for d in drafts for m in d.scope.group.mentions}
    for unit_mentions in by_unit.values():
        own = [m for m in unit_mentions if m.alias_of is None]
        for parent, child in zip(own, own[1:], strict=False):
            if not (child.child or parent.framework) or id(parent) not in of_mention or id(child) not in of_mention:
                continue
            parent_record, child_record = of_mention[id(parent)], of_mention[id(child)]
            if parent_record is child_record:
                continue
            if child.child and not child_record.funders and parent_record.funders:
                child_record.funders = list(parent_record.funders)
                child_record.field_confidence["funders"] = config.fields["inherited_funders"]
            parent_record.locations = unique_names([*parent_record.locations, *child_record.locations])
    # the items of an announced list are where the record named above them is (`برنامج التأهيل الحضري
    # لمدينة X ... يضم المشاريع التالية:`)
    for draft in drafts:
        announcer = draft.scope.group.main.parent
        if announcer is not None and id(announcer) in of_mention and of_mention[id(announcer)] is not draft.record:
            draft.record.locations = unique_names([*draft.record.locations, *of_mention[id(announcer)].locations])


def assemble_projects(document: Document, entities: list[Entity], tables: list[Table] | None = None,
                      config: RecordsConfig | None = None, normalized: NormalizedText | None = None,
                      ) -> list[ProjectRecord]:  # fmt: skip
    """Project records named in the document's paragraphs, list items, headings and table cells
    (`normalized`: the document's text as extraction normalized it, so it is not normalized again)."""
    if not document.text:
        return []
    config = config or load_records_config()
    source = Source(document, entities, tables or [], normalized)
    found = project_mentions(source, find_mentions(document, source.normalized))
    found += object_mentions(source, found)
    mentions: list[Mention] = sorted([*found, *table_mentions(source, found)], key=lambda m: m.start)
    groups = group_mentions(mentions)
    single = _single_project(source, groups)
    by_unit: MentionsByUnit = {}
    for m in mentions:
        by_unit.setdefault(m.unit.where, []).append(m)
    mention_blocks = {m.unit.block for m in mentions}
    names = ProjectNames(mentions)
    drafts: list[RecordDraft] = []
    for group in groups:
        scope = record_scope(source, group, by_unit, mention_blocks, single, names)
        row = row_fields(source, group, by_unit)
        record, confidence = _new_record(source, group, scope, config)
        draft = RecordDraft(source=source, scope=scope, row=row, record=record, confidence=confidence)
        _read(draft, config)
        drafts.append(draft)
    _inherit(drafts, by_unit, config)
    for name in config.finishers:
        reader = field_reader(name)
        for draft in drafts:
            reader(draft, config.reader_settings(name))
    return [d.record for d in drafts]
