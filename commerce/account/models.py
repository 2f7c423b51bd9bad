import secrets

from django.contrib.auth.hashers import check_password
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from commerce.core.models import ModelWithMetadata

from . import divisions


class Address(models.Model):
    """A postal address on Vietnam's two-tier units (province, then commune/ward).

    Saleor's field names are kept so its API shape fits: `country_area` holds the
    province name and `city` the ward/commune name, both derived from the codes.
    """

    first_name = models.CharField(max_length=256, blank=True)
    last_name = models.CharField(max_length=256, blank=True)
    company_name = models.CharField(max_length=256, blank=True)
    street_address_1 = models.CharField(max_length=256, blank=True)
    street_address_2 = models.CharField(max_length=256, blank=True)
    province_code = models.PositiveSmallIntegerField(null=True, blank=True)
    ward_code = models.PositiveIntegerField(null=True, blank=True)
    city = models.CharField(max_length=256, blank=True)
    city_area = models.CharField(max_length=128, blank=True)
    country_area = models.CharField(max_length=128, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, default="VN")
    phone = models.CharField(max_length=32, blank=True)
    # A district named by a record made before the July 2025 reform, kept as written.
    legacy_district = models.CharField(max_length=128, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)

    def __str__(self):
        parts = [self.street_address_1, self.street_address_2, self.city, self.country_area]
        return ", ".join(p for p in parts if p)

    def clean(self):
        if self.country != "VN":
            return
        if self.ward_code and not self.province_code:
            raise ValidationError({"province_code": "Choose the province of this ward."})
        if self.province_code and self.ward_code:
            try:
                province, ward = divisions.validate_ward_in_province(self.province_code, self.ward_code)
            except ValidationError as error:
                raise ValidationError({"ward_code": error.messages})
            self.country_area, self.city = province.name, ward.name
        elif self.province_code:
            try:
                self.country_area = divisions.province(self.province_code).name
            except ValidationError as error:
                raise ValidationError({"province_code": error.messages})


def new_jwt_token_key() -> str:
    """A fresh per-user secret baked into every token issued to the user: a new
    one (password changed, account deactivated) makes all earlier tokens invalid."""
    return secrets.token_urlsafe(9)[:12]


class UserManager(BaseUserManager):
    def create_user(self, email=None, password=None, **extra):
        """A user known by `email` or by `phone` (E.164, see `phones.normalize_phone`)."""
        email = self.normalize_email(email).lower() if email else None
        if not email and not extra.get("phone"):
            raise ValueError("A user needs an email address or a phone number.")
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)

    def staff(self):
        return self.get_queryset().filter(is_staff=True)

    def get_by_login(self, login: str):
        """The user who signs in as `login`: an email (any case) or a Vietnamese
        mobile number in any usual spelling (0912…, +84 912…). DoesNotExist otherwise."""
        from .phones import looks_like_phone, normalize_phone

        login = (login or "").strip()
        if login and looks_like_phone(login):
            try:
                return self.get(phone=normalize_phone(login))
            except ValidationError:
                raise self.model.DoesNotExist from None
        if not login:
            raise self.model.DoesNotExist
        return self.get(email=login.lower())

    def get_by_natural_key(self, username):
        # Django's login form and ModelBackend come through here: phone works there too.
        return self.get_by_login(username)


class User(PermissionsMixin, ModelWithMetadata, AbstractBaseUser):
    # Stored lower-case. A customer who registered with a phone number has none.
    email = models.EmailField(unique=True, null=True, blank=True)
    # A Vietnamese mobile number in E.164 (+849…), see phones.normalize_phone.
    phone = models.CharField(max_length=32, blank=True, null=True, unique=True)
    first_name = models.CharField(max_length=256, blank=True)
    last_name = models.CharField(max_length=256, blank=True)
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    language_code = models.CharField(max_length=35, default="vi")
    date_joined = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    default_shipping_address = models.ForeignKey(Address, related_name="+", null=True, blank=True, on_delete=models.SET_NULL)
    default_billing_address = models.ForeignKey(Address, related_name="+", null=True, blank=True, on_delete=models.SET_NULL)
    addresses = models.ManyToManyField(Address, blank=True, related_name="user_addresses")
    jwt_token_key = models.CharField(max_length=12, default=new_jwt_token_key)

    USERNAME_FIELD = "email"
    objects = UserManager()

    class Meta:
        ordering = ("email",)
        permissions = (
            ("manage_users", "Manage customers."),
            ("manage_staff", "Manage staff."),
            ("impersonate_user", "Impersonate user."),
        )
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email__isnull=False) | models.Q(phone__isnull=False),
                name="user_has_email_or_phone",
            ),
        ]

    def __str__(self):
        return self.email or self.phone or f"User {self.pk}"

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self.jwt_token_key = new_jwt_token_key()

    def check_password(self, raw_password):
        # Django re-hashes a password stored with an older hasher through
        # set_password: that is not a password change, so tokens stay valid.
        def rehash(raw):
            key = self.jwt_token_key
            self.set_password(raw)
            self.jwt_token_key = key
            self._password = None
            self.save(update_fields=["password"])

        return check_password(raw_password, self.password, rehash)

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip() or str(self)


class GroupChannelAccess(models.Model):
    """Which channels a permission group's members may act in.

    Permission groups are Django's `auth.Group` (Saleor's names for their
    permissions); this row adds Saleor's `restrictedAccessToChannels` and
    `accessibleChannels`. Unlike Saleor, the restriction covers products,
    stock and listings as well as orders: see `commerce.account.access`.
    A group without this row, or with `restricted_access_to_channels` off,
    reaches every channel.
    """

    group = models.OneToOneField("auth.Group", on_delete=models.CASCADE, related_name="channel_access")
    restricted_access_to_channels = models.BooleanField(default=False)
    channels = models.ManyToManyField("channel.Channel", blank=True, related_name="+")

    def __str__(self):
        return f"{self.group.name}: {'restricted' if self.restricted_access_to_channels else 'all channels'}"
