"""Follow-up activities from a spreadsheet (importing.resources).

An activity is found again by its agreement (empty for one outside any agreement), date, Thai
title and province. A budget hand-over's allocation is chosen in the admin. Imported rows are
reviewed as the admin's are (ReviewedResource).
"""

from django.utils.translation import gettext_lazy as _
from import_export.fields import Field

from geography.imports import RegionScopedResource, province_widget
from importing.resources import (
    AmountWidget,
    ChoiceWidget,
    DateWidget,
    LookupWidget,
    TextWidget,
    WholeNumberWidget,
    YesNoWidget,
)

from . import review
from .models import Activity, Agreement


class ReviewedResource(RegionScopedResource):
    """For the records reviewed one by one (records.publication): an imported row written by
    someone who may not publish is hidden until a publisher publishes it, as a save in the
    admin is (agreements.review.review_write); a publisher's rows are published as the file
    says (published, when the file says nothing). The importing user is the
    command's --user, or the admin's user."""

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        column = self.fields.get("is_published")
        stated = column is not None and row.get(column.column_name) not in (None, "")
        review.review_write(instance, kwargs.get("user"), published=None if stated else True)


def agreement_widget():
    """An agreement by its reference (with its province, for the region rule); budgets too.
    A regional user finds only their regions' agreements: another region's, drafts included,
    is "not found or not in your regions", as an unknown reference is."""
    return LookupWidget(
        Agreement,
        ["reference"],
        queryset=Agreement.objects.select_related("province"),
        region_path="province__region",
    )


class ActivityResource(ReviewedResource):
    agreement = Field("agreement", "เลขที่ข้อตกลง", widget=agreement_widget())
    starts_on = Field("starts_on", "วันที่ (พ.ศ.)", widget=DateWidget())
    title_th = Field("title_th", "ชื่อกิจกรรม (ไทย)", widget=TextWidget())
    province = Field("province", "จังหวัด", widget=province_widget())
    kind = Field(
        "kind", "ประเภท", widget=ChoiceWidget(Activity.Kind), default=Activity.Kind.MEETING
    )
    ends_on = Field("ends_on", "ถึงวันที่ (พ.ศ.)", widget=DateWidget())
    title_en = Field("title_en", "ชื่อกิจกรรม (อังกฤษ)", widget=TextWidget())
    participants = Field("participants", "จำนวนผู้เข้าร่วม", widget=WholeNumberWidget())
    description_th = Field("description_th", "รายละเอียด (ไทย)", widget=TextWidget())
    description_en = Field("description_en", "รายละเอียด (อังกฤษ)", widget=TextWidget())
    outcome_th = Field("outcome_th", "ผลที่ได้ (ไทย)", widget=TextWidget())
    outcome_en = Field("outcome_en", "ผลที่ได้ (อังกฤษ)", widget=TextWidget())
    amount_handed_over = Field("amount_handed_over", "จำนวนเงินที่ส่งมอบ (บาท)", widget=AmountWidget())
    is_published = Field("is_published", "เผยแพร่", widget=YesNoWidget(), default=True)

    region_fields = {"province": "region_id", "agreement": "province.region_id"}
    example = {
        "agreement": "MOU-2562-71-01",
        "starts_on": "12/06/2562",
        "title_th": "อบรมการเขียนโครงการเพื่อขอรับทุน",
        "province": "กาญจนบุรี",
        "kind": "การฝึกอบรม",
        "ends_on": "13/06/2562",
        "title_en": "Training on writing fundable project proposals",
        "participants": 40,
        "description_th": "",
        "description_en": "",
        "outcome_th": "",
        "outcome_en": "",
        "amount_handed_over": "",
        "is_published": "ใช่",
    }

    class Meta(RegionScopedResource.Meta):
        model = Activity
        name = _("activities")
        fields = (
            "agreement",
            "starts_on",
            "title_th",
            "province",
            "kind",
            "ends_on",
            "title_en",
            "participants",
            "description_th",
            "description_en",
            "outcome_th",
            "outcome_en",
            "amount_handed_over",
            "is_published",
        )
        import_id_fields = ("agreement", "starts_on", "title_th", "province")
        # Written together after the last row, with their history (importing.resources).
        use_bulk = True
        skip_diff = True
