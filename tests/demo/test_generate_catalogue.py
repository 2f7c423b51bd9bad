"""The synthetic catalogue generator for benchmarks."""

import pytest
from django.core.management import call_command
from django.db import connection

from commerce.core.validators import validate_gtin13
from commerce.demo.synthetic import PREFIX, generate_catalogue
from commerce.product import actions
from commerce.product.models import (
    OcopCertification,
    Product,
    ProductChannelListing,
    ProductVariant,
    score_fits_stars,
)
from commerce.search import search_products
from commerce.warehouse.models import Stock

pytestmark = pytest.mark.django_db


def check_deferred_constraints():
    """Foreign keys are checked at commit, and a test never commits: check them now."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def synthetic(seed=None):
    prefix = PREFIX if seed is None else f"{PREFIX}{seed}:"
    return Product.objects.filter(external_reference__startswith=prefix)


def test_it_makes_the_products_asked_for_with_everything_a_shop_needs():
    result = generate_catalogue(200, seed=7)
    check_deferred_constraints()

    products = synthetic(7)
    assert result.created == products.count() == 200
    assert result.indexed == 200 and not products.filter(search_index_dirty=True).exists()
    assert not products.filter(default_variant=None).exists()
    variants = ProductVariant.objects.filter(product__in=products)
    assert 200 <= variants.count() <= 600
    for variant in variants:
        validate_gtin13(variant.gtin)
        assert variant.product.default_variant.sort_order == 0
    assert ProductChannelListing.objects.filter(product__in=products, channel__slug="web-shop").count() == 200
    assert Stock.objects.filter(product_variant__in=variants).exists()
    certifications = OcopCertification.objects.filter(product__in=products)
    assert 0 < certifications.count() < 200
    assert all(score_fits_stars(c.score, c.stars) for c in certifications)
    assert all(c.expires_at.year == c.decision_date.year + 3 for c in certifications)


def test_cheapest_prices_match_what_the_action_computes():
    generate_catalogue(60, seed=8)
    listings = ProductChannelListing.objects.filter(product__in=synthetic(8)).order_by("pk")
    before = list(listings.values_list("discounted_price_amount", flat=True))

    actions.update_product_discounted_prices(synthetic(8).values_list("pk", flat=True))

    assert list(listings.values_list("discounted_price_amount", flat=True)) == before
    assert None not in before


def test_two_word_queries_without_diacritics_find_some_products_but_not_all():
    generate_catalogue(200, seed=9)
    total = synthetic(9).count()

    for query in ("gom bat", "lua van", "mien dong"):
        found = search_products(synthetic(9), query).count()
        assert 0 < found < total, query


def test_running_again_with_the_same_seed_adds_nothing():
    generate_catalogue(120, seed=10)

    again = generate_catalogue(150, seed=10)

    assert (again.created, again.skipped) == (30, 120)
    assert synthetic(10).count() == 150
    assert ProductVariant.objects.filter(sku__startswith="SYN10-").values("sku").distinct().count() == (
        ProductVariant.objects.filter(product__in=synthetic(10)).count()
    )


def test_replace_deletes_every_synthetic_product_first(capsys):
    generate_catalogue(50, seed=11)
    generate_catalogue(30, seed=12)
    old_ids = set(synthetic().values_list("pk", flat=True))

    call_command("generate_catalogue", "--products", "40", "--seed", "11", "--replace", "--workers", "1")
    check_deferred_constraints()

    assert synthetic(12).count() == 0
    assert synthetic(11).count() == 40
    assert not old_ids & set(synthetic().values_list("pk", flat=True))
    assert "40 created" in capsys.readouterr().out


def test_images_are_a_few_shared_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    generate_catalogue(30, seed=13, images=True)

    products = synthetic(13).prefetch_related("media")
    names = {m.image.name for p in products for m in p.media.all()}
    assert all(p.media.count() == 1 for p in products)
    assert 1 < len(names) <= 12
    assert all((tmp_path / name).exists() for name in names)


def test_an_unknown_channel_is_refused_with_the_ones_that_exist():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="web-shop"):
        call_command("generate_catalogue", "--products", "5", "--channel", "nowhere", "--workers", "1")
