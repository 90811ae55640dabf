from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "safeplan.plans"
    label = "plans"

    def ready(self) -> None:
        from safeplan.plans import subscribers  # noqa: F401  # function-level import: models load first
