"""The anonymous hand-over form is no e-mail relay (issue 10, item 6): fixed text only, and a
limit per recipient whatever the application."""

import html

import pytest
from django.test import Client
from django.urls import reverse

from tests.adherents.factories_joining import draft_application

pytestmark = pytest.mark.django_db

BAIT = "URGENT virement a faire sur https://arnaque.example/payer"


def _handoff(token: str, email: str):
    return Client().post(
        reverse("public:joining-handoff", args=[token]),
        {"email": email, "back": "contacts"},
        follow=True,
    )


def test_the_handoff_email_carries_no_text_chosen_by_the_visitor(mailoutbox):
    _application, token = draft_application(
        applicant_email="payez-ici.arnaque.example@exemple.fr", company_name=BAIT
    )
    _handoff(token, "victime@exemple.fr")
    (message,) = mailoutbox
    assert message.to == ["victime@exemple.fr"]
    assert "arnaque" not in message.subject + message.body
    assert token in message.body


def test_the_lost_link_email_carries_no_text_chosen_by_the_visitor(
    mailoutbox, django_capture_on_commit_callbacks
):
    draft_application(applicant_email="victime@exemple.fr", company_name=BAIT)
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(reverse("public:joining-lost-link"), {"email": "victime@exemple.fr"})
    (message,) = mailoutbox
    assert "arnaque" not in message.subject + message.body


def test_one_address_receives_few_handoffs_a_day_whatever_the_application(mailoutbox, settings):
    settings.SPSTI_HANDOFFS_PER_RECIPIENT_PER_DAY = 3
    for _ in range(3):
        _handoff(draft_application()[1], "Victime@Exemple.fr")
    response = _handoff(draft_application()[1], "victime@exemple.fr")
    assert "a déjà reçu plusieurs demandes d'adhésion" in html.unescape(response.content.decode())
    assert len(mailoutbox) == 3
    _handoff(draft_application()[1], "autre@exemple.fr")  # another address is not blocked
    assert len(mailoutbox) == 4
