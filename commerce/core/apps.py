from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "commerce.core"
    label = "core"

    def ready(self):
        from .catalogue_version import connect_signals

        connect_signals()
