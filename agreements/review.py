"""The review before publishing: draft → submitted → published, and back to draft with a reason.

Regional staff write agreements and submit them; a publisher (the permission
`agreements.publish_agreement`: the Central staff group and superusers) publishes them or returns
them with a reason. Each step is one transaction that locks the agreement row, moves its
review_state (and with it is_published, see Agreement.set_review_state), records a ReviewStep
and an audit-trail entry with the user and the step. A submission e-mails every publisher once,
after the commit.

A save by someone who may not publish never makes an agreement public, and a change of a
published agreement by such a user sends it back for review (resubmit_after_edit): it leaves the
public site until a publisher publishes it again. The admin says so before the save.

The records the public reads beside agreements (allocations, follow-up activities, progress
updates: records.publication) follow one rule whichever page or import writes them
(review_write): a write by someone who may not publish hides the record until a publisher
publishes it, one by one, a batch at a time (records_publish), or with its agreement.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from records import derived

from .models import Agreement, ReviewStep
from .notifications import review_requested_send

PUBLISH_PERMISSION = "agreements.publish_agreement"

State = Agreement.ReviewState
Action = ReviewStep.Action


def may_publish(user):
    """May `user` publish agreements and return them? (Central staff, superusers.)"""
    return bool(user and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def publishers():
    """The active users who may publish and have an e-mail address, one query."""
    app_label, codename = PUBLISH_PERMISSION.split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .filter(
            Q(is_superuser=True)
            | Q(groups__permissions__in=permission)
            | Q(user_permissions__in=permission)
        )
        .distinct()
        .order_by("email")
    )


class ReviewError(ValidationError):
    """A step the agreement's state does not allow (e.g. publishing a published agreement)."""


def _locked(agreement):
    """Lock the agreement's row for the step and bring the caller's object up to date."""
    agreement.refresh_from_db(
        from_queryset=Agreement.objects.select_for_update(),
        fields=["review_state", "is_published", "published_at"],
    )


def _step(agreement, *, state, action, user, reason=""):
    # The version stays: no change form holds the review state, so none is out of date.
    agreement.set_review_state(state)
    # django-simple-history records the step's user and name with the audit-trail entry.
    agreement._history_user = user
    # The audit trail is read in Thai, as the merge's and the import's reasons are.
    with translation.override("th"):
        agreement._change_reason = str(Action(action).label) + (f": {reason}" if reason else "")
    agreement.save(update_fields=["review_state", "is_published", "published_at", "updated_at"])
    return ReviewStep.objects.create(agreement=agreement, action=action, user=user, reason=reason)


@transaction.atomic
def agreement_submit(*, agreement, user, after_edit=False):
    """Send a draft (or, after_edit, a published agreement just changed) for review, and tell
    the publishers after the commit (a failed send is logged and undoes nothing). A submitted
    agreement stays as it is; returns the step, or None."""
    _locked(agreement)
    if agreement.review_state == State.SUBMITTED:
        return None
    if agreement.review_state == State.PUBLISHED and not after_edit:
        raise ReviewError(gettext("This agreement is already published."))
    action = Action.RESUBMITTED if agreement.review_state == State.PUBLISHED else Action.SUBMITTED
    step = _step(agreement, state=State.SUBMITTED, action=action, user=user)
    transaction.on_commit(
        lambda: review_requested_send(
            step, list(dict.fromkeys(publishers().values_list("email", flat=True)))
        ),
        robust=True,
    )
    return step


@transaction.atomic
def agreement_publish(*, agreement, user):
    """Make the agreement (and what hangs off it) public: the records of it awaiting review
    are published with it, since the publisher reviewed them with the agreement."""
    if not may_publish(user):
        raise PermissionDenied
    _locked(agreement)
    if agreement.review_state == State.PUBLISHED:
        raise ReviewError(gettext("This agreement is already published."))
    step = _step(agreement, state=State.PUBLISHED, action=Action.PUBLISHED, user=user)
    for records in awaiting_review_of(agreement):
        records_publish(records=records, user=user)
    return step


@transaction.atomic
def agreement_return(*, agreement, user, reason):
    """Send a submitted or published agreement back to draft (hidden), saying why."""
    if not may_publish(user):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ReviewError(gettext("Say why the agreement is returned."))
    _locked(agreement)
    if agreement.review_state == State.DRAFT:
        raise ReviewError(gettext("This agreement is a draft already."))
    return _step(agreement, state=State.DRAFT, action=Action.RETURNED, user=user, reason=reason)


# The reviewed records (records.publication): model, and the paths from it to the agreement it
# hangs off (none for a record reviewed on its own). Named, not imported: the apps that define
# them build on this one.
REVIEWED_RECORDS = {
    "agreements.Activity": ["agreement"],
    "budgets.Allocation": ["agreement"],
    "tracking.ProgressUpdate": ["clause__agreement", "responsibility__party__agreement"],
    # Reviewed on their own, hanging off no agreement.
    "proposals.Proposal": [],
    "proposals.Event": [],
    "proposals.Plan": [],
    "proposals.ProvinceWorkingMode": [],
    "proposals.DistrictCouncil": [],
}


def reviewed_models():
    return [apps.get_model(label) for label in REVIEWED_RECORDS]


def awaiting_review_of(agreement):
    """Querysets of the records of `agreement` awaiting review, one per reviewed model."""
    querysets = []
    for label, paths in REVIEWED_RECORDS.items():
        if not paths:
            continue
        of_agreement = Q()
        for path in paths:
            of_agreement |= Q(**{path: agreement})
        querysets.append(apps.get_model(label).objects.filter(of_agreement, awaiting_review=True))
    return querysets


def review_write(record, user, *, published=None):
    """Before `record` (a reviewed record) written by `user` is saved: a publisher's write
    is reviewed (published as `published` says, or as the record says when None); anyone
    else's hides it until a publisher publishes it. The admin, the imports and the services
    call this before every save of such a record."""
    if may_publish(user):
        record.awaiting_review = False
        if published is not None:
            record.is_published = published
    else:
        record.is_published = False
        record.awaiting_review = True


@transaction.atomic
def records_publish(*, records, user):
    """Publish the reviewed records of the queryset `records` (one model) in one step, with
    an audit-trail entry each by `user`. Returns how many were published."""
    if not may_publish(user):
        raise PermissionDenied
    model = records.model
    pks = list(records.filter(is_published=False).values_list("pk", flat=True))
    rows = list(model.objects.select_for_update().filter(pk__in=pks).order_by("pk"))
    fields = ["is_published", "awaiting_review"]
    has_version = any(field.name == "version" for field in model._meta.concrete_fields)
    for row in rows:
        row.is_published, row.awaiting_review = True, False
        if has_version:
            row.version += 1  # a form opened before is refused (records.locking)
    if has_version:
        fields.append("version")
    with translation.override("th"):
        reason = str(_("Published"))
    derived.bulk_update_with_history(
        rows, model, fields, default_user=user, default_change_reason=reason, batch_size=500
    )
    return len(rows)


REVIEW_STATE_HELP = {
    State.DRAFT: _("Only staff see it. Submit it for review when it is complete."),
    State.SUBMITTED: _("Waiting for a publisher to publish it or return it; only staff see it."),
    State.PUBLISHED: _("Shown to the public with what hangs off it."),
}
