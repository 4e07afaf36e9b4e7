"""Satisfaction surveys: questions, invitations (after a visit, yearly), the public answer page,
the results."""

import re
from html import unescape

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.enums import AdherentRole
from adherents.events import services_surveys as services
from adherents.models import (
    Adherent,
    StepStatus,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    TrajectoryStep,
)
from spsti import secret_links
from tests.adherents.events.helpers import new_member
from tests.adherents.factories import AdherentFactory, AdherentMembershipFactory
from tests.adherents.factories_events import QuestionFactory, SurveyFactory

BO = "backoffice:adherents"


def text(response) -> str:
    return unescape(response.content.decode())


def token_of(message) -> str:
    return re.search(r"/enquete-satisfaction/([\w-]+)/", message.body).group(1)


def answer_url(token: str) -> str:
    return reverse("public:events-survey-answer", args=[token])


@pytest.fixture
def survey(db):
    """A survey of three questions: a required rating, an optional yes/no, an optional text."""
    survey = SurveyFactory(title="Votre rencontre employeurs")
    QuestionFactory(survey=survey, position=1, kind="rating", text="Note globale ?")
    QuestionFactory(survey=survey, position=2, kind="yes_no", required=False, text="Utile ?")
    QuestionFactory(survey=survey, position=3, kind="text", required=False, text="Remarques ?")
    return survey


def questions(survey):
    return list(survey.questions.order_by("position"))


def invited(survey, adherent, email="dirigeant@alpha.fr", label="Visite du 12/03/2026"):
    """Invite through the service other apps call; returns the token read from the e-mail."""
    mail.outbox.clear()
    services.invite(survey, adherent, email, label)
    return token_of(mail.outbox[-1])


def answers_for(survey, rating="4", yes="oui", remark="Très clair."):
    rate, useful, remarks = questions(survey)
    return {f"q{rate.pk}": rating, f"q{useful.pk}": yes, f"q{remarks.pk}": remark}


@pytest.mark.django_db
def test_invite_mails_a_secret_link_whose_hash_only_is_stored(world, survey, client):
    token = invited(survey, world.adherent)
    message = mail.outbox[0]
    assert message.to == ["dirigeant@alpha.fr"]
    assert "Visite du 12/03/2026" in message.body
    invitation = SurveyInvitation.objects.get()
    assert invitation.token_hash == secret_links.token_hash(token) != token
    assert len(invitation.token_hash) == 64
    page = client.get(answer_url(token))
    assert page.status_code == 200
    assert "Note globale ?" in text(page)


@pytest.mark.django_db
def test_an_answer_is_recorded_once(world, survey, client):
    token = invited(survey, world.adherent)
    response = client.post(answer_url(token), answers_for(survey))
    assert "Merci, vos réponses sont enregistrées." in text(response)
    invitation = SurveyInvitation.objects.get()
    assert invitation.answered_at is not None
    rate, useful, remarks = questions(survey)
    stored = {a.question_id: a for a in SurveyAnswer.objects.all()}
    assert stored[rate.pk].rating == 4
    assert stored[useful.pk].yes is True
    assert stored[remarks.pk].text == "Très clair."

    again = client.post(answer_url(token), answers_for(survey, rating="1"))
    assert "Vous avez déjà répondu, merci." in text(again)
    assert client.get(answer_url(token)).context["closed_message"] == (
        "Vous avez déjà répondu, merci."
    )
    assert SurveyAnswer.objects.count() == 3
    assert SurveyAnswer.objects.get(question=rate).rating == 4


@pytest.mark.django_db
def test_a_wrong_token_is_404(client):
    assert client.get(answer_url("pas-un-vrai-jeton")).status_code == 404
    assert client.post(answer_url("pas-un-vrai-jeton"), {}).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rating", "message"),
    [
        ("", "Répondez à cette question, elle est obligatoire."),
        ("7", "Choisissez une note de 1 à 5."),
        ("0", "Choisissez une note de 1 à 5."),
    ],
)
def test_refused_answers_are_french_and_write_nothing(world, survey, client, rating, message):
    token = invited(survey, world.adherent)
    response = client.post(answer_url(token), answers_for(survey, rating=rating))
    page = text(response)
    assert message in page
    assert "rien n'a été enregistré" in page
    assert "Très clair.</textarea>" in page  # what was typed stays on the page
    assert not SurveyAnswer.objects.exists()
    assert SurveyInvitation.objects.get().answered_at is None


@pytest.mark.django_db
def test_the_yearly_survey_goes_to_the_active_members_admins_once_a_year(
    world, client_for, django_capture_on_commit_callbacks
):
    survey = SurveyFactory(kind="yearly", title="Enquête annuelle")
    QuestionFactory(survey=survey)
    second_admin = AdherentMembershipFactory(adherent=world.adherent, role=AdherentRole.ADMIN)
    AdherentMembershipFactory(adherent=world.adherent, role=AdherentRole.HR)  # not an admin
    gone = AdherentFactory(team=world.team, status=Adherent.Status.ENDED)
    AdherentMembershipFactory(adherent=gone, role=AdherentRole.ADMIN)
    elsewhere = AdherentFactory(team=world.other_team)
    AdherentMembershipFactory(adherent=elsewhere, role=AdherentRole.ADMIN)
    client = client_for("member_service")
    target = reverse(f"{BO}:events-survey-yearly", args=[survey.pk])

    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(target).status_code == 302
    expected = {
        world.actors["portal_admin"].email,
        second_admin.user.email,
        world.actors["portal_other"].email,
    }
    assert {m.to[0] for m in mail.outbox} == {e.lower() for e in expected}
    assert len(mail.outbox) == 3
    label = f"Enquête annuelle {timezone.localdate().year}"
    assert set(SurveyInvitation.objects.values_list("context_label", flat=True)) == {label}
    assert set(SurveyInvitation.objects.values_list("adherent_id", flat=True)) == {
        world.adherent.pk,
        world.other_adherent.pk,
    }


@pytest.mark.django_db
def test_answering_the_yearly_survey_completes_the_satisfaction_step(world, client):
    survey = SurveyFactory(kind="yearly")
    question = QuestionFactory(survey=survey)
    new_member(world)
    token = invited(survey, world.adherent, label="Nouvel adhérent")
    client.post(answer_url(token), {f"q{question.pk}": "5"})
    step = TrajectoryStep.objects.get(adherent=world.adherent, definition__code="satisfaction")
    assert (step.status, step.done_on) == (StepStatus.DONE, timezone.localdate())


@pytest.mark.django_db
def test_an_event_survey_answer_leaves_the_satisfaction_step_open(world, survey, client):
    new_member(world)
    client.post(answer_url(invited(survey, world.adherent)), answers_for(survey))
    step = TrajectoryStep.objects.get(adherent=world.adherent, definition__code="satisfaction")
    assert step.status == StepStatus.TODO


@pytest.mark.django_db
def test_questions_are_frozen_once_invitations_left(world, survey, client_for):
    client = client_for("member_service")
    add = reverse(f"{BO}:events-question-add", args=[survey.pk])
    assert client.post(add, {"text": "Délai ?", "kind": "rating", "required": "on"}).status_code
    assert survey.questions.count() == 4
    invited(survey, world.adherent)
    response = client.post(add, {"text": "Autre ?", "kind": "text"}, follow=True)
    assert "Des invitations sont parties" in text(response)
    first = questions(survey)[0]
    client.post(reverse(f"{BO}:events-question-delete", args=[first.pk]))
    assert SurveyQuestion.objects.filter(pk=first.pk).exists()
    assert survey.questions.count() == 4


@pytest.mark.django_db
def test_results_give_the_figures_of_the_centres_answers(world, survey, client_for):
    def answer(adherent, email, values):
        services.answer(token=invited(survey, adherent, email), raw=values)

    rate, useful, remarks = questions(survey)
    answer(world.adherent, "a@alpha.fr", {rate.pk: "5", useful.pk: "oui"})
    answer(world.other_adherent, "b@beta.fr", {rate.pk: "4", useful.pk: "non"})
    answer(world.adherent, "c@alpha.fr", {rate.pk: "4", remarks.pk: "Trop long."})
    invited(survey, world.adherent, "d@alpha.fr")  # not answered
    elsewhere = AdherentFactory(team=world.other_team)  # another centre: not in the figures
    answer(elsewhere, "z@gamma.fr", {rate.pk: "1", remarks.pk: "Autre centre."})

    response = client_for("billing").get(reverse(f"{BO}:events-survey-results", args=[survey.pk]))
    results = response.context["results"]
    assert (results.sent, results.answered, results.rate) == (4, 3, 75.0)
    by_kind = {r.question.kind: r for r in results.questions}
    rating = by_kind["rating"]
    assert (rating.count, rating.average) == (3, 4.33)
    assert rating.distribution == [
        (1, 0, 0.0),
        (2, 0, 0.0),
        (3, 0, 0.0),
        (4, 2, 66.7),
        (5, 1, 33.3),
    ]
    assert (by_kind["yes_no"].count, by_kind["yes_no"].yes, by_kind["yes_no"].yes_share) == (
        2,
        1,
        50.0,
    )
    assert [a.text for a in by_kind["text"].texts] == ["Trop long."]
    assert "taux de réponse de 75,0 %" in text(response)


def count_queries(client, target) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(target).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_results_and_survey_list_cost_the_same_for_1_or_12_questions(world, client_for):
    survey = SurveyFactory()
    QuestionFactory(survey=survey, kind="text")
    services.answer(
        token=invited(survey, world.adherent),
        raw={q.pk: "Bien." for q in survey.questions.all()},
    )
    client = client_for("member_service")
    results = reverse(f"{BO}:events-survey-results", args=[survey.pk])
    listing = reverse(f"{BO}:events-survey-list")
    few = (count_queries(client, results), count_queries(client, listing))

    for kind in ["rating", "yes_no", "text"] * 4:
        QuestionFactory(survey=survey, kind=kind, required=False)
    for _ in range(3):
        other = SurveyFactory()
        QuestionFactory(survey=other)
        invited(other, world.adherent)
    services.answer(
        token=invited(survey, world.adherent, "x@alpha.fr"),
        raw={
            q.pk: {"rating": "3", "yes_no": "non"}.get(q.kind, "Moyen.") for q in questions(survey)
        },
    )
    assert (count_queries(client, results), count_queries(client, listing)) == few
    assert few[0] <= 12  # 5 for the shell, 3 to save the session, the survey, 3 for the figures


@pytest.mark.django_db
def test_the_member_service_invites_one_person_of_its_centres_members(world, survey, client_for):
    client = client_for("member_service")
    target = reverse(f"{BO}:events-survey-invite", args=[survey.pk])
    elsewhere = AdherentFactory(team=world.other_team)
    refused = client.post(
        target, {"siren": elsewhere.siren, "email": "x@gamma.fr", "context_label": ""}, follow=True
    )
    assert "Aucun adhérent suivi par votre centre ne porte le SIREN" in text(refused)
    assert not SurveyInvitation.objects.exists()

    client.post(
        target,
        {"siren": world.adherent.siren, "email": "rh@alpha.fr", "context_label": "Nouvel adhérent"},
    )
    invitation = SurveyInvitation.objects.get()
    assert (invitation.adherent, invitation.email, invitation.context_label) == (
        world.adherent,
        "rh@alpha.fr",
        "Nouvel adhérent",
    )
    assert mail.outbox[0].to == ["rh@alpha.fr"]
