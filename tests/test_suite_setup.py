"""The suite's own machinery: TOTP codes that do not expire mid-test, a test database reused
only while what builds it is unchanged."""

import time

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import format_hotp_value, generate_totp_secret, hotp_value
from django.db import connection

from tests.conftest import TOTP_MARGIN, TOTP_STEP, migrations_fingerprint, totp_code

BOUNDARY = 1_800_000_000 - 1_800_000_000 % TOTP_STEP  # 15 January 2027, a step's first second


def _code_of_step(secret: str, at: float) -> str:
    return format_hotp_value(hotp_value(secret, int(at) // TOTP_STEP))


def test_a_code_asked_in_the_last_seconds_of_a_step_is_the_next_steps():
    secret = generate_totp_secret()
    with time_machine.travel(BOUNDARY - 2, tick=True):
        code = totp_code(secret)
        assert time.time() >= BOUNDARY  # it waited for the new step
    assert code == _code_of_step(secret, BOUNDARY)
    assert code != _code_of_step(secret, BOUNDARY - 2)


def test_a_code_asked_early_in_a_step_is_the_current_one_at_once():
    secret = generate_totp_secret()
    with time_machine.travel(BOUNDARY - TOTP_MARGIN - 1, tick=False):
        assert totp_code(secret) == _code_of_step(secret, BOUNDARY - 1)


@pytest.mark.django_db
def test_the_test_database_is_named_after_what_builds_it():
    assert connection.settings_dict["NAME"].endswith(f"_m{migrations_fingerprint()}")
