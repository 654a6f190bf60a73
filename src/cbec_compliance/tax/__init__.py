"""Import taxes: VAT/GST rates, tax bases, low-value regimes, fees and exchange rates as data.

The pack kinds live in :mod:`cbec_compliance.tax.schema`, pack access in
:mod:`cbec_compliance.tax.rules`, dated exchange rates in :mod:`cbec_compliance.tax.exchange`.
The landed-cost engine (:mod:`cbec_compliance.landed_cost`) applies them.
"""
