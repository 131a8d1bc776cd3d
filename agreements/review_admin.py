"""The review before publishing, in the admin (the steps themselves are in agreements/review.py).

The agreement's change form carries the review: its state and history at the top, and the
buttons of the next step beside Save: "Save and submit for review" for authors, "Save and
publish" and "Return to its authors" (with the reason) for publishers. The changelist has the
same steps as actions, and "waiting for review" is a list of its own.

The records reviewed one by one (records.publication: allocations, follow-up activities,
progress updates) have ReviewedRecordAdminMixin: a publication column and filter, the
"published" box only for publishers, and "Publish the selected" for a batch (an import's rows).
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from geography.access import RegionListFilter, RegionScopedAdminMixin
from records.locking import user_name
from thai.calendar import local_datetime

from . import review
from .forms import PUBLISH, RETURN, SUBMIT
from .models import Agreement, PendingReview, ReviewStep

State = Agreement.ReviewState


def review_action(request):
    """The review step asked for by the button pressed, or None for a plain save."""
    if request.method != "POST":
        return None
    for name in (SUBMIT, PUBLISH, RETURN):
        if name in request.POST:
            return name
    return None


def who(user):
    # A step's user is None only once their account is deleted.
    return user_name(user) if user is not None else "—"


class ReviewAdminMixin:
    """For AgreementAdmin: the review state and steps on the change form and changelist."""

    review_fieldset = (
        _("Review before publishing"),
        {"fields": ["review_summary", "published_at", "review_steps_table"]},
    )

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        fields = list(self.review_fieldset[1]["fields"])
        if obj is None:
            fields = ["review_summary"]
        elif review.may_publish(request.user) and obj.review_state != State.DRAFT:
            fields.append("review_reason")
        return [(self.review_fieldset[0], {"fields": fields}), *fieldsets]

    def get_readonly_fields(self, request, obj=None):
        return [
            *super().get_readonly_fields(request, obj),
            "review_summary",
            "review_steps_table",
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        # modelform_factory made a new class for this request: the attribute is ours alone.
        form.review_action = review_action(request)
        return form

    @admin.display(description=_("review"))
    def review_summary(self, obj):
        state = State(obj.review_state)
        text = format_html(
            "<strong>{}</strong><br>{}", state.label, review.REVIEW_STATE_HELP[state]
        )
        returned = self._last_return(obj) if state == State.DRAFT else None
        if returned is not None:
            text += format_html(
                '<div class="review-returned"><strong>{}</strong><br>{}</div>',
                gettext("Returned by %(user)s on %(when)s:")
                % {"user": who(returned.user), "when": local_datetime(returned.at)},
                returned.reason,
            )
        return text

    @admin.display(description=_("review history"))
    def review_steps_table(self, obj):
        steps = self._steps(obj)
        if not steps:
            return gettext("Not yet submitted.")
        return render_to_string(
            "admin/agreements/agreement/review_steps.html",
            {
                "steps": [
                    {
                        "action": step.get_action_display(),
                        "user": who(step.user),
                        "when": local_datetime(step.at),
                        "reason": step.reason,
                    }
                    for step in steps
                ]
            },
        )

    def _steps(self, obj):
        if obj is None or obj.pk is None:
            return []
        cached = getattr(obj, "_review_steps_cache", None)
        if cached is None:
            cached = list(obj.review_steps.select_related("user")[:20])
            obj._review_steps_cache = cached
        return cached

    def _last_return(self, obj):
        """The latest step, when it returned the agreement to its authors."""
        steps = self._steps(obj)
        if steps and steps[0].action == ReviewStep.Action.RETURNED:
            return steps[0]
        return None

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        action = review_action(request)
        if action in (PUBLISH, RETURN) and not review.may_publish(request.user):
            raise PermissionDenied
        return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        may_publish = review.may_publish(request.user)
        state = obj.review_state if obj is not None else State.DRAFT
        buttons = []
        if may_publish and state != State.PUBLISHED:
            buttons.append((PUBLISH, gettext("Save and publish")))
        if not may_publish and state == State.DRAFT:
            buttons.append((SUBMIT, gettext("Save and submit for review")))
        if may_publish and state != State.DRAFT:
            buttons.append((RETURN, gettext("Return to its authors")))
        context["review_buttons"] = buttons
        context["review_edit_warning"] = state == State.PUBLISHED and not may_publish
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        # review_state is not on the form: what the object holds is what the database holds.
        obj._was_published = change and obj.review_state == State.PUBLISHED
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        agreement = form.instance
        action = review_action(request)
        user = request.user
        if action == PUBLISH:
            review.agreement_publish(agreement=agreement, user=user)
            messages.success(request, gettext("The agreement is published."))
        elif action == RETURN:
            review.agreement_return(
                agreement=agreement, user=user, reason=form.cleaned_data["review_reason"]
            )
            messages.success(request, gettext("The agreement is returned to its authors."))
        elif action == SUBMIT:
            if review.agreement_submit(agreement=agreement, user=user):
                messages.success(
                    request, gettext("The agreement is submitted; the publishers are told.")
                )
        elif getattr(agreement, "_was_published", False) and not review.may_publish(user):
            edited = form.has_changed() or any(formset.has_changed() for formset in formsets)
            if edited:
                review.agreement_submit(agreement=agreement, user=user, after_edit=True)
                messages.warning(
                    request,
                    gettext(
                        "Your change is saved and sent for review: the agreement is hidden "
                        "from the public until a publisher publishes it again."
                    ),
                )

    # The steps for many agreements at once, from the changelist.

    def get_actions(self, request):
        actions = super().get_actions(request)
        if review.may_publish(request.user):
            actions.pop("submit_for_review", None)
        else:
            actions.pop("publish_selected", None)
        return actions

    @admin.action(
        description=_("Submit the selected agreements for review"), permissions=["change"]
    )
    def submit_for_review(self, request, queryset):
        drafts = list(queryset.filter(review_state=State.DRAFT))
        for agreement in drafts:
            review.agreement_submit(agreement=agreement, user=request.user)
        self._report(request, len(drafts), queryset.count() - len(drafts), State.DRAFT)

    @admin.action(description=_("Publish the selected agreements"), permissions=["change"])
    def publish_selected(self, request, queryset):
        if not review.may_publish(request.user):
            raise PermissionDenied
        waiting = list(queryset.exclude(review_state=State.PUBLISHED))
        for agreement in waiting:
            review.agreement_publish(agreement=agreement, user=request.user)
        self._report(request, len(waiting), queryset.count() - len(waiting), None)

    def _report(self, request, done, skipped, needed):
        if done:
            self.message_user(
                request,
                ngettext("%(n)s agreement done.", "%(n)s agreements done.", done) % {"n": done},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(n)s agreement left as it was: the step does not apply to its state.",
                    "%(n)s agreements left as they were: the step does not apply to their state.",
                    skipped,
                )
                % {"n": skipped},
                messages.WARNING,
            )


class ReviewFilter(admin.SimpleListFilter):
    title = _("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("awaiting", _("awaiting review")),
            ("published", pgettext_lazy("review state", "published")),
            ("hidden", _("not published")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "awaiting":
            return queryset.filter(awaiting_review=True)
        if value == "published":
            return queryset.filter(is_published=True)
        if value == "hidden":
            return queryset.filter(is_published=False, awaiting_review=False)
        return queryset


def publication_label(record):
    if record.awaiting_review:
        return gettext("awaiting review")
    if record.is_published:
        return pgettext("review state", "published")
    return gettext("not published")


class ReviewedRecordAdminMixin:
    """For the admin of a reviewed record (records.publication) and for its inlines.

    Staff who may not publish see the "published" box but cannot tick it, and whatever they
    save is hidden from the public until a publisher publishes it (review.review_write); a
    publisher's new record starts ticked. Inline rows are reviewed by the parent's admin
    (AgreementAdmin.save_formset), which calls review.review_write for each changed row.
    """

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not review.may_publish(request.user) and "is_published" not in fields:
            fields.append("is_published")
        return fields

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "is_published":
            kwargs.setdefault("initial", True)  # shown to publishers only
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        review.review_write(obj, request.user)
        super().save_model(request, obj, form, change)
        if obj.awaiting_review:
            messages.info(
                request,
                gettext(
                    "Saved. It is hidden from the public until a publisher publishes it "
                    "(the list “%(list)s”, filter “awaiting review”)."
                )
                % {"list": self.opts.verbose_name_plural},
            )

    def get_list_filter(self, request):
        return [ReviewFilter, *super().get_list_filter(request)]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not review.may_publish(request.user):
            actions.pop("publish_records", None)
        return actions

    @admin.action(description=_("Publish the selected rows"), permissions=["change"])
    def publish_records(self, request, queryset):
        published = review.records_publish(records=queryset, user=request.user)
        self.message_user(
            request,
            ngettext("%(n)s row published.", "%(n)s rows published.", published) % {"n": published},
            messages.SUCCESS,
        )

    @admin.display(description=_("review"), ordering="is_published")
    def publication(self, obj):
        return publication_label(obj)


def reviewed_records_waiting(request, model_admins):
    """[(the records' name, how many of the user's regions await review, the filtered list)]
    for the waiting-for-review page."""
    waiting = []
    for model_admin in model_admins:
        queryset = model_admin.get_queryset(request).filter(awaiting_review=True)
        opts = model_admin.opts
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        waiting.append((opts.verbose_name_plural, queryset.count(), f"{url}?review=awaiting"))
    return waiting


def last_submission(field):
    steps = ReviewStep.objects.filter(
        agreement=OuterRef("pk"),
        action__in=[ReviewStep.Action.SUBMITTED, ReviewStep.Action.RESUBMITTED],
    ).order_by("-at", "-pk")
    return Subquery(steps.values(field)[:1])


@admin.register(PendingReview)
class PendingReviewAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    """Agreements waiting for review, the longest waiting first; each opens on the agreement's
    own change form, where the publisher publishes or returns it."""

    list_display = ["reference_link", "title_th", "province", "region", "submitted", "by"]
    list_display_links = None
    list_select_related = ["province__region"]
    list_filter = [("province__region", RegionListFilter)]
    search_fields = ["reference", "title_th", "title_en"]
    actions = None

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(review_state=State.SUBMITTED)
            .annotate(
                submitted_at=last_submission("at"),
                submitted_by=last_submission("user__username"),
            )
        )

    def get_ordering(self, request):
        # The longest waiting first; an expression, as ModelAdmin orders before annotating.
        return [last_submission("at").asc(), "reference"]

    def changelist_view(self, request, extra_context=None):
        model_admins = [
            self.admin_site.get_model_admin(model) for model in review.reviewed_models()
        ]
        extra_context = {
            "title": PendingReview._meta.verbose_name_plural,
            "reviewed_records": reviewed_records_waiting(request, model_admins),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    # Whoever may see agreements may see which wait; the steps are taken on the agreement.
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("agreements.view_agreement")

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin:agreements_agreement_change", args=[object_id]))

    @admin.display(description=_("reference"), ordering="reference")
    def reference_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:agreements_agreement_change", args=[obj.pk]),
            obj.reference,
        )

    @admin.display(description=_("region"), ordering="province__region__sort_order")
    def region(self, obj):
        return obj.province.region

    @admin.display(description=_("submitted"), ordering="submitted_at")
    def submitted(self, obj):
        return local_datetime(obj.submitted_at) if obj.submitted_at else "—"

    @admin.display(description=_("by"))
    def by(self, obj):
        return obj.submitted_by or "—"
