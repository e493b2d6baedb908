"""Cross-cutting web pieces: home pages, health check, errors, headers, language and time."""
