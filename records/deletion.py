"""What the admin's delete confirmation lists.

Deleting an agreement also deletes the rows that link it to its themes, districts and
sub-districts (and a user's to their groups and regions). Django lists those link rows in
English under made-up names ("Agreement-theme relationship: Agreement_themes object (3)"):
they are not records anyone entered, so the summary leaves them out.
"""

from django.apps import apps
from django.utils.text import capfirst


def _link_models():
    return [m for m in apps.get_models(include_auto_created=True) if m._meta.auto_created]


def _without_links(items, prefixes):
    kept = []
    for item in items:
        if isinstance(item, list):
            kept.append(_without_links(item, prefixes))
        elif not str(item).startswith(prefixes):
            kept.append(item)
    return kept


class LinkRowsOutOfDeleteSummaryMixin:
    def get_deleted_objects(self, objs, request):
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        links = _link_models()
        prefixes = tuple(f"{capfirst(m._meta.verbose_name)}: " for m in links)
        plurals = {str(m._meta.verbose_name_plural) for m in links}
        model_count = {name: n for name, n in model_count.items() if str(name) not in plurals}
        return _without_links(to_delete, prefixes), model_count, perms_needed, protected
