"""End to end on the samples: the values the walking skeleton must get right, and offsets that
always point at the original text."""

import pytest

from pipeline.process import extract_text_entities, process_file
from tests.conftest import SAMPLES, sample


def entities_of(prefix):
    return process_file(sample(prefix)).entities


def values(entities, label):
    return [(e.text, e.value) for e in entities if e.label == label]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name[:3])
def test_offsets_point_at_original_text(path):
    result = process_file(path)
    assert result.entities
    for entity in result.entities:
        assert result.document.text[entity.start : entity.end] == entity.text


def test_money_in_samples():
    # a bare درهم: Moroccan because the report names Moroccan places (the document decides)
    moroccan = {"currency": "MAD", "currency_basis": "document", "currency_confidence": 0.8}
    assert ("6 991 500 درهم", {"amount": 6991500, **moroccan}) in values(entities_of("004"), "MONEY")
    assert ("1 899 500 درهم", {"amount": 1899500, **moroccan}) in values(entities_of("004"), "MONEY")
    money = values(entities_of("001"), "MONEY")
    assert ("500.000 دولار", {"amount": 500000, "currency": "USD"}) in money
    assert ("5 مليون اورو", {"amount": 5000000, "currency": "EUR"}) in money


def test_ranges_in_samples():
    ranges = values(entities_of("004"), "DATE_RANGE")
    assert ("2017-2018", {"start": "2017", "end": "2018"}) in ranges
    assert ("ما بين 12 و 20 دجنبر 2017", {"start": "2017-12-12", "end": "2017-12-20"}) in ranges
    assert ("31/12/23-01/01/2023", {"start": "2023-01-01", "end": "2023-12-31"}) in values(
        entities_of("003"), "DATE_RANGE"
    )
    assert ("منذ سنة 2005", {"start": "2005", "end": None}) in values(entities_of("000"), "DATE_RANGE")


def test_range_ends_are_not_also_dates():
    entities = entities_of("004")
    ranges = [e for e in entities if e.label == "DATE_RANGE"]
    for date in (e for e in entities if e.label == "DATE"):
        assert not any(r.start <= date.start < r.end for r in ranges), date


def test_acronyms_with_expansions():
    acronyms = {e.text: e.value["expansion"] for e in entities_of("000") if e.label == "ACRONYM"}
    assert acronyms["Enabel"] == "الوكالة البلجيكية للتنمية"
    assert acronyms["OIM"] == "المنظمة الدولية للهجرة"
    mc2cm = {e.value["expansion"] for e in entities_of("000") if e.text == "MC2CM"}
    assert mc2cm == {"الهجرة بين المدن المتوسطة"}  # the long form is written just before, in brackets after
    assert "M&D" in {e.text for e in entities_of("001") if e.label == "ACRONYM"}


def test_offsets_survive_diacritics_tatweel_and_presentation_forms():
    text = "رصدت ﺍﻟﻮﺯﺍﺭﺓ مبلغ ٥ مليــون دولار وشاركت الوكالة البلجيكيـة للتنمية Enabel مُنْذُ سَنَةِ ٢٠٠٥."
    entities = extract_text_entities(text)
    for entity in entities:
        assert text[entity.start : entity.end] == entity.text
    got = {e.label: (e.text, e.value) for e in entities}
    assert got["MONEY"] == ("٥ مليــون دولار", {"amount": 5000000, "currency": "USD"})
    assert got["DATE_RANGE"] == ("مُنْذُ سَنَةِ ٢٠٠٥", {"start": "2005", "end": None})
    assert got["ACRONYM"][1]["expansion"] == "الوكالة البلجيكيـة للتنمية"


def test_counts_and_years_are_not_money():
    entities = extract_text_entities("وقعت الوزارة 110 اتفاقية مع 78 جمعية سنة 2018 في الصفحة 3.")
    assert [e.label for e in entities if e.label == "MONEY"] == []
