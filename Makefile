# Two commands do all the set-up on a fresh Debian machine:
#   make run    creates .venv, installs the console and starts it on the training lab
#   make test   creates .venv, installs the test dependencies and runs the whole suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TS := $(wildcard resources/translations/*.ts)
QM := $(TS:.ts=.qm)
DATA_DIR ?=

.PHONY: run test lint-imports translations system-deps clean bench update-translations

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

resources/translations/%.qm: resources/translations/%.ts $(STAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

translations: $(QM)

# Extract new tr() strings from the code and the Designer forms into the .ts files.
update-translations: $(STAMP)
	$(BIN)/pyside6-lupdate -no-obsolete -locations none $$(find etc_console/gui -name '*.py') $$(find ui -name '*.ui') -ts $(TS)

system-deps:
	scripts/install-system-deps.sh $(if $(filter test,$(MAKECMDGOALS)),test,run)

run: system-deps $(STAMP) translations
	$(BIN)/etc-console $(if $(DATA_DIR),--data-dir $(DATA_DIR))

lint-imports: $(STAMP)
	$(BIN)/lint-imports

test: system-deps $(STAMP) translations lint-imports
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -p no:cacheprovider

bench: $(STAMP) translations
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) $(QM) build dist *.egg-info
