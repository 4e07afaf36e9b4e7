"""Member import, set-based (issue 19, item 3): the whole file at once, never a query per line.

The rules and the French messages are the row-by-row import's (resources.AdherentResource over
django-import-export: widgets, ``import_field``, ``import_instance``, then the model's
``full_clean``), read column by column:

1. Each cell is read by the resource's own widgets (NAF, date), once per distinct value.
2. The distinct SIRENs are COPied into a temporary staging table; one query then finds the
   members that hold them (of the centre: the line updates it; elsewhere: "déjà adhérent"),
   another the teams the ``equipe`` cells name among the centre's (number or name, case
   ignored, as the widget's look-up).
3. The lines are walked in file order over small records: the import's errors (the widgets',
   then the SIREN of another centre), "inchangé" when nothing differs, then the model fields'
   own validation (``Field.clean``: required, lengths, the SIREN's key; the SIREN's uniqueness)
   for the fields without an import error, in the model's order. A line sees what the earlier
   lines of the file wrote (the same SIREN written with dots, say), as row by row.
A dry run stops there. A real import with no error writes in the caller's transaction: the new
members by bulk_create (their history "insert" events in one statement, spsti.history), the
changed ones by bulk_update (pghistory's trigger writes one "update" event per line, in the
import's context). A member import has no other effect: no establishment, contact or account.
"""

from __future__ import annotations

import pgtrigger
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from adherents.imports.resources_widgets import FrenchDateWidget, NafWidget
from adherents.models import Adherent
from adherents.rules import identifiers
from adherents.rules import imports as rules
from spsti.history import batches, insert_events, insert_trigger, int_array, write_states
from spsti.params import parse_int

NEW_IDS = 1 << 62  # provisional ids of the file's new members: after every real one
STAGING = "import_member_staging"
STAGE = f"CREATE TEMPORARY TABLE {STAGING} (siren text PRIMARY KEY) ON COMMIT DROP"
DROP = f"DROP TABLE IF EXISTS pg_temp.{STAGING}"
# Every member holding one of the file's SIRENs; ``ours``: followed by one of the centre's teams.
MEMBERS = f"""
    SELECT a.siren, a.team_id = ANY(%s::bigint[]), a.id, a.name, a.naf_code, a.legal_form,
        a.team_id, t.name, a.joined_on, a.status
    FROM {STAGING} s JOIN adherents_adherent a ON a.siren = s.siren
    JOIN accounts_team t ON t.id = a.team_id
"""  # noqa: S608
# The teams each ``equipe`` cell names among the centre's: by number, else by name with the
# case ignored (Django's ``iexact`` on PostgreSQL: UPPER on both sides).
TEAMS = """
    SELECT v.text, t.id, t.name
    FROM unnest(%s::text[], %s::bigint[]) AS v(text, pk)
    JOIN accounts_team t ON t.id = ANY(%s::bigint[]) AND CASE
        WHEN v.pk IS NULL THEN UPPER(t.name::text) = UPPER(v.text) ELSE t.id = v.pk END
"""
OTHER_CENTRE = "Ce SIREN est déjà adhérent, suivi par un autre centre."
TEAM_NOT_FOUND = "L'équipe « {value} » n'est pas une équipe de votre centre."
# What a line writes, in this order (the states of a record, and the bulk writes).
FIELDS = ("name", "siren", "naf_code", "legal_form", "team_id", "joined_on")
# The import's fields in the resource's order, with the model field each sets.
IMPORTED = (
    ("raison_sociale", "name"),
    ("siren", "siren"),
    ("code_naf", "naf_code"),
    ("forme_juridique", "legal_form"),
    ("equipe", "team"),
    ("date_adhesion", "joined_on"),
)
# The model fields full_clean checks that a line sets, in the model's order.
MODEL_ORDER = [f.name for f in Adherent._meta.concrete_fields if f.name in dict(IMPORTED).values()]


class Member:
    """A member as a line sees it: the database's row, or the state an earlier line wrote."""

    __slots__ = ("pk", "status", "team_name", "states", *FIELDS)

    def __init__(self, pk, **values):
        self.pk = pk
        self.status = values.pop("status", Adherent.Status.ACTIVE)
        self.team_name = values.pop("team_name", "")
        for name in FIELDS:
            setattr(self, name, values.get(name, None if name in ("team_id", "joined_on") else ""))
        self.states: list[tuple] = []  # what the file's lines wrote, in order

    def values(self) -> tuple:
        return tuple(getattr(self, name) for name in FIELDS)

    def copy(self) -> Member:
        other = Member(self.pk, status=self.status, team_name=self.team_name)
        for name in FIELDS:
            setattr(other, name, getattr(self, name))
        other.states = self.states
        return other


class _Cells:
    """One widget's reading of a column, once per distinct value: (value, French error)."""

    def __init__(self, clean):
        self.clean = clean
        self.cache: dict[str, tuple] = {}

    def __call__(self, text: str) -> tuple:
        if text not in self.cache:
            try:
                self.cache[text] = (self.clean(text), None)
            except ValueError as error:
                self.cache[text] = (None, str(error))
        return self.cache[text]


class _ModelChecks:
    """The model's own validation of a field (``full_clean``'s ``clean_fields``): its French
    messages, or []; once per distinct value for the columns that repeat (not the names nor
    the SIRENs: 100,000 lines would keep 200,000 entries for nothing)."""

    UNIQUE = frozenset({"name", "siren"})

    def __init__(self):
        self.cache: dict[tuple, list[str]] = {}

    @staticmethod
    def check(name: str, value) -> list[str]:
        field = Adherent._meta.get_field(name)
        try:
            if not (field.blank and value in field.empty_values):
                field.clean(value, None)
        except ValidationError as error:
            return error.messages
        return []

    def __call__(self, name: str, value) -> list[str]:
        if name in self.UNIQUE:
            return self.check(name, value)
        key = (name, value)
        if key not in self.cache:
            self.cache[key] = self.check(name, value)
        return self.cache[key]


def _column(table, name: str, indices: list[int]) -> list[str] | None:
    if name not in table.headers:
        return None
    at = table.headers.index(name)
    return [rules.cell_text(table.rows[i][at]) for i in indices]


def _look_up(cursor, sirens: set[str], team_cells: set[str], team_ids) -> tuple:
    """({SIREN: Member of the centre}, {SIREN held elsewhere}, {cell: (team id, name)|None})."""
    cursor.execute(DROP)
    cursor.execute(STAGE)
    with cursor.copy(f"COPY {STAGING} (siren) FROM STDIN") as copy:
        for siren in sirens:
            copy.write_row((siren,))
    teams = int_array(team_ids)
    cursor.execute(MEMBERS, [teams])
    ours, elsewhere = {}, set()
    for siren, in_centre, pk, name, naf, legal, team_id, team_name, joined, status in cursor:
        if not in_centre:
            elsewhere.add(siren)
            continue
        ours[siren] = Member(pk, name=name, siren=siren, naf_code=naf, legal_form=legal)
        ours[siren].team_id, ours[siren].team_name = team_id, team_name
        ours[siren].joined_on, ours[siren].status = joined, status
    cursor.execute(DROP)  # at once: the caller's transaction may go on (a test's, too)
    texts = sorted(team_cells)
    found: dict[str, list] = {text: [] for text in texts}
    if texts:
        cursor.execute(TEAMS, [texts, int_array(parse_int(t) for t in texts), teams])
        for text, pk, name in cursor:
            found[text].append((pk, name))
    return ours, elsewhere, {t: rows[0] if len(rows) == 1 else None for t, rows in found.items()}


def run(resource, table, indices: list[int], *, dry_run: bool, summary, progress=None) -> None:
    """Check, then (real import with no error) write the lines ``indices`` of ``table``;
    fills ``summary`` (adherents.imports.services.Summary) as the row-by-row import did."""
    cells = {column: _column(table, column, indices) for column, _ in IMPORTED}
    sirens = [identifiers.normalize(text) for text in cells["siren"]]
    # A NUL character cannot reach PostgreSQL (nor be in its rows): such a cell matches nothing.
    team_cells = {text for text in cells["equipe"] if text and "\x00" not in text}
    with transaction.atomic(), connection.cursor() as cursor:
        found = _look_up(
            cursor, {s for s in sirens if "\x00" not in s}, team_cells, resource.team_ids
        )
    lines = [table.lines[i] for i in indices]
    written = _walk(resource, lines, cells, sirens, found, summary)
    if progress:
        progress(len(table.rows))
    if dry_run or summary.error_count:
        return
    _write(written)


def _walk(resource, lines, cells, sirens, found, summary) -> list[Member]:
    """Each line in file order, as ``import_row`` did; the members the valid lines write."""
    from adherents.imports.services import LIST_CAP

    ours, elsewhere, teams = found
    naf, date = _Cells(NafWidget().clean), _Cells(FrenchDateWidget().clean)
    model_check = _ModelChecks()
    known: dict[str, Member] = dict(ours)  # SIREN -> the member a line finds in the centre
    written: dict[int, Member] = {}
    next_id = NEW_IDS
    legal_forms = cells["forme_juridique"]
    for position, line in enumerate(lines):
        siren = sirens[position]
        original = known.get(siren)
        adding = original is None
        member = Member(None) if adding else original.copy()
        errors: dict[str, list[str]] = {}
        member.name = cells["raison_sociale"][position]
        member.siren = siren
        value, problem = naf(cells["code_naf"][position])
        if problem:
            errors["naf_code"] = [problem]
        else:
            member.naf_code = value
        if legal_forms is not None and (adding or legal_forms[position]):
            member.legal_form = legal_forms[position]
        team_text = cells["equipe"][position]
        if not team_text:
            member.team_id, member.team_name = None, ""
        elif (team := teams.get(team_text)) is None:
            errors["team"] = [TEAM_NOT_FOUND.format(value=team_text)]
        else:
            member.team_id, member.team_name = team
        value, problem = date(cells["date_adhesion"][position])
        if problem:
            errors["joined_on"] = [problem]
        else:
            member.joined_on = value
        if not errors and adding and siren in elsewhere:  # import_instance's own check
            errors["siren"] = [OTHER_CENTRE]
        before = original or Member(None)
        if not errors and before.values() == member.values():
            summary.skip += 1  # skip_row: no field differs (a new line too, if all empty)
            continue
        for name in MODEL_ORDER:  # full_clean: the fields without an import error
            if name in errors:
                continue
            value = member.team_id if name == "team" else getattr(member, name)
            if name == "team" and value is not None:
                continue  # found among the centre's teams: it exists
            if messages := model_check(name, value):
                errors[name] = list(messages)
        if adding and "siren" not in errors and siren in elsewhere:  # validate_unique
            unique = Adherent(siren=siren).unique_error_message(Adherent, ("siren",))
            errors["siren"] = unique.messages
        if errors:
            for key, messages in errors.items():
                for message in messages:
                    summary.add_error(line, resource.label(key), message)
            continue
        label = f"{member.name} (SIREN {member.siren})"
        if adding:
            next_id += 1
            member.pk = next_id
            summary.new += 1
            if len(summary.created) < LIST_CAP:
                summary.created.append({"line": line, "label": label})
        else:
            summary.update += 1
            if len(summary.changed) < LIST_CAP:
                changes = _changes(resource, before, member)
                summary.changed.append({"line": line, "label": label, "changes": changes})
        member.states = [*member.states, member.values()]
        known[siren] = member
        written[member.pk] = member
    return list(written.values())


def _changes(resource, before: Member, after: Member) -> list[str]:
    """``changed_columns``: the columns whose exported text differs (the team by its name)."""
    rendered = {
        "name": lambda m: m.name,
        "siren": lambda m: m.siren,
        "naf_code": lambda m: m.naf_code,
        "legal_form": lambda m: m.legal_form,
        "team": lambda m: m.team_name if m.team_id is not None else "",
        "joined_on": lambda m: m.joined_on.strftime("%d/%m/%Y") if m.joined_on else "",
    }
    return [
        resource.labels.get(column, column)
        for column, name in IMPORTED
        if rendered[name](before) != rendered[name](after)
    ]


def _write(members: list[Member]) -> None:
    """Insert the new members (first state), then write every later state by bulk updates,
    one round per state: the history holds an event per line, as row by row."""
    real: dict[int, int] = {}
    fresh = [m for m in members if m.pk >= NEW_IDS]
    for batch in batches(fresh):
        rows = [Adherent(**dict(zip(FIELDS, m.states[0], strict=True))) for m in batch]
        with pgtrigger.ignore(insert_trigger(Adherent)):
            Adherent.objects.bulk_create(rows)
        insert_events(Adherent, [row.pk for row in rows])
        real.update((m.pk, row.pk) for m, row in zip(batch, rows, strict=True))
    items = [(real.get(m.pk, m.pk), m.states[m.pk >= NEW_IDS :]) for m in members]
    write_states(Adherent, items, FIELDS, timezone.now())
