"""Spreadsheet imports with a preview (django-import-export): the engine every domain app's
import is built on. It knows no model of ours; the region rule's regions come from the
subclass (geography.imports.RegionScopedResource).

Each app describes its rows in its own `imports.py` (a resource: the columns, their Thai headers,
the key that finds the record a row updates). What every import has in common lives here:

- files: XLSX is read with its formulas as text (a cell holding `=1+1` arrives as "=1+1",
  never as its value, and never as an empty cell), CSV as UTF-8 with or without a BOM;
- cells: BE fiscal years and dates, amounts that refuse formulas, records by name or code (a
  province by code, slug, Thai or English name), choices by their Thai or English label;
- rows: numbered as the spreadsheet shows them (the header is row 1, the first data row is
  row 2), each one new, changed, unchanged or in error, with Thai messages;
- the whole file: written in one transaction or not at all; refused whole when a regional
  member of staff's file has a row in another region; each saved record's history names the
  user and the file, and moves its edit-conflict version on; unchanged rows are not saved.
  Rows are saved with save(), so the audit trail sees them and the derived data follows
  (records.derived).

Formula cells are kept as text: the exports escape them again (reports.columns.neutralise).
"""

import datetime
import operator
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from io import BytesIO

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, MultipleObjectsReturned, ValidationError
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext, pgettext
from import_export import resources, widgets
from import_export.formats import base_formats
from import_export.instance_loaders import ModelInstanceLoader
from import_export.results import Error, RowResult

from thai import calendar as thai_calendar

# The spreadsheet row of the first data row: the header is row 1.
FIRST_DATA_ROW = 2


# Files


class XLSX(base_formats.XLSX):
    """The first sheet, with formula cells read as their formula text and blank rows left out.

    import_export reads cached values (openpyxl's data_only), which for a file written by a
    program is None for every formula: "=1+1" would vanish instead of being refused.
    """

    def get_title(self):
        return "Excel"

    def create_dataset(self, in_stream):
        import openpyxl

        book = openpyxl.load_workbook(BytesIO(in_stream), read_only=True, data_only=False)
        rows = book.worksheets[0].iter_rows(values_only=True)
        dataset = tablib.Dataset()
        header = next(rows, ())
        width = len(header)
        while width and header[width - 1] in (None, ""):
            width -= 1
        dataset.headers = [str(cell).strip() if cell is not None else "" for cell in header[:width]]
        # The spreadsheet's number of each row kept, so that the preview names the row staff
        # see after an empty one is left out.
        dataset.row_numbers = []
        for number, values in enumerate(rows, start=FIRST_DATA_ROW):
            values = list(values[:width]) + [None] * (width - len(values))
            if any(value not in (None, "") for value in values):
                dataset.append(values)
                dataset.row_numbers.append(number)
        book.close()
        return dataset


class CSV(base_formats.CSV):
    def get_title(self):
        return "CSV"  # shown in the form; the admin's script matches it to ".csv"

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            in_stream = in_stream.decode(self.encoding or "utf-8-sig")
        return tablib.import_set(in_stream, format="csv", **kwargs)


IMPORT_FORMATS = [XLSX, CSV]


def format_for(file_name: str):
    """The format of a file, from its name's extension; None when it is neither XLSX nor CSV."""
    name = file_name.lower()
    if name.endswith(".xlsx"):
        return XLSX()
    if name.endswith(".csv"):
        return CSV(encoding="utf-8-sig")
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
    """A record found by any of `fields` (exact for Thai, any case for the rest), one query per
    distinct value of the file. Two records answering the same value are named, not guessed."""

    def __init__(self, model, fields, queryset=None, prefixes=(), **kwargs):
        super().__init__(model, field=fields[0], **kwargs)
        self.fields = fields
        self.base_queryset = queryset
        self.prefixes = prefixes  # words a name is written with or without
        self.found = {}

    def get_queryset(self, value, row, *args, **kwargs):
        if self.base_queryset is not None:
            return self.base_queryset.all()
        return self.model._default_manager.all()

    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            return None
        text = _text(value)
        if text not in self.found:
            self.found[text] = self._find(text, row, **kwargs)
        return self.found[text]

    def _find(self, text, row, **kwargs):
        # "จังหวัดราชบุรี" is the province ราชบุรี; "บ้านมั่นคง" the programme โครงการบ้านมั่นคง.
        candidates = [text]
        for prefix in self.prefixes:
            candidates.append(
                text.removeprefix(prefix).strip() if text.startswith(prefix) else prefix + text
            )
        condition = Q()
        for candidate in candidates:
            for name in self.fields:
                # Thai has no case, and the exact match uses the Thai names' unique indexes.
                lookup = "exact" if name.endswith("_th") else "iexact"
                condition |= Q(**{f"{name}__{lookup}": candidate})
        matches = list(self.get_queryset(text, row, **kwargs).filter(condition)[:2])
        thing = self.model._meta.verbose_name
        if not matches:
            raise ValueError(gettext("No %(thing)s “%(value)s”.") % {"thing": thing, "value": text})
        if len(matches) > 1:
            raise ValueError(
                gettext("More than one %(thing)s is called “%(value)s”: write its full name.")
                % {"thing": thing, "value": text}
            )
        return matches[0]

    def render(self, value, obj=None, **kwargs):
        # As a cell of the template would name it: by the first of its fields.
        return "" if value is None else str(getattr(value, self.fields[0]))


# Rows and files


class KeyLoader(ModelInstanceLoader):
    def get_instance(self, row):
        try:
            return super().get_instance(row)
        except ValueError:
            # A key cell in error (an unknown province): the row goes on as a new record, so
            # that each of its cells in error is named under its header, the key's included.
            return None
        except MultipleObjectsReturned:
            raise ValueError(
                gettext(
                    "More than one record already has this row's key: correct them in the "
                    "admin first."
                )
            ) from None


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
        instance._change_reason = gettext("Imported from file %(name)s") % {
            "name": kwargs.get("file_name") or "-"
        }
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
