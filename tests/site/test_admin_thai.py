"""The whole admin speaks Thai to a Thai member of staff.

A regional staff user (and a superuser, for the pages only they see) walks every admin page
with the demo data: the index, each app, each list, add form, change form, history list and
one history entry, each delete confirmation, the reports, the login, password and logout
pages, the error pages, a form sent back with errors and the message after a save. Every page's
visible text is read and any English word left in it fails the test, naming the page and the
words. What the records themselves say (names, titles, English fields of the demo data),
addresses, file names and a few codes are not interface text and are left out.
"""

import datetime
import io
import json
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import models
from django.test import RequestFactory
from django.urls import reverse

from agreements.models import Agreement, ExpiryNotice
from geography.access import REGIONAL_STAFF_GROUP
from geography.models import Region
from partners.models import Organisation
from tests.factories import (
    ActivityFactory,
    AllocationFactory,
    ProgressUpdateFactory,
    ScopeClauseFactory,
    UserFactory,
)
from tracking.models import FollowupDigest

# Translations are the same on any database: CI checks them once (docs/development.md).
pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_once]

# Names and codes that are the same in a Thai sentence: formats, acronyms, product names.
ALLOWED_WORDS = {
    "CSV",
    "Excel",
    "PDF",
    "ZIP",
    "JPEG",
    "PNG",
    "MOU",
    "MOA",
    "API",
    "CODI",
    "Control",
    "Command",
    "Mac",
    "THB",
    "ISO",
    "LDAP",
    "SSO",
    "HTTP",
    "GET",
    "POST",
    "JSON",
    # The public pages' footer credits the geographic data: a project, its author, its licence.
    "thailand",
    "geodata",
    "Tom",
    "Dhanabhon",
    "MIT",
    # The login lock-out library, as the superuser's admin index names it.
    "Axes",
}
# An English word; or Latin letters stuck to Thai ones, as in a plural Django made by adding an
# "s" to a Thai name.
LATIN_WORD = re.compile(r"[A-Za-z]{3,}|(?<=[\u0e00-\u0e7f])[A-Za-z]+")
# Addresses, e-mail addresses, file names and masked secrets (a password hash's "ab12****"),
# wherever they appear in a text.
NOT_WORDS = re.compile(
    r"https?://\S+|\S+@\S+|[\w./-]+\.(?:pdf|jpe?g|png|csv|xlsx|docx?)\b|(?<!\S)/[\w/.-]*|\w*\*{3,}",
    re.IGNORECASE,
)
# Where a translation puts a value: %(name)s, %s, {name}.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
# Elements whose content is not read as text, and attributes that are shown to the user.
HIDDEN_ELEMENTS = {"script", "style", "template", "noscript"}
SHOWN_ATTRIBUTES = {"title", "placeholder", "alt", "aria-label"}


# Elements without an end tag, which never close what they open.
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}


class VisibleText(HTMLParser):
    """The text nodes of a page, and the attributes a user sees or hears (button labels,
    tooltips, placeholders). Text marked lang="en" is English on purpose (the error pages say
    everything in both languages) and is left out."""

    def __init__(self):
        super().__init__()
        self.texts = []
        self._hidden = 0
        self._open = []  # (tag, hides its content)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag not in VOID_ELEMENTS:
            hides = tag in HIDDEN_ELEMENTS or (attrs.get("lang") or "").startswith("en")
            self._open.append((tag, hides))
            self._hidden += hides
        if self._hidden:
            return
        for name in SHOWN_ATTRIBUTES & attrs.keys():
            self.texts.append(attrs[name] or "")
        if tag == "input" and attrs.get("type") in ("submit", "button", "reset"):
            self.texts.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        # Close up to the matching tag: HTML lets some end tags (</p>, </li>) be left out.
        while any(name == tag for name, _ in self._open):
            name, hides = self._open.pop()
            self._hidden -= hides
            if name == tag:
                break

    def handle_data(self, data):
        if not self._hidden:
            self.texts.append(data)


def demo_values():
    """Every text the records hold or are shown as: data, not interface text. (That includes
    the names Django gave the permissions when it created them, in English, which only a
    superuser sees when giving a group its permissions.) A stored choice ("party", "other") is
    a code the pages show by its label, so it is not taken as data."""
    values = set()
    for model in apps.get_models():
        text_fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.FileField))
            and not f.choices
        ]
        for obj in model._default_manager.all():
            values.add(str(obj))
            values.update(str(getattr(obj, name) or "") for name in text_fields)
    # Spaces as the finder reads the page's text: a value of several lines is one run of words.
    return {" ".join(v.split()) for v in values if LATIN_WORD.search(v)}


class EnglishFinder:
    def __init__(self, data):
        self.data = data
        # Longest first, so a title is removed before a name inside it.
        self.data_by_length = sorted(data, key=len, reverse=True)

    def words(self, html):
        parser = VisibleText()
        parser.feed(html)
        found = []
        for text in parser.texts:
            text = " ".join(text.split())
            if not LATIN_WORD.search(text) or text in self.data:
                continue
            for value in self.data_by_length:
                if value in text:
                    text = text.replace(value, " ")
            text = NOT_WORDS.sub(" ", text)
            found += [w for w in LATIN_WORD.findall(text) if w not in ALLOWED_WORDS]
        return found


class FormValues(HTMLParser):
    """What a browser would send for the admin's main form as it is shown."""

    def __init__(self):
        super().__init__()
        self.data = {}
        self._select = self._textarea = None
        self._in_form = False

    def add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post":
            # Not the log-out button's form in the header.
            self._in_form = attrs.get("id") != "logout-form"
        if not self._in_form or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.add(attrs["name"], attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.add(self._select, attrs.get("value", ""))
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.add(self._textarea, "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data


def form_values(html):
    parser = FormValues()
    parser.feed(html)
    # The textarea's first newline belongs to the markup, as a browser reads it.
    return {
        name: [v[1:] if v.startswith("\n") else v for v in values]
        for name, values in parser.data.items()
    }


def messages(html):
    """The text of the messages shown at the top of an admin page."""
    lists = " ".join(re.findall(r'(?s)<ul class="messagelist">(.*?)</ul>', html))
    return " ".join(re.sub(r"<[^>]+>", "", lists).split())


@pytest.fixture
def demo_data():
    """The demo agreements, and in the Northeast one of each record the demo has none of, so
    that every list has a row and every record a change form."""
    call_command("load_demo_data", stdout=io.StringIO())
    agreement = first_northeastern_agreement()
    AllocationFactory(province=agreement.province, agreement=agreement)
    ProgressUpdateFactory(clause=ScopeClauseFactory(agreement=agreement))
    ExpiryNotice.objects.create(
        agreement=agreement,
        threshold_days=90,
        ends_on=datetime.date(2027, 5, 23),
        recipients="isan@example.org",
    )
    FollowupDigest.objects.create(
        region=agreement.province.region,
        week=datetime.date(2026, 11, 16),
        recipients="isan@example.org",
        agreement_count=1,
    )


@pytest.fixture
def regional_staff(demo_data):
    user = UserFactory(username="isan_officer", is_staff=True)
    user.groups.add(Group.objects.get(name=REGIONAL_STAFF_GROUP))
    Region.objects.get(code="NORTHEAST").staff.add(user)
    return user


@pytest.fixture
def finder(regional_staff):
    return EnglishFinder(demo_values() | {"isan_officer", "root"})


class Crawl:
    """Pages visited by one client, and the English found on each."""

    def __init__(self, client, finder):
        self.client = client
        self.finder = finder
        self.english = {}
        self.visited = []

    def check(self, label, response, status=200):
        assert response.status_code == status, f"{label}: {response.status_code}"
        html = response.content.decode()
        self.visited.append(label)
        words = self.finder.words(html)
        if words:
            self.english[label] = sorted(set(words))
        return html

    def get(self, url, status=200, **kwargs):
        return self.check(url, self.client.get(url, **kwargs), status)

    def post(self, label, url, data, status=200):
        return self.check(label, self.client.post(url, data, follow=True), status)

    def report(self):
        return "English on admin pages:\n" + "\n".join(
            f"  {page}: {', '.join(words)}" for page, words in self.english.items()
        )


def admin_pages(user):
    """Every page of every ModelAdmin that `user` may open, with one object each."""
    request = RequestFactory().get("/admin/")
    request.user = user
    urls = ["/admin/"]
    app_labels = set()
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_module_permission(request):
            continue
        info = model._meta.app_label, model._meta.model_name
        if not model_admin.has_view_or_change_permission(request):
            continue
        app_labels.add(model._meta.app_label)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        if model_admin.has_add_permission(request):
            urls.append(reverse("admin:{}_{}_add".format(*info)))
        obj = model_admin.get_queryset(request).order_by("pk").first()
        if obj is None:
            continue
        urls.append(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
        urls.append(reverse("admin:{}_{}_history".format(*info), args=[obj.pk]))
        version = hasattr(model_admin, "history_form_view") and obj.history.first()
        if version:
            urls.append(
                reverse(
                    "admin:{}_{}_simple_history".format(*info),
                    args=[obj.pk, version.history_id],
                )
            )
        if model_admin.has_delete_permission(request, obj):
            urls.append(reverse("admin:{}_{}_delete".format(*info), args=[obj.pk]))
    urls += [reverse("admin:app_list", args=[label]) for label in sorted(app_labels)]
    return urls


def first_northeastern_agreement():
    return Agreement.objects.filter(province__region__code="NORTHEAST").order_by("pk").first()


def test_every_admin_page_a_regional_officer_opens_is_in_thai(client, regional_staff, finder):
    client.force_login(regional_staff)
    crawl = Crawl(client, finder)
    pages = admin_pages(regional_staff)
    agreement = first_northeastern_agreement()
    pages += [
        reverse("admin:agreements_agreement_expiring"),
        reverse("admin:tracking_progressupdate_followup"),
        reverse("admin:tracking_progressupdate_agreement", args=[agreement.pk]),
        reverse("admin:agreements_agreement_changelist") + "?q=nothing-matches-this",
        reverse("admin:agreements_agreement_changelist") + "?status=active",
        reverse("admin:agreements_agreement_changelist") + "?_facets=True",
        reverse("admin:agreements_agreement_changelist") + "?signed_on__year=2024",
        # The pop-up the agreement form opens for a new organisation.
        reverse("admin:partners_organisation_add") + "?_to_field=id&_popup=1",
        reverse("admin:password_change"),
        reverse("admin:password_change_done"),
    ]
    for url in pages:
        crawl.get(url)
    crawl.post(
        "delete selected agreements: confirmation",
        reverse("admin:agreements_agreement_changelist"),
        {"action": "delete_selected", "_selected_action": [agreement.pk]},
    )

    # Pages a user meets by mistake: an address that is not there, another region's record,
    # and a record that was deleted.
    crawl.get("/admin/agreements/no-such-page/", status=404)
    elsewhere = Agreement.objects.exclude(province__region__code="NORTHEAST").first()
    crawl.get(reverse("admin:agreements_agreement_change", args=[elsewhere.pk]), status=403)
    crawl.get(reverse("admin:agreements_agreement_change", args=[999999]), follow=True)

    assert len(crawl.visited) > 40, crawl.visited
    assert not crawl.english, crawl.report()


def test_the_admin_pages_only_a_superuser_sees_are_in_thai(client, demo_data):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    # A refused login and a successful one, for the lock-out records' pages.
    client.post(reverse("admin:login"), {"username": "root", "password": "wrong"})
    client.force_login(root)
    crawl = Crawl(client, EnglishFinder(demo_values()))
    for url in admin_pages(root):
        crawl.get(url)
    crawl.get(reverse("admin:auth_user_password_change", args=[root.pk]))
    assert not crawl.english, crawl.report()


def test_a_form_sent_back_with_errors_says_so_in_thai(client, regional_staff, finder):
    client.force_login(regional_staff)
    crawl = Crawl(client, finder)
    url = reverse("admin:agreements_agreement_add")
    empty = form_values(crawl.get(url))
    html = crawl.post("agreement add form sent empty", url, empty)
    assert "กรุณาแก้ไขข้อผิดพลาดด้านล่าง" in html
    assert "Please correct" not in html
    assert not crawl.english, crawl.report()


def test_the_message_after_a_save_is_in_thai(client, regional_staff, finder):
    client.force_login(regional_staff)
    crawl = Crawl(client, finder)
    agreement = first_northeastern_agreement()
    url = reverse("admin:agreements_agreement_change", args=[agreement.pk])
    values = form_values(crawl.get(url))
    html = crawl.post("agreement saved unchanged", url, {**values, "_continue": "1"})
    assert "เรียบร้อยแล้ว แก้ไขต่อได้ด้านล่าง" in messages(html)
    assert not crawl.english, crawl.report()


def test_the_messages_after_adding_and_deleting_are_in_thai(client, regional_staff, finder):
    client.force_login(regional_staff)
    crawl = Crawl(client, finder)
    url = reverse("admin:partners_organisation_add")
    values = form_values(crawl.get(url))
    values.update(name_th=["วิสาหกิจชุมชนทดสอบ"], kind=[Organisation.Kind.OTHER])
    html = crawl.post("organisation added", url, values)
    assert "เพิ่มหน่วยงาน/องค์กร “วิสาหกิจชุมชนทดสอบ” เรียบร้อยแล้ว" in messages(html)
    activity = ActivityFactory(agreement=first_northeastern_agreement(), title_th="อบรมทดสอบ")
    delete = reverse("admin:agreements_activity_delete", args=[activity.pk])
    html = crawl.post("activity deleted", delete, {"post": "yes"})
    assert re.search(r"^ลบ\S.* “อบรมทดสอบ” เรียบร้อยแล้ว$", messages(html)), messages(html)
    assert not crawl.english, crawl.report()


def test_the_login_password_and_logout_pages_are_in_thai(client, regional_staff, finder):
    crawl = Crawl(client, finder)
    login = reverse("admin:login")
    crawl.get(login)
    crawl.post("login refused", login, {"username": "isan_officer", "password": "wrong"})
    client.force_login(regional_staff)
    html = crawl.post(
        "password change refused",
        reverse("admin:password_change"),
        {"old_password": "wrong", "new_password1": "123", "new_password2": "456"},
    )
    assert "กรุณาแก้ไขข้อผิดพลาดด้านล่าง" in html
    crawl.post("logged out", reverse("admin:logout"), {})
    assert not crawl.english, crawl.report()


def javascript_catalogue(client):
    """The strings of the admin's jsi18n script, as {msgid: Thai text or [plural forms]}."""
    script = client.get(reverse("admin:jsi18n")).content.decode()
    return json.loads(re.search(r"const newcatalog = (\{.*?\});\n", script, re.DOTALL)[1])


def test_the_admin_javascript_counts_the_selection_in_thai(client, regional_staff):
    client.force_login(regional_staff)
    catalogue = javascript_catalogue(client)
    assert catalogue["%(sel)s of %(cnt)s selected"] == ["เลือก %(sel)s จาก %(cnt)s รายการ"]


def test_no_string_of_the_admin_javascript_is_half_english(client, regional_staff):
    client.force_login(regional_staff)
    english = {}
    for msgid, translation in javascript_catalogue(client).items():
        for text in [translation] if isinstance(translation, str) else translation:
            if LATIN_WORD.search(PLACEHOLDER.sub(" ", text)):
                english[msgid] = text
    assert not english, english


def test_the_finder_names_english_interface_text_and_leaves_data_alone():
    finder = EnglishFinder({"Mukdahan Provincial Office"})
    html = (
        "<p>บันทึก Show counts</p><script>var English = 1;</script>"
        '<input type="submit" value="Save"><a title="View history">ดู</a>'
        "<td>Mukdahan Provincial Office</td><td>ข้อมูล (CSV) https://example.org/x</td>"
        '<h2 lang="en">Page <b>not</b> found</h2><p>ภาคีและสักขีพยานs<br>'
    )
    assert finder.words(html) == ["Show", "counts", "Save", "View", "history", "s"]


def test_the_import_pages_and_their_previews_are_in_thai(client, regional_staff, finder, tmp_path):
    from tests.imports import write_xlsx

    client.force_login(regional_staff)
    crawl = Crawl(client, finder)
    for model in ("budgets_allocation", "partners_organisation", "agreements_activity"):
        crawl.get(reverse(f"admin:{model}_import"))
    url = reverse("admin:budgets_allocation_import")
    headers = ["จังหวัด", "ปีงบประมาณ (พ.ศ.)", "โครงการ", "จำนวนเงิน (บาท)"]
    good = ["นครราชสีมา", 2569, "โครงการบ้านมั่นคง", 1000]
    files = {
        "preview with a confirmation": [good],
        "preview with errors": [good, ["มุกดาหาร", 2023, "โครงการบ้านมั่นคง", "=1+1"]],
        "file refused for a row of another region": [good, ["กาญจนบุรี", 2569, "บ้านมั่นคง", 1]],
    }
    for label, rows in files.items():
        path = write_xlsx(tmp_path / "allocations.xlsx", headers, rows)
        with open(path, "rb") as file:
            html = crawl.post(label, url, {"import_file": file, "format": "0"})
    path = write_xlsx(tmp_path / "allocations.xlsx", headers, files["preview with a confirmation"])
    with open(path, "rb") as file:
        confirm = client.post(url, {"import_file": file, "format": "0"}).context["confirm_form"]
    html = crawl.post(
        "message after an import",
        reverse("admin:budgets_allocation_process_import"),
        confirm.initial,
    )

    assert "ใหม่ 1" in html
    assert not crawl.english, crawl.report()
