"""Django settings for Twofold.

Everything an operator may change is read from ``TWOFOLD_*`` environment variables (see
``docs/configuration.md``). Two modes:

* ``embedded`` (default): SQLite in the data directory, a generated secret key, loopback hosts.
* ``production``: refuses to start without a secret key, a database URL and allowed hosts, and
  turns on secure cookies, HSTS and the SSL redirect so ``manage.py check --deploy`` is clean.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from twofold.config import env

BASE_DIR = Path(__file__).resolve().parent.parent

MODE = env.get_str("ENV", "embedded")
if MODE not in {"embedded", "production"}:
    raise ImproperlyConfigured("TWOFOLD_ENV must be 'embedded' or 'production'.")
PRODUCTION = MODE == "production"

DATA_DIR = env.data_dir()

SECRET_KEY = env.get_str("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("TWOFOLD_SECRET_KEY is required in production mode.")
    SECRET_KEY = env.embedded_secret_key(DATA_DIR)

DEBUG = env.get_bool("DEBUG", default=False)
if DEBUG and PRODUCTION:
    raise ImproperlyConfigured("TWOFOLD_DEBUG cannot be on in production mode.")

ALLOWED_HOSTS = env.get_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("TWOFOLD_ALLOWED_HOSTS is required in production mode.")
CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Twofold's core first: its sign-in and password pages win over the admin's templates of
    # the same names (registration/...), which would otherwise show "Django site admin".
    "twofold.core",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "simple_history",
    "axes",
    "twofold.people",
    "twofold.handbook",
    "twofold.parties",
    "twofold.catalog",
    "twofold.sales",
    "twofold.activities",
    "twofold.accounts",
    "twofold.handover",
    "twofold.departments",
    "twofold.search",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "twofold.core.middleware.RejectNulBytesMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "twofold.core.middleware.ChangeSourceMiddleware",
    "twofold.people.web.session_tracking.SessionTrackingMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout raised by authentication into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "twofold.config.urls"
WSGI_APPLICATION = "twofold.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "twofold.core.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env.get_str("DATABASE_URL")
if PRODUCTION and not DATABASE_URL:
    raise ImproperlyConfigured("TWOFOLD_DATABASE_URL is required in production mode.")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "twofold.sqlite3"),
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at BEGIN so
    # two writers queue on the busy timeout instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -------------------------------------------------------------------------
AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",  # refuses locked-out sign-ins; authenticates nobody itself
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # invitations use the same link: three days to accept

# Lockout after repeated failed sign-ins, per e-mail and address, so one attacker cannot lock
# everyone out from one machine and cannot guess one account from many.
AXES_FAILURE_LIMIT = env.get_int("LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env.get_int("LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "twofold.people.signin.lockout_username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en"
TIME_ZONE = env.get_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
# Embedded mode serves from the apps' folders (no collectstatic); production collects here.
STATIC_ROOT = env.get_str("STATIC_ROOT", str(DATA_DIR / "static")) if PRODUCTION else None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# The embedded server serves straight from the apps so `serve` needs no collectstatic step.
WHITENOISE_USE_FINDERS = not PRODUCTION

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = env.get_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.get_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env.get_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.get_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env.get_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env.get_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.get_str("DEFAULT_FROM_EMAIL", "Twofold <twofold@localhost>")

# --- REST API -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "twofold.people.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "twofold.core.api.pagination.KeysetPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "twofold.core.api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "twofold.core.api.throttling.AnonRateThrottle",
        "twofold.core.api.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.get_str("API_ANON_RATE", "60/minute"),
        "user": env.get_str("API_USER_RATE", "1200/minute"),
    },
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Twofold API",
    "DESCRIPTION": (
        "REST API of Twofold. Authenticate with `Authorization: Token <key>` (create a token "
        "under *API tokens* in the web UI or with `twofold token`). Errors share one shape: "
        '`{"message": str, "code": str, "fields": {field: [messages]}}`.'
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "RoleEnum": "twofold.people.choices.Role",
        "TeamKindEnum": "twofold.people.choices.TeamKind",
        "DepartmentEnum": "twofold.people.choices.Department",
        "LeadStatusEnum": "twofold.sales.choices.LeadStatus",
        "LeadSourceEnum": "twofold.sales.choices.LeadSource",
        "OpportunityKindEnum": "twofold.sales.choices.OpportunityKind",
        # A deal's status and a stage's kind are the same set: open, won, lost.
        "OutcomeEnum": "twofold.sales.choices.StageKind",
        "ActivityKindEnum": "twofold.activities.models.LOGGED_KIND_CHOICES",
        "OfferingKindEnum": "twofold.catalog.models.OfferingKind",
        "PartnerKindEnum": "twofold.sales.choices.PartnerKind",
        "CurrencyEnum": "twofold.core.money.CURRENCIES",
        "AccountStatusEnum": "twofold.accounts.choices.AccountStatus",
        "ContactRoleEnum": "twofold.accounts.choices.ContactRole",
        "OwnershipKindEnum": "twofold.accounts.choices.OwnershipKind",
        "InteractionKindEnum": "twofold.activities.models.ActivityKind",
        "LoggedInteractionKindEnum": (
            "twofold.accounts.api.portfolio_serializers.LOGGED_KIND_CHOICES"
        ),
        "HandoverStatusEnum": "twofold.handover.choices.HandoverStatus",
        "GoalHorizonEnum": "twofold.accounts.choices.GoalHorizon",
        "GoalStatusEnum": "twofold.accounts.choices.GoalStatus",
        "ProjectStatusEnum": "twofold.accounts.choices.ProjectStatus",
        "MilestoneStatusEnum": "twofold.accounts.choices.MilestoneStatus",
        "FeedbackKindEnum": "twofold.accounts.choices.FeedbackKind",
        "FeedbackStatusEnum": "twofold.accounts.choices.FeedbackStatus",
        "SurveyKindEnum": "twofold.accounts.choices.SurveyKind",
        "AmendmentStatusEnum": "twofold.accounts.choices.AmendmentStatus",
    },
}

# --- Cache ----------------------------------------------------------------------------------
# Shared by every worker and machine: the API throttle counts here (the "limits" alias), so a
# per-process cache would multiply every rate by the number of workers. The database cache needs
# no extra service; its table comes with `migrate` (core's migration 0002).
CACHES = {"default": env.cache(env.get_str("CACHE_URL"))}
CACHES["limits"] = dict(CACHES["default"])

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.get_bool("SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.get_int("HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.get_bool("HSTS_PRELOAD", default=False)
    if env.get_bool("BEHIND_PROXY", default=True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    if not SECURE_SSL_REDIRECT or not SECURE_HSTS_PRELOAD:
        # Both are deliberate, documented choices an operator makes, not oversights.
        SILENCED_SYSTEM_CHECKS = [
            *(["security.W008"] if not SECURE_SSL_REDIRECT else []),
            *(["security.W021"] if not SECURE_HSTS_PRELOAD else []),
        ]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.get_str("LOG_LEVEL", "WARNING")},
}

# --- Twofold --------------------------------------------------------------------------------
TWOFOLD_DEMO_PASSWORD = "handover-2026"  # noqa: S105 - printed on purpose: demo logins only
TWOFOLD_BASE_URL = env.get_str("BASE_URL", "http://127.0.0.1:8000")  # for links in e-mails
TWOFOLD_PASSWORD_RESETS_PER_HOUR = env.get_int("PASSWORD_RESETS_PER_HOUR", 3)
TWOFOLD_SHOW_DEMO_LOGINS = env.get_bool("SHOW_DEMO_LOGINS", default=not PRODUCTION)
