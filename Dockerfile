# syntax=docker/dockerfile:1
# Production image of the SPSTI portal: gunicorn by default; the same image runs the Celery
# worker, Celery beat and the one-off migrations (see docker-compose.yml).

# --- Stage 1: resolve the locked dependencies into /app/.venv with uv --------------------------
FROM python:3.11-slim AS builder

ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python3.11 \
    UV_PROJECT_ENVIRONMENT=/app/.venv

# Same uv as the one locked in the dev group of uv.lock.
RUN pip install --no-cache-dir "uv==0.13.9"

WORKDIR /app
COPY pyproject.toml uv.lock ./
# --frozen: install exactly uv.lock, fail rather than re-resolve; --no-dev: no test tooling.
RUN uv sync --frozen --no-dev --no-install-project

# --- Stage 2: runtime ---------------------------------------------------------------------------
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DEBUG=false \
    PATH="/app/.venv/bin:${PATH}"

# System libraries WeasyPrint loads at runtime (Pango, HarfBuzz + subsetting), a base font
# and the MIME database; nothing else.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
        shared-mime-info \
    && rm -rf /var/lib/apt/lists/*

# Unprivileged user: the code stays owned by root (read-only for the app); only the data
# directories (uploaded media, beat schedule) are writable.
RUN groupadd --system --gid 1000 spsti \
    && useradd --system --uid 1000 --gid spsti --create-home --home-dir /home/spsti \
        --shell /usr/sbin/nologin spsti

WORKDIR /app
COPY --from=builder /app/.venv /app/.venv
COPY . .

# Static files are collected at build time (whitenoise serves them). Settings need these
# variables but connect to nothing while collecting; the dummy values exist on this line only.
RUN DEBUG=false SECRET_KEY=build-only-not-a-secret \
    DATABASE_URL=postgres://x@localhost/x \
    REDIS_URL=redis://localhost:6379/0 \
    EMAIL_URL=smtp://localhost:25 \
    python manage.py collectstatic --noinput \
    && mkdir -p /app/.data/media /app/.data/beat \
    && chown -R spsti:spsti /app/.data/media /app/.data/beat

USER spsti
EXPOSE 8000

CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py", "spsti.wsgi:application"]
