"""The admin's uploads: only the file a user previewed can be confirmed, and large files are
previewed and imported as background jobs with a progress page (importing/admin.py, jobs.py)."""

import re
import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from budgets.models import Allocation
from geography.access import REGIONAL_STAFF_GROUP
from geography.models import Region
from importing.models import Upload
from tests.factories import UserFactory
from tests.imports import upload, write_xlsx

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:budgets_allocation_import")
CONFIRM_URL = reverse("admin:budgets_allocation_process_import")
HEADERS = ["จังหวัด", "ปีงบประมาณ (พ.ศ.)", "โครงการ", "จำนวนเงิน (บาท)"]
NOT_PREVIEWED = "ไม่พบไฟล์ที่ท่านตรวจดูไว้ในการใช้งานครั้งนี้"


def officer(username):
    user = UserFactory(username=username, is_staff=True, email=f"{username}@codi.or.th")
    user.groups.add(Group.objects.get(name=REGIONAL_STAFF_GROUP))
    Region.objects.get(code="NORTHEAST").staff.add(user)
    return user


def fy2567():
    return Allocation.objects.filter(fiscal_year=2567)


@pytest.fixture
def isan(demo):
    return officer("isan")


def previewed(client, user, tmp_path):
    """Log `user` in, preview a one-row file; the confirmation form's data."""
    client.force_login(user)
    path = write_xlsx(
        tmp_path / "isan.xlsx", HEADERS, [["นครราชสีมา", 2567, "โครงการบ้านมั่นคง", 1000]]
    )
    response = upload(client, IMPORT_URL, path, 0)
    return dict(response.context["confirm_form"].initial)


def refused_confirmation(client, data):
    response = client.post(CONFIRM_URL, data, follow=True)
    assert NOT_PREVIEWED in response.content.decode()
    assert fy2567().count() == 0


# Private files


@pytest.mark.parametrize(
    "name", ["../../../etc/passwd", "/tmp/isan.xlsx", "tmpabc123", "x" * 43], ids=str
)
def test_a_forged_file_name_is_refused(client, isan, tmp_path, name):
    data = previewed(client, isan, tmp_path)

    refused_confirmation(client, {**data, "import_file_name": name})


def test_another_users_previewed_file_is_refused(client, isan, tmp_path):
    data = previewed(client, isan, tmp_path)
    client.force_login(officer("korat"))

    refused_confirmation(client, data)


def test_the_same_users_file_from_another_session_is_refused(client, isan, tmp_path):
    data = previewed(client, isan, tmp_path)
    client.logout()
    client.force_login(isan)

    refused_confirmation(client, data)


def test_an_expired_preview_is_refused_and_removed_by_the_next_upload(client, isan, tmp_path):
    data = previewed(client, isan, tmp_path)
    Upload.objects.update(created_at=timezone.now() - timedelta(hours=25))

    refused_confirmation(client, data)
    previewed(client, isan, tmp_path)
    assert Upload.objects.count() == 1


def test_the_previewed_file_is_kept_in_the_database_not_in_the_temp_folder(
    client, isan, tmp_path, monkeypatch
):
    def no_temp_folder(*args, **kwargs):
        raise AssertionError("the shared temp folder was used")

    monkeypatch.setattr("import_export.tmp_storages.TempFolderStorage.save", no_temp_folder)
    data = previewed(client, isan, tmp_path)

    stored = Upload.objects.get(token=data["import_file_name"])
    assert bytes(stored.data) == (tmp_path / "isan.xlsx").read_bytes()
    assert stored.user == isan and len(data["import_file_name"]) >= 40

    response = client.post(CONFIRM_URL, data, follow=True)
    assert "ใหม่ 1" in response.content.decode()
    assert fy2567().count() == 1
    # Confirmed once: the same name again is refused, and the file's bytes are gone.
    refused_again = client.post(CONFIRM_URL, data, follow=True)
    assert NOT_PREVIEWED in refused_again.content.decode()
    assert bytes(Upload.objects.get(token=data["import_file_name"]).data) == b""


# Background jobs


def thousand_rows(tmp_path):
    rows = [
        [province, year, programme, 1000]
        for year in range(2567, 2692)
        for province in ("นครราชสีมา", "มุกดาหาร")
        for programme in (
            "โครงการบ้านมั่นคง",
            "โครงการบ้านพอเพียง",
            "community-welfare",
            "capacity-building",
        )
    ]
    assert len(rows) == 1000
    return write_xlsx(tmp_path / "thousand.xlsx", HEADERS, rows)


def work():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_a_1000_row_upload_answers_within_2_s_and_finishes_as_a_job(
    client, isan, tmp_path, database_queue
):
    path = thousand_rows(tmp_path)
    client.force_login(isan)

    started = time.monotonic()
    response = upload(client, IMPORT_URL, path, 0)
    assert time.monotonic() - started < 2

    assert response.status_code == 302
    job_url = response["Location"]
    page = client.get(job_url).content.decode()
    # The progress bar, kept current by a script file: the CSP allows no inline script.
    assert '<progress id="import-job-progress" max="1000" value="0">' in page
    assert re.search(r'<script src="/static/js/import-progress\.js"', page)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    status = client.get(job_url + "status.json").json()
    assert status == {"state": "queued", "running": True, "done": 0, "total": 1000}

    work()

    page = client.get(job_url)
    assert page.context["confirm_form"] is not None
    assert len(page.context["result"].preview) == 1000
    assert fy2567().count() == 0

    response = client.post(CONFIRM_URL, page.context["confirm_form"].initial)
    assert response["Location"] == job_url
    assert client.get(job_url + "status.json").json()["state"] == "queued"
    work()

    assert client.get(job_url + "status.json").json() == {
        "state": "imported",
        "running": False,
        "done": 1000,
        "total": 1000,
    }
    assert "ใหม่ 1000" in client.get(job_url).content.decode()
    assert Allocation.objects.filter(fiscal_year__gte=2567).count() == 1000
    # Each job e-mailed its starter the link to its result (IMPORT_EMAIL_AFTER_SECONDS = 0).
    assert [message.to for message in mail.outbox] == [["isan@codi.or.th"]] * 2
    assert job_url in mail.outbox[-1].body


def test_only_its_uploader_sees_a_jobs_page(client, isan, tmp_path, database_queue):
    client.force_login(isan)
    job_url = upload(client, IMPORT_URL, thousand_rows(tmp_path), 0)["Location"]
    client.force_login(officer("korat"))

    assert client.get(job_url).status_code == 404
    assert client.get(job_url + "status.json").status_code == 404


def test_a_job_killed_mid_way_writes_nothing(client, isan, tmp_path, monkeypatch):
    client.force_login(isan)
    response = upload(client, IMPORT_URL, thousand_rows(tmp_path), 0)
    job_url = response["Location"]
    data = client.get(job_url).context["confirm_form"].initial
    before = Allocation.objects.count()
    original = Allocation.objects.bulk_create

    def killed(objects, *args, **kwargs):
        original(objects[:100], *args, **kwargs)
        raise RuntimeError("the worker was stopped")

    monkeypatch.setattr(Allocation.objects, "bulk_create", killed)
    client.post(CONFIRM_URL, data)

    assert Allocation.objects.count() == before
    # The write's error refuses the file: its transaction is rolled back whole.
    assert Upload.objects.get(token=data["import_file_name"]).state == "refused"
    assert "ไม่มีการบันทึกใด ๆ" in client.get(job_url).content.decode()


def test_a_job_whose_worker_died_shows_as_stopped(client, isan, tmp_path, database_queue):
    client.force_login(isan)
    job_url = upload(client, IMPORT_URL, thousand_rows(tmp_path), 0)["Location"]
    # A worker killed outright (SIGKILL) leaves its transaction uncommitted and the job
    # marked as running; after twice the time limit its page says it stopped.
    Upload.objects.update(state="previewing", started_at=timezone.now() - timedelta(hours=1))

    assert client.get(job_url + "status.json").json()["running"] is False
    assert "ไม่มีการบันทึกใด ๆ" in client.get(job_url).content.decode()


def test_a_job_and_its_page_go_on_without_the_cache(
    client, isan, tmp_path, database_queue, settings
):
    """The progress is kept in the cache, an accelerator: with Redis unreachable the bar stays
    at nought until the job ends, and the job, its page and its status answer all the same."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        },
    }
    client.force_login(isan)
    job_url = upload(client, IMPORT_URL, thousand_rows(tmp_path), 0)["Location"]
    assert client.get(job_url).status_code == 200
    assert client.get(job_url + "status.json").json()["done"] == 0

    database_queue()

    page = client.get(job_url)
    assert page.status_code == 200 and len(page.context["result"].preview) == 1000
    assert client.get(job_url + "status.json").json()["state"] == "previewed"
