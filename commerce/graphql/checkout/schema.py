"""Root fields of the checkout domain: `checkout(id)` and Saleor's checkout mutations."""

import uuid

import graphene

from commerce.checkout.models import Checkout as CheckoutModel
from commerce.graphql.core.ids import from_global_id
from commerce.graphql.core.scalars import UUID

from . import mutations
from .access import can_read_checkout
from .types import Checkout


class CheckoutQueries(graphene.ObjectType):
    checkout = graphene.Field(
        Checkout,
        id=graphene.Argument(graphene.ID, description="The checkout's ID."),
        token=graphene.Argument(UUID, description="The checkout's token.", deprecation_reason="Use `id` instead."),
        description="Look up a checkout by id.",
    )

    @staticmethod
    def resolve_checkout(_root, info, id=None, token=None):
        if token is None and id is not None:
            try:
                type_name, pk = from_global_id(id)
                token = uuid.UUID(pk) if type_name == "Checkout" else None
            except ValueError:
                token = None
        if token is None:
            return None
        checkout = CheckoutModel.objects.filter(pk=token).first()
        if checkout is None or not can_read_checkout(info.context, checkout):
            return None
        return checkout


class CheckoutMutations(graphene.ObjectType):
    checkout_create = mutations.CheckoutCreate.Field()
    checkout_lines_add = mutations.CheckoutLinesAdd.Field()
    checkout_lines_update = mutations.CheckoutLinesUpdate.Field()
    checkout_lines_delete = mutations.CheckoutLinesDelete.Field()
    checkout_email_update = mutations.CheckoutEmailUpdate.Field()
    checkout_shipping_address_update = mutations.CheckoutShippingAddressUpdate.Field()
    checkout_billing_address_update = mutations.CheckoutBillingAddressUpdate.Field()
    checkout_delivery_method_update = mutations.CheckoutDeliveryMethodUpdate.Field()
    checkout_language_code_update = mutations.CheckoutLanguageCodeUpdate.Field()
    checkout_complete = mutations.CheckoutComplete.Field()
