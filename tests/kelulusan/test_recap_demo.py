"""The demo world under the shipped program (`make run`: import-content, then seed-demo): every demo angkatan has a
recap, and the angkatan whose MOOC is behind it (Angkatan 71) shows its participants' MOOC scores there."""

from pathlib import Path

from sqlalchemy import select

from lms.content.importer import import_content
from lms.core.extensions import db
from lms.demo import seed_demo
from lms.kelulusan.recap_view import recap_sheet
from lms.people.models import Angkatan
from lms.program.sources import COMPONENT_SOURCES

CONTENT = Path(__file__).resolve().parents[2] / "content"


def _sikap():
    return {"sikap": lambda user_ids, program: {}}  # the sikap feature's, in the full product: nothing scored yet


def test_every_demo_angkatan_has_a_recap_and_the_one_past_its_mooc_shows_scores(app):
    COMPONENT_SOURCES.connect(app, _sikap)
    with app.app_context():
        assert import_content(CONTENT).problems == []
        seed_demo()
        db.session.commit()
        angkatan = {name: id_ for id_, name in db.session.execute(select(Angkatan.id, Angkatan.name))}
    with app.test_request_context():
        sheets = {name: recap_sheet(id_) for name, id_ in angkatan.items()}
    assert all(sheet.lines for sheet in sheets.values())
    in_pjj = sheets["Angkatan 71 Tahun 2026"]
    mooc = [line.cells[0].score for line in in_pjj.lines]
    assert in_pjj.components[0].code == "akademik_mooc" and all(score is not None for score in mooc)
    assert in_pjj.summary.missing[0] == ("Evaluasi akademik MOOC", 0)
    assert in_pjj.summary.incomplete == len(in_pjj.lines)  # the later phases' scores are still to come
