"""`manage.py webhook`: an operator subscribes, lists and removes endpoints."""

import pytest
from django.core.management import CommandError, call_command

from commerce.webhook.models import Webhook
from tests.factories import make_channel

pytestmark = pytest.mark.django_db


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("webhook", *args, stdout=out)
    return out.getvalue()


def test_add_list_remove():
    make_channel("bat-trang")
    out = run("add", "winmart", "https://feed.example.vn/ocop", "--events", "product_created,product_updated",
              "--channels", "bat-trang")
    assert "Added webhook winmart" in out and "Secret key" in out
    webhook = Webhook.objects.get(name="winmart")
    assert webhook.events == ["product_created", "product_updated"] and webhook.is_active
    assert len(webhook.secret_key) >= 32 and [c.slug for c in webhook.channels.all()] == ["bat-trang"]

    run("add", "winmart", "https://feed.example.vn/v2", "--events", "product_updated", "--secret", "s3")
    webhook.refresh_from_db()
    assert (webhook.target_url, webhook.events, webhook.secret_key) == ("https://feed.example.vn/v2", ["product_updated"], "s3")

    listing = run("list")
    assert "winmart\thttps://feed.example.vn/v2\tactive\tproduct_updated\tall channels\tpending=0 failed=0" in listing
    assert "Removed webhook winmart" in run("remove", "winmart")
    assert not Webhook.objects.exists()
    assert run("list").strip() == "No webhooks."


@pytest.mark.parametrize("args, message", [
    (("add", "x", "https://a.vn/", "--events", "product_deleted"), "Unknown event"),
    (("add", "x", "not a url", "--events", "product_created"), "target_url"),
    (("add", "x", "https://a.vn/", "--events", "product_created", "--channels", "nowhere"), "No channel"),
    (("remove", "nobody"), "No webhook named"),
])
def test_mistakes_are_explained(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
