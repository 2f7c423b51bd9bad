"""Attributes (material, origin, volume, ...) and the values products carry.

Attributes hidden from the storefront (`visible_in_storefront=False`) are for
staff; customers never see them among a product's attributes.
"""

import graphene

from commerce.graphql.core.scalars import Date, DateTime, JSONString
from commerce.graphql.core.types import ModelObjectType, NonNullList
from commerce.product import models

from ..account.permissions import permission_required, saleor_permissions
from ..meta.types import ObjectWithMetadata
from ..translations.dataloaders import (
    AttributeTranslationByIdAndLanguageCodeLoader,
    AttributeValueTranslationByIdAndLanguageCodeLoader,
)
from ..translations.types import AttributeTranslation, AttributeValueTranslation, translation_field
from .dataloaders import AttributeByIdLoader
from .enums import AttributeInputTypeEnum, AttributeTypeEnum, MeasurementUnitsEnum, measurement_unit

ATTRIBUTE_SETTINGS_PERMISSIONS = saleor_permissions(
    "MANAGE_PAGES", "MANAGE_PAGE_TYPES_AND_ATTRIBUTES", "MANAGE_PRODUCTS", "MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES"
)


class AttributeValue(ModelObjectType):
    name = graphene.String(description="Name of a value displayed in the interface.")
    slug = graphene.String(description="Internal representation of a value (unique per attribute).")
    value = graphene.String(description="Represent value of the attribute value (e.g. color values for swatch attributes).")
    translation = translation_field(
        AttributeValueTranslation, AttributeValueTranslationByIdAndLanguageCodeLoader, "attribute value"
    )
    input_type = graphene.Field(
        AttributeInputTypeEnum, description="The input type to use for entering attribute values in the dashboard."
    )
    rich_text = JSONString(description="Represents the text of the attribute value, includes formatting.")
    plain_text = graphene.String(
        description="Represents the text of the attribute value, plain text without formatting."
    )
    boolean = graphene.Boolean(description="Represents the boolean value of the attribute value.")
    date = Date(description="Represents the date value of the attribute value.")
    date_time = DateTime(description="Represents the date/time value of the attribute value.")
    external_reference = graphene.String(description="External ID of this attribute value.")

    class Meta:
        model = models.AttributeValue
        description = "Represents a value of an attribute."

    @staticmethod
    def resolve_input_type(root, info):
        return AttributeByIdLoader(info.context).load(root.attribute_id).then(
            lambda attribute: attribute.input_type if attribute else None
        )

    @staticmethod
    def resolve_date(root, _info):
        return root.date_time.date() if root.date_time else None


class Attribute(ModelObjectType):
    input_type = graphene.Field(
        AttributeInputTypeEnum, description="The input type to use for entering attribute values in the dashboard."
    )
    name = graphene.String(required=True, description="Name of an attribute displayed in the interface.")
    slug = graphene.String(required=True, description="Internal representation of an attribute name.")
    type = graphene.Field(AttributeTypeEnum, required=True, description="The attribute type.")
    unit = graphene.Field(MeasurementUnitsEnum, description="The unit of attribute values.")
    value_required = graphene.Boolean(
        required=True, description="Whether the attribute requires values to be passed or not."
    )
    visible_in_storefront = graphene.Boolean(
        required=True, description="Whether the attribute should be visible or not in storefront."
    )
    translation = translation_field(AttributeTranslation, AttributeTranslationByIdAndLanguageCodeLoader, "attribute")
    with_choices = graphene.Boolean(required=True, description="Flag indicating that attribute has predefined choices.")
    external_reference = graphene.String(description="External ID of this attribute.")

    class Meta:
        model = models.Attribute
        interfaces = [ObjectWithMetadata]
        description = (
            "Custom attribute of a product. Attributes can be assigned to products and variants "
            "at the product type level."
        )

    @staticmethod
    def resolve_unit(root, _info):
        return measurement_unit(root.unit)

    @staticmethod
    @permission_required(*ATTRIBUTE_SETTINGS_PERMISSIONS)
    def resolve_value_required(root, _info):
        return root.value_required

    @staticmethod
    @permission_required(*ATTRIBUTE_SETTINGS_PERMISSIONS)
    def resolve_visible_in_storefront(root, _info):
        return root.visible_in_storefront

    @staticmethod
    def resolve_with_choices(root, _info):
        return root.input_type in (
            models.AttributeInputType.DROPDOWN,
            models.AttributeInputType.MULTISELECT,
            models.AttributeInputType.SWATCH,
        )


class SelectedAttribute(graphene.ObjectType):
    attribute = graphene.Field(
        Attribute, required=True, description="Name of an attribute displayed in the interface."
    )
    values = NonNullList(AttributeValue, required=True, description="Values of an attribute.")

    class Meta:
        description = "Represents an assigned attribute to an object."


def selected_attributes(links, values, *, staff: bool):
    """SelectedAttributes of an object: one per attribute of its type (in the
    type's order), each with the object's values of that attribute."""
    by_attribute = {}
    for value in values:
        by_attribute.setdefault(value.attribute_id, []).append(value)
    return [
        SelectedAttribute(attribute=link.attribute, values=by_attribute.get(link.attribute_id, []))
        for link in links
        if staff or link.attribute.visible_in_storefront
    ]
