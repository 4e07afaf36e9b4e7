"""Issue 17, item 4 in Chromium: the secretary opens a day to the employers, the employer books
his worker's due visit on it himself, moves it, and the secretary sees who booked it."""

import datetime
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from suivi_sante.models import Convocation, Visit
from tests.a11y import check_page, preload_axe
from tests.accounts.factories import PASSWORD
from tests.suivi_sante.agenda.support import at, employed_worker, make_due, make_slot, next_weekday
from tests.test_browser_followup import staff_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_employer_books_and_moves_a_slot_himself(
    page: Page, browser: Browser, live_server, world, tmp_path
):
    """Every page on the way passes axe-core and is screenshotted at 390, 768 and 1280 px."""
    base = live_server.url
    preload_axe(page.context)
    tuesday = next_weekday(2)
    worker = employed_worker(world, last_name="Lefèvre", first_name="Hugo")
    make_due(worker, "VIP", due_on=tuesday + datetime.timedelta(days=3))
    first = make_slot(world, "physician", at(tuesday, 9, 30))
    second = make_slot(world, "physician", at(tuesday, 10))
    week = f"{base}/back-office/agenda/?semaine={tuesday.isoformat()}"

    # 1. The secretary opens the day to the employers, from the agenda.
    desk = staff_page(browser, base, world.actors["secretary"])
    preload_axe(desk.context)
    desk.goto(week)
    check_page(desk, "secretaire-agenda", screenshots=tmp_path)
    desk.get_by_role("button", name="Ouvrir ce jour à la réservation par l'employeur").click()
    expect(desk.get_by_text("2 créneaux ouverts à la réservation par l'employeur.")).to_be_visible()
    expect(desk.get_by_text("ouvert aux employeurs")).to_have_count(2)
    check_page(desk, "secretaire-agenda-ouvert", screenshots=tmp_path)

    # 2. The employer picks the 9:30 slot for his worker's VIP.
    page.goto(base + "/")
    page.get_by_role("link", name="Se connecter").click()
    page.get_by_label("Courriel").fill(world.actors["portal_admin"].email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator("[data-work-count]").first).to_be_visible()
    check_page(page, "employeur-accueil", screenshots=tmp_path)
    page.get_by_role("link", name="Réserver une visite").click()
    expect(page.get_by_role("heading", name="Réserver une visite")).to_be_visible()
    check_page(page, "employeur-visites-a-reserver", screenshots=tmp_path)
    page.get_by_role("link", name=re.compile("^Choisir un créneau pour LEF")).click()
    # The day in French, as the caption of its slots.
    expect(page.locator("caption").first).to_have_text(
        re.compile(rf"^Mardi {tuesday.day} \S+ {tuesday.year}$")
    )
    check_page(page, "employeur-creneaux", screenshots=tmp_path)
    page.get_by_role("button", name=re.compile(r"^Réserver le .* à 09:30$")).click()
    expect(page.get_by_text("Créneau réservé")).to_be_visible()
    check_page(page, "employeur-convocation", screenshots=tmp_path)
    visit = Visit.objects.get(slot=first)
    assert visit.booked_by == world.actors["portal_admin"]
    assert Convocation.objects.get(visit=visit).status == "sent"

    # 3. He moves it to 10:00, before the deadline.
    page.get_by_role("link", name="déplacer vers un autre créneau").click()
    check_page(page, "employeur-deplacer", screenshots=tmp_path)
    page.get_by_role("button", name=re.compile(r"^Déplacer ici le .* à 10:00$")).click()
    expect(
        page.get_by_text("Visite déplacée : la nouvelle convocation remplace la précédente.")
    ).to_be_visible()
    check_page(page, "employeur-convocation-deplacee", screenshots=tmp_path)
    moved = Visit.objects.get(slot=second, status="planned")
    assert moved.rebooked_from == visit

    # 4. The secretary sees the visit on 10:00, booked by the employer; 9:30 is free again.
    desk.goto(week)
    admin = world.actors["portal_admin"]
    row = desk.get_by_role("row", name=re.compile("^10:00–10:30"))
    expect(row).to_contain_text(f"réservée par {admin.get_full_name() or admin} (employeur)")
    expect(desk.get_by_role("row", name=re.compile("^09:30–10:00"))).to_contain_text("Libre")
