"""The rule-of-origin grammar: parse rule text such as ``"CTH except from 8473 or RVC40"``.

One grammar for every agreement, written the way agreements print their product-specific rules:

- ``WO``: wholly obtained; ``ANY``: production from non-originating materials of any heading;
- ``CC`` / ``CTH`` / ``CTSH``: change of chapter, heading or subheading, optionally
  ``except from`` chapters, headings, subheadings or ranges (``chapter 01``, ``heading 8473``,
  ``subheading 8517.70``, ``headings 8501 to 8503``, ``50.01-55.16``);
- ``RVC40`` / ``RVC 40%``: regional value content of at least 40 percent, optionally
  ``build-down``, ``build-up`` or ``net-cost``;
- ``MaxNOM 50%``: value of non-originating materials at most 50 percent of the ex-works price
  (``EXW``, the default) or ``FOB``, optionally limited to materials ``of heading 5208``;
- ``process "Weaving combined with making-up"``: a named production process the user confirms;
- ``or`` / ``;`` between alternatives, ``and`` / ``+`` / ``provided that`` between requirements
  that must all hold, and parentheses.

``parse_rule`` returns a tree of frozen models; ``str(rule)`` gives the canonical text back, and
parsing the canonical text gives the same tree.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from cbec_compliance.errors import InvalidRuleError

__all__ = [
    "AllOf",
    "AnyHeading",
    "AnyOf",
    "ChangeOfClassification",
    "CodeRange",
    "MaxNonOriginating",
    "Process",
    "RegionalValueContent",
    "Rule",
    "WhollyObtained",
    "parse_rule",
]

Level = Literal["chapter", "heading", "subheading"]
LEVEL_DIGITS: dict[str, int] = {"chapter": 2, "heading": 4, "subheading": 6}
ABBREVIATIONS: dict[str, Level] = {"CC": "chapter", "CTH": "heading", "CTSH": "subheading"}
_ABBREVIATION_OF: dict[str, str] = {level: name for name, level in ABBREVIATIONS.items()}
_LEVEL_OF_DIGITS: dict[int, str] = {digits: level for level, digits in LEVEL_DIGITS.items()}
RvcMethod = Literal["agreement", "build-down", "build-up", "net-cost"]


class _Node(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CodeRange(_Node):
    """HS codes from ``start`` to ``end`` inclusive, at the level of their length (2, 4 or 6)."""

    start: Annotated[str, Field(pattern=r"^(\d\d|\d{4}|\d{6})$")]
    end: Annotated[str, Field(pattern=r"^(\d\d|\d{4}|\d{6})$")]

    def contains(self, code: str) -> bool:
        """True when the code (any length of at least the range's) falls inside the range."""
        prefix = code[: len(self.start)]
        return len(code) >= len(self.start) and self.start <= prefix <= self.end[: len(prefix)]

    def __str__(self) -> str:
        word = _LEVEL_OF_DIGITS[len(self.start)]
        if self.start == self.end:
            return f"{word} {_dotted(self.start)}"
        return f"{word}s {_dotted(self.start)}-{_dotted(self.end)}"


def _dotted(code: str) -> str:
    """A subheading as agreements print it (``8517.70``); chapters and headings unchanged."""
    return f"{code[:4]}.{code[4:]}" if len(code) == 6 else code


class WhollyObtained(_Node):
    """WO: the good is wholly obtained or produced in a Party (no non-originating materials)."""

    type: Literal["wholly_obtained"] = "wholly_obtained"

    def __str__(self) -> str:
        return "WO"


class AnyHeading(_Node):
    """Production from non-originating materials of any heading (beyond insufficient operations)."""

    type: Literal["any_heading"] = "any_heading"

    def __str__(self) -> str:
        return "ANY"


class ChangeOfClassification(_Node):
    """CC, CTH or CTSH: every non-originating material is classified outside the product's
    chapter, heading or subheading, and outside the ``except_from`` ranges."""

    type: Literal["change"] = "change"
    level: Level
    except_from: tuple[CodeRange, ...] = ()

    @property
    def abbreviation(self) -> str:
        """``CC``, ``CTH`` or ``CTSH``."""
        return _ABBREVIATION_OF[self.level]

    def __str__(self) -> str:
        if not self.except_from:
            return self.abbreviation
        return (
            f"{self.abbreviation} except from {', '.join(str(item) for item in self.except_from)}"
        )


class RegionalValueContent(_Node):
    """RVC: regional value content of at least ``percent`` of the agreement's base value."""

    type: Literal["rvc"] = "rvc"
    percent: Annotated[Decimal, Field(gt=0, le=100)]
    method: RvcMethod = "agreement"

    def __str__(self) -> str:
        text = f"RVC{_number(self.percent)}"
        return text if self.method == "agreement" else f"{text} {self.method}"


class MaxNonOriginating(_Node):
    """MaxNOM: non-originating materials (optionally only those in ``materials``) are worth at
    most ``percent`` of the ex-works price (or FOB)."""

    type: Literal["max_non_originating"] = "max_non_originating"
    percent: Annotated[Decimal, Field(ge=0, le=100)]
    base: Literal["EXW", "FOB"] = "EXW"
    materials: tuple[CodeRange, ...] = ()

    def __str__(self) -> str:
        text = f"MaxNOM {_number(self.percent)}% {self.base}"
        if self.materials:
            text += f" of {', '.join(str(item) for item in self.materials)}"
        return text


class Process(_Node):
    """A named production process or condition that only the producer can confirm."""

    type: Literal["process"] = "process"
    text: Annotated[str, Field(min_length=1)]

    def __str__(self) -> str:
        return 'process "' + self.text.replace('"', "'") + '"'


class AnyOf(_Node):
    """Alternatives: the product qualifies when any one of them is met."""

    type: Literal["any_of"] = "any_of"
    options: Annotated[tuple[Rule, ...], Field(min_length=2)]

    def __str__(self) -> str:
        return " or ".join(_wrapped(option, AllOf) for option in self.options)


class AllOf(_Node):
    """Requirements that must all be met."""

    type: Literal["all_of"] = "all_of"
    parts: Annotated[tuple[Rule, ...], Field(min_length=2)]

    def __str__(self) -> str:
        return " and ".join(_wrapped(part, AnyOf) for part in self.parts)


def _wrapped(node: Rule, composite: type[_Node]) -> str:
    """``node`` as text, in parentheses when it is a ``composite`` inside the other kind."""
    return f"({node})" if isinstance(node, composite) else str(node)


def _number(value: Decimal) -> str:
    """A percentage without trailing zeros or exponent (``40``, ``12.5``)."""
    return format(value.normalize(), "f")


Rule = Annotated[
    WhollyObtained
    | AnyHeading
    | ChangeOfClassification
    | RegionalValueContent
    | MaxNonOriginating
    | Process
    | AnyOf
    | AllOf,
    Field(discriminator="type"),
]
AnyOf.model_rebuild()
AllOf.model_rebuild()

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<string>"[^"]*")
      | (?P<code>\d{1,2}\.\d{2}(?:\.\d{1,2})?|\d{4}\.\d{2}|\d+)
      | (?P<punct>[();,+%\-])
      | (?P<word>[A-Za-z][A-Za-z\-]*)
    )""",
    re.VERBOSE,
)
_REFERENCE_WORDS = {
    "chapter",
    "chapters",
    "heading",
    "headings",
    "subheading",
    "subheadings",
    "no",
    "nos",
}
_RANGE_WORDS = {"-", "to", "through"}


class _Parser:
    """Recursive-descent parser over the tokens of one rule text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: list[tuple[str, str, int]] = []
        position = 0
        stripped = text.rstrip().rstrip(".")
        while position < len(stripped):
            match = _TOKEN.match(stripped, position)
            if match is None or match.end() == position:
                if stripped[position:].strip() == "":
                    break
                raise self._error(f"unexpected character {stripped[position]!r}", position)
            kind = match.lastgroup or ""
            value = match.group(kind)
            self.tokens.append((kind, value, match.start(kind)))
            position = match.end()
        self.index = 0

    def _error(self, problem: str, position: int | None = None) -> InvalidRuleError:
        """The error to raise, naming the rule, the problem and the (1-based) character."""
        where = len(self.text) if position is None else position
        return InvalidRuleError(
            f"rule {self.text!r}: {problem} at character {where + 1}; write rules like "
            "'CTH or RVC40', 'CC except from chapter 01', 'CTSH and MaxNOM 50% EXW', 'WO', "
            "or 'process \"weaving combined with making-up\"'"
        )

    def _peek(self, offset: int = 0) -> tuple[str, str, int] | None:
        index = self.index + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def _word(self, offset: int = 0) -> str:
        """The word or punctuation ``offset`` tokens ahead, lower case; "" for anything else."""
        token = self._peek(offset)
        return token[1].lower() if token is not None and token[0] in {"word", "punct"} else ""

    def _take(self) -> tuple[str, str, int]:
        token = self._peek()
        if token is None:
            raise self._error("the rule ends too early")
        self.index += 1
        return token

    def parse(self) -> Rule:
        if not self.tokens:
            raise self._error("the rule is empty", 0)
        rule = self._alternatives()
        token = self._peek()
        if token is not None:
            raise self._error(f"unexpected {token[1]!r}", token[2])
        return rule

    def _alternatives(self) -> Rule:
        options = [self._requirements()]
        while True:
            if self._word() == ";":
                self.index += 1
                if self._word() == "or":
                    self.index += 1
            elif self._word() == "or":
                self.index += 1
            else:
                break
            options.append(self._requirements())
        flat: list[Rule] = []
        for option in options:
            flat.extend(option.options if isinstance(option, AnyOf) else (option,))
        return flat[0] if len(flat) == 1 else AnyOf(options=tuple(flat))

    def _requirements(self) -> Rule:
        parts = [self._atom()]
        while True:
            if self._word() in {"and", "+"}:
                self.index += 1
            elif self._word() == "provided" and self._word(1) == "that":
                self.index += 2
            else:
                break
            parts.append(self._atom())
        flat: list[Rule] = []
        for part in parts:
            flat.extend(part.parts if isinstance(part, AllOf) else (part,))
        return flat[0] if len(flat) == 1 else AllOf(parts=tuple(flat))

    def _atom(self) -> Rule:
        kind, value, position = self._take()
        upper = value.upper()
        if value == "(":
            inner = self._alternatives()
            if self._word() != ")":
                raise self._error("missing ')'", position)
            self.index += 1
            return inner
        if kind == "word" and upper == "WO":
            return WhollyObtained()
        if kind == "word" and upper in {"ANY", "AH"}:
            return AnyHeading()
        if kind == "word" and upper in ABBREVIATIONS:
            return ChangeOfClassification(
                level=ABBREVIATIONS[upper], except_from=self._exceptions()
            )
        if kind == "word" and upper.startswith("RVC"):
            return self._rvc(value, position)
        if kind == "word" and upper == "MAXNOM":
            return self._max_non_originating(position)
        if kind == "word" and value.lower() == "process":
            token = self._take()
            if token[0] != "string" or len(token[1]) <= 2:
                raise self._error('process needs quoted text: process "..."', token[2])
            return Process(text=token[1][1:-1].strip())
        raise self._error(f"unexpected {value!r}", position)

    def _percent(self) -> Decimal:
        kind, value, position = self._take()
        if kind != "code":
            raise self._error(f"expected a percentage, found {value!r}", position)
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise self._error(f"{value!r} is not a number", position) from None
        if self._word() == "%":
            self.index += 1
        elif self._word() == "per" and self._word(1) == "cent":
            self.index += 2
        return number

    def _rvc(self, value: str, position: int) -> RegionalValueContent:
        if value[3:]:  # a word such as "RVCX": the percentage is a separate token
            raise self._error(f"unexpected {value!r}", position)
        token = self._peek()
        if token is not None and token[0] == "code":
            percent = self._percent()
        elif self._word() == "(":
            self.index += 1
            percent = self._percent()
            if self._word() != ")":
                raise self._error("missing ')' after the RVC percentage", position)
            self.index += 1
        else:
            raise self._error("RVC needs a percentage, for example RVC40", position)
        method: RvcMethod = "agreement"
        word = self._word()
        if word in {"build-down", "build-up", "net-cost"}:
            self.index += 1
            method = word  # type: ignore[assignment]
        elif word == "net" and self._word(1) == "cost":
            self.index += 2
            method = "net-cost"
        if not Decimal(0) < percent <= Decimal(100):
            raise self._error(f"RVC percentage {percent} must be above 0 and at most 100", position)
        return RegionalValueContent(percent=percent, method=method)

    def _max_non_originating(self, position: int) -> MaxNonOriginating:
        percent = self._percent()
        if percent > 100:
            raise self._error(f"MaxNOM percentage {percent} is above 100", position)
        base: Literal["EXW", "FOB"] = "EXW"
        if self._word() in {"exw", "fob"}:
            base = "EXW" if self._word() == "exw" else "FOB"
            self.index += 1
        materials: tuple[CodeRange, ...] = ()
        if self._word() == "of":
            self.index += 1
            materials = self._references()
        return MaxNonOriginating(percent=percent, base=base, materials=materials)

    def _exceptions(self) -> tuple[CodeRange, ...]:
        if self._word() != "except":
            return ()
        self.index += 1
        if self._word() == "from":
            self.index += 1
        return self._references()

    def _starts_reference(self) -> bool:
        token = self._peek()
        return token is not None and (token[0] == "code" or self._word() in _REFERENCE_WORDS)

    def _references(self) -> tuple[CodeRange, ...]:
        found = [self._reference()]
        while self._word() in {",", "and"} and self._starts_reference_after_separator():
            self.index += 1
            found.append(self._reference())
        return tuple(found)

    def _starts_reference_after_separator(self) -> bool:
        self.index += 1
        starts = self._starts_reference()
        self.index -= 1
        return starts

    def _reference(self) -> CodeRange:
        word = ""
        while self._word() in _REFERENCE_WORDS:
            word = word or self._word()
            self.index += 1
        start = self._code(word)
        end = start
        if self._word() in _RANGE_WORDS:
            self.index += 1
            while self._word() in _REFERENCE_WORDS:
                self.index += 1
            end = self._code(word)
            if len(end) != len(start) or end < start:
                raise self._error(f"range {start} to {end} is not a range of one level")
        return CodeRange(start=start, end=end)

    def _code(self, word: str) -> str:
        kind, value, position = self._take()
        if kind != "code":
            raise self._error(f"expected an HS code, found {value!r}", position)
        digits = value.replace(".", "")
        if word.startswith("chapter") and len(digits) == 1:
            digits = "0" + digits
        if len(digits) not in {2, 4, 6}:
            raise self._error(
                f"{value!r} is not a chapter (2 digits), heading (4) or subheading (6)", position
            )
        return digits


def parse_rule(text: str) -> Rule:
    """Parse rule text into a rule tree; raise :class:`InvalidRuleError` naming the problem."""
    if not isinstance(text, str):
        raise InvalidRuleError(f"rule must be text such as 'CTH or RVC40', not {text!r}")
    return _Parser(text).parse()
