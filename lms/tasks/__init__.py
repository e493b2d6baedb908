"""Assignments (penugasan): tasks set by a widyaiswara, submissions from a phone, grading by rubric."""
