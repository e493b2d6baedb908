"""The habituation log (placeholder on the report branch: the logbook branch supplies the real package at merge)."""
