"""suivi_sante's side of adherents/hooks.py: import."""


def _worker_resource(*, team_ids, user=None):
    from suivi_sante.workers.resources import WorkerResource

    return WorkerResource(team_ids=team_ids, user=user)


def register() -> None:
    """Plug the worker import resource into the membership area's imports."""
    from adherents.hooks import register_import_resource

    register_import_resource("workers", _worker_resource)
