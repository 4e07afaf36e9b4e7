"""Recording the "rendez-vous de la prévention" completes the member's trajectory step."""

import datetime

import pytest

from adherents.models import TrajectoryStep
from prevention.visits import services as visits
from tests.adherents.factories_trajectory import ctx_of, started
from tests.matrix_prevention.fiche import visit

pytestmark = pytest.mark.django_db
D = datetime.date


def _record(world, planned):
    return visits.record_visit(
        actor=ctx_of(world.actors["prevention_assistant"]),
        visit=planned,
        held_on=D(2026, 3, 2),
        units=[visits.UnitChecklist(name="Fournil")],
    )


def test_recording_the_visit_marks_the_step_done_by_the_assistant(world):
    steps = started(world.adherent)
    _record(world, visit(world))
    stored = TrajectoryStep.objects.get(pk=steps["prevention_visit"].pk)
    assert (stored.status, stored.done_on, stored.done_by) == (
        "done",
        D(2026, 3, 2),
        world.actors["prevention_assistant"],
    )
    assert TrajectoryStep.objects.get(pk=steps["welcome_call"].pk).status == "todo"
    assert not TrajectoryStep.objects.filter(adherent=world.other_adherent).exists()


def test_a_member_without_trajectory_or_a_closed_step_is_left_as_is(world):
    planned = visit(world)
    _record(world, planned)  # no trajectory: nothing to complete, nothing breaks
    assert not TrajectoryStep.objects.exists()
    steps = started(world.adherent)
    TrajectoryStep.objects.filter(pk=steps["prevention_visit"].pk).update(
        status="skipped", done_on=D(2026, 2, 1), note="Visite par un autre service"
    )
    _record(world, planned)  # recorded again: the closed step keeps its outcome
    stored = TrajectoryStep.objects.get(pk=steps["prevention_visit"].pk)
    assert (stored.status, stored.done_on) == ("skipped", D(2026, 2, 1))
