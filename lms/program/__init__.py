"""The Latsar program as configuration (content/program.yaml): phases, final-score components, bands, pass rule."""
