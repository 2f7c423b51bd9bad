from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "commerce.core"
    label = "core"
