"""The fuzz suite's machinery: find the forms and query parameters of a page, generate hostile
values for them, submit, and check the two promises: never a 500, and a refused submission
writes nothing (row counts of our tables and of the audit history unchanged).

Nothing is listed by hand: forms come from the HTML each actor is served, query parameters from
the page's GET forms, its links and every `request.GET` read in our source, so a new view or a
new field is fuzzed without touching this file.
"""

from __future__ import annotations

import datetime
import functools
import re
import traceback
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from django.apps import apps
from django.contrib.messages import constants as message_levels
from django.db import connection, transaction
from django.forms import BaseForm
from django.forms.formsets import BaseFormSet
from django.urls import Resolver404, resolve
from hypothesis import example, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
OUR_APPS = ("accounts", "adherents", "prevention", "suivi_sante", "pdp", "tns", "certification")
AUDIT_APPS = ("pghistory",)

# What an attacker or a clumsy paste sends: NUL bytes, digits Python's isdigit() accepts but int()
# refuses, integers beyond PostgreSQL's int4/int8, dates at the ends of the calendar, long text.
NASTY = (
    "\x00",
    "a\x00b",
    "²",
    "³",
    "١٢",
    "１２",
    "½",
    "-1",
    "0",
    "2147483648",
    "-2147483649",
    "9223372036854775808",
    "9" * 40,
    "1" * 5000,
    "1e400",
    "nan",
    "1.5",
    "0001-01-01",
    "9999-12-31",
    "0000-00-00",
    "2026-02-30",
    "01/01/0001",
    "31/12/9999",
    "24:61",
    "x" * 5000,
    " ",
    "",
    "<script>alert(1)</script>",
    "' OR '1'='1",
    "😀\u202e",
    "\r\n",
)
# One value per kind of trouble. Query parameters are first tried with these in rotation (each
# parameter gets every value once, its neighbours others: "0001-01-01" is followed by an ordinary
# date, so a period from 0001-01-01 to a valid end is tried); form fields with each value in every
# free-text field at once. Then Hypothesis draws random mixes.
FAMILIES = (
    "a\x00b",
    "²",
    "9" * 30,
    "2147483648",
    "-2147483649",
    "x" * 5000,
    "0001-01-01",
    "2026-01-15",
    "9999-12-31",
)
# Families also sent in choice fields (radios, selects): views that read request.POST directly.
RAW_FAMILIES = ("a\x00b", "²", "9" * 30)
FREE_TEXT = {
    "text",
    "number",
    "date",
    "datetime-local",
    "time",
    "email",
    "tel",
    "url",
    "search",
    "password",
    "textarea",
    "month",
    "week",
}
_date = st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31))
FUZZ_VALUE = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=30),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    _date.map(datetime.date.isoformat),
    _date.map(lambda d: d.strftime("%d/%m/%Y")),
)

# Forms whose submission ends the session or changes the acting context: fuzzing them would
# change what the following examples see, and they are covered by their own tests.
SKIPPED_ACTIONS = {"account_logout", "portal:switch", "backoffice:switch"}
SKIPPED_PREFIXES = ("/comptes/", "/admin/", "/static/")
NOT_FUZZED = {"csrfmiddlewaretoken"}


@dataclass
class Field:
    name: str
    kind: str  # input type, "select" or "textarea"
    default: str = ""
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, Field] = field(default_factory=dict)
    buttons: list[tuple[str, str]] = field(default_factory=list)  # named submit buttons

    def signature(self) -> tuple:
        return (self.method, self.action, tuple(sorted(self.fields)), tuple(self.buttons))


class _PageParser(HTMLParser):
    """<form>s with their fields, and the query parameters of the page's links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.link_params: set[str] = set()
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "a" and "?" in a.get("href", ""):
            self.link_params |= {k for k, _ in parse_qsl(urlsplit(a["href"]).query, True)}
        if tag == "form":
            self._form = Form(method=a.get("method", "get").lower(), action=a.get("action", ""))
            self.forms.append(self._form)
            return
        form = self._form
        if form is None or "name" not in a or "disabled" in a:
            return
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "image"):
                form.buttons.append((name, a.get("value", "")))
            elif kind in ("checkbox", "radio"):
                current = form.fields.setdefault(name, Field(name, kind))
                current.options.append(a.get("value", "on"))
                if "checked" in a:
                    current.default = a.get("value", "on")
            elif kind != "file":
                form.fields[name] = Field(name, kind, a.get("value", ""))
        elif tag == "button" and a.get("type", "submit") == "submit":
            form.buttons.append((name, a.get("value", "")))
        elif tag == "select":
            self._select = form.fields[name] = Field(name, "select")
        elif tag == "textarea":
            self._textarea = form.fields[name] = Field(name, "textarea")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.default += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def unknown_decl(self, data):  # pragma: no cover - lenient on odd markup
        pass


class _OptionParser(_PageParser):
    def handle_starttag(self, tag, attrs):
        if tag == "option" and self._select is not None:
            a = {k: (v or "") for k, v in attrs}
            value = a.get("value", "")
            self._select.options.append(value)
            if "selected" in a or not self._select.default:
                self._select.default = value
            return
        super().handle_starttag(tag, attrs)


def parse_page(html: str) -> tuple[list[Form], set[str]]:
    parser = _OptionParser()
    parser.feed(html)
    parser.close()
    return parser.forms, parser.link_params


@functools.cache
def query_params_in_source() -> frozenset[str]:
    """Every query parameter our views read by name (`request.GET.get("x")`, `GET["x"]`)."""
    pattern = re.compile(r"""GET(?:\.get|\.getlist)?[(\[]\s*["']([\w-]+)["']""")
    names = set()
    for app in (*OUR_APPS, "spsti"):
        for path in (ROOT / app).rglob("*.py"):
            names |= set(pattern.findall(path.read_text()))
    return frozenset(names)


@functools.cache
def _counted_tables() -> tuple[str, ...]:
    tables = []
    for label in (*OUR_APPS, *AUDIT_APPS):
        for model in apps.get_app_config(label).get_models():
            if model._meta.managed and not model._meta.proxy:
                tables.append(model._meta.db_table)
    for model in apps.get_models():  # pghistory's event models live in our apps' modules
        if model._meta.db_table.endswith("event") and model._meta.db_table not in tables:
            tables.append(model._meta.db_table)
    # The journal of sensitive reads: a refused DMST form re-renders the record, and that read
    # is journaled by law (accounts.audit.record_read); it is not part of the submission.
    return tuple(sorted(set(tables) - {"accounts_accesslog"}))


def row_counts() -> dict[str, int]:
    """Rows in each of our tables and of the audit history, in one query."""
    tables = _counted_tables()
    # Table names from our models' metadata, quoted: no user input reaches this SQL.
    counts = ", ".join(f"(SELECT count(*) FROM {connection.ops.quote_name(t)})" for t in tables)  # noqa: S608
    sql = f"SELECT {counts}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


def _refused(response) -> bool:
    """A 4xx, a form re-rendered with errors, or an error message queued for the user."""
    if 400 <= response.status_code < 500:
        return True
    contexts = response.context or []
    if hasattr(contexts, "flatten"):  # one template rendered: a Context, not a ContextList
        contexts = [contexts]
    for context in contexts:
        for value in context.flatten().values() if hasattr(context, "flatten") else []:
            if isinstance(value, BaseForm) and value._errors:
                return True
            if isinstance(value, BaseFormSet) and value._errors is not None:  # noqa: SIM102
                if any(value._errors) or value._non_form_errors:
                    return True
    storage = getattr(response.wsgi_request, "_messages", None)
    queued = getattr(storage, "_queued_messages", [])
    return any(m.level >= message_levels.ERROR for m in queued)


class FuzzFindingError(AssertionError):
    pass


def submit(client, method: str, url: str, data: dict, *, check_writes: bool) -> None:
    """One request inside a savepoint rolled back afterwards, so examples stay independent."""
    before = row_counts() if check_writes else None
    try:
        with transaction.atomic():
            try:
                response = getattr(client, method)(url, data)
            except Exception as error:  # the test client re-raises what would be a 500
                summary = "".join(traceback.format_exception_only(error)).strip()[:300]
                where = traceback.extract_tb(error.__traceback__)[-1]
                raise FuzzFindingError(
                    f"{method.upper()} {url} raised {summary} at {where.filename}:{where.lineno}"
                ) from None
            if response.status_code >= 500:
                raise FuzzFindingError(f"{method.upper()} {url} answered {response.status_code}")
            if check_writes and _refused(response):
                after = row_counts()
                changed = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
                if changed:
                    raise FuzzFindingError(f"POST {url} was refused but wrote {changed}")
            transaction.set_rollback(True)
    except FuzzFindingError as finding:
        shown = {k: (v if len(v) < 60 else v[:57] + "...") for k, v in data.items()}
        raise FuzzFindingError(f"{finding} with {shown}") from None


def fuzz(check, strategy, explicit=(), profile: str = "fuzz") -> None:
    """Run `check` on each explicit example, then on values drawn from `strategy`, under the
    suite's Hypothesis profile."""

    @settings(settings.get_profile(profile))
    @given(strategy)
    def run(values):
        check(values)

    for values in explicit:
        run = example(values)(run)
    run()


def _field_strategy(f: Field):
    if f.kind in ("checkbox", "radio", "select") and f.options:
        return st.one_of(st.sampled_from(f.options), FUZZ_VALUE)
    return st.one_of(st.just(f.default), FUZZ_VALUE)


def form_strategy(form: Form):
    """Each field keeps its served value or gets a hostile one; a submit button is chosen."""
    fields = {name: _field_strategy(f) for name, f in form.fields.items() if name not in NOT_FUZZED}
    values = st.fixed_dictionaries(fields)
    if form.buttons:
        return st.tuples(values, st.sampled_from(form.buttons)).map(
            lambda pair: {**pair[0], pair[1][0]: pair[1][1]}
        )
    return values


def form_explicit(form: Form) -> list[dict]:
    """For each family, every free-text field gets it and the choices keep their served value;
    then a few families in every field, choices included."""
    served = {name: f.default for name, f in form.fields.items() if name not in NOT_FUZZED}
    button = dict(form.buttons[:1])
    free = [n for n, f in form.fields.items() if n in served and f.kind in FREE_TEXT]
    examples = [{**served, **dict.fromkeys(free, value), **button} for value in FAMILIES]
    examples += [{**dict.fromkeys(served, value), **button} for value in RAW_FAMILIES]
    # Hidden identifiers (a row's pk beside an `action` that says what to do with it).
    ids = [n for n, f in form.fields.items() if f.kind == "hidden" and f.default.isdecimal()]
    if ids:
        examples += [{**served, **dict.fromkeys(ids, value), **button} for value in RAW_FAMILIES]
    return examples


def query_explicit(names) -> list[dict]:
    """FAMILIES in rotation over the parameters: each gets every family once."""
    names = sorted(names)
    n = len(FAMILIES)
    return [{name: FAMILIES[(i + k) % n] for i, name in enumerate(names)} for k in range(n)]


def query_strategy(names) -> st.SearchStrategy:
    return st.fixed_dictionaries({name: FUZZ_VALUE for name in sorted(names)})


def action_url(form: Form, page_url: str) -> str | None:
    """The form's target path on this site, or None for forms we leave alone."""
    target = urlsplit(form.action or page_url)
    if target.netloc or not (target.path or "").startswith("/"):
        return None
    if target.path.startswith(SKIPPED_PREFIXES):
        return None
    try:
        match = resolve(target.path)
    except Resolver404:
        return None
    if match.view_name in SKIPPED_ACTIONS:
        return None
    return target.path + (f"?{target.query}" if target.query else "")
