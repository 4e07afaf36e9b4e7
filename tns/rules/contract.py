"""JSON contract of ``python -m tns.rules``: read and check the answers, write the scores.

Request: ``{"personal": [6 answers], "work": [7 answers], "client": [6 answers] or null}``, each
answer the position 0 … 4 on the five-point scale (0 = « always » / « to a very high degree »,
4 = « never or almost never » / « to a very low degree ») or null when unanswered, items in the
order of the 2005 paper's appendix. ``client`` may be left out (same as null: not asked).

Every problem is collected, each as "<field> : <French message>"; unknown keys are refused.
"""

import json
from decimal import Decimal
from typing import Any

from tns.rules.cbi import ITEM_COUNT, POSITIONS, Result, Scale, ScaleResult

_MISSING = object()
REQUIRED = (Scale.PERSONAL, Scale.WORK)


def _refuse_constant(name: str) -> None:
    raise ValueError(name)


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


Answers = dict[Scale, list[int | None] | None]


def parse_request(raw: bytes | str) -> tuple[Answers | None, list[str]]:
    """The answers by scale, or None and the list of every error found."""
    errors: list[str] = []
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        return None, ["entrée : texte UTF-8 invalide"]
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        return None, [f"entrée : JSON invalide (ligne {error.lineno}, colonne {error.colno})"]
    except (ValueError, RecursionError):
        return None, ["entrée : JSON invalide"]
    if not isinstance(data, dict):
        return None, ["entrée : objet JSON attendu"]
    known = {scale.value for scale in Scale}
    errors.extend(f"{key} : champ inconnu" for key in data if key not in known)
    answers: Answers = {}
    for scale in Scale:
        value = data.get(scale.value, _MISSING)
        if value is _MISSING and scale in REQUIRED:
            errors.append(f"{scale.value} : champ obligatoire manquant")
            continue
        if value is _MISSING or (value is None and scale is Scale.CLIENT):
            answers[scale] = None
            continue
        answers[scale] = _answers(scale, value, errors)
    return (None, errors) if errors else (answers, [])


def _answers(scale: Scale, value: Any, errors: list[str]) -> list[int | None] | None:
    expected = ITEM_COUNT[scale]
    if not isinstance(value, list):
        suffix = " (null seulement pour client)" if value is None else ""
        errors.append(f"{scale.value} : liste de {expected} réponses attendue{suffix}")
        return None
    if len(value) != expected:
        errors.append(
            f"{scale.value} : {expected} réponses attendues (une par item, null si sans "
            f"réponse), reçu {len(value)}"
        )
        return None
    checked: list[int | None] = []
    for index, answer in enumerate(value):
        if answer is None or (
            isinstance(answer, int) and not isinstance(answer, bool) and answer in POSITIONS
        ):
            checked.append(answer)
        else:
            errors.append(
                f"{scale.value}[{index}] : réponse invalide « {_show(answer)} » (entier de 0 à "
                "4 ou null attendu)"
            )
    return checked if len(checked) == expected else None


def _number(score: Decimal | None) -> float | int | None:
    if score is None:
        return None
    return int(score) if score == score.to_integral_value() else float(score)


def _score(result: ScaleResult | None) -> float | int | None:
    """A scale's score as the issue's contract prints it: a number, or null when the scale was
    not asked (client: null) or not fully answered."""
    return None if result is None else _number(result.score)


def _level(result: ScaleResult | None) -> str | None:
    return None if result is None or result.level is None else result.level.value


def result_payload(result: Result) -> dict[str, Any]:
    return {
        "scales": {scale.value: _score(result.scales[scale]) for scale in Scale},
        "levels": {scale.value: _level(result.scales[scale]) for scale in Scale},
        "trigger": bool(result.trigger),
        "errors": [],
    }


def error_payload(errors: list[str]) -> dict[str, Any]:
    return {
        "scales": {scale.value: None for scale in Scale},
        "levels": {scale.value: None for scale in Scale},
        "trigger": False,
        "errors": list(errors),
    }


def dump(payload: dict[str, Any]) -> bytes:
    return (json.dumps(payload, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
