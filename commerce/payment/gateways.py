"""The ways a customer can pay, and when each one is on offer.

Saleor asks payment apps which gateways a checkout may use; we have four
built in, each a small class in `GATEWAYS`:

- ``stripe``: a card through Stripe (needs STRIPE_SECRET_KEY and
  STRIPE_PUBLISHABLE_KEY);
- ``cod``: cash on delivery, only when the goods are shipped;
- ``vietqr``: a bank transfer by VietQR code, in VND, when the shop's bank
  account is configured (VIETQR_BANK_BIN, VIETQR_ACCOUNT_NUMBER);
- ``pay_at_centre``: paying at a centre's counter, only for click-and-collect.

The offline ones (cod, vietqr, pay_at_centre) let the order be placed unpaid;
staff (or the bank's notification) mark it paid later.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from commerce.core.prices import SUPPORTED_CURRENCIES

STRIPE = "stripe"
COD = "cod"
VIETQR = "vietqr"
PAY_AT_CENTRE = "pay_at_centre"
OFFLINE_GATEWAYS = frozenset({COD, VIETQR, PAY_AT_CENTRE})


@dataclass(frozen=True)
class PaymentGatewayInfo:
    """What Saleor's `PaymentGateway` type shows."""

    id: str
    name: str
    currencies: list[str]
    config: list[tuple[str, str]] = field(default_factory=list)


class Gateway:
    id: str = ""
    name = ""
    currencies: tuple[str, ...] = tuple(SUPPORTED_CURRENCIES)
    offline = False

    def is_configured(self) -> bool:
        return True

    def config(self) -> list[tuple[str, str]]:
        return []

    def unavailable_reason(self, source) -> str | None:
        """Why `source` (a checkout or an order) may not pay this way, or None."""
        if not self.is_configured():
            return str(_("Cửa hàng chưa cấu hình phương thức thanh toán này. (This payment method is not configured on this shop.)"))
        if source.currency not in self.currencies:
            return str(
                _("Phương thức này không nhận %(currency)s, chỉ nhận %(accepted)s. "
              "(This payment method does not accept %(currency)s; it accepts %(accepted)s.)")
                % {"currency": source.currency, "accepted": ", ".join(self.currencies)}
            )
        return None

    def info(self) -> PaymentGatewayInfo:
        return PaymentGatewayInfo(id=self.id, name=str(self.name), currencies=list(self.currencies), config=self.config())


class StripeGateway(Gateway):
    id = STRIPE
    name = _("Thẻ ngân hàng (Stripe)")
    currencies = ("VND", "USD")

    def is_configured(self) -> bool:
        return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_PUBLISHABLE_KEY)

    def config(self) -> list[tuple[str, str]]:
        # The publishable key is public by design (Stripe.js needs it).
        return [("api_key", settings.STRIPE_PUBLISHABLE_KEY)]


class CashOnDeliveryGateway(Gateway):
    id = COD
    name = _("Thanh toán khi nhận hàng (COD)")
    offline = True

    def unavailable_reason(self, source) -> str | None:
        if getattr(source, "collection_point_id", None):
            return str(_("Chỉ trả tiền khi nhận hàng với đơn giao tận nơi; khi nhận tại trung tâm hãy chọn trả tại trung tâm. "
                     "(Cash on delivery is only for shipped orders; pay at the centre when you collect instead.)"))
        return super().unavailable_reason(source)


class VietQRGateway(Gateway):
    id = VIETQR
    name = _("Chuyển khoản ngân hàng (VietQR)")
    currencies = ("VND",)
    offline = True

    def is_configured(self) -> bool:
        return bool(settings.VIETQR_BANK_BIN and settings.VIETQR_ACCOUNT_NUMBER)

    def config(self) -> list[tuple[str, str]]:
        return [
            ("bank_bin", settings.VIETQR_BANK_BIN),
            ("account_number", settings.VIETQR_ACCOUNT_NUMBER),
            ("account_name", settings.VIETQR_ACCOUNT_NAME),
        ]


class PayAtCentreGateway(Gateway):
    id = PAY_AT_CENTRE
    name = _("Thanh toán tại trung tâm")
    offline = True

    def unavailable_reason(self, source) -> str | None:
        if not getattr(source, "collection_point_id", None):
            return str(
                _("Chỉ trả tại trung tâm khi nhận hàng tại trung tâm; hãy chọn điểm nhận hàng hoặc cách thanh toán khác. "
                  "(Paying at the centre is only possible when you collect the order at a centre; "
                  "choose a collection point or another payment method.)")
            )
        return super().unavailable_reason(source)


GATEWAYS: dict[str, Gateway] = {
    gateway.id: gateway
    for gateway in (StripeGateway(), CashOnDeliveryGateway(), VietQRGateway(), PayAtCentreGateway())
}


def get_gateway(gateway_id: str) -> Gateway | None:
    return GATEWAYS.get(gateway_id)


def gateway_problem(source, gateway_id: str) -> str | None:
    """Why `source` (checkout or order) cannot pay with `gateway_id`, or None."""
    gateway = get_gateway(gateway_id)
    if gateway is None:
        return str(
            _("Không có phương thức thanh toán %(id)s; hãy dùng một trong %(ids)s. "
          "(Unknown payment method %(id)s; use one of %(ids)s.)") % {"id": gateway_id, "ids": ", ".join(GATEWAYS)}
        )
    return gateway.unavailable_reason(source)


def available_gateways(checkout) -> list[PaymentGatewayInfo]:
    """The gateways `checkout` may pay with now (Saleor's
    `Checkout.availablePaymentGateways`)."""
    return [gateway.info() for gateway in GATEWAYS.values() if gateway.unavailable_reason(checkout) is None]
