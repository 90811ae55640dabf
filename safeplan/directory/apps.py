from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "safeplan.directory"
    label = "directory"
