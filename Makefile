# Two commands do all set-up on a fresh machine:
#   make demo   install everything into .venv/ and run the main job on the sample reports in raw/
#   make test   install everything into .venv/ and run the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test test-all lint schema benchmarks clean

# torch is pinned to the local CPU wheel through constraints.txt (any other torch request pulls
# gigabytes of CUDA packages); the same file pins Prefect's known-good fastapi/SQLAlchemy.
$(STAMP): pyproject.toml constraints.txt scripts/system-deps.sh
	bash scripts/system-deps.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	PIP_CONSTRAINT=constraints.txt $(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/taqrir run raw

test: install
	$(BIN)/pytest -q

lint: install
	$(BIN)/ruff check pipeline extractors flows taqrir_cli.py tests benchmarks
	$(BIN)/mypy

schema: install
	$(BIN)/taqrir schema --out docs/schema.json

benchmarks: install
	$(BIN)/python -m benchmarks.accuracy
	$(BIN)/python -m benchmarks.records
	$(BIN)/python -m benchmarks.pdf_fidelity

clean:
	rm -rf $(VENV) .prefect processed/*.jsonl processed/*.csv processed/*.db*
