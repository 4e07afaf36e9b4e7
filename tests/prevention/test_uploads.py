"""Uploaded files: the type comes from the bytes, the name must agree, the size is capped."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from prevention import services_uploads as uploads
from prevention.errors import PreventionError

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 40


def xlsx_bytes() -> bytes:
    book = Workbook()
    book.active["A1"] = "Mesure de bruit"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zip_bytes(*names: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            archive.writestr(name, "<xml/>")
    return out.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("name", "content", "kind", "content_type"),
    [
        ("rapport.pdf", PDF, "pdf", "application/pdf"),
        ("photo.PNG", PNG, "png", "image/png"),
        ("photo.jpg", JPEG, "jpeg", "image/jpeg"),
        ("photo.jpeg", JPEG, "jpeg", "image/jpeg"),
        ("photo.webp", WEBP, "webp", "image/webp"),
        (
            "mesures.xlsx",
            xlsx_bytes(),
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "courrier.docx",
            zip_bytes("[Content_Types].xml", "word/document.xml"),
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_accepted_types_are_recognised_by_their_bytes(name, content, kind, content_type):
    checked = uploads.check_upload(upload(name, content))
    assert (checked.kind, checked.content_type, checked.content) == (kind, content_type, content)


def test_a_png_named_pdf_is_refused_in_french():
    with pytest.raises(PreventionError) as refused:
        uploads.check_upload(upload("rapport.pdf", PNG))
    assert str(refused.value) == (
        "Le fichier « rapport.pdf » porte l'extension .pdf mais son contenu est un fichier PNG : "
        "renommez-le ou déposez le bon fichier."
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("programme.exe", b"MZ\x90\x00" + b"\x00" * 60),
        ("page.pdf", b"<html><body>pas un PDF</body></html>"),
        ("archive.zip", zip_bytes("notes.txt")),  # a zip, but no Office document in it
        ("faux.xlsx", b"PK\x03\x04 not really a zip"),
    ],
)
def test_other_types_are_refused(name, content):
    with pytest.raises(PreventionError, match="n'est pas d'un type accepté"):
        uploads.check_upload(upload(name, content))


def test_only_the_allowed_kinds_pass():
    with pytest.raises(PreventionError, match=r"accepté \(PDF\)"):
        uploads.check_upload(upload("photo.png", PNG), allowed=(uploads.PDF,))


def test_size_is_capped_by_the_setting_at_the_exact_limit(settings):
    settings.SPSTI_UPLOAD_MAX_MB = 1
    limit = 1024 * 1024
    at_limit = PDF + b"0" * (limit - len(PDF))
    assert len(uploads.check_upload(upload("a.pdf", at_limit)).content) == limit
    with pytest.raises(PreventionError, match="dépasse la taille maximale de 1 Mo"):
        uploads.check_upload(upload("b.pdf", at_limit + b"0"))


def test_an_empty_file_is_refused():
    with pytest.raises(PreventionError, match="est vide"):
        uploads.check_upload(upload("vide.pdf", b""))


def test_a_batch_is_refused_as_a_whole():
    with pytest.raises(PreventionError, match="photo.pdf"):
        uploads.check_uploads([upload("ok.pdf", PDF), upload("photo.pdf", PNG)])


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("C:\\Users\\moi\\rapport.PDF", "pdf", "rapport.pdf"),
        ("../../etc/passwd.pdf", "pdf", "passwd.pdf"),
        ("sans-extension", "png", "sans-extension.png"),
        ("x" * 300 + ".pdf", "pdf", "x" * 196 + ".pdf"),
    ],
)
def test_the_stored_name_has_no_path_and_fits(name, kind, expected):
    assert uploads.clean_filename(name, kind) == expected
