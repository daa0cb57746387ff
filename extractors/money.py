"""MONEY: an amount with its currency (ISO 4217), e.g. `6 991 500 درهم`, `5 مليون اورو`.

Currency names come from `extractors/data/currencies.json` (name or symbol -> code), so a new
spelling or currency is a data change. A bare number is money only when a budget word announces it
(`بمبلغ 500 000`, `بغلاف مالي قدره 2 مليون`; words in `extractors/data/amounts.json`): its currency
is then null, and it gives way to any other entity over the same characters (a year: `ميزانية 2023`).
"""

from __future__ import annotations

import json
import re
from functools import cache, cached_property
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from extractors.base import AR_LETTER, Found, alternation, found_list, text_of
from extractors.numbers import NUMBER, NUMBER_WORDS, SCALE, parse_number, parse_number_words, scale_of
from pipeline.normalize import normalize_str

DATA = Path(__file__).parent / "data"


CURRENCIES_PATH = DATA / "currencies.json"
AMOUNTS_PATH = DATA / "amounts.json"


@cache
def read_currencies(path: Path = CURRENCIES_PATH) -> dict[str, str]:
    """Currency names and signs, normalized, to their ISO 4217 code."""
    table: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return {normalize_str(name): code for name, code in table.items()}


@cache
def read_amount_words(path: Path = AMOUNTS_PATH) -> dict[str, list[str]]:
    """The words around amounts (budget words, per-grantee and total cues), normalized."""
    table: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return {key: [normalize_str(w) for w in words] for key, words in table.items() if isinstance(words, list)}


PRIORITY = 3
BARE_PRIORITY = 0  # below every other entity: a bare number is an amount only when nothing else is


class MoneyExtractor:
    def __init__(self, name: str, currencies_path: str, default_dirham: str, bare_amounts: bool = True):
        self.name = name
        self.currencies_path = Path(currencies_path) if currencies_path else CURRENCIES_PATH
        self.default_dirham = default_dirham
        self.bare_amounts = bare_amounts

    @cached_property
    def currency_codes(self) -> dict[str, str]:
        codes = read_currencies(self.currencies_path)
        return {**codes, **{name: code for name, (code, _) in self.subunits.items()}}

    @cached_property
    def subunits(self) -> dict[str, tuple[str, float]]:
        """Amounts counted in a subunit (Moroccans count in centimes: `3,2 مليار سنتيم` is 32 million MAD)."""
        path = DATA / "currency_subunits.json"
        table: dict[str, list] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        return {normalize_str(name): (code, float(factor)) for name, (code, factor) in table.items()}

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        cur = alternation(list(self.currency_codes))
        # Number, optional scale word, currency; or a currency sign/code before the number.
        # A compound amount puts a larger scale first: `مليار و200 مليون درهم`, `3 ملايير و450 مليون درهم`.
        head = rf"(?:(?<!{AR_LETTER})(?P<head>(?:(?P<head_num>{NUMBER})\s?)?(?P<head_scale>{SCALE}))\s+و\s?)?"
        after = (
            rf"(?<![\d.,٬٫]){head}(?P<num>{NUMBER})\s?(?:(?P<scale>{SCALE})\s+)?"
            rf"(?:من\s+)?(?P<cur>{cur})(?!{AR_LETTER}|[A-Za-z])"
        )
        before = rf"(?<![A-Za-z])(?<!{AR_LETTER})(?P<cur2>{cur})\s?(?P<num2>{NUMBER})(?:\s+(?P<scale2>{SCALE}))?(?!\d)"
        # In words, a glued clitic (بمائة ألف أورو) left out of the span.
        words = (
            rf"(?<!{AR_LETTER})(?:و|ب|ل|وب)?(?P<words>{NUMBER_WORDS})\s+(?:من\s+)?(?P<cur3>{cur})(?!{AR_LETTER}|[A-Za-z])"
        )
        return re.compile(f"{after}|{before}|{words}")

    @cached_property
    def bare_pattern(self) -> re.Pattern[str]:
        """A budget word, its qualifiers, then a number and its scale: `بمبلغ إجمالي قدره 500 000`."""
        words = read_amount_words()
        return re.compile(
            rf"(?:{alternation(words['budget_words'])})(?:\s+(?:{alternation(words['amount_qualifiers'])}))*"
            rf"\s*(?P<number>{NUMBER})(?:\s*(?P<scale>{SCALE}))?"
        )

    def __call__(self, doc: Doc) -> Doc:
        found = found_list(doc)
        for m in self.pattern.finditer(text_of(doc)):
            start = m.start()
            if m.group("words"):
                value = parse_number_words(m.group("words"))
                cur = m.group("cur3")
                start = m.start("words")
            else:
                num = m.group("num") or m.group("num2")
                scale = m.group("scale") or m.group("scale2")
                cur = m.group("cur") or m.group("cur2")
                amount = parse_number(num)
                value = None if amount is None else amount * scale_of(scale)
                if value is not None and m.group("head"):
                    head_amount = parse_number(m.group("head_num")) if m.group("head_num") else 1.0
                    head_scale = scale_of(m.group("head_scale"))
                    if head_amount is not None and head_scale > scale_of(scale):
                        value += head_amount * head_scale
                    else:  # not a compound (`5 مليون و3 ملايين`): the head is an amount of its own
                        start = m.start("num")
            if value is None:
                continue
            code = self.currency_codes[cur]
            value *= self.subunits[cur][1] if cur in self.subunits else 1
            found.append(Found("MONEY", start, m.end(), {"amount": _clean(value), "currency": code}, self.name, PRIORITY))
        if self.bare_amounts:
            self._bare(text_of(doc), found)
        return doc

    def _bare(self, text: str, found: list[Found]) -> None:
        for m in self.bare_pattern.finditer(text):
            amount = parse_number(m["number"])
            if amount is None:
                continue
            value = {"amount": _clean(amount * scale_of(m["scale"])), "currency": None}
            found.append(Found("MONEY", m.start("number"), m.end(), value, self.name, BARE_PRIORITY))


def _clean(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 2)


@Language.factory(
    "taqrir_money",
    default_config={"currencies_path": "", "default_dirham": "MAD", "bare_amounts": True},
    assigns=["doc._.found"],
)
def make_money(nlp: Language, name: str, currencies_path: str, default_dirham: str, bare_amounts: bool) -> MoneyExtractor:
    return MoneyExtractor(name, currencies_path, default_dirham, bare_amounts)
