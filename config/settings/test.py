"""Test settings: the normal settings plus fast hashing and an isolated search prefix."""

import os

os.environ.setdefault("SEARCH_INDEX_PREFIX", "regengine-test")

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DEBUG = False
LANGUAGE_CODE = "zh-hans"

# Tests move the clock by days with the same signed-in clients; the idle and absolute
# session limits are tested on their own (tests/site/test_session_lifetime.py).
# (Saving the session on every request would also move its expiry to wherever the
# test's clock stood.)
SESSION_COOKIE_AGE = 14 * 24 * 3600
SESSION_SAVE_EVERY_REQUEST = False
SESSION_ABSOLUTE_HOURS = 24 * 366
