"""The CBI screening in the portal: save and resume, server-side scores, results with 3114 and
APESA, the proposal of contact at or above the trigger, handled to closure by the team; scores
are health data (the person, or health professionals of the team, each staff read logged)."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import AccessLog
from tests.conftest import login
from tests.tns.factories import ctx_of, offer_for, self_employed
from tns.models import ContactProposal, ProposalStatus, Screening, ScreeningStatus
from tns.rules import cbi
from tns.screening import services

# personal 1,1,2,2,3,4 → 45.83; work 1,1,2,2,1,1 + reversed 7th at 4 → 71.43 (≥ 50: trigger)
PERSONAL = [1, 1, 2, 2, 3, 4]
WORK_HIGH = [1, 1, 2, 2, 1, 1, 4]
WORK_LOW = [3, 3, 3, 3, 3, 3, 1]  # 25 ×6 + reversed 1 → 25: 175/7 = 25.00


def answers(personal=PERSONAL, work=WORK_HIGH, client=None) -> dict[str, str]:
    data = {f"personal_{i + 1}": str(v) for i, v in enumerate(personal)}
    data |= {f"work_{i + 1}": str(v) for i, v in enumerate(work)}
    if client is not None:
        data |= {f"client_{i + 1}": str(v) for i, v in enumerate(client)} | {"serves_clients": "on"}
    return data


@pytest.fixture
def person(world):
    with time_machine.travel(datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC), tick=False):
        offer_for(world.team)
        user, _ = self_employed(world.team)
        yield user


def test_save_resume_then_submit_scores_on_the_server_and_proposes_contact(
    person, client, world, django_capture_on_commit_callbacks
):
    login(client, person)
    url = reverse("portal:tns:screening-answer")
    partial = {"personal_1": "1", "personal_2": "1", "action": "save"}
    assert client.post(url, partial).url == reverse("portal:tns:space")
    draft = Screening.objects.get(person=person)
    assert draft.answers == {"personal_1": 1, "personal_2": 1}
    page = client.get(url).content.decode()
    assert 'id="personal_1-1" value="1" checked' in page  # resumed
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**answers(), "action": "submit"})
    screening = Screening.objects.get(person=person)
    sent = [m for m in mail.outbox if "proposition de contact" in m.subject]
    # one mail each: colleagues' addresses are not shared
    assert sorted(m.to for m in sent) == sorted(
        [[world.actors["nurse"].email], [world.actors["physician"].email]]
    )
    for message in sent:
        assert "71.43" not in message.body
        assert "71,43" not in message.body
        assert person.last_name not in message.body
    assert response.url == reverse("portal:tns:screening-result", args=[screening.pk])
    assert screening.status == ScreeningStatus.SUBMITTED
    assert (screening.personal_score, screening.work_score, screening.client_score) == (
        Decimal("45.83"),
        Decimal("71.43"),
        None,
    )
    assert screening.trigger
    proposal = ContactProposal.objects.get(screening=screening)
    assert proposal.status == ProposalStatus.OPEN
    result = client.get(response.url).content.decode()
    assert "3114" in result
    assert "APESA" in result
    assert "0 805 65 50 50" in result
    # the national line comes first; the APESA line's pending check stays out of the screen
    assert result.index("3114") < result.index("APESA") < result.index("Vos scores")
    assert "VERIFY" not in result
    assert "VÉRIFIER" not in result.upper()
    assert "pas un diagnostic" in result
    assert "proposition de contact" in result.lower()
    assert "71" in result


def test_a_missing_answer_keeps_the_draft_and_says_how_many_are_left(person, client):
    login(client, person)
    data = answers()
    del data["work_7"]  # the reversed item unanswered
    response = client.post(reverse("portal:tns:screening-answer"), {**data, "action": "submit"})
    assert response.status_code == 200
    assert "Il reste 1 question sans réponse" in response.content.decode()
    screening = Screening.objects.get(person=person)
    assert screening.status == ScreeningStatus.DRAFT
    assert len(screening.answers) == 12


def test_forged_answer_is_refused(person):
    draft = services.start_or_resume(actor=ctx_of(person))
    with pytest.raises(services.ScreeningError, match="Réponse invalide"):
        services.save_answers(
            actor=ctx_of(person), screening=draft, raw={"work_1": "7"}, serves_clients=False
        )


def test_below_the_trigger_no_proposal_and_client_scale_when_serving_clients(person):
    draft = services.start_or_resume(actor=ctx_of(person))
    raw = answers(work=WORK_LOW, client=[0, 1, 2, 3, 4, 0])
    screening = services.submit(actor=ctx_of(person), screening=draft, raw=raw, serves_clients=True)
    assert screening.work_score == Decimal("25.00")
    assert screening.client_score == Decimal("58.33")
    assert not screening.trigger
    assert not ContactProposal.objects.exists()


def test_trigger_is_the_offers_setting(world, person):
    world_offer = person.tns_affiliations.get().adherent.team
    from tns.models import TnsOffer

    TnsOffer.objects.filter(team=world_offer).update(trigger_work_score=Decimal("75"))
    draft = services.start_or_resume(actor=ctx_of(person))
    screening = services.submit(
        actor=ctx_of(person), screening=draft, raw=answers(), serves_clients=False
    )
    assert not screening.trigger
    assert cbi.DEFAULT_THRESHOLDS.trigger == 50


def _submitted(person):
    draft = services.start_or_resume(actor=ctx_of(person))
    return services.submit(
        actor=ctx_of(person), screening=draft, raw=answers(), serves_clients=False
    )


def test_nurse_reads_the_scores_logged_then_closes_the_proposal(world, person):
    screening = _submitted(person)
    proposal = screening.proposal
    nurse = login(Client(), world.actors["nurse"])
    listing = nurse.get(reverse("backoffice:tns:proposal-list")).content.decode()
    assert person.last_name in listing
    url = reverse("backoffice:tns:proposal-detail", args=[proposal.pk])
    page = nurse.get(url).content.decode()
    assert "71,43" in page
    log = AccessLog.objects.get(action="tns.screening.read")
    assert (log.user, log.object_id) == (world.actors["nurse"], str(screening.pk))
    nurse.post(url, {"action": "contact", "note": "Appel le 11/03"})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.IN_PROGRESS
    nurse.post(url, {"action": "close", "outcome": "appointment", "note": "VIP TNS le 20/03"})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CLOSED
    assert proposal.outcome == "appointment"
    assert proposal.closed_at is not None


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("secretary", 403),
        ("member_service", 403),
        ("billing", 403),
        ("prevention_assistant", 403),
        ("physician_other", 404),
        ("portal_admin", 403),
    ],
)
def test_scores_are_for_the_teams_health_professionals_only(world, person, actor, status):
    proposal = _submitted(person).proposal
    client = login(Client(), world.actors[actor])
    response = client.get(reverse("backoffice:tns:proposal-detail", args=[proposal.pk]))
    assert response.status_code == status
    assert not AccessLog.objects.filter(action="tns.screening.read").exists()


def test_another_persons_result_is_404(world, person):
    screening = _submitted(person)
    other, _ = self_employed(world.team)
    client = login(Client(), other)
    response = client.get(reverse("portal:tns:screening-result", args=[screening.pk]))
    assert response.status_code == 404


def test_proposal_list_bounded_queries(world, person, django_assert_max_num_queries):
    _submitted(person)
    for _ in range(3):
        other, _ = self_employed(world.team)
        _submitted(other)
    client = login(Client(), world.actors["physician"])
    with django_assert_max_num_queries(20):
        response = client.get(reverse("backoffice:tns:proposal-list"))
    assert response.content.decode().count("/back-office/independants/propositions/") >= 4


def test_a_proposal_never_goes_to_a_staff_account_closed_since(
    person, client, world, django_capture_on_commit_callbacks
):
    """The nurse who left (account deactivated, assignment not yet ended) gets no health
    proposal: only the team's health professionals in post with an active account."""
    nurse = world.actors["nurse"]
    nurse.is_active = False
    nurse.save(update_fields=["is_active"])
    login(client, person)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:tns:screening-answer"), {**answers(), "action": "submit"})
    sent = [m for m in mail.outbox if "proposition de contact" in m.subject]
    assert [m.to for m in sent] == [[world.actors["physician"].email]]
