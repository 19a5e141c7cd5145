"""Persian and Pashto in what the CLI prints: shaped and in visual order on a terminal, logical elsewhere."""

from __future__ import annotations

import io
import subprocess
import sys
import unicodedata

import pytest
from arabic_reshaper import reshape
from bidi import get_display

from tests.conftest import ROOT, Project
from typeset.cli.terminal import ENV, for_terminal, terminal_bidi_enabled

PERSIAN_FRONT = "title: T\nauthor: A\ndate: 2025-06-03\nlang: fa-AF\nsection: ورزش\n"
PASHTO_LETTERS = "ټډړښږګڼېۍځڅ"


def visual(text: str, base_dir: str | None = None) -> str:
    """What the two libraries make of ``text`` by themselves."""
    result = get_display(reshape(text), base_dir=base_dir)
    assert isinstance(result, str)
    return result


def is_presentation_form(char: str) -> bool:
    return 0xFB50 <= ord(char) <= 0xFEFF


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV, raising=False)


# for_terminal


@pytest.mark.parametrize(
    "text",
    [
        "",
        "built input/a.md -> output/a.pdf",
        "input/a.md:4:7: error: invalid date '2025-02-30'\n  hint: write dates as YYYY-MM-DD, e.g. 2025-06-03\n",
        "café, Straße, naïve — “quoted” 😀",
        "1 built, 1 failed",
    ],
)
def test_latin_only_text_is_unchanged(text: str) -> None:
    assert for_terminal(text, enabled=True) == text
    assert for_terminal(text, enabled=False) == text


def test_disabled_leaves_persian_in_logical_order() -> None:
    text = "input/a.md:6:10: error: unknown section 'ورزش'\nسلام دنیا\n"
    assert for_terminal(text, enabled=False) == text


def test_persian_is_shaped_and_in_visual_order() -> None:
    result = for_terminal("سلام دنیا", enabled=True)
    assert result == visual("سلام دنیا")
    assert result != "سلام دنیا"
    assert all(is_presentation_form(char) for char in result if char != " ")
    assert unicodedata.name(result[0]) == "ARABIC LETTER ALEF FINAL FORM"  # the last letter of دنیا, first on the left
    assert unicodedata.name(result[-1]) == "ARABIC LETTER SEEN INITIAL FORM"  # the first letter of سلام, last
    assert "\ufefc" in result  # لا of سلام joined: ARABIC LIGATURE LAM WITH ALEF FINAL FORM
    assert result.split(" ") == [visual("دنیا"), visual("سلام")]  # the second word comes first, on the left


def test_a_mixed_error_line_keeps_its_path_prefix() -> None:
    prefix = "input/a.md:4:7: error: unknown section '"
    result = for_terminal(prefix + "ورزش'", enabled=True)
    assert result.startswith(prefix)
    assert result == prefix + visual("ورزش") + "'"
    assert result == visual(prefix + "ورزش'", base_dir="L")
    # Two words within a left-to-right line stay in right-to-left order among themselves.
    hint = "  hint: sections: دری, پښتو"
    assert for_terminal(hint, enabled=True) == "  hint: sections: " + visual("دری, پښتو", base_dir="R")


def test_a_message_that_begins_with_a_persian_path_reads_left_to_right() -> None:
    result = for_terminal("ورزش.md:6:10: error: unknown section 'x'", enabled=True, base="L")
    assert result == visual("ورزش") + ".md:6:10: error: unknown section 'x'"
    # get_display alone would take the first letter's direction (right to left) and move the message around.
    assert visual("ورزش.md:6:10: error: unknown section 'x'") != result


def test_only_lines_with_persian_are_touched_and_white_space_stays() -> None:
    text = "a.md: error: x\n  سلام.  \n\nb.md"
    assert for_terminal(text, enabled=True) == "a.md: error: x\n  " + visual("سلام.", base_dir="R") + "  \n\nb.md"


def test_harakat_are_kept_after_their_letters() -> None:
    result = for_terminal("کِتاب", enabled=True)
    assert "\u0650" in result  # the kasra is not deleted
    assert result.index("\u0650") == result.index("\ufb90") + 1  # and follows its کـ (KEHEH INITIAL FORM)
    quoted = "character 'ً' (U+064B ARABIC FATHATAN) is not in the body fonts"
    assert for_terminal(quoted, enabled=True) == quoted  # a mark quoted alone is not lost


def test_pashto_letters_survive() -> None:
    sentence = "ټول ډېر ړوند ښځه ږغ ګڼ ځای څه نوۍ"
    result = for_terminal(sentence, enabled=True)
    # arabic-reshaper has no presentation forms for most Pashto letters (Unicode has none): they stay as they
    # are; ې gets its forms (U+FBE4…). Nothing is lost or turned into another letter: undoing the shaping
    # (NFKC) and the order gives the sentence back.
    assert unicodedata.normalize("NFKC", result)[::-1] == sentence
    for letter in PASHTO_LETTERS:
        assert letter in unicodedata.normalize("NFKC", result), letter
    assert any(is_presentation_form(char) for char in result)  # the letters around them are shaped
    for letter in PASHTO_LETTERS:
        alone = for_terminal(letter, enabled=True)
        assert len(alone) == 1 and unicodedata.normalize("NFKC", alone) == letter, letter


# the decision


class Stream(io.StringIO):
    def __init__(self, tty: bool):
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_enabled_on_a_terminal_only_by_default() -> None:
    assert terminal_bidi_enabled(Stream(tty=True), environ={})
    assert not terminal_bidi_enabled(Stream(tty=False), environ={})
    assert not terminal_bidi_enabled(object(), environ={})  # no isatty
    closed = io.StringIO()
    closed.close()
    assert not terminal_bidi_enabled(closed, environ={})  # isatty raises ValueError


@pytest.mark.parametrize("value", ["0", "off", "no", "false", "OFF", " False "])
def test_the_environment_turns_it_off(value: str) -> None:
    assert not terminal_bidi_enabled(Stream(tty=True), environ={ENV: value})


@pytest.mark.parametrize("value", ["1", "on", "yes", "true"])
def test_the_environment_turns_it_on_for_a_pipe(value: str) -> None:
    assert terminal_bidi_enabled(Stream(tty=False), environ={ENV: value})


@pytest.mark.parametrize("value", ["", "auto", "maybe"])
def test_other_values_mean_auto(value: str) -> None:
    assert terminal_bidi_enabled(Stream(tty=True), environ={ENV: value})
    assert not terminal_bidi_enabled(Stream(tty=False), environ={ENV: value})


def test_the_option_overrides_the_environment() -> None:
    assert not terminal_bidi_enabled(Stream(tty=True), option=False, environ={ENV: "1"})
    assert terminal_bidi_enabled(Stream(tty=False), option=True, environ={ENV: "0"})


# the CLI (CliRunner: not a terminal)


def test_cli_prints_logical_text_to_a_pipe(project: Project) -> None:
    path = project.source("sport.md", front=PERSIAN_FRONT)
    code, _, err = project.run("check", str(path))
    assert code == 1
    assert f"{path}:6:10: error: unknown section 'ورزش'\n" in err


def test_cli_shapes_with_the_environment_variable(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, "1")
    path = project.source("sport.md", front=PERSIAN_FRONT)
    code, _, err = project.run("check", str(path))
    assert code == 1
    line = f"{path}:6:10: error: unknown section '{visual('ورزش')}'"
    assert line == f"{path}:6:10: error: unknown section '\ufeb5\ufeaf\ufead\ufeed'"
    assert line + "\n" in err
    assert "ورزش" not in err
    assert "hint: sections of " in err and "0 ok, 1 failed" in err  # the Latin lines as they were


def test_no_terminal_bidi_overrides_the_environment(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, "1")
    path = project.source("sport.md", front=PERSIAN_FRONT)
    code, _, err = project.run("--no-terminal-bidi", "check", str(path))
    assert code == 1
    assert f"{path}:6:10: error: unknown section 'ورزش'\n" in err


def test_terminal_bidi_option_forces_it_on(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, "0")
    path = project.source("sport.md", front=PERSIAN_FRONT)
    _, _, err = project.run("--terminal-bidi", "check", str(path))
    assert f"{path}:6:10: error: unknown section '{visual('ورزش')}'\n" in err


def test_stdout_lines_and_usage_errors_are_shaped_too(project: Project) -> None:
    path = project.source("ورزش.md")
    code, out, _ = project.run("--terminal-bidi", "check", str(path))
    assert code == 0
    assert out == f"ok {project.root}/{visual('ورزش')}.md\n1 ok\n"
    assert project.run("check", str(path))[1] == f"ok {path}\n1 ok\n"
    missing = project.root / "دری.md"
    code, _, err = project.run("--terminal-bidi", "check", str(missing))
    assert code == 2
    assert f"Path '{project.root}/{visual('دری')}.md' does not exist." in err
    code, _, err = project.run("check", str(missing))
    assert code == 2 and f"Path '{missing}' does not exist." in err


def test_the_cli_does_not_import_the_shaping_libraries_at_start_up() -> None:
    code = "import sys, typeset.cli.main; print('arabic_reshaper' in sys.modules, 'bidi' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]


def test_a_message_about_a_persian_file_reads_left_to_right_on_a_terminal(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.source("ورزش.md", front=PERSIAN_FRONT)
    monkeypatch.chdir(project.root)
    code, _, err = project.run("--terminal-bidi", "check", "ورزش.md")
    assert code == 1
    # The CLI knows a message when it prints one (left to right), whatever its first letter is.
    line = visual("ورزش") + ".md:6:10: error: unknown section '" + visual("ورزش") + "'"
    assert err.splitlines()[0] == line
    assert visual("ورزش.md:6:10: error: unknown section 'ورزش'") != line
