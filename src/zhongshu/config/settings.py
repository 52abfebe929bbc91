"""Settings of 中枢, read from the environment (see ``.env.example``).

The defaults give the embedded demo: SQLite in WAL mode under ``var/``, tasks run in-process, mail
printed to the console. ``ZHONGSHU_MODE=production`` turns on the strict checks of
``zhongshu.config.checks`` (no DEBUG, no default secret, no superuser).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import dj_database_url

from zhongshu.config.env import (
    env_bool,
    env_int,
    env_list,
    env_secret,
    env_str,
    load_dotenv,
)

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # src/zhongshu
BASE_DIR = Path(env_str("ZHONGSHU_BASE_DIR", str(PACKAGE_DIR.parent.parent)))  # the checkout
load_dotenv(BASE_DIR / ".env")

MODE = env_str("ZHONGSHU_MODE", "demo")
PRODUCTION = MODE == "production"
DATA_DIR = Path(env_str("ZHONGSHU_DATA_DIR", str(BASE_DIR / "var")))

# A fixed, clearly marked key for the demo; production refuses it (check zhongshu.E001).
DEFAULT_SECRET_KEY = "zhongshu-demo-insecure-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env_secret("ZHONGSHU_SECRET_KEY", DEFAULT_SECRET_KEY)
DEBUG = env_bool("ZHONGSHU_DEBUG", not PRODUCTION)
ALLOWED_HOSTS = env_list("ZHONGSHU_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("ZHONGSHU_CSRF_TRUSTED_ORIGINS", [])

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
    "zhongshu.web",
    "zhongshu.organs",
    "zhongshu.accounts",
    "zhongshu.audit",
    "zhongshu.flow",
    "zhongshu.notifications",
    "zhongshu.documents",
    "zhongshu.documents.incoming",
    "zhongshu.documents.archive",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "zhongshu.lib.uploads.UploadSizeLimitMiddleware",  # 413 before a huge body is spooled
    "zhongshu.web.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # 400 for a multipart body without boundary and for NUL in input (before CSRF reads POST)
    "zhongshu.web.middleware.MalformedInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # the audit context of the request (client address, user agent) and refused accesses
    "zhongshu.audit.middleware.AuditRequestMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "zhongshu.accounts.middleware.AccountPolicyMiddleware",  # second factor, password change
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    # per-request answers (who may see a document), never kept across requests
    "zhongshu.lib.request_memo.RequestMemoMiddleware",
]

ROOT_URLCONF = "zhongshu.config.urls"
WSGI_APPLICATION = "zhongshu.config.wsgi.application"

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
                "zhongshu.web.context_processors.navigation",
                "zhongshu.notifications.context_processors.unread",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
# SQLite (WAL, immediate transactions so that writers queue instead of failing) by default;
# PostgreSQL when DATABASE_URL says so.
DATA_DIR.mkdir(parents=True, exist_ok=True)
_database_url = env_str("DATABASE_URL", "")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "zhongshu.sqlite3",
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # Tests use a file, not Django's in-memory default: the browser tests' live server
            # would share one in-memory connection between its request threads, and two
            # requests of one page (the page and its badge) then break each other's savepoints
            # ("no such savepoint"). One file per test process (pytest-xdist workers and two
            # runs in one checkout never share one), in the temporary directory.
            "TEST": {
                "NAME": str(Path(tempfile.gettempdir()) / f"zhongshu-test-{os.getpid()}.sqlite3")
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "zhongshu.accounts.hashers.Argon2PasswordHasher",  # OWASP's m=19 MiB, t=2, p=1, bounded
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS: list[dict] = [
    {
        "NAME": "zhongshu.accounts.passwords.ComplexityValidator"
    },  # length, 3 of 4 classes, no user name
    # the 20,000 most common passwords (Django's list, compared case-insensitively)
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    # what the first list misses here: Password@123, Admin@123, 1qaz@WSX, a word + symbol + year
    {"NAME": "zhongshu.accounts.passwords.WeakPatternValidator"},
]
# At most this many password hashes at once per process (a gunicorn worker): each takes 19 MiB,
# so a flood of log-ins waits in line instead of exhausting the worker's memory.
PASSWORD_HASH_CONCURRENCY = env_int("ZHONGSHU_PASSWORD_HASH_CONCURRENCY", 2)
OTP_TOTP_ISSUER = "中枢"
PASSWORD_MIN_LENGTH = env_int("ZHONGSHU_PASSWORD_MIN_LENGTH", 10)
PASSWORD_MAX_AGE_DAYS = env_int("ZHONGSHU_PASSWORD_MAX_AGE_DAYS", 90)
IDLE_TIMEOUT_MINUTES = env_int("ZHONGSHU_IDLE_TIMEOUT_MINUTES", 30)
REQUIRE_ADMIN_OTP = env_bool("ZHONGSHU_REQUIRE_ADMIN_OTP", PRODUCTION)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:workbench"
LOGOUT_REDIRECT_URL = "accounts:login"

AXES_FAILURE_LIMIT = env_int("ZHONGSHU_LOCKOUT_ATTEMPTS", 5)
AXES_COOLOFF_TIME = env_int("ZHONGSHU_LOCKOUT_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "zhongshu.accounts.views.lockout"
# the client address is the audit trail's (CLIENT_IP_HEADER behind a proxy), not REMOTE_ADDR
AXES_CLIENT_IP_CALLABLE = "zhongshu.accounts.views.client_ip"
AXES_ENABLED = env_bool("ZHONGSHU_AXES_ENABLED", True)
# axes locks per account. One wrong password tried on many accounts from one address never
# reaches any account's limit, so failures are also logged one row each (AccessFailureLog) and
# counted per address across user names (accounts.selectors.address_locked_until), with a
# higher limit than an account's: a shared office NAT must not lock out a whole organ for one
# forgetful colleague. That is also why axes.W006 (lock per IP in axes itself) stays silenced.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
LOCKOUT_ADDRESS_ATTEMPTS = env_int("ZHONGSHU_LOCKOUT_ADDRESS_ATTEMPTS", 30)
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

SESSION_COOKIE_AGE = IDLE_TIMEOUT_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True  # the idle time-out restarts at every request
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("ZHONGSHU_SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"  # the PDF preview is framed by our own pages
# HSTS: browsers keep to HTTPS for this many seconds once they have seen the site over HTTPS
# (one year in production; 0 turns it off, e.g. while TLS is being set up).
SECURE_HSTS_SECONDS = env_int("ZHONGSHU_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0)
# Behind a reverse proxy that terminates TLS: the request.META key the proxy sets to "https"
# (e.g. HTTP_X_FORWARDED_PROTO), so that Django knows the request was secure (HSTS is only
# sent on secure requests). Only set it when the proxy always overwrites that header.
_tls_proxy_header = env_str("ZHONGSHU_TLS_PROXY_HEADER", "")
SECURE_PROXY_SSL_HEADER = (_tls_proxy_header, "https") if _tls_proxy_header else None
# Content-Security-Policy of every page (zhongshu.web.middleware): scripts and styles only from
# our own static files, no inline script or style, no eval; the draft preview shows a blob: PDF.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; frame-src 'self' blob:; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
)

# --- Internationalisation: Chinese first -------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("ZHONGSHU_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- Static files: our own plus the npm packages (never committed) ----------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns at every start without it
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "zhongshu.web.finders.VendorFinder",  # the npm files pages use, listed in that module
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "media"

# --- Mail, background work ---------------------------------------------------------------
EMAIL_BACKEND = env_str("ZHONGSHU_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("ZHONGSHU_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("ZHONGSHU_EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("ZHONGSHU_DEFAULT_FROM_EMAIL", "zhongshu@localhost")
REDIS_URL = env_str("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL  # embedded default: tasks run in-process
CELERY_TIMEZONE = TIME_ZONE
# Minutes between runs of the periodic scan (reminders, escalations) in the embedded server.
SCAN_INTERVAL_MINUTES = env_int("ZHONGSHU_SCAN_INTERVAL_MINUTES", 5)
REMIND_BEFORE_HOURS = env_int("ZHONGSHU_REMIND_BEFORE_HOURS", 24)
# Hours a receiving organ has to 签收 a dispatched document before the scan chases it (urgent
# documents keep their shorter allowance: 加急 one day, 特急 four hours).
ACKNOWLEDGE_HOURS = env_int("ZHONGSHU_ACKNOWLEDGE_HOURS", 72)
# SMS gateway for urgent notifications: a class with send(phone, text); the default only logs.
SMS_BACKEND = env_str(
    "ZHONGSHU_SMS_BACKEND", "zhongshu.notifications.channels.sms.transport.LoggingBackend"
)

# --- Audit -------------------------------------------------------------------------------
AUDIT_HASH = env_str("ZHONGSHU_AUDIT_HASH", "sha256")  # or "sm3" (OpenSSL's, else gmssl)
# Behind a reverse proxy: the request.META key holding the client address (e.g. HTTP_X_REAL_IP),
# so that the audit trail records the person's address, not the proxy's. Empty: REMOTE_ADDR.
CLIENT_IP_HEADER = env_str("ZHONGSHU_CLIENT_IP_HEADER", "")
# The key of the audit chain (HMAC) and of its checkpoints, kept outside the database so that
# whoever can write the table cannot recompute the chain. Production refuses to start without
# one (check zhongshu.E010); the demo derives one from SECRET_KEY. Never change it: events and
# checkpoints signed with the old key no longer verify.
AUDIT_KEY = env_secret("ZHONGSHU_AUDIT_KEY", "")
# Signed checkpoints of the chain (count, last event, time), appended outside the audit table;
# backups must include this file (it is under DATA_DIR by default).
AUDIT_CHECKPOINT_FILE = env_str(
    "ZHONGSHU_AUDIT_CHECKPOINT_FILE", str(DATA_DIR / "audit-checkpoints.log")
)
# A callable (dotted path) that each new checkpoint is also handed to, to keep a copy off this
# machine (a log server, a write-once store). Empty: the file and the log only.
AUDIT_CHECKPOINT_SINK = env_str("ZHONGSHU_AUDIT_CHECKPOINT_SINK", "")
# Also digest issued documents with SM3 (国密) besides SHA-256; on by default when the audit
# chain uses SM3.
DOCUMENTS_SM3 = env_bool("ZHONGSHU_DOCUMENTS_SM3", False)

# --- Fonts for the typesetter (official fonts when the organ installs them) -------------------
FONT_PATHS = {
    "xiaobiaosong": env_str("ZHONGSHU_FONT_XIAOBIAOSONG", ""),
    "fangsong": env_str("ZHONGSHU_FONT_FANGSONG", ""),
    "heiti": env_str("ZHONGSHU_FONT_HEITI", ""),
    "kaiti": env_str("ZHONGSHU_FONT_KAITI", ""),
    "songti": env_str("ZHONGSHU_FONT_SONGTI", ""),
}

# The live preview and the live check run in a child process killed after this many seconds,
# so that no draft can hold a server worker (issue #23); the worst document the size limits
# allow typesets in about a second on a 2-core machine.
RENDER_TIMEOUT_SECONDS = env_int("ZHONGSHU_RENDER_TIMEOUT_SECONDS", 20)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("ZHONGSHU_LOG_LEVEL", "WARNING")},
    # Every audit checkpoint goes to the log as well (INFO), whatever the root level: a copy
    # outside the database and the file, for a log collector to carry off the machine.
    "loggers": {"zhongshu.audit.checkpoint": {"level": "INFO"}},
}
