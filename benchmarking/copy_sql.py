"""PostgreSQL SELECTs of the same rows and columns as each export, for the COPY baseline.

They read what the exports read (published rows, the same joins, party names joined with
string_agg) in a single statement, so `COPY (...) TO STDOUT` of them is the floor an export
could reach. Table names come from the models, so a renamed table cannot go stale here.
"""

from django.conf import settings

from agreements.models import (
    Activity,
    Agreement,
    AgreementParty,
    Responsibility,
    ScopeClause,
    Theme,
)
from budgets.models import Allocation, Programme
from geography.models import Province, Region
from partners.models import Organisation, Person

TABLES = {
    "agreement": Agreement._meta.db_table,
    "agreement_themes": Agreement.themes.through._meta.db_table,
    "theme": Theme._meta.db_table,
    "party": AgreementParty._meta.db_table,
    "clause": ScopeClause._meta.db_table,
    "duty": Responsibility._meta.db_table,
    "activity": Activity._meta.db_table,
    "allocation": Allocation._meta.db_table,
    "programme": Programme._meta.db_table,
    "province": Province._meta.db_table,
    "region": Region._meta.db_table,
    "organisation": Organisation._meta.db_table,
    "person": Person._meta.db_table,
}


def _names_with_role(role):
    return (
        "string_agg(concat_ws(': ', o.name_th, s.name_th), '; ' ORDER BY ap.\"order\") "
        f"FILTER (WHERE ap.role = '{role}')"
    )


def agreements():
    """agreements/exports.py:agreement_report, one row per published agreement."""
    Role = AgreementParty.Role
    expiring_days = int(settings.EXPIRING_WITHIN_DAYS)
    return f"""
        SELECT a.reference, a.title_th, a.title_en, a.kind, p.name_th, r.name_th,
               a.signed_on, a.starts_on, a.ends_on, a.term_mode,
               CASE WHEN a.terminated_on <= CURRENT_DATE THEN 'terminated'
                    WHEN a.starts_on > CURRENT_DATE THEN 'upcoming'
                    WHEN a.ends_on < CURRENT_DATE THEN 'expired'
                    WHEN a.ends_on IS NULL THEN 'open_ended'
                    WHEN a.ends_on <= CURRENT_DATE + {expiring_days} THEN 'expiring'
                    ELSE 'active' END,
               {_names_with_role(Role.PARTY)},
               {_names_with_role(Role.PRESIDING)},
               {_names_with_role(Role.WITNESS)},
               (SELECT string_agg(t.title_th, ', ')
                  FROM {TABLES["agreement_themes"]} at
                  JOIN {TABLES["theme"]} t ON t.id = at.theme_id
                 WHERE at.agreement_id = a.id)
          FROM {TABLES["agreement"]} a
          JOIN {TABLES["province"]} p ON p.id = a.province_id
          JOIN {TABLES["region"]} r ON r.id = p.region_id
          LEFT JOIN {TABLES["party"]} ap ON ap.agreement_id = a.id
          LEFT JOIN {TABLES["organisation"]} o ON o.id = ap.organisation_id
          LEFT JOIN {TABLES["person"]} s ON s.id = ap.signatory_id
         WHERE a.is_published
         GROUP BY a.id, p.name_th, r.name_th
         ORDER BY a.signed_on DESC, a.reference
    """


def agreement_sheet(pk):
    """agreements/exports.py:agreement_sheet_pdf: one agreement's parties, clauses, duties and
    follow-ups."""
    pk = int(pk)
    return f"""
        SELECT a.reference, a.title_th, a.summary_th, a.venue_th FROM {TABLES["agreement"]} a
         WHERE a.id = {pk}
        UNION ALL
        SELECT ap.role, o.name_th, s.name_th, ap.signatory_title
          FROM {TABLES["party"]} ap
          LEFT JOIN {TABLES["organisation"]} o ON o.id = ap.organisation_id
          LEFT JOIN {TABLES["person"]} s ON s.id = ap.signatory_id
         WHERE ap.agreement_id = {pk}
        UNION ALL
        SELECT 'clause', c.text_th, NULL, NULL FROM {TABLES["clause"]} c
         WHERE c.agreement_id = {pk}
        UNION ALL
        SELECT 'duty', d.text_th, NULL, NULL FROM {TABLES["duty"]} d
          JOIN {TABLES["party"]} ap ON ap.id = d.party_id
         WHERE ap.agreement_id = {pk}
        UNION ALL
        SELECT 'activity', v.title_th, v.starts_on::text, NULL FROM {TABLES["activity"]} v
         WHERE v.agreement_id = {pk} AND v.is_published
    """


def _public_allocations(extra_joins=""):
    """FROM and WHERE of the public allocations: none of an unpublished agreement."""
    return f"""
      FROM {TABLES["allocation"]} al
      JOIN {TABLES["province"]} p ON p.id = al.province_id
      JOIN {TABLES["region"]} r ON r.id = p.region_id
      JOIN {TABLES["programme"]} pg ON pg.id = al.programme_id
      LEFT JOIN {TABLES["agreement"]} ag ON ag.id = al.agreement_id
      {extra_joins}
     WHERE al.agreement_id IS NULL OR ag.is_published
    """


def allocations():
    """budgets/exports.py:allocation_report, one row per public allocation."""
    recipient = f"LEFT JOIN {TABLES['organisation']} o ON o.id = al.recipient_id"
    return f"""
        SELECT p.name_th, r.name_th, al.fiscal_year, pg.name_th, al.amount, ag.reference,
               o.name_th, al.public_note
          {_public_allocations(recipient)}
         ORDER BY al.fiscal_year DESC, p.name_th, pg.sort_order, al.id
    """


def budget_summary():
    """budgets/exports.py:budget_summary: totals by province, fiscal year and programme."""
    return f"""
        SELECT r.name_th, p.name_th, al.fiscal_year, pg.name_th, sum(al.amount)
          {_public_allocations()}
         GROUP BY r.name_th, p.name_th, al.fiscal_year, pg.name_th
         ORDER BY r.name_th, p.name_th, al.fiscal_year DESC
    """
