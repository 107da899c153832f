"""Rates as DOMAIN.md §7 rounds them: 2 decimal places, half up, None without a denominator."""
from decimal import Decimal


def ratio(numerator: int, denominator: int | None, scale: int = 100) -> Decimal | None:
    """numerator / denominator × scale, rounded half up (away from zero) to 2 places, in exact integer
    arithmetic; None when the denominator is 0 or missing."""
    if not denominator:
        return None
    if not numerator:
        return _ZERO
    hundredths, remainder = divmod(abs(numerator) * scale * 100, abs(denominator))
    if 2 * remainder >= abs(denominator):
        hundredths += 1
    if (numerator < 0) != (denominator < 0):
        hundredths = -hundredths
    value = _DECIMALS.get(hundredths)
    if value is None:
        value = Decimal(hundredths).scaleb(-2)
        if len(_DECIMALS) < _CACHED:
            _DECIMALS[hundredths] = value
    return value


# A national rollup computes ~500,000 rates, mostly from a few thousand distinct values: building each Decimal
# once is a measurable part of its time (Decimals are immutable, so sharing them is safe).
_DECIMALS: dict[int, Decimal] = {}
_CACHED = 200_000
_ZERO = Decimal(0).scaleb(-2)
