"""The laporan aktualisasi as a PDF: a cover (name, NIP, angkatan, instansi, title), every section (the
participant's text, then what the plan and the confirmed log say), the evidence photos downscaled and embedded,
and page numbers. fpdf2 with the DejaVu TrueType fonts, so any name (Arabic, accented, CJK-free Unicode) renders.

Kept in this package rather than lms/core: the seminar's result sheets may add a PDF helper of their own."""

import io
from datetime import date

from flask_babel import gettext as _
from fpdf import FPDF
from PIL import Image, ImageOps

from lms.aktualisasi.criteria import CORE_VALUE_NAMES
from lms.core.i18n import local_date
from lms.core.storage import StorageError, get_storage
from lms.report.assembly import ACTIVITY_PREFIX, chosen_issue, section_title
from lms.report.editing import plan_snapshot_of
from lms.report.workflow import STATE_LABELS

FONT_DIR = "/usr/share/fonts/truetype/dejavu/"
FONT = "DejaVu"
# Photos are drawn at most this wide (mm) and stored at most this many pixels on their long side: enough to
# read on paper, small enough that a report with thirty photos stays a few megabytes.
IMAGE_WIDTH_MM = 110
IMAGE_MAX_PX = 1000
EMBEDDED_TYPES = ("image/jpeg", "image/png")


class _ReportPDF(FPDF):
    def footer(self) -> None:
        if self.page_no() == 1:
            return  # the cover carries no number
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.cell(0, 8, _("Halaman %(n)d dari %(total)s", n=self.page_no(), total="{nb}"), align="C")


def _downscaled(data: bytes) -> io.BytesIO | None:
    """The photo turned upright, shrunk, without metadata, as JPEG; None when it is not a readable image."""
    try:
        with Image.open(io.BytesIO(data)) as img:
            img = ImageOps.exif_transpose(img).convert("RGB")
            img.thumbnail((IMAGE_MAX_PX, IMAGE_MAX_PX))
            out = io.BytesIO()
            img.save(out, "JPEG", quality=80)
    except Exception:  # noqa: BLE001  (a damaged file leaves a line in the PDF, not a failed download)
        return None
    out.seek(0)
    return out


class _Writer:
    def __init__(self):
        pdf = _ReportPDF(format="A4")
        pdf.add_font(FONT, "", FONT_DIR + "DejaVuSans.ttf")
        pdf.add_font(FONT, "B", FONT_DIR + "DejaVuSans-Bold.ttf")
        pdf.set_auto_page_break(True, margin=18)
        pdf.set_margins(20, 20, 20)
        pdf.alias_nb_pages()
        self.pdf = pdf

    def text(self, value: str, size: float = 11, bold: bool = False, height: float = 6, align: str = "L") -> None:
        self.pdf.set_font(FONT, "B" if bold else "", size)
        self.pdf.multi_cell(0, height, value or "", align=align, new_x="LMARGIN", new_y="NEXT")

    def gap(self, mm: float = 3) -> None:
        self.pdf.ln(mm)

    def image(self, data: bytes, caption: str) -> None:
        picture = _downscaled(data)
        if picture is None:
            self.text(_("(berkas gambar tidak dapat dibaca)"), size=9)
            return
        with Image.open(picture) as probe:
            ratio = probe.height / probe.width
        picture.seek(0)
        height = IMAGE_WIDTH_MM * ratio
        if self.pdf.get_y() + height > self.pdf.page_break_trigger:
            self.pdf.add_page()
        self.pdf.image(picture, x=self.pdf.l_margin, w=IMAGE_WIDTH_MM)
        if caption:
            self.text(caption, size=9)
        self.gap(2)


def _cover(w: _Writer, person, enrolment, title: str, state: str) -> None:
    pdf = w.pdf
    pdf.add_page()
    pdf.ln(30)
    w.text(_("LAPORAN AKTUALISASI"), size=18, bold=True, height=10, align="C")
    w.text(_("Pelatihan Dasar CPNS"), size=12, align="C")
    pdf.ln(12)
    w.text(title or _("(judul gagasan belum ditulis)"), size=14, bold=True, height=8, align="C")
    pdf.ln(25)
    for label, value in (
        (_("Nama"), person.name),
        (_("NIP"), person.nip or "–"),
        (_("Angkatan"), enrolment.angkatan.name),
        (_("Instansi"), enrolment.instansi.name),
        (_("Status laporan"), str(STATE_LABELS[state])),
        (_("Dicetak"), local_date(date.today())),
    ):
        w.text(f"{label}: {value}", size=11, align="C")


def _entries(w: _Writer, entries: list[dict], storage) -> None:
    for e in entries:
        w.text(f"{e['day']}: {e['done']}", size=10)
        for code, how in e["values"].items():
            w.text(f"   {CORE_VALUE_NAMES.get(code, code)}: {how}", size=9)
        if e["obstacles"]:
            w.text("   " + _("Kendala: %(text)s", text=e["obstacles"]), size=9)
        for ev in e["evidence"]:
            caption = ev["caption"] or ev["filename"]
            if ev["content_type"] not in EMBEDDED_TYPES:
                w.text("   " + _("Bukti (dokumen): %(name)s", name=ev["filename"]), size=9)
                continue
            try:
                w.image(storage.read(ev["key"]), caption)
            except (StorageError, ValueError):
                w.text("   " + _("(bukti %(name)s tidak ditemukan)", name=ev["filename"]), size=9)


def _generated(w: _Writer, key: str, g: dict, storage) -> None:
    if key.startswith(ACTIVITY_PREFIX):
        w.text(_("Output: %(output)s", output=g.get("output", "")), size=10)
        for step in g.get("steps", []):
            w.text(f"{step['n']}. {step['title']}", size=10, bold=True)
            if not step["entries"]:
                w.text("   " + _("Belum ada entri log yang dikonfirmasi mentor."), size=9)
            _entries(w, step["entries"], storage)
        if g.get("whole"):
            w.text(_("Kegiatan secara umum"), size=10, bold=True)
            _entries(w, g["whole"], storage)
    elif key == "nilai":
        for a in g.get("activities", []):
            w.text(f"{a['n']}. {a['title']}", size=10, bold=True)
            for code, how in a["planned"].items():
                w.text(f"   {CORE_VALUE_NAMES.get(code, code)}: {how}", size=9)
                for practised in a["practised"].get(code, []):
                    w.text(f"      \u2192 {practised}", size=9)
            if a["vision_mission"]:
                w.text("   " + _("Visi-misi: %(text)s", text=a["vision_mission"]), size=9)
            if a["organisation_values"]:
                w.text("   " + _("Nilai organisasi: %(text)s", text=a["organisation_values"]), size=9)
    elif key == "isu_gagasan":
        w.text(_("Isu: %(text)s", text=g.get("isu", "")), size=10)
        for cause in g.get("causes", []):
            w.text(f"   \u2022 {cause}", size=9)
        w.text(_("Gagasan: %(text)s", text=g.get("gagasan", "")), size=10)


def report_pdf(report, person, enrolment) -> bytes:
    """The PDF of `report` as it stands now."""
    snapshot = plan_snapshot_of(report)
    title = snapshot.get("gagasan", {}).get("title") or chosen_issue(snapshot).get("title", "")
    w = _Writer()
    w.pdf.set_title(f"Laporan aktualisasi {person.name}")
    w.pdf.set_author(person.name)
    _cover(w, person, enrolment, title, report.state)
    storage = get_storage()
    w.pdf.add_page()
    for n, s in enumerate(report.sections, 1):
        w.text(f"{n}. {section_title(s.key, s.generated)}", size=13, bold=True, height=8)
        w.text(s.body or "–", size=11)
        if s.generated and s.key not in ("pendahuluan", "dampak", "penutup"):
            w.gap(2)
            _generated(w, s.key, s.generated, storage)
        w.gap(5)
    return bytes(w.pdf.output())
