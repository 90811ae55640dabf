"""Safeplan settings: one module, every value from the environment (see docs/operations.md).

``SAFEPLAN_MODE`` is ``production`` unless told otherwise. Production refuses to start without a secret key
and field-encryption keys; ``demo`` and ``dev`` generate them under ``SAFEPLAN_DATA_DIR`` and relax MFA.
"""

from __future__ import annotations

import base64
import contextlib
import os
import secrets
from pathlib import Path

import dj_database_url
from cryptography.fernet import Fernet

from safeplan.lib.env import ConfigurationError, env, env_bool, env_int, env_list
from safeplan.lib.files import key_file_problems, open_private, private_dir, secure_sqlite

BASE_DIR = Path(__file__).resolve().parent

MODE = (env("SAFEPLAN_MODE", "production") or "production").strip().lower()
if MODE not in {"production", "demo", "dev"}:
    raise ConfigurationError(f"SAFEPLAN_MODE must be production, demo or dev, not {MODE!r}")
RELAXED = MODE in {"demo", "dev"}

DATA_DIR = Path(env("SAFEPLAN_DATA_DIR", str(Path.cwd() / "var")) or "var").resolve()
if RELAXED:
    private_dir(DATA_DIR)  # 0700: the database, backups' scratch space and demo keys live here


def _generated_secret(name: str, make: str) -> str:
    """Demo/dev only: a secret kept in a file under the data directory, created on first use."""
    path = DATA_DIR / "keys" / name
    if not path.exists():
        private_dir(path.parent)
        with open_private(path, "w", encoding="utf-8") as fh:
            fh.write(make)
    return path.read_text(encoding="utf-8").strip()


def _new_fernet_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


SECRET_KEY = env("SAFEPLAN_SECRET_KEY") or ""
if not SECRET_KEY:
    if not RELAXED:
        raise ConfigurationError(
            "SAFEPLAN_SECRET_KEY (or SAFEPLAN_SECRET_KEY_FILE) must be set in production mode. "
            "Set SAFEPLAN_MODE=demo to try Safeplan with generated keys."
        )
    SECRET_KEY = _generated_secret("secret_key", secrets.token_urlsafe(50))
if len(SECRET_KEY) < 32 or SECRET_KEY.startswith("django-insecure"):
    raise ConfigurationError(
        "SAFEPLAN_SECRET_KEY must be a random string of at least 32 characters."
    )

# Field encryption (records/crypto): the first key encrypts, every key decrypts; rotation adds a key first.
_field_keys = env("SAFEPLAN_FIELD_KEYS")
if not _field_keys:
    if not RELAXED:
        raise ConfigurationError(
            "SAFEPLAN_FIELD_KEYS (or SAFEPLAN_FIELD_KEYS_FILE) must hold the field-encryption keys in "
            "production mode; `safeplan keys generate` prints a new one."
        )
    _field_keys = _generated_secret("field_keys", _new_fernet_key())
FIELD_ENCRYPTION_KEYS = [k.strip() for k in _field_keys.replace("\n", ",").split(",") if k.strip()]
if not FIELD_ENCRYPTION_KEYS:
    raise ConfigurationError("SAFEPLAN_FIELD_KEYS holds no key.")
for _position, _key in enumerate(FIELD_ENCRYPTION_KEYS, 1):
    try:
        Fernet(_key.encode())
    except (ValueError, TypeError):
        raise ConfigurationError(
            f"SAFEPLAN_FIELD_KEYS: key {_position} is not a Fernet key (32 url-safe base64-encoded "
            "bytes); `safeplan keys generate` prints one."
        ) from None
_index_key = env("SAFEPLAN_INDEX_KEY")
if not _index_key:
    if not RELAXED:
        raise ConfigurationError(
            "SAFEPLAN_INDEX_KEY (or SAFEPLAN_INDEX_KEY_FILE) must be set in production."
        )
    _index_key = _generated_secret("index_key", secrets.token_urlsafe(32))
if len(_index_key) < 32:
    raise ConfigurationError(
        "SAFEPLAN_INDEX_KEY must be a random string of at least 32 characters."
    )
BLIND_INDEX_KEY = _index_key
# Backups (records/backup.py) are encrypted with this key when set, else with the first field key.
BACKUP_KEY = env("SAFEPLAN_BACKUP_KEY") or ""
if BACKUP_KEY and len(BACKUP_KEY) < 32:
    raise ConfigurationError(
        "SAFEPLAN_BACKUP_KEY must be a random string of at least 32 characters."
    )

# Production: key files must be the owner's alone and live apart from the data they protect.
KEY_FILE_VARIABLES = (
    "SAFEPLAN_SECRET_KEY",
    "SAFEPLAN_FIELD_KEYS",
    "SAFEPLAN_INDEX_KEY",
    "SAFEPLAN_BACKUP_KEY",
)
if not RELAXED:
    _problems = key_file_problems(
        [
            (f"{name}_FILE", os.environ[f"{name}_FILE"])
            for name in KEY_FILE_VARIABLES
            if os.environ.get(f"{name}_FILE") and not os.environ.get(name)
        ],
        DATA_DIR,
    )
    if _problems:
        raise ConfigurationError("unsafe key files: " + "; ".join(_problems))

DEBUG = env_bool("SAFEPLAN_DEBUG", MODE == "dev")
if DEBUG and MODE == "production":
    raise ConfigurationError("SAFEPLAN_DEBUG cannot be on in production mode.")

ALLOWED_HOSTS = env_list(
    "SAFEPLAN_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"] if RELAXED else []
)
if not ALLOWED_HOSTS:
    raise ConfigurationError("SAFEPLAN_ALLOWED_HOSTS must list the host names Safeplan answers to.")
CSRF_TRUSTED_ORIGINS = env_list("SAFEPLAN_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = (env("SAFEPLAN_SITE_URL", "http://127.0.0.1:8000") or "").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "ninja",
    "safeplan.records",
    "safeplan.audit",
    "safeplan.accounts",
    "safeplan.clients",
    "safeplan.directory",
    "safeplan.telehealth",
    "safeplan.risk",
    "safeplan.plans",
    "safeplan.crisis",
    "safeplan.followup",
    "safeplan.notifications",
    "safeplan.worker",
    "safeplan.portal",
    "safeplan.fhir",
    "safeplan.smart",
    "safeplan.circle",
    "safeplan.hopebox",
    "safeplan.push",
    "safeplan.clinic",
    "safeplan.onboarding",
    "safeplan.measures",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "safeplan.lib.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "safeplan.lib.middleware.RowLevelScopeMiddleware",
    "safeplan.lib.times.ReaderTimeZoneMiddleware",
    "safeplan.accounts.middleware.IdleLogoffMiddleware",
    "safeplan.accounts.middleware.StaffMFAMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # After the header middleware (its 413/422 answers carry CSP and frame headers), before any view.
    "safeplan.lib.middleware.RequestLimitsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "safeplan.urls"
WSGI_APPLICATION = "safeplan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "safeplan.lib.context.safeplan_context",
            ],
            "builtins": ["safeplan.lib.display"],
        },
    }
]

# Database: SQLite (WAL) under the data directory, or PostgreSQL from DATABASE_URL.
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
else:
    private_dir(DATA_DIR)
    # Created 0600 before SQLite opens it: SQLite gives the -wal and -shm files the database's own mode.
    secure_sqlite(DATA_DIR / "safeplan.sqlite3")
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "safeplan.sqlite3"),
            # Keep each worker's connection: reopening it (and re-running the PRAGMAs) on every request
            # cost more than the emergency card's own queries.
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 10,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# PostgreSQL row-level security (lib/rls.py): each request names its organisation to the database. The
# policies bind only a non-owner role (docs/deploy.md, "Database roles"); on by default in production.
ROW_LEVEL_SECURITY = bool(DATABASE_URL) and env_bool(
    "SAFEPLAN_ROW_LEVEL_SECURITY", MODE == "production"
)

_redis = env("SAFEPLAN_REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _redis}
        if _redis
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "safeplan_cache",
        }
    )
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

# django-allauth: username login, no self sign-up, TOTP + recovery codes, rate limits on failures.
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "safeplan.accounts.adapters.AccountAdapter"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_REAUTHENTICATION_TIMEOUT = env_int("SAFEPLAN_REAUTH_SECONDS", 300)
ACCOUNT_RATE_LIMITS = {
    "login_failed": env("SAFEPLAN_LOGIN_RATE", "5/5m/ip,5/15m/key"),
    "login": "30/m/ip",
    "reauthenticate": "10/m/user",
}
MFA_ADAPTER = "safeplan.accounts.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Safeplan"

# Idle logoff (HIPAA 164.312(a)(2)(iii) automatic logoff): seconds of inactivity.
STAFF_IDLE_SECONDS = env_int("SAFEPLAN_STAFF_IDLE_SECONDS", 15 * 60)
CLIENT_IDLE_SECONDS = env_int("SAFEPLAN_CLIENT_IDLE_SECONDS", 30 * 60)
# Audit entries older than this many months may be dropped, a whole month at a time (``safeplan audit
# purge``). 0 keeps them for ever. HIPAA keeps documentation six years (45 CFR 164.316(b)(2)), so less than
# 72 months is refused.
AUDIT_RETENTION_MONTHS = env_int("SAFEPLAN_AUDIT_RETENTION_MONTHS", 0)
if AUDIT_RETENTION_MONTHS and AUDIT_RETENTION_MONTHS < 72:
    raise ConfigurationError(
        "SAFEPLAN_AUDIT_RETENTION_MONTHS must be 0 (keep for ever) or at least 72 (six years, HIPAA)"
    )
API_TOKEN_DAYS = env_int("SAFEPLAN_API_TOKEN_DAYS", 30)
PORTAL_INVITE_HOURS = env_int("SAFEPLAN_PORTAL_INVITE_HOURS", 72)
DEMO_PASSWORD = env("SAFEPLAN_DEMO_PASSWORD", "demo-password") or "demo-password"

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 12 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "safeplan_session"
CSRF_COOKIE_HTTPONLY = (
    False  # HTMX reads it from the meta tag, not the cookie; kept default for forms
)
CSRF_COOKIE_SAMESITE = "Lax"
SECURE = env_bool("SAFEPLAN_SECURE_COOKIES", MODE == "production")
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = env_bool("SAFEPLAN_SSL_REDIRECT", MODE == "production")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SAFEPLAN_HSTS_SECONDS", 31536000 if MODE == "production" else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = MODE == "production"
SECURE_HSTS_PRELOAD = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = ["security.W021"]  # HSTS preload is the operator's decision

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "worker-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
with contextlib.suppress(OSError):  # read-only data dir: files are served from the package instead
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Demo and dev deliver mail to files under the data directory (``safeplan demo`` prints where): no SMTP
# server is needed to try Safeplan, and nothing is refused and retried. Production sends by SMTP.
EMAIL_FILE_PATH = str(DATA_DIR / "mail")
EMAIL_BACKEND = env(
    "SAFEPLAN_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if MODE == "production"
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_HOST = env("SAFEPLAN_SMTP_HOST", "127.0.0.1")
EMAIL_PORT = env_int("SAFEPLAN_SMTP_PORT", 25)
EMAIL_HOST_USER = env("SAFEPLAN_SMTP_USER", "") or ""
EMAIL_HOST_PASSWORD = env("SAFEPLAN_SMTP_PASSWORD", "") or ""
EMAIL_USE_TLS = env_bool("SAFEPLAN_SMTP_STARTTLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env("SAFEPLAN_FROM_EMAIL", "Safeplan <no-reply@safeplan.invalid>")
SMS_TRANSPORT = env("SAFEPLAN_SMS_TRANSPORT", "console")

# Logs carry ids and actions, never client data (see safeplan.lib.logging).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"scrub": {"()": "safeplan.lib.logging.ScrubFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["scrub"]}
    },
    "root": {"handlers": ["console"], "level": env("SAFEPLAN_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR", "propagate": True},
        "django.db.backends": {"level": "WARNING", "propagate": True},
    },
}

# Request bodies: larger ones are answered 413 before anything reads them (lib.middleware). A FHIR import
# bundle of MAX_ENTRIES is the largest legitimate body; nginx allows a little more so the app answers.
MAX_BODY_BYTES = env_int("SAFEPLAN_MAX_BODY_BYTES", 2 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_BODY_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_BODY_BYTES

NINJA_PAGINATION_PER_PAGE = 50
# Bounded limit and offset: an unbounded offset reached the database as an overflow (a 500).
NINJA_PAGINATION_CLASS = "safeplan.lib.pagination.BoundedLimitOffsetPagination"
