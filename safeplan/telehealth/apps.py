from django.apps import AppConfig


class TelehealthConfig(AppConfig):
    name = "safeplan.telehealth"
    label = "telehealth"

    def ready(self) -> None:
        from safeplan.telehealth import subscribers  # noqa: F401  # function-level import: models load first
