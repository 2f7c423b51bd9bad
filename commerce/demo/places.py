"""Hanoi's communes and wards since 1 July 2025, looked up by name.

Seed data names wards the way people write them ("Xã Bát Tràng"); the code comes
from the `vietnam-provinces` package, so no code is typed in by hand and a name
that no longer exists fails loudly instead of producing a wrong address.
"""

from functools import lru_cache

from vietnam_provinces import Ward

from commerce.account.divisions import HANOI
from commerce.account.models import Address


@lru_cache(maxsize=None)
def hanoi_wards() -> dict[str, int]:
    return {ward.name: int(ward.code) for ward in Ward.iter_by_province(HANOI)}


def hanoi_ward_code(name: str) -> int:
    try:
        return hanoi_wards()[name]
    except KeyError:
        raise LookupError(f"{name!r} is not a commune or ward of Hà Nội since July 2025.") from None


def hanoi_ward_names() -> list[str]:
    return sorted(hanoi_wards())


def save_address(address: Address | None, *, ward: str, street: str, legacy_district: str = "",
                 company_name: str = "", phone: str = "", first_name: str = "", last_name: str = "") -> tuple[Address, bool]:
    """Create the address, or update the one a record already points at.

    Addresses have no natural key, so a record's address is rewritten in place:
    running the loader again keeps one address per record. Returns the address and
    whether it was written, so callers can count changes.
    """
    wanted = {
        "street_address_1": street,
        "province_code": HANOI,
        "ward_code": hanoi_ward_code(ward),
        "legacy_district": legacy_district,
        "company_name": company_name,
        "phone": phone,
        "first_name": first_name,
        "last_name": last_name,
        "country": "VN",
    }
    if address is not None and all(getattr(address, k) == v for k, v in wanted.items()):
        return address, False
    address = address or Address()
    for key, value in wanted.items():
        setattr(address, key, value)
    address.full_clean()  # fills in the province and ward names from the codes
    address.save()
    return address, True
