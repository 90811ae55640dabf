from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "safeplan.portal"
    label = "portal"
