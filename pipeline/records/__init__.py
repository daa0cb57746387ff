"""The records stage: project records assembled from a document's entities, tables and structure,
with a stable identity across reports, pipeline versions and reviewers' renames.

    from pipeline.records import assemble_projects, merge_records
    records = assemble_projects(document, entities, tables)

`assembly` runs it: `mentions` (where projects are named by a cue word, grouped by project; unquoted
names end as `name_end` says, their placed form an alias), `instruments` (records named by what a loan,
grant, support, agreement or launch is for, what a body carries out or pays for, and announced list
items), `bodies` (mentions that name a body, not a project), `scope` (what text each record
reads), `table_rows` (what the other cells of its row give), then the field readers, registered by
name (`readers`) and run in the order `records.cfg` gives with its confidence values (`config`):
`period`, `amounts`, `roles` (role cues), `parties` (what each party does: gives, receives, signs,
has a share; beneficiaries), `places` (with `place_phrases`), `description`, `sector`, and
`generic_roles` last. They read entities and structure through `source`; `labels` finds labelled blocks,
`organizations` how a record names a body, `lexicon` the words (extractors/data/records.json).
`identity` says which records are one project, merges them, and gives them ids.
"""

# Importing the reader modules registers them by name.
from pipeline.records import amounts, description, parties, period, places, roles, seats, sector  # noqa: F401
from pipeline.records.assembly import assemble_projects
from pipeline.records.identity import merge_records, same_project
from pipeline.records.mentions import Mention, Unit, find_mentions
from pipeline.records.readers import FIELD_READERS, RecordDraft, register_field_reader

__all__ = [
    "FIELD_READERS",
    "Mention",
    "RecordDraft",
    "Unit",
    "assemble_projects",
    "find_mentions",
    "merge_records",
    "register_field_reader",
    "same_project",
]
