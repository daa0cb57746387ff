"""The words several record modules read, and the patterns made of them (all on normalized text).

Record cue words (مشروع، برنامج، مبادرة), the words that end an unquoted name, the head nouns a listed
organization starts with, and the role cue phrases (`بتمويل من`، `بشراكة مع` ...).
"""

from __future__ import annotations

import re

from pipeline.normalize import normalize_str
from pipeline.records.identity import QUOTES

N = normalize_str
Q = re.escape(QUOTES)
CLITIC = "(?:[وفبلك]{1,2})?"
# `لل` + noun is the definite article after li- (للمشروع): never an indefinite cue
INDEF_CLITIC = "(?:و?[فبك]|و?ل(?!ل)|و)?"
LETTER = r"[\u0621-\u064A\u066E-\u06D3A-Za-z0-9]"
ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")

CUE_WORDS = ["مشروع", "برنامج", "مبادرة"]
CUE = INDEF_CLITIC + "(?:" + "|".join(N(w) for w in CUE_WORDS) + ")"
DEF_CUE = "(?:" + CLITIC + "(?:" + "|".join(N("ال" + w) for w in CUE_WORDS) + ")|و?لل(?:" + "|".join(N(w) for w in CUE_WORDS) + "))"

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

# Words an organization's name starts with: a listed item must start with one.
ORG_HEADS = [N(w) for w in (
    "وزارة", "الوزارة", "الوزارة المنتدبة", "كتابة الدولة", "الكتابة العامة", "جماعة", "الجماعة", "بلدية", "البلدية",
    "مجلس", "المجلس", "الوكالة", "وكالة", "المنظمة", "منظمة", "جمعية", "الجمعية", "جامعة", "الجامعة", "صندوق",
    "الصندوق", "المركز", "مركز", "مرصد", "المرصد", "المديرية", "مديرية", "المندوبية", "مندوبية", "مؤسسة", "المؤسسة",
    "الهيئة", "هيئة", "البنك", "بنك", "سفارة", "السفارة", "قنصلية", "القنصلية", "ولاية", "عمالة", "المفوضية",
    "مفوضية", "الشبكة", "شبكة", "التعاونية", "تعاونية", "الفيدرالية", "فيدرالية", "الاتحاد", "اتحاد", "المعهد",
    "معهد", "الأكاديمية", "أكاديمية", "الغرفة", "غرفة", "المكتب", "مكتب", "برنامج الأمم المتحدة", "مجموعة", "حكومة",
    "الحكومة", "المنتدى", "منتدى", "التحالف", "تحالف", "اللجنة", "لجنة", "شركة", "الشركة", "مجموعة", "الائتلاف",
    "المبادرة الوطنية", "البرنامج الوطني")]
ORG_HEAD = "(?:" + "|".join(sorted(map(re.escape, ORG_HEADS), key=len, reverse=True)) + ")"
ITEM_HEAD_RE = re.compile(rf"\s*(?P<item>{ORG_HEAD}(?!{LETTER}))")

# Cue phrases after which a list of organizations is read, and the role they give them.
LIST_CUES = {N(c): role for role, cues in {
    "funders": ["الممول من طرف", "الممولة من طرف", "ممول من طرف", "ممولة من طرف", "الممول من قبل", "بتمويل من", "وبتمويل من",
                "بتتمويل من", "وبتتمويل من", "تمويله من طرف", "تمويلها من طرف", "بدعم من", "بدعم مالي من", "بمساهمة من"],
    "implementers": ["المنفذ من طرف", "المنفذة من طرف", "المنجز من طرف", "المنجزة من طرف", "من لدن", "تنفيذه من طرف",
                     "تنفيذها من طرف"],
    "partners": ["بشراكة مع", "وبشراكة مع", "في إطار الشراكة مع", "بتعاون مع", "بالتعاون مع", "بتنسيق مع", "الشراكة مع",
                 "شراكة مع", "في إطار التعاون مع", "التعاون مع", "بتنسيق مع"],
}.items() for c in cues}  # fmt: skip
LIST_CUE = "|".join(sorted(map(re.escape, LIST_CUES), key=len, reverse=True))  # an alternation, longest first

# Cue phrases within the sentence before an organization that give it a role.
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
# (cue, role), longest cue first
ROLE_CUE_LIST = sorted(((N(c), role) for role, cues in ROLE_CUES.items() for c in cues), key=lambda x: -len(x[0]))
# `ممول عن طريق X`: X is a channel, not the funder
INTERMEDIARY = N("عن طريق")
