"""Saleor's CountryCode enum, built from the generated list in country_codes.py."""

import graphene

from .country_codes import COUNTRY_CODES

CountryCodeEnum = graphene.Enum(
    "CountryCode",
    [(code, code) for code, _name in COUNTRY_CODES],
    description=(
        "Represents country codes defined by the ISO 3166-1 alpha-2 standard.\n\n"
        "The `EU` value is DEPRECATED and will be removed in Saleor 3.21."
    ),
)
