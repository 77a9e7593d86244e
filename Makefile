# Every target sets itself up: a virtual environment in .venv with requirements.txt installed.
# `make help` lists the targets.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
WEIGHTS ?= auto
SEED ?= 0
QUICK ?=

export TF_CPP_MIN_LOG_LEVEL := 2
export KERAS_BACKEND := tensorflow
export PYTHONPATH := $(CURDIR)

.PHONY: help venv venv-2016 lint test test-slow reproduce synth fetch bench dream clean atlas atlas-bench atlas-twonode

help:  ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 16

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

venv: $(STAMP)  ## create .venv and install the dependencies

# The 2016 stack (Python 3.8/3.9, Keras 1.2.2, Theano 1.0.5) for tests/legacy2016, which runs the
# blog's own program. The old Python is looked for in PYTHON_2016, then in pyenv's versions, then
# as python3.8 / python3.9 on PATH; where none runs, the target says so and the tier is skipped.
# Keras 1 reads its backend from $$HOME/.keras/keras.json: the tier gives it the private HOME
# below; Theano's compile cache lives in $(VENV_2016)/theano (kept, so later runs skip compiling).
PYTHON_2016 ?=
VENV_2016 := .venv-2016
STAMP_2016 := $(VENV_2016)/.installed
KERAS_JSON_2016 := $(VENV_2016)/home/.keras/keras.json

$(STAMP_2016): requirements-2016.txt
	@py="$(PYTHON_2016)"; root="$${PYENV_ROOT:-$$(pyenv root 2>/dev/null || echo $$HOME/.pyenv)}"; \
	if [ -n "$$py" ] && ! "$$py" -c 'import sys; assert sys.version_info[:2] in ((3, 8), (3, 9))' 2>/dev/null; then \
	  echo "error: PYTHON_2016=$$py: expected a Python 3.8 or 3.9 that runs (numpy 1.19.5 has no wheels for newer ones); unset it to search pyenv and PATH"; \
	  exit 2; \
	fi; \
	if [ -z "$$py" ]; then \
	  for c in $$(ls -d "$$root"/versions/3.8.*/bin/python3.8 "$$root"/versions/3.9.*/bin/python3.9 2>/dev/null) python3.8 python3.9; do \
	    if "$$c" -c 'import sys; assert sys.version_info[:2] in ((3, 8), (3, 9))' 2>/dev/null; then py="$$c"; break; fi; \
	  done; \
	fi; \
	if [ -z "$$py" ]; then \
	  echo "venv-2016: no Python 3.8/3.9 found (set PYTHON_2016=/path/to/python3.8, or install one with pyenv); the 2016 tier will be skipped"; \
	  exit 0; \
	fi; \
	set -e; echo "venv-2016: $$py"; \
	test -x $(VENV_2016)/bin/python || "$$py" -m venv $(VENV_2016); \
	$(VENV_2016)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-2016.txt; \
	mkdir -p $(dir $(KERAS_JSON_2016)); \
	echo '{"backend": "theano", "image_dim_ordering": "th", "floatx": "float32", "epsilon": 1e-07}' > $(KERAS_JSON_2016); \
	touch $@

venv-2016: $(STAMP_2016)  ## the 2016 stack (Keras 1.2.2 on Theano, Python 3.8) in .venv-2016, for tests/legacy2016

lint: $(STAMP)  ## ruff over the repository (style, imports, complexity <= 10; pyproject.toml), xenon (no function over radon's C)
	$(PY) -m ruff check .
	$(PY) -m xenon --max-absolute C --exclude "tests/*,.venv/*,.venv-2016/*" .

# The atlas's extra: Ray and selenium (requirements-atlas.txt, ~10 s), and, as root where Debian's
# apt-get is and chromium is not, chromium + chromium-driver for the atlas's browser test (~1.5 min
# once; elsewhere that test skips and says why). `make test` needs it: tests/atlas runs on Ray.
# (Defined before `test`: make expands a rule's prerequisites as it reads the rule.)
ATLAS_STAMP := $(VENV)/.atlas-installed

# The suite runs on TEST_WORKERS pytest-xdist workers, whole files per worker (--dist loadfile,
# some files joined by tests/conftest.py: a module's fixtures are built once, in one process);
# tests/conftest.py writes the weight files once for all of them. TEST_WORKERS=0 runs everything
# in this one process.
TEST_WORKERS ?= 2
PYTEST := $(PY) -m pytest -q -n $(TEST_WORKERS) --dist loadfile

test: $(STAMP) $(STAMP_2016) $(ATLAS_STAMP)  ## lint, then the test suite (fast and behavioural tiers; no slow tier)
	$(MAKE) --no-print-directory lint
	$(PYTEST) -m "not slow"

# The slow tier's longest file (float64 through XLA, ~6 min with two threads) runs alone on one
# worker for most of the tier: every worker gets all the cores' threads (tests/conftest.py would
# give each its share), which halves that file's time at the cost of a short oversubscription.
test-slow: $(STAMP) $(STAMP_2016) $(ATLAS_STAMP)  ## the slow tier only (CI runs it after `make test`)
	TF_NUM_INTRAOP_THREADS=$$(nproc) $(PYTEST) -m "slow"

synth: $(STAMP)  ## write the synthetic VGG16 (both layouts) to weights/
	$(PY) -m weights synth --seed $(SEED)

fetch: $(STAMP)  ## download the real VGG16 weights (needs network) and derive Baraldi's layout
	$(PY) -m weights fetch

ATLAS_OUT ?=
reproduce: $(STAMP)  ## every figure of the blog, legacy and modern, and out/REPORT.md (WEIGHTS=auto|imagenet|trained|synthetic; ATLAS_OUT=the atlas folder its claims read, default out/atlas)
	$(PY) -m reproduce --weights $(WEIGHTS) --seed $(SEED) $(if $(QUICK),--quick,) $(if $(ATLAS_OUT),--atlas $(ATLAS_OUT),)

BENCH_STAMP := $(VENV)/.bench-installed
$(BENCH_STAMP): requirements-bench.txt requirements-bench-nodeps.txt $(STAMP)
	$(PY) -m pip install --quiet -r requirements-bench.txt
	$(PY) -m pip install --quiet --no-deps -r requirements-bench-nodeps.txt
	touch $@

bench: $(BENCH_STAMP)  ## speed of both pipelines, tf-keras-vis, scaling, 200-filter grid, fourier vs lucent: a table, also out/bench.md
	$(PY) -m bench $(BENCH_ARGS)

dream: $(STAMP)  ## 3-octave deep dream of the 512x512 cat at block4_conv3, timed (out/modern/; weights: the policy, as reproduce)
	$(PY) -m extras dream deep --layer conv4_3 --size 512 --octaves 3 --seed $(SEED)

$(ATLAS_STAMP): requirements-atlas.txt $(STAMP)
	$(PY) -m pip install --quiet -r requirements-atlas.txt
	@if ! command -v chromedriver >/dev/null && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "atlas: installing Debian's chromium and chromium-driver for the browser test (~1.5 min, once)"; \
	  apt-get install -y -q chromium chromium-driver >/dev/null 2>&1 || \
	  { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium chromium-driver >/dev/null 2>&1; } || \
	  echo "atlas: chromium could not be installed; the browser test will skip"; \
	fi
	touch $@

ATLAS_ARGS ?=
atlas: $(ATLAS_STAMP)  ## the VGG16 atlas on Ray, out/atlas/index.html (ATLAS_ARGS="--layers conv5_1 --filters 0-63 ..."; python -m atlas --help)
	$(PY) -m atlas --weights $(WEIGHTS) --seed $(SEED) $(ATLAS_ARGS)

atlas-bench: $(ATLAS_STAMP)  ## atlas throughput: engine alone vs Ray with 1 and 2 workers, overhead, whole-atlas estimate
	$(PY) -m atlas.bench --weights $(WEIGHTS) $(ATLAS_BENCH_ARGS)

atlas-twonode: $(ATLAS_STAMP)  ## a two-node Ray cluster simulated here (two `ray start`), a small atlas spread over both
	PY=$(PY) sh atlas/twonode.sh

clean:  ## remove outputs (keeps .venv and weight files)
	rm -rf out .pytest_cache
