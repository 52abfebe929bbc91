"""The append-only, hash-chained audit trail (等保 8.1.4.3)."""
