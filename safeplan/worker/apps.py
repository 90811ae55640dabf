from django.apps import AppConfig


class WorkerConfig(AppConfig):
    name = "safeplan.worker"
    label = "worker"
