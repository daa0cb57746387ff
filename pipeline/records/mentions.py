"""Mentions: where a unit of text (a paragraph, heading, list item or table cell) names a project.

A project, programme or initiative is named by a cue word (مشروع، برنامج، مبادرة، توأمة بين ...)
followed by a quoted name, a name with its acronym, or a name running to the next stop (punctuation,
a role, date or place cue); at the start of a unit, by a name followed by its acronym in brackets; by a
creation verb whose object the unit then calls `هذا المشروع`; and, in a table with a project column
(`المشروع`، `اسم البرنامج`), by the cell of each row. The cue word is dropped from the name, except
when it is part of the proper name (`البرنامج الجهوي ...`, `المبادرة المشتركة ...`: a definite cue
followed by a definite adjective; `توأمة بين ...`). References (`هذا المشروع`), plurals (`مشاريع`),
indefinite accusatives (`برنامجا متكاملا`), generic phrases (`برنامج عمل`) and programmes named after
a role cue (`بشراكة مع المبادرة الوطنية ...`, a partner) are not names, nor is a definite cue that is a
verb's object before its subject or its next object (`وتتولى تنفيذ المشروع المديرية ...`، `ويغطي
البرنامج الفترة ...`). Some words name a project only before a quoted name (`حملة «X»`); an agreement
or an owned programme is named by its title after a naming word (`اتفاقية توأمة مع X تحت عنوان 'Y'`،
`برنامجها المسمى «Y»`); a quoted name may follow a cue and a few words (`مشروع تنظيف الشواطئ "X"`),
what it is for and a naming word (`برنامجا لدعم X تحت اسم «Y»`), or a headline's words and a colon
(`مشروع جديد ... بإقليم X: «Y»`). A name a place phrase ends carries its placed form as an alias.
A second naming right after a first (`مشروع "X" مشروع Y`) is an alias of it.

Mentions with the same normalized name or acronym are one project (`group_mentions`); a heading's
description may match another mention's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.base import QUOTES, alternation
from extractors.tables import cell_number, is_total_row
from pipeline.model import Document
from pipeline.normalize import NormalizedText, normalize
from pipeline.records.identity import NEAR_NAME, SAME_PROJECT, close
from pipeline.records.lexicon import (
    CLITIC,
    CUE,
    CUE_WORDS,
    DEF_CUE,
    INDEF_CLITIC,
    ITEM_HEAD_RE,
    LETTER,
    LIST_CUE,
    MAX_NAME_WORDS,
    REFERENCE,
    STOP_WORDS,
    WORDS,
    N,
    Q,
)
from pipeline.records.name_end import ACR, PURPOSE, name_end, placed_name_end
from pipeline.records.source import Source

# A cue word kept in the name: twinning and partnership frameworks between two parties.
KEEP_CUE = rf"(?:{alternation(WORDS['kept_cues'])})\s+{N('بين')}"
NAME_CHARS = rf"[^{Q}\n()،,.:;؛!؟?]"
DEMONSTRATIVES = set(WORDS["demonstratives"])
# The first word of a generic phrase that is not a project's name (`برنامج عمل الجماعة`, `مشروع قانون`).
GENERIC_FIRST = set(WORDS["generic_first_words"])
# Definite adjectives that follow a definite cue without making it a name (`المشروع المذكور`).
GENERIC_ADJ = set(WORDS["generic_adjectives"])
# After a definite cue, the words of a verb's next object (`ويغطي البرنامج الفترة ...`): no name.
DEFINITE_OBJECTS = set(WORDS["definite_objects"])
# A unit opening with these is a sentence, not a name: `في إطار التعاون مع الوكالة ... (JICA)`.
LEADING_NOT = set(WORDS["sentence_openers"])
# `بشراكة مع المبادرة الوطنية ...`: a programme named after a role cue is a partner
LIST_CUE_END = re.compile(rf"(?:{LIST_CUE})[\s،,:]*$")
CHILD_BEFORE = re.compile(rf"(?:{alternation(WORDS['child_cues'])})\s+(?:\S+\s+){{0,2}}$")
FRAMEWORK_BEFORE = re.compile(rf"(?:{alternation(WORDS['framework_cues'])})\s*$")
# The header of a table column naming projects.
PROJECT_HEADER = re.compile(rf"^(?:{alternation(WORDS['project_headers'])})(?!{LETTER})", re.IGNORECASE)
# `المشروع المسمى X`، `برنامجا بعنوان «X»`، `مشروع: X`: a naming word (or a colon) between the cue and the name
NAMING = rf"(?:\s*(?:{alternation(WORDS['naming_words'])})\s*:?|\s*:)\s*"
# an indefinite object (`أطلقت برنامجا ...`): a cue only before a naming word or a quoted name
ACC_CUE = rf"{INDEF_CLITIC}(?:{alternation(WORDS['accusative_cue_words'])})"
ANY_CUE = rf"(?:{CUE}|{DEF_CUE}|{ACC_CUE})"
# an agreement, loan or grant, then (in its clause) a naming word and a quoted title: `اتفاقية توأمة مع بلدية X
# تحت عنوان 'Y'`
INSTRUMENT_WORDS = alternation([w for words in WORDS["financing_instruments"].values() for w in words])
# or a cue word with its owner's pronoun: `تواصل الجمعية تنفيذ برنامجها المنجز تحت اسم "X"`، `مشروعها بعنوان "X"`
OWNED_CUE = rf"(?:{alternation(CUE_WORDS)})(?:ه|ها|هم|هما)"
TITLED = rf"(?:{CLITIC}(?:{INSTRUMENT_WORDS}|{OWNED_CUE}))(?!{LETTER})[^.؛\n{Q}]{{0,80}}?(?:{alternation(WORDS['naming_words'])})\s*:?\s*"
# a cue only before a quoted name: `حملة «X»`، `استراتيجية «X»`
QUOTED_CUE = rf"{INDEF_CLITIC}(?:{alternation(WORDS['quoted_cues'])})"
# A short name in brackets right after a name: a Latin acronym (mixed case allowed, two capitals at
# least, after `Projet`/`Programme` too) or one Arabic word
BRACKETED_SHORT = re.compile(
    rf"[{Q}]?\s*\(\s*(?:(?:Projet|Programme|Program|Project)\s+)?(?P<short>(?=[A-Za-z0-9&\-]*[A-Z][A-Za-z0-9&\-]*[A-Z])[A-Z][A-Za-z0-9&\-]+|[\u0621-\u064A]{{3,}})\s*\)"
)
NAME_TRIM = " :،,.-–" + QUOTES


@dataclass
class Unit:
    start: int
    end: int
    block: int
    row: int | None = None
    cell: int | None = None

    @property
    def where(self) -> tuple[int, int | None, int | None]:
        return self.block, self.row, self.cell


@dataclass
class Mention:
    name: str
    start: int  # of the mention (cue included), original offsets
    end: int
    unit: Unit
    acronym: str | None = None
    aliases: list[str] = field(default_factory=list)
    how: str = "cue"  # quoted, acronym, cue, created (تم إنشاء X ... هذا المشروع), framework (توأمة بين ...), table
    framework: bool = False  # named as the frame of something else (في إطار ..., التابع ل...)
    child: bool = False  # named as done under the mention before it (وبموجبه تم تمويل مشروع ...)
    alias_of: Mention | None = None
    parent: Mention | None = None  # the record named where a list of its items is announced
    tail: str | None = None  # a heading's description after the name (a possible alias)


def units(document: Document) -> list[Unit]:
    """The units of text a project can be named in: blocks, and the cells of table rows below the header."""
    found: list[Unit] = []
    for index, block in enumerate(document.blocks):
        if block.kind == "table" and block.rows:
            for r, row in enumerate(block.rows):
                if block.has_header and r == 0:
                    continue
                found.extend(Unit(c.start, c.end, index, r, k) for k, c in enumerate(row))
        else:
            found.append(Unit(block.start, block.end, index))
    return found


class _Finder:
    """Finds mentions in one unit of normalized text, mapping them back to original offsets."""

    PATTERNS = [
        # cue then quoted name: مشروع "X", مشروع: «X»
        ("quoted", re.compile(rf"(?<!{LETTER})(?:{ANY_CUE}|{QUOTED_CUE})(?:{NAMING}|\s*:?\s*)[{Q}]\s*(?P<name>[^{Q}\n]{{2,200}}?)\s*[{Q}]")),
        # an instrument, then its title after a naming word: اتفاقية توأمة مع X تحت عنوان 'Y'
        ("quoted", re.compile(rf"(?<!{LETTER}){TITLED}[{Q}]\s*(?P<name>[^{Q}\n]{{2,200}}?)\s*[{Q}]")),
        # cue, a few words saying what it is, then its quoted name: مشروع تنظيف الشواطئ "X"
        # or what it is for, then a naming word: برنامجا لدعم المقاولات الناشئة تحت اسم «X»
        ("quoted", re.compile(rf"(?<!{LETTER})(?:{CUE}|{ACC_CUE})\s+(?P<desc>(?:[^\s{Q}،,.:;؛()]+\s+){{1,3}}|(?:[^\s{Q}،,.:;؛()]+\s+){{1,6}}?(?:{alternation(WORDS['naming_words'])})\s*:?\s*)[{Q}]\s*(?P<name>[^{Q}\n]{{2,200}}?)\s*[{Q}]")),
        # a headline: cue, what it is, a colon, then its quoted name: مشروع جديد للاقتصاد الاجتماعي بإقليم X: «Y»
        ("quoted", re.compile(rf"(?:^|\n)\s*{CUE}(?:\s+[^\s{Q}،,.:;؛()]+){{1,7}}\s*:\s*[{Q}]\s*(?P<name>[^{Q}\n]{{2,200}}?)\s*[{Q}]\s*(?:\n|$)")),
        # cue, acronym, then `أو` and the quoted name: مشروع MIGRAVAL، أو «X»
        ("quoted", re.compile(rf"(?<!{LETTER}){ANY_CUE}\s+(?P<acr>{ACR})\s*[،,]?\s*{N('أو')}\s*[{Q}]\s*(?P<name>[^{Q}\n]{{2,200}}?)\s*[{Q}]")),
        # cue inside the quotes: "مشروع شراكة : ..."
        ("quoted", re.compile(rf"[{Q}]\s*{CUE}\s*:?\s*(?P<name>[^{Q}\n]{{2,200}}?)\s*[{Q}]")),
        # cue, name, acronym in brackets: مشروع الهجرة بين المدن المتوسطة (MC2CM)
        ("acronym", re.compile(rf"(?<!{LETTER})(?P<cue>{CUE}|{DEF_CUE})\s+(?P<name>{NAME_CHARS}{{3,160}}?)\s*\(\s*(?P<acr>{ACR})\s*\)")),
        # cue, name, bare Latin acronym: البرنامج الجهوي ... PRIM
        ("acronym", re.compile(rf"(?<!{LETTER})(?P<cue>{CUE}|{DEF_CUE})\s+(?P<name>{NAME_CHARS}{{3,160}}?)\s+(?P<acr>{ACR})(?![A-Za-z0-9])")),
        # twinning / partnership framework, cue kept: توأمة بين X و Y
        ("framework", re.compile(rf"(?<!{LETTER})(?P<name>{KEEP_CUE}\s+{NAME_CHARS}{{3,160}})")),
        # created, then referred to as a project: تم إنشاء خلية ... ويندرج هذا المشروع
        ("created", re.compile(rf"(?<!{LETTER})(?:{alternation(WORDS['passive_auxiliaries'])})\s+(?:{alternation(WORDS['creation_verbs'])})\s+(?P<name>{NAME_CHARS}{{3,200}})")),
        # cue, naming word or colon, unquoted name: المشروع المسمى X، مشروع: X
        ("named", re.compile(rf"(?<!{LETTER})(?P<cue>{ANY_CUE}){NAMING}(?P<name>{NAME_CHARS}{{3,200}})")),
        # cue and an unquoted name
        ("cue", re.compile(rf"(?<!{LETTER})(?P<cue>{CUE}|{DEF_CUE})\s+(?P<name>{NAME_CHARS}{{3,200}})")),
    ]
    # At the start of a unit (after a date prefix), a name with its acronym and no cue.
    LEADING = re.compile(rf"^\s*(?:[\d\s\-–/]+:\s*)?(?P<name>{NAME_CHARS}{{6,160}}?)\s*\(\s*(?P<acr>{ACR})\s*\)")
    # `تم إنشاء X ... هذا المشروع`: what was created is then called a project
    CALLED_PROJECT = re.compile(rf"{REFERENCE}\s+{DEF_CUE}")

    def __init__(self, document: Document, unit: Unit, norm: NormalizedText):
        self.document = document
        self.unit = unit
        self.norm = norm  # the unit's normalized text

    def orig(self, start: int, end: int) -> tuple[int, int]:
        s, e = self.norm.to_original(start, end)
        return self.unit.start + s, self.unit.start + e

    def text(self, start: int, end: int) -> str:
        s, e = self.orig(start, end)
        return self.document.text[s:e].strip()

    def _usable_cue(self, match: re.Match[str]) -> bool:
        before = self.norm.text[: match.start()].split()
        return not (before and before[-1] in DEMONSTRATIVES)

    def find(self) -> list[Mention]:
        text = self.norm.text
        taken: list[tuple[int, int]] = []
        mentions: list[Mention] = []

        def free(s: int, e: int) -> bool:
            return not any(s < te and ts < e for ts, te in taken)

        if match := self.LEADING.match(text):
            name = match["name"].strip()
            first = name.split()[0] if name.split() else ""
            has_cue = re.search(rf"(?<!{LETTER}){CUE}(?!{LETTER})", name) is not None
            if (len(name.split()) >= 2 and not re.match(CUE, first) and first not in STOP_WORDS and not has_cue
                    and first not in LEADING_NOT and not ITEM_HEAD_RE.match(first.lstrip("وب"))):  # fmt: skip
                mentions.append(self._mention("acronym", match.start("name"), match.end(), match.start("name"),
                                              match.end("name"), match["acr"]))  # fmt: skip
                taken.append((match.start("name"), match.end()))
        for how, pattern in self.PATTERNS:
            pos = 0
            while (match := pattern.search(text, pos)) is not None:
                pos = match.start() + 1
                found = self._from_match(how, match)
                if found is None:
                    continue
                mention, n_end = found
                if not free(match.start(), n_end) or not self._usable_cue(match):
                    continue
                mentions.append(mention)
                taken.append((match.start(), n_end))
        mentions.sort(key=lambda m: m.start)
        return mentions

    def _from_match(self, how: str, match: re.Match[str]) -> tuple[Mention, int] | None:
        text = self.norm.text
        n_start, n_end = match.start("name"), match.end("name")
        acronym = match.groupdict().get("acr")
        cue = match.groupdict().get("cue")
        words = text[n_start:n_end].split()
        if how in ("cue", "acronym"):
            assert cue is not None
            first = words[0] if words else ""
            if re.fullmatch(DEF_CUE, cue):
                # a definite cue names a project only with a definite adjective, and is then part of the name
                if not first.startswith("ال") or first in GENERIC_ADJ or first in DEFINITE_OBJECTS:
                    return None
                if ITEM_HEAD_RE.fullmatch(first[2:]):
                    return None  # `وتتولى تنفيذ المشروع المديرية الجهوية ...`: the verb's subject, a body
                article = cue.find("ال")
                n_start = match.start("cue") + (article if article >= 0 else len(cue) - len(cue.lstrip("وفبكل")))
            if first in GENERIC_FIRST or first in STOP_WORDS:
                return None
            if not re.fullmatch(DEF_CUE, cue) and (lead := PURPOSE.match(text, n_start)) is not None:
                n_start = lead.end()  # `برنامج لتأهيل الأحياء ...`: named by its purpose, `ل` left out
        if (desc := match.groupdict().get("desc")) and (desc.split()[0] in GENERIC_FIRST or any(w in STOP_WORDS for w in desc.split())):
            return None  # `برنامج عمل الجماعة «...»`، `مشروع الذي ...`: the quotes name something else
        if how == "created" and not self.CALLED_PROJECT.search(text[match.end("name") :]):
            return None  # created, but not said to be a project
        if how == "named" and (not words or words[0] in GENERIC_FIRST or words[0] in STOP_WORDS):
            return None
        placed: int | None = None
        if how in ("cue", "named", "created", "framework"):
            skip = 2 if how == "framework" else 0  # `توأمة بين` stays in the name
            limit = n_end
            n_end = name_end(text, n_start, limit, skip)
            if len(text[n_start:n_end].split()) < 2 + skip - (1 if how == "framework" else 0):
                return None
            if how != "framework":
                placed = placed_name_end(text, n_start, limit, n_end, skip)
        span_end = n_end if how in ("cue", "named", "created", "framework") else match.end()
        mention = self._mention(how, match.start(), span_end, n_start, n_end, acronym)
        if placed is not None:  # `مشروع بناء سد تلي بجماعة X`: the name with its place, an alias
            mention.aliases.append(self.text(n_start, placed).strip(NAME_TRIM))
        if how == "quoted":
            self._split_quoted(mention)
        before = text[max(0, match.start() - 30) : match.start()]
        if how in ("cue", "named", "acronym") and LIST_CUE_END.search(before):
            return None  # `بشراكة مع المبادرة الوطنية ...`: a partner, not a project of this report
        mention.framework = bool(FRAMEWORK_BEFORE.search(before))
        mention.child = bool(CHILD_BEFORE.search(before))
        return mention, span_end

    def _mention(self, how: str, start: int, end: int, n_start: int, n_end: int, acronym: str | None) -> Mention:
        o_start, o_end = self.orig(start, end)
        name = self.text(n_start, n_end).strip(NAME_TRIM)
        return Mention(name=name, start=o_start, end=o_end, unit=self.unit, acronym=acronym, how=how)

    def _split_quoted(self, mention: Mention) -> None:
        """`X (ACR) : subtitle` inside quotes: name X, acronym ACR, the subtitle an alias."""
        match = re.match(rf"^(?P<name>[^()]+?)\s*\(\s*(?P<acr>{ACR})\s*\)\s*:?\s*(?P<rest>.*)$", mention.name)
        if match:
            mention.name = match["name"].strip()
            mention.acronym = match["acr"]
            rest = match["rest"].strip(" .:،" + QUOTES)
            if rest:
                mention.aliases.append(rest)
        elif ":" in mention.name:
            head, _, rest = mention.name.partition(":")
            mention.aliases.extend(p.strip(" .") for p in (head, rest) if p.strip(" ."))


def find_mentions(document: Document, normalized: NormalizedText | None = None) -> list[Mention]:
    """Every naming of a project in the document's text, in text order, appositions linked as aliases
    (`normalized`: the document's normalized text, when the caller has it)."""
    normalized = normalized if normalized is not None else normalize(document.text)
    mentions: list[Mention] = []
    for unit in units(document):
        found = _Finder(document, unit, normalized.part(unit.start, unit.end)).find()
        for previous, mention in zip(found, found[1:], strict=False):
            between = document.text[previous.end : mention.start]
            if not between.strip() and mention.how == "cue" and not mention.acronym:  # `مشروع "X" مشروع Y`
                mention.alias_of = previous
        mentions.extend(found)
    for mention in mentions:
        if mention.acronym is None and mention.how in ("quoted", "cue", "named"):
            bracket = BRACKETED_SHORT.match(document.text, mention.end)
            if bracket is not None:  # `مشروع “X” (PAGLD)`، `برنامج «X» (CoMun)`، `البرنامج ... (إدماج)`
                mention.acronym = bracket["short"]
        block = document.blocks[mention.unit.block]
        if block.kind == "heading" and mention.unit.row is None:
            tail = document.text[mention.end : mention.unit.end].strip(NAME_TRIM)
            if 2 <= len(tail.split()) <= MAX_NAME_WORDS:
                mention.tail = re.sub(r"^[لب](?=\S)", "", tail).strip(" " + QUOTES)
    return mentions


def table_mentions(source: Source, mentions: list[Mention]) -> list[Mention]:
    """Rows of a table with a project column (`المشروع`, `اسم البرنامج` ...) whose cell names a
    project without a cue word: the cell is the name."""
    found: list[Mention] = []
    named = {m.unit.where for m in mentions}
    for index, table in source.table_of.items():
        block = source.document.blocks[index]
        if not table.header or not block.rows:
            continue
        columns = [k for k, head in enumerate(table.header) if PROJECT_HEADER.match(N(head).strip())]
        if not columns:
            continue
        col = columns[0]
        for r, row in enumerate(block.rows[1:], start=1):
            if col >= len(row) or (index, r, col) in named or is_total_row([c.text for c in row]):
                continue
            cell = row[col]
            text = source.text[cell.start : cell.end]
            if not text.strip() or len(text.split()) > MAX_NAME_WORDS or cell_number(text) is not None:
                continue
            name = re.sub(rf"^\s*{CUE}\s*:?\s*", "", N(text)) if re.match(rf"^\s*{CUE}\s", N(text)) else None
            name = text.strip()[len(text.strip()) - len(name):] if name else text.strip()
            found.append(Mention(name=" ".join(name.strip(QUOTES + " ").split()), start=cell.start, end=cell.end,
                                 unit=Unit(cell.start, cell.end, index, r, col), how="table"))  # fmt: skip
    return found


# Grouping ----------------------------------------------------------------------------------------------


@dataclass
class Group:
    """The mentions of one project in a document."""

    mentions: list[Mention]
    names: list[str] = field(default_factory=list)
    tails: list[str] = field(default_factory=list)  # heading descriptions: match other names, are not names

    @property
    def main(self) -> Mention:
        return self.mentions[0]

    def matches(self, mention: Mention) -> bool:
        if mention.acronym and any(m.acronym == mention.acronym for m in self.mentions):
            return True
        candidates = [mention.name, *mention.aliases]
        return any(close(a, b, SAME_PROJECT) for a in candidates for b in {*self.names, *self.tails})


def group_mentions(mentions: list[Mention]) -> list[Group]:
    """Mentions of the same project (same acronym, a close name or alias) as one group, in text order."""
    groups: list[Group] = []
    by_mention: dict[int, Group] = {}
    for mention in mentions:
        if mention.alias_of is not None and id(mention.alias_of) in by_mention:
            group = by_mention[id(mention.alias_of)]
            group.names.append(mention.name)
            by_mention[id(mention)] = group
            continue
        found = next((g for g in groups if g.matches(mention)), None)
        if found is None:
            group = Group([mention])
            groups.append(group)
        else:
            group = found
            group.mentions.append(mention)
        group.names.extend([mention.name, *mention.aliases])
        if mention.tail:
            group.tails.append(mention.tail)
        by_mention[id(mention)] = group
    # a heading's description may be the name another mention gives: same project
    merged: list[Group] = []
    for group in groups:
        target = next((g for g in merged if any(close(a, b, NEAR_NAME) for a in group.names[:1] for b in {*g.names, *g.tails})
                       or any(close(a, b, NEAR_NAME) for a in group.tails for b in g.names[:1])), None)  # fmt: skip
        if target is None:
            merged.append(group)
        else:
            target.mentions.extend(group.mentions)
            target.names.extend(group.names)
            target.tails.extend(group.tails)
    return merged
