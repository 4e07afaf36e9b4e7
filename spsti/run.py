"""`make run`: services, migrations, demo data, then web + Celery worker + beat; Ctrl-C stops all.

Run as `python -m spsti.run` from the repository root. Each child runs in its own process group,
so Ctrl-C reaches this supervisor only; it stops the children, then the embedded PostgreSQL and
Redis it started (at exit), leaving nothing running.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class StopRequestedError(Exception):
    pass


def _raise_stop(signum, frame):
    raise StopRequestedError


def main() -> int:
    os.chdir(ROOT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spsti.settings")
    os.environ.setdefault("DEBUG", "true")
    from spsti import devservices

    devservices.ensure_services()  # exports DATABASE_URL / REDIS_URL for every child below
    python = sys.executable
    manage = [python, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput"], check=True)  # noqa: S603
    subprocess.run([*manage, "seed_demo"], check=True)  # noqa: S603 - idempotent
    host = os.environ.get("HOST", "127.0.0.1")
    port = os.environ.get("PORT", "8000")
    bin_dir = Path(python).parent
    data = devservices.DATA_DIR
    commands = {
        "web": [*manage, "runserver", f"{host}:{port}", "--noreload"],
        "worker": [
            str(bin_dir / "celery"),
            "-A",
            "spsti",
            "worker",
            "-l",
            "info",
            "--concurrency",
            "2",
            "-n",
            f"worker-{os.getpid()}@%h",
        ],
        "beat": [
            str(bin_dir / "celery"),
            "-A",
            "spsti",
            "beat",
            "-l",
            "info",
            "--schedule",
            str(data / "celerybeat-schedule"),
        ],
    }
    signal.signal(signal.SIGTERM, _raise_stop)
    # Ctrl-C stops everything even when this process was started with SIGINT ignored, as a
    # non-interactive shell starts its background jobs (`... &`): Python then keeps the
    # inherited SIG_IGN instead of raising KeyboardInterrupt, and Ctrl-C did nothing.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    children: dict[str, subprocess.Popen] = {}
    try:
        for name, command in commands.items():
            children[name] = subprocess.Popen(command, start_new_session=True)  # noqa: S603
        _print_welcome(host, port)
        while True:
            for name, child in children.items():
                if child.poll() is not None:
                    print(  # noqa: T201
                        f"Le processus {name} s'est arrêté (code {child.returncode}) : "
                        "arrêt de tous les processus.",
                        flush=True,
                    )
                    return 1
            time.sleep(0.5)
    except (KeyboardInterrupt, StopRequestedError):
        print("\nArrêt en cours…", flush=True)  # noqa: T201
        return 0
    finally:
        _stop(children.values())


def _stop(children) -> None:
    """SIGTERM each child's process group, then SIGKILL what is still there after 10 s."""
    for child in children:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    for child in children:
        try:
            child.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()


def _print_welcome(host: str, port: str) -> None:
    import django

    django.setup()
    from demo import DEMO_LOGINS, DEMO_PASSWORD, DEMO_TOTP_SECRET

    lines = [
        "",
        f"Portail SPSTI prêt : http://{host}:{port}/",
        f"  espace adhérent : http://{host}:{port}/espace-adherent/",
        f"  back-office     : http://{host}:{port}/back-office/",
        f"Comptes de démonstration (mot de passe : {DEMO_PASSWORD}) :",
        *(f"  {email:<42} {label}" for email, label in DEMO_LOGINS),
        "Les comptes du back-office de la démo sont déjà activés ; leur code de double "
        f"authentification : oathtool --totp -b {DEMO_TOTP_SECRET} (ou cette clé dans une "
        "application d'authentification).",
        "Ctrl-C arrête le serveur web, le worker, beat, PostgreSQL et Redis.",
        "",
    ]
    print("\n".join(lines), flush=True)  # noqa: T201


if __name__ == "__main__":
    sys.exit(main())
