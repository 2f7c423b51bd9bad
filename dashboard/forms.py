"""Forms of the dashboard: a new catalogue import."""

from pathlib import Path

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

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
