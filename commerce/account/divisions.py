"""Vietnam's administrative units since 1 July 2025: 34 provinces and their communes
and wards, with no districts in between (from the `vietnam-provinces` package).

Records made before that date may still name a district: it is kept as text on the
address, never as a unit.
"""

import unicodedata
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from vietnam_provinces import Province, ProvinceCode, Ward, WardCode

HANOI = 1


@lru_cache(maxsize=None)
def provinces() -> dict[int, Province]:
    return {int(p.code): p for p in Province.iter_all()}


@lru_cache(maxsize=None)
def wards() -> dict[int, Ward]:
    return {int(w.code): w for w in Ward.iter_all()}


def province(code: int) -> Province:
    try:
        return provinces()[int(code)]
    except (KeyError, TypeError, ValueError):
        raise ValidationError(
            _("Province code %(code)s is not one of Vietnam's 34 provinces since 2025."),
            code="invalid_province",
            params={"code": code},
        )


def ward(code: int) -> Ward:
    try:
        return wards()[int(code)]
    except (KeyError, TypeError, ValueError):
        raise ValidationError(
            _("Ward/commune code %(code)s does not exist in the 2025 administrative units."),
            code="invalid_ward",
            params={"code": code},
        )


def validate_ward_in_province(province_code: int, ward_code: int) -> tuple[Province, Ward]:
    p = province(province_code)
    w = ward(ward_code)
    if int(w.province_code) != int(p.code):
        actual = province(int(w.province_code))
        raise ValidationError(
            _(
                "%(ward)s is in %(actual)s, not in %(province)s; choose a ward of %(province)s "
                "or change the province."
            ),
            code="ward_not_in_province",
            params={"ward": w.name, "actual": actual.name, "province": p.name},
        )
    return p, w


_UNIT_PREFIXES = ("thành phố ", "tp. ", "tp ", "tỉnh ", "xã ", "phường ", "đặc khu ")


def _name_key(name: str, *, strip_prefix: bool) -> str:
    """A unit name compared without case, extra spaces or Unicode form differences."""
    key = " ".join(unicodedata.normalize("NFC", name or "").casefold().split())
    if strip_prefix:
        for prefix in _UNIT_PREFIXES:
            if key.startswith(prefix):
                return key[len(prefix):]
    return key


def _find_by_name(units, name: str):
    """The one unit called `name`, with or without its "Xã"/"Tỉnh"… prefix; None if
    there is none or the short name is ambiguous ("Bình Minh" may be a commune or a ward)."""
    exact = [unit for unit in units if _name_key(unit.name, strip_prefix=False) == _name_key(name, strip_prefix=False)]
    if len(exact) == 1:
        return exact[0]
    short = _name_key(name, strip_prefix=True)
    found = [unit for unit in units if _name_key(unit.name, strip_prefix=True) == short]
    return found[0] if len(found) == 1 else None


def province_by_name(name: str) -> Province:
    """The province named `name` ("Thành phố Hà Nội", "Hà Nội", "ha noi" is not enough: accents count)."""
    found = _find_by_name(provinces().values(), name)
    if found is None:
        raise ValidationError(
            _("%(name)s is not one of Vietnam's 34 provinces since 2025."),
            code="invalid_province",
            params={"name": name},
        )
    return found


def ward_by_name(province_code: int, name: str) -> Ward:
    """The ward or commune of the province called `name` ("Xã Bát Tràng" or "Bát Tràng")."""
    p = province(province_code)
    found = _find_by_name([w for w in wards().values() if int(w.province_code) == int(p.code)], name)
    if found is None:
        raise ValidationError(
            _("%(province)s has no ward or commune called %(name)s in the 2025 administrative units."),
            code="ward_not_in_province",
            params={"name": name, "province": p.name},
        )
    return found


__all__ = [
    "HANOI",
    "ProvinceCode",
    "WardCode",
    "province",
    "province_by_name",
    "provinces",
    "validate_ward_in_province",
    "ward",
    "ward_by_name",
    "wards",
]
