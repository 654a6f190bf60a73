"""``cbec origin`` and the bill-of-materials file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cbec_compliance.cli import main
from cbec_compliance.errors import InvalidInputError
from cbec_compliance.origin.bom import check_bom_file, load_bom_file

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "earbuds-rcep.toml"


def test_example_bom_file_checks(capsys: pytest.CaptureFixture[str]) -> None:
    # SoC 3.40 USD from TW is the only non-originating material: RVC (12.50 - 3.40) / 12.50.
    assert main(["origin", "check", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "Verdict: ORIGINATING" in out and "72.80%" in out
    assert main(["origin", "check", str(EXAMPLE), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["originating"] is True and data["agreement"] == "RCEP"


def test_rule_and_agreement_listing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["origin", "rule", "UK-EU-TCA", "8518.30"]) == 0
    assert "CTH or MaxNOM 50% EXW" in capsys.readouterr().out
    assert main(["origin", "rule", "RCEP", "610910"]) == 1
    assert "no product-specific rule" in capsys.readouterr().out
    assert main(["origin", "agreements", "--json"]) == 0
    listed = {item["id"] for item in json.loads(capsys.readouterr().out)}
    assert {"RCEP", "UK-EU-TCA", "UK-JP-CEPA"} <= listed


def test_unknown_agreement_exits_with_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["origin", "rule", "NAFTA", "8518"]) == 1
    assert "no agreement 'NAFTA'" in capsys.readouterr().err


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bom.toml"
    path.write_text(text, encoding="utf-8")
    return path


HEAD = 'agreement = "RCEP"\nexporter = "CN"\nimporter = "JP"\non = 2026-09-01\nrule = "CTH"\n'


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('fob = "12"\n[product]\nhs_code = "851830"\n', "must look like"),
        ('colour = "red"\n[product]\nhs_code = "851830"\n', r"unknown key\(s\) colour"),
        ("[product]\ndescription = 'x'\n", "hs_code is required"),
        ('[product]\nhs_code = "851830"\n[[materials]]\nvalue = "1 USD"\n', "hs_code is required"),
        ('[product]\nhs_code = "851830"\n[[materials]]\nhs_code = "8507"\nprice = 1\n', "price"),
        ('[product]\nhs_code = "851830"\n[[materials]]\nhs_code = "8507"\nvalue = 1.5\n', "value"),
    ],
)
def test_malformed_bom_files_name_the_problem(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        load_bom_file(write(tmp_path, HEAD + body))


def test_missing_date_and_bad_toml(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="'on' is required"):
        load_bom_file(
            write(
                tmp_path,
                'agreement = "RCEP"\nexporter = "CN"\nimporter = "JP"\n[product]\nhs_code = "851830"\n',
            )
        )
    with pytest.raises(InvalidInputError, match="not valid TOML"):
        load_bom_file(write(tmp_path, "agreement = \n"))
    with pytest.raises(InvalidInputError, match="no such file"):
        load_bom_file(tmp_path / "absent.toml")


def test_bom_file_with_costs_and_confirmations(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEAD.replace('rule = "CTH"', 'rule = "RVC40 build-up"')
        + 'fob = "10.00 USD"\n[costs]\ndirect_labour = "2.00 USD"\ndirect_overhead = "1.00 USD"\n'
        'profit = "1.00 USD"\nother = "0.00 USD"\n[product]\nhs_code = "851830"\n'
        '[[materials]]\nhs_code = "8507"\noriginating = true\nvalue = "0.50 USD"\n',
    )
    # (0.50 + 2.00 + 1.00 + 1.00 + 0.00) / 10.00 = 45 %.
    result = check_bom_file(path)
    assert result.originating is True
    assert result.alternatives[0].percent == 45


def test_quote_command_claims_a_preference(capsys: pytest.CaptureFixture[str]) -> None:
    # CN 2026 tariff 6109: MFN 6% of 8,000 = 480; China-Korea FTA 0%.
    arguments = ["quote", "--to", "CN", "--from", "KR", "--hs", "6109100000"]
    arguments += ["--value", "8000 CNY", "--on", "2026-08-01", "--json"]
    assert main(arguments) == 0
    plain = json.loads(capsys.readouterr().out)
    assert main([*arguments, "--preference", "CN-KR-FTA"]) == 0
    claimed = json.loads(capsys.readouterr().out)
    assert plain["duties"]["amount"] == "480.00"
    assert claimed["duties"]["amount"] == "0.00"
    assert main([*arguments, "--preference", "NAFTA"]) == 1
    assert "no agreement 'NAFTA'" in capsys.readouterr().err
