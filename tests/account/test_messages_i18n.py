"""Account errors speak the person's language: English source strings (Saleor's
wording, what an English request to the API gets) with a Vietnamese catalogue
(locale/vi), the shop's default language. The storefront's own texts go the
other way (Vietnamese source, storefront/locale/en); no text is translated
twice or left out in either language."""

import gettext
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import translation

from commerce.account import actions, divisions, phones
from commerce.account.addresses import address_from_input
from tests import factories
from tests.account.support import PASSWORD, ward_elsewhere

VI_PO = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"
VI_MO = VI_PO.with_suffix(".mo")
EN_MO = Path(settings.BASE_DIR) / "storefront" / "locale" / "en" / "LC_MESSAGES" / "django.mo"

REGISTER = """
mutation Register($input: AccountRegisterInput!) {
  accountRegister(input: $input) { user { email } errors { field message code } }
}
"""


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def first_message(call) -> str:
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.messages[0]


def ward_in_wrong_province():
    other = ward_elsewhere()
    return lambda: divisions.validate_ward_in_province(divisions.HANOI, int(other.code)), other


def test_ward_not_in_province(db):
    call, other = ward_in_wrong_province()
    actual = divisions.province(int(other.province_code)).name
    with translation.override("vi"):
        assert first_message(call) == (
            f"{other.name} thuộc {actual}, không thuộc Thành phố Hà Nội; "
            "hãy chọn một xã/phường của Thành phố Hà Nội hoặc đổi tỉnh/thành phố."
        )
    with translation.override("en"):
        assert first_message(call) == (
            f"{other.name} is in {actual}, not in Thành phố Hà Nội; "
            "choose a ward of Thành phố Hà Nội or change the province."
        )


def test_address_errors_by_field(db):
    data = {"street_address_1": "", "province_code": divisions.HANOI, "ward_code": int(ward_elsewhere().code)}
    with translation.override("vi"):
        with pytest.raises(ValidationError) as error:
            address_from_input(data)
    errors = error.value.message_dict
    assert errors["street_address_1"] == ["Hãy nhập địa chỉ (số nhà, đường, thôn/xóm)."]
    assert "không thuộc Thành phố Hà Nội" in errors["ward_code"][0]


def test_bad_phone():
    with translation.override("vi"):
        assert first_message(lambda: phones.normalize_phone("0241 234 567")) == (
            "0241 234 567 không phải là số điện thoại di động Việt Nam; "
            "hãy viết theo dạng 0912 345 678 hoặc +84 912 345 678."
        )
    with translation.override("en"):
        assert first_message(lambda: phones.normalize_phone("0241 234 567")) == (
            "0241 234 567 is not a Vietnamese mobile number; write it as 0912 345 678 or +84 912 345 678."
        )


def test_throttled_login(db, settings):
    settings.LOGIN_THROTTLE_FREE_ATTEMPTS = 1
    settings.LOGIN_THROTTLE_BASE_DELAY = 60
    factories.make_customer("lan@ocop.test")
    with translation.override("vi"):
        assert first_message(lambda: actions.authenticate("lan@ocop.test", "sai")) == (
            "Email/số điện thoại hoặc mật khẩu không đúng. Vui lòng thử lại."
        )
        message = first_message(lambda: actions.authenticate("lan@ocop.test", PASSWORD))
    assert re.fullmatch(
        r"Tạm thời chưa thể đăng nhập\. Vui lòng thử lại sau \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(sau \d+ giây nữa\)\.",
        message,
    ), message
    with translation.override("en"):
        message = first_message(lambda: actions.authenticate("lan@ocop.test", PASSWORD))
    assert re.fullmatch(
        r"Logging temporary suspended\. Try again after \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(in \d+ seconds\)\.", message
    ), message


def test_duplicate_email_and_phone(db):
    actions.register("mai@ocop.test", PASSWORD)
    actions.register("0912 345 678", PASSWORD)
    def again(login):
        return first_message(lambda: actions.register(login, PASSWORD))

    with translation.override("vi"):
        assert again("MAI@ocop.test") == "Đã có tài khoản dùng địa chỉ email này."
        assert again("+84912345678") == "Đã có tài khoản dùng số điện thoại này."
    with translation.override("en"):
        assert again("MAI@ocop.test") == "A user with this email address already exists."
        assert again("+84912345678") == "A user with this phone number already exists."


def test_parametrised_messages_and_django_password_rules(db):
    with translation.override("vi"):
        assert first_message(lambda: actions.validate_new_password("x" * 129, actions.User())) == (
            "Mật khẩu chỉ được dài tối đa 128 ký tự."
        )
        assert first_message(lambda: actions.register("lan@ocop.test", "password123")) == "Mật khẩu này quá phổ biến."
    with translation.override("en"):
        assert first_message(lambda: actions.validate_new_password("x" * 129, actions.User())) == (
            "Use at most 128 characters."
        )
        assert first_message(lambda: actions.register("lan@ocop.test", "password123")) == "This password is too common."


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("vi", "không phải là số điện thoại di động Việt Nam"),
        ("en", "is not a Vietnamese mobile number"),
    ],
)
def test_storefront_register_page_shows_the_phone_error_in_the_page_language(client, db, language, expected):
    response = client.post(
        "/account/register/",
        {"login": "0241 234 567", "password": "gom-bat-trang-men-lam"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    assert f'lang="{language}"' in response.content.decode()
    [message] = response.context["form"].errors["login"]
    assert message.startswith("0241 234 567 ") and expected in message
    assert message in response.content.decode()


@pytest.mark.parametrize(
    ("language", "bad_phone", "duplicate"),
    [
        (
            "en",
            "0241 234 567 is not a Vietnamese mobile number; write it as 0912 345 678 or +84 912 345 678.",
            "A user with this email address already exists.",
        ),
        (
            "vi",
            "0241 234 567 không phải là số điện thoại di động Việt Nam; hãy viết theo dạng 0912 345 678 "
            "hoặc +84 912 345 678.",
            "Đã có tài khoản dùng địa chỉ email này.",
        ),
    ],
)
def test_graphql_account_register_follows_accept_language(client, db, language, bad_phone, duplicate):
    actions.register("mai@ocop.test", PASSWORD)

    def register(login):
        response = client.post(
            "/graphql/",
            data=json.dumps({"query": REGISTER, "variables": {"input": {"email": login, "password": PASSWORD}}}),
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE=language,
        )
        return response.json()["data"]["accountRegister"]

    assert register("0241 234 567")["errors"] == [{"field": "email", "message": bad_phone, "code": "INVALID"}]
    assert register("mai@ocop.test")["errors"] == [{"field": "email", "message": duplicate, "code": "UNIQUE"}]


# --- The catalogues -------------------------------------------------------------------------


def po_entries(path: Path) -> dict[str, str]:
    """msgid -> msgstr of a .po file (single-line entries, the header left out)."""
    unquote = lambda text: json.loads(f'"{text}"')  # noqa: E731
    pairs = re.findall(r'^msgid "(.*)"\nmsgstr "(.*)"$', path.read_text(encoding="utf-8"), re.M)
    return {unquote(msgid): unquote(msgstr) for msgid, msgstr in pairs if msgid}


def mo_catalog(path: Path) -> dict[str, str]:
    with path.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    return {key: value for key, value in catalog.items() if key}


def test_vietnamese_catalogue_is_complete_and_compiled():
    entries = po_entries(VI_PO)
    assert entries and all(entries.values()), [msgid for msgid, msgstr in entries.items() if not msgstr]
    assert mo_catalog(VI_MO) == entries, "run msgfmt on locale/vi/LC_MESSAGES/django.po"
    for msgid, msgstr in entries.items():
        assert sorted(re.findall(r"%\(\w+\)s", msgid)) == sorted(re.findall(r"%\(\w+\)s", msgstr)), msgid


def test_no_message_is_translated_twice_or_in_the_wrong_direction():
    vietnamese = po_entries(VI_PO)  # account rules: English source -> Vietnamese
    english = mo_catalog(EN_MO)  # storefront: Vietnamese source -> English
    with translation.override("en"):
        for msgid in vietnamese:
            assert translation.gettext(msgid) == msgid  # English stays English
    with translation.override("vi"):
        for msgid in english:
            assert translation.gettext(msgid) == msgid  # the storefront's Vietnamese stays as written
    # A translation is never itself a source text of the other catalogue with another
    # meaning: where the two hold one text, they agree ("This address is not in your
    # address book." <-> "Không tìm thấy địa chỉ này trong sổ địa chỉ của bạn.").
    for msgid, msgstr in vietnamese.items():
        assert english.get(msgstr, msgid) == msgid
    for msgid, msgstr in english.items():
        assert vietnamese.get(msgstr, msgid) == msgid
