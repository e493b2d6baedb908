"""Kelulusan: the recap of every component per participant, the final result, its ratification and sealing, and the
two-person corrections of a sealed result."""
