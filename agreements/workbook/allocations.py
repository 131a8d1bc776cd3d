"""The allocation and activity sheets: rows with the columns and cells of import_allocations
and import_activities, found again within their agreement by those imports' keys, and whether
each says anything its record does not."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from importing import constraints
from importing.resources import AmountWidget, FiscalYearWidget, YesNoWidget

from ..models import MONEY_ONLY_FOR_HANDOVER, Activity
from .plans import RecordPlan, _pk
from .reading import _blank, _clean, _text
from .sheets import ACTIVITIES, ALLOCATIONS

# Found by the lookups, so not checked again with a query each (as importing.resources does).
ALLOCATION_RELATIONS = ["agreement", "province", "programme", "recipient"]
ACTIVITY_RELATIONS = ["agreement", "province", "allocation"]
# The fields of an allocation and of an activity a row sets besides its key.
ALLOCATION_FIELDS = ("amount", "public_note")
ACTIVITY_FIELDS = (
    "kind",
    "ends_on",
    "title_en",
    "participants",
    "description_th",
    "description_en",
    "outcome_th",
    "outcome_en",
    "amount_handed_over",
)


class AllocationsAndActivities:
    """The Planner's part that reads the allocation and activity rows, with the lookups its
    __init__ sets up (agreements.workbook.planning)."""

    def _preload(self, by_reference):
        """Look up what the allocation and activity rows name at once: their provinces and
        programmes, and the records already under the file's agreements (a query each)."""
        allocations, activities = self.sheets[ALLOCATIONS.name], self.sheets[ACTIVITIES.name]
        self.provinces.preload(
            sheet_row.cells.get("province") for sheet_row in [*allocations, *activities]
        )
        self.programmes.preload(
            [sheet_row.cells.get("programme") for sheet_row in allocations]
            + [sheet_row.cells.get("allocation_programme") for sheet_row in activities]
        )
        ids = [a.instance.pk for a in by_reference.values() if a.instance and a.instance.pk]
        if not ids:
            return
        Allocation = apps.get_model("budgets", "Allocation")
        if allocations or activities:
            for record in Allocation.objects.filter(agreement__in=ids):
                key = (record.province_id, record.fiscal_year, record.programme_id)
                self.existing_allocations.setdefault(record.agreement_id, {}).setdefault(
                    key, []
                ).append(record)
        if activities:
            for record in Activity.objects.filter(agreement__in=ids):
                key = (record.starts_on, record.title_th, record.province_id)
                self.existing_activities.setdefault(record.agreement_id, {}).setdefault(
                    key, []
                ).append(record)

    # Allocations and activities: the rows of import_allocations and import_activities, found
    # again within their agreement by those imports' keys

    def _province_of(self, agreement, cells, messages, header):
        """The row's province (empty: the agreement's), within the user's regions."""
        if _blank(cells.get("province")):
            return agreement.instance.province
        province = _clean(self.provinces, cells.get("province"), messages, header)
        if province is not None and not self._mine(province):
            messages.append(
                gettext("%(province)s is outside your regions.") % {"province": province}
            )
        return province

    def _required(self, widget, cells, name, messages, headers):
        if _blank(cells.get(name)):
            messages.append(gettext("%(column)s is empty.") % {"column": headers[name]})
            return None
        return _clean(widget, cells.get(name), messages, headers[name])

    def _existing(self, records, agreement, key, messages):
        """The record of `key` among `records` ({agreement id: {key: [records]}}), or None."""
        if agreement.instance.pk is None:
            return None
        found = records.get(agreement.instance.pk, {}).get(key, [])
        if len(found) > 1:
            messages.append(
                gettext(
                    "More than one record already has this row's key: correct them in the "
                    "admin first."
                )
            )
        return found[0] if found else None

    def _planned(self, plans, key, messages):
        if any(plan.key == key for plan in plans):
            messages.append(
                gettext("An earlier row of the file has the same key: keep one of the two rows.")
            )
            return False
        return True

    def _allocations(self, agreement, sheet_row, messages):
        cells = sheet_row.cells
        headers = {key: th for key, th, _en in ALLOCATIONS.columns}
        if agreement.instance.province_id is None:
            return  # the agreement's row says why
        province = self._province_of(agreement, cells, messages, headers["province"])
        year = self._required(FiscalYearWidget(), cells, "fiscal_year", messages, headers)
        programme = self._required(self.programmes, cells, "programme", messages, headers)
        amount = self._required(AmountWidget(), cells, "amount", messages, headers)
        recipient = None
        if not _blank(cells.get("recipient")):
            key = self._organisation_key(
                cells.get("recipient"), cells.get("recipient_province"), messages
            )
            if key:
                recipient = self._organisation(key)
        published = _clean(
            YesNoWidget(), cells.get("is_published"), messages, headers["is_published"]
        )
        if messages:
            return
        key = (province.pk, year, programme.pk)
        if not self._planned(agreement.allocations, key, messages):
            return
        record = self._existing(self.existing_allocations, agreement, key, messages)
        Allocation = apps.get_model("budgets", "Allocation")
        checked = Allocation(
            province=province,
            fiscal_year=year,
            programme=programme,
            amount=amount,
            public_note=_text(cells.get("public_note")),
        )
        if record is not None:
            # Its sums: an amount below what was already transferred is refused (clean()).
            for name in ("planned_amount", "transferred_amount"):
                setattr(checked, name, getattr(record, name))
        if not _valid(checked, ALLOCATIONS, messages, exclude=ALLOCATION_RELATIONS):
            return
        values = {
            "province": province,
            "fiscal_year": year,
            "programme": programme,
            "amount": amount,
            "public_note": checked.public_note,
            "recipient": recipient,
        }
        changed = _differs(record, values, published)
        agreement.allocations.append(
            RecordPlan(Allocation, key, record, values, published, changed)
        )

    def _activities(self, agreement, sheet_row, messages):
        cells = sheet_row.cells
        headers = {key: th for key, th, _en in ACTIVITIES.columns}
        if agreement.instance.province_id is None:
            return
        widgets = self.activity_widgets
        starts_on = self._required(widgets["starts_on"], cells, "starts_on", messages, headers)
        title_th = _text(cells.get("title_th")) if not _blank(cells.get("title_th")) else ""
        if not title_th:
            messages.append(gettext("%(column)s is empty.") % {"column": headers["title_th"]})
        province = self._province_of(agreement, cells, messages, headers["province"])
        values = {
            name: _clean(widgets[name], cells.get(name), messages, headers[name])
            for name in ACTIVITY_FIELDS
        }
        values["kind"] = values["kind"] or Activity.Kind.MEETING
        for name in ("title_en", "description_th", "description_en", "outcome_th", "outcome_en"):
            values[name] = values[name] or ""
        published = _clean(
            widgets["is_published"], cells.get("is_published"), messages, headers["is_published"]
        )
        allocation = None
        if not (
            _blank(cells.get("allocation_fiscal_year"))
            and _blank(cells.get("allocation_programme"))
        ):
            year = self._required(
                FiscalYearWidget(), cells, "allocation_fiscal_year", messages, headers
            )
            programme = self._required(
                self.programmes, cells, "allocation_programme", messages, headers
            )
            if not messages:
                allocation = self._allocation(agreement, (province.pk, year, programme.pk))
                if allocation is None:
                    messages.append(
                        gettext(
                            "No allocation of %(year)s, %(programme)s for %(province)s on sheet "
                            "%(sheet)s or under this agreement."
                        )
                        % {
                            "year": year,
                            "programme": programme,
                            "province": province,
                            "sheet": ALLOCATIONS.name,
                        }
                    )
        if messages:
            return
        key = (starts_on, title_th, province.pk)
        if not self._planned(agreement.activities, key, messages):
            return
        record = self._existing(self.existing_activities, agreement, key, messages)
        checked = Activity(starts_on=starts_on, title_th=title_th, province=province, **values)
        if allocation is not None and checked.kind != Activity.Kind.BUDGET_HANDOVER:
            messages.append(f"{headers['kind']}: {MONEY_ONLY_FOR_HANDOVER}")
            return
        if not _valid(checked, ACTIVITIES, messages, exclude=ACTIVITY_RELATIONS):
            return
        values.update(starts_on=starts_on, title_th=title_th, province=province)
        if "allocation_fiscal_year" in cells or "allocation_programme" in cells:
            # Without these columns (a sheet of import_activities' columns) the allocation is
            # left as it is, as import_activities leaves it.
            values["allocation"] = allocation
        changed = _differs(record, values, published)
        agreement.activities.append(RecordPlan(Activity, key, record, values, published, changed))

    def _allocation(self, agreement, key):
        """The allocation an activity's money came from: one of the agreement's on the sheet,
        else already under it."""
        planned = next((plan for plan in agreement.allocations if plan.key == key), None)
        if planned is not None:
            return planned
        found = self.existing_allocations.get(agreement.instance.pk, {}).get(key, [])
        return found[0] if len(found) == 1 else None


def _valid(record, sheet, messages, exclude):
    """Check `record` as the bulk imports do (importing.resources): its fields and clean(),
    then its check constraints in Python; the messages under the sheet's headers."""
    headers = {key: th for key, th, _en in sheet.columns}
    try:
        record.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        constraints.validate(record)
    except ValidationError as error:
        for name, errors in error.message_dict.items():
            for message in errors:
                if name in headers:
                    messages.append(f"{headers[name]}: {message}")
                else:
                    messages.append(message)
        return False
    return True


def _value_key(value):
    if isinstance(value, RecordPlan):
        return _pk(value.record) if value.record is not None else ("new", value.key)
    if value is None or isinstance(value, (tuple, str, int, float)) or not hasattr(value, "pk"):
        return value
    return value.pk


def _differs(record, values, published):
    """Does the row say anything the record does not? (A new record: yes.) An empty
    published cell means published, as in import_activities."""
    if record is None:
        return True
    if record.is_published != (published is not False):
        return True
    for name, value in values.items():
        # A relation by its id: the record's related rows are not read.
        current = getattr(record, record._meta.get_field(name).attname)
        if current != _value_key(value):
            return True
    return False
