"""Atom feeds of newly published agreements (the whole country, and one per province) and of
the steps of published proposals.

In the page's language (the feeds are inside i18n_patterns), the latest LIMIT items, the most
recently published or entered first, in one query whatever the registry's size.
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from agreements.models import Agreement
from geography.models import Province
from proposals.models import ProposalStep
from thai.calendar import local_date

LIMIT = 50


class AgreementFeed(Feed):
    """Newly published agreements of the whole country."""

    feed_type = Atom1Feed

    def title(self):
        return _("New agreements · CODI partnership registry")

    def subtitle(self):
        return _("Partnership agreements newly published in the CODI partnership registry.")

    def link(self):
        return reverse("agreement-list")

    def author_name(self):
        # Atom asks for an author; every agreement here is published by CODI.
        return _("Community Organizations Development Institute (Public Organization)")

    def feed_url(self):
        return reverse("agreement-feed")

    def agreements(self, obj):
        return Agreement.objects.newest_published()

    def items(self, obj=None):
        return self.agreements(obj).select_related("province")[:LIMIT]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Atom's summary is type="html": the plain-text summary is escaped.
        facts = _("%(province)s · signed %(date)s") % {
            "province": item.province.name,
            "date": local_date(item.signed_on),
        }
        summary = item.summary
        return escape(f"{facts}. {summary}" if summary else facts)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.province.name]


class ProvinceAgreementFeed(AgreementFeed):
    """Newly published agreements of one province."""

    def get_object(self, request, slug):
        return get_object_or_404(Province, slug=slug)

    def title(self, obj):
        return _("New agreements in %(province)s · CODI partnership registry") % {
            "province": obj.name
        }

    def subtitle(self, obj):
        return _("Partnership agreements of %(province)s newly published by CODI.") % {
            "province": obj.name
        }

    def link(self, obj):
        return obj.get_absolute_url()

    def feed_url(self, obj):
        return reverse("province-feed", kwargs={"slug": obj.slug})

    def agreements(self, obj):
        return super().agreements(obj).filter(province=obj)


class ProposalStepFeed(Feed):
    """The latest steps of published proposals: submitted, acknowledged, adopted into a
    plan, funded, implemented, not adopted. The newest entered first, read backwards along
    the primary key, so the database stops after LIMIT steps of published proposals."""

    feed_type = Atom1Feed

    def title(self):
        return _("Proposals: latest steps · CODI partnership registry")

    def subtitle(self):
        return _(
            "What became of the proposals of community organisation councils and networks: "
            "each step recorded in the CODI partnership registry."
        )

    def link(self):
        return reverse("proposal-list")

    def author_name(self):
        return _("Community Organizations Development Institute (Public Organization)")

    def feed_url(self):
        return reverse("proposal-feed")

    def items(self):
        return (
            ProposalStep.objects.filter(proposal__is_published=True)
            .select_related("proposal")
            .only(
                "step",
                "taken_on",
                "note_th",
                "note_en",
                "created_at",
                "proposal",
                "proposal__title_th",
                "proposal__title_en",
            )
            .order_by("-pk")[:LIMIT]
        )

    def item_title(self, item):
        return f"{item.proposal.title}: {item.get_step_display()}"

    def item_description(self, item):
        when = local_date(item.taken_on)
        return escape(f"{when}. {item.note}" if item.note else when)

    def item_link(self, item):
        # A step of its own: an anchor on the proposal's page, so that each entry has its id.
        return f"{item.proposal.get_absolute_url()}#step-{item.pk}"

    def item_pubdate(self, item):
        return item.created_at
