"""Saleor's checkout mutations: thin wrappers over commerce.checkout.actions.

Each one finds the checkout (by `id`, or the deprecated `token`), locks its
row so two requests changing one cart queue, decodes global IDs, and hands
over to the action; ValidationErrors become `errors { field message code
variants lines addressType }` and the whole mutation is rolled back.
"""

from __future__ import annotations

import uuid

import graphene
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from commerce.checkout import actions
from commerce.checkout.error_codes import CheckoutErrorCode as Code
from commerce.checkout.models import Checkout as CheckoutModel
from commerce.graphql.account.inputs import AddressInput
from commerce.graphql.core.enums import LanguageCodeEnum
from commerce.graphql.core.ids import from_global_id
from commerce.graphql.core.mutations import BaseMutation
from commerce.graphql.core.scalars import UUID, JSONString
from commerce.graphql.core.types import NonNullList
from commerce.graphql.product.enums import enum_value

from .access import can_read_checkout
from .types import Checkout, CheckoutError, order_type

ID_DESCRIPTION = "The checkout's ID."
TOKEN_DEPRECATION = "Use `id` instead."


def _invalid_id(field, value, code=Code.GRAPHQL_ERROR):
    return ValidationError({field: ValidationError(
        _("Mã không hợp lệ: %(id)s. (Couldn't resolve id: %(id)s.)") % {"id": value}, code=code.value)})


def decode_pk(global_id, expected: str, field: str):
    """The pk behind a global ID of type `expected`, else GRAPHQL_ERROR on `field`."""
    try:
        type_name, pk = from_global_id(global_id)
    except ValueError:
        raise _invalid_id(field, global_id)
    if type_name != expected:
        raise ValidationError({field: ValidationError(
            _("Cần mã %(type)s. (Must receive a %(type)s id.)") % {"type": expected}, code=Code.GRAPHQL_ERROR.value)})
    return pk


def decode_int(global_id, expected, field) -> int:
    pk = decode_pk(global_id, expected, field)
    try:
        return int(pk)
    except ValueError:
        raise _invalid_id(field, global_id)


def checkout_token(id=None, token=None, field="id"):
    if id is None and token is None:
        raise ValidationError({field: ValidationError(
            _("Cần mã giỏ hàng. (You need to provide the checkout id.)"), code=Code.GRAPHQL_ERROR.value)})
    if token is not None:
        return token
    try:
        return uuid.UUID(decode_pk(id, "Checkout", field))
    except ValueError:
        raise _invalid_id(field, id)


def get_checkout(info, id=None, token=None, *, lock=True):
    """The checkout the requester may change, its row locked; NOT_FOUND otherwise
    (also for a checkout owned by someone else, so its existence stays private)."""
    pk = checkout_token(id, token)
    queryset = CheckoutModel.objects.select_related("channel")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    checkout = queryset.filter(pk=pk).first()
    if checkout is None or not can_read_checkout(info.context, checkout):
        raise ValidationError({"id": ValidationError(
            _("Không tìm thấy giỏ hàng %(id)s. (Couldn't resolve to a node: %(id)s.)") % {"id": id or token},
            code=Code.NOT_FOUND.value)})
    return checkout


def _user(info):
    user = getattr(info.context, "user", None)
    return user if user is not None and user.is_authenticated else None


def address_data(address_input) -> dict:
    """AddressInput as the plain dict commerce.checkout.addresses reads."""
    data = {key: enum_value(value) for key, value in dict(address_input or {}).items()}
    data.pop("skip_validation", None)
    data.pop("metadata", None)
    return data


class CheckoutLineInput(graphene.InputObjectType):
    quantity = graphene.Int(required=True, description="The number of items purchased.")
    variant_id = graphene.ID(required=True, description="ID of the product variant.")


class CheckoutLineUpdateInput(graphene.InputObjectType):
    variant_id = graphene.ID(description="ID of the product variant.", deprecation_reason="Use `lineId` instead.")
    quantity = graphene.Int(description="The number of items purchased. Optional for apps, required for any other users.")
    line_id = graphene.ID(description="ID of the line.")


class CheckoutCreateInput(graphene.InputObjectType):
    channel = graphene.String(description="Slug of a channel in which to create a checkout.")
    lines = NonNullList(CheckoutLineInput, required=True, description="A list of checkout lines, each containing information about an item in the checkout.")
    email = graphene.String(description="The customer's email address.")
    shipping_address = AddressInput(description="The mailing address to where the checkout will be shipped.")
    billing_address = AddressInput(description="Billing address of the customer.")
    language_code = graphene.Argument(LanguageCodeEnum, description="Checkout language code.")


def _lines(lines, *, update=False) -> list[dict]:
    result = []
    for line in lines:
        quantity = line.get("quantity")
        if quantity is None:
            raise ValidationError({"quantity": ValidationError(
                _("Nhập số lượng. (The quantity is required.)"), code=Code.REQUIRED.value)})
        if update and line.get("line_id"):
            result.append({"line_id": decode_pk(line["line_id"], "CheckoutLine", "line_id"), "quantity": quantity})
        elif line.get("variant_id"):
            result.append({"variant_id": decode_int(line["variant_id"], "ProductVariant", "variant_id"),
                           "quantity": quantity})
        else:
            raise ValidationError({"line_id": ValidationError(
                _("Chọn dòng hoặc sản phẩm. (Provide lineId or variantId.)"), code=Code.REQUIRED.value)})
    if update:
        for line in result:
            if "line_id" in line:
                try:
                    uuid.UUID(str(line["line_id"]))
                except ValueError:
                    raise _invalid_id("line_id", line["line_id"])
    return result


class CheckoutMutation(BaseMutation):
    checkout = graphene.Field(Checkout, description="An updated checkout.")

    class Meta:
        abstract = True


class CheckoutCreate(CheckoutMutation):
    checkout = graphene.Field(Checkout)
    created = graphene.Boolean(description="Whether the checkout was created or the current active one was returned.",
                               deprecation_reason="Always returns `true`.")

    class Arguments:
        input = CheckoutCreateInput(required=True, description="Fields required to create checkout.")

    class Meta:
        description = "Create a new checkout."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, root, info, /, *, input):
        checkout = actions.create_checkout(
            channel_slug=input.get("channel"),
            lines=_lines(input.get("lines") or []),
            email=input.get("email"),
            shipping_address=address_data(input.get("shipping_address")) if input.get("shipping_address") else None,
            billing_address=address_data(input.get("billing_address")) if input.get("billing_address") else None,
            language_code=enum_value(input.get("language_code")),
            user=_user(info),
        )
        return CheckoutCreate(checkout=checkout, created=True)


class CheckoutLinesAdd(CheckoutMutation):
    class Arguments:
        id = graphene.ID(description=ID_DESCRIPTION)
        token = UUID(description="Checkout token.", deprecation_reason=TOKEN_DEPRECATION)
        lines = NonNullList(CheckoutLineInput, required=True, description="A list of checkout lines, each containing information about an item in the checkout.")

    class Meta:
        description = "Adds a checkout line to the existing checkout. If line was already in checkout, its quantity will be increased."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, root, info, /, *, lines, id=None, token=None):
        checkout = get_checkout(info, id, token)
        actions.add_lines(checkout, _lines(lines), user=_user(info))
        return CheckoutLinesAdd(checkout=checkout)


class CheckoutLinesUpdate(CheckoutMutation):
    class Arguments:
        id = graphene.ID(description=ID_DESCRIPTION)
        token = UUID(description="Checkout token.", deprecation_reason=TOKEN_DEPRECATION)
        lines = NonNullList(CheckoutLineUpdateInput, required=True, description="A list of checkout lines.")

    class Meta:
        description = "Updates checkout line in the existing checkout."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, root, info, /, *, lines, id=None, token=None):
        checkout = get_checkout(info, id, token)
        actions.update_lines(checkout, _lines(lines, update=True), user=_user(info))
        return CheckoutLinesUpdate(checkout=checkout)


class CheckoutLinesDelete(CheckoutMutation):
    class Arguments:
        id = graphene.ID(description=ID_DESCRIPTION)
        token = UUID(description="Checkout token.", deprecation_reason=TOKEN_DEPRECATION)
        lines_ids = NonNullList(graphene.ID, required=True, description="A list of checkout lines.")

    class Meta:
        description = "Deletes checkout lines."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, root, info, /, *, lines_ids, id=None, token=None):
        checkout = get_checkout(info, id, token)
        pks = [decode_pk(line_id, "CheckoutLine", "line_id") for line_id in lines_ids]
        for pk, line_id in zip(pks, lines_ids):
            try:
                uuid.UUID(pk)
            except ValueError:
                raise _invalid_id("line_id", line_id)
        actions.delete_lines(checkout, pks)
        return CheckoutLinesDelete(checkout=checkout)


class CheckoutEmailUpdate(CheckoutMutation):
    class Arguments:
        id = graphene.ID(description=ID_DESCRIPTION)
        token = UUID(description="Checkout token.", deprecation_reason=TOKEN_DEPRECATION)
        email = graphene.String(required=True, description="email.")

    class Meta:
        description = "Updates email address in the existing checkout object."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, root, info, /, *, email, id=None, token=None):
        checkout = get_checkout(info, id, token)
        actions.update_email(checkout, email)
        return CheckoutEmailUpdate(checkout=checkout)


class CheckoutShippingAddressUpdate(CheckoutMutation):
    class Arguments:
        id = graphene.ID(description=ID_DESCRIPTION)
        token = UUID(description="Checkout token.", deprecation_reason=TOKEN_DEPRECATION)
        shipping_address = AddressInput(required=True, description="The mailing address to where the checkout will be shipped.")

    class Meta:
        description = "Update shipping address in the existing checkout."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, root, info, /, *, shipping_address, id=None, token=None):
        checkout = get_checkout(info, id, token)
        actions.update_shipping_address(checkout, address_data(shipping_address))
        return CheckoutShippingAddressUpdate(checkout=checkout)


class CheckoutBillingAddressUpdate(CheckoutMutation):
    class Arguments:
        id = graphene.ID(description=ID_DESCRIPTION)
        token = UUID(description="Checkout token.", deprecation_reason=TOKEN_DEPRECATION)
        billing_address = AddressInput(required=True, description="The billing address of the checkout.")

    class Meta:
        description = "Update billing address in the existing checkout."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, root, info, /, *, billing_address, id=None, token=None):
        checkout = get_checkout(info, id, token)
        actions.update_billing_address(checkout, address_data(billing_address))
        return CheckoutBillingAddressUpdate(checkout=checkout)


class CheckoutDeliveryMethodUpdate(CheckoutMutation):
    class Arguments:
        id = graphene.ID(description=ID_DESCRIPTION)
        token = UUID(description="Checkout token.", deprecation_reason=TOKEN_DEPRECATION)
        delivery_method_id = graphene.ID(description="Delivery Method ID (`Warehouse` ID or `ShippingMethod` ID).")

    class Meta:
        description = "Updates the delivery method (shipping method or pick up point) of the checkout."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, root, info, /, *, id=None, token=None, delivery_method_id=None):
        checkout = get_checkout(info, id, token)
        kwargs = {}
        if delivery_method_id is not None:
            try:
                type_name, _pk = from_global_id(delivery_method_id)
            except ValueError:
                raise _invalid_id("delivery_method_id", delivery_method_id)
            if type_name == "Warehouse":
                kwargs["collection_point_id"] = decode_int(delivery_method_id, "Warehouse", "delivery_method_id")
            else:
                kwargs["shipping_method_id"] = decode_int(delivery_method_id, "ShippingMethod", "delivery_method_id")
        actions.update_delivery_method(checkout, **kwargs)
        return CheckoutDeliveryMethodUpdate(checkout=checkout)


class CheckoutLanguageCodeUpdate(CheckoutMutation):
    class Arguments:
        id = graphene.ID(description=ID_DESCRIPTION)
        token = UUID(description="Checkout token.", deprecation_reason=TOKEN_DEPRECATION)
        language_code = graphene.Argument(LanguageCodeEnum, required=True, description="New language code.")

    class Meta:
        description = "Update language code in the existing checkout."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, root, info, /, *, language_code, id=None, token=None):
        checkout = get_checkout(info, id, token)
        actions.update_language(checkout, enum_value(language_code))
        return CheckoutLanguageCodeUpdate(checkout=checkout)


class CheckoutComplete(BaseMutation):
    order = graphene.Field(lambda: order_type(), description="Placed order.")
    confirmation_needed = graphene.Boolean(
        required=True, description="Set to true if payment needs to be confirmed before checkout is complete."
    )
    confirmation_data = JSONString(description="Confirmation data used to process additional authorization steps.")

    class Arguments:
        id = graphene.ID(description=ID_DESCRIPTION)
        token = UUID(description="Checkout token.", deprecation_reason=TOKEN_DEPRECATION)
        payment_data = JSONString(description="Client-side generated data required to finalize the payment.")
        redirect_url = graphene.String(description="URL of a view where users should be redirected to see the order details.")

    class Meta:
        description = "Completes the checkout. As a result a new order is created."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, root, info, /, *, id=None, token=None, payment_data=None, redirect_url=None):
        from commerce.order.models import Order

        pk = checkout_token(id, token)
        if not CheckoutModel.objects.filter(pk=pk).exists():
            # A retried request after the order was placed: Saleor answers with that order.
            order = Order.objects.filter(checkout_token=str(pk)).first()
            if order is not None:
                return CheckoutComplete(order=order, confirmation_needed=False)
        checkout = get_checkout(info, id, token)
        order = actions.complete_checkout(checkout, user=_user(info), app=getattr(info.context, "app", None))
        return CheckoutComplete(order=order, confirmation_needed=False)

    @classmethod
    def handle_errors(cls, error, **extra):
        return super().handle_errors(error, confirmation_needed=False, **extra)
