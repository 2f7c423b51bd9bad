"""Account pages of the storefront: sign in (email or mobile number), sign out,
register, and the address book. They call the same actions as the GraphQL API
(commerce.account.actions), throttling included."""

from django.contrib import messages
from django.contrib.auth import login as django_login
from django.contrib.auth import logout as django_logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from commerce.account import actions, throttling

from .forms import AddressForm, LoginForm, RegisterForm

SESSION_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("storefront:addresses")


@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request):
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                user = actions.authenticate(
                    form.cleaned_data["login"],
                    form.cleaned_data["password"],
                    ip=throttling.client_ip(request),
                )
            except ValidationError as error:
                form.add_action_errors(error)
                if any(e.code == throttling.CODE for errors in error.error_dict.values() for e in errors):
                    status = 429
            else:
                django_login(request, user, backend=SESSION_BACKEND)
                return redirect(_next_url(request))
    return render(request, "storefront/account/login.html", {"form": form, "next": _next_url(request)}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def logout_view(request):
    if request.method == "POST":
        django_logout(request)
        messages.info(request, _("Bạn đã đăng xuất."))
        return redirect("storefront:login")
    return render(request, "storefront/account/logout.html")


@never_cache
@require_http_methods(["GET", "POST"])
def register_view(request):
    form = RegisterForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                user = actions.register(
                    data["login"],
                    data["password"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    language_code=(getattr(request, "LANGUAGE_CODE", "") or "vi").lower(),
                )
            except ValidationError as error:
                form.add_action_errors(error)
            else:
                django_login(request, user, backend=SESSION_BACKEND)
                messages.success(request, _("Chào mừng! Tài khoản của bạn đã được tạo."))
                return redirect(_next_url(request))
    return render(request, "storefront/account/register.html", {"form": form, "next": _next_url(request)}, status=status)


@never_cache
@login_required(login_url="storefront:login")
@require_http_methods(["GET", "POST"])
def addresses_view(request):
    """The address book: the list, and a form to add one."""
    user = request.user
    form = AddressForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                actions.add_address(user, form.address_data())
            except ValidationError as error:
                form.add_action_errors(error)
            else:
                messages.success(request, _("Đã thêm địa chỉ."))
                return redirect("storefront:addresses")
    context = {"form": form, "addresses": user.addresses.order_by("pk"), "account": user}
    return render(request, "storefront/account/addresses.html", context, status=status)


@login_required(login_url="storefront:login")
@require_POST
def address_delete_view(request, address_id):
    try:
        actions.delete_address(request.user, actions.user_address(request.user, address_id))
    except ValidationError:
        messages.error(request, _("Không tìm thấy địa chỉ này trong sổ địa chỉ của bạn."))
    else:
        messages.success(request, _("Đã xoá địa chỉ."))
    return redirect("storefront:addresses")


@login_required(login_url="storefront:login")
@require_POST
def address_default_view(request, address_id, address_type):
    try:
        actions.set_default_address(request.user, actions.user_address(request.user, address_id), address_type)
    except ValidationError:
        messages.error(request, _("Không thể đặt địa chỉ mặc định."))
    else:
        messages.success(request, _("Đã đặt địa chỉ mặc định."))
    return redirect("storefront:addresses")
