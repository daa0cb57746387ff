"""Records named by what they are for, with no cue word: loans, grants, financial supports,
agreements and launches, and the ordinal items a dual or plural cue announces.

- A financing instrument (`قرض`، `منحة`، `هبة`، `دعم مالي`، `اتفاقية شراكة` ...) and, in the same
  sentence, what it is for: after a purpose cue that is dropped (`لتمويل`، `للمساهمة في تمويل`،
  `لإنجاز`، `تتعلق ب`، `من أجل`، `قصد`، `تروم`), or after `ل` before a verbal noun that is kept
  (`لتعزيز X`، `لدعم X`، `لمواكبة X`). `مشاريع` opening the object is dropped.
- A launch (`أعطيت انطلاقة أشغال X`، `انطلقت بإقليم Y أشغال X`): X; an inauguration with its subject and
  date set off by commas (`دشن رئيس المجلس، يوم ...، مركز X`): X.
- `مشروعين: الأول يتعلق بX، والثاني بY`: X and Y; items after a plural and a colon, or after an opener
  (`ويتعلق الأمر ب`، `ومن بين هذه المشاريع`), separated by `، و`; amounts of a split total each with
  its purpose (`منها 70 مليون يورو لدعم X و45 مليون يورو لدعم Y`); a grant's purpose after its receiver
  (`منح الاتحاد 2 مليون يورو لبلدية X من أجل Y`). An instrument that is itself a named record (`اتفاقية
  التوأمة بين X وY، تروم Z`) has no other object.
- What a body carries out or pays for: `تشرف المؤسسة على إنجاز مركز X`، `بتمويل بناء X` (a work only).
- The list items a block announces (`صادق المجلس على المساهمة في المشاريع التالية:` then `- تهيئة X: 60
  مليون درهم`): the work each opens with; the record named up to that block is the items' parent (they
  are where it is).

An object ended by its place phrase carries its placed form as an alias (`placed_name_end`).

The object is a name only when no cue mention names it already (`لتمويل مشروع X`), it is not an
event (`ورشة`، `الدورة`), and it runs to at least two words. Its end is found as a cue's unquoted
name's is.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from extractors.base import alternation
from pipeline.normalize import NormalizedText
from pipeline.records.lexicon import CLITIC, CUE, DEF_CUE, LETTER, ORG_HEAD, ORG_HEADS, STOP_WORDS, WORDS, N
from pipeline.records.mentions import Mention, Unit, units
from pipeline.records.name_end import PURPOSE, VERBAL_NOUN, name_end, placed_name_end
from pipeline.records.organizations import item_end
from pipeline.records.source import Source

INSTRUMENTS: dict[str, list[str]] = WORDS["financing_instruments"]
KIND_OF = {N(word): kind for kind, words in INSTRUMENTS.items() for word in words}
INSTRUMENT = re.compile(rf"(?<!{LETTER}){CLITIC}(?P<word>{alternation(list(KIND_OF))})(?!{LETTER})")
INSTRUMENT_AT = re.compile(rf"{CLITIC}(?:{alternation(list(KIND_OF))})(?!{LETTER})")  # opening an object
LAUNCH = re.compile(
    rf"(?<!{LETTER})(?:{alternation(WORDS['launch_cues'])})\s+"
    # `انطلقت بإقليم ميدلت أشغال بناء X`، `ستنطلق أشغال تهيئة X`: a verb of starting, maybe a place phrase, the works
    rf"|(?<!{LETTER})[وف]?(?:{alternation(WORDS['launch_verbs'])})\s+(?:ب{LETTER}+(?:\s+{LETTER}+){{0,2}}?\s+)?"
    rf"(?:{alternation(WORDS['works_words'])})\s+"
)
# `دشن رئيس المجلس الجماعي لتزنيت، يوم 9 يناير 2024، مركز X`: the subject and the date between commas, then the object
INAUGURATED = re.compile(
    rf"(?<!{LETTER})[وف]?(?:{alternation(WORDS['inauguration_verbs'])})\s+[^،,.\n]{{3,80}}[،,]\s*"
    rf"(?:{alternation([WORDS['day_word'], N('في')])})\s+[^،,.\n]{{3,40}}[،,]\s*"
)
PLURAL_CUE = re.compile(rf"(?<!{LETTER}){CLITIC}(?:{alternation(WORDS['plural_cues'])})(?!{LETTER})")
ORDINAL = re.compile(
    rf"(?<!{LETTER})و?(?:{alternation(WORDS['ordinal_items'])})\s+(?:(?:{alternation(WORDS['about_words'])})\s+)?ب(?={LETTER})"
)
# an ordinal item that gives its amount or its party before what it is for (`الأول بقيمة 100 مليون أورو
# لإنجاز ...`، `الثانية مع مؤسسة X لإحداث ...`)
WITH_PARTY = re.compile(rf"\s+{N('مع')}\s+(?={ORG_HEAD})")
# `ثلاثة مشاريع ... ويتعلق الأمر بدعم X، وتجهيز Y، وإحداث Z`: the items a plural cue announces, listed
LIST_OPENER = re.compile(rf"(?<!{LETTER})(?:{alternation(WORDS['list_openers'], any_spaces=True)})\s*(?={LETTER})")
NEXT_ITEM = re.compile(rf"،\s*و(?={LETTER})")
# a plural cue, its adjectives, a colon, then items (ordinal items, `: الأول ...`، are read as such)
PLURAL_COLON = re.compile(rf"(?:\s+{LETTER}+){{0,2}}\s*:\s*(?={LETTER})(?!و?(?:{alternation(WORDS['ordinal_items'])})(?!{LETTER}))")
SELF_PLURAL = re.compile(rf"{N('ال')}(?:{alternation(WORDS['plural_cues'])})")
ORDINAL_WORD = re.compile(rf"(?<!{LETTER})و?(?:{alternation(WORDS['ordinal_items'])})(?!{LETTER})")
# `صادق المجلس على المساهمة في المشاريع التالية:` then list items: a block announcing the items below it
ANNOUNCING = re.compile(rf"(?<!{LETTER}){CLITIC}(?:{N('ال')})?(?:{alternation(WORDS['plural_cues'])})(?!{LETTER})[^.:\n]{{0,60}}:\s*$")
# a list item opening with a work (`- تهيئة الطريق ...: 60 مليون درهم`، `1. إحداث سوق ...`), after its number
ITEM_WORK = re.compile(rf"^\s*(?:\d{{1,2}}\s*[.)\-]\s*)?(?={VERBAL_NOUN})")
# `تشرف المؤسسة على إنجاز مركز ...`، `التزمت المؤسسة بتمويل بناء ...`: what is carried out or paid for
WORKS_OBJECT = {
    kind: re.compile(rf"(?<!{LETTER})و?(?:{alternation(words)})\s+")
    for kind, words in WORDS["works_objects"].items()
}
NOT_OBJECT_FIRST = {*WORDS["demonstratives"], *WORDS["generic_first_words"], *STOP_WORDS}
# `منح الاتحاد 2,3 مليون يورو لبلدية X من أجل Y`: the receiver between an amount and what it is for
RECEIVER = re.compile(rf"\s*ل(?={ORG_HEAD}(?!{LETTER}))")
EVENT_WORDS = set(WORDS["event_words"])
EVENT_VERBS = set(WORDS["event_verbs"])
# Words after `ل` that are not what something is for: a place or a body (`لإقليم`، `لجمعية`)
NOT_PURPOSE = {*WORDS["place_phrase_words"], *ORG_HEADS}
# A cue word or its plural opening the object: the object is a cue mention's, or the plural is dropped
PLURAL_OPENING = re.compile(rf"(?:{alternation(WORDS['plural_cues'])})\s+")  # matched at the object's start
SENTENCE_END = re.compile(r"[.؛;\n!؟?]")
NAME_END = re.compile(r"[\"“”«»„‟'‘’\n()،,.:;؛!؟?]")
# an indefinite programme then its purpose (`برنامجا لدعم ...`، `مشروعا يهدف إلى ...`)
ACC_PURPOSE = re.compile(rf"(?<!{LETTER})[وف]?(?:{alternation(WORDS['accusative_cue_words'])})\s+")
COUNTED = re.compile(r"\d\s*$")
ACC_ADJECTIVE = re.compile(rf"{LETTER}+يا")  # an indefinite accusative adjective (`فرعيا`، `نموذجيا`) after the cue
PROGRAMME_WINDOW = 40  # characters after the programme where its purpose cue must start (right after it)
GIVER = re.compile(rf"(?<!{LETTER})[وف]?(?:{alternation(WORDS['party_words']['giver_verbs'])})(?!{LETTER})")
AMOUNT_GAP = 20  # characters after a given amount where what it is for starts
# `بقيمة إجمالية ...، منها X لـ...`: the amounts after these are each a part with its own purpose
SHARE_OF = re.compile(rf"(?<!{LETTER})(?:{alternation(WORDS['split_words'])})(?!{LETTER})")
MAX_GAP = 220  # characters between an instrument and what it is for


def first_purpose(text: str, start: int, end: int, in_body: Callable[[int], bool] | None = None) -> re.Match[str] | None:
    """The first purpose cue between start and end: a dropped one, or `ل` before a verbal noun that is
    not a place or a body (`لجمعية`، `لإقليم`) nor inside a body's name (`in_body`; an ORG entity may
    run over a dropped cue)."""
    for purpose in PURPOSE.finditer(text, start, end):
        after = text[purpose.end() :].split(maxsplit=1)
        if not after:
            continue
        if not purpose["dropped"] and (after[0] in NOT_PURPOSE or (in_body is not None and in_body(purpose.start()))):
            continue
        return purpose
    return None


def _sentence_end(text: str, pos: int) -> int:
    found = SENTENCE_END.search(text, pos)
    return found.start() if found else len(text)


class _Objects:
    """Finds the records one unit names by their object."""

    def __init__(self, source: Source, unit: Unit, named: list[tuple[int, int]]):
        self.source = source
        self.unit = unit
        self.norm: NormalizedText = source.normalized.part(unit.start, unit.end)
        self.named = named  # spans of the mentions found by cue words in this unit
        self.found: list[Mention] = []

    def orig(self, start: int, end: int) -> tuple[int, int]:
        s, e = self.norm.to_original(start, end)
        return self.unit.start + s, self.unit.start + e

    def in_body(self, pos: int) -> bool:
        """Whether the normalized position lies inside an organization's name."""
        o_start, o_end = self.orig(pos, pos + 1)
        return any(
            o.start < o_start < o.end
            for o in self.source.entities_in([(o_start, o_end)], "ORG", overlap=True)
        )

    def add(self, how: str, cue_start: int, n_start: int) -> None:
        text = self.norm.text
        if (opening := PLURAL_OPENING.match(text, n_start)) is not None:
            n_start = opening.end()
        first = text[n_start:].split(maxsplit=1)
        words = text[n_start:].split(maxsplit=2)
        if len(words) > 1 and words[0] in EVENT_VERBS and words[1] in EVENT_WORDS:
            return  # `تنظيم الدورة العاشرة ...`: an event
        if (
            not first
            or first[0] in EVENT_WORDS
            or re.fullmatch(rf"{CUE}|{DEF_CUE}", first[0])
            or INSTRUMENT_AT.match(text, n_start)
        ):
            return  # an event; a cue word (a cue mention names the object); an instrument (its object names it)
        limit = NAME_END.search(text, n_start)
        n_end = name_end(text, n_start, limit.start() if limit else len(text))
        if len(text[n_start:n_end].split()) < 2:
            return
        o_start, o_end = self.orig(n_start, n_end)
        if any(s < o_end and o_start < e for s, e in [*self.named, *((m.start, m.end) for m in self.found)]):
            return  # a cue mention names it (`لتمويل مشروع X`), or another instrument's object is it
        m_start = self.orig(cue_start, cue_start + 1)[0]
        name = self.source.text[o_start:o_end].strip(" :،,.-–")
        mention = Mention(name=name, start=m_start, end=o_end, unit=self.unit, how=how)
        if (placed := placed_name_end(text, n_start, limit.start() if limit else len(text), n_end)) is not None:
            p_start, p_end = self.orig(n_start, placed)  # what it is for, with its place: an alias
            mention.aliases.append(self.source.text[p_start:p_end].strip(" :،,.-–"))
        self.found.append(mention)

    def financing(self) -> None:
        text = self.norm.text
        for instrument in INSTRUMENT.finditer(text):
            i_start, i_end = self.orig(instrument.start(), instrument.end())
            if any(i_start <= s <= i_end + 2 for s, _ in self.named):
                continue  # `اتفاقية التوأمة بين X وY تروم ...`: the instrument is the named record itself
            end = min(_sentence_end(text, instrument.end()), instrument.end() + MAX_GAP)
            purpose = first_purpose(text, instrument.end(), end, self.in_body)
            if purpose is not None:
                self.add("financing", instrument.start(), purpose.end())
        for money in self.source.entities_in([(self.unit.start, self.unit.end)], "MONEY"):
            # an amount a giver verb gives, then what it is for (`رصدت الوزارة 5 ملايين درهم لتأهيل ...`)
            m_start, m_end = (self.position(o) for o in (money.start, money.end))
            sentence = max(text.rfind(".", 0, m_start), text.rfind("\n", 0, m_start)) + 1
            # or an amount of several instruments or a total split (`اتفاقيتي تمويل ...، منها 70 مليون يورو لدعم X و45 مليون يورو لدعم Y`)
            shared = PLURAL_CUE.search(text, sentence, m_start) or SHARE_OF.search(text, sentence, m_start)
            after = item_end(text, receiver.end()) if (receiver := RECEIVER.match(text, m_end)) else m_end
            purpose = first_purpose(text, after, after + AMOUNT_GAP) if GIVER.search(text, sentence, m_start) or shared else None
            if purpose is not None and not text[after : purpose.start()].strip(" ،,"):
                self.add("financing", m_start, purpose.end())

    def position(self, offset: int) -> int:
        """The unit's normalized position of an original offset."""
        low, high = 0, len(self.norm.text)
        while low < high:
            mid = (low + high) // 2
            if self.unit.start + self.norm.to_original(mid, mid)[0] < offset:
                low = mid + 1
            else:
                high = mid
        return low

    def programmes(self) -> None:
        """`أطلقت الوزارة برنامجا لدعم X`، `مشروعا يهدف إلى X`: a programme named by its purpose."""
        text = self.norm.text
        for cue in ACC_PURPOSE.finditer(text):
            if COUNTED.search(text, 0, cue.start()):
                continue  # `110 مشروعا لإدماج ...`: a count of projects, not one programme
            purpose = first_purpose(text, cue.end(), min(len(text), cue.end() + PROGRAMME_WINDOW), self.in_body)
            between = text[cue.end() : purpose.start()].strip(" ،,") if purpose is not None else ""
            if purpose is not None and (not between or ACC_ADJECTIVE.fullmatch(between)):  # `مشروعا فرعيا لتثمين X`
                self.add("financing", cue.start(), purpose.end())

    def launches(self) -> None:
        for launch in LAUNCH.finditer(self.norm.text):
            self.add("launch", launch.start(), launch.end())
        for inaugurated in INAUGURATED.finditer(self.norm.text):  # named from its object: the date before it dates it
            self.add("launch", inaugurated.end(), inaugurated.end())

    def works(self) -> None:
        """What a body carries out (`على إنجاز مركز X`) or pays for (`بتمويل بناء X`, a work only)."""
        text = self.norm.text
        for kind, pattern in WORKS_OBJECT.items():
            for found in pattern.finditer(text):
                first = text[found.end() :].split(maxsplit=1)
                if not first or first[0] in NOT_OBJECT_FIRST or (kind == "paid" and not re.fullmatch(VERBAL_NOUN, first[0])):
                    continue
                self.add("works", found.start(), found.end())

    def ordinals(self) -> None:
        text = self.norm.text
        plural = PLURAL_CUE.search(text)
        # `ومن بين هذه المشاريع إحداث X بكلفة ...، وتأهيل Y ...`: an opener that names the plural itself
        opener = LIST_OPENER.search(text, plural.end() if plural else 0)
        if plural is None and (opener is None or not SELF_PLURAL.search(opener.group())):
            return
        if opener is None and plural is not None and (colon := PLURAL_COLON.match(text, plural.end())) is not None:
            opener = colon  # `يضم مشروعين فرعيين: X، وY`: the items follow the colon
        if opener is not None:
            end = _sentence_end(text, opener.end())
            starts = [opener.end(), *(m.end() for m in NEXT_ITEM.finditer(text, opener.end(), end))]
            for start in starts:
                self.add("ordinal", start, start)
        # an ordinal opens an item (`: الأول ...`، `، والثانية ...`), not an adjective inside a name (`التعليم الأولي`)
        words = [w for w in (ORDINAL_WORD.finditer(text, plural.end()) if plural else [])
                 if w.group().startswith("و") or not text[: w.start()].strip() or text[: w.start()].rstrip()[-1] in ":،,.؛;"]
        for i, word in enumerate(words):
            item = ORDINAL.match(text, word.start())
            if item is not None and text[item.end() - 1 :].split(maxsplit=1)[0] not in STOP_WORDS:  # not `بقيمة`
                if INSTRUMENT.match(text, item.end() - 1):
                    continue  # `الأولى تتعلق بقرض ...`: the instrument's object is the name
                self.add("ordinal", item.start(), item.end())
                continue
            # up to the next item or the sentence's end: what this one is for, after the party it is with
            # (`الثانية مع مؤسسة X لإعادة إدماج ... لإحداث Y`: the body's name may hold a purpose word)
            end = min(_sentence_end(text, word.end()), words[i + 1].start() if i + 1 < len(words) else len(text))
            start = word.end()
            in_body: Callable[[int], bool] | None = self.in_body
            if (party := WITH_PARTY.match(text, start)) is not None:
                start, in_body = item_end(text, party.end()), None  # the body's name ends there, whatever its entity
            purpose = first_purpose(text, start, min(end, word.end() + MAX_GAP), in_body)
            if purpose is not None:
                self.add("ordinal", word.start(), purpose.end())


    def list_item(self) -> None:
        """An item of a list a block above announces (`المشاريع التالية:`): the work it opens with."""
        if (work := ITEM_WORK.match(self.norm.text)) is not None:
            self.add("ordinal", work.end(), work.end())


def _announces(source: Source, unit: Unit) -> bool:
    block = source.document.blocks[unit.block]
    return block.kind != "list_item" and ANNOUNCING.search(source.normalized.part(unit.start, unit.end).text) is not None


def object_mentions(source: Source, named: list[Mention]) -> list[Mention]:
    """The records the document's blocks name by their object (`named`: the mentions found by cue words)."""
    found: list[Mention] = []
    named_in: dict[tuple[int, int | None, int | None], list[tuple[int, int]]] = {}
    for mention in named:  # grouped once: a long report has thousands of units and of mentions
        named_in.setdefault(mention.unit.where, []).append((mention.start, mention.end))
    announced = False  # the list items below a block that announces them
    announcer: Mention | None = None  # the last record named up to the announcing block: the items' parent
    for unit in units(source.document):
        if unit.row is not None:
            continue
        finder = _Objects(source, unit, named_in.get(unit.where, []))
        if source.document.blocks[unit.block].kind == "list_item":
            if announced:
                finder.list_item()
                for item in finder.found:
                    item.parent = announcer
        else:
            announced = _announces(source, unit)
            announcer = next((m for m in reversed(named) if m.start < unit.end), None) if announced else None
        finder.financing()
        finder.programmes()
        finder.launches()
        finder.works()
        finder.ordinals()
        found.extend(finder.found)
    return found
