"""Product media and the thumbnails made from them (and from category and
collection background images)."""

from collections import defaultdict

from django.db.models import OuterRef, Subquery

from commerce.graphql.core.dataloaders import DataLoader
from commerce.graphql.core.prepared import run_prepared
from commerce.product.models import ProductMedia, Thumbnail, VariantMedia

from .base import ModelByIdLoader, RowsByFieldLoader, group_by


class ProductMediaByIdLoader(ModelByIdLoader):
    context_key = "product_media_by_id"
    model = ProductMedia


class MediaByProductIdLoader(RowsByFieldLoader):
    """A product's media in display order; the first one is the product's thumbnail."""

    context_key = "media_by_product_id"
    field = "product_id"

    def get_queryset(self):
        return ProductMedia.objects.order_by("sort_order", "pk")


class ThumbnailMediaByProductIdSizeAndFormatLoader(DataLoader):
    """A product's first media (its thumbnail's source, with only the columns an
    Image reads) and that media's thumbnail at a size and format, as (media,
    thumbnail or None), by (product id, size, format); (None, None) for a
    product without media.

    One query where loading the media and then their thumbnails takes two: the
    thumbnail is looked up in the same statement. The thumbnails found prime
    ThumbnailByProductMediaIdSizeAndFormatLoader.
    """

    context_key = "thumbnail_media_by_product_id_size_and_format"

    def batch_load(self, keys):
        found = {}
        thumbnails = ThumbnailByProductMediaIdSizeAndFormatLoader(self.context)
        for (size, format_), product_ids in _group_by_size_and_format(keys).items():
            first_media = run_prepared(
                "thumbnail_media_by_product_id", _first_media, product_ids=list(product_ids), size=size, format_=format_
            )
            for media in first_media:
                thumbnail = None
                if media.thumbnail_image:
                    # What its URL needs (the file's name), not the whole row.
                    thumbnail = Thumbnail(
                        image=media.thumbnail_image, size=size, format=format_, product_media_id=media.pk
                    )
                thumbnails.prime((media.pk, size, format_), thumbnail)
                found[(media.product_id, size, format_)] = (media, thumbnail)
        return [found.get(key, (None, None)) for key in keys]


# What an Image of a media reads (types.media.media_image): not its metadata,
# which would be read and JSON-decoded for every product of a page.
IMAGE_COLUMNS = ("id", "product_id", "image", "alt", "external_url", "oembed_data")


def _first_media(product_ids, size, format_):
    # At most one: thumbnails are unique by media, size and format.
    made = Thumbnail.objects.filter(product_media_id=OuterRef("pk"), size=size, format=format_)
    return (
        ProductMedia.objects.filter(product_id__in=product_ids)
        .order_by("product_id", "sort_order", "pk")
        .distinct("product_id")  # the first in MediaByProductIdLoader's order
        .only(*IMAGE_COLUMNS)
        .annotate(thumbnail_image=Subquery(made.values("image")[:1]))
    )


def _group_by_size_and_format(keys):
    groups = defaultdict(set)
    for product_id, size, format_ in keys:
        groups[(size, format_)].add(product_id)
    return groups


class MediaByProductVariantIdLoader(DataLoader):
    context_key = "media_by_variant_id"

    def batch_load(self, keys):
        links = (
            VariantMedia.objects.filter(variant_id__in=keys)
            .select_related("media")
            .order_by("media__sort_order", "media__pk")
        )
        grouped = group_by(links, lambda link: link.variant_id, keys)
        return [[link.media for link in group] for group in grouped]


class _ThumbnailLoader(DataLoader):
    """A thumbnail row by (owner id, size, format), None when not made yet.

    `owner_field` names the Thumbnail column pointing at the image's owner.
    """

    owner_field = ""

    def batch_load(self, keys):
        owner_ids = {key[0] for key in keys}
        sizes = {key[1] for key in keys}
        formats = {key[2] for key in keys}
        rows = Thumbnail.objects.filter(
            **{f"{self.owner_field}__in": owner_ids, "size__in": sizes, "format__in": formats}
        )
        found = {(getattr(row, self.owner_field), row.size, row.format): row for row in rows}
        return [found.get(key) for key in keys]


class ThumbnailByProductMediaIdSizeAndFormatLoader(_ThumbnailLoader):
    context_key = "thumbnail_by_product_media_id_size_and_format"
    owner_field = "product_media_id"


class ThumbnailByCategoryIdSizeAndFormatLoader(_ThumbnailLoader):
    context_key = "thumbnail_by_category_id_size_and_format"
    owner_field = "category_id"


class ThumbnailByCollectionIdSizeAndFormatLoader(_ThumbnailLoader):
    context_key = "thumbnail_by_collection_id_size_and_format"
    owner_field = "collection_id"
