"""`spacekg report` through typer's runner, on the seeds' build (built once for the session)."""
from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from cli import app
from kg.report import render
from kg.store import publish, store_path

pytestmark = pytest.mark.slow
runner = CliRunner()


def report(*args: str):
    return runner.invoke(app, ["report", *args])


@pytest.fixture
def build_copy(seed_build, tmp_path):
    """A copy of the seeds' build, so the default OUT/report.html lands outside the shared one."""
    out = tmp_path / "out"
    source = store_path(seed_build[0])
    target = out / "stores" / source.name
    shutil.copytree(source, target)
    publish(out, target)
    return out


def test_the_report_goes_into_the_build_folder_by_default(build_copy):
    before = {p.name for p in build_copy.iterdir()}
    result = report("--out", str(build_copy))
    assert result.exit_code == 0, result.output
    target = build_copy / "report.html"
    assert result.stdout == f"wrote {target} ({target.stat().st_size:,} bytes)\n"
    assert {p.name for p in build_copy.iterdir()} - before == {"report.html"}  # no temporary file left
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")


def test_an_output_file_gets_the_same_page_on_every_run(seed_build, seed_graph, tmp_path):
    target = tmp_path / "page.html"
    first = report("-o", str(target), "--out", str(seed_build[0]))
    assert first.exit_code == 0, first.output
    data = target.read_bytes()
    second = report("--output", str(target), "--out", str(seed_build[0]))
    assert second.exit_code == 0, second.output
    assert target.read_bytes() == data == render(seed_graph).encode("utf-8")
    assert "アルテミス合意" in data.decode("utf-8")


def test_a_folder_as_output_is_a_usage_error(seed_build, tmp_path):
    result = report("-o", str(tmp_path), "--out", str(seed_build[0]))
    assert result.exit_code == 2
    assert f"-o {tmp_path}: is a folder" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_output_in_a_missing_folder_names_the_file(seed_build, tmp_path):
    target = tmp_path / "missing" / "report.html"
    result = report("-o", str(target), "--out", str(seed_build[0]))
    assert result.exit_code == 1
    assert f"{target}: cannot write" in result.stderr and result.stdout == ""


def test_a_folder_without_a_build_says_how_to_make_one(tmp_path):
    result = report("--out", str(tmp_path))
    assert result.exit_code == 1
    assert "no graph has been built here" in result.stderr and f"spacekg build --out {tmp_path}" in result.stderr
    assert not (tmp_path / "report.html").exists()
