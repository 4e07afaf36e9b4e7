"""``python -m suivi_sante.rules``: the JSON contract, run as a real subprocess."""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]
VALID = {
    "today": "2026-06-01",
    "worker": {"birth_date": "1990-05-12"},
    "employment": {"start_date": "2026-10-01"},
}


def run(stdin: bytes | str | dict[str, Any]) -> tuple[int, dict[str, Any], str]:
    """Exit code, decoded answer and stderr of one run of the command."""
    if isinstance(stdin, dict):
        stdin = json.dumps(stdin)
    if isinstance(stdin, str):
        stdin = stdin.encode("utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "suivi_sante.rules"],
        input=stdin,
        capture_output=True,
        cwd=REPO_ROOT,
        timeout=60,
        check=False,
    )
    return result.returncode, json.loads(result.stdout.decode("utf-8")), result.stderr.decode()


def with_employment(**fields: Any) -> dict[str, Any]:
    return {**VALID, "employment": {**VALID["employment"], **fields}}


def test_the_rules_import_neither_django_nor_celery():
    code = (
        "import sys, suivi_sante.rules.__main__, suivi_sante.rules.schedule; "
        "assert not [m for m in sys.modules if m.split('.')[0] in ('django','celery')]"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr.decode()


def test_minimal_request_answers_the_schedule_with_exactly_four_keys():
    code, answer, stderr = run(VALID)
    assert code == 0, stderr
    assert answer == {
        "category": "SI",
        "due": [
            {
                "kind": "VIP",
                "due_date": "2027-01-01",
                "performers": ["physician", "nurse"],
                "legal_reference": "R4624-10",
                "reason": "VIP initiale à réaliser avant le 01/01/2027 : embauche le 01/10/2026, "
                "délai de 3 mois (art. R4624-10)",
            },
            {
                "kind": "MI_CARRIERE",
                "due_date": "2035-12-31",
                "performers": ["physician", "nurse"],
                "legal_reference": "L4624-2-2",
                "reason": "Visite de mi-carrière avant le 31/12/2035 : 45 ans le 12/05/2035, dans "
                "l'année civile du 45e anniversaire à défaut d'accord de branche (art. L4624-2-2)",
            },
        ],
        "notices": [],
        "errors": [],
    }


def test_full_request_is_sorted_by_due_date_and_written_in_utf8():
    request = {
        "today": "2026-06-01",
        "worker": {"birth_date": "1981-03-10"},
        "employment": {
            "start_date": "2024-02-05",
            "end_date": None,
            "contract": "CDI",
            "night_work": False,
            "disabled": False,
            "invalidity_pension": False,
            "pregnant": False,
            "sir_risks": ["amiante"],
            "aptitude_jobs": ["caces"],
            "physician_periodicity_months": None,
        },
        "history": [{"kind": "EMAE", "date": "2024-02-01", "performer": "physician"}],
        "absences": [{"start": "2026-04-01", "end": None, "cause": "accident_travail"}],
    }
    result = subprocess.run(
        [sys.executable, "-m", "suivi_sante.rules"],
        input=json.dumps(request).encode(),
        capture_output=True,
        cwd=REPO_ROOT,
        timeout=60,
        check=True,
    )
    assert "mi-carrière".encode() in result.stdout  # accents as UTF-8, not \u escapes
    answer = json.loads(result.stdout)
    assert answer["category"] == "SIR"
    # EMAE of 01/02/2024, 4 days before hiring: waived (R4624-27), clocks run from it;
    # 62 days of absence on 01/06/2026; 45 years in 2026.
    assert [(item["kind"], item["due_date"]) for item in answer["due"]] == [
        ("VISITE_INTERMEDIAIRE", "2026-02-01"),
        ("PRE_REPRISE", "2026-06-01"),
        ("MI_CARRIERE", "2026-12-31"),
        ("SIR_PERIODIQUE", "2028-02-01"),
    ]
    assert [item["performers"] for item in answer["due"]] == [
        ["physician", "nurse"],
        ["physician", "nurse"],
        ["physician", "nurse"],
        ["physician"],
    ]


ERROR_CASES = [
    pytest.param("{", ["entrée : JSON invalide (ligne 1, colonne 2)"], id="not-json"),
    pytest.param("", ["entrée : JSON invalide (ligne 1, colonne 1)"], id="empty"),
    pytest.param(b"\xff\xfe{}", ["entrée : texte UTF-8 invalide"], id="not-utf8"),
    pytest.param("[1, 2]", ["entrée : objet JSON attendu"], id="not-an-object"),
    pytest.param('"text"', ["entrée : objet JSON attendu"], id="a-string"),
    pytest.param(
        {},
        [
            "today : champ obligatoire manquant",
            "worker : champ obligatoire manquant",
            "employment : champ obligatoire manquant",
        ],
        id="missing-everything",
    ),
    pytest.param(
        {**VALID, "worker": {}, "employment": {}},
        [
            "worker.birth_date : champ obligatoire manquant",
            "employment.start_date : champ obligatoire manquant",
        ],
        id="missing-nested",
    ),
    pytest.param(
        {**VALID, "history": [{"kind": "XYZ", "date": "2020-01-01", "performer": "physician"}]},
        ["history[0].kind : type de visite inconnu « XYZ »"],
        id="unknown-kind",
    ),
    pytest.param(
        {**VALID, "history": [{"kind": "VIP", "date": "2020-01-01", "performer": "secrétaire"}]},
        ["history[0].performer : intervenant inconnu « secrétaire »"],
        id="unknown-performer",
    ),
    pytest.param(
        {**VALID, "history": [{"kind": "VIP", "performer": "nurse"}]},
        ["history[0].date : champ obligatoire manquant"],
        id="visit-without-date",
    ),
    pytest.param(
        {**VALID, "history": [{"kind": "EMAE", "date": "2020-01-01", "performer": "nurse"}]},
        [
            "history[0].performer : « nurse » impossible : EMAE réservé au médecin du travail "
            "(art. R4623-14)"
        ],
        id="nurse-emae",
    ),
    pytest.param(
        with_employment(effective_work_days=0),
        [
            "employment.effective_work_days : nombre entier de jours strictement positif "
            "attendu, reçu « 0 »"
        ],
        id="effective-days-0",
    ),
    pytest.param(
        with_employment(effective_work_days="45"),
        [
            "employment.effective_work_days : nombre entier de jours strictement positif "
            "attendu, reçu « 45 »"
        ],
        id="effective-days-string",
    ),
    pytest.param(
        with_employment(end_date="2026-10-20", effective_work_days=21),
        [
            "employment.effective_work_days : 21 jours de travail effectif pour un contrat de "
            "20 jours (du 01/10/2026 au 20/10/2026)"
        ],
        id="effective-days-beyond-the-contract",
    ),
    pytest.param(
        with_employment(contract="CDD2"),
        ["employment.contract : type de contrat inconnu « CDD2 »"],
        id="unknown-contract",
    ),
    pytest.param(
        {**VALID, "absences": [{"start": "2026-01-01", "end": None, "cause": "grippe"}]},
        ["absences[0].cause : motif d'absence inconnu « grippe »"],
        id="unknown-cause",
    ),
    pytest.param(
        {**VALID, "absences": [{"start": "2026-01-01", "cause": "maladie"}]},
        ["absences[0].end : champ obligatoire manquant"],
        id="absence-without-end-key",
    ),
    pytest.param(
        with_employment(sir_risks=["amiante", "silice"]),
        ["employment.sir_risks[1] : risque SIR inconnu « silice »"],
        id="unknown-risk",
    ),
    pytest.param(
        with_employment(aptitude_jobs=["grue"]),
        ["employment.aptitude_jobs[0] : poste à aptitude inconnu « grue »"],
        id="unknown-job",
    ),
    pytest.param(
        with_employment(sir_risks="amiante"),
        ["employment.sir_risks : liste attendue"],
        id="risks-not-a-list",
    ),
    pytest.param(
        {**VALID, "today": "2026-02-30"},
        ["today : date invalide « 2026-02-30 » (format AAAA-MM-JJ attendu)"],
        id="malformed-date",
    ),
    pytest.param(
        {**VALID, "today": "01/06/2026"},
        ["today : date invalide « 01/06/2026 » (format AAAA-MM-JJ attendu)"],
        id="french-date",
    ),
    pytest.param(
        {**VALID, "today": 20260601},
        ["today : date invalide « 20260601 » (format AAAA-MM-JJ attendu)"],
        id="date-as-number",
    ),
    pytest.param(
        {**VALID, "today": "0001-01-01", "worker": {"birth_date": "0001-01-01"}},
        [
            "today : date hors de la plage prise en charge (1900 à 2199)",
            "worker.birth_date : date hors de la plage prise en charge (1900 à 2199)",
        ],
        id="date-out-of-range",
    ),
    pytest.param(
        {**VALID, "history": [{"kind": "VIP", "date": "1990-05-11", "performer": "nurse"}]},
        ["history[0].date : visite datée du 11/05/1990, avant la date de naissance (12/05/1990)"],
        id="visit-before-birth",
    ),
    pytest.param(
        {**VALID, "absences": [{"start": "2026-03-10", "end": "2026-03-09", "cause": "maladie"}]},
        ["absences[0].end : fin d'absence (09/03/2026) antérieure au début (10/03/2026)"],
        id="absence-ends-before-start",
    ),
    pytest.param(
        with_employment(end_date="2026-09-30"),
        ["employment.end_date : fin d'emploi (30/09/2026) antérieure au début (01/10/2026)"],
        id="employment-ends-before-start",
    ),
    pytest.param(
        {**VALID, "worker": {"birth_date": "2026-06-02"}},
        [
            "worker.birth_date : date de naissance (02/06/2026) postérieure à la date du jour "
            "(01/06/2026)"
        ],
        id="born-after-today",
    ),
    pytest.param(
        with_employment(night_work="yes"),
        ["employment.night_work : booléen attendu (true ou false), reçu « yes »"],
        id="not-a-boolean",
    ),
    pytest.param(
        with_employment(biological_agents_2="oui", electromagnetic_fields=None),
        [
            "employment.biological_agents_2 : booléen attendu (true ou false), reçu « oui »",
            "employment.electromagnetic_fields : booléen attendu (true ou false), reçu « null »",
        ],
        id="sia-exposure-not-a-boolean",
    ),
    pytest.param(
        with_employment(biological_agents_group_2=True),
        ["employment.biological_agents_group_2 : champ inconnu"],
        id="misspelt-sia-exposure",
    ),
    pytest.param(
        {**VALID, "employment": {"start_date": "2026-10-01", "nightwork": True}},
        ["employment.nightwork : champ inconnu"],
        id="misspelt-key",
    ),
    pytest.param({**VALID, "extra": 1}, ["extra : champ inconnu"], id="unknown-top-level-key"),
    pytest.param({**VALID, "history": None}, ["history : liste attendue"], id="history-null"),
    pytest.param(
        {**VALID, "history": ["VIP"]}, ["history[0] : objet JSON attendu"], id="visit-not-object"
    ),
]
for bad in (0, -3, 1.5, "12", True):
    ERROR_CASES.append(
        pytest.param(
            with_employment(physician_periodicity_months=bad),
            [
                "employment.physician_periodicity_months : nombre entier de mois strictement "
                f"positif attendu, reçu « {bad if isinstance(bad, str) else json.dumps(bad)} »"
            ],
            id=f"periodicity-{bad}",
        )
    )


@pytest.mark.parametrize(("stdin", "errors"), ERROR_CASES)
def test_invalid_input_answers_exit_2_with_every_error_in_french(stdin, errors):
    code, answer, stderr = run(stdin)
    assert code == 2
    assert answer == {"category": None, "due": [], "notices": [], "errors": errors}
    assert "Traceback" not in stderr
    assert stderr == ""


def test_every_error_is_collected_not_only_the_first():
    request = {
        "today": "2026-06-01",
        "worker": {"birth_date": "1990-05-12"},
        "employment": {"start_date": "2026-13-01", "contract": "X", "pregnant": None},
        "history": [
            {"kind": "XYZ", "date": "2020-01-01", "performer": "physician"},
            {"kind": "VIP", "date": "1980-01-01", "performer": "robot"},
        ],
        "absences": [{"start": "2026-01-01", "end": "2025-01-01", "cause": "maternite"}],
    }
    code, answer, _ = run(request)
    assert code == 2
    assert [error.split(" : ")[0] for error in answer["errors"]] == [
        "employment.start_date",
        "employment.contract",
        "employment.pregnant",
        "history[0].kind",
        "history[1].performer",
        "absences[0].end",
    ]


def test_nan_is_not_json():
    code, answer, _ = run('{"today": NaN}')
    assert (code, answer["errors"]) == (2, ["entrée : JSON invalide"])


def test_seasonal_request_with_effective_work_days_answers_the_collective_actions_notice():
    # D4625-22: 44 days of effective work on a risk post, no EMAE, collective actions instead.
    request = with_employment(
        contract="SAISONNIER",
        end_date="2026-12-31",
        effective_work_days=44,
        sir_risks=["agents_biologiques_3_4"],
    )
    code, answer, stderr = run(request)
    assert code == 0, stderr
    assert answer["category"] == "SIR"
    assert [item["kind"] for item in answer["due"]] == ["FIN_CARRIERE"]
    assert answer["notices"] == [
        "Saisonnier : actions collectives de formation et de prévention (AFP) organisées par le "
        "service au lieu des visites individuelles ; contrat de 44 jours de travail effectif "
        "(déclarés), moins de 45 jours : pas d'examen d'aptitude à l'embauche (art. D4625-22)"
    ]
    code, answer, stderr = run(
        {**request, "employment": {**request["employment"], "effective_work_days": 45}}
    )
    assert code == 0, stderr
    assert [item["kind"] for item in answer["due"]] == ["EMAE", "FIN_CARRIERE"]
    assert answer["notices"] == []


def test_loads_over_55_kg_is_an_accepted_aptitude_job():
    code, answer, stderr = run(with_employment(aptitude_jobs=["charges_55kg"]))
    assert code == 0, stderr
    assert answer["category"] == "SIR"
    assert answer["due"][0]["kind"] == "EMAE"


@pytest.mark.parametrize("exposure", ["biological_agents_2", "electromagnetic_fields"])
def test_an_exposure_of_r4624_18_gives_sia_and_a_vip_before_assignment(exposure):
    request = {
        "today": "2026-01-15",
        "worker": {"birth_date": "1990-05-12"},
        "employment": {"start_date": "2026-01-31", exposure: True},
    }
    code, answer, stderr = run(request)
    assert code == 0, stderr
    assert answer["category"] == "SIA"
    vip = answer["due"][0]
    assert (vip["kind"], vip["due_date"], vip["legal_reference"]) == (
        "VIP",
        "2026-01-31",
        "R4624-18",
    )


def test_retirement_is_read_from_the_contract_and_needs_an_end_date():
    # L4624-2-1: under SIR earlier in the career (EMAE 05/01/2015), leaving for retirement.
    request = {
        **VALID,
        "employment": {"start_date": "2020-07-01", "end_date": "2026-06-30", "retirement": True},
        "history": [{"kind": "EMAE", "date": "2015-01-05", "performer": "physician"}],
    }
    code, answer, stderr = run(request)
    assert code == 0, stderr
    (end,) = [item for item in answer["due"] if item["kind"] == "FIN_CARRIERE"]
    assert end["due_date"] == "2026-06-30"
    assert "avant le départ à la retraite" in end["reason"]
    code, answer, _ = run(
        {**request, "employment": {"start_date": "2020-07-01", "retirement": True}}
    )
    assert code == 2
    assert answer["errors"] == [
        "employment.retirement : départ à la retraite sans date de fin d'emploi"
    ]
