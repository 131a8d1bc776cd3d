"""Who gets an attachment's file at /attachments/<pk>/, and how it is served.

Every role × kind of attachment × file type × public flag × published state answers 200 with
the stored bytes, or 404; never 500, and a 404 says nothing about the hidden file.
"""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement, Attachment
from agreements.views import staff_may_view
from geography import access
from geography.access import CENTRAL_STAFF_GROUP, REGIONAL_STAFF_GROUP
from geography.models import Region
from tests import documents
from tests.factories import AgreementFactory, UserFactory, province

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_tmp")]

# The agreement is in Kanchanaburi, region CENTRAL_WEST.
ROLES = {
    "anonymous": False,
    "logged_in_not_staff": False,
    "staff_without_permission": False,  # staff and in the region, but in no staff group
    "regional_staff_of_the_region": True,
    "regional_staff_of_another_region": False,
    "central_staff": True,
    "superuser": True,
}
FILES = {
    "pdf": ("mou.pdf", documents.pdf(), "application/pdf"),
    "jpeg": ("photo.jpg", documents.jpeg(), "image/jpeg"),
}
FILE_POLICY = {"default-src 'none'", "sandbox", "frame-ancestors 'none'"}


def user_for(role):
    if role == "anonymous":
        return None
    if role == "superuser":
        return UserFactory(username="root", is_staff=True, is_superuser=True)
    user = UserFactory(username=role, is_staff=role != "logged_in_not_staff")
    if role == "central_staff":
        user.groups.add(Group.objects.get(name=CENTRAL_STAFF_GROUP))
    elif role.startswith("regional_staff"):
        user.groups.add(Group.objects.get(name=REGIONAL_STAFF_GROUP))
    if role in ("regional_staff_of_the_region", "staff_without_permission"):
        Region.objects.get(code="CENTRAL_WEST").staff.add(user)
    elif role == "regional_staff_of_another_region":
        Region.objects.get(code="NORTHEAST").staff.add(user)
    return user


def attachment_of(*, kind, file="pdf", is_public=True, is_published=True):
    name, content, _type = FILES[file]
    agreement = AgreementFactory(
        province=province("kanchanaburi"),
        is_published=is_published,
        reference="MOU-HIDDEN-2567",
        title_th="ข้อตกลงที่ยังไม่เผยแพร่",
    )
    attachment = Attachment(
        agreement=agreement,
        kind=kind,
        title_th="เอกสารภายในห้ามเผยแพร่",
        is_public=is_public,
        file=SimpleUploadedFile(name, content),
    )
    attachment.full_clean()
    attachment.save()
    return attachment


def stored_bytes(attachment):
    with attachment.file.open("rb") as f:
        return f.read()


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def policy(response):
    return {part.strip() for part in response["Content-Security-Policy"].split(";")}


@pytest.mark.parametrize("published", [True, False], ids=["published", "unpublished"])
@pytest.mark.parametrize("public", [True, False], ids=["public", "private"])
@pytest.mark.parametrize("file", FILES)
@pytest.mark.parametrize("kind", Attachment.Kind.values)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_stored_file_or_404(client, role, kind, file, public, published):
    attachment = attachment_of(kind=kind, file=file, is_public=public, is_published=published)
    user = user_for(role)
    if user:
        client.force_login(user)

    response = client.get(f"/attachments/{attachment.pk}/")

    if public and published or ROLES[role]:
        assert response.status_code == 200
        assert body(response) == stored_bytes(attachment)
        assert response["Content-Type"] == FILES[file][2]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert policy(response) == FILE_POLICY
        disposition = "inline" if file == "jpeg" else "attachment"
        suffix = ".jpg" if file == "jpeg" else ".pdf"
        assert response["Content-Disposition"] == (
            f'{disposition}; filename="attachment-{attachment.pk}{suffix}"'
        )
        no_store = not (public and published)
        assert (response.get("Cache-Control") == "private, no-store") is no_store
    else:
        assert response.status_code == 404
        for hidden in ("MOU-HIDDEN-2567", "ข้อตกลงที่ยังไม่เผยแพร่", "เอกสารภายในห้ามเผยแพร่"):
            assert hidden not in response.text


@pytest.mark.parametrize("role", ["anonymous", "logged_in_not_staff"])
def test_visitors_get_404_before_any_region_is_looked_up(client, role):
    attachment = attachment_of(kind="annex", is_public=False)
    if role != "anonymous":
        client.force_login(user_for(role))

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/attachments/{attachment.pk}/")

    assert response.status_code == 404
    assert not [q["sql"] for q in queries if "geography_region" in q["sql"]]


@pytest.mark.parametrize("path", ["private", "unpublished", "missing"])
def test_with_debug_on_a_hidden_file_is_a_plain_404(client, settings, path):
    """`make run` has DEBUG on: Django's debug 404 page must not show the agreement either."""
    settings.DEBUG = True
    attachment = attachment_of(
        kind="signed_copy", is_public=path != "private", is_published=path != "unpublished"
    )
    pk = attachment.pk + 1000 if path == "missing" else attachment.pk

    response = client.get(f"/attachments/{pk}/")

    assert response.status_code == 404
    hidden = ["MOU-HIDDEN-2567", "ข้อตกลงที่ยังไม่เผยแพร่", "เอกสารภายในห้ามเผยแพร่"]
    for text in [*hidden, attachment.file.name]:
        assert text not in response.text


def test_a_file_missing_from_the_media_folder_is_404_not_500(admin_client, caplog):
    attachment = attachment_of(kind="annex")
    attachment.file.storage.delete(attachment.file.name)

    response = admin_client.get(f"/attachments/{attachment.pk}/")

    assert response.status_code == 404
    assert f"attachment-{attachment.pk}: the file" in caplog.text


def test_the_type_comes_from_the_content_not_the_stored_name(admin_client):
    """A file stored by hand under a misleading name is still served as what it is."""
    attachment = attachment_of(kind="photo", file="jpeg")
    attachment.file.storage.delete(attachment.file.name)
    attachment.file.storage.save(attachment.file.name, SimpleUploadedFile("x", FILES["pdf"][1]))

    response = admin_client.get(f"/attachments/{attachment.pk}/")

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")


def test_a_visitor_who_is_not_logged_in_is_in_no_region():
    from django.contrib.auth.models import AnonymousUser

    AgreementFactory()
    visitor = AnonymousUser()

    assert access.regions_of(visitor) == []
    assert not access.scope(Agreement.objects.all(), visitor, "province__region").exists()
    assert not staff_may_view(visitor, Agreement.objects.get())


def test_the_admin_links_a_pdf_for_download_and_a_photo_to_open(admin_client):
    pdf = attachment_of(kind="signed_copy")
    photo = Attachment(
        agreement=pdf.agreement,
        kind="photo",
        title_th="ภาพ",
        file=SimpleUploadedFile(*FILES["jpeg"][:2]),
    )
    photo.full_clean()
    photo.save()

    text = admin_client.get(f"/admin/agreements/agreement/{pdf.agreement.pk}/change/").text

    assert f'<a href="/attachments/{pdf.pk}/" download>' in text
    assert f'<a href="/attachments/{photo.pk}/" target="_blank" rel="noopener">' in text
    assert admin_client.get(f"/attachments/{pdf.pk}/").status_code == 200
