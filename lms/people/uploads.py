"""The first step of every CSV import (participants, coaches and mentors): the file is kept as a batch to review."""

from flask_babel import gettext as _
from flask_login import current_user

from lms.core.extensions import db
from lms.people import importer


def store_upload(form, model, default_filename: str):
    """The uploaded file of a valid `form` as a new `model` batch (committed), or None with the reason on the
    form's file field; nothing is applied before its review."""
    upload = form.file.data
    try:
        text = importer.decode_upload(upload.read())
    except UnicodeDecodeError:
        form.file.errors.append(_("Berkas bukan teks UTF-8. Di Excel pilih Simpan Sebagai 'CSV UTF-8'."))
        return None
    batch = model(created_by_id=current_user.id, filename=(upload.filename or default_filename)[:255], content=text)
    db.session.add(batch)
    db.session.commit()
    return batch
