"""Enums shared by every domain of the API."""

from __future__ import annotations

from enum import Enum as PyEnum

import graphene

from .language_codes import LANGUAGE_CODES

_LANGUAGE_DESCRIPTIONS = dict(LANGUAGE_CODES)


def language_code_value(enum_name: str) -> str:
    """The Django language code behind an enum name: VI_VN -> "vi-vn"."""
    return enum_name.lower().replace("_", "-")


LanguageCodePyEnum = PyEnum(
    "LanguageCodePyEnum",
    [(name, language_code_value(name)) for name, _description in LANGUAGE_CODES],
)


def _describe_language(member: PyEnum | None) -> str:
    if member is None:
        return "Language code enum. It contains all the languages supported by Saleor."
    return _LANGUAGE_DESCRIPTIONS[member.name]


# Values are Django language codes ("vi", "vi-vn", "zh-hans"), the form
# translations are stored under; clients see Saleor's names (VI, VI_VN).
LanguageCodeEnum = graphene.Enum.from_enum(
    LanguageCodePyEnum, name="LanguageCodeEnum", description=_describe_language
)
