"""No stored text can make an export fail: every control character, written straight to the database."""

import csv
import io

import pytest
from openpyxl import load_workbook

from lms.core.extensions import db
from lms.dashboard.export import sheet_title
from lms.people.models import Angkatan, Lembaga
from tests.factories import make_participant
from tests.helpers.web import AuthActions, csrf_token

# What inputs now refuse, but older rows (or a database edited by hand) may still hold.
STORED = [chr(c) for c in range(0x20)] + ["\x7f", "\u2028", "\u2029"]
KEPT = ("\t", "\n", "\r")  # legal in a cell; XLSX reads a carriage return back as a newline
REPLACEMENT = "\ufffd"


def storable(app) -> list[str]:
    """PostgreSQL itself refuses NUL in text, so there no NUL can reach an export."""
    postgres = app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
    return [c for c in STORED if not (postgres and c == "\x00")]


@pytest.fixture
def dirty(app, scores):
    with app.app_context():
        angkatan = db.session.get(Angkatan, scores["angkatan"])
        for char in storable(app):
            make_participant(angkatan, name=f"Nama{char}Peserta")
        angkatan.name = "Angkatan\x01[81]: uji/coba?"
        db.session.get(Lembaga, angkatan.lembaga_id).name = "Pemkot\x1bHitung"
        db.session.commit()
    client = app.test_client()
    AuthActions(client).login(scores["coordinator"])
    return client


def _read(kind: str, data: bytes) -> list[list]:
    if kind == "csv":
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    return [[c.value for c in row] for row in load_workbook(io.BytesIO(data)).active.iter_rows()]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("export", ["angkatan", "overview"])
def test_every_export_survives_every_stored_control_character(app, scores, dirty, kind, export):
    url = f"/dasbor/angkatan/{scores['angkatan']}/ekspor.{kind}" if export == "angkatan" else f"/dasbor/ekspor.{kind}"
    response = dirty.post(url, data={"csrf_token": csrf_token(dirty, "/")})
    assert response.status_code == 200
    cells = [str(value) for row in _read(kind, response.data) for value in row if value is not None]
    forbidden = set(STORED) - set(KEPT)
    assert not [cell for cell in cells if forbidden & set(cell)]
    if export == "angkatan":
        for char in storable(app):
            shown = REPLACEMENT if char not in KEPT else "\n" if kind == "xlsx" and char == "\r" else char
            assert f"Nama{shown}Peserta" in cells, repr(char)
    else:
        assert "Pemkot\ufffdHitung" in cells and "Angkatan\ufffd[81]: uji/coba?" in cells


def test_a_sheet_title_is_one_excel_accepts():
    assert sheet_title("Angkatan\x00[81]: uji/coba?") == "Angkatan  81   uji coba"
    assert sheet_title("'''") == "Data" and len(sheet_title("x" * 50)) == 31
