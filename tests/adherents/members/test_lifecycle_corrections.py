"""Correcting an end of membership: its date or reason changed, or the end cancelled when it was
recorded by mistake; French refusals, nothing erased from the member's history, scoping."""

import datetime
import html

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from adherents.billing import selectors_batch
from adherents.members.services_lifecycle import (
    MembershipError,
    cancel_membership_end,
    correct_membership_end,
    end_membership,
)
from adherents.models import Adherent
from tests.adherents.factories_billing import ctx_of

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 6, 15)


def ended(world, adherent=None):
    return end_membership(
        actor=ctx_of(world.actors["member_service"]),
        adherent=adherent or world.adherent,
        ended_on=D(2026, 6, 30),
        reason="resignation",
        note="Lettre reçue le 10 juin",
        today=TODAY,
    )


def events(adherent):
    return list(Adherent.pgh_event_model.objects.filter(pgh_obj_id=adherent.pk).order_by("pgh_id"))


def test_the_member_service_corrects_the_date_and_reason_from_the_page(world, client_for):
    ended(world)
    agent = client_for("member_service")
    url = reverse("backoffice:adherents:adherent-end", args=[world.adherent.pk])
    page = html.unescape(agent.get(url).content.decode())
    assert "Corriger la date ou le motif" in page
    assert "Annuler la fin d'adhésion" in page
    assert 'value="2026-06-30"' in page  # the form starts from the recorded end

    response = agent.post(
        url,
        {
            "action": "corriger",
            "corriger-ended_on": "2026-12-31",
            "corriger-reason": "ceased",
            "corriger-note": "Démission effective au 31 décembre",
        },
    )

    assert response.status_code == 302
    adherent = Adherent.objects.get(pk=world.adherent.pk)
    assert (adherent.status, adherent.ended_on, adherent.end_reason) == (
        Adherent.Status.ENDED,
        D(2026, 12, 31),
        "ceased",
    )
    history = events(adherent)
    assert [e.ended_on for e in history[-2:]] == [D(2026, 6, 30), D(2026, 12, 31)]
    assert history[-1].pgh_context.metadata["membership_end_note"] == (
        "Démission effective au 31 décembre"
    )


def test_a_correction_without_a_reason_or_out_of_bounds_is_refused_and_writes_nothing(
    world, client_for
):
    ended(world)
    url = reverse("backoffice:adherents:adherent-end", args=[world.adherent.pk])
    before = len(events(world.adherent))
    agent = client_for("member_service")
    response = agent.post(
        url,
        {"action": "corriger", "corriger-ended_on": "2026-07-31", "corriger-reason": "other"},
    )
    assert response.status_code == 200
    assert "Précisez la raison de la correction." in html.unescape(response.content.decode())
    response = agent.post(url, {"action": "annuler", "annuler-note": "  "})
    assert "Précisez pourquoi la fin d'adhésion est annulée." in html.unescape(
        response.content.decode()
    )
    actor = ctx_of(world.actors["member_service"])
    with pytest.raises(MembershipError, match="ne peut pas précéder l'adhésion du 15/01/2024"):
        correct_membership_end(
            actor=actor,
            adherent=world.adherent,
            ended_on=D(2023, 1, 1),
            reason="other",
            note="erreur",
            today=TODAY,
        )
    adherent = Adherent.objects.get(pk=world.adherent.pk)
    assert (adherent.ended_on, adherent.end_reason) == (D(2026, 6, 30), "resignation")
    assert len(events(adherent)) == before


def test_cancelling_an_end_recorded_by_mistake_brings_the_member_back_everywhere(world, client_for):
    ended(world)
    assert world.adherent not in selectors_batch.batch_not_invoiced(
        ctx_of(world.actors["member_service"]), 2027
    )
    url = reverse("backoffice:adherents:adherent-end", args=[world.adherent.pk])

    response = client_for("member_service").post(
        url, {"action": "annuler", "annuler-note": "Erreur de dossier : c'était Boulangerie Bêta"}
    )

    assert response.status_code == 302
    adherent = Adherent.objects.get(pk=world.adherent.pk)
    assert (adherent.status, adherent.ended_on, adherent.end_reason) == (
        Adherent.Status.ACTIVE,
        None,
        "",
    )
    # The yearly call counts it again; the end and its cancellation both stay in the history.
    assert adherent in selectors_batch.batch_not_invoiced(
        ctx_of(world.actors["member_service"]), 2027
    )
    statuses = [e.status for e in events(adherent)]
    assert statuses[-2:] == [Adherent.Status.ENDED, Adherent.Status.ACTIVE]
    assert events(adherent)[-1].pgh_context.metadata["membership_end_note"] == (
        "Erreur de dossier : c'était Boulangerie Bêta"
    )
    detail = html.unescape(
        client_for("member_service")
        .get(reverse("backoffice:adherents:adherent-detail", args=[adherent.pk]))
        .content.decode()
    )
    assert "Radié le" not in detail


def test_a_member_suspended_before_its_end_is_suspended_again(world):
    Adherent.objects.filter(pk=world.adherent.pk).update(status=Adherent.Status.SUSPENDED)
    world.adherent.refresh_from_db()
    Adherent.objects.get(pk=world.adherent.pk).save()  # a history record of the suspension
    ended(world)
    adherent = cancel_membership_end(
        actor=ctx_of(world.actors["member_service"]), adherent=world.adherent, note="Erreur"
    )
    assert adherent.status == Adherent.Status.SUSPENDED
    assert Adherent.objects.get(pk=adherent.pk).status == Adherent.Status.SUSPENDED


def test_only_an_ended_membership_is_corrected(world):
    actor = ctx_of(world.actors["member_service"])
    with pytest.raises(MembershipError, match="n'a pas pris fin"):
        cancel_membership_end(actor=actor, adherent=world.adherent, note="Erreur")
    assert Adherent.objects.get(pk=world.adherent.pk).status == Adherent.Status.ACTIVE


def test_another_centres_member_is_not_found_and_a_nurse_may_not_correct(world, client_for):
    theirs = Adherent.objects.get(name="Scierie Gamma")
    ended(world)
    with pytest.raises(Http404):
        cancel_membership_end(
            actor=ctx_of(world.actors["member_service"]), adherent=theirs, note="Erreur"
        )
    with pytest.raises(PermissionDenied):
        cancel_membership_end(
            actor=ctx_of(world.actors["nurse"]), adherent=world.adherent, note="Erreur"
        )
    url = reverse("backoffice:adherents:adherent-end", args=[theirs.pk])
    posted = {"action": "annuler", "annuler-note": "Erreur"}
    assert client_for("member_service").post(url, posted).status_code == 404
    mine = reverse("backoffice:adherents:adherent-end", args=[world.adherent.pk])
    assert client_for("nurse").post(mine, posted).status_code == 403
    assert Adherent.objects.get(pk=world.adherent.pk).status == Adherent.Status.ENDED
