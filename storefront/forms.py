"""Forms of the account pages. They only collect input: the rules (what a valid
login, password or address is) are in commerce.account.actions, whose errors
are shown beside the field they concern."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from commerce.account import divisions


class ActionErrorsMixin:
    """Put an action's ValidationError on this form's fields (the rest on top)."""

    # action field -> form field
    error_fields: dict = {}

    def add_action_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, errors in error.error_dict.items():
            target = self.error_fields.get(field, field)
            self.add_error(target if target in self.fields else None, errors)


class LoginForm(ActionErrorsMixin, forms.Form):
    login = forms.CharField(
        label=_("Email hoặc số điện thoại"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Mật khẩu"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    error_fields = {"email": "login"}


class RegisterForm(ActionErrorsMixin, forms.Form):
    login = forms.CharField(
        label=_("Email hoặc số điện thoại di động"),
        max_length=254,
        help_text=_("Ví dụ: ten@example.com hoặc 0912 345 678."),
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        help_text=_("Ít nhất 8 ký tự; nên dùng một câu dễ nhớ. Tránh mật khẩu phổ biến."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    first_name = forms.CharField(label=_("Tên"), max_length=256, required=False)
    last_name = forms.CharField(label=_("Họ"), max_length=256, required=False)
    error_fields = {"email": "login"}


def province_choices():
    units = sorted(divisions.provinces().values(), key=lambda p: p.name)
    return [("", _("— Chọn tỉnh/thành phố —"))] + [(int(p.code), p.name) for p in units]


class AddressForm(ActionErrorsMixin, forms.Form):
    first_name = forms.CharField(label=_("Tên người nhận"), max_length=256, required=False)
    last_name = forms.CharField(label=_("Họ người nhận"), max_length=256, required=False)
    phone = forms.CharField(
        label=_("Số điện thoại"), max_length=32, required=False, widget=forms.TextInput(attrs={"autocomplete": "tel"})
    )
    street_address_1 = forms.CharField(
        label=_("Số nhà, đường, thôn/xóm"), max_length=256, widget=forms.TextInput(attrs={"autocomplete": "address-line1"})
    )
    province_code = forms.TypedChoiceField(label=_("Tỉnh/thành phố"), coerce=int, choices=province_choices)
    city = forms.CharField(
        label=_("Xã/phường"),
        max_length=256,
        help_text=_("Theo đơn vị hành chính từ 1/7/2025, ví dụ: Xã Bát Tràng."),
    )
    error_fields = {"country_area": "province_code", "ward_code": "city"}

    def address_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["country"] = "VN"
        return data
