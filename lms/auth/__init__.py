"""Accounts: login, logout, passwords, roles and access checks."""
