"""The production deployment files (Dockerfile, docker-compose.yml, .env.example) stay in step
with the code: every command they run exists, every variable they document is read, and the
settings refuse to start in production without a SECRET_KEY. No database, no Docker engine."""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = ROOT / "spsti" / "settings.py"
VENV_BIN = Path(sys.executable).parent
APP_SERVICES = {"web", "migrate", "worker", "beat"}

# env("NAME", ...), env.bool("NAME", ...), env.db_url("NAME") ... in the settings.
ENV_READ = re.compile(r"\benv(?:\.\w+)?\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']")
# "# NAME=value" lines (commented-out assignments) and "NAME=value" lines in .env.example.
ENV_EXAMPLE_LINE = re.compile(r"^#?\s?([A-Z][A-Z0-9_]*)=", re.MULTILINE)


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


def _argv(command):
    return shlex.split(command) if isinstance(command, str) else [str(arg) for arg in command]


def _commands(services):
    return {name: _argv(svc["command"]) for name, svc in services.items() if "command" in svc}


def _defines(path: Path, name: str) -> bool:
    return re.search(rf"^{re.escape(name)}\s*=", path.read_text(), re.MULTILINE) is not None


def _settings_reads() -> set[str]:
    return set(ENV_READ.findall(SETTINGS.read_text()))


def _documented() -> set[str]:
    return set(ENV_EXAMPLE_LINE.findall((ROOT / ".env.example").read_text()))


def test_all_services_are_declared(services):
    assert {"db", "redis", "web", "migrate", "worker", "beat"} <= set(services)


def test_backing_service_images(services):
    assert str(services["db"]["image"]).startswith("postgres:16")
    assert str(services["redis"]["image"]).startswith("redis:7")


def test_backing_services_have_healthchecks(services):
    for name in ("db", "redis"):
        assert services[name].get("healthcheck", {}).get("test"), name


def test_app_services_wait_for_healthy_backends(services):
    for name in APP_SERVICES:
        depends_on = services[name]["depends_on"]
        assert depends_on["db"]["condition"] == "service_healthy", name
        assert depends_on["redis"]["condition"] == "service_healthy", name


def test_web_worker_beat_wait_for_migrations(services):
    for name in APP_SERVICES - {"migrate"}:
        condition = services[name]["depends_on"]["migrate"]["condition"]
        assert condition == "service_completed_successfully", name


def test_app_services_get_production_environment(services):
    for name in APP_SERVICES:
        environment = services[name]["environment"]
        assert environment["DATABASE_URL"].startswith("postgres://spsti:"), name
        assert "@db:5432/spsti" in environment["DATABASE_URL"], name
        assert environment["REDIS_URL"] == "redis://redis:6379/0", name
        assert str(environment["DEBUG"]).lower() == "false", name
        assert "ALLOWED_HOSTS" in environment, name
        assert services[name]["env_file"] in (".env.production", [".env.production"]), name


def test_media_root_is_a_volume(services):
    web = services["web"]
    media_root = web["environment"]["MEDIA_ROOT"]
    assert any(str(volume).endswith(f":{media_root}") for volume in web["volumes"])


def test_every_command_runs_a_venv_executable(services):
    commands = _commands(services)
    assert set(commands) >= APP_SERVICES
    for name, argv in commands.items():
        assert argv[0] in {"gunicorn", "celery", "python"}, f"{name}: unexpected {argv[0]!r}"
        assert (VENV_BIN / argv[0]).exists(), f"{name}: {argv[0]} is not in {VENV_BIN}"


def _gunicorn_target(argv: list[str]) -> str:
    """The WSGI callable of a gunicorn command line (after its options and their values)."""
    return next(arg for arg in argv[1:] if ":" in arg and not arg.startswith("-"))


def test_gunicorn_commands_name_an_existing_wsgi_callable(services):
    targets = [_gunicorn_target(a) for a in _commands(services).values() if a[0] == "gunicorn"]
    assert targets, "no gunicorn command"
    for target in targets:
        module, _, attribute = target.partition(":")
        path = ROOT / Path(*module.split(".")).with_suffix(".py")
        assert path.exists(), target
        assert _defines(path, attribute or "application"), target


def test_web_and_image_take_gunicorn_settings_from_the_config_file(services):
    config = "deploy/gunicorn.conf.py"
    web = _argv(services["web"]["command"])
    assert web[:3] == ["gunicorn", "-c", config]
    assert "--workers" not in web
    cmd = next(line for line in (ROOT / "Dockerfile").read_text().splitlines() if line[:3] == "CMD")
    assert f'"-c", "{config}"' in cmd
    assert "--workers" not in cmd


@pytest.mark.parametrize(
    ("concurrency", "expected"), [("", 2 * (os.cpu_count() or 1) + 1), ("7", 7)]
)
def test_gunicorn_runs_two_workers_a_core_plus_one_unless_told(monkeypatch, concurrency, expected):
    import runpy

    monkeypatch.setenv("WEB_CONCURRENCY", concurrency)
    settings = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    assert settings["workers"] == expected
    assert settings["bind"] == "0.0.0.0:8000"


def test_celery_commands_name_an_existing_app(services):
    apps = [
        argv[argv.index("-A") + 1] for argv in _commands(services).values() if argv[0] == "celery"
    ]
    assert len(apps) == 2  # worker and beat
    for app in apps:
        module, _, attribute = app.partition(":")
        path = ROOT / Path(*module.split("."))
        path = path / "celery.py" if path.is_dir() else path.with_suffix(".py")
        assert path.exists(), app
        assert _defines(path, attribute or "app"), app


def test_manage_py_commands_exist(services):
    from django.core.management import get_commands

    known = get_commands()
    manage = [argv for argv in _commands(services).values() if argv[0] == "python"]
    assert manage, "no manage.py command"
    for argv in manage:
        assert argv[1] == "manage.py"
        assert (ROOT / "manage.py").exists()
        assert argv[2] in known, f"unknown management command {argv[2]!r}"


def test_dockerfile_serves_the_wsgi_app_as_non_root():
    dockerfile = (ROOT / "Dockerfile").read_text()
    cmd = [line for line in dockerfile.splitlines() if line.startswith("CMD")]
    assert len(cmd) == 1
    assert "spsti.wsgi" in cmd[0]
    assert "FROM python:3.11-slim" in dockerfile
    assert "uv sync --frozen --no-dev" in dockerfile
    assert "/app/.venv/bin" in dockerfile
    users = [line.split()[1] for line in dockerfile.splitlines() if line.startswith("USER ")]
    assert users, "no USER line"
    assert users[-1] not in {"root", "0"}


def test_env_example_documents_only_variables_the_settings_read():
    settings_text = SETTINGS.read_text()
    documented = _documented()
    assert documented
    for name in documented:
        assert name in settings_text, f".env.example documents {name}, which settings never read"


def test_env_example_documents_every_variable_the_settings_read():
    missing = _settings_reads() - _documented()
    assert not missing, f"missing from .env.example: {sorted(missing)}"


def test_env_example_is_entirely_commented_out():
    for line in (ROOT / ".env.example").read_text().splitlines():
        assert not line.strip() or line.startswith("#"), line


def _import_settings(**overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        {
            "DEBUG": "false",
            # Set, so that importing the settings starts no embedded PostgreSQL/Redis.
            "DATABASE_URL": "postgres://x@localhost:5432/x",
            "REDIS_URL": "redis://localhost:6379/0",
            "EMAIL_URL": "smtp://localhost:25",  # production refuses any other backend
            **overrides,
        }
    )
    return subprocess.run(
        [sys.executable, "-c", "import spsti.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_settings_refuse_to_start_without_secret_key():
    # An empty value counts as unset, and wins over a developer's local .env (read_env never
    # overrides the environment).
    result = _import_settings(SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_settings_start_with_a_secret_key():
    result = _import_settings(SECRET_KEY="a-long-production-secret-key-" + "x" * 40)
    assert result.returncode == 0, result.stderr


def test_the_image_runs_with_debug_off_even_for_manage_py():
    # manage.py defaults DEBUG to true for developers: the image must say false itself.
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^\s+DEBUG=false \\$", dockerfile, re.MULTILINE)
    assert "RUN DEBUG=false SECRET_KEY=" in dockerfile  # collectstatic with the manifest storage


# Scaling out and health (issue 19, item 7): web, worker and beat report their health; web
# scales behind the `lb` service; beat never scales.


def _healthcheck_argv(service) -> list[str]:
    test = service["healthcheck"]["test"]
    if isinstance(test, str):
        return ["CMD-SHELL", test]
    return [str(arg) for arg in test]


def test_web_worker_and_beat_have_healthchecks(services):
    for name in ("web", "worker", "beat"):
        check = services[name].get("healthcheck", {})
        assert check.get("test"), name
        for key in ("interval", "timeout", "retries"):
            assert check.get(key), f"{name}: no {key}"


def test_web_healthcheck_asks_the_web_health_endpoint_with_the_image_python(services):
    from spsti.health import WEB_HEALTH_PATH

    argv = _healthcheck_argv(services["web"])
    assert argv[:3] == ["CMD", "python", "-c"]
    assert (VENV_BIN / "python").exists()
    assert f"http://127.0.0.1:8000{WEB_HEALTH_PATH}" in argv[3]
    compile(argv[3], "healthcheck", "exec")  # valid Python
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "curl" not in dockerfile  # hence Python, not curl


def test_worker_healthcheck_pings_its_own_worker(services):
    argv = _healthcheck_argv(services["worker"])
    assert argv[0] == "CMD-SHELL"
    command = shlex.split(argv[1])
    assert command[:5] == ["celery", "-A", "spsti", "inspect", "ping"]
    assert (VENV_BIN / "celery").exists()
    # $$ in the compose file is a literal $ for the container's shell: its own hostname.
    assert command[command.index("-d") + 1] == "celery@$$HOSTNAME"
    assert "--timeout" in command


def test_beat_healthcheck_runs_an_existing_management_command(services):
    from django.core.management import get_commands

    argv = _healthcheck_argv(services["beat"])
    assert argv[:3] == ["CMD", "python", "manage.py"]
    assert argv[3] in get_commands()
    assert argv[3:] == ["check_heartbeat", "beat"]


def test_web_scales_behind_the_load_balancer(services):
    assert "ports" not in services["web"]  # a fixed host port forbids --scale web=N
    lb = services["lb"]
    assert lb["ports"] == ["127.0.0.1:8000:8000"]  # where the host's TLS proxy forwards
    mounted = [str(volume).split(":") for volume in lb["volumes"]]
    assert any(target == "/etc/nginx/conf.d/default.conf" for _, target, *_ in mounted)
    config = (ROOT / "deploy" / "nginx-lb.conf").read_text()
    assert "resolver 127.0.0.11" in config  # Docker's DNS, asked again: scaled containers seen
    assert "set $web http://web:8000;" in config
    assert "proxy_pass $web;" in config
    # One proxy of ours appends to X-Forwarded-For (SPSTI_TRUSTED_PROXY_COUNT=1): lb adds none.
    assert "proxy_set_header X-Forwarded-For $http_x_forwarded_for;" in config
    assert "proxy_add_x_forwarded_for" not in config


def test_the_compose_file_shows_how_to_scale_and_that_beat_never_does():
    text = (ROOT / "docker-compose.yml").read_text()
    assert "docker compose up -d --scale web=3 --scale worker=4" in text
    assert "Exactly one beat: never scale this service" in text
    readme = (ROOT / "README.md").read_text()
    assert "--scale web=3 --scale worker=4" in readme
