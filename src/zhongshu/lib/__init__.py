"""Helpers shared by the apps: errors, abstract model bases (no tables of their own)."""
