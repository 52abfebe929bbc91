"""Organs, departments, posts, roles, clearances, delegation and rotation (domain.md §0)."""
