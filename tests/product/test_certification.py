"""An OCOP certificate: stars must fit the score band, the level must be able to
grant those stars, and it lapses 36 months after the decision."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from commerce.product.models import (
    CertificationStatus,
    IssuerLevel,
    OcopCertification,
    add_months,
    score_fits_stars,
)


def make(stars=4, score="75", level=IssuerLevel.CITY, decided=datetime.date(2024, 3, 15)):
    return OcopCertification(
        stars=stars, score=Decimal(score), issuer_level=level, decision_number="1/QĐ-UBND", decision_date=decided
    )


@pytest.mark.parametrize(
    "stars,score,fits",
    [(3, 50, True), (3, "69.99", True), (3, 70, False), (4, 70, True), (4, "89.5", True), (4, 90, False),
     (5, 90, True), (5, 100, True), (2, 30, True), (1, 0, True), (1, 30, False)],
)
def test_star_bands(stars, score, fits):
    assert score_fits_stars(Decimal(score), stars) is fits


def test_score_outside_its_band_is_refused_with_the_band():
    with pytest.raises(ValidationError) as error:
        make(stars=4, score="91").clean()
    assert "4 stars needs 70 to under 90 points" in error.value.message_dict["score"][0]


def test_five_stars_only_at_national_level():
    with pytest.raises(ValidationError) as error:
        make(stars=5, score="92", level=IssuerLevel.CITY).clean()
    assert "national" in error.value.message_dict["issuer_level"][0]
    make(stars=5, score="92", level=IssuerLevel.NATIONAL).clean()


def test_city_grants_three_and_four_stars():
    make(stars=3, score="55").clean()
    with pytest.raises(ValidationError):
        make(stars=4, score="75", level=IssuerLevel.NATIONAL).clean()


def test_decision_in_the_future_is_refused():
    with pytest.raises(ValidationError) as error:
        make(decided=datetime.date.today() + datetime.timedelta(days=3)).clean()
    assert "decision_date" in error.value.message_dict


@pytest.mark.parametrize(
    "start,expected",
    [
        (datetime.date(2021, 11, 24), datetime.date(2024, 11, 24)),
        (datetime.date(2023, 2, 28), datetime.date(2026, 2, 28)),
        (datetime.date(2021, 2, 28), datetime.date(2024, 2, 28)),
        (datetime.date(2020, 5, 31), datetime.date(2023, 5, 31)),
        (datetime.date(2021, 8, 31), datetime.date(2024, 8, 31)),
    ],
)
def test_thirty_six_months(start, expected):
    assert add_months(start, 36) == expected


def test_month_end_falls_to_the_shorter_month():
    assert add_months(datetime.date(2023, 1, 31), 1) == datetime.date(2023, 2, 28)
    assert add_months(datetime.date(2023, 12, 31), 2) == datetime.date(2024, 2, 29)


def test_status_over_time():
    cert = make(decided=datetime.date(2023, 1, 10))
    cert.expires_at = add_months(cert.decision_date, 36)
    assert cert.status(datetime.date(2025, 6, 1)) == CertificationStatus.ACTIVE
    assert cert.status(datetime.date(2025, 11, 1)) == CertificationStatus.EXPIRING_SOON
    assert cert.status(datetime.date(2026, 1, 10)) == CertificationStatus.EXPIRING_SOON
    assert cert.status(datetime.date(2026, 1, 11)) == CertificationStatus.EXPIRED


def test_one_and_two_stars_are_never_recognised():
    cert = make(stars=2, score="40")
    cert.expires_at = add_months(cert.decision_date, 36)
    assert cert.status(datetime.date(2024, 4, 1)) == CertificationStatus.NOT_RECOGNISED
