"""Permission-matrix rows of the self-employed offer (tns/*/urls.py).

In the world, A's admin is also a company head affiliated to the offer before heads were
declared in the workforce declaration (art. L4621-4; such periods stay readable): they
hold "tns.space:view" like every member admin, so B's admin enters the space but meets A's
objects as 404 and the screening as refused (no open affiliation). Firms never enter. In the back
office, scores are for the health professionals (physician, nurse) of the person's team; the
affiliations list is administrative (member service too); the indicators go to the member
service (and direction, not in the world).
"""

import datetime

from django.utils import timezone

from tests.adherents.factories_billing import TariffFactory
from tests.matrix import ACTORS, PORTAL_OPEN, Case, backoffice_for
from tests.tns.factories import affiliation_for, offer_for, session_in
from tns.models import ContactProposal, Screening, TnsOffer, WorkshopRegistration

EVERYONE = dict.fromkeys(ACTORS, 200)
SPACE = {**PORTAL_OPEN, "firm_mandated": 403, "firm_unmandated": 403}
SPACE_ON_A = {**SPACE, "portal_other": 404}
POSTED_ON_A = {**SPACE_ON_A, "portal_admin": 302}
HEALTH = backoffice_for("physician", "nurse", "physician_other")
HEALTH_ON_A = {**HEALTH, "physician_other": 404}
WORKSHOPS = backoffice_for("physician", "nurse", "physician_other", "member_service")
WORKSHOP_ON_A = {**WORKSHOPS, "physician_other": 404}


def head_affiliation(world):
    """A's admin, affiliated as the company head from today."""
    if not TnsOffer.objects.exists():
        offer_for(world.team)
    user = world.actors["portal_admin"]
    existing = user.tns_affiliations.first()
    return existing or affiliation_for(user, world.adherent, start_on=timezone.localdate())


def screening(world):
    affiliation = head_affiliation(world)
    found = Screening.objects.filter(person=affiliation.person).first()
    if found:
        return found
    return Screening.objects.create(
        person=affiliation.person,
        affiliation=affiliation,
        serves_clients=False,
        status="submitted",
        submitted_at=timezone.now(),
        personal_score=45.83,
        work_score=71.43,
        trigger=True,
    )


def proposal(world):
    found = screening(world)
    return ContactProposal.objects.get_or_create(
        screening=found,
        defaults={"team": world.team, "due_on": timezone.localdate() + datetime.timedelta(days=7)},
    )[0]


def session(world):
    return session_in(world.center, timezone.now() + datetime.timedelta(days=10))


def registration(world):
    affiliation = head_affiliation(world)
    return WorkshopRegistration.objects.create(
        session=session(world),
        person=affiliation.person,
        charter_accepted_at=timezone.now(),
        charter_version="2026-1",
    )


def _free_slot(world) -> dict:
    from tests.suivi_sante.factories import SlotFactory

    slot = SlotFactory(
        center=world.center,
        professional=world.actors["nurse"],
        performer="nurse",
        starts_at=timezone.now() + datetime.timedelta(days=3),
    )
    return {"slot": slot.pk}


def _vip(world):
    from tests.suivi_sante.factories import SlotFactory
    from tns.models import TnsVisit

    slot = SlotFactory(
        center=world.center,
        professional=world.actors["nurse"],
        performer="nurse",
        starts_at=timezone.now() + datetime.timedelta(days=4),
    )
    affiliation = head_affiliation(world)
    return TnsVisit.objects.create(
        person=affiliation.person,
        affiliation=affiliation,
        slot=slot,
        professional=slot.professional,
        scheduled_at=slot.starts_at,
        booked_by=world.actors["nurse"],
    )


def _affiliated(world) -> list:
    head_affiliation(world)
    return []


def _renewable(world):
    """A self-employed period of A's admin: a company head's period is no longer renewed (the
    head is declared in the workforce declaration, art. L4621-4)."""
    if not TnsOffer.objects.exists():
        offer_for(world.team)
    affiliation = affiliation_for(
        world.actors["portal_admin"],
        world.adherent,
        start_on=timezone.localdate(),
        basis="self_employed",
    )
    TariffFactory(year=affiliation.end_on.year + 1)
    TariffFactory(year=affiliation.end_on.year)
    return [affiliation.pk]


CASES = [
    Case("tns:offer", EVERYONE),
    Case("tns:join", EVERYONE),
    Case("tns:join-done", EVERYONE),
    Case("portal:tns:space", SPACE, args=_affiliated),
    Case("portal:tns:join-as-head", SPACE),
    Case("portal:tns:renew", POSTED_ON_A, args=_renewable, method="post"),
    Case(
        "portal:tns:screening-answer",
        {**SPACE, "portal_other": 302},
        args=_affiliated,
        refused_with={"portal_other": "n'est pas en cours"},
    ),
    Case("portal:tns:screening-result", SPACE_ON_A, args=lambda w: [screening(w).pk]),
    Case("portal:tns:workshop-list", SPACE),
    Case("portal:tns:workshop-register", SPACE, args=lambda w: [session(w).pk]),
    Case(
        "portal:tns:workshop-cancel",
        POSTED_ON_A,
        args=lambda w: [registration(w).pk],
        method="post",
    ),
    Case(
        "portal:tns:workshop-rate",
        POSTED_ON_A,
        args=lambda w: [registration(w).pk],
        method="post",
        data=lambda w: {"satisfaction": "4"},
        refused_with={"portal_admin": "après avoir participé"},
    ),
    Case(
        "backoffice:tns:affiliation-list",
        backoffice_for("physician", "nurse", "physician_other", "member_service"),
    ),
    Case("backoffice:tns:proposal-list", HEALTH),
    Case("backoffice:tns:proposal-detail", HEALTH_ON_A, args=lambda w: [proposal(w).pk]),
    Case(
        "backoffice:tns:vip-book",
        {**HEALTH_ON_A, "physician": 302, "nurse": 302},
        args=lambda w: [proposal(w).pk],
        method="post",
        data=_free_slot,
    ),
    Case("backoffice:tns:vip-list", backoffice_for("physician", "nurse", "physician_other")),
    Case(
        "backoffice:tns:vip-outcome",
        {**HEALTH_ON_A, "physician": 302, "nurse": 302},
        args=lambda w: [_vip(w).pk],
        method="post",
        data=lambda w: {"status": "cancelled"},
    ),
    Case("backoffice:tns:workshop-list", WORKSHOPS),
    Case("backoffice:tns:workshop-create", WORKSHOPS),
    Case("backoffice:tns:workshop-detail", WORKSHOP_ON_A, args=lambda w: [session(w).pk]),
    Case("backoffice:tns:indicators", backoffice_for("member_service")),
]
