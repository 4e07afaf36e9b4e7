"""Factories of employer meetings, satisfaction surveys and complaints."""

import datetime

import factory
from django.utils import timezone

from adherents.models import (
    Complaint,
    EmployerMeeting,
    MeetingFormat,
    MeetingRegistration,
    MeetingSession,
    QuestionKind,
    Survey,
    SurveyKind,
    SurveyQuestion,
)
from tests.accounts.factories import HealthCenterFactory, StaffUserFactory, UserFactory
from tests.adherents.factories import AdherentFactory


def in_days(days: int, hour: int = 9) -> datetime.datetime:
    """An aware datetime `days` from today at `hour`:00, local time."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployerMeeting

    center = factory.SubFactory(HealthCenterFactory)
    title = factory.Sequence(lambda n: f"Présentation du service n°{n}")
    description = "Missions, équipes, actions du service."
    format = MeetingFormat.IN_PERSON
    is_published = True


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingSession

    meeting = factory.SubFactory(MeetingFactory)
    starts_at = factory.LazyFunction(lambda: in_days(7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    place = "Salle Saône, 2 rue des Écoles, Mâcon"
    capacity = 10


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingRegistration

    session = factory.SubFactory(SessionFactory)
    adherent = factory.SubFactory(AdherentFactory)
    attendee_name = factory.Sequence(lambda n: f"Participant {n}")
    attendee_email = factory.Sequence(lambda n: f"participant{n}@exemple.fr")
    registered_by = factory.SubFactory(UserFactory)


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    title = factory.Sequence(lambda n: f"Enquête {n}")
    kind = SurveyKind.EVENT


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyQuestion

    survey = factory.SubFactory(SurveyFactory)
    position = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Question {n} ?")
    kind = QuestionKind.RATING
    required = True


class ComplaintFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Complaint

    center = factory.SubFactory(HealthCenterFactory)
    received_on = factory.LazyFunction(timezone.localdate)
    channel = "email"
    subject = factory.Sequence(lambda n: f"Réclamation {n}")
    description = "Convocation reçue la veille de la visite."
    recorded_by = factory.SubFactory(StaffUserFactory)
