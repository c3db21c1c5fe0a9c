"""Settings for the careers hub, read from the environment in one place.

Every variable is documented in `.env.example` and the README. Unset service
URLs select the embedded defaults: an SQLite file, a broker that needs no
server, and an in-memory search engine started on demand.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from config import csp as csp_policy
from config.secret_key import secret_key

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


VAR_DIR = Path(env("VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
# No key is ever written in the code: with DEBUG on and no SECRET_KEY, a random
# key is generated once into VAR_DIR (mode 0600) and reused; with DEBUG off a
# missing or known placeholder key stops start-up with a one-line reason.
SECRET_KEY = secret_key(env("SECRET_KEY"), debug=DEBUG, var_dir=VAR_DIR)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
SITE_URL = (env("SITE_URL", "http://127.0.0.1:8000") or "").rstrip("/")
EXPORT_DIR = Path(env("EXPORT_DIR", str(VAR_DIR / "site")))
SEARCH_INDEX_PREFIX = env("SEARCH_INDEX_PREFIX", "careershub") or "careershub"
SEARCH_API_URL = env("SEARCH_API_URL", f"{SITE_URL}/api/search/")
# The currency pay figures and filters are read in when none is named (ISO 4217).
MARKET_REFERENCE_CURRENCY = env("MARKET_REFERENCE_CURRENCY", "USD").upper()
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL")
# Set by the demo and the tests when ELASTICSEARCH_URL points at the embedded
# engine, which answers 406 to the client's versioned media types.
ELASTICSEARCH_PLAIN_JSON = env_bool("ELASTICSEARCH_PLAIN_JSON", False)
REDIS_URL = env("CELERY_BROKER_URL") or env("REDIS_URL")
# Job feeds on loopback or private addresses are refused unless this is on
# (tests and the demo serve the bundled feeds on 127.0.0.1).
JOBS_ALLOW_PRIVATE_FEEDS = env_bool("JOBS_ALLOW_PRIVATE_FEEDS", False)
# Jobs: the one HTTP client that fetches feeds (jobs/http.py). Timeouts in
# seconds (TOTAL bounds one whole download); a response over JOBS_HTTP_MAX_BYTES
# is cut off; JOBS_HTTP_RETRIES extra attempts on 429/5xx/timeouts, sleeping at
# most JOBS_HTTP_RETRY_BUDGET seconds in total between them.
JOBS_HTTP_CONNECT_TIMEOUT = float(env("JOBS_HTTP_CONNECT_TIMEOUT", "5") or 5)
JOBS_HTTP_READ_TIMEOUT = float(env("JOBS_HTTP_READ_TIMEOUT", "30") or 30)
JOBS_HTTP_MAX_BYTES = int(env("JOBS_HTTP_MAX_BYTES", str(50 * 1024 * 1024)) or 0)
JOBS_HTTP_RETRIES = int(env("JOBS_HTTP_RETRIES", "3") or 0)
JOBS_HTTP_BACKOFF = float(env("JOBS_HTTP_BACKOFF", "1") or 1)
JOBS_HTTP_RETRY_BUDGET = float(env("JOBS_HTTP_RETRY_BUDGET", "60") or 60)
JOBS_HTTP_TOTAL_TIMEOUT = float(env("JOBS_HTTP_TOTAL_TIMEOUT", "300") or 300)
# Per-job detail requests (SmartRecruiters postings, Workable jobs without a
# description, Greenhouse pay ranges): at most this many at once, and at most
# JOBS_DETAIL_RATE requests per second per source (0: no rate limit).
JOBS_DETAIL_CONCURRENCY = max(1, int(env("JOBS_DETAIL_CONCURRENCY", "4") or 4))
JOBS_DETAIL_RATE = float(env("JOBS_DETAIL_RATE", "10") or 0)
# Jobs sync: how long a source's sync lock outlives a crashed holder (seconds);
# longer than the sync task's hard time limit.
JOBS_SYNC_LOCK_TIMEOUT = int(env("JOBS_SYNC_LOCK_TIMEOUT", "900") or 900)

# Market figures (jobs.market): a median needs MARKET_MIN_SAMPLE listings in one
# currency and one pay basis, p25/p75 need MARKET_MIN_SAMPLE_QUARTILES, p10/p90
# MARKET_MIN_SAMPLE_DECILES; below that the figure is null. Hub cards and
# comparisons show pay in MARKET_REFERENCE_CURRENCY (no conversion: other
# currencies are reported on their own).
MARKET_MIN_SAMPLE = int(env("MARKET_MIN_SAMPLE", "5") or 5)
MARKET_MIN_SAMPLE_QUARTILES = int(env("MARKET_MIN_SAMPLE_QUARTILES", "10") or 10)
MARKET_MIN_SAMPLE_DECILES = int(env("MARKET_MIN_SAMPLE_DECILES", "20") or 20)
MARKET_REFERENCE_CURRENCY = env("MARKET_REFERENCE_CURRENCY", "USD").upper()

INSTALLED_APPS = [
    "cms",
    "jobs",
    "search",
    "frontend_export",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "corsheaders",
    # ninja: its bundled Swagger UI files, so /api/docs works offline.
    "ninja",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # config: JSON 404/405, HEAD and OPTIONS for everything under /api/.
    "config.api_middleware.ApiHttpMiddleware",
    # The exported site's Content-Security-Policy (config/csp.py), on the pages served from the export.
    "csp.middleware.CSPMiddleware",
    # cms: ETag + 304 on If-None-Match, and Cache-Control on every /api/ response.
    "django.middleware.http.ConditionalGetMiddleware",
    "cms.middleware.ApiCacheControlMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database -------------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # The web process, the worker and beat share one file.
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not memory, so that a worker process can open the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
else:
    # One test database per test run, so that runs in parallel never collide.
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and locks ----------------------------------------------------------------
CACHE_KEY_PREFIX = env("CACHE_KEY_PREFIX", "careershub")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
# File locks of the embedded default; every process of one installation must share it.
LOCK_DIR = Path(env("LOCK_DIR", str(VAR_DIR / "locks")))

# Celery -------------------------------------------------------------------------
# The embedded broker is kombu's filesystem transport: a real worker process
# still consumes the queue, and no server is needed.
CELERY_BROKER_DIR = Path(env("CELERY_BROKER_DIR", str(VAR_DIR / "celery")))
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", "careershub")
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    # Longer than the longest hard time limit, so that a running task with
    # acks_late is never handed to a second worker.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
else:
    for sub in ("out", "processed", "results", "control"):
        (CELERY_BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    # kombu's filesystem transport, publishing each message atomically (see config/broker.py).
    CELERY_BROKER_TRANSPORT = "config.broker:Transport"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "out"),
        "data_folder_out": str(CELERY_BROKER_DIR / "out"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
        "visibility_timeout": 3600,
        # How often an idle worker looks for new messages. kombu's default of 1 s was, on
        # average, half a second of every publish-to-live (bench/publish_latency.py); a
        # listing of an empty folder ten times a second costs nothing measurable.
        "polling_interval": 0.1,
    }
    CELERY_RESULT_BACKEND = f"file://{CELERY_BROKER_DIR / 'results'}"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = 3600
CELERY_TIMEZONE = "UTC"
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ACKS_LATE = False
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# Wagtail ------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Data & AI Careers Hub"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILAPI_BASE_URL = SITE_URL

# The exported site's Content-Security-Policy, as served by Django (nginx sends the same in production).
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": list(csp_policy.NOT_THE_EXPORT),
    "DIRECTIVES": csp_policy.site_directives(search_api_url=SEARCH_API_URL),
}

# cms: seconds shared caches may keep a successful API response (0 turns caching off).
API_CACHE_MAX_AGE = int(env("API_CACHE_MAX_AGE", "60") or 0)

# Static and media -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Export storage: a local folder, or an S3-compatible bucket through
# django-storages when EXPORT_S3_BUCKET is set.
EXPORT_S3_BUCKET = env("EXPORT_S3_BUCKET")
EXPORT_S3_ENDPOINT_URL = env("EXPORT_S3_ENDPOINT_URL")

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"elastic_transport": {"level": "WARNING"}},
}

# Production hardening (DEBUG off) -----------------------------------------------
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000") or 0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", SITE_URL if SITE_URL.startswith("https") else "")
