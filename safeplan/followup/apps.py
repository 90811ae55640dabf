from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "safeplan.followup"
    label = "followup"

    def ready(self) -> None:
        from safeplan.followup import subscribers  # noqa: F401  # function-level import: models load first
