"""Places: where a record's project is carried out.

The places `extractors.places` finds in the record's scope (the gazetteer's, without an ambassador's
country or a place inside an association's name), and the communes territorial organizations name
(`جماعة سيدي بيبي`); leaving out a funder's places and the venue of a dated event the sentence does
not name the project in.
"""

from __future__ import annotations

from extractors.places import places_in, territory_named
from pipeline.records.identity import NEAR_NAME, close, key, unique_names
from pipeline.records.organizations import clean_org
from pipeline.records.readers import RecordDraft, Settings, register_field_reader
from pipeline.records.source import Source, Span


def record_places(source: Source, spans: list[Span], funders: list[Span], mention_spans: list[Span]) -> list[str]:
    """The places named in the spans, as written (one per gazetteer name, its longest writing), and
    the communes territorial organizations name; `funders` are the spans of the record's funders."""
    places: list[tuple[str, str]] = []
    for start, end in spans:
        bodies = [(o.start, o.end) for o in source.entities_in([(start, end)], "ORG", overlap=True)]
        for place in places_in(source.normalized, start, end, bodies):
            if any(f[0] <= place.start and place.end <= f[1] for f in funders):
                continue  # a funder's country or city
            if _event_venue(source, place.start, mention_spans):
                continue
            places.append((place.name, place.text))
        places += _communes(source, start, end, funders, [p for _, p in places])
    result: dict[str, str] = {}
    for name, written in places:
        if name not in result or len(written) > len(result[name]):
            result[name] = written
    return list(result.values())


def _communes(source: Source, start: int, end: int, funders: list[Span], known: list[str]) -> list[tuple[str, str]]:
    """Communes and provinces the gazetteer does not know, named by a territorial organization
    (`جماعة سيدي بيبي`, `إقليم ...`) that does not fund the project."""
    found: list[tuple[str, str]] = []
    for entity in source.entities_in([(start, end)], "ORG"):
        if any(f[0] <= entity.start < f[1] for f in funders):
            continue
        written = territory_named(clean_org(entity)[0])
        if written is None or any(close(written, k, NEAR_NAME) or key(k) in key(written) for k in known):
            continue
        found.append((written, written))
    return found


def _event_venue(source: Source, offset: int, mention_spans: list[Span]) -> bool:
    """A place in a sentence about a dated event (a day is given) that does not name the project."""
    text = source.text
    start = source.sentence_start(offset)
    ends = [i for i in (text.find(".", offset), text.find("\n", offset)) if i >= 0]
    end = min(ends) if ends else len(text)
    if any(s < end and start < e for s, e in mention_spans):
        return False
    for entity in source.entities_in([(start, end)], "DATE", "DATE_RANGE", overlap=True):
        if start <= entity.start < end:
            values = [v for k, v in entity.value.items() if k in ("value", "start", "end") and v]
            if any(len(v) == 10 for v in values):
                return True
    return False


@register_field_reader("places")
def read_places(draft: RecordDraft, settings: Settings) -> None:
    record, scope = draft.record, draft.scope
    places = record_places(draft.source, scope.spans, draft.funder_spans, scope.mention_spans)
    places.extend(p for p in unique_names(draft.row.places) if key(p) not in {key(x) for x in places})
    record.locations = places
    if places:
        draft.confidence["locations"] = settings["single_report"] if scope.single else settings["found"]
