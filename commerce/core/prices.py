"""Money that always travels with its currency, rounded to that currency's precision.

VND has no minor unit, so 125000.5 VND is not a price; USD has cents. Amounts are
stored as Decimal with three decimal places (room for any currency we sell in) and
every value is quantized to the currency's own precision before it is stored or shown.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# ISO 4217 minor units for the currencies a channel may use.
CURRENCY_PRECISION = {
    "VND": 0,
    "USD": 2,
    "EUR": 2,
    "JPY": 0,
    "KRW": 0,
    "CNY": 2,
    "THB": 2,
    "SGD": 2,
}
SUPPORTED_CURRENCIES = sorted(CURRENCY_PRECISION)


def currency_precision(currency: str) -> int:
    try:
        return CURRENCY_PRECISION[currency.upper()]
    except KeyError:
        raise ValueError(f"Unsupported currency {currency!r}; use one of {', '.join(SUPPORTED_CURRENCIES)}.")


def quantize_price(amount, currency: str) -> Decimal:
    exponent = Decimal(1).scaleb(-currency_precision(currency))
    return Decimal(amount).quantize(exponent, rounding=ROUND_HALF_UP)


def has_valid_precision(amount, currency: str) -> bool:
    """True when `amount` needs no rounding in `currency` (125000 VND, not 125000.5)."""
    amount = Decimal(amount)
    return amount == quantize_price(amount, currency)


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self):
        object.__setattr__(self, "amount", quantize_price(self.amount, self.currency))

    def __lt__(self, other: "Money") -> bool:
        self._same_currency(other)
        return self.amount < other.amount

    def __add__(self, other: "Money") -> "Money":
        self._same_currency(other)
        return Money(self.amount + other.amount, self.currency)

    def _same_currency(self, other):
        if other.currency != self.currency:
            raise ValueError(f"Cannot combine {self.currency} with {other.currency}.")


@dataclass(frozen=True)
class TaxedMoney:
    net: Money
    gross: Money

    @property
    def currency(self) -> str:
        return self.gross.currency

    @property
    def tax(self) -> Money:
        return Money(self.gross.amount - self.net.amount, self.currency)


@dataclass(frozen=True)
class MoneyRange:
    start: Money
    stop: Money


@dataclass(frozen=True)
class TaxedMoneyRange:
    start: TaxedMoney
    stop: TaxedMoney


def format_vnd(amount) -> str:
    """125000 -> '125.000 ₫', the way Vietnamese shops write prices."""
    whole = f"{int(quantize_price(amount, 'VND')):,}".replace(",", ".")
    return f"{whole} ₫"
