"""The one rule-pack schema.

Every pack is a folder under ``rules/`` holding a ``pack.toml`` (and, for large generated tables,
CSV files beside it). ``pack.toml`` starts with a ``[pack]`` table (:class:`PackHeader`): identity,
kind, validity dates and sources. The rest of the file is checked by the model registered for
the pack's ``kind`` in :data:`PACK_KINDS`. All models are frozen and reject unknown fields.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "PACK_KINDS",
    "CatchAllCode",
    "CsvTable",
    "Dated",
    "GeneratedFrom",
    "HsCorrelationPack",
    "HsEdition",
    "HsEditionName",
    "HsNomenclaturePack",
    "PackContent",
    "PackHeader",
    "RuleModel",
    "Source",
    "UpstreamFile",
    "pack_json_schema",
    "register_pack_kind",
]


class RuleModel(BaseModel):
    """Base of every rule model: immutable, unknown fields rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(RuleModel):
    """Where a fact comes from: an official text, page or dataset."""

    title: Annotated[str, Field(min_length=3)]
    url: Annotated[str, Field(pattern=r"^https?://\S+$")]
    retrieved: date
    note: str | None = None


class Dated(RuleModel):
    """A rule in force from ``valid_from`` to ``valid_to`` inclusive, with its sources."""

    valid_from: date
    valid_to: date | None = None
    sources: Annotated[tuple[Source, ...], Field(min_length=1)]

    @model_validator(mode="after")
    def _dates_in_order(self) -> Dated:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError(
                f"valid_to {self.valid_to} is before valid_from {self.valid_from}; "
                "valid_to is the last day the rule applies"
            )
        return self

    def in_force(self, on: date) -> bool:
        """True when the rule applies on the given day."""
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


class UpstreamFile(RuleModel):
    """An input file of a generated table: the repository and commit it was taken from."""

    file: str
    repository: str
    commit: str | None = None
    licence: str


class GeneratedFrom(RuleModel):
    """How a generated table was made, so that anyone can regenerate and diff it."""

    script: str
    upstream: Annotated[tuple[UpstreamFile, ...], Field(min_length=1)]


class CsvTable(RuleModel):
    """A CSV file of the pack: its name and the exact header row it must have."""

    file: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.\-]+\.csv(\.gz)?$")]
    columns: Annotated[tuple[str, ...], Field(min_length=1)]
    rows: int | None = Field(default=None, ge=0, description="Row count, checked when given.")


class PackHeader(Dated):
    """The ``[pack]`` table at the top of every ``pack.toml``."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_\-]*(/[A-Za-z0-9][A-Za-z0-9_\-]*)*$")]
    kind: str
    title: Annotated[str, Field(min_length=3)]
    licence: str
    generated: GeneratedFrom | None = None
    tables: tuple[CsvTable, ...] = ()
    reviewed: date | None = Field(
        default=None, description="Last day a person checked the pack against its sources."
    )


class PackContent(RuleModel):
    """Base for a kind's model: the whole ``pack.toml`` including the header."""

    kind_name: ClassVar[str] = ""
    required_tables: ClassVar[tuple[str, ...]] = ()
    pack: PackHeader

    @model_validator(mode="after")
    def _kind_and_tables(self) -> PackContent:
        if self.pack.kind != self.kind_name:
            raise ValueError(f"pack.kind is {self.pack.kind!r}, expected {self.kind_name!r}")
        present = {table.file for table in self.pack.tables}
        missing = [name for name in self.required_tables if name not in present]
        if missing:
            raise ValueError(f"pack.tables must declare {', '.join(missing)}")
        return self


PACK_KINDS: dict[str, type[PackContent]] = {}


def register_pack_kind(model: type[PackContent]) -> type[PackContent]:
    """Class decorator: make ``model`` the validator for packs of ``model.kind_name``."""
    if not model.kind_name or model.kind_name in PACK_KINDS:
        raise ValueError(f"pack kind {model.kind_name!r} is empty or already registered")
    PACK_KINDS[model.kind_name] = model
    return model


HsEditionName = Annotated[str, Field(pattern=r"^HS(19|20)\d\d$")]


class HsEdition(RuleModel):
    """An HS edition and the day it entered into force (and left it, when superseded)."""

    name: HsEditionName
    in_force_from: date
    in_force_to: date | None = None


@register_pack_kind
class HsNomenclaturePack(PackContent):
    """Descriptions and hierarchy of one HS edition (``nomenclature.csv``)."""

    kind_name: ClassVar[str] = "hs-nomenclature"
    required_tables: ClassVar[tuple[str, ...]] = ("nomenclature.csv",)
    edition: HsEdition
    sections_table: str = "sections.csv"


class CatchAllCode(RuleModel):
    """A code that correlates with very many codes of the other edition for a narrow reason.

    The link is partial: only part of the other code's goods (for example their waste and scrap)
    moved. Conversions keep such links as review notes instead of making every conversion n:n.
    """

    edition: HsEditionName
    codes: Annotated[tuple[str, ...], Field(min_length=1)]
    reason: Annotated[str, Field(min_length=10)]
    applies_when: Annotated[str, Field(min_length=5)]

    @field_validator("codes")
    @classmethod
    def _six_digits(cls, codes: tuple[str, ...]) -> tuple[str, ...]:
        for code in codes:
            if not (code.isdigit() and len(code) in (4, 6)):
                raise ValueError(f"catch-all code {code!r} must be 4 or 6 digits")
        return codes


@register_pack_kind
class HsCorrelationPack(PackContent):
    """A correlation table between two HS editions (``correlation.csv``: from_code,to_code)."""

    kind_name: ClassVar[str] = "hs-correlation"
    required_tables: ClassVar[tuple[str, ...]] = ("correlation.csv",)
    from_edition: HsEditionName
    to_edition: HsEditionName
    catch_all: tuple[CatchAllCode, ...] = ()

    @model_validator(mode="after")
    def _editions_differ(self) -> HsCorrelationPack:
        if self.from_edition == self.to_edition:
            raise ValueError("from_edition and to_edition must differ")
        for entry in self.catch_all:
            if entry.edition not in (self.from_edition, self.to_edition):
                raise ValueError(
                    f"catch_all edition {entry.edition} is neither {self.from_edition} "
                    f"nor {self.to_edition}"
                )
        return self


def pack_json_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) accepting any registered pack kind, for editors."""
    definitions: dict[str, Any] = {}
    variants: list[dict[str, Any]] = []
    for name, model in sorted(PACK_KINDS.items()):
        schema = model.model_json_schema(ref_template="#/$defs/{model}")
        definitions.update(schema.pop("$defs", {}))
        title = schema.get("title", name)
        definitions[title] = schema
        variants.append({"$ref": f"#/$defs/{title}"})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://cbec-compliance.invalid/schema/rule-pack.json",
        "title": "cbec_compliance rule pack (pack.toml)",
        "oneOf": variants,
        "$defs": definitions,
    }
