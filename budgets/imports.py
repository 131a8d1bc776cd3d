"""Budget allocations from a spreadsheet (importing.resources): the columns and the key."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.fields import Field

from agreements.imports import ReviewedResource, agreement_widget
from geography.imports import RegionScopedResource, province_widget
from importing.resources import (
    AmountWidget,
    DateWidget,
    FiscalYearWidget,
    LookupWidget,
    PlainWidget,
    TextWidget,
    _blank,
    _text,
)
from partners.imports import OrganisationWidget

from . import services
from .models import Allocation, Programme, Transfer


class AllocationResource(ReviewedResource):
    """One allocation a row, found again by province, fiscal year, programme and agreement
    (no agreement is a key of its own)."""

    province = Field("province", "จังหวัด", widget=province_widget())
    fiscal_year = Field("fiscal_year", "ปีงบประมาณ (พ.ศ.)", widget=FiscalYearWidget())
    programme = Field(
        "programme",
        "โครงการ",
        widget=LookupWidget(Programme, ["name_th", "code", "name_en"], prefixes=("โครงการ",)),
    )
    amount = Field("amount", "จำนวนเงิน (บาท)", widget=AmountWidget())
    agreement = Field("agreement", "เลขที่ข้อตกลง", widget=agreement_widget())
    recipient = Field(
        "recipient",
        "ผู้รับงบประมาณ",
        widget=OrganisationWidget(),
    )
    public_note = Field("public_note", "หมายเหตุ (เผยแพร่)", widget=TextWidget())
    staff_note = Field("staff_note", "หมายเหตุสำหรับเจ้าหน้าที่", widget=TextWidget())

    region_fields = {"province": "region_id", "agreement": "province.region_id"}
    example = {
        "province": "ราชบุรี",
        "fiscal_year": 2566,
        "programme": "โครงการบ้านพอเพียง",
        "amount": "3508500.00",
        "agreement": "BUD-2566-70-01",
        "recipient": "",
        "public_note": "",
        "staff_note": "",
    }

    class Meta(RegionScopedResource.Meta):
        model = Allocation
        name = _("budget allocations")
        fields = (
            "province",
            "fiscal_year",
            "programme",
            "amount",
            "agreement",
            "recipient",
            "public_note",
            "staff_note",
        )
        import_id_fields = ("province", "fiscal_year", "programme", "agreement")
        # Written together after the last row, with their history; unchanged rows found by
        # comparing values, not by a diff of each row (importing.resources).
        use_bulk = True
        skip_diff = True


class AllocationWidget(PlainWidget):
    """The allocation a transfer is made under: by its number in the registry (the admin's
    allocation id), or else by the row's province, fiscal year, programme and agreement
    reference (empty for an allocation outside any agreement). Read afresh for each row: the
    sums it carries change as the file's rows are written."""

    def __init__(self, resource, **kwargs):
        super().__init__(**kwargs)
        self.resource = resource
        self.regions = None  # set by the resource (importing.resources.prepare)

    def scope(self, regions):
        """Find only allocations of the region ids `regions` (None: all): another region's
        number gets the answer an unknown one gets, so nothing of it is shown."""
        self.regions = regions

    def clean(self, value, row=None, **kwargs):
        queryset = Allocation.objects.select_related("province", "programme", "agreement")
        if self.regions is not None:
            queryset = queryset.filter(province__region__in=self.regions)
        if not _blank(value):
            text = _text(value)
            if not text.isdigit():
                raise ValueError(
                    gettext("“%(value)s” is not an allocation number.") % {"value": text}
                )
            allocation = queryset.filter(pk=int(text)).first()
            if allocation is None and self.regions is not None:
                raise ValueError(
                    gettext("No budget allocation number %(value)s, or it is not in your regions.")
                    % {"value": text}
                )
            if allocation is None:
                raise ValueError(
                    gettext("No budget allocation number %(value)s.") % {"value": text}
                )
            return allocation
        row = row or {}
        found = {}
        for name in ("province", "fiscal_year", "programme", "agreement"):
            column = self.resource.fields[name]
            found[name] = column.widget.clean(row.get(column.column_name), row=row)
        if not all(found[name] for name in ("province", "fiscal_year", "programme")):
            raise ValueError(
                gettext(
                    "Name the allocation: its number, or its province, fiscal year and programme "
                    "(and agreement reference, if it has one)."
                )
            )
        matches = list(queryset.filter(**found)[:2])
        if not matches:
            raise ValueError(
                gettext("No budget allocation for %(what)s.")
                % {"what": ", ".join(str(v) for v in found.values() if v)}
            )
        if len(matches) > 1:
            raise ValueError(
                gettext("More than one allocation fits this row: write its number instead.")
            )
        return matches[0]

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value.pk)


class TransferResource(RegionScopedResource):
    """Transfers from the finance department's spreadsheet, one a row, found again by the
    finance document number (so a file read twice changes nothing). Each row is written
    through budgets.services, which refuses a transfer over its allocation with the reason,
    keeps the allocation's sums and sends it for review as an edit of it would."""

    reference = Field("reference", "เลขที่เอกสารการเงิน", widget=TextWidget())
    transferred_on = Field("transferred_on", "วันที่โอน (พ.ศ.)", widget=DateWidget())
    amount = Field("amount", "จำนวนเงินที่โอน (บาท)", widget=AmountWidget())
    recipient = Field("recipient", "ผู้รับเงิน", widget=OrganisationWidget())
    allocation = Field("allocation", "เลขที่การจัดสรร")
    # Where the allocation has no number in the file: read only, to find it.
    province = Field("allocation__province", "จังหวัด", widget=province_widget(), readonly=True)
    fiscal_year = Field(
        "allocation__fiscal_year",
        "ปีงบประมาณ (พ.ศ.)",
        widget=FiscalYearWidget(),
        readonly=True,
    )
    programme = Field(
        "allocation__programme",
        "โครงการ",
        widget=LookupWidget(Programme, ["name_th", "code", "name_en"], prefixes=("โครงการ",)),
        readonly=True,
    )
    agreement = Field(
        "allocation__agreement", "เลขที่ข้อตกลง", widget=agreement_widget(), readonly=True
    )

    region_fields = {"allocation": "province.region_id"}
    example = {
        "reference": "FIN-2566-000123",
        "transferred_on": "15/03/2566",
        "amount": "600000.00",
        "recipient": "เครือข่ายขบวนองค์กรชุมชนจังหวัดราชบุรี",
        "allocation": "",
        "allocation__province": "ราชบุรี",
        "allocation__fiscal_year": 2566,
        "allocation__programme": "โครงการบ้านพอเพียง",
        "allocation__agreement": "BUD-2566-70-01",
    }

    class Meta(RegionScopedResource.Meta):
        model = Transfer
        name = _("transfers")
        fields = (
            "reference",
            "transferred_on",
            "amount",
            "recipient",
            "allocation",
            "province",
            "fiscal_year",
            "programme",
            "agreement",
        )
        import_id_fields = ("reference",)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields["allocation"].widget = AllocationWidget(self)

    def required_columns(self):
        names = ("reference", "transferred_on", "amount")
        return [self.fields[name] for name in names]

    def _normalise_headers(self, dataset):
        super()._normalise_headers(dataset)
        # A file that names allocations by province, year and programme has no number column.
        column = self.fields["allocation"].column_name
        if column not in dataset.headers:
            dataset.append_col([None] * len(dataset), header=column)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if not instance.reference and "reference" not in errors:
            errors["reference"] = [
                gettext("Write the finance document number: it finds the transfer again.")
            ]
        # The allocation's recipient, when the row names none.
        if instance.recipient_id is None and "allocation" not in errors:
            allocation = getattr(instance, "allocation", None) if instance.allocation_id else None
            if allocation is not None and allocation.recipient_id is not None:
                instance.recipient_id = allocation.recipient_id
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        self.before_save_instance(instance, row, **kwargs)
        services.money_row_save(row=instance, user=kwargs.get("user"))
        self.after_save_instance(instance, row, **kwargs)
