import re

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from geography.models import Province
from partners.models import Organisation, Person
from records.locking import VersionedModelForm
from thai import calendar as thai_calendar

from .models import (
    Agreement,
    AgreementParty,
    ScopeClause,
)

# "1.", "1)", "(1)", "๑.", "-", "•" at the start of a pasted line are numbering, not text.
_LIST_MARKER = re.compile(r"^\s*(?:\(?[0-9๐-๙]{1,2}[.)]|[-•*])\s*")


def split_numbered_lines(text):
    """A pasted numbered list -> its items, without the numbers and blank lines."""
    items = (_LIST_MARKER.sub("", line).strip() for line in (text or "").splitlines())
    return [item for item in items if item]


# The buttons of the change form, by the name they post.
SUBMIT, PUBLISH, RETURN = "_submit_review", "_publish", "_return"

RETURN_REASON_MISSING = _("Say why you return the agreement: its authors read it to correct it.")


class ReviewFormMixin(forms.Form):
    """For the agreement's admin form: the reason a publisher gives when returning it."""

    review_reason = forms.CharField(
        label=_("reason for returning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 90}),
        help_text=_("Required with “Return to its authors”; they see it on the agreement."),
    )
    # Set on the class by ReviewAdminMixin.get_form: the button pressed.
    review_action = None

    def clean(self):
        cleaned = super().clean()
        if self.review_action == RETURN and not (cleaned.get("review_reason") or "").strip():
            self.add_error("review_reason", RETURN_REASON_MISSING)
        return cleaned


class AgreementAdminForm(ReviewFormMixin, VersionedModelForm):
    class Meta:
        model = Agreement
        fields = "__all__"  # noqa: DJ007 -- the admin's fieldsets choose what is shown
        widgets = {
            "title_th": forms.Textarea(attrs={"rows": 2, "cols": 90}),
            "title_en": forms.Textarea(attrs={"rows": 2, "cols": 90}),
            "venue_th": forms.TextInput(attrs={"size": 90}),
            "venue_en": forms.TextInput(attrs={"size": 90}),
            "themes": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Derived from the term when left empty (see Agreement.apply_term / clean).
        for name in ("reference", "starts_on"):
            if name in self.fields:
                self.fields[name].required = False

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("reference") and cleaned.get("signed_on") and cleaned.get("province"):
            cleaned["reference"] = Agreement.next_reference(
                kind=cleaned.get("kind") or Agreement.Kind.MOU,
                signed_on=cleaned["signed_on"],
                province=cleaned["province"],
            )
            self.instance.reference = cleaned["reference"]
        return cleaned


class OrderedInlineFormSet(forms.BaseInlineFormSet):
    """Inline rows with a number (`order`) that looks after itself.

    - A new row is offered the number after the last one of its group (the page's script does
      the same for rows added with "add another", and renumbers rows dragged into a new place).
    - A row saved with no number, or with a number another row of its group keeps, is placed
      after the others, in the order the rows were entered. Rows whose stored number was not
      touched keep it, so a typed duplicate never moves an existing row.

    Rows are numbered within their group (see order_group): the whole inline by default.
    """

    order_field = "order"
    # Rows numbered together share this field's value (a party's signing order counts within
    # its role); None numbers the whole inline together.
    order_group_field = None

    def order_group(self, row):
        return getattr(row, self.order_group_field) if self.order_group_field else None

    def add_fields(self, form, index):
        super().add_fields(form, index)
        field = form.fields[self.order_field]
        field.required = False
        field.widget.attrs.update(
            {
                "data-row-order": "",
                "data-drag-label": gettext("Drag to move this row; the numbers follow"),
            }
        )
        if self.order_group_field:
            field.widget.attrs["data-row-order-group"] = self.order_group_field
        if index is not None and index < self.initial_form_count():
            return
        if form.is_bound:
            # The page fills a new row's number in; on its own it does not make a blank row
            # worth saving (nor worth the "this field is required" of its other fields).
            try:
                form.initial[self.order_field] = field.to_python(
                    form.data.get(form.add_prefix(self.order_field))
                )
            except ValidationError:
                pass
        else:
            offset = 0 if index is None else index - self.initial_form_count()
            form.initial[self.order_field] = self._last_number(form.instance) + 1 + offset

    def _last_number(self, row):
        if not hasattr(self, "_last_numbers"):
            self._last_numbers = {}
            for existing in self.get_queryset():
                group = self.order_group(existing)
                number = getattr(existing, self.order_field) or 0
                self._last_numbers[group] = max(self._last_numbers.get(group, 0), number)
        return self._last_numbers.get(self.order_group(row), 0)

    def clean(self):
        super().clean()
        groups = {}
        for index, form in enumerate(self.forms):
            if form.errors or not hasattr(form, "cleaned_data"):
                continue
            if index >= self.initial_form_count() and not form.has_changed():
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            groups.setdefault(self.order_group(form.instance), []).append(form)
        self.renumbered = [form for rows in groups.values() for form in self._number(rows)]

    def _number(self, rows):
        """Give each row a number unique in its group; return the rows given a new one."""
        keeping = [f for f in rows if f.instance.pk and self.order_field not in f.changed_data]
        taken, later = set(), []
        for form in keeping + [f for f in rows if f not in keeping]:
            number = form.cleaned_data.get(self.order_field)
            if number is None or number in taken:
                later.append(form)
            else:
                taken.add(number)
        later.sort(key=rows.index)
        for number, form in enumerate(later, start=max(taken, default=0) + 1):
            form.cleaned_data[self.order_field] = number
            setattr(form.instance, self.order_field, number)
        return later

    def save_existing_objects(self, commit=True):
        saved = super().save_existing_objects(commit)
        # A stored row given a new number although its form was not touched (an old
        # duplicate): the formset skips unchanged rows, so it is saved here.
        for form in getattr(self, "renumbered", []):
            if form.instance.pk and not form.has_changed():
                self.changed_objects.append((form.instance, [self.order_field]))
                saved.append(self.save_existing(form, form.instance, commit=commit))
        return saved


class ScopeClauseInlineForm(forms.ModelForm):
    class Meta:
        model = ScopeClause
        fields = ["order", "text_th", "text_en"]


class AgreementPartyInlineFormSet(OrderedInlineFormSet):
    order_group_field = "role"

    def clean(self):
        """The rows' roles checked against each other as the database constraints do: an
        organisation signs once, and a person (or an organisation without a named person) holds
        each role once: the presiding official may also be a witness.

        The database constraints back this up, but the formset does not check constraints that
        involve the parent agreement, so without this the duplicate would fail on save.
        """
        super().clean()
        seen = set()
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            data = getattr(form, "cleaned_data", {})
            role = data.get("role")
            organisation, person = data.get("organisation"), data.get("signatory")
            if organisation is not None and role == AgreementParty.Role.PARTY:
                key = ("signs", organisation.pk)
                message = _(
                    "This organisation is already a party to this agreement; it signs once."
                )
                field = "organisation"
            elif organisation is not None and person is not None:
                key = ("named", organisation.pk, person.pk, role)
                message = _(
                    "This person is already listed in this role for this organisation on this "
                    "agreement."
                )
                field = "signatory"
            elif organisation is not None:
                key = ("unnamed", organisation.pk, role)
                message = _(
                    "This organisation is already listed in this role without a named person; "
                    "name the person or list it once."
                )
                field = "organisation"
            elif person is not None:
                key = ("own name", person.pk, role)
                message = _("This person is already listed in this role on this agreement.")
                field = "signatory"
            else:
                continue
            if key in seen:
                form.add_error(field, message)
            seen.add(key)
        self._refuse_the_same_new_organisation_twice()

    def _refuse_the_same_new_organisation_twice(self):
        # Two rows creating one organisation would break its unique name on save.
        seen = set()
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            new = getattr(form, "new_organisation", None)
            if new is None:
                continue
            key = (new.name_th, new.province_id)
            if key in seen:
                form.add_error(
                    "new_organisation_name",
                    _("The same new organisation is typed in two rows; enter it once."),
                )
            seen.add(key)


class AgreementPartyInlineForm(forms.ModelForm):
    """A party row, with its numbered duties typed (or pasted) one per line.

    A new organisation (name, kind, province) and a new signatory (name as written) can be
    typed into the row instead of chosen, so entering an agreement needs no pop-up window for
    them. They are validated with the row (`new_organisation`, `new_signatory`: unsaved) and
    created when the agreement is saved (services.party_create_new_partners). The admin sets
    the province choices to the user's regions.
    """

    new_organisation_name = forms.CharField(
        label=_("or a new organisation: name (Thai)"),
        required=False,
        max_length=Organisation._meta.get_field("name_th").max_length,
        # A blank placeholder lets the row's stylesheet tell when nothing is typed yet.
        widget=forms.TextInput(attrs={"size": 50, "placeholder": " "}),
        help_text=_("Only when it is not in the list yet; exactly as written on the agreement."),
    )
    new_organisation_kind = forms.ChoiceField(
        label=_("kind of the new organisation"),
        required=False,
        choices=[("", "---------"), *Organisation.Kind.choices],
    )
    new_organisation_province = forms.ModelChoiceField(
        label=_("province of the new organisation"),
        required=False,
        queryset=Province.objects.all(),
    )
    new_signatory_name = forms.CharField(
        label=_("or a new person: name as written"),
        required=False,
        max_length=Person._meta.get_field("name_th").max_length,
        widget=forms.TextInput(attrs={"size": 50}),
        help_text=_("With honorifics, e.g. รศ.ดร.อดิศร เนาวนนท์; their position goes below."),
    )

    responsibilities_th = forms.CharField(
        label=_("responsibilities (Thai), one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 70}),
        help_text=_("Paste the party's numbered list; the numbers are removed."),
    )
    responsibilities_en = forms.CharField(
        label=_("responsibilities (English), one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 70}),
        help_text=_("Optional; the same items in the same order."),
    )

    class Meta:
        model = AgreementParty
        fields = [
            "order",
            "role",
            "organisation",
            "organisation_name_th",
            "organisation_name_en",
            "signatory",
            "signatory_title",
            "signatory_title_en",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("organisation_name_th", "organisation_name_en"):
            if name in self.fields:
                self.fields[name].widget.attrs["size"] = 60
        if self.instance.pk:
            items = list(self.instance.responsibilities.all())
            self.initial.setdefault(
                "responsibilities_th", "\n".join(f"{r.order}. {r.text_th}" for r in items)
            )
            if any(r.text_en for r in items):
                self.initial.setdefault(
                    "responsibilities_en", "\n".join(f"{r.order}. {r.text_en}" for r in items)
                )

    def clean(self):
        cleaned = super().clean()
        self.new_organisation = self._new_organisation(cleaned)
        self.new_signatory = self._new_signatory(cleaned)
        self._name_as_written(cleaned)
        items_th = split_numbered_lines(cleaned.get("responsibilities_th"))
        items_en = split_numbered_lines(cleaned.get("responsibilities_en"))
        if items_en and len(items_en) != len(items_th):
            self.add_error(
                "responsibilities_en",
                _("Give the English items in the same number as the Thai ones (%(n)s), or none.")
                % {"n": len(items_th)},
            )
            return cleaned
        items_en = items_en or [""] * len(items_th)
        cleaned["responsibility_items"] = list(zip(items_th, items_en, strict=True))
        return cleaned

    def _new_organisation(self, cleaned):
        name = (cleaned.get("new_organisation_name") or "").strip()
        kind = cleaned.get("new_organisation_kind")
        province = cleaned.get("new_organisation_province")
        if not name:
            if kind or province:
                self.add_error(
                    "new_organisation_name",
                    _("Give the new organisation's name, or leave its kind and province empty."),
                )
            return None
        if cleaned.get("organisation"):
            self.add_error(
                "new_organisation_name",
                _("Choose an organisation from the list or type a new one, not both."),
            )
            return None
        if not kind:
            self.add_error("new_organisation_kind", _("Choose the new organisation's kind."))
            return None
        organisation = Organisation(name_th=name, kind=kind, province=province)
        try:
            organisation.full_clean()
        except ValidationError as error:
            # Its only possible error is the unique name: the organisation exists already.
            self.add_error("new_organisation_name", error.messages)
            return None
        return organisation

    def _name_as_written(self, cleaned):
        """The organisation's name on the document follows the organisation chosen, unless
        staff corrected it in the same save. A typed-in new organisation is named when it is
        created (services.party_create_new_partners)."""
        organisation = cleaned.get("organisation")
        if organisation is None or "organisation_name_th" not in self.fields:
            return
        corrected = "organisation_name_th" in self.changed_data and cleaned.get(
            "organisation_name_th"
        )
        if corrected:
            return
        if "organisation" in self.changed_data or not cleaned.get("organisation_name_th"):
            cleaned.update(AgreementParty.names_as_written(organisation))

    def _new_signatory(self, cleaned):
        name = (cleaned.get("new_signatory_name") or "").strip()
        if not name:
            return None
        if cleaned.get("signatory"):
            self.add_error(
                "new_signatory_name",
                _("Choose a person from the list or type a new one, not both."),
            )
            return None
        return Person(name_th=name)

    def _get_validation_exclusions(self):
        # A row whose organisation or signatory is typed in has it only once the agreement is
        # saved; the model's "an organisation, a person, or both" holds by then.
        exclusions = super()._get_validation_exclusions()
        if getattr(self, "new_organisation", None) is not None:
            exclusions.add("organisation")
        if getattr(self, "new_signatory", None) is not None:
            exclusions.add("signatory")
        return exclusions


class ShowsModelErrorsOfHiddenFieldsMixin:
    """For model forms that show only some of the model's fields (the compact activity rows of
    the agreement page): the model's clean() may name a field the form does not show, which
    Django refuses with a server error. Such an error is shown at the top of the form."""

    def add_error(self, field, error):
        if field is None and getattr(error, "error_dict", None):
            shown = {}
            for name, messages in error.error_dict.items():
                key = name if name in self.fields else NON_FIELD_ERRORS
                shown.setdefault(key, []).extend(messages)
            error = ValidationError(shown)
        super().add_error(field, error)


class ActivityInlineForm(ShowsModelErrorsOfHiddenFieldsMixin, forms.ModelForm):
    pass


class ActivityAdminForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        activity = self.instance
        if (
            activity.pk
            and "agreement" in self.changed_data
            and cleaned.get("agreement") is None
            and activity.attachments.exists()
        ):
            self.add_error(
                "agreement",
                _(
                    "This activity has files, which are kept with its agreement: choose an "
                    "agreement, or delete the files and save before removing it."
                ),
            )
        return cleaned


class ActivityAttachmentFormSet(forms.BaseInlineFormSet):
    """The files of an activity, stored with the activity's agreement (an attachment always
    belongs to an agreement, and its download is allowed by that agreement's region)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.instance.agreement_id = self.instance.agreement_id

    def clean(self):
        super().clean()
        if self.instance.agreement_id is not None:
            return
        for form in self.forms:
            if form.has_changed() and not self._should_delete_form(form):
                raise ValidationError(
                    _("Files can only be attached to an activity of an agreement."),
                    code="no_agreement",
                )


def activity_label(activity):
    """'21 พ.ย. 2569 – ประชุมติดตามผล', for choosing an activity of one agreement."""
    return f"{thai_calendar.local_date(activity.starts_on, short=True)} – {activity.title}"
