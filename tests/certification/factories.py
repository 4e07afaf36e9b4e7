"""Minimal valid graphs of the quality system."""

import datetime

import factory
from django.utils import timezone

from certification.models import (
    Assessment,
    Audit,
    Campaign,
    Chapter,
    ControlledDocument,
    CorrectiveAction,
    Criterion,
    NonConformity,
    Process,
    Referential,
)
from tests.accounts.factories import HealthCenterFactory, StaffUserFactory


class ReferentialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referential

    version = factory.Sequence(lambda n: f"SPEC 2217 v{n}")


class ChapterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Chapter

    referential = factory.SubFactory(ReferentialFactory)
    code = factory.Sequence(lambda n: f"{n % 5 + 1}.{n}")
    title = factory.Sequence(lambda n: f"Chapitre {n}")
    position = factory.Sequence(lambda n: n)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    chapter = factory.SubFactory(ChapterFactory)
    referential = factory.SelfAttribute("chapter.referential")
    code = factory.Sequence(lambda n: f"C{n:03d}")
    text = factory.Sequence(lambda n: f"Le service formalise l'exigence {n}.")
    level = 1
    position = factory.Sequence(lambda n: n)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    center = factory.SubFactory(HealthCenterFactory)
    referential = factory.SubFactory(ReferentialFactory)
    title = factory.Sequence(lambda n: f"Auto-évaluation {n}")
    started_on = factory.LazyFunction(timezone.localdate)
    created_by = factory.SubFactory(StaffUserFactory)


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    campaign = factory.SubFactory(CampaignFactory)
    criterion = factory.SubFactory(CriterionFactory)


class NonConformityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NonConformity

    center = factory.SubFactory(HealthCenterFactory)
    number = factory.Sequence(lambda n: n + 1)
    source = "incident"
    title = factory.Sequence(lambda n: f"Écart {n}")
    description = "Convocation envoyée sans délai de prévenance."
    severity = "minor"
    detected_on = factory.LazyFunction(timezone.localdate)
    due_on = factory.LazyAttribute(lambda o: o.detected_on + datetime.timedelta(days=180))
    raised_by = factory.SubFactory(StaffUserFactory)


class CorrectiveActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CorrectiveAction

    nonconformity = factory.SubFactory(NonConformityFactory)
    description = "Rappeler la règle de prévenance aux secrétariats."
    owner = factory.SubFactory(StaffUserFactory)
    due_on = factory.LazyAttribute(lambda o: o.nonconformity.due_on)


class AuditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Audit

    center = factory.SubFactory(HealthCenterFactory)
    kind = "internal"
    title = factory.Sequence(lambda n: f"Audit interne {n}")
    scope = "Suivi individuel de l'état de santé"
    starts_on = factory.LazyFunction(timezone.localdate)
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=2))
    created_by = factory.SubFactory(StaffUserFactory)


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Process

    center = factory.SubFactory(HealthCenterFactory)
    code = factory.Sequence(lambda n: f"P{n:02d}")
    name = factory.Sequence(lambda n: f"Processus {n}")
    kind = "core"
    pilot = factory.SubFactory(StaffUserFactory)
    next_review_on = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=365)
    )


class ControlledDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ControlledDocument

    center = factory.SubFactory(HealthCenterFactory)
    reference = factory.Sequence(lambda n: f"PR-{n:03d}")
    title = factory.Sequence(lambda n: f"Procédure {n}")
    kind = "procedure"
    owner = factory.SubFactory(StaffUserFactory)
