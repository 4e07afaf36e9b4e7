"""DUERP workspace services: evaluation on the grid, PAPRIPACT, publication, immutability."""

import datetime
import hashlib
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import ProgrammingError, connection, transaction
from django.utils import timezone

from prevention.duerp import services
from prevention.duerp.exports import canonical_json
from prevention.errors import PreventionError
from prevention.models import Duerp, DuerpAction, DuerpRisk, DuerpVersion, Hazard, HazardThesaurus
from tests.accounts.factories import StaffAssignmentFactory
from tests.adherents.factories import EstablishmentFactory
from tests.prevention.duerp.support import (
    add_risk,
    ctx_of,
    open_workspace,
    publish,
    published_world,
    unit_of,
)
from tests.prevention.factories import WorkUnitFactory
from tests.suivi_sante.factories import EmploymentFactory, WorkerFactory

pytestmark = pytest.mark.django_db


def test_open_uses_the_default_grid_and_refuses_a_second_workspace(world):
    duerp = open_workspace(world, headcount=8)
    assert duerp.matrix.is_default
    assert duerp.headcount == 8
    with pytest.raises(PreventionError, match="déjà ouvert"):
        open_workspace(world)


def test_live_worker_count_counts_current_unmerged_workers_only(world):
    from prevention.duerp import selectors as selectors_duerp

    today = datetime.date(2026, 6, 1)
    EmploymentFactory(worker=world.worker, establishment=world.establishment)
    EmploymentFactory(
        worker__adherent=world.adherent,
        establishment=world.establishment,
        end_on=datetime.date(2026, 1, 31),  # left before today
    )
    duplicate = WorkerFactory(adherent=world.adherent)
    EmploymentFactory(worker=duplicate, establishment=world.establishment)
    duplicate.merged_into, duplicate.merged_at = world.worker, timezone.now()
    duplicate.save()

    assert selectors_duerp.live_worker_count(world.adherent.pk, today=today) == 1


def test_employer_of_another_member_cannot_open_or_edit(world):
    with pytest.raises(PermissionDenied):
        services.open_duerp(
            actor=ctx_of(world, "portal_other"), adherent=world.adherent, headcount=3
        )
    duerp = open_workspace(world)
    with pytest.raises(PermissionDenied):
        add_risk(world, duerp, unit_of(world), actor="portal_other")
    with pytest.raises(PermissionDenied):  # the physician reads, the prevention staff edit
        add_risk(world, duerp, unit_of(world, "Cave"), actor="physician")


@pytest.mark.parametrize(
    ("severity", "probability", "message"),
    [
        (5, 2, "La gravité doit être comprise entre 1 et 4."),
        (0, 2, "La gravité doit être comprise entre 1 et 4."),
        (2, 5, "La probabilité doit être comprise entre 1 et 4."),
    ],
)
def test_evaluation_outside_the_grid_is_refused_and_nothing_written(
    world, severity, probability, message
):
    duerp = open_workspace(world)
    with pytest.raises(PreventionError) as refusal:
        add_risk(world, duerp, unit_of(world), severity=severity, probability=probability)
    assert str(refusal.value) == message
    assert not DuerpRisk.objects.exists()


def test_the_grid_corners_are_accepted_with_their_band(world):
    duerp = open_workspace(world)
    unit = unit_of(world)
    add_risk(world, duerp, unit, severity=1, probability=1)
    add_risk(world, duerp, unit, severity=4, probability=4)
    from prevention.duerp import selectors as selectors_duerp

    rows = selectors_duerp.workspace(duerp).units[0].risks
    assert [(r.score, r.band) for r in rows] == [(16, "Élevée"), (1, "Faible")]


def test_update_outside_the_grid_leaves_the_risk_as_it_was(world):
    duerp = open_workspace(world)
    risk = add_risk(world, duerp, unit_of(world))
    with pytest.raises(PreventionError, match="probabilité"):
        services.update_risk(actor=ctx_of(world, "portal_admin"), risk=risk, probability=9)
    risk.refresh_from_db()
    assert risk.probability == 3


def test_exposed_workers_cannot_exceed_the_unit_headcount(world):
    duerp = open_workspace(world)
    with pytest.raises(PreventionError, match=r"dépasse l'effectif de l'unité « Fournil » \(5\)"):
        add_risk(world, duerp, unit_of(world, "Fournil", 5), exposed_count=6)
    assert not DuerpRisk.objects.exists()
    add_risk(world, duerp, unit_of(world, "Cave", 0), exposed_count=6)  # 0: headcount not stated


def test_a_unit_of_another_member_is_refused(world):
    duerp = open_workspace(world)
    theirs = WorkUnitFactory(establishment=world.other_establishment)
    with pytest.raises(PreventionError, match="n'appartient pas"):
        add_risk(world, duerp, theirs)
    assert not DuerpRisk.objects.exists()


def test_a_hazard_of_an_old_thesaurus_is_refused_for_a_new_risk(world):
    old = HazardThesaurus.objects.create(version="2020.1", published_on=datetime.date(2020, 1, 1))
    outdated = Hazard.objects.create(thesaurus=old, code="OLD", family="Ancien", label="Ancien")
    duerp = open_workspace(world)
    with pytest.raises(PreventionError, match="thésaurus en vigueur"):
        add_risk(world, duerp, unit_of(world), hazard=outdated)


def test_a_risk_with_actions_is_not_removed(world):
    duerp = open_workspace(world)
    risk = add_risk(world, duerp, unit_of(world))
    services.add_action(actor=ctx_of(world, "portal_admin"), duerp=duerp, title="Tapis", risk=risk)
    with pytest.raises(PreventionError, match="actions sont rattachées"):
        services.remove_risk(actor=ctx_of(world, "portal_admin"), risk=risk)
    assert DuerpRisk.objects.filter(pk=risk.pk).exists()


def test_papripact_fields_are_required_at_50_workers(world):
    duerp = open_workspace(world, headcount=50)
    with pytest.raises(PreventionError) as refusal:
        services.add_action(
            actor=ctx_of(world, "portal_admin"), duerp=duerp, title="Former au port de charges"
        )
    assert "coût, responsable, échéance, indicateur" in str(refusal.value)
    assert "L4121-3-1" in str(refusal.value)
    with pytest.raises(PreventionError, match="demande pour chaque action : indicateur"):
        services.add_action(
            actor=ctx_of(world, "portal_admin"),
            duerp=duerp,
            title="Former au port de charges",
            cost=Decimal("1200"),
            owner="Directrice",
            deadline=datetime.date(2026, 12, 31),
        )
    assert not DuerpAction.objects.exists()
    action = services.add_action(
        actor=ctx_of(world, "portal_admin"),
        duerp=duerp,
        title="Former au port de charges",
        cost=Decimal("1200"),
        owner="Directrice",
        deadline=datetime.date(2026, 12, 31),
        indicator="Salariés formés / effectif",
    )
    assert action.pk


def test_below_50_workers_only_the_title_is_required(world):
    duerp = open_workspace(world, headcount=49)
    action = services.add_action(
        actor=ctx_of(world, "portal_admin"), duerp=duerp, title="Former au port de charges"
    )
    assert action.cost is None
    assert action.owner == ""
    with pytest.raises(PreventionError, match="Décrivez l'action"):
        services.add_action(actor=ctx_of(world, "portal_admin"), duerp=duerp, title="  ")


def test_publish_freezes_version_1_whose_hash_covers_the_canonical_snapshot(world):
    version = published_world(world)
    version = DuerpVersion.objects.get(pk=version.pk)  # as read back from PostgreSQL

    assert version.number == 1
    assert version.sha256 == hashlib.sha256(canonical_json(version.snapshot)).hexdigest()
    snapshot = version.snapshot
    assert snapshot["member"]["name"] == "Boulangerie Alpha"
    assert snapshot["headcount"] == 12
    assert snapshot["matrix"]["bands"] == [[3, "Faible"], [8, "Modérée"], [16, "Élevée"]]
    assert snapshot["thesaurus"] == "2026.1"
    assert {u["name"] for u in snapshot["units"]} == {"Fournil", "Boutique"}
    burn = next(r for r in snapshot["risks"] if r["description"] == "Brûlure au four")
    assert (burn["score"], burn["band"], burn["severity_label"]) == (12, "Élevée", "Très grave")
    assert snapshot["actions"][0]["deadline"] == "2026-09-30"
    assert snapshot["cse_consulted_on"] == timezone.localdate().isoformat()
    published_on = timezone.localdate(version.published_at)
    assert version.keep_until == published_on.replace(year=published_on.year + 40)


def test_the_next_publication_is_version_2(world):
    first = published_world(world)
    second = publish(world, first.duerp)
    assert second.number == 2
    assert second.sha256 != first.sha256  # the number and the date are in the content


def test_publishing_an_empty_workspace_is_refused(world):
    duerp = open_workspace(world)
    with pytest.raises(PreventionError, match="aucun risque"):
        publish(world, duerp)
    assert not DuerpVersion.objects.exists()


def test_a_cse_date_in_the_future_is_refused(world):
    duerp = open_workspace(world)
    add_risk(world, duerp, unit_of(world))
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(PreventionError, match="CSE ne peut pas être dans le futur"):
        publish(world, duerp, cse_consulted_on=tomorrow)
    assert not DuerpVersion.objects.exists()


def test_an_incomplete_papripact_blocks_publication_after_the_headcount_grows(world):
    duerp = open_workspace(world, headcount=20)
    add_risk(world, duerp, unit_of(world))
    services.add_action(actor=ctx_of(world, "portal_admin"), duerp=duerp, title="Tapis")
    services.update_headcount(actor=ctx_of(world, "portal_admin"), duerp=duerp, headcount=55)
    with pytest.raises(PreventionError, match="Complétez le PAPRIPACT.*Tapis"):
        publish(world, duerp)


def test_staff_help_on_the_workspace_but_never_publish(world):
    duerp = open_workspace(world)
    add_risk(world, duerp, unit_of(world), actor="prevention_assistant")
    with pytest.raises(PermissionDenied):
        services.publish_version(actor=ctx_of(world, "prevention_assistant"), duerp=duerp)
    assert not DuerpVersion.objects.exists()


def test_publication_mails_the_teams_prevention_assistants_once(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    StaffAssignmentFactory(  # another team's assistant is not told
        center=world.other_center, team=world.other_team, role="prevention_assistant"
    )
    with django_capture_on_commit_callbacks(execute=True):
        version = published_world(world)
    (mail,) = mailoutbox
    assert mail.to == [world.actors["prevention_assistant"].email]
    assert "Boulangerie Alpha" in mail.subject
    assert "version 1" in mail.subject
    assert version.sha256 in mail.body
    assert services.send_publication_notice(version.pk) == 0  # a redelivered task: no resend
    assert len(mailoutbox) == 1


def test_a_version_cannot_be_updated_or_deleted_even_in_raw_sql(world):
    version = published_world(world)
    with pytest.raises(ProgrammingError, match="Cannot update"), transaction.atomic():
        DuerpVersion.objects.filter(pk=version.pk).update(sha256="0" * 64)
    with pytest.raises(ProgrammingError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE prevention_duerpversion SET snapshot = '{}'::jsonb WHERE id = %s", [version.pk]
        )
    with pytest.raises(ProgrammingError, match="Cannot delete"), transaction.atomic():
        DuerpVersion.objects.filter(pk=version.pk).delete()
    assert DuerpVersion.objects.get(pk=version.pk).sha256 == version.sha256


def test_editing_the_workspace_after_publishing_leaves_the_version_intact(world):
    version = published_world(world)
    before = (DuerpVersion.objects.get(pk=version.pk).snapshot, version.sha256)
    actor = ctx_of(world, "portal_admin")
    risk = DuerpRisk.objects.get(description="Sol glissant")
    services.update_risk(actor=actor, risk=risk, description="Sol sec", severity=1)
    services.remove_action(actor=actor, action=DuerpAction.objects.get())
    services.update_headcount(actor=actor, duerp=version.duerp, headcount=30)

    version = DuerpVersion.objects.get(pk=version.pk)
    assert (version.snapshot, version.sha256) == before
    assert "Sol glissant" in [r["description"] for r in version.snapshot["risks"]]
    assert version.sha256 == hashlib.sha256(canonical_json(version.snapshot)).hexdigest()


def test_work_unit_created_from_the_workspace_belongs_to_the_member(world):
    duerp = open_workspace(world)
    actor = ctx_of(world, "portal_admin")
    unit = services.add_work_unit(
        actor=actor, duerp=duerp, establishment=world.establishment, name="Livraison", headcount=2
    )
    assert unit.establishment == world.establishment
    with pytest.raises(PreventionError, match="porte déjà ce nom"):
        services.add_work_unit(
            actor=actor, duerp=duerp, establishment=world.establishment, name="Livraison"
        )
    elsewhere = EstablishmentFactory(adherent=world.other_adherent)
    with pytest.raises(PreventionError, match="n'appartient pas"):
        services.add_work_unit(actor=actor, duerp=duerp, establishment=elsewhere, name="Quai")
    assert Duerp.objects.count() == 1
