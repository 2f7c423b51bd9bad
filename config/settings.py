"""Settings for ocop-shop, read from the environment in this one place.

Every value that differs between a laptop, CI and production comes from an
environment variable (or a `.env` file beside the repo). `./shop` fills in
DATABASE_URL and REDIS_URL with embedded servers when they are not given, so
this module never starts anything itself.
"""

import os
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DATA_DIR = Path(env("OCOP_DATA_DIR", default=str(BASE_DIR / ".data")))

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG and env.bool("OCOP_REQUIRE_SECRET_KEY", default=False):
        raise ImproperlyConfigured("Set SECRET_KEY to a long random string.")
    # Development and tests: a key that lives with the local data folder, so
    # sessions survive restarts without a secret ever entering the repo.
    from config.runtime import local_secret_key

    SECRET_KEY = local_secret_key(DATA_DIR)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "mptt",
    "commerce.core",
    "commerce.account",
    "commerce.channel",
    "commerce.producer",
    "commerce.product",
    "commerce.warehouse",
    "commerce.shipping",
    "commerce.checkout",
    "commerce.order",
    "commerce.payment",
    "commerce.search",
    "commerce.webhook",
    "commerce.demo",
    "commerce.graphql",
    "storefront",
    "dashboard",
    "catalog_import",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "themes"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
if "DATABASE_URL" not in os.environ:
    raise ImproperlyConfigured(
        "DATABASE_URL is not set. Start the shop with ./shop (it starts an embedded "
        "PostgreSQL when no URL is given) or set DATABASE_URL=postgres://user:pass@host/db."
    )
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# The statements compiled once per process (commerce/graphql/core/prepared.py)
# are prepared on the server after this many runs on a connection, so
# PostgreSQL stops planning them on every request. "none" turns it off (needed
# behind a pooler in transaction mode, e.g. PgBouncer older than 1.21).
_prepare_threshold = env("DB_PREPARE_THRESHOLD", default="5").strip().lower()
if _prepare_threshold not in ("", "none", "off", "0") and not _prepare_threshold.isdigit():
    raise ImproperlyConfigured(
        f"DB_PREPARE_THRESHOLD={_prepare_threshold!r}: give a number of runs (e.g. 5) or 'none' to turn it off."
    )
DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = (
    None if _prepare_threshold in ("", "none", "off", "0") else int(_prepare_threshold)
)
DATABASES["default"].setdefault("TEST", {})["NAME"] = env(
    "TEST_DATABASE_NAME", default=None
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache and Celery broker ----------------------------------------
if "REDIS_URL" not in os.environ:
    raise ImproperlyConfigured(
        "REDIS_URL is not set. Start the shop with ./shop (it starts an embedded Valkey "
        "when no URL is given) or set REDIS_URL=redis://host:6379/0."
    )
REDIS_URL = env("REDIS_URL")
CACHE_KEY_PREFIX = env("CACHE_KEY_PREFIX", default="ocop")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("CACHE_URL", default=REDIS_URL),
        "KEY_PREFIX": CACHE_KEY_PREFIX,
        "TIMEOUT": 300,
    }
}

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="ocop")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BEAT_SCHEDULE = {
    "refresh-dirty-search-vectors": {
        "task": "commerce.search.tasks.update_dirty_search_vectors",
        "schedule": 60.0,
    },
    # Reads every product's search vector, so once a day at a quiet hour (Celery's
    # timezone, UTC unless CELERY_TIMEZONE says otherwise), not per change.
    "prune-search-vocabulary": {
        "task": "commerce.search.tasks.prune_search_vocabulary",
        "schedule": crontab(hour=20, minute=30),  # 03:30 in Hanoi
    },
}

# --- Orders
# Unpaid orders past their channel's `expire_orders_after` expire and release stock.
CELERY_BEAT_SCHEDULE["expire-orders"] = {"task": "commerce.order.tasks.expire_orders", "schedule": 60.0}

# --- Accounts ---------------------------------------------------------------
AUTH_USER_MODEL = "account.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Tokens for API clients (Saleor's tokenCreate): seconds; JWT signed with SECRET_KEY.
JWT_ACCESS_TTL = env.int("JWT_ACCESS_TTL", default=5 * 60)
JWT_REFRESH_TTL = env.int("JWT_REFRESH_TTL", default=30 * 24 * 3600)
JWT_ISSUER = env("JWT_ISSUER", default="ocop-shop")
# Failed logins: free attempts per account and per IP (carriers share IPs),
# then waits of BASE_DELAY seconds doubling up to MAX_DELAY; counts forgotten
# after WINDOW seconds. Trust X-Forwarded-For only behind your own proxy.
LOGIN_THROTTLE_FREE_ATTEMPTS = env.int("LOGIN_THROTTLE_FREE_ATTEMPTS", default=5)
LOGIN_THROTTLE_FREE_ATTEMPTS_PER_IP = env.int("LOGIN_THROTTLE_FREE_ATTEMPTS_PER_IP", default=20)
LOGIN_THROTTLE_BASE_DELAY = env.float("LOGIN_THROTTLE_BASE_DELAY", default=1)
LOGIN_THROTTLE_MAX_DELAY = env.float("LOGIN_THROTTLE_MAX_DELAY", default=15 * 60)
LOGIN_THROTTLE_WINDOW = env.int("LOGIN_THROTTLE_WINDOW", default=24 * 3600)
LOGIN_THROTTLE_TRUST_X_FORWARDED_FOR = env.bool("LOGIN_THROTTLE_TRUST_X_FORWARDED_FOR", default=False)

# --- Language, time, money -------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
DEFAULT_CURRENCY = "VND"
DEFAULT_COUNTRY = "VN"

# --- Files ------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(DATA_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "themes" / "static"] if (BASE_DIR / "themes" / "static").exists() else []
MEDIA_URL = env("MEDIA_URL", default="/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": env("DEFAULT_FILE_STORAGE", default="django.core.files.storage.FileSystemStorage")},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Producers' import sheets, picture ZIPs and reports: private files with tax
    # codes and phone numbers, so never under MEDIA_ROOT (which is served to
    # anyone); the dashboard hands reports out after checking who asks.
    "imports": {
        "BACKEND": env("IMPORTS_FILE_STORAGE", default="django.core.files.storage.FileSystemStorage"),
        "OPTIONS": {"location": env("IMPORTS_ROOT", default=str(DATA_DIR / "private" / "imports")), "base_url": None},
    },
}
# Thumbnails are immutable once made (their name carries size and format), so
# they may be cached by browsers and CDNs for a year.
MEDIA_CACHE_SECONDS = env.int("MEDIA_CACHE_SECONDS", default=31536000)
THUMBNAIL_SIZES = [32, 64, 128, 256, 512, 1024, 2048, 4096]
THUMBNAIL_FORMATS = ["WEBP", "ORIGINAL"]

# --- GraphQL ------------------------------------------------------------------
GRAPHQL_MAX_DEPTH = env.int("GRAPHQL_MAX_DEPTH", default=12)
GRAPHQL_QUERY_MAX_COMPLEXITY = env.int("GRAPHQL_QUERY_MAX_COMPLEXITY", default=50000)
GRAPHQL_PAGINATION_LIMIT = 100
GRAPHQL_MAX_QUERY_LENGTH = env.int("GRAPHQL_MAX_QUERY_LENGTH", default=20000)
# Answers to anonymous catalogue queries are cached this long at most (the
# catalogue version clears them at once on any change); 0 turns it off.
GRAPHQL_RESPONSE_CACHE_SECONDS = env.int("GRAPHQL_RESPONSE_CACHE_SECONDS", default=30)
GRAPHIQL_ENABLED = env.bool("GRAPHIQL_ENABLED", default=DEBUG)

# --- Checkout -----------------------------------------------------------------
# The most of one variant a checkout may hold; quantityAvailable never shows more
# (Saleor's rule, so stock levels are not disclosed exactly).
LIMIT_QUANTITY_PER_CHECKOUT = env.int("LIMIT_QUANTITY_PER_CHECKOUT", default=50)

# --- Search ------------------------------------------------------------------
SEARCH_BACKEND = env("SEARCH_BACKEND", default="commerce.search.backends.postgresql")
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")

# --- Catalogue import ----------------------------------------------------------
IMPORT_MAX_IMAGE_BYTES = env.int("IMPORT_MAX_IMAGE_BYTES", default=20 * 1024 * 1024)
IMPORT_MAX_IMAGE_PIXELS = env.int("IMPORT_MAX_IMAGE_PIXELS", default=50_000_000)
IMPORT_IMAGE_FETCH_TIMEOUT = env.float("IMPORT_IMAGE_FETCH_TIMEOUT", default=15)
# Picture URLs on private addresses are refused (the server fetches them).
IMPORT_ALLOW_PRIVATE_URLS = env.bool("IMPORT_ALLOW_PRIVATE_URLS", default=False)

# --- Webhooks ------------------------------------------------------------------
WEBHOOK_TIMEOUT = env.float("WEBHOOK_TIMEOUT", default=10)  # seconds per request
WEBHOOK_MAX_ATTEMPTS = env.int("WEBHOOK_MAX_ATTEMPTS", default=5)  # then the delivery is "failed"
WEBHOOK_RETRY_BACKOFF = env.float("WEBHOOK_RETRY_BACKOFF", default=30)  # seconds, doubled per failed attempt
WEBHOOK_RETRY_BACKOFF_MAX = env.float("WEBHOOK_RETRY_BACKOFF_MAX", default=3600)
# Sends deliveries whose queued message was lost (broker down at commit, worker killed).
CELERY_BEAT_SCHEDULE["deliver-due-webhooks"] = {"task": "commerce.webhook.tasks.deliver_due_webhooks", "schedule": 60.0}

# --- Email --------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="ocop-shop <noreply@localhost>")
# SMTP (EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend) or the file
# backend (django.core.mail.backends.filebased.EmailBackend writes to EMAIL_FILE_PATH).
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(DATA_DIR / "emails"))

# --- Security ------------------------------------------------------------------
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=False)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# --- Payments -------------------------------------------------------------------
# Stripe (card payments): the gateway is offered only when both keys are set.
# STRIPE_API_BASE points the stripe library elsewhere (localstripe in tests);
# STRIPE_JS_URL is where the payment page loads Stripe.js from.
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env("STRIPE_API_BASE", default="")
STRIPE_JS_URL = env("STRIPE_JS_URL", default="https://js.stripe.com/v3/")
# VietQR bank transfer: offered only when the bank BIN and account are set.
VIETQR_BANK_BIN = env("VIETQR_BANK_BIN", default="")
VIETQR_ACCOUNT_NUMBER = env("VIETQR_ACCOUNT_NUMBER", default="")
VIETQR_ACCOUNT_NAME = env("VIETQR_ACCOUNT_NAME", default="")
# Shared with the bank's notification service (HMAC-SHA256 of the raw body).
VIETQR_WEBHOOK_SECRET = env("VIETQR_WEBHOOK_SECRET", default="")
