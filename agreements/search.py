"""Search documents: one row of folded text per agreement, the only thing the search reads.

Searching each table on its own (titles, parties, clauses …) and combining the answers took
seconds per page at national scale; one column with one trigram index answers in milliseconds.
The price is that every write that changes a searched text must rebuild the documents of the
agreements concerned: the admin (agreements.admin, budgets.admin), the demo loader, and
`manage.py rebuild_search` for everything at once.
"""

from collections import defaultdict

from django.apps import apps as global_apps
from django.db import transaction
from django.db.models import QuerySet

from thai.text import fold

# Agreements per batch: each batch is 6 reads and 1 write, whatever its size, and keeps the
# `IN (…)` lists well inside SQLite's limit on query parameters.
BATCH_SIZE = 2000


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
