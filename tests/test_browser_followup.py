"""Issue 4's journey in Chromium: SIR hire, EMAE convocation, avis; a nurse under protocol.

The employer logs in through the login page; staff sessions are opened with MFA already
passed (the TOTP login itself is walked in tests/test_browser.py), one browser context each.
"""

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from accounts.models import AccessLog
from suivi_sante.models import Convocation, DueVisit, FollowUpDocument, Visit, Worker
from suivi_sante.schedule.services import refresh_due_visits
from tests.accounts.factories import PASSWORD
from tests.conftest import login
from tests.suivi_sante.factories import EmploymentFactory, ProtocolFactory, SlotFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def staff_page(browser: Browser, base: str, user) -> Page:
    """A browser context holding an MFA-passed staff session."""
    session = login(Client(), user).cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(locale="fr-FR")
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base}])
    return context.new_page()


def field(page: Page, label: str):
    """The input labelled exactly `label` (a required field's label ends with " *")."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def tomorrow_at(hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=1)
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


def test_sir_hire_to_avis_and_a_nurse_bounded_by_her_protocol(
    page: Page, browser: Browser, live_server, world
):
    base = live_server.url
    physician, nurse = world.actors["physician"], world.actors["nurse"]
    secretary = world.actors["secretary"]
    physician_slot = SlotFactory(
        center=world.center, professional=physician, starts_at=tomorrow_at(9)
    )
    nurse_slots = [
        SlotFactory(
            center=world.center, professional=nurse, performer="nurse", starts_at=tomorrow_at(h)
        )
        for h in (10, 11)
    ]
    protocol = ProtocolFactory(team=world.team, signed_by=physician, delegated_kinds=["VIP"])
    hired_on = timezone.localdate() + datetime.timedelta(days=7)

    # 1. The employer declares a SIR hire and sees the EMAE due, explained.
    page.goto(base + "/")
    page.get_by_role("link", name="Se connecter").click()
    page.get_by_label("Courriel").fill(world.actors["portal_admin"].email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("link", name="Salariés", exact=True).click()
    page.get_by_role("link", name="Déclarer une embauche").click()
    field(page, "Nom").fill("Lefèvre")
    field(page, "Prénom").fill("Hugo")
    field(page, "Date de naissance").fill("1991-04-17")
    field(page, "Sexe").select_option("M")
    field(page, "Établissement").select_option(str(world.establishment.pk))
    field(page, "Poste").fill("Opérateur de désamiantage")
    field(page, "Contrat").select_option("CDI")
    field(page, "Date d'embauche").fill(hired_on.isoformat())
    page.get_by_label("Amiante").check()
    page.get_by_role("button", name="Enregistrer l'embauche").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("LEFÈVRE Hugo")
    expect(
        page.get_by_role("cell", name="Examen médical d'aptitude à l'embauche (EMAE)")
    ).to_be_visible()
    # The employer reads the category and the date; the engine's reason is for health staff.
    expect(page.get_by_text("Suivi SIR : visite à réaliser avant le").first).to_be_visible()
    expect(page.get_by_text("EMAE à réaliser par le médecin du travail")).to_have_count(0)
    worker = Worker.objects.get(last_name="Lefèvre", first_name="Hugo")
    assert worker.category == "SIR"

    # 2. The secretary books the EMAE on the physician's slot: the convocation leaves.
    desk = staff_page(browser, base, secretary)
    desk.goto(f"{base}/back-office/salaries/{worker.pk}/")
    desk.get_by_role("link", name="Programmer une visite").click()
    desk.get_by_label("Type de visite").select_option("EMAE")
    desk.check(f"#slot-{physician_slot.pk}")
    desk.get_by_role("button", name="Réserver et envoyer la convocation").click()
    expect(desk.get_by_text("Visite réservée : la convocation est envoyée")).to_be_visible()
    convocation = Convocation.objects.get(visit__worker=worker)
    (sent,) = mail.outbox
    assert sent.attachments[0][1].startswith(b"%PDF")

    # 3. The employer confirms it from the portal.
    page.get_by_role("link", name="Convocations").click()
    page.get_by_role("link", name="LEFÈVRE Hugo").click()
    page.get_by_label("Je confirme la présence du salarié").check()
    page.get_by_role("button", name="Envoyer ma réponse").click()
    expect(page.get_by_text("Votre réponse a été transmise au service.")).to_be_visible()
    convocation.refresh_from_db()
    assert convocation.status == "confirmed"

    # 4. The physician reads the DMST (logged), holds the visit and publishes the avis.
    office = staff_page(browser, base, physician)
    office.goto(f"{base}/back-office/salaries/{worker.pk}/")
    office.get_by_role("link", name="Ouvrir le DMST").click()
    expect(office.get_by_role("heading", level=1)).to_have_text(
        "Dossier médical en santé au travail"
    )
    # The visit's hour has come: a visit is never held before it starts.
    Visit.objects.filter(pk=convocation.visit_id).update(scheduled_at=timezone.now())
    office.goto(f"{base}/back-office/visites/{convocation.visit_id}/")
    office.get_by_label("Réalisée").check()
    office.get_by_role("button", name="Enregistrer l'issue").click()
    expect(office.get_by_text("Issue de la visite enregistrée.")).to_be_visible()
    assert not DueVisit.objects.filter(worker=worker, kind="EMAE").exists()
    assert DueVisit.objects.filter(worker=worker, kind="VISITE_INTERMEDIAIRE").exists()
    # The form shows only the chosen document's fields (issue 17, item 8).
    expect(office.get_by_label("Conclusions")).to_be_hidden()
    office.get_by_label("Avis d'inaptitude").check()
    expect(office.get_by_label("Conclusions")).to_be_visible()
    expect(office.get_by_label("Mesures proposées (proposition de mesures)")).to_be_hidden()
    office.get_by_label("Avis d'aptitude (suivi individuel renforcé)").check()
    expect(office.get_by_label("Conclusions")).to_be_hidden()
    office.get_by_role("button", name="Émettre et transmettre").click()
    avis = FollowUpDocument.objects.get(worker=worker)
    assert (avis.kind, avis.issued_by) == ("avis_aptitude", physician)
    page.get_by_role("link", name="Documents de suivi").click()
    expect(page.get_by_role("cell", name="Avis d'aptitude", exact=True)).to_be_visible()

    # 5. A nurse holds a VIP the protocol delegates, and cannot take a reprise it does not.
    colleague = EmploymentFactory(
        worker__adherent=world.adherent,
        establishment=world.establishment,
        start_on=timezone.localdate() - datetime.timedelta(days=10),
    ).worker
    refresh_due_visits([colleague.pk])
    desk.goto(f"{base}/back-office/salaries/{colleague.pk}/reserver/")
    desk.get_by_label("Type de visite").select_option("VIP")
    desk.check(f"#slot-{nurse_slots[0].pk}")
    desk.get_by_role("button", name="Réserver et envoyer la convocation").click()
    expect(desk.get_by_text("Visite réservée")).to_be_visible()
    vip = Visit.objects.get(worker=colleague)
    assert (vip.performer, vip.protocol) == ("nurse", protocol)

    desk.goto(f"{base}/back-office/salaries/{colleague.pk}/reserver/")
    desk.get_by_label("Type de visite").select_option("REPRISE")
    desk.check(f"#slot-{nurse_slots[1].pk}")
    desk.get_by_role("button", name="Réserver et envoyer la convocation").click()
    expect(desk.get_by_text("Aucun protocole de délégation actif ne couvre")).to_be_visible()
    assert Visit.objects.filter(worker=colleague).count() == 1

    infirmary = staff_page(browser, base, nurse)
    Visit.objects.filter(pk=vip.pk).update(scheduled_at=timezone.now())  # its hour has come
    infirmary.goto(f"{base}/back-office/visites/{vip.pk}/")
    infirmary.get_by_label("Réalisée").check()
    infirmary.get_by_role("button", name="Enregistrer l'issue").click()
    expect(infirmary.get_by_text("Issue de la visite enregistrée.")).to_be_visible()
    vip.refresh_from_db()
    assert vip.status == "held"

    # 6. The secretary cannot open the DMST; only the physician's read is in the log.
    desk.goto(f"{base}/back-office/salaries/{worker.pk}/dmst/")
    expect(desk.get_by_role("heading", level=1)).to_have_text("Accès refusé")
    reads = AccessLog.objects.filter(action="suivi_sante.dmst.read", object_id=str(worker.pk))
    assert list(reads.values_list("user_id", flat=True)) == [physician.pk]
    assert re.fullmatch(r"[\d.:a-f]+", reads.get().ip_address)
