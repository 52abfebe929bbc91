"""Base templates, static assets, navigation and the workbench page."""
