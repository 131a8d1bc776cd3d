"""How many published agreements each organisation is party to: derived data (records.derived)
kept in `Organisation.published_agreements`, so that the partner lists, their counts and the
home page's figure read one indexed column instead of every party of every agreement.

It follows the agreements (publishing or withdrawing one changes the count of each of its
parties' organisations) and the parties (a party added, removed or moved to another
organisation, as a merge does). `manage.py rebuild_derived` rewrites every count.
"""

from django.apps import apps as global_apps
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from records.derived import Derived, history_values


def _organisations_of_agreements(model, pks):
    Party = global_apps.get_model("agreements", "AgreementParty")
    return Party.objects.filter(agreement__in=pks).values_list("organisation", flat=True)


def _organisations_of_parties(model, pks):
    return history_values(model, pks, "organisation")


def rebuild(organisations):
    """Write the count of every organisation in `organisations` (pks) from the current data."""
    Organisation = global_apps.get_model("partners", "Organisation")
    Party = global_apps.get_model("agreements", "AgreementParty")
    published = (
        Party.objects.filter(organisation=OuterRef("pk"), agreement__is_published=True)
        .order_by()
        .values("organisation")
        .annotate(n=Count("agreement", distinct=True))
        .values("n")
    )
    # update(): derived data, not an edit, so no audit record and no new edit version.
    updated = Organisation.objects.filter(pk__in=list(organisations)).update(
        published_agreements=Coalesce(Subquery(published), 0)
    )
    global_apps.get_model("partners", "PartnerTotal").recount()
    return updated


def all_organisations():
    return global_apps.get_model("partners", "Organisation").objects.values_list("pk", flat=True)


partner_figures = Derived("partners' agreement counts", rebuild, everything=all_organisations)
partner_figures.follow("agreements.Agreement", _organisations_of_agreements)
partner_figures.follow("agreements.AgreementParty", _organisations_of_parties)
