"""ORG, rule layer: a head noun that names a kind of body (وزارة، جماعة، الوكالة، جمعية ...)
followed by the words of its name, Latin names (`Agence Française de Développement`), and the
names of the organization registry (`extractors/data/org_registry.json`).

The words of a name follow the shape of an Arabic noun phrase: after an indefinite head comes a
genitive chain (`وكالة تنمية الأقاليم الشمالية`, `جماعة وجدة`); definite adjectives and genitives
(`الدولية`, `للتنمية`) continue it; an indefinite word after a definite one starts a new phrase
(`جماعة الناظور غلافا ماليا`: the object of the verb), and so does a clitic + head (`وبلدية ليون`).
A head alone or with only generic words (`الوزارة`, `مجلس الجهة`, `المجلس الجماعي`) is a generic
mention, not an organization. Heads, stop words, places and the rest are data
(`extractors/data/organizations.json`).
"""

from __future__ import annotations

import json
import re
from functools import cache, cached_property
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from extractors.base import AR_LETTER, Found, alternation, found_list, text_of
from extractors.places import place_names
from pipeline.normalize import normalize_str

DATA = Path(__file__).parent / "data"
NEXT_WORD = re.compile(rf"[ \u00a0]+(?P<w>{AR_LETTER}+)")
QUOTED = re.compile(r"[ \u00a0]*(?P<q>[\"«“])[^\"«»“”\n]{2,60}[\"»”]")
LATIN_WORD = r"[A-ZÀ-Ý][\w'’\-]*"
LATIN_AFTER_HEAD = re.compile(rf"[ \u00a0]+{LATIN_WORD}(?:[ \u00a0]+(?:(?:de|des|du|la|le|les|pour|et|for|of|the|and|&)[ \u00a0]+)?{LATIN_WORD})*")


def _kind(word: str) -> str:
    """The shape of a word after a head: DEF (الـ), LDEF (لل), BDEF (بال), WDEF (وال/ولل), LIND (لـ), IND."""
    if word.startswith("ال") and len(word) > 3:
        return "DEF"
    if word.startswith("لل") and len(word) > 3:
        return "LDEF"
    if word.startswith("بال") and len(word) > 4:
        return "BDEF"
    if (word.startswith("وال") or word.startswith("ولل")) and len(word) > 4:
        return "WDEF"
    if word.startswith("ل") and len(word) > 3:
        return "LIND"
    return "IND"


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
    def heads(self) -> set[str]:
        return set(self.data["heads"]) | set(self.data["context_heads"])

    @cached_property
    def head_pattern(self) -> re.Pattern[str]:
        heads = [*self.data["heads"], *self.data["context_heads"]]
        definite = [h[2:] for h in heads if h.startswith("ال")]
        known = alternation(self.known) if self.known else "(?!)"
        # A clitic (و، ب، ل) glued in front is not part of the name; `للمنظمة` (ل + المنظمة) keeps it.
        return re.compile(
            rf"(?<!{AR_LETTER})(?:و|ب|ل|ول|وب|ك)?(?P<name>(?:{known})(?![{AR_LETTER[1:-1]}A-Za-z])"
            rf"|لل(?:{alternation(definite)})(?!{AR_LETTER})|(?:{alternation(heads)})(?!{AR_LETTER}))"
        )

    @cached_property
    def latin_pattern(self) -> re.Pattern[str]:
        heads = "|".join(re.escape(h) for h in self.data["latin_heads"])
        conn = "|".join(re.escape(c) for c in self.data["latin_connectors"])
        word = rf"(?:{LATIN_WORD}|(?:{conn})(?=\s|[A-ZÀ-Ý]))"
        # A Latin head and capitalized words (with connectors), ending on a capitalized word.
        return re.compile(rf"(?<![\w'])(?:{heads})(?:(?:\s+|(?<=')){word})*?(?:\s+{LATIN_WORD})(?![\w])")

    @cached_property
    def places(self) -> list[list[str]]:
        """Multi-word place names a body's name may end with (its own list and the places gazetteer)."""
        names = {tuple(p.split()) for p in self.data["places"]}
        names |= {tuple(p.split()) for p in place_names() if " " in p}
        return sorted((list(p) for p in names), key=len, reverse=True)

    @cached_property
    def continuations(self) -> list[list[str]]:
        return [c.split() for c in self.data["continuations"]]

    @cached_property
    def territorial(self) -> set[str]:
        return set(self.data["territorial"])

    def _territory(self, word: str, prev: str, following: list[str]) -> bool:
        """`لجهة فاس مكناس`, `لعمالات وأقاليم ...` after a definite name: the body's territory."""
        if prev not in ("DEF", "LDEF", "WDEF") or not word.startswith("ل") or not following:
            return False
        return word[1:] in self.territorial

    def _is_clitic_head(self, word: str) -> bool:
        """A head with a clitic starts another body: وبلدية، ووزارة، وللوكالة، للمنظمة."""
        for prefix in ("و", "ب", "ل", "ول", "وب", "ك"):
            if not word.startswith(prefix):
                continue
            rest = word[len(prefix) :]
            if prefix and rest in self.heads:
                return True
            if rest.startswith("لل") and "ال" + rest[2:] in self.heads:
                return True
        return False

    def _words(self, text: str, pos: int, limit: int) -> list[tuple[str, int, int]]:
        words: list[tuple[str, int, int]] = []
        while len(words) < limit:
            m = NEXT_WORD.match(text, pos)
            if not m:
                break
            words.append((m["w"], m.start("w"), m.end("w")))
            pos = m.end()
        return words

    def _extend(self, text: str, head: str, head_end: int) -> tuple[int, int]:
        """The end of the name after its head, and the number of its non-generic words."""
        quoted = QUOTED.match(text, head_end)
        if quoted and not head.startswith("ال"):
            return quoted.end(), 1
        latin = LATIN_AFTER_HEAD.match(text, head_end)
        if latin and not head.startswith("ال"):
            return latin.end(), 1  # مؤسسة Friedrich Ebert
        words = self._words(text, head_end, self.max_name_words + 4)
        stop = set(self.data["stop_words"])
        generic = set(self.data["generic_words"])
        prev = "DEF" if head.startswith("ال") or head.startswith("لل") else "HEAD"
        end, named, i = head_end, 0, 0
        while i < len(words) and i < self.max_name_words:
            word, _, w_end = words[i]
            generic_so_far = i > 0 and named == 0  # المجلس الإقليمي لشفشاون
            following = [w for w, _, _ in words[i + 1 :]]
            kind = _kind(word)
            if word == "و" and len(following) >= 1 and following[0] not in self.heads:
                nxt = _kind(following[0])
                after = _kind(following[1]) if len(following) > 1 else None
                if (nxt in ("DEF", "LDEF") and prev in ("DEF", "LDEF", "WDEF", "BDEF")) or (
                    prev == "IND" and nxt == "IND" and after in ("DEF", "LDEF")
                ):
                    i += 2  # a separate و inside the name: جمعية الهجرة و التنمية
                    end, prev = words[i - 1][2], ("IND" if nxt == "IND" else nxt)
                    continue
                break
            if self._territory(word, prev, following):
                i += 1
                end, prev = w_end, "HEAD"  # المركز الجهوي للاستثمار لجهة فاس مكناس
                continue
            if prev == "HEAD" and i and word[:1] == "و" and word[1:] in self.territorial:
                i += 1
                end = w_end  # لعمالات وأقاليم الجهة الشرقية
                continue
            if word in stop or self._is_clitic_head(word):
                cont = next((c for c in self.continuations if [w for w, _, _ in words[i : i + len(c)]] == c), None)
                if cont is None and word == "لدي" and following[:1] in (["وزير"], ["رئيس"]) and len(following) > 1:
                    cont = [w for w, _, _ in words[i : i + 3]]  # الوزارة المنتدبة لدى وزير الخارجية
                if cont is None or prev == "HEAD" or (not named and " " not in head):
                    break
                i += len(cont)
                end, prev = words[i - 1][2], "HEAD"
                continue
            if word.startswith("ل") and (generic_so_far or prev in ("DEF", "LDEF")):
                # the body's place with `ل`: المجلس الإقليمي لبني ملال، الوكالة الحضرية لسيدي قاسم
                rest = [word[1:], *following]
                place = next((p for p in self.places if len(p) > 1 and rest[: len(p)] == p), None)
                if place:
                    end, named = words[i + len(place) - 1][2], named + 1
                    break  # the place closes the name: what follows is the sentence
            if prev in ("HEAD", "IND", "TITLE"):
                place = next((p for p in self.places if [w for w, _, _ in words[i : i + len(p)]] == p), None)
                if place:
                    i += len(place)
                    end, named, prev = words[i - 1][2], named + 1, "DEF"
                    continue
            if prev == "TITLE" and kind in ("IND", "LIND"):
                accept = True  # after a title: جامعة السلطان مولاي سليمان، جامعة القاضي عياض
            elif kind in ("DEF", "LDEF"):
                accept = True
            elif kind == "WDEF":
                accept = prev in ("DEF", "LDEF", "WDEF", "BDEF")
            elif kind == "BDEF":
                accept = prev == "DEF" and any(words[i - 1][0].startswith(p) for p in self.data["object_participles"]) if i else False
            elif kind == "LIND" and prev != "HEAD":
                accept = generic_so_far or prev in ("DEF", "LDEF", "IND") and bool(following) and (
                    _kind(following[0]) in ("DEF", "LDEF")
                    or (following[0] == "و" and len(following) > 2 and _kind(following[2]) in ("DEF", "LDEF"))
                )
            elif prev == "HEAD":
                accept = True  # the first word of a construct chain or a proper name: جماعة وجدة
            elif prev == "IND":
                # inside a construct chain only when it leads to a definite word: جامعة عبد المالك السعدي
                accept = bool(following) and _kind(following[0]) == "DEF" and following[0] not in stop
            else:
                accept = False
            if not accept:
                break
            end, prev = w_end, ("IND" if kind in ("IND", "LIND") else kind)
            if word in self.data["name_titles"]:
                prev = "TITLE"
            if word in self.territorial:
                prev = "HEAD"  # مجلس جماعة فاس، مجلس مدينة برشلونة
            if word in self.data["name_enders"]:
                break  # a theophoric personal name ends the name: جامعة سيدي محمد بن عبد الله
            named += word not in generic and not (kind == "LDEF" and "ال" + word[2:] in self.heads)
            i += 1
        return end, named

    def _description(self, head: str, rest: str) -> bool:
        """`مؤسسة بريطانية`, `الجامعة الصيفية`, `المؤسسة الخيرية`: a head and one adjective describe a
        kind of body, they do not name one (names of the registry are matched before)."""
        words = rest.split()
        if len(words) != 1 or '"' in rest or "«" in rest:
            return False
        word = words[0]
        nisba = word.endswith(("يه", "ية")) or (word.endswith("ي") and len(word) > 4)
        if head.startswith("ال"):
            return _kind(word) == "DEF" and nisba  # البنك المركزي، الجامعة الصيفية
        # after a municipal head the word is a place, whatever its ending: بلدية مونبلييه
        return _kind(word) == "IND" and word.endswith(("يه", "ية")) and head not in self.data["municipal_heads"]

    def _drop_nationality(self, text: str, head: str, start: int, end: int) -> int:
        """`بلدية ليل الفرنسية` is `بلدية ليل`: a city's municipality is named without its country."""
        if head not in self.data["municipal_heads"]:
            return end
        words = text[start:end].split()
        if (
            len(words) >= 3
            and _kind(words[-1]) == "DEF"
            and _kind(words[-2]) == "IND"
            and any(words[-1].endswith(s) for s in self.data["nationality_suffixes"])
        ):
            return start + text[start:end].rstrip().rfind(" ")
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
        known = set(self.known)
        for m in self.head_pattern.finditer(text):
            start, head = m.start("name"), m["name"]
            if self._counted_or_named(text, m.start()):
                continue
            if head in known:
                end = m.end("name")
                if head.split()[0] in self.heads:  # a known name may go on: وزارة الداخلية المغربية
                    end = max(end, self._extend(text, head.split()[0], m.start("name") + len(head.split()[0]))[0])
                found.append(Found("ORG", start, end, {"acronym": None, "canonical": None}, self.name, 1))
                continue
            bare = head[2:] if head.startswith("لل") else head
            context_head = bare in self.data["context_heads"] or "ال" + bare in self.data["context_heads"]
            if context_head and not self._has_cue(text, m.start()):
                continue  # `بجهة سوس ماسة` is a place; `من طرف جهة ...` an institution
            end, named = self._extend(text, head, m.end("name"))
            if not named:
                continue  # a head alone, or with generic words only, is a generic mention
            if self._description(head, text[m.end("name") : end]):
                continue
            end = self._drop_nationality(text, head, start, end)
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
