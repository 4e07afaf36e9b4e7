"""« Votre service » (seeds 002 and 004): the member's team and centre staff by name and role,
the service's contact points, the core offer and this year's complementary offer with prices."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.enums import StaffRole
from tests.accounts.factories import StaffAssignmentFactory, StaffUserFactory, TeamFactory
from tests.adherents.factories import AdherentFactory, AdherentMembershipFactory
from tests.adherents.factories_billing import TariffFactory, TariffItemFactory
from tests.conftest import login

URL = reverse("portal:adherents:service")

pytestmark = pytest.mark.django_db


def _staff(world, role, *, team=True, center=None, **user):
    """A person in post in the world's centre (or `center`), in its team A unless team=False."""
    center = center or world.center
    return StaffAssignmentFactory(
        user=StaffUserFactory(**user),
        center=center,
        team=(world.team if center == world.center else world.other_team) if team else None,
        role=role,
    )


def _row(person, role: str) -> str:
    return f"<tr><td>{person.get_full_name()}</td><td>{role}"


def test_member_sees_its_teams_staff_by_name_and_french_role(world, client_for):
    physician = world.actors["physician"]
    world.team.lead_physician = physician
    world.team.save()
    html = client_for("portal_admin").get(URL).content.decode()
    assert world.team.name in html
    assert _row(physician, "Médecin du travail, animateur de l'équipe") in html
    assert _row(world.actors["nurse"], "Infirmier(e) en santé au travail") in html
    assert _row(world.actors["prevention_assistant"], "Assistant(e) de prévention (ASST)") in html
    assert _row(world.actors["member_service"], "Service adhérents") in html


def test_only_staff_in_post_and_member_facing_centre_roles_are_shown(world, client_for):
    ended = _staff(world, StaffRole.NURSE, first_name="Ancienne", last_name="Infirmière")
    ended.ended_on = datetime.date(2026, 1, 31)
    ended.save()
    gone = _staff(world, StaffRole.NURSE, first_name="Compte", last_name="Désactivé")
    gone.user.is_active = False
    gone.user.save()
    iprp = _staff(world, StaffRole.IPRP, team=False, first_name="Iris", last_name="Prévention")
    _staff(world, StaffRole.QUALITY, team=False, first_name="Quentin", last_name="Qualité")
    html = client_for("portal_admin").get(URL).content.decode()
    assert "Infirmière" not in html
    assert "Désactivé" not in html
    assert "Quentin" not in html  # quality works for the service, not with the member
    assert f"{world.center.name} : professionnels du centre" in html
    assert _row(iprp.user, "IPRP") in html


def test_a_member_of_team_a_never_sees_team_b_staff(world, client_for):
    team_b = TeamFactory(center=world.center)  # same centre: only the team tells them apart
    b_physician = StaffAssignmentFactory(
        center=world.center, team=team_b, role=StaffRole.PHYSICIAN, user__last_name="Bédouin"
    ).user
    _staff(world, StaffRole.IPRP, team=False, center=world.other_center, last_name="Sudiste")
    b_member = AdherentMembershipFactory(adherent=AdherentFactory(team=team_b)).user
    html_a = client_for("portal_admin").get(URL).content.decode()
    assert "Bédouin" not in html_a
    assert "Sudiste" not in html_a  # another centre's staff
    assert world.actors["physician_other"].get_full_name() not in html_a
    html_b = login(client_for("anonymous"), b_member).get(URL).content.decode()
    assert _row(b_physician, "Médecin du travail") in html_b
    assert team_b.name in html_b
    assert world.actors["physician"].get_full_name() not in html_b


def test_personal_phone_and_email_of_staff_are_never_shown(world, client_for):
    physician = world.actors["physician"]
    physician.phone = "06 12 34 56 78"
    physician.save()
    html = client_for("portal_admin").get(URL).content.decode()
    assert physician.get_full_name() in html
    assert "06 12 34 56 78" not in html
    assert physician.email not in html


def test_a_mandated_firm_sees_the_team_of_the_member_it_acts_for(world, client_for):
    html = client_for("firm_mandated").get(URL).content.decode()
    assert _row(world.actors["physician"], "Médecin du travail") in html
    # A firm has no request code: no link leading to "Accès refusé".
    assert reverse("portal:adherents:requests-create") not in html


def test_this_years_complementary_offer_is_listed_with_prices(world, client_for, settings):
    year = timezone.localdate().year
    TariffItemFactory(tariff=TariffFactory(year=year), label="Médiation", unit_price=Decimal("450"))
    TariffItemFactory(tariff=TariffFactory(year=year - 1), label="Ancienne prestation")
    settings.SPSTI_INVOICE_ISSUER_DETAILS = "12 rue des Tanneurs, 69007 Lyon\nTél. 04 00 00 00 00"
    html = client_for("portal_admin").get(URL).content.decode()
    assert f"L'offre complémentaire {year}" in html
    assert '<td>Médiation</td><td class="text-end">450,00\u00a0€</td>' in html
    assert "Ancienne prestation" not in html
    assert "12 rue des Tanneurs, 69007 Lyon<br>Tél. 04 00 00 00 00" in html
    assert reverse("portal:adherents:requests-create") in html


def test_without_this_years_tariff_the_page_says_it_is_not_published(world, client_for):
    TariffItemFactory(tariff=TariffFactory(year=timezone.localdate().year - 1))
    html = client_for("portal_admin").get(URL).content.decode()
    assert "n'est pas encore publiée" in html
    assert "Prestations de l'offre complémentaire" not in html


def test_the_portal_home_links_the_team_name_to_the_page(world, client_for):
    html = client_for("portal_admin").get(reverse("portal:dashboard")).content.decode()
    assert f'<a href="{URL}">{world.team.name} — {world.center.name}</a>' in html


def test_the_page_answers_in_a_flat_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    tariff = TariffFactory(year=timezone.localdate().year)
    for _ in range(30):
        _staff(world, StaffRole.NURSE)
        _staff(world, StaffRole.ERGONOMIST, team=False)
        TariffItemFactory(tariff=tariff)
    client = client_for("portal_admin")
    # Session, user, context (memberships + mandates), the member's team, its staff, the items.
    with django_assert_max_num_queries(8):
        response = client.get(URL)
    assert response.status_code == 200
    assert response.content.decode().count("<tr><td>") == 30 + 6 + 30 + 30
