"""The end of a membership (resignation, striking off, ceased activity) by the member service:
the member page's form, its French refusals, its history, and what an ended member still has."""

import datetime
import html
import importlib

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.http import Http404
from django.urls import reverse

from adherents.billing import services as billing
from adherents.billing.services import BillingError
from adherents.joining import services_portal
from adherents.members.services_lifecycle import MembershipError, end_membership
from adherents.models import Adherent, AdherentMembership, Contact
from tests.adherents.factories_billing import TariffFactory, ctx_of, declare

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 6, 15)


def end(world, adherent=None, actor="member_service", **fields):
    fields = {"ended_on": D(2026, 6, 30), "reason": "resignation", "note": "", **fields}
    return end_membership(
        actor=ctx_of(world.actors[actor]),
        adherent=adherent or world.adherent,
        today=TODAY,
        **fields,
    )


def test_the_member_service_ends_a_membership_from_the_member_page(world, client_for):
    agent = client_for("member_service")
    url = reverse("backoffice:adherents:adherent-end", args=[world.adherent.pk])
    detail = reverse("backoffice:adherents:adherent-detail", args=[world.adherent.pk])
    assert url in agent.get(detail).content.decode()  # the « Fin d'adhésion » link
    form = agent.get(url)
    assert form.status_code == 200
    assert "Motif" in html.unescape(form.content.decode())

    response = agent.post(
        url,
        {"ended_on": "2026-03-31", "reason": "struck_off", "note": "Mise en demeure du 2 mars"},
    )

    assert response.status_code == 302
    adherent = Adherent.objects.get(pk=world.adherent.pk)
    assert (adherent.status, adherent.ended_on, adherent.end_reason) == (
        Adherent.Status.ENDED,
        D(2026, 3, 31),
        "struck_off",
    )
    page = html.unescape(agent.get(detail).content.decode())
    assert "Radié le 31/03/2026 (radiation (non-paiement))" in page
    assert "Corriger ou annuler la fin d'adhésion" in page  # no second end: a correction
    assert "Enregistrer la fin d'adhésion" not in html.unescape(agent.get(url).content.decode())
    # Who ended it, and why, stays in the member's history.
    event = Adherent.pgh_event_model.objects.filter(pgh_obj_id=adherent.pk).latest("pgh_id")
    assert event.status == Adherent.Status.ENDED
    assert event.pgh_context.metadata["user"] == world.actors["member_service"].pk
    assert event.pgh_context.metadata["membership_end_note"] == "Mise en demeure du 2 mars"


def test_a_wrong_end_is_refused_in_french_and_writes_nothing(world, client_for):
    url = reverse("backoffice:adherents:adherent-end", args=[world.adherent.pk])
    before = Adherent.pgh_event_model.objects.count()
    with pytest.raises(MembershipError, match="ne peut pas précéder l'adhésion du 15/01/2024"):
        end(world, ended_on=D(2023, 12, 31))
    with pytest.raises(MembershipError, match="au-delà du 31/12/2026"):
        end(world, ended_on=D(2027, 1, 1))
    response = client_for("member_service").post(
        url, {"ended_on": "2023-12-31", "reason": "ceased"}
    )
    assert response.status_code == 200
    assert "ne peut pas précéder l'adhésion" in html.unescape(response.content.decode())
    assert Adherent.objects.get(pk=world.adherent.pk).status == Adherent.Status.ACTIVE
    assert Adherent.pgh_event_model.objects.count() == before

    end(world)
    with pytest.raises(MembershipError, match="est déjà radié depuis le 30/06/2026"):
        end(world, ended_on=D(2026, 7, 1))
    assert Adherent.objects.get(pk=world.adherent.pk).ended_on == D(2026, 6, 30)


def test_another_centres_member_is_not_found_and_a_nurse_may_not(world, client_for):
    theirs = Adherent.objects.get(name="Scierie Gamma")
    with pytest.raises(Http404):
        end(world, adherent=theirs)
    with pytest.raises(PermissionDenied):
        end(world, actor="nurse")
    url = reverse("backoffice:adherents:adherent-end", args=[theirs.pk])
    assert client_for("member_service").post(url, {"ended_on": "2026-06-30"}).status_code == 404
    mine = reverse("backoffice:adherents:adherent-end", args=[world.adherent.pk])
    nurse = client_for("nurse")
    assert nurse.post(mine, {"ended_on": "2026-06-30", "reason": "other"}).status_code == 403
    assert (
        "fin-adhesion"
        not in nurse.get(
            reverse("backoffice:adherents:adherent-detail", args=[world.adherent.pk])
        ).content.decode()
    )
    assert not Adherent.objects.filter(status=Adherent.Status.ENDED).exists()


def test_the_database_refuses_an_ended_member_without_its_date(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Adherent.objects.filter(pk=world.adherent.pk).update(status=Adherent.Status.ENDED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Adherent.objects.filter(pk=world.adherent.pk).update(ended_on=D(2026, 1, 1))


def test_an_ended_member_is_not_invoiced_and_keeps_its_portal(world, client_for):
    TariffFactory()
    declare(world.establishment, si=3)
    end(world)
    with pytest.raises(BillingError, match="est radié"):
        billing.issue_cotisation(
            adherent=world.adherent, year=2026, actor=ctx_of(world.actors["billing"])
        )
    # Its people still read their space (documents, invoices, export) ...
    assert AdherentMembership.objects.filter(adherent=world.adherent, is_active=True).exists()
    portal = client_for("portal_admin")
    assert portal.get(reverse("portal:dashboard")).status_code == 200
    assert portal.get(reverse("portal:adherents:establishment-list")).status_code == 200
    # ... but no longer add to its file: the service refuses (its context has no write code),
    # and the page says why.
    with pytest.raises(PermissionDenied):
        services_portal.add_contact(
            actor=ctx_of(world.actors["portal_admin"]),
            data={"role": "manager", "first_name": "A", "last_name": "B", "email": "a@b.fr"},
        )
    refused = portal.post(
        reverse("portal:adherents:joining-contact-create"),
        {"role": "manager", "first_name": "A", "last_name": "B", "email": "a@b.fr"},
    )
    assert refused.status_code == 403
    assert "pris fin le 30/06/2026 : votre espace reste consultable" in html.unescape(
        refused.content.decode()
    )
    assert not Contact.objects.filter(adherent=world.adherent, last_name="B").exists()


def test_the_migration_dates_the_members_struck_off_before_it(world):
    """Migration 0022: a member already « Radié » gets the day its history says it was struck
    off, in Paris time (not today)."""
    backfill = importlib.import_module("adherents.migrations.0022_membership_end")
    Adherent.objects.filter(pk=world.adherent.pk).update(
        status=Adherent.Status.ENDED, ended_on=D(2026, 1, 1)
    )
    struck_off = datetime.datetime(2025, 11, 3, 23, 30, tzinfo=datetime.UTC)  # Paris: the 4th
    Adherent.pgh_event_model.objects.filter(pgh_obj_id=world.adherent.pk, status="ended").update(
        pgh_created_at=struck_off
    )
    with connection.cursor() as cursor:  # the rows as the migration finds them
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE adherents_adherent DROP CONSTRAINT adherent_ended_has_date")
        cursor.execute("UPDATE adherents_adherent SET ended_on = NULL")
        cursor.execute(backfill.BACKFILL_ENDED_ON)
    assert Adherent.objects.get(pk=world.adherent.pk).ended_on == D(2025, 11, 4)
    assert Adherent.objects.get(pk=world.other_adherent.pk).ended_on is None


def test_the_dashboards_count_a_membership_from_its_end_date_not_the_day_it_was_recorded(world):
    """Recorded on 15 June, ended on 31 March: the member left in March (members_left) and is
    not in membership at the end of March, April and May (members_active, counted on each
    month's last day). Read in the history, the end was 15 June: left in June, counted till May."""
    from dashboards.facts.models import Fact
    from dashboards.facts.services import compute_facts

    world.adherent.joined_on = D(2025, 1, 1)
    world.adherent.save(update_fields=["joined_on"])
    end(world, ended_on=D(2026, 3, 31), reason="struck_off")
    months = [D(2026, month, 1) for month in range(3, 7)]

    compute_facts(months, today=TODAY, indicator_ids=["members_left", "members_active"])

    def by_month(indicator_id):
        rows = Fact.objects.filter(indicator=indicator_id, team_id=world.team.pk)
        found = dict(rows.values_list("month", "numerator"))
        return [found.get(month, 0) for month in months]

    assert by_month("members_left") == [1, 0, 0, 0]
    others = Adherent.objects.filter(team=world.team, status=Adherent.Status.ACTIVE).count()
    assert by_month("members_active") == [others, others, others, others]
