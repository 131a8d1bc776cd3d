"""`manage.py attach_scans ZIP [--user NAME] [--public]`: signed scans named by agreement
reference become attachments (agreements.scans), a line per file; the ZIP's attachments.csv,
if any, gives each file's kind, titles, public flag and activity."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext

from agreements.scans import ScansRefused, attach_scans, report_lines
from importing.command import ImportCommand


class Command(BaseCommand):
    help = (
        "Attach a ZIP of signed scans (PDF, JPEG, PNG) named by agreement reference, e.g. "
        "MOU-2567-30-01.pdf and MOU-2567-30-01-2.jpg. Each file is checked as an upload is and "
        "attached or refused on its own; staff-only unless --public or the ZIP's attachments.csv "
        "says otherwise (export_agreements --scans writes it). Running it again adds nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("zip", help="The ZIP file.")
        parser.add_argument("--user", help="Attach as this user: their regions apply.")
        parser.add_argument(
            "--public", action="store_true", help="Show the files on the public pages."
        )

    def handle(self, *args, zip, user, public, **options):
        with translation.override(settings.LANGUAGE_CODE):
            self._attach(Path(zip), user, public)

    def _attach(self, path, username, public):
        from agreements.models import Attachment

        user = ImportCommand()._user(username, Attachment) if username else None
        try:
            with path.open("rb") as file:
                reports = attach_scans(file, user=user, is_public=public, file_name=path.name)
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        except ScansRefused as error:
            raise CommandError(
                gettext("Refused, nothing attached: %(reasons)s") % {"reasons": error}
            ) from None
        for line in report_lines(reports):
            self.stdout.write(line)
