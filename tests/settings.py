"""Test settings: Safeplan's own settings in dev mode with fast password hashing and an in-memory cache."""

import os
import tempfile

os.environ.setdefault("SAFEPLAN_MODE", "dev")
os.environ.setdefault(
    "SAFEPLAN_DATA_DIR", os.path.join(tempfile.gettempdir(), "safeplan-test-data")
)

from safeplan.settings import *  # noqa: F403

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher"
]  # speed only; production uses argon2
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SECURE_SSL_REDIRECT = False
DEBUG = False

if os.environ.get("SAFEPLAN_TEST_DB_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["SAFEPLAN_TEST_DB_NAME"]}  # noqa: F405
