from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "safeplan.accounts"
    label = "accounts"
