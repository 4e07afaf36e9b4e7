"""Migration operations that move a document out of a BinaryField into the documents storage.

`move_to_storage(...)` returns, for one model, the operations: add a file-name column beside the
bytes; a data step that writes each row's bytes under a fresh name in the storage, checks (or
computes) their SHA-256 and sets the name and hash on the row; drop the bytes; give the name
column the old field's name. Reversible: going back reads every file (hash checked) into the
database again.

Legal documents are protected by triggers (never updated): the data step sets each name once,
from empty, under `pgtrigger.ignore` for the triggers listed, the one legitimate rewrite.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import nullcontext

import pgtrigger
from django.db import migrations, models

from spsti import documents_storage

MIMETYPE_EXTENSIONS = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "text/csv": "csv",
}


def extension_of_filename(field: str) -> Callable:
    def extension(row) -> str:
        return os.path.splitext(getattr(row, field) or "")[1].lstrip(".") or "bin"

    return extension


def extension_of_content_type(field: str) -> Callable:
    def extension(row) -> str:
        return MIMETYPE_EXTENSIONS.get(getattr(row, field).split(";")[0].strip(), "bin")

    return extension


def pdf(_row) -> str:
    return "pdf"


def move_to_storage(
    model_name: str,
    *,
    binary: str,
    sha256: str,
    app: str,
    kind: str,
    extension: Callable = pdf,
    verbose_name: str = "fichier",
    ignore_triggers: tuple[str, ...] = (),
    same_as: str = "",
    nullable: bool = False,
) -> list:
    """The operations for `model_name.<binary>` (a BinaryField) -> a FileField of the same name.

    `sha256` is the model's hash field, which must already exist (add it in an earlier
    operation of the same migration when missing). `ignore_triggers` are pgtrigger URIs
    ("app.Model:name") that would refuse the one-time update of a protected row. `same_as`
    names the tracked model of a pghistory event model (already moved): an event holding the
    same bytes points at the same file instead of a copy. `nullable`: the BinaryField allowed
    NULL (going back, a row without a file gets NULL, otherwise empty bytes).
    """
    temporary = f"{binary}_file"
    label = model_name.lower()

    def forward(apps, schema_editor) -> None:
        model = apps.get_model(app, model_name)
        rows = model.objects.exclude(**{f"{binary}__isnull": True}).only("pk", binary, sha256)
        if not rows.exists():
            return
        with pgtrigger.ignore(*ignore_triggers) if ignore_triggers else nullcontext():
            for row in rows.iterator(chunk_size=20):
                content = bytes(getattr(row, binary))
                if not content:  # an import file already purged: nothing to keep
                    continue
                digest = documents_storage.sha256_of(content)
                if getattr(row, sha256) and getattr(row, sha256) != digest:
                    raise documents_storage.DocumentIntegrityError(
                        f"{app}.{model_name} {row.pk} : l'empreinte SHA-256 enregistrée ne "
                        "correspond pas au contenu ; migration arrêtée"
                    )
                name = _already_stored(apps, app, same_as, binary, sha256, digest)
                if not name:
                    name = documents_storage.store(
                        content, app=app, kind=kind, extension=extension(row), sha256=digest
                    ).name
                model.objects.filter(pk=row.pk).update(**{temporary: name, sha256: digest})

    def backward(apps, schema_editor) -> None:
        model = apps.get_model(app, model_name)
        rows = model.objects.exclude(**{temporary: ""}).only("pk", temporary, sha256)
        with pgtrigger.ignore(*ignore_triggers) if ignore_triggers else nullcontext():
            for row in rows.iterator(chunk_size=20):
                content = documents_storage.read(getattr(row, temporary).name, getattr(row, sha256))
                model.objects.filter(pk=row.pk).update(**{binary: content})
            if not nullable:  # purged import files: empty bytes, as before the move
                model.objects.filter(**{f"{binary}__isnull": True}).update(**{binary: b""})

    return [
        migrations.AddField(
            model_name=label,
            name=temporary,
            field=models.FileField(
                verbose_name,
                blank=True,
                default="",
                max_length=200,
                storage=documents_storage.documents_storage,
            ),
        ),
        # Nullable while moving: going back, the column is re-added empty, then filled.
        migrations.AlterField(
            model_name=label, name=binary, field=models.BinaryField(blank=True, null=True)
        ),
        migrations.RunPython(forward, backward, elidable=False),
        migrations.RemoveField(model_name=label, name=binary),
        migrations.RenameField(model_name=label, old_name=temporary, new_name=binary),
    ]


def _already_stored(apps, app: str, same_as: str, field: str, sha256: str, digest: str) -> str:
    if not same_as:
        return ""
    tracked = apps.get_model(app, same_as)
    return (
        tracked.objects.filter(**{sha256: digest})
        .exclude(**{field: ""})
        .values_list(field, flat=True)
        .first()
        or ""
    )
