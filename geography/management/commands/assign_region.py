"""Give a staff account its region, or take it away.

python manage.py assign_region somchai NORTHEAST
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from geography.access import REGIONAL_STAFF_GROUP
from geography.models import Region


class Command(BaseCommand):
    help = (
        "Make a user regional staff of a CODI region: adds them to the region's staff and to the "
        "'Regional staff' group and lets them log in to the admin. --remove takes the region away."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("region", help="Region code, e.g. NORTHEAST")
        parser.add_argument("--remove", action="store_true", help="Remove from the region.")

    @transaction.atomic
    def handle(self, *args, username, region, remove, **options):
        User = get_user_model()
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist as error:
            raise CommandError(f"No user called {username!r}.") from error
        try:
            target = Region.objects.get(code=region.upper())
        except Region.DoesNotExist as error:
            codes = ", ".join(Region.objects.values_list("code", flat=True))
            raise CommandError(f"No region {region!r}; choose one of {codes}.") from error

        if remove:
            target.staff.remove(user)
            self.stdout.write(f"{username} no longer works for {target.code}.")
            return
        target.staff.add(user)
        user.groups.add(Group.objects.get(name=REGIONAL_STAFF_GROUP))
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        regions = ", ".join(user.regions.values_list("code", flat=True))
        self.stdout.write(f"{username} is regional staff of: {regions}.")
