"""Latsar LMS. The application factory is lms.app.create_app; lms/core/ is shared by every feature."""
