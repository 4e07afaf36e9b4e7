"""Member import, set-based (issue 19, item 3): each check reports its line in French, the file's
repeated SIRENs and those already known are handled as the row-by-row import handled them, a dry
run writes nothing and costs the same queries whatever the number of lines, and a real import
writes the members and their history in the import's audit context."""

import datetime
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import audit
from adherents.imports.resources import build_resource
from adherents.imports.services import _table_for, process
from adherents.models import Adherent
from tests.accounts.factories import TeamFactory
from tests.adherents.factories_imports import ADHERENT_HEADER, csv_file, new_siren

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 1)


def _run(world, rows, *, dry_run=True) -> dict:
    """The file through services.process, as the Celery task runs it (audit context of job 7)."""
    team_ids = list(world.center.teams.values_list("pk", flat=True))
    agent = world.actors["member_service"]
    resource = build_resource("adherents", team_ids=team_ids, user=agent)
    table = _table_for("adherents.csv", csv_file(rows), resource)
    with audit.actor_context(SimpleNamespace(user=agent), import_job=7):
        return process(table, resource, dry_run=dry_run).as_json()


def _counts() -> dict[str, int]:
    return {
        "members": Adherent.objects.count(),
        "history": Adherent.pgh_event_model.objects.count(),
    }


def _dotted(siren: str) -> str:
    return f"{siren[:3]}.{siren[3:6]}.{siren[6:]}"


def _bad_key(siren: str) -> str:
    return siren[:-1] + str((int(siren[-1]) + 1) % 10)


def test_valid_lines_are_new_changed_or_unchanged(world):
    a, b = world.adherent, world.other_adherent
    south = TeamFactory(center=world.center, name="Équipe Sud")
    first, second = new_siren(), new_siren()
    team = world.team.name
    rows = [
        ADHERENT_HEADER,
        ["Menuiserie Delta", first, "4332a", "SARL", team, "01/03/2026"],  # 2: new
        [a.name, a.siren, "10.71C", "", team, "15/01/2024"],  # 3: NAF changed
        [b.name, b.siren, b.naf_code, "", team.upper(), "2024-01-15"],  # 4: nothing changed
        ["Garage Zêta", second, "45.20A", "", str(south.pk), "02/03/2026"],  # 5: team by number
        [b.name, _dotted(b.siren), b.naf_code, "SAS", "équipe SUD", "15/01/2024"],  # 6
    ]
    before = _counts()

    result = _run(world, rows)

    assert (result["new"], result["update"], result["skip"], result["error_count"]) == (2, 2, 1, 0)
    assert result["created"] == [
        {"line": 2, "label": f"Menuiserie Delta (SIREN {first})"},
        {"line": 5, "label": f"Garage Zêta (SIREN {second})"},
    ]
    assert result["changed"] == [
        {"line": 3, "label": f"{a.name} (SIREN {a.siren})", "changes": ["code NAF"]},
        {
            "line": 6,
            "label": f"{b.name} (SIREN {b.siren})",
            "changes": ["forme juridique", "équipe"],
        },
    ]
    assert _counts() == before  # a dry run writes nothing


def test_each_check_reports_its_line_in_french(world):
    gamma = Adherent.objects.get(name="Scierie Gamma")  # followed by the other centre
    team = world.team.name
    rows = [
        ADHERENT_HEADER,
        ["Clé fausse", _bad_key(new_siren()), "43.21A", "", team, "01/03/2026"],  # 2
        ["Dix chiffres", "1234567890", "43.21A", "", team, "01/03/2026"],  # 3
        ["Ailleurs", new_siren(), "43.21A", "", world.other_team.name, "01/03/2026"],  # 4
        ["Gamma", gamma.siren, "43.21A", "", team, "01/03/2026"],  # 5
        ["Gamma bis", _dotted(gamma.siren), "99.99", "", team, "01/03/2026"],  # 6
        ["", new_siren(), "43.21A", "", team, "01/03/2026"],  # 7
        ["Sans équipe", new_siren(), "43.21A", "", "", "01/03/2026"],  # 8
        ["Tout faux", new_siren(), "zz", "", "Inconnue", "31/02/2026"],  # 9
        ["Sans date", new_siren(), "", "", team, ""],  # 10
        ["x" * 201, new_siren(), "43.21A", "y" * 61, team, "01/03/2026"],  # 11
    ]
    before = _counts()

    result = _run(world, rows, dry_run=False)

    naf = (
        "Code NAF invalide : il s'écrit 2 chiffres, un point, 2 chiffres et une lettre "
        "(43.21A), comme sur votre avis de situation INSEE."
    )
    null = "Ce champ ne peut pas contenir la valeur nulle."
    not_a_date = "« 31/02/2026 » n'est pas une date : écrivez JJ/MM/AAAA (31/12/2025)."

    def at_most(limit: int, length: int) -> str:
        return (
            f"Assurez-vous que cette valeur comporte au plus {limit} caractères "
            f"(actuellement {length})."
        )

    def not_ours(team: str) -> str:
        return f"L'équipe « {team} » n'est pas une équipe de votre centre."

    errors = [(e["line"], e["column"], e["message"]) for e in result["errors"]]
    assert errors == [
        (2, "SIREN", "Ce SIREN est invalide : sa clé de contrôle ne correspond pas."),
        (3, "SIREN", "Le SIREN doit comporter exactement 9 chiffres."),
        (3, "SIREN", at_most(9, 10)),
        (4, "équipe", not_ours(world.other_team.name)),
        (5, "SIREN", "Ce SIREN est déjà adhérent, suivi par un autre centre."),
        # With another error, the import's own check is not reached: the model's is.
        (6, "code NAF", naf),
        (6, "SIREN", "Un objet Adhérent avec ce champ SIREN existe déjà."),
        (7, "raison sociale", "Ce champ ne peut pas être vide."),
        (8, "équipe", null),
        (9, "code NAF", naf),
        (9, "équipe", not_ours("Inconnue")),
        (9, "date d'adhésion", not_a_date),
        (10, "code NAF", "Ce champ ne peut pas être vide."),
        (10, "date d'adhésion", null),
        (11, "raison sociale", at_most(200, 201)),
        (11, "forme juridique", at_most(60, 61)),
    ]
    assert (result["new"], result["rejected"]) == (0, 10)
    assert _counts() == before  # a real import with an error writes nothing


def test_a_known_members_empty_optional_cell_keeps_its_value_and_a_required_one_is_refused(world):
    a = world.adherent
    Adherent.objects.filter(pk=a.pk).update(legal_form="SARL")
    rows = [
        ADHERENT_HEADER,
        [a.name, a.siren, a.naf_code, "", world.team.name, "15/01/2024"],  # unchanged
        [a.name, _dotted(a.siren), a.naf_code, "", world.team.name, ""],  # no date
    ]
    result = _run(world, rows)
    assert result["skip"] == 1
    assert [(e["line"], e["column"]) for e in result["errors"]] == [(3, "date d'adhésion")]


def test_repeated_sirens_of_the_file_and_known_ones(world):
    a = world.adherent
    siren = new_siren()
    team = world.team.name
    rows = [
        ADHERENT_HEADER,
        ["Doublon", siren, "43.21A", "", team, "01/03/2026"],  # 2: new
        ["Doublon", f" {siren} ", "43.21A", "", team, "01/03/2026"],  # 3: the same key
        ["Doublon", _dotted(siren), "43.32A", "", team, "01/03/2026"],  # 4: sees line 2's
        [a.name, a.siren, a.naf_code, "", team, "15/01/2024"],  # 5: known: unchanged
        [a.name, a.siren, "10.71C", "", team, "15/01/2024"],  # 6: the same key as line 5
    ]

    result = _run(world, rows)

    assert [(e["line"], e["column"], e["message"]) for e in result["errors"]] == [
        (3, "SIREN", "déjà présent à la ligne 2 du fichier."),
        (6, "SIREN", "déjà présent à la ligne 5 du fichier."),
    ]
    assert (result["new"], result["update"], result["skip"]) == (1, 1, 1)
    assert result["changed"] == [
        {"line": 4, "label": f"Doublon (SIREN {siren})", "changes": ["code NAF"]}
    ]


def _history(siren: str) -> list[tuple]:
    events = Adherent.pgh_event_model.objects.filter(siren=siren).order_by("pgh_id")
    return list(
        events.values_list("pgh_label", "name", "naf_code", "pgh_context__metadata__import_job")
    )


def test_a_real_import_writes_the_members_and_their_history(world):
    a, b = world.adherent, world.other_adherent
    south = TeamFactory(center=world.center, name="Équipe Sud")
    first, second = new_siren(), new_siren()
    team = world.team.name
    rows = [
        ADHERENT_HEADER,
        ["Menuiserie Delta", first, "4332a", "SARL", team, "01/03/2026"],
        [a.name, a.siren, "10.71C", "", south.name, "15/01/2024"],
        [b.name, b.siren, b.naf_code, "", team, "15/01/2024"],  # unchanged: no event
        ["Garage Zêta", second, "45.20A", "", team, "02/03/2026"],
        ["Garage Zêta-Nord", _dotted(second), "45.20A", "", team, "02/03/2026"],
    ]
    before = _counts()

    result = _run(world, rows, dry_run=False)

    assert (result["new"], result["update"], result["skip"], result["error_count"]) == (2, 2, 1, 0)
    assert _counts() == {"members": before["members"] + 2, "history": before["history"] + 4}
    delta = Adherent.objects.get(siren=first)
    assert (delta.name, delta.naf_code, delta.legal_form, delta.team_id, delta.joined_on) == (
        "Menuiserie Delta",
        "43.32A",
        "SARL",
        world.team.pk,
        DAY,
    )
    assert (delta.kind, delta.status) == (Adherent.Kind.COMPANY, Adherent.Status.ACTIVE)
    assert delta.created_at is not None
    assert delta.updated_at is not None
    a.refresh_from_db()
    assert (a.naf_code, a.team_id) == ("10.71C", south.pk)
    assert Adherent.objects.get(siren=second).name == "Garage Zêta-Nord"
    # One event per written line, each in the import's context (actor and job).
    assert _history(first) == [("insert", "Menuiserie Delta", "43.32A", 7)]
    assert _history(a.siren)[-1] == ("update", a.name, "10.71C", 7)
    assert _history(second) == [
        ("insert", "Garage Zêta", "45.20A", 7),
        ("update", "Garage Zêta-Nord", "45.20A", 7),
    ]
    assert not Adherent.pgh_event_model.objects.filter(pgh_obj_id=b.pk, pgh_context__isnull=False)
    event = Adherent.pgh_event_model.objects.get(siren=first)
    assert event.pgh_context.metadata["user"] == world.actors["member_service"].pk


def _file(world, count: int, naf: str) -> list[list[str]]:
    a = world.adherent
    rows = [ADHERENT_HEADER, [a.name, a.siren, naf, "", world.team.name, "15/01/2024"]]
    for i in range(count - 1):
        rows.append([f"Société {i}", new_siren(), "43.21A", "", world.team.name, "01/03/2026"])
    return rows


def test_the_queries_do_not_grow_with_the_lines(world):
    def queries(count: int, *, dry_run: bool, naf: str = "10.71C") -> tuple[int, dict]:
        with CaptureQueriesContext(connection) as captured:
            result = _run(world, _file(world, count, naf), dry_run=dry_run)
        return len(captured.captured_queries), result

    before = _counts()
    few, few_result = queries(5, dry_run=True)
    many, many_result = queries(300, dry_run=True)

    assert (few_result["new"], few_result["update"], few_result["error_count"]) == (4, 1, 0)
    assert (many_result["new"], many_result["update"], many_result["error_count"]) == (299, 1, 0)
    assert few == many <= 9, (few, many)
    assert _counts() == before

    few_real, _ = queries(5, dry_run=False)
    many_real, result = queries(300, dry_run=False, naf="47.11B")  # the known one changes
    assert (result["new"], result["update"]) == (299, 1)
    assert few_real == many_real <= 15, (few_real, many_real)


def test_a_cell_with_a_nul_character_is_refused_on_its_line(world):
    """PostgreSQL refuses NUL in text: such a SIREN or team matches nothing, and is said so on
    its line (the row-by-row import failed the line with an unexpected error)."""
    from adherents.imports.services_files import Table

    resource = build_resource("adherents", team_ids=[world.team.pk])
    table = Table(headers=ADHERENT_HEADER, lines=[2, 3])
    table.rows = [
        ["Nul", "55210\x000554", "43.21A", "", world.team.name, "01/03/2026"],
        ["Nul", new_siren(), "43.21A", "", f"{world.team.name}\x00", "01/03/2026"],
    ]

    result = process(table, resource, dry_run=True).as_json()

    too_long = "Assurez-vous que cette valeur comporte au plus 9 caractères (actuellement 10)."
    not_ours = f"L'équipe « {world.team.name}\x00 » n'est pas une équipe de votre centre."
    assert [(e["line"], e["column"], e["message"]) for e in result["errors"]] == [
        (2, "SIREN", "Le SIREN doit comporter exactement 9 chiffres."),
        (2, "SIREN", too_long),
        (3, "équipe", not_ours),
    ]
