"""DB_PREPARE_THRESHOLD: a number of runs, or none; anything else stops the start with a clear message."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def prepare_threshold(value):
    script = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'\n"
        "try:\n"
        "    django.setup()\n"
        "except Exception as error:\n"
        "    print(type(error).__name__, error)\n"
        "else:\n"
        "    from django.conf import settings\n"
        "    print(settings.DATABASES['default']['OPTIONS']['prepare_threshold'])\n"
    )
    env = {**os.environ, "DB_PREPARE_THRESHOLD": value, "SECRET_KEY": os.environ.get("SECRET_KEY", "x" * 50)}
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True)
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize("value,expected", [("5", "5"), ("2", "2"), ("none", "None"), ("off", "None")])
def test_a_number_or_none(value, expected):
    assert prepare_threshold(value) == expected


def test_anything_else_says_what_to_give():
    assert prepare_threshold("soon") == (
        "ImproperlyConfigured DB_PREPARE_THRESHOLD='soon': give a number of runs (e.g. 5) or 'none' to turn it off."
    )
