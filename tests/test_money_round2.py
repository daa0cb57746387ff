"""MONEY, second round of issue 18: a fraction with the scale repeated (مليار ونصف المليار), a scale
of a scale (ألف مليار), and the yuan. Sentences written for these tests; exact values."""

import pytest

from pipeline.process import extract_text_entities


def amounts(text):
    return [(e.text, e.value["amount"], e.value["currency"]) for e in extract_text_entities(text) if e.label == "MONEY"]


@pytest.mark.parametrize(
    "text, surface, amount, currency",
    [
        ("خصصت الحكومة مليار ونصف المليار درهم لإعادة الإعمار", "مليار ونصف المليار درهم", 1_500_000_000, "MAD"),
        ("قدم الصندوق مليون ونصف المليون دولار أمريكي", "مليون ونصف المليون دولار أمريكي", 1_500_000, "USD"),
        ("قدرت الكلفة بنحو 3 ملايين وربع المليون يورو", "3 ملايين وربع المليون يورو", 3_250_000, "EUR"),
        ("تجاوز الدين العام 90 ألف مليار ليرة لبنانية", "90 ألف مليار ليرة لبنانية", 90_000_000_000_000, "LBP"),
        ("بلغت الميزانية ثلاثة آلاف مليون درهم", "ثلاثة آلاف مليون درهم", 3_000_000_000, "MAD"),
        ("قدمت الصين قرضا بقيمة 450 مليون يوان", "450 مليون يوان", 450_000_000, "CNY"),
        # the scale said again without the article after its fraction
        ("رصدت الجماعة مليونين ونصف مليون درهم للمسلك", "مليونين ونصف مليون درهم", 2_500_000, "MAD"),
        ("بكلفة ثلاثة ملايين ونصف مليون أورو", "ثلاثة ملايين ونصف مليون أورو", 3_500_000, "EUR"),
        ("منحة قدرها مليار ونصف مليار و300 مليون ين", "مليار ونصف مليار و300 مليون ين", 1_800_000_000, "JPY"),
    ],
)
def test_round2_amount_shapes(text, surface, amount, currency):
    assert amounts(text) == [(surface, amount, currency)]


@pytest.mark.parametrize(
    "text, surface, amount",
    [
        # a scale after a number and و is another amount, not a scale of a scale
        ("ارتفع المبلغ من 5 مليون و8 ملايين درهم", "8 ملايين درهم", 8_000_000),
        # the repeated scale is read only after its own fraction
        ("رصد مليون وألف درهم للمشروع", "مليون وألف درهم", 1_001_000),
    ],
)
def test_guards(text, surface, amount):
    assert [(s, a) for s, a, _ in amounts(text)] == [(surface, amount)]


def test_a_line_of_years_is_no_amount_and_is_read_at_once():
    # a table header of years, as a real report's text layer gives it: a numeral starting right after a
    # digit let the amount pattern try every split of the run (it never finished on a line like this one)
    line = "الجدول 4: " + " ".join(["2025"] + ["2024"] * 12 + ["2023"] * 12)
    assert amounts(line) == []
