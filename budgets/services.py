"""Writing the money trail of an allocation: planned instalments, transfers, spending reports
and returned money (budgets.models).

Each write locks the allocation's row (SELECT … FOR UPDATE), checks the sums with Thai reasons,
writes the rows, and stores the new sums on the allocation (planned_amount, transferred_amount,
reported_amount, returned_amount) in the same transaction, so that the allocation's CHECK
constraints refuse in the database what a check here let through. Two writes on the same
allocation wait for each other, so the sums are never computed from an old state.

The allocation is the record the public reads (records.publication): its stored sums are what
the budget pages, exports and API show, and only while it is published. A money write by
someone who may not publish therefore sends the allocation to review like any edit of it
(agreements.review.review_write): the public sees the new figures once a publisher looked.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext

from agreements import review

from .models import (
    ACCOUNTED_OVER_MESSAGE,
    PLANNED_OVER_MESSAGE,
    TRANSFERRED_OVER_MESSAGE,
    Allocation,
    Instalment,
    MoneyReturn,
    SpendingReport,
    Transfer,
)

ZERO = Decimal("0.00")

# The sum each money model keeps on the allocation.
SUM_FIELDS = {
    Instalment: "planned_amount",
    Transfer: "transferred_amount",
    SpendingReport: "reported_amount",
    MoneyReturn: "returned_amount",
}
MONEY_MODELS = tuple(SUM_FIELDS)

# The allocation's constraints, named as the database names them in an IntegrityError.
CONSTRAINT_MESSAGES = {
    "allocation_planned_within_amount": PLANNED_OVER_MESSAGE,
    "allocation_transferred_within_amount": TRANSFERRED_OVER_MESSAGE,
    "allocation_reported_within_transferred": ACCOUNTED_OVER_MESSAGE,
    "allocation_returned_within_transferred": ACCOUNTED_OVER_MESSAGE,
    "allocation_accounted_within_transferred": ACCOUNTED_OVER_MESSAGE,
}


class MoneyRefused(ValidationError):
    """A money write the sums do not allow, with the reason in the user's language."""


def baht(amount):
    return f"{amount:,.2f}"


def refused_by_database(error):
    """The reason for an IntegrityError raised by one of the allocation's money constraints,
    or None for another one."""
    text = str(error)
    for name, message in CONSTRAINT_MESSAGES.items():
        if name in text:
            return str(message)
    return None


def lock_allocation(pk):
    """The allocation `pk` read again and locked for the rest of the transaction (a plain read
    outside one: a form validated without a transaction, where nothing can be held)."""
    rows = Allocation._base_manager.filter(pk=pk)
    if transaction.get_connection().in_atomic_block:
        rows = rows.select_for_update()
    return rows.get()


def _sum(model, **filters):
    return model._base_manager.filter(**filters).aggregate(s=Sum("amount"))["s"] or ZERO


def money_sums(allocation_pk):
    """{sum field: the sum of its rows} of one allocation, from the rows themselves."""
    return {field: _sum(model, allocation_id=allocation_pk) for model, field in SUM_FIELDS.items()}


def check_money(record, *, allocation=None):
    """Refuse (MoneyRefused, one Thai sentence with the figures) a money row whose amount would
    take its allocation's sums over their limits, the other rows being as the database holds
    them. `allocation` is the allocation as the form has it (its amount may be changing in the
    same form); by default read again, locked."""
    if record.allocation_id is None or record.amount is None:
        return
    if allocation is None:
        allocation = lock_allocation(record.allocation_id)
    model = type(record)
    others = model._base_manager.filter(allocation_id=record.allocation_id)
    if record.pk is not None:
        others = others.exclude(pk=record.pk)
    new_sum = (others.aggregate(s=Sum("amount"))["s"] or ZERO) + record.amount
    sums = money_sums(record.allocation_id)
    sums[SUM_FIELDS[model]] = new_sum
    check_sums(allocation.amount, sums)
    if model in (SpendingReport, MoneyReturn) and getattr(record, "transfer_id", None):
        check_transfer(record)
    if model is Transfer and record.pk is not None:
        accounted = _sum(SpendingReport, transfer_id=record.pk) + _sum(
            MoneyReturn, transfer_id=record.pk
        )
        if accounted > record.amount:
            raise MoneyRefused(
                gettext(
                    "This transfer's spending reports and returned money already add up to "
                    "%(accounted)s baht, more than %(amount)s baht."
                )
                % {"accounted": baht(accounted), "amount": baht(record.amount)}
            )


def check_sums(amount, sums):
    """Refuse sums (as money_sums gives them) over the allocation's `amount`."""
    planned = sums["planned_amount"]
    transferred = sums["transferred_amount"]
    accounted = sums["reported_amount"] + sums["returned_amount"]
    if planned > amount:
        raise MoneyRefused(
            gettext(
                "The instalments add up to %(planned)s baht, more than the %(amount)s baht "
                "allocated."
            )
            % {"planned": baht(planned), "amount": baht(amount)}
        )
    if transferred > amount:
        raise MoneyRefused(
            gettext(
                "The transfers would add up to %(transferred)s baht, more than the %(amount)s "
                "baht allocated."
            )
            % {"transferred": baht(transferred), "amount": baht(amount)}
        )
    if accounted > transferred:
        raise MoneyRefused(
            gettext(
                "The money reported spent (%(reported)s baht) and returned (%(returned)s baht) "
                "would add up to more than the %(transferred)s baht transferred."
            )
            % {
                "reported": baht(sums["reported_amount"]),
                "returned": baht(sums["returned_amount"]),
                "transferred": baht(transferred),
            }
        )


def check_transfer(record):
    """A spending report or a return of one transfer: with the others of that transfer, at
    most the transfer's amount."""
    transfer = Transfer._base_manager.filter(pk=record.transfer_id).first()
    if transfer is None:
        return
    if transfer.allocation_id != record.allocation_id:
        raise MoneyRefused(gettext("The transfer belongs to another allocation."))
    accounted = record.amount
    for model in (SpendingReport, MoneyReturn):
        rows = model._base_manager.filter(transfer_id=transfer.pk)
        if isinstance(record, model) and record.pk is not None:
            rows = rows.exclude(pk=record.pk)
        accounted += rows.aggregate(s=Sum("amount"))["s"] or ZERO
    if accounted > transfer.amount:
        raise MoneyRefused(
            gettext(
                "Reported spent and returned for this transfer would add up to %(accounted)s "
                "baht, more than the %(amount)s baht transferred."
            )
            % {"accounted": baht(accounted), "amount": baht(transfer.amount)}
        )


def _recount(allocation, user):
    """Store the allocation's sums from its rows and review the write; MoneyRefused when the
    database refuses the sums."""
    for field, value in money_sums(allocation.pk).items():
        setattr(allocation, field, value)
    review.review_write(allocation, user)
    allocation.version += 1  # a change form opened before shows the change (records.locking)
    allocation._history_user = user if user is not None and user.is_authenticated else None
    allocation._change_reason = gettext("Money trail changed")
    try:
        with transaction.atomic():
            allocation.save(
                update_fields=[
                    *SUM_FIELDS.values(),
                    "is_published",
                    "awaiting_review",
                    "version",
                ]
            )
    except IntegrityError as error:
        reason = refused_by_database(error)
        if reason is None:
            raise
        raise MoneyRefused(reason) from error
    return allocation


@transaction.atomic
def money_rows_save(*, allocation, rows=(), deleted=(), user):
    """Write the money rows `rows` and delete `deleted` (instances of the MONEY_MODELS, all of
    `allocation`) and store the allocation's new sums, all or nothing. The rows' own checks
    (check_money) ran in their forms; the allocation's constraints check the result, which
    is what counts when several rows change at once. Returns the allocation as stored."""
    locked = lock_allocation(allocation.pk)
    history_user = user if user is not None and user.is_authenticated else None
    for row in deleted:
        row._history_user = history_user
        row.delete()
    for row in rows:
        row._history_user = history_user
        row.save()
    return _recount(locked, user)


@transaction.atomic
def money_row_save(*, row, user, check=True):
    """Write one money row (a transfer, report, return or instalment) after checking it under
    the allocation's lock; the allocation a row moved away from is counted again too."""
    locked = lock_allocation(row.allocation_id)
    if check:
        check_money(row, allocation=locked)
    previous = None
    if row.pk is not None:
        previous = (
            type(row)
            ._base_manager.filter(pk=row.pk)
            .values_list("allocation_id", flat=True)
            .first()
        )
    saved = money_rows_save(allocation=locked, rows=[row], user=user)
    if previous is not None and previous != row.allocation_id:
        _recount(lock_allocation(previous), user)
    return saved


@transaction.atomic
def money_row_delete(*, row, user):
    return money_rows_save(allocation=row.allocation, deleted=[row], user=user)


@transaction.atomic
def spending_reports_accept(*, reports, user):
    """Accept the spending reports of the queryset `reports` not yet accepted, by `user` (a
    publisher: acquittal is a central step). Returns how many were accepted."""
    if not review.may_publish(user):
        raise PermissionDenied
    now = timezone.now()
    accepted = 0
    for report in reports.select_for_update().filter(accepted_at__isnull=True).order_by("pk"):
        report.accepted_by, report.accepted_at = user, now
        report.version += 1
        report._history_user = user
        report._change_reason = gettext("Spending report accepted")
        report.save(update_fields=["accepted_by", "accepted_at", "version"])
        accepted += 1
    return accepted
