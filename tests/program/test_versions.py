"""The program file imported as versions: check-content, a new version pins running angkatan, the phases' JP."""

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from lms.content.importer import import_content
from lms.core.audit import AuditEntry
from lms.core.extensions import db
from lms.phases.models import Phase
from lms.program.models import AngkatanProgram, ProgramVersion
from lms.program.sources import COMPONENT_SOURCES
from lms.program.versions import NoProgram, pin_version, program_for_angkatan, version_for_angkatan
from tests.factories import make_angkatan, make_instansi
from tests.program.test_spec import SHIPPED


def _fake_sikap():
    return {"sikap": lambda user_ids, program: {}}


@pytest.fixture
def program_dir(app, content_dir):
    COMPONENT_SOURCES.connect(app, _fake_sikap)  # the sikap feature provides it in the full app
    (content_dir / "program.yaml").write_text(SHIPPED.read_text(encoding="utf-8"), encoding="utf-8")
    return content_dir


def _import(root):
    report = import_content(root)
    assert report.problems == []
    db.session.commit()
    return report


def test_the_import_makes_a_version_once_and_sets_the_phases_jp(ctx, program_dir):
    db.session.execute(db.update(Phase).where(Phase.code == "klasikal").values(jp=60))
    report = _import(program_dir)
    assert any(note.startswith("program: versi") and "647 JP" in note for note in report.notes)
    assert db.session.scalar(select(Phase.jp).where(Phase.code == "klasikal")) == 62
    assert db.session.scalar(select(func.count()).where(AuditEntry.action == "phase.jp")) == 1
    _import(program_dir)  # unchanged file: nothing new
    assert db.session.scalar(select(func.count()).select_from(ProgramVersion)) == 1


def test_a_new_version_reaches_a_running_angkatan_only_through_its_pin(ctx, program_dir):
    _import(program_dir)
    running = make_angkatan(make_instansi())
    db.session.commit()
    first = version_for_angkatan(running.id)
    changed = SHIPPED.read_text(encoding="utf-8").replace(
        "    weight: 30\n    source: sikap", "    weight: 25\n    source: sikap"
    )
    changed = changed.replace(
        "    weight: 35\n    source: seminar_aktualisasi", "    weight: 40\n    source: seminar_aktualisasi"
    )
    (program_dir / "program.yaml").write_text(changed, encoding="utf-8")
    _import(program_dir)
    assert version_for_angkatan(running.id).id == first.id  # pinned to what it started with
    assert program_for_angkatan(running.id).component("sikap_perilaku").weight == Decimal(30)
    later = make_angkatan(make_instansi())
    db.session.commit()
    assert program_for_angkatan(later.id).component("sikap_perilaku").weight == Decimal(25)  # follows the newest
    newest = version_for_angkatan(later.id)
    assert pin_version(running.id, newest.id, actor_id=None, reason="Pedoman baru") is True
    assert pin_version(running.id, newest.id, actor_id=None, reason="Sekali lagi") is False
    db.session.commit()
    assert db.session.get(AngkatanProgram, running.id).version_id == newest.id
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "program.pin"))
    assert entry.reason == "Pedoman baru" and entry.details["old"] == first.id


def test_without_an_imported_program_the_angkatan_says_so(ctx):
    angkatan = make_angkatan(make_instansi())
    with pytest.raises(NoProgram, match="belum diimpor"):
        program_for_angkatan(angkatan.id)


def test_a_broken_program_or_a_disagreeing_phase_page_stops_the_import(ctx, program_dir):
    text = SHIPPED.read_text(encoding="utf-8")
    (program_dir / "program.yaml").write_text(text.replace("    weight: 35\n", "    weight: 30\n"), encoding="utf-8")
    reasons = [str(p) for p in import_content(program_dir).problems]
    assert any(r.startswith("program.yaml:") and "jumlah bobot harus 100, sekarang 95" in r for r in reasons), reasons
    (program_dir / "program.yaml").write_text(text, encoding="utf-8")
    page = program_dir / "mooc" / "phase.md"
    page.write_text(page.read_text(encoding="utf-8").replace("jp: 48", "jp: 40"), encoding="utf-8")
    reasons = [str(p) for p in import_content(program_dir).problems]
    assert reasons == ["mooc/phase.md:1: jp 40 berbeda dengan program.yaml (48); samakan"]
    assert db.session.scalar(select(func.count()).select_from(ProgramVersion)) == 0


def test_check_content_on_the_command_line_names_the_problem(app, program_dir):
    text = SHIPPED.read_text(encoding="utf-8").replace("    from: 80.01\n", "    from: 80.05\n")
    (program_dir / "program.yaml").write_text(text, encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["lms", "check-content", str(program_dir)])
    assert result.exit_code != 0
    assert "program.yaml:" in result.output and "celah antara 'Cukup memuaskan' dan 'Memuaskan'" in result.output
