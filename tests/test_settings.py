"""Production settings refuse to start with DEBUG on or a default key."""

import os
import subprocess
import sys

import pytest

GOOD_SECRET = "k" * 20 + "x9!Q" * 10
GOOD_AUDIT = "a" * 40


def _load(**env) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if not k.startswith("XUNCHA_")}
    full.update(env)
    return subprocess.run([sys.executable, "-c", "import xuncha.settings"], env=full,
                          capture_output=True, text=True, check=False)


@pytest.mark.parametrize("env,message", [
    ({"XUNCHA_DEBUG": "1", "XUNCHA_SECRET_KEY": GOOD_SECRET, "XUNCHA_AUDIT_KEY": GOOD_AUDIT},
     "XUNCHA_DEBUG"),
    ({"XUNCHA_AUDIT_KEY": GOOD_AUDIT}, "XUNCHA_SECRET_KEY"),
    ({"XUNCHA_SECRET_KEY": "django-insecure-" + "x" * 60, "XUNCHA_AUDIT_KEY": GOOD_AUDIT},
     "XUNCHA_SECRET_KEY"),
    ({"XUNCHA_SECRET_KEY": GOOD_SECRET}, "XUNCHA_AUDIT_KEY"),
    ({"XUNCHA_SECRET_KEY": GOOD_SECRET, "XUNCHA_AUDIT_KEY": GOOD_AUDIT,
      "XUNCHA_IDLE_TIMEOUT_MINUTES": "half an hour"}, "XUNCHA_IDLE_TIMEOUT_MINUTES"),
])
def test_production_refuses_bad_configuration(env, message):
    result = _load(XUNCHA_ENV="production", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_starts_with_real_keys_and_secure_cookies():
    result = subprocess.run(
        [sys.executable, "-c",
         "import xuncha.settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
         "s.DEBUG, s.SECURE_SSL_REDIRECT)"],
        env={**{k: v for k, v in os.environ.items() if not k.startswith("XUNCHA_")},
             "XUNCHA_ENV": "production", "XUNCHA_SECRET_KEY": GOOD_SECRET,
             "XUNCHA_AUDIT_KEY": GOOD_AUDIT},
        capture_output=True, text=True, check=True,
    )
    assert result.stdout.split() == ["True", "True", "False", "True"]
