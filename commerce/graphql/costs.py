"""Query costs of the catalogue's fields, registered with the core cost check.

Connections multiply their children by their page size on their own; the
entries here are the lists and computed fields that are not connections but
still fan out (a product's variants, media, attributes) or cost more than a
column read (pricing and availability read listings and stock), so that a
query nesting them under big pages is priced, and rejected, accordingly.
"""

from commerce.graphql.core.cost import register_cost

CATALOGUE_COSTS = {
    "Query": {
        "products": {"complexity": 1},
        "productVariants": {"complexity": 1, "multipliers": ["first", "last", "ids"]},
        "categories": {"complexity": 1},
        "collections": {"complexity": 1},
        "warehouses": {"complexity": 1},
        "stocks": {"complexity": 1},
        "producers": {"complexity": 1},
        "craftVillages": {"complexity": 1},
        "channels": {"complexity": 1},
    },
    "Product": {
        "variants": {"complexity": 2},
        "media": {"complexity": 1},
        "collections": {"complexity": 1},
        "attributes": {"complexity": 1},
        "pricing": {"complexity": 2},
        "isAvailable": {"complexity": 3},
        "ocopCertifications": {"complexity": 1},
    },
    "ProductVariant": {
        "pricing": {"complexity": 2},
        "quantityAvailable": {"complexity": 2},
        "stocks": {"complexity": 1},
        "attributes": {"complexity": 1},
        "media": {"complexity": 1},
    },
    "Category": {"products": {"complexity": 1}, "children": {"complexity": 1}, "ancestors": {"complexity": 1}},
    "Collection": {"products": {"complexity": 1}},
    "Producer": {"products": {"complexity": 1}},
    "Channel": {"warehouses": {"complexity": 1}},
    "ProductType": {"productAttributes": {"complexity": 1}, "variantAttributes": {"complexity": 1}},
}


def register_catalogue_costs():
    for type_name, fields in CATALOGUE_COSTS.items():
        for field_name, spec in fields.items():
            register_cost(type_name, field_name, **spec)
