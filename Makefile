# AR Copilot — the two commands a fresh clone needs: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: demo test lint bench bench-match bench-remittance bench-ask clean

SYSTEM_PACKAGES := tesseract-ocr tesseract-ocr-fra tesseract-ocr-eng dovecot-imapd fonts-dejavu-core chromium
SYSTEM_STAMP    := $(VENV)/.system-$(shell echo $(SYSTEM_PACKAGES) | cksum | cut -d' ' -f1)

$(SYSTEM_STAMP):  ## Debian packages: Tesseract OCR (French, English), Dovecot (the IMAP server the tests start), a TTF font for test scans, Chromium (the browser tests drive it with Playwright)
	dpkg -s $(SYSTEM_PACKAGES) >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES); }
	mkdir -p $(VENV) && rm -f $(VENV)/.system-* && touch $@

$(STAMP): pyproject.toml $(SYSTEM_STAMP)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==2.13.0  # the local CPU wheel, before anything pulls CUDA torch
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@

demo: $(STAMP)  ## install, then build the sample company from nothing and load it
	$(BIN)/arcopilot demo

lint: $(STAMP)  ## ruff and mypy --strict on tools/ and ingest/
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy tools ingest copilot evals prompts

test: lint  ## install, lint, then the whole suite on SQLite and PostgreSQL
	$(BIN)/python -m pytest -n 2 --dist loadfile

bench: $(STAMP)  ## ingest throughput and peak memory (figures for the README)
	$(BIN)/python -m evals.bench_ingest

bench-match: $(STAMP)  ## match 100k payments against 10k/100k/1M invoices (figures for the README)
	$(BIN)/python -m evals.bench_match --db sqlite --db postgresql

bench-remittance: $(STAMP)  ## remittance reading: pages per second for native PDFs and scans, peak memory
	$(BIN)/python -m evals.bench_remittance --output evals/results/remittances.json

bench-ask: $(STAMP)  ## the copilot: seconds per question (rules model) and peak memory
	$(BIN)/python -m evals.bench_ask --output evals/results/ask.json

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
