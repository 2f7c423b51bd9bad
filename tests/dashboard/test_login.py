"""The dashboard's sign-in goes through the accounts' one path: email or
phone, and the failed-login back-off (commerce.account.throttling)."""

import pytest
from django.core.cache import cache

from tests import factories

PASSWORD = "matkhau-dai-123"


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    cache.clear()
    settings.LOGIN_THROTTLE_FREE_ATTEMPTS = 3
    settings.LOGIN_THROTTLE_BASE_DELAY = 60  # long enough that the test never waits it out
    yield
    cache.clear()


def sign_in(client, login, password):
    return client.post("/dashboard/login/", {"username": login, "password": password})


def test_staff_sign_in_by_email_or_phone(client, db):
    staff = factories.make_staff("MANAGE_ORDERS")
    staff.phone = "+84912345678"
    staff.save(update_fields=["phone"])
    assert sign_in(client, staff.email, PASSWORD).status_code == 302
    client.logout()
    assert sign_in(client, "0912 345 678", PASSWORD).status_code == 302


def test_repeated_failures_make_even_the_right_password_wait(client, db):
    staff = factories.make_staff("MANAGE_ORDERS")
    for _ in range(3):
        response = sign_in(client, staff.email, "sai-mat-khau")
        assert response.status_code == 200 and not response.wsgi_request.user.is_authenticated
    response = sign_in(client, staff.email, "sai-mat-khau")  # the failure that starts the wait
    response = sign_in(client, staff.email, PASSWORD)
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    assert "Tạm thời chưa thể đăng nhập" in response.content.decode()
