from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "safeplan.followup"
    label = "followup"
