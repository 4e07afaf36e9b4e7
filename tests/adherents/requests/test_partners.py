"""The partner directory, and the example partners of the demo."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from adherents.data.partners import EXAMPLE_PARTNERS, load_example_partners
from adherents.models import Partner, PartnerKind
from tests.adherents.factories_requests import MemberRequestFactory, PartnerFactory, ReferralFactory

pytestmark = pytest.mark.django_db
VALID = {
    "name": "OPPBTP Bourgogne",
    "kind": "oppbtp",
    "region": "Bourgogne-Franche-Comté",
    "email": "bourgogne@oppbtp.example",
    "phone": "03 80 00 00 00",
    "response_days": 10,
    "is_active": "on",
}


def test_add_edit_and_deactivate_a_partner(world, client_for):
    client = client_for("member_service")
    response = client.post(reverse("backoffice:adherents:requests-partner-create"), VALID)
    assert response.status_code == 302
    partner = Partner.objects.get()
    assert (partner.kind, partner.response_days, partner.is_active) == ("oppbtp", 10, True)

    edit = reverse("backoffice:adherents:requests-partner-edit", args=[partner.pk])
    assert "bourgogne@oppbtp.example" in client.get(edit).content.decode()
    client.post(edit, {**VALID, "response_days": 7})
    partner.refresh_from_db()
    assert partner.response_days == 7

    client.post(reverse("backoffice:adherents:requests-partner-deactivate", args=[partner.pk]))
    partner.refresh_from_db()
    assert partner.is_active is False
    page = client.get(reverse("backoffice:adherents:requests-partner-list")).content.decode()
    assert "Inactif" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "pas-une-adresse", "Saisissez une adresse e-mail valide."),
        ("response_days", 0, "Le délai de réponse est d&#x27;au moins un jour."),
        ("name", "", "Ce champ est obligatoire."),
    ],
)
def test_invalid_partner_is_refused_in_french(world, client_for, field, value, message):
    response = client_for("member_service").post(
        reverse("backoffice:adherents:requests-partner-create"), {**VALID, field: value}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Partner.objects.exists()


def test_example_partners_are_generic_and_loaded_once():
    assert {p["kind"] for p in EXAMPLE_PARTNERS} >= {"carsat", "aract", "oppbtp", "dreets"}
    assert all(p["kind"] in PartnerKind.values for p in EXAMPLE_PARTNERS)
    assert all(p["email"].endswith(".example") for p in EXAMPLE_PARTNERS)
    assert load_example_partners() == len(EXAMPLE_PARTNERS)
    assert load_example_partners() == 0
    assert Partner.objects.count() == len(EXAMPLE_PARTNERS)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_directory_and_overdue_lists_query_counts_are_flat(world, client_for):
    client = client_for("member_service")
    directory = reverse("backoffice:adherents:requests-partner-list")
    overdue = reverse("backoffice:adherents:requests-referrals-overdue")
    client.get(directory)
    today = timezone.localdate()

    def late_referral():
        ReferralFactory(
            request=MemberRequestFactory(
                adherent=world.adherent, assigned_to=world.actors["member_service"]
            ),
            sent_on=today.replace(day=1) - datetime.timedelta(days=40),
            due_on=today - datetime.timedelta(days=1),
        )

    late_referral()
    few = (_count(client, directory), _count(client, overdue))
    PartnerFactory.create_batch(30)
    for _ in range(30):
        late_referral()
    assert (_count(client, directory), _count(client, overdue)) == few
