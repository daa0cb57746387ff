"""The words of an Arabic organization name after its head noun, read as a noun phrase.

After an indefinite head comes a genitive chain (`وكالة تنمية الأقاليم الشمالية`, `جماعة وجدة`);
definite adjectives and genitives (`الدولية`, `للتنمية`) continue it, and so do coordinated nouns
(`والمالية وإصلاح الإدارة`), a person's name (`مؤسسة خليفة بن زايد`), a preposition inside the name
(`أطباء بلا حدود`, `من أجل`) and a place written with hyphens (`جهة طنجة-تطوان-الحسيمة`). An indefinite
word after a definite one starts a new phrase (`جماعة الناظور غلافا ماليا`: the object of the verb),
and so do a clitic + head (`وبلدية ليون`) and a definite noun that cannot be an adjective
(`وكالة ... للأنباء الخبر`). An indefinite head followed by `ل` + a noun of action or by a verb is a
description (`مركز للتكوين`, `جمعية ينشئها ...`). The words are data (`extractors/data/organizations.json`).
"""

from __future__ import annotations

import re
from functools import cached_property

from extractors.base import AR_LETTER
from extractors.places import place_names

# The next word of a name and what separates it from the previous one: blanks, or a hyphen, tight
# (`طنجة-تطوان-الحسيمة`) or spaced (`جهة الرباط - سلا - القنيطرة`).
NEXT_WORD = re.compile(rf"(?P<sep>[ \u00a0]*[-–][ \u00a0]*|[ \u00a0]+)(?P<w>{AR_LETTER}+)")
# A verb with an object pronoun right after an indefinite head opens a relative clause: `جمعية ينشئها ...`.
CLAUSE_VERB = re.compile(r"^[يتن][\u0621-\u064A]{2,}(?:ها|هم|هن|هما)$")
QUOTED = re.compile(r"[ \u00a0]*(?P<q>[\"«“])[^\"«»“”\n]{2,60}[\"»”]")
LATIN_WORD = r"[A-ZÀ-Ý][\w'’\-]*"
LATIN_AFTER_HEAD = re.compile(rf"[ \u00a0]+{LATIN_WORD}(?:[ \u00a0]+(?:(?:de|des|du|la|le|les|pour|et|for|of|the|and|&)[ \u00a0]+)?{LATIN_WORD})*")


def word_kind(word: str) -> str:
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


class NameGrammar:
    """Where an organization name that starts with a head noun ends."""

    def __init__(self, data: dict[str, list[str]], max_name_words: int):
        self.data = data
        self.max_name_words = max_name_words

    @cached_property
    def heads(self) -> set[str]:
        """Every head a name starts at: bodies, territories (`جهة`, with a cue), committees
        (`اللجنة`, with a scope), movements (`حركة`, with a preposition), `ولاية`/`عمالة` (with a place)."""
        keys = ("heads", "context_heads", "scoped_heads", "movement_heads", "place_heads")
        return {h for key in keys for h in self.data[key]}

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

    def words(self, text: str, pos: int, limit: int) -> tuple[list[tuple[str, int, int]], list[str]]:
        """The words after `pos` and their separators (" " blanks, "-" a tight hyphen, " - " a spaced one)."""
        words: list[tuple[str, int, int]] = []
        seps: list[str] = []
        while len(words) < limit:
            m = NEXT_WORD.match(text, pos)
            if not m:
                break
            words.append((m["w"], m.start("w"), m.end("w")))
            sep = m["sep"]
            seps.append(" " if "-" not in sep and "–" not in sep else ("-" if sep.strip() == sep else " - "))
            pos = m.end()
        return words, seps

    @cached_property
    def word_sets(self) -> dict[str, set[str]]:
        keys = ("scope_words", "name_prepositions", "place_head_words", "adjectives", "person_nouns", "stop_words",
                "network_words", "facility_words", "indefinite_adjectives")
        return {key: set(self.data[key]) for key in keys}

    def _indefinite(self, head: str, words: list[tuple[str, int, int]]) -> bool:
        """An indefinite head followed by an indefinite adjective, `ل` + a noun of action or a verb
        describes a body, it does not name one: `منظمة غير حكومية`, `شركة خاصة`, `تعاونية نسائية
        لإنتاج ...`, `مركز للتكوين المهني`, `مركز لتكوين الشباب`, `جمعية ينشئها الآباء`. A name starting
        with `ل` is a proper noun (`بلدية ليون`, `جامعة لوفان`), and so is a town after a municipal
        head whatever its ending (`بلدية مونبلييه`)."""
        first = words[0][0]
        if word_kind(first) == "LDEF" or CLAUSE_VERB.match(first):
            return True
        following = words[1][0] if len(words) > 1 else ""
        # `ية` ends adjectives (حكومية) and nouns of action (تنمية): a noun of action heads a genitive
        # (`وكالة تنمية الأقاليم`), an adjective does not
        adjectives = self.word_sets["indefinite_adjectives"]
        construct = word_kind(following) in ("DEF", "WDEF") or (
            word_kind(following) == "IND" and bool(following) and not following.endswith(("يه", "ي"))
            and following not in adjectives and following not in self.word_sets["stop_words"]
        )  # جمعية رعاية أطفال الشوارع
        nisba = first.endswith("يه") and len(first) > 4 and not construct
        if word_kind(first) == "IND" and head not in self.data["municipal_heads"] and (
            first in adjectives or nisba
        ):
            return True
        return (
            word_kind(first) == "LIND" and first[1:2] in ("ت", "م", "ا") and len(first) > 4
            and word_kind(following) == "DEF" and first not in self.single_places
        )

    def _adjective(self, word: str) -> bool:
        """Whether a definite word can be an adjective (and so go on a name after a definite word):
        a nisba (`الاجتماعية`), a participle (`المستدامة`, `الصالح`) or a listed adjective (`الكبرى`).
        A definite noun there is the sentence's object: `نقلت وكالة ... للأنباء الخبر`."""
        bare = word[2:] if word.startswith(("ال", "لل")) else word
        if word.startswith("لل"):
            return True
        nisba = bare.endswith(("ي", "يه", "يين")) and len(bare) > 2
        participle = bare.startswith("م") and len(bare) >= 4
        active = len(bare) in (4, 5) and bare[1] == "ا"  # فاعل(ة): الصالح، الشاملة، الخاصة
        elative = len(bare) == 4 and bare[0] == "ا"  # أفعل: الأعلى، الأحمر
        return nisba or participle or active or elative or word in self.word_sets["adjectives"]

    def _places_after(self, words: list[tuple[str, int, int]], i: int) -> list[str] | None:
        return next((p for p in self.places if [w for w, _, _ in words[i : i + len(p)]] == p), None)

    def place_named(self, words: list[tuple[str, int, int]]) -> bool:
        """After `ولاية`/`عمالة` the name is a place (`ولاية جهة ...`, `عمالة الرباط`); otherwise
        the word is a term of office (`ولاية المجلس`) or labour (`عمالة الأطفال`)."""
        if not words:
            return False
        first = words[0][0]
        if first in self.word_sets["place_head_words"] or first in self.single_places:
            return True
        return self._places_after(words, 0) is not None

    @cached_property
    def head_words(self) -> set[str]:
        """Words that start another body or a project: a head's first word, a project word."""
        return {h.split()[0] for h in self.heads} | set(self.data["project_words"])

    @cached_property
    def single_places(self) -> set[str]:
        return {p for p in place_names() if " " not in p} | {p for p in self.data["places"] if " " not in p}

    def extend(self, text: str, head: str, head_end: int) -> tuple[int, int]:
        """The end of the name after its head, and the number of its non-generic words."""
        quoted = QUOTED.match(text, head_end)
        if quoted and not head.startswith("ال"):
            return quoted.end(), 1
        latin = LATIN_AFTER_HEAD.match(text, head_end)
        if latin and not head.startswith("ال"):
            return latin.end(), 1  # مؤسسة Friedrich Ebert
        words, seps = self.words(text, head_end, self.max_name_words + 4)
        stop = self.word_sets["stop_words"]
        generic = set(self.data["generic_words"])
        definite_head = head.startswith("ال") or head.startswith("لل") or " " in head
        prev = "DEF" if definite_head else "HEAD"
        if words and not definite_head and seps[0] == " " and self._indefinite(head, words):
            return head_end, 0  # an indefinite phrase: `مركز للتكوين`, `جمعية ينشئها الآباء`
        movement = head in self.data["movement_heads"]
        end, named, i = head_end, 0, 0
        in_place = False  # the last words were a place: `جماعة الناظور`
        coordinated = False  # the name already joins two nouns with و: `وزارة الاقتصاد والمالية`
        while i < len(words) and i < self.max_name_words:
            word, _, w_end = words[i]
            generic_so_far = i > 0 and named == 0  # المجلس الإقليمي لشفشاون
            following = [w for w, _, _ in words[i + 1 :]]
            kind = word_kind(word)
            if seps[i] == " - ":
                break  # a spaced hyphen outside a place name separates: `وكالة ... – UN HABITAT`
            if seps[i] == "-" and i:
                i += 1
                end = w_end  # a compound written with a hyphen: `تطوان-الحسيمة`
                continue
            if word in self.word_sets["name_prepositions"] and following and (i or movement) and following[0] not in stop:
                i += 2
                end, named, prev = words[i - 1][2], named + 1, word_kind(following[0])
                continue  # a preposition inside the name: `جمعية أطباء بلا حدود`, `حركة ضد الجوع`
            if (
                kind == "IND" and word.startswith("و") and len(word) > 3 and not in_place and coordinated
                and prev in ("DEF", "LDEF", "WDEF") and following and word_kind(following[0]) == "DEF"
                and word[1:] not in stop and word[1:] not in self.word_sets["person_nouns"]
                and word[1:] not in self.head_words
            ):
                i += 2  # a coordinated construct inside the name: `... والمالية وإصلاح الإدارة`
                end, named, prev = words[i - 1][2], named + 1, "DEF"
                continue
            if word == "و" and len(following) >= 1 and following[0] not in self.heads:
                nxt = word_kind(following[0])
                after = word_kind(following[1]) if len(following) > 1 else None
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
                if cont is None or (prev == "HEAD" and not movement) or (not named and " " not in head and not movement):
                    break
                i += len(cont)
                end, prev = words[i - 1][2], "HEAD"
                continue
            if word.startswith("ل") and (generic_so_far or prev in ("DEF", "LDEF")):
                # the body's place with `ل`: المجلس الإقليمي لبني ملال، الوكالة الحضرية لسيدي قاسم
                rest = ["ال" + word[2:] if word.startswith("لل") else word[1:], *following]
                place = next((p for p in self.places if len(p) > 1 and rest[: len(p)] == p), None)
                if place:
                    end, named = words[i + len(place) - 1][2], named + 1
                    break  # the place closes the name: what follows is the sentence
            if prev in ("HEAD", "IND", "TITLE"):
                place = self._places_after(words, i)
                if place:
                    i += len(place)
                    end, named, prev, in_place = words[i - 1][2], named + 1, "DEF", True
                    continue
            if prev == "TITLE" and kind in ("IND", "LIND"):
                accept = True  # after a title: جامعة السلطان مولاي سليمان، جامعة القاضي عياض
            elif prev in ("IND", "TITLE") and word in self.data["name_titles"] and following:
                accept = True  # a person's name goes on: مؤسسة خليفة بن زايد آل نهيان
            elif kind == "DEF" and in_place:
                # after a place only its adjective goes on (الدار البيضاء الكبرى), not the sentence (... الاتفاقية)
                accept = word in self.word_sets["adjectives"] or word[2:].startswith(self.nationality_stems)
            elif kind == "DEF" and i and prev in ("DEF", "LDEF"):
                accept = self._adjective(word)  # after a definite word: an adjective, not the verb's object
            elif kind in ("DEF", "LDEF"):
                accept = True
            elif kind == "WDEF":
                accept = prev in ("DEF", "LDEF", "WDEF", "BDEF")
            elif kind == "BDEF":
                accept = prev == "DEF" and any(words[i - 1][0].startswith(p) for p in self.data["object_participles"]) if i else False
            elif kind == "LIND" and prev != "HEAD":
                accept = generic_so_far or prev in ("DEF", "LDEF", "IND") and bool(following) and (
                    word_kind(following[0]) in ("DEF", "LDEF")
                    or (following[0] == "و" and len(following) > 2 and word_kind(following[2]) in ("DEF", "LDEF"))
                )
            elif prev == "HEAD":
                accept = True  # the first word of a construct chain or a proper name: جماعة وجدة
            elif prev == "IND":
                # inside a construct chain only when it leads to a definite word: جامعة عبد المالك السعدي
                accept = bool(following) and word_kind(following[0]) == "DEF" and following[0] not in stop
            else:
                accept = False
            if not accept:
                break
            end, prev = w_end, ("IND" if kind in ("IND", "LIND") else kind)
            in_place = word in self.single_places
            coordinated = coordinated or kind == "WDEF"
            if word in self.data["name_titles"]:
                prev = "TITLE"
            if word in self.territorial:
                prev = "HEAD"  # مجلس جماعة فاس، مجلس مدينة برشلونة
            if word in self.data["name_enders"]:
                break  # a theophoric personal name ends the name: جامعة سيدي محمد بن عبد الله
            named += word not in generic and not (kind == "LDEF" and "ال" + word[2:] in self.heads)
            i += 1
        return end, named

    @cached_property
    def nationality_stems(self) -> tuple[str, ...]:
        return tuple(self.data["nationality_stems"])
