"""Examples in docs/*.md and in docstrings are executed."""

import doctest
from pathlib import Path

import pytest

import cbec_compliance
import cbec_compliance.hs
import cbec_compliance.money

DOCS = sorted((Path(__file__).resolve().parents[1] / "docs").rglob("*.md"))


@pytest.mark.parametrize("path", DOCS, ids=lambda path: path.name)
def test_documentation_examples_run(path: Path) -> None:
    result = doctest.testfile(str(path), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_docs_have_examples() -> None:
    assert any(">>>" in path.read_text(encoding="utf-8") for path in DOCS)


@pytest.mark.parametrize("module", [cbec_compliance, cbec_compliance.hs, cbec_compliance.money])
def test_docstring_examples_run(module: object) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)  # type: ignore[arg-type]
    assert result.failed == 0 and result.attempted > 0
