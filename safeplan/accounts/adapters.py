"""django-allauth adapters: no self sign-up, staff-only login page, TOTP secrets encrypted at rest."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.http import HttpRequest

from safeplan.lib import crypto


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False  # accounts are created by a clinic admin; clients come by invitation

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        user: Any = request.user
        if getattr(user, "is_client", False):
            return "/portal/"
        return "/"


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return crypto.encrypt_text(text)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.decrypt_text(encrypted_text)
