"""Mentions that name a body, not a project: an organization's own name is never a record.

- a cue word that is part of an ORG entity (`برنامج الأمم المتحدة الإنمائي`, `جمعية المبادرة
  المواطنة`): the entity starts at or before the cue and runs over the name;
- a name followed by its acronym whose last words are an organization (`قدمت الوكالة الكورية للتعاون
  الدولي (KOICA)`): the acronym is the body's;
- a body the organization registry knows (`برنامج الأغذية العالمي`) or a
  programme that acts as a body (`المبادرة الوطنية للتنمية البشرية`: it funds);
- a programme named right after a verb whose subject is a party (`ساهمت فيها المبادرة الوطنية ...`).
"""

from __future__ import annotations

import re

from extractors.base import alternation
from extractors.registry import registered
from pipeline.records.lexicon import DEF_CUE, WORDS, N
from pipeline.records.mentions import Mention
from pipeline.records.source import Source

# Verbs whose subject is a party of the project (a cue word right after them names a body).
PARTY_VERB_END = re.compile(
    rf"(?:{alternation(WORDS['party_verbs'])})[\s،,]*$"
    # `ويمول المشروع برنامج ...`: a funding verb, its object, then its subject
    rf"|(?<![\u0621-\u064A])[وف]?(?:{alternation(WORDS['party_words']['subject_verbs_funders'])})\s+(?:{DEF_CUE})[\s،,]*$"
)
BODY_PROGRAMMES = set(WORDS["body_programmes"])
MAX_BODY_WORDS = 10  # the longest registered body's name looked for at a mention's start
CLITIC_CHARS = 2  # `وبرنامج ...`: the ORG entity starts after the clitic
ACRONYM_GAP = re.compile(r"[\s()\[\]\-–—]*")


def names_a_body(source: Source, mention: Mention) -> bool:
    """Whether the mention is an organization's own name rather than a project's."""
    before = source.folded(max(0, mention.start - 30), mention.start)
    if PARTY_VERB_END.search(before) is not None:
        return True  # `ساهمت فيها المبادرة ...`، `ويمول المشروع برنامج «X»`: the verb's subject, a body
    if mention.how in ("table", "quoted", "framework"):
        return False
    for org in source.entities_in([(mention.start, mention.end)], "ORG", overlap=True):
        if (
            org.start <= mention.start + CLITIC_CHARS
            and org.end >= mention.start + (mention.end - mention.start) // 2
        ):
            return True  # the cue word is the head of the organization's name
        if mention.how == "acronym" and mention.acronym and org.start > mention.start:
            tail = source.text[org.end : mention.end]
            if ACRONYM_GAP.fullmatch(tail.replace(mention.acronym, "")):
                return True  # `... الوكالة الكورية للتعاون الدولي (KOICA)`
    written = re.sub(r"^[وبلف](?=[^\s])", "", source.text[mention.start : mention.end].strip())
    words = written.split()
    prefixes = [" ".join(words[:k]) for k in range(min(len(words), MAX_BODY_WORDS), 1, -1)]
    # a body the organization registry knows (`برنامج الأغذية العالمي`), the name may run on
    return any(N(p) in BODY_PROGRAMMES or registered(p)["registry_id"] for p in prefixes)


def project_mentions(source: Source, mentions: list[Mention]) -> list[Mention]:
    """The mentions that name projects (those naming bodies left out, and aliases of them)."""
    dropped = {id(m) for m in mentions if names_a_body(source, m)}
    kept = [m for m in mentions if id(m) not in dropped]
    for m in kept:
        if m.alias_of is not None and id(m.alias_of) in dropped:
            m.alias_of = None
    return kept
