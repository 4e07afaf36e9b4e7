"""Dates and amounts read the French way everywhere (issue 17): 15/01/2026, "2 954,00 €".

The shared writing: `{{ x|euros }}` and `{{ d|date:"d/m/Y" }}` in templates (spsti/templatetags/
french.py), spsti.french.euros and spsti.french.date_fr in Python. ISO stays where it is machine
data: input values, links, file names, data columns of the exports.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from spsti.french import date_fr, euros

NB = "\u00a0"
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
# "1234.5 €", "2954.00 €", "1234,50 €" (no grouping), "2 954,00€" (no space before €) or
# "500,00 €" with a breakable space (the € may then start the next line).
ENGLISH_AMOUNT = re.compile(r"\d\.\d{1,2}\s*€|\d{4},\d{2}\s*€|\d€|\d[ \u202f]€")


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_euros_writes_no_break_spaces_a_decimal_comma_and_the_sign_after():
    assert euros(Decimal("2954")) == f"2{NB}954,00{NB}€"
    assert euros(Decimal("1234567.891")) == f"1{NB}234{NB}567,89{NB}€"
    assert euros("-80.5") == f"-80,50{NB}€"
    assert euros(0) == f"0,00{NB}€"
    assert euros(Decimal("2954"), sign=False) == f"2{NB}954,00"
    # Already French text is read back; nothing is "—"; anything else is left alone.
    assert euros("1 234,56") == f"1{NB}234,56{NB}€"
    assert euros(f"1{NB}234,56") == f"1{NB}234,56{NB}€"
    assert euros(None) == euros("") == "—"
    assert euros("sans objet") == "sans objet"
    assert euros("NaN") == "NaN"


def test_the_euros_filter_is_the_same_writing_in_templates():
    assert render("{{ a|euros }}", a=Decimal("2954.00")) == f"2{NB}954,00{NB}€"
    assert render("{{ a|euros }}", a=None) == "—"


def test_date_fr_reads_dates_datetimes_and_iso_text():
    assert date_fr(datetime.date(2026, 1, 5)) == "05/01/2026"
    assert date_fr("2026-01-15") == "15/01/2026"
    # An aware datetime in Paris time: 23:30 UTC on 31/12 is already the 1st of January.
    late = datetime.datetime(2025, 12, 31, 23, 30, tzinfo=datetime.UTC)
    assert date_fr(late) == "01/01/2026"
    assert date_fr(late, with_time=True) == "01/01/2026 à 00:30"
    assert date_fr("hier") == "hier"
    assert render("{{ d|date_fr }}", d="2026-01-15") == "15/01/2026"


# --- No template writes an amount or a date the English or ISO way -----------------------------

TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates"] + sorted(
    Path(settings.BASE_DIR).glob("*/templates")
)
# Attribute values hold machine data (value="2026-01-15", href="?semaine=2026-01-12"): left out.
ATTRIBUTE = re.compile(r"""\s[\w:-]+=("[^"]*"|'[^']*')""")
OFFENDERS = {
    "an amount followed by a hand-written € (use |euros)": re.compile(r"\}\}\s*(&nbsp;)?€"),
    'an amount by floatformat:"2g" (use |euros)': re.compile(r"floatformat:.?2g"),
    "a typed amount with a breakable space before € (&nbsp;)": re.compile(r"\d €"),
    'a date and time without " à " (|date:"d/m/Y à H:i")': re.compile(r"d/m/Y H:i"),
    'a day with a leading zero in prose (|date:"j F Y", "5 décembre")': re.compile(r"\bd F\b"),
    'an ISO date in the visible text (use |date:"d/m/Y")': re.compile(
        r"""\|date:["']Y-m-d["']|now ["']Y-m-d["']"""
    ),
}


def template_files():
    for folder in TEMPLATE_DIRS:
        yield from sorted(p for p in folder.rglob("*") if p.suffix in {".html", ".txt"})


def test_no_template_writes_an_amount_or_a_date_by_hand():
    found = []
    for path in template_files():
        for number, line in enumerate(path.read_text().splitlines(), 1):
            visible = ATTRIBUTE.sub(" ", line)
            found += [
                f"{path.relative_to(settings.BASE_DIR)}:{number}: {why}"
                for why, pattern in OFFENDERS.items()
                if pattern.search(visible)
            ]
    assert found == []


# --- Representative pages and mails of a small world read the French way ----------------------


class VisibleText(HTMLParser):
    """The text a reader sees (and hears: title, aria-label, alt), without the markup."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self.hidden += 1
        self.parts += [v for k, v in attrs if k in {"title", "aria-label", "alt"} and v]

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def assert_french(where: str, text: str) -> None:
    assert not ISO_DATE.findall(text), (where, ISO_DATE.findall(text))
    assert not ENGLISH_AMOUNT.findall(text), (where, ENGLISH_AMOUNT.findall(text))


@pytest.fixture
def french_world(world):
    """An invoice of 2 954 € with a payment, two convocations, a DUERP action costing 1 500 €,
    and the mails they send."""
    from adherents.billing import services_payments as payments
    from adherents.models import Contact, ContactRole
    from suivi_sante.agenda import services as agenda
    from tests.adherents.factories_billing import billing_ctx_of, issue_for
    from tests.suivi_sante.agenda.support import (
        at,
        ctx_of,
        employed_worker,
        make_due,
        make_slot,
        next_weekday,
    )

    Contact.objects.create(
        adherent=world.adherent,
        role=ContactRole.BILLING,
        first_name="Claire",
        last_name="Compta",
        email="compta@alpha.example",
    )
    today = timezone.localdate()
    invoice = issue_for(
        world, amount="2954.00", issued_on=today - datetime.timedelta(days=50), year=today.year
    )
    payments.record_payment(
        actor=billing_ctx_of(world, world.adherent),
        invoice=invoice,
        amount=Decimal("1234.50"),
        paid_on=today - datetime.timedelta(days=10),
        method="transfer",
        reference="VIR 42",
    )
    payments.send_reminders(today=today)
    tuesday = next_weekday(2)
    for n, (last, first) in enumerate((("Durand", "Léa"), ("Martin", "Paul"))):
        worker = employed_worker(world, last_name=last, first_name=first)
        agenda.book_visit(
            actor=ctx_of(world, "secretary"),
            worker=worker,
            kind="VIP",
            slot=make_slot(world, "physician", at(tuesday, 9 + n, 30)),
            due=make_due(worker),
        )
    return invoice


def test_pages_and_mails_of_a_small_world_read_the_french_way(world, client_for, french_world):
    invoice = french_world
    employer, billing = client_for("portal_admin"), client_for("billing")
    pages = {
        "portal home": (employer, reverse("portal:dashboard")),
        "portal invoices": (employer, reverse("portal:adherents:billing-invoice-list")),
        "portal invoice": (
            employer,
            reverse("portal:adherents:billing-invoice-detail", args=[invoice.pk]),
        ),
        "portal convocations": (employer, reverse("portal:suivi_sante:convocation-list")),
        "back-office invoices": (billing, reverse("backoffice:adherents:billing-invoice-list")),
        "back-office invoice": (
            billing,
            reverse("backoffice:adherents:billing-invoice-detail", args=[invoice.pk]),
        ),
        "back-office balance": (
            billing,
            reverse("backoffice:adherents:billing-member-balance", args=[world.adherent.pk]),
        ),
    }
    seen = {}
    for where, (client, url) in pages.items():
        response = client.get(url)
        assert response.status_code == 200, where
        seen[where] = visible_text(response.content.decode())
        assert_french(where, seen[where])
    # The amounts are there, written the French way (not merely absent).
    assert f"2{NB}954,00{NB}€" in seen["portal invoice"]
    assert f"1{NB}719,50{NB}€" in seen["back-office invoice"]  # still due
    assert f"1{NB}234,50{NB}€" in seen["back-office invoice"]  # the payment
    assert "Durand".upper() in seen["portal convocations"].upper()

    assert len(mail.outbox) >= 3  # the reminder and the two convocations
    for message in mail.outbox:
        assert_french(f"mail « {message.subject} »", f"{message.subject}\n{message.body}")
        for body, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                assert_french(f"mail « {message.subject} » (HTML)", visible_text(body))
    reminder = next(m for m in mail.outbox if invoice.number in m.subject)
    assert f"1{NB}719,50{NB}€" in reminder.body
