"""FE photos: the real type is read from the bytes, the size is capped, a refusal writes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.utils import DatabaseError
from django.urls import reverse

from prevention.errors import PreventionError
from prevention.fiche import services_content
from prevention.models import FichePhoto
from tests import documents
from tests.conftest import login
from tests.matrix_prevention.fiche import ctx_of, draft, png_bytes, validated

pytestmark = pytest.mark.django_db


@pytest.fixture
def assistant(world):
    return ctx_of(world.actors["prevention_assistant"])


def test_a_png_is_stored_with_its_type_and_its_author(world, assistant):
    version = draft(world)
    upload = SimpleUploadedFile("allee.png", png_bytes(), content_type="image/png")
    photo = services_content.add_photo(
        actor=assistant, version=version, upload=upload, caption="Allée"
    )
    photo.refresh_from_db()
    assert photo.content_type == "image/png"
    assert documents.read(photo.content, photo.sha256) == png_bytes()
    assert photo.uploaded_by == world.actors["prevention_assistant"]
    assert world.actors["prevention_assistant"] in version.contributors.all()


def test_a_text_file_named_png_is_refused_and_nothing_is_written(world, assistant):
    version = draft(world)
    upload = SimpleUploadedFile("photo.png", b"ceci n'est pas une image", content_type="image/png")
    with pytest.raises(PreventionError, match="n'est pas d'un type accepté"):
        services_content.add_photo(actor=assistant, version=version, upload=upload, caption="Faux")
    assert not FichePhoto.objects.exists()
    assert not version.contributors.exists()


def test_a_photo_over_the_size_cap_is_refused_and_nothing_is_written(world, assistant, settings):
    settings.SPSTI_UPLOAD_MAX_MB = 1
    version = draft(world)
    big = png_bytes() + b"\0" * (1024 * 1024)
    upload = SimpleUploadedFile("grande.png", big, content_type="image/png")
    with pytest.raises(PreventionError, match="taille maximale de 1 Mo"):
        services_content.add_photo(
            actor=assistant, version=version, upload=upload, caption="Grande"
        )
    assert not FichePhoto.objects.exists()


def test_a_photo_needs_a_caption(world, assistant):
    version = draft(world)
    upload = SimpleUploadedFile("a.png", png_bytes(), content_type="image/png")
    with pytest.raises(PreventionError, match="légende"):
        services_content.add_photo(actor=assistant, version=version, upload=upload, caption="  ")
    assert not FichePhoto.objects.exists()


def test_no_photo_is_added_to_a_validated_version(world, assistant):
    version = validated(world)
    upload = SimpleUploadedFile("a.png", png_bytes(), content_type="image/png")
    with pytest.raises(PreventionError, match="n'est plus un brouillon"):
        services_content.add_photo(actor=assistant, version=version, upload=upload, caption="Tard")
    with pytest.raises(DatabaseError, match="figée"), transaction.atomic():
        FichePhoto.objects.create(
            version=version,
            caption="Par la base",
            content_type="image/png",
            **documents.fields(png_bytes(), "content", "sha256", extension="png"),
            uploaded_by=world.actors["prevention_assistant"],
        )


def test_the_editor_shows_the_refusal_in_french_next_to_the_photo_field(world, client):
    version = draft(world)
    login(client, world.actors["prevention_assistant"])
    url = reverse("backoffice:prevention:fiche-version-edit", args=[version.pk])
    fake = SimpleUploadedFile("photo.png", b"texte", content_type="image/png")
    response = client.post(
        url, {"action": "add_photo", "photo-photo": fake, "photo-caption": "Faux"}
    )
    assert response.status_code == 200
    assert "n&#x27;est pas d&#x27;un type accepté" in response.content.decode()
    assert not FichePhoto.objects.exists()
    good = SimpleUploadedFile("vraie.png", png_bytes(), content_type="image/png")
    response = client.post(
        url, {"action": "add_photo", "photo-photo": good, "photo-caption": "Vraie"}
    )
    assert response.status_code == 302
    photo = FichePhoto.objects.get()
    shown = client.get(reverse("backoffice:prevention:fiche-photo", args=[photo.pk]))
    assert shown["Content-Type"] == "image/png"
    assert shown.getvalue() == png_bytes()
