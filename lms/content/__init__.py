"""Content: modules and lessons in markdown, their import, safe rendering, reading and progress."""
