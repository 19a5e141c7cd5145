"""The one error family, and the one message: every problem a user can fix carries its location.

A :class:`Diagnostic` (an error, a warning or a note, with its location and hint) is what the
stages hand up; only the CLI prints one, formatted once (:meth:`Diagnostic.format`), and nothing
parses a message's text back. A :class:`TypesetError` is the exception that carries one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning", "note"]


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


@dataclass(frozen=True)
class Diagnostic:
    """One message about the input: ``path:line:column: severity: message``, its detail, its hint."""

    severity: Severity
    message: str
    location: Location | None = None
    hint: str | None = None
    detail: str = ""  # lines between the message and its hint (an internal error's trace)

    def format(
        self, place: str | None = None, style: Callable[[str], str] = str, text: Callable[[str], str] = str
    ) -> str:
        """The message as printed: ``place`` (default: the location as it is) before it; the severity
        passed through ``style`` (the CLI colours it on a terminal), the rest through ``text``."""
        place = str(self.location) if place is None and self.location else place
        rest = f" {self.message}"
        if self.detail:
            rest += f"\n{self.detail}"
        if self.hint:
            rest += f"\n  hint: {self.hint}"
        return (text(f"{place}: ") if place else "") + style(f"{self.severity}:") + text(rest)

    def __str__(self) -> str:
        return self.format()


def warning(message: str, location: Location | None = None, hint: str | None = None) -> Diagnostic:
    return Diagnostic("warning", message, location, hint)


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

    def diagnostics(self, debug: bool = False) -> list[Diagnostic]:
        """The error as messages (an :class:`ErrorList` has several); ``debug``: more detail, where there is any."""
        return [Diagnostic("error", self.message, self.location, self.hint)]

    def format(self, debug: bool = False) -> str:
        """``path:line: error: message`` and its hint (``debug``: more detail, where there is any)."""
        return "\n".join(diagnostic.format() for diagnostic in self.diagnostics(debug))

    def __str__(self) -> str:
        return self.format()


class ErrorList(TypesetError):
    """Several problems found in one pass (config or source): all are reported at once."""

    def __init__(self, errors: list[TypesetError]):
        super().__init__(errors[0].message, errors[0].location, errors[0].hint)
        self.errors = errors

    def __reduce__(self) -> tuple[type, tuple[list[TypesetError]]]:  # type: ignore[override]
        return (type(self), (self.errors,))

    def diagnostics(self, debug: bool = False) -> list[Diagnostic]:
        return [diagnostic for error in self.errors for diagnostic in error.diagnostics(debug)]


def in_file_order(error: TypesetError) -> tuple[int, int]:
    """A sort key: an error's line and column (an error of no line first)."""
    where = error.location
    return (where.line or 0, where.column or 0) if where else (0, 0)


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

    def diagnostics(self, debug: bool = False) -> list[Diagnostic]:
        trace = self.trace if debug else self.short_trace
        return [Diagnostic("error", self.message, self.location, self.hint, trace)]
