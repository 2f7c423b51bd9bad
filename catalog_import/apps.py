from django.apps import AppConfig


class CatalogImportConfig(AppConfig):
    name = "catalog_import"
    label = "catalog_import"
    verbose_name = "Catalogue import"
