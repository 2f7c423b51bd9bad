"""Bulk import of producer spreadsheets: dry run and apply of 1k / 10k / 50k products.

    .venv/bin/python benchmarks/catalog_import.py [--sizes 1000,10000,50000]

For each size, an XLSX sheet in the shipped template's Vietnamese headers (one
row per product: one producer among ~200 with valid tax codes, one variant with
a valid GTIN-13 and SKU, an OCOP certification with stars 3-5 and a score in the
band, prices in two channels, stock in one warehouse, no images) is written with
openpyxl's write_only mode. Then, each in a fresh child process, `run_import` is
run as a dry run and as an apply into a clean catalogue (the previous size's
imported products are deleted first), timing wall clock and reading the child's
peak resident memory (VmHWM). Runs in its own database, `ocop_bench_import`.
Target: apply 10k in under 30 s and under 500 MB. Figures are printed and
written to benchmarks/results/catalog_import.json.
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

# Runs in the child: one import, its figures as the last line of stdout.
CHILD = r"""
import json, sys, time, resource
from pathlib import Path
import django
django.setup()
from catalog_import.engine import run_import
path, apply = sys.argv[1], sys.argv[2] == "apply"
started = time.perf_counter()
report = run_import(path, channel=%(channel)r, apply=apply, partial=False, progress=lambda *a: None)
elapsed = time.perf_counter() - started
hwm = next(int(l.split()[1]) for l in Path("/proc/self/status").read_text().splitlines() if l.startswith("VmHWM:"))
print(json.dumps({"seconds": round(elapsed, 2), "peak_rss_mib": round(hwm / 1024, 1),
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


def write_sheet(path: Path, size: int) -> None:
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
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("San pham")
    sheet.append(headers)
    for n in range(1, size + 1):
        code, name = producers[n % PRODUCERS]
        stars = 3 + n % 3
        score = {3: 55, 4: 75, 5: 92}[stars] + n % 5
        sheet.append([
            code, name, "Hợp tác xã", f"OCOP-HN-{n:06d}",
            f"Sản phẩm thủ công mẫu {n}", "Gốm sứ", f"{SKU_PREFIX}{n:06d}", gtin(n), "Tiêu chuẩn",
            stars, score, f"{100 + n % 900}/QĐ-UBND", "15/03/2025", "Trung ương" if stars == 5 else "Thành phố",
            100000 + (n % 50) * 5000, 110000 + (n % 50) * 5000, 5 + n % 20,
        ])
    workbook.save(path)


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
    parser.add_argument("--sizes", default="1000,10000,50000")
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
            write_sheet(path, size)
            written = time.perf_counter() - started
            harness.manage(env, "shell", "-c", CLEAN, capture=True)
            dry = run_child(env, path, "dry")
            apply = run_child(env, path, "apply")
            assert apply["applied"] and apply["summary"]["refused"] == 0, apply
            results.append({
                "products": size,
                "sheet_mib": round(path.stat().st_size / 2**20, 2),
                "sheet_write_seconds": round(written, 2),
                "dry_run": dry,
                "apply": apply,
                "apply_ms_per_row": round(1000 * apply["seconds"] / size, 3),
                "dry_run_ms_per_row": round(1000 * dry["seconds"] / size, 3),
            })
            print(json.dumps(results[-1], ensure_ascii=False), flush=True)

    harness.report(
        "catalog_import",
        {
            "channel": CHANNEL,
            "sizes": results,
            "target": "apply 10k products in under 30 s and under 500 MiB peak RSS",
        },
    )


if __name__ == "__main__":
    main()
