"""Place phrases: places a record names with a place word, whether the gazetteer knows them or not.

`بجماعة أسني`، `التابع لجماعة أسني`، `بمقاطعة يعقوب المنصور`، `بمركز جماعة سيدي بيبي`، `في منطقة ...`:
the place as written, its place word kept. A dual or plural place word is shared by the names joined
after it (`بجماعتي تودغى العليا وأيت هاني`، `بجهتي مراكش آسفي والشرق`): each name is listed without it.
A name runs over at most MAX_WORDS words and ends at a clause mark, a stop word, a number, a word
that opens another phrase (`بإقليم ...`، `لفائدة ...`) or a nationality adjective (`بولاية كوركول
الموريتانية`: the country the place is in, not its name).
"""

from __future__ import annotations

import re

from extractors.base import alternation
from extractors.organizations import read_org_data
from pipeline.records.lexicon import LETTER, STOP_WORDS, WORDS, N
from pipeline.records.organizations import clean_org
from pipeline.records.source import Source, Span

SINGLE: list[str] = WORDS["phrase_place_words"]["single"]
SHARED: list[str] = WORDS["phrase_place_words"]["shared"]
PHRASE = re.compile(
    rf"(?<!{LETTER})[وف]?(?:ب|ل|في\s+)(?P<word>{alternation(SINGLE + SHARED)})\s+(?=\S)"
)
MAX_WORDS = 3
NATIONALITY = re.compile(rf"{N('ال')}(?:{alternation([N(s) for s in read_org_data()['nationality_stems']])})(?:يه|ي)")
BREAKS = set(WORDS["phrase_place_words"]["breaks"]) | {c + w for c in ("", "و") for w in WORDS["cue_words"]}  # `لمدينة الجديدة على اتفاقية`: a preposition ends the name
CLAUSE = re.compile(r"[^\s،,.:;؛()\"“”«»]+|[،,.:;؛()\"“”«»]")
# a word that opens another phrase: a definite noun after ب/ل (`بالجهة`، `للتنمية`), or a place word after ب/ل
OPENS_PHRASE = re.compile(rf"^(?:[بل]ال|لل|[بل](?:{alternation(SINGLE + SHARED + WORDS['place_phrase_words'])})$)")


def _names(text: str, start: int, shared: bool) -> list[tuple[int, int]]:
    """The name or names written from `start` (normalized positions)."""
    names: list[tuple[int, int]] = []
    first, last, count = start, start, 0
    for match in CLAUSE.finditer(text, start):
        token = match.group()
        if not re.fullmatch(rf"{LETTER}+", token) or token in STOP_WORDS or token in BREAKS or token[0].isdigit():
            break
        if count and OPENS_PHRASE.match(token) and not token.startswith("و"):
            break
        if count and NATIONALITY.fullmatch(token):
            break  # `ولاية كوركول الموريتانية`، `منطقة سان لويس السنغالية`
        if count and token.startswith("و"):
            if not shared:
                break
            names.append((first, last))
            first, count = match.start() + 1, 0
        if count >= MAX_WORDS:
            break
        last, count = match.end(), count + 1
    if last > first:
        names.append((first, last))
    return names


def place_phrases(source: Source, spans: list[Span], excluded: list[Span]) -> list[str]:
    """The places written as place phrases in the spans, outside an organization's name (one that
    starts at the place word is the place's own body: `بجماعة X`) and the `excluded` spans (the names
    of the record's funders and implementers)."""
    found: list[str] = []
    for span_start, span_end in spans:
        norm = source.norm(span_start, span_end)
        # a body's name as the records cut it (`جمعية X` ends before `بجماعة Y`: Y is where it works)
        bodies = [(o.start, clean_org(o)[2]) for o in source.entities_in([(span_start, span_end)], "ORG", overlap=True)]
        for match in PHRASE.finditer(norm.text):
            shared = match["word"] in SHARED
            w_start = span_start + norm.to_original(match.start("word"), match.end("word"))[0]
            if any(s < w_start < e for s, e in bodies) or any(s <= w_start < e for s, e in excluded):
                continue  # inside a body's name (`المجلس الإقليمي لجماعة ...`), or a funder's or implementer's
            for n_start, n_end in _names(norm.text, match.end(), shared):
                if shared:
                    o_start, o_end = norm.to_original(n_start, n_end)
                else:
                    o_start, o_end = norm.to_original(match.start("word"), n_end)
                written = norm.original[o_start:o_end].strip()
                if written:
                    found.append(written)
    return found
