"""Places: where a record's project is carried out.

From the gazetteer (`extractors.places`) and territorial organizations (`جماعة سيدي بيبي`), leaving
out an ambassador's country (`سفيرة الاتحاد الأوربي بالمغرب`), a place inside an association's name,
a funder's country, and the venue of a dated event the sentence does not name the project in.
"""

from __future__ import annotations

import re

from extractors.organizations import read_org_data
from extractors.places import find_places
from pipeline.records.identity import NEAR_NAME, close, key, unique_names
from pipeline.records.lexicon import CLITIC, WORDS, N, Q, alternation
from pipeline.records.organizations import clean_org
from pipeline.records.readers import RecordDraft, Settings, register_field_reader
from pipeline.records.source import Source, Span

ORG_WORDS = read_org_data()
# Organizations that are territories: the words after the head name a place.
# (The ORG extractor's words for territories and the bodies that govern one.)
TERRITORIAL = re.compile(rf"^(?:{alternation([*ORG_WORDS['territorial'], *ORG_WORDS['territorial_bodies']], longest_first=True)})\s+")
# A word after a territorial head that names no place (`جماعة الحضرية`): the extractor's generic words.
GENERIC_PLACE = set(ORG_WORDS["generic_words"])
# A place after these is a person's or institution's attribute (`سفيرة الاتحاد الأوربي بالمغرب`).
TITLE_WORDS = set(WORDS["title_words"])
# Bodies whose name holds a place that is not where they work (`جمعية فاس سايس`).
NON_TERRITORIAL = re.compile(rf"^{CLITIC}(?:{alternation(WORDS['non_territorial_heads'])})")
QUOTED_ASSOCIATION = re.compile(rf"{WORDS['quoted_body']}\s*[{Q}][^{Q}]*$")
TITLE_WINDOW = 50  # characters before a place searched for a title
MAX_COMMUNE_WORDS = 3


def record_places(source: Source, spans: list[Span], funders: list[Span], mention_spans: list[Span]) -> list[str]:
    """The places named in the spans, as written (one per gazetteer name, its longest writing), and
    the communes territorial organizations name; `funders` are the spans of the record's funders."""
    text = source.text
    places: list[tuple[str, str]] = []
    for start, end in spans:
        for place in find_places(text[start:end]):
            p_start, p_end = start + place.start, start + place.end
            before = source.folded(p_start - TITLE_WINDOW, p_start).split()[-4:]
            if any(w.lstrip("وبل") in TITLE_WORDS or w in TITLE_WORDS for w in before):
                continue  # سفيرة الاتحاد الأوربي بالمغرب: a person's or institution's attribute
            inside = [o for o in source.entities_in([(p_start, p_end)], "ORG", overlap=True) if o.start <= p_start and p_end <= o.end]
            if any(NON_TERRITORIAL.match(source.folded(o.start, o.end)) for o in inside):
                continue
            if any(f[0] <= p_start and p_end <= f[1] for f in funders):
                continue
            if _quoted_association(source, p_start) or _event_venue(source, p_start, mention_spans):
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
    (`جماعة سيدي بيبي`, `إقليم ...`): the name after the head word, as written."""
    found: list[tuple[str, str]] = []
    for entity in source.entities_in([(start, end)], "ORG"):
        if any(f[0] <= entity.start < f[1] for f in funders):
            continue
        name = clean_org(entity)[0]
        match = TERRITORIAL.match(N(name))
        words = name.split()[len(match.group().split()) :] if match else []
        if not words or len(words) > MAX_COMMUNE_WORDS or (len(words) == 1 and N(words[0]) in GENERIC_PLACE):
            continue
        written = " ".join(words)
        if any(close(written, k, NEAR_NAME) or key(k) in key(written) for k in known):
            continue
        found.append((written, written))
    return found


def _quoted_association(source: Source, offset: int) -> bool:
    """A place inside the quoted name of an association (`جمعية "أصدقاء فاس"`)."""
    return QUOTED_ASSOCIATION.search(source.folded(offset - 80, offset)) is not None


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
