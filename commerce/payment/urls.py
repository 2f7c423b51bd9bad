"""Payment URLs outside GraphQL; config/urls.py includes these at the root."""

from django.urls import path

from integrations.stripe.webhooks import stripe_webhook

from . import views

urlpatterns = [
    path("pay/assets/<str:name>", views.pay_asset, name="pay-asset"),
    path("pay/<uuid:token>/", views.pay_page, name="pay"),
    path("pay/<uuid:token>/confirm/", views.pay_confirm, name="pay-confirm"),
    path("pay/<uuid:token>/process/", views.pay_process, name="pay-process"),
    path("webhooks/stripe/", stripe_webhook, name="stripe-webhook"),
    path("webhooks/vietqr/", views.vietqr_webhook, name="vietqr-webhook"),
]
