# The two commands of the README: `make run` and `make test`. Both set up first (idempotent).
.PHONY: setup run test test-fast train lint

setup:
	@bash scripts/setup.sh

run: setup
	.venv/bin/python -m assistant run

# Action tests run in the Rasa runtime (pydantic 1), everything else in .venv.
test: setup
	.venv-rasa/bin/python -m pytest -q -p no:cacheprovider tests/actions
	.venv/bin/python -m pytest -q --ignore=tests/actions

test-fast: setup
	.venv/bin/python -m pytest -q --ignore=tests/actions -m "not e2e"

train: setup
	.venv/bin/python -m assistant train

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
