"""Issue 14: a proposal of contact closed with the outcome "PDP" refers the self-employed person
to the cell, through pdp's referral service (a person not in the workers' records), and links
the case; the CBI scores never travel with it."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from pdp.models import PdpCase
from tests.conftest import login
from tests.tns.factories import ctx_of, offer_for, self_employed
from tests.tns.test_screening import answers
from tns.models import ContactProposal, ProposalStatus
from tns.screening import services


@pytest.fixture
def proposal(world) -> ContactProposal:
    with time_machine.travel(datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC), tick=False):
        offer_for(world.team)
        user, _ = self_employed(world.team)
        draft = services.start_or_resume(actor=ctx_of(user))
        screening = services.submit(
            actor=ctx_of(user), screening=draft, raw=answers(), serves_clients=False
        )
        yield screening.proposal


def test_the_pdp_outcome_opens_a_case_for_the_person_and_links_it(world, proposal):
    nurse = world.actors["nurse"]
    person = proposal.screening.person
    closed = services.close(
        actor=ctx_of(nurse),
        proposal=proposal,
        outcome="pdp",
        note="Souhaite réduire son activité, inquiet pour son cabinet.",
    )
    assert closed.status == ProposalStatus.CLOSED
    case = PdpCase.objects.get(pk=closed.pdp_case_id)
    assert case.worker is None  # a self-employed person: not in the workers' records
    assert (case.person_last_name, case.person_first_name) == (person.last_name, person.first_name)
    assert case.adherent == proposal.screening.affiliation.adherent
    assert case.center == world.center
    assert case.source == "team"  # the nurse: "another member of the team"
    assert case.referred_by == nurse
    assert case.status == "received"
    assert "offre TNS" in case.referrer_label
    assert "Souhaite réduire son activité" in case.reason
    for score in ("71,43", "71.43", "45,83", "45.83"):  # the scores stay with the team
        assert score not in case.reason
    assert case.steps.get().note.startswith("Signalement")
    page = login(Client(), nurse).get(reverse("backoffice:tns:proposal-detail", args=[proposal.pk]))
    assert reverse("backoffice:pdp:case-detail", args=[case.pk]) in page.content.decode()


def test_a_physician_refers_as_the_physician_and_other_outcomes_open_no_case(world, proposal):
    services.close(actor=ctx_of(world.actors["physician"]), proposal=proposal, outcome="pdp")
    assert PdpCase.objects.get().source == "physician"

    _, affiliation = self_employed(world.team)
    other = ContactProposal.objects.create(
        screening=proposal.screening.__class__.objects.create(
            person=affiliation.person, affiliation=affiliation
        ),
        team=world.team,
        due_on=datetime.date(2026, 3, 17),
    )
    closed = services.close(actor=ctx_of(world.actors["nurse"]), proposal=other, outcome="declined")
    assert closed.pdp_case is None
    assert PdpCase.objects.count() == 1


def test_a_refused_referral_closes_nothing(world, proposal):
    person = proposal.screening.person
    person.last_name = ""  # pdp refuses a referral without a name
    person.save(update_fields=["last_name"])
    with pytest.raises(services.ScreeningError, match="Orientation vers la cellule PDP impossible"):
        services.close(actor=ctx_of(world.actors["nurse"]), proposal=proposal, outcome="pdp")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OPEN
    assert proposal.pdp_case is None
    assert not PdpCase.objects.exists()
