"""Progress updates and follow-up digests moved from agreements to tracking (agreements/0016,
tracking/0001) without losing a row: a registry with the demo data, progress updates, review
steps and digests is migrated back to before the move and forward again, in a database of its
own, and every row, its history and the permissions staff hold on it are compared."""

import json
import os
import subprocess
import sys
import uuid

import pytest
from django.db import connection

from tests.live import ROOT

# Run inside `manage.py shell`: rows of every kind the move touches, and a snapshot of them.
FILL = """
import datetime
from django.core.management import call_command
from agreements.models import Agreement, AgreementParty, ScopeClause, Responsibility
from agreements import review
from geography.models import Region
from tracking.models import ProgressUpdate, FollowupDigest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

call_command("load_demo_data", verbosity=0)
# Before agreements 0023 an organisation held one role per agreement, so migrating back past it
# needs the demo's presiding officials without their second role, as witnesses.
for presiding in AgreementParty.objects.filter(role="presiding"):
    AgreementParty.objects.filter(
        agreement=presiding.agreement, organisation=presiding.organisation, role="witness"
    ).delete()
user = get_user_model().objects.create(username="mover", is_staff=True)
for n, clause in enumerate(ScopeClause.objects.order_by("pk")[:3]):
    ProgressUpdate.objects.create(
        clause=clause, status="in_progress", recorded_on=datetime.date(2026, 1, n + 1),
        note_th=f"คืบหน้า {n}",
    )
duty = Responsibility.objects.order_by("pk").first()
update = ProgressUpdate.objects.create(
    responsibility=duty, status="done", recorded_on=datetime.date(2026, 2, 1)
)
update.note_th = "แก้ไขแล้ว"
update.save()
FollowupDigest.objects.create(
    region=Region.objects.get(code="NORTHEAST"), week=datetime.date(2026, 11, 30),
    recipients="isan@example.org", agreement_count=2,
)
agreement = Agreement.objects.order_by("pk").first()
agreement.review_state = Agreement.ReviewState.DRAFT
agreement.is_published = False
agreement.save()
review.agreement_submit(agreement=agreement, user=user)
"""

SNAPSHOT = """
import json
from django.db import connection
from django.contrib.auth.models import Group

def rows(table, columns="*"):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} ORDER BY 1")
        return [[str(value) for value in row] for row in cursor.fetchall()]

# The columns the move carried; later migrations add others (tracking/0006's review columns).
PROGRESS = "id, recorded_on, status, note_th, note_en, created_at, activity_id, clause_id, " \
    "responsibility_id"
prefix = "%(prefix)s"
print(json.dumps({
    "progress": rows(f"{prefix}_progressupdate", PROGRESS),
    "progress_history": rows(
        f"{prefix}_historicalprogressupdate",
        f"history_id, {PROGRESS}, history_type, history_change_reason",
    ),
    "digests": rows(f"{prefix}_followupdigest"),
    "reviews": rows("agreements_reviewstep"),
    "agreements": rows("agreements_agreement"),
    "search": rows("agreements_searchdocument"),
    "group_permissions": sorted(
        f"{p.content_type.app_label}.{p.codename}:{g.name}"
        for g in Group.objects.all() for p in g.permissions.all()
        if p.codename.endswith(("progressupdate", "followupdigest"))
    ),
}))
"""


@pytest.fixture
def database_url(tmp_path):
    """A database of the test's own: a file beside the test on SQLite, a new database on
    PostgreSQL (made and dropped outside the test's transaction)."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'moves.sqlite3'}"
        return
    import psycopg

    settings = connection.settings_dict
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    server = f"postgres://{settings['USER']}{password}@{host}:{port}"
    name = f"codi_moves_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"{server}/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(database_url, *arguments, script=None):
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "false"}
    env.setdefault("SECRET_KEY", "test-only-secret-key-for-the-migration-test-0000000000")
    command = [sys.executable, str(ROOT / "manage.py"), *arguments]
    if script is not None:
        command += ["shell", "-c", script]
    result = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def snapshot(database_url, prefix):
    out = manage(database_url, script=SNAPSHOT % {"prefix": prefix})
    return json.loads(out.strip().splitlines()[-1])


@pytest.mark.slow
@pytest.mark.postgresql_once  # production's data is on PostgreSQL
@pytest.mark.django_db
def test_the_move_to_tracking_keeps_every_row_both_ways(database_url):
    manage(database_url, "migrate", "--noinput", "-v0")
    manage(database_url, script=FILL)
    after = snapshot(database_url, "tracking")
    assert len(after["progress"]) == 4
    assert len(after["progress_history"]) == 5  # four made, one of them changed
    assert len(after["digests"]) == 1 and len(after["reviews"]) == 1
    assert "tracking.add_progressupdate:Regional staff" in after["group_permissions"]

    manage(database_url, "migrate", "agreements", "0015", "--noinput", "-v0")
    before = snapshot(database_url, "agreements")
    assert before["group_permissions"] == [
        permission.replace("tracking.", "agreements.") for permission in after["group_permissions"]
    ]
    assert {**before, "group_permissions": None} == {**after, "group_permissions": None}

    manage(database_url, "migrate", "--noinput", "-v0")
    assert snapshot(database_url, "tracking") == after
