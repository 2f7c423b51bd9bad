"""The GraphQL schema: Saleor 3's queries for the catalogue, channels and stock,
plus OCOP's producers, craft villages and certificates.

The view (commerce/graphql/views.py) imports `schema` from here.
"""

import graphene

from .channel.schema import ChannelQueries
from .costs import register_catalogue_costs
from .producer.schema import ProducerQueries
from .product.schema import CategoryQueries, CollectionQueries, ProductQueries, ProductVariantQueries
from .warehouse.schema import WarehouseQueries


class Query(
    # graphene lists the fields of the last base first: this reads bottom-up.
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


register_catalogue_costs()

schema = graphene.Schema(query=Query)
