"""``cbec classify``."""

import csv
import io
import json
from pathlib import Path

import pytest

from cbec_compliance.cli import main


def test_classify_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["classify", "cotton t-shirt", "--to", "US", "--on", "2025-06-01", "--json"])
    output = json.loads(capsys.readouterr().out)
    assert code == 0
    assert output["candidates"][0]["hs6"] == "610910"
    assert output["candidates"][0]["national_code"].startswith("6109100")


def test_classify_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["classify", "gift"]) == 0
    assert "DECLINED" in capsys.readouterr().out


def test_batch_titles_and_catalogue(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    titles = tmp_path / "titles.csv"
    titles.write_text("title\ncotton t-shirt\nbluetooth earbuds\n", encoding="utf-8")
    assert main(["classify", "--batch", str(titles), "--limit", "1"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [row["hs6"] for row in rows] == ["610910", "851830"]
    catalogue = tmp_path / "catalogue.csv"
    catalogue.write_text("title,code\nbluetooth earbuds,6109.10\n", encoding="utf-8")
    assert main(["classify", "--batch", str(catalogue), "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert [flag["kind"] for flag in row["flags"]] == ["inconsistent"]


def test_batch_needs_a_title_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("name\nx\n", encoding="utf-8")
    assert main(["classify", "--batch", str(bad)]) == 2
    assert "title" in capsys.readouterr().err
