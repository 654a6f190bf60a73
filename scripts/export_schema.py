"""Write the JSON Schema of pack.toml (every registered kind) to schema/rule-pack.schema.json.

Usage: python scripts/export_schema.py   (editors such as VS Code with Even Better TOML use it)
"""

from __future__ import annotations

import json
from pathlib import Path

from cbec_compliance.rules import rule_pack_json_schema

PROJECT = Path(__file__).resolve().parents[1]


def main() -> None:
    target = PROJECT / "schema/rule-pack.schema.json"
    target.parent.mkdir(exist_ok=True)
    target.write_text(json.dumps(rule_pack_json_schema(), indent=2, default=str) + "\n", encoding="utf-8")
    print(f"wrote {target.relative_to(PROJECT)}")


if __name__ == "__main__":
    main()
