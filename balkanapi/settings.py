"""Django settings for BalkanAPI.

Everything that differs between a laptop and production comes from the environment
(see README, "Configuration"). The defaults are safe for local development only:
DEBUG is off unless asked for, and the fallback SECRET_KEY is refused when DEBUG is off.
"""

import os
from pathlib import Path

import dj_database_url
import orjson
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    """Read a boolean flag from the environment ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated list from the environment, ignoring blanks."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (or set DEBUG=1 for development).")
    # Development only: Django's own deploy check flags this key as insecure.
    SECRET_KEY = "django-insecure-development-key-not-for-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "django_countries",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "drf_standardized_errors",
    "axes",
    "simple_history",
    "import_export",
    "actors",
    "articles",
    "changes",
]

MIDDLEWARE = [
    "balkanapi.middleware.RequestLogMiddleware",
    # Before anything reads the database: decides whether this request's reads may use a replica.
    "balkanapi.db_router.ReadYourWritesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETag on every response and 304s for If-None-Match / If-Modified-Since (Last-Modified set by the API).
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "balkanapi.middleware.AdminContentSecurityPolicyMiddleware",
    "balkanapi.middleware.DatabaseUnavailableMiddleware",
    "balkanapi.middleware.SQLiteReadTransactionMiddleware",
    "balkanapi.middleware.SQLiteStatementTimeoutMiddleware",
    "balkanapi.middleware.RequestLimitsMiddleware",
    # Last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "balkanapi.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "balkanapi" / "templates"],
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

WSGI_APPLICATION = "balkanapi.wsgi.application"

# Longer statements are cancelled (503 query_timeout): by PostgreSQL itself, or on SQLite by
# balkanapi.middleware.SQLiteStatementTimeoutMiddleware during web requests. 0 turns the limit off.
DB_STATEMENT_TIMEOUT_MS = int(os.environ.get("DB_STATEMENT_TIMEOUT_MS", "30000"))

# SQLite file in the project directory unless DATABASE_URL says otherwise
# (e.g. postgres://postgres@127.0.0.1:5432/balkanapi).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
# Every API request runs in one transaction: a failing write leaves nothing half-written.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take SQLite's lock when their transaction begins, so a version check (If-Match) and the
    # write that follows cannot interleave with another writer's.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
    # Tests use a file, not shared-cache memory, so concurrent writers wait for the lock as in production.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A runaway query is cancelled instead of holding a worker; connecting gives up quickly while the
    # server is down, so requests answer 503 at once rather than hang.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "options": f"-c statement_timeout={DB_STATEMENT_TIMEOUT_MS}",
            "connect_timeout": int(os.environ.get("DB_CONNECT_TIMEOUT", "3")),
        }
    )

# Read replicas (balkanapi/db_router.py): DATABASE_REPLICA_URLS, comma-separated, become replica_1, replica_2 …
# Reads go to them, writes to default; a client that wrote reads from default for REPLICA_STICKY_SECONDS.
# In tests each replica mirrors the test database (same name on the replica's server), so no test
# database is created there.
DATABASE_REPLICAS: list[str] = []
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    _alias = f"replica_{_number}"
    DATABASES[_alias] = dj_database_url.parse(
        _url, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")), conn_health_checks=True
    )
    DATABASES[_alias]["ATOMIC_REQUESTS"] = False  # nothing is written there; no transaction per request
    DATABASES[_alias]["TEST"] = {"MIRROR": "default"}
    if DATABASES[_alias]["ENGINE"] == DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES[_alias].setdefault("OPTIONS", {}).update(DATABASES["default"]["OPTIONS"])
    DATABASE_REPLICAS.append(_alias)
DATABASE_ROUTERS = ["balkanapi.db_router.PrimaryReplicaRouter"]
REPLICA_STICKY_SECONDS = float(os.environ.get("REPLICA_STICKY_SECONDS", "5"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve static files straight from the apps in development, so `make run` needs no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# dumpdata/loaddata JSON that keeps timestamps whole (backup and restore round-trip exactly).
SERIALIZATION_MODULES = {"json": "balkanapi.exact_json"}

# Kosovo has no ISO 3166-1 code of its own; XK is the user-assigned code everyone uses.
COUNTRIES_OVERRIDE = {"XK": "Kosovo"}

CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "balkanapi.api.permissions.ModelPermissionsWithReadPolicy",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "balkanapi.api.filters.StrictOrderingFilter",
        "balkanapi.api.representation.RepresentationParams",
    ],
    "DEFAULT_PAGINATION_CLASS": "balkanapi.api.pagination.HybridPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "balkanapi.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "drf_standardized_errors.handler.exception_handler",
    # JSON bodies only: nested records (aliases, about …) cannot be expressed in form fields.
    # The ingest endpoint also takes multipart uploads (it declares its own parsers).
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": [
        "drf_orjson_renderer.renderers.ORJSONRenderer",  # the same JSON as DRF's renderer, several times faster
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "ORDERING_PARAM": "ordering",
    "DEFAULT_THROTTLE_CLASSES": [
        "balkanapi.api.throttling.AnonymousThrottle",
        "balkanapi.api.throttling.UserThrottle",
        "balkanapi.api.throttling.SearchAndExportThrottle",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "ORJSON_RENDERER_OPTIONS": (orjson.OPT_NON_STR_KEYS,),
}

# Totals of page-number lists (balkanapi/api/pagination.py): a count of at least COUNT_CACHE_MIN_ROWS rows is
# kept for COUNT_CACHE_SECONDS in the cache, since counting a large filtered table costs more than the page
# itself; such a `count` may lag behind writes by that long. 0 seconds: always count exactly.
COUNT_CACHE_SECONDS = int(os.environ.get("COUNT_CACHE_SECONDS", "60"))
COUNT_CACHE_MIN_ROWS = int(os.environ.get("COUNT_CACHE_MIN_ROWS", "10000"))

# Access policy (balkanapi/api/permissions.py).
API_REQUIRE_AUTH = env_bool("API_REQUIRE_AUTH", default=False)  # reads need a token or session
DRAFTS_PUBLIC = env_bool("DRAFTS_PUBLIC", default=False)  # show unreviewed machine drafts to everyone

BALKANAPI_THROTTLE_RATES = {
    "anon": os.environ.get("THROTTLE_ANON", "300/min"),
    "user": os.environ.get("THROTTLE_USER", "1200/min"),
    "heavy": os.environ.get("THROTTLE_HEAVY", "60/min"),
}

# Shared counters (throttling, admin lockout) need a shared cache in production: Redis.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# Request limits: bodies (an ingested file is at most 2 MiB), query strings, form fields.
DATA_UPLOAD_MAX_MEMORY_SIZE = 3 * 1024 * 1024
MAX_QUERY_STRING_LENGTH = 2048

# Bulk import/export in the admin (django-import-export; formats, sanitising and permissions in balkanapi.imports).
IMPORT_EXPORT_USE_TRANSACTIONS = True  # a file is imported whole or not at all; dry runs are rolled back
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"  # the admin mixin also requires "change": imports update rows too
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# Spreadsheet safety on export: the library drops a leading "="; our resources quote every formula-like cell
# first. Characters XLSX cannot hold become U+FFFD instead of failing the export.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_ESCAPE_ILLEGAL_CHARS_ON_EXPORT = True

# Admin login lockout after repeated failures (django-axes).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

DRF_STANDARDIZED_ERRORS = {
    "EXCEPTION_HANDLER_CLASS": "balkanapi.api.errors.BalkanExceptionHandler",
    # Unexpected errors are JSON too, even with DEBUG on (tracebacks still reach the log).
    "ENABLE_IN_DEBUG_FOR_UNHANDLED_EXCEPTIONS": True,
    # Documenting every 4xx on every operation buries the useful bits of the schema;
    # 400 (validation), 401/403 (writes), 404 (detail) are what clients meet.
    "ALLOWED_ERROR_STATUS_CODES": [
        "400",
        "401",
        "403",
        "404",
        "405",
        "406",
        "409",
        "412",
        "413",
        "415",
        "429",
        "500",
        "503",
    ],
    "ERROR_SCHEMAS": {
        status: f"balkanapi.api.schema.ErrorResponse{status}Serializer" for status in ("409", "412", "413", "503")
    },
}

SPECTACULAR_SETTINGS = {
    "TITLE": "BalkanAPI",
    "DESCRIPTION": (
        "Structured, linked, citable data from news coverage of Balkan geopolitics: "
        "outlets, articles, actors (with aliases and affiliations), mentions, quotes "
        "(who said what, where, about whom) and stated claims."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Group operations by resource (articles, quotes …) rather than under one "v1" tag.
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ActorKindEnum": "actors.models.Actor.Kind",
        "AliasKindEnum": "actors.models.ActorAlias.Kind",
        "OutletKindEnum": "articles.models.Outlet.Kind",
        "ClaimKindEnum": "articles.models.Claim.Kind",
        "SameStoryKindEnum": "articles.models.SameStoryLink.Kind",
        "ValidationErrorEnum": "drf_standardized_errors.openapi_serializers.ValidationErrorEnum.choices",
        "ClientErrorEnum": "drf_standardized_errors.openapi_serializers.ClientErrorEnum.choices",
        "ServerErrorEnum": "drf_standardized_errors.openapi_serializers.ServerErrorEnum.choices",
        "ErrorCode401Enum": "drf_standardized_errors.openapi_serializers.ErrorCode401Enum.choices",
        "ErrorCode403Enum": "drf_standardized_errors.openapi_serializers.ErrorCode403Enum.choices",
        "ErrorCode404Enum": "drf_standardized_errors.openapi_serializers.ErrorCode404Enum.choices",
        "ErrorCode405Enum": "drf_standardized_errors.openapi_serializers.ErrorCode405Enum.choices",
        "ErrorCode406Enum": "drf_standardized_errors.openapi_serializers.ErrorCode406Enum.choices",
        "ErrorCode415Enum": "drf_standardized_errors.openapi_serializers.ErrorCode415Enum.choices",
        "ErrorCode429Enum": "drf_standardized_errors.openapi_serializers.ErrorCode429Enum.choices",
        "ErrorCode500Enum": "drf_standardized_errors.openapi_serializers.ErrorCode500Enum.choices",
        "ConflictErrorTypeEnum": "balkanapi.api.schema.CONFLICT_ERROR_TYPES",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_standardized_errors.openapi_hooks.postprocess_schema_enums",
        "balkanapi.api.schema.document_empty_query_values",
        "balkanapi.api.schema.document_list_indexes",
        "balkanapi.api.schema.document_sparse_fields",
        "balkanapi.api.schema.document_ingest_alternatives",
        "balkanapi.api.schema.document_storable_text",
    ],
}

# Structured (JSON) logs by default outside development; LOG_FORMAT=plain for humans.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "balkanapi.middleware.JsonLogFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # The request log is for production; in development runserver prints its own line.
        "balkanapi.requests": {"level": "INFO" if not DEBUG else "WARNING"},
    },
}

# Production hardening switches on whenever DEBUG is off; `manage.py check --deploy` stays clean
# as long as SECRET_KEY and ALLOWED_HOSTS are provided.
if not DEBUG:
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
    SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
