"""An edition part's side file (``<part>.json``: title, author, pages) is checked like the build
manifest and the cache's entries: a forged or damaged one is not believed, its part is set again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests import pdfread
from tests.conftest import INPUT
from typeset.edition.build import PARTS_DIR, build_edition
from typeset.jobs.options import Options

pytestmark = pytest.mark.slow  # renders PDFs

FORGED = "A Forged Title"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, bytes]:
    root = tmp_path_factory.mktemp("sides")
    shutil.copytree(INPUT, root / "input")
    edition = root / "input" / "editions" / "weekly.yaml"
    result = build_edition(edition, Options(root / "output"))
    assert result.ok and result.output is not None
    return edition, root / "output", result.output.read_bytes()


def _side_file(out: Path) -> Path:
    return sorted(p for p in (out / PARTS_DIR / "weekly").glob("*.json") if not p.name.startswith("."))[0]


@pytest.mark.parametrize("damage", ["forged title, fingerprint kept", "not JSON", "an older side file"])
def test_a_forged_or_damaged_side_file_is_rebuilt_with_a_warning(built: tuple[Path, Path, bytes], damage: str) -> None:
    edition, out, original = built  # (each case's build writes the side file anew: the next case starts whole)
    side = _side_file(out)
    value = json.loads(side.read_bytes())
    assert value["format"] == 1 and len(value["check"]) == 64
    if damage == "forged title, fingerprint kept":
        side.write_text(json.dumps(value | {"title": FORGED}))
    elif damage == "not JSON":
        side.write_bytes(side.read_bytes()[:20])
    else:
        side.write_text(json.dumps({k: v for k, v in value.items() if k not in ("format", "check")}))
    result = build_edition(edition, Options(out))
    assert result.ok
    # the part whose side file was not believed is set again (rendered, or the same bytes from the cache of parts)
    assert len(result.rendered + result.reused) == 1
    assert [str(w) for w in result.warnings if "side file" in w.message] == [
        f"{side}: warning: ignored an edition part's side file "
        f"({'its check does not match' if damage.startswith('forged') else 'not a side file of this typeset'}): "
        "the part is rendered again"
    ]
    assert result.output is not None
    assert FORGED not in pdfread.text(result.output)
    assert result.output.read_bytes() == original
    assert json.loads(side.read_bytes())["title"] != FORGED
