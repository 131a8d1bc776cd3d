"""`manage.py export_agreements PATH.xlsx [--region CODE] [--province NAME] [--published-only]
[--kind KIND] [--reference REF ...] [--scans PATH.zip]`: agreements as one workbook, a sheet per
kind of row (agreements.workbook), which import_agreements reads back; with --scans, their
attached files as the ZIP that attach_scans (or import_agreements --scans) reads
(agreements.scans)."""

import zipfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agreements.models import Agreement
from agreements.scans import scans_archives
from agreements.workbook import agreements_workbook
from geography.imports import province_widget
from geography.models import Region
from importing.resources import ChoiceWidget


class Command(BaseCommand):
    help = (
        "Write agreements as an XLSX workbook (agreements, organisations, parties, clauses, "
        "duties, coverage, renewals, allocations, activities; Thai headers, BE dates). The file "
        "is also the template import_agreements reads. With --scans, their attachments too."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The .xlsx file to write.")
        parser.add_argument("--region", help="Only this region (code, e.g. NORTHEAST).")
        parser.add_argument("--province", help="Only this province (Thai or English name, code).")
        parser.add_argument(
            "--published-only", action="store_true", help="Only published agreements."
        )
        parser.add_argument("--kind", help="Only this kind (mou, moa, budget, …).")
        parser.add_argument(
            "--reference", action="append", default=[], help="Only this reference (repeatable)."
        )
        parser.add_argument(
            "--scans",
            help=(
                "Also write the agreements' attachments to this .zip, named by reference with "
                "their titles and public flags in attachments.csv (PATH-2.zip … when they are "
                "more than one ZIP of attach_scans may hold)."
            ),
        )

    def handle(
        self, *args, path, region, province, published_only, kind, reference, scans, **options
    ):
        path = Path(path)
        if path.suffix.lower() != ".xlsx":
            raise CommandError("The file must end in .xlsx.")
        if scans and Path(scans).suffix.lower() != ".zip":
            raise CommandError("The scans file must end in .zip.")
        agreements = Agreement.objects.all()
        try:
            if region:
                agreements = agreements.in_region(Region.objects.get(code=region.upper()))
            if province:
                agreements = agreements.filter(province=province_widget().clean(province))
            if kind:
                agreements = agreements.filter(kind=ChoiceWidget(Agreement.Kind).clean(kind))
        except (Region.DoesNotExist, ValueError) as error:
            raise CommandError(str(error) or f"No region {region}") from None
        if published_only:
            agreements = agreements.published()
        if reference:
            agreements = agreements.filter(reference__in=reference)
        try:
            path.write_bytes(agreements_workbook(agreements))
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        self.stdout.write(f"{path}: {agreements.count()} agreements")
        if scans:
            self._scans(Path(scans), agreements)

    def _scans(self, path, agreements):
        parts, unread = scans_archives(agreements)
        for number, data in enumerate(parts, start=1):
            part = path if number == 1 else path.with_name(f"{path.stem}-{number}{path.suffix}")
            try:
                part.write_bytes(data)
            except OSError as error:
                raise CommandError(f"{part}: {error.strerror}") from None
            with zipfile.ZipFile(part) as archive:
                files = len(archive.namelist()) - 1  # and the list of the files
            self.stdout.write(f"{part}: {files} files")
        if not parts:
            self.stdout.write(f"{path}: no attachments, not written")
        for name in unread:
            self.stderr.write(f"Not exported (the stored file cannot be read): {name}")
