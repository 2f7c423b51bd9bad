"""./shop manage load_demo_data: the demo shop (channels, producers, 160+ products
with pictures). Safe to run again: a second run writes nothing."""

from django.core.management.base import BaseCommand

from commerce.demo.loader import load_demo_data


class Command(BaseCommand):
    help = "Load the demo shop: centres, craft villages, producers, OCOP categories and products. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--no-images", action="store_true", help="Skip drawing product pictures.")
        parser.add_argument(
            "--no-search-index",
            action="store_true",
            help="Leave search entries to the Celery tasks instead of building them now.",
        )

    def handle(self, *args, no_images=False, no_search_index=False, **options):
        summary = load_demo_data(images=not no_images, index_search=not no_search_index)
        for line in summary.lines():
            self.stdout.write(line)
