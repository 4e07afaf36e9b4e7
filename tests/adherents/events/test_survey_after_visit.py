"""A held "rendez-vous de la prévention" invites the member's admins to the visit survey."""

import datetime

import pytest
from django.core import mail

from adherents.models import Survey, SurveyInvitation, SurveyQuestion
from prevention.visits import services as visits
from tests.adherents.factories_trajectory import ctx_of
from tests.matrix_prevention.fiche import visit

pytestmark = pytest.mark.django_db


def _record(world, planned, captured):
    with captured(execute=True):
        visits.record_visit(
            actor=ctx_of(world.actors["prevention_assistant"]),
            visit=planned,
            held_on=datetime.date(2026, 3, 2),
            units=[visits.UnitChecklist(name="Fournil")],
        )


def test_the_admins_get_one_invitation_per_visit(world, django_capture_on_commit_callbacks):
    survey = Survey.objects.create(title="Votre rendez-vous de la prévention", kind="visit")
    SurveyQuestion.objects.create(survey=survey, text="Utile ?", kind="rating")
    planned = visit(world)
    _record(world, planned, django_capture_on_commit_callbacks)
    invitation = SurveyInvitation.objects.get()
    assert invitation.adherent == world.adherent
    assert invitation.email == world.actors["portal_admin"].email
    assert invitation.context_label == "Rendez-vous de la prévention du 02/03/2026"
    assert [m.to for m in mail.outbox if "enquete" in m.body] == [[invitation.email]]
    _record(world, planned, django_capture_on_commit_callbacks)  # recorded again: no second one
    assert SurveyInvitation.objects.count() == 1


def test_without_a_visit_survey_nobody_is_invited(world, django_capture_on_commit_callbacks):
    Survey.objects.create(title="Annuelle", kind="yearly")
    _record(world, visit(world), django_capture_on_commit_callbacks)
    assert not SurveyInvitation.objects.exists()
