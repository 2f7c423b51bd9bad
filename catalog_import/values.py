"""Cell parsers: one raw cell (str | int | float | date | datetime | None) in, one
Python value out.

Every parser returns None for a blank cell (None, "", spaces, "-", "—"), else the
value, else raises ValueProblem naming the value and saying what to write instead,
in Vietnamese (str()) and English (.en), so a producer can fix their sheet.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from commerce.core.validators import gtin_check_digit, tax_code_check_digit
from commerce.search.normalize import normalize_search_text


class ValueProblem(ValueError):
    def __init__(self, vi: str, en: str):
        super().__init__(vi)
        self.vi = vi
        self.en = en

    def __str__(self):
        return self.vi


_BLANKS = {"", "-", "—", "–", "--"}


def _is_blank(cell) -> bool:
    return cell is None or (isinstance(cell, str) and cell.strip() in _BLANKS)


def _str(cell) -> str:
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(cell))).strip()


def _fold(text: str) -> str:
    return normalize_search_text(text)


def parse_text(cell) -> str | None:
    """Trimmed text, inner whitespace collapsed, NFC; numbers as written (125.0 -> "125")."""
    if _is_blank(cell):
        return None
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    return _str(cell)


def parse_paragraphs(cell) -> str | None:
    """Text that keeps its line breaks (a description's paragraphs); spaces inside
    a line are collapsed and empty lines dropped."""
    if _is_blank(cell):
        return None
    lines = [_str(line) for line in unicodedata.normalize("NFC", str(cell)).splitlines()]
    return "\n".join(line for line in lines if line) or None


# --- integers with thousands separators -----------------------------------------------------

_SPACES = "\u00a0\u202f\u2009 "


def _grouped_int(text: str, what_vi: str, what_en: str, example: str) -> int:
    """"1.250.000", "1,250,000", "1 250 000", "1250000" -> 1250000; "125.000,00" too."""
    s = text
    for ch in _SPACES:
        s = s.replace(ch, " ")
    s = s.strip()
    negative = s.startswith("-")
    if negative:
        raise ValueProblem(f"{what_vi} “{text}” là số âm; hãy ghi số từ 0 trở lên",
                           f"{what_en} “{text}” is negative; write 0 or more")
    m = re.fullmatch(r"(\d{1,3}(?:([.,  ])\d{3})(?:\2\d{3})*|\d+)(?:([.,])(\d+))?", s.replace(" ", " "))
    if not m:
        raise ValueProblem(f"{what_vi} “{text}” không phải là số; hãy ghi dạng {example}",
                           f"{what_en} “{text}” is not a number; write it as {example}")
    whole, group_sep, dec_sep, frac = m[1], m[2], m[3], m[4]
    if dec_sep and group_sep and (dec_sep == group_sep or len(frac) == 3):
        raise ValueProblem(f"{what_vi} “{text}” không đọc được; hãy ghi dạng {example}",
                           f"{what_en} “{text}” cannot be read; write it as {example}")
    if frac is not None and group_sep is None and len(frac) == 3 and set(frac) != {"0"}:
        # "125.500": one separator followed by three digits is a thousands group in Vietnam.
        return int(whole + frac)
    if frac is not None and set(frac) != {"0"}:
        raise ValueProblem(
            f"{what_vi} “{text}” có phần lẻ sau dấu “{dec_sep}”, không rõ ý; hãy ghi số nguyên, ví dụ {example}",
            f"{what_en} “{text}” has a fraction after “{dec_sep}”, which is ambiguous; write a whole number, e.g. {example}",
        )
    if frac is not None and group_sep is None and len(frac) == 3:
        return int(whole + frac)  # "125.000"
    return int(re.sub(r"\D", "", whole))


def _number_int(cell, what_vi, what_en, example) -> int:
    if isinstance(cell, bool):
        raise ValueProblem(f"{what_vi} “{cell}” không phải là số", f"{what_en} “{cell}” is not a number")
    if isinstance(cell, (int, float)):
        if isinstance(cell, float) and not cell.is_integer():
            raise ValueProblem(f"{what_vi} {cell} có phần lẻ; hãy ghi số nguyên, ví dụ {example}",
                               f"{what_en} {cell} has a fraction; write a whole number, e.g. {example}")
        if cell < 0:
            raise ValueProblem(f"{what_vi} {cell} là số âm; hãy ghi số từ 0 trở lên",
                               f"{what_en} {cell} is negative; write 0 or more")
        return int(cell)
    return _grouped_int(_str(cell), what_vi, what_en, example)


_MULTIPLIERS = {"k": 1000, "nghin": 1000, "ngan": 1000, "tr": 1_000_000, "trieu": 1_000_000}
_CURRENCY = re.compile(r"\s*(?:vnđ|vnd|đồng|dong|đ|₫|d)\.?\s*$", re.IGNORECASE)


def parse_price(cell) -> int | None:
    """VND, no minor unit: "125.000", "125,000 đ", "1.250.000₫", 125000.0, "125k",
    "1,5 triệu". Refuses negative amounts, words and fractions of a đồng."""
    if _is_blank(cell):
        return None
    if not isinstance(cell, str):
        return _number_int(cell, "Giá", "Price", "125.000")
    text = _str(cell)
    s = _CURRENCY.sub("", text).strip()
    m2 = re.fullmatch(r"(\d+(?:[.,]\d{1,2})?)\s*(k|nghìn|ngàn|tr|triệu)\.?", s, re.IGNORECASE)
    if m2:
        amount = Decimal(m2[1].replace(",", ".")) * _MULTIPLIERS[_fold(m2[2])]
        if amount != amount.to_integral_value():
            raise ValueProblem(f"Giá “{text}” không ra số đồng chẵn; hãy ghi đủ số, ví dụ 125.000",
                               f"Price “{text}” is not a whole number of đồng; write it in full, e.g. 125.000")
        return int(amount)
    if not re.search(r"\d", s):
        raise ValueProblem(f"“{text}” không phải là giá; hãy ghi số tiền VND, ví dụ 125.000, hoặc để trống",
                           f"“{text}” is not a price; write an amount in VND, e.g. 125.000, or leave it blank")
    return _grouped_int(s, "Giá", "Price", "125.000")


_UNITS = re.compile(r"\s*(?:cái|chiếc|sp|sản phẩm|bộ|hộp|gói|chai|lọ|túi|pcs|pc|units?|items?)\.?\s*$", re.IGNORECASE)


def parse_quantity(cell) -> int | None:
    """A stock quantity ≥ 0: 12, "1.200" -> 1200, "12 cái"."""
    if _is_blank(cell):
        return None
    if not isinstance(cell, str):
        return _number_int(cell, "Số lượng", "Quantity", "1.200")
    return _grouped_int(_UNITS.sub("", _str(cell)), "Số lượng", "Quantity", "1.200")


# --- dates --------------------------------------------------------------------------------------

_EXCEL_EPOCH = datetime.date(1899, 12, 30)


def parse_date(cell) -> datetime.date | None:
    """Day first always: "24/11/2021", "24-11-2021", "24.11.2021", "2021-11-24",
    "ngày 24 tháng 11 năm 2021", Excel serial numbers (1900 system), date objects."""
    if _is_blank(cell):
        return None
    if isinstance(cell, datetime.datetime):
        return cell.date()
    if isinstance(cell, datetime.date):
        return cell
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        if 18264 <= cell <= 73051:  # 1950..2100: a plausible Excel serial
            return _EXCEL_EPOCH + datetime.timedelta(days=int(cell))
        raise ValueProblem(f"Số {cell} không phải là ngày; hãy ghi dạng dd/mm/yyyy, ví dụ 24/11/2021",
                           f"{cell} is not a date; write it as dd/mm/yyyy, e.g. 24/11/2021")
    text = _str(cell)
    s = re.sub(r"^(ngày|ngay)\s*", "", text, flags=re.IGNORECASE)
    s = re.sub(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$", "", s).strip()
    m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", s)
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    else:
        m = re.fullmatch(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4}|\d{2})", s) or re.fullmatch(
            r"(\d{1,2})\s+(?:tháng|thang)\s+(\d{1,2})\s+(?:năm|nam)\s+(\d{4})", s, re.IGNORECASE
        )
        if not m:
            raise ValueProblem(f"“{text}” không phải là ngày; hãy ghi dạng dd/mm/yyyy, ví dụ 24/11/2021",
                               f"“{text}” is not a date; write it as dd/mm/yyyy, e.g. 24/11/2021")
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
        if y < 100:
            y += 2000
    if not 1 <= mo <= 12:
        raise ValueProblem(
            f"Ngày “{text}” không có thật: không có tháng {mo} (ghi ngày trước tháng: dd/mm/yyyy)",
            f"“{text}” is not a real date: there is no month {mo} (write the day first: dd/mm/yyyy)",
        )
    try:
        return datetime.date(y, mo, d)
    except ValueError:
        raise ValueProblem(f"Ngày “{text}” không có thật: tháng {mo}/{y} không có ngày {d}",
                           f"“{text}” is not a real date: {y}-{mo:02d} has no day {d}")


# --- OCOP rating ----------------------------------------------------------------------------------


def parse_stars(cell) -> int | None:
    """1..5 from 4, 4.0, "4", "4 sao", "★★★★", "4*", "4 ★", "4 stars"."""
    if _is_blank(cell):
        return None
    text = _str(cell)
    s = text.strip()
    if s and set(s) <= set("★⭐☆*") and s.count("☆") == 0:
        n = len(s)
    else:
        m = re.fullmatch(r"(\d+)(?:[.,]0+)?\s*(?:sao|stars?|\*|★|⭐)?(?:\s*ocop)?", s, re.IGNORECASE)
        if not m:
            raise ValueProblem(f"Hạng sao “{text}” không đọc được; hãy ghi một số từ 1 đến 5, ví dụ 4 hoặc “4 sao”",
                               f"OCOP stars “{text}” cannot be read; write a number from 1 to 5, e.g. 4")
        n = int(m[1])
    if not 1 <= n <= 5:
        raise ValueProblem(f"Hạng sao {text} nằm ngoài 1–5", f"OCOP stars {text} is outside 1–5")
    return n


def parse_score(cell) -> Decimal | None:
    """0..100 from 85, "85,5", "85.5 điểm", "85/100"."""
    if _is_blank(cell):
        return None
    text = _str(cell)
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        value = Decimal(str(cell))
    else:
        m = re.fullmatch(r"(\d+(?:[.,]\d+)?)\s*(?:điểm|diem|points?|/\s*100)?", text, re.IGNORECASE)
        if not m:
            raise ValueProblem(f"Điểm “{text}” không đọc được; hãy ghi số từ 0 đến 100, ví dụ 85,5",
                               f"Score “{text}” cannot be read; write a number from 0 to 100, e.g. 85.5")
        value = Decimal(m[1].replace(",", "."))
    if not 0 <= value <= 100:
        raise ValueProblem(f"Điểm {text} nằm ngoài 0–100", f"Score {text} is outside 0–100")
    return value


# --- identifiers -------------------------------------------------------------------------------------


def _digits_of_number(cell) -> str | None:
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int):
        return str(cell)
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return None


def parse_gtin(cell) -> str | None:
    """13 digits with a valid GS1 check digit; Excel numbers (8931234567891.0) accepted,
    a 12-digit number that lost its leading zero restored."""
    if _is_blank(cell):
        return None
    number = _digits_of_number(cell)
    text = number if number is not None else _str(cell)
    if re.fullmatch(r"\d(?:[.,]\d+)?E\+?\d+", text, re.IGNORECASE):
        raise ValueProblem(
            f"Mã vạch “{text}” bị Excel viết dạng số mũ nên mất chữ số; hãy định dạng cột là Văn bản (Text) và gõ lại",
            f"Barcode “{text}” was written by Excel in scientific notation and lost digits; format the column as Text and retype it",
        )
    s = re.sub(r"[\s\-]", "", text)
    if re.fullmatch(r"\d+\.0+", s):
        s = s.split(".")[0]
    if re.fullmatch(r"\d{12}", s) and int(s[-1]) == gtin_check_digit(("0" + s)[:12]):
        s = "0" + s
    if not re.fullmatch(r"\d{13}", s):
        raise ValueProblem(f"Mã vạch “{text}” phải có đúng 13 chữ số (GTIN-13/EAN-13)",
                           f"Barcode “{text}” must be exactly 13 digits (GTIN-13/EAN-13)")
    expected = s[:12] + str(gtin_check_digit(s[:12]))
    if s != expected:
        raise ValueProblem(f"{s} sai số kiểm tra; đúng phải là {expected} nếu 12 số đầu đúng, "
                           "hãy đối chiếu mã vạch trên bao bì",
                           f"{s} has a wrong check digit; expected {expected} if the first 12 digits are right, "
                           "check the barcode on the package")
    return s


def _tax_ok(ten: str) -> bool:
    expected = tax_code_check_digit(ten[:9])
    return expected is not None and int(ten[9]) == expected


def parse_tax_code(cell) -> str | None:
    """A tax code: "0101234567", "0101234567-001" (branch; "0101234567001" too), or a
    household's 12-digit personal ID. Numbers that lost their leading zeros in Excel
    are restored when that gives a valid code."""
    if _is_blank(cell):
        return None
    number = _digits_of_number(cell)
    text = number if number is not None else _str(cell)
    s = re.sub(r"[\s.]", "", text) if number is None else text
    if re.fullmatch(r"\d+\.0+", text):
        s = text.split(".")[0]
    s = s.replace("–", "-").replace("—", "-")
    if re.fullmatch(r"\d{1,9}", s) and _tax_ok(s.zfill(10)):
        return s.zfill(10)
    if number is not None and len(s) == 12 and _tax_ok(s.zfill(13)[:10]):
        s = s.zfill(13)
    if re.fullmatch(r"\d{13}", s):
        s = f"{s[:10]}-{s[10:]}"
    if re.fullmatch(r"\d{12}", s):
        return s
    m = re.fullmatch(r"(\d{10})(-\d{3})?", s)
    if not m:
        raise ValueProblem(
            f"Mã số thuế “{text}” phải có 10 chữ số, 10 số và 3 số chi nhánh (0101234567-001), hoặc 12 số định danh cá nhân; "
            f"nếu Excel làm mất số 0 ở đầu, hãy định dạng cột là Văn bản (Text)",
            f"Tax code “{text}” must be 10 digits, 10 digits and a 3-digit branch (0101234567-001), or a 12-digit personal ID; "
            f"if Excel dropped leading zeros, format the column as Text",
        )
    main = m[1]
    expected = tax_code_check_digit(main[:9])
    if expected is None or int(main[9]) != expected:
        hint_vi = f" (số cuối phải là {expected})" if expected is not None else ""
        hint_en = f" (the last digit should be {expected})" if expected is not None else ""
        raise ValueProblem(
            f"Mã số thuế {s} sai số kiểm tra{hint_vi}; đối chiếu với giấy chứng nhận đăng ký kinh doanh",
            f"Tax code {s} fails its check digit{hint_en}; check it against the business registration certificate",
        )
    return s


# --- weight -------------------------------------------------------------------------------------------

_WEIGHT_UNITS = {"kg": 1, "kilogram": 1, "kilo": 1, "ki": 1, "ky": 1, "can": 1, "g": Decimal("0.001"),
                 "gr": Decimal("0.001"), "gram": Decimal("0.001"), "gam": Decimal("0.001"), "lang": Decimal("0.1")}


def parse_weight(cell) -> Decimal | None:
    """Kilograms: 0.5, "0,5", "0.5 kg", "500 g", "1.2kg", "2 lạng". A comma or a point
    is the decimal separator; "1.200 g" (three digits after, in grams) is 1200 g."""
    if _is_blank(cell):
        return None
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        value = Decimal(str(cell))
        unit = Decimal(1)
        text = _str(cell)
    else:
        text = _str(cell)
        m = re.fullmatch(r"(\d+(?:[.,]\d+)?)\s*([^\d\s].*)?", text)
        if not m:
            raise ValueProblem(f"Khối lượng “{text}” không đọc được; hãy ghi số kg, ví dụ 0,5 hoặc “500 g”",
                               f"Weight “{text}” cannot be read; write kilograms, e.g. 0.5 or “500 g”")
        unit_text = _fold(m[2] or "kg")
        if unit_text not in _WEIGHT_UNITS:
            raise ValueProblem(f"Đơn vị “{m[2]}” trong “{text}” không rõ; hãy dùng kg hoặc g",
                               f"Unit “{m[2]}” in “{text}” is unknown; use kg or g")
        unit = Decimal(_WEIGHT_UNITS[unit_text])
        number = m[1]
        if unit == Decimal("0.001") and re.fullmatch(r"\d+[.,]\d{3}", number):
            number = re.sub(r"[.,]", "", number)
        value = Decimal(number.replace(",", "."))
    kg = (value * unit).normalize()
    if kg < 0:
        raise ValueProblem(f"Khối lượng {text} là số âm", f"Weight {text} is negative")
    if kg != kg.quantize(Decimal("0.001")):
        raise ValueProblem(f"Khối lượng “{text}” chi tiết hơn 1 gam; hãy làm tròn tới gam",
                           f"Weight “{text}” is finer than a gram; round it to grams")
    return kg if kg.as_tuple().exponent <= 0 else kg.quantize(Decimal(1))


# --- choices ---------------------------------------------------------------------------------------------

_LEGAL_TYPES = (  # (folded prefix, value); more specific first
    ("to hop tac", "cooperative_group"), ("tht", "cooperative_group"), ("cooperative group", "cooperative_group"),
    ("cooperative_group", "cooperative_group"), ("co operative group", "cooperative_group"),
    ("hop tac xa", "cooperative"), ("htx", "cooperative"), ("cooperative", "cooperative"), ("co operative", "cooperative"),
    ("co op", "cooperative"), ("coop", "cooperative"),
    ("ho kinh doanh", "household"), ("ho san xuat", "household"), ("hkd", "household"), ("ho ca the", "household"),
    ("ho gia dinh", "household"), ("household", "household"), ("ho", "household"),
    ("doanh nghiep", "enterprise"), ("cong ty", "enterprise"), ("cty", "enterprise"), ("ctcp", "enterprise"),
    ("tnhh", "enterprise"), ("dntn", "enterprise"), ("dn", "enterprise"), ("enterprise", "enterprise"),
    ("company", "enterprise"), ("jsc", "enterprise"), ("llc", "enterprise"), ("co ltd", "enterprise"),
)


def _choice(cell, table, what_vi, what_en, allowed_vi, allowed_en):
    if _is_blank(cell):
        return None
    text = _str(cell)
    folded = _fold(text)
    for prefix, value in table:
        if folded == prefix or folded.startswith(prefix + " "):
            return value
    raise ValueProblem(f"{what_vi} “{text}” không rõ; hãy ghi {allowed_vi}", f"{what_en} “{text}” is unknown; write {allowed_en}")


def parse_legal_type(cell) -> str | None:
    """A LegalType value: enterprise / cooperative / cooperative_group / household."""
    return _choice(cell, _LEGAL_TYPES, "Loại hình", "Legal type",
                   "Doanh nghiệp, Hợp tác xã, Tổ hợp tác hoặc Hộ kinh doanh",
                   "enterprise, cooperative, cooperative group or household")


_ISSUER_LEVELS = (
    ("trung uong", "national"), ("cap trung uong", "national"), ("quoc gia", "national"), ("cap quoc gia", "national"),
    ("bo nn", "national"), ("bo nong nghiep", "national"), ("thu tuong", "national"), ("national", "national"),
    ("central", "national"),
    ("thanh pho", "city"), ("tp", "city"), ("cap tinh", "city"), ("tinh", "city"), ("cap thanh pho", "city"),
    ("cap tp", "city"), ("ubnd", "city"), ("city", "city"), ("provincial", "city"), ("province", "city"),
)


def parse_issuer_level(cell) -> str | None:
    """An IssuerLevel value: city (UBND thành phố) / national (Trung ương)."""
    return _choice(cell, _ISSUER_LEVELS, "Cấp công nhận", "Issuer level", "Thành phố hoặc Trung ương", "city or national")


_TRUE = {"co", "x", "yes", "y", "true", "dung", "1", "v", "ok"}
_FALSE = {"khong", "k", "no", "n", "false", "sai", "0"}


def parse_bool(cell) -> bool | None:
    """có/không, x, yes/no, 1/0, TRUE/FALSE, ✓."""
    if _is_blank(cell):
        return None
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, (int, float)) and cell in (0, 1):
        return bool(cell)
    text = _str(cell)
    if text in ("✓", "✔", "☑"):
        return True
    folded = _fold(text)
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise ValueProblem(f"“{text}” không phải có/không; hãy ghi “có” hoặc “không”",
                       f"“{text}” is not yes/no; write “yes” or “no”")


# --- lists ---------------------------------------------------------------------------------------------------


def parse_list(cell) -> list[str] | None:
    """Items separated by ";", newlines or "|"; by "," only when none of those is
    present, and then, for URLs, only at a comma that starts a new URL (URLs may
    contain commas)."""
    if _is_blank(cell):
        return None
    if isinstance(cell, (list, tuple)):
        items = [_str(x) for x in cell]
    else:
        text = unicodedata.normalize("NFC", str(cell) if not isinstance(cell, float) else _str(cell))
        if re.search(r"[;\n|]", text):
            items = re.split(r"[;\n|]", text)
        elif "://" in text:
            items = re.split(r",\s*(?=[A-Za-z][A-Za-z0-9+.-]*://)", text)
        else:
            items = text.split(",")
        items = [re.sub(r"\s+", " ", i).strip() for i in items]
    items = [i for i in items if i]
    return items or None


def parse_attributes(cell) -> list[tuple[str, str]] | None:
    """"Chất liệu: gốm; Men: lam" -> [("Chất liệu", "gốm"), ("Men", "lam")]."""
    if _is_blank(cell):
        return None
    text = _str(cell)
    items = parse_list(cell if not isinstance(cell, str) or re.search(r"[;\n|]", cell) else cell.replace(",", ";")
                       if cell.count(":") > 1 else [cell]) or []
    out = []
    for item in items:
        name, sep, value = item.partition(":")
        if not sep:
            name, sep, value = item.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name or not value:
            raise ValueProblem(f"Thuộc tính “{item}” thiếu tên hoặc giá trị; hãy viết dạng “Chất liệu: gốm; Men: lam”",
                               f"Attribute “{item}” lacks a name or a value; write “Material: ceramic; Glaze: blue”")
        out.append((name, value))
    return out or None


# --- addresses (2025 two-tier units) -----------------------------------------------------------------------

from dataclasses import dataclass  # noqa: E402
from functools import lru_cache  # noqa: E402


@dataclass
class ParsedAddress:
    street: str
    legacy_district: str
    province_code: int | None
    ward_code: int | None
    province_name: str
    ward_name: str
    unresolved: str


_PROVINCE_PREFIXES = ("thanh pho", "tinh", "tp", "t")
_WARD_PREFIXES = ("phuong", "xa", "thi tran", "dac khu", "p", "x", "tt")
_DISTRICT_PREFIXES = ("huyen", "quan", "thi xa", "q", "h", "tx")
_COUNTRY = {"viet nam", "vietnam", "vn"}
_PROVINCE_ALIASES = {"hn": 1, "tphcm": 79, "hcm": 79, "sai gon": 79, "ho chi minh": 79}


def _strip_prefix(folded: str, prefixes) -> tuple[str | None, str]:
    for p in prefixes:
        if folded.startswith(p + " "):
            return p, folded[len(p) + 1:]
    return None, folded


@lru_cache(maxsize=1)
def _indexes():
    from commerce.account.divisions import provinces, wards

    by_province = {}
    for code, p in provinces().items():
        _, bare = _strip_prefix(_fold(p.name), _PROVINCE_PREFIXES)
        by_province[bare] = code
        by_province[p.codename.replace("_", " ")] = code
    for alias, code in _PROVINCE_ALIASES.items():
        if code in provinces():
            by_province.setdefault(alias, code)
    by_ward: dict[tuple[int, str], list] = {}
    for code, w in wards().items():
        _, bare = _strip_prefix(_fold(w.name), _WARD_PREFIXES)
        by_ward.setdefault((int(w.province_code), bare), []).append(w)
    return by_province, by_ward


def _find_ward(province_code, folded_part):
    _, by_ward = _indexes()
    prefix, bare = _strip_prefix(folded_part, _WARD_PREFIXES)
    found = by_ward.get((province_code, bare), [])
    if len(found) > 1 and prefix:
        kind = {"p": "phuong", "x": "xa", "tt": "thi tran"}.get(prefix, prefix)
        found = [w for w in found if _fold(w.name).startswith(kind + " ")]
    return found[0] if len(found) == 1 else None


def parse_address(cell) -> ParsedAddress | None:
    """Street, (pre-2025 district as text), ward and province of an address written
    by hand: "Thôn 3, Xã Bát Tràng, Huyện Gia Lâm, TP Hà Nội". Partial resolution is
    fine (an old commune merged in 2025 stays in `unresolved`); ValueProblem only
    when there is nothing usable."""
    if _is_blank(cell):
        return None
    if not isinstance(cell, str) or not re.search(r"[^\W\d_]", cell):
        text = _str(cell)
        raise ValueProblem(f"“{text}” không phải là địa chỉ; hãy ghi số nhà, đường, xã/phường, tỉnh/thành phố",
                           f"“{text}” is not an address; write street, commune/ward, province")
    from commerce.account.divisions import provinces

    text = _str(cell)
    parts = [p.strip() for p in re.split(r"[,;\n]|\s+-\s+", text) if p.strip()]
    if parts and _fold(parts[-1]) in _COUNTRY:
        parts.pop()
    by_province, _ = _indexes()
    province_code = None
    if parts:
        _, bare = _strip_prefix(_fold(parts[-1]), _PROVINCE_PREFIXES)
        province_code = by_province.get(bare) or by_province.get(_fold(parts[-1]).replace(" ", ""))
        if province_code:
            parts.pop()
    district = ""
    ward = None
    unresolved = []
    street_parts = []
    ward_idx = None
    for i in range(len(parts) - 1, -1, -1):
        folded = _fold(parts[i])
        dprefix, _ = _strip_prefix(folded, _DISTRICT_PREFIXES)
        wprefix, _ = _strip_prefix(folded, _WARD_PREFIXES)
        if dprefix and not district and ward_idx is None:
            district = parts[i]
            continue
        if wprefix and ward_idx is None:
            ward_idx = i
            continue
    if ward_idx is None and province_code:  # no prefix: the last part that is a 2025 ward
        for i in range(len(parts) - 1, 0, -1):
            if parts[i] != district and _find_ward(province_code, _fold(parts[i])):
                ward_idx = i
                break
    if ward_idx is not None:
        if province_code:
            ward = _find_ward(province_code, _fold(parts[ward_idx]))
        if not ward:
            unresolved.append(parts[ward_idx])
    for i, part in enumerate(parts):
        if i != ward_idx and part != district:
            street_parts.append(part)
    p = provinces().get(province_code) if province_code else None
    return ParsedAddress(
        street=", ".join(street_parts),
        legacy_district=district,
        province_code=province_code,
        ward_code=int(ward.code) if ward else None,
        province_name=p.name if p else "",
        ward_name=ward.name if ward else "",
        unresolved=", ".join(unresolved),
    )
