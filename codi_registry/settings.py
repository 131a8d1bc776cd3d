"""Settings for the CODI partnership registry.

Everything that differs between a laptop and production is read from the environment (or a
`.env` file beside manage.py); `.env.example` documents every variable. With no configuration at
all the site runs in development mode on an SQLite file in the project.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

# A development key is only acceptable while DEBUG is on; production must bring its own.
# Without one, the WSGI/ASGI application refuses to start (codi_registry/serving.py), Django
# refuses anything that signs (sessions, CSRF), and `check --deploy` fails; commands that sign
# nothing (makemigrations, check) still run, so tooling works on a bare checkout.
_DEV_SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else "")

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Security: with DEBUG off every value below is the strict one, so production passes
# `check --deploy` with only SECRET_KEY and ALLOWED_HOSTS set. DEBUG relaxes what a laptop on
# plain http needs relaxed. docs/security.md explains each setting and the proxy set-up.
# HTTPS=false says the site is reached over plain http (a smoke test of `make serve` on a local
# port, a closed network): no redirect to https, no HSTS, cookies not limited to https. Unset, it
# follows DEBUG, so production stays https-only unless someone writes HTTPS=false on purpose.
HTTPS = env.bool("HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=HTTPS)
# Only behind a proxy that terminates TLS and always sets X-Forwarded-Proto itself: anywhere
# else a client could send the header and pass for HTTPS.
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 60 * 60 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=HTTPS)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=HTTPS)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
# No script reads the CSRF token from the cookie: forms carry it in a hidden field.
CSRF_COOKIE_HTTPONLY = True
# Sessions live in the database (Django's default, written out so nobody swaps it unawares):
# every app server sees every staff session, and the cache may be flushed without logging
# anyone out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# A staff session ends after this long without a request (every request restarts the clock,
# which costs one session write per staff request) and when the browser closes.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "import_export",
    # Background jobs: the Tasks API and its database queue (TASKS below).
    "django_tasks",
    "django_tasks_db",
    # Project-wide commands (benchmark).
    "codi_registry",
    # Shared building blocks: Thai calendar and text (template filters), and the spreadsheet
    # imports' engine with its uploaded files and jobs.
    "thai",
    "importing",
    # Domain apps, each building on the ones above it.
    "geography",
    "partners",
    "agreements",
    "budgets",
    "tracking",
    "proposals",
    # The public site composed from them, and the demo data.
    "public",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Refuses control characters and broken UTF-8 in the path (404) and query string (400)
    # before anything looks them up (codi_registry/middleware.py); after the two above, so its
    # error pages still carry the security headers.
    "codi_registry.middleware.HostileInputMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Per-client limit on PDFs and full exports (codi_registry/ratelimits.py): before the page
    # cache, so cached downloads count too; after LocaleMiddleware, which /en/ addresses need.
    "codi_registry.ratelimits.DownloadRateLimitMiddleware",
    # Gzip for pages with no secret on them (codi_registry/compression.py): outside the page
    # cache, which keeps pages uncompressed and serves each client the encoding it accepts.
    "codi_registry.compression.PublicGZipMiddleware",
    # Pages for anonymous visitors from the cache (pagecache/): after LocaleMiddleware, which
    # picks the language in the key, and before everything that may set a cookie.
    "pagecache.middleware.PageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records the logged-in user on every history entry written during a request.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy (django-csp): scripts only from this site's own files, never inline,
# and no page may be framed. Styles allow 'unsafe-inline' for the style="" attributes of
# third-party admin templates (django-simple-history's history page).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

ROOT_URLCONF = "codi_registry.urls"
WSGI_APPLICATION = "codi_registry.wsgi.application"
ASGI_APPLICATION = "codi_registry.asgi.application"

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
                "public.context_processors.social",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Persistent connections save a connect per request; health checks drop broken ones.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# PostgreSQL's JIT compiles a query whenever its *estimated* cost is high, and the correlated
# subqueries of the partnership pages look costly: compiling took 0.5-2 s of queries that run in
# 0.1 s (docs/performance.md). This site runs short queries only, so JIT is off for its
# connections; DATABASE_JIT=true turns it back on.
if DATABASES["default"]["ENGINE"].endswith("postgresql") and not env.bool(
    "DATABASE_JIT", default=False
):
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
# The planner's price of reading a page out of order, for this site's connections: 1.1 as for
# a database on SSD or in memory, where PostgreSQL's default (4, for spinning disks) makes it
# scan a whole table rather than follow an index from one province's agreements to their rows
# (17 ms against 4 ms for a province's follow-ups at national scale, docs/performance.md).
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    options = DATABASES["default"].setdefault("OPTIONS", {})
    cost = env.float("DATABASE_RANDOM_PAGE_COST", default=1.1)
    options["options"] = f"{options.get('options', '')} -c random_page_cost={cost}".strip()
# Parameters bound by the server, and a query that a connection sends a second time prepared
# once: PostgreSQL then skips planning it (a page's joins took 0.4-1.2 ms to plan and 0.1-0.5 ms
# to run; docs/performance.md). Behind a pooler that cannot keep prepared statements (PgBouncer
# in transaction mode before 1.21), set DATABASE_PREPARED_STATEMENTS=false.
if DATABASES["default"]["ENGINE"].endswith("postgresql") and env.bool(
    "DATABASE_PREPARED_STATEMENTS", default=True
):
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["server_side_binding"] = True
    options["prepare_threshold"] = 2
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache: local memory by default (one process); Redis when several processes serve the site,
# e.g. CACHE_URL=redis://127.0.0.1:6379/1, always through Django's own Redis backend.
CACHE_URL = env.str("CACHE_URL", default="locmemcache://")
CACHES = {
    "default": env.cache_url_config(
        CACHE_URL,
        backend="django.core.cache.backends.redis.RedisCache"
        if CACHE_URL.startswith("redis")
        else None,
    ),
    # This process's own counters, for the download limit while the default cache does not
    # answer (codi_registry/ratelimits.py).
    "local": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "local-counters",
    },
}
if CACHE_URL.startswith("redis"):
    # The cache is an accelerator (pagecache/backend.py): a Redis that does not answer must
    # cost a request a fraction of a second, not hang it.
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"socket_connect_timeout": 0.25, "socket_timeout": 0.5, "retry_on_timeout": False}
    )

# records/compiled.py: the pages' fixed-shape queries are compiled to SQL once per process. With
# this on, every such query is also compiled as Django would and must give the same SQL and
# parameters (the tests turn it on; it costs what the reuse saves).
COMPILED_QUERIES_CHECK = env.bool("COMPILED_QUERIES_CHECK", default=False)

# Public pages and exports for anonymous visitors, from the cache above (pagecache/). A page is
# kept at most PAGE_CACHE_SECONDS; any audited change is seen on the next request anyway,
# because the key holds the data version (pagecache/version.py).
PAGE_CACHE = env.bool("PAGE_CACHE", default=True)
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
PAGE_CACHE_MAX_BYTES = env.int("PAGE_CACHE_MAX_BYTES", default=5 * 1024 * 1024)
# Staff pages, and attachments, whose visibility depends on the user.
PAGE_CACHE_SKIP_PATHS = ["/admin/", "/attachments/"]

# PDFs and full exports one client may ask for, as django-ratelimit's "count/period" (s, m, h,
# d); empty for no limit. Counters are kept in the cache above.
DOWNLOAD_RATE_LIMIT = env.str("DOWNLOAD_RATE_LIMIT", default="30/m")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes): the sixth wrong password for a username locks that account,
# from whatever address, for AXES_COOLOFF_MINUTES; meanwhile even the right password is refused
# and every new attempt restarts the period. `manage.py axes_reset_username <name>` unlocks.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 6  # axes locks once failures >= the limit: the sixth failure locks
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Where a login goes when its `next=` is missing or leads off the site: staff work in the admin
# (Django's default, /accounts/profile/, is no page here).
LOGIN_REDIRECT_URL = "admin:index"
# The client's address, for axes' records: REMOTE_ADDR unless a proxy is declared. Behind one,
# X-Forwarded-For is read and must hold exactly this many proxies after the client
# (django-ipware's count: 0 for one nginx that sets X-Forwarded-For to $remote_addr).
AXES_IPWARE_PROXY_COUNT = env.int("AXES_IPWARE_PROXY_COUNT", default=None)
if AXES_IPWARE_PROXY_COUNT is not None:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
# No start-up banner on every manage.py command: cron mails whatever a command prints.
AXES_VERBOSE = False

# System checks that are wrong about this project, each with the reason.
SILENCED_SYSTEM_CHECKS = [
    # "Add ip_address to AXES_LOCKOUT_PARAMETERS, or rotating user agents or cookies bypasses
    # the limit": locking by username counts every attempt on the account, whatever its address,
    # user agent or cookies (tests/site/test_security.py). Locking addresses as well would lock
    # a whole office behind one NAT address, or everyone when a proxy is not declared.
    "axes.W006",
]

# Thai first: the root serves Thai, English lives under /en/.
LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
# The project's strings; then Thai for Django's, django-simple-history's and django-axes's admin
# strings their own catalogues lack (kept apart: `make messages` would drop them from the first).
# Both come before the apps' catalogues, so their translations win.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "upstream"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
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

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="registry@codi.or.th")
# SMTP in one variable, e.g. smtp+tls://user:password@mail.example.org:587 (django-environ).
if "EMAIL_URL" in env:
    vars().update(env.email_url("EMAIL_URL"))

# The site's own address, for links in e-mails (no trailing slash).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# An agreement counts as "expiring" when it is active and ends within this many days.
EXPIRING_WITHIN_DAYS = env.int("EXPIRING_WITHIN_DAYS", default=90)

# Partnership tracking: a province with an agreement in force is "working" while its latest
# published follow-up is at most this many months old, "stalled" after; a new agreement is
# "signed" (not yet stalled) for this many months after its signing.
PARTNERSHIP_FOLLOWUP_MONTHS = env.int("PARTNERSHIP_FOLLOWUP_MONTHS", default=12)
# A proposal at one step longer than this is listed in its region's weekly follow-up digest.
PROPOSAL_WAITING_MONTHS = env.int("PROPOSAL_WAITING_MONTHS", default=PARTNERSHIP_FOLLOWUP_MONTHS)
# A transfer of budget money with no spending report received this many months after it is
# "overdue": listed in the staff report of transfers awaiting a report and in the digest.
SPENDING_REPORT_DUE_MONTHS = env.int("SPENDING_REPORT_DUE_MONTHS", default=3)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# Attachments (signed copies, photos, annexes): checked by content, at most this size.
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Spreadsheet imports (docs/import.md, "Limits"): a file over any of these is refused whole with
# a Thai reason before it is read further; nothing is written.
IMPORT_MAX_FILE_BYTES = env.int("IMPORT_MAX_FILE_BYTES", default=10 * 1024 * 1024)
# An XLSX is a ZIP: what its members declare they unpack to, in all, and how tightly one of
# over 1 MB may be packed (a "zip bomb" of one 300 MB cell packs 1000 to 1). openpyxl holds a
# workbook's shared strings in memory, so this bounds the memory a file costs too.
IMPORT_MAX_UNPACKED_BYTES = env.int("IMPORT_MAX_UNPACKED_BYTES", default=50 * 1024 * 1024)
IMPORT_MAX_COMPRESSION_RATIO = env.int("IMPORT_MAX_COMPRESSION_RATIO", default=100)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=50_000)
# Excel's own limit for a cell.
IMPORT_MAX_CELL_CHARS = env.int("IMPORT_MAX_CELL_CHARS", default=32_767)
# Reading and checking a file, and writing its rows, each stop after this long.
IMPORT_MAX_SECONDS = env.int("IMPORT_MAX_SECONDS", default=600)
# Files with more data rows than this are previewed and imported as background jobs; the admin
# shows their progress. Uploaded files wait this long for their confirmation.
IMPORT_JOB_ROWS = env.int("IMPORT_JOB_ROWS", default=500)
IMPORT_FILE_HOURS = env.int("IMPORT_FILE_HOURS", default=24)
# A job that took longer than this e-mails the user who started it the link to its result.
IMPORT_EMAIL_AFTER_SECONDS = env.int("IMPORT_EMAIL_AFTER_SECONDS", default=60)

# The admin's exports (docs/reports.md, "Large exports"): a selection of more rows than this is
# written by a background job, whose page links to the file for the user who asked for it
# (kept EXPORT_FILE_HOURS); smaller ones stream at once. At national scale 5,000 agreements or
# allocations take a few seconds as XLSX, all of them 8 to 13 s.
EXPORT_JOB_ROWS = env.int("EXPORT_JOB_ROWS", default=5_000)
EXPORT_FILE_HOURS = env.int("EXPORT_FILE_HOURS", default=24)
# A job still running after twice this shows as stopped (its worker was killed).
EXPORT_MAX_SECONDS = env.int("EXPORT_MAX_SECONDS", default=600)
EXPORT_EMAIL_AFTER_SECONDS = env.int("EXPORT_EMAIL_AFTER_SECONDS", default=60)

# Background jobs (docs/deployment.md, "Workers"): Django's Tasks API (the django-tasks
# backport). "immediate" runs a job at once in the process that starts it, so `make run` and the
# tests need no worker; "database" queues it in the database for `manage.py db_worker`
# (`make worker`), which production runs beside `make serve`.
TASKS_BACKEND = env.str("TASKS_BACKEND", default="immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASKS_BACKEND],
    }
}

# Public filter forms: the "no filter" choice of every drop-down.
FILTERS_EMPTY_CHOICE_LABEL = _("All")

# The open-data API (/api/): public, read-only, JSON only. No authentication classes, so no
# session or CSRF handling on these endpoints; the admin keeps its own login.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_FILTER_BACKENDS": [
        "opendata.filters.QueryChecks",
        "opendata.filters.OpenDataFilterBackend",
    ],
    "DEFAULT_SCHEMA_CLASS": "codi_registry.openapi.OpenDataSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CODI partnership registry open data",
    "DESCRIPTION": (
        "Published partnership agreements (MOUs) of Thailand's Community Organizations "
        "Development Institute (CODI), their parties, clauses and duties, and budget "
        "allocations by province, fiscal year and programme. Read-only JSON; personal contact "
        "details are never included. The fields, code lists and dates are described at "
        "[/open-data/](/open-data/).\n\n"
        "ข้อมูลเปิดของทะเบียนความร่วมมือภาคีเครือข่าย สถาบันพัฒนาองค์กรชุมชน (พอช.): "
        "บันทึกข้อตกลงความร่วมมือที่เผยแพร่แล้ว ภาคี ขอบเขตความร่วมมือ บทบาทหน้าที่ "
        "และงบประมาณรายจังหวัด ปีงบประมาณ และแผนงาน ในรูปแบบ JSON สำหรับอ่านอย่างเดียว "
        "ไม่มีข้อมูลติดต่อส่วนบุคคล"
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from this site's static files (drf-spectacular-sidecar), never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No badge fetched from validator.swagger.io. No deep links: Swagger UI puts each one
    # inside the operation's button, a link in a button that keyboards cannot reach (axe-core).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "validatorUrl": None},
    "ENUM_NAME_OVERRIDES": {
        "AgreementKindEnum": "agreements.models.Agreement.Kind",
        "AgreementStatusEnum": "agreements.models.Agreement.Status",
        "TermModeEnum": "agreements.models.Agreement.TermMode",
        "PartyRoleEnum": "agreements.models.AgreementParty.Role",
        "OrganisationKindEnum": "partners.models.Organisation.Kind",
        # A proposal's status and its steps share one code list.
        "ProposalStatusEnum": "proposals.models.Proposal.Status",
        "ProposalLevelEnum": "proposals.models.Proposal.Level",
    },
}

# Audit trail (django-simple-history): history is read-only; nobody "reverts" from it.
SIMPLE_HISTORY_REVERT_DISABLED = True
