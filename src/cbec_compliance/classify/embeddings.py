"""Optional meaning similarity for classification: a small static embedding model (wordllama).

Installed with ``pip install "cbec-compliance[embeddings]"`` and used only when the caller asks
(``cc.classify(text, method="hybrid")``); the default ``method="bm25"`` never imports it. The
model ships inside the ``wordllama`` wheel (``l2_supercat``, 256 dimensions, token embeddings
averaged over the text): it is loaded from the installed package with downloads disabled, so no
model hub is contacted. The vectors of the HS 2022 subheadings are precomputed at build time
(``scripts/build_classify_vectors.py``) into the ``classification-vectors`` pack
``rules/classify/vectors`` and loaded on first use; at query time only the title is embedded.

A subheading's vector is the normalised weighted sum (``TEXT_WEIGHTS``) of the normalised
vectors of four texts, the same texts the BM25 index reads: its own HS description, its
heading's, its chapter's, and the English descriptions of the national lines under it. The
query is the title plus the tariff terms its vocabulary phrases map to. numpy (a dependency of
wordllama) is imported only here and only when the hybrid method runs.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import logging
import threading
from pathlib import Path
from typing import Any

from cbec_compliance.classify.index import EDITION, index
from cbec_compliance.classify.schema import ClassificationVectorsPack
from cbec_compliance.classify.text import has_cjk, normalize_text, strip_negated
from cbec_compliance.errors import RuleDataError, UnsupportedError
from cbec_compliance.rules.registry import get_pack, register_cache

__all__ = [
    "DIMENSIONS",
    "MODEL",
    "PACKAGE",
    "PACK_ID",
    "TEXT_WEIGHTS",
    "available",
    "document_texts",
    "embed",
    "similarities",
    "texts_digest",
]

PACKAGE = "wordllama"
MODEL = "l2_supercat"
DIMENSIONS = 256
PACK_ID = "classify/vectors"
# Weights of the normalised vectors of a subheading's texts (chosen on the tune half).
TEXT_WEIGHTS = {"subheading": 1.0, "heading": 0.6, "chapter": 0.3, "national": 0.7}
INSTALL_HINT = 'install the optional extra: pip install "cbec-compliance[embeddings]"'


def available() -> bool:
    """True when the ``embeddings`` extra (wordllama and its numpy) is installed."""
    return all(importlib.util.find_spec(name) is not None for name in (PACKAGE, "numpy"))


def _clean(text: str) -> str:
    return strip_negated(normalize_text(text))


def document_texts() -> tuple[tuple[str, ...], list[dict[str, str]]]:
    """The subheading codes (index order) and, for each, its four texts to embed.

    The same sources as the BM25 index (:mod:`.index`): HS descriptions of the subheading, its
    heading and chapter, and the English national line descriptions under it (with their
    ancestors), each normalised and with negated phrases removed. Chinese names are left out:
    the model's vocabulary is mostly English.
    """
    from cbec_compliance.classify.index import _national_texts
    from cbec_compliance.hs.nomenclature import nomenclature

    table = nomenclature(EDITION)
    entries = sorted(table.subheadings(), key=lambda item: item.code)
    national, _ = _national_texts()
    texts: list[dict[str, str]] = []
    for entry in entries:
        chain = entry.path()[::-1]  # subheading, heading, chapter
        names = ("subheading", "heading", "chapter")[: len(chain)]
        parts = dict(zip(names, (_clean(node.description) for node in chain), strict=True))
        lines = [line for line in dict.fromkeys(national.get(entry.code, ())) if not has_cjk(line)]
        parts["national"] = _clean(" ; ".join(lines)) if lines else ""
        texts.append({name: parts.get(name, "") for name in TEXT_WEIGHTS})
    return tuple(entry.code for entry in entries), texts


def texts_digest(codes: tuple[str, ...], texts: list[dict[str, str]]) -> str:
    """SHA-256 of the embedded texts, recorded in the pack to detect stale vectors."""
    digest = hashlib.sha256()
    for code, parts in zip(codes, texts, strict=True):
        digest.update(code.encode())
        for name in TEXT_WEIGHTS:
            digest.update(b"\x1f" + parts[name].encode())
        digest.update(b"\x1e")
    return digest.hexdigest()


def _import(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:
        raise UnsupportedError(
            f"method 'hybrid' needs the {name} package, which is not installed; {INSTALL_HINT}"
        ) from None


def package_folder() -> Path:
    """The installed wordllama package folder, where its weights and tokenizer files live."""
    module = _import(PACKAGE)
    return Path(module.__file__).parent


def _load_model() -> Any:
    """The wordllama model from the files inside the installed package; never downloads.

    wordllama 0.4 looks for its tokenizer file in ``wordllama/tokenizer/`` while the wheel ships
    it in ``wordllama/tokenizers/``, and would fetch it from the model hub; pointing its cache
    folder at the package folder (which has ``weights/`` and ``tokenizers/``) and disabling
    downloads makes it read both shipped files, or raise.
    """
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    module = _import(PACKAGE)  # its import calls logging.basicConfig: undone below
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)
    folder = package_folder()
    try:
        return module.WordLlama.load(MODEL, dim=DIMENSIONS, disable_download=True, cache_dir=folder)
    except (FileNotFoundError, ValueError) as error:
        raise UnsupportedError(
            f"the {PACKAGE} package in {folder} does not ship the {MODEL} model at "
            f"{DIMENSIONS} dimensions ({error}); {INSTALL_HINT}"
        ) from None


def _normalise(numpy: Any, matrix: Any) -> Any:
    norms = numpy.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


def embed(texts: list[str]) -> Any:
    """Unit vectors (a float32 numpy array, one row per text) from the model."""
    numpy = _import("numpy")
    return _normalise(numpy, _model().embed(texts).astype(numpy.float32))


def _load_vectors() -> Any:
    numpy = _import("numpy")
    pack = get_pack(PACK_ID)
    content = pack.content_as(ClassificationVectorsPack)
    info = content.vectors
    if (info.package, info.model, info.dimensions) != (PACKAGE, MODEL, DIMENSIONS):
        raise RuleDataError(
            f"{pack.folder}: vectors were made with {info.package} {info.model} "
            f"{info.dimensions}d; this version reads {PACKAGE} {MODEL} {DIMENSIONS}d; rerun "
            "scripts/build_classify_vectors.py"
        )
    codes = tuple(row["code"] for _, row in pack.table_rows("codes.csv"))
    if codes != index().codes:
        raise RuleDataError(
            f"{pack.folder / 'codes.csv'}: the codes differ from the {EDITION} subheadings of "
            "the classification index; rerun scripts/build_classify_vectors.py"
        )
    raw = (pack.folder / info.file).read_bytes()
    if len(raw) != len(codes) * info.dimensions * 2:
        raise RuleDataError(f"{pack.folder / info.file}: size does not match codes.csv")
    matrix = numpy.frombuffer(raw, dtype="<f2").reshape(len(codes), info.dimensions)
    return _normalise(numpy, matrix.astype(numpy.float32))


_lock = threading.Lock()
_model_cache: list[Any] = []
_vector_cache: list[Any] = []


def _model() -> Any:
    if not _model_cache:
        with _lock:
            if not _model_cache:
                _model_cache.append(_load_model())
    return _model_cache[0]


def _vectors() -> Any:
    if not _vector_cache:
        with _lock:
            if not _vector_cache:
                _vector_cache.append(_load_vectors())
    return _vector_cache[0]


def similarities(text: str) -> Any:
    """Cosine similarity of ``text`` to every subheading, in index order (a numpy array)."""
    vectors = _vectors()
    return vectors @ embed([text])[0]


def _clear() -> None:
    with _lock:
        _vector_cache.clear()


register_cache(_clear)
