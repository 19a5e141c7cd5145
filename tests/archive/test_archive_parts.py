"""Each page rendered once: ``typeset archive`` binds an edition from the parts ``typeset edition`` rendered
(the cache of parts, keyed by their HTML, fingerprints and images), and ``archive verify`` renders them all
again, which proves the bytes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
import pytest

from tests.conftest import INPUT, cli, verify
from typeset.edition import parts
from typeset.jobs import batch

pytestmark = pytest.mark.slow  # renders PDFs

WEEKLY = "editions/2025/06/weekly/v1.pdf"


def test_archive_after_edition_renders_no_part_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "input"
    shutil.copytree(INPUT, source)
    code, _, err = cli("edition", str(source / "editions" / "weekly.yaml"), "-o", str(tmp_path / "out"), "--jobs", "1")
    assert code == 0, err
    rendered: list[Path] = []  # each article part, cover, contents or sheet rendered
    render, render_part = batch._render, parts.render_part

    def counted_render(job: batch.Job) -> batch.Job:
        rendered.append(job.source)
        return render(job)

    def counted_part(html: str, *args: object, **kwargs: object) -> bytes:
        rendered.append(Path("a part of one HTML document"))
        return render_part(html, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(batch, "_render", counted_render)
    monkeypatch.setattr(parts, "render_part", counted_part)
    folder = tmp_path / "archive"
    code, out, err = cli("archive", str(source), "--archive", str(folder), "--jobs", "1")
    assert code == 0, err
    assert "4 archived" in out
    assert rendered == [], "the edition's pages are the ones typeset edition rendered"
    with pikepdf.open(folder / WEEKLY) as pdf:
        assert len(pdf.pages) > 3
    # verify renders every page again (none from the cache) and finds the same bytes
    code, out, err = verify(folder)
    assert code == 0, err
    assert len(rendered) >= 6  # three articles' parts, the cover, the contents, a sheet at least
    # and still sees a changed byte in the edition
    path = folder / WEEKLY
    path.chmod(0o644)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    code, _, err = verify(folder)
    assert code == 1
    assert f"{path}: error: changed since it was archived: its SHA-256 is not SHA256SUMS's" in err
