import dataclasses
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from agreements.models import Activity, AgreementParty, Responsibility, ScopeClause
from budgets.models import Allocation
from demo.data import AGREEMENTS
from demo.forum import EVENTS, event_load
from demo.loading import agreement_load
from geography.access import CENTRAL_STAFF_GROUP, REGIONAL_STAFF_GROUP
from geography.models import Region
from partners.models import Organisation, Person
from proposals.models import Proposal, ProposalStep

SUPERUSER = "admin"
# Demo regional staff: username -> Region.code of the office they work for.
REGIONAL_STAFF = {"northeast": "NORTHEAST", "centralwest": "CENTRAL_WEST"}
CENTRAL_STAFF = "central"


class Command(BaseCommand):
    help = (
        "Load the four real agreements (Kanchanaburi, Mukdahan, Ratchaburi, Nakhon Ratchasima) "
        "and Ratchaburi's FY 2566 budget, then the national forum of September 2022 and its "
        "seven proposals; running it again changes nothing. With DEBUG on, also "
        "create the demo accounts and print their passwords once."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            agreements = [
                # We hold no public links for these news items, hence no source_url.
                agreement_load(
                    spec=dataclasses.replace(spec, is_published=True, source_url=""),
                    reason="load_demo_data",
                )
                for spec in AGREEMENTS
            ]
            events = [event_load(spec=spec, reason="load_demo_data") for spec in EVENTS]
        self.stdout.write(self.style.SUCCESS(self.summary(agreements, events)))

        if settings.DEBUG:
            self.create_demo_accounts()

    def summary(self, agreements, events):
        parties = AgreementParty.objects.filter(agreement__in=agreements)
        allocations = Allocation.objects.filter(agreement__in=agreements)
        counts = [
            (len(agreements), "agreements"),
            (
                Organisation.objects.filter(agreement_roles__in=parties).distinct().count(),
                "organisations",
            ),
            (Person.objects.filter(agreement_roles__in=parties).distinct().count(), "people"),
            (parties.count(), "parties, presiding officials and witnesses"),
            (ScopeClause.objects.filter(agreement__in=agreements).count(), "scope clauses"),
            (Responsibility.objects.filter(party__in=parties).count(), "responsibilities"),
            (Activity.objects.filter(agreement__in=agreements).count(), "activities"),
            (allocations.count(), f"budget allocations ({allocations.total():,.2f} THB)"),
            (len(events), "forums"),
            (Proposal.objects.filter(event__in=events).count(), "proposals"),
            (ProposalStep.objects.filter(proposal__event__in=events).count(), "proposal steps"),
        ]
        return "Demo data loaded: " + ", ".join(f"{n} {what}" for n, what in counts) + "."

    def create_demo_accounts(self):
        User = get_user_model()
        created = []
        with transaction.atomic():
            if not User.objects.filter(username=SUPERUSER).exists():
                password = secrets.token_urlsafe(12)
                User.objects.create_superuser(username=SUPERUSER, email="", password=password)
                created.append((SUPERUSER, password, "superuser"))
            for username, region_code in REGIONAL_STAFF.items():
                if User.objects.filter(username=username).exists():
                    continue
                password = secrets.token_urlsafe(12)
                user = User.objects.create_user(
                    username=username,
                    email=f"{username}@example.org",
                    password=password,
                    is_staff=True,
                )
                user.groups.add(Group.objects.get(name=REGIONAL_STAFF_GROUP))
                region = Region.objects.get(code=region_code)
                region.staff.add(user)
                created.append(
                    (username, password, f"regional staff, {region.name_en}, submits for review")
                )
            if not User.objects.filter(username=CENTRAL_STAFF).exists():
                password = secrets.token_urlsafe(12)
                # With an address: central staff publish, and are e-mailed each submission.
                user = User.objects.create_user(
                    username=CENTRAL_STAFF,
                    email=f"{CENTRAL_STAFF}@example.org",
                    password=password,
                    is_staff=True,
                )
                user.groups.add(Group.objects.get(name=CENTRAL_STAFF_GROUP))
                created.append((CENTRAL_STAFF, password, "central staff, all regions, publishes"))

        # Printed only after the commit, so a password shown is a password that works.
        new_usernames = {username for username, _, _ in created}
        everyone = (SUPERUSER, *REGIONAL_STAFF, CENTRAL_STAFF)
        existing = [name for name in everyone if name not in new_usernames]
        if created:
            self.stdout.write("Demo accounts created (the passwords are shown only this once):")
            for username, password, what in created:
                self.stdout.write(f"  {username} / {password}  ({what})")
        if existing:
            self.stdout.write(
                f"Demo accounts already exist: {', '.join(existing)} (passwords not shown again)."
            )
