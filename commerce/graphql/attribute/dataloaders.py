"""Attributes, their values, and which values are assigned to which product or variant."""

from commerce.product.models import (
    AssignedProductAttributeValue,
    AssignedVariantAttributeValue,
    Attribute,
    AttributeProduct,
    AttributeValue,
    AttributeVariant,
)

from ..product.dataloaders.base import ModelByIdLoader, RowsByFieldLoader


class AttributeByIdLoader(ModelByIdLoader):
    context_key = "attribute_by_id"
    model = Attribute


class AttributeValueByIdLoader(ModelByIdLoader):
    context_key = "attribute_value_by_id"
    model = AttributeValue


class _AttributeLinksByProductTypeIdLoader(RowsByFieldLoader):
    """A product type's attributes in their sort order, each link with its attribute."""

    field = "product_type_id"
    model = None

    def get_queryset(self):
        return self.model.objects.select_related("attribute").order_by("sort_order", "pk")

    def batch_load(self, keys):
        groups = super().batch_load(keys)
        by_id = AttributeByIdLoader(self.context)
        for links in groups:
            for link in links:
                by_id.prime(link.attribute_id, link.attribute)
        return groups


class AttributeProductsByProductTypeIdLoader(_AttributeLinksByProductTypeIdLoader):
    context_key = "attribute_products_by_product_type_id"
    model = AttributeProduct


class AttributeVariantsByProductTypeIdLoader(_AttributeLinksByProductTypeIdLoader):
    context_key = "attribute_variants_by_product_type_id"
    model = AttributeVariant


class AttributeValuesByProductIdLoader(RowsByFieldLoader):
    """The attribute values assigned to a product, in assignment order."""

    context_key = "attribute_values_by_product_id"
    field = "product_id"

    def get_queryset(self):
        return AssignedProductAttributeValue.objects.select_related("value").order_by("sort_order", "pk")

    def batch_load(self, keys):
        return [[link.value for link in links] for links in super().batch_load(keys)]


class AttributeValuesByVariantIdLoader(RowsByFieldLoader):
    context_key = "attribute_values_by_variant_id"
    field = "variant_id"

    def get_queryset(self):
        return AssignedVariantAttributeValue.objects.select_related("value").order_by("sort_order", "pk")

    def batch_load(self, keys):
        return [[link.value for link in links] for links in super().batch_load(keys)]
