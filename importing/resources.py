"""Spreadsheet imports with a preview (django-import-export): the engine every domain app's
import is built on. It knows no model of ours; the region rule's regions come from the
subclass (geography.imports.RegionScopedResource).

Each app describes its rows in its own `imports.py` (a resource: the columns, their Thai headers,
the key that finds the record a row updates). What every import has in common lives here:

- files: read within limits and in the encodings Thai offices save (importing.files); XLSX
  with its formulas as text (a cell holding `=1+1` arrives as "=1+1", never as its value, and
  never as an empty cell);
- cells: BE fiscal years and dates, amounts that refuse formulas, records by name or code (a
  province by code, slug, Thai or English name), choices by their Thai or English label. The
  records a file names are looked up before its rows, a query per kind (LookupWidget.preload);
  a regional user's lookups find only their regions' records, so a record of another region
  is "not found or not in your regions", exactly as an unknown one (no existence oracle);
- rows: numbered as the spreadsheet shows them (the header is row 1, the first data row is
  row 2), each one new, changed, unchanged or in error, with Thai messages;
- the whole file: written in one transaction or not at all; refused whole when a regional
  member of staff's file has a row in another region; each saved record's history names the
  user and the file, and moves its edit-conflict version on; unchanged rows are not saved.
  A resource with Meta.use_bulk (allocations, activities) finds its records by key in one
  query, checks rows without a query each and writes them together after the last row, with
  their history rows, telling the derived data once (records.derived); the others save each
  row with save(), so the audit trail sees them and the derived data follows.

Formula cells are kept as text: the exports escape them again (reports.columns.neutralise).
"""

import datetime
import operator
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, MultipleObjectsReturned, ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext, pgettext
from import_export import resources, widgets
from import_export.formats import base_formats
from import_export.instance_loaders import ModelInstanceLoader
from import_export.results import Error, RowResult
from simple_history.utils import bulk_create_with_history

from records import derived
from thai import calendar as thai_calendar

from . import constraints, files

# The spreadsheet row of the first data row: the header is row 1.
FIRST_DATA_ROW = 2


# Files


class XLSX(base_formats.XLSX):
    """The first sheet, with formula cells read as their formula text and blank rows left out,
    within the limits of importing.files.

    import_export reads cached values (openpyxl's data_only), which for a file written by a
    program is None for every formula: "=1+1" would vanish instead of being refused.
    """

    extension = ".xlsx"

    def get_title(self):
        return "Excel"

    def create_dataset(self, in_stream):
        return files.read_dataset(in_stream, self.extension)


class CSV(base_formats.CSV):
    """UTF-8 (with or without BOM), UTF-16 or TIS-620 / cp874 (importing.files)."""

    extension = ".csv"

    def get_title(self):
        return "CSV"  # shown in the form; the admin's script matches it to ".csv"

    def is_binary(self):
        return True  # decoded here, whatever the encoding, not by import_export as UTF-8

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        return files.read_dataset(in_stream, self.extension)


IMPORT_FORMATS = [XLSX, CSV]


def format_for(file_name: str):
    """The format of a file, from its name's extension; None when it is neither XLSX nor CSV."""
    name = file_name.lower()
    for input_format in IMPORT_FORMATS:
        if name.endswith(input_format.extension):
            return input_format()
    return None


# Cells


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 71.0 from a numeric cell is the code "71"
    return str(value).strip()


def _is_formula(text: str) -> bool:
    # "+1+1" and "@SUM(…)" are formulas too, but not amounts either: they fail as numbers.
    return text.startswith("=")


class PlainWidget(widgets.Widget):
    """A cell written back (in a template's example, a preview's key) as the value's text."""

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class TextWidget(PlainWidget):
    """Text as written; a formula ("=HYPERLINK(…)") stays the text it is."""

    def clean(self, value, row=None, **kwargs):
        return "" if _blank(value) else _text(value)


class AmountWidget(widgets.Widget):
    """Baht with satang: 6340120, 6,340,120.00; never a formula, never a float's rounding."""

    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            return None
        if isinstance(value, int | Decimal):
            return Decimal(value)
        text = _text(value)
        if _is_formula(text):
            raise ValueError(
                gettext("“%(value)s” is a formula; write the amount as a number.") % {"value": text}
            )
        try:
            amount = Decimal(text.replace(",", "").replace(" ", ""))
        except InvalidOperation:
            raise ValueError(
                gettext("“%(value)s” is not an amount; write it as a number such as 468690.00.")
                % {"value": text}
            ) from None
        if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
            raise ValueError(
                gettext("“%(value)s” has more than two decimal places.") % {"value": text}
            )
        return amount

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else f"{value:.2f}"


class WholeNumberWidget(PlainWidget):
    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            return None
        text = _text(value).replace(",", "")
        if not text.isdigit():
            raise ValueError(
                gettext("“%(value)s” is not a whole number.") % {"value": _text(value)}
            )
        return int(text)


class FiscalYearWidget(WholeNumberWidget):
    """A BE fiscal year (2566); a CE year (2023) is a slip, named as such."""

    def clean(self, value, row=None, **kwargs):
        year = super().clean(value, row, **kwargs)
        if year is not None and year < thai_calendar.FIRST_BE_YEAR:
            raise ValueError(
                gettext(
                    "%(year)s is a CE year: write the fiscal year in the Buddhist Era, e.g. %(be)s."
                )
                % {"year": year, "be": thai_calendar.be_year(year)}
            )
        return year


class DateWidget(widgets.Widget):
    """A date as dd/mm/yyyy in BE (23/05/2567), or a date cell of the spreadsheet."""

    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = _text(value)
        try:
            day = thai_calendar.parse_date_be(text)
        except thai_calendar.CEYearTyped as slip:
            raise ValueError(
                gettext("%(value)s has a CE year; write the BE date, e.g. %(meant)s.")
                % {"value": text, "meant": slip.meant}
            ) from None
        if day is None:
            raise ValueError(
                gettext("“%(value)s” is not a date; write it as dd/mm/yyyy in BE, e.g. 23/05/2567.")
                % {"value": text}
            )
        return day

    def render(self, value, obj=None, **kwargs):
        return thai_calendar.be_numeric_date(value) if value else ""


class ChoiceWidget(PlainWidget):
    """One of a model's TextChoices, by its code or its Thai or English label."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices
        self.names = None

    def _names(self):
        names = {}
        # Both labels whatever language the request happens to run in.
        for language in ("th", "en"):
            with translation.override(language):
                for code, label in self.choices.choices:
                    names[code.casefold()] = code
                    names[str(label).casefold()] = code
        return names

    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            return None
        if self.names is None:
            self.names = self._names()
        code = self.names.get(_text(value).casefold())
        if code is None:
            raise ValueError(
                gettext("“%(value)s” is not one of: %(choices)s.")
                % {"value": _text(value), "choices": ", ".join(str(c.label) for c in self.choices)}
            )
        return code


class YesNoWidget(PlainWidget):
    YES = {"ใช่", "เผยแพร่", "yes", "true", "1", "y"}
    NO = {"ไม่", "ไม่ใช่", "ไม่เผยแพร่", "no", "false", "0", "n"}

    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            return None
        if isinstance(value, bool):
            return value
        text = _text(value).casefold()
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        raise ValueError(gettext("“%(value)s” is not ใช่ or ไม่ใช่.") % {"value": _text(value)})


class LookupWidget(widgets.ForeignKeyWidget):
    """A record found by any of `fields` (exact for Thai, any case for the rest). The values
    of a whole file are looked up at once before its rows (`preload`: one query per chunk of
    distinct values); a value it did not find is looked up alone, once. Two records answering
    the same value are named, not guessed.

    With a `region_path` (the path from a record to its region id), a regional user's file
    finds only records of their regions (`regions`, set by the resource): a record of another
    region gets the same answer as one that does not exist, so the message tells nothing of it.
    """

    PRELOAD_CHUNK = 200

    def __init__(self, model, fields, queryset=None, prefixes=(), region_path=None, **kwargs):
        super().__init__(model, field=fields[0], **kwargs)
        self.fields = fields
        self.base_queryset = queryset
        self.prefixes = prefixes  # words a name is written with or without
        self.region_path = region_path
        self.regions = None  # None: every region
        self.found = {}

    def scope(self, regions):
        """Find only records of the region ids `regions` (None: all) from now on."""
        if self.region_path and regions != self.regions:
            self.regions = regions
            self.found = {}

    def get_queryset(self, value, row, *args, **kwargs):
        if self.base_queryset is not None:
            return self.base_queryset.all()
        return self.model._default_manager.all()

    def _scoped(self, queryset):
        if self.region_path and self.regions is not None:
            return queryset.filter(**{f"{self.region_path}__in": self.regions})
        return queryset

    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            return None
        text = _text(value)
        if text not in self.found:
            try:
                self.found[text] = self._find(text, row, **kwargs)
            except ValueError as error:
                self.found[text] = error
        found = self.found[text]
        if isinstance(found, ValueError):
            raise ValueError(*found.args)
        return found

    def _candidates(self, text):
        # "จังหวัดราชบุรี" is the province ราชบุรี; "บ้านมั่นคง" the programme โครงการบ้านมั่นคง.
        candidates = [text]
        for prefix in self.prefixes:
            candidates.append(
                text.removeprefix(prefix).strip() if text.startswith(prefix) else prefix + text
            )
        return candidates

    def _records(self, queryset, texts):
        """The records of `queryset` any of `texts` may name: one IN list a field, so that a
        chunk of a file's values is one flat condition. The database's lowercase is only a
        first cut; _index decides, as iexact would."""
        candidates = {candidate for text in texts for candidate in self._candidates(text)}
        condition = Q()
        for name in self.fields:
            if name.endswith("_th"):
                # Thai has no case, and the exact match uses the Thai names' unique indexes.
                condition |= Q(**{f"{name}__in": candidates})
            else:
                alias = f"_lower_{name}"
                queryset = queryset.alias(**{alias: Lower(name)})
                condition |= Q(**{f"{alias}__in": {c.lower() for c in candidates}})
        return list(queryset.filter(condition))

    def _index(self, records):
        """What each record answers to: its Thai names as written, the others in any case."""
        index = {}
        for record in records:
            for name in self.fields:
                value = getattr(record, name)
                if value is None or value == "":
                    continue
                key = ("th", str(value)) if name.endswith("_th") else ("ci", str(value).casefold())
                index.setdefault(key, {})[record.pk] = record
        return index

    def _lookup(self, index, text):
        matches = {}
        for candidate in self._candidates(text):
            matches.update(index.get(("th", candidate), {}))
            matches.update(index.get(("ci", candidate.casefold()), {}))
        return list(matches.values())

    def preload(self, values):
        """Look up every distinct value of `values` (a column of the file) in a few queries."""
        texts = sorted({_text(v) for v in values if not _blank(v)} - set(self.found))
        for start in range(0, len(texts), self.PRELOAD_CHUNK):
            chunk = texts[start : start + self.PRELOAD_CHUNK]
            queryset = self._scoped(self.get_queryset(None, None))
            index = self._index(self._records(queryset, chunk))
            for text in chunk:
                matches = self._lookup(index, text)
                if len(matches) == 1:
                    self.found[text] = matches[0]
                elif len(matches) > 1:
                    self.found[text] = self._ambiguous(text)
                # Not found: left to clean(), which looks it up alone (an alias, a message).

    def _not_found(self, text):
        thing = self.model._meta.verbose_name
        if self.region_path and self.regions is not None:
            return ValueError(
                gettext("No %(thing)s “%(value)s”, or it is not in your regions.")
                % {"thing": thing, "value": text}
            )
        return ValueError(gettext("No %(thing)s “%(value)s”.") % {"thing": thing, "value": text})

    def _ambiguous(self, text):
        return ValueError(
            gettext("More than one %(thing)s is called “%(value)s”: write its full name.")
            % {"thing": self.model._meta.verbose_name, "value": text}
        )

    def _find(self, text, row, **kwargs):
        queryset = self._scoped(self.get_queryset(text, row, **kwargs))
        matches = self._lookup(self._index(self._records(queryset, [text])), text)
        if not matches:
            raise self._not_found(text)
        if len(matches) > 1:
            raise self._ambiguous(text)
        return matches[0]

    def render(self, value, obj=None, **kwargs):
        # As a cell of the template would name it: by the first of its fields.
        return "" if value is None else str(getattr(value, self.fields[0]))


# Rows and files


class KeyLoader(ModelInstanceLoader):
    """The record a row updates. A bulk resource (Meta.use_bulk) finds it in an index of every
    record the file's keys can name, built before the rows in a query or a few; a second row
    with the same key is an error there (both would be new). Others ask per row."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.index = resource.key_index(dataset) if resource._meta.use_bulk and dataset else None
        self.seen = set()

    def get_instance(self, row):
        if self.index is None:
            return self._get_one(row)
        try:
            key = self.resource.row_key(row)
        except ValueError:
            return None  # as below: the row's own cells say what is wrong
        if key in self.seen:
            raise ValueError(
                gettext("An earlier row of the file has the same key: keep one of the two rows.")
            )
        self.seen.add(key)
        found = self.index.get(key, ())
        if len(found) > 1:
            raise _more_than_one()
        return found[0] if found else None

    def _get_one(self, row):
        try:
            return super().get_instance(row)
        except ValueError:
            # A key cell in error (an unknown province): the row goes on as a new record, so
            # that each of its cells in error is named under its header, the key's included.
            return None
        except MultipleObjectsReturned:
            raise _more_than_one() from None


def _more_than_one():
    return ValueError(
        gettext("More than one record already has this row's key: correct them in the admin first.")
    )


@dataclass
class PreviewRow:
    number: int  # as the spreadsheet shows it
    status: str  # new, changed, unchanged, error
    key: str  # the row's key columns, for people
    messages: list = field(default_factory=list)

    @property
    def label(self):
        return STATUS_LABELS[self.status]()

    @property
    def css_class(self):
        """import_export's stylesheet colours rows by these names."""
        return {"changed": "update", "unchanged": "skip"}.get(self.status, self.status)


STATUS_LABELS = {
    "new": lambda: pgettext("import row", "new"),
    "changed": lambda: pgettext("import row", "changed"),
    "unchanged": lambda: pgettext("import row", "unchanged"),
    "error": lambda: pgettext("import row", "error"),
}
_STATUS_OF = {
    RowResult.IMPORT_TYPE_NEW: "new",
    RowResult.IMPORT_TYPE_UPDATE: "changed",
    RowResult.IMPORT_TYPE_SKIP: "unchanged",
}


class ImportResource(resources.ModelResource):
    """A model's rows in a spreadsheet. Subclasses declare each column as a Field whose
    column_name is its Thai header (a header may also be the field's own name), and:

    - `Meta.import_id_fields`: the key that finds the record a row updates;
    - `region_fields`: field name -> path from its value to a region id, for the region rule
      (whose regions a user may import into: `regions_allowed`);
    - `example`: one example row for the template, by field name.
    """

    region_fields = {}
    example = {}

    class Meta:
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        skip_html_diff = True
        instance_loader_class = KeyLoader
        store_instance = True  # the preview names each row by its saved record

    # Columns

    def columns(self):
        return [f for f in self.get_import_fields() if f.attribute]

    def required_columns(self):
        """Columns a file must have: the key's, but for an optional one (no agreement), and
        those the model cannot do without."""
        keys = self.get_import_id_fields()
        required = []
        for column in self.columns():
            model_field = self._meta.model._meta.get_field(column.attribute)
            if column.attribute in keys:
                if not model_field.null:
                    required.append(column)
            elif not (model_field.null or model_field.blank or model_field.has_default()):
                required.append(column)
        return required

    def _normalise_headers(self, dataset):
        by_name = {}
        loose = {}
        for column in self.columns():
            by_name[column.column_name.casefold()] = column.column_name
            by_name[column.attribute.casefold()] = column.column_name
            loose.setdefault(_loose_header(column.column_name), []).append(column.column_name)
        # A header typed without the template's note in brackets ("ปีงบประมาณ" for
        # "ปีงบประมาณ (พ.ศ.)") or with other spacing still names its column, unless two fit.
        for key, names in loose.items():
            if len(names) == 1:
                by_name.setdefault(key, names[0])

        def column_of(header):
            text = str(header or "").strip()
            return by_name.get(text.casefold()) or by_name.get(_loose_header(text), text)

        dataset.headers = [column_of(header) for header in dataset.headers]
        for column in self.columns():
            # A missing optional key column (an allocation without agreement) is an empty one.
            if (
                column.attribute in self.get_import_id_fields()
                and column.column_name not in dataset.headers
                and column not in self.required_columns()
            ):
                dataset.append_col([None] * len(dataset), header=column.column_name)

    def _missing_columns(self, dataset):
        return [
            c.column_name for c in self.required_columns() if c.column_name not in dataset.headers
        ]

    def _outside_regions(self, dataset, user):
        """(row number, what is outside) of each row that leads to a region not `user`'s."""
        mine = self.regions_allowed(user)
        if mine is None:
            return []
        outside = []
        for number, values in zip(row_numbers(dataset), dataset, strict=True):
            row = dict(zip(dataset.headers, values, strict=True))
            for name, path in self.region_fields.items():
                column = self.fields[name]
                try:
                    obj = column.widget.clean(row.get(column.column_name), row=row)
                except ValueError:
                    continue  # the row's own error says so
                if obj is not None and operator.attrgetter(path)(obj) not in mine:
                    outside.append((number, str(obj)))
                    break
        return outside

    def regions_allowed(self, user):
        """The ids of the regions `user` may import rows of, or None for all of them."""
        return None

    def prepare(self, dataset, user):
        """Before the rows: the lookups see only the records `user` may name (an agreement of
        another region is "not found", as an unknown one is), and every value of the file is
        looked up at once, one query per kind of record rather than per row."""
        regions = self.regions_allowed(user)
        for column in self.fields.values():
            # Any widget that finds records may be scoped (`scope(regions)`), not only these.
            if hasattr(column.widget, "scope"):
                column.widget.scope(regions)
            if isinstance(column.widget, LookupWidget) and column.column_name in dataset.headers:
                column.widget.preload(dataset[column.column_name])

    # Keys, for the bulk resources' index (KeyLoader)

    def _key_columns(self):
        model = self._meta.model
        return [
            (self.fields[name], model._meta.get_field(self.fields[name].attribute).attname)
            for name in self.get_import_id_fields()
        ]

    def row_key(self, row):
        """The row's key as the record's column values (a record named by a cell as its id)."""
        key = []
        for column, _attname in self._key_columns():
            value = column.clean(row)
            key.append(value.pk if hasattr(value, "pk") else value)
        return tuple(key)

    def key_index(self, dataset):
        """key -> the existing records with that key, for every key of `dataset`."""
        columns = self._key_columns()
        wanted = [set() for _ in columns]
        for values in dataset:
            try:
                key = self.row_key(dict(zip(dataset.headers, values, strict=True)))
            except (ValueError, KeyError):
                continue
            for found, value in zip(wanted, key, strict=True):
                found.add(value)
        index = {}
        if not all(wanted):
            return index
        # One query, or one per 5,000 values of the column with the most of them.
        widest = max(range(len(columns)), key=lambda i: len(wanted[i]))
        values = sorted(wanted[widest], key=lambda v: (v is None, str(v)))
        for start in range(0, len(values), 5000):
            condition = Q()
            for i, (_column, attname) in enumerate(columns):
                part = values[start : start + 5000] if i == widest else wanted[i]
                known = [v for v in part if v is not None]
                here = Q(**{f"{attname}__in": known})
                if None in part:
                    here |= Q(**{f"{attname}__isnull": True})
                condition &= here
            for record in self._meta.model._default_manager.filter(condition):
                key = tuple(getattr(record, attname) for _column, attname in columns)
                index.setdefault(key, []).append(record)
        return index

    # Rows of a bulk resource: checked in Python, written together after the last row

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if not self._meta.use_bulk:
            return super().validate_instance(instance, import_validation_errors, validate_unique)
        errors = dict(import_validation_errors or {})
        # The records a row names were found by the lookups, so a foreign key is checked for
        # a value only, not with a query for its record; the key's uniqueness is the index's
        # (KeyLoader), and the constraints are checked below without a query each. Queries per
        # row were most of the time a large file took.
        relations = [
            f
            for f in instance._meta.concrete_fields
            if f.is_relation and f.name not in errors and f.editable
        ]
        for relation in relations:
            try:
                models.Field.validate(relation, getattr(instance, relation.attname), instance)
            except ValidationError as error:
                errors[relation.name] = error.messages
        try:
            instance.full_clean(
                exclude={*errors, *(f.name for f in relations)},
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if not errors:
            try:
                constraints.validate(instance)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        if not self._meta.use_bulk:
            return super().save_instance(instance, is_create, row, **kwargs)
        self.before_save_instance(instance, row, **kwargs)
        if not kwargs.get("dry_run"):
            (self.create_instances if is_create else self.update_instances).append(instance)
        self.after_save_instance(instance, row, **kwargs)

    def _compared(self, instance):
        names = [c.attribute for c in self.columns() if not c.readonly]
        return {
            name: getattr(instance, instance._meta.get_field(name).attname)
            for name in names
            if "__" not in name
        }

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        if self._meta.use_bulk and not new:
            # What skip_row compares the row with: a copy of the values, not of the record
            # (import_export's deepcopy and diff of every row).
            instance._import_original = self._compared(instance)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if not self._meta.use_bulk:
            return super().skip_row(instance, original, row, import_validation_errors)
        if import_validation_errors or instance.pk is None:
            return False
        return getattr(instance, "_import_original", None) == self._compared(instance)

    def bulk_create(self, *args, **kwargs):
        pass  # after_import writes, with the history: see write_batch

    def bulk_update(self, *args, **kwargs):
        pass

    def import_row(self, row, instance_loader, **kwargs):
        number = kwargs.get("row_number", 0)
        if number % 100 == 0:
            if kwargs.get("deadline") is not None:
                kwargs["deadline"].check()
            if kwargs.get("progress") is not None:
                kwargs["progress"](number)
        return super().import_row(row, instance_loader, **kwargs)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if self._meta.use_bulk and not kwargs.get("dry_run") and not is_refused(result):
            self.write_batch(kwargs.get("user"), kwargs.get("file_name"))

    def bulk_update_fields(self):
        model_fields = {f.name for f in self._meta.model._meta.concrete_fields}
        names = [c.attribute for c in self.columns() if not c.readonly]
        names += [name for name in ("version", "is_published", "awaiting_review")]
        return [name for name in dict.fromkeys(names) if name in model_fields]

    def write_batch(self, user, file_name):
        """The rows of the file written together, each with its history entry (which names the
        user and the file), and the derived data told once (records.derived)."""
        model = self._meta.model
        user = user if user is not None and user.is_authenticated else None
        reason = self.change_reason(file_name)
        if self.create_instances:
            bulk_create_with_history(
                self.create_instances,
                model,
                batch_size=500,
                default_user=user,
                default_change_reason=reason,
            )
            derived.mark(model, [instance.pk for instance in self.create_instances])
        if self.update_instances:
            derived.bulk_update_with_history(
                self.update_instances,
                model,
                self.bulk_update_fields(),
                batch_size=500,
                default_user=user,
                default_change_reason=reason,
            )
        self.create_instances, self.update_instances = [], []

    def change_reason(self, file_name):
        return gettext("Imported from file %(name)s") % {"name": file_name or "-"}

    # The import

    def import_data_inner(
        self, dataset, dry_run, raise_errors, using_transactions, collect_failed_rows, **kwargs
    ):
        self._normalise_headers(dataset)
        missing = self._missing_columns(dataset)
        if missing:
            result = self.get_result_class()()
            result.total_rows = len(dataset)
            result.preview = []
            refuse(
                result,
                gettext("The file has no column %(columns)s (the header is row 1).")
                % {"columns": ", ".join(f"“{name}”" for name in missing)},
            )
            return result
        self.prepare(dataset, kwargs.get("user"))
        outside = self._outside_regions(dataset, kwargs.get("user"))
        result = super().import_data_inner(
            dataset,
            dry_run or bool(outside),
            raise_errors,
            using_transactions,
            collect_failed_rows,
            **kwargs,
        )
        result.preview = self.preview(dataset, result)
        if outside:
            rows = ", ".join(f"{number} ({where})" for number, where in outside)
            refuse(
                result,
                gettext(
                    "The whole file is refused: row %(rows)s is outside your regions. "
                    "Remove it, or ask the staff of its region to import it."
                )
                % {"rows": rows},
            )
            by_number = {row.number: row for row in result.preview}
            for number, where in outside:
                by_number[number].status = "error"
                by_number[number].messages.insert(
                    0, gettext("%(where)s is outside your regions.") % {"where": where}
                )
        return result

    def before_save_instance(self, instance, row, **kwargs):
        user = kwargs.get("user")
        instance._history_user = user if user is not None and user.is_authenticated else None
        instance._change_reason = self.change_reason(kwargs.get("file_name"))
        # An admin form opened before the import is refused on save (records.locking).
        if instance.pk is not None and hasattr(instance, "version"):
            instance.version += 1

    # The preview

    def key_text(self, row) -> str:
        values = []
        for name in self.get_import_id_fields():
            value = row.get(self.fields[name].column_name)
            values.append("—" if _blank(value) else _text(value))
        return " / ".join(values)

    def instance_key_text(self, instance) -> str:
        values = []
        for name in self.get_import_id_fields():
            field = self.fields[name]
            value = getattr(instance, field.attribute, None)
            # The widget writes it as a template's cell: an agreement by its reference.
            values.append("—" if value in (None, "") else str(field.widget.render(value)))
        return " / ".join(values)

    def preview(self, dataset, result):
        rows = []
        headers = {c.attribute: c.column_name for c in self.columns()}
        numbers = row_numbers(dataset)
        for number, values, row_result in zip(numbers, dataset, result.rows, strict=True):
            row = dict(zip(dataset.headers, values, strict=True))
            status = _STATUS_OF.get(row_result.import_type, "error")
            messages = []
            if row_result.validation_error is not None:
                status = "error"
                for name, errors in row_result.validation_error.message_dict.items():
                    for message in errors:
                        if name == NON_FIELD_ERRORS or name not in headers:
                            messages.append(message)
                        else:
                            messages.append(f"{headers[name]}: {message}")
            for error in row_result.errors:
                status = "error"
                messages.append(str(error.error))
            # The key as the registry names it once the cells are read ("30" → นครราชสีมา);
            # as typed where the row could not be read.
            instance = status != "error" and getattr(row_result, "instance", None)
            key = self.instance_key_text(instance) if instance else self.key_text(row)
            rows.append(PreviewRow(number, status, key, messages))
        return rows

    # The template

    def template_rows(self):
        """The header row (Thai) and the example row of this import's template."""
        columns = self.columns()
        headers = [c.column_name for c in columns]
        example = [self.example.get(c.attribute, "") for c in columns]
        return headers, example


def _loose_header(text):
    """A header without notes in brackets, spaces or case: "จำนวนเงิน (บาท)" → "จำนวนเงิน"."""
    return re.sub(r"\s+", "", re.sub(r"\([^)]*\)", "", text)).casefold()


def row_numbers(dataset):
    """The spreadsheet row number of each row of `dataset` (the header is row 1)."""
    numbers = getattr(dataset, "row_numbers", None)
    if numbers is None or len(numbers) != len(dataset):
        numbers = range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(dataset))
    return list(numbers)


def refuse(result, message):
    """Record `message` as the reason the whole file is refused."""
    result.append_base_error(Error(ValidationError(message)))


def refusals(result):
    """The messages that refuse a whole file."""
    return [
        " ".join(error.error.messages)
        if isinstance(error.error, ValidationError)
        else str(error.error)
        for error in result.base_errors
    ]


def is_refused(result) -> bool:
    return result.has_errors() or result.has_validation_errors()
