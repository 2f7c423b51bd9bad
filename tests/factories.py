"""Small factories for catalogue rows, built through the domain's actions where
one exists, so test data passes the same checks as real data.

Each function takes only what a test cares about and fills the rest with
plausible OCOP values; counters keep slugs and SKUs unique.
"""

import datetime
import io
import itertools
from decimal import Decimal

from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from commerce.account.models import Address, User
from commerce.channel.models import Channel, ChannelWarehouse
from commerce.core.validators import gtin_check_digit
from commerce.producer.models import CraftVillage, LegalType, Producer
from commerce.product import actions
from commerce.product.models import (
    Category,
    Collection,
    CollectionChannelListing,
    CollectionProduct,
    IssuerLevel,
    OcopCertification,
    Product,
    ProductChannelListing,
    ProductMedia,
    ProductType,
    ProductVariant,
    ProductVariantChannelListing,
)
from commerce.warehouse.models import Stock, Warehouse

_serial = itertools.count(1)


def serial() -> int:
    return next(_serial)


def gtin(n: int) -> str:
    body = f"893{n:09d}"
    return body + str(gtin_check_digit(body))


def make_address(**fields) -> Address:
    defaults = {
        "street_address_1": "Số 1 Bát Tràng",
        "province_code": 1,
        "country_area": "Thành phố Hà Nội",
        "city": "Xã Bát Tràng",
        "country": "VN",
    }
    defaults.update(fields)
    return Address.objects.create(**defaults)


def make_warehouse(slug=None, *, channels=(), **fields) -> Warehouse:
    n = serial()
    slug = slug or f"kho-{n}"
    warehouse = Warehouse.objects.create(
        name=fields.pop("name", f"Kho {slug}"), slug=slug, address=fields.pop("address", None) or make_address(), **fields
    )
    for position, channel in enumerate(channels):
        ChannelWarehouse.objects.create(channel=channel, warehouse=warehouse, sort_order=position)
    return warehouse


def make_channel(slug=None, *, is_active=True, warehouse=True, **fields) -> Channel:
    """A channel selling in VND, with a warehouse of its own unless warehouse=False."""
    slug = slug or f"kenh-{serial()}"
    channel = Channel.objects.create(
        slug=slug, name=fields.pop("name", f"Kênh {slug}"), is_active=is_active, currency_code="VND", **fields
    )
    if warehouse:
        make_warehouse(f"kho-{slug}", channels=[channel])
    return channel


def channel_warehouse(channel) -> Warehouse:
    return channel.warehouses.order_by("channel_warehouses__sort_order").first()


def make_category(name="Thủ công mỹ nghệ", *, parent=None, **fields) -> Category:
    n = serial()
    return Category.objects.create(name=name, slug=fields.pop("slug", f"danh-muc-{n}"), parent=parent, **fields)


def make_product_type(name="Hàng thủ công", **fields) -> ProductType:
    return ProductType.objects.create(name=name, slug=fields.pop("slug", f"loai-{serial()}"), **fields)


def make_village(name="Làng gốm Bát Tràng", **fields) -> CraftVillage:
    return CraftVillage.objects.create(
        name=name,
        slug=fields.pop("slug", f"lang-{serial()}"),
        craft=fields.pop("craft", "Gốm sứ"),
        place=fields.pop("place", "Bát Tràng, Gia Lâm"),
        **fields,
    )


def make_producer(name="HTX Gốm Bát Tràng", *, legal_type=LegalType.COOPERATIVE, **fields) -> Producer:
    return Producer.objects.create(
        name=name, slug=fields.pop("slug", f"chu-the-{serial()}"), legal_type=legal_type, **fields
    )


def list_product(product, channel, *, published=True, visible=True, published_at=None, available_at="now", **fields):
    """List `product` in `channel` (Saleor's ProductChannelListing)."""
    if available_at == "now":
        available_at = timezone.now() - datetime.timedelta(days=1)
    return actions.save_product_channel_listing(
        ProductChannelListing(
            product=product,
            channel=channel,
            is_published=published,
            visible_in_listings=visible,
            published_at=published_at,
            available_for_purchase_at=available_at,
            currency=channel.currency_code,
            **fields,
        )
    )


def price_variant(variant, channel, price, **fields):
    return actions.save_variant_channel_listing(
        ProductVariantChannelListing(
            variant=variant,
            channel=channel,
            currency=channel.currency_code,
            price_amount=None if price is None else Decimal(price),
            **fields,
        )
    )


def make_variant(product, *, sku=None, channels=(), price=125000, stock=10, **fields) -> ProductVariant:
    n = serial()
    variant = actions.save_variant(
        ProductVariant(product=product, sku=sku or f"SKU-{n}", name=fields.pop("name", f"Mẫu {n}"), **fields)
    )
    for channel in channels:
        price_variant(variant, channel, price)
        warehouse = channel_warehouse(channel)
        if warehouse is not None and stock is not None:
            Stock.objects.update_or_create(
                warehouse=warehouse, product_variant=variant, defaults={"quantity": stock}
            )
    return variant


def make_product(
    name="Bình gốm men lam",
    *,
    channels=(),
    price=125000,
    stock=10,
    variants=1,
    product_type=None,
    listing=None,
    **fields,
) -> Product:
    """A product with `variants` variants, listed, priced and stocked in each channel.

    `listing` holds keyword arguments for list_product (published, visible,
    published_at, available_at).
    """
    n = serial()
    product = actions.save_product(
        Product(
            name=name,
            slug=fields.pop("slug", f"san-pham-{n}"),
            product_type=product_type or make_product_type(),
            **fields,
        )
    )
    for channel in channels:
        list_product(product, channel, **(listing or {}))
    for _ in range(variants):
        make_variant(product, channels=channels, price=price, stock=stock)
    product.refresh_from_db()
    return product


def certify(product, stars=4, *, decision_date=None, issuer_level=None, score=None) -> OcopCertification:
    decision_date = decision_date or timezone.localdate() - datetime.timedelta(days=30)
    issuer_level = issuer_level or (IssuerLevel.NATIONAL if stars == 5 else IssuerLevel.CITY)
    score = score if score is not None else {1: 20, 2: 40, 3: 60, 4: 80, 5: 95}[stars]
    return actions.save_certification(
        OcopCertification(
            product=product,
            stars=stars,
            score=Decimal(score),
            decision_number=f"{serial()}/QĐ-UBND",
            decision_date=decision_date,
            issuer_level=issuer_level,
        )
    )


def png_bytes(size=(64, 48), color=(30, 80, 160)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def make_media(product, *, alt="Ảnh sản phẩm", sort_order=None, **fields) -> ProductMedia:
    media = ProductMedia(product=product, alt=alt, sort_order=sort_order, **fields)
    if "external_url" not in fields:
        media.image.save(f"media-{serial()}.png", ContentFile(png_bytes()), save=False)
    media.save()
    return media


def make_collection(name="Quà Tết", *, channels=(), published=True, products=(), **fields) -> Collection:
    collection = Collection.objects.create(name=name, slug=fields.pop("slug", f"bo-suu-tap-{serial()}"), **fields)
    for channel in channels:
        CollectionChannelListing.objects.create(collection=collection, channel=channel, is_published=published)
    for position, product in enumerate(products):
        CollectionProduct.objects.create(collection=collection, product=product, sort_order=position)
    return collection


def make_staff(*permission_names, email=None) -> User:
    """A staff user with Saleor-named permissions, e.g. make_staff("MANAGE_PRODUCTS")."""
    from commerce.core.permissions import PermissionEnum

    user = User.objects.create_user(email or f"nhan-vien-{serial()}@ocop.test", "matkhau-dai-123", is_staff=True)
    for name in permission_names:
        app_label, codename = PermissionEnum[name].value.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return User.objects.get(pk=user.pk)  # fresh: no cached permissions


def make_customer(email=None) -> User:
    return User.objects.create_user(email or f"khach-{serial()}@ocop.test", "matkhau-dai-123")


def wait_for_import_job(job_id, timeout=60):
    """The ImportJob once a worker has finished it (done or failed)."""
    import time

    from catalog_import.models import ImportJob, ImportJobStatus

    deadline = time.monotonic() + timeout
    while True:
        job = ImportJob.objects.get(pk=job_id)
        if job.status in (ImportJobStatus.DONE, ImportJobStatus.FAILED):
            return job
        if time.monotonic() > deadline:
            raise AssertionError(f"job {job_id} still {job.status} after {timeout}s")
        time.sleep(0.2)
