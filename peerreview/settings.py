"""Settings for the peer review programme manager: one module, read from the environment.

Defaults give the embedded runtime (SQLite file, Celery eager, console email) so that
`make run` works on a bare machine. Production sets DATABASE_URL, CELERY_BROKER_URL,
EMAIL_URL, SECRET_KEY, ALLOWED_HOSTS and leaves DEBUG off.
"""

import sys
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# A development key is used only where nothing is served or signed for real: with DEBUG on,
# or for manage.py's housekeeping commands (check, makemigrations...). A web or worker process
# with DEBUG off refuses to start without SECRET_KEY, and `check --deploy` flags the
# development key wherever it is used.
_DEVELOPMENT_KEY = "django-insecure-development-only-key-never-used-in-production"
_HOUSEKEEPING = Path(sys.argv[0]).name == "manage.py" and sys.argv[1:2] not in (
    ["runserver"],
    ["shell"],
)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not (DEBUG or _HOUSEKEEPING):
        raise ImproperlyConfigured("Set the SECRET_KEY environment variable")
    SECRET_KEY = _DEVELOPMENT_KEY
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Whether the demo world (seed_demo) may be built: never in production.
DEMO_DATA_ALLOWED = env.bool("DEMO_DATA_ALLOWED", default=DEBUG)

INSTALLED_APPS = [
    "peerreview.apps.PeerReviewAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "crispy_forms",
    "crispy_forms_gds",
    "simple_history",
    "axes",
    "django_filters",
    "core",
    "accounts",
    "documents",
    "offers",
    "applications",
    "reviewers",
    "improvement",
    "performance",
    "selfassessment",
    "challenges",
]

MIDDLEWARE = [
    # First: work a request leaves for after its response runs once the server has sent it.
    "core.middleware.AfterResponseMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.SessionTimeoutMiddleware",
    "core.middleware.HtmxSignInMiddleware",
    "core.middleware.SignedInNoStoreMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "peerreview.urls"
WSGI_APPLICATION = "peerreview.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.service",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
# The embedded SQLite default must cope with a handful of people at once: readers do not
# block the writer (WAL), a writer waits for the lock instead of failing at once, and a
# transaction takes the write lock when it starts, so two never deadlock upgrading theirs.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# --- Accounts and sign-in -------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first, so a locked-out person is refused before their password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
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
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "start"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 3  # three hours, in seconds

# Sessions end after SESSION_IDLE_MINUTES without a request, and SESSION_ABSOLUTE_HOURS after
# sign-in whatever the activity (core.middleware.SessionTimeoutMiddleware).
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_ABSOLUTE_HOURS = env.int("SESSION_ABSOLUTE_HOURS", default=10)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# Saved when it changes; SessionTimeoutMiddleware records activity (and so refreshes the
# cookie's age) once a minute at most.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Lockout after repeated failed sign-ins (django-axes). Counted per email address and per
# client address; either reaching the limit locks. The client address is read from
# X-Forwarded-For only through the number of proxies we run ourselves (TRUSTED_PROXY_COUNT),
# so a header forged by the client can neither dodge the lockout nor lock out someone else.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
# Locked per account and, separately, per client address. The sign-in form posts the email
# address as `username`; accounts.lockout normalises it (axes would otherwise look for the
# user model's USERNAME_FIELD, `email`, find nothing, and count every failure against nobody).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.lockout.username_tried"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "core.net.client_ip_address"
AXES_VERBOSE = False

# --- Email and tasks ------------------------------------------------------------------------


def _mailer_from_url(config: dict) -> dict:
    """Django 6.1's MAILERS entry for what django-environ read from EMAIL_URL
    (smtp://, smtp+tls://, smtp+ssl://, consolemail://, filemail://, memorymail://)."""
    backend = config["EMAIL_BACKEND"]
    options = {}
    if backend.endswith("smtp.EmailBackend"):
        options = {
            "host": config.get("EMAIL_HOST") or "localhost",
            "port": config.get("EMAIL_PORT") or 25,
            "username": config.get("EMAIL_HOST_USER") or "",
            "password": config.get("EMAIL_HOST_PASSWORD") or "",
            "use_tls": bool(config.get("EMAIL_USE_TLS")),
            "use_ssl": bool(config.get("EMAIL_USE_SSL")),
            "timeout": 20,
        }
    elif backend.endswith("filebased.EmailBackend"):
        options = {"file_path": config.get("EMAIL_FILE_PATH") or str(BASE_DIR / "sent-email")}
    return {"BACKEND": backend, "OPTIONS": options}


MAILERS = {"default": _mailer_from_url(env.email_url("EMAIL_URL", default="consolemail://"))}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="peer-review@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The email outbox (core.outbox): a failed send is tried again with backoff (1, 2, 4 ... minutes,
# at most an hour) up to OUTBOX_MAX_ATTEMPTS times; an email carrying a sign-in link is not sent
# once its link would have expired; sent emails are kept OUTBOX_KEEP_DAYS for support.
OUTBOX_MAX_ATTEMPTS = 12
OUTBOX_LINK_EMAIL_AGE = timedelta(seconds=PASSWORD_RESET_TIMEOUT)
OUTBOX_KEEP_DAYS = env.int("OUTBOX_KEEP_DAYS", default=90)

# Unset broker: tasks run eagerly in the web process (the embedded default).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
# Nothing in the service reads a task's result, so none is kept. Keeping them would make each
# message sent subscribe for its result on Redis: with Redis down, a request would then wait
# about 20 s before giving up, and the process would need a restart. (Tests that wait for a
# result ask for it: apply_async(ignore_result=False).)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_WORKER_MAX_MEMORY_PER_CHILD = 400_000  # KiB
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Tasks are idempotent, redelivered after the visibility timeout: Celery 6's default, no warning.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/London"
# The sweeps have a queue of their own, so a backlog of renders or emails never delays them:
# every worker takes both queues unless told otherwise (-Q); production runs one worker
# for the sweeps alone (README).
CELERY_TASK_QUEUES = (Queue("celery"), Queue("sweeps"))
CELERY_TASK_ROUTES = {
    "documents.tasks.sweep_documents": {"queue": "sweeps"},
    "core.tasks.deliver_outbox": {"queue": "sweeps"},
}
# Periodic tasks, run by `celery -A peerreview beat` beside the workers (defined here in code:
# django-celery-beat does not install on Django 6.1).
CELERY_BEAT_SCHEDULE = {
    # Emails whose delivery could not be queued (the broker was down) or is to be tried again.
    "deliver-outbox": {
        "task": "core.tasks.deliver_outbox",
        "schedule": timedelta(minutes=1),
    },
    "purge-outbox": {
        "task": "core.tasks.purge_outbox",
        "schedule": timedelta(days=1),
    },
    # Every 15 s: with a render silent for DOCUMENTS_STUCK_AFTER_SECONDS (15 s) counted as
    # stuck, a render whose worker died is given to another within about 30 s of a worker being
    # up. Two indexed queries that usually find nothing.
    "sweep-generated-documents": {
        "task": "documents.tasks.sweep_documents",
        "schedule": timedelta(seconds=15),
    },
    "purge-old-generated-documents": {
        "task": "documents.tasks.purge_documents",
        "schedule": timedelta(days=1),
    },
    # Each morning, London time (CELERY_TIMEZONE), before people start work.
    "send-milestone-reminders": {
        "task": "challenges.tasks.send_milestone_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    # Each night: evidence notes past their retention period (EVIDENCE_KEEP_DAYS).
    "delete-old-evidence": {
        "task": "challenges.tasks.delete_old_evidence",
        "schedule": crontab(hour=2, minute=30),
    },
    # Each morning: late self-assessments (selfassessment.reminders), one reminder a day.
    "send-self-assessment-reminders": {
        "task": "selfassessment.tasks.send_self_assessment_reminders",
        "schedule": crontab(hour=7, minute=10),
    },
}
# Generated documents (the documents app). A render is stopped after the soft limit (the document
# is marked failed) and killed after the hard one (the sweep finds it later); a document is
# tried at most DOCUMENTS_MAX_ATTEMPTS times; one still queued after the grace period (its
# message was lost, e.g. the broker was down) is queued again by the sweep.
DOCUMENTS_RENDER_SOFT_TIME_LIMIT = env.int("DOCUMENTS_RENDER_SOFT_TIME_LIMIT", default=120)
DOCUMENTS_RENDER_TIME_LIMIT = env.int("DOCUMENTS_RENDER_TIME_LIMIT", default=150)
DOCUMENTS_MAX_ATTEMPTS = 3
DOCUMENTS_QUEUED_GRACE_SECONDS = 60
# A render records that it is alive every DOCUMENTS_HEARTBEAT_SECONDS; one not heard from for
# DOCUMENTS_STUCK_AFTER_SECONDS has lost its worker (killed, out of memory, host restarted),
# and the sweep, every 15 s on its own queue, gives it to another: a render whose worker died
# is tried again within about 30 s of a worker being up, and one still running is never taken.
DOCUMENTS_HEARTBEAT_SECONDS = env.int("DOCUMENTS_HEARTBEAT_SECONDS", default=5)
DOCUMENTS_STUCK_AFTER_SECONDS = 3 * DOCUMENTS_HEARTBEAT_SECONDS
# A message a worker took and never acknowledged (the worker died) goes back to the queue after
# the broker's visibility timeout: set from the time limits, longer than a task may run, so a
# task still running is never given to a second worker (Redis's default is an hour). A dead
# render is rescued sooner, by its heartbeat and the sweep.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": max(CELERY_TASK_TIME_LIMIT, DOCUMENTS_RENDER_TIME_LIMIT) + 60
}
# Finished documents (and their files) are deleted this many days after they were asked for;
# they are made from current data, so anyone who needs one again asks for a fresh one.
DOCUMENTS_KEEP_DAYS = env.int("DOCUMENTS_KEEP_DAYS", default=30)
# How long /healthz waits for the broker before calling it down.
HEALTHZ_BROKER_TIMEOUT = env.float("HEALTHZ_BROKER_TIMEOUT", default=2.0)

# --- Internationalisation -------------------------------------------------------------------

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English")), ("cy", _("Welsh"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Supporting documents for applications: PDF, Word, Excel or CSV, each at most this size.
APPLICATION_UPLOAD_MAX_BYTES = env.int("APPLICATION_UPLOAD_MAX_MB", default=10) * 2**20

# Someone who left an organisation may not review it for this many years.
CONFLICT_PREVIOUS_EMPLOYER_YEARS = env.int("CONFLICT_PREVIOUS_EMPLOYER_YEARS", default=3)

# A milestone's owners are reminded this many days before its due date (and again the day
# after it, if it is still not done).
MILESTONE_REMINDER_DAYS_BEFORE = env.int("MILESTONE_REMINDER_DAYS_BEFORE", default=7)

# A challenge's evidence notes are deleted this many days after its report is published (the
# findings and the report stay): challenges.retention.
EVIDENCE_KEEP_DAYS = env.int("EVIDENCE_KEEP_DAYS", default=90)

# --- Forms ----------------------------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# --- Security -------------------------------------------------------------------------------

# No inline script or style anywhere: scripts carry the per-request nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_HTTPONLY = True
if TRUSTED_PROXY_COUNT:
    # Behind our own TLS-terminating proxy, which sets this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Service --------------------------------------------------------------------------------

SERVICE_NAME = _("Peer review programme manager")
SERVICE_PHASE = env.str("SERVICE_PHASE", default="beta")
# The address people reach the service at, for links in emails.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
FEEDBACK_EMAIL = env.str("FEEDBACK_EMAIL", default="peer-review-feedback@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint reports each rendering step at INFO; its warnings (e.g. a refused URL) stay.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
