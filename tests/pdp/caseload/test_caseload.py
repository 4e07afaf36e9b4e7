import datetime

import pytest
from django.core import mail
from django.urls import reverse

from pdp.caseload import selectors
from pdp.caseload.tasks import send_weekly_digests
from pdp.cases.tasks import create_follow_ups
from pdp.models import CaseFollowUp, CellMember
from spsti.models import OutgoingEmail
from tests.pdp.factories import PdpCaseFactory
from tests.suivi_sante.factories import WorkerFactory

TODAY = datetime.date(2026, 12, 7)  # a Monday


def _cases(world, owner, count, **kwargs):
    for _ in range(count):
        PdpCaseFactory(worker=WorkerFactory(adherent=world.adherent), owner=owner, **kwargs)


@pytest.mark.django_db
def test_caseload_warns_before_saturation_and_says_when_reached(
    world, coordinator, social_worker, client_as
):
    CellMember.objects.filter(user=social_worker).update(saturation_threshold=5)
    CellMember.objects.filter(user=coordinator).update(saturation_threshold=3)
    _cases(world, social_worker, 4)  # 80 %: warning
    _cases(world, coordinator, 3)  # reached
    page = client_as(coordinator).get(reverse("backoffice:pdp:caseload")).content.decode()
    assert "Attention, saturation proche" in page
    assert "Saturation atteinte" in page
    levels = {m.user_id: m.level for m in selectors.member_loads(world.center.pk, TODAY)}
    assert levels == {social_worker.pk: "warning", coordinator.pk: "saturated"}


@pytest.mark.django_db
def test_only_the_coordinator_sets_thresholds(world, coordinator, social_worker, client_as):
    member = CellMember.objects.get(user=social_worker)
    client_as(social_worker).post(
        reverse("backoffice:pdp:member-threshold", args=[member.pk]), {"threshold": 2}
    )
    member.refresh_from_db()
    assert member.saturation_threshold == 40  # settings.SPSTI_PDP_SATURATION_THRESHOLD
    client_as(coordinator).post(
        reverse("backoffice:pdp:member-threshold", args=[member.pk]), {"threshold": 12}
    )
    member.refresh_from_db()
    assert member.saturation_threshold == 12


@pytest.mark.django_db
def test_center_figures_and_indicators(world, coordinator):
    _cases(world, None, 2, received_on=TODAY, source="employer")
    PdpCaseFactory(
        worker=world.worker,
        received_on=datetime.date(2026, 11, 30),
        source="physician",
        first_contact_on=datetime.date(2026, 12, 3),
        owner=coordinator,
    )
    PdpCaseFactory(
        worker=WorkerFactory(adherent=world.adherent),
        received_on=datetime.date(2026, 11, 2),
        first_contact_on=datetime.date(2026, 11, 3),
        source="physician",
    )
    _, load = selectors.caseload(world.center.pk, TODAY)
    assert (load.open_count, load.unassigned_count) == (4, 3)
    assert (load.new_this_week, load.new_last_week) == (2, 1)
    assert load.median_days_to_contact == 2.0  # median of 3 and 1 days


@pytest.mark.django_db
def test_loads_count_each_members_open_cases_and_late_actions_in_this_centre_only(
    world, coordinator, social_worker, client_as, django_assert_num_queries, time_machine
):
    from pdp.models import PlanAction

    time_machine.move_to(datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC))

    case = PdpCaseFactory(worker=world.worker, owner=coordinator)
    _cases(world, social_worker, 2)
    _cases(world, None, 1)
    _cases(
        world,
        coordinator,
        1,
        status="closed",
        outcome="kept_in_post",
        closed_on=datetime.date(2026, 11, 2),
    )
    elsewhere = PdpCaseFactory(owner=social_worker)  # another centre's case
    assert elsewhere.center_id != world.center.pk
    yesterday = TODAY - datetime.timedelta(days=1)
    for owner, on, due_on, done_on in [
        (social_worker, case, yesterday, None),  # late
        (social_worker, case, TODAY, None),  # due today: not late yet
        (coordinator, case, yesterday, yesterday),  # done
        (coordinator, case, datetime.date(2026, 11, 1), None),  # late
        (social_worker, elsewhere, yesterday, None),  # late, in another centre
    ]:
        PlanAction.objects.create(
            case=on, label="Appeler", owner=owner, due_on=due_on, done_on=done_on
        )
    with django_assert_num_queries(4):
        members, load = selectors.caseload(world.center.pk, TODAY)
    loads = {m.user_id: (m.open_count, m.late_count) for m in members}
    assert loads == {coordinator.pk: (1, 1), social_worker.pk: (2, 1)}
    assert (load.open_count, load.unassigned_count, load.late_actions) == (4, 1, 2)
    assert {
        m.user_id: (m.open_count, m.late_count)
        for m in selectors.member_loads(world.center.pk, TODAY)
    } == loads
    url = reverse("backoffice:pdp:caseload")
    page = client_as(social_worker).get(url).content.decode()
    assert 'Dossiers ouverts du centre</dt><dd class="col-sm-7">4</dd>' in page
    assert 'Dont sans référent</dt><dd class="col-sm-7">1</dd>' in page
    assert "<td>2</td><td>1</td>" in page  # the social worker's row
    assert "Enregistrer" not in page  # the thresholds: the coordinator's only
    assert "Enregistrer" in client_as(coordinator).get(url).content.decode()


@pytest.mark.django_db
def test_weekly_digest_goes_once_to_the_coordinator(world, coordinator, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 7, 7, 50, tzinfo=datetime.UTC))
    _cases(world, None, 2, received_on=datetime.date(2026, 12, 1))
    assert send_weekly_digests() == 1
    assert send_weekly_digests() == 0  # once per ISO week
    assert mail.outbox[0].to == [coordinator.email]
    assert "signalements reçus la semaine dernière : 2" in mail.outbox[0].body
    row = OutgoingEmail.objects.get(kind="pdp.caseload.weekly_digest")
    assert row.audience == OutgoingEmail.Audience.STAFF
    assert row.status == OutgoingEmail.Status.SENT
    assert row.idempotency_key.endswith(":2026-W50")
    assert row.object_id == CellMember.objects.get(user=coordinator, is_coordinator=True).pk


@pytest.mark.django_db
def test_follow_up_task_creates_the_six_month_follow_up(world, coordinator, time_machine):
    PdpCaseFactory(
        worker=world.worker,
        status="closed",
        outcome="kept_in_post",
        received_on=datetime.date(2026, 1, 5),
        closed_on=datetime.date(2026, 3, 2),
    )
    time_machine.move_to(datetime.datetime(2026, 9, 2, 1, 0, tzinfo=datetime.UTC))
    assert create_follow_ups() == 1
    assert CaseFollowUp.objects.get().due_on == datetime.date(2026, 9, 2)


@pytest.mark.django_db
def test_caseload_page_query_count_is_flat(
    world, coordinator, client_as, django_assert_max_num_queries
):
    from tests.pdp.factories import cell_member

    for _ in range(30):
        cell_member(world.center)
    client = client_as(coordinator)
    client.get(reverse("backoffice:pdp:caseload"))
    # The user, the membership (perms.is_cell_member), the four reads of selectors.caseload.
    with django_assert_max_num_queries(6):
        response = client.get(reverse("backoffice:pdp:caseload"))
    assert response.content.decode().count("badge text-bg") == 31


@pytest.mark.django_db
def test_a_threshold_posted_back_unchanged_says_so_and_writes_nothing(
    world, coordinator, social_worker, client_as
):
    from tests.unchanged import assert_nothing_changed

    member = CellMember.objects.get(user=social_worker)
    url = reverse("backoffice:pdp:member-threshold", args=[member.pk])
    assert_nothing_changed(
        client_as(coordinator),
        url,
        {"threshold": member.saturation_threshold},
        not_said=f"Seuil de {member.user} enregistré.",
    )
