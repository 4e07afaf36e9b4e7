"""`Model.objects.visible_to(ctx)` on the membership area's models (issue 12): one portal branch
(the member acted for, with the code its role or mandate grants) and one staff branch (the
current centre), written once in the queryset; everyone else sees nothing."""

from __future__ import annotations

import pytest

from adherents.models import (
    Complaint,
    Contact,
    EmployerMeeting,
    ImportJob,
    MembershipApplication,
    Survey,
    Tariff,
    TrajectoryStep,
)
from tests import documents
from tests.adherents.factories_billing import TariffFactory, ctx_of
from tests.adherents.factories_events import ComplaintFactory, MeetingFactory, SurveyFactory
from tests.adherents.factories_joining import submitted_application
from tests.adherents.factories_trajectory import started

ACTORS = (
    "portal_admin",
    "portal_other",
    "firm_mandated",
    "firm_unmandated",
    "member_service",
    "billing",
    "physician_other",
)


def _seen(world, model) -> dict[str, set[int]]:
    return {
        actor: set(
            model.objects.visible_to(ctx_of(world.actors[actor])).values_list("pk", flat=True)
        )
        for actor in ACTORS
    }


def test_contacts_follow_the_member_and_its_centre(world):
    ours = Contact.objects.create(
        adherent=world.adherent, role="manager", first_name="Ana", last_name="Lopez", email="a@x.fr"
    )
    seen = _seen(world, Contact)
    assert seen["portal_admin"] == seen["firm_mandated"] == seen["member_service"] == {ours.pk}
    assert seen["portal_other"] == seen["firm_unmandated"] == seen["physician_other"] == set()


@pytest.mark.parametrize(
    ("model", "make"),
    [
        (EmployerMeeting, lambda w: MeetingFactory(center=w.center)),
        (Complaint, lambda w: ComplaintFactory(center=w.center)),
        (
            ImportJob,
            lambda w: ImportJob.objects.create(
                kind="adherents",
                center=w.center,
                filename="a.csv",
                **documents.fields(
                    b"siren\n", "content", "content_sha256", kind="import", extension="csv"
                ),
                created_by=w.actors["member_service"],
            ),
        ),
    ],
)
def test_what_belongs_to_a_centre_is_its_staffs_only(world, model, make):
    ours = make(world)
    seen = _seen(world, model)
    assert seen["member_service"] == seen["billing"] == {ours.pk}
    assert all(not seen[a] for a in ACTORS if a not in ("member_service", "billing"))


def test_service_wide_rows_are_read_by_staff_only(world):
    tariff, survey = TariffFactory(), SurveyFactory()
    for model, pk in ((Tariff, tariff.pk), (Survey, survey.pk)):
        seen = _seen(world, model)
        assert seen["billing"] == seen["physician_other"] == {pk}
        assert seen["portal_admin"] == seen["firm_mandated"] == set()


def test_applications_and_trajectory_steps_are_the_centres(world):
    unassigned, _ = submitted_application()
    theirs, _ = submitted_application(team=world.other_team)
    apps = _seen(world, MembershipApplication)
    assert apps["member_service"] == {unassigned.pk}  # not yet given to a team: every centre
    assert apps["physician_other"] == {unassigned.pk, theirs.pk}
    assert apps["portal_admin"] == set()
    started(world.adherent)
    steps = _seen(world, TrajectoryStep)
    assert steps["member_service"]
    assert steps["physician_other"] == steps["portal_admin"] == set()
