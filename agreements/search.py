"""Search documents: one row of folded text per agreement, the only thing the search reads.

Searching each table on its own (titles, parties, clauses …) and combining the answers took
seconds per page at national scale; one column with one trigram index answers in milliseconds.
The documents are derived data (records.derived): `search_documents` below follows every
audited model whose text an agreement is found by, so whatever saves or deletes such a row (the
admin, an import, a merge, the loader) has the documents concerned rebuilt when it commits.
`manage.py rebuild_search` rewrites them all, after writes that leave no audit record.
"""

from collections import defaultdict

from django.apps import apps as global_apps
from django.db import transaction
from django.db.models import Q, QuerySet

from records.derived import Derived, history_values
from thai.text import fold

# Agreements per batch: each batch is 6 reads and 1 write, whatever its size, and keeps the
# `IN (…)` lists well inside SQLite's limit on query parameters.
BATCH_SIZE = 2000


def _own(model, pks):
    return pks


def _agreement_of(model, pks):
    return history_values(model, pks, "agreement")


def _agreement_of_party(model, pks):
    Party = global_apps.get_model("agreements", "AgreementParty")
    return history_values(Party, history_values(model, pks, "party"), "agreement")


def _agreements_naming(*paths):
    def keys(model, pks):
        Party = global_apps.get_model("agreements", "AgreementParty")
        condition = Q()
        for path in paths:
            condition |= Q(**{f"{path}__in": pks})
        return Party.objects.filter(condition).values_list("agreement", flat=True).distinct()

    return keys


def _agreements_of_programme(model, pks):
    Allocation = global_apps.get_model("budgets", "Allocation")
    return Allocation.objects.filter(programme__in=pks).values_list("agreement", flat=True)


search_documents = Derived(
    "search documents",
    lambda agreements: search_document_rebuild(agreements=agreements),
    everything=lambda: global_apps.get_model("agreements", "Agreement").objects.values_list(
        "pk", flat=True
    ),
)
search_documents.follow("agreements.Agreement", _own)
search_documents.follow("agreements.AgreementParty", _agreement_of)
search_documents.follow("agreements.ScopeClause", _agreement_of)
search_documents.follow("agreements.Responsibility", _agreement_of_party)
search_documents.follow("agreements.Activity", _agreement_of)
# Organisations: their own parties, and those of the records renamed or merged into them.
search_documents.follow(
    "partners.Organisation", _agreements_naming("organisation", "organisation__successor")
)
search_documents.follow("partners.Person", _agreements_naming("signatory"))
# Through labels: agreements must not import budgets.
search_documents.follow("budgets.Allocation", _agreement_of)
search_documents.follow("budgets.Programme", _agreements_of_programme)


def search_document_rebuild(*, agreements, apps=global_apps):
    """Write the search documents of `agreements` (a queryset, or agreements or their pks)
    from the current data, BATCH_SIZE at a time. Returns how many were written.

    `apps` is for the data migration, which passes its historical models; it must then keep
    to fields that exist at that migration.
    """
    if isinstance(agreements, QuerySet):
        pks = list(agreements.order_by("pk").values_list("pk", flat=True).distinct())
    else:
        pks = sorted({getattr(agreement, "pk", agreement) for agreement in agreements})
    written = 0
    for start in range(0, len(pks), BATCH_SIZE):
        written += _rebuild_batch(pks[start : start + BATCH_SIZE], apps)
    return written


@transaction.atomic
def _rebuild_batch(pks, apps):
    SearchDocument = apps.get_model("agreements", "SearchDocument")
    titles, texts = _texts(pks, apps)
    documents = [
        SearchDocument(agreement_id=pk, title=_join(titles[pk]), text=_join(texts[pk]))
        for pk in titles  # agreements deleted in the meantime have no titles: skip them
    ]
    SearchDocument.objects.bulk_create(
        documents,
        update_conflicts=True,
        unique_fields=["agreement"],
        update_fields=["title", "text"],
    )
    return len(documents)


def _texts(pks, apps):
    """The titles and all searched texts of the agreements `pks`, one list per agreement, in
    one query per table."""
    Agreement = apps.get_model("agreements", "Agreement")
    AgreementParty = apps.get_model("agreements", "AgreementParty")
    ScopeClause = apps.get_model("agreements", "ScopeClause")
    Responsibility = apps.get_model("agreements", "Responsibility")
    Activity = apps.get_model("agreements", "Activity")

    titles, texts = {}, defaultdict(list)
    own = Agreement.objects.filter(pk__in=pks).values_list(
        "pk",
        "title_th",
        "title_en",
        "reference",
        "summary_th",
        "summary_en",
        "venue_th",
        "venue_en",
    )
    for pk, title_th, title_en, *rest in own:
        titles[pk] = [title_th, title_en]
        texts[pk] += [title_th, title_en, *rest]
    related = [
        ScopeClause.objects.filter(agreement__in=pks).values_list(
            "agreement", "text_th", "text_en"
        ),
        Responsibility.objects.filter(party__agreement__in=pks).values_list(
            "party__agreement", "text_th", "text_en"
        ),
        AgreementParty.objects.filter(agreement__in=pks).values_list(
            "agreement",
            "organisation__name_th",
            "organisation__name_en",
            "organisation__short_name_th",
            "organisation__short_name_en",
            "signatory__name_th",
            "signatory__name_en",
            *_party_names(apps),
        ),
        # Through the reverse relation: agreements must not import budgets.
        Agreement.objects.filter(pk__in=pks, allocations__isnull=False).values_list(
            "pk", "allocations__programme__name_th", "allocations__programme__name_en"
        ),
        # Only published activities: an unpublished one must not make an agreement findable.
        Activity.objects.filter(agreement__in=pks, is_published=True).values_list(
            "agreement", "title_th", "title_en"
        ),
    ]
    for rows in related:
        for pk, *columns in rows:
            texts[pk] += columns
    return titles, texts


def _party_names(apps):
    """The names a party is also found by: as written on the document, and the name its
    organisation is known by now. Only where the models have them: the migration that first
    built the documents ran before they existed."""
    party = apps.get_model("agreements", "AgreementParty")
    organisation = apps.get_model("partners", "Organisation")
    names = []
    if any(f.name == "organisation_name_th" for f in party._meta.get_fields()):
        names += ["organisation_name_th", "organisation_name_en"]
    if any(f.name == "successor" for f in organisation._meta.get_fields()):
        names += ["organisation__successor__name_th", "organisation__successor__name_en"]
    return names


def _join(parts):
    """Folded, without blanks and repeats, one per line: a query is folded into one line, so
    it never matches across the end of one text and the start of the next."""
    return "\n".join(dict.fromkeys(filter(None, map(fold, parts))))
