"""Builders shared by the DUERP tests (no test here)."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from accounts.context import AccessContext, build_context
from prevention.duerp import services
from prevention.models import Duerp, DuerpAction, DuerpRisk, DuerpVersion, WorkUnit
from tests.prevention.factories import WorkUnitFactory, hazard


class DuerpActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DuerpAction

    title = "Installer un tapis antidérapant"


def ctx_of(world, actor: str) -> AccessContext:
    """The access context the middleware builds for this actor (staff: MFA passed)."""
    return build_context(world.actors[actor], {}, mfa_passed=True)


def open_workspace(world, *, headcount: int = 12, actor: str = "portal_admin") -> Duerp:
    """Member A's DUERP, opened by its admin."""
    return services.open_duerp(
        actor=ctx_of(world, actor), adherent=world.adherent, headcount=headcount
    )


def unit_of(world, name: str = "Fournil", headcount: int = 5) -> WorkUnit:
    return WorkUnitFactory(establishment=world.establishment, name=name, headcount=headcount)


def add_risk(world, duerp: Duerp, unit: WorkUnit, *, actor="portal_admin", **values) -> DuerpRisk:
    """A risk through the service, sensible values unless given."""
    fields = {
        "hazard": hazard("CHU-PP"),
        "description": "Sol glissant près du pétrin",
        "exposed_count": 3,
        "severity": 2,
        "probability": 3,
        "existing_measures": "Chaussures de sécurité",
        **values,
    }
    return services.add_risk(actor=ctx_of(world, actor), duerp=duerp, work_unit=unit, **fields)


def publish(world, duerp: Duerp, **values) -> DuerpVersion:
    return services.publish_version(actor=ctx_of(world, "portal_admin"), duerp=duerp, **values)


def published_world(world) -> DuerpVersion:
    """A's DUERP with two units, three risks, one action, published as version 1."""
    duerp = open_workspace(world)
    bakery = unit_of(world, "Fournil", 5)
    shop = unit_of(world, "Boutique", 3)
    add_risk(world, duerp, bakery, description="Brûlure au four", severity=4, probability=3)
    add_risk(world, duerp, bakery, description="Sol glissant", severity=2, probability=2)
    add_risk(
        world,
        duerp,
        shop,
        hazard=hazard("TMS-POS"),
        description="Station debout prolongée",
        severity=2,
        probability=4,
    )
    services.add_action(
        actor=ctx_of(world, "portal_admin"),
        duerp=duerp,
        title="Gants anti-chaleur",
        deadline=datetime.date(2026, 9, 30),
    )
    return publish(world, duerp, cse_consulted_on=timezone.localdate())
