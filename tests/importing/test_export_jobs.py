"""The admin's exports of many rows run as background jobs: the action answers at once with
the job's page, whose progress bar ends in a link to the file for whoever asked for it, and
only them (importing/admin.py ExportJobAdminMixin, importing/jobs.py)."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from importing.models import Export
from tests.factories import AgreementFactory, AllocationFactory, province, regional_staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_today")]

AGREEMENTS_URL = "/admin/agreements/agreement/"
ALLOCATIONS_URL = "/admin/budgets/allocation/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def three_rows_run_as_a_job(settings):
    settings.EXPORT_JOB_ROWS = 2


def export_all(client, url, action):
    """Tick a row, choose "select all" in the list, then the export `action`."""
    return client.post(
        url, {"action": action, "select_across": "1", "index": "0", "_selected_action": ["0"]}
    )


def csv_rows(data):
    return list(csv.reader(io.StringIO(data.decode()[1:])))


def test_a_large_export_answers_with_its_page_and_a_worker_writes_the_file(
    admin_client, database_queue
):
    titles = {AgreementFactory(title_th=f"ข้อตกลงที่ {i}").title_th for i in range(3)}

    response = export_all(admin_client, AGREEMENTS_URL, "export_xlsx")

    assert response.status_code == 302
    job_url = response["Location"]
    assert re.fullmatch(r"/admin/agreements/agreement/export/job/[\w-]{40,}/", job_url)
    page = admin_client.get(job_url).content.decode()
    assert '<progress id="import-job-progress" max="3" value="0">' in page
    assert '<script src="/static/js/import-progress.js"' in page
    status = admin_client.get(job_url + "status.json").json()
    assert status == {"state": "queued", "running": True, "done": 0, "total": 3}
    assert admin_client.get(job_url + "download").status_code == 404

    database_queue()

    assert admin_client.get(job_url + "status.json").json() == {
        "state": "done",
        "running": False,
        "done": 3,
        "total": 3,
    }
    page = admin_client.get(job_url).content.decode()
    assert f'<a href="{job_url}download" download>codi-agreements-' in page
    download = admin_client.get(job_url + "download")
    assert download["Content-Type"] == XLSX
    assert re.fullmatch(
        r'attachment; filename="codi-agreements-\d{4}-\d\d-\d\d\.xlsx"',
        download["Content-Disposition"],
    )
    sheet = load_workbook(io.BytesIO(download.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "เลขที่อ้างอิง"
    assert {row[1] for row in rows[1:]} == titles
    # EXPORT_EMAIL_AFTER_SECONDS = 0: the one who asked is e-mailed the page's link.
    (email,) = mail.outbox
    assert email.to == [Export.objects.get().user.email] and job_url in email.body


def test_a_few_rows_still_stream_at_once(admin_client, settings):
    settings.EXPORT_JOB_ROWS = 3
    AgreementFactory.create_batch(3)

    response = export_all(admin_client, AGREEMENTS_URL, "export_csv")

    assert response.status_code == 200 and response.streaming
    assert len(csv_rows(b"".join(response.streaming_content))) == 4
    assert not Export.objects.exists()


def test_only_who_asked_sees_the_export(admin_client, database_queue):
    AgreementFactory.create_batch(3)
    job_url = export_all(admin_client, AGREEMENTS_URL, "export_csv")["Location"]
    database_queue()
    other = Client()
    other.force_login(regional_staff("northeast", "NORTHEAST"))

    for url in (job_url, job_url + "status.json", job_url + "download"):
        assert other.get(url).status_code == 404
    assert admin_client.get(job_url + "download").status_code == 200


def test_the_job_exports_the_rows_the_list_selected_for_its_user(client):
    # The immediate backend of `make run` and the tests writes the file before the page.
    AllocationFactory(province=province("mukdahan"), amount=1)
    AllocationFactory(province=province("mukdahan"), amount=2, is_published=False)
    AllocationFactory(province=province("khon-kaen"), amount=3)
    AllocationFactory(province=province("ratchaburi"), amount=4)  # not in their region
    client.force_login(regional_staff("northeast", "NORTHEAST"))

    job_url = export_all(client, ALLOCATIONS_URL, "export_csv")["Location"]

    assert "พร้อมให้ดาวน์โหลด" in client.get(job_url).content.decode()
    download = client.get(job_url + "download")
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    rows = csv_rows(download.content)
    # The region the list shows them, kept in the query the job read.
    assert sorted(row[4] for row in rows[1:]) == ["1.00", "2.00", "3.00"]
    assert Export.objects.get().rows == 3


def test_a_failed_export_says_so(admin_client, monkeypatch):
    AgreementFactory.create_batch(3)

    def broken(self, queryset):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("agreements.admin.AgreementAdmin.export_report", broken)
    job_url = export_all(admin_client, AGREEMENTS_URL, "export_xlsx")["Location"]

    assert admin_client.get(job_url + "status.json").json()["state"] == "failed"
    assert "ส่งออกใหม่อีกครั้ง" in admin_client.get(job_url).content.decode()


def test_an_expired_export_is_gone_and_removed_by_the_next(admin_client):
    AgreementFactory.create_batch(3)
    job_url = export_all(admin_client, AGREEMENTS_URL, "export_csv")["Location"]
    Export.objects.update(created_at=timezone.now() - timedelta(hours=25))

    assert admin_client.get(job_url + "download").status_code == 404
    export_all(admin_client, AGREEMENTS_URL, "export_csv")
    assert Export.objects.count() == 1


def test_the_action_and_its_job_make_the_same_queries_for_more_rows(admin_client):
    # The action: 1-2 the session and user, 3-6 the list's filters (regions, years, provinces,
    # themes) and 7 its count, 8-12 the same again as Django's action handling builds the list,
    # 13 the expired exports removed, 14 the export saved; its job in the immediate backend:
    # 15 the export read, 16 marked writing, 17 the agreements with their parties and themes in
    # one query, 18 the file saved; then 19-21 the session saved (savepoint, update, release).
    def queries(count):
        AgreementFactory.create_batch(count)
        with CaptureQueriesContext(connection) as captured:
            export_all(admin_client, AGREEMENTS_URL, "export_xlsx")
        return len(captured)

    assert queries(3) == queries(6) == 21


def test_the_export_pages_are_in_thai(client, database_queue):
    from tests.site.test_admin_thai import EnglishFinder, demo_values

    AllocationFactory.create_batch(3, province=province("mukdahan"))
    client.force_login(regional_staff("northeast", "NORTHEAST"))
    job_url = export_all(client, ALLOCATIONS_URL, "export_xlsx")["Location"]
    queued = client.get(job_url).content.decode()
    database_queue()
    done = client.get(job_url).content.decode()

    finder = EnglishFinder(demo_values())
    assert "รอคิว" in queued and "พร้อมให้ดาวน์โหลด" in done
    assert finder.words(queued) == [] and finder.words(done) == []
