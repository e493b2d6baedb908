"""Uploaded files are checked by their bytes: the claimed extension must match the content, Office files
must be the Office document they claim, ZIP bombs and huge files are refused, names lose their paths."""

import pytest

from lms.core.files import FileRefused, check_file, display_name, kind_of
from tests.helpers.files import EXE, JPG, PDF, PNG, many_entries, office, plain_zip, zip_bomb

ALL = ("pdf", "docx", "xlsx", "pptx", "jpg", "png", "txt")
MB = 1024 * 1024


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("laporan.pdf", PDF, "pdf"),
        ("foto.JPEG", JPG, "jpg"),
        ("foto.jpg", JPG, "jpg"),
        ("skema.png", PNG, "png"),
        ("esai.docx", office("docx"), "docx"),
        ("data.xlsx", office("xlsx"), "xlsx"),
        ("paparan.pptx", office("pptx"), "pptx"),
        ("catatan.txt", b"Analisis isu: pelayanan publik.\n", "txt"),
    ],
)
def test_each_accepted_type_passes_by_its_bytes(ctx, name, data, kind):
    checked = check_file(name, data, ALL, 5 * MB)
    assert (checked.kind, checked.size) == (kind, len(data))


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("laporan.pdf", EXE),  # an executable renamed
        ("laporan.pdf", PNG),  # another type renamed
        ("esai.docx", plain_zip()),  # a ZIP that is no Word document
        ("esai.docx", office("xlsx")),  # a workbook renamed
        ("data.xlsx", PDF),
        ("catatan.txt", b"\x00\x01binary"),
        ("catatan.txt", "latin1 \xe9".encode("latin-1")),
    ],
)
def test_bytes_that_are_not_their_extension_are_refused(ctx, name, data):
    with pytest.raises(FileRefused, match="bukan berkas"):
        check_file(name, data, ALL, 5 * MB)


def test_a_type_the_task_does_not_accept_is_refused_naming_the_accepted_ones(ctx):
    with pytest.raises(FileRefused) as refused:
        check_file("foto.png", PNG, ("pdf", "docx"), 5 * MB)
    assert ".pdf, .docx" in refused.value.message


def test_over_the_task_limit_is_refused_with_both_sizes(ctx):
    with pytest.raises(FileRefused) as refused:
        check_file("laporan.pdf", PDF + b"0" * (2 * MB), ("pdf",), 1 * MB)
    assert "2 MB" in refused.value.message and "1 MB" in refused.value.message


def test_a_zip_bomb_is_refused_without_unpacking_it(ctx):
    bomb = zip_bomb()
    assert len(bomb) < MB  # small on the wire
    with pytest.raises(FileRefused, match="bom ZIP"):
        kind_of(bomb)


def test_a_zip_of_too_many_entries_is_refused(ctx):
    with pytest.raises(FileRefused, match="terlalu banyak"):
        check_file("esai.docx", many_entries(2100), ("docx",), 5 * MB)


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        ("C:\\Users\\peserta\\Desktop\\laporan akhir.pdf", "laporan akhir.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("/var/www/../x.pdf", "x.pdf"),
        (".htaccess", "htaccess"),
        ("la\x00por\x1fan.pdf", "laporan.pdf"),
        ("", "berkas"),
        ("a" * 300 + ".pdf", "a" * 116 + ".pdf"),
    ],
)
def test_a_path_in_a_filename_is_stripped(sent, shown):
    assert display_name(sent) == shown
