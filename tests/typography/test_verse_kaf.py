"""ګ (U+06AB) in verse is drawn from the body's Naskh face (the Persian kaf with its ring, as Pashto books set
it), not from Amiri (which draws it on the Arabic kaf), while the rest of the line stays Amiri; the text
layer keeps the letter; the beyt is measured in the faces it is drawn from (its hemistichs of one width)
and no kashida touches a ګ (a tatweel from Amiri beside a letter from Naskh would join two designs)."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from tests import pdfread
from tests.conftest import INPUT
from typeset.jobs.batch import build
from typeset.typography import verse

pytestmark = pytest.mark.slow  # renders PDFs

SOURCE = """\
---
title: ازمېښت
author: ازمويونکی
date: 2025-06-03
lang: ps
section: pashto
---

::: verse
د ګلونو په باغ کې ګډېږي ګلالۍ
زما زړه د وطن په مینه ډک دی ګرانه
:::
"""


@pytest.fixture(scope="module")
def verse_chars(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    root = tmp_path_factory.mktemp("kaf")
    (root / "publication.yaml").write_bytes((INPUT / "publication.yaml").read_bytes())
    (root / "ps.md").write_text(SOURCE, encoding="utf-8")
    [job] = build([root / "ps.md"], root / "out")
    assert job.ok and not job.warnings, [e.format() for e in job.errors] + job.warnings
    assert isinstance(job.output, Path)
    with pdfplumber.open(job.output) as pdf:
        # Letters, each with the kashida its glyph draws (a letter and its kashida are one glyph).
        chars = [c for c in pdf.pages[0].chars if round(c["size"], 1) == verse.BODY_SIZE]
        return pdfread.with_kashida(job.output, [c for c in chars if c["text"].strip()])


def test_kaf_with_ring_in_verse_comes_from_the_naskh_face(verse_chars: list[dict]) -> None:
    kafs = [c for c in verse_chars if c["text"] == "\u06ab"]
    assert len(kafs) == SOURCE.count("\u06ab") == 4, "every ګ of the poem, in the text layer"
    assert {c["fontname"].split("+")[-1] for c in kafs} == {"ts-Noto-Naskh-Arabic-for-verse"}


def test_the_rest_of_the_verse_stays_amiri(verse_chars: list[dict]) -> None:
    others = {c["fontname"].split("+")[-1] for c in verse_chars if c["text"] not in "\u06ab\u0640"}
    assert others == {"ts-Amiri"}


def test_a_beyt_with_kaf_in_both_hemistichs_is_of_one_width(verse_chars: list[dict]) -> None:
    line = sorted(verse_chars, key=lambda c: c["x0"])
    left, right = pdfread.split_at_widest_gap(line)
    assert right.letters == pdfread.letters("د ګلونو په باغ کې ګډېږي ګلالۍ"), "the first hemistich on the right"
    assert abs(left.width - right.width) < 0.01 * max(left.width, right.width), (left.width, right.width)


def test_no_kashida_beside_a_kaf_from_the_other_face(verse_chars: list[dict]) -> None:
    line = sorted(verse_chars, key=lambda c: c["x0"])
    drawn = pdfread.drawn(line)  # each letter, and the kashida drawn with it on its right
    assert "\u0640" in drawn, "the shorter hemistich is stretched"
    assert "\u06ab\u0640" not in drawn and "\u0640\u06ab" not in drawn, drawn
