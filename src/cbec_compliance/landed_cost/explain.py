"""Render a :class:`~cbec_compliance.landed_cost.Quote` for people."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cbec_compliance.landed_cost.model import Charge, Quote

__all__ = ["render"]


def _amount(charge: Charge) -> str:
    return str(charge.amount) if charge.amount is not None else "UNKNOWN"


def render(quote: Quote) -> str:
    """A plain-text explanation: summary, lines, entry charges, what is missing, then the trace."""
    out: list[str] = []
    where = quote.destination
    if quote.customs_territory != quote.destination:
        where += f" ({quote.customs_territory})"
    out.append(
        f"Landed cost to {where} from {quote.origin or 'unknown origin'} on {quote.on} "
        f"({quote.incoterm}), amounts in {quote.currency}"
    )
    out.append(f"  customs value {quote.customs_value}; intrinsic value {quote.intrinsic_value}")
    if quote.regimes:
        out.append(f"  regimes: {', '.join(quote.regimes)}")
    total = quote.total
    if total is not None:
        line = f"  TOTAL {total.rounded()}"
        converted = quote.total_in_order_currency
        if converted is not None and quote.order_rate is not None:
            line += f" (= {converted}; {quote.order_rate.describe()})"
        out.append(line)
    else:
        out.append(f"  TOTAL INCOMPLETE: at least {quote.known_total.rounded()}; see 'Missing'")
    for label, value in (("duties", quote.duties), ("taxes", quote.taxes), ("fees", quote.fees)):
        out.append(f"    {label}: {value.rounded() if value is not None else 'incomplete'}")
    out.append(f"    due at the border: {quote.due_at_border.rounded()}")
    for quote_line in quote.lines:
        desc = f" {quote_line.description}" if quote_line.description else ""
        out.append(
            f"Line {quote_line.index}: {quote_line.hs_code}{desc} x {quote_line.quantity}, "
            f"value {quote_line.value}, customs value {quote_line.customs_value}"
        )
        for charge in quote_line.charges:
            out.append(f"  {charge.name}: {_amount(charge)}" + _how(charge))
    if quote.entry_charges:
        out.append("Entry (once per declaration):")
        for charge in quote.entry_charges:
            out.append(f"  {charge.name}: {_amount(charge)}" + _how(charge))
    if quote.missing:
        out.append("Missing (no number is given for these parts):")
        out.extend(f"  - {item.describe()}" for item in quote.missing)
    if quote.notes:
        out.append("Notes:")
        out.extend(f"  - {note}" for note in quote.notes)
    out.append("Trace:")
    for number, step in enumerate(quote.trace, start=1):
        out.append(f"  {number}. {step.title}: {step.detail}")
        if step.rule is not None:
            out.append(f"     rule: {step.rule.describe()}")
            for source in step.rule.sources:
                retrieved = f", retrieved {source.retrieved}" if source.retrieved else ""
                out.append(f"     source: {source.title} <{source.url}>{retrieved}")
        if step.exchange_rate is not None:
            out.append(
                f"     exchange rate: {step.exchange_rate.describe()}; {step.exchange_rate.source}"
            )
    return "\n".join(out)


def _how(charge: Charge) -> str:
    parts: list[str] = []
    if charge.base is not None and charge.rate:
        parts.append(f"{charge.rate} of {charge.base}")
    elif charge.rate:
        parts.append(charge.rate)
    if charge.collected == "at_sale":
        parts.append("collected by the seller at sale")
    if charge.missing:
        parts.append("needs " + "; ".join(item.what for item in charge.missing))
    return f" ({'; '.join(parts)})" if parts else ""
