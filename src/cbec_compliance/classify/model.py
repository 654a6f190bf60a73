"""What classification returns: ranked candidates, a question, a decline, catalogue flags."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

__all__ = ["Candidate", "CatalogueFlag", "CatalogueRow", "ClassificationResult", "Question"]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A subheading that may fit the goods, with why and how sure.

    ``confidence`` is the calibrated probability that ``hs6`` is the right subheading (see
    docs/classification.md, "Confidence"). ``national_code`` is the destination's line under
    ``hs6`` that best matches the title's words, or None without a destination or national data.
    """

    hs6: str
    description: str
    description_path: tuple[str, ...]
    confidence: float
    reasons: tuple[str, ...]
    score: float
    national_code: str | None = None
    national_schedule: str | None = None

    @property
    def heading(self) -> str:
        return self.hs6[:4]

    def to_dict(self) -> dict[str, Any]:
        return {
            "hs6": self.hs6,
            "national_code": self.national_code,
            "national_schedule": self.national_schedule,
            "description": self.description,
            "description_path": list(self.description_path),
            "confidence": self.confidence,
            "score": self.score,
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True, slots=True)
class Question:
    """The question whose answer separates the close candidates.

    ``options`` maps each answer to the candidate subheadings it keeps.
    """

    text: str
    attribute: str
    options: dict[str, list[str]]

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "attribute": self.attribute, "options": self.options}


@dataclass(frozen=True)
class ClassificationResult:
    """Ranked candidates for one product text, best first."""

    text: str
    destination: str | None
    on: date
    candidates: list[Candidate]
    declined: bool
    decline_reason: str | None
    question: Question | None
    notes: tuple[str, ...] = ()
    cues: tuple[str, ...] = field(default=())

    @property
    def best(self) -> Candidate | None:
        """The top candidate, or None when the text is declined or nothing matched."""
        return None if self.declined or not self.candidates else self.candidates[0]

    def explain(self) -> str:
        """A plain-text account: cues read from the title, candidates with reasons, question."""
        lines = [
            f"Classification of {self.text!r}"
            + (f" for {self.destination} on {self.on}" if self.destination else f" on {self.on}")
        ]
        for cue in self.cues:
            lines.append(f"  read: {cue}")
        if self.declined:
            lines.append(f"DECLINED: {self.decline_reason}")
        for rank, candidate in enumerate(self.candidates, start=1):
            national = (
                f"  national line {candidate.national_code} ({candidate.national_schedule})"
                if candidate.national_code
                else ""
            )
            lines.append(
                f"{rank}. {candidate.hs6}  confidence {candidate.confidence:.2f}{national}"
            )
            lines.append(f"   {' > '.join(candidate.description_path)}")
            for reason in candidate.reasons:
                lines.append(f"   - {reason}")
        if self.question is not None:
            lines.append(f"Question: {self.question.text}")
            for answer, codes in self.question.options.items():
                lines.append(f"  {answer}: {', '.join(codes)}")
        for note in self.notes:
            lines.append(f"note: {note}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "destination": self.destination,
            "on": self.on.isoformat(),
            "declined": self.declined,
            "decline_reason": self.decline_reason,
            "question": None if self.question is None else self.question.to_dict(),
            "cues": list(self.cues),
            "candidates": [candidate.to_dict() for candidate in self.candidates],
            "notes": list(self.notes),
        }


@dataclass(frozen=True, slots=True)
class CatalogueFlag:
    """One problem with a catalogue row: ``kind`` and a message naming the values."""

    kind: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "message": self.message}


@dataclass(frozen=True)
class CatalogueRow:
    """A seller's (title, code) pair, the classifier's view of the title, and the flags raised.

    Flag kinds: ``invalid_code`` (not a code at all, or not an HS 2022 subheading),
    ``invalid_for_destination`` (not a line of the destination's schedule), ``inconsistent``
    (the code's heading is not among the title's candidates), ``check_subheading`` (right heading,
    other subheadings rank higher), ``vague_title`` (the classifier declines the title).
    """

    title: str
    code: str
    flags: tuple[CatalogueFlag, ...]
    result: ClassificationResult | None

    @property
    def ok(self) -> bool:
        return not self.flags

    def to_dict(self) -> dict[str, Any]:
        best = self.result.candidates[0] if self.result and self.result.candidates else None
        return {
            "title": self.title,
            "code": self.code,
            "ok": self.ok,
            "flags": [flag.to_dict() for flag in self.flags],
            "suggested_hs6": best.hs6 if best else None,
            "suggested_confidence": best.confidence if best else None,
        }
