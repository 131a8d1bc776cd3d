"""Measure pages and exports on a large registry: time, SQL queries and peak Python memory.

Run it on a throwaway database (`make bench` does): it adds thousands of rows.
"""

import datetime
import time
import tracemalloc
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement, AgreementParty, ScopeClause
from agreements.search import search_document_rebuild
from budgets.models import Allocation, Programme
from geography.models import Province
from partners.models import Organisation, Person

URLS = [
    "/",
    "/agreements/",
    "/agreements/?q=ทดสอบ",
    "/provinces/nakhon-ratchasima/",
    "/regions/NORTHEAST/",
    "/budgets/",
    "/agreements/export.csv",
    "/agreements/export.xlsx",
    "/budgets/export.csv",
    "/budgets/export.xlsx",
    "/budgets/summary.xlsx",
    "/api/v1/agreements/",
]


def read(response):
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content) if response.streaming else response.content


class Command(BaseCommand):
    help = "Fill a throwaway database with many agreements and time the pages and exports."

    def add_arguments(self, parser):
        parser.add_argument("--agreements", type=int, default=2000)
        parser.add_argument("--allocations", type=int, default=20000)

    def handle(self, *args, **options):
        if "bench" not in str(settings.DATABASES["default"]["NAME"]):
            raise CommandError("Run this on a database whose name contains 'bench' (make bench).")
        self.fill(options["agreements"], options["allocations"])
        client = Client(HTTP_HOST="127.0.0.1")
        self.stdout.write(f"{'url':40} {'seconds':>8} {'queries':>8} {'peak MiB':>9} {'bytes':>10}")
        for url in URLS:
            # Timed without tracemalloc (it slows allocation-heavy code several times over),
            # then fetched again to measure the peak of Python memory.
            reset_queries()  # the query log is a bounded deque: counting needs room in it
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                body = read(client.get(url))
            elapsed = time.perf_counter() - started
            tracemalloc.start()
            read(client.get(url))
            peak = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
            self.stdout.write(
                f"{url:40} {elapsed:8.2f} {len(queries):8d} {peak:9.1f} {len(body):10d}"
            )

    @transaction.atomic
    def fill(self, n_agreements, n_allocations):
        if Agreement.objects.filter(reference__startswith="BENCH-").exists():
            return
        provinces = list(Province.objects.all())
        programmes = list(Programme.objects.all())
        organisations = Organisation.objects.bulk_create(
            Organisation(name_th=f"องค์กรทดสอบ {i}", province=provinces[i % 77]) for i in range(500)
        )
        people = Person.objects.bulk_create(Person(name_th=f"นายทดสอบ {i}") for i in range(500))
        start = datetime.date(2020, 1, 1)
        agreements = Agreement.objects.bulk_create(
            Agreement(
                reference=f"BENCH-{i:05d}",
                title_th=f"บันทึกข้อตกลงความร่วมมือทดสอบ {i}",
                signed_on=start + datetime.timedelta(days=i % 2000),
                starts_on=start + datetime.timedelta(days=i % 2000),
                ends_on=start + datetime.timedelta(days=i % 2000 + 1095),
                province=provinces[i % 77],
                is_published=True,
            )
            for i in range(n_agreements)
        )
        AgreementParty.objects.bulk_create(
            AgreementParty(
                agreement=a,
                organisation=organisations[(i * 3 + k) % 500],
                signatory=people[(i + k) % 500],
                order=k + 1,
                signatory_title="ผู้อำนวยการ",
            )
            for i, a in enumerate(agreements)
            for k in range(3)
        )
        ScopeClause.objects.bulk_create(
            ScopeClause(agreement=a, order=k + 1, text_th=f"ขอบเขตความร่วมมือข้อ {k + 1}")
            for a in agreements
            for k in range(4)
        )
        Allocation.objects.bulk_create(
            Allocation(
                province=provinces[i % 77],
                fiscal_year=2560 + i % 10,
                programme=programmes[i % len(programmes)],
                amount=Decimal("12345.67"),
            )
            for i in range(n_allocations)
        )
        # Written in bulk, past the write paths that keep the search documents current.
        search_document_rebuild(agreements=agreements)
