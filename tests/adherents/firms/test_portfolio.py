"""A firm user's portfolio: its mandated members, declarations, unpaid invoices, switch."""

from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from adherents.models import InvoiceKind
from tests.adherents.factories import AdherentFactory, EstablishmentFactory, MandateFactory
from tests.adherents.factories_firms import invoice_for, payment_for
from tests.adherents.factories_workforce import DeclarationFactory, campaign_around_today

pytestmark = pytest.mark.django_db
URL = reverse("portal:adherents:firms-portfolio")


def text(response) -> str:
    return unescape(response.content.decode())


def test_the_portfolio_lists_mandated_members_with_their_status(world, client_for):
    campaign = campaign_around_today()
    firm_user = world.actors["firm_mandated"]
    firm = firm_user.firm_memberships.get().firm
    second_site = EstablishmentFactory(adherent=world.adherent)
    DeclarationFactory(campaign=campaign, establishment=second_site)
    billing = world.actors["billing"]
    paid = invoice_for(world.adherent, "100.00")
    payment_for(paid, "100.00", billing)
    partly = invoice_for(world.adherent, "250.00")
    payment_for(partly, "50.00", billing)
    credited = invoice_for(world.adherent, "80.00")
    invoice_for(world.adherent, "30.00", kind=InvoiceKind.CREDIT_NOTE, credited=credited)
    cancelled = invoice_for(world.adherent, "40.00")
    invoice_for(world.adherent, "40.00", kind=InvoiceKind.CREDIT_NOTE, credited=cancelled)
    invoice_for(world.other_adherent, "999.00")  # not in the portfolio

    page = client_for("firm_mandated").get(URL)
    (row,) = page.context["rows"]
    assert row.mandate.adherent == world.adherent
    assert (row.declared, row.establishments) == (1, 2)
    assert (row.unpaid_count, row.unpaid_amount) == (2, Decimal("250.00"))  # 200 + 50
    assert row.choice_key == f"firm:{firm.pk}:{world.adherent.pk}"
    body = text(page)
    assert "Déclaration d'effectifs, Factures" in body
    assert f'value="{row.choice_key}"' in body
    assert world.other_adherent.name not in body

    switched = client_for("firm_mandated").post(
        reverse("portal:switch"), {"choice": row.choice_key}, follow=True
    )
    assert "Entreprise courante changée." in text(switched)


def test_revoked_and_ended_mandates_leave_the_portfolio(world, client_for):
    import datetime

    from django.utils import timezone

    firm = world.actors["firm_mandated"].firm_memberships.get().firm
    ended = AdherentFactory(team=world.team, name="Ancien client")
    MandateFactory(
        firm=firm,
        adherent=ended,
        valid_from=datetime.date(2024, 1, 1),
        valid_until=timezone.localdate() - datetime.timedelta(days=1),
    )
    revoked = AdherentFactory(team=world.team, name="Client parti")
    MandateFactory(firm=firm, adherent=revoked, revoked_at=timezone.now())
    body = text(client_for("firm_mandated").get(URL))
    assert world.adherent.name in body
    assert "Ancien client" not in body
    assert "Client parti" not in body


def test_only_firm_users_have_a_portfolio(world, client_for):
    assert client_for("portal_admin").get(URL).status_code == 403
    assert client_for("firm_unmandated").get(URL).status_code == 200


def test_the_portfolio_keeps_a_flat_query_count(world, client_for):
    campaign = campaign_around_today()
    client = client_for("firm_mandated")
    firm = world.actors["firm_mandated"].firm_memberships.get().firm
    billing = world.actors["billing"]

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    invoice_for(world.adherent, "10.00")
    one = count()
    for adherent in AdherentFactory.create_batch(29, team=world.team):
        MandateFactory(firm=firm, adherent=adherent)
        site = EstablishmentFactory(adherent=adherent)
        DeclarationFactory(campaign=campaign, establishment=site)
        payment_for(invoice_for(adherent, "20.00"), "5.00", billing)
    client.get(URL)  # new mandates: this request reads the cached portal context again
    assert count() == one
    assert len(client.get(URL).context["rows"]) == 30
