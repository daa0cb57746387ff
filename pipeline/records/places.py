"""Places: where a record's project is carried out.

The places `extractors.places` finds in the record's scope (the gazetteer's, without an ambassador's
country or a place inside an association's name), and the communes territorial organizations name
(`جماعة سيدي بيبي`); leaving out the places inside the name of a body that funds or implements the
record (`مجلس جهة X`، `جماعة Y`; `بجماعة Y` is a place phrase and stays), a country that is one of
its parties (a borrower, a signatory), a foreign country a party is written with (`بلدية
مونتروي بفرنسا`: its seat, `seats.py`), the venue of a dated event the sentence does not name the
project in, a place right after a day's date (`يوم 28 يونيو 2023 بالرباط`: where it was signed) or
right before one (`في عمّان يوم 14 أيلول 2022`), and a dateline (`الرباط (ومع) -`). A territorial council
that funds, implements or partners the record works in its territory (`مجلس جهة X` -> `جهة X`,
`المجلس الإقليمي لY` -> `Y`) when the text names no other place; so does an elected council whose
president launches or inaugurates (`أعطى رئيس مجلس جهة X انطلاقة ...`); a twinning's places are its
towns, named without their nationality adjective (`مدينة سيت الفرنسية` -> `سيت`).
"""

from __future__ import annotations

import re

from extractors.base import alternation
from extractors.places import places_in, territory_named
from pipeline.records.identity import NEAR_NAME, close, key, unique_names
from pipeline.records.instruments import INSTRUMENT_AT
from pipeline.records.lexicon import ITEM_HEAD_RE, LETTER, STOP_WORDS, WORDS, N
from pipeline.records.name_end import COUNTRIES
from pipeline.records.organizations import clean_org, names_of
from pipeline.records.place_phrases import place_phrases
from pipeline.records.readers import RecordDraft, Settings, register_field_reader
from pipeline.records.seats import is_seat, without_nationality, without_seat
from pipeline.records.source import Source, Span

PLACE_WORDS = {key(w) for w in [*WORDS["phrase_place_words"]["single"], *WORDS["place_phrase_words"]]}
PLACE_PHRASE_BEFORE = re.compile(r"(?:^|[\s،,])ب$")
TWINNING = re.compile(rf"(?<!{LETTER})[وبل]?(?:{alternation(WORDS['twinning_words'])})(?!{LETTER})")
COMMUNE_HEAD = re.compile(rf"(?:{alternation(WORDS['commune_heads'])})(?!{LETTER})")
VENUE_GAP = 3  # characters between a day's date and the place it happened at (`، بالرباط`)
# council form -> the place word its territory keeps, longest form first (`المجلس الجماعي لمدينة` before `المجلس الجماعي ل`)
COUNCIL_FORMS = sorted(WORDS["council_forms"].items(), key=lambda item: -len(item[0]))
MAX_TERRITORY_WORDS = 4
# `أعطى رئيس مجلس جهة X انطلاقة ...`، `دشن رئيس المجلس الجماعي لY ...`: an elected council's president acts
PLACE_ADJECTIVE = re.compile(rf"[ \t]+(?:{alternation([w for w in WORDS['place_adjectives']])})(?!{LETTER})")
PRESIDED_ENDS = {key(w) for w in [*WORDS["launch_words"], *WORDS["dated_acts"], *WORDS["launch_cues"], WORDS["day_word"], *STOP_WORDS]}
PRESIDING = re.compile(rf"(?<!{LETTER})[وف]?(?:{alternation(WORDS['presiding_acts'])})\s+(?:{alternation(WORDS['council_presidents'])})\s+")


def record_places(source: Source, spans: list[Span], funders: list[Span], mention_spans: list[Span],
                  parties: set[str] | None = None) -> list[str]:  # fmt: skip
    """The places named in the spans, as written (one per gazetteer name, its longest writing), and
    the communes territorial organizations name; `funders` are the spans of the bodies whose places
    are theirs (the record's funders and implementers), `parties` the keys of the record's parties."""
    parties = parties or set()
    places: list[tuple[str, str]] = []
    for start, end in spans:
        bodies = [(o.start, o.end) for o in source.entities_in([(start, end)], "ORG", overlap=True)]
        for place in places_in(source.normalized, start, end, bodies):
            if any(f[0] <= place.start and place.end <= f[1] for f in funders):
                continue  # a funder's country or city
            if _event_venue(source, place.start, mention_spans) or _after_a_day(source, place.start):
                continue
            if _dateline(source, place.start, place.end) or _before_a_day(source, place.end):
                continue
            if _signing_venue(source, place.start, place.end):
                continue
            if place.kind == "country" and key(place.text) in parties:
                continue  # `وقع المغرب والبنك الدولي ...`: a party, not where the project is
            if is_seat(source, place):
                continue  # `بلدية مونتروي بفرنسا`: where a party is
            written = place.text
            if PLACE_ADJECTIVE.match(source.folded(place.end, place.end + 16)):  # `أكادير الكبرى`: the place written whole
                written += " " + source.text[place.end :].split(maxsplit=1)[0].strip(" ،,.:؛()")
            places.append((place.name, written))
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


def council_territory(name: str) -> str | None:
    """The territory a territorial council or body names, as written: `مجلس جهة سوس ماسة` -> `جهة سوس
    ماسة`، `المجلس الإقليمي لشيشاوة` -> `شيشاوة`، `بلدية ليل` -> `ليل`; None for any other body."""
    words, folded = name.split(), key(name)
    for form, place_word in COUNCIL_FORMS:
        glued = form.endswith(" ل")  # `المجلس الإقليمي لشيشاوة`: the territory is written glued to ل
        head = form[:-1] if glued else form + " "
        if not folded.startswith(head) or (glued and not folded[len(head) :].startswith("ل")):
            continue
        skip = len(head.split()) - (1 if place_word else 0)
        rest = words[skip:]
        if glued and rest:
            first = rest[0][1:]
            rest = [("ا" + first if first.startswith("ل") else first), *rest[1:]]  # `للحوز` -> `الحوز`
        # `جماعة شفشاون ونظيرتها بلدية ...`: the territory ends before a second body
        cut = next((i for i, w in enumerate(rest[1:], 1) if w.startswith("و") and i + 1 < len(rest) and ITEM_HEAD_RE.fullmatch(N(rest[i + 1]))), len(rest))
        rest = rest[:cut]
        size = len(rest) - (1 if place_word else 0)
        return " ".join(rest) if 0 < size <= MAX_TERRITORY_WORDS else None
    return None


def _presided(source: Source, spans: list[Span]) -> list[str]:
    """The territories of the elected councils whose president launches or inaugurates in the spans."""
    found: list[str] = []
    for start, end in spans:
        norm = source.norm(start, end)
        for match in PRESIDING.finditer(norm.text):
            limit = min(len(norm.text), match.end() + 60)
            o_start, o_end = norm.to_original(match.end(), limit)
            words = []
            for word in norm.original[o_start:o_end].split("،")[0].split(",")[0].split():
                if key(word) in PRESIDED_ENDS or word[0].isdigit():
                    break  # `... انطلاقة`، `... يوم`: the council's name has ended
                words.append(word)
            if (territory := council_territory(" ".join(words))) is not None:
                found.append(territory)
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


def _place_name(name: str) -> str:
    """A place as written without its leading place word (`جماعة تيزنيت` -> `تيزنيت`)."""
    words = name.split()
    return " ".join(words[1:]) if len(words) > 1 and key(words[0]) in PLACE_WORDS else name


def _place_key(name: str) -> str:
    """A place's key without its place word (`جماعة أسني` and `أسني` are one place)."""
    words = key(name).split()
    while len(words) > 1 and words[0] in PLACE_WORDS:
        words = words[1:]
    return " ".join(words)


def _merged(places: list[str], phrases: list[str], text: str) -> list[str]:
    """The gazetteer's places and the place phrases, one per place, its longest writing first seen;
    `text` is the record's text (keyed)."""
    merged: list[str] = []
    for name in [*places, *phrases]:
        same = next((i for i, m in enumerate(merged) if _place_key(m) == _place_key(name)), None)
        if same is None:
            merged.append(name)
        elif len(name) > len(merged[same]):
            merged[same] = name
    # a writing the text only ever writes inside another's is that place cut short (`دوار ستي` of
    # `دوار ستي فاطمة`, `اد نون` of `كلميم واد نون`), not a second place (`طنجة` written alone stays)
    keys = [_place_key(m) for m in merged]
    return [m for m, k in zip(merged, keys, strict=True)
            if not any(k != other and k in other and text.count(k) <= text.count(other) for other in keys)]  # fmt: skip


def acting_spans(source: Source, spans: list[Span], names: list[str]) -> list[Span]:
    """Where the spans name the bodies that fund or implement the record (`مجلس جهة X`، `جماعة Y`)."""
    found: list[Span] = []
    for start, end in spans:
        text = source.text[start:end]
        for name in names:
            at = text.find(name)
            while at >= 0:
                if not PLACE_PHRASE_BEFORE.search(text[max(0, at - 2) : at]):  # `بجماعة X` is a place phrase
                    found.append((start + at, start + at + len(name)))
                at = text.find(name, at + 1)
    return found


def _after_a_day(source: Source, place_start: int) -> bool:
    """A place right after a day-precision date is where something happened that day (`يوم 28 يونيو 2023 بالرباط`)."""
    dates = source.entities_in([(place_start - VENUE_GAP - 30, place_start)], "DATE", overlap=True)
    return any(len(d.value.get("value") or "") == 10 and 0 <= place_start - d.end <= VENUE_GAP
               and not source.text[d.end : place_start].strip(" ،,ب") for d in dates)  # fmt: skip


# `الرباط (ومع) -`، `بيروت -`: a town opening a line before a dash is where the news was written
DATELINE_AFTER = re.compile(r"[ \t]*(?:\([^()\n]{1,15}\)[ \t]*)?[-–—]")
# `في عمّان يوم 14 أيلول 2022`، `بالرباط، يوم ...`: a place right before a day's date is where it happened that day
DAY_AFTER = re.compile(rf"[ \t]*[،,]?[ \t]*(?:{alternation([WORDS['day_word']])})?[ \t]*")


def _dateline(source: Source, place_start: int, place_end: int) -> bool:
    """A place that opens its line, followed by a dash (a news agency's mark between): a dateline."""
    line_start = source.text.rfind("\n", 0, place_start) + 1
    return not source.text[line_start:place_start].strip() and DATELINE_AFTER.match(source.text, place_end) is not None


SIGNING_VERB = re.compile(rf"(?<!{LETTER})[وف]?(?:{alternation(WORDS['party_words']['signing_verbs'])})(?!{LETTER})")
SIGNED_GAP = re.compile(r"[\s،,]*")


def _country(place: str) -> bool:
    return " ".join(N(place).replace("-", " ").split()) in COUNTRIES


def _signing_venue(source: Source, place_start: int, place_end: int) -> bool:
    """A place between a signing verb and the agreement it signs (`وقع X وY في نواكشوط اتفاقية ...`،
    `وقعت X وY، بالدار البيضاء، اتفاقية ...`): where it was signed, not where the project is."""
    after = source.folded(place_end, place_end + 40)
    gap = SIGNED_GAP.match(after)
    if gap is None or not INSTRUMENT_AT.match(after, gap.end()):
        return False
    sentence = source.folded(source.sentence_start(place_start), place_start)
    return SIGNING_VERB.search(sentence) is not None


def _before_a_day(source: Source, place_end: int) -> bool:
    """A place right before a day-precision date (`في تونس العاصمة يوم 6 حزيران 2019`): a venue."""
    gap = DAY_AFTER.match(source.folded(place_end, place_end + 12))
    at = place_end + (len(gap.group()) if gap else 0)
    dates = source.entities_in([(at, at + 30)], "DATE")
    return any(len(d.value.get("value") or "") == 10 and d.start - place_end <= 12
               and not source.folded(place_end, d.start).strip(" ،,").replace(WORDS["day_word"], "").strip() for d in dates)


@register_field_reader("places")
def read_places(draft: RecordDraft, settings: Settings) -> None:
    record, scope, source = draft.record, draft.scope, draft.source
    acting = names_of(record.funders + record.implementers)
    # a place inside the name of a body that funds or implements the record is that body's, and a
    # country that is a party (a borrower, a signatory) is no location; nor is a signing's venue
    # so is a place inside a partner body's name (its seat: `المجلس الإقليمي لأزيلال`), unless the
    # partner is a commune or a town (`بشراكة مع جماعة فكيك`) or the record is a twinning, whose
    # partners' towns are where it happens
    twinning = any(TWINNING.search(source.folded(start, end)) for start, end in scope.spans)
    if not twinning:
        acting += [n for n in names_of(record.partners) if not COMMUNE_HEAD.match(key(n))]
    excluded = [*draft.funder_spans, *acting_spans(source, scope.spans, acting)]
    parties = {key(n) for n in names_of(record.funders + record.implementers + record.partners)}
    places = record_places(source, scope.spans, excluded, scope.mention_spans, parties)
    text = " ".join(key(source.text[start:end]) for start, end in scope.spans)
    places = _merged(places, place_phrases(source, scope.segments, excluded), text)
    if any(not _country(p) for p in places):  # `محافظة جرش في الأردن`: the country says where the province is
        places = [p for p in places if not _country(p)]
    places.extend(p for p in unique_names(draft.row.places) if key(p) not in {key(x) for x in places})
    # a territorial council that acts on the record works in its territory (`مجلس جهة X` -> `جهة X`): the
    # record's place when the text names none other; the towns of a twinning's partners always are
    main = scope.main  # the record is the twinning itself when its naming sentence says so
    is_twinning = TWINNING.search(source.folded(source.sentence_start(main.start), main.end)) is not None
    councils = names_of(record.partners) if is_twinning else names_of(record.funders + record.implementers + record.partners)
    territories = [t for t in (council_territory(without_nationality(without_seat(n))) for n in councils) if t]
    if is_twinning:  # a twinning's towns by their names (`جماعة تيزنيت وبلدية نانت` -> `تيزنيت`، `نانت`)
        territories = [_place_name(t) for t in territories]
    framework_only = all(m.framework for m in scope.group.mentions)  # named as context: its own words only
    if is_twinning or not (places or framework_only):
        places = _merged(places, territories, text)
    if not framework_only:
        places = _merged(places, _presided(source, scope.segments), text)
    record.locations = places
    if places:
        draft.confidence["locations"] = settings["single_report"] if scope.single else settings["found"]
