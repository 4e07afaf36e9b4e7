"""``python -m tns.rules``: the JSON contract, run as a real subprocess."""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]


def run(stdin: bytes | str | dict[str, Any]) -> tuple[int, dict[str, Any], str]:
    if isinstance(stdin, dict):
        stdin = json.dumps(stdin)
    if isinstance(stdin, str):
        stdin = stdin.encode("utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "tns.rules"],
        input=stdin,
        capture_output=True,
        cwd=REPO_ROOT,
        timeout=60,
        check=False,
    )
    return result.returncode, json.loads(result.stdout.decode("utf-8")), result.stderr.decode()


def test_the_rules_import_neither_django_nor_celery():
    code = (
        "import sys, tns.rules.__main__, tns.rules.affiliation; "
        "assert not [m for m in sys.modules if m.split('.')[0] in ('django','celery')]"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr.decode()


def test_scores_with_reversed_item_and_a_missing_answer():
    code, answer, _ = run(
        {
            "personal": [1, 1, 2, 2, 3, 4],
            "work": [1, 1, 2, 2, 1, 1, 4],
            "client": [0, 1, 2, 3, 4, None],
        }
    )
    assert code == 0
    assert answer == {
        "scales": {"personal": 45.83, "work": 71.43, "client": None},  # client: 5 of 6 answered
        "levels": {"personal": "low", "work": "moderate", "client": None},
        "trigger": True,
        "errors": [],
    }


def test_client_null_or_absent_is_not_asked_and_whole_scores_are_integers():
    code, answer, _ = run({"personal": [2] * 6, "work": [3] * 7})
    assert code == 0
    assert answer["scales"]["client"] is None
    # work: 25 ×6 and reversed item at 3 → 75: 225/7 = 32.14
    assert answer["scales"]["work"] == 32.14
    assert answer["scales"]["personal"] == 50
    assert answer["trigger"] is False
    assert run({"personal": [2] * 6, "work": [3] * 7, "client": None})[1] == answer


@pytest.mark.parametrize(
    ("stdin", "errors"),
    [
        (b"\xff", ["entrée : texte UTF-8 invalide"]),
        ("{", ["entrée : JSON invalide (ligne 1, colonne 2)"]),
        ("[]", ["entrée : objet JSON attendu"]),
        ('{"personal": [0,0,0,0,0,NaN], "work": [0,0,0,0,0,0,0]}', ["entrée : JSON invalide"]),
        ({"work": [0] * 7}, ["personal : champ obligatoire manquant"]),
        (
            {"personal": [0] * 6, "work": None},
            ["work : liste de 7 réponses attendue (null seulement pour client)"],
        ),
        (
            {"personal": [0] * 6, "work": [0] * 6},
            ["work : 7 réponses attendues (une par item, null si sans réponse), reçu 6"],
        ),
        (
            {"personal": [0, 5, -1, True, "2", 1.5], "work": [0] * 7},
            [
                "personal[1] : réponse invalide « 5 » (entier de 0 à 4 ou null attendu)",
                "personal[2] : réponse invalide « -1 » (entier de 0 à 4 ou null attendu)",
                "personal[3] : réponse invalide « true » (entier de 0 à 4 ou null attendu)",
                'personal[4] : réponse invalide « "2" » (entier de 0 à 4 ou null attendu)',
                "personal[5] : réponse invalide « 1.5 » (entier de 0 à 4 ou null attendu)",
            ],
        ),
        (
            {"personal": [0] * 6, "work": [0] * 7, "clients": [0] * 6},
            ["clients : champ inconnu"],
        ),
    ],
)
def test_invalid_input_exits_2_with_every_error_in_french(stdin, errors):
    code, answer, stderr = run(stdin)
    assert code == 2
    assert answer == {
        "scales": {"personal": None, "work": None, "client": None},
        "levels": {"personal": None, "work": None, "client": None},
        "trigger": False,
        "errors": errors,
    }
    assert "Traceback" not in stderr
