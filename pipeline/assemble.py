"""Assembly: entities, tables and document structure into project records.

1. Mentions. A project, programme or initiative is named in a unit of text (a paragraph, heading,
   list item or table cell) by a cue word (مشروع، برنامج، مبادرة، توأمة بين ...) followed by a quoted
   name, a name with its acronym, or a name running to the next stop (punctuation, a role, date or
   place cue); at the start of a unit, by a name followed by its acronym in brackets; by a creation
   verb whose object the unit then calls `هذا المشروع`; and, in a table with a project column
   (`المشروع`، `اسم البرنامج`), by the cell of each row. The cue word is dropped from the name, except
   when it is part of the proper name (`البرنامج الجهوي ...`, `المبادرة المشتركة ...`: a definite cue
   followed by a definite adjective; `توأمة بين ...`). References (`هذا المشروع`), plurals
   (`مشاريع`), indefinite accusatives (`برنامجا متكاملا`), generic phrases (`برنامج عمل`) and programmes
   named after a role cue (`بشراكة مع المبادرة الوطنية ...`, a partner) are not names. A second naming
   right after a first (`مشروع "X" مشروع Y`) is an alias of it.
2. Records. Mentions with the same normalized name or acronym are one record (a heading's
   description may match another mention's name). Each record reads its fields from a scope: its
   stretch of the unit up to the next mention (a cell's or item's leading date included); the
   following blocks that refer back to it (`هذا المشروع`, and the list they introduce), or the whole
   section under a heading that names it; the heading framing its block (`في إطار الشراكة مع ...`);
   a report whose title names its only project is that project's scope as a whole. A project
   named as the frame of another (`في إطار X`، `التابع لـ X`) takes no date from that sentence; a
   sub-project (`وبموجبه تم تمويل مشروع ...`) inherits its parent's funders. Table rows: the other
   cells of the row give fields by their column's header (funders, partners, period, places, a money
   column), else their organizations are partners and their places places of every record of the row.
3. Fields. Roles come from cue phrases (`الممول من طرف`، `بتمويل من`، `من لدن`، `بشراكة مع`، `قامت`، `دعمت`
   ...), reading the list of organizations after the cue up to the end of the clause, and from labels
   beside a block (`ممول المشروع` under a list of funders, `الشركاء:` opening one); periods from a
   labelled period (`مدة التنزيل`), a leading date, a range or date in the record's own text, a
   duration (`مدة المشروع ثلاث سنوات`); amounts from MONEY entities (per-grantee amounts, `لكل جمعية`,
   left out; the year they are for kept) and budget words followed by a bare number (no currency:
   flagged); places from the gazetteer (`extractors.places`) and territorial organizations, leaving out
   an ambassador's country, a place inside an association's name, a dated event's venue.
   Organizations are named as written: with the nationality adjective that follows them (`بلدية ليل
   الفرنسية`, which the ORG entity convention leaves out), in Arabic when the Latin name or acronym
   follows (`... الدولية Expertise France` is one body). A record no named body implements or funds
   takes the generic body acting in its scope (`دعمت الوزارة`، `أطلقت الجماعة`: implementer, and funder
   for a support verb or a total amount), with a low confidence.
Every field gets a confidence that reflects how it was found. `merge_records` makes one record of
a project named in several documents.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from extractors.numbers import NUMBER, SCALE, parse_number, scale_of
from extractors.places import find_places
from extractors.tables import cell_number, is_total_row
from pipeline.model import Amount, Document, Entity, Evidence, ProjectRecord, Table
from pipeline.normalize import NormalizedText, normalize, normalize_str

N = normalize_str
QUOTES = "\"“”«»„‟'‘’"
Q = re.escape(QUOTES)
CLITIC = "(?:[وفبلك]{1,2})?"
# `لل` + noun is the definite article after li- (للمشروع): never an indefinite cue
INDEF_CLITIC = "(?:و?[فبك]|و?ل(?!ل)|و)?"
_CUE_WORDS = ["مشروع", "برنامج", "مبادرة"]
CUE = INDEF_CLITIC + "(?:" + "|".join(N(w) for w in _CUE_WORDS) + ")"
DEF_CUE = "(?:" + CLITIC + "(?:" + "|".join(N("ال" + w) for w in _CUE_WORDS) + ")|و?لل(?:" + "|".join(N(w) for w in _CUE_WORDS) + "))"
# A cue word kept in the name: twinning and partnership frameworks between two parties.
KEEP_CUE = "(?:" + "|".join(N(w) for w in ("توأمة", "اتفاقية توأمة", "اتفاقية شراكة وتعاون")) + r")\s+" + N("بين")
ACR = r"[A-Z][A-Za-z0-9&]*[A-Z0-9](?:[\- ][A-Z0-9]+)?"
NAME_CHARS = rf"[^{Q}\n()،,.:;؛!؟?]"
LETTER = r"[\u0621-\u064A\u066E-\u06D3A-Za-z0-9]"
DEMONSTRATIVES = {N(w) for w in ("هذا", "هذه", "ذلك", "تلك", "هذين", "نفس", "نفس")}
# The first word of a generic phrase that is not a project's name (`برنامج عمل الجماعة`).
GENERIC_FIRST = {N(w) for w in ("عمل", "العمل", "تنموي", "تنموية", "متكامل", "متكاملا", "جديد", "الجديد", "هام", "ثان",
                                 "ثاني", "ثالث", "أول", "اول", "آخر", "اخر", "مماثل", "يهم", "يتعلق",
                                 # drafts of texts, not projects: مشروع قانون، مشروع مرسوم، مشروع الميزانية
                                 "قانون", "القانون", "مرسوم", "المرسوم", "قرار", "القرار", "ميزانية", "الميزانية",
                                 "نظام", "النظام", "مخطط", "المخطط", "اتفاقية", "الاتفاقية", "دفتر", "تشريعية",
                                 "مقرر", "المقرر", "دورية", "ظهير",
                                 "مهم", "كبير", "آخر", "اخر", "خاص", "واحد")}  # fmt: skip
# Definite adjectives that follow a definite cue without making it a name (`المشروع المذكور`).
GENERIC_ADJ = {N(w) for w in ("المذكور", "المشار", "الحالي", "السابق", "المقبل", "المعني", "التكويني", "الأول", "الثاني")}
# Words that end an unquoted name.
STOP_WORDS = [N(w) for w in (
    "منذ", "سنة", "سنتي", "خلال", "ابتداء", "ابتداءا", "ابتداء", "برسم", "لفائدة", "الممول", "الممولة", "ممول", "ممولة",
    "والممول", "بتمويل", "وبتمويل", "بتتمويل", "بدعم", "وبدعم", "المنفذ", "المنفذة", "والمنفذ", "المنجز", "والمنجز",
    "المنجزة", "بشراكة", "وبشراكة", "بتعاون", "وبتعاون", "بتنسيق", "الذي", "التي", "والذي", "والتي", "يهدف", "ويهدف",
    "تهدف", "يدخل", "يندرج", "ويندرج", "يأتي", "تم", "وتم", "سيتم", "ويتم", "يتم", "إلى", "الى", "بقيمة", "بميزانية",
    "بغلاف", "بكلفة", "بتكلفة", "بمبلغ", "قدرها", "الذي", "عن", "حيث", "كما", "بهدف", "قصد", "لمدة", "مدة",
    "التابع", "التابعة", "المندرج", "فوق", "بتراب", "تراب")
]  # fmt: skip
MAX_NAME_WORDS = 14
# A unit opening with these is a sentence, not a name: `في إطار التعاون مع الوكالة ... (JICA)`.
LEADING_NOT = {N(w) for w in ("في", "وفي", "مع", "ومع", "حسب", "وحسب", "بعد", "وبعد", "قبل", "خلال", "وخلال", "تم", "وتم",
                              "من", "ومن", "إن", "ان", "كما", "وقد", "قد", "لقد")}  # fmt: skip
# Words an organization's name starts with: a listed item must start with one (assembly keeps its own
# list so that it does not depend on the ORG extractor's data files).
_ORG_HEADS = [N(w) for w in (
    "وزارة", "الوزارة", "الوزارة المنتدبة", "كتابة الدولة", "الكتابة العامة", "جماعة", "الجماعة", "بلدية", "البلدية",
    "مجلس", "المجلس", "الوكالة", "وكالة", "المنظمة", "منظمة", "جمعية", "الجمعية", "جامعة", "الجامعة", "صندوق",
    "الصندوق", "المركز", "مركز", "مرصد", "المرصد", "المديرية", "مديرية", "المندوبية", "مندوبية", "مؤسسة", "المؤسسة",
    "الهيئة", "هيئة", "البنك", "بنك", "سفارة", "السفارة", "قنصلية", "القنصلية", "ولاية", "عمالة", "المفوضية",
    "مفوضية", "الشبكة", "شبكة", "التعاونية", "تعاونية", "الفيدرالية", "فيدرالية", "الاتحاد", "اتحاد", "المعهد",
    "معهد", "الأكاديمية", "أكاديمية", "الغرفة", "غرفة", "المكتب", "مكتب", "برنامج الأمم المتحدة", "مجموعة", "حكومة",
    "الحكومة", "المنتدى", "منتدى", "التحالف", "تحالف", "اللجنة", "لجنة", "شركة", "الشركة", "مجموعة", "الائتلاف",
    "المبادرة الوطنية", "البرنامج الوطني")]
ITEM_HEAD_RE = re.compile(r"\s*(?P<item>(?:" + "|".join(sorted(map(re.escape, _ORG_HEADS), key=len, reverse=True)) + rf")(?!{LETTER[:-1]}]))")
LIST_CUES = {N(c): role for role, cues in {
    "funders": ["الممول من طرف", "الممولة من طرف", "ممول من طرف", "ممولة من طرف", "الممول من قبل", "بتمويل من", "وبتمويل من",
                "بتتمويل من", "وبتتمويل من", "تمويله من طرف", "تمويلها من طرف", "بدعم من", "بدعم مالي من", "بمساهمة من"],
    "implementers": ["المنفذ من طرف", "المنفذة من طرف", "المنجز من طرف", "المنجزة من طرف", "من لدن", "تنفيذه من طرف",
                     "تنفيذها من طرف"],
    "partners": ["بشراكة مع", "وبشراكة مع", "في إطار الشراكة مع", "بتعاون مع", "بالتعاون مع", "بتنسيق مع", "الشراكة مع",
                 "شراكة مع", "في إطار التعاون مع", "التعاون مع", "بتنسيق مع"],
}.items() for c in cues}  # fmt: skip
LIST_CUE_END = re.compile("(?:" + "|".join(sorted(map(re.escape, LIST_CUES), key=len, reverse=True)) + r")[\s،,:]*$")
LIST_CUE_RE = re.compile(rf"(?<!{LETTER[:-1]}])(?P<cue>" + "|".join(sorted(map(re.escape, LIST_CUES), key=len, reverse=True)) + r")[\s،,:]*")
ITEM_STOP = {N(w) for w in ("يهدف", "ويهدف", "تهدف", "الذي", "التي", "والذي", "والتي", "في", "بهدف", "من", "على", "حيث",
                            "وذلك", "قصد", "لتنفيذ", "بتمويل", "وبتمويل", "بتتمويل", "وبتتمويل", "بشراكة", "وبشراكة",
                            "الممول", "والممول", "المنجز", "والمنجز", "المنفذ", "والمنفذ", "بدعم", "وبدعم", "بتعاون",
                            "وبتعاون", "عن", "ببلورة", "بإعداد", "بثلاث", "إلى", "الى", "لفائدة")}  # fmt: skip
ITEM_STOP |= set(STOP_WORDS) | {N("ما")}
MAX_ITEM_WORDS = 14


def _item_end(text: str, start: int) -> int:
    """Where a listed organization's name ends: a clause mark, a stop word, or `و` before another head."""
    last = start
    seen_between = False
    for count, word in enumerate(re.finditer(r"[^\s،,.:;؛()\n]+|[،,.:;؛()\n]", text[start:])):
        token = word.group()
        if token in "،,.:;؛()\n" or (count and token in ITEM_STOP) or re.fullmatch(r"\d[\d\-/]*", token):
            break
        if count and token.startswith("و") and ITEM_HEAD_RE.match(token[1:]) and not seen_between:
            break  # `A وB`: the next organization
        if token == N("بين"):
            seen_between = True  # `X المشترك بين A وB` is one body
        elif seen_between and token.startswith("و") and ITEM_HEAD_RE.match(token[1:]):
            seen_between = False
        last = start + word.end()
        if count + 1 >= MAX_ITEM_WORDS:
            break
    return last
CHILD_BEFORE = re.compile("(?:" + "|".join(N(w) for w in ("بموجبه", "في إطاره", "ضمنه", "من خلاله")) + r")\s+(?:\S+\s+){0,2}$")
FRAMEWORK_BEFORE = re.compile("(?:" + "|".join(N(w) for w in ("في إطار", "ضمن", "التابع", "التابعة", "المندرج في")) + r")\s*$")
ANAPHORA = re.compile(rf"(?<!{LETTER})(?:{N('هذا')}\s+|{N('هذه')}\s+)?{DEF_CUE}(?!{LETTER})")

ROLE_CUES: dict[str, list[str]] = {
    "funders": ["الممول من طرف", "الممولة من طرف", "ممول من طرف", "ممولة من طرف", "الممول من قبل", "بتمويل من",
                "بتتمويل من", "تمويله من طرف", "تمويلها من طرف", "تمويله من", "بدعم من", "بدعم مالي من",
                "بمساهمة من", "بمساهمة مالية من", "الممول", "ممول من", "دعمت", "دعم", "مولت", "موّل", "ساهمت", "منحة من",
                "هبة من"],
    "implementers": ["المنفذ من طرف", "المنفذة من طرف", "المنجز من طرف", "المنجزة من طرف", "من لدن", "تنفيذه من طرف",
                     "تنفيذها من طرف", "ينفذه", "تنفذه", "قامت", "قام", "أطلقت", "أطلق", "عملت", "نظمت", "يشرف عليه",
                     "تشرف عليه"],
    "partners": ["بشراكة مع", "وبشراكة مع", "في إطار الشراكة مع", "بتعاون مع", "بالتعاون مع", "بشراكة بين", "بتنسيق مع",
                 "الشراكة مع", "شراكة مع", "تربط", "بين"],
}  # fmt: skip
_ROLE_RE = sorted(((N(c), role) for role, cues in ROLE_CUES.items() for c in cues), key=lambda x: -len(x[0]))
ROLE_WINDOW = 80
INTERMEDIARY = N("عن طريق")
# Labels written beside a block (above or below it) that give the role of what it lists.
LABELS = [
    ("funders", ["ممول", "الممول", "الممولون", "الممولين", "الجهة الممولة", "الجهات الممولة", "مصدر التمويل", "التمويل"]),
    ("implementers", ["المنفذ", "الجهة المنفذة", "الجهات المنفذة", "صاحب المشروع", "حامل المشروع", "الجهة الحاملة"]),
    ("partners", ["الشركاء", "الشريك", "شركاء", "الأطراف الشريكة", "الأطراف", "الشركاء المتدخلون", "المتدخلون"]),
    ("period", ["مدة", "المدة", "الفترة", "فترة الإنجاز", "فترة التنفيذ", "مدة التنزيل", "مدة الإنجاز"]),
    ("ignore", ["الفئات المستهدفة", "الفئة المستهدفة", "المستفيدون", "المستفيدين", "النتائج", "الأهداف", "الأنشطة"]),
]
LABEL_MAX_WORDS = 6
# A label opening a heading or header (`الشركاء ...`), a label line's text before its colon (`الجهة الممولة`).
LABEL_START = [(role, re.compile("(?:" + "|".join(re.escape(N(w)) for w in words) + rf")(?!{LETTER})")) for role, words in LABELS]
LABEL_LINE = [(role, re.compile("(?:" + "|".join(re.escape(N(w)) for w in words) + r")(?:\s+\S+)?")) for role, words in LABELS]
PROJECT_HEADER = re.compile("^(?:" + "|".join(N(w) for w in (
    "اسم المشروع", "عنوان المشروع", "اسم البرنامج", "موضوع الاتفاقية", "موضوع الشراكة", "المشروع", "المشاريع", "مشروع", "البرنامج", "البرامج", "المبادرة",
    "المبادرات", "العملية", "projet", "project", "intitulé")) + rf")(?!{LETTER})", re.IGNORECASE)  # fmt: skip
# Money columns giving the project's whole amount, preferred over contributions (مساهمة ...).
TOTAL_COST = re.compile("^(?:" + "|".join(N(w) for w in ("الكلفة", "التكلفة", "الكلفة الإجمالية", "المبلغ الإجمالي", "الغلاف المالي",
                                                          "المبلغ", "القيمة", "الميزانية", "كلفة", "تكلفة")) + ")")
PLACE_HEADER = re.compile("^(?:" + "|".join(N(w) for w in (
    "المكان", "الموقع", "مكان الإنجاز", "موقع المشروع", "الجهة", "الإقليم", "العمالة", "الجماعة", "الجماعات", "المنطقة",
    "المدينة", "الدولة", "البلد")) + rf")(?!{LETTER})")  # fmt: skip
# An amount announced by a budget word, written without currency: `بمبلغ 500 000`.
BARE_AMOUNT = re.compile(
    "(?:" + "|".join(N(w) for w in ("بمبلغ", "مبلغ", "بغلاف مالي", "غلاف مالي", "بميزانية", "ميزانية", "بكلفة", "بتكلفة",
                                     "كلفة", "بقيمة")) + r")"
    + "(?:\\s+(?:" + "|".join(N(w) for w in ("إجمالي", "اجمالي", "قدره", "قدرها", "يقدر ب", "تقدر ب", "يقدر بـ", "قدر")) + "))*"
    + rf"\s*(?P<number>{NUMBER})(?:\s*(?P<scale>{SCALE}))?"
)
YEAR_CUE = re.compile(rf"(?:{N('برسم')}|{N('لسنة')}|{N('سنة')}|{N('عام')}|{N('لعام')})\s*$")
# Organizations that are territories: the words after the head name a place.
TERRITORIAL = re.compile("^(?:" + "|".join(N(w) for w in ("الجماعة الترابية", "جماعة", "بلدية", "عمالة", "إقليم", "الجماعة الحضرية",
                                                          "الجماعة القروية", "مجلس جماعة", "مجلس عمالة", "مجلس إقليم")) + r")\s+")
GENERIC_PLACE = {N(w) for w in ("المدينة", "الجهة", "الجماعة", "المحلية", "الترابية", "الحضرية", "القروية")}
PER_UNIT = re.compile(rf"^\s*(?:{N('لكل')}|{N('عن كل')}|{N('للواحد')})")
LAUNCH = re.compile("|".join(N(w) for w in ("إطلاق", "انطلاق", "انطلاقة", "أطلقت", "أطلق", "انطلق", "انطلقت", "تدشين", "منذ", "تم")))
PLANNED = re.compile("|".join(N(w) for w in ("سيتم", "ستتم", "سيمتد", "من المنتظر", "من المرتقب", "مبرمج")))
NUMBER_WORDS = {N(w): v for w, v in (("سنة", 1), ("سنة واحدة", 1), ("سنتين", 2), ("سنتان", 2), ("ثلاث", 3), ("ثلاثة", 3),
                                     ("أربع", 4), ("أربعة", 4), ("خمس", 5), ("خمسة", 5), ("ست", 6), ("ستة", 6),
                                     ("سبع", 7), ("ثماني", 8), ("تسع", 9), ("عشر", 10))}  # fmt: skip
DURATION = re.compile(rf"{N('مدة')}\s+(?:{DEF_CUE}\s+)?(?P<n>\d+|{'|'.join(sorted(NUMBER_WORDS, key=len, reverse=True))})\s*(?P<unit>{N('سنوات')}|{N('سنة')}|{N('سنين')})?")
TITLE_WORDS = {N(w) for w in ("سفير", "سفيرة", "سفارة", "جامعة", "ممثل", "ممثلة", "رئيس", "رئيسة", "والي", "عامل", "قنصل", "قنصلية")}
NON_TERRITORIAL = re.compile("^" + CLITIC + "(?:" + "|".join(N(w) for w in ("جمعية", "الجمعية", "جامعة", "منظمة", "المنظمة", "وكالة", "الوكالة", "مرصد", "مؤسسة", "تعاونية", "شبكة")) + ")")
ORG_STOP = {N(w) for w in ("بتمويل", "وبتمويل", "بتتمويل", "وبتتمويل", "والمنجز", "المنجز", "الممول", "والممول", "بدعم",
                           "وبدعم", "بشراكة", "وبشراكة", "بتعاون", "العديد", "لكل", "تعتزم", "ثلاث", "برنامجا", "بإعداد",
                           "والمنفذ", "المنفذ", "وذلك", "حول")}  # fmt: skip
# An adjective of nationality (or of a union of nations) written right after an organization belongs to
# its name in a record (`بلدية ليل الفرنسية`), even where the ORG extractor leaves it out (its entity
# convention drops it for a city's municipality). Stems, definite, masculine or feminine nisba.
NATIONALITY_STEMS = [N(w) for w in (
    "فرنس", "مغرب", "بلجيك", "إسبان", "ألمان", "هولند", "إيطال", "سويسر", "برتغال", "أمريك", "أميرك", "بريطان",
    "كند", "يابان", "كور", "صين", "ترك", "تونس", "جزائر", "موريتان", "سنغال", "سويد", "نرويج", "دانمارك", "دنمارك",
    "فنلند", "نمساو", "لوكسمبورغ", "قطر", "إمارات", "سعود", "كويت", "مصر", "أردن", "ليب", "روس", "هند", "أسترال",
    "بولند", "يونان", "إيرلند", "ايرلند", "لبنان", "نيجير", "كاميرون", "إيفوار", "أوروب", "أوروب", "أورب", "إفريق",
    "أفريق", "متوسط")]  # fmt: skip
NATIONALITY = re.compile(rf"[ \t]+(?P<adj>{N('ال')}(?:{'|'.join(sorted(set(NATIONALITY_STEMS), key=len, reverse=True))})(?:يه|ي))(?!{LETTER})")
# A municipality's ORG ends before a definite nisba adjective (the extractor's convention): it is given back.
MUNICIPAL_HEADS = {N(w) for w in ("بلدية", "البلدية", "جماعة", "الجماعة", "مدينة", "عمدة")}
DEF_NISBA = re.compile(rf"[ \t]+(?P<adj>{N('ال')}{LETTER[:-1]}]{{2,}}يه)(?!{LETTER})")
# Between an Arabic name and the Latin name or acronym written beside it: spaces, brackets, dashes.
APPOSITION_GAP = re.compile(r"[ \t()\[\]\-–—/]*")
# A Latin name or acronym ending a name that starts in Arabic (`الوكالة الفرنسية للتنمية AFD`).
LATIN_TAIL = re.compile(r"[\s\-–—/(\[]+[A-Za-zÀ-ÖØ-öø-ÿ][^\u0600-\u06FF]*$")
# Nothing but blanks and bullets before a date opening a unit (matched in place: units may be long).
LEADING_GAP = re.compile(r"[ \t\n\-–•*]*")
ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")
# A body named only generically (the report's own ministry, commune, association ...) acting on the
# record: `دعمت الوزارة`، `أطلقت الجماعة`. Used as implementer, and as funder when the verb is about
# money or a total amount is given, only when nothing better names the roles.
GENERIC_BODIES = [N(w) for w in ("الوزارة", "الجماعة", "الجمعية", "المجلس", "الوكالة", "المؤسسة", "المندوبية")]
# Verb forms that are not also nouns (`عمل`، `دعم`، `وضع` are: `برنامج عمل الجماعة`، `دعم الجمعية`).
ACTION_VERBS = [N(w) for w in ("أطلقت", "أطلق", "عملت", "وضعت", "قامت", "قام", "نظمت", "وقعت", "أنجزت", "أنجز", "نفذت",
                               "أعدت", "أعد")]  # fmt: skip
SUPPORT_VERBS = [N(w) for w in ("دعمت", "مولت", "موّل", "خصصت", "خصص", "رصدت", "منحت")]
_VERBS = "|".join(sorted(set(ACTION_VERBS + SUPPORT_VERBS), key=len, reverse=True))
_BODIES = "|".join(sorted(GENERIC_BODIES, key=len, reverse=True))
GENERIC_ACTOR = re.compile(
    rf"(?<!{LETTER})(?:(?:[وف])?(?:(?:{N('كما')}|{N('قد')}|{N('لقد')})\s+)?(?P<verb>{_VERBS})\s+(?P<body>{_BODIES})"
    rf"|(?P<body2>{_BODIES})\s+(?:{N('قد')}\s+)?(?P<verb2>{_VERBS}))(?!{LETTER})"
)
NISBA_AFTER = re.compile(rf"[ \t]+{N('ال')}{LETTER[:-1]}]+(?:يه|ي)(?!{LETTER})")
# A total amount: `بغلاف مالي إجمالي يقدر ب ...` within TOTAL_WINDOW characters before the amount.
TOTAL_WINDOW = 60
TOTAL_AMOUNT_CUE = re.compile("|".join(N(w) for w in ("إجمالي", "الإجمالي", "الإجمالية", "مجموع", "المجموع", "غلاف مالي", "الغلاف المالي")))
GENERIC_ROLE_CONFIDENCE = 0.5
SECTORS = [
    ("migration and development", ["الهجرة", "المهاجرين", "المغاربة المقيمين بالخارج", "مغاربة العالم", "اللاجئين", "الجالية",
                                   "تنقل الكفاءات"]),
    ("citizen participation and local governance", ["المشاركة المواطنة", "الحكامة", "الديمقراطية التشاركية", "حكاما"]),
    ("energy", ["الطاقة", "طاقة", "النجاعة الطاقية", "الطاقات المتجددة"]),
    ("education", ["التعليم", "التربوي", "المدرسة", "التمدرس", "التكوين"]),
    ("health", ["الصحة", "الصحية", "المستوصفات", "المستشفى"]),
    ("water and sanitation", ["الماء الصالح للشرب", "التطهير", "الماء"]),
    ("agriculture", ["الفلاحة", "الفلاحي", "الزراعية"]),
    ("urban development and public space", ["المنتزه", "الحضري", "التهيئة", "الحي", "فضاء"]),
    ("social and solidarity economy", ["الاقتصاد الاجتماعي", "التضامني", "مدرة للدخل"]),
    ("decentralized cooperation", ["توأمة", "التعاون اللامركزي"]),
]


@dataclass
class _RowFields:
    roles: dict[str, list[str]] = field(default_factory=lambda: {"funders": [], "implementers": [], "partners": []})
    amounts: list[Amount] = field(default_factory=list)
    dates: list[Entity] = field(default_factory=list)
    places: list[str] = field(default_factory=list)


@dataclass
class Unit:
    start: int
    end: int
    block: int
    row: int | None = None
    cell: int | None = None


@dataclass
class Mention:
    name: str
    start: int  # of the mention (cue included), original offsets
    end: int
    unit: Unit
    acronym: str | None = None
    aliases: list[str] = field(default_factory=list)
    how: str = "cue"  # quoted, acronym, cue, created (تم إنشاء X ... هذا المشروع), framework (توأمة بين ...)
    framework: bool = False  # named as the frame of something else (في إطار ..., التابع ل...)
    child: bool = False  # named as done under the mention before it (وبموجبه تم تمويل مشروع ...)
    alias_of: Mention | None = None
    tail: str | None = None  # a heading's description after the name (a possible alias)


@lru_cache(maxsize=65536)
def key(name: str) -> str:
    """A project name folded for comparison: normalized, no punctuation or quotes."""
    text = N(name).lower()
    text = re.sub(rf"[{Q}()\[\]،,.:;؛\-–_/]", " ", text)
    return " ".join(text.split())


def similar(a: str, b: str) -> float:
    a, b = key(a), key(b)
    if not a or not b:
        return 0.0
    return 1.0 if a == b else SequenceMatcher(None, a, b).ratio()


def close(a: str, b: str, threshold: float) -> bool:
    """similar(a, b) >= threshold, with the cheap bounds first (long reports compare many names)."""
    a, b = key(a), key(b)
    if not a or not b:
        return False
    if a == b:
        return True
    if 2 * min(len(a), len(b)) / (len(a) + len(b)) < threshold:
        return False  # the ratio cannot reach the threshold with such different lengths
    # SequenceMatcher.quick_ratio, from character counts computed once per name
    if 2 * sum((_letters(a) & _letters(b)).values()) / (len(a) + len(b)) < threshold:
        return False
    return SequenceMatcher(None, a, b).ratio() >= threshold


@lru_cache(maxsize=65536)
def _letters(text: str) -> Counter[str]:
    return Counter(text)


# Mentions --------------------------------------------------------------------------------------------


def _units(document: Document) -> list[Unit]:
    units: list[Unit] = []
    for index, block in enumerate(document.blocks):
        if block.kind == "table" and block.rows:
            for r, row in enumerate(block.rows):
                if block.has_header and r == 0:
                    continue
                units.extend(Unit(c.start, c.end, index, r, k) for k, c in enumerate(row))
        else:
            units.append(Unit(block.start, block.end, index))
    return units


def _cut_end(text: str, start: int, end: int, skip: int = 0) -> int:
    """Where an unquoted name starting at `start` ends: before the first stop word, number or acronym,
    or after MAX_NAME_WORDS words (the first `skip` words are always kept)."""
    last = start
    for count, word in enumerate(re.finditer(r"\S+", text[start:end])):
        token = word.group()
        if start + word.start() < last:
            continue
        if count >= skip and (token in STOP_WORDS or re.fullmatch(r"\d[\d\-/]*", token) or re.fullmatch(ACR, token)):
            break
        if token == N("على") and re.match(rf"\s+(?:{N('طول')}|{N('مساحة')}|{N('تراب')}|{N('امتداد')}|{N('صعيد')}|{N('مستوى')}\s+{N('كل')})", text[start + word.end() :]):
            break  # `على طول 12 كلم`, `على تراب`: what follows describes, it does not name
        if token == N("رقم") and re.match(r"\s+\d", text[start + word.end() :]):
            last = start + word.end() + len(re.match(r"\s+\d+", text[start + word.end() :]).group())  # type: ignore[union-attr]
            continue  # `الطريق الإقليمية رقم 1234`: the number is part of the name
        if token == N("من") and re.match(rf"\s+(?:{N('طرف')}|{N('لدن')}|{N('قبل')}|{N('خلال')})", text[start + word.end() :]):
            break  # `من طرف`: a role follows
        last = start + word.end()
        if count + 1 >= MAX_NAME_WORDS:
            break
    return last


class _Finder:
    """Finds mentions in one unit of normalized text, mapping them back to original offsets."""

    PATTERNS = [
        # cue then quoted name: مشروع "X", مشروع: «X»
        ("quoted", re.compile(rf"(?<!{LETTER}){CUE}\s*:?\s*[{Q}]\s*(?P<name>[^{Q}\n]{{2,200}}?)\s*[{Q}]")),
        # cue inside the quotes: "مشروع شراكة : ..."
        ("quoted", re.compile(rf"[{Q}]\s*{CUE}\s*:?\s*(?P<name>[^{Q}\n]{{2,200}}?)\s*[{Q}]")),
        # cue, name, acronym in brackets: مشروع الهجرة بين المدن المتوسطة (MC2CM)
        ("acronym", re.compile(rf"(?<!{LETTER})(?P<cue>{CUE}|{DEF_CUE})\s+(?P<name>{NAME_CHARS}{{3,160}}?)\s*\(\s*(?P<acr>{ACR})\s*\)")),
        # cue, name, bare Latin acronym: البرنامج الجهوي ... PRIM
        ("acronym", re.compile(rf"(?<!{LETTER})(?P<cue>{CUE}|{DEF_CUE})\s+(?P<name>{NAME_CHARS}{{3,160}}?)\s+(?P<acr>{ACR})(?![A-Za-z0-9])")),
        # twinning / partnership framework, cue kept: توأمة بين X و Y
        ("framework", re.compile(rf"(?<!{LETTER})(?P<name>{KEEP_CUE}\s+{NAME_CHARS}{{3,160}})")),
        # created, then referred to as a project: تم إنشاء خلية ... ويندرج هذا المشروع
        ("created", re.compile(rf"(?<!{LETTER})(?:{N('تم')}|{N('وتم')})\s+(?:{N('إنشاء')}|{N('إحداث')}|{N('تأسيس')}|{N('خلق')})\s+(?P<name>{NAME_CHARS}{{3,200}})")),
        # cue and an unquoted name
        ("cue", re.compile(rf"(?<!{LETTER})(?P<cue>{CUE}|{DEF_CUE})\s+(?P<name>{NAME_CHARS}{{3,200}})")),
    ]
    # At the start of a unit (after a date prefix), a name with its acronym and no cue.
    LEADING = re.compile(rf"^\s*(?:[\d\s\-–/]+:\s*)?(?P<name>{NAME_CHARS}{{6,160}}?)\s*\(\s*(?P<acr>{ACR})\s*\)")

    def __init__(self, document: Document, unit: Unit):
        self.document = document
        self.unit = unit
        self.norm: NormalizedText = normalize(document.text[unit.start : unit.end])

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
            if (len(name.split()) >= 2 and not re.match(CUE, first) and first not in STOP_WORDS
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
                if not first.startswith("ال") or first in GENERIC_ADJ:
                    return None
                article = cue.find("ال")
                n_start = match.start("cue") + (article if article >= 0 else len(cue) - len(cue.lstrip("وفبكل")))
            if first in GENERIC_FIRST or first in STOP_WORDS:
                return None
        if how == "created" and not re.search(rf"(?:{N('هذا')}|{N('هذه')})\s+{DEF_CUE}", text[match.end("name") :]):
            return None  # created, but not said to be a project
        if how in ("cue", "created", "framework"):
            skip = 2 if how == "framework" else 0  # `توأمة بين` stays in the name
            n_end = _cut_end(text, n_start, n_end, skip)
            if len(text[n_start:n_end].split()) < 2 + skip - (1 if how == "framework" else 0):
                return None
        span_end = n_end if how in ("cue", "created", "framework") else match.end()
        mention = self._mention(how, match.start(), span_end, n_start, n_end, acronym)
        if how == "quoted":
            self._split_quoted(mention)
        before = text[max(0, match.start() - 30) : match.start()]
        if how in ("cue", "acronym") and LIST_CUE_END.search(before):
            return None  # `بشراكة مع المبادرة الوطنية ...`: a partner, not a project of this report
        mention.framework = bool(FRAMEWORK_BEFORE.search(before))
        mention.child = bool(CHILD_BEFORE.search(before))
        return mention, span_end

    def _mention(self, how: str, start: int, end: int, n_start: int, n_end: int, acronym: str | None) -> Mention:
        o_start, o_end = self.orig(start, end)
        name = self.text(n_start, n_end).strip(" :،,.-–" + QUOTES)
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


def find_mentions(document: Document) -> list[Mention]:
    """Every naming of a project in the document, in text order, appositions linked as aliases."""
    mentions: list[Mention] = []
    for unit in _units(document):
        found = _Finder(document, unit).find()
        for previous, mention in zip(found, found[1:], strict=False):
            between = document.text[previous.end : mention.start]
            if not between.strip() and mention.how == "cue" and not mention.acronym:  # `مشروع "X" مشروع Y`
                mention.alias_of = previous
        mentions.extend(found)
    for mention in mentions:
        block = document.blocks[mention.unit.block]
        if block.kind == "heading" and mention.unit.row is None:
            tail = document.text[mention.end : mention.unit.end].strip(" :،,.-–" + QUOTES)
            if 2 <= len(tail.split()) <= MAX_NAME_WORDS:
                mention.tail = re.sub(r"^[لب](?=\S)", "", tail).strip(" " + QUOTES)
    return mentions


# Records ---------------------------------------------------------------------------------------------


@dataclass
class _Group:
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
        return any(close(a, b, 0.9) for a in candidates for b in {*self.names, *self.tails})


def _group(mentions: list[Mention]) -> list[_Group]:
    groups: list[_Group] = []
    by_mention: dict[int, _Group] = {}
    for mention in mentions:
        if mention.alias_of is not None and id(mention.alias_of) in by_mention:
            group = by_mention[id(mention.alias_of)]
            group.names.append(mention.name)
            by_mention[id(mention)] = group
            continue
        found = next((g for g in groups if g.matches(mention)), None)
        if found is None:
            group = _Group([mention])
            groups.append(group)
        else:
            group = found
            group.mentions.append(mention)
        group.names.extend([mention.name, *mention.aliases])
        if mention.tail:
            group.tails.append(mention.tail)
        by_mention[id(mention)] = group
    # a heading's description may be the name another mention gives: same project
    merged: list[_Group] = []
    for group in groups:
        target = next((g for g in merged if any(close(a, b, 0.85) for a in group.names[:1] for b in {*g.names, *g.tails})
                       or any(close(a, b, 0.85) for a in group.tails for b in g.names[:1])), None)  # fmt: skip
        if target is None:
            merged.append(group)
        else:
            target.mentions.extend(group.mentions)
            target.names.extend(group.names)
            target.tails.extend(group.tails)
    return merged


class _Assembler:
    def __init__(self, document: Document, entities: list[Entity], tables: list[Table]):
        self.document = document
        self.entities = sorted(entities, key=lambda e: e.start)
        # label -> its entities, their starts, the longest one's length, their positions in self.entities
        self._by_label: dict[str, tuple[list[Entity], list[int], int, list[int]]] = {}
        for label in {e.label for e in self.entities}:
            positions = [i for i, e in enumerate(self.entities) if e.label == label]
            of_label = [self.entities[i] for i in positions]
            self._by_label[label] = (of_label, [e.start for e in of_label], max(e.end - e.start for e in of_label), positions)
        self._norms: dict[tuple[int, int], NormalizedText] = {}
        self._named: tuple[list[Mention], list[tuple[int, int]], list[int], int] | None = None
        self._label_blocks: tuple[list[int], list[tuple[int, int, int]]] | None = None
        self.tables = tables
        self.text = document.text
        self.labels = self._labels()
        # date ranges inside a block labelled as a period (`مدة التنزيل`), whatever record they are for
        period_blocks = [self.document.blocks[i] for i, (role, _) in self.labels.items() if role == "period"]
        self.labelled_periods = self.entities_in([(b.start, b.end) for b in period_blocks], "DATE_RANGE")
        self.generic: dict[int, tuple[list[str], list[str]]] = {}  # id(record) -> generic implementers, funders
        table_blocks = [i for i, b in enumerate(document.blocks) if b.kind == "table"]
        self.table_of: dict[int, Table] = dict(zip(table_blocks, tables, strict=False)) if len(tables) == len(table_blocks) else {}

    # scope --------------------------------------------------------------------------------------
    def segment(self, mention: Mention, unit_mentions: list[Mention]) -> tuple[int, int]:
        """From the mention (or the unit start, for the first one) to the next mention of the unit."""
        own = [m for m in unit_mentions if m.alias_of is None]
        index = next((i for i, m in enumerate(own) if m is mention), None)
        if index is None:  # an alias: its main mention's segment
            main = mention.alias_of
            while main is not None and main.alias_of is not None:
                main = main.alias_of
            return self.segment(main, unit_mentions) if main is not None else (mention.start, mention.end)
        start = mention.unit.start if index == 0 and not mention.framework else mention.start
        following = index + 1
        while following < len(own) and own[following].framework:
            following += 1  # `مشروع X التابع لبرنامج Y الممول من ...`: Y's roles are X's too
        end = own[following].start if following < len(own) else mention.unit.end
        if index > 0 and own[index - 1].framework and not mention.framework:
            # a project named after its framework in the same unit (في إطار X، ... مشروع Y): the leading date is Y's
            start = mention.unit.start
        return start, end

    def following_blocks(self, block_index: int, mention_blocks: set[int]) -> list[int]:
        """Blocks after a mention's block that refer back to it (and the lists they introduce); under
        a heading naming the project, its whole section (up to the next heading or project)."""
        blocks = self.document.blocks
        extra: list[int] = []
        introduces = self.text[blocks[block_index].start : blocks[block_index].end].rstrip().endswith(":")
        section = blocks[block_index].kind == "heading"
        for i in range(block_index + 1, len(blocks)):
            block = blocks[i]
            if block.kind == "table" or i in mention_blocks:
                break
            if section:
                if block.kind == "heading" and not ANAPHORA.search(normalize_str(self.text[block.start : block.end])):
                    break
                extra.append(i)
                continue
            body = normalize_str(self.text[block.start : block.end])
            if ANAPHORA.search(body):
                extra.append(i)
                introduces = body.rstrip().endswith(":")
            elif introduces and block.kind == "list_item":
                extra.append(i)
            else:
                break
        return extra

    def framing_heading(self, block_index: int) -> int | None:
        for i in range(block_index - 1, -1, -1):
            block = self.document.blocks[i]
            if block.kind == "heading":
                body = normalize_str(self.text[block.start : block.end])
                return i if any(cue in body for cue, role in _ROLE_RE if role == "partners") else None
            if block.kind == "table":
                return None
            return None
        return None

    # labels beside blocks -------------------------------------------------------------------------
    def _labels(self) -> dict[int, tuple[str, int]]:
        """Block index -> (field, where its content starts), for blocks labelled by a short heading
        above or below them, or by a label opening their first line (`الشركاء: ...`)."""
        blocks = self.document.blocks
        labelled: dict[int, tuple[str, int]] = {}
        label_at: dict[int, str] = {}
        for i, block in enumerate(blocks):
            if block.kind != "heading":
                continue
            body = normalize_str(self.text[block.start : block.end]).strip()
            if len(body.split()) <= LABEL_MAX_WORDS:
                for role, pattern in LABEL_START:
                    if pattern.match(body):
                        label_at[i] = role
                        break
        for i, role in label_at.items():
            body = self.text[blocks[i].start : blocks[i].end].strip()
            before = i - 1
            if ":" in body and not body.endswith(":"):
                labelled[i] = (role, blocks[i].start + self.text[blocks[i].start : blocks[i].end].index(":") + 1)
            elif not body.endswith(":") and before >= 0 and before not in label_at and before not in labelled and blocks[before].kind != "table":
                labelled[before] = (role, blocks[before].start)
            elif i + 1 < len(blocks) and i + 1 not in label_at:
                labelled[i + 1] = (role, blocks[i + 1].start)
        for i, block in enumerate(blocks):
            # `الجهة الممولة:` on the first line of the block that lists them
            first_line = self.text[block.start : block.end].split("\n")[0]
            if i in label_at or i in labelled or block.kind == "table" or ":" not in first_line:
                continue
            label = N(first_line.split(":")[0]).strip()
            if len(label.split()) > LABEL_MAX_WORDS:
                continue
            for role, pattern in LABEL_LINE:
                if pattern.fullmatch(label):
                    labelled[i] = (role, block.start + first_line.index(":") + 1)
                    break
        return labelled

    # fields -------------------------------------------------------------------------------------
    def entities_in(self, spans: list[tuple[int, int]], *labels: str, overlap: bool = False) -> list[Entity]:
        """The entities of the labels inside the spans (or overlapping them, with `overlap`), in the
        order of `self.entities`: found by bisection, so that a record's fields are read without
        scanning every entity of a long report."""
        picked: dict[int, Entity] = {}
        for label in labels:
            index = self._by_label.get(label)
            if index is None:
                continue
            entities, starts, longest, positions = index
            for s, e in spans:
                # an entity overlapping the span starts at most `longest` characters before it
                i = bisect_left(starts, s - longest if overlap else s)
                while i < len(entities) and entities[i].start < e:
                    entity = entities[i]
                    if entity.end > s if overlap else (s <= entity.start and entity.end <= e):
                        picked[positions[i]] = entity
                    i += 1
        return [picked[i] for i in sorted(picked)]

    def norm(self, start: int, end: int) -> NormalizedText:
        """The normalized text of a span (a record's scope is read several times: normalized once)."""
        found = self._norms.get((start, end))
        if found is None:
            found = self._norms[(start, end)] = normalize(self.text[start:end])
        return found

    def in_spans(self, start: int, end: int, spans: list[tuple[int, int]]) -> bool:
        return any(s <= start and end <= e for s, e in spans)

    def role_of(self, entity: Entity, floor: int) -> str | None:
        """The role the words before an organization give it (nearest cue within the sentence)."""
        window_start = max(floor, entity.start - ROLE_WINDOW)
        before = self.text[window_start : entity.start]
        cut = max(before.rfind("."), before.rfind("\n"), before.rfind("؛"))
        if cut >= 0:
            before = before[cut + 1 :]
        folded = normalize_str(before)
        best_role, best_pos = None, -1
        for cue, role in _ROLE_RE:
            for match in re.finditer(rf"(?<!{LETTER}){re.escape(cue)}(?!{LETTER})", folded):
                if match.start() > best_pos:
                    best_role, best_pos = role, match.start()
        # an amount then `من`: the organization gives it (5 مليون اورو من الاتحاد الأوروبي)
        for money in self.entities_in([(entity.start - 7, entity.start)], "MONEY", overlap=True):
            if 0 <= entity.start - money.end <= 6 and N(self.text[money.end : entity.start]).strip() == N("من"):
                return "funders"
        if best_role is not None and INTERMEDIARY in folded[best_pos:]:
            return "partners"  # `ممول عن طريق X`: X is a channel, not the funder
        return best_role

    def year_of(self, money: Entity) -> int | None:
        """The year an amount is for, when its sentence says so before it (`برسم سنة 2017`, `لسنة 2018`)."""
        start = max(self.text.rfind(".", 0, money.start), self.text.rfind("\n", 0, money.start)) + 1
        years = [e for e in self.entities_in([(start, money.start)], "DATE", overlap=True) if start <= e.start < money.start
                 and re.fullmatch(r"\d{4}", e.value.get("value", ""))
                 and YEAR_CUE.search(normalize_str(self.text[max(start, e.start - 12) : e.start]))]  # fmt: skip
        return int(years[-1].value["value"]) if years else None

    def bare_amounts(self, spans: list[tuple[int, int]]) -> list[tuple[Amount, float]]:
        """Amounts announced by a budget word but written without a currency (no MONEY entity)."""
        found: list[tuple[Amount, float]] = []
        for span_start, span_end in spans:
            norm = self.norm(span_start, span_end)
            for match in BARE_AMOUNT.finditer(norm.text):
                start, end = norm.to_original(match.start("number"), match.end("number"))
                start, end = start + span_start, end + span_start
                if self.entities_in([(start, end)], "MONEY", overlap=True):
                    continue
                value = parse_number(match["number"])
                if value is None or PER_UNIT.match(N(self.text[end : end + 20]).lstrip()):
                    continue
                found.append((Amount(amount=value * scale_of(match["scale"]), currency=None), 0.5))
        return found

    def role_lists(self, spans: list[tuple[int, int]], parties: list[tuple[int, int]] | None = None) -> list[tuple[str, int, int, str]]:
        """Organizations listed after a role cue (`بشراكة مع A وB`), read up to the end of the clause:
        items start with an organization head word and are split at `و` before the next head. Also
        the giver of an amount (`5 مليون اورو من الاتحاد الأوروبي`: funder) and the parties of a
        twinning (`توأمة بين A وB`: partners, `parties` are the spans of such names)."""
        items: list[tuple[str, int, int, str]] = []
        for span_start, span_end in spans:
            norm = self.norm(span_start, span_end)
            for match in LIST_CUE_RE.finditer(norm.text):
                intermediary = INTERMEDIARY in norm.text[match.start() : match.end() + 40]
                items += self._items(norm, span_start, match.end(), LIST_CUES[match["cue"]], intermediary)
            for money in self.entities_in([(span_start, span_end)], "MONEY"):
                giver = re.match(rf"\s*{N('من')}\s+", self.text[money.end : span_end])
                if giver:
                    offset = money.end + giver.end()
                    items += self._items(normalize(self.text[offset:span_end]), offset, 0, "funders", False)
        for start, end in parties or []:
            between = re.search(rf"(?<!{LETTER}){N('بين')}\s+", N(self.text[start:end]))
            if between and len(N(self.text[start:end])) == end - start:
                items += self._items(normalize(self.text[start:end]), start, between.end(), "partners", False)
        return items

    def _items(self, norm: NormalizedText, offset: int, pos: int, role: str, intermediary: bool) -> list[tuple[str, int, int, str]]:
        items: list[tuple[str, int, int, str]] = []
        while pos < len(norm.text):
            head = ITEM_HEAD_RE.match(norm.text, pos)
            if head is None:
                break
            end = _item_end(norm.text, head.start("item"))
            if end <= head.start("item"):
                break
            o_start, o_end = norm.to_original(head.start("item"), end)
            written = norm.original[o_start:o_end].strip(" ،,.:؛")
            name = _arabic_name(written)
            channel = intermediary and INTERMEDIARY in norm.text[max(0, head.start() - 12) : head.start()]
            # the span runs over a Latin name beside the Arabic one: that ORG entity is this item
            items.append((name, offset + o_start, offset + o_start + len(written), "partners" if channel else role))
            following = re.match(r"\s*(?:،\s*)?و\s*", norm.text[end:])
            if following is None:
                break
            pos = end + following.end()
        return items

    def clean_org(self, entity: Entity) -> tuple[str, int, int]:
        words = entity.text.split()
        kept: list[str] = []
        for word in words:
            if N(word) in ORG_STOP or re.fullmatch(r"\d+", word):
                break
            kept.append(word)
        name = " ".join(kept) or entity.text
        name = name.strip(" ،,.:؛")
        # `صندوق ... المشترك بين وزارة ... ووزارة ...`: one joint body
        return name, entity.start, entity.start + len(name)

    def org_name(self, entity: Entity) -> tuple[str, int, int]:
        """An organization's name in a record: the ORG entity cleaned (`clean_org`) and, when nothing
        was cut from it, stretched over the adjective of nationality written right after it (`بلدية ليل
        الفرنسية`), or over the definite nisba adjective a municipality's entity leaves out."""
        name, start, end = self.clean_org(entity)
        if self.text[end : entity.end].strip(" ،,.:؛"):
            return name, start, end
        norm = normalize(self.text[end : end + 40])
        match = NATIONALITY.match(norm.text)
        if match is None and N(entity.text.split()[0]) in MUNICIPAL_HEADS and len(entity.text.split()) >= 2:
            match = DEF_NISBA.match(norm.text)
        if match is None:
            return name, start, end
        a_start, a_end = (end + o for o in norm.to_original(*match.span("adj")))
        if any(o is not entity and o.start < a_end and a_start < o.end for o in self.entities_in([(start, a_end + 1)], "ORG", overlap=True)):
            return name, start, end  # the adjective is another organization's
        return self.text[start:a_end], start, a_end

    def orgs(self, spans: list[tuple[int, int]]) -> list[tuple[str, int, int, Entity]]:
        """The organizations of the spans, as a record names them (`org_name`): a joint body (`X المشترك
        بين A وB`) is one; an Arabic name followed by its Latin name or acronym (only spaces, brackets or
        dashes between: `الوكالة الفرنسية للخبرة الفنية الدولية Expertise France`) is one body, named in
        Arabic, its span running over the Latin name."""
        found: list[tuple[str, int, int, Entity]] = []
        orgs = [e for e in self.entities_in(spans, "ORG")]
        skip: set[int] = set()
        for i, entity in enumerate(orgs):
            if i in skip or re.search(r"\d[^\S\t\n]*$", self.text[max(0, entity.start - 8) : entity.start]):
                continue  # `78 جمعية`: a count, not a name (a number ending the cell before is not)
            name, start, end = self.org_name(entity)
            # a joint body: `X المشترك بين A و B` is one organization
            if N(name.split()[-1]) in (N("المشترك"), N("المشتركة")) and i + 2 < len(orgs):
                gap1 = N(self.text[end : orgs[i + 1].start]).strip()
                gap2 = N(self.text[self.org_name(orgs[i + 1])[2] : orgs[i + 2].start]).strip()
                if gap1 == N("بين") and gap2 in ("و", ""):
                    end = self.org_name(orgs[i + 2])[2]
                    name = self.text[start:end]
                    skip.update({i + 1, i + 2})
            if found and not ARABIC_LETTER.search(name) and ARABIC_LETTER.search(found[-1][0]):
                previous = found[-1]
                if self._apposition(previous[2], start):
                    found[-1] = (previous[0], previous[1], max(previous[2], end), previous[3])
                    continue  # the Latin name of the body before it
            found.append((name, start, end, entity))
        return found

    def _apposition(self, end: int, start: int) -> bool:
        """Only spaces, brackets, dashes and acronyms between an Arabic name ending at `end` and a Latin
        name starting at `start`."""
        if start < end:
            return False
        gap = self.text[end:start]
        for acronym in self.entities_in([(end, start)], "ACRONYM"):
            gap = gap.replace(acronym.text, " ")
        return APPOSITION_GAP.fullmatch(gap) is not None

    def places(self, spans: list[tuple[int, int]], funders: list[tuple[int, int]], mention_spans: list[tuple[int, int]]) -> list[str]:
        places: list[tuple[str, str]] = []
        for start, end in spans:
            for place in find_places(self.text[start:end]):
                p_start, p_end = start + place.start, start + place.end
                before = normalize_str(self.text[max(0, p_start - 50) : p_start]).split()[-4:]
                if any(w.lstrip("وبل") in TITLE_WORDS or w in TITLE_WORDS for w in before):
                    continue  # سفيرة الاتحاد الأوربي بالمغرب: a person's or institution's attribute
                inside = [o for o in self.entities_in([(p_start, p_end)], "ORG", overlap=True) if o.start <= p_start and p_end <= o.end]
                if any(NON_TERRITORIAL.match(normalize_str(o.text)) for o in inside):
                    continue
                if any(f[0] <= p_start and p_end <= f[1] for f in funders):
                    continue
                if self._quoted_association(p_start) or self._event_venue(p_start, mention_spans):
                    continue
                places.append((place.name, place.text))
            places += self._communes(start, end, funders, [p for _, p in places])
        result: dict[str, str] = {}
        for name, written in places:
            if name not in result or len(written) > len(result[name]):
                result[name] = written
        return list(result.values())

    def _communes(self, start: int, end: int, funders: list[tuple[int, int]], known: list[str]) -> list[tuple[str, str]]:
        """Communes and provinces the gazetteer does not know, named by a territorial organization
        (`جماعة سيدي بيبي`, `إقليم ...`): the name after the head word, as written."""
        found: list[tuple[str, str]] = []
        for entity in self.entities_in([(start, end)], "ORG"):
            if any(f[0] <= entity.start < f[1] for f in funders):
                continue
            name = self.clean_org(entity)[0]
            match = TERRITORIAL.match(N(name))
            words = name.split()[len(match.group().split()) :] if match else []
            if not words or len(words) > 3 or (len(words) == 1 and N(words[0]) in GENERIC_PLACE):
                continue
            written = " ".join(words)
            if any(close(written, k, 0.85) or key(k) in key(written) for k in known):
                continue
            found.append((written, written))
        return found

    def _quoted_association(self, offset: int) -> bool:
        before = self.text[max(0, offset - 80) : offset]
        match = re.search(rf"{N('جمعية')}\s*[{Q}][^{Q}]*$", normalize_str(before))
        return match is not None

    def _event_venue(self, offset: int, mention_spans: list[tuple[int, int]]) -> bool:
        """A place in a sentence about a dated event (a day is given) that does not name the project."""
        start = max(self.text.rfind(".", 0, offset), self.text.rfind("\n", 0, offset)) + 1
        ends = [i for i in (self.text.find(".", offset), self.text.find("\n", offset)) if i >= 0]
        end = min(ends) if ends else len(self.text)
        if any(s < end and start < e for s, e in mention_spans):
            return False
        for entity in self.entities_in([(start, end)], "DATE", "DATE_RANGE", overlap=True):
            if start <= entity.start < end:
                values = [v for k, v in entity.value.items() if k in ("value", "start", "end") and v]
                if any(len(v) == 10 for v in values):
                    return True
        return False

    # assembly -------------------------------------------------------------------------------------
    def table_mentions(self, mentions: list[Mention]) -> list[Mention]:
        """Rows of a table with a project column (`المشروع`, `اسم البرنامج` ...) whose cell names a
        project without a cue word: the cell is the name."""
        found: list[Mention] = []
        named = {(m.unit.block, m.unit.row, m.unit.cell) for m in mentions}
        for index, table in self.table_of.items():
            block = self.document.blocks[index]
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
                text = self.text[cell.start : cell.end]
                if not text.strip() or len(text.split()) > MAX_NAME_WORDS or cell_number(text) is not None:
                    continue
                name = re.sub(rf"^\s*{CUE}\s*:?\s*", "", N(text)) if re.match(rf"^\s*{CUE}\s", N(text)) else None
                name = text.strip()[len(text.strip()) - len(name):] if name else text.strip()
                found.append(Mention(name=" ".join(name.strip(QUOTES + " ").split()), start=cell.start, end=cell.end,
                                     unit=Unit(cell.start, cell.end, index, r, col), how="table"))  # fmt: skip
        return found

    def build(self) -> list[ProjectRecord]:
        mentions = find_mentions(self.document)
        mentions = sorted([*mentions, *self.table_mentions(mentions)], key=lambda m: m.start)
        groups = _group(mentions)
        # A report about one project (named in its title, no other project named) is that project's scope.
        title = next((i for i, b in enumerate(self.document.blocks) if self.text[b.start : b.end].strip()), None)
        single = len(groups) == 1 and groups[0].main.unit.row is None and groups[0].main.unit.block == title
        by_unit: dict[tuple[int, int | None, int | None], list[Mention]] = {}
        for m in mentions:
            by_unit.setdefault((m.unit.block, m.unit.row, m.unit.cell), []).append(m)
        mention_blocks = {m.unit.block for m in mentions}
        records = []
        for group in groups:
            records.append(self.record(group, by_unit, mention_blocks, single, mentions))
        of_mention = {id(m): r for g, r in zip(groups, records, strict=True) for m in g.mentions}
        for unit_mentions in by_unit.values():
            own = [m for m in unit_mentions if m.alias_of is None]
            for parent, child in zip(own, own[1:], strict=False):
                if not (child.child or parent.framework) or id(parent) not in of_mention or id(child) not in of_mention:
                    continue
                parent_record, child_record = of_mention[id(parent)], of_mention[id(child)]
                if parent_record is child_record:
                    continue
                if child.child and not child_record.funders and parent_record.funders:
                    child_record.funders = list(parent_record.funders)
                    child_record.field_confidence["funders"] = 0.6
                parent_record.locations = _unique([*parent_record.locations, *child_record.locations])
        for record in records:
            self.apply_generic_actors(record)
        return records

    def record(self, group: _Group, by_unit, mention_blocks: set[int], single: bool, all_mentions: list[Mention]) -> ProjectRecord:
        doc = self.document
        main = group.main
        segments: list[tuple[int, int]] = []
        for m in group.mentions:
            segments.append(self.segment(m, by_unit[(m.unit.block, m.unit.row, m.unit.cell)]))
        scope = list(segments)
        extra_blocks: list[int] = []
        for m in group.mentions:
            if m.unit.row is None:
                extra_blocks += self.following_blocks(m.unit.block, mention_blocks)
        heading = self.framing_heading(main.unit.block) if main.unit.row is None else None
        role_only: list[tuple[int, int]] = []
        if heading is not None:
            role_only.append((doc.blocks[heading].start, doc.blocks[heading].end))
        if single:
            scope = [(b.start, b.end) for b in doc.blocks if b.kind != "table"]
        else:
            scope += [(doc.blocks[i].start, doc.blocks[i].end) for i in extra_blocks]
        row_cells = self._row_cells(group, by_unit)
        conf: dict[str, float] = {}
        record = ProjectRecord(name=main.name, evidence=self._evidence(main.start, main.end), confidence=0.5,
                               documents=[doc.path])  # fmt: skip
        conf["name"] = {"quoted": 0.9, "acronym": 0.85, "framework": 0.7, "cue": 0.7, "created": 0.55, "table": 0.75}[main.how]
        record.acronym = next((m.acronym for m in group.mentions if m.acronym), None)
        if record.acronym:
            conf["acronym"] = 0.9
        record.aliases = _unique([n for n in group.names if key(n) != key(record.name)])
        record.evidences = [self._evidence(*s) for s in segments]
        # period
        self._period(record, group, segments, scope, conf)
        if record.start is None and record.end is None and row_cells.dates:
            date = row_cells.dates[0]
            record.start = date.value.get("start", date.value.get("value"))
            record.end = date.value.get("end")
            conf["start"] = conf["end"] = 0.8
        for amount in row_cells.amounts:
            if amount not in record.amounts:
                record.amounts.append(amount)
                conf["amounts"] = min(conf.get("amounts", 1.0), 0.8)
        # amounts
        for entity in self.entities_in(scope, "MONEY"):
            if entity.source == "taqrir_tables":
                continue
            if PER_UNIT.match(normalize_str(self.text[entity.end : entity.end + 20])):
                continue
            amount = Amount(amount=entity.value["amount"], currency=entity.value.get("currency"), year=self.year_of(entity))
            if all((a.amount, a.currency) != (amount.amount, amount.currency) for a in record.amounts):
                record.amounts.append(amount)
                conf["amounts"] = min(conf.get("amounts", 1.0), 0.85 if self.in_spans(entity.start, entity.end, segments) else 0.7)
        for amount, conf_amount in self.bare_amounts(scope):
            if all(a.amount != amount.amount for a in record.amounts):
                record.amounts.append(amount)
                conf["amounts"] = min(conf.get("amounts", 1.0), conf_amount)
        # organizations
        roles: dict[str, list[str]] = {"funders": [], "implementers": [], "partners": []}
        funder_spans: list[tuple[int, int]] = []
        unroled: list[str] = []
        floor_of = {s: s[0] for s in scope + role_only}
        listed = self.role_lists(scope + role_only, [(m.start, m.end) for m in group.mentions if m.how == "framework"])
        for name, start, end, role in listed:
            roles[role].append(name)
            conf[role] = min(conf.get(role, 1.0), 0.85)
            if role == "funders":
                funder_spans.append((start, end))
        for name, start, end, entity in self.orgs(scope + role_only):
            if any(s < end and start < e for _, s, e, _ in listed) or self.in_named(start, end, all_mentions):
                continue  # listed after a cue already, or part of a project's own name (مشروع وكالة الحي)
            floor = next((f for (s, e), f in floor_of.items() if s <= start < e), 0)
            cue_role = self.role_of(entity, floor)
            if cue_role is None:
                if self.in_spans(start, end, segments):
                    unroled.append(name)
                continue
            roles[cue_role].append(name)
            conf[cue_role] = min(conf.get(cue_role, 1.0), 0.85)
            if cue_role == "funders":
                funder_spans.append((start, end))
        self._labelled_fields(record, roles, scope, conf)
        for role, names in row_cells.roles.items():
            roles[role].extend(names)
            if names:
                conf[role] = min(conf.get(role, 1.0), 0.6 if role == "partners" else 0.8)
        for role in ("funders", "implementers"):
            roles[role] = _unique(roles[role])
        taken = {key(n) for n in roles["funders"] + roles["implementers"]}
        roles["partners"] = [p for p in _unique(roles["partners"]) if key(p) not in taken]
        record.funders, record.implementers, record.partners = roles["funders"], roles["implementers"], roles["partners"]
        known = {key(n) for n in record.funders + record.implementers + record.partners}
        for name in _unique(unroled):
            if not any(key(name) in n or close(name, n, 0.85) for n in known):
                record.flags.append(f"organization_without_role: {name}")
        # places
        mention_spans = [(m.start, m.end) for m in group.mentions]
        places = self.places(scope, funder_spans, mention_spans)
        places.extend(p for p in _unique(row_cells.places) if key(p) not in {key(x) for x in places})
        record.locations = places
        if places:
            conf["locations"] = 0.8 if not single else 0.65
        # sector, description
        record.description = self._description(segments[0])
        record.sector = _sector(" ".join([record.name, *record.aliases, record.description or ""]))
        conf = {k: v for k, v in conf.items() if getattr(record, k, None) not in (None, [], "")}
        record.field_confidence = {k: round(v, 2) for k, v in conf.items()}
        record.confidence = round(sum(conf.values()) / len(conf), 2) if conf else 0.5
        self.generic[id(record)] = self.generic_actors(scope)
        return record

    def generic_actors(self, scope: list[tuple[int, int]]) -> tuple[list[str], list[str]]:
        """Bodies named only generically acting in the scope (`دعمت الوزارة`، `أطلقت الجماعة`): the
        implementers, and the funders among them (a verb about money or support, or a total amount
        given in the scope). The verb agrees with the body (`قامت الجمعية`، `قام المجلس`); a body the
        ORG extractor names (`قامت الجمعية المغربية ...`) or one an adjective specifies is not generic."""
        implementers: list[str] = []
        funders: list[str] = []
        total = any(TOTAL_AMOUNT_CUE.search(normalize_str(self.text[max(0, e.start - TOTAL_WINDOW) : e.start]))
                    for e in self.entities_in(scope, "MONEY") if e.source != "taqrir_tables")  # fmt: skip
        for span_start, span_end in scope:
            norm = self.norm(span_start, span_end)
            for match in GENERIC_ACTOR.finditer(norm.text):
                verb, body = (match["verb"], match["body"]) if match["verb"] else (match["verb2"], match["body2"])
                if verb.endswith("ت") != body.endswith("ه"):
                    continue  # no agreement: the words are not a verb and its subject
                b_start = match.start("body") if match["verb"] else match.start("body2")
                b_end = b_start + len(body)
                if NISBA_AFTER.match(norm.text, b_end):
                    continue  # `قامت الجمعية المغربية`: a body named by its adjective
                o_start, o_end = (span_start + o for o in norm.to_original(b_start, b_end))
                if self.entities_in([(o_start, o_end)], "ORG", overlap=True):
                    continue
                name = self.text[o_start:o_end]
                implementers.append(name)
                if verb in SUPPORT_VERBS or total:
                    funders.append(name)
        return _unique(implementers), _unique(funders)

    def apply_generic_actors(self, record: ProjectRecord) -> None:
        """A record no named body implements (or funds) takes the generic bodies acting in its scope,
        with a low confidence."""
        implementers, funders = self.generic.get(id(record), ([], []))
        changed = False
        if not record.implementers and implementers:
            record.implementers = implementers
            record.field_confidence["implementers"] = GENERIC_ROLE_CONFIDENCE
            changed = True
        if not record.funders and funders:
            record.funders = funders
            record.field_confidence["funders"] = GENERIC_ROLE_CONFIDENCE
            changed = True
        if changed:
            taken = {key(n) for n in record.funders + record.implementers}
            record.partners = [p for p in record.partners if key(p) not in taken]
            if not record.partners:
                record.field_confidence.pop("partners", None)
            values = record.field_confidence.values()
            record.confidence = round(sum(values) / len(values), 2)

    def _row_cells(self, group: _Group, by_unit) -> _RowFields:
        """What the other cells of the rows naming the record give it: by their column's header
        (funders, implementers, partners, period, places, a money column), else their organizations
        as partners and their places (cells naming no project, or a twinning/partnership framework)."""
        out = _RowFields()
        for m in group.mentions:
            if m.unit.row is None:
                continue
            block = self.document.blocks[m.unit.block]
            table = self.table_of.get(m.unit.block)
            assert block.rows is not None
            header = [c.text for c in block.rows[0]] if table is not None and table.header else []
            for k, cell in enumerate(block.rows[m.unit.row]):
                if k == m.unit.cell:
                    continue
                span = [(cell.start, cell.end)]
                cell_mentions = by_unit.get((m.unit.block, m.unit.row, k), [])
                if cell_mentions and not all(c.how == "framework" for c in cell_mentions):
                    continue
                role = _header_role(header[k]) if k < len(header) else None
                if table is not None and k in table.money_columns:
                    totals = [c for c in table.money_columns if c < len(header) and TOTAL_COST.match(N(header[c]).strip())]
                    if totals and k not in totals:
                        continue  # `مساهمة الجماعة` beside `الكلفة الإجمالية`: a share of the project's amount
                    out.amounts += [Amount(amount=e.value["amount"], currency=e.value.get("currency"))
                                    for e in self.entities_in(span, "MONEY")]  # fmt: skip
                elif role in ("funders", "implementers", "partners"):
                    out.roles[role] += _cell_items(cell.text)
                elif role == "period":
                    out.dates += self.entities_in(span, "DATE", "DATE_RANGE")
                elif role == "places":
                    found = self.places(span, [], [])
                    out.places += found or [" ".join(cell.text.split())]
                elif role != "ignore":
                    # the organization entities of the cell, else the cell read as a list of organizations
                    out.roles["partners"] += [n for n, *_ in self.orgs(span)] or (
                        [] if cell_mentions else [i for i in _cell_items(cell.text, latin_splits=True) if ITEM_HEAD_RE.match(N(i))]
                    ) or [n for n, *_ in self.role_lists(span, [(c.start, c.end) for c in cell_mentions if c.how == "framework"])
                          if cell_mentions]
                    out.places += self.places(span, [], [(c.start, c.end) for c in cell_mentions])
        return out

    def in_named(self, start: int, end: int, mentions: list[Mention]) -> bool:
        """Whether the span is inside a project's name (`مشروع وكالة الحي`); the parties of a twinning
        (`توأمة بين A وB`) are not. `mentions` are in text order: the bisection finds the candidates."""
        if self._named is None or self._named[0] is not mentions:
            spans = sorted((m.start, m.end) for m in mentions if m.how != "framework")
            self._named = (mentions, spans, [s for s, _ in spans], max((e - s for s, e in spans), default=0))
        _, spans, starts, longest = self._named
        i = bisect_right(starts, start) - 1
        while i >= 0 and spans[i][0] >= start - longest:
            if end <= spans[i][1]:
                return True
            i -= 1
        return False

    def _labelled_fields(self, record: ProjectRecord, roles: dict[str, list[str]], scope, conf: dict[str, float]) -> None:
        if self._label_blocks is None:
            order = sorted((self.document.blocks[i].start, k, i) for k, i in enumerate(self.labels))
            self._label_blocks = ([s for s, _, _ in order], order)
        starts, order = self._label_blocks
        inside: list[tuple[int, int]] = []  # (position in self.labels, block index) of the label blocks in scope
        for s, e in scope:
            j = bisect_left(starts, s)
            while j < len(order) and order[j][0] < e:
                inside.append(order[j][1:])
                j += 1
        for _, index in sorted(set(inside)):
            role, content = self.labels[index]
            block = self.document.blocks[index]
            if not self.in_spans(block.start, block.end, scope) or role in ("ignore", "period"):
                continue
            text = self.text[content : block.end]
            lines = [line.strip(" -•■*؛;،,.") for line in text.split("\n") if line.strip(" -•■*؛;،,.")]
            if any(len(line.split()) > 10 for line in lines):
                continue
            for line in lines:
                folded = normalize_str(line)
                if INTERMEDIARY in folded:
                    head, _, channel = line.partition("عن طريق")
                    roles[role].append(_arabic_name(head.strip()))
                    roles["partners"].append(_arabic_name(channel.strip()))
                else:
                    roles[role].append(_arabic_name(line))
            conf[role] = min(conf.get(role, 1.0), 0.8)

    def _period(self, record: ProjectRecord, group: _Group, segments, scope, conf: dict[str, float]) -> None:
        labelled = [e for e in self.labelled_periods if self.in_spans(e.start, e.end, scope)]
        if all(m.framework for m in group.mentions):
            segments = [(m.start, m.end) for m in group.mentions]  # named as a frame: the sentence is about another thing
        in_segments = self.entities_in(segments, "DATE", "DATE_RANGE")
        chosen, how = None, 0.0
        # the date a table cell or list item opens with (`2024: ...`) dates what the unit describes
        leading = [e for e in in_segments for s, _ in segments
                   if s <= e.start and LEADING_GAP.fullmatch(self.text, s, e.start)]  # fmt: skip
        if labelled:
            chosen, how = labelled[0], 0.9
        elif leading:
            chosen, how = leading[0], 0.85
        else:
            ranges = [e for e in in_segments if e.label == "DATE_RANGE"]
            if ranges:
                chosen, how = ranges[0], 0.85
            elif in_segments:
                chosen, how = in_segments[0], 0.7
            else:
                in_scope = self.entities_in(scope, "DATE_RANGE")
                if in_scope:
                    chosen, how = in_scope[0], 0.6
        if chosen is None:
            return
        if chosen.label == "DATE_RANGE":
            record.start, record.end = chosen.value.get("start"), chosen.value.get("end")
        else:
            record.start = chosen.value.get("value")
        sentence = normalize_str(self.text[max(0, chosen.start - 120) : chosen.end + 120])
        record.date_status = "planned" if PLANNED.search(sentence) else ("actual" if LAUNCH.search(sentence) else None)
        if record.start and not record.end:
            for start, end in scope:
                match = DURATION.search(normalize_str(self.text[start:end]))
                if match:
                    n = match["n"]
                    years = int(n) if n.isdigit() else NUMBER_WORDS.get(n, 0)
                    if years and (match["unit"] or not n.isdigit()):
                        record.end = str(int(record.start[:4]) + years - 1)
                        conf["end"] = 0.7
                    break
        conf["start"] = how
        if record.end and "end" not in conf:
            conf["end"] = how

    def _evidence(self, start: int, end: int) -> Evidence:
        return Evidence(start=start, end=end, page=self.document.page_at(start), text=self.text[start:end],
                        document=self.document.path)  # fmt: skip

    def _description(self, span: tuple[int, int]) -> str | None:
        text = " ".join(self.text[span[0] : span[1]].split())
        if not text:
            return None
        cut = re.search(r"[.!؟?]\s", text)
        text = text[: cut.start() + 1] if cut else text
        return text[:300]


def _header_role(header: str) -> str | None:
    """The field a table column's header names: funders, implementers, partners, period, places."""
    folded = N(header).strip()
    for role, pattern in LABEL_START:
        if pattern.match(folded):
            return role
    return "places" if PLACE_HEADER.match(folded) else None


def _cell_items(text: str, latin_splits: bool = False) -> list[str]:
    """Organizations listed in a cell: one a line, or separated by commas, or by `و` before a head
    (or by the Latin name or acronym written after each one, with `latin_splits`)."""
    items: list[str] = []
    separators = r"[\n،,;؛]+|\s[A-Z][A-Za-z0-9&\-]*(?:\s+[A-Za-z][A-Za-z0-9&\-]*)*[\s.،,]*" if latin_splits else r"[\n،,;؛]+"
    for part in re.split(separators, text):
        part = re.sub(r"^و(?=\S)", "", part.strip(" -•*.")) if latin_splits else part.strip(" -•*.")
        if not part:
            continue
        pieces = re.split(r"\s+و(?=(?:" + "|".join(sorted(map(re.escape, _ORG_HEADS), key=len, reverse=True)) + r"))", N(part))
        if len(pieces) == 1:
            items.append(part)
            continue
        pos = 0
        norm = normalize(part)
        for piece in pieces:
            where = norm.text.find(piece, pos)
            o_start, o_end = norm.to_original(where, where + len(piece))
            items.append(part[o_start:o_end].strip())
            pos = where + len(piece)
    return [_arabic_name(i) for i in items if i]


def _sector(text: str) -> str | None:
    folded = normalize_str(text)
    best, score = None, 0
    for sector, words in SECTORS:
        hits = sum(folded.count(normalize_str(w)) for w in words)
        if hits > score:
            best, score = sector, hits
    return best


def _unique(items: list[str]) -> list[str]:
    """Items in order, each once: the same after folding, or spelled almost the same (الأوروبي / الأوربي)."""
    kept: list[str] = []
    for item in items:
        item = " ".join(item.split())
        if item and not any(close(item, other, 0.92) for other in kept):
            kept.append(item)
    return kept


def _arabic_name(name: str) -> str:
    """An organization named in Arabic and followed by its Latin name or acronym is named in Arabic
    (`الوكالة الفرنسية للتنمية AFD` -> `الوكالة الفرنسية للتنمية`); a Latin name alone is kept."""
    if not ARABIC_LETTER.search(name):
        return name
    tail = LATIN_TAIL.search(name)
    return name[: tail.start()].strip(" ،,.:؛-–—") if tail else name


def assemble_projects(document: Document, entities: list[Entity], tables: list[Table] | None = None) -> list[ProjectRecord]:
    """Project records named in the document's paragraphs, list items, headings and table cells."""
    if not document.text:
        return []
    return _Assembler(document, entities, tables or []).build()


# Across documents --------------------------------------------------------------------------------------


def same_project(a: ProjectRecord, b: ProjectRecord) -> bool:
    if a.acronym and b.acronym:
        return a.acronym.upper() == b.acronym.upper()
    names_a, names_b = [a.name, *a.aliases], [b.name, *b.aliases]
    return any(close(x, y, 0.9) for x in names_a for y in names_b)


def merge_records(records: list[ProjectRecord]) -> list[ProjectRecord]:
    """One record per project named in several documents (same acronym or normalized name): lists
    united, the first value kept for single fields, every piece of evidence kept."""
    merged: list[ProjectRecord] = []
    for record in records:
        target = next((m for m in merged if same_project(m, record)), None)
        if target is None:
            merged.append(record.model_copy(deep=True))
            continue
        target.acronym = target.acronym or record.acronym
        target.aliases = _unique([*target.aliases, *([record.name] if key(record.name) != key(target.name) else []), *record.aliases])
        for name in ("start", "end", "date_status", "sector", "description"):
            if getattr(target, name) is None:
                setattr(target, name, getattr(record, name))
        for name in ("funders", "implementers", "partners", "locations"):
            setattr(target, name, _unique([*getattr(target, name), *getattr(record, name)]))
        taken = {key(n) for n in target.funders + target.implementers}
        target.partners = [p for p in target.partners if key(p) not in taken]
        target.amounts += [a for a in record.amounts if a not in target.amounts]
        target.evidences += record.evidences
        target.documents = _unique([*target.documents, *record.documents])
        target.flags = _unique([*target.flags, *record.flags])
        for name, value in record.field_confidence.items():
            target.field_confidence[name] = max(value, target.field_confidence.get(name, 0.0))
        target.confidence = max(target.confidence, record.confidence)
    return merged
