"""Places in context (extractors.places.places_in) and the places territorial bodies name."""

import pytest

from extractors.places import places_in, territory_named
from pipeline.normalize import normalize


def _places(text: str, organizations: list[str] = ()) -> list[str]:
    spans = [(text.index(o), text.index(o) + len(o)) for o in organizations]
    return [p.text for p in places_in(normalize(text), 0, len(text), spans)]


def test_places_in_a_span_have_document_offsets():
    text = "مقدمة طويلة. نظمت الجمعية ورشة بمدينة وجدة."
    start = text.index("نظمت")
    (place,) = places_in(normalize(text), start, len(text))
    assert text[place.start : place.end] == "وجدة"


def test_an_ambassadors_country_is_no_place():
    assert _places("حضرت سفيرة الاتحاد الأوربي بالمغرب حفل الافتتاح بمدينة فاس.") == ["فاس"]


def test_a_place_inside_an_associations_name_is_no_place():
    text = "بشراكة مع جمعية فاس سايس للتنمية بمدينة مكناس."
    assert _places(text, ["جمعية فاس سايس للتنمية"]) == ["مكناس"]
    assert _places('بشراكة مع جمعية "أصدقاء فاس" بمدينة مكناس.') == ["مكناس"]


@pytest.mark.parametrize(
    ("body", "place"),
    [
        ("جماعة سيدي بيبي", "سيدي بيبي"),
        ("مجلس عمالة وجدة أنجاد", "وجدة أنجاد"),
        ("الجماعة الترابية تيزنيت", "تيزنيت"),
        ("الجماعة الحضرية", None),
        ("جمعية الأمل", None),
        ("جماعة أولاد تايمة الكبرى الجديدة", None),  # more than three words: a name, not a place
    ],
)
def test_the_place_a_territorial_body_names(body, place):
    assert territory_named(body) == place
