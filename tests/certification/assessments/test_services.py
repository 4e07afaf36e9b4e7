import datetime

import pytest
from django.db import IntegrityError

from certification.assessments import selectors, services
from certification.errors import CertificationError
from certification.models import Assessment
from tests.certification.factories import ControlledDocumentFactory
from tests.certification.helpers import ctx_of, small_referential


def _assess_all(actor, campaign, statuses):
    for line, status in zip(selectors.lines_of(campaign), statuses, strict=True):
        services.assess(actor=actor, assessment=line, status=status, justification="Hors périmètre")


@pytest.mark.django_db
def test_readiness_per_level_compares_with_the_previous_campaign(quality):
    actor = ctx_of(quality.actors["quality"])
    referential = small_referential()
    first = services.open_campaign(
        actor=actor, referential=referential, title="2025", started_on=datetime.date(2025, 1, 6)
    )
    _assess_all(actor, first, ["met", "not_addressed", "in_progress", "not_addressed"])
    services.close_campaign(actor=actor, campaign=first)
    second = services.open_campaign(
        actor=actor, referential=referential, title="2026", started_on=datetime.date(2026, 1, 5)
    )
    _assess_all(actor, second, ["met", "met", "met", "not_applicable"])
    comparison = selectors.comparison(second)
    levels = {row.key: row for row in comparison.levels}
    assert (levels["1"].current.percent, levels["1"].previous.percent, levels["1"].delta) == (
        100,
        50,
        50,
    )
    assert levels["3"].current.percent is None  # only criterion not applicable
    chapters = {row.key: row for row in comparison.chapters}
    assert chapters["5.3"].current.percent == 100
    assert chapters["5.3"].previous.percent == 0
    assert "niveau 1 : 100 % (+50 pts)" in comparison.summary
    bars, height = selectors.chart_bars(comparison.levels)
    assert len(bars) == 3
    assert bars[0].current_width > bars[0].previous_width
    assert height > 0


@pytest.mark.django_db
def test_not_applicable_needs_a_justification_even_in_the_database(quality):
    actor = ctx_of(quality.actors["quality"])
    campaign = services.open_campaign(
        actor=actor,
        referential=small_referential(),
        title="2026",
        started_on=datetime.date(2026, 1, 5),
    )
    line = campaign.assessments.first()
    with pytest.raises(CertificationError, match="justifié"):
        services.assess(actor=actor, assessment=line, status="not_applicable", justification=" ")
    with pytest.raises(IntegrityError):
        Assessment.objects.filter(pk=line.pk).update(status="not_applicable")


@pytest.mark.django_db
def test_evidence_pins_the_approved_version_and_a_closed_campaign_is_frozen(quality):
    actor = ctx_of(quality.actors["quality"])
    campaign = services.open_campaign(
        actor=actor,
        referential=small_referential(),
        title="2026",
        started_on=datetime.date(2026, 1, 5),
    )
    line = campaign.assessments.first()
    document = ControlledDocumentFactory(center=quality.center)
    evidence = services.add_evidence(actor=actor, assessment=line, label="", document=document)
    assert evidence.label == str(document)
    assert evidence.document_version is None
    services.add_evidence(actor=actor, assessment=line, label="NC ouvertes", live_figure="open_ncs")
    services.close_campaign(actor=actor, campaign=campaign)
    with pytest.raises(CertificationError, match="close"):
        services.assess(actor=actor, assessment=line, status="met")


@pytest.mark.django_db
def test_a_new_referential_version_keeps_earlier_assessments(quality):
    from certification.referential import services as referential_services

    actor = ctx_of(quality.actors["quality"])
    referential = small_referential()
    campaign = services.open_campaign(
        actor=actor, referential=referential, title="2025", started_on=datetime.date(2025, 1, 6)
    )
    job = referential_services.check_referential_file(
        actor=actor,
        version="V2",
        published_on=None,
        filename="v2.csv",
        content=b"chapitre;code;libelle;niveau\n4.1;N-01;Nouveau.;1\n",
    )
    referential_services.load_referential(actor=actor, job=job)
    assert campaign.assessments.count() == 4
    assert {line.criterion.referential_id for line in campaign.assessments.all()} == {
        referential.pk
    }


@pytest.mark.django_db
def test_evidence_shows_the_live_figure_of_the_portal(quality):
    from django.test import Client
    from django.urls import reverse

    from tests.certification.factories import NonConformityFactory
    from tests.conftest import login

    actor = ctx_of(quality.actors["quality"])
    campaign = services.open_campaign(
        actor=actor,
        referential=small_referential(),
        title="2026",
        started_on=datetime.date(2026, 1, 5),
    )
    services.add_evidence(
        actor=actor,
        assessment=campaign.assessments.first(),
        label="Registre",
        live_figure="open_ncs",
    )
    NonConformityFactory.create_batch(2, center=quality.center)
    page = login(Client(), quality.actors["direction"]).get(
        reverse("backoffice:certification:campaign-detail", args=[campaign.pk])
    )
    assert "Registre : 2 non-conformités ouvertes" in page.content.decode()
