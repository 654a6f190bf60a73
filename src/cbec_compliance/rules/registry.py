"""Discovery and lazy, thread-safe loading of rule packs.

The filesystem is the registry: a pack is any folder holding a ``pack.toml`` under a rules root,
and its id is that folder's path relative to the root (``hs/HS2022``). Roots, in order:

1. the packs shipped inside the installed package (``cbec_compliance/rule_packs``), or the
   repository's ``rules/`` folder when running from a source checkout;
2. folders named in the ``CBEC_RULES_PATH`` environment variable (``os.pathsep``-separated);
3. folders added at run time with :func:`add_rules_path`.

A pack found in a later root replaces one with the same id from an earlier root, so a user can
supply a newer table (an HS2028 correlation, a corrected rate) as data without touching code.
"""

from __future__ import annotations

import csv
import gzip
import importlib
import os
import threading
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from cbec_compliance.errors import NotFoundError, RuleDataError
from cbec_compliance.rules.schema import PACK_KINDS, PackContent, pack_json_schema

__all__ = [
    "KIND_MODULES",
    "LoadedPack",
    "add_rules_path",
    "check_all_packs",
    "get_pack",
    "pack_ids",
    "register_cache",
    "register_table_checker",
    "remove_rules_path",
    "rule_pack_json_schema",
    "rules_roots",
]

PACK_FILE = "pack.toml"

# Modules that register pack kinds (and table checkers); imported before the first pack loads so
# that every kind is known without importing every domain at ``import cbec_compliance``.
KIND_MODULES: tuple[str, ...] = (
    "cbec_compliance.origin.schema",
    "cbec_compliance.hs.nomenclature",
    "cbec_compliance.hs.conversion",
    "cbec_compliance.tariff.schema",
    "cbec_compliance.regions.schema",
    "cbec_compliance.tax.schema",
    "cbec_compliance.classify.schema",
)
ContentT = TypeVar("ContentT", bound=PackContent)


@dataclass(frozen=True)
class LoadedPack:
    """A validated pack: its parsed ``pack.toml`` and the folder its tables live in."""

    id: str
    folder: Path
    content: PackContent

    def table_rows(self, file: str) -> Iterator[tuple[int, dict[str, str]]]:
        """Yield ``(line_number, row)`` for a declared CSV table, checking its header."""
        declared = {table.file: table for table in self.content.pack.tables}
        if file not in declared:
            raise RuleDataError(f"{self.folder / PACK_FILE}: table {file!r} is not declared")
        table = declared[file]
        path = self.folder / file
        if not path.is_file():
            raise RuleDataError(f"{path}: declared in pack.toml but the file is missing")
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None or tuple(header) != table.columns:
                raise RuleDataError(
                    f"{path}:1: header {header} does not match the declared columns "
                    f"{list(table.columns)}"
                )
            count = 0
            for line_number, values in enumerate(reader, start=2):
                if len(values) != len(header):
                    raise RuleDataError(
                        f"{path}:{line_number}: {len(values)} fields, expected {len(header)}"
                    )
                count += 1
                yield line_number, dict(zip(header, values, strict=True))
        if table.rows is not None and count != table.rows:
            raise RuleDataError(f"{path}: {count} data rows, pack.toml declares {table.rows}")

    def content_as(self, model: type[ContentT]) -> ContentT:
        """The content, typed as the expected kind's model."""
        if not isinstance(self.content, model):
            raise RuleDataError(
                f"{self.folder / PACK_FILE}: pack is of kind {self.content.pack.kind!r}, "
                f"expected {model.kind_name!r}"
            )
        return self.content


_lock = threading.RLock()
_extra_roots: list[Path] = []
_index: dict[str, Path] | None = None
_loaded: dict[str, LoadedPack] = {}


def _packaged_root() -> Path:
    packaged = resources.files("cbec_compliance") / "rule_packs"
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[3] / "rules"
    if checkout.is_dir():
        return checkout
    raise RuleDataError(
        "the embedded rule packs are missing from this installation; reinstall cbec-compliance"
    )


def rules_roots() -> list[Path]:
    """The folders searched for packs, lowest precedence first."""
    roots = [_packaged_root()]
    for entry in os.environ.get("CBEC_RULES_PATH", "").split(os.pathsep):
        if entry.strip():
            roots.append(Path(entry.strip()))
    roots.extend(_extra_roots)
    return roots


def add_rules_path(folder: str | os.PathLike[str]) -> None:
    """Add a folder of user-supplied packs; its packs replace shipped ones with the same id."""
    path = Path(folder)
    if not path.is_dir():
        raise NotFoundError(f"rules path {str(path)!r} is not a folder; pass an existing folder")
    with _lock:
        _extra_roots.append(path)
        _reset()


def remove_rules_path(folder: str | os.PathLike[str]) -> None:
    """Undo :func:`add_rules_path`."""
    path = Path(folder)
    with _lock:
        if path not in _extra_roots:
            raise NotFoundError(f"rules path {str(path)!r} was not added")
        _extra_roots.remove(path)
        _reset()


_cache_clearers: list[Callable[[], None]] = []


def register_cache(clear: Callable[[], None]) -> None:
    """Let a domain module drop data it derived from packs when the set of roots changes."""
    _cache_clearers.append(clear)


def _reset() -> None:
    global _index
    _index = None
    _loaded.clear()
    for clear in _cache_clearers:
        clear()


def _discover() -> dict[str, Path]:
    global _index
    with _lock:
        if _index is None:
            _import_kind_modules()
            index: dict[str, Path] = {}
            for root in rules_roots():
                if not root.is_dir():
                    raise RuleDataError(f"rules root {root} does not exist or is not a folder")
                for pack_file in sorted(root.rglob(PACK_FILE)):
                    pack_id = pack_file.parent.relative_to(root).as_posix()
                    index[pack_id] = pack_file.parent
            _index = index
        return _index


def pack_ids(prefix: str = "") -> list[str]:
    """Ids of every discovered pack, optionally only those starting with ``prefix``."""
    return sorted(pack_id for pack_id in _discover() if pack_id.startswith(prefix))


def _error_location(error: ErrorDetails) -> str:
    return ".".join(str(part) for part in error["loc"]) or "(top level)"


def _load(pack_id: str, folder: Path) -> LoadedPack:
    path = folder / PACK_FILE
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle, parse_float=Decimal)
    except tomllib.TOMLDecodeError as error:
        raise RuleDataError(f"{path}: not valid TOML: {error}") from None
    header = raw.get("pack")
    if not isinstance(header, dict) or "kind" not in header:
        raise RuleDataError(f"{path}: missing [pack] table with a 'kind' key")
    kind = header["kind"]
    model = PACK_KINDS.get(kind)
    if model is None:
        raise RuleDataError(
            f"{path}: key pack.kind = {kind!r} is not a known kind; use one of {sorted(PACK_KINDS)}"
        )
    try:
        content = model.model_validate(raw)
    except ValidationError as error:
        problems = "; ".join(
            f"key {_error_location(item)}: {item['msg']}" for item in error.errors()
        )
        raise RuleDataError(f"{path}: {problems}") from None
    if content.pack.id != pack_id:
        raise RuleDataError(
            f"{path}: key pack.id = {content.pack.id!r} but the folder says {pack_id!r}; "
            "the id must equal the folder path under rules/"
        )
    return LoadedPack(pack_id, folder, content)


def get_pack(pack_id: str) -> LoadedPack:
    """The validated pack with this id, loaded on first use."""
    loaded = _loaded.get(pack_id)
    if loaded is not None:
        return loaded
    with _lock:
        loaded = _loaded.get(pack_id)
        if loaded is None:
            folder = _discover().get(pack_id)
            if folder is None:
                raise NotFoundError(
                    f"no rule pack {pack_id!r}; known packs: {', '.join(pack_ids()) or 'none'}"
                )
            loaded = _load(pack_id, folder)
            _loaded[pack_id] = loaded
        return loaded


def check_all_packs() -> list[str]:
    """Validate every pack and every row of its tables; return one message per problem."""
    problems: list[str] = []
    for pack_id in pack_ids():
        try:
            pack = get_pack(pack_id)
            for table in pack.content.pack.tables:
                for _ in pack.table_rows(table.file):
                    pass
            checker = _TABLE_CHECKERS.get(pack.content.pack.kind)
            if checker is not None:
                checker(pack)
        except RuleDataError as error:
            problems.append(str(error))
    return problems


_TABLE_CHECKERS: dict[str, Callable[[LoadedPack], None]] = {}


def register_table_checker(kind: str, checker: Callable[[LoadedPack], None]) -> None:
    """Let a domain module check a kind's table contents during :func:`check_all_packs`."""
    _TABLE_CHECKERS[kind] = checker


def _import_kind_modules() -> None:
    for module in KIND_MODULES:
        importlib.import_module(module)


def rule_pack_json_schema() -> dict[str, Any]:
    """The JSON Schema of ``pack.toml`` covering every kind, for editors."""
    _import_kind_modules()
    return pack_json_schema()
