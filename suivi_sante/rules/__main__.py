"""``python -m suivi_sante.rules``: one JSON request on stdin, one JSON answer on stdout.

Exit codes: 0 the schedule, 2 an invalid request (every error listed, no traceback),
1 an internal error of the engine (a bug: the traceback goes to stderr for the developer).
"""

import sys
import traceback
from typing import BinaryIO, TextIO

from suivi_sante.rules import contract
from suivi_sante.rules.schedule import compute_schedule

EXIT_OK, EXIT_INTERNAL_ERROR, EXIT_INVALID_INPUT = 0, 1, 2


def main(stdin: BinaryIO, stdout: BinaryIO, stderr: TextIO) -> int:
    """Answer one request; returns the exit code."""
    request, errors = contract.parse_request(stdin.read())
    if request is None:
        stdout.write(contract.dump(contract.error_payload(errors)))
        return EXIT_INVALID_INPUT
    try:
        schedule = compute_schedule(
            today=request.today,
            worker=request.worker,
            employment=request.employment,
            history=request.history,
            absences=request.absences,
        )
    except Exception as error:  # a bug: still answer in JSON, keep the trace for developers
        traceback.print_exc(file=stderr)
        message = f"erreur interne du moteur d'échéances ({type(error).__name__})"
        stdout.write(contract.dump(contract.error_payload([message])))
        return EXIT_INTERNAL_ERROR
    stdout.write(contract.dump(contract.schedule_payload(schedule)))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main(sys.stdin.buffer, sys.stdout.buffer, sys.stderr))
