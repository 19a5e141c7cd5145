"""Shared fixtures: the shipped input/ built once, and small throwaway projects."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from typeset.cli.main import main
from typeset.jobs.batch import build
from typeset.jobs.job import find_sources

ROOT = Path(__file__).resolve().parent.parent
# Tests keep their own cache folder: every run starts from the same state.
os.environ.setdefault("TYPESET_CACHE_DIR", tempfile.mkdtemp(prefix="typeset-test-cache-"))
INPUT = ROOT / "input"
# The text of the house PDF the seed article was written from (a copy of ../shared/seeds/000_d7200c4cd2090950.txt).
SEED = ROOT / "tests" / "data" / "seed.txt"
SEED_SOURCE = INPUT / "2025-06-03-pakistan-diplomatic-reawakening.md"
DARI_SOURCE = INPUT / "2025-06-10-digital-libraries-dari.md"
PASHTO_SOURCE = INPUT / "2025-06-12-pashto-digital-future.md"

FRONT = {
    "en": "title: A Test\nauthor: Tester\ndate: 2025-06-03\nlang: en\nsection: european-languages\n",
    "fa-AF": "title: آزمایش\nauthor: آزماینده\ndate: 2025-06-03\nlang: fa-AF\nsection: dari\n",
}


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The shipped sources, built once: slug → PDF."""
    out = tmp_path_factory.mktemp("output")
    jobs = build(find_sources([INPUT]), out)
    assert all(job.ok for job in jobs), [e.format() for job in jobs for e in job.errors]
    assert not [w for job in jobs for w in job.warnings], "the engine warned"
    return {job.article.slug: job.output for job in jobs if job.article and job.output}


class Project:
    """A folder with the house publication.yaml, where a test writes sources."""

    def __init__(self, root: Path):
        self.root = root
        shutil.copy(INPUT / "publication.yaml", root / "publication.yaml")

    def source(self, name: str, body: str = "Body text.\n", lang: str = "en", front: str | None = None) -> Path:
        path = self.root / name
        front_matter = FRONT[lang] if front is None else textwrap.dedent(front)
        path.write_text(f"---\n{front_matter}---\n\n{textwrap.dedent(body)}", encoding="utf-8")
        return path

    def run(self, *args: str) -> tuple[int, str, str]:
        """Run the CLI in-process: (exit code, stdout, stderr)."""
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path)


def cli(*args: str) -> tuple[int, str, str]:
    """Run the CLI in-process: (exit code, stdout, stderr)."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def verify(folder: Path) -> tuple[int, str, str]:
    """``typeset archive verify`` of the archive in ``folder``, in one process."""
    return cli("archive", "verify", "--archive", str(folder), "--jobs", "1")


def run_typeset(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the installed CLI in a subprocess, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "typeset", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )
