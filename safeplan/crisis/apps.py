from django.apps import AppConfig


class CrisisConfig(AppConfig):
    name = "safeplan.crisis"
    label = "crisis"
