"""The rule-pack format (one pydantic schema) and the lazy, thread-safe registry of packs."""

from cbec_compliance.rules.registry import (
    LoadedPack,
    add_rules_path,
    check_all_packs,
    get_pack,
    pack_ids,
    remove_rules_path,
    rule_pack_json_schema,
    rules_roots,
)
from cbec_compliance.rules.schema import Dated, Source

__all__ = [
    "Dated",
    "LoadedPack",
    "Source",
    "add_rules_path",
    "check_all_packs",
    "get_pack",
    "pack_ids",
    "remove_rules_path",
    "rule_pack_json_schema",
    "rules_roots",
]
