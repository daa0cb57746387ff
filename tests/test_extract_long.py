"""A long report (over spaCy's default max_length of a million characters) is extracted whole,
in time linear in its length."""

import time

from pipeline.process import extract_text_entities


def test_text_over_a_million_characters():
    filler = "وتواصل الجماعة تنفيذ برنامج عملها في مختلف المجالات. " * 9_500
    text = filler + "ساهمت جماعة وجدة بمبلغ 2 مليون درهم سنة 2022." + filler
    assert len(text) > 1_000_000
    start = time.perf_counter()
    entities = extract_text_entities(text)
    assert time.perf_counter() - start < 30
    assert [(e.label, e.text) for e in entities] == [
        ("ORG", "جماعة وجدة"), ("MONEY", "2 مليون درهم"), ("DATE", "2022")
    ]
    assert all(text[e.start : e.end] == e.text for e in entities)
