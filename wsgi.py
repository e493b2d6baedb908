"""WSGI entry point: `gunicorn wsgi:app`."""

from lms.app import create_app

app = create_app()
