"""The member's admin grants and revokes firms' mandates; every change is journaled."""

import datetime
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.enums import MandateScope
from adherents.models import AccountingFirmMandate
from tests.adherents.factories import AccountingFirmFactory, MandateFactory

pytestmark = pytest.mark.django_db
PO = "portal:adherents"


def text(response) -> str:
    return unescape(response.content.decode())


def grant(client, siren, scopes=(MandateScope.WORKFORCE,), **dates):
    data = {"siren": siren, "scopes": list(scopes), "valid_from": timezone.localdate(), **dates}
    return client.post(reverse(f"{PO}:firms-mandate-grant"), data, follow=True)


def test_the_admin_grants_then_revokes_and_the_journal_says_who(world, client_for):
    firm = AccountingFirmFactory(name="Cabinet Delta")
    admin = world.actors["portal_admin"]
    client = client_for("portal_admin")
    until = timezone.localdate() + datetime.timedelta(days=365)
    page = grant(client, f"{firm.siren[:3]} {firm.siren[3:6]} {firm.siren[6:]}", valid_until=until)
    assert "Mandat accordé à Cabinet Delta" in text(page)
    mandate = AccountingFirmMandate.objects.get(firm=firm)
    assert (mandate.adherent, mandate.scopes, mandate.granted_by) == (
        world.adherent,
        [MandateScope.WORKFORCE],
        admin,
    )
    assert mandate.valid_until == until

    page = client.post(reverse(f"{PO}:firms-mandate-revoke", args=[mandate.pk]), follow=True)
    assert "Mandat de Cabinet Delta révoqué" in text(page)
    mandate.refresh_from_db()
    assert mandate.revoked_by == admin
    assert mandate.revoked_at is not None
    assert "Révoqué" in text(page)

    journal = page.context["journal"]
    assert [entry.what.split(" (")[0] for entry in journal[:2]] == [
        "Mandat de Cabinet Delta révoqué",
        "Mandat accordé à Cabinet Delta",
    ]
    assert {entry.by for entry in journal[:2]} == {str(admin)}

    again = client.post(reverse(f"{PO}:firms-mandate-revoke", args=[mandate.pk]), follow=True)
    assert "Ce mandat est déjà révoqué." in text(again)


def test_an_unknown_firm_is_explained_and_nothing_is_written(world, client_for):
    from adherents.rules.identifiers import luhn_complete

    before = AccountingFirmMandate.objects.count()
    page = grant(client_for("portal_admin"), luhn_complete("77700001"))
    assert "Demandez au service adhérents de l'enregistrer" in text(page)
    bad_key = grant(client_for("portal_admin"), "123456789")
    assert "clé de contrôle" in text(bad_key)
    assert AccountingFirmMandate.objects.count() == before


def test_an_overlapping_mandate_to_the_same_firm_is_refused(world, client_for):
    firm = world.actors["firm_mandated"].firm_memberships.get().firm
    page = grant(client_for("portal_admin"), firm.siren, scopes=[MandateScope.WORKERS])
    assert "a déjà un mandat sur cette période" in text(page)
    assert AccountingFirmMandate.objects.filter(firm=firm).count() == 1


def test_a_mandate_cannot_start_in_the_past(world, client_for):
    firm = AccountingFirmFactory()
    page = grant(
        client_for("portal_admin"),
        firm.siren,
        valid_from=timezone.localdate() - datetime.timedelta(days=1),
    )
    assert "commence au plus tôt aujourd'hui" in text(page)
    assert not AccountingFirmMandate.objects.filter(firm=firm).exists()


def test_a_revoked_firm_loses_access_at_its_next_request(world, client_for):
    firm_client = client_for("firm_mandated")
    declare_list = reverse(f"{PO}:workforce-declaration-list")
    assert firm_client.get(declare_list).status_code == 200
    mandate = AccountingFirmMandate.objects.get(adherent=world.adherent, revoked_at=None)
    client_for("portal_admin").post(reverse(f"{PO}:firms-mandate-revoke", args=[mandate.pk]))
    after = firm_client.get(declare_list)
    assert after.status_code == 302
    assert after.url == reverse("portal:no-member")
    assert (
        firm_client.get(
            reverse(f"{PO}:establishment-detail", args=[world.establishment.pk])
        ).status_code
        == 302
    )


def test_a_firm_sees_only_its_mandated_members_and_scopes(world, client_for):
    firm = client_for("firm_unmandated")  # mandate for B, workers scope
    a_site = reverse(f"{PO}:establishment-detail", args=[world.establishment.pk])
    assert firm.get(a_site).status_code == 404
    assert firm.get(reverse(f"{PO}:workforce-declaration-list")).status_code == 403
    assert firm.get(reverse(f"{PO}:firms-mandate-list")).status_code == 403
    switched = firm.post(
        reverse("portal:switch"),
        {"choice": f"firm:{world.adherent.pk}:{world.adherent.pk}"},
        follow=True,
    )
    assert "ne fait pas partie de vos accès" in text(switched)


def test_another_members_mandate_is_a_404(world, client_for):
    mandate = AccountingFirmMandate.objects.get(adherent=world.adherent, revoked_at=None)
    response = client_for("portal_other").post(
        reverse(f"{PO}:firms-mandate-revoke", args=[mandate.pk])
    )
    assert response.status_code == 404
    mandate.refresh_from_db()
    assert mandate.revoked_at is None


def test_the_mandates_page_keeps_a_flat_query_count(world, client_for):
    client = client_for("portal_admin")
    url = reverse(f"{PO}:firms-mandate-list")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    one = count()
    for mandate in MandateFactory.create_batch(29, adherent=world.adherent):
        mandate.revoked_at, mandate.revoked_by = timezone.now(), world.actors["portal_admin"]
        mandate.save()
    client.get(url)  # the mandates changed: this request reads the cached portal context again
    assert count() == one
