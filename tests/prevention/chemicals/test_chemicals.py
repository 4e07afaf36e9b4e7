"""The chemical inventory: H statements, the CMR flag, the FDS and its age, archiving, and the
SIR suggestion a CMR product makes to the physician (never an automatic change)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from prevention.chemicals import selectors, services
from prevention.errors import PreventionError
from prevention.models import ChemicalProduct
from suivi_sante.models import ExposureSuggestion
from suivi_sante.schedule import services as schedule
from tests import documents
from tests.matrix_prevention.actions import PDF_BYTES, post_for, product_for, unit_for
from tests.matrix_suivi.dmst import ctx_for
from tests.suivi_sante.factories import EmploymentFactory, WorkerFactory

TODAY = datetime.date(2026, 11, 23)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def add(world, actor="portal_admin", unit=None, **overrides):
    values = {"name": "Décapant X", "supplier": "Chimie du Sud", **overrides}
    return services.add_product(
        actor=ctx_for(world.actors[actor]), work_unit=unit or unit_for(world), **values
    )


def update(world, product, actor="portal_admin", **values):
    values = {"name": product.name, **values}
    return services.update_product(actor=ctx_for(world.actors[actor]), product=product, **values)


@pytest.mark.django_db
def test_statements_are_normalised_and_cmr_is_derived(world):
    product = add(world, statements_text="h350, H225; h225")
    assert product.hazard_statements == ["H350", "H225"]
    assert product.is_cmr is True
    assert add(world, statements_text="H350 i").hazard_statements == ["H350i"]
    suspected = add(world, statements_text="H351, H361fd")  # category 2: suspected, not CMR
    assert suspected.is_cmr is False


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "named"),
    [("X12", "« X12 »"), ("H350, X12, H2", "« X12 », « H2 »"), ("H350xyz", "« H350xyz »")],
)
def test_invalid_statements_are_refused_in_french(world, typed, named):
    with pytest.raises(PreventionError) as refused:
        add(world, statements_text=typed)
    assert str(refused.value).startswith(f"Mention(s) de danger invalide(s) : {named}.")
    assert not ChemicalProduct.objects.exists()


@pytest.mark.django_db
def test_staff_may_classify_cmr_by_hand_and_the_member_keeps_it(world):
    product = add(world, actor="prevention_assistant", statements_text="H225", marked_cmr=True)
    assert product.is_cmr is True
    assert selectors.manual_cmr(product)
    kept = update(world, product, statements_text="H225, H319")  # the member's form
    assert kept.is_cmr is True
    removed = update(
        world, kept, actor="prevention_assistant", statements_text="H225", marked_cmr=False
    )
    assert removed.is_cmr is False


@pytest.mark.django_db
def test_a_member_cannot_classify_by_hand(world):
    with pytest.raises(PermissionDenied):
        add(world, marked_cmr=True)


@pytest.mark.django_db
def test_the_fds_must_be_a_dated_pdf(world):
    for name in ("fds.pdf", "fds.png"):  # a PNG, whatever its name: the FDS is a PDF
        with pytest.raises(PreventionError, match=r"n'est pas d'un type accepté \(PDF\)"):
            add(world, sds_file=SimpleUploadedFile(name, PNG), sds_date=datetime.date(2025, 1, 1))
    with pytest.raises(PreventionError, match="Indiquez la date de la FDS"):
        add(world, sds_file=SimpleUploadedFile("fds.pdf", PDF_BYTES))
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(PreventionError, match="ne peut pas être dans le futur"):
        add(world, sds_date=tomorrow)
    assert not ChemicalProduct.objects.exists()
    stored = add(
        world,
        sds_file=SimpleUploadedFile("FDS Décapant.pdf", PDF_BYTES),
        sds_date=datetime.date(2025, 1, 1),
    )
    assert stored.sds_filename == "FDS Décapant.pdf"
    assert documents.read(stored.sds_content, stored.sds_sha256) == PDF_BYTES


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sds_date", "code", "label"),
    [
        (datetime.date(2023, 11, 22), "outdated", "FDS de plus de 3 ans"),
        (datetime.date(2023, 11, 23), "", ""),  # exactly 3 years on 23/11/2026: not yet
        (None, "missing", "FDS manquante"),
    ],
)
def test_fds_flag_with_the_three_year_boundary(world, settings, sds_date, code, label):
    assert settings.SPSTI_SDS_MAX_AGE_YEARS == 3
    product = product_for(world, sds_date=sds_date)
    flag = selectors.sds_flag(product, today=TODAY, max_age_years=3)
    assert (flag.code, flag.label) == (code, label)


@pytest.mark.django_db
def test_unit_counts_follow_the_same_rules(world):
    unit = unit_for(world, name="Peinture")
    product_for(world, unit=unit, sds_date=datetime.date(2023, 11, 22))
    product_for(world, unit=unit, sds_date=datetime.date(2023, 11, 23), is_cmr=True)
    product_for(world, unit=unit, sds_date=None, sds_filename="", sds_content="", sds_sha256="")
    product_for(world, unit=unit, sds_date=None, archived_at=timezone.now())  # not counted
    quiet = unit_for(world, name="Bureau")
    ctx = ctx_for(world.actors["portal_admin"])
    rows = {
        u.name: (u.product_count, u.cmr_count, u.sds_flag_count)
        for u in selectors.chemical_units(ctx, today=TODAY, max_age_years=3)
    }
    assert rows == {"Peinture": (3, 1, 2), "Bureau": (0, 0, 0)}
    flagged = selectors.chemical_units(ctx, today=TODAY, max_age_years=3, flagged_only=True)
    assert quiet not in flagged


@pytest.mark.django_db
def test_a_product_is_archived_never_deleted(world):
    product = product_for(world)
    services.archive_product(actor=ctx_for(world.actors["portal_admin"]), product=product)
    product.refresh_from_db()
    assert product.archived_at is not None
    with pytest.raises(PreventionError, match="déjà été retiré"):
        services.archive_product(actor=ctx_for(world.actors["portal_admin"]), product=product)
    with pytest.raises(PreventionError, match="ne se modifie plus"):
        update(world, product, supplier="Autre")
    ctx = ctx_for(world.actors["portal_admin"])
    assert list(selectors.products_of_unit(ctx, product.work_unit)) == []
    assert list(selectors.products_of_unit(ctx, product.work_unit, archived=True)) == [product]


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ["portal_other", "physician", "nurse", "physician_other"])
def test_who_may_not_edit_members_a_inventory(world, actor):
    with pytest.raises(PermissionDenied):
        add(world, actor=actor)


@pytest.mark.django_db
def test_a_cmr_product_suggests_sir_for_current_workers_of_the_unit_once(world):
    unit = unit_for(world, name="Décapage")
    current = post_for(world, job_title="Décapeur")
    ended = post_for(world, end_on=timezone.localdate() - datetime.timedelta(days=1))
    already = post_for(world, sir_risks=["cmr"])
    elsewhere = post_for(world)  # not in the unit
    unit.employments.set([current, ended, already])

    add(world, unit=unit, name="Décapant X", statements_text="H350, H225")
    suggestion = ExposureSuggestion.objects.get()
    assert suggestion.employment == current
    assert (suggestion.sir_risk, suggestion.decision) == ("cmr", "")
    assert suggestion.source == (
        f"Produit CMR « Décapant X » dans l'unité « Décapage » "
        f"(inventaire du {timezone.localdate():%d/%m/%Y})"
    )
    add(world, unit=unit, name="Colle Y", statements_text="H360D")  # a second CMR: nothing more
    add(world, unit=unit, name="Savon", statements_text="H319")
    assert ExposureSuggestion.objects.count() == 1
    assert not ExposureSuggestion.objects.filter(employment__in=[ended, already, elsewhere])


@pytest.mark.django_db
def test_a_product_flagged_cmr_later_suggests_too(world):
    unit = unit_for(world)
    post = post_for(world)
    unit.employments.add(post)
    product = add(world, unit=unit, statements_text="H225")
    assert not ExposureSuggestion.objects.exists()
    update(world, product, actor="prevention_assistant", statements_text="H225", marked_cmr=True)
    assert ExposureSuggestion.objects.get().employment == post


@pytest.mark.django_db
def test_a_cmr_product_changes_nothing_in_the_follow_up(world):
    worker = WorkerFactory(adherent=world.adherent)
    post = EmploymentFactory(worker=worker, establishment=world.establishment)
    schedule.refresh_due_visits([worker.pk])
    worker.refresh_from_db()
    assert worker.category == "SI"
    unit = unit_for(world)
    unit.employments.add(post)

    add(world, unit=unit, statements_text="H350")
    schedule.refresh_due_visits([worker.pk])  # even a recomputation does not pick it up
    post.refresh_from_db()
    worker.refresh_from_db()
    assert post.sir_risks == []
    assert worker.category == "SI"
    assert ExposureSuggestion.objects.filter(employment=post, decision="").exists()
