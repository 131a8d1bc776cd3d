"""The command-line side of the imports (importing.resources): `manage.py import_<things> FILE
[--dry-run] [--user NAME]` prints the same preview as the admin, a line per row, and writes
every row or none.
"""

from collections import Counter
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext

from . import files
from .resources import STATUS_LABELS, format_for, is_refused, refusals


class ImportCommand(BaseCommand):
    """For an app's command: set `resource_class` and `things` (the plural, for the help)."""

    resource_class = None
    things = "records"

    def create_parser(self, prog_name, subcommand, **kwargs):
        self.help = (
            f"Import {self.things} from an XLSX or CSV file (the admin's template: Thai or field "
            "names as headers, BE years and dates). Prints each row with its spreadsheet row "
            "number and status; writes every row or none. Running it again changes nothing."
        )
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("file", help="The XLSX or CSV file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show the preview; write nothing."
        )
        parser.add_argument(
            "--user",
            help=(
                "Import as this user (username): the history names them, and their region "
                "and permissions apply."
            ),
        )

    def handle(self, *args, file, dry_run, user, **options):
        with translation.override(settings.LANGUAGE_CODE):
            self._import(Path(file), dry_run, user)

    def _import(self, path, dry_run, username):
        model = self.resource_class._meta.model
        user = self._user(username, model) if username else None
        input_format = format_for(path.name)
        if input_format is None:
            raise CommandError(
                gettext("%(file)s: only .xlsx and .csv files can be imported.")
                % {"file": path.name}
            )
        try:
            size = path.stat().st_size
            files.check_size(size)
            data = path.read_bytes()
            dataset = files.read_dataset(data, input_format.extension)
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        except files.FileRefused as refusal:
            raise CommandError(
                gettext("Refused, nothing written: %(reasons)s") % {"reasons": refusal}
            ) from None

        try:
            result = self.resource_class().import_data(
                dataset,
                dry_run=dry_run,
                user=user,
                file_name=path.name,
                rollback_on_validation_errors=True,
                retain_instance_in_row_result=True,
                deadline=files.Deadline(settings.IMPORT_MAX_SECONDS),
            )
        except files.FileRefused as refusal:
            raise CommandError(
                gettext("Refused, nothing written: %(reasons)s") % {"reasons": refusal}
            ) from None
        for row in result.preview:
            self.stdout.write(
                gettext("Row %(number)s:") % {"number": row.number}
                + f" {row.label} ({row.status}) {row.key}"
            )
            for message in row.messages:
                self.stdout.write(f"    {message}")
        if is_refused(result):
            reasons = refusals(result) or [gettext("rows with errors above")]
            raise CommandError(
                gettext("Refused, nothing written: %(reasons)s") % {"reasons": " ".join(reasons)}
            )
        totals = Counter(row.status for row in result.preview)
        counts = ", ".join(f"{STATUS_LABELS[status]()} {count}" for status, count in totals.items())
        summary = (
            gettext("Dry run, nothing written: %(file)s would import %(counts)s.")
            if dry_run
            else gettext("Imported %(file)s: %(counts)s.")
        )
        self.stdout.write(summary % {"file": path.name, "counts": counts or "0"})

    def _user(self, username, model):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(gettext("No user “%(name)s”.") % {"name": username}) from None
        opts = model._meta
        may = user.is_active and all(
            user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")
            for action in ("add", "change")
        )
        if not may:
            raise CommandError(
                gettext("%(name)s may not add and change %(things)s.")
                % {"name": username, "things": opts.verbose_name_plural}
            )
        return user
