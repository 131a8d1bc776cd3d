from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from geography.access import regions_of, sees_all_regions
from geography.models import Province
from records.compiled import compiled
from records.derived import flush_all
from records.locking import version_field
from thai.bilingual import Bilingual


class OrganisationQuerySet(models.QuerySet):
    def aliases(self):
        """Records merged into another: kept only so that their old links lead there."""
        return self.filter(successor_reason=Organisation.SuccessorReason.MERGED)

    def without_aliases(self):
        """The records new rows may name (a merged record's rows moved to the kept one)."""
        return self.exclude(successor_reason=Organisation.SuccessorReason.MERGED)

    def merged_alias(self, pk):
        """The merged record with id `pk` (as a URL gives it), or None: where its old links
        redirect."""
        pk = str(pk)
        return self.aliases().filter(pk=pk).first() if pk.isdigit() else None

    def partners(self):
        """Organisations with a role in at least one published agreement, from the derived
        count (`published_agreements`), rebuilt first if this transaction changed it."""
        flush_all()
        return self.filter(published_agreements__gt=0)

    def public_partners(self):
        """The partners with how many published agreements each is party to
        (`agreement_count`): one indexed column, so a page of them and its count read the
        partial index organisation_partners_by_name only."""
        return (
            self.partners()
            .annotate(agreement_count=F("published_agreements"))
            .select_related("province__region", "parent")
        )

    def with_public_page(self):
        """The organisations whose public page is shown: the partners, and the records they
        were renamed to (whose page says "formerly …"), with how many published agreements
        they are party to (`agreement_count`). A merged record has no page: its links lead to
        the record it was merged into."""
        renamed = Organisation.SuccessorReason.RENAMED
        former = self.model.objects.filter(
            successor=OuterRef("pk"), successor_reason=renamed
        ).order_by("-successor_since", "-pk")
        partners = self.model.objects.partners()
        return (
            self.without_aliases()
            .filter(
                Q(published_agreements__gt=0) | Exists(partners.filter(successor=OuterRef("pk")))
            )
            .annotate(
                agreement_count=F("published_agreements"),
                former_pk=Subquery(former.values("pk")[:1]),
                former_name_th=Subquery(former.values("name_th")[:1]),
                former_name_en=Subquery(former.values("name_en")[:1]),
            )
            .select_related("province__region", "parent", "successor")
        )

    def public_partner_count(self):
        """How many organisations have a role in a published agreement: the stored total
        (PartnerTotal), counted again only where it is missing."""
        flush_all()
        total = _stored_partner_total.rows()
        return total[0][0] if total else PartnerTotal.recount()

    def search(self, text):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            Q(name_th__icontains=text)
            | Q(name_en__icontains=text)
            | Q(short_name_th__icontains=text)
            | Q(short_name_en__icontains=text)
        )


class SuccessorReason(models.TextChoices):
    RENAMED = "renamed", _("renamed")
    MERGED = "merged", _("merged into another record")


class Organisation(models.Model):
    SuccessorReason = SuccessorReason

    class Kind(models.TextChoices):
        CODI_OFFICE = "codi_office", _("CODI office")
        COMMUNITY_NETWORK = "community_network", _("community organisations network")
        COMMUNITY_COUNCIL = "community_council", _("community organisation council")
        UNIVERSITY = "university", _("university")
        COLLEGE = "college", _("college or school")
        PROVINCIAL_OFFICE = "provincial_office", _("provincial government office")
        DISTRICT_OFFICE = "district_office", _("district office")
        LOCAL_GOVERNMENT = "local_government", _("local government")
        FARMERS_COUNCIL = "farmers_council", _("farmers council")
        FOUNDATION = "foundation", _("foundation or NGO")
        COMPANY = "company", _("private company")
        INTERNATIONAL = "international", _("international organisation")
        OTHER = "other", _("other")

    name_th = models.CharField(
        _("name (Thai)"),
        max_length=300,
        help_text=_("The full Thai name exactly as written on the agreement."),
    )
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    short_name_th = models.CharField(
        _("short name (Thai)"), max_length=50, blank=True, help_text=_("e.g. พอช., มรภ.นม.")
    )
    short_name_en = models.CharField(
        _("short name (English)"), max_length=50, blank=True, help_text=_("e.g. CODI")
    )
    name = Bilingual()
    short_name = Bilingual()
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("province"),
        help_text=_("Leave empty for national bodies."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        verbose_name=_("part of"),
        help_text=_(
            "The organisation this one belongs to, e.g. a CODI regional office is part of CODI."
        ),
    )
    website = models.URLField(_("website"), blank=True)
    # A rename keeps the old record (its agreements were signed under that name) and points it
    # at the new one; a merge leaves the duplicate as an alias that points at the kept record.
    successor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("now known as"),
        help_text=_(
            "When this organisation was renamed: the record under its new name. Its agreements "
            "stay here, under the name they were signed with."
        ),
    )
    successor_since = models.DateField(
        _("known by the new name since"),
        null=True,
        blank=True,
        help_text=_("The date of the rename or merge."),
    )
    successor_reason = models.CharField(
        _("rename or merge"),
        max_length=16,
        choices=SuccessorReason.choices,
        blank=True,
        help_text=_("Renamed: a new name. Merged: a duplicate merged into the record above."),
    )

    # Derived data (agreements/partner_figures.py keeps it current after every audited change of
    # an agreement or a party): how many published agreements the organisation is party to, so
    # that the partner lists and counts read one indexed column instead of every party.
    published_agreements = models.PositiveIntegerField(
        _("published agreements"), default=0, editable=False
    )

    version = version_field()

    objects = OrganisationQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["published_agreements"])

    class Meta:
        ordering = ["name_th"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            # The partners, in the list's order: a page and its count read this index only.
            models.Index(
                "name_th",
                "id",
                condition=Q(published_agreements__gt=0),
                name="organisation_partners_by_name",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["name_th", "province"],
                condition=Q(province__isnull=False),
                name="organisation_unique_name_in_province",
                violation_error_message=_(
                    "An organisation with this Thai name already exists in this province."
                ),
            ),
            models.UniqueConstraint(
                fields=["name_th"],
                condition=Q(province__isnull=True),
                name="organisation_unique_national_name",
                violation_error_message=_(
                    "A national organisation with this Thai name already exists."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="organisation_not_its_own_parent",
                violation_error_message=_("An organisation cannot be part of itself."),
            ),
            models.CheckConstraint(
                condition=~Q(successor=F("pk")),
                name="organisation_not_its_own_successor",
                violation_error_message=_("An organisation cannot be its own new name."),
            ),
            models.CheckConstraint(
                condition=Q(successor__isnull=False)
                | Q(successor_since__isnull=True, successor_reason=""),
                name="organisation_successor_details_need_successor",
                violation_error_message=_(
                    "A date or a rename/merge choice needs the organisation it is now known as."
                ),
            ),
            models.CheckConstraint(
                condition=Q(successor__isnull=True)
                | (Q(successor_since__isnull=False) & ~Q(successor_reason="")),
                name="organisation_successor_needs_date_and_reason",
                violation_error_message=_(
                    "Give the date and whether it was a rename or a merge with the new name."
                ),
            ),
        ]

    def __str__(self):
        return self.name_th

    def get_absolute_url(self):
        return reverse("partner-detail", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        if self.successor_id is None:
            return
        successor = self.successor
        if successor.is_alias:
            raise ValidationError(
                {
                    "successor": _(
                        "“%(alias)s” was merged into “%(kept)s”: choose “%(kept)s” instead."
                    )
                    % {"alias": successor.name_th, "kept": successor.current().name_th}
                }
            )
        seen, organisation = set(), successor
        while organisation is not None and organisation.pk not in seen:
            if organisation.pk == self.pk:
                raise self._successor_loop(successor)
            seen.add(organisation.pk)
            organisation = organisation.successor

    @staticmethod
    def _successor_loop(successor):
        return ValidationError(
            {
                "successor": _(
                    "“%(successor)s” is already known by this organisation's name, directly or "
                    "through its own new names: that would make a loop."
                )
                % {"successor": successor.name_th}
            }
        )

    @property
    def is_alias(self):
        """A duplicate merged into another record: it keeps no roles, only its old links."""
        return self.successor_id is not None and self.successor_reason == SuccessorReason.MERGED

    def current(self):
        """The record this one is known as today: its successor's successor and so on (a
        chain is short; a loop, which the admin cannot make in one step, ends the walk)."""
        seen, organisation = {self.pk}, self
        while organisation.successor_id and organisation.successor_id not in seen:
            seen.add(organisation.successor_id)
            organisation = organisation.successor
        return organisation


# A person's contact details: personal data, shown to staff on a need-to-know basis. The note
# counts too, as staff write addresses and messaging ids there.
CONTACT_FIELDS = ("email", "phone", "note")


class PersonQuerySet(models.QuerySet):
    """Who may read a person's contact details is decided here, and only here.

    Central staff (and superusers) may read everyone's. Regional staff may read those of the
    people who sign, preside over or witness an agreement of one of their regions: the people
    they work with. Nobody else may read anyone's. Every admin path that shows a person (list,
    search, autocomplete, change form, history) reads the annotations below.
    """

    def _contact_need(self, user):
        if sees_all_regions(user):
            return Value(True)
        regions = regions_of(user)
        if not regions:
            return Value(False)
        # AgreementParty, reached through the relation: partners may not import agreements.
        party = self.model._meta.get_field("agreement_roles").related_model
        return Exists(
            party.objects.filter(signatory=OuterRef("pk"), agreement__province__region__in=regions)
        )

    def contact_visible_to(self, user):
        """The people whose contact details `user` may read."""
        return self.alias(contact_visible=self._contact_need(user)).filter(contact_visible=True)

    def with_contact_visibility(self, user):
        """Each person with `contact_visible` (may `user` read their contact details?) and
        `visible_email`, `visible_phone`, `visible_note`: the details where they may, else
        empty. One EXISTS per row inside the same query, never a query per row."""
        need = self._contact_need(user)
        visible = {
            f"visible_{name}": Case(
                When(contact_visible=True, then=F(name)),
                default=Value(""),
                output_field=models.TextField(),
            )
            for name in CONTACT_FIELDS
        }
        return self.annotate(contact_visible=need).annotate(**visible)


class Person(models.Model):
    """Someone who signs or witnesses an agreement.

    Contact details are personal data under Thailand's PDPA: they are for staff who need them
    (see PersonQuerySet) and must never be rendered on a public page or in a public export.
    """

    name_th = models.CharField(
        _("name (Thai)"),
        max_length=200,
        help_text=_("As written on the document, with honorifics, e.g. รศ.ดร.อดิศร เนาวนนท์"),
    )
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name = Bilingual()
    email = models.EmailField(_("e-mail (staff only)"), blank=True)
    phone = models.CharField(_("phone (staff only)"), max_length=50, blank=True)
    note = models.TextField(_("note (staff only)"), blank=True)

    version = version_field()

    objects = PersonQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["name_th"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.name_th


class PartnerTotal(models.Model):
    """How many organisations are partners (Organisation.published_agreements > 0), in one
    row: derived data, recounted from the partial index organisation_partners_by_name whenever
    agreements/partner_figures.py rewrites organisations' counts, so that the home page and
    the partner list read a number instead of counting 20,000 partners each time."""

    ONLY = 1

    partners = models.PositiveIntegerField(_("partners"))

    class Meta:
        verbose_name = _("partner total")
        verbose_name_plural = _("partner totals")

    def __str__(self):
        return str(self.partners)

    @classmethod
    def recount(cls):
        partners = Organisation.objects.filter(published_agreements__gt=0).count()
        cls.objects.update_or_create(pk=cls.ONLY, defaults={"partners": partners})
        return partners


# The stored partner total, read on the home page and the partner list (records.compiled).
_stored_partner_total = compiled(
    lambda: PartnerTotal.objects.filter(pk=PartnerTotal.ONLY).order_by().values_list("partners")
)
