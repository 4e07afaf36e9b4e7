"""Fuzz the public pages (no login): the joining application at each of its steps, the partner's
answer page, the satisfaction survey; anonymous, and as a logged-in member's user.

Every public URL name must say here how to build its arguments (the secret-link tokens), as the
permission matrix does for the shells: a new public page fails the first test until it does.
"""

from collections.abc import Callable

import pytest
from django.core import mail
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts import activation
from adherents.events import services_surveys as events_surveys
from adherents.joining.views_public import SLUGS
from spsti import secret_links
from tests.adherents.factories_events import QuestionFactory, SurveyFactory
from tests.adherents.factories_joining import complete_fields, draft_application
from tests.adherents.factories_requests import MemberRequestFactory, ReferralFactory
from tests.conftest import login
from tests.fuzz.test_fuzz_shells import fuzz_page

ACTORS = ("anonymous", "portal_admin")


def _joining(world) -> str:
    return draft_application(**complete_fields())[1]


def _partner(world) -> str:
    token, digest = secret_links.new_token()
    request = MemberRequestFactory(
        adherent=world.adherent, created_by=world.actors["portal_admin"], subject="Aide"
    )
    ReferralFactory(request=request, token_hash=digest)
    return token


def _survey(world) -> str:
    survey = SurveyFactory(title="Votre visite")
    QuestionFactory(survey=survey, position=1, kind="rating", text="Note ?")
    QuestionFactory(survey=survey, position=2, kind="yes_no", required=False, text="Utile ?")
    QuestionFactory(survey=survey, position=3, kind="text", required=False, text="Remarques ?")
    mail.outbox.clear()
    events_surveys.invite(survey, world.adherent, "dirigeant@alpha.fr", "Visite du 12/03/2026")
    return mail.outbox[-1].body.split("/enquete-satisfaction/")[1].split("/")[0]


def _staff_activation(world) -> str:
    return activation.new_link(world.actors["nurse"]).rstrip("/").rsplit("/", 1)[1]


# URL name -> the argument lists to fuzz it with (several for the joining steps).
PUBLIC: dict[str, Callable] = {
    "home": lambda w: [[]],
    "membership": lambda w: [[]],
    "after-login": lambda w: [[]],
    "public:joining-start": lambda w: [[]],
    "public:joining-lost-link": lambda w: [[]],
    "public:joining-resume": lambda w: [[_joining(w)]],
    "public:joining-handoff": lambda w: [[_joining(w)]],
    "public:joining-submit": lambda w: [],  # POST only: its form is on the review step
    "public:joining-step": lambda w: [[_joining(w), slug] for slug in SLUGS.values()],
    "public:requests-partner-answer": lambda w: [[_partner(w)]],
    "public:events-survey-answer": lambda w: [[_survey(w)]],
    # The self-employed offer (tns): its public page and the online joining.
    "tns:offer": lambda w: [[]],
    "tns:join": lambda w: [[]],
    "tns:join-done": lambda w: [[]],
    # The PDP cell's partners answer through their secret link (a live one, and a made-up one).
    "pdp_public:partner-answer": lambda w: [_pdp_partner_token(w), ["x" * 43]],
    # Ours in place of allauth's: address management (no unconfirmed primary), TOTP enrolment
    # (closed to staff), and the staff activation link.
    "account_email": lambda w: [[]],
    "mfa_activate_totp": lambda w: [[]],
    "staff-activation": lambda w: [[_staff_activation(w)]],
}


def _pdp_partner_token(world) -> list[str]:
    from tests.matrix_pdp.plans import _partner_token  # noqa: PLC0415

    return _partner_token(world)


def _public_url_names(resolver=None, prefix="") -> set[str]:
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in ("portal", "backoffice", "admin"):
                continue
            if entry.namespace == "api":
                continue  # the REST API: fuzzed from its schema by Schemathesis (tests/api)
            if "allauth" in getattr(entry.urlconf_module, "__name__", "allauth"):
                continue  # allauth's own pages: login, MFA (tested by its maintainers and ours)
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= _public_url_names(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{prefix}{entry.name}")
    return names


def test_every_public_page_is_fuzzed():
    missing = _public_url_names() - set(PUBLIC)
    assert not missing, f"public pages without arguments in tests/fuzz: {sorted(missing)}"


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", sorted(PUBLIC))
def test_public_page_never_answers_500_nor_writes_when_refusing(url_name, world):
    findings: list[str] = []
    for args in PUBLIC[url_name](world):
        url = reverse(url_name, args=args)
        seen: set = set()
        for actor in ACTORS:
            fuzz_page(login(Client(), world.actors[actor]), url, findings, actor, seen)
    assert not findings, "\n".join(findings)
