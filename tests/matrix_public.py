"""Permission-matrix rows outside both shells: the public pages (open to everyone, logged in or
not; the secret-link pages to whoever holds the link) and the Django admin (superusers only:
every actor of the world is refused, by a redirect to a login page, a 403 or a 404)."""

from accounts import activation
from spsti import secret_links
from tests.adherents.factories import AdherentFactory
from tests.adherents.factories_events import QuestionFactory, SurveyFactory
from tests.adherents.factories_joining import draft_application
from tests.adherents.factories_requests import ReferralFactory
from tests.matrix import ACTORS, NOT_200, Case

EVERYONE = dict.fromkeys(ACTORS, 200)
EVERYONE_REDIRECTED = dict.fromkeys(ACTORS, 302)
NOBODY = dict.fromkeys(ACTORS, NOT_200)  # no superuser in the world


def _draft_token(world) -> str:
    return draft_application()[1]


def _referral_token(world) -> list:
    token, digest = secret_links.new_token()
    ReferralFactory(request__adherent=world.adherent, token_hash=digest)
    return [token]


def _survey_token(world) -> list:
    survey = SurveyFactory()
    QuestionFactory(survey=survey)
    token, digest = secret_links.new_token()
    survey.invitations.create(
        adherent=world.adherent, email="dirigeant@alpha.fr", token_hash=digest
    )
    return [token]


def _staff_activation_token(world) -> list:
    return [activation.new_link(world.actors["nurse"]).rstrip("/").rsplit("/", 1)[1]]


CASES = [
    Case("home", EVERYONE),
    Case("membership", EVERYONE),
    Case("after-login", EVERYONE_REDIRECTED),  # anonymous: the login page; users: their shell
    Case("public:joining-start", EVERYONE),
    Case("public:joining-lost-link", EVERYONE),
    # Whoever holds the link resumes the application at its current step.
    Case("public:joining-resume", EVERYONE_REDIRECTED, args=lambda w: [_draft_token(w)]),
    Case("public:joining-step", EVERYONE, args=lambda w: [_draft_token(w), "entreprise"]),
    Case(
        "public:joining-handoff",
        EVERYONE_REDIRECTED,  # an invalid address: back to the step, with the form's message
        args=lambda w: [_draft_token(w)],
        method="post",
        data=lambda w: {"email": "pas-une-adresse"},
        refused_with=dict.fromkeys(ACTORS, ""),
    ),
    Case(
        "public:joining-submit",
        EVERYONE_REDIRECTED,  # an incomplete file: back to the review, nothing sent
        args=lambda w: [_draft_token(w)],
        method="post",
        refused_with=dict.fromkeys(ACTORS, ""),
    ),
    Case("public:requests-partner-answer", EVERYONE, args=_referral_token),
    Case("public:events-survey-answer", EVERYONE, args=_survey_token),
    # Whoever holds a staff activation link sees its form (password and TOTP together).
    Case("staff-activation", EVERYONE, args=_staff_activation_token),
    Case("admin:index", NOBODY),
    Case("admin:accounts_user_changelist", NOBODY),
    Case("admin:mfa_authenticator_changelist", NOBODY),
    Case(
        "admin:auth_user_password_change",
        NOBODY,
        args=lambda w: [w.actors["physician"].pk],
    ),
    Case(
        "admin:adherents_adherent_change",
        NOBODY,
        args=lambda w: [AdherentFactory().pk],
    ),
]
