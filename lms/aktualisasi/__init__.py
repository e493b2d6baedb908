"""Aktualisasi (Agenda IV, habituasi): the plan (rancangan aktualisasi) as structured data and its workflow; later its
seminars, the habituation log and the report."""
