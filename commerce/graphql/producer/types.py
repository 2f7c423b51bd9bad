"""OCOP additions: producers (OCOP subjects), craft villages and certificates.

Named in Saleor's style so a storefront reads them like the rest of the API.
"""

import graphene

from commerce.graphql.core.connection import ConnectionField, CountableConnection
from commerce.graphql.core.scalars import Date, JSONString
from commerce.graphql.core.types import ModelObjectType
from commerce.producer import models
from commerce.product import models as product_models

from ..account.dataloaders import AddressByIdLoader
from ..account.permissions import STAFF_OR_APP, permission_required
from ..account.types import Address
from ..meta.types import ObjectWithMetadata
from ..translations.dataloaders import CraftVillageTranslationByIdAndLanguageCodeLoader
from ..translations.types import CraftVillageTranslation, translation_field
from .dataloaders import CraftVillageByIdLoader
from .enums import OcopCertificationStatusEnum, OcopIssuerLevelEnum, ProducerLegalTypeEnum


class OcopCertification(ModelObjectType):
    stars = graphene.Int(required=True, description="Rating, 1 to 5 stars (3-5 are recognised).")
    score = graphene.Float(required=True, description="Score on the 100-point OCOP evaluation.")
    decision_number = graphene.String(required=True, description="Number of the recognition decision, e.g. 4127/QĐ-UBND.")
    decision_date = Date(required=True, description="Date of the recognition decision.")
    issuer_level = graphene.Field(OcopIssuerLevelEnum, required=True, description="Who recognised the rating.")
    expires_at = Date(required=True, description="Last day of validity: 36 months after the decision.")
    status = graphene.Field(OcopCertificationStatusEnum, required=True, description="Status today.")

    class Meta:
        model = product_models.OcopCertification
        description = "An OCOP rating of a product, recognised by a decision of the city or the national council."

    @staticmethod
    def resolve_score(root, _info):
        return float(root.score)

    @staticmethod
    def resolve_status(root, _info):
        return str(product_models.CertificationStatus(root.status()).value)


class CraftVillage(ModelObjectType):
    name = graphene.String(required=True, description="Name of the craft village.")
    slug = graphene.String(required=True, description="Slug of the craft village.")
    craft = graphene.String(required=True, description="The village's craft, e.g. ceramics or silk weaving.")
    story = JSONString(description="The village's story. Rich text format (Editor.js).")
    place = graphene.String(required=True, description="The place as people name it, e.g. 'Bát Tràng, Gia Lâm'.")
    province_code = graphene.Int(description="Code of the province the village lies in today.")
    ward_code = graphene.Int(description="Code of the ward or commune the village lies in today.")
    recognised_year = graphene.Int(description="Year the village was recognised as a craft village.")
    translation = translation_field(
        CraftVillageTranslation, CraftVillageTranslationByIdAndLanguageCodeLoader, "craft village"
    )

    class Meta:
        model = models.CraftVillage
        interfaces = [ObjectWithMetadata]
        description = "A craft village (làng nghề): a place and its craft, not an administrative unit."


class Producer(ModelObjectType):
    name = graphene.String(required=True, description="Name of the producer.")
    slug = graphene.String(required=True, description="Slug of the producer.")
    legal_type = graphene.Field(ProducerLegalTypeEnum, required=True, description="The producer's legal form.")
    tax_code = graphene.String(
        description=(
            "Tax code (mã số thuế).\n\nRequires one of the following permissions: "
            "AUTHENTICATED_STAFF_USER, AUTHENTICATED_APP."
        )
    )
    description = JSONString(description="Description of the producer. Rich text format (Editor.js).")
    website = graphene.String(description="The producer's website.")
    address = graphene.Field(Address, description="Address of the producer.")
    craft_village = graphene.Field(CraftVillage, description="The craft village the producer works in.")
    products = ConnectionField(
        "commerce.graphql.product.types.ProductCountableConnection",
        channel=graphene.String(description="Slug of a channel for which the data should be returned."),
        description=(
            "The producer's products. Requires one of the following permissions to include the "
            "unpublished items: MANAGE_ORDERS, MANAGE_DISCOUNTS, MANAGE_PRODUCTS."
        ),
    )

    class Meta:
        model = models.Producer
        interfaces = [ObjectWithMetadata]
        description = "An OCOP subject (chủ thể OCOP): an enterprise, cooperative, cooperative group or household."

    @staticmethod
    @permission_required(*STAFF_OR_APP)
    def resolve_tax_code(root, _info):
        return root.tax_code

    @staticmethod
    def resolve_website(root, _info):
        return root.website or None

    @staticmethod
    def resolve_address(root, info):
        if root.address_id is None:
            return None
        return AddressByIdLoader(info.context).load(root.address_id)

    @staticmethod
    def resolve_craft_village(root, info):
        if root.craft_village_id is None:
            return None
        return CraftVillageByIdLoader(info.context).load(root.craft_village_id)

    @staticmethod
    def resolve_products(root, info, *, channel=None, **kwargs):
        from ..product.schema.products import products_connection

        return products_connection(info, kwargs, channel_slug=channel, base_filter={"producer_id": root.pk})


class ProducerCountableConnection(CountableConnection):
    class Meta:
        node = Producer


class CraftVillageCountableConnection(CountableConnection):
    class Meta:
        node = CraftVillage
