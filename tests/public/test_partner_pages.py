import pytest

from partners.models import Organisation
from tests.factories import AgreementFactory, AgreementPartyFactory, OrganisationFactory
from tests.queries import PUBLIC_OVERHEAD, assert_constant_queries

pytestmark = pytest.mark.django_db


def test_partner_list_shows_organisations_of_published_agreements(client, demo):
    text = client.get("/partners/").text
    assert "มหาวิทยาลัยราชภัฏนครราชสีมา" in text
    assert "สภาเกษตรกรจังหวัดมุกดาหาร" in text


def test_partner_list_filters_by_kind_and_search(client, demo):
    response = client.get("/partners/", {"kind": "university"})
    names = {o.name_th for o in response.context["partners"]}
    assert "มหาวิทยาลัยราชภัฏนครราชสีมา" in names
    assert "สภาเกษตรกรจังหวัดมุกดาหาร" not in names
    names = {o.name_th for o in client.get("/partners/", {"q": "เกษตร"}).context["partners"]}
    assert names == {"สภาเกษตรกรจังหวัดมุกดาหาร"}


def test_partner_page_lists_its_agreements(client, demo):
    university = Organisation.objects.get(name_th="มหาวิทยาลัยราชภัฏนครราชสีมา")
    text = client.get(f"/partners/{university.pk}/").text
    assert "บันทึกข้อตกลงความร่วมมือการเสริมสร้างและพัฒนาความเข้มแข็งของชุมชนท้องถิ่นอย่างบูรณาการ" in text


def test_organisations_only_in_unpublished_agreements_are_not_public(client):
    secret = AgreementPartyFactory(
        agreement=AgreementFactory(is_published=False),
        organisation=OrganisationFactory(name_th="หน่วยงานในร่างข้อตกลง"),
    ).organisation
    assert client.get(f"/partners/{secret.pk}/").status_code == 404
    assert "หน่วยงานในร่างข้อตกลง" not in client.get("/partners/").text


def test_partner_pages_query_count_does_not_grow(client):
    organisation = OrganisationFactory()

    def add_rows():
        for _ in range(10):
            AgreementPartyFactory(organisation=organisation)
            AgreementPartyFactory()

    add_rows()
    # count; the region and province filters' choices; the page of partners
    assert_constant_queries(client, "/partners/", add_rows, exactly=PUBLIC_OVERHEAD + 4)
    # the partner; its latest published agreements; their signing parties
    assert_constant_queries(
        client, f"/partners/{organisation.pk}/", add_rows, exactly=PUBLIC_OVERHEAD + 3
    )


def test_a_search_matching_more_partners_than_listed_says_so(client, monkeypatch):
    """A filtered list holds the first MATCHES_LISTED matches found, in name order, and says
    there are more (partners.filters.PartnerFilter.qs)."""
    monkeypatch.setattr("partners.filters.MATCHES_LISTED", 2)
    monkeypatch.setattr("public.views.PartnerListPaginator.cap", 2)
    for name in ("ข เครือข่ายทดสอบ", "ก เครือข่ายทดสอบ", "ค เครือข่ายทดสอบ"):
        AgreementPartyFactory(organisation=OrganisationFactory(name_th=name))

    response = client.get("/partners/", {"q": "เครือข่ายทดสอบ"})

    names = [partner.name_th for partner in response.context["partners"]]
    assert len(names) == 2 and names == sorted(names)
    assert "พบภาคีเครือข่ายมากกว่า 2 องค์กร" in response.text
