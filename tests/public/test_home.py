import pytest

pytestmark = pytest.mark.django_db


def test_home_answers_in_thai_at_the_root(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "th"
    assert '<html lang="th">' in response.text
    assert "ทะเบียนความร่วมมือ" in response.text


def test_home_answers_in_english_under_en(client):
    response = client.get("/en/")
    assert response.status_code == 200
    assert '<html lang="en">' in response.text
    assert "CODI partnership registry" in response.text


def test_the_root_stays_thai_even_for_an_english_browser(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="th">' in response.text


def test_language_switch_links_to_the_same_page_in_the_other_language(client):
    assert 'href="/en/"' in client.get("/").text
    assert 'href="/"' in client.get("/en/").text


def test_admin_login_is_in_thai_by_default(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "ชื่อผู้ใช้" in response.text  # "Username" in Django's Thai translation
