import datetime

import pytest

from tests.factories import AgreementFactory, province

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


@pytest.mark.usefixtures("pinned_today")
def test_the_map_links_every_province_shaded_by_its_agreements_in_force(client):
    for _ in range(2):
        AgreementFactory(province=province("nakhon-ratchasima"))
    AgreementFactory(province=province("mukdahan"))
    html = client.get("/en/").text
    assert (
        '<a href="/en/provinces/nakhon-ratchasima/" class="province level-2"'
        ' data-province="nakhon-ratchasima" aria-label="Nakhon Ratchasima: 2 agreements in force">'
        '\n            <title>Nakhon Ratchasima (2)</title>\n            <path d="m'
    ) in html
    assert 'level-1" data-province="mukdahan" aria-label="Mukdahan: 1 agreement in force">' in html
    assert html.count('class="province level-0"') == 75
    assert html.count('<path class="water" d="m') == 1  # Songkhla Lake
    thai = client.get("/").text
    assert 'href="/provinces/mukdahan/"' in thai
    assert 'aria-label="นครราชสีมา: มีผลบังคับใช้ 2 ฉบับ"' in thai


def test_the_map_counts_again_on_the_day_an_agreement_ends(client, today_is):
    today_is(datetime.date(2026, 3, 31))
    AgreementFactory(province=province("mukdahan"), ends_on=datetime.date(2026, 3, 31))
    assert 'aria-label="Mukdahan: 1 agreement in force"' in client.get("/en/").text
    today_is(datetime.date(2026, 4, 1))
    home = client.get("/en/")
    assert 'aria-label="Mukdahan: 0 agreements in force"' in home.text
    assert home.context["figures"]["in_force"] == 0
