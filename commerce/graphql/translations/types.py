"""Saleor's `*Translation` types: a record's texts in one language.

Vietnamese is the records' own language; other languages are rows of the
`*Translation` models, and `translation(languageCode:)` is null when the row
does not exist (the client then shows the Vietnamese text).
"""

import graphene

from commerce.graphql.core.enums import LanguageCodeEnum
from commerce.graphql.core.language_codes import LANGUAGE_CODES
from commerce.graphql.core.scalars import JSONString
from commerce.graphql.core.types import ModelObjectType
from commerce.producer import models as producer_models
from commerce.product import models

from ..product.enums import enum_value

LANGUAGE_NAMES = dict(LANGUAGE_CODES)


def enum_name_of_code(code: str) -> str:
    return code.upper().replace("-", "_")


class LanguageDisplay(graphene.ObjectType):
    code = graphene.Field(LanguageCodeEnum, required=True, description="ISO 639 representation of the language name.")
    language = graphene.String(required=True, description="Full name of the language.")


def language_display(code: str) -> LanguageDisplay:
    name = enum_name_of_code(code)
    return LanguageDisplay(code=code, language=LANGUAGE_NAMES.get(name, name))


class BaseTranslationType(ModelObjectType):
    language = graphene.Field(LanguageDisplay, required=True, description="Translation language.")

    class Meta:
        abstract = True

    @staticmethod
    def resolve_language(root, _info):
        return language_display(root.language_code)


class ProductTranslation(BaseTranslationType):
    seo_title = graphene.String(description="Translated SEO title.")
    seo_description = graphene.String(description="Translated SEO description.")
    name = graphene.String(description="Translated product name.")
    description = JSONString(description="Translated description of the product.")

    class Meta:
        model = models.ProductTranslation
        description = "Represents product translations."


class ProductVariantTranslation(BaseTranslationType):
    name = graphene.String(required=True, description="Translated product variant name.")

    class Meta:
        model = models.ProductVariantTranslation
        description = "Represents product variant translations."


class CategoryTranslation(BaseTranslationType):
    seo_title = graphene.String(description="Translated SEO title.")
    seo_description = graphene.String(description="Translated SEO description.")
    name = graphene.String(description="Translated category name.")
    description = JSONString(description="Translated description of the category.")

    class Meta:
        model = models.CategoryTranslation
        description = "Represents category translations."


class CollectionTranslation(BaseTranslationType):
    seo_title = graphene.String(description="Translated SEO title.")
    seo_description = graphene.String(description="Translated SEO description.")
    name = graphene.String(description="Translated collection name.")
    description = JSONString(description="Translated description of the collection.")

    class Meta:
        model = models.CollectionTranslation
        description = "Represents collection translations."


class AttributeTranslation(BaseTranslationType):
    name = graphene.String(required=True, description="Translated attribute name.")

    class Meta:
        model = models.AttributeTranslation
        description = "Represents attribute translations."


class AttributeValueTranslation(BaseTranslationType):
    name = graphene.String(required=True, description="Translated attribute value name.")
    rich_text = JSONString(description="Translated rich-text attribute value.")
    plain_text = graphene.String(description="Translated plain text attribute value .")

    class Meta:
        model = models.AttributeValueTranslation
        description = "Represents attribute value translations."


class CraftVillageTranslation(BaseTranslationType):
    """OCOP addition: a craft village's name, craft and story in another language."""

    name = graphene.String(description="Translated craft village name.")
    craft = graphene.String(description="Translated name of the village's craft.")
    story = JSONString(description="Translated story of the village.")

    class Meta:
        model = producer_models.CraftVillageTranslation
        description = "Represents craft village translations."


def translation_field(translation_type, loader_class, type_name: str):
    """A `translation(languageCode: LanguageCodeEnum!)` field read through `loader_class`."""

    def resolve(root, info, *, language_code):
        pk = getattr(root, "node", root).pk
        return loader_class(info.context).load((pk, enum_value(language_code)))

    return graphene.Field(
        translation_type,
        language_code=graphene.Argument(
            LanguageCodeEnum, required=True, description="A language code to return the translation for."
        ),
        description=f"Returns translated {type_name} fields for the given language code.",
        resolver=resolve,
    )
