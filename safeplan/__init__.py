"""Safeplan: safety planning for telemental health."""

__version__ = "0.1.0"
