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
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from extractors.base import AR_LETTER, Found, alternation, found_list, text_of
from extractors.currency import DOCUMENT_COUNTRIES, CurrencyContext, read_families
from extractors.numbers import AMOUNT, NUMBER, SCALE, parse_amount, parse_number, scale_of
from pipeline.normalize import normalize_str

DATA = Path(__file__).parent / "data"


CURRENCIES_PATH = DATA / "currencies.json"
AMOUNTS_PATH = DATA / "amounts.json"


@cache
def read_currencies(path: Path = CURRENCIES_PATH) -> dict[str, str]:
    """Currency names and signs, normalized, to their ISO 4217 code; a name several countries share
    (درهم، دينار، ريال) to its default (which one it is in a text: `extractors.currency`)."""
    table: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    codes = {normalize_str(name): code for name, code in table["names"].items()}
    return {**{name: family.default for name, family in read_families(path).items()}, **codes}


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
    def families(self) -> dict[str, Any]:
        return read_families(self.currencies_path)

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        cur = alternation(list(self.currency_codes))
        # An amount in figures and words, then its currency (`84 مليونا و215 ألفا و430 درهما`,
        # `(2.5) مليار درهم`); a glued clitic (بمائة ألف، ومليار) is left out of the span.
        after = (
            rf"(?<![\d.,٬٫،])(?:(?<!{AR_LETTER})(?:وب|و|ب|ل|ف)?(?=[^\d(])|(?=[\d(]))(?P<amount>{AMOUNT})\s?"
            rf"(?:من\s+)?(?P<cur>{cur})(?!{AR_LETTER}|[A-Za-z])"
        )
        # a currency sign or code before the number: `EUR 50.000`, `$ 2 مليون`
        before = rf"(?<![A-Za-z])(?<!{AR_LETTER})(?P<cur2>{cur})\s?(?P<num2>{NUMBER})(?:\s+(?P<scale2>{SCALE}))?(?!\d)"
        return re.compile(f"{after}|{before}")

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
        text = text_of(doc)
        context: CurrencyContext | None = None
        for m in self.pattern.finditer(text):
            if m.group("amount"):
                read = parse_amount(m.group("amount"))
                if read is None:
                    continue
                value, offset = read
                start = m.start("amount") + offset
                if start > 0 and re.match(r"[\d.,٬٫،]", text[start - 1]):
                    continue  # what is left starts inside another number
                cur = m.group("cur")
            else:
                amount = parse_number(m.group("num2"))
                if amount is None:
                    continue
                value, start, cur = amount * scale_of(m.group("scale2")), m.start(), m.group("cur2")
            money: dict[str, Any] = {}
            family = self.families.get(cur)
            if family is not None:
                context = context or CurrencyContext(text, self.default_dirham, doc.user_data.get(DOCUMENT_COUNTRIES))
                decision = context.decide(family, start, m.end())
                value *= family.factor
                money = {"currency": decision.code, "currency_basis": decision.basis,
                         "currency_confidence": decision.confidence}  # fmt: skip
            else:
                value *= self.subunits[cur][1] if cur in self.subunits else 1
                money = {"currency": self.currency_codes[cur]}
            found.append(Found("MONEY", start, m.end(), {"amount": _clean(value), **money}, self.name, PRIORITY))
        if self.bare_amounts:
            self._bare(text, found)
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
