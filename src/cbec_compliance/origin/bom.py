"""The bill-of-materials file (TOML) that ``cbec origin check`` reads.

```toml
agreement = "RCEP"
exporter = "CN"
importer = "JP"
on = 2026-09-01
fob = "12.50 USD"          # and/or ex_works = "...", customs_value = "..."
rule = "CTH or RVC40"      # optional: overrides the pack's product-specific rule
confirmed = []             # optional: process conditions the producer confirms

[product]
hs_code = "851830"
description = "wireless earbuds"

[[materials]]
hs_code = "850760"
description = "lithium-ion cell"
origin = "KR"
value = "2.10 USD"
originating = true         # optional: the supplier's proof says so
```

Every key is checked: an unknown key or a malformed value raises
:class:`~cbec_compliance.errors.InvalidInputError` naming the file, the key and the fix.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from cbec_compliance.errors import CbecError, InvalidInputError
from cbec_compliance.money import Money
from cbec_compliance.origin.engine import check_origin
from cbec_compliance.origin.model import Material, OriginResult, Product

__all__ = ["BomFile", "check_bom_file", "load_bom_file"]

_TOP_KEYS = {
    "agreement",
    "exporter",
    "importer",
    "on",
    "ex_works",
    "fob",
    "customs_value",
    "rule",
    "subdivision",
    "confirmed",
    "costs",
    "product",
    "materials",
}
_PRODUCT_KEYS = {"hs_code", "description", "edition", "weight_kg", "wholly_obtained"}
_MATERIAL_KEYS = {
    "hs_code",
    "description",
    "origin",
    "originating",
    "value",
    "weight_kg",
    "edition",
}


@dataclass(frozen=True)
class BomFile:
    """A parsed bill-of-materials file: the arguments of :func:`check_origin`."""

    agreement: str
    arguments: dict[str, Any]


def _money(value: object, where: str) -> Money:
    if not isinstance(value, str):
        raise InvalidInputError(f'{where} must be text like "12.50 USD", not {value!r}')
    try:
        return Money.parse(value)
    except CbecError as error:
        raise InvalidInputError(f"{where}: {error}") from None


def _keys(table: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise InvalidInputError(
            f"{where}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}"
        )


def _weight(value: object) -> Decimal | str | int | None:
    if value is None or (isinstance(value, Decimal | str | int) and not isinstance(value, bool)):
        return value
    return str(value)  # the model rejects it with a clear message


def load_bom_file(path: str | Path) -> BomFile:
    """Read and check a bill-of-materials file."""
    file = Path(path)
    try:
        with file.open("rb") as handle:
            raw = tomllib.load(handle, parse_float=Decimal)
    except FileNotFoundError:
        raise InvalidInputError(f"{file}: no such file") from None
    except tomllib.TOMLDecodeError as error:
        raise InvalidInputError(f"{file}: not valid TOML: {error}") from None
    _keys(raw, _TOP_KEYS, str(file))
    for key in ("agreement", "exporter", "importer", "on", "product"):
        if key not in raw:
            raise InvalidInputError(f"{file}: key {key!r} is required")
    on = raw["on"]
    if not isinstance(on, date):
        raise InvalidInputError(f"{file}: on must be a TOML date like 2026-09-01, not {on!r}")
    product_table = raw["product"]
    if not isinstance(product_table, dict):
        raise InvalidInputError(f"{file}: [product] must be a table with hs_code")
    _keys(product_table, _PRODUCT_KEYS, f"{file} [product]")
    if "hs_code" not in product_table:
        raise InvalidInputError(f"{file} [product]: hs_code is required")
    product = Product(
        hs_code=product_table["hs_code"],
        description=str(product_table.get("description", "")),
        edition=product_table.get("edition"),
        weight_kg=_weight(product_table.get("weight_kg")),  # type: ignore[arg-type]
        wholly_obtained=product_table.get("wholly_obtained"),
    )
    materials = []
    for index, table in enumerate(raw.get("materials", []), start=1):
        where = f"{file} materials #{index}"
        if not isinstance(table, dict):
            raise InvalidInputError(f"{where}: each [[materials]] entry must be a table")
        _keys(table, _MATERIAL_KEYS, where)
        if "hs_code" not in table:
            raise InvalidInputError(f"{where}: hs_code is required")
        materials.append(
            Material(
                hs_code=table["hs_code"],
                description=str(table.get("description", "")),
                origin=table.get("origin"),
                originating=table.get("originating"),
                value=_money(table["value"], f"{where} value") if "value" in table else None,
                weight_kg=_weight(table.get("weight_kg")),  # type: ignore[arg-type]
                edition=table.get("edition"),
            )
        )
    arguments: dict[str, Any] = {
        "exporter": raw["exporter"],
        "importer": raw["importer"],
        "on": on,
        "product": product,
        "bom": materials,
    }
    for key in ("ex_works", "fob", "customs_value"):
        if key in raw:
            arguments[key] = _money(raw[key], f"{file} {key}")
    for key in ("rule", "subdivision"):
        if key in raw:
            arguments[key] = str(raw[key])
    if "confirmed" in raw:
        if not isinstance(raw["confirmed"], list):
            raise InvalidInputError(f"{file}: confirmed must be a list of process texts")
        arguments["confirmed"] = [str(item) for item in raw["confirmed"]]
    if "costs" in raw:
        if not isinstance(raw["costs"], dict):
            raise InvalidInputError(f"{file}: [costs] must be a table of amounts")
        arguments["costs"] = {
            name: _money(value, f"{file} costs.{name}") for name, value in raw["costs"].items()
        }
    return BomFile(agreement=str(raw["agreement"]), arguments=arguments)


def check_bom_file(path: str | Path) -> OriginResult:
    """Load a bill-of-materials file and check it."""
    bom = load_bom_file(path)
    return check_origin(bom.agreement, **bom.arguments)
