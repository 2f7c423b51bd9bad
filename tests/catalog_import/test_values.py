import datetime
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from catalog_import import values as v
from commerce.core.validators import gtin_check_digit

PARSERS = [v.parse_text, v.parse_price, v.parse_quantity, v.parse_date, v.parse_stars, v.parse_score, v.parse_gtin,
           v.parse_tax_code, v.parse_weight, v.parse_legal_type, v.parse_issuer_level, v.parse_list,
           v.parse_attributes, v.parse_bool]


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.__name__)
@pytest.mark.parametrize("blank", [None, "", "   ", "-", "—"])
def test_blank_is_none(parser, blank):
    assert parser(blank) is None


def _grouped(n, sep):
    return f"{n:,}".replace(",", sep)


@given(st.integers(0, 10**10), st.sampled_from([".", ","]), st.sampled_from(["", " đ", "₫", " VNĐ"]))
def test_price_round_trips(n, sep, suffix):
    assert v.parse_price(_grouped(n, sep) + suffix) == n


@pytest.mark.parametrize("cell,expected", [
    ("125.000", 125000), ("125,000 đ", 125000), ("125000", 125000), ("125.000 VNĐ", 125000), ("1.250.000₫", 1250000),
    ("125k", 125000), ("1,5 triệu", 1500000), (125000, 125000), (125000.0, 125000), ("125.000,00", 125000),
])
def test_price_forms(cell, expected):
    assert v.parse_price(cell) == expected


@pytest.mark.parametrize("cell", ["-125.000", -5, "liên hệ", "125.5", 125.5, "1.250,000"])
def test_price_refused(cell):
    with pytest.raises(v.ValueProblem) as exc:
        v.parse_price(cell)
    assert exc.value.en


@given(st.integers(0, 10**9) | st.text(max_size=8))
def test_quantity_never_negative(cell):
    try:
        assert v.parse_quantity(cell) is None or v.parse_quantity(cell) >= 0
    except v.ValueProblem:
        pass


def test_quantity():
    assert v.parse_quantity("1.200") == 1200 and v.parse_quantity("12 cái") == 12
    with pytest.raises(v.ValueProblem):
        v.parse_quantity("-3")


@given(st.dates(datetime.date(1950, 1, 1), datetime.date(2099, 12, 31)))
def test_date_round_trips(d):
    assert v.parse_date(d.strftime("%d/%m/%Y")) == d


@pytest.mark.parametrize("cell", ["24/11/2021", "24-11-2021", "24.11.2021", "2021-11-24", 44524,
                                  datetime.datetime(2021, 11, 24, 8), "ngày 24 tháng 11 năm 2021"])
def test_date_forms(cell):
    assert v.parse_date(cell) == datetime.date(2021, 11, 24)


@pytest.mark.parametrize("cell,word", [("31/02/2021", "31"), ("11/24/2021", "24"), ("hôm qua", "dd/mm/yyyy")])
def test_date_refused(cell, word):
    with pytest.raises(v.ValueProblem, match=word):
        v.parse_date(cell)


@given(st.integers(1, 5))
def test_stars_round_trip(n):
    assert v.parse_stars("★" * n) == n and v.parse_stars(f"{n} sao") == n


@pytest.mark.parametrize("cell", ["4", "4 sao", "★★★★", "4*", "4 ★", "4 stars", 4.0, 4])
def test_stars_forms(cell):
    assert v.parse_stars(cell) == 4


def test_score():
    assert v.parse_score("85,5") == Decimal("85.5") == v.parse_score("85.5 điểm")
    with pytest.raises(v.ValueProblem):
        v.parse_score("120")


@given(st.text("0123456789", min_size=12, max_size=12), st.integers(0, 9))
def test_gtin_check_digit(body, last):
    expected = gtin_check_digit(body)
    if last == expected:
        assert v.parse_gtin(body + str(last)) == body + str(last)
    else:
        with pytest.raises(v.ValueProblem, match=body + str(expected)):
            v.parse_gtin(body + str(last))


def test_gtin_forms():
    assert v.parse_gtin(8931234567897.0) == "8931234567897"
    assert v.parse_gtin("893 1234-567897") == "8931234567897"
    with pytest.raises(v.ValueProblem) as exc:
        v.parse_gtin("8931234567891")
    assert str(exc.value) == "8931234567891 sai số kiểm tra; đúng phải là 8931234567897 nếu 12 số đầu đúng, hãy đối chiếu mã vạch trên bao bì"
    assert exc.value.en == "8931234567891 has a wrong check digit; expected 8931234567897 if the first 12 digits are right, check the barcode on the package"


def test_tax_code():
    assert v.parse_tax_code("0100109106") == "0100109106"
    assert v.parse_tax_code(100109106) == "0100109106"
    assert v.parse_tax_code("0100109106-001") == "0100109106-001"
    assert v.parse_tax_code("0100109106001") == "0100109106-001"
    with pytest.raises(v.ValueProblem, match="6"):
        v.parse_tax_code("0100109107")


@pytest.mark.parametrize("cell,kg", [("0,5", "0.5"), ("0.5 kg", "0.5"), ("500 g", "0.5"), ("500g", "0.5"),
                                     ("1.2kg", "1.2"), (2, "2")])
def test_weight(cell, kg):
    assert v.parse_weight(cell) == Decimal(kg)


@pytest.mark.parametrize("cell,value", [
    ("Doanh nghiệp", "enterprise"), ("Công ty TNHH", "enterprise"), ("CTCP", "enterprise"), ("DN", "enterprise"),
    ("Hợp tác xã", "cooperative"), ("HTX", "cooperative"), ("Tổ hợp tác", "cooperative_group"),
    ("THT", "cooperative_group"), ("Hộ kinh doanh", "household"), ("HKD", "household"), ("hộ", "household"),
    ("Household", "household"),
])
def test_legal_type(cell, value):
    assert v.parse_legal_type(cell) == value


@pytest.mark.parametrize("cell,value", [("Thành phố", "city"), ("TP", "city"), ("cấp tỉnh", "city"),
                                        ("UBND thành phố", "city"), ("Trung ương", "national"),
                                        ("Quốc gia", "national"), ("Bộ NN&PTNT", "national")])
def test_issuer_level(cell, value):
    assert v.parse_issuer_level(cell) == value


def test_lists_and_attributes_and_bool():
    assert v.parse_list("a.jpg; b.jpg|c.jpg") == ["a.jpg", "b.jpg", "c.jpg"]
    assert v.parse_list("https://x/a,b.jpg, https://y/c.jpg") == ["https://x/a,b.jpg", "https://y/c.jpg"]
    assert v.parse_attributes("Chất liệu: gốm; Men: lam") == [("Chất liệu", "gốm"), ("Men", "lam")]
    with pytest.raises(v.ValueProblem):
        v.parse_attributes("gốm")
    assert v.parse_bool("có") is True and v.parse_bool("không") is False and v.parse_bool(0) is False


def test_address_two_tier():
    a = v.parse_address("Thôn 3, Xã Bát Tràng, Huyện Gia Lâm, TP Hà Nội")
    assert (a.province_code, a.ward_name, a.legacy_district, a.street) == (1, "Xã Bát Tràng", "Huyện Gia Lâm", "Thôn 3")
    b = v.parse_address("12 Hàng Bạc, P. Hoan Kiem, Ha Noi")
    assert b.ward_name == "Phường Hoàn Kiếm" and b.province_name == "Thành phố Hà Nội"
    c = v.parse_address("Xã Kim Lan, Q. Gia Lâm, Hà Nội")
    assert c.ward_code is None and c.unresolved == "Xã Kim Lan" and c.legacy_district == "Q. Gia Lâm"
    with pytest.raises(v.ValueProblem):
        v.parse_address(12345)
