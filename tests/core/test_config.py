"""Configuration defaults that name places on disk point at the project's own folders."""

from pathlib import Path

from lms.core.config import load_config

ROOT = Path(__file__).resolve().parents[2]


def test_the_default_content_folder_is_the_shipped_curriculum(tmp_path, monkeypatch):
    monkeypatch.delenv("LMS_CONTENT_DIR", raising=False)
    content = Path(load_config(str(tmp_path))["LMS_CONTENT_DIR"])
    assert content == ROOT / "content"
    assert list(content.rglob("module.md")), "the curriculum's modules are there"
