"""HS code syntax: normalising the ways people write codes, without any data."""

from __future__ import annotations

import re
from functools import lru_cache

from cbec_compliance.errors import InvalidHsCodeError

__all__ = ["hs6_of", "normalize"]

# Digits in groups separated by single dots, spaces or hyphens: "6109.10", "6109 10 00", "6109.10.00.10".
_GROUPED = re.compile(r"^\d+(?:[ .\-]\d+)*$")
_MAX_DIGITS = 14


@lru_cache(maxsize=65536)
def normalize(code: str) -> str:
    """Return the digits of an HS code: ``"6109.10"`` -> ``"610910"``.

    Accepts 2 (chapter), 4 (heading), 6 (subheading) digits and national lines of 8 to 14 digits
    (kept as given), written with dots, spaces or hyphens between digit groups. The first group
    must have at least two digits (``"6109"``, not ``"6.109"``). Anything else raises
    :class:`InvalidHsCodeError`.
    """
    if not isinstance(code, str):
        raise InvalidHsCodeError(
            f"HS code must be a string such as '6109.10', got {type(code).__name__} {code!r}"
        )
    text = code.strip()
    if not text or not text.isascii() or not _GROUPED.match(text):
        raise InvalidHsCodeError(
            f"{code!r} is not an HS code; write digits, optionally grouped with dots or spaces, "
            "such as '6109.10', '610910' or '6109 10 00'"
        )
    first_group = re.split(r"[ .\-]", text, maxsplit=1)[0]
    digits = re.sub(r"[ .\-]", "", text)
    if len(first_group) < 2 and len(digits) > 1:
        raise InvalidHsCodeError(
            f"{code!r} is not an HS code: it must start with the 2-digit chapter ('61', '6109')"
        )
    length = len(digits)
    if length in (2, 4, 6) or 8 <= length <= _MAX_DIGITS:
        if digits[:2] == "00":
            raise InvalidHsCodeError(f"{code!r} is not an HS code: chapters run from 01 to 97")
        return digits
    hint = "use 2, 4 or 6 digits, or a national line of 8 to 14 digits"
    if length % 2 == 1 and length < 6:
        hint += " (for chapters 01-09 a leading zero may be missing: '0101', not '101')"
    raise InvalidHsCodeError(f"{code!r} has {length} digits; {hint}")


def hs6_of(code: str) -> str:
    """The 6-digit subheading of a code of 6 or more digits (``"6109100010"`` -> ``"610910"``)."""
    digits = normalize(code)
    if len(digits) < 6:
        raise InvalidHsCodeError(
            f"{code!r} is a {'chapter' if len(digits) == 2 else 'heading'}, not a subheading; "
            "give at least 6 digits"
        )
    return digits[:6]
