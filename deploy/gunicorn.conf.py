"""gunicorn's settings for the web service (Dockerfile, docker-compose.yml): `gunicorn -c
deploy/gunicorn.conf.py spsti.wsgi:application`.

Sync workers, as many as gunicorn advises for them: 2 × cores + 1 (a worker waiting on
PostgreSQL or Redis leaves its core to another; measured in turn on 2 cores by bench/load.py,
5 workers answered more requests per second than 2 at 8 sessions: docs/mesures.md).
WEB_CONCURRENCY sets another number (the usual variable of hosting platforms); a container
limited to fewer CPUs than the host should set it, as os.cpu_count() sees the host's.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1) + 1)
