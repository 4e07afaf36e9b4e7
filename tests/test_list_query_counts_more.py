"""The other lists of both spaces (issue 19, item 1): each answers in a flat number of queries,
whatever the number of rows, and the new rows are on the page (in the reader's scope).
tests/test_list_query_counts.py holds the first nine; the portal's FE and convocation lists are
asserted in their apps' tests (tests/prevention/fiche, tests/suivi_sante/agenda)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from adherents.models import DeclarationCampaign
from tests.adherents.factories import (
    AccountingFirmFactory,
    AdherentFactory,
    EstablishmentFactory,
    MandateFactory,
)
from tests.adherents.factories_events import (
    ComplaintFactory,
    MeetingFactory,
    RegistrationFactory,
    SessionFactory,
    SurveyFactory,
)
from tests.adherents.factories_firms import invoice_for
from tests.adherents.factories_requests import MemberRequestFactory, PartnerFactory
from tests.adherents.factories_workforce import CampaignFactory, campaign_around_today
from tests.prevention.factories import DuerpFactory, FicheFactory, PreventionActionFactory
from tests.suivi_sante.factories import DueVisitFactory
from tests.test_list_query_counts import MAX_QUERIES, read_before_and_after


def _soon(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def _declaring_sites(w, n) -> None:
    """This year's campaign is open; each new site of the member has a line to declare."""
    if not DeclarationCampaign.objects.filter(year=timezone.localdate().year).exists():
        campaign_around_today()
    EstablishmentFactory.create_batch(n, adherent=w.adherent)


def _mandates_of(w, n) -> None:
    firm = w.actors["firm_mandated"].firm_memberships.get().firm
    MandateFactory.create_batch(n, firm=firm)


LISTS = [
    # The member portal.
    (
        "portal:adherents:firms-mandate-list",
        "portal_admin",
        lambda w, n: MandateFactory.create_batch(n, adherent=w.adherent),
    ),
    ("portal:adherents:firms-portfolio", "firm_mandated", _mandates_of),
    ("portal:adherents:workforce-declaration-list", "portal_admin", _declaring_sites),
    (
        "portal:adherents:requests-list",
        "portal_admin",
        lambda w, n: MemberRequestFactory.create_batch(n, adherent=w.adherent),
    ),
    (
        "portal:adherents:events-session-list",
        "portal_admin",
        lambda w, n: SessionFactory.create_batch(n, meeting__center=w.center),
    ),
    (
        "portal:adherents:events-registration-list",
        "portal_admin",
        lambda w, n: RegistrationFactory.create_batch(n, adherent=w.adherent),
    ),
    (
        "portal:adherents:billing-invoice-list",
        "portal_admin",
        lambda w, n: [invoice_for(w.adherent, "120.00") for _ in range(n)],
    ),
    # The back-office.
    (
        "backoffice:adherents:billing-invoice-list",
        "billing",
        lambda w, n: [invoice_for(w.adherent, "120.00") for _ in range(n)],
    ),
    (
        "backoffice:prevention:duerp-list",
        "prevention_assistant",
        lambda w, n: DuerpFactory.create_batch(n, adherent__team=w.team),
    ),
    (
        "backoffice:adherents:firms-firm-list",
        "member_service",
        lambda w, n: AccountingFirmFactory.create_batch(n),
    ),
    (
        "backoffice:adherents:workforce-campaign-list",
        "member_service",
        lambda w, n: CampaignFactory.create_batch(n),
    ),
    (
        "backoffice:adherents:requests-inbox",
        "member_service",
        lambda w, n: MemberRequestFactory.create_batch(n, adherent=w.adherent),
    ),
    (
        "backoffice:adherents:requests-partner-list",
        "member_service",
        lambda w, n: PartnerFactory.create_batch(n),
    ),
    (
        "backoffice:adherents:events-meeting-list",
        "member_service",
        lambda w, n: MeetingFactory.create_batch(n, center=w.center),
    ),
    (
        "backoffice:adherents:events-survey-list",
        "member_service",
        lambda w, n: SurveyFactory.create_batch(n),
    ),
    (
        "backoffice:adherents:events-complaint-list",
        "member_service",
        lambda w, n: ComplaintFactory.create_batch(n, center=w.center),
    ),
    (
        "backoffice:prevention:fiche-list",
        "prevention_assistant",
        lambda w, n: FicheFactory.create_batch(
            n, establishment__adherent=AdherentFactory(team=w.team)
        ),
    ),
    (
        "backoffice:prevention:action-list",
        "prevention_assistant",
        lambda w, n: PreventionActionFactory.create_batch(n, adherent=w.adherent),
    ),
    (
        "backoffice:suivi_sante:due-upcoming",
        "secretary",
        lambda w, n: DueVisitFactory.create_batch(n, worker__adherent=w.adherent, due_on=_soon(20)),
    ),
]


@pytest.mark.parametrize(
    ("url_name", "actor", "make_rows"),
    [pytest.param(*row, id=f"{row[0]}-{row[1]}") for row in LISTS],
)
def test_list_query_count_is_flat(url_name, actor, make_rows, world, client_for):
    (few, few_size), (many, many_size) = read_before_and_after(
        client_for(actor), reverse(url_name), world, make_rows
    )
    assert many_size > few_size, "the new rows must be on the page, in the actor's scope"
    assert few == many <= MAX_QUERIES
