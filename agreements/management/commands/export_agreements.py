"""`manage.py export_agreements PATH.xlsx [--region CODE] [--province NAME] [--published-only]
[--kind KIND] [--reference REF ...]`: agreements as one workbook, a sheet per kind of row
(agreements.workbook), which import_agreements reads back."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agreements.models import Agreement
from agreements.workbook import agreements_workbook
from geography.imports import province_widget
from geography.models import Region
from importing.resources import ChoiceWidget


class Command(BaseCommand):
    help = (
        "Write agreements as an XLSX workbook (agreements, organisations, parties, clauses, "
        "duties, coverage, renewals; Thai headers, BE dates). The file is also the template "
        "import_agreements reads."
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

    def handle(self, *args, path, region, province, published_only, kind, reference, **options):
        path = Path(path)
        if path.suffix.lower() != ".xlsx":
            raise CommandError("The file must end in .xlsx.")
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
