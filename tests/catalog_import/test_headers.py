import pytest

from catalog_import.fields import FIELDS
from catalog_import.headers import is_known_header, match_headers, normalize_header


def test_normalize_header_folds_case_diacritics_punctuation():
    assert normalize_header("Tên  Sản-phẩm ") == "ten san pham"
    assert normalize_header("Đơn giá") == "don gia"


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f.key)
def test_template_headers_are_recognised(field):
    m = match_headers([field.vi], alternate=[field.en])
    assert m.columns == {0: field.key}
    assert match_headers([field.en]).columns == {0: field.key}


@pytest.mark.parametrize(
    "text,key",
    [
        ("Ten SP", "product_name"), ("Tên SP", "product_name"), ("Product name", "product_name"),
        ("Mã hàng", "sku"), ("Item code", "sku"), ("Mã vạch", "gtin"), ("EAN", "gtin"),
        ("Đơn giá", "price"), ("Giá bán (VNĐ)", "price"), ("SL", "stock"), ("Qty", "stock"),
        ("MST", "producer_tax_code"), ("mã so thue", "producer_tax_code"), ("Số sao", "ocop_stars"),
        ("Ngày QĐ", "decision_date"),
        ("Giá bán (bat-trang)", "price@bat-trang"), ("Giá bán bat-trang", "price@bat-trang"),
        ("Price [web-shop]", "price@web-shop"), ("price@web-shop", "price@web-shop"),
        ("Tồn kho (kho-van-phuc)", "stock@kho-van-phuc"),
    ],
)
def test_synonyms_and_parameters(text, key):
    assert match_headers([text]).columns == {0: key}
    assert is_known_header(text)


def test_other_prices_are_not_offers():
    assert not is_known_header("Giá vốn")
    assert not is_known_header("Giá sỉ")


def test_mapping_wins_and_empty_means_skip():
    m = match_headers(["Cột A", "Giá", "Ghi chú"], mapping={"cot a": "sku", "Giá": "price@bat-trang", "Ghi chú": ""})
    assert m.columns == {0: "sku", 1: "price@bat-trang"}
    assert m.skipped == [(2, "Ghi chú")] and m.ignored == []


def test_unknown_and_duplicates():
    m = match_headers(["SKU", "Mã hàng", "Foo"])
    assert m.duplicates == [("sku", [0, 1])]
    assert m.ignored == [(2, "Foo")]
    with pytest.raises(ValueError):
        match_headers(["x"], mapping={"x": "nope"})
