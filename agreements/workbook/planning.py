"""Planning an import: the Planner reads the workbook's rows and works out, row by row, what
importing it would write (workbook_plan), new, changed or unchanged, without writing."""

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext

from geography.access import regions_of, scope, sees_all_regions
from geography.imports import province_widget
from geography.models import District, Subdistrict
from importing.resources import (
    ChoiceWidget,
    DateWidget,
    LookupWidget,
    PreviewRow,
    TextWidget,
    WholeNumberWidget,
)
from partners.models import Organisation
from thai.text import fold

from ..imports import ActivityResource
from ..models import Agreement, AgreementParty, Theme
from .allocations import AllocationsAndActivities
from .matching import OrganisationsAndPeople
from .plans import AgreementPlan, PartyPlan, Plan, _pk
from .reading import _blank, _clean, _split_lines, _text, read_workbook
from .sheets import (
    ACTIVITIES,
    AGREEMENT_FIELDS,
    AGREEMENTS,
    ALLOCATIONS,
    CLAUSES,
    COVERAGE,
    DUTIES,
    ORGANISATIONS,
    PARTIES,
    RENEWALS,
)

LEVELS = {
    "district": {"อำเภอ", "เขต", "district"},
    "subdistrict": {"ตำบล", "แขวง", "sub-district", "subdistrict"},
}
LEVEL_NAMES = {"district": "อำเภอ", "subdistrict": "ตำบล"}


class Planner(OrganisationsAndPeople, AllocationsAndActivities):
    """Reads a workbook and works out what importing it would write, row by row."""

    def __init__(self, sheets, *, user=None, file_name="", picks=None):
        self.sheets = sheets
        self.user = user
        self.plan = Plan(file_name=file_name)
        self.picks = picks or {}
        self.regions = None
        if user is not None and not sees_all_regions(user):
            self.regions = set(regions_of(user))
        self.provinces = province_widget()
        self.organisation_provinces = province_widget()
        self.themes = {}
        for theme in Theme.objects.all():
            for name in (theme.title_th, theme.title_en, theme.slug):
                if name:
                    self.themes[fold(name)] = theme
        self.organisations = {}
        self.people = {}
        self.close_candidates = {}
        # The cells of import_allocations and import_activities, read as those imports read
        # them (agreements does not import budgets: the programme's lookup is built here).
        self.programmes = LookupWidget(
            apps.get_model("budgets", "Programme"),
            ["name_th", "code", "name_en"],
            prefixes=("โครงการ",),
        )
        self.activity_widgets = {
            name: column.widget for name, column in ActivityResource().fields.items()
        }
        self.existing_allocations = {}
        self.existing_activities = {}

    def run(self):
        by_reference = {}
        for sheet_row in self.sheets[AGREEMENTS.name]:
            agreement = self._agreement(sheet_row)
            if agreement.reference in by_reference:
                agreement.row.status = "error"
                agreement.row.messages.append(
                    gettext("The reference %(reference)s is on more than one row.")
                    % {"reference": agreement.reference}
                )
            by_reference.setdefault(agreement.reference, agreement)
            self.plan.agreements.append(agreement)
        for sheet_row in self.sheets[ORGANISATIONS.name]:
            key = self._organisation_key(
                sheet_row.cells.get("name_th"), sheet_row.cells.get("province"), []
            )
            if key:
                self.plan.organisation_details[key] = sheet_row
        self._preload(by_reference)
        self._children(by_reference)
        self._organisation_sheet()
        for agreement in self.plan.agreements:
            if agreement.row.status != "error":
                agreement.row.status = self._status(agreement)
        return self.plan

    def _organisation_sheet(self):
        """Check the rows of the organisations the file creates, and find (or list as new)
        their parents."""
        headers = {key: th for key, th, _en in ORGANISATIONS.columns}
        for key, sheet_row in list(self.plan.organisation_details.items()):
            if key not in self.plan.new_organisations:
                continue  # an existing organisation is used as it is
            cells, messages = sheet_row.cells, []
            _clean(ChoiceWidget(Organisation.Kind), cells.get("kind"), messages, headers["kind"])
            if not _blank(cells.get("parent")):
                parent = self._organisation_key(
                    cells.get("parent"), cells.get("parent_province"), messages
                )
                if parent:
                    self._organisation(parent)
            self.plan.refusals.extend(f"{sheet_row.where()}: {message}" for message in messages)

    # The agreements sheet

    def _agreement(self, sheet_row):
        cells = sheet_row.cells
        messages = []
        reference = _text(cells.get("reference"))
        row = PreviewRow(sheet_row.number, "new", reference or "—", messages)
        plan = AgreementPlan(row=row, reference=reference)
        headers = {key: th for key, th, _en in AGREEMENTS.columns}
        if not reference:
            messages.append(gettext("%(column)s is empty.") % {"column": headers["reference"]})
        values = {}
        for name in AGREEMENT_FIELDS:
            values[name] = _clean(self._widget(name), cells.get(name), messages, headers[name])
        province = None
        if _blank(cells.get("province")):
            messages.append(gettext("%(column)s is empty.") % {"column": headers["province"]})
        else:
            province = _clean(self.provinces, cells.get("province"), messages, headers["province"])
        for name in _split_lines(cells.get("themes")):
            theme = self.themes.get(fold(name))
            if theme is None:
                messages.append(
                    gettext("%(column)s: no theme “%(value)s”.")
                    % {"column": headers["themes"], "value": name}
                )
            else:
                plan.themes.append(theme)
        existing = None
        if reference:
            existing = Agreement.objects.select_related("province").filter(reference=reference)
            existing = existing.first()
            if existing is not None and not self._mine(existing.province):
                messages.append(
                    gettext(
                        "The reference %(reference)s cannot be used: an agreement outside your "
                        "regions has it."
                    )
                    % {"reference": reference}
                )
                existing = None
        if province is not None and not self._mine(province):
            messages.append(
                gettext("%(province)s is outside your regions.") % {"province": province}
            )
        instance = existing or Agreement(reference=reference)
        plan.instance = instance
        instance._before = _snapshot(existing) if existing else None
        if messages:
            row.status = "error"
            return plan
        for name, value in values.items():
            if name in ("term_length", "term_fiscal_year", "starts_on", "ends_on", "terminated_on"):
                setattr(instance, name, value)
            elif name == "kind":
                setattr(instance, name, value or Agreement.Kind.MOU)
            elif name == "term_mode":
                setattr(instance, name, value or Agreement.TermMode.DATES)
            else:
                setattr(instance, name, value if value is not None else "")
        instance.province = province
        try:
            instance.full_clean(exclude=["version"])
        except ValidationError as error:
            row.status = "error"
            names = {key: th for key, th, _en in AGREEMENTS.columns}
            for name, errors in error.message_dict.items():
                for message in errors:
                    if name == NON_FIELD_ERRORS or name not in names:
                        messages.append(message)
                    else:
                        messages.append(f"{names[name]}: {message}")
        return plan

    def _widget(self, name):
        if name == "kind":
            return ChoiceWidget(Agreement.Kind)
        if name == "term_mode":
            return ChoiceWidget(Agreement.TermMode)
        if name == "term_unit":
            return ChoiceWidget(Agreement.TermUnit)
        if name in ("term_length", "term_fiscal_year"):
            return WholeNumberWidget()
        if name in ("signed_on", "starts_on", "ends_on", "terminated_on"):
            return DateWidget()
        return TextWidget()

    def _mine(self, province):
        return self.regions is None or province.region_id in self.regions

    # The other sheets

    def _children(self, by_reference):
        for sheet in (PARTIES, DUTIES, CLAUSES, COVERAGE, RENEWALS, ALLOCATIONS, ACTIVITIES):
            for sheet_row in self.sheets[sheet.name]:
                reference = _text(sheet_row.cells.get("reference"))
                agreement = by_reference.get(reference)
                if agreement is None:
                    self.plan.refusals.append(
                        gettext(
                            "%(where)s: the agreement %(reference)s is not on the sheet %(sheet)s."
                        )
                        % {
                            "where": sheet_row.where(),
                            "reference": reference or "—",
                            "sheet": AGREEMENTS.name,
                        }
                    )
                    continue
                messages = []
                getattr(self, f"_{sheet.name_en}")(agreement, sheet_row, messages)
                if messages:
                    agreement.row.status = "error"
                    agreement.row.messages.extend(
                        f"{sheet_row.where()}: {message}" for message in messages
                    )

    def _parties(self, agreement, sheet_row, messages):
        cells = sheet_row.cells
        headers = {key: th for key, th, _en in PARTIES.columns}
        role = _clean(
            ChoiceWidget(AgreementParty.Role), cells.get("role"), messages, headers["role"]
        )
        order = _clean(WholeNumberWidget(), cells.get("order"), messages, headers["order"])
        role = role or AgreementParty.Role.PARTY
        order = order or 1
        organisation = None
        if not _blank(cells.get("organisation")):
            key = self._organisation_key(
                cells.get("organisation"), cells.get("organisation_province"), messages
            )
            if key:
                organisation = self._organisation(key)
        signatory = None
        if not _blank(cells.get("signatory_th")):
            signatory = self._person(_text(cells["signatory_th"]), _text(cells.get("signatory_en")))
        if organisation is None and signatory is None and not messages:
            messages.append(gettext("Give an organisation, a person, or both."))
        if any((p.role, p.order) == (role, order) for p in agreement.parties):
            messages.append(
                gettext("Two rows have the role %(role)s and the order %(order)s.")
                % {"role": AgreementParty.Role(role).label, "order": order}
            )
        if messages:
            return
        name_th = _text(cells.get("organisation_name_th"))
        name_en = _text(cells.get("organisation_name_en"))
        if isinstance(organisation, Organisation) and not name_th:
            # The template's rows may leave the name as written empty: the organisation's.
            name_th, name_en = organisation.name_th, name_en or organisation.name_en
        elif not name_th and organisation is not None:
            details = self.plan.organisation_details.get(organisation)
            name_th = organisation[0]
            if details and not name_en:
                name_en = _text(details.cells.get("name_en"))
        agreement.parties.append(
            PartyPlan(
                role=role,
                order=order,
                organisation=organisation,
                organisation_name_th=name_th,
                organisation_name_en=name_en,
                signatory=signatory,
                signatory_title=_text(cells.get("signatory_title")),
                signatory_title_en=_text(cells.get("signatory_title_en")),
            )
        )

    def _duties(self, agreement, sheet_row, messages):
        cells = sheet_row.cells
        headers = {key: th for key, th, _en in DUTIES.columns}
        role = _clean(
            ChoiceWidget(AgreementParty.Role), cells.get("role"), messages, headers["role"]
        )
        party_order = _clean(
            WholeNumberWidget(), cells.get("party_order"), messages, headers["party_order"]
        )
        order = _clean(WholeNumberWidget(), cells.get("order"), messages, headers["order"])
        text_th = _text(cells.get("text_th"))
        if not text_th:
            messages.append(gettext("%(column)s is empty.") % {"column": headers["text_th"]})
        if messages:
            return
        role = role or AgreementParty.Role.PARTY
        party = next(
            (p for p in agreement.parties if (p.role, p.order) == (role, party_order)), None
        )
        if party is None:
            messages.append(
                gettext(
                    "No party with the role %(role)s and the order %(order)s on sheet %(sheet)s."
                )
                % {
                    "role": AgreementParty.Role(role).label,
                    "order": party_order,
                    "sheet": PARTIES.name,
                }
            )
            return
        order = order or len(party.duties) + 1
        party.duties.append((order, text_th, _text(cells.get("text_en"))))

    def _clauses(self, agreement, sheet_row, messages):
        cells = sheet_row.cells
        headers = {key: th for key, th, _en in CLAUSES.columns}
        order = _clean(WholeNumberWidget(), cells.get("order"), messages, headers["order"])
        text_th = _text(cells.get("text_th"))
        if not text_th:
            messages.append(gettext("%(column)s is empty.") % {"column": headers["text_th"]})
        if not messages:
            order = order or len(agreement.clauses) + 1
            agreement.clauses.append((order, text_th, _text(cells.get("text_en"))))

    def _coverage(self, agreement, sheet_row, messages):
        cells = sheet_row.cells
        level_text = _text(cells.get("level")).casefold()
        level = next((name for name, words in LEVELS.items() if level_text in words), None)
        province = agreement.instance.province if agreement.instance else None
        if level is None:
            messages.append(
                gettext("“%(value)s” is not one of: อำเภอ, ตำบล.") % {"value": level_text or "—"}
            )
            return
        if province is None:
            return  # the agreement's row says why
        code, name = _text(cells.get("code")), _text(cells.get("name"))
        if level == "district":
            places = District.objects.filter(province=province)
        else:
            places = Subdistrict.objects.filter(district__province=province)
        place = places.filter(code=code).first() if code else places.filter(name_th=name).first()
        if place is None:
            messages.append(
                gettext("No %(level)s “%(value)s” in %(province)s.")
                % {"level": LEVEL_NAMES[level], "value": code or name, "province": province}
            )
        else:
            getattr(agreement, f"{level}s").append(place)

    def _renewals(self, agreement, sheet_row, messages):
        agreement.renews = _text(sheet_row.cells.get("renews"))

    # Unchanged or changed

    def _status(self, agreement):
        instance = agreement.instance
        before = instance._before
        if not self._renews_ok(agreement):
            return "error"
        if before is None:
            return "new"
        children = [*agreement.allocations, *agreement.activities]
        if any(child.changed for child in children):
            return "changed"
        return (
            "unchanged" if before == _wanted(agreement, self._renews_pk(agreement)) else "changed"
        )

    def _renews_pk(self, agreement):
        if not agreement.renews:
            return None
        found = (
            scope(Agreement.objects.all(), self.user, "province__region")
            if self.user
            else (Agreement.objects.all())
        )
        return found.filter(reference=agreement.renews).values_list("pk", flat=True).first()

    def _renews_ok(self, agreement):
        if not agreement.renews:
            return True
        in_file = any(a.reference == agreement.renews for a in self.plan.agreements)
        if in_file or self._renews_pk(agreement) is not None:
            return True
        agreement.row.messages.append(not_found_or_not_yours(agreement.renews))
        return False


def not_found_or_not_yours(reference):
    """The one answer for an agreement that does not exist and for one of another region."""
    return gettext("No %(thing)s “%(value)s”, or it is not in your regions.") % {
        "thing": Agreement._meta.verbose_name,
        "value": reference,
    }


def _snapshot(agreement):
    """What the workbook says of a saved agreement, in one comparable value."""
    parties = []
    for party in agreement.parties.all():
        duties = sorted((d.order, d.text_th, d.text_en) for d in party.responsibilities.all())
        parties.append(
            (
                party.role,
                party.order,
                party.organisation_id,
                party.organisation_name_th,
                party.organisation_name_en,
                party.signatory_id,
                party.signatory_title,
                party.signatory_title_en,
                tuple(duties),
            )
        )
    return {
        "fields": {name: getattr(agreement, name) for name in AGREEMENT_FIELDS},
        "province": agreement.province_id,
        "themes": set(agreement.themes.values_list("pk", flat=True)),
        "districts": set(agreement.districts.values_list("pk", flat=True)),
        "subdistricts": set(agreement.subdistricts.values_list("pk", flat=True)),
        "parties": sorted(parties, key=lambda p: (p[0], p[1])),
        "clauses": sorted(agreement.clauses.values_list("order", "text_th", "text_en")),
        "renews": agreement.renews_id,
    }


def _wanted(plan, renews_pk):
    instance = plan.instance
    parties = [
        (
            p.role,
            p.order,
            _pk(p.organisation) if p.organisation is not None else None,
            p.organisation_name_th,
            p.organisation_name_en,
            _pk(p.signatory) if p.signatory is not None else None,
            p.signatory_title,
            p.signatory_title_en,
            tuple(sorted(p.duties)),
        )
        for p in plan.parties
    ]
    return {
        "fields": {name: getattr(instance, name) for name in AGREEMENT_FIELDS},
        "province": instance.province_id,
        "themes": {t.pk for t in plan.themes},
        "districts": {d.pk for d in plan.districts},
        "subdistricts": {s.pk for s in plan.subdistricts},
        "parties": sorted(parties, key=lambda p: (p[0], p[1])),
        "clauses": sorted(plan.clauses),
        "renews": renews_pk,
    }


def workbook_plan(data: bytes, *, user=None, file_name="", picks=None) -> Plan:
    """What importing the workbook `data` would write; writes nothing. WorkbookError when the
    file cannot be read at all."""
    sheets = read_workbook(data)
    return Planner(sheets, user=user, file_name=file_name, picks=picks).run()
