"""The log's plain rules: which days count, the JP credited, and evidence checked and cleaned by its bytes."""

import io
from datetime import date

import pytest
from PIL import Image

from lms.core.files import FileRefused
from lms.core.photos import LONGEST_SIDE, MAX_PHOTO_BYTES, check_evidence, photo_jpeg
from lms.habituation.period import Period, count_workdays, credited_jp, day_refusal, is_workday, latest_workday
from tests.helpers.habituation import jpeg_bytes

PERIOD = Period(date(2026, 11, 2), date(2026, 12, 11), 320)  # Monday 2 November to Friday 11 December


def test_a_new_entry_is_dated_on_the_latest_workday():
    assert latest_workday(date(2026, 12, 6)) == date(2026, 12, 4)  # Sunday -> Friday
    assert latest_workday(date(2026, 12, 7)) == date(2026, 12, 7)


def test_workdays_are_monday_to_friday():
    assert is_workday(date(2026, 12, 4))  # Friday
    assert not is_workday(date(2026, 12, 5)) and not is_workday(date(2026, 12, 6))
    assert count_workdays(date(2026, 11, 30), date(2026, 12, 6)) == 5
    assert count_workdays(date(2026, 12, 6), date(2026, 12, 5)) == 0
    assert PERIOD.workdays == 30


@pytest.mark.parametrize(
    ("day", "part"),
    [
        (date(2026, 10, 30), "di luar masa habituasi"),
        (date(2026, 12, 14), "di luar masa habituasi"),
        (date(2026, 11, 7), "akhir pekan"),
        (date(2026, 12, 10), "belum tiba"),
        (None, "Isi tanggal"),
    ],
)
def test_days_refused_with_their_reason(app, day, part):
    with app.test_request_context():
        assert part in day_refusal(day, PERIOD, today=date(2026, 12, 4))


def test_a_workday_in_the_period_up_to_today_is_accepted(app):
    with app.test_request_context():
        assert day_refusal(date(2026, 12, 4), PERIOD, today=date(2026, 12, 4)) is None
        assert "belum ditetapkan" in day_refusal(date(2026, 12, 4), None, today=date(2026, 12, 4))


def test_jp_credited_for_confirmed_days():
    assert credited_jp(0, PERIOD) == 0.0
    assert credited_jp(15, PERIOD) == 160.0
    assert credited_jp(30, PERIOD) == 320.0
    assert credited_jp(40, PERIOD) == 320.0  # never above the phase's JP
    assert credited_jp(1, PERIOD) == 10.7
    assert credited_jp(5, None) == 0.0


def test_photo_downscaled_and_every_metadata_gone(app):
    original = jpeg_bytes((3200, 2400), gps=True)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the phone's GPS is there
    with app.test_request_context():
        kept = check_evidence("IMG_2024.jpg", original)
    image = Image.open(io.BytesIO(kept.data))
    assert image.format == "JPEG" and max(image.size) == LONGEST_SIDE and image.size == (1600, 1200)
    exif = image.getexif()
    assert not exif.get_ifd(0x8825) and len(exif) == 0
    assert b"Exif" not in kept.data[:200] and b"PhoneMaker" not in kept.data
    assert kept.content_type == "image/jpeg" and kept.filename == "IMG_2024.jpg"


def test_png_with_transparency_becomes_a_jpeg(app):
    out = io.BytesIO()
    Image.new("RGBA", (100, 50), (255, 0, 0, 0)).save(out, "PNG")
    with app.test_request_context():
        kept = check_evidence("layar.png", out.getvalue())
    assert kept.filename == "layar.jpg" and Image.open(io.BytesIO(kept.data)).size == (100, 50)


@pytest.mark.parametrize(
    ("name", "data", "part"),
    [
        ("foto.jpg", b"\xff\xd8\xff" + b"not really a jpeg" * 10, "bukan foto"),
        ("foto.jpg", b"<html><script>alert(1)</script>", "bukan foto"),
        ("foto.jpg", b"", "kosong"),
        ("laporan.pdf", b"%PDF-1.4 truncated", "rusak"),
        ("foto.jpg", b"\xff\xd8\xff" + b"0" * MAX_PHOTO_BYTES, "terlalu besar"),
    ],
)
def test_fake_or_oversized_files_refused(app, name, data, part):
    with app.test_request_context(), pytest.raises(FileRefused) as refused:
        check_evidence(name, data)
    assert part in refused.value.message


def test_a_real_pdf_is_kept_as_it_is(app):
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    with app.test_request_context():
        kept = check_evidence("undangan rapat.PDF", pdf)
    assert kept.data == pdf and kept.content_type == "application/pdf" and kept.filename == "undangan rapat.pdf"


def test_photo_keeps_its_orientation(app):
    image = Image.new("RGB", (400, 200), "white")
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera held upright: rotate 90 degrees
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    with app.test_request_context():
        assert Image.open(io.BytesIO(photo_jpeg(out.getvalue()))).size == (200, 400)
