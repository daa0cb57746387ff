"""Organizations as a record names them, from ORG entities and from lists read after a role cue.

Organizations are named as written: with the nationality adjective that follows them (`بلدية ليل
الفرنسية`, which the ORG entity convention leaves out), in Arabic when the Latin name or acronym
follows (`... الدولية Expertise France` is one body), a joint body (`X المشترك بين A وB`) as one.
A list after a role cue (`بشراكة مع A وB`) is read item by item: each starts with an organization's
head noun and ends at a clause mark, a stop word or `و` before the next head.
"""

from __future__ import annotations

import re

from extractors.base import alternation
from extractors.numbers import SCALES, read_number_words
from extractors.organizations import read_org_data
from extractors.places import read_place_data
from extractors.registry import registered
from pipeline.model import Entity, Organization
from pipeline.normalize import NormalizedText
from pipeline.records.lexicon import (
    ARABIC_LETTER,
    CLITIC,
    INTERMEDIARY,
    ITEM_HEAD_RE,
    LETTER,
    LIST_CUE,
    LIST_CUES,
    ORG_HEADS,
    STOP_WORDS,
    WORDS,
    N,
    Q,
)
from pipeline.records.source import Source, Span

ORG_WORDS = read_org_data()
# a cue may take the future particle (`وستتولى`، `سيشرف`)
LIST_CUE_RE = re.compile(rf"(?<!{LETTER})[وف]?س?(?P<cue>{LIST_CUE})(?!{LETTER})[\s،,:]*")
# Read over between a cue and its list: the work a verb of carrying out takes first, with its pronoun or
# its definite object (`وسيتولى تنفيذ البرنامج X`، `تتولى تنفيذه X`), and `كل من` before a list.
CARRIED_OUT = alternation(WORDS["list_after_cue"]["carried_out"])
AFTER_CUE = re.compile(
    rf"(?:(?:{CARRIED_OUT})(?:ه|ها|هما)?(?:\s+{N('ال')}{LETTER}+)?(?!{LETTER})\s+)?"
    rf"(?:(?:{alternation(WORDS['list_after_cue']['each_of'])})(?!{LETTER})\s+)?"
)
# the work with its pronoun ends a listed name (`تتولى الوكالة تنفيذه`)
CARRIED_OUT_WORD = re.compile(rf"^(?:{CARRIED_OUT})(?:ه|ها|هما)$")
# Words that end a listed organization's name.
ITEM_STOP = set(WORDS["item_stop_words"]) | set(STOP_WORDS)
# `جمعية X بإقليم زاكورة`، `... بجماعة سيدي إفني`: ب and a place word end a body's name; the place is where it works
PLACED_HEAD = re.compile(rf"(?:{alternation(WORDS['placed_heads'])})(?!{LETTER})")
PLACE_PHRASE_TOKEN = re.compile(rf"^ب(?:{alternation(WORDS['phrase_place_words']['single'] + WORDS['phrase_place_words']['shared'] + [N('إقليم'), N('جهة'), N('عمالة')])})$")
MAX_ITEM_WORDS = 14
# Words that end an ORG entity's name in a record (the entity ran over the sentence).
ORG_STOP = set(WORDS["organization_stop_words"])
JOINT = set(WORDS["joint_body_words"])
# An adjective of nationality (or of a union of nations) written right after an organization belongs to
# its name in a record (`بلدية ليل الفرنسية`), even where the ORG extractor leaves it out (its entity
# convention drops it for a city's municipality). Stems, definite, masculine or feminine nisba.
NATIONALITY = re.compile(rf"[ \t]+(?P<adj>{N('ال')}(?:{alternation(ORG_WORDS['nationality_stems'])})(?:يه|ي))(?!{LETTER})")
# A municipality's ORG ends before a definite nisba adjective (the extractor's convention): it is given back.
MUNICIPAL_HEADS = set(ORG_WORDS["municipal_heads"])
DEF_NISBA = re.compile(rf"[ \t]+(?P<adj>{N('ال')}{LETTER}{{2,}}يه)(?!{LETTER})")
# Between an Arabic name and the Latin name or acronym written beside it: spaces, brackets, dashes.
APPOSITION_GAP = re.compile(r"[ \t()\[\]\-–—/]*")
# A Latin name or acronym ending a name that starts in Arabic (`الوكالة الفرنسية للتنمية AFD`).
LATIN_TAIL = re.compile(r"[\s\-–—/(\[]+[A-Za-zÀ-ÖØ-öø-ÿ][^\u0600-\u06FF]*$")
GIVER = re.compile(rf"\s*{N('من')}\s+")  # an amount then `من`: who gives it
BETWEEN = re.compile(rf"(?<!{LETTER}){N('بين')}\s+")

# What ends a listed organization: a quote, a project's cue word, a share (`بـ40 مليون درهم`), a loan or
# an agreement (`وقعت X اتفاقية قرض`), a purpose (`لإنجاز`), a country (`منح البنك ... المغرب قرضا`), the
# object a giver gives (`رصد المجلس مليونا ...`، `خصص المجلس اعتمادات ...`).
# An instrument written in several words breaks at its first word unless that word names alone (`دعم`).
_INSTRUMENT_WORDS = [w for ws in WORDS["financing_instruments"].values() for w in ws]
_BREAK_WORDS = [*WORDS["cue_words"], *WORDS["accusative_cue_words"], *WORDS["plural_cues"], *WORDS["purpose_cues"],
                *WORDS["party_words"]["purpose_breaks"], *WORDS["party_words"]["object_breaks"],
                *WORDS["demonstratives"], *(N("ال") + w for w in WORDS["cue_words"]),
                *(w.split()[0] for w in _INSTRUMENT_WORDS if w.split()[0] not in WORDS["naming_alone"])]  # fmt: skip
# `رصد المجلس مليونين ...`، `ثلاثة ملايين`: the amount given (number words of four letters or more: `سبع`
# and `ست` are words of names too)
AMOUNT_WORDS = [*SCALES, *read_number_words()["duals"], *(w for w in read_number_words()["units"] if len(w) >= 4)]
COUNTRY_FORMS = [N(f) for c in read_place_data()["countries"] for f in [c["name"], *c.get("variants", [])]]
COUNTRY_WORD = re.compile(rf"^و?(?:{alternation(COUNTRY_FORMS)})$")
ITEM_BREAK = re.compile(rf"^(?:[{Q}]|و?ب?\d|ب$|[وف]?ب(?:{alternation(WORDS['plural_place_words'])})$|و?ب?(?:{alternation(AMOUNT_WORDS)})$|{CLITIC}(?:{alternation(_BREAK_WORDS)})$)")
# An official's title after `و` starts another signatory (`رئيس مجلس جهة X والمدير الجهوي للوكالة ...`).
TITLE_FIRST = {N(t).split()[0] for t in WORDS["party_words"]["titles"]}
# A head word after a definite word starts another body (`منح البنك الإفريقي للتنمية المكتب الوطني ...`).
SINGLE_HEADS = {h for h in ORG_HEADS if " " not in h}
DEFINITE = ("ال", "لل", "بال")
# `من أجل` + a definite noun inside a name (`الوكالة ... للتعاون الدولي من أجل التنمية`); before an
# indefinite verbal noun it is a purpose (`جمعية X من أجل اقتناء ...`)
FOR_THE_SAKE = N("اجل")

Listed = tuple[str, int, int, str]  # name, start, end, role


def as_organizations(names: list[str]) -> list[Organization]:
    """Names read for a role, as organizations with their identity in the registry."""
    return [Organization(name=name, **registered(name)) for name in names]


def names_of(organizations: list[Organization]) -> list[str]:
    return [o.name for o in organizations]


def arabic_name(name: str) -> str:
    """An organization named in Arabic and followed by its Latin name or acronym is named in Arabic
    (`الوكالة الفرنسية للتنمية AFD` -> `الوكالة الفرنسية للتنمية`); a Latin name alone is kept."""
    if not ARABIC_LETTER.search(name):
        return name
    tail = LATIN_TAIL.search(name)
    return name[: tail.start()].strip(" ،,.:؛-–—") if tail else name


def clean_org(entity: Entity) -> tuple[str, int, int]:
    """The ORG entity's name up to a word that starts the sentence again (`بتمويل`، a number ...)."""
    kept: list[str] = []
    for word in entity.text.split():
        if N(word) in ORG_STOP or re.fullmatch(r"\d+", word) or (kept and PLACE_PHRASE_TOKEN.match(N(word)) and PLACED_HEAD.match(N(kept[0]))):
            break
        kept.append(word)
    name = " ".join(kept) or entity.text
    name = name.strip(" ،,.:؛")
    return name, entity.start, entity.start + len(name)


def org_name(source: Source, entity: Entity) -> tuple[str, int, int]:
    """An organization's name in a record: the ORG entity cleaned (`clean_org`) and, when nothing
    was cut from it, stretched over the adjective of nationality written right after it (`بلدية ليل
    الفرنسية`), or over the definite nisba adjective a municipality's entity leaves out."""
    text = source.text
    name, start, end = clean_org(entity)
    if text[end : entity.end].strip(" ،,.:؛"):
        return name, start, end
    norm = source.window(end, end + 40)
    match = NATIONALITY.match(norm.text)
    if match is None and N(entity.text.split()[0]) in MUNICIPAL_HEADS and len(entity.text.split()) >= 2:
        match = DEF_NISBA.match(norm.text)
    if match is None:
        return name, start, end
    a_start, a_end = (end + o for o in norm.to_original(*match.span("adj")))
    if any(o is not entity and o.start < a_end and a_start < o.end for o in source.entities_in([(start, a_end + 1)], "ORG", overlap=True)):
        return name, start, end  # the adjective is another organization's
    return text[start:a_end], start, a_end


def organizations(source: Source, spans: list[Span]) -> list[tuple[str, int, int, Entity]]:
    """The organizations of the spans, as a record names them (`org_name`): a joint body (`X المشترك
    بين A وB`) is one; an Arabic name followed by its Latin name or acronym (only spaces, brackets or
    dashes between: `الوكالة الفرنسية للخبرة الفنية الدولية Expertise France`) is one body, named in
    Arabic, its span running over the Latin name."""
    text = source.text
    found: list[tuple[str, int, int, Entity]] = []
    orgs = source.entities_in(spans, "ORG")
    skip: set[int] = set()
    for i, entity in enumerate(orgs):
        if i in skip or re.search(r"\d[^\S\t\n]*$", text[max(0, entity.start - 8) : entity.start]):
            continue  # `78 جمعية`: a count, not a name (a number ending the cell before is not)
        name, start, end = org_name(source, entity)
        # a joint body: `X المشترك بين A و B` is one organization
        if N(name.split()[-1]) in JOINT and i + 2 < len(orgs):
            gap1 = source.folded(end, orgs[i + 1].start).strip()
            gap2 = source.folded(org_name(source, orgs[i + 1])[2], orgs[i + 2].start).strip()
            if gap1 == N("بين") and gap2 in ("و", ""):
                end = org_name(source, orgs[i + 2])[2]
                name = text[start:end]
                skip.update({i + 1, i + 2})
        if found and not ARABIC_LETTER.search(name) and ARABIC_LETTER.search(found[-1][0]):
            previous = found[-1]
            if _apposition(source, previous[2], start):
                found[-1] = (previous[0], previous[1], max(previous[2], end), previous[3])
                continue  # the Latin name of the body before it
        found.append((name, start, end, entity))
    return found


def _apposition(source: Source, end: int, start: int) -> bool:
    """Only spaces, brackets, dashes and acronyms between an Arabic name ending at `end` and a Latin
    name starting at `start`."""
    if start < end:
        return False
    gap = source.text[end:start]
    for acronym in source.entities_in([(end, start)], "ACRONYM"):
        gap = gap.replace(acronym.text, " ")
    return APPOSITION_GAP.fullmatch(gap) is not None


# Lists after a role cue ---------------------------------------------------------------------------------


def item_end(text: str, start: int) -> int:
    """Where a listed organization's name ends: a clause mark, a stop word, or `و` before another head."""
    last = start
    seen_between = False
    previous = ""
    for count, word in enumerate(re.finditer(r"[^\s،,.:;؛()\n]+|[،,.:;؛()\n]", text[start:])):
        token = word.group()
        following = text[start + word.end() :].split(maxsplit=2)
        if token == N("من") and following[:1] == [FOR_THE_SAKE] and following[1:2] and following[1].startswith(N("ال")):
            previous = token
            continue
        if token in "،,.:;؛()\n" or (count and (token in ITEM_STOP or CARRIED_OUT_WORD.match(token) or (PLACE_PHRASE_TOKEN.match(token) and PLACED_HEAD.match(text, start)))) or re.fullmatch(r"\d[\d\-/]*", token):
            break
        if count and token == N("مع") and following and (ITEM_HEAD_RE.match(following[0]) or following[0] in COUNTRY_FORMS):
            break  # `وقع البنك ... مع الحكومة ...`: the other party (`المكلفة بالعلاقات مع البرلمان` stays)
        if count and (ITEM_BREAK.match(token) or (token.startswith("و") and token[1:] in TITLE_FIRST)
                      or ((token in SINGLE_HEADS or COUNTRY_WORD.match(token)) and previous.startswith(DEFINITE))):  # fmt: skip
            break  # a quote, a project's cue word, a share (`بـ40 مليون`); a second body (`البنك ... المكتب الوطني`)
        previous = token
        if count and token.startswith("و") and (ITEM_HEAD_RE.match(token[1:]) or token[1:] in COUNTRY_FORMS) and not seen_between:
            break  # `A وB`: the next organization
        if token == N("بين"):
            seen_between = True  # `X المشترك بين A وB` is one body
        elif seen_between and token.startswith("و") and ITEM_HEAD_RE.match(token[1:]):
            seen_between = False
        last = start + word.end()
        if count + 1 >= MAX_ITEM_WORDS:
            break
    return last


def listed_items(norm: NormalizedText, offset: int, pos: int, role: str, intermediary: bool) -> list[Listed]:
    """The organizations listed from `pos` in a normalized span starting at `offset` (`A وB ، وC`)."""
    items: list[Listed] = []
    while pos < len(norm.text):
        head = ITEM_HEAD_RE.match(norm.text, pos)
        if head is None:
            break
        end = item_end(norm.text, head.start("item"))
        if end <= head.start("item"):
            break
        o_start, o_end = norm.to_original(head.start("item"), end)
        written = norm.original[o_start:o_end].strip(" ،,.:؛")
        name = arabic_name(written)
        channel = intermediary and INTERMEDIARY in norm.text[max(0, head.start() - 12) : head.start()]
        # the span runs over a Latin name beside the Arabic one: that ORG entity is this item
        items.append((name, offset + o_start, offset + o_start + len(written), "partners" if channel else role))
        # `A (12 مليون درهم) وB`، `A (AFD) وB`: what the brackets say of A does not end the list
        following = re.match(r"\s*(?:\([^()\n]{1,40}\)\s*)?(?:،\s*)?و\s*", norm.text[end:])
        if following is None:
            break
        pos = end + following.end()
    return items


def role_lists(source: Source, spans: list[Span], parties: list[Span] | None = None) -> list[Listed]:
    """Organizations listed after a role cue (`بشراكة مع A وB`), read up to the end of the clause:
    items start with an organization head word and are split at `و` before the next head. Also
    the giver of an amount (`5 مليون اورو من الاتحاد الأوروبي`: funder) and the parties of a
    twinning (`توأمة بين A وB`: partners, `parties` are the spans of such names)."""
    text = source.text
    items: list[Listed] = []
    for span_start, span_end in spans:
        norm = source.norm(span_start, span_end)
        for match in LIST_CUE_RE.finditer(norm.text):
            intermediary = INTERMEDIARY in norm.text[match.start() : match.end() + 40]
            after = AFTER_CUE.match(norm.text, match.end())
            items += listed_items(norm, span_start, after.end() if after else match.end(), LIST_CUES[match["cue"]], intermediary)
        for money in source.entities_in([(span_start, span_end)], "MONEY"):
            giver = GIVER.match(text[money.end : span_end])
            if giver:
                offset = money.end + giver.end()
                items += listed_items(source.window(offset, span_end), offset, 0, "funders", False)
    for start, end in parties or []:
        norm = source.window(start, end)
        between = BETWEEN.search(norm.text)
        if between and len(norm.text) == end - start:
            items += listed_items(norm, start, between.end(), "partners", False)
    return items
