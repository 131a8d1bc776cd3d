"""What an agreement covers and is about, read through its many-to-many tables in one query:
its districts, sub-districts and themes. The agreement page and the open-data records share it.
"""

from django.db.models import CharField, F, Value

from records.compiled import compiled
from thai.bilingual import Bilingual

from .models import Agreement


def coded_rows(through, kind, target, code="code", name="name"):
    """(agreement id, `kind`, code, Thai name, English name) of what an agreement names through
    the many-to-many table `through`: rows of one shape, so that themes, districts and
    sub-districts come in one query (a theme's code is its slug, its name its title)."""
    return through.objects.annotate(
        kind=Value(kind, output_field=CharField()),
        code=F(f"{target}__{code}"),
        name_th=F(f"{target}__{name}_th"),
        name_en=F(f"{target}__{name}_en"),
    ).values_list("agreement_id", "kind", "code", "name_th", "name_en")


# Filter them (.filter(agreement_id__in=...)); never iterate these themselves.
CODED_ROWS = {
    "themes": coded_rows(Agreement.themes.through, "themes", "theme", code="slug", name="title"),
    "districts": coded_rows(Agreement.districts.through, "districts", "district"),
    "subdistricts": coded_rows(Agreement.subdistricts.through, "subdistricts", "subdistrict"),
}


class Covered:
    """A district, a sub-district or a theme as the agreement page names it: its code (a
    theme's slug) and its name (a theme's title) in the page's language."""

    name = Bilingual()
    title = Bilingual("name_th", "name_en")

    def __init__(self, code, name_th, name_en):
        self.code = code
        self.name_th = name_th
        self.name_en = name_en

    @property
    def slug(self):
        return self.code


def _coverage_union(agreement_pk):
    first, *others = (rows.filter(agreement_id=agreement_pk) for rows in CODED_ROWS.values())
    return first.union(*others, all=True).order_by("kind", "code")


# Compiled once per process (records.compiled): every agreement page asks it.
_covered = compiled(_coverage_union)


def coverage_and_themes(agreement_pk):
    """{"districts": [...], "subdistricts": [...], "themes": [...]} of one agreement, each a
    list of Covered in the order its model lists them (places by code, themes by Thai title),
    in one query instead of three prefetches."""
    found = {kind: [] for kind in CODED_ROWS}
    for _agreement, kind, code, name_th, name_en in _covered.fetch(agreement_pk):
        found[kind].append(Covered(code, name_th, name_en))
    found["themes"].sort(key=lambda theme: theme.name_th)
    return found
