"""At online joining, the company says whether it has its DUERP and whether it wants the service's
help with it and with classing its workers (seed 002: « L'existant en terme de prévention (DU),
besoin d'aide ? », « Besoin d'aide pour la catégorisation »); the answers follow the file."""

import html

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from adherents.models import ApplicationStatus, MembershipApplication
from tests.adherents.factories_joining import complete_fields, draft_application
from tests.adherents.joining.test_review import detail

pytestmark = pytest.mark.django_db
QUESTION = "déjà son document unique d'évaluation des risques professionnels (DUERP) ?"
BOTH_HELPS = (
    "Aide pour établir ou mettre à jour le DUERP ; aide pour classer les salariés en SI, SIA ou SIR"
)


def text(response) -> str:
    return html.unescape(response.content.decode())


def activity_url(token: str) -> str:
    return reverse("public:joining-step", args=[token, "activite"])


def activity(**answers) -> dict:
    return {
        "activity_description": "Menuiserie bois, pose sur chantiers.",
        "opening_hours": "Lundi-vendredi 8h-17h",
        "headcount_si": "4",
        "headcount_sia": "0",
        "headcount_sir": "2",
        **answers,
    }


def in_draft() -> tuple[MembershipApplication, str]:
    fields = complete_fields()
    fields["steps_done"] = ["company", "establishments", "contacts"]
    return draft_application(**fields)


def test_the_activity_step_asks_the_three_questions_with_bound_labels():
    _application, token = in_draft()
    page = text(Client().get(activity_url(token)))
    assert QUESTION in page
    assert '<label class="form-label" for="id_existing_duerp">' in page
    assert '<option value="in_progress">En cours d\'élaboration</option>' in page
    assert 'for="id_wants_duerp_help">Nous souhaitons l\'aide du service' in page
    assert 'for="id_wants_category_help">Nous souhaitons de l\'aide pour classer' in page


def test_the_duerp_answer_is_required_in_french_and_nothing_is_saved():
    application, token = in_draft()
    response = Client().post(activity_url(token), activity(wants_duerp_help="on"))
    assert response.status_code == 200
    assert "Indiquez si votre entreprise a déjà son document unique (DUERP)." in text(response)
    application.refresh_from_db()
    assert "activity" not in application.steps_done
    assert (application.existing_duerp, application.wants_duerp_help) == ("", False)

    response = Client().post(activity_url(token), activity(existing_duerp="peut-etre"))
    assert response.status_code == 200
    assert "Choisissez « Oui », « Non » ou « En cours d'élaboration »." in text(response)
    application.refresh_from_db()
    assert application.existing_duerp == ""


def test_the_answers_are_saved_and_shown_on_the_applicants_review():
    application, token = in_draft()
    response = Client().post(
        activity_url(token),
        activity(existing_duerp="in_progress", wants_duerp_help="on", wants_category_help="on"),
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (
        application.existing_duerp,
        application.wants_duerp_help,
        application.wants_category_help,
    ) == ("in_progress", True, True)
    assert "activity" in application.steps_done
    # Coming back to the step shows the answers as given.
    page = text(Client().get(activity_url(token)))
    assert '<option value="in_progress" selected>' in page
    assert 'name="wants_duerp_help" id="id_wants_duerp_help" checked' in page

    review = text(Client().get(reverse("public:joining-step", args=[token, "verification"])))
    assert 'Document unique (DUERP)</dt><dd class="col-sm-8">En cours d\'élaboration' in review
    assert BOTH_HELPS in review


def test_the_staff_review_page_shows_the_answers(world, client_for):
    application, _token = draft_application(
        **complete_fields(),
        status=ApplicationStatus.SUBMITTED,
        existing_duerp="no",
        wants_category_help=True,
    )
    page = text(client_for("member_service").get(detail(application)))
    assert '<h3 class="h5">Prévention</h3>' in page
    assert 'Document unique (DUERP)</dt><dd class="col-sm-8">Non</dd>' in page
    assert "Aide pour classer les salariés en SI, SIA ou SIR" in page
    assert "mettre à jour le DUERP" not in page


def test_an_application_filed_before_the_question_says_so():
    application, token = draft_application(**complete_fields(), status=ApplicationStatus.SUBMITTED)
    page = text(Client().get(reverse("public:joining-resume", args=[token])))
    assert 'Document unique (DUERP)</dt><dd class="col-sm-8">Non renseigné</dd>' in page
    assert 'Aide souhaitée du service</dt><dd class="col-sm-8">Aucune' in page


def test_the_self_employed_joining_form_does_not_ask(world):
    # The self-employed join the TNS offer by its own form: they employ nobody.
    page = text(Client().get(reverse("tns:join")))
    assert "DUERP" not in page
    assert "classer nos salariés" not in page


def test_the_database_refuses_an_unknown_duerp_answer():
    application, _token = in_draft()
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipApplication.objects.filter(pk=application.pk).update(existing_duerp="maybe")
