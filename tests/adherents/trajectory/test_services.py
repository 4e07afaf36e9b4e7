"""Writes of the member trajectory: start, complete, skip, configure; audited by pghistory."""

import datetime

import pghistory.models
import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from adherents.models import StepStatus, TrajectoryStep, TrajectoryStepDefinition
from adherents.trajectory import services
from tests.adherents.factories_trajectory import close, ctx_of, definition, started

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 3, 20)


def test_starting_creates_the_new_member_steps_once(world):
    first = services.start_new_member_trajectory(
        adherent=world.adherent, validated_on=D(2026, 3, 2)
    )
    again = services.start_new_member_trajectory(
        adherent=world.adherent, validated_on=D(2026, 4, 1)
    )
    assert [s.definition.code for s in first] == [
        "welcome_call",
        "meeting_invitation",
        "prevention_visit",
        "action_plan",
        "satisfaction",
    ]
    assert [(s.pk, s.due_on) for s in again] == [(s.pk, s.due_on) for s in first]  # unchanged
    assert first[0].due_on == D(2026, 3, 17)  # 15 days after validation
    assert TrajectoryStep.objects.filter(adherent=world.adherent).count() == 5


def test_an_inactive_step_is_not_opened(world):
    TrajectoryStepDefinition.objects.filter(code="satisfaction").update(is_active=False)
    assert "satisfaction" not in started(world.adherent)


def _audit_users(step):
    events = pghistory.models.Events.objects.references(step).filter(pgh_label="update")
    return [e.pgh_context["user"] for e in events if e.pgh_context]


def test_the_owner_role_marks_its_step_done_and_the_change_is_audited(world):
    step = started(world.adherent, D(2026, 3, 2))["welcome_call"]
    agent = world.actors["member_service"]
    done = services.complete_step(
        actor=ctx_of(agent), step=step, on=D(2026, 3, 16), note=" Appel : RAS ", today=TODAY
    )
    stored = TrajectoryStep.objects.get(pk=step.pk)
    assert (stored.status, stored.done_on, stored.done_by, stored.note) == (
        "done",
        D(2026, 3, 16),
        agent,
        "Appel : RAS",
    )
    assert done.pk == step.pk
    assert _audit_users(step) == [agent.pk]


def test_another_role_may_not_mark_the_step_and_nothing_is_written(world):
    step = started(world.adherent, D(2026, 3, 2))["welcome_call"]  # owner: member service
    for actor in ("nurse", "prevention_assistant", "billing", "physician_other"):
        with pytest.raises(PermissionDenied):
            services.complete_step(
                actor=ctx_of(world.actors[actor]), step=step, on=D(2026, 3, 16), today=TODAY
            )
        with pytest.raises(PermissionDenied):
            services.skip_step(actor=ctx_of(world.actors[actor]), step=step, note="x")
    assert TrajectoryStep.objects.get(pk=step.pk).status == "todo"


def test_the_prevention_assistant_owns_the_prevention_visit_and_the_member_service_all(world):
    steps = started(world.adherent, D(2026, 3, 2))
    assistant = ctx_of(world.actors["prevention_assistant"])
    services.complete_step(
        actor=assistant, step=steps["prevention_visit"], on=D(2026, 3, 18), today=TODAY
    )
    manager = ctx_of(world.actors["member_service"])  # holds adherents.trajectory:manage
    services.complete_step(actor=manager, step=steps["action_plan"], on=D(2026, 3, 19), today=TODAY)
    assert set(
        TrajectoryStep.objects.filter(status="done").values_list("definition__code", flat=True)
    ) == {"prevention_visit", "action_plan"}


def test_skipping_requires_a_note(world):
    step = started(world.adherent, D(2026, 3, 2))["meeting_invitation"]
    agent = ctx_of(world.actors["member_service"])
    with pytest.raises(services.TrajectoryError, match="pourquoi cette étape est sans objet"):
        services.skip_step(actor=agent, step=step, note="   ")
    assert TrajectoryStep.objects.get(pk=step.pk).status == "todo"
    services.skip_step(actor=agent, step=step, note="Déjà venu à une rencontre", today=TODAY)
    stored = TrajectoryStep.objects.get(pk=step.pk)
    assert (stored.status, stored.done_on, stored.note) == (
        "skipped",
        TODAY,
        "Déjà venu à une rencontre",
    )


def test_a_closed_step_or_an_impossible_date_is_refused(world):
    steps = started(world.adherent, D(2026, 3, 2))
    agent = ctx_of(world.actors["member_service"])
    with pytest.raises(services.TrajectoryError, match="futur"):
        services.complete_step(
            actor=agent, step=steps["welcome_call"], on=timezone.localdate().replace(year=2999)
        )
    with pytest.raises(services.TrajectoryError, match="précède l'adhésion"):  # 15/01/2024
        services.complete_step(actor=agent, step=steps["welcome_call"], on=D(2024, 1, 14))
    with pytest.raises(services.TrajectoryError, match="caractères"):
        services.complete_step(
            actor=agent, step=steps["welcome_call"], on=D(2026, 3, 3), note="x" * 2001
        )
    assert TrajectoryStep.objects.get(pk=steps["welcome_call"].pk).status == "todo"
    close(steps["welcome_call"], on=D(2026, 3, 10))
    with pytest.raises(services.TrajectoryError, match="déjà close"):
        services.complete_step(actor=agent, step=steps["welcome_call"], on=D(2026, 3, 12))
    with pytest.raises(services.TrajectoryError, match="déjà close"):
        services.skip_step(actor=agent, step=steps["welcome_call"], note="x")
    assert TrajectoryStep.objects.get(pk=steps["welcome_call"].pk).done_on == D(2026, 3, 10)


def test_complete_step_if_open_closes_only_an_open_step(world):
    steps = started(world.adherent, D(2026, 3, 2))
    assert services.complete_step_if_open(
        adherent_id=world.adherent.pk, code="prevention_visit", on=D(2026, 3, 5)
    )
    assert not services.complete_step_if_open(
        adherent_id=world.adherent.pk, code="prevention_visit", on=D(2026, 3, 9)
    )
    assert not services.complete_step_if_open(
        adherent_id=world.other_adherent.pk, code="prevention_visit", on=D(2026, 3, 9)
    )
    steps["prevention_visit"].refresh_from_db()
    assert (steps["prevention_visit"].status, steps["prevention_visit"].done_on) == (
        StepStatus.DONE,
        D(2026, 3, 5),
    )


def _save(actor, definition=None, **overrides):
    values = {
        "label": "Appel de bienvenue",
        "owner_role": "member_service",
        "target_days": 10,
        "order": 10,
        "is_active": True,
        **overrides,
    }
    return services.save_definition(actor=actor, definition=definition, **values)


def test_a_new_delay_does_not_move_the_open_steps(world):
    step = started(world.adherent, D(2026, 3, 2))["welcome_call"]
    agent = ctx_of(world.actors["member_service"])
    _save(agent, definition("welcome_call"), target_days=10, label="Appel d'accueil")
    changed = definition("welcome_call")
    assert (changed.label, changed.target_days, changed.track) == ("Appel d'accueil", 10, "new")
    assert TrajectoryStep.objects.get(pk=step.pk).due_on == D(2026, 3, 17)  # still +15 days
    later = started(world.other_adherent, D(2026, 3, 2))["welcome_call"]
    assert later.due_on == D(2026, 3, 12)  # the new delay, for members validated from now on


def test_configuration_is_for_managers_and_checked(world):
    agent = ctx_of(world.actors["member_service"])
    with pytest.raises(PermissionDenied):
        _save(ctx_of(world.actors["physician"]), definition("welcome_call"))
    with pytest.raises(services.TrajectoryError, match="dans l'année"):
        _save(agent, definition("yearly_review"), target_days=400)
    with pytest.raises(services.TrajectoryError, match="déjà utilisé"):
        _save(agent, code="welcome_call", track="new")
    with pytest.raises(services.TrajectoryError, match="minuscules"):
        _save(agent, code="Visite Bilan", track="new")
    with pytest.raises(services.TrajectoryError, match="libellé"):
        _save(agent, code="visite_bilan", track="new", label="  ")
    assert not TrajectoryStepDefinition.objects.filter(code="visite_bilan").exists()
    added = _save(
        agent, code="visite_bilan", track="yearly", label="Visite bilan", owner_role="iprp"
    )
    assert (added.track, added.owner_role, added.target_days) == ("yearly", "iprp", 10)
    assert definition("yearly_review").target_days == 90
