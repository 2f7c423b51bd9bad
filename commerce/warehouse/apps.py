from django.apps import AppConfig


class WarehouseConfig(AppConfig):
    name = "commerce.warehouse"
    label = "warehouse"
