"""The service's internal notes on a member (seed 002: « des notes privées » for the service, the
informal information lost between the secretary and the ASST, « tracer ce que chacun a fait »):
written from the member page, append-only, withdrawn by their author only, staff only."""

import html
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, ProgrammingError, connection, transaction
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.timezone import localtime

from adherents.imports import exports
from adherents.members.selectors_notes import LATEST_NOTES
from adherents.members.services_notes import MemberNoteError, add_note, withdraw_note
from adherents.models import MemberNote
from tests.adherents.factories import EstablishmentFactory
from tests.adherents.factories_billing import ctx_of
from tests.api.helpers import bearer, make_token

pytestmark = pytest.mark.django_db

WARNING = "Pas d'information médicale : ces notes sont lisibles par toute l'équipe du centre."


def detail_url(adherent) -> str:
    return reverse("backoffice:adherents:adherent-detail", args=[adherent.pk])


def add_url(adherent) -> str:
    return reverse("backoffice:adherents:adherent-note-add", args=[adherent.pk])


def notes_url(adherent) -> str:
    return reverse("backoffice:adherents:adherent-notes", args=[adherent.pk])


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def note(world, text="Le gérant préfère être appelé le matin.", actor="member_service", **kw):
    return add_note(
        actor=ctx_of(world.actors[actor]), adherent=kw.pop("adherent", world.adherent), text=text
    )


def test_the_secretary_writes_a_note_the_asst_reads_on_the_member_page(world, client_for):
    secretary = world.actors["secretary"]
    secretary.first_name, secretary.last_name = "Sophie", "Martin"
    secretary.save()
    client = client_for("secretary")
    page = text_of(client.get(detail_url(world.adherent)))
    assert "Notes internes du service" in page
    assert WARNING in page
    assert 'aria-describedby="notes-warning"' in page  # the warning is read with the field

    response = client.post(
        add_url(world.adherent),
        {"text": "  Le gérant rappelle lundi pour la visite du site.  ", "establishment": ""},
    )

    assert response.status_code == 302
    assert response["Location"] == detail_url(world.adherent) + "#notes"
    saved = MemberNote.objects.get()
    assert (saved.adherent, saved.author, saved.text, saved.establishment) == (
        world.adherent,
        secretary,
        "Le gérant rappelle lundi pour la visite du site.",
        None,
    )
    page = text_of(client_for("prevention_assistant").get(detail_url(world.adherent)))
    assert "Le gérant rappelle lundi pour la visite du site." in page
    assert "<strong>Sophie Martin</strong>, le " in page
    assert f">{localtime(saved.created_at):%d/%m/%Y à %H:%M}</time>" in page


def test_a_note_may_name_one_of_the_members_establishments(world, client_for):
    response = client_for("member_service").post(
        add_url(world.adherent),
        {"text": "Accès par la cour.", "establishment": world.establishment.pk},
    )
    assert response.status_code == 302
    assert MemberNote.objects.get().establishment == world.establishment
    page = text_of(client_for("nurse").get(detail_url(world.adherent)))
    assert f"— {world.establishment.name}" in page


def test_an_empty_or_too_long_note_is_refused_in_french_and_nothing_is_written(world, client_for):
    client = client_for("member_service")

    response = client.post(add_url(world.adherent), {"text": "   \n  "})
    assert response.status_code == 400
    assert "Écrivez le texte de la note : rien n'a été enregistré." in text_of(response)

    too_long = "Appel du gérant. " * 130  # 2,210 characters
    response = client.post(add_url(world.adherent), {"text": too_long})
    assert response.status_code == 400
    page = text_of(response)
    assert (
        "La note ne peut pas dépasser 2 000 caractères (elle en compte 2209) : "
        "rien n'a été enregistré." in page
    )
    assert too_long.strip() in page  # the text typed is kept in the form, to shorten it
    assert not MemberNote.objects.exists()


def test_the_service_refuses_another_members_establishment(world):
    theirs = EstablishmentFactory(adherent=world.other_adherent)
    with pytest.raises(MemberNoteError, match="n'est pas un établissement de Boulangerie Alpha"):
        add_note(
            actor=ctx_of(world.actors["member_service"]),
            adherent=world.adherent,
            text="Visite du site.",
            establishment_id=theirs.pk,
        )
    assert not MemberNote.objects.exists()


def test_the_database_keeps_notes_append_only(world):
    kept = note(world)
    with transaction.atomic(), pytest.raises(ProgrammingError):
        MemberNote.objects.filter(pk=kept.pk).update(text="Réécrite")
    with transaction.atomic(), pytest.raises(ProgrammingError):
        MemberNote.objects.filter(pk=kept.pk).delete()
    with transaction.atomic(), pytest.raises(IntegrityError):  # blank
        MemberNote.objects.create(adherent=world.adherent, author=kept.author, text="  ")
    with transaction.atomic(), pytest.raises(IntegrityError):  # over the bound
        MemberNote.objects.create(adherent=world.adherent, author=kept.author, text="x" * 2001)
    with transaction.atomic(), pytest.raises(IntegrityError):  # another member's establishment
        MemberNote.objects.create(
            adherent=world.adherent,
            establishment=world.other_establishment,
            author=kept.author,
            text="Mauvais établissement",
        )
    withdrawn = withdraw_note(actor=ctx_of(world.actors["member_service"]), note=kept)
    with transaction.atomic(), pytest.raises(ProgrammingError):  # withdrawn once, never restored
        MemberNote.objects.filter(pk=kept.pk).update(withdrawn_at=None)
    assert MemberNote.objects.get(pk=kept.pk).withdrawn_at == withdrawn.withdrawn_at
    assert MemberNote.objects.get(pk=kept.pk).text == "Le gérant préfère être appelé le matin."


def test_the_author_withdraws_a_note_kept_under_notes_retirees(world, client_for):
    mine = note(world, "Numéro du gérant erroné.")
    author = client_for("member_service")
    withdraw = reverse("backoffice:adherents:adherent-note-withdraw", args=[mine.pk])
    assert withdraw in text_of(author.get(detail_url(world.adherent)))

    # Another writer may not withdraw it: told so, the note stays in force.
    response = client_for("secretary").post(withdraw)
    assert response.status_code == 302
    assert not MemberNote.objects.get(pk=mine.pk).withdrawn_at
    assert withdraw not in text_of(client_for("secretary").get(detail_url(world.adherent)))

    response = author.post(withdraw, follow=True)

    assert "Note retirée : elle reste consultable dans les notes retirées." in text_of(response)
    assert "Numéro du gérant erroné." not in text_of(author.get(detail_url(world.adherent)))
    assert "Numéro du gérant erroné." not in text_of(author.get(notes_url(world.adherent)))
    withdrawn = text_of(client_for("nurse").get(notes_url(world.adherent) + "?retirees=1"))
    assert "Numéro du gérant erroné." in withdrawn
    assert (
        f"retirée le {localtime(MemberNote.objects.get().withdrawn_at):%d/%m/%Y à %H:%M}"
        in withdrawn
    )
    response = author.post(withdraw, follow=True)
    assert "Cette note a déjà été retirée le " in text_of(response)


def test_billing_reads_the_notes_without_writing_any(world, client_for):
    note(world, "Relance à prévoir.")
    client = client_for("billing")
    page = text_of(client.get(detail_url(world.adherent)))
    assert "Relance à prévoir." in page
    assert "Ajouter la note" not in page
    assert client.post(add_url(world.adherent), {"text": "Essai"}).status_code == 403
    with pytest.raises(PermissionDenied):
        note(world, actor="billing")


def test_the_member_page_shows_the_latest_notes_newest_first_with_a_link_to_all(world, client_for):
    for n in range(LATEST_NOTES + 2):
        note(world, f"Note numéro {n:02d}")
    page = text_of(client_for("nurse").get(detail_url(world.adherent)))
    shown = [
        f"Note numéro {n:02d}" for n in range(LATEST_NOTES + 2) if f"Note numéro {n:02d}" in page
    ]
    assert shown == [f"Note numéro {n:02d}" for n in range(2, LATEST_NOTES + 2)]
    assert page.index("Note numéro 06") < page.index("Note numéro 02")  # newest first
    assert f"Seules les {LATEST_NOTES} dernières notes sont affichées." in page
    assert notes_url(world.adherent) in page
    every = text_of(client_for("nurse").get(notes_url(world.adherent)))
    assert all(f"Note numéro {n:02d}" in every for n in range(LATEST_NOTES + 2))


def test_the_member_page_and_the_notes_page_read_a_bounded_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    client = client_for("member_service")
    note(world, "Première note")
    client.get(detail_url(world.adherent))  # warm the session and context caches
    with CaptureQueriesContext(connection) as small_page:
        client.get(detail_url(world.adherent))
    with CaptureQueriesContext(connection) as small_list:
        client.get(notes_url(world.adherent))

    for n in range(30):  # many authors and establishments
        EstablishmentFactory(adherent=world.adherent)
        note(world, f"Note {n}", actor=("secretary", "nurse", "prevention_assistant")[n % 3])
    with django_assert_max_num_queries(len(small_page)):
        assert client.get(detail_url(world.adherent)).status_code == 200
    with django_assert_max_num_queries(len(small_list)):
        assert client.get(notes_url(world.adherent)).status_code == 200


def test_another_centres_staff_gets_a_404_and_writes_nothing(world, client_for):
    mine = note(world, "Information du centre Nord.")
    other = client_for("physician_other")
    withdraw = reverse("backoffice:adherents:adherent-note-withdraw", args=[mine.pk])

    assert other.get(detail_url(world.adherent)).status_code == 404
    assert other.get(notes_url(world.adherent)).status_code == 404
    assert other.post(add_url(world.adherent), {"text": "Intrusion"}).status_code == 404
    assert other.post(withdraw).status_code == 404
    assert list(MemberNote.objects.values_list("text", "withdrawn_at")) == [
        ("Information du centre Nord.", None)
    ]
    with pytest.raises(Http404):  # the service reads the member in the actor's scope
        note(world, "Intrusion", actor="physician_other")


def test_a_member_never_reaches_the_notes(world, client_for):
    note(world, "Le gérant est difficile à joindre.")
    portal = client_for("portal_admin")
    for url in (
        notes_url(world.adherent),
        detail_url(world.adherent),
        add_url(world.adherent),
    ):
        response = portal.get(url) if url != add_url(world.adherent) else portal.post(url, {})
        assert response.status_code == 403
    for name, args in (
        ("portal:dashboard", []),
        ("portal:adherents:service", []),
        ("portal:adherents:establishment-list", []),
        ("portal:adherents:establishment-detail", [world.establishment.pk]),
    ):
        response = portal.get(reverse(name, args=args))
        assert response.status_code == 200, name
        assert "Le gérant est difficile à joindre." not in text_of(response), name
    with pytest.raises(PermissionDenied):  # the service refuses a portal actor
        note(world, "Intrusion", actor="portal_admin")
    # The queryset itself has no portal branch, even with the member's own code.
    assert not MemberNote.objects.visible_to(ctx_of(world.actors["portal_admin"])).exists()


def test_the_api_and_the_members_export_never_carry_a_note(world):
    note(world, "Le gérant est difficile à joindre.")
    secret = make_token(world.actors["portal_admin"], world.adherent)[1]
    client = bearer(secret)
    for name in ("establishment-list", "worker-list", "convocation-list", "invoice-list"):
        response = client.get(reverse(f"api:{name}"))
        assert response.status_code == 200, name
        assert "difficile à joindre" not in response.content.decode(), name
    assert "note interne" not in client.get(reverse("api:schema")).content.decode().lower()

    archive = zipfile.ZipFile(io.BytesIO(exports.member_archive(world.adherent)))
    for name in archive.namelist():
        assert "difficile à joindre".encode() not in archive.read(name), name
