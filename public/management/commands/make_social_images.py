from django.core.management.base import BaseCommand

from geography.models import Province, Region
from public import social


class Command(BaseCommand):
    help = (
        "Draws the link-preview images (public/social.py) of the site, every region and every "
        "province into storage, skipping those already there unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Draw them anew, e.g. after a renaming."
        )

    def handle(self, *args, force=False, **options):
        wanted = [("site", "")]
        wanted += [("regions", code) for code in Region.objects.values_list("code", flat=True)]
        wanted += [("provinces", code) for code in Province.objects.values_list("code", flat=True)]
        drawn = 0
        for kind, code in wanted:
            name = social.storage_name(kind, code)
            if social.default_storage.exists(name):
                if not force:
                    continue
                social.default_storage.delete(name)
            social.store(name, social.render(kind, code))
            drawn += 1
        self.stdout.write(f"{drawn} of {len(wanted)} images drawn into social/.")
