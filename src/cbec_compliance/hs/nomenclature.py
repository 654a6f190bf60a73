"""HS nomenclature of one edition: entries by code, hierarchy, sections. Loaded on first use."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date

from cbec_compliance.errors import (
    InvalidHsCodeError,
    RuleDataError,
    UnknownEditionError,
    UnknownHsCodeError,
)
from cbec_compliance.hs.codes import normalize
from cbec_compliance.hs.editions import edition_in_force, validate_edition
from cbec_compliance.rules.registry import (
    LoadedPack,
    get_pack,
    pack_ids,
    register_cache,
    register_table_checker,
)
from cbec_compliance.rules.schema import HsNomenclaturePack

__all__ = ["HsEntry", "Nomenclature", "Section", "available_editions", "lookup", "nomenclature"]


@dataclass(frozen=True, slots=True)
class Section:
    """One of the 21 sections of the HS (``XI`` Textiles and textile articles)."""

    number: str
    description: str


@dataclass(frozen=True, slots=True)
class HsEntry:
    """A chapter (level 2), heading (4) or subheading (6) of one HS edition."""

    code: str
    level: int
    description: str
    parent: str | None
    section: str
    edition: str
    child_codes: tuple[str, ...] = ()
    _nomenclature: Nomenclature | None = field(default=None, repr=False, compare=False)

    def _owner(self) -> Nomenclature:
        if self._nomenclature is None:
            return nomenclature(self.edition)
        return self._nomenclature

    def children(self) -> list[HsEntry]:
        """The headings of a chapter, or the subheadings of a heading."""
        owner = self._owner()
        return [owner.entries[code] for code in self.child_codes]

    def path(self) -> list[HsEntry]:
        """Chapter, heading and subheading down to this entry."""
        owner = self._owner()
        chain: list[HsEntry] = [self]
        while chain[0].parent:
            chain.insert(0, owner.entries[chain[0].parent])
        return chain

    @property
    def section_description(self) -> str:
        return self._owner().sections[self.section].description

    @property
    def full_description(self) -> str:
        """Section, chapter, heading and subheading texts joined, for people and for search."""
        parts = [f"Section {self.section}: {self.section_description}"]
        parts.extend(entry.description for entry in self.path())
        return " > ".join(parts)

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "edition": self.edition,
            "level": self.level,
            "description": self.description,
            "parent": self.parent,
            "section": self.section,
            "section_description": self.section_description,
            "children": list(self.child_codes),
            "path": [
                {"code": entry.code, "description": entry.description} for entry in self.path()
            ],
        }


@dataclass(frozen=True)
class Nomenclature:
    """All entries of one edition, keyed by code."""

    edition: str
    entries: dict[str, HsEntry]
    sections: dict[str, Section]
    valid_from: date
    valid_to: date | None

    def subheadings(self) -> list[HsEntry]:
        return [entry for entry in self.entries.values() if entry.level == 6]

    def nearest(self, code: str, limit: int = 5) -> list[str]:
        """Existing codes that share the longest prefix with ``code`` (for error messages)."""
        for length in range(len(code) - 1, 1, -1):
            prefix = code[:length]
            matches = [
                other
                for other in self.entries
                if other.startswith(prefix) and len(other) == len(code)
            ]
            if matches:
                return sorted(matches)[:limit]
            if prefix in self.entries:
                return [prefix]
        return []


def _pack_id(edition: str) -> str:
    return f"hs/{edition}"


def _read(pack: LoadedPack) -> Nomenclature:
    content = pack.content_as(HsNomenclaturePack)
    edition = content.edition.name
    sections = {
        row["section"]: Section(row["section"], row["description"])
        for _, row in pack.table_rows(content.sections_table)
    }
    raw: dict[str, tuple[int, str, str | None, str]] = {}
    children: dict[str, list[str]] = {}
    where = pack.folder / "nomenclature.csv"
    for line, row in pack.table_rows("nomenclature.csv"):
        code, level_text = row["code"], row["level"]
        if not code.isdigit() or level_text not in ("2", "4", "6") or len(code) != int(level_text):
            raise RuleDataError(
                f"{where}:{line}: code {code!r} does not match level {level_text!r}"
            )
        parent = row["parent"] or None
        expected_parent = None if len(code) == 2 else code[: len(code) - 2]
        if parent != expected_parent:
            raise RuleDataError(f"{where}:{line}: parent of {code} must be {expected_parent!r}")
        if row["section"] not in sections:
            raise RuleDataError(f"{where}:{line}: unknown section {row['section']!r}")
        if code in raw:
            raise RuleDataError(f"{where}:{line}: code {code} repeated")
        raw[code] = (int(level_text), row["description"], parent, row["section"])
        if parent is not None:
            children.setdefault(parent, []).append(code)
    for code, (_, _, parent, _) in raw.items():
        if parent is not None and parent not in raw:
            raise RuleDataError(f"{where}: parent {parent} of {code} is missing")
    entries: dict[str, HsEntry] = {}
    result = Nomenclature(
        edition, entries, sections, content.pack.valid_from, content.pack.valid_to
    )
    for code, (level, description, parent, section) in raw.items():
        entries[code] = HsEntry(
            code,
            level,
            description,
            parent,
            section,
            edition,
            tuple(sorted(children.get(code, ()))),
            result,
        )
    return result


_lock = threading.Lock()
_cache: dict[str, Nomenclature] = {}


def available_editions() -> list[str]:
    """Editions whose nomenclature is loaded from packs (shipped or user-supplied)."""
    return sorted(pack_id.split("/", 1)[1] for pack_id in pack_ids("hs/HS"))


def nomenclature(edition: str) -> Nomenclature:
    """The nomenclature of ``edition``, loaded on first use."""
    name = validate_edition(edition)
    cached = _cache.get(name)
    if cached is not None:
        return cached
    with _lock:
        cached = _cache.get(name)
        if cached is None:
            if _pack_id(name) not in pack_ids("hs/"):
                raise UnknownEditionError(
                    f"no nomenclature for {name} is installed (available: "
                    f"{', '.join(available_editions())}); supply it as a rule pack, see "
                    "docs/hs.md 'Adding an edition'"
                )
            cached = _read(get_pack(_pack_id(name)))
            _cache[name] = cached
        return cached


def clear_cache() -> None:
    """Forget loaded editions (after adding a rules path)."""
    with _lock:
        _cache.clear()


def lookup(code: str, edition: str | None = None, *, on: date | None = None) -> HsEntry:
    """The chapter, heading or subheading ``code`` of ``edition`` (default HS2022).

    ``on`` picks the edition in force that day instead. National lines (8+ digits) are not HS
    entries: look them up with ``cbec_compliance.tariff.lookup`` or pass the first 6 digits.
    """
    if edition is not None and on is not None:
        raise InvalidHsCodeError("give either edition= or on=, not both")
    name = edition_in_force(on) if on is not None else validate_edition(edition or "HS2022")
    digits = normalize(code)
    if len(digits) > 6:
        raise InvalidHsCodeError(
            f"{code!r} is a national tariff line ({len(digits)} digits); the HS stops at 6: "
            f"look up {digits[:6]!r}, or use cbec_compliance.tariff.lookup for national lines"
        )
    table = nomenclature(name)
    entry = table.entries.get(digits)
    if entry is None:
        nearest = table.nearest(digits)
        hint = f"; nearest codes: {', '.join(nearest)}" if nearest else ""
        raise UnknownHsCodeError(f"{code!r} is not a code of {name}{hint}")
    return entry


def _check_pack(pack: LoadedPack) -> None:
    _read(pack)


register_table_checker(HsNomenclaturePack.kind_name, _check_pack)
register_cache(clear_cache)
