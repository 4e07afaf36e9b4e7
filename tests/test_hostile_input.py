"""The malformed inputs that gave a 500 (issue 10, item 9): each now gets a French message, an
ignored filter, a clamped page or a 404, and nothing is written.

The fuzz suite (tests/fuzz/) looks for more of them on every page and form; these tests pin each
one found by hand, with the helpers that fixed them (spsti/params.py, spsti/forms.py)."""

import datetime
import html

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from adherents.events import services_surveys as events_surveys
from adherents.imports.resources_widgets import team_lookup
from adherents.models import MembershipApplication, SurveyAnswer, SurveyInvitation
from adherents.rules import events as event_rules
from adherents.rules import identifiers
from adherents.rules import workforce as workforce_rules
from prevention.models import Duerp, FicheUnitEntry, WorkUnit
from spsti.forms import DATE_RANGE_MESSAGE
from spsti.pagination import MAX_PAGE, paginate
from spsti.params import NUL_IN_SEARCH, parse_int
from tests.adherents.factories_events import QuestionFactory, SurveyFactory
from tests.adherents.factories_joining import complete_fields, draft_application
from tests.adherents.factories_workforce import campaign_around_today
from tests.matrix_prevention.duerp import _duerp
from tests.matrix_prevention.fiche import draft

pytestmark = pytest.mark.django_db

HUGE = "9" * 30  # beyond PostgreSQL's bigint
BEYOND_INT32 = "2147483648"


def text(response) -> str:
    return html.unescape(response.content.decode())


# --- the shared parser --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12", 12),
        (" 7 ", 7),
        ("0", 0),
        ("²", None),  # isdigit() says yes, int() says no
        ("١٢", None),  # Arabic-Indic digits: int() reads them, we do not
        ("１２", None),  # full-width digits
        ("-3", None),
        ("1.5", None),
        ("", None),
        (None, None),
        ("2147483647", 2147483647),
        (BEYOND_INT32, None),
        ("1" * 5000, None),  # int() itself refuses more than 4300 digits
    ],
)
def test_integer_parameters_are_ascii_digits_within_postgresql_integer(raw, expected):
    assert parse_int(raw) == expected


def test_a_larger_integer_can_be_clamped_instead_of_ignored():
    assert parse_int(HUGE, 1, max_value=50, clamp=True) == 50
    assert parse_int("²", 1, max_value=50, clamp=True) == 1


# --- NUL bytes in ?q= ---------------------------------------------------------------------

SEARCHED_LISTS = [
    ("backoffice:adherents:adherent-list", "member_service"),
    ("backoffice:adherents:firms-firm-list", "member_service"),
    ("backoffice:suivi_sante:worker-list", "physician"),
    ("backoffice:prevention:duerp-list", "prevention_assistant"),
]


@pytest.mark.parametrize(("url_name", "actor"), SEARCHED_LISTS)
def test_a_nul_byte_in_a_search_is_ignored_with_a_french_message(url_name, actor, client_for):
    response = client_for(actor).get(reverse(url_name), {"q": "Alpha\x00"})
    assert response.status_code == 200
    assert NUL_IN_SEARCH in text(response)


# --- Unicode digits accepted by isdigit() -------------------------------------------------


def test_unicode_digits_in_the_agenda_filters_are_ignored(world, client_for):
    secretary = client_for("secretary")
    agenda = secretary.get(reverse("backoffice:suivi_sante:agenda"), {"professionnel": "²"})
    assert agenda.status_code == 200
    proposal = secretary.get(
        reverse("backoffice:suivi_sante:convocation-proposal", args=[world.establishment.pk]),
        {"horizon": "²"},
    )
    assert proposal.status_code == 200


def test_unicode_digits_in_the_convocations_filter_are_ignored(client_for):
    response = client_for("portal_admin").get(
        reverse("portal:suivi_sante:convocation-list"), {"etablissement": "²"}
    )
    assert response.status_code == 200


def test_unicode_digits_in_the_duerp_unit_preselection_are_ignored(world, client_for):
    _duerp(world)
    response = client_for("portal_admin").get(
        reverse("portal:prevention:duerp-risk-create"), {"unite": "²"}
    )
    assert response.status_code == 200


def test_unicode_digits_as_a_posted_fe_entry_are_not_found(world, client_for):
    version = draft(world)
    response = client_for("prevention_assistant").post(
        reverse("backoffice:prevention:fiche-version-edit", args=[version.pk]),
        {"action": "remove_unit", "entry": "²"},
    )
    assert response.status_code == 404
    assert FicheUnitEntry.objects.filter(version=version).count() == 1


@pytest.fixture
def survey_token(world):
    survey = SurveyFactory(title="Votre visite")
    QuestionFactory(survey=survey, position=1, kind="rating", text="Note ?")
    QuestionFactory(survey=survey, position=2, kind="text", required=False, text="Remarques ?")
    events_surveys.invite(survey, world.adherent, "dirigeant@alpha.fr", "Visite du 12/03/2026")
    token = mail.outbox[-1].body.split("/enquete-satisfaction/")[1].split("/")[0]
    rating, remark = survey.questions.order_by("position")
    return token, f"q{rating.pk}", f"q{remark.pk}"


def test_unicode_digits_as_a_survey_rating_are_refused_in_french(survey_token):
    token, rating, remark = survey_token
    url = reverse("public:events-survey-answer", args=[token])
    response = Client().post(url, {rating: "²", remark: "Bien"})
    assert response.status_code == 200
    assert event_rules.RATING_RANGE in text(response)
    assert not SurveyAnswer.objects.exists()
    assert SurveyInvitation.objects.get().answered_at is None


def test_a_nul_byte_in_a_survey_text_answer_is_refused_in_french(survey_token):
    token, rating, remark = survey_token
    url = reverse("public:events-survey-answer", args=[token])
    response = Client().post(url, {rating: "4", remark: "Très\x00 bien"})
    assert response.status_code == 200
    assert event_rules.NUL_IN_ANSWER in text(response)
    assert not SurveyAnswer.objects.exists()


def test_unicode_digits_in_reminder_days_are_refused_in_french():
    with pytest.raises(ValueError, match="n'est pas un nombre de jours"):
        workforce_rules.parse_reminder_days("30, ²")


def test_a_siren_or_siret_of_unicode_digits_is_refused_in_french():
    assert identifiers.siren_error("²" * 9) == "Le SIREN doit comporter exactement 9 chiffres."
    assert identifiers.siret_error("٣" * 14) == "Le SIRET doit comporter exactement 14 chiffres."


def test_an_imported_team_in_unicode_digits_is_looked_up_by_name():
    assert team_lookup("²") == {"name__iexact": "²"}
    assert team_lookup("12") == {"pk": 12}


# --- a huge ?page= ------------------------------------------------------------------------

PAGED_LISTS = [
    ("backoffice:suivi_sante:worker-list", "physician"),
    ("backoffice:suivi_sante:due-overdue", "physician"),
    ("portal:suivi_sante:worker-list", "portal_admin"),
    ("portal:suivi_sante:convocation-list", "portal_admin"),
]


@pytest.mark.parametrize(("url_name", "actor"), PAGED_LISTS)
def test_a_page_number_beyond_the_database_offset_is_clamped(url_name, actor, client_for):
    response = client_for(actor).get(reverse(url_name), {"page": HUGE})
    assert response.status_code == 200


def test_the_paginator_clamps_the_page_and_ignores_non_ascii_digits(world):
    queryset = WorkUnit.objects.order_by("pk")
    assert paginate(queryset, HUGE, 25).number == MAX_PAGE
    assert paginate(queryset, "²", 25).number == 1
    assert paginate(queryset, "0", 25).number == 1


# --- headcounts beyond PostgreSQL's integer -----------------------------------------------


def test_a_joining_headcount_beyond_a_million_is_refused_in_french():
    application, token = draft_application(**complete_fields())
    before = application.headcount_si
    response = Client().post(
        reverse("public:joining-step", args=[token, "activite"]),
        {
            "activity_description": "Menuiserie",
            "opening_hours": "8h-17h",
            "headcount_si": BEYOND_INT32,
            "headcount_sia": "0",
            "headcount_sir": "0",
            "existing_duerp": "no",
        },
    )
    assert response.status_code == 200
    assert "Un effectif ne peut pas dépasser 1 000 000 salariés." in text(response)
    assert MembershipApplication.objects.get(pk=application.pk).headcount_si == before


def test_a_duerp_headcount_beyond_a_million_is_refused_in_french(world, client_for):
    response = client_for("portal_admin").post(
        reverse("portal:prevention:duerp-open"), {"headcount": BEYOND_INT32}, follow=True
    )
    assert response.status_code == 200
    assert "Un effectif ne peut pas dépasser 1 000 000 salariés." in text(response)
    assert not Duerp.objects.filter(adherent=world.adherent).exists()


def test_a_workforce_headcount_beyond_a_million_is_refused_in_french(world, client_for):
    campaign_around_today()
    response = client_for("portal_admin").post(
        reverse("portal:adherents:workforce-declaration", args=[world.establishment.pk]),
        {"si": BEYOND_INT32, "sia": "0", "sir": "0"},
    )
    assert response.status_code == 200
    assert "Un effectif ne peut pas dépasser 1 000 000 salariés." in text(response)


# --- dates at the ends of the calendar ----------------------------------------------------


@pytest.mark.parametrize(
    ("date_from", "date_to"), [("0001-01-01", "2026-01-31"), ("2026-01-01", "9999-12-31")]
)
def test_the_requests_report_refuses_a_period_outside_1900_2199(date_from, date_to, client_for):
    response = client_for("member_service").get(
        reverse("backoffice:adherents:requests-report"),
        {"date_from": date_from, "date_to": date_to},
    )
    assert response.status_code == 200
    assert DATE_RANGE_MESSAGE in text(response)


def test_dates_inside_the_range_are_still_accepted(client_for):
    today = datetime.date.today()  # noqa: DTZ011 - a date inside the range, whatever the zone
    response = client_for("member_service").get(
        reverse("backoffice:adherents:requests-report"),
        {"date_from": "1900-01-01", "date_to": today.isoformat()},
    )
    assert response.status_code == 200
    assert DATE_RANGE_MESSAGE not in text(response)


# --- found by the fuzz suite --------------------------------------------------------------


@pytest.mark.parametrize("target", ["-86584877269", "agenda", "//evil.example/", "/a\x00b"])
def test_a_next_that_is_not_a_local_path_goes_back_to_the_booking(target, world, client_for):
    """A bare word passed Django's host check, then redirect() took it for a view name: 500."""
    url = reverse("backoffice:suivi_sante:worker-teleconsent", args=[world.worker.pk])
    response = client_for("secretary").post(url, {"next": target})
    assert response.status_code == 302
    assert response.url == reverse("backoffice:suivi_sante:visit-book", args=[world.worker.pk])


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_agenda_and_booking_weeks_at_the_ends_of_the_calendar_show_the_current_week(
    day, world, client_for
):
    """date + 7 days overflowed Python's date (OverflowError) on the week's "next" link."""
    secretary = client_for("secretary")
    agenda = secretary.get(reverse("backoffice:suivi_sante:agenda"), {"semaine": day})
    assert agenda.status_code == 200
    booking = secretary.get(
        reverse("backoffice:suivi_sante:visit-book", args=[world.worker.pk]), {"du": day}
    )
    assert booking.status_code == 200
