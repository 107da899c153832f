"""The one kind of refusal a service raises: an action the object's state (or the rules) does not allow.

A service raises `ActionError(message)` (or an app's subclass, which may add details to `payload()`); a page
shows the message, and the API answers 409 Conflict with `{"detail": message, ...}` through
`core.api.exception_handler` (REST_FRAMEWORK["EXCEPTION_HANDLER"]), so no view repeats that mapping.
"""


class ActionError(Exception):
    """A refused action, with a message for the user in the active language (a lazy catalogue message)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def payload(self) -> dict:
        """The body of the API's 409 answer."""
        return {"detail": self.message}
