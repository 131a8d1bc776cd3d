"""Links between the public pages: the language switch. (Filter-preserving links use Django's
own {% querystring %}.)"""

from django import template
from django.urls import translate_url as _translate_url

register = template.Library()


@register.simple_tag
def translate_url(url, lang_code):
    """The same page in another language (used by the language switch).

    Call it while the page's own language is active: the path is resolved in that language.
    """
    return _translate_url(url, lang_code)
