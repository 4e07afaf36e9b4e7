"""The employer corrects its declaration of a worker's current post: the service (its fields,
who may, the physician's category kept, nothing written when nothing changed) and the portal's
« Modifier » page (French errors, bounded queries)."""

import datetime
import html

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from pghistory.models import Context

from accounts.context import build_context
from spsti.french import NOTHING_CHANGED
from suivi_sante.enums import CategorySource
from suivi_sante.errors import FollowUpError
from suivi_sante.models import DueVisit, Employment, Worker
from suivi_sante.workers import services
from suivi_sante.workers.services_declaration import update_declaration
from tests.suivi_sante.factories import EmploymentFactory, WorkerFactory
from tests.unchanged import assert_nothing_changed, history_rows

pytestmark = pytest.mark.django_db


def ctx_of(user):
    return build_context(user, {}, mfa_passed=True)


@pytest.fixture
def post(world) -> Employment:
    """World's worker in a current CDI, no particular risk: category SI, a VIP due."""
    employment = EmploymentFactory(
        worker=world.worker,
        establishment=world.establishment,
        start_on=timezone.localdate() - datetime.timedelta(days=20),
    )
    services.schedule.refresh_due_visits([world.worker.pk])
    return employment


def correct(world, actor="portal_admin", **changes):
    return update_declaration(
        actor=ctx_of(world.actors[actor]), worker=world.worker, changes=changes
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("job_title", "Chef boulanger"),
        ("pcs_ese_code", "636d"),
        ("is_night_work", True),
        ("is_exposed_biological_agents_2", True),
        ("is_exposed_electromagnetic_fields", True),
        ("sir_risks", ["amiante"]),
        ("aptitude_jobs", ["caces"]),
    ],
)
def test_each_declared_field_is_corrected_with_its_author_in_the_history(world, post, field, value):
    update = correct(world, **{field: value})
    assert update.changed == (field,)
    post.refresh_from_db()
    assert getattr(post, field) == value
    event = Employment.pgh_event_model.objects.filter(pgh_obj_id=post.pk).latest("pgh_id")
    assert event.pgh_label == "update"
    metadata = event.pgh_context.metadata
    assert metadata["user"] == world.actors["portal_admin"].pk
    assert metadata["declaration_corrected"] == [field]


def test_a_declared_risk_moves_the_category_and_what_is_due(world, post):
    assert Worker.objects.get(pk=world.worker.pk).category == "SI"
    correct(world, sir_risks=["amiante"])
    worker = Worker.objects.get(pk=world.worker.pk)
    assert worker.category == "SIR"
    assert DueVisit.objects.filter(worker=worker, kind="EMAE").exists()


def test_a_declared_exposure_of_r4624_18_gives_sia_and_the_vip_on_the_hiring_day(world, post):
    assert DueVisit.objects.get(worker=world.worker, kind="VIP").legal_reference == "R4624-10"
    correct(world, is_exposed_electromagnetic_fields=True)
    worker = Worker.objects.get(pk=world.worker.pk)
    assert worker.category == "SIA"
    vip = DueVisit.objects.get(worker=worker, kind="VIP")
    assert (vip.due_on, vip.legal_reference) == (post.start_on, "R4624-18")


def test_the_physician_category_is_kept_and_the_declaration_recorded(world, post):
    services.set_category(
        actor=ctx_of(world.actors["physician"]),
        worker=world.worker,
        category="SIA",
        reason="Horaires décalés : suivi adapté (décision du médecin).",
    )
    correct(world, sir_risks=["amiante"])
    worker = Worker.objects.get(pk=world.worker.pk)
    assert (worker.category, worker.category_source) == ("SIA", CategorySource.PHYSICIAN)
    assert Employment.objects.get(pk=post.pk).sir_risks == ["amiante"]


def test_another_member_or_a_firm_without_the_workers_mandate_is_refused(world, post):
    before = history_rows()
    for actor in ("portal_other", "firm_unmandated", "firm_mandated", "physician"):
        with pytest.raises(PermissionDenied):
            correct(world, actor=actor, job_title="Gérant")
    assert history_rows() == before
    assert Employment.objects.get(pk=post.pk).job_title == "Électricien"


def test_nothing_changed_writes_nothing(world, post):
    before = history_rows()
    update = correct(world, job_title=" Électricien ", sir_risks=[], is_night_work=False)
    assert update.changed == ()
    assert history_rows() == before
    assert not Context.objects.filter(metadata__declaration_corrected__isnull=False).exists()


def test_a_worker_without_a_current_post_is_refused_in_french(world, post):
    Employment.objects.filter(pk=post.pk).update(
        start_on=datetime.date(2019, 1, 1), end_on=datetime.date(2020, 1, 1)
    )
    with pytest.raises(FollowUpError, match="aucun emploi en cours"):
        correct(world, job_title="Gérant")


def test_the_latest_running_post_is_the_one_corrected(world, post):
    later = EmploymentFactory(
        worker=world.worker,
        establishment=world.establishment,
        start_on=timezone.localdate() - datetime.timedelta(days=2),
        job_title="Vendeur",
    )
    correct(world, job_title="Vendeur confirmé")
    assert Employment.objects.get(pk=later.pk).job_title == "Vendeur confirmé"
    assert Employment.objects.get(pk=post.pk).job_title == "Électricien"


# The portal's « Modifier » page.

URL = "portal:suivi_sante:worker-update"


def form_data(**changes) -> dict:
    return {"job_title": "Électricien", "pcs_ese_code": "", **changes}


def test_the_detail_page_offers_modifier_to_the_declarer_only(world, post, client_for):
    detail = reverse("portal:suivi_sante:worker-detail", args=[world.worker.pk])
    page = client_for("portal_admin").get(detail).content.decode()
    assert reverse(URL, args=[world.worker.pk]) in page
    assert ">Modifier<" in page


def test_the_form_corrects_the_post_and_says_so(world, post, client_for):
    url = reverse(URL, args=[world.worker.pk])
    response = client_for("portal_admin").post(
        url, form_data(job_title="Chef boulanger", sir_risks=["plomb"]), follow=True
    )
    page = html.unescape(response.content.decode())
    assert f"Déclaration de {Worker.objects.get(pk=world.worker.pk)} corrigée." in page
    post.refresh_from_db()
    assert (post.job_title, post.sir_risks) == ("Chef boulanger", ["plomb"])
    assert Worker.objects.get(pk=world.worker.pk).category == "SIR"


def test_the_form_posted_back_as_shown_writes_nothing(world, post, client_for):
    url = reverse(URL, args=[world.worker.pk])
    assert_nothing_changed(client_for("portal_admin"), url, form_data(), not_said="corrigée")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (form_data(job_title=""), "Ce champ est obligatoire."),
        (form_data(pcs_ese_code="12345"), "au plus 4 caractères"),
        (form_data(sir_risks=["radium"]), "Sélectionnez un choix valide"),
    ],
)
def test_bad_input_is_refused_in_french_and_nothing_written(world, post, client_for, data, message):
    before = history_rows()
    response = client_for("portal_admin").post(reverse(URL, args=[world.worker.pk]), data)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "La déclaration n'est pas enregistrée" in page
    assert message in page
    assert history_rows() == before


def test_the_page_reads_in_a_bounded_number_of_queries(
    world, post, client_for, django_assert_max_num_queries
):
    client = client_for("portal_admin")
    url = reverse(URL, args=[world.worker.pk])
    for _ in range(5):  # more posts and absences do not cost more queries
        EmploymentFactory(worker=world.worker, establishment=world.establishment)
    with django_assert_max_num_queries(6):  # measured: 6, whatever the posts
        response = client.get(url)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Le nom, le prénom, la date de naissance" in page
    assert 'name="last_name"' not in page
    assert 'name="email"' not in page


def test_a_worker_without_a_current_post_goes_back_to_its_page(world, client_for):
    worker = WorkerFactory(adherent=world.adherent)
    response = client_for("portal_admin").get(reverse(URL, args=[worker.pk]), follow=True)
    assert "aucun emploi en cours" in html.unescape(response.content.decode())
    assert NOTHING_CHANGED not in html.unescape(response.content.decode())
