"""The landed-cost engine: order x destination rules x tariff measures -> :class:`Quote`.

Order of work (each step adds to the trace), and the module that does it:

1. destination rules (territory, currency, valuation basis, tax bases, rounding, regimes):
   :mod:`.context`;
2. conversion of every amount to the destination currency, with the rate and its date:
   :mod:`.valuation`;
3. customs value per line (CIF or FOB; transport and insurance shared by value): :mod:`.valuation`;
4. regimes from the packs: China's cross-border retail import, reliefs (de minimis), VAT/GST at
   sale, the flat duty per tariff subheading: :mod:`.regimes`;
5. duty per line (caller's rate, else tariff measures from :mod:`.measures`): :mod:`.duty`;
   excise/consumption tax and import VAT/GST: :mod:`.taxes`;
6. entry fees (once per entry): :mod:`.fees`; small-amount waivers: :mod:`.regimes`;
7. rounding where the authority rounds; amounts allocated back to lines so that the lines add up
   to the consignment exactly: :mod:`.finish`.

Unknown is never zero: a missing rate, weight or origin yields a charge with ``amount=None`` and
an entry in ``Quote.missing``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from cbec_compliance.errors import InvalidInputError
from cbec_compliance.landed_cost.context import _ZERO, MeasuresProvider, _Context, _plan, _quantum
from cbec_compliance.landed_cost.duty import _duty
from cbec_compliance.landed_cost.duty import evaluate_expression as evaluate_expression
from cbec_compliance.landed_cost.fees import _fees
from cbec_compliance.landed_cost.finish import _finish
from cbec_compliance.landed_cost.measures import _provider
from cbec_compliance.landed_cost.model import Item, MeasureLike, Quote
from cbec_compliance.landed_cost.regimes import (
    _cross_border_retail,
    _flat_duty,
    _reliefs,
    _vat_at_sale,
    _waivers,
)
from cbec_compliance.landed_cost.taxes import _excise, _vat
from cbec_compliance.landed_cost.valuation import _convert_lines, _customs_value, _personal_use
from cbec_compliance.money import Money, validate_currency
from cbec_compliance.tax.exchange import ExchangeRates, SuppliedRate

__all__ = ["MeasuresProvider", "quote"]


def quote(
    *,
    destination: str,
    items: Sequence[Item],
    on: date,
    origin: str | None = None,
    shipping: Money | None = None,
    insurance: Money | None = None,
    incoterm: str = "DDP",
    seller: Mapping[str, bool] | None = None,
    buyer: str = "consumer",
    mode: str = "courier",
    gift: bool = False,
    currency: str | None = None,
    exchange_rates: Iterable[SuppliedRate] | Mapping[str, object] | None = None,
    measures: MeasuresProvider | Mapping[str, Sequence[MeasureLike]] | None = None,
    annual_cbec_spent: Money | None = None,
    personal_use: bool | None = None,
) -> Quote:
    """Duties, import taxes and fees due on an order, with a trace of every number.

    ``items`` are the order lines (:class:`~cbec_compliance.landed_cost.Item`); ``shipping`` and
    ``insurance`` the charges for the whole consignment (None: included in the prices); ``origin``
    the country of origin of the goods (an item's own ``origin`` wins); ``seller`` flags such as
    ``{"ioss_registered": True}``; ``buyer`` ``consumer`` or ``business``; ``mode`` ``courier``,
    ``post``, ``air``, ``sea``, ``road`` or ``rail``; ``currency`` the order currency (default: the
    first item's); ``exchange_rates`` rates of the customs authority to use instead of ECB rates
    (:class:`~cbec_compliance.tax.exchange.SuppliedRate` or ``{"USD/EUR": "0.9"}``); ``measures``
    tariff measures to use instead of the tariff packs (a provider or a mapping code -> measures);
    ``annual_cbec_spent`` what the buyer already bought this year through China's cross-border
    retail import; ``personal_use`` whether the goods are for the buyer's own use (default: when
    ``buyer`` is ``consumer``).
    """
    if not isinstance(on, date):
        raise InvalidInputError(f"on {on!r} must be a datetime.date")
    country = _check_country(destination, "destination")
    shipment_origin = _check_country(origin, "origin") if origin is not None else None
    if isinstance(items, Item) or not isinstance(items, Sequence) or not items:
        raise InvalidInputError("items must be a non-empty list of Item")
    for item in items:
        if not isinstance(item, Item):
            raise InvalidInputError(f"items must be Item objects, got {type(item).__name__}")
    if incoterm not in ("DDP", "DAP"):
        raise InvalidInputError(f"incoterm {incoterm!r} must be 'DDP' or 'DAP'")
    if buyer not in ("consumer", "business"):
        raise InvalidInputError(f"buyer {buyer!r} must be 'consumer' or 'business'")
    if mode not in ("courier", "post", "air", "sea", "road", "rail"):
        raise InvalidInputError(f"mode {mode!r} must be one of courier, post, air, sea, road, rail")
    for name, extra in (
        ("shipping", shipping),
        ("insurance", insurance),
        ("annual_cbec_spent", annual_cbec_spent),
    ):
        if extra is not None and (not isinstance(extra, Money) or extra.amount < 0):
            raise InvalidInputError(f"{name} must be a non-negative Money or None")
    if seller is None:
        seller = {}
    if not isinstance(seller, Mapping) or not all(isinstance(v, bool) for v in seller.values()):
        raise InvalidInputError("seller must be a mapping of flag name to True/False")
    if not isinstance(gift, bool):
        raise InvalidInputError("gift must be True or False")
    order_currency = validate_currency(currency) if currency else items[0].value.currency
    provider = _provider(measures)

    plan = _plan(country, on)
    dest = plan.destination
    fx = ExchangeRates(exchange_rates)
    ctx = _Context(
        plan=plan,
        destination=dest,
        on=on,
        currency=dest.currency,
        quantum=_quantum(dest.currency),
        fx=fx,
        fx_method=plan.fx_method,
        fx_rule=plan.fx_rule,
        steps=[],
        missing=[],
        notes=[],
        regimes=[],
        buyer=buyer,
        mode=mode,
        seller=seller,
        origin=shipment_origin,
        gift=gift,
        measures=provider,
        base_step=plan.rounding[0].base_step if plan.rounding is not None else None,
    )
    _describe_destination(ctx)
    _convert_lines(ctx, items, shipping, insurance)
    _personal_use(ctx, buyer == "consumer" if personal_use is None else personal_use)
    _customs_value(ctx)
    intrinsic = sum((line.value for line in ctx.lines), _ZERO)
    cbec = _cross_border_retail(ctx, annual_cbec_spent)
    if not cbec:
        _reliefs(ctx, intrinsic)
        _vat_at_sale(ctx, intrinsic)
        _flat_duty(ctx, intrinsic)
    for line in ctx.lines:
        _duty(ctx, line)
        _excise(ctx, line)
        _vat(ctx, line)
    _fees(ctx)
    _waivers(ctx)
    return _finish(ctx, order_currency, incoterm, intrinsic)


def _check_country(value: object, name: str) -> str:
    if not isinstance(value, str) or len(value.strip()) != 2 or not value.strip().isalpha():
        raise InvalidInputError(f"{name} {value!r} must be an ISO 3166 alpha-2 code such as 'DE'")
    return value.strip().upper()


def _describe_destination(ctx: _Context) -> None:
    ctx.steps.extend(ctx.plan.opening_steps)
    ctx.notes.extend(ctx.plan.opening_notes)
