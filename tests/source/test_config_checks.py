"""The publication config within reason: page geometry against the paper, links a reader can follow."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import INPUT
from typeset.errors import TypesetError
from typeset.source.config import load_publication


def config_with(tmp_path: Path, **lines: str) -> Path:
    """The house publication.yaml with some of its top-level lines replaced (key: the new line)."""
    text = (INPUT / "publication.yaml").read_text(encoding="utf-8")
    out: list[str] = []
    replacing = False
    for line in text.splitlines():
        if replacing and line.startswith(" "):
            continue  # the replaced key's block
        key = line.split(":", 1)[0]
        replacing = key in lines
        out.append(lines.pop(key) if replacing else line)
    out.extend(lines.values())
    path = tmp_path / "publication.yaml"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def error_of(path: Path) -> str:
    with pytest.raises(TypesetError) as caught:
        load_publication(path)
    return caught.value.format()


def page_line(path: Path) -> int:
    return next(
        n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith("page:")
    )


# --- geometry -------------------------------------------------------------------------------------

SIZE_HINT = "pages go from A7 (74 × 105 mm) to A0 (841 × 1189 mm), either way round"


@pytest.mark.parametrize(
    ("size", "problem"),
    [
        ("0 0", "is 0 mm wide, less than A7's 74 mm"),
        ("73mm 105mm", "is 73 mm wide, less than A7's 74 mm"),
        ("100mm 2in", "is 50.8 mm tall, less than A7's 74 mm"),
        ("99999999in 10in", "(2539999974.6 × 254 mm) is larger than A0 (841 × 1189 mm)"),
        ("1190mm 841mm", "(1190 × 841 mm) is larger than A0 (841 × 1189 mm)"),
        ("900mm 900mm", "(900 × 900 mm) is larger than A0 (841 × 1189 mm)"),
    ],
)
def test_page_sizes_out_of_bounds(tmp_path: Path, size: str, problem: str) -> None:
    path = config_with(tmp_path, page=f"page: {{size: {size}, margin: 10mm}}")
    assert error_of(path) == f"{path}:{page_line(path)}:14: error: page.size '{size}' {problem}\n  hint: {SIZE_HINT}"


@pytest.mark.parametrize(
    ("size", "margin"),
    [
        ("A0", "20mm"),
        ("A0 landscape", "1in"),
        ("a7", "5mm"),
        ("A7 landscape", "0"),
        ("A1", "20mm"),
        ("A2", "20mm"),
        ("B5", "20mm"),
        ("letter", "1in"),
        ("ledger landscape", "1in"),
        ("74mm 74mm", "18.5mm"),
        ("1189mm 841mm", "20mm"),
        ("6in 9in", "0.75in 0.5in 1in"),
        ("420pt 595pt", "36pt 3pc"),
    ],
)
def test_page_sizes_within_bounds(tmp_path: Path, size: str, margin: str) -> None:
    publication = load_publication(config_with(tmp_path, page=f"page: {{size: {size}, margin: {margin}}}"))
    assert (publication.page_size, publication.page_margin) == (size, margin)


def test_the_house_page_is_unchanged() -> None:
    publication = load_publication(INPUT / "publication.yaml")
    assert (publication.page_size, publication.page_margin) == ("A4", "18mm 18mm 20mm")


@pytest.mark.parametrize(
    ("margin", "problem"),
    [
        ("200mm", "leaves 0 mm of the page's width (210 mm) for the text"),
        ("53mm", "leaves 104 mm of the page's width (210 mm) for the text"),
        ("80mm 10mm", "leaves 137 mm of the page's height (297 mm) for the text"),
        ("1in 2in 3in 4in", "leaves 57.6 mm of the page's width (210 mm) for the text"),
    ],
)
def test_margins_leave_half_the_page(tmp_path: Path, margin: str, problem: str) -> None:
    path = config_with(tmp_path, page=f"page: {{size: A4, margin: {margin}}}")
    assert error_of(path) == (
        f"{path}:{page_line(path)}:26: error: page.margin '{margin}' {problem}\n"
        "  hint: the margins may take at most half of the page: 105 mm of its width and 148.5 mm of its height, "
        "both sides together"
    )


def test_margins_at_the_bound_are_accepted(tmp_path: Path) -> None:
    publication = load_publication(config_with(tmp_path, page="page: {size: A4, margin: 74.25mm 52.5mm}"))
    assert publication.page_margin == "74.25mm 52.5mm"


def test_block_style_page_is_located_at_its_value(tmp_path: Path) -> None:
    path = config_with(tmp_path, page="page:\n  size: A5\n  margin: 200mm")
    line = page_line(path) + 2
    assert error_of(path).startswith(
        f"{path}:{line}:11: error: page.margin '200mm' leaves 0 mm of the page's width (148 mm) for the text\n"
    )


@pytest.mark.parametrize("size", ["A8", "A10", "C5", "huge", "10mm", "1e5mm 1e5mm", "-5mm 100mm"])
def test_sizes_that_are_no_page_size(tmp_path: Path, size: str) -> None:
    path = config_with(tmp_path, page=f"page: {{size: '{size}', margin: 10mm}}")
    assert error_of(path) == (
        f"{path}:{page_line(path)}:15: error: page size '{size}' is not a page size\n"
        "  hint: A0 to A7, B4, B5, letter, legal or ledger (then portrait or landscape), or two lengths: 170mm 240mm"
    )


# --- links ----------------------------------------------------------------------------------------

WEBSITE_HINT = "an http(s) address or a host name: https://www.afgazad.com/ or www.afgazad.com"
EMAIL_HINT = "one address, e.g. afgazad@gmail.com (typeset links it with mailto:)"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("javascript:alert(1)", "is neither an http(s) address nor a host name"),
        ("file:///etc/passwd", "uses 'file:'; only http:// and https:// addresses are links a reader can follow"),
        ("ftp://example.org/", "uses 'ftp:'; only http:// and https:// addresses are links a reader can follow"),
        ("data:text/html,<b>x</b>", "is neither an http(s) address nor a host name"),
        ("https://www.afgazad.com@evil.example/", "has a user name in it (user@host), which hides the host it goes to"),
        ("https://", "has no host name"),
        ("https://example.org:99999/", "has a port out of range"),
        ("www.afgazad .com", "has a space in it"),
        ("localhost", "is neither an http(s) address nor a host name"),
    ],
)
def test_website_must_be_a_web_address(tmp_path: Path, value: str, problem: str) -> None:
    path = config_with(tmp_path, website=f"website: '{value}'")
    line = next(
        n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text.startswith("website")
    )
    assert error_of(path) == f"{path}:{line}:11: error: website '{value}' {problem}\n  hint: {WEBSITE_HINT}"


@pytest.mark.parametrize(
    "value", ["www.afgazad.com", "https://www.afgazad.com/", "http://afgazad.com/fa/?page=2", "afgazad.com/archive"]
)
def test_websites_that_are_accepted(tmp_path: Path, value: str) -> None:
    assert load_publication(config_with(tmp_path, website=f"website: '{value}'")).website == value


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("mailto:afgazad@gmail.com", "starts with 'mailto:'; write the address alone"),
        (
            "afgazad@gmail.com?attach=/etc/passwd",
            "is not one plain address (local@domain, without spaces, '?' or other parts)",
        ),
        ("a@b.com,c@d.com", "is not one plain address (local@domain, without spaces, '?' or other parts)"),
        ("afgazad gmail.com", "is not one plain address (local@domain, without spaces, '?' or other parts)"),
        ("afgazad@localhost", "is not one plain address (local@domain, without spaces, '?' or other parts)"),
        ("javascript:alert(1)//@x.com", "is not one plain address (local@domain, without spaces, '?' or other parts)"),
    ],
)
def test_email_must_be_one_plain_address(tmp_path: Path, value: str, problem: str) -> None:
    path = config_with(tmp_path, email=f"email: '{value}'")
    line = next(
        n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text.startswith("email")
    )
    assert error_of(path) == f"{path}:{line}:9: error: email '{value}' {problem}\n  hint: {EMAIL_HINT}"


@pytest.mark.parametrize("value", ["afgazad@gmail.com", "first.last+news@mail.example.org"])
def test_emails_that_are_accepted(tmp_path: Path, value: str) -> None:
    assert load_publication(config_with(tmp_path, email=f"email: '{value}'")).email == value


def test_config_has_no_font_sizes() -> None:
    """Font sizes are the theme's: the config accepts none, so there is nothing to bound (fonts: families only)."""
    from typeset.source import config, settings

    assert "size" not in " ".join(config._FONT_ROLES + settings.TYPOGRAPHY.names())
