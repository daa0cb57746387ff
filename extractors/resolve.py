"""The last components: settle overlaps between extractors, then link organizations to the
acronyms written beside them (`الوكالة البلجيكية للتنمية Enabel`, `... (INDH)`).
"""

from __future__ import annotations

import re
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from extractors.base import Found, found_list, text_of
from extractors.organizations import head_nouns
from extractors.places import place_names
from extractors.registry import default_registry
from pipeline.normalize import normalize_str

# Labels that may overlap each other: an acronym inside an organization's span is kept.
COMPATIBLE = {frozenset({"ORG", "ACRONYM"})}


class OverlapResolver:
    """Keep the best of overlapping entities: higher priority, then longer, then earlier."""

    def __init__(self, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        items = sorted(found_list(doc), key=lambda f: (-f.priority, -(f.end - f.start), f.start))
        kept: list[Found] = []
        covering: dict[int, list[Found]] = {}  # character -> kept entities over it (spans are short)
        for item in items:
            near = {id(k): k for pos in range(item.start, item.end) for k in covering.get(pos, ())}
            clash = any(frozenset({item.label, k.label}) not in COMPATIBLE for k in near.values())
            same = any(k.label == item.label and k.start == item.start and k.end == item.end for k in near.values())
            if not clash and not same:
                kept.append(item)
                for pos in range(item.start, item.end):
                    covering.setdefault(pos, []).append(item)
        doc._.found = sorted(kept, key=lambda f: (f.start, f.end))
        return doc


# Between an organization and its acronym: spaces, an opening bracket, a dash.
GAP_BEFORE = re.compile(r"^\s*(?:[(\[«\"]\s*)?(?:[-–—]\s*)?$")
GAP_AFTER = re.compile(r"^\s*[(\[]?\s*$")
COMMA_GAP = re.compile(r"^\s*[،,]\s*$")
# A long form in brackets right after the acronym: `KfW (Kreditanstalt für Wiederaufbau)`.
BRACKETED_AFTER = re.compile(r"[ \u00a0]*[(\[][ \u00a0]*(?P<long>[^()\[\]\n]{4,160}?)[ \u00a0]*[)\]]")
LATIN_TOKEN = re.compile(r"[A-Za-zÀ-ÿ]+")
# An Arabic-script short name in brackets right after a body's full name: `منظمة الأمم المتحدة للطفولة
# (اليونيسف)`, `الوكالة المغربية للطاقة المستدامة (مازن)`: one word of 2 to 12 letters (the article allowed).
ARABIC_SHORT_AFTER = re.compile(r"[ \u00a0]*[(\[][ \u00a0]*(?P<short>[\u0621-\u064a]{2,12})[ \u00a0]*[)\]]")


def spells(acronym: str, phrase: str) -> bool:
    """Whether a Latin phrase is the long form of an acronym: every letter of the acronym, in
    order, starts a word of the phrase or follows the previous letter inside the same word
    (`KfW` ← Kreditanstalt für Wiederaufbau, `IsDB` ← Islamic Development Bank), the first letter
    starting the first or second word. The matching idea of Schwartz & Hearst (2003)."""
    letters = [c.lower() for c in acronym if c.isalpha()]
    words = [w.lower() for w in LATIN_TOKEN.findall(phrase)]
    if len(letters) < 2 or not words or letters[0] not in (words[0][0], words[1][0] if len(words) > 1 else ""):
        return False

    def match(li: int, wi: int, ci: int) -> bool:
        # letters[li:] against words[wi:], position ci inside words[wi] (ci == 0: at a word start)
        if li == len(letters):
            return True
        for w in range(wi, len(words)):
            if words[w][0] == letters[li] and match(li + 1, w, 1):
                return True
        if ci and wi < len(words):
            pos = words[wi].find(letters[li], ci)
            if pos > 0 and match(li + 1, wi, pos + 1):
                return True
        return False

    start = 0 if words[0][0] == letters[0] else 1
    return match(1, start, 1)


# Where the long form of an acronym written just before it starts: after punctuation, a line
# break, a quote, or a cue that introduces a name (مشروع، في إطار، من طرف، ...).
PHRASE_BOUNDARY = re.compile(r"[،,.:;!?\"«»“”()\[\]\n•\-–—|/]")
PHRASE_CUES = {normalize_str(w) for w in (
    "مشروع", "برنامج", "إطار", "اطار", "ضمن", "طرف", "عن", "من", "مع", "لفائدة", "حول", "باسم", "في", "إلى",
    "الى", "على", "بين", "و", "أو", "تم", "قبل", "بعد", "خلال", "عبر", "لدى", "حسب", "وفق", "مبادرة", "شبكة")}  # fmt: skip
# Cues that also occur inside names: في مجال، على المستوى، من أجل، بين المدن، الهجرة و التنمية.
INNER_CUES = {normalize_str(w) for w in ("في", "على", "من", "بين", "و", "حول")}
FUNCTION_WORDS = {normalize_str(w) for w in (
    "التي", "الذي", "الذين", "اللذين", "اللتين", "تم", "قد", "كما", "حيث", "هذا", "هذه", "ذلك", "تلك", "كان",
    "كانت", "أن", "إن", "لقد", "هو", "هي", "هم")}  # fmt: skip
AR_WORD = re.compile(r"[\u0621-\u064A]+")
LATIN_PHRASE_WORD = re.compile(r"^(?:[A-ZÀ-Ý][\w'’\-]*|de|des|du|d'|l'|la|le|les|pour|et|for|of|the|and|en|aux|au|à|&)$")


def phrase_before(text: str, end: int, letters: int, window: int = 400) -> tuple[int, int] | None:
    """The Arabic (or Latin) phrase ending at `end` that can be the long form of an acronym."""
    offset = max(0, end - window)
    span = _phrase_before(text[offset:end], end - offset, letters)
    return None if span is None else (span[0] + offset, span[1] + offset)


def _phrase_before(text: str, end: int, letters: int) -> tuple[int, int] | None:
    words: list[tuple[int, int]] = []
    pos = end
    limit = max(2 * letters, 4)
    while len(words) <= limit:
        chunk = text[:pos]
        stripped = chunk.rstrip(" \u00a0")
        if not stripped or PHRASE_BOUNDARY.match(stripped[-1]):
            break
        start = max(stripped.rfind(" "), stripped.rfind("\u00a0"), max(stripped.rfind(c) for c in "،,.:;\"«»()\n")) + 1
        word = stripped[start:]
        if normalize_str(word) in PHRASE_CUES and words:
            # a cue inside a long name (في مجال، على المستوى) only counts when nothing follows it before a boundary;
            # `من` is inside a name only as `من أجل` (المرحلة الثالثة من المبادرة ...: the name starts after it)
            after_cue = normalize_str(text[words[-1][0] : words[-1][1]])
            if normalize_str(word) not in INNER_CUES:
                break  # إلى، مع، عن ... end a name: انضم المغرب إلى الشراكة ...
            if normalize_str(word) == normalize_str("من") and after_cue != normalize_str("أجل"):
                break
            before = stripped[:start].rstrip()
            if before and not PHRASE_BOUNDARY.match(before[-1]) and len(words) < limit and _continues(before):
                words.append((start, len(stripped)))
                pos = start
                continue
            break
        if normalize_str(word) in PHRASE_CUES:
            break
        if not (AR_WORD.fullmatch(normalize_str(word)) or LATIN_PHRASE_WORD.match(word)):
            break
        words.append((start, len(stripped)))
        pos = start
    if len(words) < 2 or len(words) > limit:
        return None
    words.reverse()
    # When a body's head noun stands inside the phrase, the name starts there: the words before it
    # are the sentence (`... ملايين درهم للوكالة الوطنية ...` starts at للوكالة).
    heads = [i for i, (s, e) in enumerate(words) if _is_head(text[s:e])]
    if heads and 0 < heads[0] <= len(words) - 2:
        words = words[heads[0] :]
    if not any(normalize_str(text[s:e]).startswith(("ال", "لل")) or text[s:s + 1].isupper() for s, e in words):
        return None
    return words[0][0], words[-1][1]


def _is_head(word: str) -> bool:
    """A body's head noun, with a clitic or the article glued to it (وكالة، للوكالة، وبلدية)."""
    folded = normalize_str(word)
    heads = head_nouns()
    return (
        folded in heads
        or (folded[:1] in "وبل" and folded[1:] in heads)
        or (folded.startswith("لل") and "ال" + folded[2:] in heads)
    )


def _continues(before: str) -> bool:
    """Whether the word before a cue belongs to the same name (a definite noun: الفاعلين في مجال ...)."""
    word = before.split()[-1] if before.split() else ""
    return normalize_str(word).startswith(("ال", "لل", "لم")) and normalize_str(word) not in PHRASE_CUES


@cache
def place_word_set() -> frozenset[str]:
    """Every single-word place of the gazetteer, normalized: a place in brackets is no short name."""
    return frozenset(name for name in place_names() if " " not in name)


class AcronymLinker:
    """An acronym right after (or in brackets after) a name expands to that name, and vice versa;
    without a name beside it, the phrase written just before it (`مشروع الهجرة بين المدن المتوسطة (MC2CM)`).
    """

    def __init__(self, name: str, max_gap: int):
        self.name = name
        self.max_gap = max_gap

    def _phrase(self, text: str, acronym: Found, orgs: list[Found]) -> None:
        window = max(0, acronym.start - 12)
        gap = re.search(r"[ \u00a0]*[(\[]?[ \u00a0]*$", text[window : acronym.start])
        end = window + gap.start() if gap else acronym.start
        letters = sum(c.isalnum() for c in text[acronym.start : acronym.end])
        span = phrase_before(text, end, letters)
        if span is None:
            return
        words = [normalize_str(w) for w in text[span[0] : span[1]].split()]
        if any(w in FUNCTION_WORDS for w in words):
            return  # a clause, not a name: أكد المشاركون في الورشة التي نظمتها GIZ
        bracketed = "(" in text[span[1] : acronym.start] or "[" in text[span[1] : acronym.start]
        if not bracketed and not (words[0].startswith(("ال", "لل")) or text[span[0]].isupper()):
            return
        acronym.value["expansion"] = text[span[0] : span[1]]
        acronym.value["expansion_span"] = list(span)
        for org in orgs:
            if org.start == span[0] and org.end < span[1]:  # the name goes on to the acronym
                org.end = span[1]
                org.value["acronym"] = text[acronym.start : acronym.end]
                org.value["acronym_span"] = [acronym.start, acronym.end]

    def _arabic_short_names(self, text: str, found: list[Found], orgs: list[Found]) -> None:
        """A bracketed Arabic word after a body's name is that body's short name, an ACRONYM expanding
        to it; not a place written after it (`(المغرب)`), nor a word of the name itself."""
        places = place_word_set()
        taken: set[int] = set()  # ids of the aliases taken as short forms (`in orgs` compared every pair)
        for org in list(orgs):
            if id(org) in taken:
                continue  # an alias taken as the short form of the name before it
            m = ARABIC_SHORT_AFTER.match(text, org.end)
            if m is None or org.value.get("acronym"):
                continue
            short = m["short"]
            bare = short[2:] if short.startswith("ال") else short
            if short in places or bare in places or normalize_str(short) in FUNCTION_WORDS:
                continue
            start, end = m.start("short"), m.end("short")
            overlapping = [f for f in found if f.start < end and start < f.end]
            alias = [f for f in overlapping if f.label == "ORG" and (f.start, f.end) == (start, end)]
            if len(overlapping) != len(alias):
                continue
            for f in alias:  # a body's alias found as a name of its own is here its short form
                found.remove(f)
                orgs.remove(f)
                taken.add(id(f))
            expansion = {"expansion": text[org.start : org.end], "expansion_span": [org.start, org.end]}
            found.append(Found("ACRONYM", start, end, expansion, self.name, 1))
            org.value["acronym"] = short
            org.value["acronym_span"] = [start, end]

    def _same_body_across_comma(self, text: str, acronym: Found, orgs: list[Found]) -> bool:
        """`Enabel، الوكالة البلجيكية للتنمية،`: a name set off by a comma beside the acronym is its long
        form when the registry knows both as one body (a comma alone may also separate a list of bodies)."""
        registry = default_registry()
        body = registry.lookup(text[acronym.start : acronym.end])
        if body is None:
            return False
        for org in orgs:
            gap = text[org.end : acronym.start] if org.end <= acronym.start else text[acronym.end : org.start]
            if len(gap) > self.max_gap or not COMMA_GAP.match(gap):
                continue
            if registry.lookup(text[org.start : org.end]) is body:
                acronym.value["expansion"] = text[org.start : org.end]
                acronym.value["expansion_span"] = [org.start, org.end]
                org.value["acronym"] = text[acronym.start : acronym.end]
                org.value["acronym_span"] = [acronym.start, acronym.end]
                return True
        return False

    def __call__(self, doc: Doc) -> Doc:
        found = found_list(doc)
        text = text_of(doc)
        orgs = [f for f in found if f.label == "ORG"]
        self._arabic_short_names(text, found, orgs)
        for acronym in (f for f in found if f.label == "ACRONYM"):
            before = [o for o in orgs if o.end <= acronym.start and acronym.start - o.end <= self.max_gap]
            org = max(before, key=lambda o: o.end, default=None)
            if org is not None and GAP_BEFORE.match(text[org.end : acronym.start]):
                acronym.value["expansion"] = text[org.start : org.end]
                acronym.value["expansion_span"] = [org.start, org.end]
                org.value["acronym"] = text[acronym.start : acronym.end]
                org.value["acronym_span"] = [acronym.start, acronym.end]
                continue
            after = [o for o in orgs if o.start >= acronym.end and o.start - acronym.end <= self.max_gap]
            org = min(after, key=lambda o: o.start, default=None)
            if org is not None and GAP_AFTER.match(text[acronym.end : org.start]):
                acronym.value["expansion"] = text[org.start : org.end]
                acronym.value["expansion_span"] = [org.start, org.end]
                org.value["acronym"] = text[acronym.start : acronym.end]
                org.value["acronym_span"] = [acronym.start, acronym.end]
                continue
            if self._same_body_across_comma(text, acronym, orgs):
                continue
            bracketed = BRACKETED_AFTER.match(text, acronym.end)
            if bracketed and spells(text[acronym.start : acronym.end], bracketed["long"]):
                acronym.value["expansion"] = bracketed["long"]
                acronym.value["expansion_span"] = [bracketed.start("long"), bracketed.end("long")]
                continue
            self._phrase(text, acronym, orgs)
        return doc


@Language.factory("taqrir_resolve", assigns=["doc._.found"])
def make_resolver(nlp: Language, name: str) -> OverlapResolver:
    return OverlapResolver(name)


@Language.factory("taqrir_link_acronyms", default_config={"max_gap": 4}, assigns=["doc._.found"])
def make_linker(nlp: Language, name: str, max_gap: int) -> AcronymLinker:
    return AcronymLinker(name, max_gap)
