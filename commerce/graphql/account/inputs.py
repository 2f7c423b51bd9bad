"""AddressInput as Saleor accepts it. Catalogue fields take an address only to
learn the destination country; nothing here is saved."""

import graphene

from .enums import CountryCodeEnum


class AddressInput(graphene.InputObjectType):
    first_name = graphene.String(description="Given name.")
    last_name = graphene.String(description="Family name.")
    company_name = graphene.String(description="Company or organization.")
    street_address_1 = graphene.String(description="Address.")
    street_address_2 = graphene.String(description="Address.")
    city = graphene.String(description="City.")
    city_area = graphene.String(description="District.")
    postal_code = graphene.String(description="Postal code.")
    country = CountryCodeEnum(description="Country.")
    country_area = graphene.String(description="State or province.")
    phone = graphene.String(description="Phone number.")
    skip_validation = graphene.Boolean(description="Determine if the address should be validated.")


def destination_address_argument():
    return graphene.Argument(
        AddressInput,
        description=(
            "Destination address used to find warehouses where stock availability for this "
            "product is checked. If address is empty, uses the channel's default country."
        ),
    )
