"""Event payloads in the shape of Saleor's legacy webhook payloads: a JSON list of
one object with its "type" and Saleor global "id", each batch read in one query."""

from decimal import Decimal

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import CharField, F, OuterRef, TextField, Value
from django.db.models.functions import Cast, JSONObject
from django.utils import timezone

from commerce.core.prices import quantize_price

PRODUCT = "Product"
VARIANT = "ProductVariant"
PAYLOAD_VERSION = 1


def _meta():
    return {"issued_at": timezone.now().isoformat(), "version": PAYLOAD_VERSION}


def _amount(value, currency):
    return None if value is None else str(quantize_price(Decimal(value), currency))


def _iso(value):
    return value.isoformat() if value is not None else None


def to_global_id(type_name, pk):
    # Imported when first used: the GraphQL package is heavy and imports the catalogue.
    from commerce.graphql.core.ids import to_global_id

    return to_global_id(type_name, pk)


def _listings(rows, price_key):
    """Listing JSON from the database -> payload form and the channel ids it names."""
    listings, channel_ids = [], set()
    for row in rows or ():
        channel_ids.add(row.pop("channel_pk"))
        row["id"] = to_global_id(row.pop("type"), row.pop("pk"))
        row["channel"] = {"id": to_global_id("Channel", row.pop("channel_id")), "slug": row.pop("channel_slug"),
                          "currency_code": row["currency"]}
        row[price_key] = _amount(row[price_key], row["currency"])
        listings.append(row)
    return listings, frozenset(channel_ids)


def product_payloads(product_ids) -> dict:
    """{product pk: (payload, channel ids)} for these products, in one query."""
    from commerce.product.models import Product, ProductChannelListing

    listing = ProductChannelListing.objects.filter(product_id=OuterRef("pk")).order_by("pk").values(
        json=JSONObject(
            type=_text("ProductChannelListing"), pk="pk", channel_pk="channel_id", channel_id="channel_id",
            channel_slug="channel__slug", currency="currency", is_published="is_published",
            visible_in_listings="visible_in_listings", published_at="published_at",
            available_for_purchase_at="available_for_purchase_at", discounted_price_amount=_decimal_text("discounted_price_amount"),
        )
    )
    rows = Product.objects.filter(pk__in=product_ids).values(
        "pk", "name", "slug", "ocop_product_code", "external_reference", "created_at", "updated_at",
        category_slug=F("category__slug"), listings=ArraySubquery(listing),
    )
    payloads = {}
    for row in rows:
        listings, channel_ids = _listings(row["listings"], "discounted_price_amount")
        payload = [{
            "type": PRODUCT, "id": to_global_id(PRODUCT, row["pk"]), "name": row["name"], "slug": row["slug"],
            "ocop_product_code": row["ocop_product_code"], "external_reference": row["external_reference"],
            "category": row["category_slug"], "created_at": _iso(row["created_at"]),
            "updated_at": _iso(row["updated_at"]), "channel_listings": listings, "meta": _meta(),
        }]
        payloads[row["pk"]] = (payload, channel_ids)
    return payloads


def variant_payloads(variant_ids) -> dict:
    """{variant pk: (payload, channel ids)} for these variants, in one query."""
    from commerce.product.models import ProductVariant, ProductVariantChannelListing

    listing = ProductVariantChannelListing.objects.filter(variant_id=OuterRef("pk")).order_by("pk").values(
        json=JSONObject(
            type=_text("ProductVariantChannelListing"), pk="pk", channel_pk="channel_id", channel_id="channel_id",
            channel_slug="channel__slug", currency="currency", price_amount=_decimal_text("price_amount"),
        )
    )
    rows = ProductVariant.objects.filter(pk__in=variant_ids).values(
        "pk", "product_id", "name", "sku", "gtin", "external_reference", "created_at", "updated_at",
        listings=ArraySubquery(listing),
    )
    payloads = {}
    for row in rows:
        listings, channel_ids = _listings(row["listings"], "price_amount")
        payload = [{
            "type": VARIANT, "id": to_global_id(VARIANT, row["pk"]),
            "product_id": to_global_id(PRODUCT, row["product_id"]), "name": row["name"], "sku": row["sku"],
            "gtin": row["gtin"], "external_reference": row["external_reference"],
            "created_at": _iso(row["created_at"]), "updated_at": _iso(row["updated_at"]),
            "channel_listings": listings, "meta": _meta(),
        }]
        payloads[row["pk"]] = (payload, channel_ids)
    return payloads


def _text(value):
    return Value(value, output_field=CharField())


def _decimal_text(field):
    """Amounts leave the database as text, so JSON never turns them into floats."""
    return Cast(field, output_field=TextField())


PAYLOADS = {PRODUCT: product_payloads, VARIANT: variant_payloads}
