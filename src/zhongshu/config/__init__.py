"""Configuration of 中枢: settings, URLs, WSGI and the Celery app, apart from the code."""
