"""Clinic settings: every setting on a page, validated, audited, versioned and reversible (issue 16)."""
