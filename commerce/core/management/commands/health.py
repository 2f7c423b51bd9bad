"""`manage.py health`: the /health/ checks from a shell, for deploy scripts and probes."""

import json

from django.core.management.base import BaseCommand, CommandError

from commerce.core.health import run_checks


class Command(BaseCommand):
    help = "Check the database, the cache and the Celery broker; exit 1 if any fails."

    def handle(self, *args, **options):
        report = run_checks()
        self.stdout.write(json.dumps(report, indent=2))
        if report["status"] != "ok":
            failed = ", ".join(name for name, check in report["checks"].items() if not check["ok"])
            raise CommandError(f"unhealthy: {failed}")
