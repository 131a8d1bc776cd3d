"""One "in force" (active, expiring soon or open-ended): every figure, filter and map counts the
same agreements, AgreementQuerySet.in_force()."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from agreements.models import Agreement
from tests.factories import AgreementFactory, province

pytestmark = pytest.mark.django_db

S = Agreement.Status


@pytest.fixture
def registry():
    """The demo data (Mukdahan's agreement has no end) and one agreement of every status."""
    call_command("load_demo_data", stdout=io.StringIO())
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    korat = province("nakhon-ratchasima")
    AgreementFactory(  # open-ended
        province=korat,
        term_mode=Agreement.TermMode.OPEN,
        signed_on=today - 30 * day,
        ends_on=None,
    )
    AgreementFactory(province=korat, signed_on=today - 300 * day, ends_on=today + 10 * day)
    AgreementFactory(province=korat, signed_on=today - 10 * day, ends_on=today + 900 * day)
    AgreementFactory(province=korat, signed_on=today + 10 * day)  # upcoming
    AgreementFactory(province=korat, signed_on=today - 900 * day, ends_on=today - day)
    AgreementFactory(province=korat, signed_on=today - 90 * day, terminated_on=today - day)
    AgreementFactory(province=korat, signed_on=today - 90 * day, is_published=False)
    statuses = set(Agreement.objects.published().with_status().values_list("status_code", flat=1))
    assert statuses == set(S)
    return today


def test_in_force_is_exactly_the_active_expiring_and_open_ended_statuses(registry):
    by_status = Agreement.objects.with_status_in(Agreement.IN_FORCE)
    assert Agreement.IN_FORCE == {S.ACTIVE, S.EXPIRING, S.OPEN_ENDED}
    assert set(Agreement.objects.in_force()) == set(by_status)
    assert Agreement.objects.in_force().filter(ends_on__isnull=True).exists()


def test_home_in_force_figure_equals_the_list_filtered_to_in_force(client, registry):
    home = client.get("/en/").context["figures"]["in_force"]
    listed = client.get("/en/agreements/", {"status": "in_force"}).context["paginator"].count
    assert home == listed == Agreement.objects.published().in_force().count()
    assert listed == 5  # Korat's three new ones, Korat's MOU and Mukdahan's open-ended one


def test_the_map_and_region_page_count_the_same_agreements_in_force(client, registry):
    korat = province("nakhon-ratchasima")
    listed = client.get("/en/agreements/", {"status": "in_force", "province": korat.slug})
    home = client.get("/en/")
    on_map = next(p for _, p in home.context["map_shapes"] if p and p.pk == korat.pk)
    region = client.get(f"/en/regions/{korat.region.code}/")
    on_region = next(p for p in region.context["provinces"] if p.pk == korat.pk)
    assert (
        listed.context["paginator"].count
        == on_map.active_agreements
        == on_region.active_agreements
        == 4
    )
