"""Saleor's checkout API end to end: create, change lines, contact, addresses,
delivery, complete; Saleor-shaped errors that change nothing; access rules."""

import pytest

from commerce.checkout.models import Checkout, CheckoutLine
from commerce.graphql.core.ids import to_global_id
from commerce.order.models import Order
from commerce.shipping.models import ShippingMethodTranslation
from commerce.warehouse.models import WarehouseClickAndCollectOption
from tests import factories
from tests.checkout.helpers import HCMC, HANOI_WARD, make_collection_point, make_method, make_variant_in, make_zone

pytestmark = pytest.mark.django_db

CHECKOUT_FIELDS = """
  id token email quantity languageCode chargeStatus authorizeStatus isShippingRequired
  channel { slug }
  lines { id quantity variant { id sku } unitPrice { gross { amount currency } }
          undiscountedUnitPrice { amount } totalPrice { gross { amount } } requiresShipping }
  subtotalPrice { gross { amount } net { amount } tax { amount } }
  shippingPrice { gross { amount } }
  totalPrice { gross { amount currency } }
  shippingAddress { city countryArea phone }
  billingAddress { city }
  shippingMethods { id name price { amount } minimumDeliveryDays maximumDeliveryDays type }
  availableCollectionPoints { id name }
  availablePaymentGateways { id name currencies }
  deliveryMethod { __typename ... on ShippingMethod { id name } ... on Warehouse { id } }
  shippingMethod { id }
"""
ERRORS = "errors { field message code variants lines addressType }"

CREATE = f"""
mutation($input: CheckoutCreateInput!) {{
  checkoutCreate(input: $input) {{ checkout {{ {CHECKOUT_FIELDS} }} {ERRORS} }}
}}"""
LINES_ADD = f"""
mutation($id: ID, $lines: [CheckoutLineInput!]!) {{
  checkoutLinesAdd(id: $id, lines: $lines) {{ checkout {{ {CHECKOUT_FIELDS} }} {ERRORS} }}
}}"""
LINES_UPDATE = f"""
mutation($id: ID, $lines: [CheckoutLineUpdateInput!]!) {{
  checkoutLinesUpdate(id: $id, lines: $lines) {{ checkout {{ {CHECKOUT_FIELDS} }} {ERRORS} }}
}}"""
LINES_DELETE = f"""
mutation($id: ID, $linesIds: [ID!]!) {{
  checkoutLinesDelete(id: $id, linesIds: $linesIds) {{ checkout {{ quantity }} {ERRORS} }}
}}"""
EMAIL = f"""
mutation($id: ID, $email: String!) {{
  checkoutEmailUpdate(id: $id, email: $email) {{ checkout {{ email }} {ERRORS} }}
}}"""
SHIPPING_ADDRESS = f"""
mutation($id: ID, $address: AddressInput!) {{
  checkoutShippingAddressUpdate(id: $id, shippingAddress: $address) {{ checkout {{ {CHECKOUT_FIELDS} }} {ERRORS} }}
}}"""
BILLING_ADDRESS = f"""
mutation($id: ID, $address: AddressInput!) {{
  checkoutBillingAddressUpdate(id: $id, billingAddress: $address) {{ checkout {{ billingAddress {{ city }} }} {ERRORS} }}
}}"""
DELIVERY = f"""
mutation($id: ID, $method: ID) {{
  checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $method) {{ checkout {{ {CHECKOUT_FIELDS} }} {ERRORS} }}
}}"""
COMPLETE = f"""
mutation($id: ID) {{
  checkoutComplete(id: $id) {{ order {{ id }} confirmationNeeded {ERRORS} }}
}}"""
QUERY = f"query($id: ID) {{ checkout(id: $id) {{ {CHECKOUT_FIELDS} }} }}"

ADDRESS = {
    "firstName": "Lan", "lastName": "Nguyễn", "streetAddress1": "12 Hàng Gai",
    "countryArea": "Thành phố Hà Nội", "city": "Phường Hoàn Kiếm", "country": "VN", "phone": "0912 345 678",
}


def gid(type_name, pk):
    return to_global_id(type_name, pk)


def mutate(api, query, variables, name):
    return api.data(query, variables)[name]


@pytest.fixture
def shop(channel):
    variant = make_variant_in(channel, price=120000, stock=10)
    method = make_method(make_zone(channel), channel, "Giao hàng tiêu chuẩn", price=30000, free_above=500000)
    return channel, variant, method


def create(api, channel, lines, **input):
    result = mutate(api, CREATE, {"input": {"channel": channel.slug, "lines": lines, **input}}, "checkoutCreate")
    return result


def line(variant, quantity):
    return {"variantId": gid("ProductVariant", variant.pk), "quantity": quantity}


# --- the whole way ---------------------------------------------------------------------


def test_create_lines_address_delivery_complete(api, shop):
    channel, variant, method = shop
    channel.allow_unpaid_orders = True
    channel.save()
    result = create(api, channel, [line(variant, 1)], email="lan@ocop.test", languageCode="VI")
    assert result["errors"] == []
    checkout = result["checkout"]
    assert checkout["quantity"] == 1 and checkout["languageCode"] == "VI"
    assert checkout["lines"][0]["unitPrice"]["gross"] == {"amount": 120000.0, "currency": "VND"}
    assert checkout["shippingMethods"] == []  # no address yet
    checkout_id = checkout["id"]

    added = mutate(api, LINES_ADD, {"id": checkout_id, "lines": [line(variant, 2)]}, "checkoutLinesAdd")
    assert added["errors"] == [] and added["checkout"]["quantity"] == 3
    assert added["checkout"]["subtotalPrice"]["gross"]["amount"] == 360000

    addressed = mutate(api, SHIPPING_ADDRESS, {"id": checkout_id, "address": ADDRESS}, "checkoutShippingAddressUpdate")
    assert addressed["errors"] == []
    assert addressed["checkout"]["shippingAddress"] == {
        "city": "Phường Hoàn Kiếm", "countryArea": "Thành phố Hà Nội", "phone": "+84912345678"}
    assert addressed["checkout"]["shippingMethods"] == [{
        "id": gid("ShippingMethod", method.pk), "name": "Giao hàng tiêu chuẩn", "price": {"amount": 30000.0},
        "minimumDeliveryDays": None, "maximumDeliveryDays": None, "type": "PRICE"}]

    chosen = mutate(api, DELIVERY, {"id": checkout_id, "method": gid("ShippingMethod", method.pk)},
                    "checkoutDeliveryMethodUpdate")
    assert chosen["errors"] == []
    assert chosen["checkout"]["deliveryMethod"]["__typename"] == "ShippingMethod"
    assert chosen["checkout"]["totalPrice"]["gross"]["amount"] == 390000

    completed = mutate(api, COMPLETE, {"id": checkout_id}, "checkoutComplete")
    assert completed["errors"] == [] and completed["confirmationNeeded"] is False
    order = Order.objects.get()
    assert completed["order"]["id"] == gid("Order", order.pk)
    assert order.total_gross_amount == 390000
    assert not Checkout.objects.exists()

    again = mutate(api, COMPLETE, {"id": checkout_id}, "checkoutComplete")  # a retried request
    assert again["errors"] == [] and again["order"]["id"] == completed["order"]["id"]


def test_collect_at_a_centre_and_pay_there_or_by_cod(api, shop):
    channel, variant, _method = shop
    point = make_collection_point(channel, WarehouseClickAndCollectOption.LOCAL_STOCK, stock={variant: 2})
    checkout = create(api, channel, [line(variant, 2)], email="lan@ocop.test")["checkout"]
    assert checkout["availableCollectionPoints"] == [{"id": gid("Warehouse", point.pk), "name": point.name}]
    chosen = mutate(api, DELIVERY, {"id": checkout["id"], "method": gid("Warehouse", point.pk)},
                    "checkoutDeliveryMethodUpdate")
    assert chosen["errors"] == []
    assert chosen["checkout"]["deliveryMethod"] == {"__typename": "Warehouse", "id": gid("Warehouse", point.pk)}
    assert chosen["checkout"]["shippingPrice"]["gross"]["amount"] == 0
    unpaid = mutate(api, COMPLETE, {"id": checkout["id"]}, "checkoutComplete")
    assert [e["code"] for e in unpaid["errors"]] == ["CHECKOUT_NOT_FULLY_PAID"]
    assert unpaid["order"] is None and Order.objects.count() == 0
    Checkout.objects.update(payment_gateway="pay_at_centre")
    assert mutate(api, COMPLETE, {"id": checkout["id"]}, "checkoutComplete")["errors"] == []
    assert Order.objects.get().collection_point == point


# --- errors ---------------------------------------------------------------------------------


def test_wrong_channel_slug_is_named(api, shop):
    _channel, variant, _method = shop
    result = mutate(api, CREATE, {"input": {"channel": "khong-co", "lines": [line(variant, 1)]}}, "checkoutCreate")
    [error] = result["errors"]
    assert (error["field"], error["code"]) == ("channel", "NOT_FOUND")
    assert "khong-co" in error["message"]
    assert result["checkout"] is None and Checkout.objects.count() == 0


def test_inactive_channel(api, shop):
    channel, variant, _method = shop
    channel.is_active = False
    channel.save()
    assert create(api, channel, [line(variant, 1)])["errors"][0]["code"] == "CHANNEL_INACTIVE"


def test_a_variant_not_sold_in_the_channel(api, shop):
    channel, _variant, _method = shop
    elsewhere = make_variant_in(factories.make_channel("kenh-khac"))
    [error] = create(api, channel, [line(elsewhere, 1)])["errors"]
    assert error["code"] == "UNAVAILABLE_VARIANT_IN_CHANNEL"
    assert error["variants"] == [gid("ProductVariant", elsewhere.pk)]
    assert Checkout.objects.count() == 0


def test_bad_ids_are_graphql_errors(api, shop):
    channel, variant, _method = shop
    [error] = create(api, channel, [{"variantId": "không-phải-id", "quantity": 1}])["errors"]
    assert (error["field"], error["code"]) == ("variantId", "GRAPHQL_ERROR")
    [error] = create(api, channel, [{"variantId": gid("Product", variant.product_id), "quantity": 1}])["errors"]
    assert error["code"] == "GRAPHQL_ERROR"
    result = mutate(api, LINES_ADD, {"id": "rác", "lines": [line(variant, 1)]}, "checkoutLinesAdd")
    assert result["errors"][0]["code"] == "GRAPHQL_ERROR"


def test_an_unknown_checkout_is_not_found(api, shop):
    _channel, variant, _method = shop
    missing = gid("Checkout", "6b3a1e3a-1111-4c2b-9c1a-000000000000")
    [error] = mutate(api, LINES_ADD, {"id": missing, "lines": [line(variant, 1)]}, "checkoutLinesAdd")["errors"]
    assert (error["field"], error["code"]) == ("id", "NOT_FOUND")


def test_huge_quantity_is_over_the_limit_and_changes_nothing(api, shop):
    channel, variant, _method = shop
    checkout = create(api, channel, [line(variant, 1)])["checkout"]
    [error] = mutate(api, LINES_ADD, {"id": checkout["id"], "lines": [line(variant, 10**9)]}, "checkoutLinesAdd")["errors"]
    assert (error["field"], error["code"]) == ("quantity", "QUANTITY_GREATER_THAN_LIMIT")
    assert list(CheckoutLine.objects.values_list("quantity", flat=True)) == [1]


def test_insufficient_stock_names_the_variant(api, shop):
    channel, variant, _method = shop
    [error] = create(api, channel, [line(variant, 11)])["errors"]
    assert (error["code"], error["variants"]) == ("INSUFFICIENT_STOCK", [gid("ProductVariant", variant.pk)])


def test_zero_quantity_in_add_is_refused_and_in_update_deletes(api, shop):
    channel, variant, _method = shop
    checkout = create(api, channel, [line(variant, 2)])["checkout"]
    [error] = mutate(api, LINES_ADD, {"id": checkout["id"], "lines": [line(variant, 0)]}, "checkoutLinesAdd")["errors"]
    assert error["code"] == "ZERO_QUANTITY"
    line_id = checkout["lines"][0]["id"]
    updated = mutate(api, LINES_UPDATE, {"id": checkout["id"], "lines": [{"lineId": line_id, "quantity": 0}]},
                     "checkoutLinesUpdate")
    assert updated["errors"] == [] and updated["checkout"]["lines"] == []


def test_update_and_delete_lines(api, shop):
    channel, variant, _method = shop
    other = make_variant_in(channel, price=50000)
    checkout = create(api, channel, [line(variant, 1), line(other, 1)])["checkout"]
    first, second = (l["id"] for l in checkout["lines"])
    updated = mutate(api, LINES_UPDATE, {"id": checkout["id"], "lines": [{"lineId": first, "quantity": 4}]},
                     "checkoutLinesUpdate")
    assert [l["quantity"] for l in updated["checkout"]["lines"]] == [4, 1]
    deleted = mutate(api, LINES_DELETE, {"id": checkout["id"], "linesIds": [second]}, "checkoutLinesDelete")
    assert deleted == {"checkout": {"quantity": 4}, "errors": []}
    [error] = mutate(api, LINES_DELETE, {"id": checkout["id"], "linesIds": [second]}, "checkoutLinesDelete")["errors"]
    assert (error["code"], error["lines"]) == ("NOT_FOUND", [second])


def test_email_required_and_invalid(api, shop):
    channel, variant, _method = shop
    checkout = create(api, channel, [line(variant, 1)])["checkout"]
    assert mutate(api, EMAIL, {"id": checkout["id"], "email": ""}, "checkoutEmailUpdate")["errors"][0]["code"] == "REQUIRED"
    assert mutate(api, EMAIL, {"id": checkout["id"], "email": "x@"}, "checkoutEmailUpdate")["errors"][0]["code"] == "INVALID"
    assert mutate(api, EMAIL, {"id": checkout["id"], "email": "lan@ocop.test"}, "checkoutEmailUpdate") == {
        "checkout": {"email": "lan@ocop.test"}, "errors": []}


def test_ward_not_in_province_by_code(api, shop):
    channel, variant, _method = shop
    checkout = create(api, channel, [line(variant, 1)])["checkout"]
    address = {**ADDRESS, "countryArea": "", "city": "", "provinceCode": HCMC, "wardCode": HANOI_WARD}
    [error] = mutate(api, SHIPPING_ADDRESS, {"id": checkout["id"], "address": address},
                     "checkoutShippingAddressUpdate")["errors"]
    assert (error["field"], error["code"], error["addressType"]) == ("wardCode", "INVALID", "SHIPPING")
    assert "Hoàn Kiếm" in error["message"] or "Hồ Chí Minh" in error["message"]
    assert Checkout.objects.get().shipping_address is None


def test_a_ward_name_unknown_in_the_province(api, shop):
    channel, variant, _method = shop
    checkout = create(api, channel, [line(variant, 1)])["checkout"]
    [error] = mutate(api, BILLING_ADDRESS, {"id": checkout["id"], "address": {**ADDRESS, "city": "Phường Không Có"}},
                     "checkoutBillingAddressUpdate")["errors"]
    assert (error["field"], error["code"], error["addressType"]) == ("city", "INVALID", "BILLING")


def test_bad_phone(api, shop):
    channel, variant, _method = shop
    checkout = create(api, channel, [line(variant, 1)])["checkout"]
    [error] = mutate(api, SHIPPING_ADDRESS, {"id": checkout["id"], "address": {**ADDRESS, "phone": "123"}},
                     "checkoutShippingAddressUpdate")["errors"]
    assert (error["field"], error["code"]) == ("phone", "INVALID")


def test_shipping_method_of_another_province_is_not_applicable(api, shop):
    channel, variant, _method = shop
    hcmc_only = make_method(make_zone(channel, "TP.HCM", provinces=[HCMC]), channel, "Nội thành TP.HCM")
    checkout = create(api, channel, [line(variant, 1)], shippingAddress=ADDRESS)["checkout"]
    [error] = mutate(api, DELIVERY, {"id": checkout["id"], "method": gid("ShippingMethod", hcmc_only.pk)},
                     "checkoutDeliveryMethodUpdate")["errors"]
    assert (error["field"], error["code"]) == ("deliveryMethodId", "SHIPPING_METHOD_NOT_APPLICABLE")


def test_a_warehouse_that_is_no_collection_point_is_not_applicable(api, shop):
    channel, variant, _method = shop
    stockroom = factories.channel_warehouse(channel)  # click-and-collect disabled
    checkout = create(api, channel, [line(variant, 1)])["checkout"]
    [error] = mutate(api, DELIVERY, {"id": checkout["id"], "method": gid("Warehouse", stockroom.pk)},
                     "checkoutDeliveryMethodUpdate")["errors"]
    assert error["code"] == "DELIVERY_METHOD_NOT_APPLICABLE"


def test_completing_without_address_or_email(api, shop):
    channel, variant, _method = shop
    channel.allow_unpaid_orders = True
    channel.save()
    checkout = create(api, channel, [line(variant, 1)])["checkout"]
    assert mutate(api, COMPLETE, {"id": checkout["id"]}, "checkoutComplete")["errors"][0]["code"] == "EMAIL_NOT_SET"
    mutate(api, EMAIL, {"id": checkout["id"], "email": "lan@ocop.test"}, "checkoutEmailUpdate")
    [error] = mutate(api, COMPLETE, {"id": checkout["id"]}, "checkoutComplete")["errors"]
    assert error["code"] == "SHIPPING_ADDRESS_NOT_SET"
    assert Order.objects.count() == 0


# --- reading -----------------------------------------------------------------------------------


def test_anyone_with_the_id_reads_a_guest_checkout(api, shop):
    channel, variant, _method = shop
    checkout = create(api, channel, [line(variant, 1)])["checkout"]
    assert api.data(QUERY, {"id": checkout["id"]})["checkout"]["token"] == checkout["token"]


def test_a_customers_checkout_is_theirs_and_staff_with_manage_checkouts(api, client, shop):
    channel, variant, _method = shop
    customer = factories.make_customer()
    api.login(customer)
    checkout = create(api, channel, [line(variant, 1)])["checkout"]
    assert checkout["email"] == customer.email
    assert api.data(QUERY, {"id": checkout["id"]})["checkout"]["id"] == checkout["id"]
    api.login(factories.make_customer())
    assert api.data(QUERY, {"id": checkout["id"]})["checkout"] is None
    result = mutate(api, LINES_ADD, {"id": checkout["id"], "lines": [line(variant, 1)]}, "checkoutLinesAdd")
    assert result["errors"][0]["code"] == "NOT_FOUND"
    api.login(factories.make_staff("MANAGE_CHECKOUTS"))
    assert api.data(QUERY, {"id": checkout["id"]})["checkout"]["id"] == checkout["id"]


def test_shipping_method_names_follow_the_checkout_language(api, shop):
    channel, variant, method = shop
    ShippingMethodTranslation.objects.create(shipping_method=method, language_code="en", name="Standard delivery")
    checkout = create(api, channel, [line(variant, 1)], shippingAddress=ADDRESS, languageCode="EN")["checkout"]
    assert checkout["languageCode"] == "EN"
    assert [m["name"] for m in checkout["shippingMethods"]] == ["Standard delivery"]


def test_an_update_needs_a_quantity_and_a_line_or_variant(api, shop):
    channel, variant, _method = shop
    checkout = create(api, channel, [line(variant, 1)])["checkout"]
    line_id = checkout["lines"][0]["id"]
    [error] = mutate(api, LINES_UPDATE, {"id": checkout["id"], "lines": [{"lineId": line_id}]}, "checkoutLinesUpdate")["errors"]
    assert (error["field"], error["code"]) == ("quantity", "REQUIRED")
    [error] = mutate(api, LINES_UPDATE, {"id": checkout["id"], "lines": [{"quantity": 2}]}, "checkoutLinesUpdate")["errors"]
    assert (error["field"], error["code"]) == ("lineId", "REQUIRED")
    assert list(CheckoutLine.objects.values_list("quantity", flat=True)) == [1]


def test_a_payment_problem_of_the_chosen_gateway_is_reported(api, shop):
    """Cash on delivery needs goods to deliver: collected at a centre, it cannot be chosen."""
    channel, variant, _method = shop
    point = make_collection_point(channel, WarehouseClickAndCollectOption.LOCAL_STOCK, stock={variant: 1})
    checkout = create(api, channel, [line(variant, 1)], email="lan@ocop.test")["checkout"]
    mutate(api, DELIVERY, {"id": checkout["id"], "method": gid("Warehouse", point.pk)}, "checkoutDeliveryMethodUpdate")
    Checkout.objects.update(payment_gateway="cod")
    [error] = mutate(api, COMPLETE, {"id": checkout["id"]}, "checkoutComplete")["errors"]
    assert error["code"] == "PAYMENT_ERROR"
    assert Order.objects.count() == 0


TRANSACTIONS = """query($id: ID) { checkout(id: $id) { transactions { name chargedAmount { amount } } } }"""
PAY_COD = """mutation($id: ID!) { transactionInitialize(id: $id, paymentGateway: {id: "cod"}) {
  transaction { id } errors { field code message } } }"""


def test_checkout_transactions_are_seen_by_the_owner_and_payment_staff_only(api, shop):
    channel, variant, _method = shop
    customer = factories.make_customer()
    api.login(customer)
    checkout = create(api, channel, [line(variant, 1)])["checkout"]
    assert not mutate(api, PAY_COD, {"id": checkout["id"]}, "transactionInitialize")["errors"]
    [transaction] = api.data(TRANSACTIONS, {"id": checkout["id"]})["checkout"]["transactions"]
    assert transaction["chargedAmount"]["amount"] == 0
    api.login(factories.make_staff("MANAGE_CHECKOUTS"))
    assert len(api.data(TRANSACTIONS, {"id": checkout["id"]})["checkout"]["transactions"]) == 1
    # A guest checkout is readable by its id, but its payments are not.
    api.client.logout()
    guest = create(api, channel, [line(variant, 1)])["checkout"]
    [error] = api.errors(TRANSACTIONS, {"id": guest["id"]})
    assert error["extensions"]["exception"]["code"] == "PermissionDenied"
