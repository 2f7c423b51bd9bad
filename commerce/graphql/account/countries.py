"""Country names for `CountryDisplay.country`, from Saleor's CountryCode list."""

from .country_codes import COUNTRY_CODES

COUNTRY_NAMES = dict(COUNTRY_CODES)


def country_name(code: str) -> str:
    return COUNTRY_NAMES.get((code or "").upper(), code or "")
