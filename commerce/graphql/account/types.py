"""Addresses and countries, in Saleor's shape with Vietnam's two-tier units.

Saleor's `countryArea` carries the province and `city` the ward or commune
(there are no districts since July 2025). The codes behind them, and a
district named by an address written before the reform, are OCOP additions.
"""

import graphene

from commerce.account import models

from commerce.graphql.core.types import ModelObjectType

from .countries import country_name


class CountryDisplay(graphene.ObjectType):
    code = graphene.String(description="Country code.", required=True)
    country = graphene.String(description="Country name.", required=True)

    @staticmethod
    def for_code(code: str) -> "CountryDisplay":
        return CountryDisplay(code=code, country=country_name(code))


class Address(ModelObjectType):
    first_name = graphene.String(required=True, description="The given name of the address.")
    last_name = graphene.String(required=True, description="The family name of the address.")
    company_name = graphene.String(required=True, description="Company or organization name.")
    street_address_1 = graphene.String(required=True, description="The first line of the address.")
    street_address_2 = graphene.String(required=True, description="The second line of the address.")
    city = graphene.String(required=True, description="The ward or commune of the address.")
    city_area = graphene.String(required=True, description="The district of the address.")
    postal_code = graphene.String(required=True, description="The postal code of the address.")
    country = graphene.Field(CountryDisplay, required=True, description="The country of the address.")
    country_area = graphene.String(required=True, description="The province of the address.")
    phone = graphene.String(description="The phone number assigned the address.")
    # OCOP additions: the administrative units behind the names above.
    province_code = graphene.Int(description="Code of the province (one of the 34 since July 2025).")
    ward_code = graphene.Int(description="Code of the ward or commune (2025 administrative units).")
    legacy_district = graphene.String(
        description="District named by an address written before the July 2025 reform, as written."
    )

    class Meta:
        model = models.Address
        description = "Represents user address data."

    @staticmethod
    def resolve_street_address_1(root, _info):
        return root.street_address_1

    @staticmethod
    def resolve_street_address_2(root, _info):
        return root.street_address_2

    @staticmethod
    def resolve_country(root, _info):
        return CountryDisplay.for_code(root.country)

    @staticmethod
    def resolve_phone(root, _info):
        return root.phone or None
