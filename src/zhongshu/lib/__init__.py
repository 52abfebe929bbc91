"""Helpers with no models."""
