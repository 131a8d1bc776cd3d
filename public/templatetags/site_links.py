"""Links between the public pages: the site's header with its main menu and language switch.
(Filter-preserving links use Django's own {% querystring %}.)"""

from django import template
from django.conf import settings
from django.urls import reverse
from django.urls import translate_url as _translate_url
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info, gettext, gettext_noop

from thai.text import escape

register = template.Library()

# The main menu: (URL name, label), in its order.
MAIN_MENU = [
    ("agreement-list", gettext_noop("Agreements")),
    ("partner-list", gettext_noop("Partners")),
    ("partnership-dashboard", gettext_noop("Partnerships")),
    ("proposal-list", gettext_noop("Proposals")),
    ("budget-list", gettext_noop("Budgets")),
]


@register.simple_tag
def translate_url(url, lang_code):
    """The same page in another language (used by the language switch).

    Call it while the page's own language is active: the path is resolved in that language.
    """
    return _translate_url(url, lang_code)


@register.simple_tag(takes_context=True)
def site_header(context):
    """The header of every public page: the site's name, the main menu (the page it is on
    marked as current) and the language switch. Written out here: as templates it was two
    includes, twenty tags and a third of a plain page's time."""
    request = context.get("request")
    path = request.path if request is not None else ""
    items = []
    for name, label in MAIN_MENU:
        url = reverse(name)
        current = ' aria-current="page"' if path == url else ""
        items.append(f'        <li><a href="{url}"{current}>{escape(gettext(label))}</a></li>\n')
    # Outside the f-strings: makemessages does not read them (tests/site/test_layout.py).
    short, brand, menu = (
        escape(gettext("CODI")),
        escape(gettext("Partnership registry")),
        escape(gettext("Main")),
    )
    return mark_safe(  # noqa: S308 - every text is escaped, the URLs are reversed
        '<header class="site-header">\n'
        '  <div class="container header-inner">\n'
        f'    <a class="brand" href="{reverse("home")}">\n'
        f'      <span class="brand-short">{short}</span>\n'
        f'      <span class="brand-name">{brand}</span>\n'
        "    </a>\n"
        f'    <nav aria-label="{menu}" class="main-nav">\n'
        "      <ul>\n"
        f"{''.join(items)}"
        "      </ul>\n"
        "    </nav>\n"
        f"    {language_switch(request)}\n"
        "  </div>\n"
        "</header>"
    )


def language_switch(request):
    """The page in each language: the current one marked, the others linked."""
    full_path = request.get_full_path() if request is not None else ""
    current = get_language()
    items = []
    for code, _name in settings.LANGUAGES:
        name = escape(get_language_info(code)["name_local"])
        if code == current:
            item = f'<span aria-current="true" lang="{code}">{name}</span>'
        else:
            url = escape(_translate_url(full_path, code))
            item = f'<a href="{url}" hreflang="{code}" lang="{code}">{name}</a>'
        items.append(f"<li>{item}</li>")
    label = escape(gettext("Language"))
    return (
        f'<nav class="language-switch" aria-label="{label}">\n  <ul>{"".join(items)}</ul>\n</nav>'
    )
