"""Administration: users, roles and phase settings."""
