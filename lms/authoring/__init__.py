"""Instructors' editors: modules with drafts and history, questions, quiz settings, export to files."""
