from django.apps import AppConfig


class ProducerConfig(AppConfig):
    name = "commerce.producer"
    label = "producer"
