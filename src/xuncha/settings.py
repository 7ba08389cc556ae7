"""Settings for xuncha: one module, read from the environment through strict helpers.

XUNCHA_ENV=production switches on the production rules: DEBUG must be off, the secret key and
the audit key must be real, cookies are secure. SQLite under var/ is the default database;
DATABASE_URL switches to PostgreSQL.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from xuncha.core.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(env_str("XUNCHA_VAR_DIR", str(BASE_DIR / "var")))

ENVIRONMENT = env_str("XUNCHA_ENV", "development")
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured("XUNCHA_ENV must be 'development' or 'production'")
PRODUCTION = ENVIRONMENT == "production"

_DEV_SECRET = "django-insecure-xuncha-development-only-never-use-in-production"  # noqa: S105
SECRET_KEY = env_str("XUNCHA_SECRET_KEY", "" if PRODUCTION else _DEV_SECRET)
DEBUG = env_bool("XUNCHA_DEBUG", False)
# Key of the HMAC that chains audit events; kept outside the database so that a thief with the
# database file cannot rewrite the chain. Changing it makes earlier events unverifiable.
AUDIT_CHAIN_KEY = env_str("XUNCHA_AUDIT_KEY", "" if PRODUCTION else "xuncha-development-audit-key")

if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("Production refuses to start with XUNCHA_DEBUG on.")
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured(
            "Production needs XUNCHA_SECRET_KEY: a random value of at least 50 characters."
        )
    if len(AUDIT_CHAIN_KEY) < 32:
        raise ImproperlyConfigured(
            "Production needs XUNCHA_AUDIT_KEY: a random value of at least 32 characters."
        )

ALLOWED_HOSTS = env_list(
    "XUNCHA_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("XUNCHA_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "ninja",
    "xuncha.core",
    "xuncha.audit",
    "xuncha.accounts",
    "xuncha.orgs",
    "xuncha.people",
    "xuncha.plans",
    "xuncha.staffing",
    "xuncha.fieldwork",
    "xuncha.interviews",
    "xuncha.surveys",
    "xuncha.petitions",
    "xuncha.documents",
    "xuncha.knowledge",
    "xuncha.findings",
    "xuncha.leads",
    "xuncha.reports",
    "xuncha.copycheck",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "xuncha.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "xuncha.core.middleware.RequestContextMiddleware",
    "xuncha.accounts.middleware.IdleTimeoutMiddleware",
    "xuncha.accounts.middleware.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "xuncha.core.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "xuncha.urls"
WSGI_APPLICATION = "xuncha.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "xuncha.accounts.context_processors.navigation",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
_default_db = f"sqlite:///{VAR_DIR / 'xuncha.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL", _default_db))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        # Take the write lock when a transaction starts, so the audit chain head is never read
        # by two writers at once.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("XUNCHA_CONN_MAX_AGE", 60, minimum=0)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and authentication ------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
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
    {"NAME": "xuncha.accounts.validators.CharacterClassValidator", "OPTIONS": {"classes": 3}},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout after repeated failures (等保三级): per account name, so that a shared NAT address of
# an office does not lock out colleagues.
AXES_FAILURE_LIMIT = env_int("XUNCHA_LOCKOUT_FAILURES", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("XUNCHA_LOCKOUT_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_IPWARE_PROXY_COUNT = env_int("XUNCHA_PROXY_COUNT", 0, minimum=0)

# Idle sessions end after this many minutes without a request.
XUNCHA_IDLE_TIMEOUT_MINUTES = env_int("XUNCHA_IDLE_TIMEOUT_MINUTES", 30, minimum=1)
SESSION_COOKIE_AGE = 12 * 3600  # absolute ceiling; the idle limit is enforced by middleware
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
OTP_TOTP_ISSUER = env_str("XUNCHA_OTP_ISSUER", "xuncha")
# Demo accounts may print their current TOTP code with `xuncha otp_code` only when this is on.
XUNCHA_DEMO_TOOLS = env_bool("XUNCHA_DEMO_TOOLS", not PRODUCTION)

# Official documents: an office may keep its own edited Word templates here (same file names as
# src/xuncha/documents/docx/); the shipped templates are used for any file not found there.
DOCUMENT_TEMPLATE_DIR = env_str("XUNCHA_DOCUMENT_TEMPLATE_DIR", "")

# --- Security headers -----------------------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_SSL_REDIRECT = env_bool("XUNCHA_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("XUNCHA_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = False
    if AXES_IPWARE_PROXY_COUNT:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = [
    # Intranet deployments are not on the public HSTS preload list.
    "security.W021",
    # Lockout is per account on purpose: offices sign in from behind one shared address, so a
    # lockout per address would lock out colleagues. Address rate limits come with the portal.
    "axes.W006",
]

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
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
if not PRODUCTION:
    # Serve static files straight from the apps, so tests and the demo need no collectstatic.
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = VAR_DIR / "media"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Largest organization-tree import accepted, in bytes.
XUNCHA_IMPORT_MAX_BYTES = env_int("XUNCHA_IMPORT_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("XUNCHA_LOG_LEVEL", "WARNING")},
}
