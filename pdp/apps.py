from django.apps import AppConfig


class PdpConfig(AppConfig):
    name = "pdp"
    verbose_name = "Prévention de la désinsertion professionnelle"

    def ready(self) -> None:
        # Celery's autodiscovery finds `<app>.tasks` only: register the areas' tasks until the
        # discovery looks for `<app>.<area>.tasks` (issue 12).
        from pdp.caseload import tasks as caseload_tasks  # noqa: F401
        from pdp.cases import tasks as cases_tasks  # noqa: F401

        # The cell's pages open to its members only (pdp.perms): their menu links too.
        from pdp.perms import menu_cell_member
        from pdp.plans import tasks as plans_tasks  # noqa: F401
        from spsti.menu_links import register_condition

        register_condition("pdp.cell_member", menu_cell_member)
