"""Parse the rate texts printed in tariff schedules into :class:`DutyExpression` models.

One grammar covers the US HTS (``1.5¢/kg + 4%``, ``$1/doz.``, ``21.3¢/pf. liter``), the EU CET and
UK Global Tariff (``12.8 % + 176.8 EUR / 100 kg``, ``8% MIN 2.5 EUR/100 kg``,
``1.75 EUR / % vol / hl``, ``9.00% +  EA MAX 24.20%  + ADSZ``), Australia (``5%, and $107.99/L of
alcohol``) and China (``0.8元/千克``, ``20%+0.912元/升``)::

    expression := clause ( ("MIN" | "MAX" | "but not less than" | ", or, if lower," ...) clause )*
    clause     := component ( ("+" | "plus" | ", and") component )*
    component  := ad valorem | specific | EU agricultural component (EA, ADSZ, ADFM ...)

The parser never raises on a rate text and never reads an unknown as zero: a text it cannot
structure comes back with ``unparsed`` set to the original text and no terms. Texts that it
understands but that the customs value and quantities alone cannot compute (EU agricultural
components, a percentage of the value of a part such as ``6% on the case``, the US sugar
polarisation scale) keep their parsed parts *and* ``unparsed``. See ``docs/duty-expressions.md``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Final

from cbec_compliance.duty.components import AdValorem, DutyComponent, DutyExpression, Specific
from cbec_compliance.errors import InvalidInputError

__all__ = [
    "AGRICULTURAL_COMPONENTS",
    "UNITS",
    "UNIT_PHRASES",
    "parse_australian_duty_rate",
    "parse_duty_expression",
    "parse_us_special_column",
]

UNITS: Final[dict[str, str]] = {
    "kg": "kilogram of net mass",
    "g": "gram of net mass",
    "kg_gross": "kilogram of gross mass, immediate container included",
    "kg_drained": "kilogram of net drained weight",
    "kg_dry_matter": "kilogram of net dry matter",
    "kg_lactic_matter": "kilogram of lactic matter",
    "kg_dry_lactic_matter": "kilogram of dry lactic matter",
    "kg_total_alcohol": "kilogram of total alcohol",
    "kg_standard_quality": "kilogram of product of the standard quality",
    "kg_sucrose": "kilogram of sucrose (100 kg net at 1% saccharose content = 1 kg)",
    "kg_total_sugars": "kilogram of total sugars",
    "kg_total_soluble_solids": "kilogram of total soluble solids",
    "kg_clean": "kilogram of clean (scoured) fibre",
    "kg_copper": "kilogram of copper content",
    "kg_lead": "kilogram of lead content",
    "kg_zinc": "kilogram of zinc content",
    "kg_tungsten": "kilogram of tungsten content",
    "kg_molybdenum": "kilogram of molybdenum content",
    "kg_magnesium": "kilogram of magnesium content",
    "kg_manganese": "kilogram of manganese content",
    "kg_tobacco": "kilogram of tobacco content",
    "kg_anhydrous_morphine": "kilogram of anhydrous morphine content",
    "l": "litre (a hectolitre is per_quantity 100)",
    "liter_proof": "US proof litre (a litre at 50% alcohol by volume)",
    "liter_alcohol_100pct": "litre of pure alcohol (1 % vol per hl = 1 litre of pure alcohol)",
    "m3": "cubic metre",
    "barrel": "barrel (US oil barrel, 42 US gallons)",
    "item": "number of items (each, piece, article, stick, p/st, 台, 个)",
    "pair": "pair",
    "dozen": "dozen",
    "gross": "gross (144 items)",
    "head": "head of livestock",
    "jewel": "jewel of a watch movement",
    "carat": "metric carat",
    "m": "metre (linear)",
    "m2": "square metre",
    "kwh": "kilowatt hour",
}
"""The normalised unit codes used in :attr:`Specific.unit`, with what the caller must measure."""

_ONE: Final = Decimal(1)


def _phrases(unit: str, factor: Decimal, *phrases: str) -> dict[str, tuple[str, Decimal]]:
    return dict.fromkeys(phrases, (unit, factor))


UNIT_PHRASES: Final[dict[str, tuple[str, Decimal]]] = {
    **_phrases(
        "kg", _ONE, "kg", "kgs", "kilogram", "kilograms", "kg/net", "kg net", "千克", "公斤"
    ),
    **_phrases("kg", _ONE, "kg on entire contents of container", "kg/net/net"),
    **_phrases("kg", Decimal(1000), "t", "tonne", "tonnes", "metric ton", "吨"),
    **_phrases("g", _ONE, "g", "gram", "grams", "克"),
    **_phrases(
        "kg_gross",
        _ONE,
        "kg/gross",
        "kg gross",
        "kg/br",
        "kg br",
        "kg on contents and container",
        "kg including weight of container",
    ),
    **_phrases("kg_gross", Decimal(1000), "t including weight of container"),
    **_phrases(
        "kg_drained",
        _ONE,
        "kg on drained weight",
        "kg on drained weght",
        "kg drained weight",
        "kg/net drained wt",
        "kg/net drained weight",
        "kg/net eda",
        "kg eda",
        "kg/eda",
    ),
    **_phrases("kg_dry_matter", _ONE, "kg/net dry", "kg mas", "kg/net mas", "kg/mas"),
    **_phrases("kg_lactic_matter", _ONE, "kg/lactic matter", "kg lactic matter"),
    **_phrases("kg_dry_lactic_matter", _ONE, "kg/dry lactic matter"),
    **_phrases("kg_total_alcohol", _ONE, "kg/tot alc", "kg tot alc"),
    **_phrases("kg_standard_quality", _ONE, "kg/std qual", "kg std qual"),
    **_phrases(
        "kg_sucrose",
        Decimal("0.01"),
        "kg/net/% sacchar",
        "kg/net/%sacchar",
        "kg net/% sacchar",
        "kg/% sacchar",
    ),
    **_phrases("kg_total_sugars", _ONE, "kg of total sugars"),
    **_phrases("kg_total_soluble_solids", _ONE, "kg tss", "kg of total soluble solids"),
    **_phrases("kg_clean", _ONE, "clean kg"),
    **_phrases("kg_anhydrous_morphine", _ONE, "kg of anhydrous morphine content"),
    **_phrases("l", _ONE, "l", "liter", "liters", "litre", "litres", "升"),
    **_phrases("l", Decimal(100), "hl", "hectolitre", "hectoliter", "hectolitres"),
    **_phrases(
        "liter_proof",
        _ONE,
        "pf liter",
        "pf liters",
        "proof liter",
        "proof liters",
        "pf liter on ethyl alcohol content",
    ),
    **_phrases(
        "liter_alcohol_100pct",
        _ONE,
        "l of alcohol",
        "liter of alcohol",
        "litre of alcohol",
        "l alc 100%",
        "% vol/hl",
        "%vol/hl",
    ),
    **_phrases("m3", _ONE, "m3", "m³", "cubic meter", "cubic metre", "立方米"),
    **_phrases("barrel", _ONE, "bbl", "barrel", "barrels"),
    **_phrases(
        "item",
        _ONE,
        "",
        "each",
        "item",
        "items",
        "article",
        "articles",
        "p/st",
        "st",
        "pce",
        "pcs",
        "piece",
        "pieces",
        "stick",
        "sticks",
        "pins",
        "u",
        "台",
        "个",
        "件",
        "只",
        "辆",
    ),
    **_phrases("item", Decimal(1000), "thousand"),
    **_phrases("pair", _ONE, "pr", "prs", "pair", "pairs", "pa", "双"),
    **_phrases("dozen", _ONE, "doz", "dozen"),
    **_phrases("gross", _ONE, "gross"),
    **_phrases("head", _ONE, "head", "头"),
    **_phrases("jewel", _ONE, "jewel"),
    **_phrases("carat", _ONE, "carat", "carats", "ct", "克拉"),
    **_phrases("m", _ONE, "m", "lin m", "linear meter", "linear metre", "米"),
    **_phrases("m2", _ONE, "m2", "m²", "square meter", "square metre", "平方米"),
    **_phrases("m2", _ONE, "m2 of recording surface"),
    **_phrases("kwh", _ONE, "kwh"),
}
"""Printed unit phrase -> (unit code, factor). Phrases are normalised first: lower case, dots and
commas as spaces, no spaces around ``/``. A leading quantity multiplies the factor: ``100 kg`` ->
per 100 kg, ``hl`` -> per 100 l, ``100 kg/net/% sacchar.`` -> per 1 kg_sucrose."""

_CONTENT_SUBSTANCES: Final = frozenset(
    {"copper", "lead", "zinc", "tungsten", "molybdenum", "magnesium", "manganese", "tobacco"}
)

AGRICULTURAL_COMPONENTS: Final[frozenset[str]] = frozenset(
    {"EA", "EAR", "ADSZ", "ADSZR", "ADFM", "ADFMR", "AD S/Z", "AD F/M", "AD S/Z R", "AD F/M R"}
)
"""EU agricultural components: amounts fixed by the goods' composition (milk fat, milk proteins,
starch, sugar) in Annex 1 tables. They are recognised, but make an expression only partly parsed."""

MAXIMUM_TEXT_LENGTH: Final = 2000
"""Longer texts are returned unparsed without being examined (no real rate text comes close)."""

_NUMBER: Final = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s+\d+/\d+)?|\.\d+"
_FREE_WORDS: Final = frozenset({"free", "duty free", "免税"})
_DOLLAR_CURRENCIES: Final = frozenset(
    {"USD", "AUD", "CAD", "NZD", "SGD", "HKD", "TWD", "FJD", "BND", "MXN"}
)
_CURRENCY_WORDS: Final[dict[str, str]] = {
    "eur": "EUR",
    "€": "EUR",
    "gbp": "GBP",
    "£": "GBP",
    "usd": "USD",
    "aud": "AUD",
    "cad": "CAD",
    "nzd": "NZD",
    "chf": "CHF",
    "jpy": "JPY",
    "krw": "KRW",
    "sgd": "SGD",
    "hkd": "HKD",
    "cny": "CNY",
    "rmb": "CNY",
    "元": "CNY",
    "人民币": "CNY",
}
_CENT_WORDS: Final = frozenset({"¢", "c", "cent", "cents"})
_PENCE_WORDS: Final = frozenset({"p", "pence"})

_AD_VALOREM: Final = re.compile(
    rf"(?P<number>{_NUMBER})\s*(?:%|percent|per\s*cent)(?:\s+(?P<basis>(?:on|of)\s+.+))?",
    re.IGNORECASE,
)
_SPECIFIC: Final = re.compile(
    rf"(?P<prefix>[$£€])?\s*(?P<number>{_NUMBER})(?P<space>\s*)"
    r"(?P<suffix>¢|cents?|c|pence|p|eur|gbp|usd|aud|cad|nzd|chf|jpy|krw|sgd|hkd|cny|rmb|€|£|元|人民币)?"
    r"\s*(?P<rest>(?:/|per\s|each\b).*)",
    re.IGNORECASE,
)
_BARE_NUMBER: Final = re.compile(rf"(?P<number>{_NUMBER})")
_SLIDING_SCALE: Final = re.compile(
    r"(?P<base>.+?)\s+less\s+.+?\s+for each degree under 100 degrees"
    r"(?:\s*\(and fractions of a degree in proportion\))?",
    re.IGNORECASE,
)
_ALCOHOL_ABOVE_THRESHOLD: Final = re.compile(
    rf"(?P<base>.+?),?\s*calculated on that alcohol content by which the percentage by volume"
    rf" of alcohol of the goods exceeds {_NUMBER}",
    re.IGNORECASE,
)
_CONTENT_UNIT: Final = re.compile(r"kg (?:on|of) (?:the )?(?P<substance>[a-z]+) content")
_BOUND_SEPARATOR: Final = re.compile(
    r"\s*(?:\b(?P<minimum>MIN|min|minimum|Minimum)\b|\b(?P<maximum>MAX|max|maximum|Maximum)\b"
    r"|,?\s*but not less(?: than)?\s|,?\s*but not more than\s|,?\s*but not to exceed\s"
    r"|,\s*or,?\s*if lower,?\s|,\s*or,?\s*if higher,?\s)\s*",
)
_TERM_SEPARATOR: Final = re.compile(r"\s*\+\s*|\s+plus\s+|,\s*and\s+", re.IGNORECASE)
_BASES_OF_WHOLE_VALUE: Final = frozenset(
    {
        "the entire set",
        "the full value of the imported article",
        "the value of the goods",
        "value",
        "the value",
        "full value",
        "the full value",
    }
)
_US_PROGRAM: Final = r"[A-Z]{1,2}[+*]?"
_US_PROGRAMS: Final = re.compile(
    rf"\(\s*({_US_PROGRAM}(?:[\s,.]*,[\s,.]*{_US_PROGRAM}|\s+{_US_PROGRAM})*)\s*\)"
)
_AUSTRALIAN_CODE: Final = r"(?:NZ|PG|FI|DC|LDC|SG)"
_AUSTRALIAN_CATEGORY: Final = re.compile(
    rf"\s*\b(?P<codes>DCS|DCT|DTC|CA|MY|DC|{_AUSTRALIAN_CODE}(?:\s*/\s*{_AUSTRALIAN_CODE})+)"
    r"\s*(?=\$|\d|Free)"
)
_CJK: Final = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


class _NotUnderstood(Exception):
    """Raised inside the parser when a fragment does not match the grammar."""


@dataclass(frozen=True)
class _Component:
    part: DutyComponent | None
    """The component, or None for a recognised but uncomputable marker (``EA``)."""
    computable: bool


def parse_duty_expression(
    text: str, *, currency: str | None = None, bare_number_is_percent: bool = False
) -> DutyExpression:
    """Return the structured form of a printed rate text; never raises on any ``text``.

    ``currency`` is the schedule's currency (``"GBP"``), used for amounts printed without one and
    for ``$`` and ``¢`` when it is a dollar currency (``$`` and ``¢`` mean USD otherwise).
    ``bare_number_is_percent`` reads a number without a unit as a percentage, for columns whose
    convention says so (China's agreement rates print ``8.4`` for 8.4%). A text that cannot be
    structured comes back with ``unparsed`` = ``text``, no terms and ``free=False``.
    """
    schedule_currency = _checked_currency(currency)
    if not isinstance(text, str):
        return _text_only(str(text))
    return _parse_cached(text, schedule_currency, bare_number_is_percent)


def parse_us_special_column(text: str) -> list[tuple[DutyExpression, tuple[str, ...]]]:
    """Split a US HTS "Special" cell into (expression, program codes) pairs, in printed order.

    ``"3.4% (KR) 5% (AU)"`` -> ``[(3.4%, ("KR",)), (5%, ("AU",))]``. A rate printed without a
    program list (``"No change"``) has an empty tuple; cross-references (``See 9822.04.40 (AU)``)
    come back unparsed with their programs. Never raises; an empty cell gives ``[]``.
    """
    if not isinstance(text, str):
        return []
    return list(_parse_special_cached(text))


def parse_australian_duty_rate(text: str) -> list[tuple[DutyExpression, tuple[str, ...]]]:
    """Split an Australian Schedule 3 duty cell into (expression, preference categories) pairs.

    The ABF scrape joins the general rate and the category rates: ``"5% DCS4% CAFree DCT5%"`` ->
    ``[(5%, ()), (4%, ("DCS",)), (Free, ("CA",)), (5%, ("DCT",))]``; ``$`` is AUD. A cell with
    phased rates (``"5% From1July2018 3.75% From1July2019 Free"``) is one unparsed expression,
    since the scrape does not say which category a phase belongs to. Never raises.
    """
    if not isinstance(text, str):
        return []
    return list(_parse_australian_cached(text))


def _checked_currency(currency: str | None) -> str | None:
    if currency is None:
        return None
    if not isinstance(currency, str) or re.fullmatch(r"[A-Za-z]{3}", currency.strip()) is None:
        raise InvalidInputError(
            f"currency {currency!r} is not an ISO 4217 code; pass three letters such as 'GBP'"
        )
    return currency.strip().upper()


@lru_cache(maxsize=65536)
def _parse_cached(text: str, currency: str | None, bare_number_is_percent: bool) -> DutyExpression:
    try:
        return _parse(text, currency, bare_number_is_percent)
    except Exception:  # the contract: any text gives an expression, never an exception
        return _text_only(text)


@lru_cache(maxsize=16384)
def _parse_special_cached(text: str) -> tuple[tuple[DutyExpression, tuple[str, ...]], ...]:
    try:
        return _parse_special(text)
    except Exception:  # never raise on a cell; keep it whole and unparsed
        return ((_text_only(text), ()),)


@lru_cache(maxsize=4096)
def _parse_australian_cached(text: str) -> tuple[tuple[DutyExpression, tuple[str, ...]], ...]:
    try:
        return _parse_australian(text)
    except Exception:  # never raise on a cell; keep it whole and unparsed
        return ((_text_only(text), ()),)


def _text_only(text: str) -> DutyExpression:
    return DutyExpression(text=text, unparsed=text)


def _normalise(text: str) -> str:
    """NFKC (full-width forms), invisible spaces removed, whitespace collapsed; none in Chinese."""
    cleaned = unicodedata.normalize("NFKC", text).replace("\u200b", "").replace("\ufeff", "")
    if _CJK.search(text):
        return re.sub(r"\s+", "", cleaned)
    return re.sub(r"\s+", " ", cleaned).strip()


def _parse(text: str, currency: str | None, bare_number_is_percent: bool) -> DutyExpression:
    if len(text) > MAXIMUM_TEXT_LENGTH:
        return _text_only(text)
    normalised = _normalise(text)
    if normalised.casefold() in _FREE_WORDS:
        return DutyExpression(text=text, free=True)
    try:
        clauses = _split_bounds(normalised)
        parsed = {
            kind: [_parse_component(part, currency, bare_number_is_percent) for part in parts]
            for kind, parts in clauses.items()
        }
    except _NotUnderstood:
        return _text_only(text)

    def parts_of(kind: str) -> tuple[DutyComponent, ...]:
        return tuple(item.part for item in parsed.get(kind, []) if item.part is not None)

    terms = parts_of("main")
    minimum = parts_of("minimum") if "minimum" in parsed else None
    maximum = parts_of("maximum") if "maximum" in parsed else None
    computable = all(item.computable for items in parsed.values() for item in items)
    if not computable:
        return DutyExpression(
            text=text, terms=terms, minimum=minimum, maximum=maximum, unparsed=text
        )
    if _is_zero(terms) and (minimum is None or _is_zero(minimum)):
        return DutyExpression(text=text, free=True)
    return DutyExpression(text=text, terms=terms, minimum=minimum, maximum=maximum)


def _is_zero(parts: tuple[DutyComponent, ...]) -> bool:
    return all(
        (part.percent if isinstance(part, AdValorem) else part.amount) == 0 for part in parts
    )


def _split_bounds(text: str) -> dict[str, list[str]]:
    """``"8% MIN 2.5 EUR/100 kg"`` -> ``{"main": ["8%"], "minimum": ["2.5 EUR/100 kg"]}``."""
    clauses: dict[str, list[str]] = {}
    kind = "main"
    position = 0
    for match in _BOUND_SEPARATOR.finditer(text):
        _add_clause(clauses, kind, text[position : match.start()])
        separator = match.group(0).casefold()
        if match.group("minimum") or "less" in separator or "higher" in separator:
            kind = "minimum"
        else:
            kind = "maximum"
        position = match.end()
    _add_clause(clauses, kind, text[position:])
    if "main" not in clauses:
        raise _NotUnderstood(text)
    return clauses


def _add_clause(clauses: dict[str, list[str]], kind: str, clause: str) -> None:
    if kind in clauses:
        raise _NotUnderstood(f"two {kind} clauses")
    parts = [part.strip() for part in _TERM_SEPARATOR.split(clause.strip())]
    if not parts or any(not part for part in parts):
        raise _NotUnderstood(clause)
    clauses[kind] = parts


def _parse_component(text: str, currency: str | None, bare_number_is_percent: bool) -> _Component:
    if text in AGRICULTURAL_COMPONENTS:
        return _Component(part=None, computable=False)
    if match := _AD_VALOREM.fullmatch(text):
        basis = _value_basis(match.group("basis"))
        part = AdValorem(percent=_decimal(match.group("number")), basis=basis)
        return _Component(part=part, computable=basis is None)
    if match := _SPECIFIC.fullmatch(text):
        try:
            return _Component(part=_specific(match, currency), computable=True)
        except _NotUnderstood:
            pass  # may still be a sliding scale ("3.6606¢/kg less 0.020668¢/kg for each degree")
    if bare_number_is_percent and (match := _BARE_NUMBER.fullmatch(text)):
        return _Component(part=AdValorem(percent=_decimal(match.group("number"))), computable=True)
    for qualified in (_SLIDING_SCALE, _ALCOHOL_ABOVE_THRESHOLD):
        if match := qualified.fullmatch(text):
            base = _parse_component(match.group("base"), currency, bare_number_is_percent)
            if isinstance(base.part, Specific) and base.computable:
                return _Component(part=base.part, computable=False)
    raise _NotUnderstood(text)


def _value_basis(phrase: str | None) -> str | None:
    """``"on the case"`` -> ``"the case"``; whole-value words (``"on the entire set"``): None."""
    if phrase is None:
        return None
    basis = re.sub(r"^(?:on|of)\s+", "", phrase, flags=re.IGNORECASE).strip()
    if re.search(r"[\d$€£¥¢]", basis):
        raise _NotUnderstood(phrase)  # "120% of value or USD 100 per item" is not a basis
    if basis.casefold() in _BASES_OF_WHOLE_VALUE:
        return None
    return basis


def _specific(match: re.Match[str], currency: str | None) -> Specific:
    prefix = match.group("prefix") or ""
    suffix = (match.group("suffix") or "").casefold()
    amount = _decimal(match.group("number"))
    rest = match.group("rest").strip()
    if rest.casefold().startswith("per "):
        rest = rest[4:]
    elif rest.startswith("/"):
        rest = rest[1:]
    if suffix in {"c", "p"} and match.group("space"):
        raise _NotUnderstood(f"detached {suffix!r} is not cents or pence")  # "12 p/st" = per piece
    amount_currency = _amount_currency(prefix, suffix, currency)
    if suffix in _CENT_WORDS or suffix in _PENCE_WORDS:
        amount = amount.scaleb(-2)
    unit, per_quantity = _unit(rest)
    return Specific(amount=amount, currency=amount_currency, per_quantity=per_quantity, unit=unit)


def _amount_currency(prefix: str, suffix: str, currency: str | None) -> str:
    dollar = currency if currency in _DOLLAR_CURRENCIES else "USD"
    if prefix == "$" or suffix == "$":
        if suffix and suffix not in _CENT_WORDS:
            raise _NotUnderstood(f"{prefix}{suffix}")
        return dollar
    if suffix in _CENT_WORDS:
        if prefix:
            raise _NotUnderstood(f"{prefix}{suffix}")
        return currency or "USD"
    if suffix in _PENCE_WORDS:
        if prefix not in {"", "£"}:
            raise _NotUnderstood(f"{prefix}{suffix}")
        return "GBP"
    named = {_CURRENCY_WORDS[word] for word in (prefix.casefold(), suffix) if word}
    if len(named) > 1:
        raise _NotUnderstood(f"{prefix}{suffix}")
    if named:
        return named.pop()
    if currency is None:
        raise _NotUnderstood("no currency printed and none given for the schedule")
    return currency


def _unit(phrase: str) -> tuple[str, Decimal]:
    """``"100 kg / net drained wt"`` -> ``("kg_drained", Decimal(100))``."""
    text = unicodedata.normalize("NFKC", phrase).strip().casefold()
    quantity = _ONE
    if match := re.match(r"(\d{1,3}(?:,\d{3})+|\d+)(?![\d.])\s*", text):
        quantity = Decimal(match.group(1).replace(",", ""))
        text = text[match.end() :]
    text = re.sub(r"(?<!\d)\.|\.(?!\d)|,", " ", text)
    text = re.sub(r"\s*/\s*", "/", text)
    text = re.sub(r"\s+", " ", text).strip()
    if text in UNIT_PHRASES:
        unit, factor = UNIT_PHRASES[text]
    elif (match := _CONTENT_UNIT.fullmatch(text)) and match.group(
        "substance"
    ) in _CONTENT_SUBSTANCES:
        unit, factor = f"kg_{match.group('substance')}", _ONE
    else:
        raise _NotUnderstood(phrase)
    if quantity == 0 or (text == "" and quantity == _ONE):
        raise _NotUnderstood(phrase)
    per_quantity = quantity * factor
    if per_quantity == per_quantity.to_integral_value():
        per_quantity = per_quantity.to_integral_value()  # 100 x 0.01 -> 1, not 1.00
    return unit, per_quantity


def _decimal(number: str) -> Decimal:
    """``"1,000.5"`` -> 1000.5; ``"33 1/3"`` -> 33.333... (28 significant digits)."""
    whole, _, fraction = number.replace(",", "").partition(" ")
    value = Decimal(whole)
    if fraction:
        numerator, _, denominator = fraction.partition("/")
        if Decimal(denominator) == 0:
            raise _NotUnderstood(number)
        value += Decimal(numerator) / Decimal(denominator)
    return value


def _parse_special(text: str) -> tuple[tuple[DutyExpression, tuple[str, ...]], ...]:
    cell = re.sub(r"\s+", " ", text.replace("\u200b", "")).strip()
    if not cell:
        return ()
    groups: list[tuple[DutyExpression, tuple[str, ...]]] = []
    position = 0
    for match in _US_PROGRAMS.finditer(cell):
        rate = cell[position : match.start()].strip()
        programs = tuple(code for code in re.split(r"[\s,.]+", match.group(1)) if code)
        groups.append((parse_duty_expression(rate, currency="USD"), programs))
        position = match.end()
    rest = cell[position:].strip()
    if rest:
        groups.append((parse_duty_expression(rest, currency="USD"), ()))
    return tuple(groups)


def _parse_australian(text: str) -> tuple[tuple[DutyExpression, tuple[str, ...]], ...]:
    cell = re.sub(r"\s+", " ", text.replace("\u200b", "")).strip()
    if not cell:
        return ()
    if re.search(r"\bFrom\s*\d", cell):
        return ((_text_only(text), ()),)
    groups: list[tuple[DutyExpression, tuple[str, ...]]] = []
    codes: tuple[str, ...] = ()
    position = 0
    for match in _AUSTRALIAN_CATEGORY.finditer(cell):
        groups.append(
            (parse_duty_expression(cell[position : match.start()], currency="AUD"), codes)
        )
        codes = tuple(code.strip() for code in match.group("codes").split("/"))
        position = match.end()
    groups.append((parse_duty_expression(cell[position:], currency="AUD"), codes))
    return tuple(groups)
