"""``--help`` shows an example for every command; shell completion prints its script."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from typeset.cli.main import main


def commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []
    for name, command in sorted(group.commands.items()):
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found.extend(commands(command, (*prefix, name)))
    return found


@pytest.mark.parametrize("words", [(), *commands(main)], ids=lambda words: " ".join(words) or "nashr")
def test_every_commands_help_has_an_example_of_itself(words: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*words, "--help"], prog_name="nashr")
    assert result.exit_code == 0
    text = result.stdout
    assert "Example:" in text or "Examples:" in text, text
    block = text.split("Example", 1)[1].split("Options:", 1)[0]
    example = " ".join(("nashr", *words)).removesuffix(" store")  # archive's default: "nashr archive"
    assert f"  {example}" in block, block  # a line that runs this very command, kept unwrapped


def test_bash_completion_prints_its_script() -> None:
    result = CliRunner().invoke(main, [], prog_name="nashr", env={"_NASHR_COMPLETE": "bash_source"})
    assert result.exit_code == 0
    assert "_nashr_completion()" in result.stdout
    assert "complete -o nosort -F _nashr_completion nashr" in result.stdout


def test_completion_completes_a_command_and_an_option() -> None:
    def complete(line: str) -> str:
        words = line.split(" ")
        env = {"_NASHR_COMPLETE": "bash_complete", "COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
        return CliRunner().invoke(main, [], prog_name="nashr", env=env).stdout

    assert complete("nashr bu") == "plain,build\n"
    assert "plain,--json" in complete("nashr check --js").splitlines()


def test_archive_help_shows_its_default_actions_options() -> None:
    """``nashr archive`` archives: its --help says how (--archive, --jobs), not only the group's --help."""
    result = CliRunner().invoke(main, ["archive", "--help"], prog_name="nashr")
    code, out = result.exit_code, result.stdout
    assert code == 0
    section = out.split("Options of the default action (nashr archive [store] [PATHS]...):\n", 1)[1]
    for option in ("--archive DIRECTORY", "-j, --jobs", "--scheduler ADDRESS", "-v, --verbose"):
        assert option in section.split("\nOptions:")[0], option
    assert "--help" not in section.split("\nOptions:")[0]
