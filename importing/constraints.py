"""A model's check constraints evaluated in Python, for the rows of a large import.

Django validates a CheckConstraint with a query (`SELECT 1 WHERE …`): nine constraints on an
allocation were nine queries a row. The conditions our models use are simple comparisons of
fields and numbers, so they are evaluated here, with SQL's rule that a condition on NULL holds;
a condition this module cannot read is left to Django's query, so nothing goes unchecked.
Unique constraints are not handled here: the bulk import keeps its keys unique itself.
"""

import operator

from django.core.exceptions import ValidationError
from django.db.models import CheckConstraint, F, Q
from django.db.models.expressions import CombinedExpression, Value

COMPARISONS = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}
ARITHMETIC = {"+": operator.add, "-": operator.sub}


class Unreadable(Exception):
    """A condition this module does not evaluate."""


def validate(instance):
    """Raise the ValidationError Django would raise for the first check constraint of
    `instance` that does not hold."""
    for constraint in instance._meta.constraints:
        if not isinstance(constraint, CheckConstraint):
            continue
        try:
            holds = _q(constraint.condition, instance) is not False
        except Unreadable:
            constraint.validate(type(instance), instance)
            continue
        if not holds:
            raise ValidationError(
                constraint.get_violation_error_message(),
                code=constraint.violation_error_code,
            )


def _q(condition, instance):
    """True, False or None (unknown: a NULL took part), as SQL would answer."""
    if not isinstance(condition, Q):
        raise Unreadable(condition)
    answers = []
    for child in condition.children:
        if isinstance(child, Q):
            answers.append(_q(child, instance))
        else:
            answers.append(_leaf(*child, instance=instance))
    if condition.connector == Q.AND:
        answer = False if False in answers else (None if None in answers else True)
    else:
        answer = True if True in answers else (None if None in answers else False)
    if condition.negated:
        answer = None if answer is None else not answer
    return answer


def _leaf(lookup, right, *, instance):
    name, _, comparison = lookup.partition("__")
    compare = COMPARISONS.get(comparison or "exact")
    if compare is None or "__" in comparison:
        raise Unreadable(lookup)
    left = _value(F(name), instance)
    right = _value(right, instance)
    if left is None or right is None:
        return None
    return compare(left, right)


def _value(expression, instance):
    if isinstance(expression, F):
        try:
            field = instance._meta.get_field(expression.name)
        except Exception:
            raise Unreadable(expression) from None
        if field.is_relation:
            raise Unreadable(expression)
        return getattr(instance, field.attname)
    if isinstance(expression, Value):
        return expression.value
    if isinstance(expression, CombinedExpression):
        apply = ARITHMETIC.get(expression.connector)
        if apply is None:
            raise Unreadable(expression)
        left = _value(expression.lhs, instance)
        right = _value(expression.rhs, instance)
        return None if left is None or right is None else apply(left, right)
    if hasattr(expression, "resolve_expression"):
        raise Unreadable(expression)
    return expression
