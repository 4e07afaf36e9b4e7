import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from certification.processes import services
from certification.processes.tasks import remind_quality_reviews
from tests.certification.helpers import ctx_of


@pytest.mark.django_db
def test_the_pilot_records_the_yearly_review_and_late_ones_are_reminded(quality, time_machine):
    time_machine.move_to(datetime.datetime(2025, 3, 3, 9, 0, tzinfo=datetime.UTC))
    quality_ctx = ctx_of(quality.actors["quality"])
    process = services.define_process(
        actor=quality_ctx,
        code="SIS",
        name="Suivi individuel",
        kind="core",
        pilot=quality.actors["physician"],
    )
    assert process.next_review_on == datetime.date(2026, 3, 3)
    with pytest.raises(PermissionDenied):
        services.record_review(
            actor=ctx_of(quality.actors["nurse"]),
            process=process,
            held_on=datetime.date(2025, 3, 3),
            minutes="—",
        )
    time_machine.move_to(datetime.datetime(2026, 3, 4, 9, 0, tzinfo=datetime.UTC))
    assert remind_quality_reviews() == 1
    assert "SIS Suivi individuel en retard" in mail.outbox[0].body
    assert remind_quality_reviews() == 0  # once a week
    services.record_review(
        actor=ctx_of(quality.actors["physician"]),
        process=process,
        held_on=datetime.date(2026, 3, 4),
        minutes="Indicateurs tenus.",
    )
    process.refresh_from_db()
    assert process.next_review_on == datetime.date(2027, 3, 4)


@pytest.mark.django_db
def test_late_corrective_actions_join_the_weekly_digest(quality, time_machine):
    from tests.certification.factories import CorrectiveActionFactory, NonConformityFactory

    time_machine.move_to(datetime.datetime(2026, 3, 4, 9, 0, tzinfo=datetime.UTC))
    CorrectiveActionFactory(
        nonconformity=NonConformityFactory(center=quality.center),
        due_on=datetime.date(2026, 3, 1),
        description="Former les secrétariats.",
    )
    assert remind_quality_reviews() == 1
    assert "Former les secrétariats." in mail.outbox[0].body


@pytest.mark.django_db
def test_the_pilot_keeps_objectives_and_indicators_others_cannot(quality):
    from tests.certification.factories import ProcessFactory

    process = ProcessFactory(center=quality.center, pilot=quality.actors["physician"])
    services.update_objectives(
        actor=ctx_of(quality.actors["physician"]),
        process=process,
        objectives="Tenir les délais des visites.",
        indicators="visits_on_time",
    )
    process.refresh_from_db()
    assert process.indicators == "visits_on_time"
    with pytest.raises(PermissionDenied):
        services.update_objectives(
            actor=ctx_of(quality.actors["direction"]), process=process, objectives="", indicators=""
        )


@pytest.mark.django_db
def test_objectives_posted_back_unchanged_say_so_and_write_nothing(quality):
    from django.test import Client
    from django.urls import reverse

    from tests.certification.factories import ProcessFactory
    from tests.conftest import login
    from tests.unchanged import assert_nothing_changed

    process = ProcessFactory(
        center=quality.center,
        pilot=quality.actors["physician"],
        objectives="Tenir les délais.",
        indicators="visits_on_time",
    )
    pilot = login(Client(), quality.actors["physician"])
    url = reverse("backoffice:certification:process-edit", args=[process.pk])
    shown = {"objectives": "Tenir les délais.", "indicators": "visits_on_time"}
    assert_nothing_changed(pilot, url, shown, not_said="Objectifs et indicateurs enregistrés.")
    changed = pilot.post(url, {**shown, "objectives": "Tenir les délais des visites."})
    assert changed.status_code == 302
    process.refresh_from_db()
    assert process.objectives == "Tenir les délais des visites."
