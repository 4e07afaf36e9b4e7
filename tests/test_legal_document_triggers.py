"""Every legal-document trigger, reached in raw SQL below the ORM (whose PROTECT and services
would answer first), and recognised by its own message: not any database error.

A frozen row of each protected table is built, then a raw UPDATE, DELETE (and, for the FE, an
INSERT of an already validated or sent version, or of a child of one) must be refused by the
trigger, with SQLSTATE P0001 (RAISE EXCEPTION) and the trigger's exact text, and leave the row
as it was. A last test fails when a model gains a trigger that this table does not cover.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

import pgtrigger
import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from accounts import audit
from adherents.models import MemberNote, Payment
from certification.models import ManagementReview
from dashboards.models import MonthlyReport
from pdp.models import MeasuresLetter
from prevention.fiche import services as fiche_services
from prevention.models import FicheHazardEntry, FicheUnitEntry, FicheVersion
from prevention.visits import services as visit_services
from suivi_sante.models import ExposureRecord, Measurement, MedicalNote
from suivi_sante.workers.models_duplicates import DUPLICATE_KEY_TRIGGERS
from tests import documents
from tests.adherents.factories_billing import issue_for
from tests.adherents.factories_joining import submitted_application
from tests.adherents.factories_requests import MemberRequestFactory, message
from tests.adherents.factories_workforce import DeclarationFactory
from tests.matrix_adherents.joining import _validated
from tests.matrix_certification.quality import review_for, version_for
from tests.matrix_prevention.fiche import ctx_of, photo, sent
from tests.matrix_prevention.fiche import visit as fiche_visit
from tests.matrix_suivi.dmst import stored_document
from tests.pdp.factories import ConsentFactory, PdpCaseFactory
from tests.prevention.duerp.support import published_world
from tests.suivi_sante.factories import DmstFactory

pytestmark = pytest.mark.django_db

FE_FROZEN = "fiche d'entreprise figée : créez une nouvelle version"


def _protect(table: str, verb: str) -> str:
    """The message of pgtrigger.Protect (verb: 'update', 'delete' or 'update or delete')."""
    return f"pgtrigger: Cannot {verb} rows from {table} table"


# --- one frozen row per protected table: builder(world) -> primary key --------------------------


def _access_log(world) -> int:
    ctx = ctx_of(world.actors["physician"])
    return audit.record_read(ctx, "suivi_sante.dmst.read", world.adherent, reason="visite").pk


def _invoice(world) -> int:
    return issue_for(world).pk


def _invoice_line(world) -> int:
    return issue_for(world).lines.first().pk


def _payment(world) -> int:
    return Payment.objects.create(
        invoice=issue_for(world),
        amount=Decimal("10.00"),
        paid_on=datetime.date(2026, 1, 20),
        method="cheque",
        recorded_by=world.actors["billing"],
    ).pk


def _request_message(world) -> int:
    request = MemberRequestFactory(adherent=world.adherent)
    return message(request, world.actors["portal_admin"], "Bonjour").pk


def _member_note(world) -> int:
    # The service's internal note: append-only, only its withdrawal (once) may be written.
    return MemberNote.objects.create(
        adherent=world.adherent, author=world.actors["member_service"], text="Appeler le gérant"
    ).pk


def _declaration(world) -> int:
    return DeclarationFactory(establishment=world.establishment).pk


def _duerp_version(world) -> int:
    return published_world(world).pk


def _fe_version(world) -> int:
    return sent(world).pk


def _fe_unit_entry(world) -> int:
    return FicheUnitEntry.objects.get(version=sent(world)).pk


def _fe_hazard_entry(world) -> int:
    return FicheHazardEntry.objects.get(entry__version=sent(world)).pk


def _fe_photo(world) -> int:
    # A photo is added to a draft, which the physician then validates: the photo freezes with it.
    row = photo(world)
    FicheVersion.objects.filter(pk=row.version_id).update(
        status="validated", validated_by=world.actors["physician"], validated_at=timezone.now()
    )
    return row.pk


def _fe_acknowledgement(world) -> int:
    version = sent(world)
    return fiche_services.acknowledge(
        actor=ctx_of(world.actors["portal_admin"]), version=version
    ).pk


def _fe_read(world) -> int:
    version = sent(world)
    return fiche_services.record_read(
        actor=ctx_of(world.actors["portal_admin"]), version=version
    ).pk


def _visit_letter_read(world) -> int:
    letter = fiche_visit(world, letter=True)
    return visit_services.record_letter_read(
        actor=ctx_of(world.actors["portal_admin"]), visit=letter
    ).pk


def _dmst_row(model) -> Callable:
    def build(world) -> int:
        physician = world.actors["physician"]
        dmst = DmstFactory(worker=world.worker, opened_by=physician)
        values = {
            MedicalNote: {"body": "Note", "author": physician},
            ExposureRecord: {
                "agent": "Amiante",
                "started_on": datetime.date(2001, 1, 1),
                "author": physician,
            },
            Measurement: {
                "label": "Poids",
                "value": Decimal(70),
                "unit": "kg",
                "measured_on": datetime.date(2026, 1, 5),
                "author": physician,
            },
        }[model]
        return model.objects.create(dmst=dmst, **values).pk

    return build


def _follow_up_document(world) -> int:
    return stored_document(world).pk


# table -> (builder, {operation: message})
PROTECTED = {
    "accounts_accesslog": (
        _access_log,
        {
            "UPDATE": _protect("accounts_accesslog", "update or delete"),
            "DELETE": _protect("accounts_accesslog", "update or delete"),
        },
    ),
    **{
        table: (
            builder,
            {"UPDATE": _protect(table, "update"), "DELETE": _protect(table, "delete")},
        )
        for table, builder in {
            "adherents_invoice": _invoice,
            "adherents_invoiceline": _invoice_line,
            "adherents_payment": _payment,
            "adherents_requestmessage": _request_message,
            "adherents_membernote": _member_note,
            "adherents_workforcedeclaration": _declaration,
            "prevention_duerpversion": _duerp_version,
            "prevention_ficheacknowledgement": _fe_acknowledgement,
            "prevention_ficheversionread": _fe_read,  # read receipts: the first read, kept
            "prevention_visitletterread": _visit_letter_read,
            "suivi_sante_medicalnote": _dmst_row(MedicalNote),
            "suivi_sante_exposurerecord": _dmst_row(ExposureRecord),
            "suivi_sante_measurement": _dmst_row(Measurement),
            "suivi_sante_followupdocument": _follow_up_document,
        }.items()
    },
    **{
        table: (builder, {"UPDATE": FE_FROZEN, "DELETE": FE_FROZEN, "INSERT": FE_FROZEN})
        for table, builder in {
            "prevention_ficheversion": _fe_version,
            "prevention_ficheunitentry": _fe_unit_entry,
            "prevention_fichehazardentry": _fe_hazard_entry,
            "prevention_fichephoto": _fe_photo,
        }.items()
    },
}

CASES = [
    pytest.param(table, operation, message, id=f"{table}-{operation.lower()}")
    for table, (_, messages) in PROTECTED.items()
    for operation, message in messages.items()
]


def _columns(table: str) -> list[str]:
    with connection.cursor() as cursor:
        return [
            column.name
            for column in connection.introspection.get_table_description(cursor, table)
            if column.name != "id"
        ]


def _statement(table: str, operation: str) -> str:
    """Raw SQL touching row %s. The INSERT copies the frozen row (for a FE version: as the next
    number), so that only the trigger stands in its way, not a constraint."""
    if operation == "UPDATE":
        return f"UPDATE {table} SET id = id WHERE id = %s"  # noqa: S608 (our table names)
    if operation == "DELETE":
        return f"DELETE FROM {table} WHERE id = %s"  # noqa: S608
    columns = _columns(table)
    values = ["number + 1" if c == "number" else c for c in columns]
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608
        f"SELECT {', '.join(values)} FROM {table} WHERE id = %s"
    )


def _snapshot(table: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} ORDER BY id")  # noqa: S608
        return cursor.fetchall()


@pytest.mark.parametrize(("table", "operation", "message"), CASES)
def test_the_legal_document_trigger_refuses_raw_sql_with_its_own_message(
    world, table, operation, message
):
    builder, _ = PROTECTED[table]
    pk = builder(world)
    before = _snapshot(table)
    with (
        pytest.raises(DatabaseError) as refused,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(_statement(table, operation), [pk])
    error = refused.value.__cause__
    assert error.diag.sqlstate == "P0001", error  # RAISE EXCEPTION, not a constraint
    assert error.diag.message_primary == message
    assert _snapshot(table) == before


def test_inserting_an_fe_version_already_validated_is_refused_in_sql(world):
    """R4624-50: a version is born a draft; only the validation workflow freezes it."""
    version = sent(world)
    columns = _columns("prevention_ficheversion")
    for status in ("validated", "sent"):
        values = [
            "number + 10"
            if c == "number"
            else "%s"
            if c == "status"
            else "NULL"
            if c in ("sent_at",) and status == "validated"
            else c
            for c in columns
        ]
        params = [status, version.pk]
        with (
            pytest.raises(DatabaseError) as refused,
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(
                f"INSERT INTO prevention_ficheversion ({', '.join(columns)}) "  # noqa: S608
                f"SELECT {', '.join(values)} FROM prevention_ficheversion WHERE id = %s",
                params,
            )
        assert refused.value.__cause__.diag.message_primary == FE_FROZEN
    assert version.fiche.versions.count() == 1


def test_every_trigger_of_a_model_is_covered_here():
    """A new legal-document trigger must get its raw-SQL test above."""
    tables = {model._meta.db_table for model, _ in pgtrigger.registered()}
    # pghistory's own triggers write the history, the duplicate keys' keep their table
    # (tests/suivi_sante/workers/test_models_duplicates.py); they refuse nothing.
    guarded = {
        model._meta.db_table
        for model, trigger in pgtrigger.registered()
        if not type(trigger).__module__.startswith("pghistory")
        and trigger not in DUPLICATE_KEY_TRIGGERS
    }
    assert guarded == set(PROTECTED) | set(WRITTEN_ONCE), tables


def _certification_review(world, letter: bool) -> int:
    """A management review: its PDF frozen (letter) or not yet rendered."""
    if letter:
        return review_for(world).pk
    return ManagementReview.objects.create(
        center=world.center,
        year=2024,
        held_on=datetime.date(2025, 1, 15),
        decisions="Poursuivre.",
        held_by=world.actors["physician"],
    ).pk


# --- documents whose file is set once (a letter sent after the row exists) -----------------------


def _pdp_consent(world, proof: bool) -> int:
    """A consent proved by a signed form in the documents storage (or an oral one)."""
    case = PdpCaseFactory(worker=world.worker)
    if not proof:
        return ConsentFactory(case=case).pk
    stored = documents.fields(b"%PDF-1.4 signed", "proof_file", "proof_sha256")
    return ConsentFactory(case=case, proof="signed_form", **stored).pk


def _pdp_letter(world, pdf: bool) -> int:
    """A measures letter, its PDF rendered and stored (or not yet)."""
    stored = documents.fields(b"%PDF-1.7 courrier", "pdf", "pdf_sha256") if pdf else {}
    return MeasuresLetter.objects.create(
        case=PdpCaseFactory(worker=world.worker),
        adherent=world.adherent,
        number=1,
        issued_by=world.actors["physician"],
        **stored,
    ).pk


def _monthly_report(world, pdf: bool) -> int:
    """A monthly management report, its PDF stored (or, below the services, not yet)."""
    stored = documents.fields(b"%PDF-1.7 rapport", "file", "sha256") if pdf else {}
    return MonthlyReport.objects.create(
        month=datetime.date(2026, 1, 1), center=world.center, **stored
    ).pk


# table -> (builder(world, letter) -> pk, file column, hash column, another update of the row)
WRITTEN_ONCE = {
    "certification_documentversion": (
        lambda world, letter: version_for(world).pk,
        "content",
        "sha256",
        "change_note = 'autre note'",
    ),
    "certification_managementreview": (
        _certification_review,
        "pdf",
        "sha256",
        "decisions = 'autres décisions'",
    ),
    "adherents_membershipapplication": (
        lambda world, letter: _validated(world)[0] if letter else submitted_application()[0].pk,
        "letter_pdf",
        "letter_sha256",
        "review_message = 'autre texte'",
    ),
    "prevention_preventionvisit": (
        lambda world, letter: fiche_visit(world, held=True, letter=letter).pk,
        "letter_pdf",
        "letter_sha256",
        "internal_summary = 'autre texte'",
    ),
    "pdp_consent": (_pdp_consent, "proof_file", "proof_sha256", "purpose = 'autre finalité'"),
    "pdp_measuresletter": (_pdp_letter, "pdf", "pdf_sha256", "number = 2"),
    "dashboards_monthlyreport": (_monthly_report, "file", "sha256", "created_by_id = NULL"),
}


def _update(table: str, assignments: str, pk: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {assignments} WHERE id = %s", [pk])  # noqa: S608


@pytest.mark.parametrize("table", list(WRITTEN_ONCE))
def test_a_sent_letter_keeps_its_file_name_and_hash_forever(world, table):
    builder, file, sha, other = WRITTEN_ONCE[table]
    pk = builder(world, True)
    before = _snapshot(table)
    for assignments in (
        f"{file} = 'prevention/visit_letter/2026/autre.pdf'",
        f"{file} = ''",
        f"{sha} = repeat('0', 64)",
    ):
        with pytest.raises(DatabaseError) as refused, transaction.atomic():
            _update(table, assignments, pk)
        assert refused.value.__cause__.diag.sqlstate == "P0001"
        assert refused.value.__cause__.diag.message_primary == _protect(table, "update")
    assert _snapshot(table) == before
    _update(table, other, pk)  # the rest of the row lives on


# Born with their file (a check constraint forbids an empty one): never set later.
BORN_WITH_FILE = {"certification_documentversion"}


@pytest.mark.parametrize("table", [table for table in WRITTEN_ONCE if table not in BORN_WITH_FILE])
def test_a_letter_is_set_once_from_empty_then_never_again(world, table):
    builder, file, sha, _ = WRITTEN_ONCE[table]
    pk = builder(world, False)
    _update(table, f"{file} = 'a/b/2026/first.pdf', {sha} = repeat('1', 64)", pk)
    with pytest.raises(DatabaseError), transaction.atomic():
        _update(table, f"{file} = 'a/b/2026/second.pdf', {sha} = repeat('2', 64)", pk)
