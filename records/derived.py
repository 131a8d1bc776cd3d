"""Derived data that follows the audit trail: one way to keep it current, whoever writes.

Some data is derived from records and kept in tables of its own so that reads stay cheap: the
agreements' search documents are the first. Every write path of this project already leaves an
audit record (django-simple-history): the admin, the imports, merges, the review, the demo
loader and the commands all write rows with save() and delete(), never with QuerySet.update(),
because the audit trail sees only those. So the audit trail is the change feed: a `Derived`
declares which audited models it is made from and how to find its keys (say, agreement ids)
from the changed rows, and every audit record of such a model marks those keys stale. Nothing
that writes has to remember the derived data.

Stale keys are rebuilt once per transaction, after it commits (`transaction.on_commit`), in
one batch. A read of the derived data inside the transaction that changed it first rebuilds
what is stale (`flush()`), so the writer itself never sees an old value: the read methods call
it (SearchDocument's manager, `AgreementQuerySet.search`). A rolled-back change leaves keys
marked that the next flush rebuilds from the data as it is, which changes nothing.

Bulk writes that bypass save() say so themselves: `bulk_update_with_history` here is
django-simple-history's, followed by marking the rows; a job that writes without any audit
record (the benchmark's generator) rebuilds the derived data whole afterwards
(`manage.py rebuild_derived`).
"""

import threading
from collections import defaultdict

from django.db import transaction
from simple_history import utils as history_utils
from simple_history.signals import post_create_historical_record

_derivations = []
_pending = threading.local()


class Derived:
    """Data rebuilt by `rebuild(keys)` from the records of the models it `follow`s."""

    def __init__(self, name, rebuild, *, everything):
        self.name = name
        self.rebuild = rebuild
        # Every key there is, for `manage.py rebuild_derived` after writes that leave no audit
        # record (the benchmark's generator, a restore).
        self.everything = everything
        self.sources = {}  # model label -> keys(model, pks)
        _derivations.append(self)

    def __repr__(self):
        return f"<Derived {self.name}>"

    def follow(self, label, keys):
        """Rows of the model `label` ("app.Model") changed: `keys(model, pks)` are the keys
        to rebuild. It is called at flush time, after deletions too, so it reads the rows'
        audit records (`history_values`) rather than the rows where a row may be gone."""
        self.sources[label] = keys

    def _stale(self):
        if not hasattr(_pending, "rows"):
            _pending.rows = defaultdict(lambda: defaultdict(set))
        return _pending.rows[self]

    def mark(self, model, pks):
        """Rows `pks` of `model` changed: rebuild what they show once the transaction commits."""
        label = model._meta.concrete_model._meta.label
        if label not in self.sources:
            return
        self._stale()[label].update(pks)
        # Once per transaction, not per row (an import saves thousands). A savepoint rolled
        # back drops the callback it registered; the next change registers it again.
        connection = transaction.get_connection()
        if not connection.in_atomic_block or not any(
            callback == self.flush for _sids, callback, _robust in connection.run_on_commit
        ):
            transaction.on_commit(self.flush)

    def flush(self):
        """Rebuild what is stale now. Returns how many keys were rebuilt."""
        stale = self._stale()
        if not stale:
            return 0
        rows = dict(stale)
        stale.clear()  # before rebuilding: the rebuild reads through methods that flush
        from django.apps import apps

        keys = set()
        for label, pks in rows.items():
            keys.update(self.sources[label](apps.get_model(label), pks))
        keys.discard(None)
        if keys:
            self.rebuild(keys)
        return len(keys)

    def forget(self):
        """Drop what is stale without rebuilding it (a test that rolls back its rows)."""
        self._stale().clear()


def flush_all():
    """Rebuild every derived datum that is stale now."""
    return sum(derived.flush() for derived in _derivations)


def anything_stale():
    """Whether any derived datum has changes waiting to be rebuilt in this thread (a read
    that flushes first would rebuild them)."""
    rows = getattr(_pending, "rows", None)
    return bool(rows) and any(rows.values())


def derivations():
    return list(_derivations)


def flush_named(name):
    """Rebuild what is stale now of the derived datum called `name`: for a read in a module
    that the one keeping it builds on (agreements reading tracking's current progress)."""
    for derived in _derivations:
        if derived.name == name:
            return derived.flush()
    return 0


def rebuild_everything(*, batch_size=2000, log=None):
    """Rebuild all of every derived datum, `batch_size` keys per transaction."""
    for derived in _derivations:
        keys = sorted(set(derived.everything()) - {None})
        for start in range(0, len(keys), batch_size):
            with transaction.atomic():
                derived.rebuild(keys[start : start + batch_size])
        if log:
            log(f"Rebuilt {derived.name}: {len(keys)} keys.")


def forget_all():
    for derived in _derivations:
        derived.forget()


def mark(model, pks):
    """Rows `pks` of `model` changed without save() or delete(): tell every derivation."""
    pks = list(pks)
    for derived in _derivations:
        derived.mark(model, pks)


def history_values(model, pks, field):
    """Every value `field` has had in the audit records of the rows `pks` of `model`: a row
    moved to another agreement, or deleted since, still names the agreements it was in."""
    return model.history.filter(id__in=pks).order_by().values_list(field, flat=True).distinct()


def bulk_update_with_history(objs, model, fields, **kwargs):
    """django-simple-history's bulk update, which sends no signal per row: the derived data is
    told here."""
    updated = history_utils.bulk_update_with_history(objs, model, fields, **kwargs)
    mark(model, [obj.pk for obj in objs])
    return updated


def _audited(sender, instance, history_instance, **kwargs):
    mark(type(instance), [instance.pk if instance.pk is not None else history_instance.id])


post_create_historical_record.connect(_audited, dispatch_uid="records.derived")
