"""ګ (U+06AB) in verse is drawn from the body's Naskh face (the Persian kaf with its ring, as Pashto books set
it), not from Amiri (which draws it on the Arabic kaf), while the rest of the line stays Amiri; the text
layer keeps the letter."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from tests.conftest import INPUT
from typeset.build.batch import build
from typeset.typography import verse

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
        return [c for c in pdf.pages[0].chars if round(c["size"], 1) == verse.BODY_SIZE and c["text"].strip()]


def test_kaf_with_ring_in_verse_comes_from_the_naskh_face(verse_chars: list[dict]) -> None:
    kafs = [c for c in verse_chars if c["text"] == "\u06ab"]
    assert len(kafs) == 5, "every ګ of the poem, in the text layer"
    assert {c["fontname"].split("+")[-1] for c in kafs} == {"ts-Noto-Naskh-Arabic-for-verse"}


def test_the_rest_of_the_verse_stays_amiri(verse_chars: list[dict]) -> None:
    others = {c["fontname"].split("+")[-1] for c in verse_chars if c["text"] not in "\u06ab\u0640"}
    assert others == {"ts-Amiri"}
