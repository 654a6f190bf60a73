"""The cbec command line: human-readable by default, --json for machines, errors to stderr."""

import json

import pytest

from cbec_compliance.cli import main


def run(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
    code = main(list(arguments))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_hs_lookup(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "hs", "lookup", "6109.10")
    assert code == 0
    assert "610910" in out and "Section XI" in out and "of cotton" in out


def test_hs_lookup_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "hs", "lookup", "6109", "--json")
    document = json.loads(out)
    assert code == 0 and document["children"] == ["610910", "610990"]


def test_hs_convert(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "hs", "convert", "851712", "--from", "HS2017", "--to", "HS2022")
    assert code == 0 and "1:n, needs review" in out and "851713" in out and "smartphones" in out
    code, out, _ = run(
        capsys, "hs", "convert", "851712", "--from", "HS2017", "--to", "HS2022", "--json"
    )
    assert json.loads(out)["targets"] == ["851713", "851714"]


def test_hs_search(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "hs", "search", "cotton t-shirt", "--limit", "2", "--json")
    hits = json.loads(out)
    assert code == 0 and [hit["code"] for hit in hits] == ["610910", "610990"]


def test_bad_input_exit_code_and_message(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "hs", "lookup", "61x9")
    assert code == 2 and out == "" and "'61x9' is not an HS code" in err
    code, _, err = run(capsys, "hs", "lookup", "999999")
    assert code == 1 and "not a code of HS2022" in err
