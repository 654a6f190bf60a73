"""Rule-pack kinds for national tariffs: schedules (lines + measures) and measure-only packs.

A tariff pack is ``rules/tariffs/<REGION>/<schedule>/`` with ``pack.toml`` and CSV tables:

``lines.csv`` (``tariff-schedule`` only): ``code,parent,description,unit,hs6``
    every node of the national nomenclature, from chapter to the most detailed line; ``parent`` is
    the code of the node above (empty for chapters); ``unit`` the statistical unit where the
    schedule gives one; ``hs6`` the 6-digit HS subheading (empty above the 6-digit level).

``measures.csv``: ``code,measure_type,origin,excluded_origins,expression,valid_from,``
``valid_to,legal_source,note``
    one row per measure. A measure on a code applies to every line below it. ``origin`` is
    ``erga_omnes``, an ISO 3166 alpha-2 code (``CN``), ``group:<id>`` or ``program:<code>`` (US
    Special column programs such as ``program:AU``); ``excluded_origins`` a ``;``-separated list;
    ``expression`` the rate text exactly as the schedule prints it (parsed at load time, never
    dropped); dates ISO (``valid_to`` empty when open-ended); ``legal_source`` the ``id`` of an
    entry of ``[[legal_sources]]`` in ``pack.toml``.

    Extensions (optional; packs without them stay valid):

    * ``code`` may be ``*``: the measure applies to every line of the schedule (US Section 122,
      for example); codes need not be lines of the schedule: a measure on ``850760`` applies to
      every line whose code starts with those digits.
    * ``excluded_origins`` may name groups (``group:EU``) as well as countries.
    * two more columns may follow the nine: ``condition``, text saying which goods of the code
      the measure is limited to when that is narrower than the code (``only if steel >= 15% of
      weight``; empty when it covers all goods of the code), and ``suspends``, ``;``-separated
      ``legal_source`` ids of the measures an ``exclusion`` row cancels for its goods. An
      exclusion without a condition cancels them automatically; with a condition it is reported
      beside them, since only the importer can tell whether the goods qualify.

``origin_groups.csv`` (optional, any tariff kind): ``group,country,valid_from,valid_to,note``
    members of the ``group:<id>`` origins used by the pack's measures, each with the days it
    belongs (``valid_from`` empty: member since before the pack's data; ``valid_to`` inclusive,
    empty when open-ended).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, ClassVar

from pydantic import Field, model_validator

from cbec_compliance.rules.schema import (
    HsEditionName,
    PackContent,
    RuleModel,
    Source,
    register_pack_kind,
)

__all__ = [
    "GROUP_COLUMNS",
    "LINE_COLUMNS",
    "MEASURE_COLUMNS",
    "OPTIONAL_MEASURE_COLUMNS",
    "LegalSource",
    "MeasureType",
    "Schedule",
    "TariffMeasuresPack",
    "TariffSchedulePack",
]

LINE_COLUMNS = ("code", "parent", "description", "unit", "hs6")
MEASURE_COLUMNS = (
    "code",
    "measure_type",
    "origin",
    "excluded_origins",
    "expression",
    "valid_from",
    "valid_to",
    "legal_source",
    "note",
)
OPTIONAL_MEASURE_COLUMNS = ("condition", "suspends")
GROUP_COLUMNS = ("group", "country", "valid_from", "valid_to", "note")


class MeasureType(StrEnum):
    """What a measure is; the landed-cost engine decides how each type combines."""

    MFN = "mfn"  # most-favoured-nation (US General column, EU/UK third-country duty)
    COLUMN_2 = "column2"  # US Column 2 (countries without normal trade relations)
    PREFERENTIAL = "preferential"  # agreement or program rate; needs proof of origin
    PROVISIONAL = "provisional"  # China's provisional (interim) MFN rates
    ADDITIONAL = "additional"  # additional duties by origin (US Section 301/232/IEEPA/122)
    EXPORT_DUTY = "export_duty"
    EXPORT_REBATE = "export_rebate"  # China export VAT rebate rate
    IMPORT_VAT = "import_vat"
    CONSUMPTION_TAX = "consumption_tax"
    EXCLUSION = "exclusion"  # cancels other measures (its ``suspends``) for the goods it covers


class LegalSource(Source):
    """A legal act or official page that measures cite by ``id``."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.\-:]+$")]


class Schedule(RuleModel):
    """What a schedule is: whose, which nomenclature, which HS edition, which direction."""

    region: Annotated[str, Field(pattern=r"^[A-Z]{2}$|^[A-Z][A-Z0-9\-]+$")]
    nomenclature: Annotated[str, Field(min_length=2)]
    digits: Annotated[int, Field(ge=6, le=12)]
    hs_edition: HsEditionName
    direction: Annotated[str, Field(pattern=r"^(import|export)$")] = "import"
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    rates_as_of: date | None = Field(
        default=None,
        description="The day the rates are stated for; a schedule of old rates must say so.",
    )
    note: str | None = None


class _TariffPackBase(PackContent):
    schedule: Schedule
    legal_sources: tuple[LegalSource, ...] = ()

    @model_validator(mode="after")
    def _unique_legal_sources(self) -> _TariffPackBase:
        ids = [source.id for source in self.legal_sources]
        duplicates = sorted({item for item in ids if ids.count(item) > 1})
        if duplicates:
            raise ValueError(f"legal_sources ids repeated: {duplicates}")
        return self


@register_pack_kind
class TariffSchedulePack(_TariffPackBase):
    """A national nomenclature with its measures (``lines.csv`` and ``measures.csv``)."""

    kind_name: ClassVar[str] = "tariff-schedule"
    required_tables: ClassVar[tuple[str, ...]] = ("lines.csv", "measures.csv")


@register_pack_kind
class TariffMeasuresPack(_TariffPackBase):
    """Measures only, on another schedule's lines (US additional duties, for example)."""

    kind_name: ClassVar[str] = "tariff-measures"
    required_tables: ClassVar[tuple[str, ...]] = ("measures.csv",)
