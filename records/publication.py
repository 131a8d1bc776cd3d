"""What the public sees beside agreements, reviewed one record at a time.

An agreement has its own review (agreements/review.py: draft, submitted, published). The records
that regional staff write next to agreements and that the public reads — budget allocations,
follow-up activities, progress updates — carry two columns instead: `is_published` (the public
sees it) and `awaiting_review` (written by someone who may not publish, since a publisher last
looked). The rule is the same whichever page or import writes them (agreements.review):

- a write by a publisher keeps what the publisher chose;
- a write by anyone else hides the record and marks it awaiting review, until a publisher
  publishes it (one by one, a batch at a time, or with the agreement it hangs off).

A constraint keeps the two columns in step: a record awaiting review is never public.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ReviewedRecord(models.Model):
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_(
            "Shown to the public. Only a publisher publishes; a change by anyone else hides "
            "it again until a publisher has looked at it."
        ),
    )
    awaiting_review = models.BooleanField(
        _("awaiting review"),
        default=False,
        editable=False,
        help_text=_("Written by regional staff since a publisher last looked at it."),
    )

    class Meta:
        abstract = True


def published_only_after_review(name):
    """The constraint of a ReviewedRecord model, named `name`."""
    return models.CheckConstraint(
        condition=~Q(is_published=True, awaiting_review=True),
        name=name,
        violation_error_message=_(
            "A record awaiting review is public only once a publisher publishes it."
        ),
    )
