"""The admin's yes/no/unknown icons, with their text in the user's language.

Django writes the icons' alt text as the Python values ("True", "False", "None"), which is what
a screen reader reads out and what shows when the image does not load. Every list column and
read-only field draws the icon through `admin_list._boolean_icon`, so that one function is
replaced (ThaiConfig.ready).
"""

from django.contrib.admin.templatetags import admin_list
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext

ICONS = {True: "yes", False: "no", None: "unknown"}
LABELS = {True: "Yes", False: "No", None: "Unknown"}


def boolean_icon(value):
    return format_html(
        '<img src="{}" alt="{}">',
        static(f"admin/img/icon-{ICONS[value]}.svg"),
        gettext(LABELS[value]),
    )


def install():
    admin_list._boolean_icon = boolean_icon
