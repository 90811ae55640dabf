from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "safeplan.notifications"
    label = "notifications"
