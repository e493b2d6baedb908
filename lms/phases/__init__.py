"""Phases of Latsar blended learning and the gating between them."""
