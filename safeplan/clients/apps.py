from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


class ClientsConfig(AppConfig):
    name = "safeplan.clients"
    label = "clients"

    def ready(self) -> None:
        from safeplan.clients import versions  # function-level import: apps load before models

        pre_migrate.connect(versions.on_pre_migrate, sender=self, dispatch_uid="screen-versions")
        post_migrate.connect(versions.on_post_migrate, sender=self, dispatch_uid="screen-versions")
