"""What every extractor component shares: the found-entity record kept on the spaCy Doc.

Components run on a Doc made from the NORMALIZED text and append `Found` items to
`doc._.found`; offsets are normalized-text character offsets. `extractors.extract_entities`
maps them back to the original text. Character offsets (not tokens) because amounts and dates
often start inside a token (`ب500` is "with 500").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.normalize import normalize_str

# The word lists, gazetteers and model every stage reads: one JSON file per subject, one reader each.
DATA_DIR = Path(__file__).parent / "data"

if not Doc.has_extension("found"):
    Doc.set_extension("found", default=None)


@dataclass
class Found:
    label: str
    start: int
    end: int
    value: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    priority: int = 0  # breaks ties when spans overlap; higher wins


TEXT_KEY = "taqrir_text"


def text_of(doc: Doc) -> str:
    """The Doc's text, built once (spaCy rebuilds `doc.text` from the tokens at every access)."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def make_doc(nlp: Language, text: str) -> Doc:
    """The Doc of `text`, knowing its text already: spaCy's tokens keep every character, so `doc.text`
    is `text`, and rebuilding it from the tokens costs a few milliseconds a report."""
    doc = nlp.make_doc(text)
    doc.user_data[TEXT_KEY] = text
    return doc


def found_list(doc: Doc) -> list[Found]:
    if doc._.found is None:
        doc._.found = []
    return doc._.found


def alternation(words: list[str], any_spaces: bool = False) -> str:
    """A regex alternation of normalized words, longest first so the longest match wins; with
    `any_spaces`, the words of a phrase may be separated by any run of blanks."""
    forms = sorted({normalize_str(w) for w in words}, key=len, reverse=True)
    if any_spaces:
        return "|".join(r"\s+".join(re.escape(w) for w in form.split()) for form in forms)
    return "|".join(re.escape(f) for f in forms)


# Quotation marks a name may be written between: straight, curly, guillemets, low-9.
QUOTES = "\"“”«»„‟'‘’‹›"  # every quote style published text uses, single guillemets too

# Letters that cling to the next word: wa (and), bi (with/by), li (for), ka (as), fa (then), and
# the article; matching allows them before a name or number.
CLITICS = "وبلكف"
# An Arabic word boundary: not preceded/followed by a letter or digit.
AR_LETTER = r"[\u0621-\u064A\u066E-\u06D3\u06FA-\u06FF]"
