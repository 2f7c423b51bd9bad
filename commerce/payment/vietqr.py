"""VietQR payloads: bank-transfer QR codes for NAPAS 247.

A VietQR code is an EMVCo Merchant-Presented Mode payload (a string of
tag-length-value fields, each tag two digits, each length two digits) as NAPAS
specifies it in "Technical Specifications on NAPAS QR Switching, Part IV: QR
code format" (v1.5.2). A customer's banking app scans it and pre-fills an
instant (NAPAS 247) transfer: beneficiary bank and account, amount and the
transfer description, which is how we match the incoming transfer to an order.

    payload = build_payload(bank_bin="970436", account="1023456789",
                            amount=125000, purpose="OCOP 000123")
    svg = qr_svg(payload)            # for the storefront page
    png = qr_png(payload, scale=8)   # for e-mails and printed slips
    data = parse(payload)            # staff tooling and tests; checks the CRC

Fields we write, in this order:

    00 Payload Format Indicator   "01"
    01 Point of Initiation        "11" static (no amount), "12" dynamic (amount)
    38 Merchant Account Info      00 GUID "A000000727" (NAPAS)
                                  01 beneficiary: 00 bank BIN, 01 account/card
                                  02 service "QRIBFTTA" (account) / "QRIBFTTC" (card)
    53 Transaction Currency       "704" (VND)
    54 Transaction Amount         whole dong, no decimals (only when given)
    58 Country Code               "VN"
    62 Additional Data            01 bill number, 08 purpose of transaction (if given)
    63 CRC                        CRC-16/CCITT-FALSE over everything before it,
                                  including "6304", four uppercase hex digits

The purpose (transfer description) is reduced to ASCII: banks' apps and the
statements that come back to us mangle Vietnamese letters, so diacritics are
removed ("Đơn hàng" -> "Don hang"). It must fit in 25 characters: longer
descriptions are cut by the banks, which would lose the order reference, so a
longer one is an error rather than silently truncated. Letters, digits and
spaces are the safe choice for a reference that must survive the round trip.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

NAPAS_GUID = "A000000727"
SERVICE_ACCOUNT = "QRIBFTTA"  # NAPAS 247 transfer to an account number
SERVICE_CARD = "QRIBFTTC"  # NAPAS 247 transfer to a (domestic) card number
STATIC = "11"  # Point of Initiation: the same code for many payments
DYNAMIC = "12"  # Point of Initiation: one payment, amount included
CURRENCY_VND = "704"  # ISO 4217 numeric
COUNTRY_VN = "VN"
PURPOSE_MAX_LENGTH = 25
BILL_NUMBER_MAX_LENGTH = 25
ACCOUNT_MAX_LENGTH = 19
AMOUNT_MAX_DIGITS = 13


class Bank(NamedTuple):
    bin: str
    short_name: str
    name: str


# The most common beneficiary banks, by NAPAS BIN (the State Bank of Vietnam's
# bank identification numbers, 9704xx). Any 6-digit BIN can be used to build a
# payload; this table is for choosing and displaying a bank.
BANKS: dict[str, Bank] = {
    bank.bin: bank
    for bank in (
        Bank("970436", "Vietcombank", "Ngân hàng TMCP Ngoại thương Việt Nam"),
        Bank("970415", "VietinBank", "Ngân hàng TMCP Công thương Việt Nam"),
        Bank("970418", "BIDV", "Ngân hàng TMCP Đầu tư và Phát triển Việt Nam"),
        Bank("970405", "Agribank", "Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam"),
        Bank("970422", "MB", "Ngân hàng TMCP Quân đội"),
        Bank("970407", "Techcombank", "Ngân hàng TMCP Kỹ thương Việt Nam"),
        Bank("970416", "ACB", "Ngân hàng TMCP Á Châu"),
        Bank("970432", "VPBank", "Ngân hàng TMCP Việt Nam Thịnh Vượng"),
        Bank("970423", "TPBank", "Ngân hàng TMCP Tiên Phong"),
        Bank("970403", "Sacombank", "Ngân hàng TMCP Sài Gòn Thương Tín"),
    )
}

_BIN_RE = re.compile(r"[0-9]{6}")
_ACCOUNT_RE = re.compile(r"[0-9A-Za-z]{1,19}")
_CARD_RE = re.compile(r"[0-9]{16,19}")
_PRINTABLE_ASCII_RE = re.compile(r"[\x20-\x7e]*")
_TLV_HEADER_RE = re.compile(r"[0-9]{4}")


def crc16_ccitt(data: bytes | str) -> int:
    """CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no reflection,
    no final XOR (check value: "123456789" -> 0x29B1)."""
    if isinstance(data, str):
        data = data.encode("ascii")
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def crc_hex(data: bytes | str) -> str:
    """The CRC as it is written in tag 63: four uppercase hex digits."""
    return f"{crc16_ccitt(data):04X}"


def to_ascii(text: str) -> str:
    """Vietnamese text without diacritics: "Đơn hàng số 5" -> "Don hang so 5".

    Removes combining marks after canonical decomposition and maps đ/Đ (which do
    not decompose) to d/D; collapses runs of whitespace. Characters that are
    still not printable ASCII afterwards are left in place for the caller's
    validation to reject."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(unicodedata.normalize("NFC", stripped).split())


def _ascii_field(name: str, value: str, max_length: int) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a string, got {type(value).__name__}")
    text = to_ascii(value)
    if not _PRINTABLE_ASCII_RE.fullmatch(text):
        bad = sorted({ch for ch in text if not _PRINTABLE_ASCII_RE.fullmatch(ch)})
        raise ValueError(
            f"{name} may only contain printable ASCII characters once diacritics "
            f"are removed; {value!r} contains {''.join(bad)!r}")
    if len(text) > max_length:
        raise ValueError(
            f"{name} must be at most {max_length} characters (banks cut longer "
            f"ones), {text!r} has {len(text)}")
    return text


def normalize_purpose(purpose: str) -> str:
    """The purpose of transaction exactly as `build_payload` writes it (ASCII, at
    most 25 characters), or ValueError."""
    return _ascii_field("purpose", purpose, PURPOSE_MAX_LENGTH)


def _amount_digits(amount) -> str:
    if isinstance(amount, bool) or not isinstance(amount, (int, Decimal)):
        raise ValueError(
            f"amount must be a whole number of dong (int or Decimal), "
            f"got {type(amount).__name__} {amount!r}")
    if isinstance(amount, Decimal):
        if not amount.is_finite() or amount != amount.to_integral_value():
            raise ValueError(f"amount must be a whole number of dong (VND has no decimals), got {amount}")
        amount = int(amount)
    if amount <= 0:
        raise ValueError(f"amount must be positive, got {amount}")
    digits = str(amount)
    if len(digits) > AMOUNT_MAX_DIGITS:
        raise ValueError(f"amount must have at most {AMOUNT_MAX_DIGITS} digits, got {amount}")
    return digits


def _tlv(tag: str, value: str) -> str:
    if not 1 <= len(value) <= 99:
        raise ValueError(f"field {tag} must be 1-99 characters long, got {len(value)}")
    return f"{tag}{len(value):02d}{value}"


def build_payload(
    *,
    bank_bin: str,
    account: str,
    amount: int | Decimal | None = None,
    purpose: str | None = None,
    bill_number: str | None = None,
    to_card: bool = False,
    initiation: str | None = None,
) -> str:
    """The VietQR payload string for a NAPAS 247 transfer.

    bank_bin     the beneficiary bank's 6-digit BIN (see `BANKS`)
    account      the account number (1-19 letters or digits; some banks issue
                 virtual accounts with letters), or with `to_card=True` the
                 card number (16-19 digits)
    amount       whole dong (int, or a Decimal without fraction); None lets
                 the payer type the amount
    purpose      transfer description (tag 62.08), e.g. the order reference;
                 diacritics are removed, at most 25 characters
    bill_number  optional bill/invoice number (tag 62.01), ASCII, <= 25
    initiation   "11" (static) or "12" (dynamic); by default "12" when there
                 is an amount and "11" otherwise. A static code may carry an
                 amount (a fixed price); a dynamic one must.
    """
    if not isinstance(bank_bin, str) or not _BIN_RE.fullmatch(bank_bin):
        raise ValueError(f"bank BIN must be 6 digits, got {bank_bin!r}")
    if to_card:
        if not isinstance(account, str) or not _CARD_RE.fullmatch(account):
            raise ValueError(f"card number must be 16-19 digits, got {account!r}")
    elif not isinstance(account, str) or not _ACCOUNT_RE.fullmatch(account):
        raise ValueError(
            f"account number must be 1-{ACCOUNT_MAX_LENGTH} letters or digits "
            f"(no spaces or punctuation), got {account!r}")
    amount_digits = None if amount is None else _amount_digits(amount)
    if initiation is None:
        initiation = DYNAMIC if amount_digits else STATIC
    elif initiation not in (STATIC, DYNAMIC):
        raise ValueError(
            f"point of initiation must be {STATIC!r} (static) or {DYNAMIC!r} "
            f"(dynamic), got {initiation!r}")
    if initiation == DYNAMIC and amount_digits is None:
        raise ValueError("a dynamic VietQR (point of initiation '12') needs an amount")

    additional = ""
    if bill_number is not None:
        bill = _ascii_field("bill number", bill_number, BILL_NUMBER_MAX_LENGTH)
        if bill:
            additional += _tlv("01", bill)
    if purpose is not None:
        text = normalize_purpose(purpose)
        if text:
            additional += _tlv("08", text)

    beneficiary = _tlv("00", bank_bin) + _tlv("01", account)
    merchant = (_tlv("00", NAPAS_GUID) + _tlv("01", beneficiary)
                + _tlv("02", SERVICE_CARD if to_card else SERVICE_ACCOUNT))
    payload = (
        _tlv("00", "01")
        + _tlv("01", initiation)
        + _tlv("38", merchant)
        + _tlv("53", CURRENCY_VND)
        + (_tlv("54", amount_digits) if amount_digits else "")
        + _tlv("58", COUNTRY_VN)
        + (_tlv("62", additional) if additional else "")
        + "6304"
    )
    return payload + crc_hex(payload)


def decode_tlv(data: str) -> list[tuple[str, str]]:
    """Split a TLV string into (tag, value) pairs, in order; ValueError when the
    string is not well-formed TLV."""
    items = []
    position = 0
    while position < len(data):
        header = data[position:position + 4]
        if not _TLV_HEADER_RE.fullmatch(header):
            raise ValueError(f"malformed TLV at position {position}: {data[position:position + 8]!r}")
        tag, length = header[:2], int(header[2:])
        value = data[position + 4:position + 4 + length]
        if length == 0 or len(value) != length:
            raise ValueError(
                f"malformed TLV: field {tag} at position {position} declares "
                f"{length} characters, {len(value)} remain")
        items.append((tag, value))
        position += 4 + length
    return items


@dataclass(frozen=True)
class VietQR:
    """A decoded VietQR payload (see `parse`)."""

    payload_format: str
    initiation: str | None
    bank_bin: str
    account: str
    service: str
    currency: str | None
    amount: int | None
    country: str | None
    purpose: str | None
    bill_number: str | None
    crc: str
    tags: dict[str, str] = field(default_factory=dict)  # every root field, raw
    additional: dict[str, str] = field(default_factory=dict)  # tag 62's fields

    @property
    def is_dynamic(self) -> bool:
        return self.initiation == DYNAMIC

    @property
    def to_card(self) -> bool:
        return self.service == SERVICE_CARD

    @property
    def bank(self) -> Bank | None:
        return BANKS.get(self.bank_bin)


def parse(payload: str) -> VietQR:
    """Decode a VietQR payload and verify its CRC; ValueError when it is not a
    well-formed VietQR (bad TLV, CRC missing or not last, CRC mismatch, no NAPAS
    account information in tag 38). Fields we do not write (merchant category,
    name, city, other additional data, ...) are kept in `tags`/`additional`."""
    if not isinstance(payload, str):
        raise ValueError(f"payload must be a string, got {type(payload).__name__}")
    payload = payload.strip()
    if not payload.isascii():
        raise ValueError("payload must be ASCII")
    if len(payload) < 8 or payload[-8:-4] != "6304":
        raise ValueError("payload must end with the CRC field (6304 and four hex digits)")
    items = decode_tlv(payload)
    tags: dict[str, str] = {}
    for tag, value in items:
        if tag in tags:
            raise ValueError(f"field {tag} appears twice")
        tags[tag] = value
    if items[-1][0] != "63":
        raise ValueError("the CRC (field 63) must be the last field")
    expected = crc_hex(payload[:-4])
    if tags["63"].upper() != expected:
        raise ValueError(f"CRC mismatch: the payload says {tags['63']}, its content gives {expected}")
    if "00" not in tags or items[0][0] != "00":
        raise ValueError("the Payload Format Indicator (field 00) must come first")

    merchant = dict(decode_tlv(tags["38"])) if "38" in tags else {}
    if merchant.get("00") != NAPAS_GUID:
        raise ValueError(f"not a VietQR payload: no field 38 with NAPAS GUID {NAPAS_GUID}")
    beneficiary = dict(decode_tlv(merchant.get("01", "")))
    if "00" not in beneficiary or "01" not in beneficiary:
        raise ValueError("field 38.01 must hold the bank BIN (00) and the account (01)")
    additional = dict(decode_tlv(tags["62"])) if "62" in tags else {}

    amount = None
    if "54" in tags:
        raw_amount = tags["54"]
        if not re.fullmatch(r"[0-9]+(\.[0-9]*)?", raw_amount):
            raise ValueError(f"field 54 is not an amount: {raw_amount!r}")
        value = Decimal(raw_amount)
        if value != value.to_integral_value():
            raise ValueError(f"field 54 has a fraction of a dong: {raw_amount!r}")
        amount = int(value)

    return VietQR(
        payload_format=tags["00"],
        initiation=tags.get("01"),
        bank_bin=beneficiary["00"],
        account=beneficiary["01"],
        service=merchant.get("02", ""),
        currency=tags.get("53"),
        amount=amount,
        country=tags.get("58"),
        purpose=additional.get("08"),
        bill_number=additional.get("01"),
        crc=tags["63"],
        tags=tags,
        additional=additional,
    )


def _qr(payload: str):
    import segno

    # Error correction M at least (segno raises it further when that costs no
    # extra size); segno picks the most compact encoding mode for the text.
    return segno.make(payload, error="m", micro=False)


def qr_svg(payload: str, *, scale: int = 4, border: int = 4, title: str | None = None) -> str:
    """The QR code as inline SVG markup (no XML declaration), for HTML pages."""
    return _qr(payload).svg_inline(scale=scale, border=border, title=title)


def qr_png(payload: str, *, scale: int = 8, border: int = 4) -> bytes:
    """The QR code as PNG bytes (`scale` pixels per module, `border` modules of
    quiet zone: four is the minimum the QR standard asks for)."""
    buffer = io.BytesIO()
    _qr(payload).save(buffer, kind="png", scale=scale, border=border)
    return buffer.getvalue()
