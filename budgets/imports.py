"""Budget allocations from a spreadsheet (importing.resources): the columns and the key."""

from django.utils.translation import gettext_lazy as _
from import_export.fields import Field

from agreements.imports import ReviewedResource, agreement_widget
from geography.imports import RegionScopedResource, province_widget
from importing.resources import AmountWidget, FiscalYearWidget, LookupWidget, TextWidget
from partners.imports import OrganisationWidget

from .models import Allocation, Programme


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
