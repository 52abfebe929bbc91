"""Serve exactly the front-end files pages use from ``node_modules`` (installed by npm, never
committed) under ``static/vendor/``.

A finder over whole ``dist`` folders would hand WhiteNoise and ``collectstatic`` about a
thousand files and 70 MB (Tabler's and ECharts' builds in every flavour); WhiteNoise scans them
each time a WSGI handler starts, which made every test client cost seconds. The list below is
the one place that says which vendor files the product ships.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Warning as CheckWarning
from django.core.files.storage import FileSystemStorage

# url prefix under STATIC_URL → (package folder under node_modules, files used by the pages)
VENDOR_FILES: dict[str, tuple[str, tuple[str, ...]]] = {
    "vendor/htmx": ("htmx.org/dist", ("htmx.min.js",)),
    "vendor/tabler": ("@tabler/core/dist", ("css/tabler.min.css", "js/tabler.min.js")),
    "vendor/echarts": ("echarts/dist", ("echarts.min.js",)),
}


class VendorFinder(BaseFinder):
    """A static-files finder for the files named in ``VENDOR_FILES``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        root = Path(settings.NODE_MODULES)
        self.storages: dict[str, tuple[FileSystemStorage, tuple[str, ...]]] = {}
        for prefix, (folder, files) in VENDOR_FILES.items():
            storage = FileSystemStorage(location=root / folder)
            storage.prefix = prefix
            self.storages[prefix] = (storage, files)

    def check(self, **kwargs):
        missing = [
            f"{prefix}/{name}"
            for prefix, (storage, files) in self.storages.items()
            for name in files
            if not storage.exists(name)
        ]
        if not missing:
            return []
        return [
            CheckWarning(
                f"前端资源缺失（请运行 make install 或 npm install）：{', '.join(missing)}",
                id="zhongshu.W001",
            )
        ]

    def find(self, path, find_all=False, **kwargs):
        find_all = find_all or kwargs.get("all", False)
        matches = []
        for prefix, (storage, files) in self.storages.items():
            if not path.startswith(prefix + "/"):
                continue
            name = path[len(prefix) + 1 :]
            if name in files and storage.exists(name):
                full = storage.path(name)
                if not find_all:
                    return full
                matches.append(full)
        return matches if find_all else None

    def list(self, ignore_patterns):
        for storage, files in self.storages.values():
            for name in files:
                if storage.exists(name):
                    yield name, storage
