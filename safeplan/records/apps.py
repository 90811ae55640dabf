from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "safeplan.records"
    label = "records"
