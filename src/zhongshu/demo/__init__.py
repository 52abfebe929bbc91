"""The demo city 江淮市: its organs, people and a first day's work, and the service that loads it.

A plain package (not a Django app: it has no models). ``zhongshu seed-demo`` and ``zhongshu demo``
call :func:`zhongshu.demo.services.demo_seed`; the browser tests load the same city, so what a
visitor sees in the demo is what the tests drive.
"""
