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
# Versions tested together with torch 2.13.0 and TensorFlow 2.21 (none of them pulls in torch).
EXTRA_PINS := scikit-learn==1.9.1 onnx==1.23.2 onnxruntime==1.32.0 onnxscript==0.7.2 \
	tf2onnx==1.17.0 ai-edge-litert==2.3.0 executorch==1.5.1 pillow==13.0.0
# Debian libraries Qt needs: offscreen, then a real X11 window (and Xvfb for headless looks).
QT_DEBS := libgl1 libegl1 libglib2.0-0 libfontconfig1 libfreetype6 libxkbcommon0 libdbus-1-3 \
	libx11-xcb1 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 \
	libxcb-randr0 libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-shm0 libxcb-sync1 \
	libxcb-util1 libxcb-xfixes0 libxcb-xkb1 xvfb xauth
# Headless Chromium renders the HTML report in its test.
TEST_DEBS := chromium

# The standalone GUI bundle (PyInstaller): no torch, TensorFlow or keras inside.
BUNDLE := dist/fwprof
BUNDLE_STAMP := $(VENV)/.fwprof-bundle-tools
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)
BUNDLE_TARBALL := dist/fwprof-$(VERSION)-linux-$(shell uname -m).tar.gz

.PHONY: setup sysdeps run test lint pytest bench clean package install-desktop

setup: $(STAMP)

$(STAMP): pyproject.toml Makefile
	@$(MAKE) --no-print-directory sysdeps
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=25.1"  # 25.1: --group (PEP 735 dependency groups)
	$(PY) -m pip install --quiet $(FRAMEWORK_PACKAGES)
	$(PY) -m pip install --quiet -e ".[gui,api,converge,deploy,pipeline]" --group dev $(EXTRA_PINS)
	touch $(STAMP)

sysdeps:
	@missing=$$(for p in $(QT_DEBS) $(TEST_DEBS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null \
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
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ] && [ -f ui/app/start.py ]; then \
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
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -q --durations=10

test: lint pytest

bench: setup
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache build dist *.egg-info

# sdist + wheel (dist/), then the standalone bundle (dist/fwprof/fwprof) and its tarball.
package: setup $(BUNDLE_STAMP)
	rm -rf $(BUNDLE) build/pyinstaller
	$(PY) -m build --no-isolation --outdir dist . >/dev/null
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/fwprof.spec
	$(PY) packaging/bundle_report.py $(BUNDLE)
	tar -C dist -czf $(BUNDLE_TARBALL) fwprof
	@echo "fwprof: built $(BUNDLE)/fwprof, $(BUNDLE_TARBALL) and the wheel and sdist in dist/"

$(BUNDLE_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e ".[gui,bundle]" --group dev
	touch $(BUNDLE_STAMP)

# The menu entry, icons and the .fwprof file type (application/x-fwprof: double-click opens
# a snapshot) for this user (~/.local/share); Exec is the bundle if built,
# else this checkout's fwprof-gui (DESKTOP_EXEC=... to choose).
install-desktop: setup
	@command -v desktop-file-validate >/dev/null || [ "$$(id -u)" != 0 ] \
		|| ! command -v apt-get >/dev/null || DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends desktop-file-utils >/dev/null || true
	@if [ -n "$(DESKTOP_EXEC)" ]; then cmd="$(DESKTOP_EXEC)"; \
	elif [ -x $(BUNDLE)/fwprof ]; then cmd="$(CURDIR)/$(BUNDLE)/fwprof"; \
	else cmd="$(CURDIR)/$(VENV)/bin/fwprof-gui"; fi; \
	$(PY) -m ui.app.desktop_entry --exec "$$cmd"
