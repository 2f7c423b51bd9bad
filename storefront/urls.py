"""Storefront pages, mounted at the root (see config/urls.py)."""

from django.urls import path

from . import views

app_name = "storefront"

urlpatterns = [
    path("account/login/", views.login_view, name="login"),
    path("account/logout/", views.logout_view, name="logout"),
    path("account/register/", views.register_view, name="register"),
    path("account/addresses/", views.addresses_view, name="addresses"),
    path("account/addresses/<int:address_id>/delete/", views.address_delete_view, name="address_delete"),
    path(
        "account/addresses/<int:address_id>/default/<str:address_type>/",
        views.address_default_view,
        name="address_default",
    ),
]
