import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Agreement, AgreementParty

# "1.", "1)", "(1)", "๑.", "-", "•" at the start of a pasted line are numbering, not text.
_LIST_MARKER = re.compile(r"^\s*(?:\(?[0-9๐-๙]{1,2}[.)]|[-•*])\s*")


def split_numbered_lines(text):
    """A pasted numbered list -> its items, without the numbers and blank lines."""
    items = (_LIST_MARKER.sub("", line).strip() for line in (text or "").splitlines())
    return [item for item in items if item]


class AgreementAdminForm(forms.ModelForm):
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


class AgreementPartyInlineFormSet(forms.BaseInlineFormSet):
    def clean(self):
        """One role per organisation per agreement, checked across the rows being saved.

        The database constraint backs this up, but the formset does not check constraints that
        involve the parent agreement, so without this the duplicate would fail on save.
        """
        super().clean()
        seen = set()
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            organisation = form.cleaned_data.get("organisation")
            if organisation is None:
                continue
            if organisation.pk in seen:
                form.add_error(
                    "organisation",
                    _(
                        "This organisation is already listed on this agreement; an organisation "
                        "has one role per agreement."
                    ),
                )
            seen.add(organisation.pk)


class AgreementPartyInlineForm(forms.ModelForm):
    """A party row, with its numbered duties typed (or pasted) one per line."""

    responsibilities_th = forms.CharField(
        label=_("responsibilities (Thai), one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 70}),
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
            "signatory",
            "signatory_title",
            "signatory_title_en",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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
