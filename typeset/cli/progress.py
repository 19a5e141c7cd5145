"""What the CLI shows while a batch builds (part of the CLI: the only other module that prints).

On a terminal: one progress bar (done, failed, remaining, and the titles being
rendered, Persian and Pashto shaped for terminals that cannot), with errors
and warnings printed above it. Elsewhere (a pipe, a log, CI): one plain line
per article, in logical order.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the pipeline is not imported by a command that does not run it (a no-change edition)
    from typeset.errors import Diagnostic
    from typeset.jobs.job import Job

Echo = Callable[[str], None]


class Reporter:
    def __init__(
        self,
        total: int,
        verbose: int,
        action: str,
        echo: Echo,
        say: Callable[[Diagnostic], None],
        text_of: Callable[[Diagnostic], str],
        shape: Callable[[str], str],
        path: Callable[[Path], str],
        bar: bool,
        debug: bool = False,
        kept: str = "up to date",
        say_kept: bool = False,
        record: Callable[[str, Path, Path | None], None] = lambda status, source, output: None,
    ):
        self.total, self.verbose, self.action, self.debug = total, verbose, action, debug
        self.kept, self.say_kept = kept, say_kept  # what a skipped job is called; said without -v
        self.record = record  # each job done: its status ("failed", kept, action), source and output (--json)
        self.internal = 0  # jobs a bug in typeset stopped (exit status 3)
        self.said: set[str] = set()  # errors printed, whole and each of their diagnostics
        self.echo, self.say, self.text_of, self.shape, self.path = echo, say, text_of, shape, path
        self.done = self.failed = self.unchanged = 0
        self.active: dict[str, str] = {}
        self._progress: Any = None
        self._task: Any = None
        if bar and total > 1:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._progress = Progress(
                TextColumn("{task.fields[failed]}", style="red"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                TextColumn("{task.description}", markup=False),
                console=Console(stderr=True, highlight=False),
                transient=True,
            )
            self._task = self._progress.add_task("", total=total, failed="")

    def __enter__(self) -> Reporter:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._progress is not None:
            self._progress.stop()

    def _print(self, text: str) -> None:
        if self._progress is not None:
            self._progress.console.print(self.shape(text), markup=False, highlight=False)
        else:
            self.echo(text)

    def _report(self, diagnostic: Diagnostic) -> None:
        if self._progress is not None:
            style = "red" if diagnostic.severity == "error" else None
            self._progress.console.print(self.text_of(diagnostic), markup=False, highlight=False, style=style)
        else:
            self.say(diagnostic)

    def start(self, job: Job) -> None:
        title = job.article.title if job.article else job.source.name
        self.active[str(job.source)] = title
        self._refresh()

    def finish(self, job: Job) -> None:
        self.active.pop(str(job.source), None)
        for warning in job.warnings:
            self._report(warning)
        for error in job.errors:
            text = error.format(self.debug)
            shared = error.location is not None and error.location.path != job.source
            if shared and text in self.said:
                continue  # a problem of the publication or its templates: said once, not once per article
            self.said.add(text)
            for diagnostic in error.diagnostics(self.debug):
                self.said.add(diagnostic.format())  # (each, for a later reader of the same files: check's editions)
                self._report(diagnostic)
        self.record("failed" if not job.ok else self.kept if job.skipped else self.action, job.source, job.output)
        if not job.ok:
            self.failed += 1
            self.internal += job.internal
        elif job.skipped:
            self.unchanged += 1
            if self.verbose >= (0 if self.say_kept else 1):
                self._print(f"{self.kept} {self.path(job.source)} -> {job.output and self.path(job.output)}")
        else:
            self.done += 1
            if self.verbose >= 0 and (self._progress is None or self.verbose >= 1):
                target = f" -> {self.path(job.output)}" if job.output else ""
                self._print(f"{self.action} {self.path(job.source)}{target}")
        self._refresh(advance=1)

    def _refresh(self, advance: int = 0) -> None:
        if self._progress is None:
            return
        titles = " · ".join(self.shape(title) for title in list(self.active.values())[:3])
        failed = f"{self.failed} failed" if self.failed else ""
        self._progress.update(self._task, advance=advance, description=titles, failed=failed)

    def summary(self) -> tuple[str, bool]:
        """The closing line, and whether anything failed."""
        parts = [f"{self.done} {self.action}"]
        if self.unchanged:
            parts.append(f"{self.unchanged} {self.kept}")
        if self.failed:
            parts.append(f"{self.failed} failed")
        return ", ".join(parts), bool(self.failed)
