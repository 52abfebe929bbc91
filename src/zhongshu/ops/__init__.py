"""Operations: ``zhongshu backup`` and ``zhongshu restore`` (no models).

A backup is one directory or ``.tar`` holding ``manifest.json``, the database (a ``pg_dump
-Fc`` archive or an SQLite copy made with the backup API) and every stored file of the data
directory; the manifest names the SHA-256 of each. A restore refuses a backup that does not
match its manifest, refuses to overwrite a database holding data unless forced, and after
restoring walks the audit chain and checks every stored file against its recorded digest.
See docs/operations.md §5.
"""
