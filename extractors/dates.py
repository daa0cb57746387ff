"""DATE and DATE_RANGE: Arabic dates of every convention, numeric dates, years, and ranges.

Month names (Moroccan, Egyptian/Gulf, Levantine, Maghrebi French-derived, common misspellings)
come from `extractors/data/months.json`. Values are ISO dates at the precision written
(`2017`, `2017-12`, `2017-12-20`). A range's two ends are reported once, as a DATE_RANGE, never
also as two DATEs: ranges are found first and their spans are claimed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

from hijridate import Hijri
from spacy.language import Language
from spacy.tokens import Doc

from extractors.base import AR_LETTER, Found, alternation, found_list, text_of
from extractors.numbers import read_number_words
from pipeline.normalize import normalize_str

DATA = Path(__file__).parent / "data"
DATE_WORDS_PATH = DATA / "date_words.json"
_NUMBERS = read_number_words()
YEAR_UNITS: list[str] = _NUMBERS["year_units"]
MONTH_UNITS: list[str] = _NUMBERS["month_units"]


def period_count(word: str) -> tuple[int, bool] | None:
    """A number of periods written in words, and whether they are months: `ثلاث` (3), `سنتين` (2
    years), `شهرين` (2 months); None for a word that counts nothing whole."""
    if word in _NUMBERS["counted_months"]:
        return _NUMBERS["counted_months"][word], True
    value = _NUMBERS["counted_years"].get(word, _NUMBERS["units"].get(word))
    if value is None or value < 1 or value != int(value):
        return None
    return int(value), False


def count_words() -> list[str]:
    """Every word `period_count` reads."""
    return [*_NUMBERS["counted_years"], *_NUMBERS["counted_months"], *_NUMBERS["units"]]


# Hijri months; Moroccan dates run a day behind the Umm al-Qura table (`hijri_offset_days`).
HIJRI_MONTHS = {normalize_str(w): n for n, words in enumerate((
    ["محرم"], ["صفر"], ["ربيع الأول", "ربيع الاول"], ["ربيع الثاني", "ربيع الآخر"], ["جمادى الأولى", "جمادى الأول"],
    ["جمادى الثانية", "جمادى الآخرة"], ["رجب"], ["شعبان"], ["رمضان"], ["شوال"], ["ذو القعدة", "ذي القعدة"],
    ["ذو الحجة", "ذي الحجة"]), start=1) for w in words}  # fmt: skip


@dataclass
class DateValue:
    year: int
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def valid(self) -> bool:
        try:
            date(self.year, self.month or 1, self.day or 1)
        except ValueError:
            return False
        return 1900 <= self.year <= 2100


def _shift(start: DateValue, months: int) -> date:
    """`start` moved by a number of months, the day kept when the month has it."""
    index = start.year * 12 + (start.month or 1) - 1 + months
    year, month = index // 12, index % 12 + 1
    day = start.day or 1
    while day > 28:  # 31 January + 1 month: the last day of February
        try:
            return date(year, month, day)
        except ValueError:
            day -= 1
    return date(year, month, day)


def _year(text: str) -> int:
    y = int(text)
    return y + 2000 if y < 100 and len(text) == 2 and y <= 69 else (y + 1900 if y < 100 else y)


def duration_end(start: DateValue, count: str, unit: str | None) -> DateValue | None:
    """The last period of a duration counted from `start`, inclusive (2014 + 3 years -> 2016;
    2020-01 + 18 months -> 2021-06; 2022-04-01 + 36 months -> 2025-03-31). `count` is digits or a
    number word (normalized), `unit` a year or month unit or None."""
    if count.isdigit():
        if unit is None:
            return None  # لمدة 18 ... without a unit is no duration
        n, counted_months = int(count), False
    else:
        n, counted_months = period_count(count) or (0, False)
    months_unit = (unit is not None and unit in MONTH_UNITS) or counted_months
    if not 0 < n < (600 if months_unit else 50):
        return None
    months = n if months_unit else 12 * n
    if start.month is None:
        return DateValue(start.year + (months - 1) // 12)
    last = start.year * 12 + start.month - 1 + months - 1
    if start.day is None:
        return DateValue(last // 12, last % 12 + 1)
    end = _shift(start, months) - timedelta(days=1)
    return DateValue(end.year, end.month, end.day)


class DateExtractor:
    def __init__(self, name: str, months_path: str, hijri_offset_days: int = 1):
        self.name = name
        self.hijri_offset_days = hijri_offset_days
        self.months_path = Path(months_path) if months_path else DATA / "months.json"

    @cached_property
    def months(self) -> dict[str, int]:
        table: dict[str, list[str]] = json.loads(self.months_path.read_text(encoding="utf-8"))
        return {normalize_str(name): int(number) for number, names in table.items() for name in names}

    @cached_property
    def words(self) -> dict[str, Any]:
        """Ordinal days, period qualifiers and the heads of names that carry a year (date_words.json)."""
        table: dict[str, Any] = json.loads(DATE_WORDS_PATH.read_text(encoding="utf-8"))
        return {
            key: {normalize_str(w): n for w, n in value.items()} if isinstance(value, dict) else [normalize_str(w) for w in value]
            for key, value in table.items()
            if key != "about"
        }

    @cached_property
    def month_re(self) -> re.Pattern[str]:
        return re.compile(rf"(?<!{AR_LETTER})(?:{alternation(list(self.months))})(?!{AR_LETTER})")

    @cached_property
    def ordinal(self) -> str:
        """An ordinal day: الثالث عشر، الحادي والعشرين، العاشر، الثلاثين."""
        units = alternation(list(self.words["ordinals"]))
        tens = alternation(list(self.words["ordinal_tens"]))
        return rf"(?:(?:{units})(?:\s+(?:{tens}))?|(?:{tens}))"

    def ordinal_value(self, text: str) -> int | None:
        """The day an ordinal phrase names (الثالث عشر: 13, الحادي والعشرين: 21), or None."""
        parts = text.split()
        if not parts:
            return None
        values = [self.words["ordinals"].get(parts[0])] + [self.words["ordinal_tens"].get(p) for p in parts[1:]]
        if any(v is None for v in values):
            values = [self.words["ordinal_tens"].get(p) for p in parts]
            if len(parts) != 1 or values[0] is None:
                return None
        if len(parts) == 1 and parts[0] == normalize_str("الحادي"):
            return None  # الحادي alone is no day
        total = sum(v for v in values if v is not None)
        return total if 1 <= total <= 31 else None

    @cached_property
    def patterns(self) -> dict[str, re.Pattern[str]]:
        # Written as Arabic is written; compiled in the normalized form the text has (إلى -> الي).
        return {key: re.compile(normalize_str(p)) for key, p in self._patterns().items()}

    def _patterns(self) -> dict[str, str]:
        one_month = alternation(list(self.months))
        # a month may be written twice, in two conventions: كانون الثاني/يناير، أيلول (سبتمبر)
        month = rf"(?:{one_month})(?:\s*/\s*(?:{one_month})|\s*\(\s*(?:{one_month})\s*\)|\s*-\s*(?:{one_month}))?"
        nb = rf"(?<!{AR_LETTER})(?<![\d/.-])"  # not glued to a word or another number
        # a date in figures may be glued to the word before it (بتاريخ12/03/2021), not to a number
        nb_digits = rf"(?:(?<!{AR_LETTER})|(?=\d))(?<![\d/.-])"
        ne = rf"(?!{AR_LETTER})(?![\d])"
        year = r"(?:19|20)\d{2}"
        day = rf"(?:[0-3]?\d|فاتح|الفاتح|{self.ordinal}(?=\s+من\s))"
        textual = (
            rf"(?:(?:{day}\s+(?:من\s+)?(?:شهر\s+)?)?(?:{month})\s*[,،]?\s*(?:(?:سنه|عام)\s+)?{year}"
            rf"|[0-3]?\d\s*[/.-]\s*(?:{month})\s*[/.-]\s*{year}"  # 29/أكتوبر/2017
            rf"|(?:{month})\s+[0-3]?\d\s*[,،]\s*{year})"  # فبراير 10, 2020
        )
        numeric = r"(?:[0-3]?\d[/.-][0-3]?\d[/.-](?:(?:19|20)\d{2}|\d{2})|(?:19|20)\d{2}(?:/[01]?\d/[0-3]?\d|-[01]?\d-[0-3]?\d|\.[01]?\d\.[0-3]?\d))"
        qualifier = rf"(?:(?:{alternation(self.words['period_qualifiers'])})\s+)?"
        year_cue = r"(?:سنه|عام|سنتي|عامي|برسم|خلال|موسم)"
        any_date = rf"(?:{textual}|{numeric}|[01]?\d/{year}|{year})"
        units = f"(?:{'|'.join(YEAR_UNITS + MONTH_UNITS)})"
        # a count of periods: digits or a word, never the punctuation after it (ولمدة شهر.)
        count = r"(?:\d+|[^\s\d.,،;:!?؟()«»]+)"
        # what starts a period: ابتداء من، اعتبارا من، بدءا من، انطلاقا من
        from_cue = r"(?:ابتداء|ابتداءا|انطلاقا|بدايه|اعتبارا|بدءا)\s+من"
        # what ends it: إلى غاية، حتى، لغاية، قبل متم، حتى نهاية
        until_cue = r"(?:قبل|في\s+افق|الى\s+غايه|إلى\s+غايه|حتى|لغايه|في\s+حدود)"
        end_qualifier = r"(?:(?:متم|نهايه|اواخر)\s+(?:شهر\s+)?)?"
        hijri_month = alternation(list(HIJRI_MONTHS))
        return {
            # ما بين 12 و 20 دجنبر 2017 / من 12 الى 20 دجنبر 2017
            "day_range": (
                rf"(?:(?:(?:ما\s+)?بين|من)\s+)?{nb}(?P<d1>[0-3]?\d|فاتح)(?:\s+(?:و\s*|الى\s+|إلى\s+|حتى\s+)|\s*[-–]\s*)"
                rf"(?P<d2>[0-3]?\d)\s+(?P<m>{month})\s*(?P<y>{year}){ne}"
            ),
            # من فاتح يناير الى 31 دجنبر 2023 / من مارس الى يونيو 2020
            "month_range": (
                rf"(?:(?:ما\s+)?بين|من)\s+(?:شهر\s+)?(?:(?P<d1>{day})\s+)?(?P<m1>{month})\s+(?:(?P<y1>{year})\s+)?"
                rf"(?:(?:و\s*)?لغايه\s+|و\s*|الى\s+|حتى\s+|الي\s+)(?:(?:غايه|حدود)\s+)?(?:شهر\s+)?(?:(?P<d2>{day})\s+)?(?P<m2>{month})\s*(?P<y2>{year}){ne}"
            ),
            # من 2014 الى 2018, ما بين سنتي 2014 و2018, 2021-2024, 31/12/23-01/01/2023
            "pair": (
                rf"(?:(?:(?:ما\s+)?بين|من)\s+(?:(?:سنه|سنتي|عام|عامي)\s+)?)?{nb}(?P<a>{any_date})\s*"
                rf"(?:[-–—/]|(?P<wa>و)\s*|(?:الى|إلى|حتى)\s*(?:(?:غايه|حدود)\s+)?(?:(?:سنه|عام)\s+)?)\s*(?P<b>{any_date}){ne}"
            ),
            # منذ سنة 2005 / ابتداء من سنة 2014 لمدة ثلاث سنوات / قبل 2020 / في افق 2030
            # لمدة ثلاث سنوات ابتداء من 2014 / ثلاث سنوات ابتداءا من سنة 2014
            "duration_first": (
                rf"(?:(?:لمده|على\s+مدى|طيله)\s+(?P<n>{count})(?:\s+(?P<u>{units}))?|(?P<n2>{count})\s+(?P<u2>{units}))\s*[,،]?\s*"
                rf"{from_cue}\s+{qualifier}(?:(?:سنه|عام|شهر)\s+)?(?P<a>{any_date}){ne}"
            ),
            "open_start": (
                rf"(?:منذ|{from_cue})\s+{qualifier}(?:(?:سنه|عام|شهر)\s+)?(?P<a>{any_date}){ne}"
                rf"(?:\s*[,،]?\s*(?:و\s*)?(?:لمده|على\s+مدى|طيله)\s+(?P<n>{count})(?:\s+(?P<u>{units}))?)?"
            ),
            "open_end": (
                rf"{until_cue}\s+{end_qualifier}(?:(?:سنه|عام)\s+)?(?P<b>{any_date}){ne}"
            ),
            # 15 رمضان 1445 هـ / 1445 هـ / 1440 هجرية
            "hijri": (
                rf"(?<!{AR_LETTER})(?<![\d/.-])(?:(?:(?P<hd>[0-3]?\d|فاتح)\s+(?:من\s+)?(?:شهر\s+)?)?(?P<hm>{hijri_month})\s+)?(?P<hy>1[34]\d\d)"
                rf"\s*(?:هـ|ه(?=[\s.,،)]|$)|هجري|هجرية|للهجرة)(?!{AR_LETTER})"
            ),
            "textual": (rf"{nb_digits}(?P<a>{textual}){ne}"),
            "numeric": (rf"{nb_digits}(?P<a>{numeric}){ne}"),
            # not a reference number (طلب عروض رقم 12/2024، عطاء رقم (9/2024))
            "month_year": (rf"{nb}(?<!رقم\s)(?<!رقم\s\()(?<!رقم\()(?P<a>[01]?\d/{year}){ne}"),
            "cued_year": (rf"{year_cue}\s*(?:(?:سنه|عام)\s*)?(?P<a>{year}){ne}"),  # glued too: سنة2019
            # a year without a cue (في 2017، ميزانية 2023), not a count (2017 مشروعا) nor a reference (رقم 2019)
            "bare_year": (
                rf"(?<!رقم )(?<!عدد )(?<!العدد )(?:(?<=\sو)|(?<!{AR_LETTER}))(?<![\d/.-])(?P<a>199\d|20[0-4]\d){ne}(?![.,٫٬،]\d)"
                rf"(?!\s*(?:%|٪|{AR_LETTER}+ا(?!{AR_LETTER})|شخص|مستفيد|درهم|دولار|اورو|متر|كلم|هكتار))"
            ),
            "year_colon": (rf"(?:^|\n)\s*(?P<a>{year})\s*:"),
        }

    @cached_property
    def name_contexts(self) -> dict[str, re.Pattern[str]]:
        """What comes before a year that belongs to a name or a legal text, not to the project."""

        def heads(key: str) -> str:
            # the words with a clitic and the article allowed before them: للقانون، بكأس، والمبادرة
            stems = sorted({w[2:] if w.startswith("ال") else w for w in self.words[key]}, key=len, reverse=True)
            words = "|".join(r"\s+".join(re.escape(part) for part in stem.split()) for stem in stems)
            return rf"(?<!{AR_LETTER})(?:[وف])?(?:[بك]?ال|لل|[بلك])?(?:{words})(?!{AR_LETTER})"

        name_word = r"\s+[^\s\d.,،:;!?؟«»\"“”()\[\]]+"
        end = r"\s+$"
        return {
            # القانون رقم 45 لسنة 1987، المرسوم الملكي لسنة 1968
            "legal": re.compile(rf"(?:{heads('legal_acts')}(?:[^.!?؟\n\d]|رقم\s+[\d./-]+){{0,80}}?|رقم\s+[\d./-]+\s+)(?:ل|ب)(?:سنه|عام){end}"),
            "event": re.compile(rf"{heads('event_heads')}(?P<name>(?:{name_word}){{0,3}}){end}"),
            "programme": re.compile(rf"{heads('programme_heads')}(?P<name>(?:{name_word}){{1,3}}){end}"),
            "quoted": re.compile(r"[«\"“](?P<name>[^»\"”\n]{0,40})$"),
        }

    @cached_property
    def time_cues(self) -> set[str]:
        """Words that make the year after them a time, even after a programme's name."""
        return {normalize_str(w) for w in ("في", "خلال", "سنة", "عام", "برسم", "منذ", "من", "إلى", "حتى", "قبل", "بعد",
                                           "لسنة", "لعام", "سنتي", "أفق", "غاية", "موسم", "حدود", "بداية", "نهاية")}  # fmt: skip

    def year_in_name(self, text: str, start: int, end: int) -> bool:
        """Whether the year at start:end is part of a name (كأس إفريقيا 2025، «إرادة 2025») or the
        year of a legal text (القانون رقم 10 لسنة 1979): not a date of the project."""
        before = text[max(0, start - 120) : start]
        contexts = self.name_contexts
        if contexts["legal"].search(before):
            return True
        quoted = contexts["quoted"].search(before)
        if quoted and re.match(r"\s*[»\"”]", text[end : end + 3]) and quoted["name"].strip():
            return True
        for key in ("event", "programme"):
            m = contexts[key].search(before)
            if not m or any(word in self.time_cues for word in m["name"].split()):
                continue
            # a programme's own name is a word or two without the article (مبادرة إرادة 2025); after a
            # definite phrase the year is the plan's period (برنامج عمل الجماعة 2023, المخطط الجهوي 2021)
            if key == "event" or not any(re.match(r"(?:[وفبك]?ال|لل)", word) for word in m["name"].split()):
                return True
        return False

    # Parsing ------------------------------------------------------------------------------------
    def parse(self, text: str) -> DateValue | None:
        text = text.strip()
        if m := re.fullmatch(r"((?:19|20)\d{2})[/.-]([01]?\d)[/.-]([0-3]?\d)", text):
            value = DateValue(int(m[1]), int(m[2]), int(m[3]))
        elif m := re.fullmatch(r"([0-3]?\d)[/.-]([0-3]?\d)[/.-](\d{4}|\d{2})", text):
            first, second = int(m[1]), int(m[2])
            # day first, as Arabic texts write it; month first when the second number cannot be a month (8/19/2019)
            day, month = (second, first) if second > 12 >= first else (first, second)
            value = DateValue(_year(m[3]), month, day)
        elif m := re.fullmatch(r"([01]?\d)/((?:19|20)\d{2})", text):
            value = DateValue(int(m[2]), int(m[1]))
        elif m := re.fullmatch(r"(?:19|20)\d{2}", text):
            value = DateValue(int(text))
        else:
            return self._parse_textual(text)
        return value if value.valid() else None

    def _parse_textual(self, text: str) -> DateValue | None:
        """A date with a month name, in any order: `15 كانون الثاني/يناير 2024`, `فبراير 10, 2020`,
        `29/أكتوبر/2017`, `الثالث عشر من شباط 2019`."""
        years = re.findall(r"(?<!\d)(?:19|20)\d{2}(?!\d)", text)
        names = [self.months[m.group()] for m in self.month_re.finditer(text)]
        if len(years) != 1 or not names or len(set(names)) != 1:
            return None  # no year, or two different months: not one date
        rest = self.month_re.sub(" ", text.replace(years[0], " ", 1))
        day = None
        if m := re.search(r"(?<!\d)[0-3]?\d(?!\d)", rest):
            day = int(m.group())
        else:
            words = [w for w in re.split(r"[\s/.,،()-]+", rest) if w and w not in (normalize_str("من"), normalize_str("شهر"), normalize_str("سنة"), normalize_str("عام"))]
            if words:
                day = self._day(" ".join(words))
                if day is None:
                    return None
        value = DateValue(int(years[0]), names[0], day)
        return value if value.valid() else None

    def _day(self, text: str) -> int | None:
        """A day of the month: digits, فاتح (the first), or an ordinal word (الثالث عشر)."""
        if "فاتح" in text:
            return 1
        if text.isdigit():
            return int(text)
        return self.ordinal_value(text)

    def hijri(self, m: re.Match[str]) -> dict[str, str] | None:
        """A Hijri date as a Gregorian value (shifted by the local calendar's offset) and its `hijri` form."""
        year = int(m["hy"])
        try:
            if m["hm"] and not m["hd"]:
                # a month alone: the Gregorian month its first day falls in (رمضان 1445 -> 2024-03)
                month = HIJRI_MONTHS[m["hm"]]
                first = Hijri(year, month, 1).to_gregorian()
                return {"value": f"{first.year:04d}-{first.month:02d}", "hijri": f"{year:04d}-{month:02d}"}
            if m["hm"]:
                day = 1 if "فاتح" in m["hd"] else int(m["hd"])
                month = HIJRI_MONTHS[m["hm"]]
                g = Hijri(year, month, day).to_gregorian()
                gregorian = date(g.year, g.month, g.day)
                gregorian += timedelta(days=self.hijri_offset_days)
                return {"value": gregorian.isoformat(), "hijri": f"{year:04d}-{month:02d}-{day:02d}"}
            return {"value": f"{Hijri(year, 1, 1).to_gregorian().year:04d}", "hijri": f"{year:04d}"}
        except (ValueError, OverflowError):
            return None

    def _month(self, name: str | None) -> int | None:
        """The month of a month name, or of a month written in two conventions (تموز/يوليو)."""
        found = {self.months[m.group()] for m in self.month_re.finditer(name)} if name else set()
        return found.pop() if len(found) == 1 else None

    # Matching -----------------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        found = found_list(doc)

        taken = bytearray(len(text) + 1)  # characters already inside a found date or range

        def free(start: int, end: int) -> bool:
            return not any(taken[start:end])

        def emit(label: str, start: int, end: int, value: dict) -> None:
            taken[start:end] = b"\x01" * (end - start)
            found.append(Found(label, start, end, value, self.name, 2))

        def emit_range(m: re.Match[str], a: DateValue | None, b: DateValue | None) -> None:
            if a and b and a.sort_key() > b.sort_key():
                a, b = b, a  # right-to-left layout can swap the ends: 31/12/23-01/01/2023
            emit("DATE_RANGE", m.start(), m.end(), {"start": a.iso() if a else None, "end": b.iso() if b else None})

        for m in self.patterns["day_range"].finditer(text):
            month, year = self._month(m["m"]), int(m["y"])
            d1 = 1 if "فاتح" in m["d1"] else int(m["d1"])
            if month is None:
                continue
            a, b = DateValue(year, month, d1), DateValue(year, month, int(m["d2"]))
            if a.valid() and b.valid() and free(m.start(), m.end()):
                emit_range(m, a, b)
        for m in self.patterns["month_range"].finditer(text):
            y2 = int(m["y2"])
            y1 = int(m["y1"]) if m["y1"] else y2
            day1 = self._day(m["d1"]) if m["d1"] else None
            day2 = self._day(m["d2"]) if m["d2"] else None
            month1, month2 = self._month(m["m1"]), self._month(m["m2"])
            if month1 is None or month2 is None:
                continue
            first = DateValue(y1, month1, day1)
            last = DateValue(y2, month2, day2)
            if first.valid() and last.valid() and free(m.start(), m.end()):
                emit_range(m, first, last)
        for m in self.patterns["pair"].finditer(text):
            if m["wa"] and not re.search(r"(?:بين|سنتي|عامي)\s+$", text[max(0, m.start("a") - 12) : m.start("a")]):
                continue  # `في 2019 و 2020`: two dates; `بين 2019 و2020`, `سنتي 2019 و2020`: a range
            one, other = self.parse(m["a"]), self.parse(m["b"])
            if one and other and free(m.start(), m.end()) and abs(one.year - other.year) <= 30:
                emit_range(m, one, other)
        for m in self.patterns["hijri"].finditer(text):
            hijri = self.hijri(m)
            if hijri and free(m.start(), m.end()):
                emit("DATE", m.start(), m.end(), hijri)
        for key in ("duration_first", "open_start"):
            for m in self.patterns[key].finditer(text):
                start = self.parse(m["a"])
                if not start or not free(m.start(), m.end()):
                    continue
                end = None
                count = m["n"] or m.groupdict().get("n2")
                if count:
                    end = duration_end(start, count, m["u"] or m.groupdict().get("u2"))
                    if end is None:
                        if key == "duration_first":
                            continue  # not a duration: leave it to the open-start pattern
                        emit("DATE_RANGE", m.start(), m.end("a"), {"start": start.iso(), "end": None})
                        continue
                emit_range(m, start, end)
        for m in self.patterns["open_end"].finditer(text):
            until = self.parse(m["b"])
            if until and free(m.start(), m.end()):
                emit_range(m, None, until)
        for key in ("textual", "numeric", "month_year", "cued_year", "year_colon", "bare_year"):
            for m in self.patterns[key].finditer(text):
                value = self.parse(m["a"])
                if key in ("cued_year", "bare_year") and value and self.year_in_name(text, m.start("a"), m.end("a")):
                    taken[m.start("a") : m.end("a")] = b"\x01" * (m.end("a") - m.start("a"))
                    continue  # not a date of the project, nor to be read again by a later pattern
                if value and free(m.start("a"), m.end("a")):
                    emit("DATE", m.start("a"), m.end("a"), {"value": value.iso()})
        return doc


@Language.factory(
    "taqrir_dates", default_config={"months_path": "", "hijri_offset_days": 1}, assigns=["doc._.found"]
)
def make_dates(nlp: Language, name: str, months_path: str, hijri_offset_days: int) -> DateExtractor:
    return DateExtractor(name, months_path, hijri_offset_days)
