# 中枢: the two commands of the README (`make demo`, `make test`) and the steps they need.
# Every step is idempotent: running a target twice does no work the second time that the first
# already did, and keeps the data.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ZS := $(BIN)/zhongshu
STAMP := $(VENV)/.installed
# Debian packages: CJK fonts (architecture.md), Chromium for browser tests, poppler (pdftoppm),
# LibreOffice Writer for the .docx → PDF comparison. python3-venv for the virtualenv; npm only
# when no npm is on the PATH (a NodeSource or nvm install is used as it is). Each font step also
# installs fontconfig aliases from the official font names to those fonts (LibreOffice, .docx).
BASE_PKGS := python3-venv $(if $(shell command -v npm),,npm)
FONT_PKGS := fonts-arphic-uming fonts-arphic-ukai fonts-wqy-zenhei fonts-cwtex-fs fonts-lxgw-wenkai
TEST_PKGS := chromium poppler-utils libreoffice-writer-nogui
# pytest-xdist workers for `make test` (the machines have 2 cores); 0 runs in one process.
PYTEST_WORKERS ?= 2
PYTEST_ARGS ?=
PYTEST_XDIST := $(if $(filter 0,$(PYTEST_WORKERS)),,-n $(PYTEST_WORKERS) --dist loadfile)

.PHONY: demo test install sysdeps-demo sysdeps-fonts sysdeps-test assets screenshot lint format clean-db help

help:
	@echo "make demo        install, migrate, load the demo city and serve on http://127.0.0.1:8000"
	@echo "make test        the whole suite (unit, integration, browser); PYTEST_WORKERS=0 for one process"
	@echo "make screenshot  refresh docs/screenshot.png from a fresh demo city"
	@echo "make clean-db    delete the embedded SQLite database (the next make demo starts afresh)"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || { $(PYTHON) -m venv $(VENV) && $(BIN)/pip install --quiet --upgrade pip; }
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) assets

node_modules/.package-lock.json: package.json
	@command -v npm >/dev/null || { echo "npm is needed for the front-end assets: apt-get install npm (Debian) or install Node.js 20+"; exit 1; }
	npm install --no-audit --no-fund --silent
	@touch $@

assets: node_modules/.package-lock.json

sysdeps-demo:
	@bash scripts/sysdeps.sh $(BASE_PKGS) $(FONT_PKGS)
	@bash scripts/fontconfig-aliases.sh

sysdeps-fonts:
	@bash scripts/sysdeps.sh $(FONT_PKGS)
	@bash scripts/fontconfig-aliases.sh

sysdeps-test:
	@bash scripts/sysdeps.sh $(BASE_PKGS) $(FONT_PKGS) $(TEST_PKGS)
	@bash scripts/fontconfig-aliases.sh

demo: sysdeps-demo install
	$(ZS) demo

test: sysdeps-test install
	$(BIN)/pytest $(PYTEST_XDIST) $(PYTEST_ARGS)

screenshot: sysdeps-test install
	$(BIN)/python -m zhongshu.demo.screenshot docs/screenshot.png

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: $(STAMP)
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

clean-db:
	rm -f var/zhongshu.sqlite3 var/zhongshu.sqlite3-wal var/zhongshu.sqlite3-shm

# --- Benchmarks (bench/README.md) -----------------------------------------------------------------
# A generated city in its own database (never var/zhongshu.sqlite3), then the scripted runs.
# `make bench` uses SQLite in $TMPDIR/zhongshu-bench; `make bench DATABASE_URL=postgres://…/zhongshu_bench`
# uses PostgreSQL (the database name must contain "bench": the generator drops and recreates it).
BENCH_SCALE ?= small
BENCH_REPEAT ?= 20
BENCH_DB := $(if $(DATABASE_URL),--database-url '$(DATABASE_URL)',--database-url '')

.PHONY: bench
bench: $(STAMP)
	$(BIN)/python bench/generate.py --scale $(BENCH_SCALE) $(BENCH_DB)
	$(BIN)/python bench/run.py --repeat $(BENCH_REPEAT) $(BENCH_DB)
