from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "safeplan.clients"
    label = "clients"
