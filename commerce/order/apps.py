from django.apps import AppConfig


class OrderConfig(AppConfig):
    name = "commerce.order"
    label = "order"
