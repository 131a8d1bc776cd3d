"""FilterSets whose form class is built once per process.

django-filter builds a new form class for every FilterSet instance: each filter makes its form
field, then the form deep-copies them all. For the public lists' filters, whose fields depend
on nothing of the request (their labels are lazy translations, their choices callables or
querysets read when the form is drawn), that was half a millisecond of every list page, built
again each time the same way. The class is made once; every form still gets copies of its
fields (Form.__init__ deep-copies base_fields), so nothing of one request reaches another.
"""

import threading

_lock = threading.Lock()


class FormClassOnce:
    """Mix into a FilterSet (before it) whose filters' fields never depend on the request.
    Each subclass builds its own form class."""

    def get_form_class(self):
        cls = type(self)
        form_class = cls.__dict__.get("_form_class_once")
        if form_class is None:
            with _lock:
                form_class = cls.__dict__.get("_form_class_once")
                if form_class is None:
                    form_class = super().get_form_class()
                    cls._form_class_once = form_class
        return form_class
