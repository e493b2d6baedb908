"""Seminars of Agenda IV (rancangan and aktualisasi): scheduling, the program's rubric, scoring, results."""
