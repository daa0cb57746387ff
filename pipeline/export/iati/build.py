"""IATI 2.03 XML from activities, built with lxml (element by element, in the schema's order, so
the text is escaped and the file well-formed whatever the reports contain)."""

from __future__ import annotations

from datetime import datetime

from lxml import etree

from pipeline.export.iati.language import language_of
from pipeline.export.iati.mapping import OWN_VOCABULARY, Activity, Narrative
from pipeline.export.iati.settings import IatiSettings

IATI_VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DEFAULT_LANGUAGE = "ar"  # the reports' language: the activity's default, every narrative still says its own
OTHER_ORGANISATION_TYPE = "90"  # OrganisationType "Other": written when reporting_org_type is not set


def iati_activities(activities: list[Activity], settings: IatiSettings, generated: datetime,
                    header: list[str]) -> etree._ElementTree:  # fmt: skip
    """The `iati-activities` document; `header`: comments for its top (settings not set, records left out)."""
    root = etree.Element(
        "iati-activities", version=IATI_VERSION, **{"generated-datetime": _datetime(generated)}
    )
    for line in header:
        root.append(_comment(line))
    for activity in activities:
        root.append(iati_activity(activity, settings))
    return etree.ElementTree(root)


def iati_activity(activity: Activity, settings: IatiSettings) -> etree._Element:
    element = etree.Element("iati-activity", {XML_LANG: DEFAULT_LANGUAGE})
    if activity.last_updated is not None:
        element.set("last-updated-datetime", _datetime(activity.last_updated))
    for note in activity.notes:
        element.append(_comment(note))
    etree.SubElement(element, "iati-identifier").text = activity.identifier
    element.append(reporting_org(settings))
    _with_narratives(element, "title", activity.titles)
    for kind, texts in activity.descriptions:
        _with_narratives(element, "description", texts, type=kind)
    for participant in activity.participants:
        org = _with_narratives(element, "participating-org", participant.narratives, role=participant.role)
        if participant.ref:
            org.set("ref", participant.ref)
    etree.SubElement(element, "activity-status", code=activity.status)
    for when in activity.dates:
        _with_narratives(
            element, "activity-date", when.narratives, type=when.type, **{"iso-date": when.iso_date}
        )
    for code in activity.countries:
        etree.SubElement(element, "recipient-country", code=code)
    for place in activity.locations:
        location = etree.SubElement(element, "location")
        _with_narratives(location, "name", place.narratives)
        if place.location_class:
            etree.SubElement(location, "location-class", code=place.location_class)
    for code, label in activity.sectors:
        _with_narratives(element, "sector", [label], vocabulary=OWN_VOCABULARY, code=code)
    for budget in activity.budgets:
        item = etree.SubElement(element, "budget", type="1", status="1")
        etree.SubElement(item, "period-start", {"iso-date": budget.period_start})
        etree.SubElement(item, "period-end", {"iso-date": budget.period_end})
        value = etree.SubElement(
            item, "value", {"currency": budget.currency, "value-date": budget.value_date}
        )
        value.text = _number(budget.value)
    for document in activity.documents:
        link = etree.SubElement(element, "document-link", url=document.url, format=document.media_type)
        _with_narratives(link, "title", [Narrative(document.title, "en")])
        etree.SubElement(link, "category", code=document.category)
    return element


def reporting_org(settings: IatiSettings) -> etree._Element:
    element = etree.Element("reporting-org", ref=settings.reporting_ref,
                            type=settings.reporting_org_type or OTHER_ORGANISATION_TYPE)  # fmt: skip
    if settings.placeholder:
        text = Narrative(
            "Reporting organisation not set: a placeholder (set [iati] reporting_org_ref in taqrir.toml)",
            "en",
        )
    elif settings.reporting_org_name:
        text = Narrative(
            settings.reporting_org_name, language_of(settings.reporting_org_name, settings.latin_language)
        )
    else:
        text = Narrative(settings.reporting_ref, "en")
    narrative = etree.SubElement(element, "narrative", {XML_LANG: text.lang})
    narrative.text = text.text
    return element


def _with_narratives(
    parent: etree._Element, tag: str, texts: list[Narrative], **attributes: str
) -> etree._Element:
    element = etree.SubElement(parent, tag, **attributes)
    for text in texts:
        narrative = etree.SubElement(element, "narrative", {XML_LANG: text.lang})
        narrative.text = text.text
    return element


def _comment(text: str) -> etree._Comment:
    # "--" may not appear inside an XML comment
    return etree.Comment(f" taqrir: {text.replace('--', '- -')} ")


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


def _datetime(value: datetime) -> str:
    return value.replace(microsecond=0, tzinfo=None).isoformat()


def serialize(tree: etree._ElementTree) -> bytes:
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)
