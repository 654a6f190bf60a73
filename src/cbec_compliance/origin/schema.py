"""Rule-pack kind ``origin-agreement``: one trade agreement's rules of origin as data.

``rules/origin/<ID>/pack.toml`` holds the agreement (id, title, parties with dates, the HS edition
its product-specific rules are written in), its general rules (tolerance, value-content formula,
cumulation, insufficient operations, direct transport) and the proofs of origin it accepts, every
one with sources. ``psr.csv`` holds the product-specific rules:

``code_from,code_to,subdivision,rule,original,reference``

- ``code_from``/``code_to``: HS codes (2 to 10 digits) bounding the products the row covers;
- ``subdivision``: text naming a part of the range with its own rule (blank when none);
- ``rule``: the rule in the grammar of :mod:`cbec_compliance.origin.grammar`, or blank when the
  original text could not be put into the grammar (then the row is kept as text only and the
  engine reports it as a condition for the user to check);
- ``original``: the rule as the source writes it; ``reference``: page or annex reference.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, ClassVar, Literal

from pydantic import Field, model_validator

from cbec_compliance.errors import RuleDataError
from cbec_compliance.rules.registry import LoadedPack, register_table_checker
from cbec_compliance.rules.schema import Dated, PackContent, RuleModel, register_pack_kind

__all__ = [
    "PSR_COLUMNS",
    "Agreement",
    "Cumulation",
    "OriginAgreementPack",
    "Party",
    "Proof",
    "Tolerance",
    "ValueContent",
]

PSR_COLUMNS = ("code_from", "code_to", "subdivision", "rule", "original", "reference")
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]


class Party(RuleModel):
    """A party to the agreement from ``valid_from`` (its entry into force for that party)."""

    country: CountryCode
    valid_from: date
    valid_to: date | None = None
    note: str | None = None

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


class Tolerance(Dated):
    """De minimis: non-originating materials that fail a change-of-classification rule are
    disregarded when their total is at most ``percent`` of ``base``."""

    article: str
    percent: Annotated[Decimal, Field(ge=0, le=100)]
    base: Literal["FOB", "EXW", "customs_value"]
    weight_chapters: tuple[Annotated[str, Field(pattern=r"^\d\d$")], ...] = Field(
        default=(),
        description="Chapters where a weight test (weight_percent of the good's weight) is "
        "allowed as well as the value test.",
    )
    weight_percent: Annotated[Decimal, Field(ge=0, le=100)] | None = None
    value_excluded_chapters: tuple[Annotated[str, Field(pattern=r"^\d\d$")], ...] = Field(
        default=(),
        description="Chapters where the value tolerance does not apply (the agreement sets a "
        "weight rule or textile notes the pack does not model): the engine then says unknown.",
    )
    counts_in_value_content: bool = Field(
        default=True,
        description="The disregarded materials still count as non-originating in RVC/MaxNOM.",
    )
    note: str | None = None


class ValueContent(Dated):
    """How RVC is computed: the base and the methods the exporter may choose from."""

    article: str
    base: Literal["FOB", "EXW", "customs_value", "transaction_value"]
    methods: Annotated[
        tuple[Literal["build-down", "build-up", "net-cost"], ...], Field(min_length=1)
    ]
    build_up_adds: tuple[Literal["direct_labour", "direct_overhead", "profit", "other"], ...] = (
        Field(
            default=(), description="Costs added to originating materials in the build-up formula."
        )
    )
    undetermined_origin_is_non_originating: bool = True
    note: str | None = None


class Cumulation(Dated):
    """Materials originating in another party count as originating in the exporting party."""

    article: str
    kind: Literal["bilateral", "diagonal", "full", "none"]
    countries: tuple[CountryCode, ...] = Field(
        default=(), description="Extra countries whose materials cumulate (empty = the parties)."
    )
    note: str | None = None


class Proof(Dated):
    """A proof of origin the agreement accepts."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9\-]+$")]
    title: str
    article: str | None = None
    note: str | None = None


class GeneralRule(Dated):
    """A general rule kept as text (insufficient operations, direct transport, ...)."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9\-]+$")]
    article: str
    text: str


class Agreement(Dated):
    """The agreement: stable id, parties and the nomenclature its product rules use."""

    id: Annotated[str, Field(pattern=r"^[A-Z0-9][A-Z0-9\-]*$")]
    title: str
    hs_edition: Annotated[str, Field(pattern=r"^HS(19|20)\d\d$")]
    parties: Annotated[tuple[Party, ...], Field(min_length=2)]
    bilateral_with: CountryCode | None = Field(
        default=None,
        description="For bilateral schemes: the one party on the other side (GB for UK schemes); "
        "exporter and importer must then be this country and another party.",
    )
    psr_note: str | None = None
    tariff_markers: tuple[str, ...] = Field(
        default=(),
        description="How national tariff packs name this agreement's preferential rates: a "
        "measure origin such as 'program:KR' (US HTS special program) or text found in the "
        "measure's note ('China-Korea Free Trade Agreement').",
    )


@register_pack_kind
class OriginAgreementPack(PackContent):
    """``pack.toml`` of kind ``origin-agreement``."""

    kind_name: ClassVar[str] = "origin-agreement"
    agreement: Agreement
    tolerance: tuple[Tolerance, ...] = ()
    value_content: tuple[ValueContent, ...] = ()
    cumulation: tuple[Cumulation, ...] = ()
    proofs: tuple[Proof, ...] = ()
    general_rules: tuple[GeneralRule, ...] = ()

    @model_validator(mode="after")
    def _psr_table(self) -> OriginAgreementPack:
        files = [table.file for table in self.pack.tables]
        if files not in (["psr.csv"], ["psr.csv.gz"]):
            raise ValueError("pack.tables must declare exactly one table, psr.csv or psr.csv.gz")
        return self

    @property
    def psr_file(self) -> str:
        return self.pack.tables[0].file


def _check_psr(pack: LoadedPack) -> None:
    from cbec_compliance.origin.grammar import parse_rule

    content = pack.content_as(OriginAgreementPack)
    path = pack.folder / content.psr_file
    for line, row in pack.table_rows(content.psr_file):
        for column in ("code_from", "code_to"):
            value = row[column]
            if not (value.isdigit() and 2 <= len(value) <= 10):
                raise RuleDataError(f"{path}:{line}: {column} {value!r} must be 2-10 digits")
        if row["code_to"] < row["code_from"][: len(row["code_to"])]:
            raise RuleDataError(f"{path}:{line}: code_to is before code_from")
        if row["rule"]:
            try:
                parse_rule(row["rule"])
            except Exception as error:
                raise RuleDataError(f"{path}:{line}: {error}") from None
        elif not row["original"]:
            raise RuleDataError(f"{path}:{line}: a row needs a rule or its original text")


register_table_checker(OriginAgreementPack.kind_name, _check_psr)
