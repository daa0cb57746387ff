"""Long texts are extracted in parts (pipeline.parts, extractors.extract_entities): cuts fall at
paragraph, line, sentence or word boundaries, and every offset stays exact across a cut."""

import pytest

from extractors import extract_entities
from pipeline.limits import Limits, applied
from pipeline.load import load_document
from pipeline.normalize import normalize
from pipeline.parts import part_spans
from pipeline.process import process_document
from tests.conftest import SAMPLES


def as_tuples(entities):
    return [(e.label, e.start, e.end, e.text, e.value, e.source) for e in entities]


def test_parts_cover_the_text_and_cut_at_the_best_boundary():
    text = "أ" * 60 + "\n\n" + "ب" * 30 + "\n" + "ج" * 5 + ". " + "د" * 40
    spans = part_spans(text, 100)
    assert spans == [(0, 62), (62, len(text))]  # the paragraph break, though a line break is nearer the bound
    assert part_spans("ب" * 50 + "\n" + "ج" * 40, 80) == [(0, 51), (51, 91)]  # a line break
    assert part_spans("ب" * 30 + "\n" + "ج" * 60, 80) == [(0, 80), (80, 91)]  # only the second half is searched
    sentence = "وتواصل الجماعة تنفيذ برنامجها. " * 4
    assert part_spans(sentence, 70) == [(0, 62), (62, 124)]  # two sentences each, the spaces kept before the cut
    assert part_spans("كلمة " * 20, 22) == [(0, 20), (20, 40), (40, 60), (60, 80), (80, 100)]
    assert part_spans("x" * 25, 10) == [(0, 10), (10, 20), (20, 25)]  # no boundary at all: at the bound
    assert part_spans("قصير", 10) == [(0, 4)]
    assert part_spans("", 10) == [(0, 0)]
    with pytest.raises(ValueError):
        part_spans("abc", 0)


def test_extraction_in_parts_equals_extraction_whole_on_the_samples():
    text = "\n\n".join(load_document(path).text for path in SAMPLES)
    normalized = normalize(text)
    whole = as_tuples(extract_entities(normalized, part_chars=len(text)))
    assert len(whole) > 90
    for size in (4000, 1000):
        spans = part_spans(text, size)
        assert len(spans) >= len(text) // size
        in_parts = as_tuples(extract_entities(normalized, part_chars=size))
        assert in_parts == whole
        # entities on both sides of the cuts, and their offsets exact
        starts = {start for start, _ in spans[1:]}
        assert any(any(0 <= e[1] - cut < 200 for cut in starts) for e in in_parts)
        assert all(text[start:end] == surface for _, start, end, surface, _, _ in in_parts)


def test_offsets_exact_for_entities_right_at_a_cut():
    first = "وقد ساهمت جماعة وجدة بمبلغ 2 مليون درهم سنة 2022."
    second = "ورصدت الجهة 350 ألف درهم خلال الفترة 2023-2025."
    text = first + "\n\n" + second
    # the bound falls inside `2023-2025`: the cut goes back to the paragraph break
    size = len(first) + 2 + second.index("2023") + 3
    assert part_spans(text, size) == [(0, len(first) + 2), (len(first) + 2, len(text))]
    entities = extract_entities(normalize(text), part_chars=size)
    assert [(e.label, e.text, e.start, e.end) for e in entities] == [
        ("ORG", "جماعة وجدة", 10, 20),
        ("MONEY", "2 مليون درهم", 27, 39),
        ("DATE", "2022", 44, 48),
        ("MONEY", "350 ألف درهم", len(first) + 14, len(first) + 26),
        ("DATE_RANGE", "2023-2025", len(first) + 39, len(first) + 48),
    ]
    assert all(text[e.start : e.end] == e.text for e in entities)
    assert entities[-1].value == {"start": "2023", "end": "2025"}


def test_diacritics_and_a_one_line_text_cut_at_sentences():
    # vowel marks and tatweel are dropped by normalization: the map back must hold in every part
    sentence = "وساهمت الوكالةُ الفرنسيةُ للتنمية بمبلغ 5 ملايين يورو سنة 2019. "
    text = sentence * 40  # one line, no paragraph break
    whole = as_tuples(extract_entities(normalize(text), part_chars=len(text)))
    in_parts = as_tuples(extract_entities(normalize(text), part_chars=300))
    assert in_parts == whole
    assert [e[3] for e in in_parts[:3]] == ["الوكالةُ الفرنسيةُ للتنمية", "5 ملايين يورو", "2019"]
    assert len(in_parts) == 3 * 40
    assert all(text[start:end] == surface for _, start, end, surface, _, _ in in_parts)


def test_a_document_processed_in_parts_gives_the_same_result(monkeypatch):
    document = load_document(SAMPLES[0])
    whole = process_document(document)
    with applied(Limits(part_chars=1500)):
        in_parts = process_document(load_document(SAMPLES[0]))
    assert as_tuples(in_parts.entities) == as_tuples(whole.entities)
    assert [e.page for e in in_parts.entities] == [e.page for e in whole.entities]
    assert in_parts.model_dump() == whole.model_dump()  # tables, records, evidence: the same characters


def test_a_json_line_written_in_pieces_is_the_same_bytes():
    from tests.conftest import ROOT

    pdf = ROOT / "tests" / "fixtures" / "pdf" / "000_ce7e87e2b4e5dfe7.chromium.pdf"
    for path in (SAMPLES[0], SAMPLES[3], pdf):
        result = process_document(load_document(path))
        assert result.tables or result.projects  # nested models and lists of them, not only strings
        assert b"".join(result.json_chunks()) == result.to_json().encode("utf-8")
    error = load_document(ROOT / "tests" / "fixtures" / "broken" / "truncated.pdf")
    result = process_document(error)
    assert b"".join(result.json_chunks()) == result.to_json().encode("utf-8")
