"""PDFs as ministries publish them: the real documents in ../shared/realdocs (never copied into the
project), one test per failure class. Every expected string was read on the rendered page
(`pdftoppm -r 80 -f N -l N -png FILE out`), not taken from a text layer.

Compared like the fidelity benchmark: NFKC, tatweel and Arabic diacritics removed, whitespace runs
as one space (typographic stretching and vowel marks are not what these tests are about)."""

import re
import unicodedata
from functools import cache

import pytest

from pipeline.load import load_document
from pipeline.model import Document
from tests.conftest import ROOT

REALDOCS = ROOT.parent / "shared" / "realdocs"
pytestmark = pytest.mark.skipif(not REALDOCS.is_dir(), reason=f"the real documents are not here: {REALDOCS} is absent")
MARKS = re.compile("[\u0640\u064b-\u065f\u0670]")


def comparable(text: str) -> str:
    return re.sub(r"\s+", " ", MARKS.sub("", unicodedata.normalize("NFKC", text)))


@cache
def real(name: str) -> Document:
    return load_document(REALDOCS / name)


def page_text(doc: Document, number: int) -> str:
    span = next(p for p in doc.page_spans if p.number == number)
    return comparable(doc.text[span.start : span.end])


# --- glyph gaps: InDesign files set a font size of 1 and scale with the text matrix -------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "expected",
    ["95 متر مربع", "900 دينار", "1,095 دينار", "1,091 دينار", "1,017 دينار", "796 دينار", "19.4 مليار دينار",
     "235 مليون دينار", "30.2 مليار دينار", "بنك الكويت المركزي"],
)  # fmt: skip
def test_indesign_words_and_digit_runs_are_whole(expected):
    """KFH report page 8: before, `1,095` came out `5 9 0 , 1` and words broke (`ا لتمليك`)."""
    assert expected in page_text(real("kw_kfh_real_estate_2025q1.pdf"), 8)


@pytest.mark.slow
@pytest.mark.parametrize(
    "expected", ["3.500 كيلومتر", "8.000 نوع", "1.42 مليون طن", "28.8 مليار درهم", "250.000 منصب شغل", "RAMSAR",
                 "upwelling des Canaries"],
)  # fmt: skip
def test_indesign_amounts_and_latin_names(expected):
    """CESE opinion page 27 (InDesign 18.5)."""
    assert expected in page_text(real("ma_cese_avis_biodiversite.pdf"), 27)


@pytest.mark.slow
def test_indesign_text_has_no_glyph_spaced_digits():
    """No digit run on the KFH figures page is spaced out glyph by glyph (`2 0 2 5`)."""
    text = page_text(real("kw_kfh_real_estate_2025q1.pdf"), 8)
    assert re.findall(r"(?<!\d)\d \d \d(?!\d)", text) == []
