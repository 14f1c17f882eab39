"""Errors core raises for a person to read: each carries a message key for core.i18n, not text."""


class SamlingError(Exception):
    """A refusal a user can act on. `code` names the message in the language catalogues."""

    def __init__(self, code: str, /, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    @property
    def message_key(self) -> str:
        return f"error.{self.code}"


class InvalidInput(SamlingError):
    """The text or choice typed cannot be stored as it is."""


class NotFound(SamlingError):
    """A code, token or id that leads nowhere (or somewhere the caller may not go)."""


class NotAllowed(SamlingError):
    """The acting person may not do this."""


class ActivityClosed(SamlingError):
    """The activity no longer takes entries."""


class NeedsConfirmation(SamlingError):
    """Allowed, but unusual enough that the person should confirm it first."""


class Conflict(SamlingError):
    """Someone else changed the same thing in the meantime; nothing was overwritten."""
