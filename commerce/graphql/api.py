"""The GraphQL schema: Saleor 3's queries for the catalogue, channels and stock,
plus OCOP's producers, craft villages and certificates, and Saleor's mutations
for accounts, checkout, orders, payments and shipping.

The view (commerce/graphql/views.py) imports `schema` from here. Each domain
keeps its root fields in `commerce/graphql/<domain>/schema.py` as a
`<Domain>Queries` and/or `<Domain>Mutations` class; the roots below combine
them, so adding a domain touches only its own folder and the lists here.
"""

from importlib import import_module

import graphene

from .channel.schema import ChannelQueries
from .costs import register_catalogue_costs
from .producer.schema import ProducerQueries
from .product.schema import CategoryQueries, CollectionQueries, ProductQueries, ProductVariantQueries
from .warehouse.schema import WarehouseQueries

# (module, class) of each domain's extra root fields, in the order the schema
# lists them. A module that does not exist yet is skipped.
EXTRA_QUERIES = [
    ("commerce.graphql.account.schema", "AccountQueries"),
    ("commerce.graphql.shipping.schema", "ShippingQueries"),
    ("commerce.graphql.checkout.schema", "CheckoutQueries"),
    ("commerce.graphql.order.schema", "OrderQueries"),
    ("commerce.graphql.payment.schema", "PaymentQueries"),
]
MUTATIONS = [
    ("commerce.graphql.account.schema", "AccountMutations"),
    ("commerce.graphql.shipping.schema", "ShippingMutations"),
    ("commerce.graphql.checkout.schema", "CheckoutMutations"),
    ("commerce.graphql.order.schema", "OrderMutations"),
    ("commerce.graphql.payment.schema", "PaymentMutations"),
]


def _roots(entries):
    found = []
    for module_name, class_name in entries:
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as error:
            if not module_name.startswith(error.name or "\0"):
                raise
            continue
        root = getattr(module, class_name, None)
        if root is not None:
            found.append(root)
    # graphene lists the fields of the last base first: reverse so the
    # schema reads in the order above.
    return tuple(reversed(found))


class Query(
    # graphene lists the fields of the last base first: this reads bottom-up.
    *_roots(EXTRA_QUERIES),
    ProducerQueries,
    WarehouseQueries,
    CollectionQueries,
    CategoryQueries,
    ProductVariantQueries,
    ProductQueries,
    ChannelQueries,
    graphene.ObjectType,
):
    pass


_mutation_roots = _roots(MUTATIONS)
Mutation = type("Mutation", (*_mutation_roots, graphene.ObjectType), {}) if _mutation_roots else None

register_catalogue_costs()

schema = graphene.Schema(query=Query, mutation=Mutation)
