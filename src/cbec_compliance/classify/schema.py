"""Rule-pack kind for classification from product text: vocabulary, attributes, synonyms.

``classification-vocabulary`` packs live under ``rules/classify/``. Each declares some of four
CSV tables; the classifier merges every pack it finds:

``vocabulary.csv`` (phrase,language,kind,terms,hs_hint,source)
    seller words mapped to tariff words. ``kind`` is ``term`` (add ``terms`` to the query and
    boost the headings or subheadings in ``hs_hint``), ``noise`` (marketing words to ignore:
    "free shipping"), ``vague`` (words that alone do not identify goods: "gift", "accessories")
    or ``device`` (a device name whose ``terms`` name its class, itself a ``term`` phrase:
    "iphone" -> "phone"; the class joins the title's other words into accessory phrases, so
    "case for iPhone 12" reads as "phone case") or ``occasion`` (a festive word: "christmas",
    "halloween"; its ``hs_hint`` is boosted only when the title's head is decorative goods, a
    phrase that itself hints heading 9505: "garland", "ornament").
    ``language`` is ``en`` or ``zh``; English phrases match whole words, Chinese ones substrings.
``attributes.csv`` (attribute,value,label,query_terms,path_terms,if_unstated,source)
    cues such as material, construction and gender: the query words that state a value and the
    phrases of HS descriptions that say a subheading is of that value. ``if_unstated`` is
    ``hold back`` for a narrow value a seller would name when it applied (sports footwear, of
    leather): a subheading demanding only such values is held back for a title that states no
    value of that attribute; empty otherwise.
``synonyms.csv`` (group,word,standard,source)
    colloquial synonyms (Chinese first); a word found in a title adds its whole group.
``material_articles.csv`` (attribute,value,hs_codes,source)
    for an attribute value (``material`` = ``plastics``), the catch-all subheadings for articles
    of that material not named elsewhere (3924.90, 3926.90): kept on the shortlist of a title
    that states the material, since generic goods of one material are classified there.

Lists inside a cell are separated by ``;``. ``source`` is ``curated`` for the project's own list
or names the document the entry comes from.

``classification-vectors`` packs (``rules/classify/vectors/``) hold one embedding per HS 2022
subheading for the optional ``embeddings`` extra: ``codes.csv`` (code) gives the row order of a
packed little-endian float16 matrix (``[vectors] file``, ``rows x dimensions``), made at build
time by ``scripts/build_classify_vectors.py`` with the model named in ``[vectors]``. Reading the
matrix needs numpy (installed by the extra); validating the pack does not.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field, model_validator

from cbec_compliance.errors import RuleDataError
from cbec_compliance.rules.registry import LoadedPack, register_table_checker
from cbec_compliance.rules.schema import PackContent, RuleModel, register_pack_kind

__all__ = [
    "ATTRIBUTE_COLUMNS",
    "IF_UNSTATED",
    "LANGUAGES",
    "MATERIAL_ARTICLE_COLUMNS",
    "SYNONYM_COLUMNS",
    "TABLE_COLUMNS",
    "VOCABULARY_COLUMNS",
    "VOCABULARY_KINDS",
    "ClassificationVectorsPack",
    "ClassificationVocabularyPack",
    "EmbeddingModel",
    "split_cell",
]

VOCABULARY_COLUMNS = ("phrase", "language", "kind", "terms", "hs_hint", "source")
ATTRIBUTE_COLUMNS = (
    "attribute",
    "value",
    "label",
    "query_terms",
    "path_terms",
    "if_unstated",
    "source",
)
IF_UNSTATED = ("", "hold back")
SYNONYM_COLUMNS = ("group", "word", "standard", "source")
MATERIAL_ARTICLE_COLUMNS = ("attribute", "value", "hs_codes", "source")
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "vocabulary.csv": VOCABULARY_COLUMNS,
    "attributes.csv": ATTRIBUTE_COLUMNS,
    "synonyms.csv": SYNONYM_COLUMNS,
    "material_articles.csv": MATERIAL_ARTICLE_COLUMNS,
}
VOCABULARY_KINDS = ("term", "noise", "vague", "device", "occasion")
LANGUAGES = ("en", "zh")


@register_pack_kind
class ClassificationVocabularyPack(PackContent):
    """Vocabulary, attribute cues and synonyms for :mod:`cbec_compliance.classify`."""

    kind_name: ClassVar[str] = "classification-vocabulary"

    @model_validator(mode="after")
    def _known_tables(self) -> ClassificationVocabularyPack:
        if not self.pack.tables:
            raise ValueError(f"pack.tables must declare at least one of {sorted(TABLE_COLUMNS)}")
        for table in self.pack.tables:
            wanted = TABLE_COLUMNS.get(table.file)
            if wanted is None:
                raise ValueError(f"table {table.file!r} is not one of {sorted(TABLE_COLUMNS)}")
            if table.columns != wanted:
                raise ValueError(f"table {table.file} must have columns {list(wanted)}")
        return self


def split_cell(value: str) -> list[str]:
    """The items of a ``;``-separated cell, stripped, empty ones dropped."""
    return [part.strip() for part in value.split(";") if part.strip()]


def check_tables(pack: LoadedPack) -> None:
    """Check cell contents: kinds, languages, HS hints, non-empty lists."""
    declared = {table.file for table in pack.content.pack.tables}
    if "vocabulary.csv" in declared:
        for line, row in pack.table_rows("vocabulary.csv"):
            where = f"{pack.folder / 'vocabulary.csv'}:{line}"
            if not row["phrase"].strip():
                raise RuleDataError(f"{where}: phrase is empty")
            if row["language"] not in LANGUAGES:
                raise RuleDataError(f"{where}: language {row['language']!r} not in {LANGUAGES}")
            if row["kind"] not in VOCABULARY_KINDS:
                raise RuleDataError(f"{where}: kind {row['kind']!r} not in {VOCABULARY_KINDS}")
            if row["kind"] == "term" and not (row["terms"].strip() or row["hs_hint"].strip()):
                raise RuleDataError(f"{where}: a term needs terms or an hs_hint")
            if row["kind"] == "occasion" and not row["hs_hint"].strip():
                raise RuleDataError(f"{where}: an occasion needs the hs_hint it points to")
            if row["kind"] == "device" and not row["terms"].strip():
                raise RuleDataError(f"{where}: a device needs its class phrase in terms")
            for code in split_cell(row["hs_hint"]):
                if not (code.isdigit() and len(code) in (2, 4, 6)):
                    raise RuleDataError(f"{where}: hs_hint {code!r} must be 2, 4 or 6 digits")
            if not row["source"].strip():
                raise RuleDataError(f"{where}: source is empty; write 'curated' or cite it")
    if "attributes.csv" in declared:
        for line, row in pack.table_rows("attributes.csv"):
            where = f"{pack.folder / 'attributes.csv'}:{line}"
            for column in ("attribute", "value", "label", "source"):
                if not row[column].strip():
                    raise RuleDataError(f"{where}: {column} is empty")
            if not split_cell(row["query_terms"]):
                raise RuleDataError(f"{where}: query_terms is empty")
            if row["if_unstated"] not in IF_UNSTATED:
                raise RuleDataError(
                    f"{where}: if_unstated {row['if_unstated']!r} must be empty or 'hold back'"
                )
    if "material_articles.csv" in declared:
        for line, row in pack.table_rows("material_articles.csv"):
            where = f"{pack.folder / 'material_articles.csv'}:{line}"
            for column in ("attribute", "value", "source"):
                if not row[column].strip():
                    raise RuleDataError(f"{where}: {column} is empty")
            codes = split_cell(row["hs_codes"])
            if not codes or not all(code.isdigit() and len(code) == 6 for code in codes):
                raise RuleDataError(f"{where}: hs_codes must list 6-digit subheadings")
    if "synonyms.csv" in declared:
        for line, row in pack.table_rows("synonyms.csv"):
            where = f"{pack.folder / 'synonyms.csv'}:{line}"
            if not (row["group"].isdigit() and row["word"].strip() and row["standard"].strip()):
                raise RuleDataError(f"{where}: group must be a number, word and standard set")


register_table_checker(ClassificationVocabularyPack.kind_name, check_tables)


class EmbeddingModel(RuleModel):
    """The ``[vectors]`` table: the model that made the vectors and how they are stored."""

    package: Annotated[str, Field(min_length=1, description="PyPI package shipping the model")]
    package_version: Annotated[str, Field(min_length=1)]
    model: Annotated[str, Field(min_length=1, description="model name inside the package")]
    weights_sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    dimensions: Annotated[int, Field(ge=1, le=4096)]
    dtype: Literal["float16"] = "float16"
    file: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.\-]+\.f16$")]
    edition: Annotated[str, Field(pattern=r"^HS(19|20)\d\d$")]
    texts_sha256: Annotated[
        str,
        Field(
            pattern=r"^[0-9a-f]{64}$",
            description="digest of the subheading texts embedded (to detect stale vectors)",
        ),
    ]
    text_weights: dict[str, Annotated[float, Field(ge=0)]]


@register_pack_kind
class ClassificationVectorsPack(PackContent):
    """Precomputed embeddings of the HS subheadings for the optional hybrid classifier."""

    kind_name: ClassVar[str] = "classification-vectors"
    required_tables: ClassVar[tuple[str, ...]] = ("codes.csv",)
    vectors: EmbeddingModel


def check_vectors(pack: LoadedPack) -> None:
    """Codes are 6 digits, unique; the packed matrix has ``rows x dimensions`` float16 values."""
    content = pack.content_as(ClassificationVectorsPack)
    codes: list[str] = []
    for line, row in pack.table_rows("codes.csv"):
        code = row["code"]
        if not (code.isdigit() and len(code) == 6):
            raise RuleDataError(f"{pack.folder / 'codes.csv'}:{line}: {code!r} is not 6 digits")
        codes.append(code)
    if len(set(codes)) != len(codes):
        raise RuleDataError(f"{pack.folder / 'codes.csv'}: codes repeat")
    path = pack.folder / content.vectors.file
    expected = len(codes) * content.vectors.dimensions * 2
    if not path.is_file() or path.stat().st_size != expected:
        found = path.stat().st_size if path.is_file() else "no file"
        raise RuleDataError(
            f"{path}: expected {expected} bytes ({len(codes)} rows x "
            f"{content.vectors.dimensions} float16), found {found}; rerun "
            "scripts/build_classify_vectors.py"
        )


register_table_checker(ClassificationVectorsPack.kind_name, check_vectors)
