"""Centre scoping: another centre's jobs are 404, its members and teams are never touched."""

from django.urls import reverse

from accounts.enums import StaffRole
from adherents.models import Adherent, ImportJob, ImportStatus
from tests.accounts.factories import StaffAssignmentFactory
from tests.adherents.factories_imports import ADHERENT_HEADER, csv_file, ctx_of, new_siren
from tests.conftest import login


def _other_centre_agent(world):
    return StaffAssignmentFactory(
        center=world.other_center, role=StaffRole.MEMBER_SERVICE, team=world.other_team
    ).user


def test_another_centres_job_is_a_404(world, dry_run, client_for):
    from django.test import Client

    job = dry_run(
        "adherents",
        "a.csv",
        csv_file([ADHERENT_HEADER, ["S", new_siren(), "43.21A", "", world.team.name, "1/1/2026"]]),
    )
    other = login(Client(), _other_centre_agent(world))

    detail = reverse("backoffice:adherents:imports-job-detail", args=[job.pk])
    confirm = reverse("backoffice:adherents:imports-job-confirm", args=[job.pk])
    assert other.get(detail).status_code == 404
    assert other.post(confirm).status_code == 404
    assert (
        f"/imports/{job.pk}/"
        not in other.get(reverse("backoffice:adherents:imports-job-list")).content.decode()
    )
    assert client_for("member_service").get(detail).status_code == 200
    job.refresh_from_db()
    assert job.confirmed_job_id is None


def test_a_member_of_our_centre_cannot_be_taken_over_by_another_centres_file(world, dry_run):
    a = world.adherent
    other_ctx = ctx_of(_other_centre_agent(world))
    content = csv_file(
        [ADHERENT_HEADER, [a.name, a.siren, "10.71C", "", world.other_team.name, "1/1/2024"]]
    )

    job = dry_run("adherents", "a.csv", content, ctx=other_ctx)

    assert job.status == ImportStatus.FAILED
    assert job.center_id == world.other_center.pk
    assert job.result["errors"][0]["message"] == (
        "Ce SIREN est déjà adhérent, suivi par un autre centre."
    )
    a.refresh_from_db()
    assert (a.team_id, a.naf_code) == (world.team.pk, "43.21A")


def test_a_member_cannot_be_moved_to_another_centres_team(world, dry_run):
    a = world.adherent
    content = csv_file(
        [ADHERENT_HEADER, [a.name, a.siren, a.naf_code, "", world.other_team.pk, "15/01/2024"]]
    )
    job = dry_run("adherents", "a.csv", content)
    assert job.result["errors"][0]["column"] == "équipe"
    assert Adherent.objects.get(pk=a.pk).team_id == world.team.pk
    assert ImportJob.objects.filter(center=world.other_center).count() == 0
