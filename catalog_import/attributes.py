"""Attribute cells ("Chất liệu: gốm; Họa tiết: hoa sen, chim lạc") and the size and
colour columns, resolved against the product type's attributes.

Attributes themselves are a managed vocabulary (they drive the storefront's
filters), so a sheet may only use attributes its product type has: an unknown one
is refused with the list to choose from, rather than created as a near-duplicate
("Chat lieu" beside "Chất liệu"). Values of a choice attribute may be new (a new
glaze is common) and are created on apply; numbers, yes/no and text are read in
the attribute's own input type.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.utils.text import slugify

from commerce.product.models import (
    Attribute,
    AttributeInputType,
    AttributeProduct,
    AttributeValue,
    AttributeVariant,
)

from . import values as parsers
from .values import ValueProblem

CHOICE_TYPES = (AttributeInputType.DROPDOWN, AttributeInputType.MULTISELECT, AttributeInputType.SWATCH)
SIZE_NAMES = {"kich thuoc", "size", "kich co"}
COLOUR_NAMES = {"mau sac", "mau", "colour", "color"}


def fold(text) -> str:
    text = unicodedata.normalize("NFD", str(text or "").replace("đ", "d").replace("Đ", "D"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).lower().split())


def _number_slug(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


class AttributeResolver:
    """Loads attributes, their values and product-type links once per import."""

    def __init__(self):
        self.attributes = list(Attribute.objects.prefetch_related("translations"))
        self.by_name: dict[str, Attribute] = {}
        for attribute in self.attributes:
            for name in (attribute.name, attribute.slug, *(t.name for t in attribute.translations.all())):
                self.by_name.setdefault(fold(name), attribute)
        self.product_links: dict[int, list[int]] = {}
        for link in AttributeProduct.objects.order_by("sort_order", "pk"):
            self.product_links.setdefault(link.product_type_id, []).append(link.attribute_id)
        self.variant_links: dict[int, list[int]] = {}
        for link in AttributeVariant.objects.order_by("sort_order", "pk"):
            self.variant_links.setdefault(link.product_type_id, []).append(link.attribute_id)
        self.values: dict[tuple[int, str], AttributeValue] = {}
        for value in AttributeValue.objects.prefetch_related("translations"):
            for name in (value.name, value.slug, *(t.name for t in value.translations.all())):
                self.values.setdefault((value.attribute_id, fold(name)), value)
        self._by_id = {a.pk: a for a in self.attributes}

    def _names(self, ids) -> str:
        return ", ".join(self._by_id[i].name for i in ids) or "-"

    def product_attributes(self, product_type, pairs, language) -> dict:
        """{attribute: [values]} for the cell's pairs; ValueProblem naming the first
        thing to fix."""
        allowed = self.product_links.get(product_type.pk, []) if product_type.pk else []
        grouped: dict[Attribute, list[str]] = {}
        for name, text in pairs:
            attribute = self.by_name.get(fold(name))
            if attribute is not None and attribute.pk in allowed:
                grouped.setdefault(attribute, []).append(text)
                continue
            if not allowed:
                raise ValueProblem(
                    f"loại sản phẩm “{product_type.name}” chưa có thuộc tính nào; hãy chọn loại sản phẩm có "
                    f"thuộc tính “{name}” ở cột Loại sản phẩm, hoặc bỏ trống ô Thuộc tính",
                    f"product type “{product_type.name}” has no attributes; choose a product type that has "
                    f"“{name}” in the Product type column, or leave the Attributes cell empty")
            raise ValueProblem(
                f"loại sản phẩm “{product_type.name}” không có thuộc tính “{name}”; "
                f"các thuộc tính của loại này: {self._names(allowed)}",
                f"product type “{product_type.name}” has no attribute “{name}”; "
                f"its attributes are: {self._names(allowed)}")
        result = {}
        for attribute, texts in grouped.items():
            if attribute.input_type == AttributeInputType.MULTISELECT:
                texts = [part.strip() for text in texts for part in re.split(r"[,/]", text) if part.strip()]
            elif len(texts) > 1:
                raise ValueProblem(f"thuộc tính “{attribute.name}” chỉ nhận một giá trị, có {len(texts)}",
                                   f"attribute “{attribute.name}” takes one value, got {len(texts)}")
            result[attribute] = self._dedupe([self.value(attribute, text) for text in texts])
        return result

    def variant_attribute(self, product_type, kind: str):
        """The product type's variant attribute for the size or colour column, if any."""
        names = SIZE_NAMES if kind == "size" else COLOUR_NAMES
        for attribute_id in self.variant_links.get(product_type.pk, []) if product_type.pk else []:
            attribute = self._by_id[attribute_id]
            if fold(attribute.name) in names or fold(attribute.slug.replace("-", " ")) in names or any(
                    fold(t.name) in names for t in attribute.translations.all()):
                return attribute
        return None

    def value(self, attribute: Attribute, text) -> AttributeValue:
        """The stored value the text names, or a new unsaved one; ValueProblem when
        the text does not fit the attribute's input type."""
        text = str(text).strip()
        kind = attribute.input_type
        if kind == AttributeInputType.NUMERIC:
            cleaned = re.sub(r"\s*" + re.escape(attribute.unit or "") + r"\s*$", "", text) if attribute.unit else text
            try:
                number = Decimal(cleaned.replace(",", "."))
            except InvalidOperation:
                raise ValueProblem(f"“{text}” không phải là số cho thuộc tính “{attribute.name}”",
                                   f"“{text}” is not a number for attribute “{attribute.name}”") from None
            slug = _number_slug(number)
            return self._existing_or_new(attribute, slug, name=slug, value=slug)
        if kind == AttributeInputType.BOOLEAN:
            flag = parsers.parse_bool(text)
            found = next((v for (aid, _), v in self.values.items() if aid == attribute.pk and v.boolean is flag), None)
            if found is not None:
                return found
            return self._existing_or_new(attribute, f"{attribute.slug}_{str(flag).lower()}",
                                         name="Có" if flag else "Không", boolean=flag)
        if kind in (AttributeInputType.RICH_TEXT, AttributeInputType.PLAIN_TEXT):
            found = self.values.get((attribute.pk, fold(text)))
            if found is not None:
                return found
            value = AttributeValue(attribute=attribute, name=text[:250], slug=self._free_slug(attribute, text))
            if kind == AttributeInputType.RICH_TEXT:
                value.rich_text = {"time": 0, "blocks": [{"type": "paragraph", "data": {"text": text}}], "version": "2.28.0"}
            else:
                value.plain_text = text
            self.values[(attribute.pk, fold(text))] = value
            return value
        if kind in CHOICE_TYPES:
            return self._existing_or_new(attribute, None, name=text[:250])
        raise ValueProblem(f"thuộc tính “{attribute.name}” ({kind}) không nhập được từ bảng tính",
                           f"attribute “{attribute.name}” ({kind}) cannot be imported from a sheet")

    def _existing_or_new(self, attribute, slug, **fields):
        name = fields["name"]
        found = self.values.get((attribute.pk, fold(slug or name))) or self.values.get((attribute.pk, fold(name)))
        if found is not None:
            return found
        value = AttributeValue(attribute=attribute, slug=slug or self._free_slug(attribute, name), **fields)
        self.values[(attribute.pk, fold(name))] = value
        if slug:
            self.values[(attribute.pk, fold(slug))] = value
        return value

    def _free_slug(self, attribute, text) -> str:
        base = slugify(fold(text))[:240] or "gia-tri"
        taken = {v.slug for (aid, _), v in self.values.items() if aid == attribute.pk}
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        return slug

    @staticmethod
    def _dedupe(values):
        seen, out = set(), []
        for value in values:
            if id(value) not in seen:
                seen.add(id(value))
                out.append(value)
        return out
