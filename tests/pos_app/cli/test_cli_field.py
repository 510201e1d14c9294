"""`tessera-pos scan` and `card print`."""

from __future__ import annotations

from pathlib import Path

from tests.pos_app.cli.runner import cli


def test_scan_of_a_file_that_is_not_an_image(tmp_path: Path) -> None:
    text_file = tmp_path / "notes.txt"
    text_file.write_text("not an image", encoding="utf-8")
    run = cli(None, "scan", str(text_file), "--json")
    assert run.code == 2
    assert "error" in run.json()[str(text_file)]
