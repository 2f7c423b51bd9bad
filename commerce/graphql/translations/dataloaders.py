"""Translation rows by (translated object's id, language code).

Every translatable model has a `*Translation` model with a foreign key to it
and a `language_code`; one loader class per pair keeps each loader's cache
separate, which a single generic loader keyed by model could not do safely.
"""

from commerce.graphql.core.dataloaders import DataLoader
from commerce.producer.models import CraftVillageTranslation
from commerce.product.models import (
    AttributeTranslation,
    AttributeValueTranslation,
    CategoryTranslation,
    CollectionTranslation,
    ProductTranslation,
    ProductVariantTranslation,
)


class _TranslationLoader(DataLoader):
    model = None
    owner_field = ""  # the foreign key column, e.g. "product_id"

    def batch_load(self, keys):
        owner_ids = {key[0] for key in keys}
        languages = {key[1] for key in keys}
        rows = self.model.objects.filter(
            **{f"{self.owner_field}__in": owner_ids, "language_code__in": languages}
        )
        found = {(getattr(row, self.owner_field), row.language_code): row for row in rows}
        return [found.get(key) for key in keys]


def _loader(model, owner_field, context_key):
    return type(
        f"{model.__name__}ByIdAndLanguageCodeLoader",
        (_TranslationLoader,),
        {"model": model, "owner_field": owner_field, "context_key": context_key},
    )


ProductTranslationByIdAndLanguageCodeLoader = _loader(
    ProductTranslation, "product_id", "product_translation_by_id_and_language"
)
ProductVariantTranslationByIdAndLanguageCodeLoader = _loader(
    ProductVariantTranslation, "product_variant_id", "variant_translation_by_id_and_language"
)
CategoryTranslationByIdAndLanguageCodeLoader = _loader(
    CategoryTranslation, "category_id", "category_translation_by_id_and_language"
)
CollectionTranslationByIdAndLanguageCodeLoader = _loader(
    CollectionTranslation, "collection_id", "collection_translation_by_id_and_language"
)
AttributeTranslationByIdAndLanguageCodeLoader = _loader(
    AttributeTranslation, "attribute_id", "attribute_translation_by_id_and_language"
)
AttributeValueTranslationByIdAndLanguageCodeLoader = _loader(
    AttributeValueTranslation, "attribute_value_id", "attribute_value_translation_by_id_and_language"
)
CraftVillageTranslationByIdAndLanguageCodeLoader = _loader(
    CraftVillageTranslation, "craft_village_id", "craft_village_translation_by_id_and_language"
)
