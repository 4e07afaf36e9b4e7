"""French that reads as French (issue 17, item 7): elision, plurals, roles, genders."""

from html import unescape

import pytest
from django.template import Context, Template
from django.urls import reverse

from spsti.french import elides, feminine, plural, with_de
from suivi_sante.models import Worker


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Elec Dupont", "d'Elec Dupont"),
        ("Électricité Martin", "d'Électricité Martin"),
        ("Hélène Roux", "d'Hélène Roux"),
        ("Hôtel du Parc", "d'Hôtel du Parc"),
        ("Hauteville Bâtiment", "de Hauteville Bâtiment"),
        ("Boulangerie Alpha", "de Boulangerie Alpha"),
        ("Yves Morel", "d'Yves Morel"),
        ("Yaourts de Savoie", "de Yaourts de Savoie"),
        ("Lyon", "de Lyon"),
        ("", "de "),
    ],
)
def test_de_elides_before_a_vowel_or_a_mute_h(name, expected):
    assert with_de(name) == expected
    assert elides(name) is expected.startswith("d'")


def test_the_de_filter_elides_and_escapes():
    assert render("Convocations {{ n|de }}", n="Elec <Dupont>") == (
        "Convocations d'Elec &lt;Dupont&gt;"
    )
    assert render("Convocations {{ n|de }}", n="Garage Bêta") == "Convocations de Garage Bêta"
    assert render("{{ n|elide }}", n="Atelier") == "d'Atelier"


def test_french_plural_starts_at_two():
    assert plural(0, "convocation envoyée") == "0 convocation envoyée"
    assert plural(1, "convocation envoyée") == "1 convocation envoyée"
    assert plural(5, "convocation envoyée") == "5 convocations envoyées"
    assert plural(3, "lecture sensible journalisée") == "3 lectures sensibles journalisées"
    assert render("{{ n }} réponse{{ n|pluriel }}", n=0) == "0 réponse"
    assert render("{{ n }} réponse{{ n|pluriel }}", n=1) == "1 réponse"
    assert render("{{ n }} réponse{{ n|pluriel }}", n=2) == "2 réponses"
    assert render("{{ r|length }} inscrit{{ r|pluriel }}", r=[1, 2, 3]) == "3 inscrits"


def test_gendered_words_follow_what_is_known():
    assert render("né{{ w|feminin }}", w=Worker(sex="F")) == "née"
    assert render("né{{ w|feminin }}", w=Worker(sex="M")) == "né"
    assert feminine("Attestation de suivi")
    assert not feminine("Avis d'aptitude")


def test_roles_read_as_french_words():
    assert render("{{ r|role_label }}", r="physician") == "médecin du travail"
    assert render("{{ r|role_label }}", r="iprp") == "IPRP"
    assert render("{{ r|role_label }}", r="billing") == "facturation"


@pytest.mark.django_db
def test_the_physicians_home_names_the_role_in_french(client_for):
    page = unescape(client_for("physician").get(reverse("backoffice:dashboard")).content.decode())

    assert "Vos rôles : médecin du travail" in page
    assert "physician" not in page.split("Vos rôles")[1][:80]


def test_a_city_already_in_the_name_is_not_repeated():
    from types import SimpleNamespace

    from django.template.loader import render_to_string

    def place(name, city):
        site = SimpleNamespace(name=name, city=city)
        slot = SimpleNamespace(mode="in_person", establishment=site)
        return render_to_string(
            "suivi_sante/agenda/backoffice/_slot_place.html", {"slot": slot}
        ).strip()

    assert place("Garage Martin — Agence de Lyon", "Lyon") == (
        "Sur site : Garage Martin — Agence de Lyon"
    )
    assert place("Garage Martin — siège", "Lyon") == "Sur site : Garage Martin — siège (Lyon)"


def test_amounts_and_iso_dates_read_the_french_way():
    from decimal import Decimal

    assert render("{{ a|euros }}", a=Decimal("1234.56")) == "1\u00a0234,56\u00a0€"
    assert render("{{ a|euros }}", a="-80.5") == "-80,50\u00a0€"
    assert render("{{ a|euros }}", a="1 234,56") == "1\u00a0234,56\u00a0€"
    assert render("{{ d|date_fr }}", d="2026-01-15") == "15/01/2026"
    assert render("{{ d|date_fr }}", d="hier") == "hier"
