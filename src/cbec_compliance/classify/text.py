"""Tokenising product titles and tariff descriptions, English and Chinese.

English: lower case, possessives dropped, words split at hyphens and at letter/digit boundaries
(``20000mAh`` -> ``20000``, ``mah``), light plural stemming shared with :mod:`hs.search` plus irregular plurals (``knives`` ->
``knife``), British spellings made American (``colour`` -> ``color``, ``jewellery`` ->
``jewelry``, ``vulcanised`` -> ``vulcanized``: the HS texts are British, the US HTS American); a
hyphenated word also yields its joined form (``t-shirt`` -> ``tshirt``). Chinese (and other
CJK) runs become overlapping character bigrams (``纯棉针织`` -> ``纯棉``, ``棉针``, ``针织``); a
single character stays a unigram. Text is NFKC-normalised first, so full-width ``Ｔ恤`` equals
``T恤``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from cbec_compliance.hs.search import _STOPWORDS as _SEARCH_STOPWORDS
from cbec_compliance.hs.search import _stem

__all__ = [
    "CANONICAL",
    "NEGATED",
    "canonical",
    "has_cjk",
    "index_terms",
    "normalize_text",
    "strip_negated",
    "words",
]

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{_CJK}]+")
_TOKEN = re.compile(f"[a-z0-9]+(?:-[a-z0-9]+)*|[{_CJK}]+")
_LETTER_DIGIT = re.compile(r"[a-z]+|[0-9]+")
_POSSESSIVE = re.compile(r"(\w)['\u2019]s\b")
# In descriptions, words after "other than", "excluding" or "not" name what the entry is NOT.
NEGATED = re.compile(r"\b(?:other than|excluding|except|not)\b[^;)]*")
_STOPWORDS = _SEARCH_STOPWORDS | frozenset(
    ["but", "including", "kind", "used", "similar", "like", "articles", "article", "thereof"]
)


# Applied to a word after plural stemming. British -> American so the WCO texts (British), the
# US HTS (American) and sellers (both) share one form; irregular plurals the suffix rule misses.
CANONICAL = {
    "aluminium": "aluminum",
    "armour": "armor",
    "catalogue": "catalog",
    "centre": "center",
    "colour": "color",
    "coloured": "colored",
    "cosy": "cozy",
    "favour": "favor",
    "fibre": "fiber",
    "grey": "gray",
    "harbour": "harbor",
    "jewellery": "jewelry",
    "jewelery": "jewelry",
    "labelled": "labeled",
    "litre": "liter",
    "metre": "meter",
    "millimetre": "millimeter",
    "centimetre": "centimeter",
    "mould": "mold",
    "moulded": "molded",
    "odour": "odor",
    "plough": "plow",
    "pyjama": "pajama",
    "sulphur": "sulfur",
    "theatre": "theater",
    "travelling": "traveling",
    "tyre": "tire",
    "vapour": "vapor",
    "woollen": "woolen",
    "organiser": "organizer",
    "moisturiser": "moisturizer",
    "sanitiser": "sanitizer",
    "vaporiser": "vaporizer",
    "vaporising": "vaporizing",
    "atomiser": "atomizer",
    "vulcanised": "vulcanized",
    "sterilised": "sterilized",
    "sterilising": "sterilizing",
    "stabiliser": "stabilizer",
    "fertiliser": "fertilizer",
    "tranquilliser": "tranquilizer",
    "synthesiser": "synthesizer",
    "equaliser": "equalizer",
    "nappy": "diaper",
    "knive": "knife",
    "shelve": "shelf",
    "leave": "leaf",
    "halve": "half",
    "scarve": "scarf",
    "loave": "loaf",
    "hoove": "hoof",
    "wolve": "wolf",
    "calve": "calf",
    "teeth": "tooth",
    "feet": "foot",
    "geese": "goose",
    "mice": "mouse",
}


def canonical(word: str) -> str:
    """A stemmed word in its one spelling (``colour`` -> ``color``, ``knive`` -> ``knife``)."""
    return CANONICAL.get(word, word)


def normalize_text(text: str) -> str:
    """NFKC, lower case, curly apostrophes made straight."""
    return unicodedata.normalize("NFKC", text).lower().replace("\u2019", "'")


def has_cjk(text: str) -> bool:
    return _CJK_RUN.search(text) is not None


def strip_negated(text: str) -> str:
    """``text`` (already lower case) without the spans that say what an entry is not."""
    return NEGATED.sub(" ", text)


def _split_word(word: str) -> list[str]:
    parts = _LETTER_DIGIT.findall(word)
    return [canonical(_stem(part)) for part in parts]


def words(text: str) -> list[str]:
    """Every Latin word of ``text`` in order, stemmed, stopwords kept (for phrase matching)."""
    found: list[str] = []
    for match in _TOKEN.finditer(_POSSESSIVE.sub(r"\1", normalize_text(text))):
        token = match.group(0)
        if _CJK_RUN.fullmatch(token):
            continue
        for part in token.split("-"):
            found.extend(_split_word(part))
    return found


def _bigrams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[index : index + 2] for index in range(len(run) - 1)]


@lru_cache(maxsize=65536)
def _token_terms(token: str) -> tuple[str, ...]:
    if _CJK_RUN.fullmatch(token):
        return tuple(_bigrams(token))
    terms: list[str] = []
    parts = token.split("-")
    if len(parts) > 1:
        joined = canonical(_stem("".join(parts)))
        if not joined.isdigit() and joined not in _STOPWORDS:
            terms.append(joined)
    for part in parts:
        for piece in _split_word(part):
            if len(piece) > 1 and not piece.isdigit() and piece not in _STOPWORDS:
                terms.append(piece)
    return tuple(terms)


def index_terms(text: str) -> list[str]:
    """Search terms of ``text``: stemmed content words, joined hyphen forms, CJK bigrams.

    Pure numbers and stopwords are dropped.
    """
    terms: list[str] = []
    for match in _TOKEN.finditer(_POSSESSIVE.sub(r"\1", normalize_text(text))):
        terms.extend(_token_terms(match.group(0)))
    return terms
