"""Django settings for SEND Resolve, read from the environment (see ``config/env.py``).

``SENDRESOLVE_ENV`` chooses the mode:

- ``production`` (the default): every secret must be set; ``DEBUG`` is off unless asked for.
- ``development``: a per-machine secret key is generated under ``var/`` and the local hosts are
  allowed, so ``make run`` works on a fresh machine. ``DEBUG`` is still off unless ``DEBUG=true``.
- ``test``: as development, with fast password hashing allowed by the test settings.
"""

import datetime as dt
import json
import secrets
from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_choice, env_date, env_int, env_json_object, env_list, env_str

# Lets classes subscript Django's generic types at run time (ModelAdmin[Provider]), as the
# type stubs do.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("SENDRESOLVE_VAR_DIR", str(BASE_DIR / "var")))
ASSETS_BUILD_DIR = BASE_DIR / "assets" / "build"

ENVIRONMENT = env_choice(
    "SENDRESOLVE_ENV", ("production", "development", "test"), default="production"
)
DEVELOPMENT = ENVIRONMENT in {"development", "test"}

DEBUG = env_bool("DEBUG", default=False)


def _development_secret_key() -> str:
    """Return this machine's development secret key, creating it on first use."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "development-secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


if DEVELOPMENT:
    SECRET_KEY = env_str("SECRET_KEY", "") or _development_secret_key()
else:
    SECRET_KEY = env_str("SECRET_KEY")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters in production.")
# Keys being rotated out (comma-separated): still accepted for sessions, signed links and the
# route finder's cookie, never used to sign anew.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEVELOPMENT else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "sendresolve.core",
    "sendresolve.tenancy",
    "sendresolve.audit",
    "sendresolve.notifications",
    "sendresolve.documents",
    "sendresolve.cases",
    "sendresolve.tribunal",
    "sendresolve.feedback",
    "sendresolve.drafts",
    "sendresolve.verification",
    "sendresolve.reminders",
    "sendresolve.public",
    "sendresolve.staff",
    "sendresolve.reports",
    "sendresolve.retention",
    "sendresolve.demo",
    "sendresolve.operations",
    "sendresolve.participation",  # what people need to take part; the child's views (issue 22)
    "rest_framework",
    "drf_spectacular",
    "sendresolve.api",
    "django_tasks",
    "django_tasks_db",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "sendresolve.core.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Who is acting (request.actor): the user and what they act for, built once, lazily.
    "sendresolve.tenancy.middleware.ActorMiddleware",
    # request.user.is_verified(): signed in with a second factor too (django-otp).
    "django_otp.middleware.OTPMiddleware",
    # No staff page for a user who has only given a password (SENDRESOLVE_REQUIRE_2FA).
    "sendresolve.staff.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        # Family and staff pages: Jinja2 with the govuk-frontend-jinja macros.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "config.jinja2.environment",
            "context_processors": [
                "sendresolve.staff.context_processors.staff_navigation",
                # The needs panel on the case and arranging pages (issue 22).
                "sendresolve.participation.context.participation_panels",
            ],
        },
    },
    {
        # Django admin only.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
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

# SQLite by default (a file under var/, WAL mode); PostgreSQL when DATABASE_URL is set.
# SQLite's page cache is 2 MB by default; a national data set is a few GB, so each connection
# keeps 64 MB of pages and reads through a 1 GB memory map. (At 500,000 cases report times
# with and without them were within the noise of a shared machine.)
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=NORMAL;"
        "PRAGMA foreign_keys=ON;"
        "PRAGMA busy_timeout=20000;"
        "PRAGMA cache_size=-65536;"
        "PRAGMA mmap_size=1073741824;"
        "PRAGMA temp_store=MEMORY;"
    ),
}
DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        # An SQLite file named by URL gets the same settings as the default one.
        DATABASES["default"]["OPTIONS"] = {
            **SQLITE_OPTIONS,
            **DATABASES["default"].get("OPTIONS", {}),
        }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "sendresolve.sqlite3"),
            "OPTIONS": SQLITE_OPTIONS,
        }
    }

# A shared cache when several app servers run (REDIS_URL): sessions are read from it first.
# Rate limits and double-submit receipts are database rows, so they hold without it.
REDIS_URL = env_str("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    # Rendered family advice pages (sendresolve/public/finder/page_cache.py), always in this
    # process's memory: they depend on the code, so a deploy must not find old ones, and a
    # family's advice stays in the process that made it. 500 pages of about 15 kB each.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "sendresolve-pages",
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
}

# Sessions stay in the database; with a shared Redis they are read from it first (Django's
# cached_db), which saves every signed-in or answering request a database round trip. Never
# with per-process memory: one worker would not see another's change (a new answer, a logout).
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "staff:sign-in"
LOGIN_REDIRECT_URL = "staff:home"
LOGOUT_REDIRECT_URL = "staff:sign-in"
# django-axes first: it refuses a locked-out username before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Staff sign in with a password and then a code from an authenticator app (TOTP) or a one-time
# backup code (django-otp; sendresolve/staff/two_factor.py). API tokens are unaffected.
SENDRESOLVE_REQUIRE_2FA = env_bool("REQUIRE_2FA", default=True)
OTP_TOTP_ISSUER = "SEND Resolve"
# Nobody, not even an administrator, reads a user's TOTP key or backup codes in the admin.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# The demo (`make run`): the code page shows the current code of the demo users' published demo
# key. Development only.
DEMO_MODE = env_bool("SENDRESOLVE_DEMO", default=False)
if DEMO_MODE and not DEVELOPMENT:
    raise ImproperlyConfigured("SENDRESOLVE_DEMO is for development only.")

# Lockout (django-axes): after AXES_FAILURE_LIMIT failed sign-ins for one username (wrong
# passwords and wrong second-factor codes alike) within the cool-off, that username is refused,
# even with the right password, until AXES_COOLOFF_MINUTES pass after the last failure. Failures
# are kept as AccessAttempt rows (shown in the admin; `manage.py axes_reset_username` unlocks).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
# By username, not by address: guesses spread over many addresses are still stopped, and one
# person's mistakes do not lock out a whole council office behind one address. (django-axes
# warns when the address is not a lockout parameter: axes.W006, silenced below for this reason.)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_LOCKOUT_CALLABLE = "sendresolve.staff.sign_in_views.locked_out"
# The address recorded with each attempt: the client's, as the trusted proxy reports it.
AXES_CLIENT_IP_CALLABLE = "sendresolve.core.http.client_ip"
# Never stored in clear in AccessAttempt rows or logs (the password never is).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code", "csrfmiddlewaretoken"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# SESSION_SAVE_EVERY_REQUEST stays off: on, every request would restart the 8 hours, so a
# session in use would never end (and every page view would write to the session table).
SESSION_COOKIE_HTTPONLY = True
SECURE_COOKIES = env_bool("SECURE_COOKIES", default=not DEVELOPMENT)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
# On in production: behind a proxy that ends TLS, set BEHIND_TLS_PROXY so Django sees HTTPS
# (or SECURE_SSL_REDIRECT=false if the proxy redirects). /healthz answers over plain HTTP for
# load balancers' health checks.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEVELOPMENT)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEVELOPMENT else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEVELOPMENT
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEVELOPMENT)
SECURE_CONTENT_TYPE_NOSNIFF = True
# No referrer leaves the site at all; family status pages send none even within it.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features no page uses (sendresolve.core.middleware.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
# Content Security Policy (django-csp): scripts, styles, fonts and images come from the site
# itself (static files; images also as data: URLs). The one inline script, GOV.UK Frontend's
# js-enabled line in its page template, carries the per-response nonce; no page uses inline
# styles or style attributes (tests/test_security_headers.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", default=False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies in front of the app append the client's address to X-Forwarded-For; the
# address that many places from the right is the client's (sendresolve.core.http.client_ip).
# Anything further left was sent by the client and is never trusted. 0: REMOTE_ADDR. Set it to
# exactly the number of proxies: too few and every client counts as the proxy (one shared
# limit for the family link form, public/family/ratelimit.py), too many and a client can name
# its own address. The sign-in lockout records this address; the family limits count by it.
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 1 if BEHIND_TLS_PROXY else 0)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [ASSETS_BUILD_DIR] if ASSETS_BUILD_DIR.exists() else []
# Serve straight from the finders, so development and tests need no collectstatic step.
WHITENOISE_USE_FINDERS = True

# Family status-link tokens in paths are redacted and exception messages withheld
# (sendresolve/core/logs.py): on every record the console prints, and at the source on the
# loggers that name request paths, so any other handler gets the redacted record too.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "sendresolve.core.logs.RedactFamilyTokens"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        # runserver's request lines, as Django formats them by default.
        "server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]},
        "server": {"class": "logging.StreamHandler", "formatter": "server", "filters": ["redact"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"filters": ["redact"]},
        "django.security.csrf": {"filters": ["redact"]},
        "django.server": {"handlers": ["server"], "level": "INFO", "propagate": False},
        # WeasyPrint reports every layout step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # django-axes announces itself at INFO whenever Django starts, commands included.
        "axes.apps": {"level": "WARNING"},
        # With DEBUG on, this logs every SQL statement with its parameters (names, addresses,
        # notes about children) at DEBUG: pinned to INFO so no logging change can let them out.
        "django.db.backends": {"level": "INFO"},
    },
}

# The product's own settings.
SENDRESOLVE_SERVICE_NAME = "SEND Resolve"
# Bank holidays proclaimed before the `holidays` package knows them (comma-separated ISO dates);
# after changing this, run `manage.py recompute_deadlines`.
SENDRESOLVE_EXTRA_BANK_HOLIDAYS = tuple(
    env_date(name) for name in env_list("SENDRESOLVE_EXTRA_BANK_HOLIDAYS")
)

# How long a family's status link works (days); a new one can be asked for at any time.
SENDRESOLVE_STATUS_LINK_DAYS = env_int("SENDRESOLVE_STATUS_LINK_DAYS", 14)

# Retention (sendresolve.retention; `manage.py apply_retention`): a JSON object overriding the
# defaults kind by kind, e.g. {"cases": {"years_after_closure": 7}}. The defaults and the reasons
# for them are in sendresolve/retention/policy.py and the README; bad values stop start-up.
SENDRESOLVE_RETENTION = env_json_object("SENDRESOLVE_RETENTION")

# Messages (sendresolve.notifications): outbox in development/test, GOV.UK Notify in production.
NOTIFICATIONS_BACKEND = env_choice(
    "NOTIFICATIONS_BACKEND",
    ("outbox", "notify", "smtp"),
    default="outbox" if DEVELOPMENT else "notify",
)
NOTIFY_API_KEY = env_str("NOTIFY_API_KEY", "")
try:
    # {"case_opened": "<uuid>", "case_opened.sms": "<uuid>", ...}
    NOTIFY_TEMPLATE_IDS = json.loads(env_str("NOTIFY_TEMPLATE_IDS", "{}"))
except json.JSONDecodeError as error:
    raise ImproperlyConfigured(f"NOTIFY_TEMPLATE_IDS must be a JSON object: {error}.") from None
# Used by the smtp backend.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "SEND Resolve <no-reply@localhost>")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
# Documents posted by letter (issue 21): the outbox backend writes each letter's PDF here instead
# of posting it, so a developer can open it.
NOTIFICATIONS_OUTBOX_LETTERS = env_str(
    "NOTIFICATIONS_OUTBOX_LETTERS", str(VAR_DIR / "outbox" / "letters")
)

# Background tasks (deadline reminders): Django's task framework (the django-tasks backport) with
# the database backend, so queued runs survive restarts. Run the worker with
# `manage.py db_worker`; `manage.py schedule_reminders` queues the daily reminder job.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Several app servers (issue 25): TASKS_BACKEND=rq queues every task in Redis through RQ
# (django-tasks-rq) instead; run RQ workers with `manage.py rqworker default --with-scheduler
# --job-class django_tasks_rq.Job`. TASKS_REDIS_URL (default REDIS_URL) says which Redis.
TASKS_BACKEND = env_choice("TASKS_BACKEND", ("database", "rq"), default="database")
TASKS_REDIS_URL = env_str("TASKS_REDIS_URL", REDIS_URL)
if TASKS_BACKEND == "rq":
    if not TASKS_REDIS_URL:
        raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL (or TASKS_REDIS_URL).")
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    # A job's time limit: the daily reminder run is the longest.
    RQ_QUEUES = {"default": {"URL": TASKS_REDIS_URL, "DEFAULT_TIMEOUT": 1800}}
    RQ_SHOW_ADMIN_LINK = False
# The site's address, for links in messages sent with no request to hand (deadline reminders).
# Unset, such messages carry the path of the page only.
SENDRESOLVE_BASE_URL = env_str(
    "SENDRESOLVE_BASE_URL", "http://127.0.0.1:8000" if DEVELOPMENT else ""
).rstrip("/")
# Certificates are signed (PAdES) with the provider's key and certificate: each setting is a PEM
# file's path or the PEM text itself. Development reads the self-signed pair `manage.py
# signing_key` writes under var/signing/ (`make run` does); production must set both (a system
# check warns at start, and `check --deploy` fails, without them); tests make their own key.
_SIGNING_DIR = VAR_DIR / "signing"
SENDRESOLVE_SIGNING_KEY = env_str(
    "SENDRESOLVE_SIGNING_KEY",
    str(_SIGNING_DIR / "key.pem") if ENVIRONMENT == "development" else "",
)
SENDRESOLVE_SIGNING_CERT = env_str(
    "SENDRESOLVE_SIGNING_CERT",
    str(_SIGNING_DIR / "certificate.pem") if ENVIRONMENT == "development" else "",
)
SENDRESOLVE_SIGNING_KEY_PASSPHRASE = env_str("SENDRESOLVE_SIGNING_KEY_PASSPHRASE", "")

# REST API v1 (sendresolve.api): token authentication only, JSON in and out, RFC 9457 problems.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["sendresolve.api.authentication.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["sendresolve.api.parsers.StrictJSONParser"],
    "EXCEPTION_HANDLER": "sendresolve.api.errors.problem_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# Under /api/ a CSRF failure is a problem too; a GOV.UK "start again" page elsewhere (issues 19,
# 20). The body size limit is Django's default, 2.5 MB: a larger API body is 413
# payload-too-large.
CSRF_FAILURE_VIEW = "sendresolve.api.errors.csrf_failure"
SPECTACULAR_SETTINGS = {
    "TITLE": "SEND Resolve API",
    "DESCRIPTION": (
        "Create and follow SEND mediation cases, record what happened, read statutory deadlines "
        "and download certificates. Every answer is scoped to the token's user."
    ),
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Staff may browse the schema signed in; systems use their token. No CDN assets anywhere.
    "SERVE_AUTHENTICATION": [
        "sendresolve.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "ENUM_NAME_OVERRIDES": {
        "CaseKindEnum": "sendresolve.cases.vocabulary.CaseKind",
        "CertificateKindEnum": "sendresolve.cases.models.Certificate.Kind",
        "SessionStateEnum": "sendresolve.cases.models.Session.State",
        "DeadlineStateEnum": "sendresolve.cases.models.CaseDeadline.State",
        "ContactKindEnum": "sendresolve.cases.contact_models.ContactKind",
        "RequesterEnum": "sendresolve.cases.vocabulary.Requester",
        "FamilyRequesterEnum": "sendresolve.api.serializers.corrections.FAMILY_REQUESTERS",
    },
}

# Documents on a case (sendresolve.casefiles): checked by content, scanned by ClamAV, stored
# through Django's storage API. README "Documents and virus scanning".
INSTALLED_APPS.append("sendresolve.casefiles")
# The largest file anyone may upload (bytes; 20 MB). A larger one is skipped while the request
# is read (sendresolve/casefiles/uploads.py): a GOV.UK error on pages, 413 from the API.
SENDRESOLVE_UPLOAD_MAX_BYTES = env_int("SENDRESOLVE_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "sendresolve.casefiles.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_PERMISSIONS = 0o600
# ClamAV's daemon: a unix socket (CLAMD_SOCKET) or TCP (CLAMD_HOST, CLAMD_PORT); uploads are
# refused while it cannot be reached.
CLAMD_SOCKET = env_str("CLAMD_SOCKET", "")
CLAMD_HOST = env_str("CLAMD_HOST", "127.0.0.1")
CLAMD_PORT = env_int("CLAMD_PORT", 3310)
CLAMD_TIMEOUT = env_int("CLAMD_TIMEOUT", 60)
# Where the files are kept: local files under var/casefiles (never served as static or media),
# or S3-compatible object storage (django-storages) when SENDRESOLVE_FILES_S3_BUCKET is set.
if env_str("SENDRESOLVE_FILES_S3_BUCKET", ""):
    _case_files_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("SENDRESOLVE_FILES_S3_BUCKET"),
            "endpoint_url": env_str("SENDRESOLVE_FILES_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("SENDRESOLVE_FILES_S3_REGION", "") or None,
            "access_key": env_str("SENDRESOLVE_FILES_S3_ACCESS_KEY_ID", "") or None,
            "secret_key": env_str("SENDRESOLVE_FILES_S3_SECRET_ACCESS_KEY", "") or None,
            "location": env_str("SENDRESOLVE_FILES_S3_PREFIX", "casefiles"),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
            "object_parameters": {"ServerSideEncryption": "AES256"},
        },
    }
else:
    _case_files_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": str(Path(env_str("SENDRESOLVE_FILES_DIR", str(VAR_DIR / "casefiles")))),
            "base_url": None,
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    }
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] |= {  # type: ignore[operator]
    "CaseFileKindEnum": "sendresolve.casefiles.models.Kind",
    "CaseFileVisibilityEnum": "sendresolve.casefiles.models.Visibility",
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "casefiles": _case_files_storage,
}

# Mediators' diary: profiles, availability, bookings, iCalendar feeds (issue 22).
INSTALLED_APPS.append("sendresolve.diary")
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] |= {  # type: ignore[operator]
    "AccreditationBodyEnum": "sendresolve.diary.models.AccreditationBody",
}
# The mediation agreement document and the issues-still-in-dispute summary (issue 21).
INSTALLED_APPS.append("sendresolve.agreements")
# -- Contracts and invoices (issue 23, sendresolve/billing) ---------------------------------------
INSTALLED_APPS.append("sendresolve.billing")
TEMPLATES[0]["OPTIONS"]["context_processors"].append(  # type: ignore[index]
    "sendresolve.billing.context_processors.billing_navigation"
)
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] |= {  # type: ignore[operator]
    "InvoiceKindEnum": "sendresolve.billing.models.Invoice.Kind",
    "InvoiceStateEnum": "sendresolve.billing.models.Invoice.State",
    "ServiceLineEnum": "sendresolve.billing.models.ServiceLine",
}
# Travel expenses for attending mediation (issue 22, sendresolve.expenses): the family claims
# from their status page, the LA records paid or refused. The mileage rate in pence a mile
# when the LA has set none (admin: "Mileage rates"), and the most one line may claim (pence).
INSTALLED_APPS.append("sendresolve.expenses")
SENDRESOLVE_MILEAGE_PENCE = env_int("SENDRESOLVE_MILEAGE_PENCE", 45)
SENDRESOLVE_EXPENSE_LINE_MAX_PENCE = env_int("SENDRESOLVE_EXPENSE_LINE_MAX_PENCE", 50_000)
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] |= {  # type: ignore[operator]
    "ExpenseClaimStateEnum": "sendresolve.expenses.models.ClaimState",
    "TravelModeEnum": "sendresolve.expenses.models.TravelMode",
    # Named as before travel modes came: the meeting's and the venue's mode.
    "ModeEnum": "sendresolve.cases.models.Venue.Mode",
}
# -- Exports for local authorities (issue 25, sendresolve/exports) ------------------------------
INSTALLED_APPS.append("sendresolve.exports")
TEMPLATES[0]["OPTIONS"]["context_processors"].append(  # type: ignore[index]
    "sendresolve.exports.context_processors.export_navigation"
)
# -- Targets and quality (issue 23, sendresolve/quality): KPI targets per commission, the
# satisfaction survey after mediation, complaints about the provider ---------------------------
INSTALLED_APPS.append("sendresolve.quality")
TEMPLATES[0]["OPTIONS"]["context_processors"].append(  # type: ignore[index]
    "sendresolve.quality.context_processors.quality_navigation"
)
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] |= {  # type: ignore[operator]
    "KpiRatingEnum": "sendresolve.quality.targets.RATING_CHOICES",
}
# -- Importing a live caseload (issue 25, sendresolve/imports) ------------------------------------
INSTALLED_APPS.append("sendresolve.imports")
TEMPLATES[0]["OPTIONS"]["context_processors"].append(  # type: ignore[index]
    "sendresolve.imports.context_processors.import_navigation"
)
# A local authority's own school term dates, counted for exclusion clocks (issue 24).
INSTALLED_APPS.append("sendresolve.schoolterms")
# -- Webhooks (issue 25, sendresolve/webhooks) -----------------------------------------------------
# Signed (Standard Webhooks) case events to endpoints an LA, health body or provider registers.
# Only https:// to public addresses; development and tests may also send to http://127.0.0.1.
INSTALLED_APPS.append("sendresolve.webhooks")
TEMPLATES[0]["OPTIONS"]["context_processors"].append(  # type: ignore[index]
    "sendresolve.webhooks.context_processors.webhooks_navigation"
)
SENDRESOLVE_WEBHOOKS_ALLOW_LOOPBACK = env_bool(
    "SENDRESOLVE_WEBHOOKS_ALLOW_LOOPBACK", default=DEVELOPMENT
)
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] |= {  # type: ignore[operator]
    "WebhookEventTypeEnum": "sendresolve.webhooks.events.EventType",
    "WebhookDeliveryStateEnum": "sendresolve.webhooks.models.Delivery.State",
    "WebhookOwnerEnum": "sendresolve.webhooks.models.Endpoint.Owner",
}
# -- Messages the provider owns and its letterhead (issue 23, sendresolve/branding) -------------
INSTALLED_APPS.append("sendresolve.branding")
TEMPLATES[0]["OPTIONS"]["context_processors"].append(  # type: ignore[index]
    "sendresolve.branding.context_processors.branding_navigation"
)
# The largest logo a provider manager may upload, in bytes (PNG or JPEG, checked by content).
SENDRESOLVE_LOGO_MAX_BYTES = env_int("SENDRESOLVE_LOGO_MAX_BYTES", 200_000)
# Staff and roles (issue 23): the staff member's status in the API, named apart from cases'.
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] |= {  # type: ignore[operator]
    "StaffStatusEnum": "sendresolve.api.serializers.staff.STAFF_STATUS_CHOICES",
    "CaseStatusEnum": "sendresolve.cases.states.Status",
}
