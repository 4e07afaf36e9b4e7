"""E-mailed secret links expire (issue 10, item 11): a joining link 30 days after it was sent,
a partner's answer link 60 days, a survey invitation 90 days; then a French page, HTTP 410."""

import datetime
import html

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from adherents.models import SurveyInvitation
from spsti.secret_links import is_expired
from spsti.secret_links import token_hash as hash_token
from tests.adherents.factories import AdherentFactory
from tests.adherents.factories_events import SurveyFactory
from tests.adherents.factories_joining import draft_application
from tests.adherents.factories_requests import ReferralFactory, paris

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize(
    ("issued", "days", "today", "expired"),
    [
        (D(2026, 3, 1), 30, D(2026, 3, 31), False),  # the last day it works
        (D(2026, 3, 1), 30, D(2026, 4, 1), True),
        (D(2026, 1, 31), 30, D(2026, 3, 2), False),  # across February
        (D(2026, 1, 31), 30, D(2026, 3, 3), True),
        (D(2026, 12, 15), 60, D(2027, 2, 13), False),  # across the year end
        (D(2026, 12, 15), 60, D(2027, 2, 14), True),
        (D(2026, 6, 1), 90, D(2026, 6, 1), False),
    ],
)
def test_link_lifetime_is_counted_in_whole_days(issued, days, today, expired):
    assert is_expired(issued, days, today) is expired


def _page(url: str):
    response = Client().get(url)
    return response.status_code, html.unescape(response.content.decode())


def test_a_joining_link_expires_30_days_after_it_was_sent():
    with time_machine.travel(paris(2026, 3, 1, 10), tick=False):
        _application, token = draft_application(company_name="Menuiserie Delta")
    url = reverse("public:joining-resume", args=[token])
    with time_machine.travel(paris(2026, 3, 31, 23, 30), tick=False):
        assert _page(url)[0] == 302
    with time_machine.travel(paris(2026, 4, 1, 0, 30), tick=False):
        status, body = _page(url)
        assert status == 410
        assert "Lien de demande d'adhésion expiré" in body
        assert "envoyé le 01/03/2026" in body
        assert "Menuiserie Delta" not in body
        step = reverse("public:joining-step", args=[token, "contacts"])
        assert _page(step)[0] == 410
        response = Client().post(reverse("public:joining-submit", args=[token]))
        assert response.status_code == 410


def test_a_new_joining_link_starts_a_new_lifetime(django_capture_on_commit_callbacks):
    with time_machine.travel(paris(2026, 3, 1, 10), tick=False):
        draft_application(applicant_email="gerant@delta.fr")
    with time_machine.travel(paris(2026, 4, 20, 10), tick=False):
        from adherents.joining.services import resend_lost_links

        with django_capture_on_commit_callbacks(execute=False):
            assert resend_lost_links(email="gerant@delta.fr") == 1
    from adherents.models import MembershipApplication

    application = MembershipApplication.objects.get(applicant_email="gerant@delta.fr")
    assert application.token_issued_at == paris(2026, 4, 20, 10)


def test_a_partner_link_expires_60_days_after_it_was_sent():
    token = "jeton-partenaire-expirant"
    referral = ReferralFactory(
        sent_on=D(2026, 3, 1), due_on=D(2026, 3, 16), token_hash=hash_token(token)
    )
    url = reverse("public:requests-partner-answer", args=[token])
    with time_machine.travel(paris(2026, 4, 30, 12), tick=False):
        assert _page(url)[0] == 200
    with time_machine.travel(paris(2026, 5, 1, 12), tick=False):
        status, body = _page(url)
        assert status == 410
        assert "Lien de réponse expiré" in body
        assert referral.request.subject not in body
        response = Client().post(url, {"answer": "Trop tard ?"})
        assert response.status_code == 410
    referral.refresh_from_db()
    assert referral.answered_at is None


def test_a_survey_link_expires_90_days_after_it_was_sent():
    token = "jeton-enquete-expirant"
    survey = SurveyFactory(title="Votre rencontre employeurs")
    with time_machine.travel(paris(2026, 3, 1, 10), tick=False):
        SurveyInvitation.objects.create(
            survey=survey,
            adherent=AdherentFactory(),
            email="dirigeant@alpha.fr",
            token_hash=hash_token(token),
            context_label="Visite du 01/03/2026",
        )
    url = reverse("public:events-survey-answer", args=[token])
    with time_machine.travel(paris(2026, 5, 30, 12), tick=False):
        assert _page(url)[0] == 200
    with time_machine.travel(paris(2026, 5, 31, 12), tick=False):
        status, body = _page(url)
        assert status == 410
        assert "Lien d'enquête expiré" in body
