# The two commands of the README: `make run` and `make test`.
PY := .venv/bin/python
export QT_API := pyside6

.PHONY: setup run test lint bench bench-postgres screenshot pg-test

setup:
	@bash .ci/setup

run: setup
	$(PY) -m viewer $(ARGS)

test: setup
	@bash .ci/test-tools
	bash .ci/with-postgres $(PY) -m pytest -q -p no:cacheprovider $(PYTEST_ARGS)

lint: setup
	$(PY) -m ruff check viewer tests bench

bench: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m bench $(ARGS)

# The same, plus the rows on a throw-away PostgreSQL server beside SQLite's.
bench-postgres: setup
	QT_QPA_PLATFORM=offscreen bash .ci/with-postgres $(PY) -m bench $(ARGS)

screenshot: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m viewer screenshot resources/screenshots/main.png --size 1600x900
