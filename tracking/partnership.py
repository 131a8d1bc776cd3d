"""A province's partnership status, and the figures it rests on.

The figures are computed here (computed_figures) and stored per province by
tracking/figures.py, which says for which days they hold; partnerships() reads them.

The codes are a contract (docs/partnerships.md):

- ``none``: no published agreement, ever;
- ``signed``: an agreement in force (or about to start) signed within the threshold, and no
  published follow-up within it yet;
- ``working``: an agreement in force and a published follow-up within the threshold;
- ``stalled``: agreements in force, but no follow-up within the threshold;
- ``lapsed``: published agreements, none in force.

The threshold is settings.PARTNERSHIP_FOLLOWUP_MONTHS (12 by default), counted back from today:
a follow-up on exactly that day still counts. A province's follow-ups are the published
activities of its agreements, and published activities held there that belong to no agreement.
Computing a province's figures is a handful of GROUP BY queries over that province's rows.
"""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from agreements.models import Activity, Agreement, AgreementParty, Responsibility, ScopeClause
from partners.models import Organisation
from records.compiled import compiled
from thai import calendar as thai_calendar

from .models import ProgressUpdate


class PartnershipStatus(models.TextChoices):
    NONE = "none", _("no agreement")
    SIGNED = "signed", _("signed, follow-up to come")
    WORKING = "working", _("working")
    STALLED = "stalled", _("follow-up stalled")
    LAPSED = "lapsed", _("lapsed")


# The order the dashboard and its legend list them in, the liveliest first.
STATUS_ORDER = [
    PartnershipStatus.WORKING,
    PartnershipStatus.SIGNED,
    PartnershipStatus.STALLED,
    PartnershipStatus.LAPSED,
    PartnershipStatus.NONE,
]


def followup_cutoff(today=None):
    """The earliest date a follow-up may have to count as recent."""
    today = today or timezone.localdate()
    return thai_calendar.add_months(today, -settings.PARTNERSHIP_FOLLOWUP_MONTHS)


@dataclass(frozen=True)
class Partnership:
    """One province's partnership as of `today`, with the figures its status rests on."""

    today: datetime.date
    agreements: int = 0  # published, in any state
    in_force: int = 0
    newest_signed: datetime.date | None = None  # newest signing in force or about to start
    last_ended: datetime.date | None = None  # when the last one ended (for `lapsed`)
    last_followup: datetime.date | None = None
    recent_followups: int = 0  # within the threshold

    @property
    def cutoff(self):
        return followup_cutoff(self.today)

    @cached_property  # read again by `reason` and by every page that shows it
    def status(self) -> PartnershipStatus:
        S = PartnershipStatus
        if not self.agreements:
            return S.NONE
        recent = self.last_followup is not None and self.last_followup >= self.cutoff
        if self.in_force and recent:
            return S.WORKING
        if self.newest_signed and self.newest_signed >= self.cutoff:
            return S.SIGNED
        if self.in_force:
            return S.STALLED
        return S.LAPSED

    @property
    def followup_months_ago(self):
        if self.last_followup is None:
            return None
        return thai_calendar.months_between(self.last_followup, self.today)

    @property
    def reason(self) -> str:
        """Why the status is what it is, in a sentence for the page."""
        S = PartnershipStatus
        status = self.status
        local = thai_calendar.local_date
        if status == S.NONE:
            return gettext("No agreement has been published for this province.")
        if status == S.SIGNED:
            return gettext("Signed on %(date)s; no follow-up recorded since.") % {
                "date": local(self.newest_signed)
            }
        if status == S.LAPSED:
            if self.last_ended:
                return gettext("No agreement in force; the last one ended on %(date)s.") % {
                    "date": local(self.last_ended)
                }
            return gettext("No agreement in force.")
        if self.last_followup is None:
            return gettext("No follow-up recorded since the signing on %(date)s.") % {
                "date": local(self.newest_signed)
            }
        months = self.followup_months_ago
        if months == 0:
            return gettext("Last follow-up on %(date)s, less than a month ago.") % {
                "date": local(self.last_followup)
            }
        return ngettext(
            "Last follow-up on %(date)s, %(months)s month ago.",
            "Last follow-up on %(date)s, %(months)s months ago.",
            months,
        ) % {"date": local(self.last_followup), "months": months}


class Partnerships(dict):
    """{province pk: Partnership}; a province with nothing published answers `none`."""

    def __init__(self, today, rows=()):
        super().__init__(rows)
        self.today = today

    def __missing__(self, province_pk):
        return Partnership(today=self.today)


def partnerships(*, today=None, provinces=None) -> Partnerships:
    """The partnership of every province (or of `provinces`, pks or a queryset), as of today,
    from the stored figures (tracking/figures.py): one row per province."""
    from .figures import province_figures

    today = today or timezone.localdate()
    result = Partnerships(today)
    for row in province_figures(today, provinces):
        if row.agreements or row.last_followup is not None:
            result[row.province_id] = partnership_from(row, today)
    return result


def partnership_from(figures, today) -> Partnership:
    """The Partnership of one row of ProvinceFigures."""
    return Partnership(
        today=today,
        agreements=figures.agreements,
        in_force=figures.in_force,
        newest_signed=figures.newest_signed,
        last_ended=figures.last_ended,
        last_followup=figures.last_followup,
        recent_followups=figures.recent_followups,
    )


def computed_figures(today, provinces) -> dict:
    """{province pk: {field of ProvinceFigures: value}} for the provinces `provinces` (pks)
    as of `today`, computed from the records: a few GROUP BY queries, each starting from an
    index of the provinces. `valid_until` is the first day after `today` on which a date in
    those records (a start, an end, a termination, a follow-up coming or growing old) could
    change a figure."""
    cutoff = followup_cutoff(today)
    within = datetime.timedelta(days=settings.EXPIRING_WITHIN_DAYS)
    provinces = list(provinces)
    agreements = Agreement.objects.published().with_status(today).filter(province__in=provinces)
    S = Agreement.Status
    in_force = Q(status_code__in=Agreement.IN_FORCE)
    own = {
        row["province"]: row
        for row in agreements.order_by()
        .values("province")
        .annotate(
            total=Count("pk"),
            in_force=Count("pk", filter=in_force),
            newest_signed=Max("signed_on", filter=in_force | Q(status_code=S.UPCOMING)),
            last_ended=Max(
                Coalesce("terminated_on", "ends_on"), filter=Q(status_code__in=Agreement.ENDED)
            ),
            next_start=Min("starts_on", filter=Q(starts_on__gt=today)),
            next_end=Min("ends_on", filter=Q(ends_on__gte=today)),
            next_termination=Min("terminated_on", filter=Q(terminated_on__gt=today)),
            # The first end still outside the expiring window: that agreement becomes
            # "expiring" `within` days before it (with_status()).
            next_expiring_end=Min("ends_on", filter=Q(ends_on__gt=today + within)),
        )
    }
    followed = _followup_figures(today, cutoff, provinces)
    commitments = commitment_counts(provinces)
    partners = partners_by_kind(today, provinces)
    everyone = _partners_of(provinces)
    latest = _latest_followups_of(provinces, LATEST_FOLLOWUPS)
    ranked = _latest_agreements_of(today, provinces, LATEST_AGREEMENTS)
    result = {}
    for province in provinces:
        row = own.get(province, {})
        follow = followed.get(province, {})
        changes = [
            row.get("next_start"),
            row.get("next_termination"),
            follow.get("next"),
            _one_day_after(row.get("next_end")),
            row["next_expiring_end"] - within if row.get("next_expiring_end") else None,
            # a follow-up, or a signing, leaves the threshold's window
            _leaving_window(follow.get("oldest_recent")),
            _leaving_window(row.get("newest_signed"), cutoff),
        ]
        done, tracked = commitments.get(province, (0, 0))
        result[province] = {
            "computed_on": today,
            "valid_until": max(
                min(filter(None, changes), default=FOREVER),
                today + datetime.timedelta(days=1),
            ),
            "agreements": row.get("total", 0),
            "in_force": row.get("in_force", 0),
            "newest_signed": row.get("newest_signed"),
            "last_ended": row.get("last_ended"),
            "last_followup": follow.get("last"),
            "recent_followups": follow.get("recent", 0),
            "commitments_done": done,
            "commitments_tracked": tracked,
            "partners_by_kind": partners.get(province, {}),
            "partners": len(everyone.get(province, [])),
            "top_partners": everyone.get(province, [])[:TOP_PARTNERS],
            "followups": follow.get("total", 0),
            "latest_followups": latest.get(province, []),
            "latest_agreements": ranked.get(province, []),
            "status_counts": {status: n for _pk, status, n in ranked.get(province, [])},
        }
    return result


# How many of a province's partners its stored figures name (the province page shows them).
TOP_PARTNERS = 12
# How many of a province's latest follow-ups its stored figures name (its page's timeline), and
# of its latest agreements of each status (its page's lists).
LATEST_FOLLOWUPS = 6
LATEST_AGREEMENTS = 6


def _latest_agreements_of(today, provinces, limit) -> dict:
    """{province pk: [[pk, status, how many have that status]]} of the `limit` newest
    published agreements of each status in each of `provinces`, newest first, in one query:
    two windows over the province and status, one numbering the rows, one counting them."""
    status = [F("province"), F("status_code")]
    newest_first = [F("signed_on").desc(), F("reference").asc()]
    rows = (
        Agreement.objects.published()
        .filter(province__in=provinces)
        .with_status(today)
        .annotate(
            row_in_status=Window(RowNumber(), partition_by=status, order_by=newest_first),
            of_status=Window(Count("pk"), partition_by=status),
        )
        .filter(row_in_status__lte=limit)
        .order_by("province", *newest_first)
        .values_list("province", "pk", "status_code", "of_status")
    )
    found = {}
    for province, pk, status_code, count in rows:
        found.setdefault(province, []).append([pk, status_code, count])
    return found


def _partners_of(provinces) -> dict:
    """{province pk: [organisation pk, …]}: the organisations with a role in the province's
    published agreements, most agreements there first, then by name."""
    parties = (
        AgreementParty.objects.filter(
            agreement__province__in=provinces,
            agreement__is_published=True,
            organisation__isnull=False,
        )
        .order_by()
        .values_list("agreement__province", "organisation", "organisation__name_th")
        .annotate(n=Count("agreement", distinct=True))
    )
    ranked = {}
    for province, organisation, name, n in parties:
        ranked.setdefault(province, []).append((-n, name, organisation))
    return {province: [pk for *_key, pk in sorted(rows)] for province, rows in ranked.items()}


# valid_until of figures that no date in the records will change.
FOREVER = datetime.date(9999, 12, 31)


def _one_day_after(day):
    return day + datetime.timedelta(days=1) if day and day < FOREVER else None


def _leaving_window(day, cutoff=None):
    """The day by which `day` may have left the follow-up threshold's window (never later
    than the true day, so the figures are rebuilt in time), or None."""
    if day is None or (cutoff is not None and day < cutoff):
        return None
    return thai_calendar.add_months(day, settings.PARTNERSHIP_FOLLOWUP_MONTHS)


def partners_by_kind(today, provinces) -> dict:
    """{province pk: {organisation kind: organisations}}: the organisations party (as parties,
    not witnesses) to the province's published agreements in force, CODI's own offices left
    out."""
    parties = AgreementParty.objects.filter(
        role=AgreementParty.Role.PARTY,
        organisation__isnull=False,
        agreement__in=Agreement.objects.published().in_force(today),
        agreement__province__in=provinces,
    ).exclude(organisation__kind=Organisation.Kind.CODI_OFFICE)
    rows = (
        parties.order_by()
        .values_list("agreement__province", "organisation__kind")
        .annotate(n=Count("organisation", distinct=True))
    )
    result = {}
    for province, kind, n in rows:
        result.setdefault(province, {})[kind] = n
    return result


def _followup_figures(today, cutoff, provinces):
    """{province pk: {"last", "recent", "next", "oldest_recent"}} of the published follow-ups
    of `provinces` (pks): the latest up to today, how many within the threshold, the first
    still to come, the oldest within the threshold.

    Two queries that each start from an index of the provinces (their agreements' activities;
    activities held there without an agreement), merged here: one query with "its agreement's
    province, or its own" reads every activity of the country to find a province's.
    """
    past = Q(starts_on__lte=today)
    figures = {
        "total": Count("pk"),
        "last": Max("starts_on", filter=past),
        "recent": Count("pk", filter=past & Q(starts_on__gte=cutoff)),
        "next": Min("starts_on", filter=Q(starts_on__gt=today)),
        "oldest_recent": Min("starts_on", filter=past & Q(starts_on__gte=cutoff)),
    }
    followed = {}
    for path, rows in _followup_parts(provinces):
        for row in rows.values(path).annotate(**figures):
            before = followed.setdefault(row[path], {"recent": 0})
            for name, pick in (("last", max), ("next", min), ("oldest_recent", min)):
                before[name] = pick(filter(None, [before.get(name), row[name]]), default=None)
            before["recent"] += row["recent"]
            before["total"] = before.get("total", 0) + row["total"]
    return followed


# What a timeline shows of a follow-up and of its agreement (public/blocks.py), not the
# agreement's every column; compiled once (records/compiled.py).
_followups_by_pk = compiled(
    lambda pks: (
        Activity.objects.published()
        .filter(pk__in=pks)
        .select_related("agreement")
        .only(
            "kind",
            "title_th",
            "title_en",
            "description_th",
            "description_en",
            "outcome_th",
            "outcome_en",
            "starts_on",
            "ends_on",
            "participants",
            "amount_handed_over",
            "agreement__title_th",
            "agreement__title_en",
        )
    )
)


def latest_followups(figures, limit):
    """The `limit` (at most LATEST_FOLLOWUPS) latest follow-ups of a province, newest first,
    with their agreements: those its stored figures name (ProvinceFigures.latest_followups),
    read by primary key. How many there are in all is in the figures too (`followups`)."""
    chosen = figures.latest_followups[:limit]
    if not chosen:
        return []
    # Published only, read again here: derived data never decides what is public.
    activities = _followups_by_pk.fetch(list(chosen))
    return sorted(activities, key=lambda activity: (activity.starts_on, activity.pk), reverse=True)


def _latest_followups_of(provinces, limit) -> dict:
    """{province pk: [activity pk]} of the `limit` latest published follow-ups of each of
    `provinces`, newest first (the latest day, then the latest entered): the best `limit` of
    each part (see _followup_parts), numbered by a window over the province, merged here."""
    newest_first = [F("starts_on").desc(), F("pk").desc()]
    found = {}
    for path, rows in _followup_parts(provinces):
        ranked = (
            rows.annotate(
                place=F(path),
                row_in_province=Window(RowNumber(), partition_by=[F(path)], order_by=newest_first),
            )
            .filter(row_in_province__lte=limit)
            .values_list("place", "starts_on", "pk")
        )
        for province, starts_on, pk in ranked:
            found.setdefault(province, []).append((starts_on, pk))
    return {
        province: [pk for _day, pk in sorted(rows, reverse=True)[:limit]]
        for province, rows in found.items()
    }


def _followup_parts(provinces):
    """[(path to the province, published follow-ups)]: those of the provinces' agreements and
    those held there without one. Written as two plain conditions (not Activity.published()'s
    "no agreement, or a published one"), so each starts from an index of the provinces."""
    published = Activity.objects.filter(is_published=True).order_by()
    return [
        (
            "agreement__province",
            published.filter(agreement__is_published=True, agreement__province__in=provinces),
        ),
        ("province", published.filter(agreement__isnull=True, province__in=provinces)),
    ]


def commitment_counts(provinces=None):
    """{province pk: (done, tracked)} over the scope clauses and duties of published
    agreements: how many are done (their latest update says so), and how many have any
    progress recorded. Two GROUP BY queries over the current updates, clauses then duties."""
    counts = {}
    for field, agreement in (
        ("clause", "clause__agreement"),
        ("responsibility", "responsibility__party__agreement"),
    ):
        current = ProgressUpdate.objects.current_on(field).filter(
            **{f"{agreement}__is_published": True}
        )
        if provinces is not None:
            current = current.filter(**{f"{agreement}__province__in": provinces})
        rows = (
            current.order_by()
            .values_list(f"{agreement}__province")
            .annotate(
                done=Count("pk", filter=Q(status=ProgressUpdate.Status.DONE)),
                tracked=Count("pk"),
            )
        )
        for province, done, tracked in rows:
            before = counts.get(province, (0, 0))
            counts[province] = (before[0] + done, before[1] + tracked)
    return counts


def needing_followup(agreements, *, today=None):
    """The published agreements in force among `agreements` that need following up: no
    published follow-up within the threshold (never counts), or a commitment whose progress
    was not recorded within it (never recorded counts).

    The threshold is the one of partnership statuses (followup_cutoff): a follow-up or a
    progress update on the cutoff day itself still counts. Each agreement is annotated with
    `last_followup` (date of its latest published follow-up up to today, or None),
    `commitments` (its scope clauses and duties) and `stale_commitments` (those not updated
    within the threshold), by correlated subqueries: one query, whatever the number of rows.
    """
    today = today or timezone.localdate()
    cutoff = followup_cutoff(today)
    followups = (
        Activity.objects.published()
        .filter(agreement=OuterRef("pk"), starts_on__lte=today)
        .order_by()
        .values("agreement")
        .annotate(last=Max("starts_on"))
        .values("last")
    )

    def recently_updated(model):
        return Exists(
            ProgressUpdate.objects.filter(
                **{model.progress_field: OuterRef("pk")}, recorded_on__gte=cutoff
            )
        )

    def counted(model, stale):
        """The agreement's clauses or duties (only those not updated, when `stale`)."""
        path = model.agreement_path
        rows = model.objects.filter(**{path: OuterRef("pk")})
        if stale:
            rows = rows.filter(~recently_updated(model))
        rows = rows.order_by().values(path).annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(rows), 0)

    return (
        agreements.published()
        .in_force(today)
        .with_status(today)
        .annotate(
            last_followup=Subquery(followups),
            commitments=counted(ScopeClause, False) + counted(Responsibility, False),
            stale_commitments=counted(ScopeClause, True) + counted(Responsibility, True),
        )
        .filter(
            Q(last_followup__isnull=True) | Q(last_followup__lt=cutoff) | Q(stale_commitments__gt=0)
        )
    )
