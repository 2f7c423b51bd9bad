from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from commerce.core.models import ModelWithExternalReference, ModelWithMetadata, Translation
from commerce.core.validators import normalize_tax_code, validate_tax_code


class LegalType(models.TextChoices):
    """The kinds of OCOP subject the programme recognises."""

    ENTERPRISE = "enterprise", "Doanh nghiệp"
    COOPERATIVE = "cooperative", "Hợp tác xã"
    COOPERATIVE_GROUP = "cooperative_group", "Tổ hợp tác"
    HOUSEHOLD = "household", "Hộ kinh doanh"


class CraftVillage(ModelWithMetadata):
    """A craft village (làng nghề): a place and a craft, not an administrative unit.

    Several villages' communes were merged in 2025, so the village keeps its own
    name and story and points at the ward it lies in today.
    """

    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, unique=True)
    craft = models.CharField(max_length=250)
    story = models.JSONField(blank=True, null=True)
    story_plaintext = models.TextField(blank=True)
    province_code = models.PositiveSmallIntegerField(null=True, blank=True)
    ward_code = models.PositiveIntegerField(null=True, blank=True)
    place = models.CharField(max_length=250, blank=True, help_text="The place as people name it, e.g. 'Bát Tràng, Gia Lâm'.")
    recognised_year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ("name", "pk")

    def __str__(self):
        return self.name


class CraftVillageTranslation(Translation):
    craft_village = models.ForeignKey(CraftVillage, related_name="translations", on_delete=models.CASCADE)
    name = models.CharField(max_length=250, blank=True)
    craft = models.CharField(max_length=250, blank=True)
    story = models.JSONField(blank=True, null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["craft_village", "language_code"], name="craft_village_translation_unique")]


class Producer(ModelWithMetadata, ModelWithExternalReference):
    """An OCOP subject (chủ thể OCOP) that makes and sells products through the shop."""

    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, unique=True)
    legal_type = models.CharField(max_length=32, choices=LegalType.choices)
    tax_code = models.CharField(max_length=20, unique=True, null=True, blank=True)
    representative = models.CharField(max_length=250, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=32, blank=True)
    website = models.URLField(blank=True)
    description = models.JSONField(blank=True, null=True)
    description_plaintext = models.TextField(blank=True)
    address = models.ForeignKey("account.Address", null=True, blank=True, related_name="+", on_delete=models.SET_NULL)
    craft_village = models.ForeignKey(CraftVillage, null=True, blank=True, related_name="producers", on_delete=models.SET_NULL)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="ProducerMembership", related_name="producers")

    class Meta:
        ordering = ("name", "pk")
        permissions = (("manage_producers", "Manage producers."),)

    def __str__(self):
        return self.name

    def clean(self):
        if self.tax_code:
            self.tax_code = normalize_tax_code(self.tax_code)
            try:
                validate_tax_code(self.tax_code)
            except ValidationError as error:
                raise ValidationError({"tax_code": error.messages})


class ProducerRole(models.TextChoices):
    OWNER = "owner", "Owner"
    STAFF = "staff", "Staff"


class ProducerMembership(models.Model):
    """A user who acts for a producer: manages its listings, stock and photos."""

    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="producer_memberships")
    role = models.CharField(max_length=16, choices=ProducerRole.choices, default=ProducerRole.STAFF)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["producer", "user"], name="producer_membership_unique")]
