"""No public page grows with the registry: lists show the latest few and link to the rest."""

import pytest

from tests.factories import (
    ActivityFactory,
    AgreementPartyFactory,
    OrganisationFactory,
    full_agreements,
)

# The HTML drawn from the same rows is the same on any database: CI checks it once.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.sqlite_once,
    pytest.mark.usefixtures("pinned_today"),
]

# Numbers in the page (counts, page links) may gain a digit or two as rows are added.
SLACK_BYTES = 200


def sizes(client, urls, add_rows):
    before = {url: len(client.get(url).content) for url in urls}
    add_rows()
    after = {url: len(client.get(url).content) for url in urls}
    return before, after


def test_public_pages_stay_the_same_size_with_20_or_60_agreements(client):
    partner = OrganisationFactory()

    def add(n):
        def add_rows():
            full_agreements(n)()
            for _ in range(n):
                party = AgreementPartyFactory(organisation=partner)
                ActivityFactory(agreement=party.agreement, province=party.agreement.province)

        return add_rows

    urls = [
        "/",
        "/agreements/",
        "/regions/NORTHEAST/",
        "/provinces/nakhon-ratchasima/",
        "/partners/",
        f"/partners/{partner.pk}/",
    ]
    add(20)()  # more than any page shows, so every list is already full
    before, after = sizes(client, urls, add(40))
    for url in urls:
        assert after[url] - before[url] < SLACK_BYTES, (url, before[url], after[url])
