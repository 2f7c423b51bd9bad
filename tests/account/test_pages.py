"""The storefront's account pages: sign in with an email or a mobile number,
register, sign out, and keep an address book, through the same actions as the
API (throttling included). Errors are shown beside their field."""

import pytest
from django.core.cache import cache

from commerce.account.models import User
from tests import factories
from tests.account.support import PASSWORD, ward, ward_elsewhere


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_login_page_is_labelled_and_in_vietnamese(client, db):
    page = client.get("/account/login/").content.decode()
    assert 'lang="vi"' in page
    assert '<label for="id_login">Email hoặc số điện thoại</label>' in page
    assert '<label for="id_password">Mật khẩu</label>' in page


def test_login_page_in_english(client, db):
    page = client.get("/account/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="en"' in page and "Email or phone number" in page


def test_sign_in_by_email_then_sign_out(client, db):
    factories.make_customer("lan@ocop.test")
    response = client.post("/account/login/", {"login": "lan@ocop.test", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/account/addresses/"
    assert client.get("/account/addresses/").status_code == 200
    assert client.post("/account/logout/").status_code == 302
    assert client.get("/account/addresses/")["Location"].startswith("/account/login/")


def test_sign_in_by_phone_and_follow_next(client, db):
    User.objects.create_user(None, PASSWORD, phone="+84912345678")
    response = client.post("/account/login/", {"login": "0912 345 678", "password": PASSWORD, "next": "/account/addresses/?x=1"})
    assert response["Location"] == "/account/addresses/?x=1"
    off_site = client.post("/account/login/", {"login": "0912345678", "password": PASSWORD, "next": "https://evil.example/"})
    assert off_site["Location"] == "/account/addresses/"


def test_wrong_password_is_shown_on_the_login_field(client, db):
    factories.make_customer("lan@ocop.test")
    response = client.post("/account/login/", {"login": "lan@ocop.test", "password": "sai"})
    assert response.status_code == 400
    message = "Email/số điện thoại hoặc mật khẩu không đúng. Vui lòng thử lại."  # the page's language, vi
    assert response.context["form"].errors == {"login": [message]}


def test_login_page_is_throttled(client, db, settings):
    settings.LOGIN_THROTTLE_FREE_ATTEMPTS = 2
    factories.make_customer("lan@ocop.test")
    for _ in range(2):
        client.post("/account/login/", {"login": "lan@ocop.test", "password": "sai"})
    response = client.post("/account/login/", {"login": "lan@ocop.test", "password": PASSWORD})
    assert response.status_code == 429
    assert "Vui lòng thử lại sau" in response.context["form"].errors["login"][0]


def test_register_by_phone_signs_in(client, db):
    response = client.post("/account/register/", {"login": "0987 654 321", "password": "gom-bat-trang-men-lam"})
    assert response.status_code == 302
    user = User.objects.get(phone="+84987654321")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_register_shows_errors_by_field(client, db):
    response = client.post("/account/register/", {"login": "0241 234 567", "password": "password123"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "không phải là số điện thoại di động Việt Nam" in errors["login"][0]
    page = response.content.decode()
    assert 'id="id_login_error"' in page


def test_common_password_is_refused_on_the_page(client, db):
    response = client.post("/account/register/", {"login": "lan@ocop.test", "password": "password123"})
    assert "password" in response.context["form"].errors
    assert not User.objects.filter(email="lan@ocop.test").exists()


def test_address_book_page(client, db):
    user = factories.make_customer("lan@ocop.test")
    client.force_login(user)
    response = client.post("/account/addresses/", {"street_address_1": "Thôn 3", "province_code": "1", "city": "Bát Tràng"})
    assert response.status_code == 302
    address = user.addresses.get()
    assert address.ward_code == int(ward("Xã Bát Tràng").code)
    user.refresh_from_db()
    assert user.default_shipping_address_id == address.pk
    page = client.get("/account/addresses/").content.decode()
    assert "Xã Bát Tràng" in page and "Giao hàng mặc định" in page
    client.post(f"/account/addresses/{address.pk}/delete/")
    assert not user.addresses.exists()


def test_a_ward_of_another_province_is_shown_on_the_ward_field(client, db):
    client.force_login(factories.make_customer())
    other = ward_elsewhere()
    response = client.post("/account/addresses/", {"street_address_1": "Thôn 3", "province_code": "1", "city": other.name})
    assert response.status_code == 400
    assert "city" in response.context["form"].errors


def test_someone_elses_address_cannot_be_deleted(client, db):
    stranger = factories.make_customer()
    theirs = factories.make_address()
    stranger.addresses.add(theirs)
    client.force_login(factories.make_customer())
    client.post(f"/account/addresses/{theirs.pk}/delete/")
    assert stranger.addresses.count() == 1
