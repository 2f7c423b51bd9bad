from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Seed data: the OCOP category tree production needs, the demo catalogue and the
    synthetic catalogue that benchmarks run against. It has no models of its own."""

    name = "commerce.demo"
    label = "demo"
    verbose_name = "Demo and seed data"
