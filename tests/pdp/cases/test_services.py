import datetime

import pytest
from django.core.exceptions import PermissionDenied

from accounts.context import build_context
from pdp.cases import services
from pdp.errors import DuplicateCaseError, PdpError
from pdp.models import CaseFollowUp, PdpCase
from tests.pdp.factories import PdpCaseFactory


class _Session(dict):
    pass


def ctx_of(user):
    from allauth.mfa.models import Authenticator  # noqa: F401 - only to match the real context

    return build_context(user, _Session(), mfa_passed=True)


@pytest.mark.django_db
def test_physician_refers_a_worker_and_a_second_open_case_is_refused(world):
    physician = ctx_of(world.actors["physician"])
    case = services.refer_worker(
        actor=physician, worker=world.worker, source="physician", reason="Arrêt long"
    )
    assert case.center_id == world.center.pk
    assert case.status == "received"
    assert case.adherent_id == world.adherent.pk
    with pytest.raises(DuplicateCaseError) as refused:
        services.refer_worker(actor=physician, worker=world.worker, source="team", reason="Bis")
    assert refused.value.case == case
    assert f"n° {case.pk}" in str(refused.value)
    assert PdpCase.objects.filter(worker=world.worker).count() == 1


@pytest.mark.django_db
def test_a_closed_case_lets_a_new_referral_in(world, coordinator):
    first = services.refer_worker(
        actor=ctx_of(world.actors["physician"]),
        worker=world.worker,
        source="physician",
        reason="Arrêt long",
    )
    services.close_case(actor=ctx_of(coordinator), case=first, outcome="kept_in_post")
    second = services.refer_worker(
        actor=ctx_of(world.actors["nurse"]), worker=world.worker, source="team", reason="Rechute"
    )
    assert second.pk != first.pk


@pytest.mark.django_db
def test_a_person_not_yet_in_the_records_can_be_referred(world, coordinator):
    case = services.refer_person(
        actor=ctx_of(coordinator),
        last_name="Durand",
        first_name="Léa",
        birth_date=None,
        adherent=world.adherent,
        source="social_service",
        reason="Signalée par la CARSAT",
        referrer_label="CARSAT — service social",
    )
    assert case.worker is None
    assert case.person_name == "DURAND Léa"


@pytest.mark.django_db
def test_only_cell_members_work_on_a_case(world, coordinator):
    case = PdpCaseFactory(worker=world.worker)
    with pytest.raises(PermissionDenied):
        services.take_case(actor=ctx_of(world.actors["physician"]), case=case)
    case = services.take_case(actor=ctx_of(coordinator), case=case)
    assert case.owner == coordinator
    assert list(case.steps.values_list("note", flat=True))[-1].startswith("Dossier pris")


@pytest.mark.django_db
def test_steps_follow_the_rules(world, coordinator):
    actor = ctx_of(coordinator)
    case = PdpCaseFactory(worker=world.worker)
    case = services.change_status(actor=actor, case=case, status="cell_review")
    with pytest.raises(PdpError, match="une étape à la fois"):
        services.change_status(actor=actor, case=case, status="received")
    with pytest.raises(PdpError, match="issue"):
        services.change_status(actor=actor, case=case, status="closed")


@pytest.mark.django_db
def test_first_contact_moves_the_case_and_is_checked(world, coordinator):
    actor = ctx_of(coordinator)
    case = PdpCaseFactory(worker=world.worker, received_on=datetime.date(2026, 9, 1))
    with pytest.raises(PdpError, match="précéder"):
        services.record_first_contact(actor=actor, case=case, on=datetime.date(2026, 8, 1))
    case = services.record_first_contact(
        actor=actor, case=case, on=datetime.date(2026, 9, 3), today=datetime.date(2026, 9, 5)
    )
    assert case.status == "first_contact"
    assert case.first_contact_on == datetime.date(2026, 9, 3)


@pytest.mark.django_db
def test_risk_level_is_stored_as_entered_with_its_method(world, coordinator):
    case = services.record_risk(
        actor=ctx_of(coordinator),
        case=PdpCaseFactory(worker=world.worker),
        level="high",
        method="IRDP Présanse",
        version="0.9",
    )
    assert (case.risk_level, case.risk_method, case.risk_method_version) == (
        "high",
        "IRDP Présanse",
        "0.9",
    )
    with pytest.raises(PdpError):
        services.record_risk(
            actor=ctx_of(coordinator), case=case, level="very_high", method="x", version=""
        )


@pytest.mark.django_db
def test_opposition_and_liaison_meeting_refused_by_the_worker(world, coordinator):
    actor = ctx_of(coordinator)
    case = services.set_prereprise_opposition(
        actor=actor, case=PdpCaseFactory(worker=world.worker), opposes=True
    )
    assert case.opposes_prereprise_sharing
    assert case.opposition_recorded_at
    with pytest.raises(PdpError, match="date"):
        services.record_liaison_meeting(
            actor=actor,
            case=case,
            initiative="employer",
            held_on=None,
            participants="",
            worker_refused=False,
        )
    meeting = services.record_liaison_meeting(
        actor=actor,
        case=case,
        initiative="employer",
        held_on=None,
        participants="",
        worker_refused=True,
    )
    assert meeting.worker_refused
    assert meeting.held_on is None


@pytest.mark.django_db
def test_closing_needs_an_outcome_and_follow_ups_come_at_their_dates(world, coordinator):
    actor = ctx_of(coordinator)
    case = PdpCaseFactory(worker=world.worker, received_on=datetime.date(2026, 1, 5))
    with pytest.raises(PdpError):
        services.close_case(actor=actor, case=case, outcome="")
    case = services.close_case(
        actor=actor, case=case, outcome="kept_with_adjustment", on=datetime.date(2026, 3, 31)
    )
    assert services.create_due_follow_ups(today=datetime.date(2026, 9, 29)) == 0
    assert services.create_due_follow_ups(today=datetime.date(2026, 9, 30)) == 1
    assert services.create_due_follow_ups(today=datetime.date(2026, 9, 30)) == 0  # idempotent
    assert services.create_due_follow_ups(today=datetime.date(2027, 3, 31)) == 1
    six = CaseFollowUp.objects.get(case=case, months=6)
    assert six.due_on == datetime.date(2026, 9, 30)
    six = services.record_follow_up(actor=actor, follow_up=six, outcome="lost")
    assert six.done_on
    assert six.outcome == "lost"
    with pytest.raises(PdpError):
        services.record_follow_up(actor=actor, follow_up=six, outcome="lost")
