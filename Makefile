# The two commands of the README: `make run` and `make test`. The rest builds what a
# user installs: `make wheel`, `make wheelhouse`, `make bundle`, `make desktop-entry`.
PY := .venv/bin/python
export QT_API := pyside6

VERSION := $(shell sed -n 's/^__version__ = "\(.*\)"/\1/p' viewer/__init__.py)
DIST ?= dist
WHEEL = $(DIST)/desk_viewer-$(VERSION)-py3-none-any.whl
WHEELHOUSE ?= wheelhouse
# For another system's workstations, e.g. PLATFORM=win_amd64 or macosx_11_0_arm64.
PLATFORM ?=
PYTHON_VERSION ?= 3.11

.PHONY: setup run test fuzz lint bench bench-postgres screenshot wheel wheelhouse bundle desktop-entry

setup:
	@bash .ci/setup

run: setup
	$(PY) -m viewer $(ARGS)

test: setup
	@bash .ci/test-tools
	bash .ci/with-postgres $(PY) -m pytest -q -p no:cacheprovider $(PYTEST_ARGS)

# The long fault campaign: FUZZ_INPUTS mutated files over every importer (findings saved
# under tests/fuzz/corpus/), then the Hypothesis harness with many more examples.
FUZZ_INPUTS ?= 32000
fuzz: setup
	$(PY) -m tests.fuzz.campaign --inputs $(FUZZ_INPUTS)
	DESK_VIEWER_FUZZ_EXAMPLES=2000 bash .ci/with-postgres $(PY) -m pytest -q -p no:cacheprovider tests/fuzz

lint: setup
	$(PY) -m ruff check viewer tests bench

bench: setup
	$(PY) -m pip install -q -e '.[bench]'
	QT_QPA_PLATFORM=offscreen $(PY) -m bench $(ARGS)

# The same, plus the rows on a throw-away PostgreSQL server beside SQLite's.
bench-postgres: setup
	QT_QPA_PLATFORM=offscreen bash .ci/with-postgres $(PY) -m bench $(ARGS)

screenshot: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m viewer screenshot resources/screenshots/main.png --size 1600x900

# The wheel, built afresh: setuptools would add files listed by an earlier build's
# egg-info, and the bundle would take that egg-info for the installed metadata.
wheel: setup
	rm -rf build/lib build/bdist.* desk_viewer.egg-info
	$(PY) -m pip wheel --no-deps --wheel-dir $(DIST) .
	rm -rf desk_viewer.egg-info

# The wheel and every dependency's wheel in one folder, for workstations with no
# network: pip install --no-index --find-links WHEELHOUSE 'desk-viewer[postgres]'
wheelhouse: wheel
ifeq ($(PLATFORM),)
	$(PY) -m pip wheel --wheel-dir $(WHEELHOUSE) '$(WHEEL)[postgres]'
else
	$(PY) -m pip download --only-binary=:all: --platform $(PLATFORM) \
	    --python-version $(PYTHON_VERSION) --dest $(WHEELHOUSE) '$(WHEEL)[postgres]'
endif

# The one-folder desktop bundle, $(DIST)/desk-viewer (packaging/desk-viewer.spec).
bundle: setup
	rm -rf desk_viewer.egg-info
	$(PY) -m PyInstaller --noconfirm --clean --log-level WARN --distpath $(DIST) \
	    --workpath build/bundle packaging/desk-viewer.spec

# A menu entry and icon for this checkout's GUI in the user's XDG folders (no root);
# EXEC=/path/to/desk-viewer for a bundle or another install.
EXEC ?= $(CURDIR)/.venv/bin/desk-viewer
desktop-entry: setup
	bash packaging/install-desktop-entry "$(EXEC)"
