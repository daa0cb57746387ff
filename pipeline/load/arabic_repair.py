"""Repairs of Arabic text broken by the program that wrote it, shared by every reader.

Word and InDesign write a ligature glyph's letters in visual order into a PDF's text layer; the PDF
reader fixes that at the glyph level (`pdf_text.fix_ligature_glyphs`), where the glyph boxes say
exactly which letters were one glyph. Text that reaches a reader already flattened (copied from
such a PDF into a Word file or a web page) has lost the boxes: `repair_lam_alef` fixes the
sequences of it that correct Arabic never contains, and nothing else:

* `األ` / `اإل` / `اآل` (alef, hamza-alef, lam): `الأ` / `الإ` / `الآ`, as in `اإليرادات`;
* `اال` at the start of a word (the article before an alef: `االقتصاد` for `الاقتصاد`);
* the negation `لا` (and `إلا`, `ولا`, `فلا`) written as a word of its own: `ال`, `إال` and `فال`
  never stand alone in Arabic text, `وال` only as the rare `والٍ` (a governor, written `والي` in
  Moroccan usage), against `ولا سيما` in almost every decree.

Lam-alef inside a word (`عالوات` for `علاوات`) is ambiguous without the glyphs (`عالم` is a word)
and is left as it is.
"""

from __future__ import annotations

import re

ARABIC_LETTER = "\u0621-\u064a"
HAMZA_ALEF = re.compile("ا([أإآ])ل")
ARTICLE_ALEF = re.compile(f"(?<![{ARABIC_LETTER}])اال(?=[{ARABIC_LETTER}])")
LONE_LA = re.compile(f"(?<![{ARABIC_LETTER}])([وف]?)(إ?)ال(?![{ARABIC_LETTER}])")


def repair_lam_alef(text: str) -> str:
    """`text` with the lam-alef sequences a broken text layer leaves (see the module) repaired."""
    if "ال" not in text and "اأ" not in text and "اإ" not in text and "اآ" not in text:
        return text
    text = HAMZA_ALEF.sub(r"ال\1", text)
    text = ARTICLE_ALEF.sub("الا", text)
    return LONE_LA.sub(r"\1\2لا", text)


__all__ = ["repair_lam_alef"]
