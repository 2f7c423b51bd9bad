import pytest

from tests import factories


@pytest.fixture
def channel(db):
    return factories.make_channel("web-shop", name="Cửa hàng trực tuyến")
