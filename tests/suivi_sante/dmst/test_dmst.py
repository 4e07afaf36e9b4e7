"""The DMST: only the worker's health professionals read it, every read is logged, rows append."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import ProgrammingError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.enums import StaffRole
from accounts.models import AccessLog
from suivi_sante.dmst import selectors as selectors_dmst
from suivi_sante.dmst import services
from suivi_sante.errors import FollowUpError
from suivi_sante.models import Dmst, ExposureRecord, Measurement, MedicalNote
from tests.accounts.factories import StaffAssignmentFactory, TeamFactory
from tests.conftest import login
from tests.matrix_suivi.dmst import ctx_for, held_visit, protocol_for
from tests.suivi_sante.factories import DmstFactory, WorkerFactory

SECRET = "Le salarié confie une lombalgie chronique depuis 2019."


def _detail(worker) -> str:
    return reverse("backoffice:suivi_sante:dmst-detail", args=[worker.pk])


def _reads(worker) -> int:
    return AccessLog.objects.filter(
        action="suivi_sante.dmst.read", object_type="suivi_sante.worker", object_id=str(worker.pk)
    ).count()


def _dmst_with_note(world, body: str = SECRET) -> Dmst:
    physician = world.actors["physician"]
    dmst = DmstFactory(worker=world.worker, opened_by=physician)
    MedicalNote.objects.create(dmst=dmst, body=body, author=physician)
    return dmst


@pytest.fixture
def physician_of_another_team(world):
    """A physician of the same centre, assigned to a team that does not follow member A."""
    team = TeamFactory(center=world.center, name="Équipe Sud-Ouest")
    return StaffAssignmentFactory(center=world.center, team=team, role=StaffRole.PHYSICIAN).user


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("secretary", 403),
        ("prevention_assistant", 403),
        ("portal_admin", 403),
        ("physician_other", 404),
    ],
)
@pytest.mark.parametrize(
    "url_name", ["dmst-detail", "dmst-access-log", "dmst-export", "dmst-note-create"]
)
def test_non_professionals_are_refused_and_leave_no_read_in_the_log(
    world, client_for, actor, status, url_name
):
    _dmst_with_note(world)
    url = reverse(f"backoffice:suivi_sante:{url_name}", args=[world.worker.pk])
    client = client_for(actor)
    response = (
        client.post(url, {"note-kind": "observation", "note-body": "x"})
        if (url_name == "dmst-note-create")
        else client.get(url)
    )
    assert response.status_code == status
    assert SECRET not in response.content.decode(errors="replace")
    assert AccessLog.objects.count() == 0
    assert MedicalNote.objects.count() == 1


@pytest.mark.django_db
def test_physician_of_another_team_of_the_same_centre_gets_403_everywhere(
    world, physician_of_another_team
):
    _dmst_with_note(world)
    client = login(Client(), physician_of_another_team)
    for name in ("dmst-detail", "dmst-access-log", "dmst-export"):
        url = reverse(f"backoffice:suivi_sante:{name}", args=[world.worker.pk])
        assert client.get(url).status_code == 403
    url = reverse("backoffice:suivi_sante:dmst-note-create", args=[world.worker.pk])
    assert client.post(url, {"note-kind": "observation", "note-body": "x"}).status_code == 403
    assert AccessLog.objects.count() == 0
    with pytest.raises(PermissionDenied):
        selectors_dmst.read_dmst(ctx_for(physician_of_another_team), world.worker)
    assert AccessLog.objects.count() == 0


@pytest.mark.django_db
def test_a_professional_named_by_an_active_protocol_of_the_team_may_read(
    world, physician_of_another_team
):
    protocol_for(world).named_professionals.add(physician_of_another_team)
    _dmst_with_note(world)
    client = login(Client(), physician_of_another_team)
    assert client.get(_detail(world.worker)).status_code == 200
    assert _reads(world.worker) == 1


@pytest.mark.django_db
def test_nurse_of_the_team_reads_the_record_and_each_read_is_one_log_line(world, client_for):
    _dmst_with_note(world)
    nurse = world.actors["nurse"]
    client = client_for("nurse")

    response = client.get(_detail(world.worker), REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 200
    assert SECRET in response.content.decode()
    line = AccessLog.objects.get()
    assert (line.user, line.action, line.object_type, line.object_id) == (
        nurse,
        "suivi_sante.dmst.read",
        "suivi_sante.worker",
        str(world.worker.pk),
    )
    assert (line.ip_address, line.center_id, line.reason) == ("203.0.113.7", world.center.pk, "")
    client.get(_detail(world.worker))
    assert _reads(world.worker) == 2


@pytest.mark.django_db
def test_the_first_visit_of_a_professional_opens_the_record(world, client_for):
    assert not Dmst.objects.exists()
    response = client_for("physician").get(_detail(world.worker))
    assert response.status_code == 200
    dmst = Dmst.objects.get(worker=world.worker)
    assert dmst.opened_by == world.actors["physician"]
    assert _reads(world.worker) == 1


@pytest.mark.django_db
def test_the_secretary_cannot_open_a_record(world):
    with pytest.raises(PermissionDenied):
        services.open_dmst(actor=ctx_for(world.actors["secretary"]), worker=world.worker)
    assert not Dmst.objects.exists()


@pytest.mark.django_db
def test_notes_exposures_and_measurements_are_added_from_the_page(world, client_for):
    client = client_for("nurse")
    visit = held_visit(world)
    base = [world.worker.pk]
    response = client.post(
        reverse("backoffice:suivi_sante:dmst-note-create", args=base),
        {"note-kind": "conclusion", "note-body": SECRET, "note-visit": visit.pk},
    )
    assert response.status_code == 302
    client.post(
        reverse("backoffice:suivi_sante:dmst-exposure-create", args=base),
        {
            "exposure-agent": "Poussières de bois",
            "exposure-sir_risk": "cmr",
            "exposure-started_on": "2020-01-06",
            "exposure-ended_on": "2024-06-30",
        },
    )
    client.post(
        reverse("backoffice:suivi_sante:dmst-measurement-create", args=base),
        {
            "measure-label": "Tension systolique",
            "measure-value": "12.5",
            "measure-unit": "cmHg",
            "measure-measured_on": "2026-03-10",
            "measure-visit": visit.pk,
        },
    )
    note = MedicalNote.objects.get()
    assert (note.kind, note.visit, note.author) == ("conclusion", visit, world.actors["nurse"])
    assert ExposureRecord.objects.get().sir_risk == "cmr"
    assert Measurement.objects.get().value == Decimal("12.50")
    page = client.get(_detail(world.worker)).content.decode()
    assert "Poussières de bois" in page
    assert "Tension systolique" in page
    assert "Expositions passées" in page


@pytest.mark.django_db
def test_an_invalid_form_is_shown_again_with_a_french_error(world, client_for):
    response = client_for("physician").post(
        reverse("backoffice:suivi_sante:dmst-exposure-create", args=[world.worker.pk]),
        {
            "exposure-agent": "Bruit",
            "exposure-started_on": "2025-06-01",
            "exposure-ended_on": "2025-01-01",
        },
    )
    assert response.status_code == 200
    assert "La fin de l&#x27;exposition précède son début." in response.content.decode()
    assert not ExposureRecord.objects.exists()
    assert _reads(world.worker) == 1  # the record was shown again: a read


@pytest.mark.django_db
def test_a_correction_is_a_new_note_and_the_corrected_note_stays(world, client_for):
    dmst = _dmst_with_note(world, "Tension 19/11.")
    wrong = MedicalNote.objects.get()
    ctx = ctx_for(world.actors["physician"])
    fixed = services.add_note(
        actor=ctx, dmst=dmst, kind="observation", body="Tension 13/8.", corrects=wrong
    )
    assert fixed.corrects == wrong
    wrong.refresh_from_db()
    assert wrong.body == "Tension 19/11."
    page = client_for("physician").get(_detail(world.worker)).content.decode()
    assert "Note corrigée par une note ultérieure." in page
    assert "Correction de la note du" in page


@pytest.mark.django_db
def test_a_note_cannot_correct_a_note_of_another_record(world):
    ctx = ctx_for(world.actors["physician"])
    other = DmstFactory(worker=WorkerFactory(adherent=world.adherent))
    foreign = MedicalNote.objects.create(dmst=other, body="Autre dossier", author=other.opened_by)
    dmst = DmstFactory(worker=world.worker)
    with pytest.raises(FollowUpError, match="n'appartient pas à ce dossier"):
        services.add_note(actor=ctx, dmst=dmst, kind="observation", body="x", corrects=foreign)


@pytest.mark.django_db
def test_a_measurement_cannot_be_dated_in_the_future(world):
    ctx = ctx_for(world.actors["nurse"])
    dmst = DmstFactory(worker=world.worker)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(FollowUpError, match="dans le futur"):
        services.add_measurement(
            actor=ctx, dmst=dmst, label="Poids", value=Decimal(70), unit="kg", measured_on=tomorrow
        )


@pytest.mark.django_db
@pytest.mark.parametrize("model", [MedicalNote, ExposureRecord, Measurement])
@pytest.mark.parametrize("operation", ["update", "delete"])
def test_append_only_rows_can_be_neither_updated_nor_deleted(world, model, operation):
    physician = world.actors["physician"]
    dmst = DmstFactory(worker=world.worker, opened_by=physician)
    row = {
        MedicalNote: lambda: MedicalNote.objects.create(dmst=dmst, body=SECRET, author=physician),
        ExposureRecord: lambda: ExposureRecord.objects.create(
            dmst=dmst, agent="Amiante", started_on=datetime.date(2001, 1, 1), author=physician
        ),
        Measurement: lambda: Measurement.objects.create(
            dmst=dmst,
            label="Poids",
            value=Decimal(70),
            unit="kg",
            measured_on=datetime.date(2026, 1, 5),
            author=physician,
        ),
    }[model]()
    queryset = model.objects.filter(pk=row.pk)
    change = {
        "update": lambda: queryset.update(author=world.actors["nurse"]),
        "delete": queryset.delete,
    }[operation]
    with pytest.raises(ProgrammingError), transaction.atomic():
        change()
    assert model.objects.filter(pk=row.pk, author=physician).exists()


@pytest.mark.django_db
def test_the_access_log_page_lists_who_read_the_record(world, client_for):
    _dmst_with_note(world)
    client_for("nurse").get(_detail(world.worker), REMOTE_ADDR="198.51.100.4")
    client = client_for("physician")
    client.get(
        reverse("backoffice:suivi_sante:dmst-export", args=[world.worker.pk]),
        REMOTE_ADDR="198.51.100.5",
    )
    page = client.get(
        reverse("backoffice:suivi_sante:dmst-access-log", args=[world.worker.pk])
    ).content.decode()
    assert str(world.actors["nurse"]) in page
    assert "198.51.100.4" in page
    assert "demande d&#x27;accès du salarié" in page
    assert SECRET not in page
    assert _reads(world.worker) == 2  # the log page itself is no read of the record


@pytest.mark.django_db
def test_access_log_page_query_count_is_flat(world, client_for):
    physician = world.actors["physician"]
    client = client_for("physician")
    url = reverse("backoffice:suivi_sante:dmst-access-log", args=[world.worker.pk])
    client.get(url)
    ctx = ctx_for(physician)

    def queries_after(reads: int) -> int:
        for _ in range(reads):
            selectors_dmst.read_dmst(ctx, world.worker)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    assert queries_after(1) == queries_after(30)


@pytest.mark.django_db
def test_record_page_query_count_does_not_grow_with_its_content(world, client_for):
    physician = world.actors["physician"]
    dmst = DmstFactory(worker=world.worker, opened_by=physician)
    visit = held_visit(world)
    client = client_for("physician")
    client.get(_detail(world.worker))

    def queries_after(count: int) -> int:
        for i in range(count):
            MedicalNote.objects.create(dmst=dmst, body=f"Note {i}", author=physician, visit=visit)
            ExposureRecord.objects.create(
                dmst=dmst,
                agent=f"Agent {i}",
                started_on=datetime.date(2020, 1, 1),
                author=physician,
            )
            Measurement.objects.create(
                dmst=dmst,
                label="Poids",
                value=Decimal(70),
                unit="kg",
                measured_on=datetime.date(2026, 1, 5),
                author=physician,
            )
        with CaptureQueriesContext(connection) as captured:
            assert client.get(_detail(world.worker)).status_code == 200
        return len(captured)

    assert queries_after(1) == queries_after(30)
