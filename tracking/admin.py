"""Tracking in the admin: the commitments of one agreement with their progress ("Track
commitments", linked from each agreement), the agreements that need following up, the progress
updates themselves and the digests sent. The first two are pages of the progress-update admin
that share the agreements' admin's region rule and permissions."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from agreements.admin import ThaiDatesMixin
from agreements.models import Agreement
from agreements.review_admin import ReviewedRecordAdminMixin
from geography.access import RegionListFilter, RegionScopedAdminMixin, scope
from geography.models import Region
from records.history import ReadOnlyHistoryAdmin
from thai.calendar import local_date, months_between

from . import services
from .forms import CommitmentProgressForms, ProgressUpdateForm
from .models import FollowupDigest, ProgressUpdate
from .partnership import followup_cutoff, needing_followup

# The needs-follow-up report lists this many agreements per page (the longest waiting first).
FOLLOWUP_PAGE_SIZE = 100


# A progress update reaches its region through its scope clause or through its duty's party.
COMMITMENT_REGION_PATHS = (
    "clause__agreement__province__region",
    "responsibility__party__agreement__province__region",
)


class ProgressRegionFilter(admin.SimpleListFilter):
    title = _("region")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        return [(str(r.pk), str(r)) for r in scope(Region.objects.all(), request.user, "pk")]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            by_clause, by_duty = COMMITMENT_REGION_PATHS
            return queryset.filter(Q(**{by_clause: value}) | Q(**{by_duty: value}))
        return queryset


def _agreement_of(update):
    """The agreement of a progress update; reads the commitment's agreement (select_related)."""
    if update.clause_id:
        return update.clause.agreement
    return update.responsibility.party.agreement


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(
    ReviewedRecordAdminMixin, RegionScopedAdminMixin, ThaiDatesMixin, ReadOnlyHistoryAdmin
):
    """Updates are recorded on an agreement's "track commitments" page, where the commitments
    are listed, so there is no add form here: this is where they are found, corrected and
    deleted."""

    region_path = COMMITMENT_REGION_PATHS
    form = ProgressUpdateForm
    list_display = [
        "recorded",
        "status",
        "commitment",
        "agreement",
        "region",
        "note_th",
        "publication",
    ]
    list_display_links = ["recorded", "status"]
    list_filter = ["status", ProgressRegionFilter]
    list_select_related = [
        "clause__agreement__province__region",
        "responsibility__party__agreement__province__region",
        "responsibility__party__organisation",
        "responsibility__party__signatory",
    ]
    search_fields = [
        "note_th",
        "note_en",
        "clause__text_th",
        "responsibility__text_th",
        "clause__agreement__reference",
        "responsibility__party__agreement__reference",
    ]
    date_hierarchy = "recorded_on"
    fields = [
        "agreement",
        "commitment",
        "status",
        "recorded_on",
        "note_th",
        "note_en",
        "activity",
        "is_published",
    ]
    actions = ["publish_records"]
    readonly_fields = ["agreement", "commitment"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.list_select_related)

    def agreement_admin(self):
        """The agreements' admin, whose region rule and permissions these pages share."""
        return self.admin_site.get_model_admin(Agreement)

    def get_urls(self):
        return [
            path(
                "followup/",
                self.admin_site.admin_view(self.followup_view),
                name="tracking_progressupdate_followup",
            ),
            path(
                "agreement/<path:object_id>/",
                self.admin_site.admin_view(self.progress_view),
                name="tracking_progressupdate_agreement",
            ),
            *super().get_urls(),
        ]

    def progress_view(self, request, object_id):
        """Track commitments: every scope clause and duty of one agreement with its current
        progress, and a new progress update for any number of them in one save."""
        agreements = self.agreement_admin()
        # 403 for another region's agreement, as on its change form.
        agreement = agreements.get_object(request, unquote(object_id))
        if agreement is None:
            raise Http404
        if not agreements.has_view_permission(request, agreement):
            raise PermissionDenied
        may_record = request.user.has_perm("tracking.add_progressupdate")
        if request.method == "POST" and not may_record:
            raise PermissionDenied
        today = timezone.localdate()
        page = CommitmentProgressForms(
            agreement, request.POST if request.method == "POST" else None, today=today
        )
        if page.is_bound and page.is_valid():
            updates = page.updates()
            if updates:
                services.progress_updates_record(updates=updates, user=request.user)
                messages.success(
                    request,
                    ngettext(
                        "%(n)s progress update recorded.",
                        "%(n)s progress updates recorded.",
                        len(updates),
                    )
                    % {"n": len(updates)},
                )
                if any(update.awaiting_review for update in updates):
                    messages.info(
                        request,
                        gettext("They are shown to the public once a publisher publishes them."),
                    )
            else:
                messages.warning(
                    request,
                    gettext("Nothing was recorded: choose a progress for at least one commitment."),
                )
            return HttpResponseRedirect(request.path)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Track commitments"),
            "subtitle": str(agreement),
            "opts": Agreement._meta,
            "original": agreement,
            "page": page,
            "may_record": may_record,
            "has_errors": page.is_bound,
            "media": self.media + page.media,
        }
        return TemplateResponse(request, "admin/tracking/progressupdate/progress.html", context)

    def followup_view(self, request):
        """Needs follow-up: the user's agreements in force with no published follow-up, or
        a commitment without progress recorded, within PARTNERSHIP_FOLLOWUP_MONTHS."""
        if not self.agreement_admin().has_view_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        region_path = self.agreement_admin().region_path
        agreements = (
            needing_followup(scope(Agreement.objects.all(), request.user, region_path), today=today)
            .select_related("province__region")
            .order_by(
                "province__region__sort_order",
                Coalesce("last_followup", "signed_on"),
                "reference",
            )
        )
        page = Paginator(agreements, FOLLOWUP_PAGE_SIZE).get_page(request.GET.get("page"))
        groups = {}
        for agreement in page.object_list:
            waiting_since = agreement.last_followup or agreement.signed_on
            groups.setdefault(agreement.province.region, []).append(
                {
                    "agreement": agreement,
                    "months": months_between(waiting_since, today),
                    "progress_url": reverse(
                        "admin:tracking_progressupdate_agreement", args=[agreement.pk]
                    ),
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Agreements needing follow-up"),
            "opts": Agreement._meta,
            "groups": groups,
            "page": page,
            "months": settings.PARTNERSHIP_FOLLOWUP_MONTHS,
            "cutoff": followup_cutoff(today),
        }
        return TemplateResponse(request, "admin/tracking/progressupdate/followup.html", context)

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("as of"), ordering="recorded_on")
    def recorded(self, obj):
        return local_date(obj.recorded_on, short=True)

    @admin.display(description=_("commitment"))
    def commitment(self, obj):
        if obj.clause_id:
            return format_html("{}: {}", gettext("Scope"), obj.clause)
        party = obj.responsibility.party
        return format_html("{}: {}", party.organisation or party.signatory, obj.responsibility)

    @admin.display(description=_("agreement"))
    def agreement(self, obj):
        agreement = _agreement_of(obj)
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:tracking_progressupdate_agreement", args=[agreement.pk]),
            agreement.reference,
        )

    @admin.display(description=_("region"))
    def region(self, obj):
        return _agreement_of(obj).province.region


@admin.register(FollowupDigest)
class FollowupDigestAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    """What `manage.py notify_followups` sent: written by the command only, so read-only here.
    Deleting a digest makes the next run send that region's digest again this week."""

    region_path = "region"
    list_display = ["region", "week_of", "agreement_count", "sent_at", "recipients"]
    list_filter = [("region", RegionListFilter)]
    list_select_related = ["region"]
    search_fields = ["recipients"]
    date_hierarchy = "sent_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("week of"), ordering="week")
    def week_of(self, obj):
        return local_date(obj.week, short=True)
