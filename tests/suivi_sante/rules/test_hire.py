"""The cross-field checks of a declared hire (the portal's form and the API share them)."""

import datetime

from suivi_sante.rules.hire import hire_errors

TODAY = datetime.date(2026, 12, 5)
GOOD = {
    "today": TODAY,
    "birth_date": datetime.date(1990, 5, 17),
    "sex": "F",
    "nir": "290057505612384",
    "start_on": datetime.date(2026, 11, 2),
    "end_on": None,
    "effective_work_days": None,
    "is_pregnant": False,
}


def _fields(**changes) -> list[str]:
    return [field for field, _ in hire_errors(**{**GOOD, **changes})]


def test_a_coherent_hire_has_no_error():
    assert hire_errors(**GOOD) == []


def test_each_incoherence_names_its_field():
    assert _fields(birth_date=datetime.date(2027, 1, 1)) == ["birth_date", "start_on", "nir"]
    assert _fields(start_on=datetime.date(1989, 1, 1)) == ["start_on"]
    assert _fields(end_on=datetime.date(2026, 11, 1)) == ["end_on"]
    assert _fields(sex="M", is_pregnant=True) == ["is_pregnant", "nir"]
    assert _fields(nir="190057505612384") == ["nir"]  # a man's NIR for a woman
    assert _fields(nir="291057505612384") == ["nir"]  # born in 1991, says the NIR


def test_seasonal_days_fit_in_the_contract():
    # 2 to 11 November: 10 days of contract, 10 days of work fit, 11 do not (D4625-22).
    end = datetime.date(2026, 11, 11)
    assert _fields(end_on=end, effective_work_days=10) == []
    assert _fields(end_on=end, effective_work_days=11) == ["effective_work_days"]
