"""Views of the organs app, split by who uses them (system admin, security admin, business)."""
