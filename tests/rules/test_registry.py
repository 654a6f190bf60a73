"""The rule-pack format: shipped packs validate; broken packs fail loudly, naming file and key."""

from datetime import date
from pathlib import Path

import pytest

from cbec_compliance.cli import main
from cbec_compliance.errors import RuleDataError
from cbec_compliance.rules import check_all_packs, get_pack, pack_ids, rule_pack_json_schema

GOOD_HEADER = """
from_edition = "HS2028"
to_edition = "HS2022"

[pack]
id = "hs/correlations/HS2028-HS2022"
kind = "hs-correlation"
title = "Synthetic"
licence = "test"
valid_from = 2028-01-01
{extra}

[[pack.sources]]
title = "Synthetic source"
url = "https://example.org/source"
retrieved = 2026-11-28

[[pack.tables]]
file = "correlation.csv"
columns = ["from_code", "to_code", "relationship", "ex"]
{rows}
"""


def write_pack(root: Path, extra: str = "", rows: str = "", csv_text: str | None = None) -> Path:
    folder = root / "hs/correlations/HS2028-HS2022"
    folder.mkdir(parents=True)
    (folder / "pack.toml").write_text(GOOD_HEADER.format(extra=extra, rows=rows), encoding="utf-8")
    (folder / "correlation.csv").write_text(
        csv_text
        if csv_text is not None
        else "from_code,to_code,relationship,ex\n010121,010121,1:1,\n",
        encoding="utf-8",
    )
    return folder


def test_shipped_packs_all_validate() -> None:
    assert check_all_packs() == []
    assert {"hs/HS2012", "hs/HS2017", "hs/HS2022", "hs/correlations/HS2022-HS2017"} <= set(
        pack_ids()
    )


def test_cli_rules_check_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "check"]) == 0
    assert "packs valid" in capsys.readouterr().out


def test_every_shipped_pack_is_dated_and_sourced() -> None:
    for pack_id in pack_ids():
        header = get_pack(pack_id).content.pack
        assert header.sources, pack_id
        assert all(source.retrieved <= date(2026, 11, 28) for source in header.sources), pack_id
        if header.generated is not None:
            assert all(item.licence for item in header.generated.upstream), pack_id


def test_good_user_pack_loads(user_rules: Path) -> None:
    write_pack(user_rules)
    assert get_pack("hs/correlations/HS2028-HS2022").content.pack.kind == "hs-correlation"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("valid_to = 2027-01-01", "valid_to 2027-01-01 is before valid_from"),
        ("colour = 'red'", "key pack.colour: Extra inputs are not permitted"),
        ("reviewed = 'yesterday'", "key pack.reviewed"),
    ],
)
def test_invalid_header_names_the_key(user_rules: Path, extra: str, message: str) -> None:
    write_pack(user_rules, extra=extra)
    with pytest.raises(RuleDataError, match=message) as raised:
        get_pack("hs/correlations/HS2028-HS2022")
    assert "pack.toml" in str(raised.value)


def test_missing_sources_fail(user_rules: Path) -> None:
    folder = write_pack(user_rules)
    text = (folder / "pack.toml").read_text(encoding="utf-8")
    start = text.index("[[pack.sources]]")
    end = text.index("[[pack.tables]]")
    (folder / "pack.toml").write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(RuleDataError, match=r"key pack.sources"):
        get_pack("hs/correlations/HS2028-HS2022")


def test_id_must_match_folder(user_rules: Path) -> None:
    folder = write_pack(user_rules)
    folder.rename(folder.parent / "HS2028-HS2017")
    with pytest.raises(RuleDataError, match=r"the id must equal the folder path"):
        get_pack("hs/correlations/HS2028-HS2017")


def test_bad_csv_row_names_file_and_line(user_rules: Path) -> None:
    write_pack(
        user_rules,
        csv_text="from_code,to_code,relationship,ex\n010121,010121,1:1,\n0101X1,010121,,\n",
    )
    problems = check_all_packs()
    assert len(problems) == 1
    assert "correlation.csv:3" in problems[0] and "0101X1" in problems[0]


def test_bad_csv_header_and_row_count(user_rules: Path) -> None:
    write_pack(user_rules, rows="rows = 5")
    problems = check_all_packs()
    assert problems and "1 data rows, pack.toml declares 5" in problems[0]


def test_not_toml_fails(user_rules: Path) -> None:
    folder = write_pack(user_rules)
    (folder / "pack.toml").write_text("[pack\n", encoding="utf-8")
    with pytest.raises(RuleDataError, match="not valid TOML"):
        get_pack("hs/correlations/HS2028-HS2022")


def test_unknown_kind(user_rules: Path) -> None:
    folder = write_pack(user_rules)
    text = (folder / "pack.toml").read_text(encoding="utf-8").replace("hs-correlation", "magic")
    (folder / "pack.toml").write_text(text, encoding="utf-8")
    with pytest.raises(RuleDataError, match="'magic' is not a known kind"):
        get_pack("hs/correlations/HS2028-HS2022")


def test_json_schema_lists_every_kind() -> None:
    schema = rule_pack_json_schema()
    assert schema["$schema"].startswith("https://json-schema.org/")
    titles = {ref["$ref"].rsplit("/", 1)[1] for ref in schema["oneOf"]}
    assert {"HsNomenclaturePack", "HsCorrelationPack"} <= titles
