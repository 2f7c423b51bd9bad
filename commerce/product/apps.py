from django.apps import AppConfig


class ProductConfig(AppConfig):
    name = "commerce.product"
    label = "product"
