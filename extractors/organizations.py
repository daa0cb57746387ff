"""ORG, rule layer: a head noun that names a kind of body (وزارة، جماعة، الوكالة، جمعية ...)
followed by the words of its name (`extractors/org_names.py` reads them), Latin names
(`Agence Française de Développement`), and the names of the organization registry
(`extractors/data/org_registry.json`), with or without a head (`التعاون الوطني`, `اليونيسف`).

A head alone or with only generic words (`الوزارة`, `مجلس الجهة`, `المجلس الجماعي`) is a generic
mention, not an organization; some heads need more to name a body (a committee its scope, `ولاية`
a place, a movement its cause), and a ministry's department after an inner comma belongs to its
name. Heads, stop words, places and the rest are data (`extractors/data/organizations.json`).
"""

from __future__ import annotations

import json
import re
from functools import cache, cached_property
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from extractors.base import AR_LETTER, Found, alternation, found_list, text_of
from extractors.org_names import LATIN_WORD, NameGrammar, word_kind
from pipeline.normalize import normalize_str

DATA = Path(__file__).parent / "data"
ORGANIZATIONS_PATH = DATA / "organizations.json"
LATIN_KEYS = {"latin_heads", "latin_connectors"}


@cache
def read_org_data(path: Path = ORGANIZATIONS_PATH) -> dict[str, list[str]]:
    """The organization data file, Arabic entries normalized (Latin ones as written)."""
    raw: dict[str, list[str]] = json.loads(path.read_text(encoding="utf-8"))
    return {key: values if key in LATIN_KEYS else [normalize_str(v) for v in values] for key, values in raw.items()}


@cache
def head_nouns() -> frozenset[str]:
    """The head nouns of organization names (وزارة، جماعة، الوكالة ...), normalized."""
    return frozenset(read_org_data()["heads"])


class OrganizationRules:
    def __init__(self, name: str, data_path: str, max_name_words: int, registry_path: str = ""):
        self.name = name
        self.data_path = Path(data_path) if data_path else ORGANIZATIONS_PATH
        self.registry_path = Path(registry_path) if registry_path else DATA / "org_registry.json"
        self.max_name_words = max_name_words

    @cached_property
    def data(self) -> dict[str, list[str]]:
        return read_org_data(self.data_path)

    @cached_property
    def known(self) -> list[str]:
        """Names of the registry, as written in documents (Arabic normalized, Latin as is)."""
        if not self.registry_path.exists():
            return []
        registry = json.loads(self.registry_path.read_text(encoding="utf-8"))
        names = {normalize_str(n) for body in registry["bodies"] for n in body.get("names", [])}
        return sorted(names, key=len, reverse=True)

    @cached_property
    def grammar(self) -> NameGrammar:
        return NameGrammar(self.data, self.max_name_words)

    @cached_property
    def heads(self) -> set[str]:
        return self.grammar.heads

    @cached_property
    def head_pattern(self) -> re.Pattern[str]:
        heads = sorted(self.heads)
        # ل + the article: للوكالة (ل + الوكالة), and للجنة (ل + اللجنة: one lam fewer)
        with_li = [("ل" if h[2:].startswith("ل") else "لل") + h[2:] for h in heads if h.startswith("ال")]
        arabic = [k for k in self.known if not k[:1].isascii() or not k[:1].isalpha()]
        latin = [k for k in self.known if k not in arabic]
        # Latin names in any case: `Banque mondiale` is the registry's `Banque Mondiale`
        known = "|".join(filter(None, [alternation(arabic), rf"(?i:{alternation(latin)})" if latin else ""])) or "(?!)"
        known_definite = alternation([k[2:] for k in self.known if k.startswith("ال")]) or "(?!)"
        # A clitic (و، ب، ل) glued in front is not part of the name; `للمنظمة` (ل + المنظمة) keeps it.
        return re.compile(
            rf"(?<!{AR_LETTER})(?:و|ب|ل|ول|وب|ك)?(?P<name>(?:{known}|لل(?:{known_definite}))(?![{AR_LETTER[1:-1]}A-Za-z])"
            rf"|(?:{alternation(with_li)})(?!{AR_LETTER})|(?:{alternation(heads)})(?!{AR_LETTER}))"
        )

    @cached_property
    def latin_pattern(self) -> re.Pattern[str]:
        heads = "|".join(re.escape(h) for h in self.data["latin_heads"])
        conn = "|".join(re.escape(c) for c in self.data["latin_connectors"])
        word = rf"(?:{LATIN_WORD}|(?:{conn})(?=\s|[A-ZÀ-Ý]))"
        # A Latin head and capitalized words (with connectors), ending on the last capitalized word
        # (`Observatoire National du Développement Humain`); a name does not run on into another
        # head after `et`/`and` (`Agence ... et Banque Mondiale` is two bodies).
        other = rf"(?:\s+(?:et|and|&)\s+(?:(?:la|le|les|l'|the)\s*)?(?:{heads})\b)"
        return re.compile(rf"(?<![\w'])(?:{heads})(?:(?!{other})(?:\s+|(?<=')){word})*(?:\s+{LATIN_WORD})(?![\w])")

    def _head_form(self, head: str) -> str:
        """The head as listed: للوكالة → الوكالة, للجنة → اللجنة."""
        if head.startswith("لل") and head not in self.heads:
            for form in ("ال" + head[2:], "ال" + head[1:]):
                if form in self.heads:
                    return form
        return head

    def _head_condition(self, text: str, head: str, head_end: int, end: int) -> bool:
        """What some heads need to name a body: a committee its scope (`اللجنة الإقليمية للتنمية
        البشرية`, not `لجنة التتبع`), `ولاية`/`عمالة` a place (not a term of office), a movement a
        preposition of its cause (`حركة من أجل السلام`, not `حركة السير`); a network or a centre
        is a thing when its first word says what it carries or serves (`شبكة الطرق`, `مركز تصفية الدم`)."""
        words = [w for w, _, _ in self.grammar.words(text, head_end, self.max_name_words)[0]]
        span = text[head_end:end]
        first = words[0] if words else ""
        if (head in self.data["network_heads"] and first in self.grammar.word_sets["network_words"]) or (
            head in self.data["facility_heads"] and first in self.grammar.word_sets["facility_words"]
        ):
            return False  # infrastructure and facilities: `شبكة الماء الصالح للشرب`, `مركز استقبال الشباب`
        if head in self.data["scoped_heads"]:
            return bool(words) and words[0] in self.grammar.word_sets["scope_words"]
        if head in self.data["place_heads"]:
            return self.grammar.place_named(self.grammar.words(text, head_end, self.max_name_words)[0])
        if head in self.data["movement_heads"] and head not in self.data["heads"]:
            inner = set(span.split())
            return bool(inner & self.grammar.word_sets["name_prepositions"]) or normalize_str("أجل") in inner or '"' in span or "«" in span
        return True

    @cached_property
    def section_pattern(self) -> re.Pattern[str]:
        return re.compile(rf"[ \u00a0]*[،,\-–][ \u00a0]*(?P<w>{alternation(self.data['section_words'])})(?!{AR_LETTER})")

    def _sections(self, text: str, end: int) -> int:
        """A ministry's department after an inner comma or dash is part of its name:
        `وزارة الاقتصاد والمالية وإصلاح الإدارة، قطاع إصلاح الإدارة`."""
        m = self.section_pattern.match(text, end)
        if m is None:
            return end
        section_end, named = self.grammar.extend(text, m["w"], m.end("w"))
        return section_end if named else end

    def _description(self, head: str, rest: str) -> bool:
        """`مؤسسة بريطانية`, `الجامعة الصيفية`, `المؤسسة الخيرية`: a head and one adjective describe a
        kind of body, they do not name one (names of the registry are matched before)."""
        words = rest.split()
        if len(words) != 1 or '"' in rest or "«" in rest:
            return False
        word = words[0]
        nisba = word.endswith(("يه", "ية")) or (word.endswith("ي") and len(word) > 4)
        if head.startswith("ال"):
            return word_kind(word) == "DEF" and nisba  # البنك المركزي، الجامعة الصيفية
        # after a municipal head the word is a place, whatever its ending: بلدية مونبلييه
        return word_kind(word) == "IND" and word.endswith(("يه", "ية")) and head not in self.data["municipal_heads"]

    def _drop_nationality(self, text: str, head: str, start: int, end: int) -> int:
        """`بلدية ليل الفرنسية` is `بلدية ليل`: a city's municipality is named without its country."""
        words = text[start:end].split()
        municipal = head in self.data["municipal_heads"] or (len(words) > 2 and words[1] in self.data["municipal_heads"])
        if not municipal or len(words) < 3 or word_kind(words[-1]) != "DEF":
            return end
        last = words[-1]
        nisba = any(last.endswith(s) for s in self.data["nationality_suffixes"])
        nationality = nisba and any(last[2:].startswith(stem) for stem in self.grammar.nationality_stems)
        if (nisba and word_kind(words[-2]) == "IND") or nationality:
            return start + text[start:end].rstrip().rfind(" ")
        return end

    def _another_body(self, tail: str) -> bool:
        """Whether what follows a known name starts another body's name governed by it:
        `الوكالة الفرنسية للتنمية للمكتب الوطني للسكك الحديدية` is a lender and its borrower."""
        words = tail.split()
        if not words or not words[0].startswith("ل"):
            return False
        word = words[0]
        return any(form in self.heads for form in ("ال" + word[2:] if word.startswith("لل") else "", word[1:]))

    def _before_known_partner(self, text: str, head_end: int, end: int, known: set[str]) -> int:
        """A name's end moved back before `و` + a registry name: `وكالة تنمية الأقاليم الشمالية والتعاون
        الوطني` is two bodies (two bodies joined by و are two ORGs)."""
        tail = text[head_end:end]
        for m in re.finditer(r"\sو", tail):
            rest = tail[m.end() :].casefold()
            if any(rest == k or rest.startswith(k + " ") for k in known):
                return head_end + m.start()
        return end

    def _counted_or_named(self, text: str, start: int) -> bool:
        """`32 جمعية` is a count; `مشروع وكالة الحي` names a project, not a body."""
        before = text[max(0, start - 25) : start].split("\n")[-1].split()
        if not before:
            return False
        return bool(re.fullmatch(r"\d+", before[-1])) or before[-1] in self.data["project_words"]

    def _has_cue(self, text: str, start: int) -> bool:
        before = text[max(0, start - 30) : start].split()[-2:]
        cues = set(self.data["context_cues"])
        return any(w in cues or w[1:] in cues for w in before)

    def __call__(self, doc: Doc) -> Doc:
        found = found_list(doc)
        text = text_of(doc)
        known = {k.casefold() for k in self.known}
        for m in self.head_pattern.finditer(text):
            start, head = m.start("name"), m["name"]
            if text[m.start() : start].endswith("ل") and head.startswith("ل") and "ال" + head in self.heads:
                start, head = start - 1, "ل" + head  # للجنة is ل + اللجنة, not ل + لجنة
            if self._counted_or_named(text, m.start()):
                continue
            if head not in known and head.startswith("لل") and "ال" + head[2:] in known:
                head = "ال" + head[2:]  # للمنظمة الدولية للهجرة: the known name with ل
            if head.casefold() in known:
                end = m.end("name")
                first = m["name"].split()[0]
                if self._head_form(first) in self.heads:  # a known name may go on: وزارة الداخلية المغربية
                    extended = self.grammar.extend(text, first, m.start("name") + len(first))[0]
                    extended = self._before_known_partner(text, end, extended, known)
                    if not self._another_body(text[end:extended]):
                        end = max(end, extended)
                    if self._head_form(first) in self.data["ministry_heads"]:
                        end = self._sections(text, end)
                found.append(Found("ORG", start, end, {"acronym": None, "canonical": None}, self.name, 1))
                continue
            form = self._head_form(head)
            if form in self.data["context_heads"] and not self._has_cue(text, m.start()):
                continue  # `بجهة سوس ماسة` is a place; `من طرف جهة ...` an institution
            end, named = self.grammar.extend(text, head, m.end("name"))
            if not named or not self._head_condition(text, form, m.end("name"), end):
                continue  # a head alone, or with generic words only, is a generic mention
            if self._description(head, text[m.end("name") : end]):
                continue
            if form in self.data["ministry_heads"]:
                end = self._sections(text, end)
            end = self._drop_nationality(text, form, start, end)
            end = self._before_known_partner(text, m.end("name"), end, known)
            found.append(Found("ORG", start, end, {"acronym": None, "canonical": None}, self.name, 1))
        for m in self.latin_pattern.finditer(text):
            found.append(Found("ORG", m.start(), m.end(), {"acronym": None, "canonical": None}, self.name, 1))
        return doc


@Language.factory(
    "taqrir_org_rules",
    default_config={"data_path": "", "max_name_words": 8, "registry_path": ""},
    assigns=["doc._.found"],
)
def make_org_rules(
    nlp: Language, name: str, data_path: str, max_name_words: int, registry_path: str
) -> OrganizationRules:
    return OrganizationRules(name, data_path, max_name_words, registry_path)
