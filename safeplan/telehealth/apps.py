from django.apps import AppConfig


class TelehealthConfig(AppConfig):
    name = "safeplan.telehealth"
    label = "telehealth"
