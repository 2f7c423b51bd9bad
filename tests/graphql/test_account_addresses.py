"""The address book through Saleor's mutations, on Vietnam's 2025 units: a
Saleor storefront writes the province in `countryArea` and the ward or commune
in `city`; OCOP clients may send `provinceCode`/`wardCode` instead. A ward must
be in its province."""

import pytest

from commerce.account import divisions
from commerce.graphql.core.ids import to_global_id
from tests import factories
from tests.account.support import ward, ward_elsewhere

ADDRESS_FIELDS = "id streetAddress1 city countryArea provinceCode wardCode phone country { code }"
CREATE = f"""
mutation Create($input: AddressInput!, $type: AddressTypeEnum) {{
  accountAddressCreate(input: $input, type: $type) {{
    address {{ {ADDRESS_FIELDS} }}
    user {{ defaultShippingAddress {{ id }} defaultBillingAddress {{ id }} addresses {{ id }} }}
    errors {{ field message code }}
  }}
}}
"""
UPDATE = f"""
mutation Update($id: ID!, $input: AddressInput!) {{
  accountAddressUpdate(id: $id, input: $input) {{ address {{ {ADDRESS_FIELDS} }} errors {{ field message code }} }}
}}
"""
DELETE = """
mutation Delete($id: ID!) {
  accountAddressDelete(id: $id) { address { id } user { addresses { id } defaultShippingAddress { id } } errors { field code } }
}
"""
SET_DEFAULT = """
mutation Default($id: ID!, $type: AddressTypeEnum!) {
  accountSetDefaultAddress(id: $id, type: $type) {
    user { defaultShippingAddress { id } defaultBillingAddress { id } } errors { field code }
  }
}
"""
ME = "{ me { addresses { id city } defaultShippingAddress { id } defaultBillingAddress { id } } }"


@pytest.fixture
def customer(api):
    user = factories.make_customer("lan@ocop.test")
    api.login(user)
    return user


def create(api, type=None, **fields):
    fields.setdefault("streetAddress1", "Thôn 3")
    return api.data(CREATE, {"input": fields, "type": type})["accountAddressCreate"]


def test_address_by_names_as_a_saleor_storefront_sends_it(api, customer):
    result = create(api, countryArea="Hà Nội", city="Bát Tràng", phone="0912 345 678", country="VN")
    assert result["errors"] == []
    address = result["address"]
    assert address["countryArea"] == "Thành phố Hà Nội" and address["city"] == "Xã Bát Tràng"
    assert address["provinceCode"] == divisions.HANOI and address["wardCode"] == int(ward("Xã Bát Tràng").code)
    assert address["phone"] == "+84912345678" and address["country"] == {"code": "VN"}


def test_the_first_address_becomes_both_defaults(api, customer):
    first = create(api, provinceCode=divisions.HANOI, wardCode=int(ward("Xã Bát Tràng").code))
    assert first["user"]["defaultShippingAddress"] == {"id": first["address"]["id"]}
    assert first["user"]["defaultBillingAddress"] == {"id": first["address"]["id"]}
    second = create(api, "SHIPPING", countryArea="Hà Nội", city="Phường Hoàn Kiếm")
    assert second["user"]["defaultShippingAddress"] == {"id": second["address"]["id"]}
    assert second["user"]["defaultBillingAddress"] == {"id": first["address"]["id"]}
    assert len(second["user"]["addresses"]) == 2


def test_a_ward_of_another_province_is_refused(api, customer):
    other = ward_elsewhere()
    result = create(api, provinceCode=divisions.HANOI, wardCode=int(other.code))
    assert result["address"] is None
    [error] = result["errors"]
    assert error["field"] == "wardCode" and error["code"] == "INVALID"
    assert other.name in error["message"] and "Thành phố Hà Nội" in error["message"]
    by_name = create(api, countryArea="Hà Nội", city="Xã Không Có Thật")["errors"][0]
    assert by_name["field"] == "city" and by_name["code"] == "INVALID"
    assert api.data(ME)["me"]["addresses"] == []


def test_missing_units_and_street_are_required(api, customer):
    result = api.data(CREATE, {"input": {"country": "VN"}})["accountAddressCreate"]
    assert {(e["field"], e["code"]) for e in result["errors"]} == {("streetAddress1", "REQUIRED"), ("countryArea", "REQUIRED")}


def test_update_delete_and_set_default(api, customer):
    first = create(api, countryArea="Hà Nội", city="Bát Tràng")["address"]
    second = create(api, countryArea="Hà Nội", city="Phường Hoàn Kiếm")["address"]
    updated = api.data(UPDATE, {"id": second["id"], "input": {"city": "Phường Ba Đình"}})["accountAddressUpdate"]
    assert updated["errors"] == [] and updated["address"]["city"] == "Phường Ba Đình"
    defaults = api.data(SET_DEFAULT, {"id": second["id"], "type": "BILLING"})["accountSetDefaultAddress"]
    assert defaults["user"]["defaultBillingAddress"] == {"id": second["id"]}
    assert defaults["user"]["defaultShippingAddress"] == {"id": first["id"]}
    deleted = api.data(DELETE, {"id": first["id"]})["accountAddressDelete"]
    assert deleted["address"] == {"id": first["id"]}
    assert deleted["user"] == {"addresses": [{"id": second["id"]}], "defaultShippingAddress": None}


def test_someone_elses_address_cannot_be_touched(api, customer):
    stranger = factories.make_customer()
    theirs = factories.make_address()
    stranger.addresses.add(theirs)
    address_id = to_global_id("Address", theirs.pk)
    for query, variables in (
        (DELETE, {"id": address_id}),
        (UPDATE, {"id": address_id, "input": {"city": "Phường Ba Đình"}}),
        (SET_DEFAULT, {"id": address_id, "type": "SHIPPING"}),
    ):
        errors = api.errors(query, variables)
        assert errors[0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert stranger.addresses.count() == 1


def test_anonymous_cannot_keep_an_address_book(api):
    errors = api.errors(CREATE, {"input": {"streetAddress1": "Thôn 3", "countryArea": "Hà Nội", "city": "Bát Tràng"}})
    assert errors[0]["extensions"]["exception"]["code"] == "PermissionDenied"


def test_account_update_changes_names_language_and_default_addresses(api, customer):
    result = api.data(
        """mutation($input: AccountInput!) { accountUpdate(input: $input) {
             user { firstName lastName languageCode defaultShippingAddress { city } addresses { id } }
             errors { field code } } }""",
        {"input": {"firstName": "Lan", "lastName": "Trần", "languageCode": "EN",
                   "defaultShippingAddress": {"streetAddress1": "Số 5", "countryArea": "Hà Nội", "city": "Bát Tràng"}}},
    )["accountUpdate"]
    assert result["errors"] == []
    assert result["user"]["firstName"] == "Lan" and result["user"]["languageCode"] == "EN"
    assert result["user"]["defaultShippingAddress"] == {"city": "Xã Bát Tràng"}
    assert len(result["user"]["addresses"]) == 1
