"""`manage.py import_agreements PATH.xlsx [--dry-run] [--user NAME] [--scans PATH.zip ...]`: the
workbook that export_agreements writes (agreements.workbook), previewed row by row and written
whole or not at all. Imported agreements wait for review (submitted). The ZIPs of --scans are
attached once the workbook is written, as attach_scans attaches them (agreements.scans)."""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext

from agreements.models import Agreement, Attachment
from agreements.scans import ScansRefused, attach_scans, check_scans, report_lines
from agreements.workbook import WorkbookError, workbook_import, workbook_plan
from importing.command import ImportCommand
from importing.resources import STATUS_LABELS


class Command(ImportCommand):
    things = "agreements (the workbook of export_agreements)"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--scans",
            action="append",
            default=[],
            help=(
                "A ZIP of export_agreements --scans (repeatable): its files are attached once "
                "the workbook is written, as attach_scans attaches them."
            ),
        )

    def handle(self, *args, scans, **options):
        self.scans = [Path(name) for name in scans]
        super().handle(*args, **options)

    def _import(self, path, dry_run, username):
        user = self._user(username, Agreement) if username else None
        if user is not None and self.scans:
            self._user(username, Attachment)
        for scans in self.scans:
            if not scans.is_file():
                raise CommandError(f"{scans}: No such file")
            # A ZIP refused whole is known before anything is written.
            try:
                check_scans(scans)
            except ScansRefused as error:
                raise CommandError(
                    gettext("Refused, nothing written: %(reasons)s")
                    % {"reasons": f"{scans.name}: {error}"}
                ) from None
        if path.suffix.lower() != ".xlsx":
            raise CommandError(
                gettext("%(file)s: only .xlsx workbooks can be imported.") % {"file": path.name}
            )
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        try:
            plan = workbook_plan(data, user=user, file_name=path.name)
        except WorkbookError as error:
            raise CommandError(str(error)) from None
        for row in plan.rows:
            self.stdout.write(
                gettext("Row %(number)s:") % {"number": row.number}
                + f" {row.label} ({row.status}) {row.key}"
            )
            for message in row.messages:
                self.stdout.write(f"    {message}")
        for things, records in (
            (gettext("New organisations"), plan.new_organisations.values()),
            (gettext("New people"), plan.new_people.values()),
        ):
            records = list(records)
            if records:
                self.stdout.write(f"{things}: {len(records)}")
            for record in records:
                close = "; ".join(label for _pk, label in record.close)
                line = f"    + {record.label}"
                if close:
                    line += " — " + gettext("close to: %(names)s") % {"names": close}
                self.stdout.write(line)
        if plan.refused:
            reasons = plan.refusals or [gettext("rows with errors above")]
            raise CommandError(
                gettext("Refused, nothing written: %(reasons)s") % {"reasons": " ".join(reasons)}
            )
        counts = ", ".join(
            f"{STATUS_LABELS[status]()} {count}" for status, count in plan.counts().items()
        )
        if dry_run:
            summary = gettext("Dry run, nothing written: %(file)s would import %(counts)s.")
        else:
            try:
                workbook_import(plan, user=user)
            except WorkbookError as error:
                raise CommandError(str(error)) from None
            summary = gettext("Imported %(file)s: %(counts)s.")
        self.stdout.write(summary % {"file": path.name, "counts": counts or "0"})
        if not dry_run:
            for scans in self.scans:
                self._attach(scans, user)

    def _attach(self, path, user):
        """Each file on its own, as attach_scans does: the workbook is written by now."""
        try:
            with path.open("rb") as file:
                reports = attach_scans(file, user=user, file_name=path.name)
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        except ScansRefused as error:
            raise CommandError(f"{path.name}: {error}") from None
        self.stdout.write(f"{path.name}:")
        for line in report_lines(reports):
            self.stdout.write(f"    {line}")
