from django.apps import AppConfig


class AdherentsConfig(AppConfig):
    name = "adherents"
    verbose_name = "Adhérents"

    def ready(self) -> None:
        # accounts builds the access context but never imports the area apps: the membership
        # app hands it the lookup of the members a portal user may act for.
        from accounts.context import register_portal_choices
        from adherents import hooks_portal_context
        from adherents.members.selectors import portal_choices

        register_portal_choices(portal_choices)
        hooks_portal_context.connect()  # the cached choices are renewed when their rows change
