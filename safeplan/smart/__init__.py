"""SMART App Launch 2.x: the OAuth 2 authorization server (django-oauth-toolkit), app registration, and Safeplan launched from an EHR (issue 13)."""
