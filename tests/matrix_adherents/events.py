"""Permission-matrix rows of the membership area: employer meetings, satisfaction surveys,
complaints (adherents/events/urls.py).

Only the member service holds "adherents.meeting:manage", "adherents.survey:manage" and
"adherents.complaint:manage" among the world's actors; the invoicing agent reads survey results
("adherents.report:view"). Members register their people ("adherents.meeting:register", not
given to firms). The helpers build the objects of A's centre these rows and
tests/adherents/events/ need.
"""

import datetime

from django.utils import timezone

from tests.adherents.factories_events import (
    ComplaintFactory,
    MeetingFactory,
    QuestionFactory,
    RegistrationFactory,
    SessionFactory,
    SurveyFactory,
)
from tests.matrix import (
    PORTAL_MEMBERS_ONLY,
    Case,
    backoffice_for,
)


def meeting_for(world, **overrides):
    return MeetingFactory(center=world.center, **overrides)


def session_for(world, **overrides):
    meeting = overrides.pop("meeting", None) or meeting_for(world)
    return SessionFactory(meeting=meeting, **overrides)


def _past_session_with_attendee(world):
    session = session_for(world, starts_at=timezone.now() - datetime.timedelta(hours=3))
    registration_for(world, session=session, attended=True)
    return session


def registration_for(world, *, session=None, **overrides):
    """A registration of a person of member A (registered by A's admin)."""
    return RegistrationFactory(
        session=session or session_for(world),
        adherent=world.adherent,
        registered_by=world.actors["portal_admin"],
        **overrides,
    )


def survey_for(world, **overrides):
    survey = SurveyFactory(**overrides)
    QuestionFactory(survey=survey)
    return survey


def question_for(world):
    return QuestionFactory(survey=SurveyFactory())


def complaint_for(world, **overrides):
    return ComplaintFactory(
        center=world.center, recorded_by=world.actors["member_service"], **overrides
    )


# Back-office pages of the member service only.
MEMBER_SERVICE = backoffice_for("member_service")
MEMBER_SERVICE_POST = {**MEMBER_SERVICE, "member_service": 302}
# Survey list and results: "survey:manage" or "report:view".
SURVEY_READ = {**MEMBER_SERVICE, "billing": 200}
# Portal pages of members' people; firms hold no meeting code.
PORTAL_REGISTER = PORTAL_MEMBERS_ONLY

CASES = [
    Case("portal:adherents:events-session-list", PORTAL_REGISTER),
    Case(
        "portal:adherents:events-register",
        PORTAL_REGISTER,  # B follows the same centre: it sees the session too
        args=lambda w: [session_for(w).pk],
    ),
    Case("portal:adherents:events-registration-list", PORTAL_REGISTER),
    Case(
        "portal:adherents:events-registration-cancel",
        {**PORTAL_REGISTER, "portal_admin": 302, "portal_other": 404},
        args=lambda w: [registration_for(w).pk],
        method="post",
    ),
    Case("backoffice:adherents:events-meeting-list", MEMBER_SERVICE),
    Case("backoffice:adherents:events-meeting-create", MEMBER_SERVICE),
    Case(
        "backoffice:adherents:events-meeting-detail",
        MEMBER_SERVICE,
        args=lambda w: [meeting_for(w).pk],
    ),
    Case(
        "backoffice:adherents:events-meeting-edit",
        MEMBER_SERVICE,
        args=lambda w: [meeting_for(w).pk],
    ),
    Case(
        "backoffice:adherents:events-session-create",
        MEMBER_SERVICE,
        args=lambda w: [meeting_for(w).pk],
    ),
    Case(
        "backoffice:adherents:events-session-detail",
        MEMBER_SERVICE,
        args=lambda w: [session_for(w).pk],
    ),
    Case(
        "backoffice:adherents:events-session-edit",
        MEMBER_SERVICE,
        args=lambda w: [session_for(w).pk],
    ),
    Case(
        "backoffice:adherents:events-session-cancel",
        MEMBER_SERVICE_POST,
        args=lambda w: [session_for(w).pk],
        method="post",
    ),
    Case(
        "backoffice:adherents:events-session-attendance",
        MEMBER_SERVICE_POST,
        # Attendance is noted once the session has started.
        args=lambda w: [session_for(w, starts_at=timezone.now() - datetime.timedelta(hours=1)).pk],
        method="post",
    ),
    Case(
        "backoffice:adherents:events-session-survey",
        MEMBER_SERVICE_POST,
        # Sent once the session is over, to the people noted present.
        args=lambda w: [_past_session_with_attendee(w).pk],
        method="post",
        data=lambda w: {"survey": survey_for(w, kind="event").pk},
    ),
    Case("backoffice:adherents:events-survey-list", SURVEY_READ),
    Case("backoffice:adherents:events-survey-create", MEMBER_SERVICE),
    Case(
        "backoffice:adherents:events-survey-detail",
        MEMBER_SERVICE,
        args=lambda w: [survey_for(w).pk],
    ),
    Case(
        "backoffice:adherents:events-survey-edit",
        MEMBER_SERVICE,
        args=lambda w: [survey_for(w).pk],
    ),
    Case(
        "backoffice:adherents:events-question-add",
        MEMBER_SERVICE_POST,
        args=lambda w: [survey_for(w).pk],
        method="post",
        data=lambda w: {"text": "Les horaires vous conviennent-ils ?", "kind": "yes_no"},
    ),
    Case(
        "backoffice:adherents:events-question-delete",
        MEMBER_SERVICE_POST,
        args=lambda w: [question_for(w).pk],
        method="post",
    ),
    Case(
        "backoffice:adherents:events-survey-yearly",
        MEMBER_SERVICE_POST,
        args=lambda w: [survey_for(w, kind="yearly").pk],
        method="post",
    ),
    Case(
        "backoffice:adherents:events-survey-invite",
        MEMBER_SERVICE_POST,
        args=lambda w: [survey_for(w).pk],
        method="post",
        data=lambda w: {"siren": w.adherent.siren, "email": "dirigeant@alpha.fr"},
    ),
    Case(
        "backoffice:adherents:events-survey-results",
        SURVEY_READ,
        args=lambda w: [survey_for(w).pk],
    ),
    Case("backoffice:adherents:events-complaint-list", MEMBER_SERVICE),
    Case("backoffice:adherents:events-complaint-create", MEMBER_SERVICE),
    Case(
        "backoffice:adherents:events-complaint-detail",
        MEMBER_SERVICE,
        args=lambda w: [complaint_for(w).pk],
    ),
    Case(
        "backoffice:adherents:events-complaint-close",
        MEMBER_SERVICE_POST,
        args=lambda w: [complaint_for(w, handling="Rappel du plaignant, excuses.").pk],
        method="post",
    ),
]
