"""./shop manage import_catalog FILE --channel SLUG [--apply] [--partial] ...

Exit codes: 0 nothing refused, 1 rows refused, 2 the import could not run."""

import sys

from django.core.management.base import BaseCommand

from catalog_import.engine import ImportRefused, run_import


class Command(BaseCommand):
    help = "Import a producer's spreadsheet into a channel's catalogue (dry run unless --apply)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--channel", required=True)
        parser.add_argument("--apply", action="store_true")
        parser.add_argument("--partial", action="store_true")
        parser.add_argument("--mapping")
        parser.add_argument("--sheet")
        parser.add_argument("--images")
        parser.add_argument("--report-json")
        parser.add_argument("--report-xlsx")
        parser.add_argument("--language", choices=("vi", "en"), default="vi")

    def handle(self, *args, **options):
        tty = sys.stderr.isatty()
        last = {"line": -1}

        def progress(done, total, stage):
            if tty:
                width = 30
                filled = int(width * done / total) if total else 0
                sys.stderr.write(f"\r{stage:9} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
                sys.stderr.flush()
            elif done // 1000 != last["line"] or done == total:
                last["line"] = done // 1000
                sys.stderr.write(f"{stage} {done}/{total}\n")
                sys.stderr.flush()

        try:
            report = run_import(
                options["file"], channel=options["channel"], apply=options["apply"], partial=options["partial"],
                mapping=options["mapping"], sheet=options["sheet"], images_zip=options["images"],
                progress=progress, language=options["language"],
            )
        except ImportRefused as error:
            if tty:
                sys.stderr.write("\n")
            self.stderr.write(str(error))
            sys.exit(2)
        if tty:
            sys.stderr.write("\n")
        report.write_json(options["report_json"] or f"{options['file']}.report.json")
        try:
            report.write_xlsx(options["file"], options["report_xlsx"] or f"{options['file']}.report.xlsx")
        except Exception as error:  # noqa: BLE001 - the import itself is done
            self.stderr.write(f"Cannot write the XLSX report: {error}")
        self.stdout.write(report.render_text(), ending="")
        if report.summary["refused"]:
            sys.exit(1)
