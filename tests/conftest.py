"""Shared test helpers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cbec_compliance.rules import add_rules_path, remove_rules_path

PROJECT = Path(__file__).resolve().parents[1]


@pytest.fixture
def user_rules(tmp_path: Path) -> Iterator[Path]:
    """A temporary folder of user-supplied packs, added as a rules path for one test."""
    folder = tmp_path / "user-rules"
    folder.mkdir()
    add_rules_path(folder)
    try:
        yield folder
    finally:
        remove_rules_path(folder)
