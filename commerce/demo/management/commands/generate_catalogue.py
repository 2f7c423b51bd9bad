"""manage.py generate_catalogue --products 100000: a synthetic catalogue for benchmarks."""

import os
import platform

from django.core.management.base import BaseCommand, CommandError

from commerce.demo.synthetic import generate_catalogue


class Command(BaseCommand):
    help = (
        "Bulk-insert N synthetic products (variants, listings, stock, some certifications) with "
        "realistic Vietnamese names, then build their search entries. Re-running with the same "
        "--seed adds only what is missing; --replace deletes all synthetic products first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, required=True, help="How many products this seed should have.")
        parser.add_argument("--channel", default="web-shop", help="Slug of the channel every product is listed in.")
        parser.add_argument("--seed", type=int, default=1, help="Names the run; same seed, same products.")
        parser.add_argument("--replace", action="store_true", help="Delete all synthetic products first.")
        parser.add_argument("--images", action="store_true", help="Attach one of a few shared pictures to each.")
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="Leave products marked dirty; the beat task update_dirty_search_vectors indexes them.",
        )
        parser.add_argument("--batch-size", type=int, default=2000, help="Products per transaction.")
        parser.add_argument(
            "--workers", type=int, default=os.cpu_count() or 1, help="Processes inserting and indexing batches."
        )

    def handle(self, *args, **options):
        if options["products"] < 0:
            raise CommandError("--products must be zero or more.")
        verbose = options["verbosity"] > 0
        try:
            result = generate_catalogue(
                options["products"], channel=options["channel"], seed=options["seed"], replace=options["replace"],
                images=options["images"], index=not options["no_index"], batch_size=options["batch_size"],
                workers=options["workers"],
                log=self.stdout.write if verbose else (lambda message: None),
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Synthetic catalogue (seed {options['seed']}): {result.created} created, {result.skipped} already there, "
            f"{result.deleted} deleted, {result.indexed} indexed in {result.seconds:.1f}s "
            f"with {options['workers']} workers on {platform.node()} ({os.cpu_count()} CPUs, {platform.machine()})"
        )
        self.stdout.write(
            f"  worker time: inserting {result.insert_seconds:.1f}s, indexing {result.index_seconds:.1f}s"
        )
