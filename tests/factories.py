"""factory-boy factories for every model, in one place.

Geography is reference data loaded by a migration, so factories pick existing provinces rather
than inventing new ones unless a test asks for it.
"""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from agreements.models import (
    Activity,
    Agreement,
    AgreementParty,
    Responsibility,
    ScopeClause,
)
from budgets.models import Allocation, Programme
from geography.access import CENTRAL_STAFF_GROUP, REGIONAL_STAFF_GROUP
from geography.models import District, Province, Region
from partners.models import Organisation, Person
from proposals.models import (
    DistrictCouncil,
    Event,
    Plan,
    Proposal,
    ProposalStep,
    ProvinceWorkingMode,
)
from records.derived import flush_all
from tracking.models import ProgressUpdate


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class StaffUserFactory(UserFactory):
    is_staff = True


def regional_staff(username="somchai", region="NORTHEAST"):
    """Staff of one region (the demo data's `northeast` and `centralwest`)."""
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=REGIONAL_STAFF_GROUP))
    Region.objects.get(code=region).staff.add(user)
    return user


def central_staff(username="pranee"):
    """Central staff: every region, and they publish (the demo data's `central`)."""
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=CENTRAL_STAFF_GROUP))
    return user


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    code = factory.Sequence(lambda n: f"TEST_REGION_{n}")
    name_th = factory.Sequence(lambda n: f"ภาคทดสอบ {n}")
    name_en = factory.Sequence(lambda n: f"Test region {n}")
    sort_order = 99


def province(slug):
    """One of the 77 real provinces, by slug."""
    return Province.objects.select_related("region").get(slug=slug)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name_th = factory.Sequence(lambda n: f"องค์กรทดสอบ {n}")
    name_en = factory.Sequence(lambda n: f"Test organisation {n}")
    kind = Organisation.Kind.COMMUNITY_NETWORK
    province = factory.LazyFunction(lambda: province("kanchanaburi"))


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name_th = factory.Sequence(lambda n: f"นายทดสอบ ลำดับ{n}")


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    reference = factory.Sequence(lambda n: f"TEST-{n:04d}")
    kind = Agreement.Kind.MOU
    title_th = factory.Sequence(lambda n: f"บันทึกข้อตกลงความร่วมมือทดสอบ {n}")
    title_en = factory.Sequence(lambda n: f"Test agreement {n}")
    signed_on = datetime.date(2024, 1, 15)
    province = factory.LazyFunction(lambda: province("kanchanaburi"))
    term_mode = Agreement.TermMode.DATES
    starts_on = factory.LazyAttribute(lambda a: a.signed_on)
    ends_on = factory.LazyAttribute(lambda a: a.signed_on + datetime.timedelta(days=3 * 365))
    is_published = True
    review_state = factory.LazyAttribute(
        lambda a: Agreement.ReviewState.PUBLISHED if a.is_published else Agreement.ReviewState.DRAFT
    )
    published_at = factory.LazyAttribute(lambda a: timezone.now() if a.is_published else None)


class AgreementPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementParty

    agreement = factory.SubFactory(AgreementFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    # As the admin fills them in when the organisation is chosen.
    organisation_name_th = factory.LazyAttribute(
        lambda party: party.organisation.name_th if party.organisation else ""
    )
    organisation_name_en = factory.LazyAttribute(
        lambda party: party.organisation.name_en if party.organisation else ""
    )
    role = AgreementParty.Role.PARTY
    order = factory.Sequence(lambda n: n + 1)
    signatory = factory.SubFactory(PersonFactory)
    signatory_title = "ผู้อำนวยการ"


class ScopeClauseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScopeClause

    agreement = factory.SubFactory(AgreementFactory)
    order = factory.Sequence(lambda n: n + 1)
    text_th = factory.Sequence(lambda n: f"ขอบเขตความร่วมมือข้อ {n}")


class ResponsibilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Responsibility

    party = factory.SubFactory(AgreementPartyFactory)
    order = factory.Sequence(lambda n: n + 1)
    text_th = factory.Sequence(lambda n: f"บทบาทหน้าที่ข้อ {n}")


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    agreement = factory.SubFactory(AgreementFactory)
    kind = Activity.Kind.TRAINING
    title_th = factory.Sequence(lambda n: f"กิจกรรมติดตาม {n}")
    starts_on = datetime.date(2024, 2, 1)
    province = factory.LazyAttribute(lambda a: a.agreement.province if a.agreement else None)
    is_published = True  # as a publisher left it (records.publication)


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    """A progress update on a scope clause (pass `responsibility=` and `clause=None` for a duty)."""

    class Meta:
        model = ProgressUpdate

    clause = factory.SubFactory(ScopeClauseFactory)
    recorded_on = datetime.date(2026, 6, 1)
    status = ProgressUpdate.Status.IN_PROGRESS
    note_th = "กำลังดำเนินการ"
    is_published = True


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    province = factory.LazyFunction(lambda: province("ratchaburi"))
    fiscal_year = 2566
    programme = factory.LazyFunction(lambda: Programme.objects.get(code="community-welfare"))
    amount = Decimal("100000.00")
    is_published = True


# The date the registry is told it is in tests that depend on status (see the `pinned_today`
# fixture in conftest.py): the demo agreements' statuses are checked as of this day.
TODAY = datetime.date(2026, 11, 21)


def full_agreements(n, slug="nakhon-ratchasima"):
    """A function that adds `n` agreements with everything that hangs off one: two parties
    (one with two duties), a presiding person, a witness, two clauses and a follow-up, and
    their search documents, as the admin would write them.

    For query-count tests: call it once for a few rows, then pass it to add many more.
    """

    def add():
        for _ in range(n):
            agreement = AgreementFactory(province=province(slug))
            party = AgreementPartyFactory(agreement=agreement)
            ResponsibilityFactory(party=party)
            ResponsibilityFactory(party=party)
            AgreementPartyFactory(agreement=agreement, role=AgreementParty.Role.WITNESS)
            AgreementPartyFactory(
                agreement=agreement, role=AgreementParty.Role.PRESIDING, organisation=None
            )
            ScopeClauseFactory(agreement=agreement)
            ScopeClauseFactory(agreement=agreement)
            ActivityFactory(agreement=agreement)
        flush_all()  # the search documents, as a commit would

    return add


def rows_on(agreement, n):
    """A function that adds `n` of every kind of row an agreement page shows: a party with two
    duties, a clause, a follow-up, progress updates on the clause and a duty, and an
    allocation. For query-count tests of one agreement."""

    def add():
        for _ in range(n):
            party = AgreementPartyFactory(agreement=agreement)
            duty = ResponsibilityFactory(party=party)
            ResponsibilityFactory(party=party)
            clause = ScopeClauseFactory(agreement=agreement)
            activity = ActivityFactory(agreement=agreement)
            ProgressUpdateFactory(clause=clause, activity=activity)
            ProgressUpdateFactory(clause=clause, status=ProgressUpdate.Status.DONE)
            ProgressUpdateFactory(clause=None, responsibility=duty)
            AllocationFactory(agreement=agreement, province=agreement.province)

    return add


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title_th = factory.Sequence(lambda n: f"เวทีสมัชชาสภาองค์กรชุมชน ครั้งที่ {n}")
    starts_on = datetime.date(2022, 9, 10)
    is_published = True


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    kind = Plan.Kind.PROVINCIAL
    title_th = factory.Sequence(lambda n: f"แผนพัฒนาจังหวัด พ.ศ. 2566–2570 ฉบับที่ {n}")
    province = factory.LazyFunction(lambda: province("mukdahan"))
    first_year = 2566
    last_year = 2570
    is_published = True


class ProposalFactory(factory.django.DjangoModelFactory):
    """A province-level proposal (of Mukdahan unless told), as the admin saves it: its region
    from its province."""

    class Meta:
        model = Proposal

    title_th = factory.Sequence(lambda n: f"ข้อเสนอการพัฒนาจังหวัด ข้อที่ {n}")
    text_th = "เสนอต่อผู้ว่าราชการจังหวัดให้บรรจุในแผนพัฒนาจังหวัด"
    level = Proposal.Level.PROVINCE
    province = factory.LazyFunction(lambda: province("mukdahan"))
    region = factory.LazyAttribute(lambda p: p.province.region if p.province else None)
    proposed_on = datetime.date(2024, 3, 1)
    is_published = True


class ProposalStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProposalStep

    proposal = factory.SubFactory(ProposalFactory)
    step = ProposalStep.Step.SUBMITTED
    taken_on = datetime.date(2024, 3, 15)


class ProvinceWorkingModeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProvinceWorkingMode

    province = factory.LazyFunction(lambda: province("mukdahan"))
    mode = ProvinceWorkingMode.Mode.SELF_GOVERNING
    agreed_on = datetime.date(2023, 6, 1)
    is_published = True


class DistrictCouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DistrictCouncil

    # The first district of Mukdahan that has no council yet (one council a district).
    district = factory.LazyFunction(
        lambda: (
            District.objects.filter(province__slug="mukdahan", community_council__isnull=True)
            .order_by("code")
            .first()
        )
    )
    is_published = True
