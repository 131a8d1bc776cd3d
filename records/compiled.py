"""Querysets compiled to SQL once per process and shape, then run with each call's values.

Django compiles a queryset to SQL every time it runs. For the joins, column lists and
orderings of a page's card or figures queries that is 0.3 to 0.8 ms of Python per query,
more than PostgreSQL takes to run the prepared statement: a fifth of a cold page. A query
whose shape never changes, only its values (a province's id, the ids of a page's cards), need
not be compiled again:

    cards = compiled(lambda pks: Agreement.objects.filter(pk__in=pks).for_cards())
    cards(shown)  # the queryset, evaluated

`build` makes the queryset from the values it is called with, and must depend on nothing
else but the active language (not the date, not settings, no query of its own with the
values). The first call of a shape (the database, the language, the length of each list
value and the kind of each value) builds the queryset twice with stand-in values, compiles
both, and keeps the SQL and where each value goes in its parameters. If anything but the
values differs between the two (a value the ORM wrote into the SQL itself, a value it
transformed, an empty list that makes no SQL), that shape is never reused and every call
simply runs its queryset. With COMPILED_QUERIES_CHECK (on in the tests) every call also
compiles its own queryset and fails when the SQL or its parameters differ from the reused
ones: the whole suite checks that each `build` depends on its values only.

Values may be ints (within a 32-bit column's range), strings and dates, or lists and tuples
of them (for `__in`: a list's repeats are left out, as Django leaves them out). A call with any
other value runs its queryset as Django compiles it. The queryset is returned
evaluated (its rows, and its prefetches, fetched), so that nothing chained onto it later can
run the reused SQL.
"""

import copy
import datetime
import threading

from django.conf import settings
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections
from django.db.models.query import ValuesListIterable
from django.utils.translation import get_language

from . import derived

# Stand-ins, two sets, for the values of a shape's first call: inside the range of a 32-bit
# integer column (Django drops a comparison with a value out of a column's range from the
# SQL) and unlike any real value.
_INT = (1_946_000_001, 1_947_000_001)
_INT_RANGE = (-(2**31), 2**31 - 1)
_DAY = (datetime.date(1901, 1, 1), datetime.date(1902, 7, 1))
_TEXT = ("\x1fcompiled-a-", "\x1fcompiled-b-")


class _Unusable(Exception):
    """The shape's SQL cannot be reused: its queryset runs as Django compiles it."""


def compiled(build):
    """`build` (values -> queryset), whose SQL is compiled once per shape (above)."""
    return CompiledQuery(build)


class CompiledQuery:
    def __init__(self, build):
        self.build = build
        self._shapes = {}  # shape -> _Shape, or None when that shape is not reusable
        self._lock = threading.Lock()

    _db = None  # the database of the first call: rows() needs no queryset after it

    def __call__(self, *values):
        values = _distinct(values)
        queryset = self.build(*values)
        self._db = queryset.db
        flat = _flatten(values)
        if flat is None:  # a value of a kind not handled
            return _evaluated(queryset)
        shape = _shape_of(queryset.db, values, flat)
        try:
            compiled_shape = self._shapes[shape]
        except KeyError:
            compiled_shape = self._compile(shape, values)
        if compiled_shape is None:
            return _evaluated(queryset)
        params = compiled_shape.params(flat)
        if getattr(settings, "COMPILED_QUERIES_CHECK", False):
            _check(queryset, compiled_shape.sql, params)
        return compiled_shape.run(queryset, params)

    def rows(self, *values):
        """The rows of a values_list() query as tuples, as `tuple(self(*values))` gives them,
        without building its queryset again once its shape is compiled: for the few rows of
        reference data and card parties that every page reads, building the queryset cost as
        much as running it."""
        values = _distinct(values)
        ready = self._compiled_without_building(values)
        if ready is None or not ready[0].tuples:
            return tuple(self(*values))
        compiled_shape, params = ready
        return compiled_shape.tuple_rows(self._db, params)

    def fetch(self, *values):
        """The rows as a list, as `list(self(*values))` gives them, without building the
        queryset again once its shape is compiled: a copy of the stand-in queryset is run with
        the call's values (its filters' values are never compiled). Building a page's
        queryset cost 0.1 to 0.3 ms a query."""
        values = _distinct(values)
        ready = self._compiled_without_building(values)
        if ready is None:
            return list(self(*values))
        compiled_shape, params = ready
        return list(compiled_shape.run(compiled_shape.template._chain(), params))

    def _compiled_without_building(self, values):
        """(the compiled shape of `values`, its parameters), or None where the call must build
        its queryset: a shape not compiled yet, a value not handled, the check on, or derived
        data waiting to be rebuilt in this thread, which what `build` reads (the managers and
        querysets that flush it before a read) would rebuild first."""
        flat = _flatten(values)
        if (
            flat is None
            or self._db is None
            or getattr(settings, "COMPILED_QUERIES_CHECK", False)
            or derived.anything_stale()
        ):
            return None
        compiled_shape = self._shapes.get(_shape_of(self._db, values, flat))
        if compiled_shape is None:
            return None
        return compiled_shape, compiled_shape.params(flat)

    def _compile(self, shape, values):
        with self._lock:
            if shape not in self._shapes:
                try:
                    self._shapes[shape] = _Shape.of(self.build, values)
                except _Unusable:
                    self._shapes[shape] = None
            return self._shapes[shape]


class _Shape:
    """The SQL of one shape, the compiler state that reads its rows, and for each parameter
    either its constant value or the index of the call's value that goes there (with the
    conversion the ORM applied: a date may go to the database as text)."""

    def __init__(self, sql, slots, compiler, template, tuples=False):
        self.sql = sql
        self.slots = slots
        self.compiler = compiler
        # A queryset of this shape (with stand-in values, never compiled again): fetch() runs
        # a copy of it.
        self.template = template
        self.tuples = tuples  # a values_list() of tuples: tuple_rows() reads it

    @classmethod
    def of(cls, build, values):
        stand_ins = [_stand_ins(values, which) for which in (0, 1)]
        results = []
        for values_in in stand_ins:
            try:
                queryset = build(*values_in)
                compiler = queryset.query.get_compiler(using=queryset.db)
                sql, params = compiler.as_sql()
            except (EmptyResultSet, FullResultSet) as error:
                raise _Unusable from error  # no SQL for an empty list, say
            except Exception as error:  # noqa: BLE001 - the call itself runs as Django runs it
                raise _Unusable from error
            results.append((sql, tuple(params), compiler, _flatten(values_in)))
        (sql_a, params_a, compiler, flat_a), (sql_b, params_b, _c, flat_b) = results
        if sql_a != sql_b or len(params_a) != len(params_b):
            raise _Unusable
        slots = []
        for a, b in zip(params_a, params_b, strict=True):
            slots.append(_slot(a, b, flat_a, flat_b))
        # Rows as the database gives them: plain columns, or annotations that values_list()
        # named (Django then writes the SELECT in the order asked, `query.selected`). Extra
        # columns would be reordered in each row.
        query = queryset.query
        tuples = (
            queryset._iterable_class is ValuesListIterable
            and (not query.annotation_select or query.selected is not None)
            and not query.extra_select
        )
        return cls(sql_a, slots, compiler, queryset, tuples)

    def params(self, flat):
        return [slot[1] if slot[0] == "constant" else slot[2](flat[slot[1]]) for slot in self.slots]

    def tuple_rows(self, db, params):
        """The rows of this values_list() shape, read straight through its compiler."""
        compiler = self._bound(db, params)
        return tuple(compiler.results_iter(tuple_expected=True))

    def _bound(self, db, params):
        compiler = copy.copy(self.compiler)
        compiler.connection = connections[db]  # this thread's connection
        sql = self.sql

        def as_sql(*args, **kwargs):
            return sql, params

        compiler.as_sql = as_sql
        return compiler

    def run(self, queryset, params):
        """Evaluate `queryset` with this shape's SQL and `params`, through Django's own
        iterables (model instances, values, prefetches, the queryset's own _fetch_all)."""
        compiler = self._bound(queryset.db, params)
        query = queryset.query

        def get_compiler(*args, **kwargs):
            # Once: the first compiler asked for is the one that reads the queryset's rows
            # (Django's iterables ask for it before anything else); anything that builds on
            # the query afterwards compiles its own.
            del query.get_compiler
            return compiler

        query.get_compiler = get_compiler
        try:
            queryset._fetch_all()
        finally:
            query.__dict__.pop("get_compiler", None)
        return queryset


def _slot(a, b, flat_a, flat_b):
    """Where parameter (a in the first stand-in compile, b in the second) comes from."""
    if a == b:
        if any(_same(a, value) for value in (*flat_a, *flat_b)):
            raise _Unusable  # a stand-in in both: ambiguous
        return ("constant", a, None)
    for index, (value_a, value_b) in enumerate(zip(flat_a, flat_b, strict=True)):
        if a == value_a and b == value_b and type(a) is type(value_a):
            return ("value", index, _same_value)
        if isinstance(value_a, datetime.date) and a == str(value_a) and b == str(value_b):
            return ("value", index, str)
    raise _Unusable  # a value the ORM changed on its way to the database


def _same(param, value):
    return param == value or (isinstance(value, datetime.date) and param == str(value))


def _same_value(value):
    return value


def _check(queryset, sql, params):
    probe = queryset.all()
    expected_sql, expected_params = probe.query.get_compiler(using=probe.db).as_sql()
    if (expected_sql, list(expected_params)) != (sql, list(params)):
        raise AssertionError(
            "a compiled query's SQL differs from its queryset's: its build() depends on more "
            f"than its values.\nreused: {sql} {params}\ndjango: {expected_sql} {expected_params}"
        )


def _evaluated(queryset):
    queryset._fetch_all()
    return queryset


def _distinct(values):
    """The values with each list's repeats left out, as Django leaves them out of an IN (a
    list that repeats a value would otherwise have a shape of its own that Django does not)."""
    return tuple(
        type(value)(dict.fromkeys(value)) if isinstance(value, list | tuple) else value
        for value in values
    )


def _flatten(values):
    """The values, lists spread out; None when one is of a kind not handled, or an int out of
    a 32-bit column's range (Django leaves such a comparison out of the SQL: a hostile
    /agreements/1000000000000000000000000000000/ is a 404, not a database error)."""
    flat = []
    for value in values:
        items = value if isinstance(value, list | tuple) else (value,)
        for item in items:
            kind = type(item)
            if kind is int:
                if not _INT_RANGE[0] <= item <= _INT_RANGE[1]:
                    return None
            elif kind is not str and kind is not datetime.date:
                return None
            flat.append(item)
    return flat


def _shape_of(db, values, flat):
    """What a compiled SQL holds for: the database, the language, the length of each list
    value and the kind of each value."""
    lengths = tuple(len(v) if isinstance(v, list | tuple) else -1 for v in values)
    return (db, get_language(), lengths, tuple(map(type, flat)))


def _stand_ins(values, which):
    counter = iter(range(1_000_000))

    def stand_in(value):
        n = next(counter)
        if type(value) is int:
            return _INT[which] + n
        if type(value) is str:
            return f"{_TEXT[which]}{n}"
        return _DAY[which] + datetime.timedelta(days=n)

    return [
        type(value)(stand_in(v) for v in value)
        if isinstance(value, list | tuple)
        else stand_in(value)
        for value in values
    ]


def give_related(instance, name, rows):
    """Hand `instance` the rows of its relation `name` (a reverse foreign key or a many-to-many
    manager) as prefetch_related() would: `instance.<name>.all()` then reads `rows` without a
    query, and for a reverse foreign key each row knows `instance` as its parent. For rows read
    with a compiled query in place of a prefetch, whose queries Django compiles every time."""
    rows = list(rows)
    manager = getattr(instance, name)
    field = getattr(manager, "field", None)
    if hasattr(manager, "prefetch_cache_name"):  # many-to-many
        cache_name = manager.prefetch_cache_name
    else:
        cache_name = field.remote_field.cache_name
        for row in rows:
            field.set_cached_value(row, instance)
    queryset = manager.get_queryset()
    queryset._result_cache = rows
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[cache_name] = queryset
