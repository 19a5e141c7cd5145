"""A publication's own fonts: a ``fonts/`` folder beside publication.yaml, searched before typeset's,
its families read from their name tables, their coverage checked, and a changed font rebuilt."""

from __future__ import annotations

import shutil
from pathlib import Path

import pdfplumber
import pytest
from fontTools import subset
from fontTools.ttLib import TTFont

from tests.conftest import Project
from typeset.errors import Location, TypesetError
from typeset.model import Text
from typeset.resources import FONTS_DIR
from typeset.source.config import load_publication
from typeset.typography import fonts


def renamed(source: Path, target: Path, family: str, text: str | None = None) -> Path:
    """``source`` as a family of another name (its name table rewritten), optionally cut to ``text``'s
    characters: a real font file that is none of typeset's."""
    font = TTFont(source)
    if text is not None:
        cutter = subset.Subsetter()
        cutter.populate(text=text)
        cutter.subset(font)
    style = "Regular"
    for record in font["name"].names:
        if record.nameID in (1, 16):
            record.string = family
        elif record.nameID == 4:
            record.string = f"{family} {style}"
        elif record.nameID in (3, 6):
            record.string = f"{family.replace(' ', '')}-{style}"
    target.parent.mkdir(parents=True, exist_ok=True)
    font.save(target)
    return target


def with_fonts(project: Project, latin: str) -> None:
    config = project.root / "publication.yaml"
    text = config.read_text(encoding="utf-8").replace("latin: [Noto Serif]", f"latin: [{latin}]")
    assert f"latin: [{latin}]" in text
    config.write_text(text, encoding="utf-8")


def test_the_publications_fonts_folder_comes_first(project: Project) -> None:
    assert fonts.folders_of(project.root) == (FONTS_DIR,)
    (project.root / "fonts").mkdir()
    assert fonts.folders_of(project.root) == (project.root / "fonts", FONTS_DIR)


def test_a_family_is_found_by_its_name_table_in_the_publications_folder(project: Project) -> None:
    renamed(FONTS_DIR / "NotoSerif-Regular.ttf", project.root / "fonts" / "Vazirmatn-Regular.ttf", "Vazirmatn")
    with_fonts(project, "Vazirmatn")
    publication = load_publication(project.root / "publication.yaml")
    folders = fonts.folders_of(publication.root)
    fonts.check_families(folders, publication.fonts, Location(project.root / "publication.yaml"))
    faces = fonts.catalog(folders)
    assert [face.path for face in faces["Vazirmatn"]] == [project.root / "fonts" / "Vazirmatn-Regular.ttf"]
    assert faces["Noto Serif"][0].path.parent == FONTS_DIR  # typeset's, for what the publication lacks
    css = fonts.font_face_css(folders, publication.fonts)
    assert (
        f'font-family: "ts Vazirmatn"; src: url("{(project.root / "fonts" / "Vazirmatn-Regular.ttf").as_uri()}")' in css
    )


def test_a_family_of_both_is_the_publications_whole(project: Project) -> None:
    own = renamed(FONTS_DIR / "Amiri-Regular.ttf", project.root / "fonts" / "Mine.ttf", "Noto Serif")
    assert [face.path for face in fonts.catalog(fonts.folders_of(project.root))["Noto Serif"]] == [own]


def test_a_family_in_neither_folder_names_both(project: Project) -> None:
    with_fonts(project, "Vazirmatn")
    publication = load_publication(project.root / "publication.yaml")
    with pytest.raises(TypesetError) as caught:
        fonts.check_families(fonts.folders_of(publication.root), publication.fonts, Location(Path("p.yaml")))
    assert caught.value.message == f"font family 'Vazirmatn' (fonts.latin) is not in {FONTS_DIR}"
    assert caught.value.hint is not None and caught.value.hint.endswith(
        "; a publication's own go in fonts/ beside its config"
    )
    (project.root / "fonts").mkdir()
    with pytest.raises(TypesetError) as caught:
        fonts.check_families(fonts.folders_of(publication.root), publication.fonts, Location(Path("p.yaml")))
    assert (
        caught.value.message
        == f"font family 'Vazirmatn' (fonts.latin) is not in {project.root / 'fonts'} or {FONTS_DIR}"
    )


def test_the_coverage_of_the_publications_font_is_checked(project: Project) -> None:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz .,"
    renamed(FONTS_DIR / "NotoSerif-Regular.ttf", project.root / "fonts" / "Small-Regular.ttf", "Small", letters)
    with_fonts(project, "Small")
    publication = load_publication(project.root / "publication.yaml")
    folders = fonts.folders_of(publication.root)
    fonts.check_coverage(folders, publication.fonts, [Text("Plain text.", Location(Path("a.md"), 3, 1))])
    with pytest.raises(TypesetError) as caught:
        fonts.check_coverage(folders, publication.fonts, [Text("Plain Ŧext.", Location(Path("a.md"), 3, 1))])
    assert caught.value.message.startswith(
        "character 'Ŧ' (U+0166 LATIN CAPITAL LETTER T WITH STROKE) is not in the body fonts (Small"
    )
    assert caught.value.location == Location(Path("a.md"), 3, 7)


@pytest.mark.slow  # renders PDFs
def test_a_publication_builds_with_its_own_font_and_rebuilds_when_it_changes(project: Project) -> None:
    font = renamed(FONTS_DIR / "NotoSerif-Regular.ttf", project.root / "fonts" / "Vazirmatn-Regular.ttf", "Vazirmatn")
    with_fonts(project, "Vazirmatn")
    source = project.source("a.md", "Words set in the publication's own font.\n")
    out = project.root / "out"
    code, _, err = project.run("build", str(source), "-o", str(out))
    assert code == 0, err
    with pdfplumber.open(out / "a.pdf") as pdf:
        body = {char["fontname"].split("+")[-1] for char in pdf.pages[0].chars if char["text"] == "W"}
    assert body == {"ts-Vazirmatn"}
    assert project.run("build", str(source), "-o", str(out))[1] == "0 built, 1 up to date\n"
    changed = TTFont(font)
    changed["name"].setName("Version 2", 5, 3, 1, 0x409)
    changed.save(font)
    assert project.run("build", str(source), "-o", str(out))[1] == f"built {source} -> {out / 'a.pdf'}\n1 built\n"
    shutil.rmtree(project.root / "fonts")
    code, _, err = project.run("build", str(source), "-o", str(out))
    assert code == 1 and "error: font family 'Vazirmatn' (fonts.latin) is not in" in err
