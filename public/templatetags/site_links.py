"""Links between the public pages: the language switch and filter-preserving page links."""

from django import template
from django.urls import translate_url as _translate_url

register = template.Library()


@register.simple_tag
def translate_url(url, lang_code):
    """The same page in another language (used by the language switch).

    Call it while the page's own language is active: the path is resolved in that language.
    """
    return _translate_url(url, lang_code)


@register.simple_tag(takes_context=True)
def query_string(context, **changes):
    """The current query string with some parameters changed (None or '' removes one)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"
