"""A live session: ``watch`` and ``serve`` build again after each save and say what they did (part of the CLI).

Each pass builds the articles (in a forked copy of this warm process, where there is fork: the
engine and fonts are loaded once) while the editions are bound here, then says each build with its
file, the time and how long it took::

    14:02:11 built input/a.md -> output/a.pdf (0.84 s)

A failing source's errors are said once, and again only when they change (the next save that fixes
it says ``built``). What a pass did is kept as :class:`Outcome` objects for ``serve``'s page.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from typeset.cli.common import echo, internal_error, say, shown_path
from typeset.errors import Diagnostic

if TYPE_CHECKING:
    from typeset.jobs.options import Options
    from typeset.jobs.workers import Workers


@dataclass
class Outcome:
    """One source's or edition file's build in a pass: paths as the user sees them."""

    path: str
    outputs: list[str] = field(default_factory=list)
    status: str = "built"  # built, up to date, failed
    seconds: float = 0.0
    errors: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


@dataclass
class PassResult:
    """A pass: its number, when it ended, its outcomes, and a problem that kept it from building (no sources)."""

    number: int
    ended: str
    outcomes: list[Outcome]
    problem: str = ""


class Session:
    """The builds of one ``watch`` or ``serve``: ``build_pass`` is what typeset.jobs.watch.watch runs."""

    def __init__(
        self,
        roots: list[Path],
        options: Options,
        workers: Workers,
    ) -> None:
        self.roots, self.options, self.workers = roots, options, workers
        self.out_dir, self.verbose, self.debug = options.out_dir, options.verbose, options.debug
        self.failing: dict[str, list[Diagnostic]] = {}  # path → the errors last said for it
        self.lock = threading.Lock()
        self.last = PassResult(0, "", [])
        self.building = False

    def build_pass(self) -> None:
        from typeset.cli.common import remove_orphans
        from typeset.jobs.job import find_sources

        with self.lock:
            self.building = True
        outcomes: list[Outcome] = []
        problem = ""
        try:
            remove_orphans(self.out_dir, self.verbose)
            sources = find_sources(self.roots)
            if not sources:
                problem = "no sources (*.md) found in " + ", ".join(map(str, self.roots))
                echo(problem, err=True)
            else:
                editions = [root / "editions" for root in self.roots if (root / "editions").is_dir()]
                outcomes = self._build(sources, editions)
                self._report(outcomes)
        finally:
            with self.lock:
                self.last = PassResult(self.last.number + 1, time.strftime("%H:%M:%S"), outcomes, problem)
                self.building = False

    def state(self) -> tuple[PassResult, bool]:
        with self.lock:
            return self.last, self.building

    def _build(self, sources: list[Path], editions: list[Path]) -> list[Outcome]:
        def work() -> list[Outcome]:
            return articles(sources, self.options, self.workers)

        if not editions:
            return work()
        # The articles' own PDFs are built in a copy of this warm process, beside the editions bound
        # here: an edit costs the longer of the two, not both. The editions wait for it before they write.
        wait = self.workers.beside(work, _bug)
        try:
            bound = self._editions(editions, before_write=wait)
        finally:
            built = wait()
        return (built or []) + bound

    def _editions(self, folders: list[Path], before_write: Callable[[], object]) -> list[Outcome]:
        from typeset.edition.build import build_edition, find_editions

        outcomes = []
        for path in find_editions(folders):
            started = time.monotonic()
            parts: list[Diagnostic] = []

            def done(job: object, parts: list[Diagnostic] = parts) -> None:
                for error in getattr(job, "errors", []):
                    parts.extend(error.diagnostics(self.debug))

            result = build_edition(path, self.options, self.workers, on_done=done, before_write=before_write)
            written = [result.output] + ([result.booklet] if result.booklet else [])
            outcome = Outcome(
                _shown(path),
                [_shown(output) for output in written if output is not None],
                "failed" if not result.ok else "up to date" if result.skipped else "built",
                time.monotonic() - started,
                parts + [d for error in result.errors for d in error.diagnostics(self.debug)],
                list(result.warnings),
            )
            outcomes.append(outcome)
        return outcomes

    def _report(self, outcomes: list[Outcome]) -> None:
        """Say each build, each warning of what was built, and each failure's errors once until they change."""
        clock = time.strftime("%H:%M:%S")
        said: list[Diagnostic] = []  # an article's error is said once, not again for its edition
        for outcome in outcomes:
            for warning in outcome.warnings if outcome.status == "built" else ():
                say(warning, relative=True)
            if outcome.status == "failed":
                if self.failing.get(outcome.path) != outcome.errors:
                    for text in outcome.errors:
                        if text not in said:
                            say(text, relative=True)
                    echo(f"{clock} failed {outcome.path}", err=True)
                self.failing[outcome.path] = outcome.errors
                said.extend(outcome.errors)
                continue
            self.failing.pop(outcome.path, None)
            if outcome.status == "built" and self.verbose >= 0:
                written = ", ".join(outcome.outputs)
                echo(f"{clock} built {outcome.path} -> {written} ({outcome.seconds:.2f} s)")
        seen = {outcome.path for outcome in outcomes}
        for path in [path for path in self.failing if path not in seen]:
            del self.failing[path]  # gone: if it comes back failing, it is said again


def articles(sources: list[Path], options: Options, workers: Workers) -> list[Outcome]:
    """Build ``sources`` as ``options`` say, in ``workers``: an outcome for each, in order."""
    from typeset.jobs.batch import plan, run

    debug = options.debug
    jobs, manifest = plan(sources, options.out_dir, options.force)
    started: dict[Path, float] = {}
    outcomes: dict[Path, Outcome] = {}

    def done(job: object) -> None:
        from typeset.jobs.job import Job

        assert isinstance(job, Job)
        status = "failed" if not job.ok else "up to date" if job.skipped else "built"
        outcomes[job.source] = Outcome(
            _shown(job.source),
            [_shown(job.output)] if job.output else [],
            status,
            time.monotonic() - started.get(job.source, time.monotonic()),
            [d for error in job.errors for d in error.diagnostics(debug)],
            list(job.warnings),
        )

    run(jobs, manifest, workers, lambda job: started.__setitem__(job.source, time.monotonic()), done)
    return [outcomes[job.source] for job in jobs if job.source in outcomes]


def _shown(path: Path) -> str:
    """``path`` as the user sees it: relative to the working folder where it is under it."""
    return str(shown_path(path))


def _bug(error: Exception) -> None:
    """A bug met in the copy that builds the articles: reported as the watch reports it, and the watch goes on."""
    internal_error(error, False)
