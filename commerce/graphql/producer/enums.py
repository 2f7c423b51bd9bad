"""Enums of the OCOP types; values are the models' stored choices."""

import graphene

from commerce.producer.models import LegalType
from commerce.product.models import CertificationStatus, IssuerLevel


class ProducerLegalTypeEnum(graphene.Enum):
    """The kinds of OCOP subject: enterprise, cooperative, cooperative group, household."""

    ENTERPRISE = LegalType.ENTERPRISE.value
    COOPERATIVE = LegalType.COOPERATIVE.value
    COOPERATIVE_GROUP = LegalType.COOPERATIVE_GROUP.value
    HOUSEHOLD = LegalType.HOUSEHOLD.value


class OcopIssuerLevelEnum(graphene.Enum):
    """Who recognised the rating: the city (3 and 4 stars) or the national council (5 stars)."""

    CITY = IssuerLevel.CITY.value
    NATIONAL = IssuerLevel.NATIONAL.value


class OcopCertificationStatusEnum(graphene.Enum):
    """ACTIVE; EXPIRING_SOON (within 90 days); EXPIRED; NOT_RECOGNISED (1-2 stars are never certified)."""

    ACTIVE = CertificationStatus.ACTIVE.value
    EXPIRING_SOON = CertificationStatus.EXPIRING_SOON.value
    EXPIRED = CertificationStatus.EXPIRED.value
    NOT_RECOGNISED = CertificationStatus.NOT_RECOGNISED.value


class ProducerSortField(graphene.Enum):
    NAME = "name"
    CREATED_AT = "created_at"
