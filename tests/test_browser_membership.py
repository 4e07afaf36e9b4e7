"""Issue 3's journey in Chromium: an online application to the first invoice and request.

An anonymous visitor applies (one SIRET typed with a wrong key first), the member service
validates, the contact activates the portal, the welcome call falls late, the member mandates
its accounting firm, which declares the headcount and downloads the cotisation invoice, and a
request routed to a partner comes back answered. Staff sessions are opened with MFA passed
(tests/test_browser_followup.py), one browser context each.
"""

import datetime
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from accounts.enums import MandateScope
from adherents.models import (
    AccountingFirmMandate,
    Adherent,
    ApplicationStatus,
    Invoice,
    MembershipApplication,
    PartnerReferral,
    RequestStatus,
    WorkforceDeclaration,
)
from adherents.rules.identifiers import luhn_complete
from tests.accounts.factories import PASSWORD
from tests.adherents.factories_billing import TariffFactory
from tests.adherents.factories_joining import with_wrong_key
from tests.adherents.factories_requests import PartnerFactory
from tests.adherents.factories_workforce import campaign_around_today
from tests.test_browser_followup import field, staff_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMPANY = "Menuiserie Epsilon"
SIREN = luhn_complete("52718340")
HEAD_OFFICE_SIRET = luhn_complete(f"{SIREN}0001")
BOSS = "claire.fabre@menuiserie-epsilon.fr"
NEW_PASSWORD = "Copeaux-Et-Rabots-2026"
ANSWER = "Contactez notre ingénieur conseil : une visite de l'atelier est possible en mars."


def link_in(message, pattern: str) -> str:
    """The path of the first link of an e-mail matching `pattern` (the site URL is another)."""
    return urlsplit(re.search(rf"http://\S+{pattern}\S*", message.body).group(0)).path


def mail_to(address: str, subject_start: str = ""):
    return next(
        m for m in reversed(mail.outbox) if address in m.to and m.subject.startswith(subject_start)
    )


def menu(page: Page, label: str) -> None:
    """Follow a link of the portal's sidebar menu."""
    nav = page.get_by_role("navigation", name="Menu de l'espace adhérent")
    nav.get_by_role("link", name=label, exact=True).click()


def log_in(page: Page, base: str, email: str, password: str) -> None:
    page.goto(base + "/")
    page.get_by_role("link", name="Se connecter").click()
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()


def apply_online(page: Page, base: str, firm) -> None:
    """Step 1: the whole public application, as an anonymous visitor."""
    page.goto(base + "/adhesion/")
    page.get_by_role("link", name="Commencer ma demande").click()
    field(page, "Votre adresse e-mail").fill(BOSS)
    page.get_by_role("button", name="Commencer").click()
    expect(page.get_by_text("Un lien personnel vient de vous être envoyé")).to_be_visible()
    assert mail_to(BOSS).to == [BOSS]
    # The applicant opens the e-mailed link: the address is verified (needed to submit).
    mailed = urlsplit(re.search(r"http://\S+/adhesion/demande/\S+", mail_to(BOSS).body).group(0))
    page.goto(f"{base}{mailed.path}?{mailed.query}")

    field(page, "Raison sociale").fill(COMPANY)
    field(page, "SIREN").fill(f"{SIREN[:3]} {SIREN[3:6]} {SIREN[6:]}")
    field(page, "Code NAF (APE)").fill("43.32A")
    field(page, "Forme juridique").fill("SARL")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    expect(page.get_by_role("heading", level=2, name="Établissements")).to_be_visible()
    field(page, "Type").select_option("head_office")
    field(page, "SIRET").fill(with_wrong_key(HEAD_OFFICE_SIRET))
    field(page, "Nom de l'établissement").fill("Atelier Epsilon")
    field(page, "Adresse").fill("12 rue des Tanneurs")
    field(page, "Code postal").fill("62000")
    field(page, "Commune").fill("Arras")
    field(page, "Horaires d'ouverture").fill("Lundi-vendredi 7h30-16h30")
    page.get_by_role("button", name="Ajouter cet établissement").click()
    expect(
        page.get_by_text("Ce SIRET est invalide : sa clé de contrôle ne correspond pas.")
    ).to_be_visible()
    assert MembershipApplication.objects.get().establishments == []  # nothing written
    field(page, "SIRET").fill(HEAD_OFFICE_SIRET)
    page.get_by_role("button", name="Ajouter cet établissement").click()
    expect(page.get_by_role("cell", name=HEAD_OFFICE_SIRET)).to_be_visible()
    page.get_by_role("button", name="Continuer").click()

    expect(page.get_by_role("heading", level=2, name="Contacts")).to_be_visible()
    for role, first, last, email in (
        ("sst_referent", "Hugo", "Marchal", "hugo.marchal@menuiserie-epsilon.fr"),
        ("manager", "Claire", "Fabre", BOSS),
        ("billing", "Sofia", "Benali", "compta@menuiserie-epsilon.fr"),
    ):
        field(page, "Rôle").select_option(role)
        field(page, "Prénom").fill(first)
        field(page, "Nom").fill(last)
        field(page, "E-mail").fill(email)
        field(page, "Téléphone").fill("03 21 55 40 10")
        page.get_by_role("button", name="Ajouter ce contact").click()
        expect(page.get_by_role("cell", name=email)).to_be_visible()
    page.get_by_role("button", name="Continuer").click()

    field(page, "Description de l'activité").fill("Menuiserie bois, pose de fenêtres.")
    field(page, "Horaires d'ouverture").fill("Lundi-vendredi 7h30-16h30")
    field(page, "Salariés en SI").fill("5")
    field(page, "Salariés en SIA").fill("1")
    field(page, "Salariés en SIR").fill("2")
    field(
        page,
        "Votre entreprise a-t-elle déjà son document unique d'évaluation des risques "
        "professionnels (DUERP) ?",
    ).select_option("no")
    page.get_by_label(
        "Nous souhaitons l'aide du service pour établir ou mettre à jour notre DUERP"
    ).check()
    page.get_by_role("button", name="Enregistrer et continuer").click()

    page.get_by_label("Mardi").check()
    field(page, "Demi-journée préférée").select_option("am")
    page.get_by_label("Un cabinet comptable agit pour nous (déclarations, factures)").check()
    field(page, "Nom du cabinet").fill(firm.name)
    field(page, "SIREN du cabinet").fill(firm.siren)
    field(page, "E-mail du cabinet").fill("contact@cabinet.example")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    expect(page.get_by_text("Votre demande est complète")).to_be_visible()
    page.get_by_role("button", name="Transmettre ma demande").click()
    expect(page.get_by_text("Demande transmise au service adhérents. Merci !")).to_be_visible()
    assert MembershipApplication.objects.get().status == ApplicationStatus.SUBMITTED


def validate(desk: Page, base: str, world) -> Adherent:
    """Step 2: the member service validates the application for the world's team."""
    desk.goto(base + "/back-office/")
    desk.get_by_role("link", name="Demandes d'adhésion", exact=True).click()
    desk.get_by_role("link", name=COMPANY).click()
    field(desk, "Équipe de suivi").select_option(str(world.team.pk))
    field(desk, "Compte administrateur de l'espace adhérent").select_option(BOSS)
    desk.get_by_role("button", name="Valider l'adhésion").click()
    expect(desk.get_by_text(f"Adhésion de {COMPANY} validée")).to_be_visible()
    adherent = Adherent.objects.get(siren=SIREN)
    assert (adherent.name, adherent.team) == (COMPANY, world.team)
    assert adherent.establishments.get().siret == HEAD_OFFICE_SIRET
    return adherent


def activate(member: Page, base: str) -> None:
    """Step 3: the activation link, a password, the login page, the guided checklist."""
    invitation = mail_to(BOSS, "Activez votre espace adhérent")
    member.goto(base + link_in(invitation, "/comptes/"))
    member.get_by_label(re.compile(r"^Nouveau mot de passe\W*$")).fill(NEW_PASSWORD)
    member.get_by_label(re.compile(r"^Nouveau mot de passe \(confirmation\)")).fill(NEW_PASSWORD)
    member.get_by_role("button", name="Modifier le mot de passe").click()
    log_in(member, base, BOSS, NEW_PASSWORD)
    expect(member.get_by_role("heading", level=1)).to_have_text(COMPANY)
    expect(
        member.get_by_role("heading", name=re.compile(r"^Bien démarrer avec votre espace"))
    ).to_be_visible()
    expect(member.get_by_text("Fait : Activer votre compte")).to_be_attached()


def welcome_call_is_late(browser: Browser, base: str, world, adherent: Adherent) -> None:
    """Step 4: sixteen days later, the welcome call (target 15 days) shows late."""
    later = timezone.now() + datetime.timedelta(days=16)
    with time_machine.travel(later, tick=True):
        desk = staff_page(browser, base, world.actors["member_service"])  # a session of then
        desk.goto(base + "/back-office/")
        desk.get_by_role("link", name="Étapes en retard", exact=True).click()
        late = desk.get_by_role("row").filter(has_text="Appel de bienvenue")
        expect(late).to_contain_text(COMPANY)
        desk.get_by_role("link", name=COMPANY).click()
        expect(desk.get_by_role("heading", level=1)).to_have_text(f"Trajectoire de {COMPANY}")
        row = desk.get_by_role("row").filter(has_text="Appel de bienvenue")
        expect(row).to_contain_text("En retard")
        expect(row.get_by_role("cell").nth(3)).to_have_text("1")  # Retard (jours)
        desk.context.close()


def firm_declares_and_downloads(browser, base, world, member: Page, adherent: Adherent) -> None:
    """Step 5: mandate, the firm's declaration, the cotisation invoice, its PDF."""
    firm_user = world.actors["firm_unmandated"]
    firm = firm_user.firm_memberships.get().firm
    member.get_by_role("link", name="Donner un mandat à votre cabinet comptable").click()
    field(member, "SIREN du cabinet comptable").fill(firm.siren)
    member.get_by_label("Déclaration d'effectifs").check()
    member.get_by_label("Factures", exact=True).check()
    member.get_by_role("button", name="Accorder le mandat").click()
    expect(member.get_by_role("status")).to_contain_text(f"Mandat accordé à {firm.name}")
    mandate = AccountingFirmMandate.objects.get(adherent=adherent)
    assert sorted(mandate.scopes) == [MandateScope.INVOICES, MandateScope.WORKFORCE]

    office = browser.new_context(locale="fr-FR").new_page()
    log_in(office, base, firm_user.email, PASSWORD)
    office.get_by_label("Entreprise", exact=True).select_option(f"firm:{firm.pk}:{adherent.pk}")
    office.get_by_role("button", name="Changer").click()
    expect(office.get_by_role("heading", level=1)).to_have_text(COMPANY)
    menu(office, "Déclaration des effectifs")
    office.get_by_role("link", name="Déclarer — Atelier Epsilon").click()
    field(office, "Salariés en suivi individuel (SI)").fill("6")
    field(office, "Salariés en suivi individuel adapté (SIA)").fill("1")
    field(office, "Salariés en suivi individuel renforcé (SIR)").fill("2")
    office.get_by_role("button", name="Envoyer la déclaration").click()
    expect(office.get_by_text("déclarés pour Atelier Epsilon")).to_be_visible()
    declaration = WorkforceDeclaration.objects.get(establishment__adherent=adherent)
    assert (declaration.version, declaration.via_firm) == (1, firm)
    assert (declaration.headcount_si, declaration.headcount_sir) == (6, 2)

    cashier = staff_page(browser, base, world.actors["billing"])
    cashier.goto(base + "/back-office/")
    cashier.get_by_role("link", name="Adhérents", exact=True).click()
    cashier.get_by_role("link", name=COMPANY).click()
    cashier.get_by_role("link", name="Compte et factures", exact=True).click()
    cashier.get_by_role("link", name="Émettre la facture de cotisation").click()
    cashier.get_by_role("button", name="Émettre la facture").click()
    invoice = Invoice.objects.get(adherent=adherent)
    expect(cashier.get_by_text(f"Facture {invoice.number} émise.")).to_be_visible()
    assert invoice.year == timezone.localdate().year

    menu(office, "Factures")
    expect(office.get_by_role("link", name=invoice.number, exact=True)).to_be_visible()
    with office.expect_download() as download:
        office.get_by_role("link", name=f"Télécharger {invoice.number}").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert download.value.suggested_filename == f"{invoice.number}.pdf"


def request_answered_by_a_partner(browser, base, world, member: Page, desk: Page) -> None:
    """Step 6: a request, routed to a partner, answered by its link, seen by the member."""
    partner = PartnerFactory(name="CARSAT Hauts-de-France", region="Hauts-de-France")
    menu(member, "Mes demandes")
    member.get_by_role("link", name="Nouvelle demande").click()
    field(member, "Catégorie").select_option("prevention")
    field(member, "Objet").fill("Aide pour le risque poussières de bois")
    field(member, "Votre demande").fill("Quelles aides pour aspirer les poussières de bois ?")
    member.get_by_role("button", name="Envoyer la demande").click()
    expect(member.get_by_text("Votre demande a été envoyée au service.")).to_be_visible()
    detail_url = member.url

    desk.goto(base + "/back-office/")
    desk.get_by_role("link", name="Demandes des adhérents", exact=True).click()
    desk.get_by_role("link", name="Aide pour le risque poussières de bois").click()
    field(desk, "Partenaire").select_option(str(partner.pk))
    desk.get_by_role("button", name="Transmettre").click()
    expect(desk.get_by_text("Demande transmise : le partenaire a reçu son lien")).to_be_visible()

    outside = browser.new_context(locale="fr-FR").new_page()
    outside.goto(base + link_in(mail_to(partner.email), "/partenaires/reponse/"))
    expect(outside.get_by_text("Aide pour le risque poussières de bois")).to_be_visible()
    field(outside, "Votre réponse").fill(ANSWER)
    outside.get_by_role("button", name="Envoyer la réponse").click()
    expect(outside.get_by_text("Merci : votre réponse a été transmise")).to_be_visible()
    referral = PartnerReferral.objects.get(partner=partner)
    assert referral.answered_at is not None
    assert referral.request.status == RequestStatus.ANSWERED

    member.goto(detail_url)
    expect(member.get_by_text("Répondue", exact=True)).to_be_visible()
    expect(member.get_by_text(ANSWER)).to_be_visible()
    expect(member.get_by_text("CARSAT Hauts-de-France (partenaire du service)")).to_be_visible()


def test_an_online_application_to_the_first_invoice_and_an_answered_request(
    page: Page, browser: Browser, live_server, world
):
    base = live_server.url
    today = timezone.localdate()
    campaign_around_today()
    TariffFactory(year=today.year)
    firm = world.actors["firm_unmandated"].firm_memberships.get().firm

    apply_online(page, base, firm)
    desk = staff_page(browser, base, world.actors["member_service"])
    adherent = validate(desk, base, world)

    member = browser.new_context(locale="fr-FR").new_page()
    activate(member, base)

    welcome_call_is_late(browser, base, world, adherent)

    member.get_by_role("link", name="Tableau de bord", exact=True).click()
    firm_declares_and_downloads(browser, base, world, member, adherent)
    request_answered_by_a_partner(browser, base, world, member, desk)
