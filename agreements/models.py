import datetime
import uuid
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.postgres.search import TrigramWordSimilarity
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import MinValueValidator
from django.db import connection, connections, models
from django.db.models import Case, F, Q, Subquery, Value, When
from django.db.models.fields.files import FieldFile
from django.db.models.functions import StrIndex
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from geography.models import District, Province, Subdistrict
from partners.models import Organisation, Person
from records import derived
from records.compiled import compiled, give_related
from records.locking import version_field
from records.publication import ReviewedRecord, published_only_after_review
from thai import calendar as thai_calendar
from thai.bilingual import Bilingual, text_in
from thai.text import fold
from uploads.validators import IMAGE_SUFFIXES, check_document, read_all, validate_attachment

from .search import search_documents


class Theme(models.Model):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    title_th = models.CharField(_("name (Thai)"), max_length=200, unique=True)
    title_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    title = Bilingual()

    history = HistoricalRecords()

    class Meta:
        ordering = ["title_th"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.title_th


def _today(today=None):
    return today or timezone.localdate()


# Matches a search ranks at most (AgreementQuerySet.search); past it the newest are ranked and
# the list says "more than" this many.
SEARCH_CANDIDATES = 100


# What an agreement card, the timelines and the province page's commitments read of an
# agreement (for_cards): the columns of a card's query are a third of its compiling.
CARD_FIELDS = (
    "kind",
    "title_th",
    "title_en",
    "signed_on",
    "starts_on",
    "ends_on",
    "terminated_on",
    "province__slug",
    "province__code",
    "province__name_th",
    "province__name_en",
)


# What the agreement page and its PDF read of its province and region (for_page).
PAGE_PROVINCE_FIELDS = (
    "province__code",
    "province__slug",
    "province__name_th",
    "province__name_en",
    "province__region__code",
    "province__region__name_th",
    "province__region__name_en",
    "province__region__sort_order",
)


class CardParty:
    """A signing party as an agreement card names it (AgreementQuerySet.for_cards), from one
    row of values_list(): a list of twenty cards has a hundred parties, and loading them with
    their organisations and people as model instances was a fifth of the list's time."""

    __slots__ = (
        "pk",
        "agreement_id",
        "organisation_id",
        "organisation_name_th",
        "organisation_name_en",
        "registered_name_th",
        "registered_name_en",
        "signatory_name_th",
        "signatory_name_en",
    )
    COLUMNS = (
        "pk",
        "agreement_id",
        "organisation_id",
        "organisation_name_th",
        "organisation_name_en",
        "registered_name_th",
        "registered_name_en",
        "signatory_name_th",
        "signatory_name_en",
    )

    organisation_name = Bilingual("organisation_name_th", "organisation_name_en")
    registered_name = Bilingual("registered_name_th", "registered_name_en")
    signatory_name = Bilingual("signatory_name_th", "signatory_name_en")

    def __init__(self, row):
        for slot, value in zip(self.__slots__, row, strict=True):
            setattr(self, slot, value)

    @property
    def name(self):
        """The organisation as written in the agreement, else its registered name; a person
        who signed for no organisation by name."""
        return self.name_in(get_language())

    def name_in(self, language):
        """`name` on a page in `language` (Bilingual.text says why)."""
        if self.organisation_id:
            return text_in(self, "organisation_name", language) or text_in(
                self, "registered_name", language
            )
        return text_in(self, "signatory_name", language)


def attach_card_parties(agreements):
    """Sets `signing_parties` on each of `agreements`: its parties of role PARTY in signing
    order, as CardParty rows, in one query."""
    if not agreements:
        return
    by_agreement = {agreement.pk: agreement for agreement in agreements}
    for agreement in agreements:
        agreement.signing_parties = []
    for row in _card_party_rows.rows(list(by_agreement)):
        party = CardParty(row)
        by_agreement[party.agreement_id].signing_parties.append(party)


def _only_when(condition, model, pk, field):
    """`field` of the `model` row whose primary key is in column `pk`, read only for the rows
    that meet `condition` (NULL for the others): a card needs an organisation's registered name
    only where the document's name is missing, and a person's only where no organisation
    signed. Joining both for every party was most of the cards' parties query."""
    related = model.objects.filter(pk=models.OuterRef(pk)).order_by().values(field)[:1]
    return Case(When(condition, then=Subquery(related)), output_field=models.CharField())


# The signing parties of the agreements with these pks, in signing order (records.compiled:
# the same query on every list page, compiled once).
_card_party_rows = compiled(
    lambda agreements: (
        AgreementParty.objects.filter(agreement__in=agreements, role=AgreementParty.Role.PARTY)
        .order_by("agreement_id", "order", "pk")
        .annotate(
            **{
                f"registered_name_{language}": _only_when(
                    Q(organisation_name_th=""), Organisation, "organisation_id", f"name_{language}"
                )
                for language in ("th", "en")
            },
            **{
                f"signatory_name_{language}": _only_when(
                    Q(organisation__isnull=True), Person, "signatory_id", f"name_{language}"
                )
                for language in ("th", "en")
            },
        )
        .values_list(*CardParty.COLUMNS)
    )
)


class AgreementQuerySet(models.QuerySet):
    """Status is derived from today's date here, in SQL, and never stored.

    Every method takes an optional `today` so tests (and reports "as of" a date) can pin it.
    """

    def published(self):
        return self.filter(is_published=True)

    def newest_published(self):
        """Published agreements, the most recently published first (feeds). No index: the
        feeds take the first 50 of a top-N sort, a few milliseconds over 20,000 rows, and the
        page cache keeps the result."""
        return self.published().order_by(
            F("published_at").desc(nulls_last=True), "-signed_on", "-pk"
        )

    def in_region(self, region):
        return self.filter(province__region=region)

    def terminated(self, today=None):
        return self.filter(terminated_on__lte=_today(today))

    def _not_terminated(self, today):
        return self.filter(Q(terminated_on__isnull=True) | Q(terminated_on__gt=today))

    def upcoming(self, today=None):
        today = _today(today)
        return self._not_terminated(today).filter(starts_on__gt=today)

    def in_force(self, today=None):
        """Started, not ended and not terminated: the statuses in Agreement.IN_FORCE (active,
        expiring soon, open-ended). The one definition every figure, filter and map uses."""
        today = _today(today)
        return self._not_terminated(today).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today), starts_on__lte=today
        )

    def expiring(self, today=None, within_days=None):
        today = _today(today)
        within = settings.EXPIRING_WITHIN_DAYS if within_days is None else within_days
        return self.in_force(today).filter(ends_on__lte=today + datetime.timedelta(days=within))

    def open_ended(self, today=None):
        return self.in_force(today).filter(ends_on__isnull=True)

    def expired(self, today=None):
        today = _today(today)
        return self._not_terminated(today).filter(ends_on__lt=today)

    def with_status(self, today=None, within_days=None):
        """Annotate `status_code` with one of Agreement.Status, computed by the database."""
        today = _today(today)
        within = settings.EXPIRING_WITHIN_DAYS if within_days is None else within_days
        S = Agreement.Status
        return self.annotate(
            status_code=Case(
                When(terminated_on__lte=today, then=Value(S.TERMINATED)),
                When(starts_on__gt=today, then=Value(S.UPCOMING)),
                When(ends_on__lt=today, then=Value(S.EXPIRED)),
                When(ends_on__isnull=True, then=Value(S.OPEN_ENDED)),
                When(
                    ends_on__lte=today + datetime.timedelta(days=within),
                    then=Value(S.EXPIRING),
                ),
                default=Value(S.ACTIVE),
                output_field=models.CharField(),
            )
        )

    def with_status_in(self, statuses, today=None, within_days=None):
        """Those whose status (with_status()'s rule) is one of `statuses`: a condition on the
        dates per status, which the database reads from its indexes, rather than the status
        CASE in every row's WHERE (compiling it cost more than the rest of a list's query)."""
        today = _today(today)
        within = settings.EXPIRING_WITHIN_DAYS if within_days is None else within_days
        S = Agreement.Status
        terminated = Q(terminated_on__lte=today)
        # Negated, the lookup keeps those with no termination date (Django adds IS NOT NULL).
        started = Q(starts_on__lte=today) & ~terminated
        soon = today + datetime.timedelta(days=within)
        conditions = {
            S.TERMINATED: terminated,
            S.UPCOMING: Q(starts_on__gt=today) & ~terminated,
            S.EXPIRED: started & Q(ends_on__lt=today),
            S.OPEN_ENDED: started & Q(ends_on__isnull=True),
            S.EXPIRING: started & Q(ends_on__gte=today, ends_on__lte=soon),
            S.ACTIVE: started & Q(ends_on__gt=soon),
        }
        chosen = Q(pk__in=[])
        for status in statuses:
            chosen |= conditions[S(status)]
        return self.filter(chosen)

    # Set by for_cards(): the fetched agreements get their `signing_parties` (CardParty).
    _card_parties = False

    def for_cards(self):
        """With what an agreement card reads: province, region and signing parties (as
        `signing_parties`, CardParty rows in signing order, read in one query once the
        agreements are fetched). The status comes from the dates in Python
        (Agreement.status_on, the rule of with_status()): compiled into the query, the status
        CASE cost more than the rest of it. Filters by status annotate it themselves."""
        clone = self.select_related("province").only(*CARD_FIELDS)
        clone._card_parties = True
        return clone

    def _clone(self):
        clone = super()._clone()
        clone._card_parties = self._card_parties
        return clone

    def _fetch_all(self):
        fetching = self._result_cache is None
        super()._fetch_all()
        if fetching and self._card_parties and self._iterable_class is models.query.ModelIterable:
            attach_card_parties(self._result_cache)

    def for_page(self, *, coverage=True):
        """With everything the agreement page and its PDF read (its status from the dates in
        Python, as for_cards() explains). Only what is public is prefetched into
        `public_attachments`, `public_activities`, `public_allocations` and `public_renewals`.
        `coverage=False` leaves out the themes, districts and sub-districts, which the page
        reads in one query of its own (agreements.coverage). published_page() reads the same
        with its queries compiled once."""
        return (
            self.select_related("province__region", "renews")
            .only(*page_columns())
            .prefetch_related(
                *(["themes", "districts", "subdistricts"] if coverage else []),
                # Clauses and duties with their current progress (CommitmentQuerySet).
                models.Prefetch("clauses", queryset=ScopeClause.objects.with_progress()),
                models.Prefetch(
                    "parties",
                    queryset=page_parties().prefetch_related(
                        models.Prefetch(
                            "responsibilities", queryset=Responsibility.objects.with_progress()
                        )
                    ),
                ),
                *(
                    models.Prefetch(relation, queryset=queryset(), to_attr=attribute)
                    for attribute, (relation, queryset) in PAGE_LISTS.items()
                ),
            )
        )

    def search(self, text, *, limit=SEARCH_CANDIDATES, published_only=False):
        """Agreements whose search document contains `text`, the best matches first.

        A substring match, because Thai is written without spaces between words: word-based
        full-text search would miss `ราชภัฏ` inside `มหาวิทยาลัยราชภัฏกาญจนบุรี`. Every searched
        text of an agreement is in its SearchDocument, so this is one join and one LIKE, which
        PostgreSQL answers from the document's trigram index; SQLite scans, fine at its scale.

        Annotates `search_rank`: 1 when a title holds the phrase, plus on PostgreSQL the
        trigram word similarity of the phrase to the titles (0 to 1), and orders by it, then
        the newest first. A later order_by() replaces that order.

        Bounded: at most `limit` matches are ranked, and finding them reads a bounded number
        of rows whatever the number of matches, because the usual tools both grow with it (the
        trigram index reads one entry per match; ranking and counting touch every match):

        1. Walk the newest 3 × `limit` agreements of the filtered set, testing each document,
           in two halves. A broad word (ชุมชน is in nearly every agreement) has its `limit`
           newest matches in the first half, whose query also reads, from the index, whether
           the set is smaller than the walk; a set this small is searched completely.
        2. Otherwise ask the trigram index for at most `limit` + 1 matches: first, when the
           first half had fewer than half `limit` matches, else after the second half. A rare
           word has them all (an exact answer), and the walk's second half is not needed; a
           word in between (too sparse for the walk, too common for the limit) ranks `limit`
           of what the whole walk and the index found, the walk's (the newest) first.

        `limit=None` ranks every match (downloads). The answer carries `found_count` and
        `found_capped` (records.paging.KnownCountPaginator), so no COUNT is needed; capped
        means there are more matches than were ranked. Call it after the other filters (as
        AgreementFilter does): the newest matches are those of the filtered set.

        `published_only`: the caller vouches that the set is every published agreement and
        nothing else (no other filter). The search's queries, the same SQL, then run compiled
        once per process (records.compiled: building and compiling them was a sixth of a
        search page), and the answer also carries `ranked_pks()`, its candidates' ids in rank
        order from a compiled query, which a list pages through instead of the ranked query.
        """
        needle = fold(text)
        if not needle:
            return self
        search_documents.flush()  # what this transaction changed is found already
        pattern = like_pattern(needle)
        vendor = connections[self.db].vendor
        queries = None
        if published_only and limit is not None:
            queries = _PublishedSearch.of(self.db, limit)
        matches = self.filter(search_document__text__contains_pattern=pattern)
        found = capped = None
        if limit is not None:
            walk = _SearchWalk(self, matches, limit) if queries is None else queries
            found, capped = _bounded_matches(walk, needle, pattern, limit)
            matches = self.filter(pk__in=found)
        rank = _search_rank(needle, pattern, vendor)
        ranked = matches.annotate(search_rank=rank).order_by(*SEARCH_ORDER)
        # What the probe found, for records.paging.KnownCountPaginator: no COUNT needed.
        ranked.found_count = None if found is None else len(found)
        ranked.found_capped = bool(capped)
        if queries is not None:  # asked for by a list that pages through ids
            ranked.ranked_pks = lambda: queries.ranked(pattern, needle, found)
        return ranked


# The order of a search's answer: the rank (search_rank), then the newest first.
SEARCH_ORDER = ("-search_rank", "-signed_on", "-pk")


def like_pattern(text):
    """The LIKE pattern of the texts that contain `text`, for the lookup `contains_pattern`:
    what Django's `contains` sends, given whole so that a compiled query can take it as it is."""
    return f"%{connection.ops.prep_for_like_query(text)}%"


class ContainsPattern(models.lookups.Contains):
    """`field__contains_pattern=like_pattern(text)`: the same SQL as `field__contains=text`
    (the `contains` operator and casts of each database), with the pattern given whole."""

    def process_rhs(self, qn, connection):
        return models.Lookup.process_rhs(self, qn, connection)


models.TextField.register_lookup(ContainsPattern, lookup_name="contains_pattern")


def _search_rank(needle, pattern, vendor):
    """AgreementQuerySet.search's `search_rank`: 1 when a title holds the phrase, plus on
    PostgreSQL the trigram word similarity of the phrase to the titles."""
    rank = Case(
        When(search_document__title__contains_pattern=pattern, then=Value(1.0)),
        default=Value(0.0),
        output_field=models.FloatField(),
    )
    if vendor == "postgresql":
        rank = rank + TrigramWordSimilarity(needle, "search_document__title")
    return rank


def _walk(agreements, needle):
    """`agreements` in list order with the position of `needle` in each one's document."""
    return agreements.order_by("-signed_on", "reference").annotate(
        _at=StrIndex("search_document__text", Value(needle))
    )


def _after(signed_on, reference):
    """The agreements after the one signed on `signed_on` with `reference`, in list order
    (signed_on, then the unique reference, so that none is seen twice)."""
    return Q(signed_on__lt=signed_on) | Q(signed_on=signed_on, reference__gt=reference)


def _first_half(agreements, needle, budget):
    """The walk's first half: (pk, position, signed_on, reference, the pk of the set's
    row number `budget` or None) of the first budget // 2. That last column tells, in the
    same statement, whether the set fills the walk: PostgreSQL runs the subquery once, from
    the list order's index, reading no document."""
    in_order = agreements.order_by("-signed_on", "reference")
    last_of_budget = Subquery(in_order.values("pk")[budget - 1 : budget])
    return (
        _walk(agreements, needle)
        .annotate(_last=last_of_budget)
        .values_list("pk", "_at", "signed_on", "reference", "_last")[: budget // 2]
    )


def _second_half(agreements, needle, budget, signed_on, reference):
    return (
        _walk(agreements, needle)
        .filter(_after(signed_on, reference))
        .values_list("pk", "_at", "signed_on", "reference")[: budget - budget // 2]
    )


class _SearchWalk:
    """The queries of _bounded_matches() over any filtered set `agreements`, as the ORM
    builds them."""

    def __init__(self, agreements, matches, limit):
        self.agreements, self.matches, self.limit = agreements, matches, limit
        self.budget = 3 * limit

    def first_half(self, needle):
        return list(_first_half(self.agreements, needle, self.budget))

    def second_half(self, needle, signed_on, reference):
        return list(_second_half(self.agreements, needle, self.budget, signed_on, reference))

    def probe(self, pattern):
        """At most `limit` + 1 matches from the trigram index, in no order."""
        return list(self.matches.order_by().values_list("pk", flat=True)[: self.limit + 1])


class _PublishedSearch:
    """The same queries over every published agreement (search(published_only=True)),
    compiled once per process, database and limit, with the ranking of the candidates."""

    _made = {}

    @classmethod
    def of(cls, db, limit):
        key = (db, limit)
        if key not in cls._made:
            cls._made[key] = cls(db, limit)
        return cls._made[key]

    def __init__(self, db, limit):
        budget = 3 * limit

        def published():
            return Agreement.objects.db_manager(db).published()

        self._first_half = compiled(lambda needle: _first_half(published(), needle, budget))
        self._second_half = compiled(
            lambda needle, signed_on, reference: _second_half(
                published(), needle, budget, signed_on, reference
            )
        )
        self._probe = compiled(
            lambda pattern: (
                published()
                .filter(search_document__text__contains_pattern=pattern)
                .order_by()
                .values_list("pk")[: limit + 1]
            )
        )
        vendor = connections[db].vendor
        self._ranked = compiled(
            lambda pattern, needle, pks: (
                published()
                .filter(pk__in=pks)
                .annotate(search_rank=_search_rank(needle, pattern, vendor))
                .order_by(*SEARCH_ORDER)
                .values_list("pk")
            )
        )

    def first_half(self, needle):
        return list(self._first_half.rows(needle))

    def second_half(self, needle, signed_on, reference):
        return list(self._second_half.rows(needle, signed_on, reference))

    def probe(self, pattern):
        return [pk for (pk,) in self._probe.rows(pattern)]

    def ranked(self, pattern, needle, pks):
        """The ids of `pks` in the search's order."""
        return [pk for (pk,) in self._ranked.rows(pattern, needle, pks)] if pks else []


def _bounded_matches(walk, needle, pattern, limit):
    """(ids of the matches to rank, whether there are more): steps 1 and 2 of
    AgreementQuerySet.search(), with the queries of `walk` (_SearchWalk, _PublishedSearch)."""
    budget = 3 * limit
    # A position test, which the trigram index cannot serve: the database walks the list
    # order's index (agreement_list_order) and stops after `budget` rows, in two halves:
    # a broad word has its `limit` newest matches in the first (every agreement has
    # ชุมชน), and testing the second half's documents as well was half the search's SQL.
    half = budget // 2
    rows = walk.first_half(needle)
    probe = None
    if len(rows) == half:
        *_seen, signed_on, reference, last = rows[-1]
        matched = sum(1 for row in rows if row[1])
        if matched >= limit:
            # Enough matches: the rest is tested only when the whole set is smaller than the
            # budget (then every match is ranked).
            if last is not None:
                return [row[0] for row in rows if row[1]][:limit], True
        elif 2 * matched < limit:
            # Few matches: the index first. A rare word has every match there, exactly, and
            # the walk's second half would change nothing.
            probe = walk.probe(pattern)
            if len(probe) <= limit:
                return probe, False
        rows = [row[:4] for row in rows]
        rows += walk.second_half(needle, signed_on, reference)
    newest = [row[0] for row in rows if row[1]]
    if len(rows) < budget:
        return newest, False  # the walk saw the whole filtered set
    if len(newest) >= limit:
        return newest[:limit], True
    if probe is None:  # a word between: the index after the whole walk
        probe = walk.probe(pattern)
        if len(probe) <= limit:
            return probe, False
    # The walk's newest first, then the index's, `limit` in all.
    return list(dict.fromkeys(newest + probe))[:limit], True


class Agreement(models.Model):
    class Kind(models.TextChoices):
        MOU = "mou", _("memorandum of understanding (MOU)")
        MOA = "moa", _("memorandum of agreement (MOA)")
        BUDGET = "budget", _("budget agreement")
        ADDENDUM = "addendum", _("addendum or amendment")
        OTHER = "other", _("other")

    class TermMode(models.TextChoices):
        DATES = "dates", _("explicit start and end dates")
        DURATION = "duration", _("a length of time from the signing date")
        FISCAL_YEAR = "fiscal_year", _("one fiscal year")
        OPEN = "open", _("not stated (open-ended)")

    class TermUnit(models.TextChoices):
        MONTHS = "months", _("months")
        YEARS = "years", _("years")

    class Status(models.TextChoices):
        UPCOMING = "upcoming", _("upcoming")
        ACTIVE = "active", _("active")
        EXPIRING = "expiring", _("expiring soon")
        OPEN_ENDED = "open_ended", _("active, open-ended")
        EXPIRED = "expired", _("expired")
        TERMINATED = "terminated", _("terminated")

    class ReviewState(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("waiting for review")
        PUBLISHED = "published", pgettext_lazy("review state", "published")

    # "In force", where a status is already annotated (counts by status);
    # AgreementQuerySet.in_force() is the same set as a filter.
    IN_FORCE = frozenset({Status.ACTIVE, Status.EXPIRING, Status.OPEN_ENDED})
    ENDED = frozenset({Status.EXPIRED, Status.TERMINATED})

    reference = models.CharField(
        _("reference"),
        max_length=40,
        unique=True,
        help_text=_("A short unique reference, e.g. MOU-2567-30-01. Leave empty to have one made."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.MOU)
    title_th = models.CharField(_("title (Thai)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    title = Bilingual()
    summary_th = models.TextField(_("summary (Thai)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    signed_on = models.DateField(_("signed on"))
    venue_th = models.CharField(_("venue (Thai)"), max_length=500, blank=True)
    venue_en = models.CharField(_("venue (English)"), max_length=500, blank=True)
    summary = Bilingual()
    venue = Bilingual()
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("province"),
        help_text=_("The main province of the agreement."),
    )
    districts = models.ManyToManyField(
        District, blank=True, related_name="agreements", verbose_name=_("districts covered")
    )
    subdistricts = models.ManyToManyField(
        Subdistrict,
        blank=True,
        related_name="agreements",
        verbose_name=_("sub-districts covered"),
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="agreements", verbose_name=_("themes")
    )

    term_mode = models.CharField(
        _("term given as"),
        max_length=16,
        choices=TermMode.choices,
        default=TermMode.DATES,
        help_text=_("How the document states its term. The start and end dates follow from it."),
    )
    term_length = models.PositiveSmallIntegerField(
        _("term length"), null=True, blank=True, help_text=_("e.g. 3 for “3 years from signing”.")
    )
    term_unit = models.CharField(_("term unit"), max_length=8, choices=TermUnit.choices, blank=True)
    term_fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year of the term"),
        null=True,
        blank=True,
        help_text=_("Buddhist Era, e.g. 2566 = 1 Oct 2022 – 30 Sep 2023."),
    )
    starts_on = models.DateField(
        _("starts on"), blank=True, help_text=_("Empty = the signing date.")
    )
    ends_on = models.DateField(
        _("ends on"),
        null=True,
        blank=True,
        help_text=_("Filled in for you when the term is a length or a fiscal year."),
    )
    terminated_on = models.DateField(
        _("terminated on"),
        null=True,
        blank=True,
        help_text=_("Only when the agreement was ended early."),
    )
    renews = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewals",
        verbose_name=_("renews or amends"),
        help_text=_("The earlier agreement that this one renews or amends."),
    )
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    # Where the agreement stands in the review before publishing (agreements/review.py). Staff
    # move it with the review buttons, never by editing these two columns, which a constraint
    # keeps in step: published if and only if the review state says so.
    review_state = models.CharField(
        _("review"),
        max_length=16,
        choices=ReviewState.choices,
        default=ReviewState.DRAFT,
        editable=False,
    )
    is_published = models.BooleanField(
        _("published"),
        default=False,
        editable=False,
        help_text=_("Only published agreements (and what hangs off them) are shown to the public."),
    )
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the agreement was last made public; empty while it is not."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    version = version_field()

    objects = AgreementQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-signed_on", "reference"]
        # The lists' order, so a page of the newest (and a broad search's walk) reads a few
        # index entries instead of sorting the registry.
        indexes = [
            models.Index(F("signed_on").desc(), "reference", name="agreement_list_order"),
            # The newest change, for the sitemaps' and feeds' lastmod: one index entry, for
            # the registry and for each province.
            models.Index(F("updated_at").desc(), name="agreement_newest_change"),
            models.Index(
                "province",
                F("updated_at").desc(),
                condition=Q(is_published=True),
                name="agreement_province_newest",
            ),
            # The published agreements' terms, by end: a status filter's count ("active":
            # ends after the expiry window) reads the index alone, not every agreement's row
            # (0.3 ms against 2.2 ms at national scale).
            models.Index(
                fields=["ends_on", "starts_on", "terminated_on"],
                condition=Q(is_published=True),
                name="agreement_published_terms",
            ),
        ]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        get_latest_by = "signed_on"
        permissions = [
            ("publish_agreement", _("Can publish agreements and return them to their authors")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(review_state="published", is_published=True)
                | Q(review_state__in=["draft", "submitted"], is_published=False),
                name="agreement_published_only_after_review",
                violation_error_message=_(
                    "An agreement is public only once a publisher has published it."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="agreement_ends_after_start",
                violation_error_message=_("The term cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(terminated_on__isnull=True) | Q(terminated_on__gte=F("signed_on")),
                name="agreement_terminated_after_signing",
                violation_error_message=_("An agreement cannot be terminated before it is signed."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(term_mode="open", ends_on__isnull=True)
                    | Q(term_mode="dates", ends_on__isnull=False)
                    | Q(
                        term_mode="duration",
                        ends_on__isnull=False,
                        term_length__gt=0,
                        term_unit__in=["months", "years"],
                    )
                    | Q(
                        term_mode="fiscal_year",
                        ends_on__isnull=False,
                        term_fiscal_year__gte=thai_calendar.MIN_FISCAL_YEAR,
                        term_fiscal_year__lte=thai_calendar.MAX_FISCAL_YEAR,
                    )
                ),
                name="agreement_term_complete",
                violation_error_message=_(
                    "The term is incomplete: give an end date, a length with its unit, or a "
                    "fiscal year, or choose “not stated”."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(renews=F("pk")),
                name="agreement_does_not_renew_itself",
                violation_error_message=_("An agreement cannot renew itself."),
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.title_th}"

    def get_absolute_url(self):
        return reverse("agreement-detail", kwargs={"pk": self.pk})

    def set_review_state(self, state):
        """Move the agreement to review `state` in memory, with is_published and published_at in
        step: published_at is the moment a hidden agreement went public, None while it is
        hidden. Saved by the caller (agreements/review.py, the demo loader)."""
        was_published = self.is_published
        self.review_state = state
        self.is_published = state == self.ReviewState.PUBLISHED
        if not self.is_published:
            self.published_at = None
        elif not was_published or self.published_at is None:
            self.published_at = timezone.now()

    @property
    def term_months(self):
        if self.term_mode != self.TermMode.DURATION or not self.term_length:
            return None
        return self.term_length * (12 if self.term_unit == self.TermUnit.YEARS else 1)

    def term_text(self):
        """The term in words, as the document states it: '3 ปี นับจากวันลงนาม'."""
        return term_text(
            self.term_mode,
            self.term_length,
            self.term_unit,
            self.term_fiscal_year,
            self.starts_on,
            self.ends_on,
        )

    def apply_term(self):
        """Derive starts_on/ends_on from the term as the document states it.

        Called from clean() so the admin and the services store the same dates; explicit dates
        are left as entered.
        """
        mode = self.term_mode
        if mode == self.TermMode.FISCAL_YEAR and self.term_fiscal_year:
            self.starts_on, self.ends_on = thai_calendar.fiscal_year_bounds(self.term_fiscal_year)
        elif mode == self.TermMode.DURATION and self.signed_on and self.term_months:
            self.starts_on = self.starts_on or self.signed_on
            self.ends_on = thai_calendar.term_end(self.starts_on, self.term_months)
        elif mode == self.TermMode.OPEN:
            self.starts_on = self.starts_on or self.signed_on
            self.ends_on = None
        if self.starts_on is None and self.signed_on:
            self.starts_on = self.signed_on
        if mode != self.TermMode.DURATION:
            self.term_length, self.term_unit = None, ""
        if mode != self.TermMode.FISCAL_YEAR:
            self.term_fiscal_year = None

    def clean(self):
        self.apply_term()
        M = self.TermMode
        errors = {}
        if self.term_mode == M.DATES and not self.ends_on:
            errors["ends_on"] = _("Give the end date, or choose “not stated” as the term.")
        if self.term_mode == M.DURATION and not (self.term_length and self.term_unit):
            errors["term_length"] = _("Give the length and its unit, e.g. 3 years.")
        if self.term_mode == M.FISCAL_YEAR and not self.term_fiscal_year:
            errors["term_fiscal_year"] = _("Give the fiscal year in BE, e.g. 2566.")
        if errors:
            raise ValidationError(errors)
        super().clean()

    REFERENCE_PREFIXES = {
        Kind.MOU: "MOU",
        Kind.MOA: "MOA",
        Kind.BUDGET: "BUD",
        Kind.ADDENDUM: "ADD",
        Kind.OTHER: "AGR",
    }

    @classmethod
    def next_reference(cls, *, kind, signed_on, province):
        """The first free reference like MOU-2567-30-01 (kind, BE year, province code, number)."""
        stem = (
            f"{cls.REFERENCE_PREFIXES.get(kind, 'AGR')}-"
            f"{thai_calendar.be_year(signed_on.year)}-{province.code}-"
        )
        taken = set(
            cls.objects.filter(reference__startswith=stem).values_list("reference", flat=True)
        )
        number = len(taken) + 1
        while f"{stem}{number:02d}" in taken:
            number += 1
        return f"{stem}{number:02d}"

    def status_on(self, today=None):
        """The status in Python, for one loaded agreement; mirrors AgreementQuerySet.with_status."""
        today = _today(today)
        S = self.Status
        if self.terminated_on and self.terminated_on <= today:
            return S.TERMINATED
        if self.starts_on > today:
            return S.UPCOMING
        if self.ends_on is None:
            return S.OPEN_ENDED
        if self.ends_on < today:
            return S.EXPIRED
        if self.ends_on <= today + datetime.timedelta(days=settings.EXPIRING_WITHIN_DAYS):
            return S.EXPIRING
        return S.ACTIVE

    @property
    def status(self):
        code = getattr(self, "status_code", None) or self.status_on()
        return self.Status(code)


def term_text(term_mode, term_length, term_unit, term_fiscal_year, starts_on, ends_on):
    """Agreement.term_text() from the column values, for exports that read rows, not models."""
    M = Agreement.TermMode
    if term_mode == M.OPEN:
        return gettext("No fixed term")
    if term_mode == M.DURATION and term_length:
        if term_unit == Agreement.TermUnit.YEARS:
            text = ngettext(
                "%(n)s year from the date of signing",
                "%(n)s years from the date of signing",
                term_length,
            )
        else:
            text = ngettext(
                "%(n)s month from the date of signing",
                "%(n)s months from the date of signing",
                term_length,
            )
        return text % {"n": term_length}
    if term_mode == M.FISCAL_YEAR and term_fiscal_year:
        return thai_calendar.fiscal_year_label(term_fiscal_year)
    return f"{thai_calendar.local_date(starts_on)} – {thai_calendar.local_date(ends_on)}"


class AgreementParty(models.Model):
    class Role(models.TextChoices):
        PARTY = "party", pgettext_lazy("agreement role", "party")
        PRESIDING = "presiding", _("presiding official")
        WITNESS = "witness", _("witness")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="parties", verbose_name=_("agreement")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreement_roles",
        verbose_name=_("organisation"),
        help_text=_("Leave empty only for a person who attends in their own name."),
    )
    # What was signed does not change when the organisation is later renamed or merged.
    organisation_name_th = models.CharField(
        _("organisation's name on the document (Thai)"),
        max_length=300,
        blank=True,
        help_text=_(
            "Filled from the organisation when it is chosen; correct it only when the document "
            "spells it differently."
        ),
    )
    organisation_name_en = models.CharField(
        _("organisation's name on the document (English)"), max_length=300, blank=True
    )
    organisation_name = Bilingual("organisation_name_th", "organisation_name_en")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.PARTY)
    order = models.PositiveSmallIntegerField(
        _("order"), default=1, help_text=_("Signing order as printed on the document.")
    )
    signatory = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreement_roles",
        verbose_name=_("signatory"),
        help_text=_("The person who signed (or presided, or witnessed)."),
    )
    signatory_title = models.CharField(
        _("position on the document"),
        max_length=300,
        blank=True,
        help_text=_("The signatory's position as written on the document that day."),
    )
    signatory_title_en = models.CharField(_("position (English)"), max_length=300, blank=True)
    signatory_position = Bilingual("signatory_title", "signatory_title_en")

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "order", "pk"]
        verbose_name = _("party, presiding official or witness")
        verbose_name_plural = _("parties, presiding officials and witnesses")
        constraints = [
            # One person may hold more than one role in an agreement (the presiding official
            # who is also a witness), each role once; an organisation signs once.
            models.UniqueConstraint(
                fields=["agreement", "organisation"],
                condition=Q(role="party", organisation__isnull=False),
                name="agreementparty_organisation_signs_once",
                violation_error_message=_(
                    "This organisation is already a party to this agreement; it signs once."
                ),
            ),
            models.UniqueConstraint(
                fields=["agreement", "organisation", "signatory", "role"],
                condition=Q(organisation__isnull=False, signatory__isnull=False),
                name="agreementparty_each_role_once",
                violation_error_message=_(
                    "This person is already listed in this role for this organisation on this "
                    "agreement."
                ),
            ),
            models.UniqueConstraint(
                fields=["agreement", "organisation", "role"],
                condition=Q(organisation__isnull=False, signatory__isnull=True),
                name="agreementparty_each_role_once_unnamed",
                violation_error_message=_(
                    "This organisation is already listed in this role without a named person; "
                    "name the person or list it once."
                ),
            ),
            models.UniqueConstraint(
                fields=["agreement", "signatory", "role"],
                condition=Q(organisation__isnull=True, signatory__isnull=False),
                name="agreementparty_each_role_once_in_own_name",
                violation_error_message=_(
                    "This person is already listed in this role on this agreement."
                ),
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | Q(signatory__isnull=False),
                name="agreementparty_organisation_or_signatory",
                violation_error_message=_("Give an organisation, a person, or both."),
            ),
        ]

    def __str__(self):
        who = self.organisation_name_th or self.organisation or self.signatory
        return f"{self.get_role_display()}: {who}"

    @staticmethod
    def names_as_written(organisation):
        """The fields of the organisation's name as written, taken from its current record:
        when a party is created or its organisation chosen (here and in the party row form).
        Never taken later, so a rename leaves what was signed be."""
        return {
            "organisation_name_th": organisation.name_th,
            "organisation_name_en": organisation.name_en,
        }

    def copy_organisation_name(self):
        if self.organisation is not None:
            for field, name in self.names_as_written(self.organisation).items():
                setattr(self, field, name)


class CommitmentQuerySet(models.QuerySet):
    """Scope clauses and duties are the commitments of an agreement. Their current progress is
    their latest progress update (tracking.ProgressUpdate, by date, then by entry), which each
    row keeps in its `progress_*` columns: derived data (records.derived) that tracking/current.py
    rewrites whenever an update is added, changed or deleted. Four correlated subqueries compiled
    into every read of commitments cost more than the rest of the query."""

    def with_progress(self):
        """The commitments with their current progress (`progress_status`, `progress_on`,
        `progress_note_th`, `progress_note_en`; an empty status and no date when nothing was
        recorded), rebuilt first where this transaction changed it."""
        derived.flush_named(CURRENT_PROGRESS)
        return self.all()


# The name of the derived current progress (tracking/current.py), and its columns.
CURRENT_PROGRESS = "current progress"
PROGRESS_COLUMNS = ["progress_status", "progress_on", "progress_note_th", "progress_note_en"]


class OrderedTextItem(models.Model):
    order = models.PositiveSmallIntegerField(_("no."), default=1)
    text_th = models.TextField(_("text (Thai)"))
    text_en = models.TextField(_("text (English)"), blank=True)
    text = Bilingual()
    # The latest progress update, kept by tracking/current.py (CommitmentQuerySet): never
    # edited, never in the audit trail.
    progress_status = models.CharField(max_length=16, blank=True, default="", editable=False)
    progress_on = models.DateField(null=True, editable=False)
    progress_note_th = models.CharField(max_length=500, blank=True, default="", editable=False)
    progress_note_en = models.CharField(max_length=500, blank=True, default="", editable=False)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.order}. {self.text_th[:60]}"

    @classmethod
    def progress_model(cls):
        """tracking.ProgressUpdate, through the reverse relation `progress_updates`."""
        return cls._meta.get_field("progress_updates").related_model

    @property
    def progress(self):
        """The current progress as a ProgressUpdate.Status, or None when nothing is recorded."""
        code = getattr(self, "progress_status", None)
        return self.progress_model().Status(code) if code else None

    @property
    def progress_note(self):
        return self.progress_note_in(get_language())

    def progress_note_in(self, language):
        """`progress_note` on a page in `language` (thai.bilingual.Bilingual.text says why)."""
        english = getattr(self, "progress_note_en", None)
        if english and language == "en":
            return english
        return getattr(self, "progress_note_th", None) or ""


class ScopeClause(OrderedTextItem):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="clauses", verbose_name=_("agreement")
    )

    progress_field = "clause"
    agreement_path = "agreement"

    history = HistoricalRecords(excluded_fields=PROGRESS_COLUMNS)

    class Meta(OrderedTextItem.Meta):
        verbose_name = _("scope clause")
        verbose_name_plural = _("scope clauses")


class Responsibility(OrderedTextItem):
    party = models.ForeignKey(
        AgreementParty,
        on_delete=models.CASCADE,
        related_name="responsibilities",
        verbose_name=_("party"),
    )

    progress_field = "responsibility"
    agreement_path = "party__agreement"

    history = HistoricalRecords(excluded_fields=PROGRESS_COLUMNS)

    class Meta(OrderedTextItem.Meta):
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")


def attachment_upload_to(instance, filename):
    """A generated name: never trust (or publish) the name the uploader's computer gave."""
    suffix = Path(filename).suffix.lower()
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class DocumentFieldFile(FieldFile):
    def save(self, name, content, save=True):
        document = check_document(read_all(content))
        # upload_to() keeps only the ending, which is now the content's.
        super().save(f"upload{document.suffix}", ContentFile(document.content), save)


class DocumentField(models.FileField):
    """A FileField that stores a file only as validators.check_document() gives it back: a PDF
    once it passed the checks, an image re-encoded without its metadata. Every way of storing
    one (a form's upload on save, `attachment.file.save()` in a script) goes through
    DocumentFieldFile.save(), so no file reaches storage unchecked and no photo keeps its GPS
    position."""

    attr_class = DocumentFieldFile

    def formfield(self, **kwargs):
        # The name a file arrives with is never stored (DocumentFieldFile.save() names it
        # anew), so a long one, say 255 Thai characters, is no reason to refuse the file.
        return super().formfield(**{**kwargs, "max_length": None})


class AttachmentQuerySet(models.QuerySet):
    def shown(self):
        """Those the public may open once their agreement is published: marked public, and of
        no follow-up activity or of a published one (an activity awaiting review keeps its
        photos with it)."""
        return self.filter(is_public=True).filter(
            Q(activity__isnull=True) | Q(activity__is_published=True)
        )

    def public(self):
        """Those the public may open: shown(), of a published agreement."""
        return self.shown().filter(agreement__is_published=True)


class Attachment(models.Model):
    class Kind(models.TextChoices):
        SIGNED_COPY = "signed_copy", _("signed copy")
        PHOTO = "photo", _("photo")
        ANNEX = "annex", _("annex")
        OTHER = "other", _("other")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("agreement")
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=Kind.choices, default=Kind.SIGNED_COPY
    )
    title_th = models.CharField(_("title (Thai)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title = Bilingual()
    file = DocumentField(
        _("file"),
        upload_to=attachment_upload_to,
        max_length=200,
        validators=[validate_attachment],
        help_text=_(
            "PDF, JPEG or PNG. A PDF with scripts, embedded files or a password is refused; "
            "photos are stored without their location and camera data."
        ),
    )
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_(
            "Shown on the public page of a published agreement. Check for personal data "
            "(ID numbers, addresses, signatures of private persons) first."
        ),
    )
    activity = models.ForeignKey(
        "Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("follow-up activity"),
        help_text=_("For photos and documents of a follow-up activity of this agreement."),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "kind", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title_th

    @property
    def is_image(self):
        """Shown in the browser rather than downloaded: stored names end as their checked
        content does (DocumentField)."""
        return Path(self.file.name).suffix.lower() in IMAGE_SUFFIXES

    def clean(self):
        super().clean()
        if self.activity_id and self.activity.agreement_id != self.agreement_id:
            raise ValidationError(
                {"activity": _("Choose a follow-up activity of the same agreement.")}
            )


class ActivityQuerySet(models.QuerySet):
    def published(self):
        """Public activities: published, and attached to no agreement or a published one."""
        return self.filter(is_published=True).filter(
            Q(agreement__isnull=True) | Q(agreement__is_published=True)
        )


MONEY_ONLY_FOR_HANDOVER = _(
    "An amount or an allocation belongs to a budget hand-over only: choose that kind, or leave "
    "them empty."
)


class Activity(ReviewedRecord):
    """What happened at or after a signing: the partnership-tracking half of the registry.
    Public once a publisher publishes it (records.publication)."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("training")
        FIELD_VISIT = "field_visit", _("field visit")
        BUDGET_HANDOVER = "budget_handover", _("budget hand-over")
        REVIEW = "review", _("progress review")
        MEETING = "meeting", _("meeting")
        OTHER = "other", _("other")

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("agreement"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.MEETING)
    title_th = models.CharField(_("title (Thai)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title = Bilingual()
    description_th = models.TextField(_("description (Thai)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description = Bilingual()
    starts_on = models.DateField(_("date"))
    ends_on = models.DateField(
        _("until"), null=True, blank=True, help_text=_("For activities over several days.")
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="activities", verbose_name=_("province")
    )
    participants = models.PositiveIntegerField(
        _("participants"), null=True, blank=True, help_text=_("How many people took part.")
    )
    outcome_th = models.TextField(
        _("outcome (Thai)"), blank=True, help_text=_("What came of it, for the report.")
    )
    outcome_en = models.TextField(_("outcome (English)"), blank=True)
    outcome = Bilingual()
    amount_handed_over = models.DecimalField(
        _("amount handed over (THB)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"), message=_("An amount cannot be negative."))],
        help_text=_("For a budget hand-over: the amount handed over, when it was made public."),
    )
    # A string reference: budgets builds on this app, so this app does not import it.
    allocation = models.ForeignKey(
        "budgets.Allocation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handovers",
        verbose_name=_("budget allocation"),
        help_text=_("For a budget hand-over: the allocation the money came from, if recorded."),
    )
    objects = ActivityQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on", "pk"]
        # The list's order, so a page of the oldest (the open-data activities) reads a few
        # index entries instead of sorting every activity.
        indexes = [models.Index(fields=["starts_on", "id"], name="activity_list_order")]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="activity_ends_after_start",
                violation_error_message=_("An activity cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(amount_handed_over__isnull=True) | Q(amount_handed_over__gte=0),
                name="activity_amount_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(kind="budget_handover")
                | Q(amount_handed_over__isnull=True, allocation__isnull=True),
                name="activity_money_only_for_handover",
                violation_error_message=MONEY_ONLY_FOR_HANDOVER,
            ),
            published_only_after_review("activity_published_only_after_review"),
        ]

    def __str__(self):
        return self.title_th

    def clean(self):
        super().clean()
        has_money = self.amount_handed_over is not None or self.allocation_id is not None
        if has_money and self.kind != self.Kind.BUDGET_HANDOVER:
            # The constraint says the same, but a form without the money fields (the agreement
            # page's compact rows) skips it, and the database would refuse the save instead.
            raise ValidationError({"kind": MONEY_ONLY_FOR_HANDOVER})
        allocation = self.allocation
        if allocation is None:
            return
        if allocation.province_id != self.province_id:
            raise ValidationError(
                {"allocation": _("The allocation is for another province than the activity.")}
            )
        if self.agreement_id and allocation.agreement_id not in (None, self.agreement_id):
            raise ValidationError({"allocation": _("The allocation belongs to another agreement.")})


class ReviewStep(models.Model):
    """One step of an agreement's review: who submitted, returned or published it, and when.

    The agreement's review_state is where it stands now; these rows are how it got there, shown
    on its change form and kept when the agreement changes again."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("submitted for review")
        RESUBMITTED = "resubmitted", _("changed after publication, sent for review again")
        RETURNED = "returned", _("returned to its authors")
        PUBLISHED = "published", pgettext_lazy("review step", "published")

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="review_steps",
        verbose_name=_("agreement"),
    )
    action = models.CharField(_("step"), max_length=16, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    reason = models.TextField(
        _("reason"), blank=True, help_text=_("Why it was returned: what the authors should change.")
    )

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")
        indexes = [models.Index(fields=["agreement", "-at"], name="reviewstep_agreement_latest")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(action="returned") | ~Q(reason=""),
                name="reviewstep_return_has_reason",
                violation_error_message=_("Say why the agreement is returned."),
            ),
        ]

    def __str__(self):
        return f"{self.agreement.reference}: {self.get_action_display()}"


class PendingReview(Agreement):
    """The admin's "waiting for review" list: the submitted agreements (agreements/admin.py)."""

    class Meta:
        proxy = True
        verbose_name = _("agreement waiting for review")
        verbose_name_plural = _("agreements waiting for review")


class ExpiryNotice(models.Model):
    """A record that a region's staff were e-mailed about an agreement coming to its end.

    `manage.py notify_expiring` writes one per agreement and threshold, and skips agreements that
    already have one, so running it every day sends each alert once. The end date is part of the
    key: when staff extend an agreement, its new end date is announced in its turn.
    """

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="expiry_notices",
        verbose_name=_("agreement"),
    )
    threshold_days = models.PositiveSmallIntegerField(
        _("threshold (days)"),
        help_text=_("The alert was for agreements ending within this many days."),
    )
    ends_on = models.DateField(
        _("end date notified"),
        help_text=_("The agreement's end date when the alert was sent."),
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    recipients = models.TextField(
        _("recipients"), help_text=_("The e-mail addresses it was sent to, separated by commas.")
    )

    class Meta:
        ordering = ["-sent_at", "agreement"]
        verbose_name = _("expiry notice")
        verbose_name_plural = _("expiry notices")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "threshold_days", "ends_on"],
                name="expirynotice_once_per_agreement_threshold_end",
                violation_error_message=_(
                    "This agreement was already notified for this threshold and end date."
                ),
            ),
        ]

    def __str__(self):
        """Reads the agreement: select_related("agreement") when listing notices."""
        return f"{self.agreement.reference}: {self.threshold_days} d, {self.ends_on:%Y-%m-%d}"


class SearchDocumentManager(models.Manager):
    def get_queryset(self):
        search_documents.flush()
        return super().get_queryset()


class SearchDocument(models.Model):
    """What an agreement is found by: its own texts and those of everything hanging off it,
    folded (thai.text.fold) into two columns, so that one indexed LIKE answers a search.

    Derived data (records.derived): written only by agreements.search.search_document_rebuild,
    after any audited change to a text it holds, and by `manage.py rebuild_search`. Never edit
    it by hand; reading it through `objects` first rebuilds what this transaction changed. On
    PostgreSQL,
    migration 0008 gives `text` a trigram GIN index (SQLite has no such index, so it is not in
    Meta.indexes).
    """

    agreement = models.OneToOneField(
        Agreement,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
        verbose_name=_("agreement"),
    )
    title = models.TextField(_("titles"), help_text=_("The Thai and English titles, folded."))
    text = models.TextField(
        _("text"),
        help_text=_(
            "Reference, titles, summaries, venue, clauses, duties, parties, signatories, "
            "budget programmes and published activities, folded; one per line."
        ),
    )

    objects = SearchDocumentManager()

    class Meta:
        ordering = ["agreement"]
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self):
        return f"{self.agreement_id}: {self.title[:60]}"


def page_columns():
    """What the agreement page reads of an agreement: its own columns, of what it renews only
    what names it (compiling and loading a second agreement's forty columns cost more than
    its query), and its province and region (PAGE_PROVINCE_FIELDS)."""
    own = [field.name for field in Agreement._meta.concrete_fields]
    renews = ["renews__title_th", "renews__title_en", "renews__is_published"]
    return [*own, *renews, *PAGE_PROVINCE_FIELDS]


def page_parties():
    """An agreement page's parties: of an organisation, its successor and its signatory only
    their names (not a person's contact details, which nothing public shows)."""
    party = [field.name for field in AgreementParty._meta.concrete_fields]
    names = [
        f"{relation}__{column}"
        for relation in ("organisation", "organisation__successor", "signatory")
        for column in ("name_th", "name_en")
    ]
    return AgreementParty.objects.select_related("organisation__successor", "signatory").only(
        *party, "organisation__successor", *names
    )


def _published_allocations():
    # Allocation lives in budgets, which builds on this app: reached through the relation,
    # not imported.
    allocation = Agreement._meta.get_field("allocations").related_model
    return allocation.objects.filter(is_published=True).select_related("programme", "province")


# The public lists of an agreement page: attribute -> (relation, its published rows).
PAGE_LISTS = {
    "public_attachments": ("attachments", lambda: Attachment.objects.shown()),
    "public_activities": (
        "activities",
        lambda: (
            Activity.objects.filter(is_published=True)
            .select_related("province")
            .order_by("starts_on", "pk")
        ),
    ),
    "public_allocations": ("allocations", _published_allocations),
    "public_renewals": (
        "renewals",
        lambda: Agreement.objects.published().only("title_th", "title_en", "renews"),
    ),
}

# The agreement page's queries (for_page's, filtered by the agreement instead of prefetched),
# compiled once per process (records.compiled).
_page_agreement = compiled(
    lambda pk: (
        Agreement.objects.published()
        .select_related("province__region", "renews")
        .only(*page_columns())
        .filter(pk=pk)[:1]
    )
)
_page_clauses = compiled(
    lambda agreement: ScopeClause.objects.with_progress().filter(agreement=agreement)
)
_page_parties = compiled(lambda agreement: page_parties().filter(agreement=agreement))
_page_duties = compiled(
    lambda parties: Responsibility.objects.with_progress().filter(party__in=parties)
)
_page_lists = {
    attribute: compiled(
        lambda agreement, relation=relation, queryset=queryset: queryset().filter(
            **{Agreement._meta.get_field(relation).field.name: agreement}
        )
    )
    for attribute, (relation, queryset) in PAGE_LISTS.items()
}


def published_page(pk):
    """The published agreement `pk` as Agreement.objects.published().for_page(coverage=False)
    gives it, or None: the same rows in the same queries, each compiled once per process
    instead of on every request (the page's prefetches were half of its time)."""
    found = _page_agreement.fetch(pk)
    if not found:
        return None
    agreement = found[0]
    give_related(agreement, "clauses", _page_clauses.fetch(pk))
    parties = list(_page_parties.fetch(pk))
    give_related(agreement, "parties", parties)
    duties = {party.pk: [] for party in parties}
    for duty in _page_duties.fetch([party.pk for party in parties]):
        duties[duty.party_id].append(duty)
    for party in parties:
        give_related(party, "responsibilities", duties[party.pk])
    for attribute, rows in _page_lists.items():
        found = rows.fetch(pk)
        parent = Agreement._meta.get_field(PAGE_LISTS[attribute][0]).field
        for row in found:
            parent.set_cached_value(row, agreement)  # as a prefetch leaves them
        setattr(agreement, attribute, found)
    return agreement
