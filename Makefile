# fwprof developer commands. `make run` and `make test` set everything up on first use.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.fwprof-installed
# CPU builds unless an NVIDIA GPU answers (torch==2.13.0 is a CPU wheel where no CUDA is wanted).
HAS_GPU := $(shell nvidia-smi -L >/dev/null 2>&1 && echo 1)
ifeq ($(HAS_GPU),1)
FRAMEWORK_PACKAGES := torch "tensorflow[and-cuda]"
else
FRAMEWORK_PACKAGES := torch==2.13.0 tensorflow-cpu
endif
# Debian libraries Qt needs: offscreen, then a real X11 window (and Xvfb for headless looks).
QT_DEBS := libgl1 libegl1 libglib2.0-0 libfontconfig1 libfreetype6 libxkbcommon0 libdbus-1-3 \
	libx11-xcb1 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 \
	libxcb-randr0 libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-shm0 libxcb-sync1 \
	libxcb-util1 libxcb-xfixes0 libxcb-xkb1 xvfb xauth

.PHONY: setup sysdeps run test lint pytest bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml Makefile
	@$(MAKE) --no-print-directory sysdeps
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet $(FRAMEWORK_PACKAGES)
	$(PY) -m pip install --quiet -e ".[gui,dev]"
	touch $(STAMP)

sysdeps:
	@missing=$$(for p in $(QT_DEBS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null \
		| grep -q 'install ok installed' || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null; then \
		echo "fwprof: not Debian/Ubuntu; install Qt's system libraries yourself: $$missing"; exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then SUDO=; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; \
	else echo "fwprof: please run: sudo apt-get install $$missing"; exit 0; fi; \
	echo "fwprof: installing Debian packages: $$missing"; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
		--no-install-recommends $$missing >/dev/null

run: setup
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ] && [ -f ui/app.py ]; then \
		$(VENV)/bin/fwprof gui; \
	else \
		echo "fwprof: no display: running the default comparison headless"; \
		$(VENV)/bin/fwprof run; \
	fi

lint: setup
	$(VENV)/bin/ruff check fwprof ui tests bench
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

pytest: setup
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -q

test: lint pytest

bench: setup
	$(PY) bench/harness_overhead.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache build dist *.egg-info
