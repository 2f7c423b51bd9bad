"""The import engine: a producer's sheet -> a checked plan -> (with apply) the catalogue.

Decisions (see the report of helper B):
- One row per variant, keyed by SKU. Products are keyed by OCOP product code,
  else external reference, else producer tax code + product name (folded). A row
  with no product cells continues the product of the row above. Producers are
  keyed by tax code; their details may be on any row, also further down.
- Cells left blank leave the stored value as it is (an import never erases).
- Two rows giving different values for the same product / producer field are
  both refused, each naming the other line.
- Dry run is the default; apply writes in ONE transaction. Default policy:
  any refused row -> nothing written. partial=True: good products are written;
  every row of a product with a refused row is refused too.
- Values are compared before saving: a second import of the same file saves
  nothing (all rows "unchanged").
- A product priced in a channel gets a listing there: published, visible in
  listings, on sale from now. Existing listings keep their settings.
- Categories by name (diacritics ignored) or OCOP code; unknown -> refused with
  the known options. Craft villages by name; unknown -> refused (a village needs
  a craft and a place the sheet does not carry). Product type by name, blank ->
  "Hàng OCOP" (created if missing).
- Test hook: OCOP_IMPORT_PAUSE_AFTER_PRODUCTS=N makes apply print
  "ocop-import-paused" on stderr and sleep after writing N products, inside the
  transaction, so a test can kill the process mid-write.
"""

from __future__ import annotations

import os
import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from commerce.account.access import accessible_channel_ids
from commerce.account.models import Address
from commerce.channel.models import Channel, ChannelWarehouse
from commerce.core.db import analyze_tables
from commerce.producer import actions as producer_actions
from commerce.producer.models import CraftVillage, Producer
from commerce.product import actions
from commerce.product.models import (
    Category,
    IssuerLevel,
    OcopCertification,
    Product,
    AssignedProductAttributeValue,
    AssignedVariantAttributeValue,
    ProductChannelListing,
    ProductMedia,
    ProductTranslation,
    ProductType,
    ProductVariant,
    ProductVariantChannelListing,
)
from commerce.warehouse import actions as warehouse_actions
from commerce.warehouse.models import Stock, Warehouse

from . import headers as headers_mod
from . import readers, values
from .attributes import AttributeResolver
from .media import PictureSource
from .fields import BY_KEY, REQUIRED, split_key
from .report import ImportReport, Problem, RowOutcome


class ImportRefused(Exception):
    """The import cannot run at all; str() says what to fix."""


def _fold(text) -> str:
    text = unicodedata.normalize("NFD", str(text or "").replace("đ", "d").replace("Đ", "D"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).lower().split())


def _t(language, vi, en):
    return vi if language == "vi" else en


PRODUCER_FIELDS = ("producer_name", "producer_legal_type", "producer_address", "producer_phone",
                   "producer_email", "producer_representative")
PRODUCT_FIELDS = ("product_code", "external_reference", "product_name", "product_name_en", "description",
                  "description_en", "category", "craft_village", "product_type", "attributes",
                  "ocop_stars", "ocop_score", "decision_number", "decision_date", "issuer_level",
                  "producer_tax_code")


# Columns whose cells are (nearly) all different: not worth remembering parses of.
UNIQUE_COLUMNS = frozenset({"sku", "gtin", "product_code", "external_reference", "product_name", "product_name_en",
                            "description", "description_en", "variant_name", "images"})

# The fields an import sets, per model: the only ones whose field checks run
# (model clean() always runs; see actions.validate_for_bulk).
CHECKED = {
    Producer: ("name", "slug", "legal_type", "tax_code", "email", "phone", "representative"),
    Product: ("name", "slug", "ocop_product_code", "external_reference", "description", "description_plaintext"),
    ProductVariant: ("sku", "gtin", "name", "weight"),
    ProductVariantChannelListing: ("price_amount", "currency"),
    Stock: ("quantity",),
    OcopCertification: ("stars", "score", "decision_number", "decision_date", "issuer_level"),
}


@dataclass
class Row:
    line: int
    values: dict  # key -> parsed value (None for blank)
    headers: dict  # key -> column header
    problems: list = field(default_factory=list)
    product_key: tuple | None = None
    changed: bool = False
    created: bool = False

    def problem(self, key, message):
        self.problems.append(Problem(self.headers.get(key, BY_KEY[split_key(key)[0]].vi if split_key(key)[0] in BY_KEY else ""), key, message))


def _progress(progress, done, total, stage):
    if progress is not None:
        progress(done, total, stage)


def run_import(source, *, channel: str, apply: bool = False, partial: bool = False, mapping: str | None = None,
               sheet: str | None = None, images_zip=None, progress=None, language: str = "vi",
               user=None) -> ImportReport:
    """`user` is who asked (None from the command line, which runs with the
    operator's full rights): staff restricted to some channels may write prices
    and stock only in those channels and their warehouses."""
    channel_obj = Channel.objects.filter(slug=channel).first()
    if channel_obj is None:
        known = ", ".join(Channel.objects.order_by("slug").values_list("slug", flat=True)) or "-"
        raise ImportRefused(_t(language, f"Không có kênh bán '{channel}'. Các kênh hiện có: {known}.",
                               f"There is no channel '{channel}'. Existing channels: {known}."))
    _progress(progress, 0, 0, "reading")
    try:
        table = readers.read_table(str(source), sheet=sheet)
    except readers.SourceError as error:
        raise ImportRefused(str(error)) from error
    columns_map = None
    if mapping:
        from .models import ImportMapping

        saved = ImportMapping.objects.filter(name=mapping).first()
        if saved is None:
            raise ImportRefused(_t(language, f"Không có bảng ánh xạ cột '{mapping}'.", f"There is no mapping '{mapping}'."))
        columns_map = saved.columns
    try:
        match = headers_mod.match_headers(list(table.header), alternate=table.alternate_header, mapping=columns_map)
    except ValueError as error:
        raise ImportRefused(str(error)) from error
    if not match.columns:
        raise ImportRefused(_t(language, "Không nhận ra cột nào trong dòng tiêu đề; hãy dùng mẫu hoặc --mapping.",
                               "No column of the header row is recognised; use the template or --mapping."))
    report = ImportReport(channel=channel, sheet=str(table.sheet or ""), source=str(source), dry_run=not apply,
                          partial=partial, language=language, header_lines=int(getattr(table, "header_lines", 1) or 1))
    for index, header in match.ignored:
        if header:
            report.warnings.append(_t(language, f"Bỏ qua cột '{header}' (không nhận ra).",
                                      f"Ignored column '{header}' (not recognised)."))
    for key, indexes in match.duplicates:
        report.warnings.append(_t(language, f"Nhiều cột cùng là '{key}'; chỉ dùng cột đầu tiên.",
                                  f"Several columns mean '{key}'; only the first is used."))
    try:
        pictures = PictureSource(images_zip)
    except values.ValueProblem as problem:
        raise ImportRefused(str(problem) if language == "vi" else problem.en) from None
    try:
        plan = _Plan(channel_obj, match.columns, list(table.header), language, values, pictures, user=user)
        rows = plan.parse(table.rows, progress)
        plan.check(rows)
        plan.policy(rows, partial)
    finally:
        pictures.close()
    outcomes = {}
    for row in rows:
        outcome = "refused" if row.problems else "created" if row.created else "updated" if row.changed else "unchanged"
        outcomes[row.line] = RowOutcome(report.sheet, row.line, outcome, list(row.problems))
    report.rows = [outcomes[r.line] for r in rows]
    report.count()
    refused = report.summary["refused"]
    if apply:
        if refused and not partial:
            report.warnings.append(_t(language, f"Không ghi gì: {refused} dòng bị từ chối (dùng --partial để ghi các dòng đúng).",
                                      f"Nothing written: {refused} rows were refused (use --partial to write the good rows)."))
        elif report.summary["created"] or report.summary["updated"]:
            plan.write(progress)
            report.applied = True
    return report


class _Plan:
    def __init__(self, channel, columns, header, language, values, pictures, user=None):
        self.channel, self.columns, self.header, self.language, self.values = channel, columns, header, language, values
        self.user = user
        self.pictures = pictures
        self.lang = language
        self.write_products = []  # filled by check()

    # --- parsing --------------------------------------------------------------------

    def _parser(self, base):
        v = self.values
        return {
            "producer_tax_code": v.parse_tax_code, "producer_legal_type": v.parse_legal_type,
            "producer_address": v.parse_address, "gtin": v.parse_gtin, "weight": v.parse_weight,
            "ocop_stars": v.parse_stars, "ocop_score": v.parse_score, "decision_date": v.parse_date,
            "issuer_level": v.parse_issuer_level, "price": v.parse_price, "stock": v.parse_quantity,
            "attributes": v.parse_attributes, "images": v.parse_list,
            "description": v.parse_paragraphs, "description_en": v.parse_paragraphs,
        }.get(base, v.parse_text)

    def parse(self, source_rows, progress):
        rows = []
        total = len(source_rows)
        parsers = {index: self._parser(split_key(key)[0]) for index, key in self.columns.items()}
        headers = {key: str(self.header[index]) for index, key in self.columns.items()}
        # Producers, dates, stars, prices… repeat down a sheet: each distinct cell
        # of such a column is parsed once (identifiers are unique, so not kept).
        memos = {index: ({} if split_key(key)[0] not in UNIQUE_COLUMNS else None) for index, key in self.columns.items()}
        columns = list(self.columns.items())
        for n, source_row in enumerate(source_rows, 1):
            row = Row(source_row.line, {}, headers)
            cells = source_row.values
            for index, key in columns:
                raw = cells[index] if index < len(cells) else None
                memo = memos[index]
                if memo is not None:
                    memo_key = (raw.__class__, raw)  # 1, 1.0 and True are equal keys otherwise
                    try:
                        result = memo[memo_key]
                    except KeyError:
                        try:
                            result = parsers[index](raw)
                        except self.values.ValueProblem as problem:
                            result = problem
                        memo[memo_key] = result
                    except TypeError:  # an unhashable cell (a JSON list): parse it as it is
                        memo = None
                if memo is None:
                    try:
                        result = parsers[index](raw)
                    except self.values.ValueProblem as problem:
                        result = problem
                if isinstance(result, self.values.ValueProblem):
                    row.values[key] = None
                    row.problem(key, str(result) if self.lang == "vi" else result.en)
                else:
                    row.values[key] = result
            if any(v not in (None, "", []) for v in row.values.values()):
                rows.append(row)
            if n % 1000 == 0:
                _progress(progress, n, total, "checking")
        return rows

    # --- checking -----------------------------------------------------------------------

    def check(self, rows):
        lang = self.lang
        # Product keys; a row without product cells continues the one above.
        previous = None
        for row in rows:
            v = row.values
            if v.get("product_code"):
                row.product_key = ("code", v["product_code"])
            elif v.get("external_reference"):
                row.product_key = ("ref", v["external_reference"])
            elif v.get("product_name"):
                tax = v.get("producer_tax_code")
                if not tax and previous and previous[0] == "name" and previous[2] == _fold(v["product_name"]):
                    row.product_key = previous
                else:
                    row.product_key = ("name", tax, _fold(v["product_name"]))
            else:
                row.product_key = previous
            previous = row.product_key
        self.groups = {}
        for row in rows:
            self.groups.setdefault(row.product_key, []).append(row)
        # Merge product fields per product, producer fields per tax code.
        self.product_values = {}
        for key, group in self.groups.items():
            self.product_values[key] = self._merge(group, PRODUCT_FIELDS, _t(lang, "sản phẩm", "product"))
        producer_rows = {}
        for key, group in self.groups.items():
            tax = self.product_values[key].get("producer_tax_code")
            for row in group:
                producer_rows.setdefault(tax, []).append(row)
        self.producer_values = {tax: self._merge(group, PRODUCER_FIELDS, _t(lang, "chủ thể", "producer"))
                                for tax, group in producer_rows.items() if tax}
        self.producer_rows = producer_rows
        # Required cells.
        for key, group in self.groups.items():
            merged = self.product_values[key]
            for row in group:
                for required in REQUIRED:
                    value = row.values.get(required) if required == "sku" else merged.get(required)
                    if not value:
                        row.problem(required, _t(lang, f"ô bắt buộc '{BY_KEY[required].vi}' đang trống",
                                                 f"required cell '{BY_KEY[required].en}' is empty"))
        self._duplicate_skus(rows)
        self._lookups()
        self._producers()
        self._products()

    def _merge(self, group, keys, what):
        merged, lines = {}, {}
        for row in group:
            for key in keys:
                value = row.values.get(key)
                if value in (None, "", []):
                    continue
                if key not in merged:
                    merged[key], lines[key] = value, row
                elif _comparable(merged[key]) != _comparable(value):
                    first = lines[key]
                    first.problem(key, _t(self.lang, f"khác với dòng {row.line} của cùng {what} ('{_show(value)}')",
                                          f"differs from line {row.line} of the same {what} ('{_show(value)}')"))
                    row.problem(key, _t(self.lang, f"khác với dòng {first.line} của cùng {what} ('{_show(merged[key])}')",
                                        f"differs from line {first.line} of the same {what} ('{_show(merged[key])}')"))
        return merged

    def _duplicate_skus(self, rows):
        seen = {}
        for row in rows:
            sku = row.values.get("sku")
            if not sku:
                continue
            if sku in seen:
                other = seen[sku]
                row.problem("sku", _t(self.lang, f"SKU {sku} đã có ở dòng {other.line}; mỗi phiên bản cần một SKU riêng",
                                      f"SKU {sku} is already on line {other.line}; each variant needs its own SKU"))
                other.problem("sku", _t(self.lang, f"SKU {sku} lặp lại ở dòng {row.line}; mỗi phiên bản cần một SKU riêng",
                                        f"SKU {sku} is repeated on line {row.line}; each variant needs its own SKU"))
            else:
                seen[sku] = row

    def _lookups(self):
        lang = self.lang
        self.categories = {}
        for category in Category.objects.all():
            self.categories.setdefault(_fold(category.name), category)
            if category.ocop_code:
                self.categories.setdefault(_fold(category.ocop_code), category)
        self.villages = {}
        for village in CraftVillage.objects.all():
            self.villages.setdefault(_fold(village.name), village)
            self.villages.setdefault(_fold(village.slug), village)
        self.types = {}
        for product_type in ProductType.objects.all():
            self.types.setdefault(_fold(product_type.name), product_type)
            self.types.setdefault(_fold(product_type.slug), product_type)
        # Offer columns: price@channel, stock@warehouse.
        self.price_channels, self.stock_warehouses, self.column_problems = {}, {}, {}
        channels = {c.slug: c for c in Channel.objects.all()}
        warehouses = {w.slug: w for w in Warehouse.objects.all()}
        first_warehouse = self.channel.warehouses.order_by("channel_warehouses__sort_order", "pk").first()
        reachable = accessible_channel_ids(self.user) if self.user is not None else None
        if reachable is not None:
            reachable_warehouses = set(
                ChannelWarehouse.objects.filter(channel_id__in=reachable).values_list("warehouse_id", flat=True)
            )
        for key in self.columns.values():
            base, param = split_key(key)
            if base == "price":
                found = channels.get(param or self.channel.slug)
                if found is None:
                    self.column_problems[key] = _t(lang, f"không có kênh '{param}'; các kênh: {', '.join(sorted(channels))}",
                                                   f"no channel '{param}'; channels: {', '.join(sorted(channels))}")
                elif found.currency_code != self.channel.currency_code:
                    self.column_problems[key] = _t(lang, f"kênh '{param}' bán bằng {found.currency_code}, không phải {self.channel.currency_code}",
                                                   f"channel '{param}' sells in {found.currency_code}, not {self.channel.currency_code}")
                elif reachable is not None and found.pk not in reachable:
                    self.column_problems[key] = _t(lang, f"bạn không được đặt giá ở kênh '{found.slug}'",
                                                   f"you may not set prices in channel '{found.slug}'")
                else:
                    self.price_channels[key] = found
            elif base == "stock":
                found = warehouses.get(param) if param else first_warehouse
                if found is None:
                    self.column_problems[key] = (_t(lang, f"không có kho '{param}'; các kho: {', '.join(sorted(warehouses))}",
                                                    f"no warehouse '{param}'; warehouses: {', '.join(sorted(warehouses))}")
                                                 if param else _t(lang, f"kênh {self.channel.slug} chưa có kho", f"channel {self.channel.slug} has no warehouse"))
                elif reachable is not None and found.pk not in reachable_warehouses:
                    self.column_problems[key] = _t(lang, f"bạn không được đặt tồn kho ở kho '{found.slug}'",
                                                   f"you may not set stock in warehouse '{found.slug}'")
                else:
                    self.stock_warehouses[key] = found

    def _producers(self):
        lang = self.lang
        taxes = [t for t in self.producer_values]
        if not hasattr(self, "_preloaded"):
            self._preloaded = {}
        self.producers = {p.tax_code: p for p in Producer.objects.filter(tax_code__in=taxes).select_related("address")}
        self.producer_changes = {}
        self.producer_addresses = {}
        for tax, values in self.producer_values.items():
            producer = self.producers.get(tax)
            new = producer is None
            if new:
                producer = Producer(tax_code=tax)
            changed = []
            for key, attr in (("producer_name", "name"), ("producer_legal_type", "legal_type"),
                              ("producer_phone", "phone"), ("producer_email", "email"),
                              ("producer_representative", "representative")):
                if values.get(key) not in (None, "") and getattr(producer, attr) != values[key]:
                    setattr(producer, attr, values[key])
                    changed.append(attr)
            parsed = values.get("producer_address")
            if parsed is not None:
                address = self._address(producer, parsed)
                if address is not None:
                    self.producer_addresses[tax] = address
                    changed.append("address")
            if new and producer.name:
                producer.slug = self._unique_slug(Producer, producer.name, tax)
            rows = self.producer_rows[tax]
            if new or changed:
                try:
                    actions.validate_for_bulk(producer, fields=CHECKED[Producer])
                except actions.ValidationError as error:
                    for field_name, messages in error.message_dict.items():
                        if field_name == "slug" and new and not producer.name:
                            continue  # a nameless producer has no slug: the name's problem says it
                        key = {"name": "producer_name", "legal_type": "producer_legal_type", "email": "producer_email",
                               "tax_code": "producer_tax_code"}.get(field_name, "producer_tax_code")
                        rows[0].problem(key, "; ".join(messages) if not (new and field_name in ("name", "legal_type", "slug"))
                                        else _t(lang, f"chủ thể mới {tax}: cần điền '{BY_KEY[key].vi}'",
                                                f"new producer {tax}: '{BY_KEY[key].en}' is needed"))
                for row in rows:
                    if new or any(row.values.get(k) not in (None, "") for k in PRODUCER_FIELDS):
                        row.changed = True
            self.producers[tax] = producer
            self.producer_changes[tax] = (new, changed)

    @staticmethod
    def _address(producer, parsed):
        """The producer's Address changed to what the sheet says, or None when it
        already says that. Street lines keep what could not be resolved to a 2025
        unit (an old commune merged in 2025), so nothing written is lost."""
        wanted = {"street_address_1": parsed.street[:256], "street_address_2": parsed.unresolved[:256],
                  "legacy_district": parsed.legacy_district[:128], "province_code": parsed.province_code,
                  "ward_code": parsed.ward_code}
        address = producer.address if producer.address_id else None
        if address is not None and all(getattr(address, k) == v for k, v in wanted.items()):
            return None
        address = address or Address(country="VN")
        for key, value in wanted.items():
            setattr(address, key, value)
        return address

    def _unique_slug(self, model, name, suffix):
        """A free slug for a new row: the name's, or with -2, -3…; slugs already
        stored are loaded once per run (see _preload_slugs), not asked one by one."""
        base = slugify(_fold(name))[:200] or "san-pham"
        if not hasattr(self, "_slugs"):
            self._slugs = {}
        taken = self._slugs.get(model)
        if taken is None:
            taken = self._slugs[model] = set()
        slug, n = base, 1
        while slug in taken or (base not in self._preloaded.get(model, ()) and model.objects.filter(slug=slug).exists()):
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        return slug

    def _preload_slugs(self, model, names):
        """Stored slugs that new rows' names could collide with, in one query."""
        bases = {slugify(_fold(name))[:200] or "san-pham" for name in names if name}
        if not hasattr(self, "_preloaded"):
            self._preloaded = {}
        self._preloaded[model] = bases
        if not hasattr(self, "_slugs"):
            self._slugs = {}
        taken = self._slugs.setdefault(model, set())
        from django.db.models import Q

        # Numbered slugs ("binh-gom-2") matter only where the bare one is taken,
        # so ask for those second, for the few bases that collide.
        used = set()
        for chunk in _chunks(sorted(bases), 5000):
            used.update(model.objects.filter(slug__in=chunk).values_list("slug", flat=True))
        taken.update(used)
        for chunk in _chunks(sorted(used), 200):
            query = Q()
            for base in chunk:
                query |= Q(slug__startswith=f"{base}-")
            taken.update(model.objects.filter(query).values_list("slug", flat=True))

    def _products(self):
        lang = self.lang
        codes = [k[1] for k in self.groups if k and k[0] == "code"]
        refs = [k[1] for k in self.groups if k and k[0] == "ref"]
        by_code = {p.ocop_product_code: p for p in Product.objects.filter(ocop_product_code__in=codes)}
        by_ref = {p.external_reference: p for p in Product.objects.filter(external_reference__in=refs)}
        names = {}
        name_taxes = [k[1] for k in self.groups if k and k[0] == "name"]
        for p in Product.objects.filter(producer__tax_code__in=name_taxes).select_related("producer"):
            names.setdefault(("name", p.producer.tax_code, _fold(p.name)), p)
        skus = [r.values["sku"] for g in self.groups.values() for r in g if r.values.get("sku")]
        variants = {v.sku: v for v in ProductVariant.objects.filter(sku__in=skus).select_related("product")}
        variant_ids = [v.pk for v in variants.values()]
        prices = {(l.variant_id, l.channel_id): l for l in ProductVariantChannelListing.objects.filter(variant_id__in=variant_ids)}
        stocks = {(s.product_variant_id, s.warehouse_id): s for s in Stock.objects.filter(product_variant_id__in=variant_ids)}
        self.stocks_existing = stocks
        product_ids = [p.pk for p in list(by_code.values()) + list(by_ref.values()) + list(names.values())]
        listings = {(l.product_id, l.channel_id): l for l in ProductChannelListing.objects.filter(product_id__in=product_ids)}
        certs = {(c.product_id, c.decision_number): c for c in OcopCertification.objects.filter(product_id__in=product_ids)}
        self.translations = {t.product_id: t for t in ProductTranslation.objects.filter(product_id__in=product_ids,
                                                                                        language_code="en")}
        self.assigned = {}
        for pk, attribute_id, value_id in AssignedProductAttributeValue.objects.filter(
                product_id__in=product_ids).order_by("sort_order", "pk").values_list("product_id", "value__attribute_id", "value_id"):
            self.assigned.setdefault(pk, {}).setdefault(attribute_id, []).append(value_id)
        self.variant_assigned = {}
        for pk, attribute_id, value_id in AssignedVariantAttributeValue.objects.filter(
                variant_id__in=variant_ids).order_by("sort_order", "pk").values_list("variant_id", "value__attribute_id", "value_id"):
            self.variant_assigned.setdefault(pk, {}).setdefault(attribute_id, []).append(value_id)
        self.media_hashes = {}
        for pk, digest in ProductMedia.objects.filter(product_id__in=product_ids).values_list("product_id", "content_hash"):
            self.media_hashes.setdefault(pk, set()).add(digest)
        self.attribute_resolver = None
        if any(key in self.columns.values() for key in ("attributes", "size", "colour")):
            self.attribute_resolver = AttributeResolver()
        if "images" in self.columns.values():
            self.pictures.prefetch(ref for g in self.groups.values() for r in g for ref in (r.values.get("images") or ()))
        default_type = None
        self._preload_slugs(Product, [self.product_values[k].get("product_name") for k in self.groups if k])
        self.products_plan = []
        for key, group in self.groups.items():
            if key is None:
                continue
            merged = self.product_values[key]
            product = by_code.get(key[1]) if key[0] == "code" else by_ref.get(key[1]) if key[0] == "ref" else names.get(key)
            new = product is None
            if new:
                product = Product()
            head = group[0]
            changed = []

            def put(attr, value):
                if value is not None and getattr(product, attr) != value:
                    setattr(product, attr, value)
                    changed.append(attr)

            put("name", merged.get("product_name"))
            if merged.get("product_code"):
                put("ocop_product_code", merged["product_code"])
            if merged.get("external_reference"):
                put("external_reference", merged["external_reference"])
            if merged.get("description") and product.description_plaintext != merged["description"]:
                product.description = {"time": 0, "blocks": [{"type": "paragraph", "data": {"text": p}}
                                                             for p in str(merged["description"]).split("\n") if p.strip()],
                                       "version": "2.28.0"}
                product.description_plaintext = merged["description"]
                changed.append("description")
            tax = merged.get("producer_tax_code")
            producer = self.producers.get(tax)
            if producer is not None and (product.producer_id is None or product.producer_id != producer.pk):
                product.producer = producer
                changed.append("producer")
            for key_name, lookup, attr in (("category", self.categories, "category"), ("craft_village", self.villages, "craft_village")):
                if merged.get(key_name):
                    found = lookup.get(_fold(merged[key_name]))
                    if found is None:
                        options = sorted({o.name for o in lookup.values()})
                        head.problem(key_name, _t(lang, f"không có '{merged[key_name]}'; chọn một trong: {', '.join(options[:20])}",
                                                  f"unknown '{merged[key_name]}'; choose one of: {', '.join(options[:20])}"))
                    elif getattr(product, f"{attr}_id") != found.pk:
                        setattr(product, attr, found)
                        changed.append(attr)
            if merged.get("product_type"):
                found = self.types.get(_fold(merged["product_type"]))
                if found is None:
                    head.problem("product_type", _t(lang, f"không có loại '{merged['product_type']}'; chọn một trong: {', '.join(sorted({t.name for t in self.types.values()}))}",
                                                    f"unknown type '{merged['product_type']}'; choose one of: {', '.join(sorted({t.name for t in self.types.values()}))}"))
                elif product.product_type_id != found.pk:
                    product.product_type = found
                    changed.append("product_type")
            elif new:
                default_type = default_type or self._default_type()
                product.product_type = default_type
            if new and product.name:
                product.slug = self._unique_slug(Product, product.name, "")
            if (new or changed) and product.name:
                try:
                    actions.validate_for_bulk(product, fields=CHECKED[Product])
                except actions.ValidationError as error:
                    for field_name, messages in error.message_dict.items():
                        head.problem({"name": "product_name", "ocop_product_code": "product_code"}.get(field_name, "product_name"), "; ".join(messages))
            plan = {"product": product, "new": new, "changed": changed, "rows": group, "variants": [], "prices": [],
                    "stocks": [], "listings": [], "certs": [], "translations": [], "attributes": {},
                    "variant_attributes": [], "pictures": []}
            self._translation(plan, merged)
            self._attributes(plan, merged)
            self._pictures(plan)
            # Certification (one per product row group).
            self._certification(plan, merged, certs)
            # Variants and offers.
            for row in group:
                sku = row.values.get("sku")
                if not sku:
                    continue
                variant = variants.get(sku)
                if variant is not None and (new or variant.product_id != product.pk):
                    row.problem("sku", _t(lang, f"SKU {sku} đã thuộc sản phẩm khác: {variant.product.name}",
                                          f"SKU {sku} already belongs to another product: {variant.product.name}"))
                    continue
                vnew = variant is None
                if vnew:
                    variant = ProductVariant(sku=sku, product=product)
                    row.created = True  # a new variant is a created row, also on an existing product
                    row.changed = True
                vchanged = []
                for key_name, attr in (("gtin", "gtin"), ("variant_name", "name"), ("weight", "weight")):
                    value = row.values.get(key_name)
                    if value not in (None, "") and _comparable(getattr(variant, attr)) != _comparable(value):
                        setattr(variant, attr, value)
                        vchanged.append(attr)
                if vnew and not variant.name:
                    variant.name = " / ".join(str(row.values[k]) for k in ("size", "colour") if row.values.get(k))
                self._variant_attributes(plan, variant, vnew, row)
                if vnew or vchanged:
                    row.changed = True
                    try:
                        actions.validate_for_bulk(variant, fields=CHECKED[ProductVariant])
                    except actions.ValidationError as error:
                        for field_name, messages in error.message_dict.items():
                            row.problem(field_name if field_name in ("gtin", "weight") else "sku", "; ".join(messages))
                    plan["variants"].append((variant, vchanged, row))
                for key_name, value in row.values.items():
                    base, _ = split_key(key_name)
                    if base not in ("price", "stock") or value is None:
                        continue
                    if key_name in self.column_problems:
                        row.problem(key_name, self.column_problems[key_name])
                        continue
                    if base == "price":
                        ch = self.price_channels[key_name]
                        listing = None if vnew else prices.get((variant.pk, ch.pk))
                        if listing is None:
                            listing = ProductVariantChannelListing(channel=ch, currency=ch.currency_code)
                        elif listing.price_amount is not None and Decimal(listing.price_amount) == Decimal(value):
                            continue
                        listing.price_amount = Decimal(value)
                        listing.variant = variant if variant.pk else None
                        problem = self._offer_problem(listing, ("price", ch.pk, listing.price_amount),
                                                      CHECKED[ProductVariantChannelListing])
                        if problem:
                            row.problem(key_name, problem)
                        plan["prices"].append((listing, variant, row))
                        row.changed = True
                        if (product.pk, ch.pk) not in listings and ch.pk not in [l.channel_id for l in plan["listings"]]:
                            now = timezone.now()
                            plan["listings"].append(ProductChannelListing(
                                channel=ch, currency=ch.currency_code, is_published=True, visible_in_listings=True,
                                published_at=now, available_for_purchase_at=now))
                    else:
                        wh = self.stock_warehouses[key_name]
                        stock = None if vnew else stocks.get((variant.pk, wh.pk))
                        if stock is not None and stock.quantity == value:
                            continue
                        if stock is None:
                            stock = Stock(warehouse=wh, quantity=value)
                        stock.quantity = value
                        problem = self._offer_problem(stock, ("stock", wh.pk, value), CHECKED[Stock])
                        if problem:
                            row.problem(key_name, problem)
                        plan["stocks"].append((stock, variant, row))
                        row.changed = True
            if new or changed or plan["certs"] or plan["listings"] or plan["translations"] or plan["attributes"] or plan["pictures"]:
                for row in group:
                    row.changed = True
                    row.created = row.created or new
            self.products_plan.append(plan)

    def _translation(self, plan, merged):
        """The English name and description, as a ProductTranslation row."""
        name, description = merged.get("product_name_en"), merged.get("description_en")
        if not name and not description:
            return
        product = plan["product"]
        translation = None if plan["new"] else self.translations.get(product.pk)
        translation = translation or ProductTranslation(language_code="en")
        changed = False
        if name and translation.name != name:
            translation.name, changed = name, True
        if description:
            blocks = {"time": 0, "blocks": [{"type": "paragraph", "data": {"text": p}}
                                            for p in str(description).split("\n") if p.strip()], "version": "2.28.0"}
            old = translation.description or {}
            if [b.get("data", {}).get("text") for b in old.get("blocks", [])] != [b["data"]["text"] for b in blocks["blocks"]]:
                translation.description, changed = blocks, True
        if changed:
            plan["translations"].append(translation)

    def _attributes(self, plan, merged):
        pairs = merged.get("attributes")
        if not pairs or self.attribute_resolver is None:
            return
        product = plan["product"]
        product_type = _product_type(product)
        if product_type is None:
            return  # the product type was refused; its problem is on the row already
        head = next((r for r in plan["rows"] if r.values.get("attributes")), plan["rows"][0])
        try:
            wanted = self.attribute_resolver.product_attributes(product_type, pairs, self.lang)
        except self.values.ValueProblem as problem:
            head.problem("attributes", str(problem) if self.lang == "vi" else problem.en)
            return
        current = {} if plan["new"] else self.assigned.get(product.pk, {})
        if any([v.pk for v in values] != current.get(attribute.pk, []) for attribute, values in wanted.items()):
            plan["attributes"] = wanted

    def _variant_attributes(self, plan, variant, vnew, row):
        if self.attribute_resolver is None:
            return
        product_type = _product_type(plan["product"])
        if product_type is None:
            return
        wanted = {}
        for kind in ("size", "colour"):
            text = row.values.get(kind)
            if text in (None, ""):
                continue
            attribute = self.attribute_resolver.variant_attribute(product_type, kind)
            if attribute is None:
                continue  # the text still names the variant
            try:
                wanted[attribute] = [self.attribute_resolver.value(attribute, text)]
            except self.values.ValueProblem as problem:
                row.problem(kind, str(problem) if self.lang == "vi" else problem.en)
        current = {} if vnew else self.variant_assigned.get(variant.pk, {})
        if any([v.pk for v in values] != current.get(attribute.pk, []) for attribute, values in wanted.items()):
            plan["variant_attributes"].append((variant, wanted))
            row.changed = True

    def _pictures(self, plan):
        """Pictures named on the product's rows, in order, each once; a picture the
        product already has (same bytes) is left alone, so re-imports add nothing."""
        have = set() if plan["new"] else set(self.media_hashes.get(plan["product"].pk, ()))
        for row in plan["rows"]:
            for reference in row.values.get("images") or ():
                try:
                    picture = self.pictures.get(reference)
                except self.values.ValueProblem as problem:
                    row.problem("images", str(problem) if self.lang == "vi" else problem.en)
                    continue
                if picture.digest not in have:
                    have.add(picture.digest)
                    plan["pictures"].append(picture)
                    row.changed = True

    def _offer_problem(self, instance, key, fields):
        """The model's verdict on a price or a stock count. Its rules read only the
        value and the channel or warehouse (never the variant), and a sheet repeats
        the same few prices and counts, so each distinct one is checked once."""
        if not hasattr(self, "_offer_verdicts"):
            self._offer_verdicts = {}
        if key not in self._offer_verdicts:
            try:
                actions.validate_for_bulk(instance, fields=fields)
                self._offer_verdicts[key] = None
            except actions.ValidationError as error:
                self._offer_verdicts[key] = "; ".join(m for ms in error.message_dict.values() for m in ms)
        return self._offer_verdicts[key]

    def _default_type(self):
        found = self.types.get(_fold("Hàng OCOP")) or self.types.get("hang-ocop")
        if found is None:
            found = ProductType(name="Hàng OCOP", slug="hang-ocop")  # saved on apply
        return found

    def _certification(self, plan, merged, certs):
        lang = self.lang
        keys = ("ocop_stars", "ocop_score", "decision_number", "decision_date", "issuer_level")
        if not any(merged.get(k) not in (None, "") for k in keys):
            return
        head = plan["rows"][0]
        for k in ("ocop_stars", "ocop_score", "decision_number", "decision_date"):
            if merged.get(k) in (None, ""):
                head.problem(k, _t(lang, f"cần điền '{BY_KEY[k].vi}' cho chứng nhận OCOP", f"'{BY_KEY[k].en}' is needed for the OCOP certification"))
        if head.problems:
            return
        stars = merged["ocop_stars"]
        level = merged.get("issuer_level") or (IssuerLevel.NATIONAL if stars == 5 else IssuerLevel.CITY)
        product = plan["product"]
        cert = None if plan["new"] else certs.get((product.pk, merged["decision_number"]))
        wanted = {"stars": stars, "score": Decimal(merged["ocop_score"]), "decision_date": merged["decision_date"], "issuer_level": level}
        if cert is not None and all(_comparable(getattr(cert, k)) == _comparable(v) for k, v in wanted.items()):
            return
        cert = cert or OcopCertification(decision_number=merged["decision_number"])
        for k, v in wanted.items():
            setattr(cert, k, v)
        try:
            actions.validate_for_bulk(cert, exclude=["expires_at"], fields=CHECKED[OcopCertification])
        except actions.ValidationError as error:
            for field_name, messages in error.message_dict.items():
                key = {"stars": "ocop_stars", "score": "ocop_score", "decision_date": "decision_date",
                       "issuer_level": "issuer_level"}.get(field_name, "decision_number")
                if field_name == "score" and lang == "vi":
                    from commerce.product.models import STAR_SCORE_BANDS
                    low, high = STAR_SCORE_BANDS[stars]
                    band = f"{low}–100" if stars == 5 else f"từ {low} đến dưới {high}"
                    messages = [f"điểm {wanted['score']} không khớp hạng {stars} sao; {stars} sao cần {band} điểm"]
                head.problem(key, "; ".join(messages))
        plan["certs"].append(cert)

    # --- policy ---------------------------------------------------------------------------

    def policy(self, rows, partial):
        """Every row of a product with a refused row is refused; so is every product
        of a producer whose details were refused."""
        lang = self.lang
        bad_taxes = {}  # tax code -> the lines where its details were refused
        for tax, group in self.producer_rows.items():
            lines = [r.line for r in group if any(p.key.startswith("producer_") for p in r.problems)]
            if lines:
                bad_taxes[tax] = lines
        for key, group in self.groups.items():
            merged = self.product_values.get(key, {})
            refused = [r for r in group if r.problems]
            tax = merged.get("producer_tax_code")
            if tax in bad_taxes and not refused:
                lines = ", ".join(str(line) for line in bad_taxes[tax])
                for row in group:
                    row.problem("producer_tax_code", _t(lang, f"chủ thể {tax} bị từ chối ở dòng {lines}",
                                                        f"producer {tax} was refused on line {lines}"))
                continue
            if refused:
                lines = ", ".join(str(r.line) for r in refused)
                for row in group:
                    if not row.problems:
                        row.problem("", _t(lang, f"cùng sản phẩm với dòng bị từ chối ({lines})",
                                           f"same product as refused line(s) {lines}"))

    # --- writing ----------------------------------------------------------------------------

    def write(self, progress):
        pause_after = int(os.environ.get("OCOP_IMPORT_PAUSE_AFTER_PRODUCTS") or 0)
        plans = [p for p in self.products_plan if not any(r.problems for r in p["rows"])]
        total = len(plans)
        with transaction.atomic():
            taxes = {p["product"].producer.tax_code for p in plans if p["product"].producer_id or p["product"].producer}
            changed_taxes = [tax for tax in sorted(taxes) if any(self.producer_changes.get(tax, (False, [])))]
            producer_actions.save_producers(
                [self.producers[tax] for tax in changed_taxes],
                addresses=[(self.producers[tax], self.producer_addresses[tax])
                           for tax in changed_taxes if tax in self.producer_addresses])
            for plan in plans:
                product = plan["product"]
                if product.producer is not None:
                    product.producer = product.producer  # refresh producer_id after its save
                if product.product_type_id is None:
                    if product.product_type.pk is None:  # the default "Hàng OCOP" type, made on first use
                        product.product_type.save()
                    product.product_type = product.product_type
            done = 0
            batch = 500
            for start in range(0, total, batch):
                chunk = plans[start:start + batch]
                self._write_chunk(chunk)
                done += len(chunk)
                _progress(progress, done, total, "writing")
                if pause_after and done >= pause_after:
                    print("ocop-import-paused", file=sys.stderr, flush=True)
                    time.sleep(600)
            if total >= 1000:
                analyze_tables(Product, ProductVariant, ProductChannelListing, ProductVariantChannelListing, Stock,
                               OcopCertification)

    def _write_chunk(self, plans):
        products = [p["product"] for p in plans if p["new"] or p["changed"]]
        fields = sorted({f for p in plans for f in p["changed"]})
        actions.save_products(products, fields, validated=True)
        variants, vfields = [], set()
        for plan in plans:
            for variant, vchanged, _ in plan["variants"]:
                variant.product = plan["product"]
                variants.append(variant)
                vfields.update(vchanged)
        actions.save_variants(variants, sorted(vfields), validated=True)
        listings = []
        for plan in plans:
            for listing in plan["listings"]:
                listing.product = plan["product"]
                listings.append(listing)
        certs = []
        for plan in plans:
            for cert in plan["certs"]:
                cert.product = plan["product"]
                certs.append(cert)
        prices, product_ids = [], set()
        for plan in plans:
            for listing, variant, _ in plan["prices"]:
                listing.variant = variant
                prices.append(listing)
                product_ids.add(plan["product"].pk)
        stocks = []
        for plan in plans:
            for stock, variant, _ in plan["stocks"]:
                stock.product_variant = variant
                stocks.append(stock)
        actions.save_variant_channel_listings(prices, ["price_amount"], product_ids=product_ids, validated=True)
        actions.save_product_channel_listings(listings, validated=True)
        actions.save_certifications(certs, ["stars", "score", "decision_date", "issuer_level"], validated=True)
        warehouse_actions.set_stock_quantities(stocks, validated=True)
        translations = []
        for plan in plans:
            for translation in plan["translations"]:
                translation.product = plan["product"]
                translations.append(translation)
        actions.save_product_translations(translations)
        actions.set_product_attribute_values({plan["product"]: plan["attributes"] for plan in plans if plan["attributes"]})
        actions.set_variant_attribute_values({variant: attributes for plan in plans
                                              for variant, attributes in plan["variant_attributes"]})
        for plan in plans:
            for picture in plan["pictures"]:
                actions.store_product_image(plan["product"], picture.data, alt=plan["product"].name)


def _product_type(product):
    """The product's type, or None for a new product whose type was refused."""
    try:
        return product.product_type
    except ProductType.DoesNotExist:
        return None


def _comparable(value):
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return Decimal(str(value)).normalize()
    if isinstance(value, str):
        return _fold(value) if False else value.strip()
    return value


def _show(value):
    return str(value)


def _chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start:start + size]
