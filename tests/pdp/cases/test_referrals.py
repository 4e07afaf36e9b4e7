import datetime

import pytest
from django.urls import reverse

from adherents.models import EmployerMeeting, MeetingRegistration, MeetingSession, MemberRequest
from pdp.awareness import selectors as awareness_selectors
from pdp.models import PdpCase


@pytest.mark.django_db
def test_member_service_refers_a_members_request_and_returns_to_it(world, client_for):
    req = MemberRequest.objects.create(
        adherent=world.adherent,
        category="follow_up",
        subject="Retour d'un salarié",
        body="Arrêt depuis 3 mois",
        channel="portal",
        created_by=world.actors["portal_admin"],
    )
    client = client_for("member_service")
    detail = client.get(reverse("backoffice:adherents:requests-detail", args=[req.pk]))
    url = reverse("backoffice:pdp:case-refer-request", args=[req.pk])
    assert url in detail.content.decode()
    page = client.get(url).content.decode()
    assert "Salarié (s&#x27;il est connu" not in page  # no worker list without worker:view
    response = client.post(
        url,
        {
            "last_name": "Petit",
            "first_name": "Jean",
            "reason": "Arrêt depuis 3 mois",
            "sick_leave_started_on": "2026-09-01",
        },
    )
    assert response["Location"] == reverse("backoffice:adherents:requests-detail", args=[req.pk])
    case = PdpCase.objects.get()
    assert (case.source, case.member_request, case.adherent) == ("employer", req, world.adherent)
    assert case.sick_leave_started_on == datetime.date(2026, 9, 1)


@pytest.mark.django_db
def test_insurance_form_links_a_worker_known_by_nir_and_needs_the_insured_agreement(
    world, coordinator, client_as
):
    world.worker.nir = "185067512345678"
    world.worker.save()
    client = client_as(coordinator)
    url = reverse("backoffice:pdp:case-refer-insurance")
    data = {
        "source": "social_service",
        "organisation": "CARSAT, Mme Roy",
        "nir": world.worker.nir,
        "last_name": "X",
        "first_name": "Y",
        "employer": "Boulangerie Alpha",
        "sick_leave_started_on": "2026-08-01",
        "motive": "supervised_trial",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert not PdpCase.objects.exists()
    client.post(url, {**data, "insured_agrees": "on"})
    case = PdpCase.objects.get()
    assert case.worker == world.worker
    assert case.referrer_label == "CARSAT, Mme Roy"
    assert "Demande d'essai encadré" in case.reason


@pytest.mark.django_db
def test_awareness_meetings_count_their_attendance(world, coordinator, client_as):
    meeting = EmployerMeeting.objects.create(
        center=world.center, title="Maintien en emploi : les outils", format="in_person"
    )
    EmployerMeeting.objects.create(center=world.other_center, title="Ailleurs", format="video")
    session = MeetingSession.objects.create(
        meeting=meeting,
        starts_at="2026-11-10T09:00+01:00",
        ends_at="2026-11-10T11:00+01:00",
        capacity=20,
    )
    for n, attended in enumerate((True, True, False)):
        MeetingRegistration.objects.create(
            session=session,
            adherent=world.adherent,
            attendee_name=f"P{n}",
            attendee_email=f"p{n}@alpha.fr",
            registered_by=world.actors["portal_admin"],
            attended=attended,
        )
    client = client_as(coordinator)
    page = client.get(reverse("backoffice:pdp:awareness-list")).content.decode()
    assert "Ailleurs" not in page  # another centre's meetings are not offered
    client.post(
        reverse("backoffice:pdp:awareness-mark"),
        {"meeting": meeting.pk, "theme": "Prévention de la désinsertion professionnelle"},
    )
    from accounts.context import build_context

    (row,) = awareness_selectors.awareness_meetings(build_context(coordinator, {}, mfa_passed=True))
    assert (row.session_count, row.registered_count, row.attended_count) == (1, 3, 2)


@pytest.mark.django_db
def test_awareness_list_query_count_is_flat(
    world, coordinator, client_as, django_assert_max_num_queries
):
    from pdp.models import AwarenessMeeting

    for n in range(30):
        meeting = EmployerMeeting.objects.create(
            center=world.center, title=f"Rencontre {n:02}", format="video"
        )
        AwarenessMeeting.objects.create(meeting=meeting, theme="PDP", marked_by=coordinator)
    client = client_as(coordinator)
    client.get(reverse("backoffice:pdp:awareness-list"))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("backoffice:pdp:awareness-list"))
    assert response.content.decode().count("<td>PDP</td>") == 30
