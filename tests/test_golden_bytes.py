"""Behaviour and bytes unchanged: a fresh build gives the PDFs recorded in tests/data/golden/bytes.json.

Moving code (issue 22) must not move a byte. When output changes on purpose, regenerate the record
with ``.venv/bin/python -m tests.golden`` and say why in the commit.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.golden import RECORD, digests

pytestmark = pytest.mark.slow


def test_the_shipped_samples_and_a_generated_edition_are_the_recorded_bytes(tmp_path: Path) -> None:
    recorded = json.loads(RECORD.read_text(encoding="utf-8"))
    found = digests(tmp_path)
    assert sorted(found) == sorted(recorded), "the set of PDFs built changed"
    changed = [name for name in recorded if found[name] != recorded[name]]
    assert not changed, f"bytes changed: {changed} (if on purpose: python -m tests.golden)"
