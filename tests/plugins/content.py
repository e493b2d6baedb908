"""Fixture: a content tree of two MOOC modules and the distance-learning phase, to import."""

import pytest

from tests.helpers.content import write, write_module


@pytest.fixture
def content_dir(tmp_path):
    root = tmp_path / "content"
    write_module(root, "modul-satu", order=1)
    write_module(root, "modul-dua", order=2, lessons=2)
    write(
        root / "mooc" / "phase.md",
        """
        ---
        title: MOOC
        phase: mooc
        jp: 48
        ---
        Belajar mandiri.
        """,
    )
    write(
        root / "pjj" / "phase.md",
        """
        ---
        title: Pembelajaran Jarak Jauh
        phase: pjj
        jp: 217
        ---
        Diskusi per angkatan.
        """,
    )
    return root
