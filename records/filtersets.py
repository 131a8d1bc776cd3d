"""FilterSets whose form class is built once per process, and whose filters and fields are
copied lightly for each request.

django-filter builds a new form class for every FilterSet instance: each filter makes its form
field, then the form deep-copies them all. For the public lists' filters, whose fields depend
on nothing of the request (their labels are lazy translations, their choices callables or
querysets read when the form is drawn), that was half a millisecond of every list page, built
again each time the same way. The class is made once.

Every FilterSet still gets its own filters, and every form its own fields, but not deep
copies: `copy.deepcopy` of a list's nine filters and nine fields (their widgets, their lists
of lazily translated choices, their querysets) was a quarter of the Python calls of a list
page. A filter is copied as it is (the FilterSet sets its `model` and `parent` on the copy); a
field with its widget, the attributes, messages and validators a form may change, as Django's
Field.__deepcopy__ does, while the choices and querysets, which nothing changes in place, are
shared; a filter's `method` is bound to its copy. What one request sets on its filters,
fields or widgets never reaches another.
"""

import copy
import threading

from django import forms

_lock = threading.Lock()


class FormClassOnce:
    """Mix into a FilterSet (before it) whose filters' fields never depend on the request.
    Each subclass builds its own form class."""

    def __init__(self, *args, **kwargs):
        cls = type(self)
        if not isinstance(cls.__dict__.get("base_filters"), _FiltersCopiedLightly):
            cls.base_filters = _FiltersCopiedLightly(cls.base_filters)
        super().__init__(*args, **kwargs)

    def get_form_class(self):
        cls = type(self)
        form_class = cls.__dict__.get("_form_class_once")
        if form_class is None:
            with _lock:
                form_class = cls.__dict__.get("_form_class_once")
                if form_class is None:
                    form_class = super().get_form_class()
                    cls._form_class_once = fields_copied_lightly(form_class)
        return form_class


def fields_copied_lightly(form_class):
    """Decorates a form class whose fields never depend on the request: each form copies
    them lightly (light_copy), as the filter sets' forms do."""
    form_class.base_fields = _FieldsCopiedLightly(form_class.base_fields)
    return form_class


class _FiltersCopiedLightly(dict):
    """A FilterSet's base filters: deep-copying them (FilterSet.__init__) copies each filter."""

    def __deepcopy__(self, memo):
        return {name: _copied_filter(filter_) for name, filter_ in self.items()}


def _copied_filter(filter_):
    result = copy.copy(filter_)
    if result.method is not None:
        result.method = result.method  # a filter `method` bound to the copy, not the original
    return result


class _FieldsCopiedLightly(dict):
    """A form class's base fields: deep-copying them (Form.__init__) copies each field."""

    def __deepcopy__(self, memo):
        return {name: light_copy(field) for name, field in self.items()}


def light_copy(field):
    """A copy of form `field` for one form: what Field.__deepcopy__ copies (the field, its
    widget and the widget's attributes, its messages and validators), with the choices and
    queryset shared, and a model field's drop-down reading the copy's options."""
    result = copy.copy(field)
    result.widget = copy.copy(field.widget)
    result.widget.attrs = field.widget.attrs.copy()
    result.error_messages = field.error_messages.copy()
    result.validators = field.validators[:]
    if isinstance(field, forms.ModelChoiceField):
        result.widget.choices = result.choices  # an iterator over the copy, not the original
    return result
