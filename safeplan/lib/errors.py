"""Errors that services raise and every edge (API, pages, CLI) turns into a clear 4xx."""

from __future__ import annotations


class DomainError(Exception):
    """Bad input or a forbidden transition: nothing was written. ``field`` names the offending field."""

    status = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def as_detail(self) -> list[dict[str, object]] | str:
        if self.field:
            return [
                {
                    "loc": ["body", *self.field.split(".")],
                    "msg": self.message,
                    "type": "value_error",
                }
            ]
        return self.message


class InvalidInput(DomainError):
    status = 422


class Conflict(DomainError):
    status = 409


class NotAllowed(DomainError):
    status = 403
