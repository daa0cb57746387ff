"""Lam-alef sequences a broken text layer leaves, repaired where correct Arabic never has them."""

import pytest

from pipeline.load.arabic_repair import repair_lam_alef


@pytest.mark.parametrize(
    ("broken", "repaired"),
    [
        ("مبالغ اإليرادات الممنوحة", "مبالغ الإيرادات الممنوحة"),
        ("واألمراض المهنية", "والأمراض المهنية"),
        ("اآلنف الذكر", "الآنف الذكر"),
        ("وزير االقتصاد والمالية", "وزير الاقتصاد والمالية"),
        ("ما ال يقل عن 10%", "ما لا يقل عن 10%"),
        ("وال سيما المادة 3", "ولا سيما المادة 3"),
        ("ال تؤخذ إال جزئيا", "لا تؤخذ إلا جزئيا"),
    ],
)
def test_broken_sequences_are_repaired(broken, repaired):
    assert repair_lam_alef(broken) == repaired


@pytest.mark.parametrize(
    "correct",
    ["الإيرادات والأمراض", "العالم الإسلامي", "ألف درهم", "مسألة الاقتصاد", "لا يقل", "ولا سيما", "عالوات", "Alain"],
)
def test_correct_or_ambiguous_text_is_left_alone(correct):
    # `عالوات` (for `علاوات`) is ambiguous without glyph boxes (`عالم` is a word): left as it is.
    assert repair_lam_alef(correct) == correct
