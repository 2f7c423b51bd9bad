"""Bulk import of producer spreadsheets: dry run and apply of 1k / 10k / 50k products.

    .venv/bin/python benchmarks/catalog_import.py [--sizes 1000,10000,50000] [--variants 2]

For each size, an XLSX sheet in the shipped template's Vietnamese headers is
written with openpyxl's write_only mode: each product (one producer among ~200
with valid tax codes, an OCOP certification with stars 3-5 and a score in the
band) has `--variants` variant rows (a valid GTIN-13 and SKU each, prices in two
channels, stock in one warehouse, no images), so 10k products are ~20k rows.
Then, each in a fresh child process, `run_import` is run as a dry run and as an
apply into a clean catalogue (the previous size's imported products are deleted
first), and the report is written as the command does (JSON and the XLSX copy).
Recorded: wall clock of run_import and per phase (reading = readers.read_table,
writing = the engine's _Plan.write, checking = the rest of run_import, report =
write_json + write_xlsx), and the child's peak resident memory (VmHWM) after
run_import and after the report. Runs in its own database, `ocop_bench_import`
(OCOP_BENCH_DATABASE overrides). Target: apply 10k products (~20k rows) in under
30 s and under 500 MB. Figures are printed and written to
benchmarks/results/catalog_import.json.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import harness

# This script's name is the app's: drop its folder from the path so
# `import catalog_import` finds the package, not this file.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

CHANNEL = "bat-trang"
SECOND_CHANNEL = "van-phuc"
PRODUCERS = 200
SKU_PREFIX = "BENCH-"

# Runs in the child: one import and its report, its figures as the last line of stdout.
CHILD = r"""
import json, sys, time, tempfile
from pathlib import Path
import django
django.setup()
from catalog_import import engine, readers
from catalog_import.engine import run_import

phases = {}


def timed(name, function):
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            phases[name] = phases.get(name, 0) + time.perf_counter() - started
    return wrapper


# Phases by wrapping what run_import calls (if the engine still has them), and the
# first progress callback of each stage as a cross-check.
readers.read_table = timed("reading", readers.read_table)
if hasattr(getattr(engine, "_Plan", None), "write"):
    engine._Plan.write = timed("writing", engine._Plan.write)
stages = {}
path, apply = sys.argv[1], sys.argv[2] == "apply"
started = time.perf_counter()


def progress(done, total, stage):
    stages.setdefault(stage, round(time.perf_counter() - started, 2))


def hwm():
    return round(next(int(l.split()[1]) for l in Path("/proc/self/status").read_text().splitlines()
                      if l.startswith("VmHWM:")) / 1024, 1)


report = run_import(path, channel=%(channel)r, apply=apply, partial=False, progress=progress)
elapsed = time.perf_counter() - started
import_hwm = hwm()
figures = {name: round(seconds, 2) for name, seconds in phases.items()}
figures["checking"] = round(elapsed - sum(phases.values()), 2)
with tempfile.TemporaryDirectory() as folder:
    began = time.perf_counter()
    report.write_json(Path(folder) / "report.json")
    report.write_xlsx(path, Path(folder) / "report.xlsx")
    figures["report"] = round(time.perf_counter() - began, 2)
print(json.dumps({"seconds": round(elapsed, 2), "with_report_seconds": round(elapsed + figures["report"], 2),
                  "phases": figures, "stage_started": stages,
                  "peak_rss_mib": import_hwm, "peak_rss_mib_with_report": hwm(),
                  "summary": report.summary, "applied": report.applied,
                  "first_refusals": report.refused_lines()[:3], "warnings": report.warnings[:3]}))
"""

CLEAN = (
    "from commerce.product.models import Product, ProductVariant\n"
    f"ids = ProductVariant.objects.filter(sku__startswith={SKU_PREFIX!r}).values_list('product_id', flat=True)\n"
    "print(Product.objects.filter(pk__in=list(ids)).delete()[0])\n"
)


def tax_code(n: int) -> str:
    from commerce.core.validators import tax_code_check_digit

    while True:
        body = f"01{n:07d}"
        digit = tax_code_check_digit(body)
        if digit is not None:
            return body + str(digit)
        n += 1


def gtin(n: int) -> str:
    from commerce.core.validators import gtin_check_digit

    body = f"893{n:09d}"
    return body + str(gtin_check_digit(body))


def write_sheet(path: Path, size: int, variants: int = 2) -> int:
    """`size` products of `variants` rows each; the number of data rows."""
    from openpyxl import Workbook

    from catalog_import.fields import BY_KEY

    def vi(key):
        return BY_KEY[key].vi

    headers = [
        vi("producer_tax_code"), vi("producer_name"), vi("producer_legal_type"), vi("product_code"),
        vi("product_name"), vi("category"), vi("sku"), vi("gtin"), vi("variant_name"),
        vi("ocop_stars"), vi("ocop_score"), vi("decision_number"), vi("decision_date"), vi("issuer_level"),
        f"{vi('price')} ({CHANNEL})", f"{vi('price')} ({SECOND_CHANNEL})", vi("stock"),
    ]
    producers = [(tax_code(10000 + 37 * i), f"HTX Thủ công số {i + 1}") for i in range(PRODUCERS)]
    sizes = ["Tiêu chuẩn", "Cỡ lớn", "Cỡ nhỏ", "Bộ quà tặng"]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("San pham")
    sheet.append(headers)
    rows = 0
    for n in range(1, size + 1):
        code, name = producers[n % PRODUCERS]
        stars = 3 + n % 3
        score = {3: 55, 4: 75, 5: 92}[stars] + n % 5
        for v in range(variants):
            number = (n - 1) * variants + v + 1
            first = v == 0  # the product's own columns on its first row, as the template shows
            sheet.append([
                code, name if first else None, "Hợp tác xã" if first else None, f"OCOP-HN-{n:06d}",
                f"Sản phẩm thủ công mẫu {n}", "Gốm sứ" if first else None, f"{SKU_PREFIX}{number:07d}",
                gtin(number), sizes[v % len(sizes)] + ("" if v < len(sizes) else f" {v}"),
                stars if first else None, score if first else None, f"{100 + n % 900}/QĐ-UBND" if first else None,
                "15/03/2025" if first else None, ("Trung ương" if stars == 5 else "Thành phố") if first else None,
                100000 + (n % 50) * 5000 + v * 20000, 110000 + (n % 50) * 5000 + v * 20000, 5 + (n + v) % 20,
            ])
            rows += 1
    workbook.save(path)
    return rows


def run_child(env: dict, path: Path, mode: str) -> dict:
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", CHILD % {"channel": CHANNEL}, str(path), mode],
        cwd=harness.REPO_ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        check=True, text=True, stdout=subprocess.PIPE,
    ).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    figures["process_seconds"] = round(time.perf_counter() - started, 2)
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000", help="products per sheet")
    parser.add_argument("--variants", type=int, default=2, help="variant rows per product")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    results = []
    with harness.services(database="ocop_bench_import") as env, tempfile.TemporaryDirectory() as folder:
        import os

        os.environ.update(env)  # so this process may import the project's modules (validators, fields)
        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        django.setup()
        harness.manage(env, "migrate", "--verbosity", "0")
        harness.manage(env, "shell", "-c", "from commerce.demo.channels import seed_channels; from commerce.demo.categories import seed_ocop_categories; seed_ocop_categories(); seed_channels()")
        for size in sizes:
            path = Path(folder) / f"import-{size}.xlsx"
            started = time.perf_counter()
            rows = write_sheet(path, size, args.variants)
            written = time.perf_counter() - started
            harness.manage(env, "shell", "-c", CLEAN, capture=True)
            dry = run_child(env, path, "dry")
            apply = run_child(env, path, "apply")
            assert apply["applied"] and apply["summary"]["refused"] == 0, apply
            results.append({
                "products": size,
                "rows": rows,
                "sheet_mib": round(path.stat().st_size / 2**20, 2),
                "sheet_write_seconds": round(written, 2),
                "dry_run": dry,
                "apply": apply,
                "apply_ms_per_row": round(1000 * apply["seconds"] / rows, 3),
                "dry_run_ms_per_row": round(1000 * dry["seconds"] / rows, 3),
                "apply_with_report_ms_per_row": round(1000 * apply["with_report_seconds"] / rows, 3),
            })
            print(json.dumps(results[-1], ensure_ascii=False), flush=True)

    harness.report(
        "catalog_import",
        {
            "channel": CHANNEL,
            "variants_per_product": args.variants,
            "command": " ".join(["benchmarks/catalog_import.py", *sys.argv[1:]]),
            "sizes": results,
            "target": "apply 10k products (~20k rows) in under 30 s and under 500 MiB peak RSS",
        },
    )


if __name__ == "__main__":
    main()
