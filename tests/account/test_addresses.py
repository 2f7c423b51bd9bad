"""Addresses use the 2025 two-tier units: a ward must belong to the province named."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from commerce.account import divisions
from commerce.account.models import Address


def hanoi_ward(name):
    return next(w for w in divisions.wards().values() if w.name == name and int(w.province_code) == divisions.HANOI)


def test_thirty_four_provinces():
    assert len(divisions.provinces()) == 34


def test_names_are_filled_from_the_codes():
    ward = hanoi_ward("Xã Bát Tràng")
    address = Address(street_address_1="Thôn 3", province_code=divisions.HANOI, ward_code=int(ward.code))
    address.clean()
    assert address.country_area == "Thành phố Hà Nội"
    assert address.city == "Xã Bát Tràng"


def test_ward_of_another_province_is_refused_with_both_names():
    other = next(w for w in divisions.wards().values() if int(w.province_code) != divisions.HANOI)
    address = Address(province_code=divisions.HANOI, ward_code=int(other.code))
    with pytest.raises(ValidationError) as error:
        address.clean()
    message = error.value.message_dict["ward_code"][0]
    assert other.name in message and "Thành phố Hà Nội" in message


def test_unknown_codes_are_refused():
    with translation.override("en"), pytest.raises(ValidationError) as error:
        Address(province_code=99).clean()
    assert "34 provinces" in error.value.message_dict["province_code"][0]
    with pytest.raises(ValidationError):
        Address(province_code=divisions.HANOI, ward_code=999999).clean()


def test_ward_needs_its_province():
    with pytest.raises(ValidationError) as error:
        Address(ward_code=int(hanoi_ward("Xã Bát Tràng").code)).clean()
    assert "province_code" in error.value.message_dict


def test_a_pre_2025_district_is_kept_as_text():
    address = Address(province_code=divisions.HANOI, legacy_district="Huyện Gia Lâm")
    address.clean()
    assert address.legacy_district == "Huyện Gia Lâm"
    assert address.country_area == "Thành phố Hà Nội"


def test_foreign_addresses_are_not_checked_against_vietnamese_units():
    Address(country="FR", province_code=99).clean()
