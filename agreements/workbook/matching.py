"""Organisations and people named by the workbook: found by Thai name (and province), or
listed as new with the existing records whose names are close, for staff to pick instead."""

import difflib
import hashlib

from django.db.models import Q
from django.utils.translation import pgettext

from geography.models import Province
from partners.models import Organisation, Person
from thai.text import fold

from .plans import NewRecord
from .reading import _blank, _clean, _text
from .sheets import PARTIES

# Existing records whose names are at least this close (difflib's ratio, on folded names) are
# offered instead of a new one.
CLOSE_MATCH_CUTOFF = 0.75
CLOSE_MATCHES = 3
CLOSE_CANDIDATES = 20_000


def _key_hash(*parts):
    return hashlib.sha1("|".join(parts).encode()).hexdigest()[:12]


class OrganisationsAndPeople:
    """The Planner's part that finds organisations and people, with the caches its __init__
    sets up (agreements.workbook.planning)."""

    def _organisation_key(self, name, province, messages):
        name = _text(name) if not _blank(name) else ""
        if not name:
            return None
        code = ""
        if not _blank(province):
            found = _clean(self.organisation_provinces, province, messages, PARTIES.columns[4][1])
            if found is None:
                return None
            code = found.code
        return (name, code)

    def _organisation(self, key):
        """The existing Organisation of `key` (Thai name, province code), else `key` itself: a
        record to create, listed with its close matches."""
        if key in self.organisations:
            return self.organisations[key]
        name, code = key
        found = Organisation.objects.filter(name_th=name).filter(
            Q(province__code=code) if code else Q(province__isnull=True)
        )
        organisation = found.select_related("successor").first()
        if organisation is not None and organisation.is_alias:
            organisation = organisation.current()
        if organisation is None:
            new = NewRecord(
                "organisation",
                f"{name} ({_province_label(code)})",
                f"org-{_key_hash(name, code)}",
            )
            picked = self.picks.get(new.field)
            candidates = Organisation.objects.without_aliases().filter(
                Q(province__code=code) | Q(province__isnull=True) if code else Q()
            )
            new.close = _close(
                name,
                self._candidates(("organisation", code), candidates.select_related("province")),
                _organisation_label,
            )
            if picked:
                organisation = next(
                    (o for o in candidates.filter(pk=picked) if str(o.pk) == str(picked)), None
                )
                new.picked = organisation
            self.plan.new_organisations[key] = new
        self.organisations[key] = organisation or key
        return self.organisations[key]

    def _person(self, name_th, name_en):
        key = (name_th, name_en)
        if key in self.people:
            return self.people[key]
        # People have no unique key: the oldest with this name as written, as the demo loader.
        person = Person.objects.filter(name_th=name_th).order_by("pk").first()
        if person is None:
            new = NewRecord("person", name_th, f"person-{_key_hash(name_th)}")
            people = self._candidates(("person",), Person.objects.only("pk", "name_th"))
            new.close = _close(name_th, people, lambda p: p.name_th)
            picked = self.picks.get(new.field)
            if picked:
                person = Person.objects.filter(pk=picked).first() if str(picked).isdigit() else None
                new.picked = person
            self.plan.new_people[key] = new
        self.people[key] = person or key
        return self.people[key]

    def _candidates(self, key, queryset):
        if key not in self.close_candidates:
            self.close_candidates[key] = _by_folded_name(queryset)
        return self.close_candidates[key]


def _province_label(code):
    if not code:
        return pgettext("organisation", "national")
    return Province.objects.filter(code=code).values_list("name_th", flat=True).first() or code


def _organisation_label(organisation):
    where = organisation.province or pgettext("organisation", "national")
    return f"{organisation.name_th} ({where})"


def _close(name, names, label):
    """Up to CLOSE_MATCHES records among `names` ({folded name: [records]}) whose name is close
    to `name`."""
    close = difflib.get_close_matches(fold(name), names, n=CLOSE_MATCHES, cutoff=CLOSE_MATCH_CUTOFF)
    return [(record.pk, label(record)) for key in close for record in names[key]][:CLOSE_MATCHES]


def _by_folded_name(queryset):
    """{folded Thai name: [records]} of `queryset`, read once per import and kind. Bounded:
    the organisations of one province with the national ones, or the first CLOSE_CANDIDATES
    people, are what a preview can compare in a moment."""
    names = {}
    for record in queryset.order_by("pk")[:CLOSE_CANDIDATES]:
        names.setdefault(fold(record.name_th), []).append(record)
    return names
