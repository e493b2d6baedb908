"""One way to make a module revision: the file import and the editor write revisions of the same shape."""

from sqlalchemy import select

from lms.authoring import revisions as editor
from lms.content.importer import import_content
from lms.content.models import Lesson, Module, ModuleRevision
from lms.core.extensions import db
from tests.factories import make_user
from tests.helpers.content import write_module

REVISION_FIELDS = (
    "title",
    "jp",
    "objectives",
    "summary",
    "quiz_slug",
    "intro_md",
    "intro_html",
    "source_md",
    "assets",
    "source_hash",
)
LESSON_FIELDS = ("position", "slug", "title", "minutes", "body_md", "body_html", "toc_html", "source_md")
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def _shape(revision: ModuleRevision) -> tuple[dict, list[dict]]:
    lessons = db.session.scalars(select(Lesson).where(Lesson.revision_id == revision.id).order_by(Lesson.position))
    return (
        {name: getattr(revision, name) for name in REVISION_FIELDS},
        [{name: _same_order(getattr(lesson, name)) for name in LESSON_FIELDS} for lesson in lessons],
    )


def _same_order(value):
    """The sanitizer (nh3) adds an image's loading and decoding attributes in either order, run to run."""
    if not isinstance(value, str):
        return value
    return value.replace(' decoding="async" loading="lazy"', ' loading="lazy" decoding="async"')


def _module_with_an_image(root):
    folder = write_module(root, "modul-gambar", lessons=2)
    (folder / "gambar").mkdir()
    (folder / "gambar" / "bagan.png").write_bytes(PNG)
    lesson = folder / "02-pelajaran-2.md"
    lesson.write_text(lesson.read_text() + "\n![Bagan alur](gambar/bagan.png)\n", encoding="utf-8")
    return folder


def test_an_import_and_an_unchanged_edit_write_revisions_of_the_same_shape(ctx, tmp_path):
    _module_with_an_image(tmp_path / "content")
    author = make_user("instructor")
    report = import_content(tmp_path / "content", author_id=author.id)
    assert report.problems == [] and report.created == ["modul-gambar"]
    module = db.session.scalar(select(Module).where(Module.slug == "modul-gambar"))
    imported = module.current_revision

    draft = editor.save_revision(
        module, editor.content_of(imported), base_number=imported.number, author_id=author.id, note="tanpa perubahan"
    )

    assert _shape(draft) == _shape(imported)
    fields, lessons = _shape(imported)
    assert fields["assets"] == {"gambar/bagan.png": fields["assets"]["gambar/bagan.png"]}
    assert "/konten/aset/" in lessons[1]["body_html"] and fields["source_md"] and lessons[0]["source_md"]
    # What differs is only what each is: the import publishes at once, the editor's save is a draft.
    assert (imported.number, draft.number) == (1, 2)
    assert imported.published_at is not None and imported.published_at == imported.created_at
    assert draft.published_at is None and module.current_revision_id == imported.id
    assert (imported.note, draft.note) == ("impor berkas", "tanpa perubahan")


def test_an_edit_published_then_exported_imports_as_the_same_revision(ctx, tmp_path):
    root = tmp_path / "content"
    folder = _module_with_an_image(root)
    author = make_user("instructor")
    import_content(root)
    module = db.session.scalar(select(Module).where(Module.slug == "modul-gambar"))
    content = editor.change_lesson(
        editor.content_of(module.current_revision), "pelajaran-1", title="Pelajaran baru", minutes=15, body="Isi baru."
    )
    draft = editor.save_revision(module, content, base_number=1, author_id=author.id, note="ubah")
    editor.publish(module, draft.number, author.id)
    db.session.commit()
    # The lesson file as the editor wrote it, put in the folder: the import finds the module unchanged.
    (folder / "01-pelajaran-1.md").write_text(draft.lessons[0].source_md, encoding="utf-8")

    report = import_content(root)

    assert report.unchanged == ["modul-gambar"] and module.current_revision_id == draft.id


def test_an_import_numbers_after_the_editors_drafts(ctx, tmp_path):
    root = tmp_path / "content"
    folder = _module_with_an_image(root)
    author = make_user("instructor")
    import_content(root)
    module = db.session.scalar(select(Module).where(Module.slug == "modul-gambar"))
    editor.save_revision(
        module, editor.content_of(module.current_revision), base_number=1, author_id=author.id, note="draf"
    )
    db.session.commit()
    lesson = folder / "01-pelajaran-1.md"
    lesson.write_text(lesson.read_text() + "\nKalimat tambahan.\n", encoding="utf-8")

    report = import_content(root)
    db.session.commit()

    assert report.revised == ["modul-gambar"]
    assert report.notes == [
        "modul-gambar: draf editor (revisi 2) belum diterbitkan; impor menerbitkan revisi 3, draf tetap ada di riwayat"
    ]
    assert module.current_revision.number == 3 and module.current_revision.published_at is not None
