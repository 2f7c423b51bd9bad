"""Vietnam's administrative units since 1 July 2025: 34 provinces and their communes
and wards, with no districts in between (from the `vietnam-provinces` package).

Records made before that date may still name a district: it is kept as text on the
address, never as a unit.
"""

from functools import lru_cache

from django.core.exceptions import ValidationError
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
            "Province code %(code)s is not one of Vietnam's 34 provinces since 2025.",
            code="invalid_province",
            params={"code": code},
        )


def ward(code: int) -> Ward:
    try:
        return wards()[int(code)]
    except (KeyError, TypeError, ValueError):
        raise ValidationError(
            "Ward/commune code %(code)s does not exist in the 2025 administrative units.",
            code="invalid_ward",
            params={"code": code},
        )


def validate_ward_in_province(province_code: int, ward_code: int) -> tuple[Province, Ward]:
    p = province(province_code)
    w = ward(ward_code)
    if int(w.province_code) != int(p.code):
        actual = province(int(w.province_code))
        raise ValidationError(
            "%(ward)s is in %(actual)s, not in %(province)s; choose a ward of %(province)s "
            "or change the province.",
            code="ward_not_in_province",
            params={"ward": w.name, "actual": actual.name, "province": p.name},
        )
    return p, w


__all__ = ["HANOI", "ProvinceCode", "WardCode", "province", "provinces", "validate_ward_in_province", "ward", "wards"]
