"""Forms of the dashboard: a new catalogue import, and saved column mappings."""

from pathlib import Path

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from catalog_import.fields import FIELDS, PARAMETERISED
from catalog_import.headers import is_valid_key, normalize_header
from catalog_import.models import ImportMapping
from commerce.channel.models import Channel

SOURCE_EXTENSIONS = (".csv", ".xlsx", ".jsonl")
# Limits, overridable in settings: a producer's sheet is a few MB at most; the
# photos ZIP may be large.
DEFAULT_MAX_SOURCE_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_IMAGES_BYTES = 500 * 1024 * 1024


def max_source_bytes() -> int:
    return getattr(settings, "CATALOG_IMPORT_MAX_UPLOAD_BYTES", DEFAULT_MAX_SOURCE_BYTES)


def max_images_bytes() -> int:
    return getattr(settings, "CATALOG_IMPORT_MAX_IMAGES_BYTES", DEFAULT_MAX_IMAGES_BYTES)


def _check_upload(upload, extensions, limit, what):
    extension = Path(upload.name or "").suffix.lower()
    if extension not in extensions:
        raise forms.ValidationError(
            _("%(what)s phải là tệp %(allowed)s (tệp đã chọn: %(name)s)."),
            code="extension",
            params={"what": what, "allowed": ", ".join(extensions), "name": upload.name},
        )
    if not upload.size:
        raise forms.ValidationError(_("Tệp %(name)s trống."), code="empty", params={"name": upload.name})
    if upload.size > limit:
        raise forms.ValidationError(
            _("Tệp %(name)s quá lớn (%(size)s); giới hạn là %(limit)s."),
            code="size",
            params={"name": upload.name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    return upload


class ChannelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, channel):
        label = f"{channel.name} ({channel.slug})"
        return label if channel.is_active else f"{label} — {_('chưa hoạt động')}"


class ImportForm(forms.Form):
    MODE_DRY_RUN = "dry_run"
    MODE_APPLY = "apply"

    source = forms.FileField(
        label=_("Tệp sản phẩm"),
        help_text=_("CSV, XLSX hoặc JSONL theo mẫu nhập sản phẩm."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SOURCE_EXTENSIONS)}),
    )
    images_zip = forms.FileField(
        label=_("Tệp ZIP ảnh (không bắt buộc)"),
        required=False,
        help_text=_("Ảnh được nhắc tới theo tên tệp trong cột “Ảnh”."),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip"}),
    )
    channel = ChannelChoiceField(
        label=_("Kênh bán"), queryset=Channel.objects.order_by("name"), to_field_name="slug", empty_label=None
    )
    mapping = forms.ModelChoiceField(
        label=_("Bảng ánh xạ cột (không bắt buộc)"),
        queryset=ImportMapping.objects.order_by("name"),
        to_field_name="name",
        required=False,
        empty_label=_("— Tự nhận tiêu đề cột —"),
    )
    sheet = forms.CharField(
        label=_("Trang tính (không bắt buộc)"),
        max_length=100,
        required=False,
        help_text=_("Tên trang tính trong tệp XLSX; để trống để dùng trang đầu tiên."),
    )
    mode = forms.ChoiceField(
        label=_("Chế độ"),
        choices=(
            (MODE_DRY_RUN, _("Chạy thử: kiểm tra và báo cáo, không ghi gì")),
            (MODE_APPLY, _("Nhập thật: ghi sản phẩm vào danh mục")),
        ),
        initial=MODE_DRY_RUN,
        widget=forms.RadioSelect,
    )
    partial = forms.BooleanField(
        label=_("Nhập một phần: bỏ qua các dòng lỗi, nhập các dòng hợp lệ"),
        required=False,
    )

    def clean_source(self):
        return _check_upload(self.cleaned_data["source"], SOURCE_EXTENSIONS, max_source_bytes(), _("Tệp sản phẩm"))

    def clean_images_zip(self):
        upload = self.cleaned_data.get("images_zip")
        if not upload:
            return None
        return _check_upload(upload, (".zip",), max_images_bytes(), _("Tệp ảnh"))

    @property
    def apply(self) -> bool:
        return self.cleaned_data["mode"] == self.MODE_APPLY


# --- Saved column mappings (ImportMapping) -------------------------------------------------

# /dashboard/imports/mappings/new/ is the create page: no mapping may be called "new".
RESERVED_MAPPING_NAMES = frozenset({"new"})
MAX_MAPPING_ROWS = 300

FIELD_GROUPS = (
    ("producer", _("Chủ thể")),
    ("product", _("Sản phẩm")),
    ("variant", _("Phiên bản")),
    ("certification", _("Chứng nhận OCOP")),
    ("offer", _("Giá và tồn kho")),
    ("media", _("Ảnh")),
)


def valid_keys_text() -> str:
    keys = [f.key for f in FIELDS]
    keys += [f"{key}@<{'channel' if key == 'price' else 'warehouse'}-slug>" for key in sorted(PARAMETERISED)]
    return ", ".join(keys)


def field_key_choices() -> list:
    """The select of a mapping row: "(bỏ qua / ignore)", then the fields by group, with
    price@<channel> and stock@<warehouse> for every existing channel and warehouse."""
    from commerce.warehouse.models import Warehouse

    english = (get_language() or "").startswith("en")
    choices = [("", _("(bỏ qua / ignore)"))]
    for group, label in FIELD_GROUPS:
        options = [(f.key, f"{f.en if english else f.vi} · {f.key}") for f in FIELDS if f.group == group]
        if group == "offer":
            options = [
                ("price", f"{_('Giá bán ở kênh chọn khi nhập')} · price"),
                ("stock", f"{_('Tồn kho ở kho đầu tiên của kênh')} · stock"),
            ]
            for channel in Channel.objects.order_by("slug"):
                if is_valid_key(f"price@{channel.slug}"):
                    options.append((f"price@{channel.slug}", f"{_('Giá bán')} — {channel.name} · price@{channel.slug}"))
            for warehouse in Warehouse.objects.order_by("slug"):
                if is_valid_key(f"stock@{warehouse.slug}"):
                    options.append(
                        (f"stock@{warehouse.slug}", f"{_('Tồn kho')} — {warehouse.name} · stock@{warehouse.slug}")
                    )
        choices.append((label, options))
    return choices


def _flat_values(choices) -> set:
    values = set()
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            values.update(v for v, _label in label)
        else:
            values.add(value)
    return values


class MappingForm(forms.Form):
    name = forms.SlugField(
        label=_("Tên bảng ánh xạ"),
        max_length=100,
        help_text=_("Chữ không dấu, số và dấu gạch ngang, ví dụ htx-gom-bat-trang; dùng khi nhập: --mapping TÊN."),
        error_messages={
            "invalid": _("Tên chỉ được gồm chữ không dấu, số, dấu gạch ngang và gạch dưới, ví dụ htx-gom-bat-trang."),
            "required": _("Hãy đặt tên cho bảng ánh xạ."),
        },
    )
    description = forms.CharField(
        label=_("Mô tả (không bắt buộc)"),
        max_length=250,
        required=False,
        help_text=_("Bảng ánh xạ này dùng cho tệp của ai, mẫu nào."),
    )

    def __init__(self, *args, instance: ImportMapping | None = None, **kwargs):
        self.instance = instance
        super().__init__(*args, **kwargs)

    def clean_name(self):
        name = self.cleaned_data["name"]
        if name in RESERVED_MAPPING_NAMES:
            raise forms.ValidationError(_("Tên “%(name)s” được dành riêng; hãy chọn tên khác."), params={"name": name})
        others = ImportMapping.objects.filter(name=name)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("Đã có bảng ánh xạ tên “%(name)s”."), params={"name": name})
        return name


class MappingRowForm(forms.Form):
    header = forms.CharField(label=_("Tiêu đề cột trong tệp"), max_length=255, required=False, strip=True)
    key = forms.CharField(label=_("Trường nhập liệu"), required=False, widget=forms.Select)

    def __init__(self, *args, key_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = list(key_choices if key_choices is not None else field_key_choices())
        current = self["key"].value() or ""
        if current and current not in _flat_values(choices):
            # A key typed by hand or saved earlier: shown as it is, so the person sees it.
            choices.append((current, f"{current} — {_('không hợp lệ') if not is_valid_key(current) else _('khác')}"))
        self.fields["key"].widget.choices = choices

    def clean(self):
        data = super().clean()
        header, key = data.get("header") or "", (data.get("key") or "").strip()[:300]
        data["key"] = key
        if key and not header:
            self.add_error("header", _("Hãy ghi tiêu đề cột cho trường “%(key)s”.") % {"key": key})
        elif key and not is_valid_key(key):
            self.add_error(
                "key",
                _("Cột “%(header)s”: “%(key)s” không phải là trường nhập liệu. Các trường hợp lệ: %(valid)s.")
                % {"header": header, "key": key, "valid": valid_keys_text()},
            )
        return data


class BaseMappingRowFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen: dict[str, str] = {}
        for form in self.forms:
            header = (form.cleaned_data or {}).get("header") or ""
            folded = normalize_header(header)
            if not header:
                continue
            if not folded:
                form.add_error("header", _("Tiêu đề “%(header)s” không có chữ hay số nào.") % {"header": header})
            elif folded in seen:
                form.add_error(
                    "header",
                    _("Tiêu đề “%(header)s” trùng với “%(other)s” (không tính dấu, hoa thường).")
                    % {"header": header, "other": seen[folded]},
                )
            else:
                seen[folded] = header
        if any(self.errors):
            raise forms.ValidationError(_("Có dòng chưa đúng, xem bên dưới."))

    @property
    def columns(self) -> dict[str, str]:
        """{"header": "key" or ""} of the filled rows, in order (after is_valid())."""
        return {
            form.cleaned_data["header"]: form.cleaned_data.get("key") or ""
            for form in self.forms
            if form.cleaned_data.get("header")
        }


MappingRowFormSet = forms.formset_factory(
    MappingRowForm,
    formset=BaseMappingRowFormSet,
    extra=3,
    max_num=MAX_MAPPING_ROWS,
    validate_max=True,
    absolute_max=MAX_MAPPING_ROWS + 50,
)


class SampleSheetForm(forms.Form):
    """A producer's sheet whose header fills the rows (nothing else of it is kept)."""

    sample = forms.FileField(
        label=_("Tệp mẫu (không bắt buộc)"),
        required=False,
        help_text=_("Tải lên một tệp của nguồn này (CSV, XLSX hoặc JSONL): các cột được điền từ dòng tiêu đề, "
                    "cột nào nhận ra được thì trường đã được chọn sẵn."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SOURCE_EXTENSIONS)}),
    )
    sample_sheet = forms.CharField(
        label=_("Trang tính (không bắt buộc)"),
        max_length=100,
        required=False,
        help_text=_("Tên trang tính trong tệp XLSX; để trống để dùng trang đầu tiên."),
    )

    def clean_sample(self):
        upload = self.cleaned_data.get("sample")
        if not upload:
            raise forms.ValidationError(_("Hãy chọn tệp mẫu để đọc dòng tiêu đề."), code="required")
        return _check_upload(upload, SOURCE_EXTENSIONS, max_source_bytes(), _("Tệp mẫu"))


class ThrottledLoginForm(AuthenticationForm):
    """Staff sign-in through the same path as customers' (email or phone, the
    failed-login back-off per account and per IP, see commerce.account.throttling)."""

    def clean(self):
        from commerce.account import actions, throttling

        login, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if login is None or password is None:
            return self.cleaned_data
        try:
            user = actions.authenticate(login, password, ip=throttling.client_ip(self.request), field="username")
        except ValidationError as error:
            messages = [message for errors in error.message_dict.values() for message in errors]
            raise ValidationError(messages) from None
        user.backend = "django.contrib.auth.backends.ModelBackend"
        self.user_cache = user
        self.confirm_login_allowed(user)
        return self.cleaned_data
