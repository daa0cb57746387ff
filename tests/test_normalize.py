"""Normalization keeps an exact way back to the original characters."""

import random

from pipeline.normalize import normalize, normalize_str

TEXT = "الوَكَالَةُ البلجيكيـــة للتنمية ﺍﻟﻮﺯﺍﺭﺓ ﻻ تمويل ١٢٬٥٠٠ درهم € إسترليني یورو"


def test_folding():
    assert normalize(TEXT).text == "الوكاله البلجيكيه للتنميه الوزاره لا تمويل 12٬500 درهم € استرليني يورو"


def test_spans_map_back_to_original_words():
    norm = normalize(TEXT)
    for word, original in [
        ("الوكاله", "الوَكَالَةُ"),
        ("البلجيكيه", "البلجيكيـــة"),
        ("الوزاره", "ﺍﻟﻮﺯﺍﺭﺓ"),
        ("12٬500", "١٢٬٥٠٠"),
        ("يورو", "یورو"),
    ]:
        start = norm.text.index(word)
        assert norm.original_text(start, start + len(word)) == original


def test_every_span_maps_inside_the_original_and_round_trips():
    rng = random.Random(7)
    norm = normalize(TEXT * 3)
    for _ in range(500):
        a = rng.randrange(len(norm.text))
        b = rng.randrange(a, len(norm.text) + 1)
        o_start, o_end = norm.to_original(a, b)
        assert 0 <= o_start <= o_end <= len(norm.original)
        assert norm.text[a:b] in normalize_str(norm.original[o_start:o_end])


def test_a_part_of_a_normalized_text_is_the_normalized_part():
    import random

    from pipeline.normalize import normalize, normalize_str
    from tests.conftest import SAMPLES

    text = "\n".join(p.read_text(encoding="utf-8") for p in SAMPLES[:2]) + "ﻻ إِنَّ الـمـشروع ١٢٣ ٫ ﷲ"
    whole = normalize(text)
    rng = random.Random(7)
    for _ in range(300):
        start = rng.randrange(len(text))
        end = min(len(text), start + rng.randrange(1, 400))
        part, direct = whole.part(start, end), normalize(text[start:end])
        assert (part.text, part.original, list(part.origin)) == (direct.text, direct.original, list(direct.origin))
        assert whole.folded(start, end) == normalize_str(text[start:end])
    assert whole.part(-5, 3).original == text[:3]
