"""The restore drill of docs/operations.md ("Backup and restore"), run for real.

Each test fills a "live" database through `manage.py` in subprocesses, exactly as an installation
is filled, backs it up with the commands the documentation gives (or their Python equivalents),
restores the backup somewhere new and checks that Django accepts the copy and that it holds the
same rows and the same attachment bytes. `make backup-drill` runs only this file.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connection

from tests.documents import pdf

ROOT = Path(__file__).resolve().parents[2]
MANAGE = [sys.executable, str(ROOT / "manage.py")]
# Real processes, databases and archives: tens of seconds.
pytestmark = pytest.mark.slow

PDF = pdf()  # a real one: every stored file passed the upload checks

# Run by `manage.py shell -c`: one attachment on the first agreement, stored through the ORM (so
# under MEDIA_ROOT/attachments/ with a generated name) after the same checks the admin makes.
ADD_ATTACHMENT = f"""
from django.core.files.base import ContentFile
from agreements.models import Agreement, Attachment
attachment = Attachment(agreement=Agreement.objects.order_by("pk").first(), title_th="สำเนาที่ลงนาม")
attachment.file.save("signed-copy.pdf", ContentFile({PDF!r}), save=False)
attachment.full_clean()
attachment.save()
"""

# Run by `manage.py shell -c`: what the drill compares between the live and the restored copy.
# Attachments are read through the storage, i.e. from the MEDIA_ROOT the process was given.
INVENTORY = """
import json
from django.apps import apps
from agreements.models import Attachment
models = ["agreements.Agreement", "agreements.AgreementParty", "agreements.ScopeClause",
          "agreements.Responsibility", "budgets.Allocation", "partners.Organisation",
          "geography.Province", "geography.Subdistrict"]
counts = {label: apps.get_model(label).objects.count() for label in models}
attachments = {}
for attachment in Attachment.objects.order_by("pk"):
    with attachment.file.open("rb") as f:
        attachments[attachment.file.name] = f.read().hex()
print(json.dumps({"counts": counts, "attachments": attachments}))
"""


def run(*command, env=None):
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, (
        f"{' '.join(command[:3])} exited {result.returncode}\n"
        f"{result.stdout[-2000:]}\n{result.stderr[-4000:]}"
    )
    return result.stdout


def manage(*args, database_url, media_root):
    env = {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
    }
    return run(*MANAGE, *args, env=env)


def inventory(**where):
    # -v 0: without it Django's shell first prints a line about the models it imported.
    return json.loads(manage("shell", "-v", "0", "-c", INVENTORY, **where))


def assert_restored_copy_works(live_inventory, **restored):
    manage("check", **restored)
    manage("migrate", "--check", **restored)  # exits 1 if any migration is not applied
    assert inventory(**restored) == live_inventory


@pytest.mark.sqlite_once
def test_sqlite_backup_restores_the_database_and_the_attachments(tmp_path):
    live_db, live_media = tmp_path / "live.sqlite3", tmp_path / "media"
    live = {"database_url": f"sqlite:///{live_db}", "media_root": live_media}
    manage("migrate", "--noinput", "-v0", **live)
    manage("load_demo_data", **live)
    manage("shell", "-c", ADD_ATTACHMENT, **live)
    before = inventory(**live)
    assert before["counts"]["agreements.Agreement"] > 0
    assert before["counts"]["budgets.Allocation"] > 0
    assert list(before["attachments"].values()) == [PDF.hex()]
    [name] = before["attachments"]
    assert name.startswith("attachments/") and (live_media / name).is_file()

    # Back up as docs/operations.md says: sqlite3's online backup, and a tar of MEDIA_ROOT.
    backups = tmp_path / "backups"
    backups.mkdir()
    db_backup = backups / "codi.sqlite3"
    media_backup = backups / "media.tar.gz"
    source, target = sqlite3.connect(live_db), sqlite3.connect(db_backup)
    source.backup(target)
    source.close()
    target.close()
    with tarfile.open(media_backup, "w:gz") as tar:
        tar.add(live_media, arcname=".")

    # The machine is lost: only the backups are left to restore from.
    live_db.unlink()
    shutil.rmtree(live_media)

    restored_db, restored_media = tmp_path / "restored.sqlite3", tmp_path / "restored-media"
    shutil.copyfile(db_backup, restored_db)
    restored_media.mkdir()
    with tarfile.open(media_backup, "r:gz") as tar:
        tar.extractall(restored_media, filter="data")

    assert (restored_media / name).read_bytes() == PDF
    assert_restored_copy_works(
        before, database_url=f"sqlite:///{restored_db}", media_root=restored_media
    )


@pytest.mark.postgresql_once
def test_postgresql_dump_restores_into_an_empty_database(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL drill runs only when the tests run on PostgreSQL")
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump and pg_restore are not installed (apt-get install postgresql-client)")
    import psycopg
    from psycopg import sql

    server = urlsplit(os.environ["DATABASE_URL"])

    def url(name):
        return server._replace(path=f"/{name}").geturl()

    stem = f"codi_drill_{uuid.uuid4().hex[:12]}"
    live_name, restored_name = f"{stem}_live", f"{stem}_restored"
    media = tmp_path / "media"  # no attachments here: the media folder is the SQLite drill's
    with psycopg.connect(url("postgres"), autocommit=True) as admin:
        try:
            for name in (live_name, restored_name):
                admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            live = {"database_url": url(live_name), "media_root": media}
            manage("migrate", "--noinput", "-v0", **live)
            manage("load_demo_data", **live)
            before = inventory(**live)
            assert before["counts"]["agreements.Agreement"] > 0

            dump = tmp_path / "codi.dump"
            run("pg_dump", "--format=custom", "--no-owner", f"--file={dump}", url(live_name))
            run("pg_restore", "--no-owner", f"--dbname={url(restored_name)}", str(dump))
            assert_restored_copy_works(before, database_url=url(restored_name), media_root=media)
        finally:
            for name in (live_name, restored_name):
                admin.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )
