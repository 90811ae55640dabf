from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "safeplan.plans"
    label = "plans"
