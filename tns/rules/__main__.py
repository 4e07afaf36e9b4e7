"""``python -m tns.rules``: CBI answers as JSON on stdin, the scale scores as JSON on stdout.

Exit codes: 0 the scores, 2 an invalid request (every error listed in French, no traceback),
1 an internal error (a bug: the traceback goes to stderr for the developer).
"""

import sys
import traceback
from typing import BinaryIO, TextIO

from tns.rules import contract
from tns.rules.cbi import score

EXIT_OK, EXIT_INTERNAL_ERROR, EXIT_INVALID_INPUT = 0, 1, 2


def main(stdin: BinaryIO, stdout: BinaryIO, stderr: TextIO) -> int:
    """Answer one request; returns the exit code."""
    answers, errors = contract.parse_request(stdin.read())
    if answers is None:
        stdout.write(contract.dump(contract.error_payload(errors)))
        return EXIT_INVALID_INPUT
    try:
        result = score(answers)
    except Exception as error:  # a bug: still answer in JSON, keep the trace for developers
        traceback.print_exc(file=stderr)
        message = f"erreur interne du calcul des scores CBI ({type(error).__name__})"
        stdout.write(contract.dump(contract.error_payload([message])))
        return EXIT_INTERNAL_ERROR
    stdout.write(contract.dump(contract.result_payload(result)))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main(sys.stdin.buffer, sys.stdout.buffer, sys.stderr))
