"""What a build was asked for: one frozen object a command makes from its flags and passes down."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def worker_count(jobs: int | None) -> int:
    """The processes to render in: ``jobs`` (``--jobs``) if given, else one per CPU."""
    return jobs or os.cpu_count() or 1


@dataclass(frozen=True)
class Options:
    """The options of a build (``typeset build``, ``typeset edition``, the builds of ``typeset watch``).

    Like the command's flags they default to None where the edition file decides unless a flag is
    given (``profile``, ``impose``)."""

    out_dir: Path  # where the PDFs go (-o)
    jobs: int | None = None  # processes to render in (--jobs); None: one per CPU
    force: bool = False  # render even what is up to date (--force)
    profile: str | None = None  # an edition's profile (--profile); None: the edition file's, else screen
    impose: str | None = None  # an edition's imposition (--impose); None: the edition file's
    verbose: int = 0  # how much the command says (-v counts up, -q down)
    debug: bool = False  # internal errors with their full trace (--debug)
    reuse: bool = True  # an edition's article parts may come from the cache of parts (archive verify: False)

    @property
    def workers(self) -> int:
        """The processes to render in: ``jobs``, else one per CPU."""
        return worker_count(self.jobs)
