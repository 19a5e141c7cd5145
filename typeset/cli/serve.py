"""``nashr serve``: build, show the PDFs in the browser, and again after each save (part of the CLI).

A :class:`typeset.cli.live.Session` builds as ``watch`` does (and says the same lines); the page
(typeset/preview/) polls the state of its last pass: the PDFs, which was built last, the errors at
their lines.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from typeset.cli import project
from typeset.cli.common import (
    debug_option,
    echo,
    guard,
    internal_error,
    output_option,
    paths_argument,
    quiet_option,
    text_of,
    verbose_option,
)

if TYPE_CHECKING:
    from typeset.cli.live import Session


def page_state(session: Session, out_dir: Path) -> dict[str, Any]:
    """What the page shows: the pass's number and time, the PDFs it left (newest build first named
    ``latest``), its errors and warnings (whole messages, at their lines)."""
    last, building = session.state()
    outputs: list[str] = []
    latest = None
    for outcome in last.outcomes:
        if outcome.status == "failed":
            continue
        for shown in outcome.outputs:
            name = Path(shown).name
            if name not in outputs and (out_dir / name).is_file():
                outputs.append(name)
                if outcome.status == "built" and latest is None:
                    latest = name
    return {
        "build": last.number,
        "ended": last.ended,
        "building": building,
        "outputs": [{"name": name} for name in outputs],
        "latest": latest,
        "built": sum(outcome.status == "built" for outcome in last.outcomes),
        "failed": sum(outcome.status == "failed" for outcome in last.outcomes),
        "errors": list(dict.fromkeys(text_of(d, relative=True) for outcome in last.outcomes for d in outcome.errors)),
        "warnings": [
            text_of(d, relative=True)
            for outcome in last.outcomes
            if outcome.status == "built"
            for d in outcome.warnings
        ],
        "problem": last.problem,
    }


@click.command("serve")
@paths_argument
@output_option
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="The port on 127.0.0.1 (default: a free one).")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the default browser.")
@verbose_option
@quiet_option
@debug_option
def serve_command(
    paths: tuple[Path, ...],
    out_dir: Path | None,
    port: int,
    open_browser: bool,
    verbose: int,
    quiet: int,
    debug: bool,
) -> None:
    """Build PATHS (default: input/ and its editions), show the PDFs in the browser (on localhost),
    and build and show them again after each save, with the errors at their lines.

    \b
    Example:
      nashr serve --open       # then edit input/*.md: the page follows each save

    \b
    Examples:
      nashr serve --open
      nashr serve input/a.md --port 8000
    """
    from typeset.cli.live import Session
    from typeset.jobs.options import Options
    from typeset.jobs.watch import watch
    from typeset.jobs.workers import Workers
    from typeset.preview.server import PreviewServer

    roots = list(paths or (project.input_dir(),))
    out = out_dir or project.output_dir()
    options = Options(out, jobs=1, verbose=verbose - quiet, debug=debug)  # (warm: one process)
    workers = Workers(options.workers)
    session = Session(roots, options, workers)

    def find(name: str) -> Path | None:
        listed = {output["name"] for output in page_state(session, out)["outputs"]}
        return out / name if name in listed else None

    def build_pass() -> None:
        try:
            session.build_pass()
        except click.UsageError as error:
            echo(f"error: {error.format_message()}", err=True)
        except Exception as error:  # a bug must not end the preview: report it, and go on
            internal_error(error, debug)

    with guard(debug), workers:
        try:
            server = PreviewServer(port, lambda: page_state(session, out), find)
        except OSError as error:
            raise click.UsageError(f"cannot serve on port {port}: {error.strerror or error}") from None
        threading.Thread(target=server.serve_forever, name="preview", daemon=True).start()
        try:
            echo(f"serving {server.url} (watching {', '.join(map(str, roots))}; Ctrl-C stops)", err=True)
            if open_browser:
                import webbrowser

                webbrowser.open(server.url)
            watch(roots, build_pass, ignore=out)
        finally:
            server.shutdown()
            server.server_close()
