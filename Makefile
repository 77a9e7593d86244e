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

.PHONY: help venv test test-slow reproduce synth fetch bench dream clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 16

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

venv: $(STAMP)  ## create .venv and install the dependencies

test: $(STAMP)  ## the test suite (fast and behavioural tiers; no slow tier)
	$(PY) -m pytest -m "not slow" -q

test-slow: $(STAMP)  ## the slow tier only
	$(PY) -m pytest -m "slow" -q

synth: $(STAMP)  ## write the synthetic VGG16 (both layouts) to weights/
	$(PY) -m weights synth --seed $(SEED)

fetch: $(STAMP)  ## download the real VGG16 weights (needs network) and derive Baraldi's layout
	$(PY) -m weights fetch

reproduce: $(STAMP)  ## every figure of the blog, legacy and modern, and out/REPORT.md (WEIGHTS=auto|imagenet|trained|synthetic)
	$(PY) -m reproduce --weights $(WEIGHTS) --seed $(SEED) $(if $(QUICK),--quick,)

BENCH_STAMP := $(VENV)/.bench-installed
$(BENCH_STAMP): requirements-bench.txt $(STAMP)
	$(PY) -m pip install --quiet -r requirements-bench.txt
	touch $@

bench: $(BENCH_STAMP)  ## speed of both pipelines and tf-keras-vis, scaling, 200-filter grid: a table, also out/bench.md
	$(PY) -m bench $(BENCH_ARGS)

dream: $(STAMP)  ## 3-octave deep dream of the 512x512 cat at block4_conv3, timed (out/modern/; weights: the policy, as reproduce)
	$(PY) -m modern.dream deep --layer conv4_3 --size 512 --octaves 3 --seed $(SEED)

clean:  ## remove outputs (keeps .venv and weight files)
	rm -rf out .pytest_cache
