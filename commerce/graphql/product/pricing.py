"""Storefront prices of products and variants in one channel, from their listings.

There is no promotion engine yet, so a variant's discounted price is what its
listing stores (`discounted_price_amount`), or its price when none is stored.
Prices in Vietnam are shown and stored VAT-inclusive and no tax app is
configured, so net equals gross, as Saleor does when taxes are not applied.
"""

from dataclasses import dataclass

from commerce.core.prices import Money, TaxedMoney, TaxedMoneyRange


def taxed(money: Money | None) -> TaxedMoney | None:
    return None if money is None else TaxedMoney(net=money, gross=money)


def taxed_range(start: Money, stop: Money) -> TaxedMoneyRange:
    return TaxedMoneyRange(start=taxed(start), stop=taxed(stop))


def _difference(higher: Money | None, lower: Money) -> Money | None:
    """`higher - lower` when it is a real reduction, else None (Saleor's discount rule)."""
    if higher is None or not lower < higher:
        return None
    return Money(higher.amount - lower.amount, lower.currency)


def listing_prices(listing) -> tuple[Money, Money, Money | None] | None:
    """(price after discounts, undiscounted price, prior price) of a variant listing."""
    if listing is None or listing.price_amount is None:
        return None
    currency = listing.currency
    undiscounted = Money(listing.price_amount, currency)
    discounted_amount = listing.discounted_price_amount
    price = Money(discounted_amount, currency) if discounted_amount is not None else undiscounted
    if undiscounted < price:  # a stale stored discount never raises the price
        price = undiscounted
    prior = Money(listing.prior_price_amount, currency) if listing.prior_price_amount is not None else None
    return price, undiscounted, prior


@dataclass(frozen=True)
class VariantPricing:
    on_sale: bool
    discount: TaxedMoney | None
    discount_prior: TaxedMoney | None
    price: TaxedMoney
    price_undiscounted: TaxedMoney
    price_prior: TaxedMoney | None
    discount_local_currency = None
    price_local_currency = None


@dataclass(frozen=True)
class ProductPricing:
    on_sale: bool
    discount: TaxedMoney | None
    discount_prior: TaxedMoney | None
    price_range: TaxedMoneyRange
    price_range_undiscounted: TaxedMoneyRange
    price_range_prior: TaxedMoneyRange | None
    display_gross_prices: bool = True
    discount_local_currency = None
    price_range_local_currency = None


def variant_pricing(variant_listing, product_listing) -> VariantPricing | None:
    """None when the variant or its product is not offered in the channel."""
    prices = listing_prices(variant_listing)
    if prices is None or product_listing is None:
        return None
    price, undiscounted, prior = prices
    discount = _difference(undiscounted, price)
    return VariantPricing(
        on_sale=discount is not None,
        discount=taxed(discount),
        discount_prior=taxed(_difference(prior, price)),
        price=taxed(price),
        price_undiscounted=taxed(undiscounted),
        price_prior=taxed(prior),
    )


def product_pricing(product_listing, variant_listings) -> ProductPricing | None:
    """Price ranges over the product's priced variants; None when it has none."""
    if product_listing is None:
        return None
    priced = [prices for prices in map(listing_prices, variant_listings) if prices is not None]
    if not priced:
        return None
    discounted = [p[0] for p in priced]
    undiscounted = [p[1] for p in priced]
    priors = [p[2] for p in priced if p[2] is not None]
    low, high = min(discounted), max(discounted)
    low_undiscounted, high_undiscounted = min(undiscounted), max(undiscounted)
    discount = _difference(low_undiscounted, low)
    prior_range = taxed_range(min(priors), max(priors)) if priors else None
    return ProductPricing(
        on_sale=discount is not None,
        discount=taxed(discount),
        discount_prior=taxed(_difference(min(priors), low)) if priors else None,
        price_range=taxed_range(low, high),
        price_range_undiscounted=taxed_range(low_undiscounted, high_undiscounted),
        price_range_prior=prior_range,
    )

