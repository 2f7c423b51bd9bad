"""Attribute enums with Saleor's names; the catalogue supports a subset of Saleor's
input types (no files or references), so only those values are exposed."""

import graphene

from commerce.product.models import AttributeInputType, AttributeType


class AttributeInputTypeEnum(graphene.Enum):
    DROPDOWN = AttributeInputType.DROPDOWN.value
    MULTISELECT = AttributeInputType.MULTISELECT.value
    NUMERIC = AttributeInputType.NUMERIC.value
    RICH_TEXT = AttributeInputType.RICH_TEXT.value
    PLAIN_TEXT = AttributeInputType.PLAIN_TEXT.value
    SWATCH = AttributeInputType.SWATCH.value
    BOOLEAN = AttributeInputType.BOOLEAN.value
    DATE = AttributeInputType.DATE.value


class AttributeTypeEnum(graphene.Enum):
    PRODUCT_TYPE = AttributeType.PRODUCT_TYPE.value
    PAGE_TYPE = AttributeType.PAGE_TYPE.value


class VariantAttributeScope(graphene.Enum):
    ALL = "all"
    VARIANT_SELECTION = "variant_selection"
    NOT_VARIANT_SELECTION = "not_variant_selection"


# Saleor's MeasurementUnitsEnum names for the units an attribute may carry
# (attribute.unit stores the lower-case name, e.g. "g" or "cubic_centimeter",
# or one of the everyday spellings in UNIT_ALIASES).
MEASUREMENT_UNITS = [
    "MM", "CM", "DM", "M", "KM", "FT", "YD", "INCH",
    "SQ_MM", "SQ_CM", "SQ_DM", "SQ_M", "SQ_KM", "SQ_FT", "SQ_YD", "SQ_INCH",
    "CUBIC_MILLIMETER", "CUBIC_CENTIMETER", "CUBIC_DECIMETER", "CUBIC_METER", "LITER",
    "CUBIC_FOOT", "CUBIC_INCH", "CUBIC_YARD", "QT", "PINT", "FL_OZ", "ACRE_IN", "ACRE_FT",
    "G", "LB", "OZ", "KG", "TONNE",
]
MeasurementUnitsEnum = graphene.Enum("MeasurementUnitsEnum", [(name, name.lower()) for name in MEASUREMENT_UNITS])

# Units as Vietnamese labels write them, mapped to Saleor's names: Saleor has
# no millilitre, and a millilitre is a cubic centimetre.
UNIT_ALIASES = {"ml": "cubic_centimeter", "l": "liter", "lit": "liter", "cm3": "cubic_centimeter", "m2": "sq_m"}


def measurement_unit(unit: str | None) -> str | None:
    """The MeasurementUnitsEnum value for a stored unit, None when it has no Saleor name."""
    if not unit:
        return None
    value = UNIT_ALIASES.get(unit.lower(), unit.lower())
    return value if value.upper() in MEASUREMENT_UNITS else None
