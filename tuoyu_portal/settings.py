"""Settings for the Tuoyu Portal, read from the environment.

With nothing set the portal runs on the embedded default: SQLite and Celery tasks executed
eagerly. DATABASE_URL and CELERY_BROKER_URL switch to PostgreSQL and Redis.
"""
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

MSG_SECRET_KEY_REQUIRED = "SECRET_KEY must be set when DEBUG is off / 未开启 DEBUG 时必须设置 SECRET_KEY"
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY and DEBUG:
    # Development only: a fresh key per process (sessions do not survive restarts).
    SECRET_KEY = get_random_secret_key()
# Without DEBUG and without a key, commands that sign nothing (makemigrations, migrate, check, load_regions)
# still run; serving refuses to start (tuoyu_portal/wsgi.py, the Celery app) and Django itself refuses any
# use of the empty key ("The SECRET_KEY setting must not be empty").

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "core.apps.PortalAdminConfig",  # django.contrib.admin with the portal's site (core/admin_site.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_filters",
    "drf_spectacular",
    "csp",
    "tuoyu_portal",
    "core",
    "regions",
    "accounts",
    "notifications",
    "standards",
    "institutions",
    "workforce",  # the banned-person list and identity numbers kept as hashes (issue 17)
    "complaints",
    "filings",
    "inspections",
    "imports",
    "useradmin",  # staff accounts kept by region admins (reads spreadsheets with imports.readers)
    "programme",  # the childcare programme: supervision of lagging regions (issue 16)
    "monthly",  # institutions' monthly reports (issue 17)
    "incidents",  # safety incidents reported by institutions (issue 17)
    "stats",
    "exports",
    "demo",  # the demo data builder: uses every app above, imported by none
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "core.middleware.RejectNulMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The signed-in session's cached user, authenticator and unread count in one round trip (core/requestcache.py).
    "core.middleware.PrefetchMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle timeout and lifetime of sessions, then the password that must be changed first (docs/security.md).
    "accounts.middleware.SessionPolicyMiddleware",
    # django-otp's, reading the device through the shared cache: request.user.is_verified() (a second factor given)
    "accounts.middleware.OTPMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "accounts.middleware.PasswordPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a lockout raised during authentication into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tuoyu_portal.urls"

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
                "django.template.context_processors.i18n",
                "notifications.context_processors.unread",
            ],
        },
    },
]

WSGI_APPLICATION = "tuoyu_portal.wsgi.application"

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 60))}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {"timeout": 20},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    # Not a rule: its password_changed() revokes the user's API tokens and records the change, on every path
    # that changes a password (pages, /admin/, changepassword).
    {"NAME": "accounts.security.PasswordChangeEffects"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.passwords.ComplexityValidator"},  # length and character classes (等保 2.0)
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.passwords.HistoryValidator"},  # no reuse of the last passwords; records each change
]
# Password and session rules of 等保 2.0 level 3 (accounts/passwords.py, accounts/middleware.py, docs/security.md).
PASSWORD_MIN_LENGTH = env_int("PASSWORD_MIN_LENGTH", 8)
PASSWORD_MIN_CLASSES = env_int("PASSWORD_MIN_CLASSES", 3)
PASSWORD_HISTORY_COUNT = env_int("PASSWORD_HISTORY_COUNT", 5)
PASSWORD_MAX_AGE_DAYS = env_int("PASSWORD_MAX_AGE_DAYS", 90)  # staff roles; 0 = never expires
PASSWORD_EXPIRY_WARNING_DAYS = env_int("PASSWORD_EXPIRY_WARNING_DAYS", 14)
SESSION_IDLE_TIMEOUT_SECONDS = env_int("SESSION_IDLE_TIMEOUT_SECONDS", 30 * 60)  # staff roles; 0 = none
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)  # every user
SESSION_ACTIVITY_WRITE_SECONDS = 60  # how often a session's last activity is written (not every request)
# Two-factor log-in (accounts/two_factor.py): roles that must use an authenticator app; others may.
# The first month institutions report (monthly/, "YYYY-MM"): set it to the month before go-live, so that months from
# before the portal are never counted as missing (docs/monthly.md).
MONTHLY_REPORTS_FROM = env_str("MONTHLY_REPORTS_FROM") or "2026-10"

OTP_REQUIRED_ROLES = env_list("OTP_REQUIRED_ROLES", ["admin", "reviewer"])
OTP_TOTP_ISSUER = "托育机构备案与监管平台"
# Text messages (accounts/sms.py): the console backend prints them (development, the demo); a deployment names its
# provider's backend class here.
SMS_BACKEND = env_str("SMS_BACKEND", "accounts.sms.ConsoleBackend")
SMS_GATEWAY_URL = env_str("SMS_GATEWAY_URL")  # accounts.sms.HttpGatewayBackend
SMS_GATEWAY_TOKEN = env_str("SMS_GATEWAY_TOKEN")

# Key of the audit log's hash chain (accounts/audit_chain.py). Set it apart from SECRET_KEY and keep it when
# SECRET_KEY is rotated: without it the chain is keyed by SECRET_KEY and a rotation breaks verify_audit.
AUDIT_HMAC_KEY = env_str("AUDIT_HMAC_KEY")
# Key of the identity-number hashes (core/identity.py: staff and the banned-person list store no number in clear).
# Set it before go-live and never change it: without it the key is derived from SECRET_KEY (docs/workforce.md).
IDENTITY_HASH_KEY = env_str("IDENTITY_HASH_KEY")

# Log-in protection (accounts/security.py, docs/security.md): the per-IP limit first, then django-axes' account
# lockout, then the password check.
AUTHENTICATION_BACKENDS = [
    "accounts.security.IPThrottleBackend",
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.ModelBackend",  # Django's, with the user's region in the same query
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for 'ip_address' in the lockout parameters: the per-IP limit is IPThrottleBackend's instead,
# with a higher limit than an account's (a county office's clerks share one address).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.security.axes_client_ip"
AXES_VERBOSE = False
# Failed log-ins from one address (any usernames) before it must wait for the window's end.
LOGIN_IP_FAILURE_LIMIT = env_int("LOGIN_IP_FAILURE_LIMIT", 30)
LOGIN_IP_WINDOW_SECONDS = env_int("LOGIN_IP_WINDOW_SECONDS", 15 * 60)
# Invalid API tokens from one address before the API answers 429 until the window's end.
API_TOKEN_FAILURE_LIMIT = env_int("API_TOKEN_FAILURE_LIMIT", 20)
# API tokens are stored hashed (django-rest-knox), expire, and are revoked by a password change.
API_TOKEN_TTL_DAYS = env_int("API_TOKEN_TTL_DAYS", 90)
REST_KNOX = {"TOKEN_TTL": timedelta(days=API_TOKEN_TTL_DAYS), "AUTH_HEADER_PREFIX": "Token", "AUTO_REFRESH": False}

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded files live outside any public path and are only served through views that check scope.
MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")))
MEDIA_URL = None
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
IMPORT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024

# The cache holds the per-IP counters (log-in, API tokens, public complaints): set CACHE_URL to a Redis URL
# (a database of its own, e.g. redis://127.0.0.1:6379/1) whenever more than one web process serves.
CACHE_URL = env_str("CACHE_URL")
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "core.cache.RedisCache", "LOCATION": CACHE_URL,
                          "KEY_PREFIX": "tuoyu"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rendered template fragments that depend only on their key ({% cache ... using="fragments" %}: the navbar's
# links per language, active item and role), in each process's memory: no network round trip, nothing shared.
CACHES["fragments"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fragments",
                       "OPTIONS": {"MAX_ENTRIES": 2000}}
# With a shared cache (CACHE_URL), sessions are read through it (no session query per request; written to both).
# Never with the per-process default cache: a log-out in one web process would not reach the others' copies.
SESSION_ENGINE = ("django.contrib.sessions.backends.cached_db" if CACHE_URL
                  else "django.contrib.sessions.backends.db")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# HTTPS (docs/security.md "Deployment"): behind a TLS-terminating reverse proxy set SECURE_PROXY_SSL_HEADER=1
# (the proxy must overwrite X-Forwarded-Proto), SECURE_SSL_REDIRECT=1 and SECURE_HSTS_SECONDS=31536000.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Content-Security-Policy on every response (django-csp). Scripts only from the portal's own static files: no
# inline script, no event-handler attribute, no eval. Inline style *attributes* stay allowed (templates and
# ECharts position elements with them); <style> elements and style sheets only from the portal.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: unauthenticated API calls get 401 with a WWW-Authenticate header.
        "accounts.authentication.ThrottledTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PARSER_CLASSES": ["core.parsers.SafeJSONParser", "rest_framework.parsers.FormParser",
                               "rest_framework.parsers.MultiPartParser"],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # A service's refusal (core.errors.ActionError) is 409 with its message, everywhere.
    "EXCEPTION_HANDLER": "core.api.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Tuoyu Portal API / 托育机构备案与监管平台接口",
    "DESCRIPTION": "行政区划与托育机构接口。机构数据按调用者的管辖范围限定。 / Regions and institutions. Institution data is scoped to the caller's region. Session or token auth (Authorization: Token <key>).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    # Swagger UI is vendored under static/vendor/swagger-ui (no CDN on government intranets).
    "SWAGGER_UI_DIST": STATIC_URL + "vendor/swagger-ui",
    "ENUM_NAME_OVERRIDES": {"RegionLevelEnum": "regions.models.RegionLevel",
                            "FilingStatusEnum": "filings.models.FilingStatus",
                            "FilingKindEnum": "filings.models.FilingKind",
                            "VisitStatusEnum": "inspections.models.VisitStatus",
                            "RectificationStatusEnum": "inspections.models.OrderStatus",
                            "ComplaintStatusEnum": "complaints.models.ComplaintStatus",
                            "ComplaintCategoryEnum": "complaints.models.ComplaintCategory",
                            "RoleEnum": "accounts.models.Role",
                            "StaffRoleEnum": "useradmin.permissions.STAFF_ROLE_CHOICES",
                            "SupervisionEventKindEnum": "programme.models.SupervisionEventKind",
                            "SupervisionRecordKindEnum": "programme.apis.RECORD_KINDS",
                            "FeeClassEnum": "programme.models.FeeClass",
                            "DesignationStatusEnum": "programme.models.DesignationStatus",
                            "DesignationKindEnum": "programme.models.DesignationKind",
                            "DesignationLevelEnum": "programme.models.DesignationLevel",
                            "DesignationActionEnum": "programme.designations.STEP_CHOICES",
                            "SubsidyKindEnum": "programme.models.SubsidyKind",
                            "CityStatusEnum": "programme.models.CityStatus",
                            "IncidentKindEnum": "incidents.models.IncidentKind",
                            "StaffMemberRoleEnum": "institutions.models.StaffRole"},
    "SWAGGER_UI_FAVICON_HREF": STATIC_URL + "vendor/swagger-ui/favicon-32x32.png",
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "tuoyu_portal.openapi.add_error_responses"],
}

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", CELERY_BROKER_URL or "cache+memory://")
# Embedded default: without a broker, tasks run in-process when they are queued.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 30 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 25 * 60)
CELERY_TASK_ACKS_LATE = True
# A task whose worker process died (kill -9, out of memory) goes back to the queue at once instead of being lost.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A worker child that has grown past this many KiB is replaced after its task (a big import or export does not
# leave the next task short of memory). The compose file caps the containers too.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", 1_000_000)
# Redis redelivers a message unacknowledged this long (its worker vanished). It must exceed the longest task
# (the hard time limit) plus the longest countdown, or a running task is delivered twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", CELERY_TASK_TIME_LIMIT + 300),
    "socket_connect_timeout": 5,
    "socket_timeout": 10,
}
# Publishing gives up quickly when the broker is down: the outbox keeps the message (core/outbox.py).
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # Approved deregistrations dated in the future take effect on their date (00:05 daily; docs/filings.md).
    "institutions-apply-due-deregistrations": {
        "task": "institutions.tasks.apply_due_deregistrations",
        "schedule": crontab(hour=0, minute=5),
    },
    # Inclusive recognitions that start or end today change the institutions' inclusive flag (00:10 daily;
    # docs/programme.md).
    "institutions-refresh-inclusive-flags": {
        "task": "institutions.tasks.refresh_inclusive_flags",
        "schedule": crontab(hour=0, minute=10),
    },
    # Pilot designations past their validity change the institutions' pilot level (00:15 daily; docs/programme.md).
    "programme-refresh-pilot-levels": {
        "task": "programme.tasks.refresh_pilot_levels",
        "schedule": crontab(hour=0, minute=15),
    },
    # Last month's reports: reminders before the due day, overdue notices after it (08:30 daily; docs/monthly.md).
    "monthly-remind-reports": {
        "task": "monthly.tasks.remind_monthly_reports",
        "schedule": crontab(hour=8, minute=30),
    },
    # The staff registers' certificates and yearly checks falling due within 30 days (08:35 daily;
    # docs/workforce.md).
    "workforce-remind-staff-records": {
        "task": "workforce.tasks.remind_staff_records",
        "schedule": crontab(hour=8, minute=35),
    },
    # Subsidy claw-backs that became due are announced to the programme's admins (08:25 daily; docs/programme.md).
    "programme-notify-clawbacks-due": {
        "task": "programme.tasks.notify_clawbacks_due",
        "schedule": crontab(hour=8, minute=25),
    },
    # Export files past their 7 days deleted and their jobs marked expired (hourly, at minute 40).
    "exports-delete-expired": {
        "task": "exports.tasks.delete_expired_exports",
        "schedule": crontab(minute=40),
    },
    # Review-deadline, health-check and document-expiry reminders, every morning at 08:00 (CELERY_TIMEZONE).
    "filings-daily-reminders": {
        "task": "filings.tasks.send_daily_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    # Rectification orders past their deadline become overdue; inspector and operators are told (08:10 daily).
    "inspections-overdue-rectifications": {
        "task": "inspections.tasks.mark_overdue_and_notify",
        "schedule": crontab(hour=8, minute=10),
    },
    # Complaints not acknowledged within (or close to) 5 working days: their inspectors are reminded (08:20).
    "complaints-unacknowledged-reminders": {
        "task": "complaints.tasks.remind_unacknowledged",
        "schedule": crontab(hour=8, minute=20),
    },
    # Tasks queued while the broker was down (core/outbox.py), sent once it is back (every minute).
    "core-relay-outbox": {
        "task": "core.tasks.relay_outbox",
        "schedule": crontab(),
    },
    # Audit rows left unsealed by an interrupted process get their place in the hash chain (every minute).
    "accounts-seal-audit-log": {
        "task": "accounts.tasks.seal_audit_log",
        "schedule": crontab(),
    },
    # National runs a killed worker left incomplete, and lost debounced recomputes, queued again (every 5 min).
    "stats-finish-incomplete-runs": {
        "task": "stats.tasks.finish_incomplete_runs",
        "schedule": crontab(minute="*/5"),
    },
    # Every rollup of this year and the previous one, recomputed at 02:00 (docs/statistics.md).
    "stats-nightly-rollups": {
        "task": "stats.tasks.recompute_nightly",
        "schedule": crontab(hour=2, minute=0),
    },
    # Yesterday's submissions, approvals and slots added, e-mailed to the admins who opted in (07:30 daily).
    "stats-daily-progress-mail": {
        "task": "stats.tasks.send_daily_progress",
        "schedule": crontab(hour=7, minute=30),
    },
}
# Seconds between a change (approval, import...) and the recompute of its region: changes within this
# window share one run. A queued recompute not started after STATS_PENDING_STALE_SECONDS counts as lost.
STATS_RECOMPUTE_DELAY = env_int("STATS_RECOMPUTE_DELAY", 5)
STATS_PENDING_STALE_SECONDS = env_int("STATS_PENDING_STALE_SECONDS", 600)
# A national run not finished this long after it was asked for (or last resumed) is resumed by the watchdog.
STATS_RUN_STALE_SECONDS = env_int("STATS_RUN_STALE_SECONDS", 600)
# Exports (docs/exports.md): up to EXPORT_MAX_SYNC_ROWS rows are streamed at once; a larger export is written
# by a Celery job (progress recorded every EXPORT_PROGRESS_EVERY rows) into private storage and offered to the
# user who asked for EXPORT_RETENTION_DAYS days.
EXPORT_MAX_SYNC_ROWS = env_int("EXPORT_MAX_SYNC_ROWS", 5000)
# Drafts an operator may have open at once (a new one is refused with a message beyond it).
FILING_MAX_OPEN_DRAFTS = env_int("FILING_MAX_OPEN_DRAFTS", 20)
EXPORT_PROGRESS_EVERY = env_int("EXPORT_PROGRESS_EVERY", 500)
EXPORT_RETENTION_DAYS = env_int("EXPORT_RETENTION_DAYS", 7)

# E-mail (notices, the daily progress mail, password resets). The console backend prints messages: production sets
# EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and the SMTP server below (check --deploy warns otherwise,
# tuoyu_portal/checks.py).
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "noreply@tuoyu.invalid")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)  # STARTTLS, usually port 587
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)  # implicit TLS, usually port 465
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL exclude each other: set one of them")
# Scheme and host put before the portal paths of notification e-mails ("https://tuoyu.example.gov.cn"): without it
# the links in e-mails are bare paths (check --deploy warns).
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL", "").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # django-axes logs every log-in at INFO; failures and lockouts are in the audit log instead.
    "loggers": {"axes": {"level": "WARNING"}},
}

PORTAL_NAME = _("托育机构备案与监管平台")
