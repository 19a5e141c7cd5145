"""The one error family: every problem a user can fix carries its location."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Location:
    path: Path
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based

    def __str__(self) -> str:
        text = str(self.path)
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


class TypesetError(Exception):
    """A problem in the user's input: reported as ``path:line: error: message``."""

    def __init__(self, message: str, location: Location | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint

    def __reduce__(self) -> tuple[type, tuple[str, Location | None, str | None]]:
        # Errors travel back from worker processes: keep the location and hint.
        return (type(self), (self.message, self.location, self.hint))

    def format(self, debug: bool = False) -> str:
        """``path:line: error: message`` and its hint (``debug``: more detail, where there is any)."""
        prefix = f"{self.location}: " if self.location else ""
        text = f"{prefix}error: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def __str__(self) -> str:
        return self.format()


class ErrorList(TypesetError):
    """Several problems found in one pass (config or source): all are reported at once."""

    def __init__(self, errors: list[TypesetError]):
        super().__init__(errors[0].message, errors[0].location, errors[0].hint)
        self.errors = errors

    def __reduce__(self) -> tuple[type, tuple[list[TypesetError]]]:  # type: ignore[override]
        return (type(self), (self.errors,))

    def format(self, debug: bool = False) -> str:
        return "\n".join(error.format(debug) for error in self.errors)


def collect(errors: list[TypesetError]) -> None:
    """Raise the collected errors, if any, as one."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ErrorList(errors)


class InternalError(TypesetError):
    """A bug in typeset met while handling one source: that source's error, the batch goes on.

    It keeps a short trace (the last frames) and the whole one, for ``--debug``;
    a batch that met one ends with exit status 3.
    """

    HINT = "this is a bug in typeset; rerun with --debug and report it"

    def __init__(self, message: str, location: Location | None = None, trace: str = "", short_trace: str = ""):
        super().__init__(message, location, self.HINT)
        self.trace = trace
        self.short_trace = short_trace

    @classmethod
    def of(cls, error: BaseException, location: Location | None) -> InternalError:
        import traceback

        lines = traceback.format_exception(error)
        return cls(
            f"internal error: {type(error).__name__}: {error}",
            location,
            "".join(lines).rstrip(),
            "".join(lines[-3:]).rstrip(),
        )

    def __reduce__(self) -> tuple[type, tuple[str, Location | None, str, str]]:  # type: ignore[override]
        return (type(self), (self.message, self.location, self.trace, self.short_trace))

    def format(self, debug: bool = False) -> str:
        prefix = f"{self.location}: " if self.location else ""
        trace = self.trace if debug else self.short_trace
        return f"{prefix}error: {self.message}\n{trace}\n  hint: {self.hint}"
