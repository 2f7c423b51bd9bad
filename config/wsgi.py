"""WSGI entry point for gunicorn: `gunicorn config.wsgi:application`."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# What loading made (settings, models, URL patterns, the GraphQL schema) lives
# as long as the worker: frozen, the cyclic collector stops walking it on every
# full collection, which otherwise lands in the middle of requests.
gc.collect()
gc.freeze()
