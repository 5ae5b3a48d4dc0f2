"""Errors that services raise and interfaces translate (form errors, 4xx problems, exit 2)."""


class SendResolveError(Exception):
    """Base class for expected, user-facing errors."""


class ValidationError(SendResolveError):
    """Input that breaks a rule; ``field`` names what to correct."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFound(SendResolveError):
    """The object does not exist, or the actor may not know that it exists."""


class NotAllowed(SendResolveError):
    """The actor may see the object but may not do this to it."""
