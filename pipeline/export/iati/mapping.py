"""A project record as an IATI 2.03 activity: plain objects, no XML (`build` writes them).

What the record says is mapped; what IATI requires and the report does not say is never made up:
it is written as "not stated" where IATI has a narrative for it (a funding organisation), recorded
as a note the XML carries as a comment where IATI forces a code (activity-status), and counted in
`Activity.missing` for the export's summary. A record with no date at all cannot be an activity
(IATI requires an `activity-date` with a full date): `map_record` returns None and the reason.
"""

from __future__ import annotations

import calendar
import mimetypes
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from urllib.parse import quote

from extractors.places import country_codes, place_entry
from extractors.registry import registry_body
from pipeline.export.iati.language import language_of
from pipeline.export.iati.settings import IatiSettings
from pipeline.model import Amount, Evidence, Organization, ProjectRecord
from pipeline.store import RecordView

# IATI codes (codelists of the 2.03 standard)
FUNDING, IMPLEMENTING = "1", "4"
PLANNED_START, ACTUAL_START, PLANNED_END, ACTUAL_END = "1", "2", "3", "4"
PIPELINE, IMPLEMENTATION, FINALISATION = "1", "2", "3"
GENERAL, TARGET_GROUPS, OTHER = "1", "3", "4"
ADMINISTRATIVE_REGION, POPULATED_PLACE = "1", "2"
LOCATION_CLASS = {"region": ADMINISTRATIVE_REGION, "province": ADMINISTRATIVE_REGION, "city": POPULATED_PLACE,
                  "foreign_city": POPULATED_PLACE, "douar": POPULATED_PLACE, "neighbourhood": POPULATED_PLACE}  # fmt: skip
BUDGET_ORIGINAL, BUDGET_INDICATIVE = "1", "1"
OWN_VOCABULARY = "99"  # sector codes of the reporting organisation's own: taqrir's sector labels
HOME_COUNTRY = "MA"
EVIDENCE_SHOWN = (
    10  # pieces of source text per activity; a project named in hundreds of reports keeps its first ten
)
NOT_STATED = {"en": "Not stated in the source report", "ar": "غير مذكور في التقرير المصدر"}
# IANA media types of the formats taqrir reads (mimetypes does not know .docx everywhere)
MEDIA_TYPES = {".txt": "text/plain", ".html": "text/html", ".htm": "text/html", ".pdf": "application/pdf",
               ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}  # fmt: skip

# What the summary counts (Activity.missing), in the order it prints them.
MISSING = {
    "funder": "no funding organisation named (written as 'not stated')",
    "status": "activity-status not stated (inferred from the dates, said in a comment)",
    "start": "no start date",
    "end": "no end date",
    "day": "dates given to the year or month only (first or last day written, said in the date's narrative)",
    "budget": "no amount stated (no budget)",
    "currency": "an amount without currency (left out, said in a comment)",
    "budget_period": "an amount without a year or a full period (left out, said in a comment)",
    "description": "no description beside the source text",
    "sector": "no sector",
}


@dataclass
class Narrative:
    text: str
    lang: str


@dataclass
class Participant:
    role: str
    narratives: list[Narrative]
    ref: str | None = None


@dataclass
class ActivityDate:
    type: str
    iso_date: str
    narratives: list[Narrative] = field(default_factory=list)


@dataclass
class Budget:
    period_start: str
    period_end: str
    value: float
    currency: str
    value_date: str


@dataclass
class Location:
    narratives: list[Narrative]
    location_class: str | None = None


@dataclass
class DocumentLink:
    url: str
    media_type: str
    title: str
    category: str


@dataclass
class Activity:
    identifier: str
    record_id: str
    last_updated: datetime | None
    titles: list[Narrative]
    descriptions: list[tuple[str, list[Narrative]]]
    participants: list[Participant]
    status: str
    dates: list[ActivityDate]
    countries: list[str] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)
    sectors: list[tuple[str, Narrative]] = field(default_factory=list)
    budgets: list[Budget] = field(default_factory=list)
    documents: list[DocumentLink] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the XML says in comments
    missing: list[str] = field(default_factory=list)  # keys of MISSING


def map_record(view: RecordView, settings: IatiSettings, today: date | None = None) -> Activity | str:
    """The activity of a record as it stands, or the reason it cannot be one."""
    today = today or date.today()
    record = view.record
    activity = Activity(
        identifier=f"{settings.reporting_ref}-{view.record_id}", record_id=view.record_id,
        last_updated=view.updated_at, titles=titles(record, settings), descriptions=descriptions(record, settings),
        participants=[], status=IMPLEMENTATION, dates=[],
    )  # fmt: skip
    activity.dates = activity_dates(record, activity)
    if not activity.dates:
        return "no period stated (IATI requires an activity date)"
    activity.participants = participants(record, activity, settings)
    activity.status = activity_status(record, activity, today)
    activity.countries, activity.locations = places(record, settings)
    activity.budgets = budgets(record, activity)
    if not record.description:
        activity.missing.append("description")
    if record.sector:
        activity.sectors = [(slug(record.sector), Narrative(record.sector, "en"))]
    else:
        activity.missing.append("sector")
    activity.documents = [document_link(path, settings) for path in record.documents]
    return activity


def narratives(texts: list[str | None], settings: IatiSettings) -> list[Narrative]:
    """One narrative per language (IATI's narratives of one element are translations), the first
    text of each language kept."""
    found: dict[str, Narrative] = {}
    for text in texts:
        text = " ".join((text or "").split())
        if text:
            lang = language_of(text, settings.latin_language)
            found.setdefault(lang, Narrative(text, lang))
    return list(found.values())


def titles(record: ProjectRecord, settings: IatiSettings) -> list[Narrative]:
    """The name (Arabic as written), and the Latin-script name or the acronym as further narratives."""
    found = narratives([record.name, *record.aliases], settings)
    acronym = record.acronym
    if acronym and not any(acronym in n.text for n in found):
        latin = next((n for n in found if n.lang != "ar"), None)
        if latin is not None:
            latin.text = f"{latin.text} ({acronym})"
        else:
            found.append(
                Narrative(acronym, language_of(acronym, settings.latin_language))
            )  # one word: latin_language
    return found


def descriptions(record: ProjectRecord, settings: IatiSettings) -> list[tuple[str, list[Narrative]]]:
    """General (the record's description), target groups (its beneficiaries), other (the source text)."""
    found: list[tuple[str, list[Narrative]]] = []
    if record.description:
        found.append((GENERAL, narratives([record.description], settings)))
    if record.beneficiaries:
        found.append(
            (
                TARGET_GROUPS,
                narratives(["، ".join(o.canonical or o.name for o in record.beneficiaries)], settings),
            )
        )
    evidences = record.evidences or [record.evidence]
    for evidence in evidences[:EVIDENCE_SHOWN]:
        found.append((OTHER, narratives([source_text(evidence, settings)], settings)))
    if len(evidences) > EVIDENCE_SHOWN:
        more = len(evidences) - EVIDENCE_SHOWN
        found.append(
            (OTHER, [Narrative(f"{more} more passages of the source reports name this activity", "en")])
        )
    return found


def source_text(evidence: Evidence, settings: IatiSettings) -> str:
    text = " ".join(evidence.text.split())
    name = Path(evidence.document).name if evidence.document else None
    if language_of(text, settings.latin_language) == "ar":
        where = "، ".join(filter(None, [name, f"الصفحة {evidence.page}" if evidence.page else None]))
        return f"{text} (المصدر: {where})" if where else text
    where = ", ".join(filter(None, [name, f"page {evidence.page}" if evidence.page else None]))
    return f"{text} (source: {where})" if where else text


def participants(record: ProjectRecord, activity: Activity, settings: IatiSettings) -> list[Participant]:
    """Funders (role 1), implementers and partners (role 4: IATI has no role for a partner, and the
    reports' partners carry the project out with its implementer), each once per role."""
    found: list[Participant] = []
    seen: set[tuple[str, str]] = set()
    for role, organizations in ((FUNDING, record.funders), (IMPLEMENTING, record.implementers),
                                (IMPLEMENTING, record.partners)):  # fmt: skip
        for organization in organizations:
            who = organization.registry_id or organization.canonical or organization.name
            if (role, who) in seen:
                continue
            seen.add((role, who))
            found.append(participant(role, organization, settings))
    if not record.funders:
        activity.missing.append("funder")
        found.insert(
            0, Participant(FUNDING, [Narrative(NOT_STATED["en"], "en"), Narrative(NOT_STATED["ar"], "ar")])
        )
    return found


def participant(role: str, organization: Organization, settings: IatiSettings) -> Participant:
    """The canonical name (in its language) and the name as written; the IATI identifier the registry
    knows for the body."""
    body = registry_body(organization.registry_id)
    texts: list[Narrative] = []
    if organization.canonical:
        lang = body.get("canonical_lang") if body else None
        texts.append(
            Narrative(
                organization.canonical, lang or language_of(organization.canonical, settings.latin_language)
            )
        )
    for written in narratives([organization.name], settings):
        if written.lang not in {n.lang for n in texts}:
            texts.append(written)
    return Participant(role, texts, ref=body.get("iati_ref") if body else None)


def first_day(value: str) -> str:
    parts = value.split("-")
    return "-".join([parts[0], parts[1] if len(parts) > 1 else "01", parts[2] if len(parts) > 2 else "01"])


def last_day(value: str) -> str:
    parts = value.split("-")
    if len(parts) == 3:
        return value
    month = int(parts[1]) if len(parts) > 1 else 12
    return f"{parts[0]}-{month:02d}-{calendar.monthrange(int(parts[0]), month)[1]:02d}"


def activity_dates(record: ProjectRecord, activity: Activity) -> list[ActivityDate]:
    """Planned start and end (1, 3) from the stated period; actual ones (2, 4) where the text reports
    the project launched or ended. A date given to the year or month says so in its narrative."""
    actual = record.date_status == "actual"
    found: list[ActivityDate] = []
    for value, kind, expand in ((record.start, ACTUAL_START if actual else PLANNED_START, first_day),
                                (record.end, ACTUAL_END if actual else PLANNED_END, last_day)):  # fmt: skip
        if not value:
            continue
        iso = expand(value)
        notes = []
        if iso != value:
            notes = [
                Narrative(f"The source report gives {value} only", "en"),
                Narrative(f"يذكر التقرير المصدر {value} فقط", "ar"),
            ]
            if "day" not in activity.missing:
                activity.missing.append("day")
        found.append(ActivityDate(kind, iso, notes))
    if not record.start:
        activity.missing.append("start")
    if not record.end:
        activity.missing.append("end")
    return found


def activity_status(record: ProjectRecord, activity: Activity, today: date) -> str:
    """3 Finalisation when the text reports the end (whether the accounts are closed, 4, it does not
    say), 2 Implementation when it reports the launch; otherwise not stated, inferred from the planned
    dates (1 Pipeline before the planned start, 2 after) and said so."""
    by_type = {d.type: date.fromisoformat(d.iso_date) for d in activity.dates}
    if ACTUAL_END in by_type and by_type[ACTUAL_END] <= today:
        return FINALISATION
    if ACTUAL_START in by_type:
        return IMPLEMENTATION
    start = by_type.get(PLANNED_START)
    code = PIPELINE if start is not None and start > today else IMPLEMENTATION
    name = {PIPELINE: "1 (Pipeline/identification)", IMPLEMENTATION: "2 (Implementation)"}[code]
    activity.notes.append(f"activity-status not stated in the source report: {name} inferred from the planned dates "
                          f"and the date of this export ({today.isoformat()})")  # fmt: skip
    activity.missing.append("status")
    return code


def places(record: ProjectRecord, settings: IatiSettings) -> tuple[list[str], list[Location]]:
    """Recipient countries and locations. A Moroccan place makes Morocco the recipient country, and a
    foreign city beside it is a partner's (a twinning's), a location only; only foreign countries
    named make them the recipients."""
    codes = country_codes()
    countries: list[str] = []
    locations: list[Location] = []
    home = False
    for written in record.locations:
        entry = place_entry(written)
        kind = entry[1] if entry else None
        if kind == "country":
            code = codes.get(entry[0]) if entry else None
            if code == HOME_COUNTRY:
                home = True
            elif code and code not in countries:
                countries.append(code)
            continue
        if kind != "foreign_city":
            home = True  # the gazetteer's Moroccan places, and the communes and douars it does not list
        locations.append(Location(narratives([written], settings), LOCATION_CLASS.get(kind or "")))
    if home or not countries:
        countries = [HOME_COUNTRY]
    return countries, locations


def budgets(record: ProjectRecord, activity: Activity) -> list[Budget]:
    """One budget per amount, over its year (برسم سنة 2017) or else the stated period; an amount without
    currency, or with neither, is left out and said so."""
    found: list[Budget] = []
    if not record.amounts:
        activity.missing.append("budget")
    for amount in record.amounts:
        shown = amount_text(amount)
        if not amount.currency:
            activity.notes.append(
                f"amount {shown} left out of the budgets: the source report gives no currency"
            )
            activity.missing.append("currency")
            continue
        if amount.year:
            start, end = f"{amount.year}-01-01", f"{amount.year}-12-31"
        elif record.start and record.end:
            start, end = first_day(record.start), last_day(record.end)
        else:
            activity.notes.append(
                f"amount {shown} left out of the budgets: the source report gives no year or full period for it"
            )
            activity.missing.append("budget_period")
            continue
        found.append(Budget(start, end, amount.amount, amount.currency, value_date=start))
    return found


def amount_text(amount: Amount) -> str:
    return f"{amount.amount:,.2f} {amount.currency or ''}".strip()


def slug(label: str) -> str:
    return "-".join(re.sub(r"[^\w\s-]", " ", label.lower()).split())


def document_link(path: str, settings: IatiSettings) -> DocumentLink:
    """A link to the source report: `document_url` filled in, or the file itself."""
    name = Path(path).name
    if settings.document_url:
        url = settings.document_url.format(name=quote(name), path=quote(path.lstrip("/")))
    elif Path(path).is_absolute():
        url = Path(path).as_uri()
    else:
        url = quote(path)
    suffix = Path(path).suffix.lower()
    media_type = MEDIA_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    return DocumentLink(url=url, media_type=media_type, title=name, category=settings.document_category)
