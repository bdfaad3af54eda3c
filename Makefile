# Technocracy KG. `make serve` and `make test` do all set-up on a fresh machine, each only
# what it needs: serving the package's runtime dependencies, Java (HermiT), Graphviz and
# jemalloc; testing all of that plus the test extra, Virtuoso, the Node.js clients of our
# exports (the Argdown CLI, citeproc-js, Cytoscape.js, graphology, mermaid-cli) and Chromium.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Two stamps: what serving needs (`pip install -e .`) and what testing needs (`-e '.[test]'`,
# which includes the former, so it renews both). Each is redone when pyproject.toml changes.
SERVE_STAMP := $(VENV)/.installed-serve
TEST_STAMP := $(VENV)/.installed-test

.PHONY: setup setup-serve setup-test serve test test-fast lint format build bench clean \
	java hermit-archive browser graphviz argdown node-tools web-assets arguebuf virtuoso poppler \
	jemalloc

# The set-up of each command; `make setup` is all of it (the test set-up).
setup-serve: $(SERVE_STAMP) java hermit-archive graphviz jemalloc web-assets
setup-test: $(TEST_STAMP) java hermit-archive graphviz jemalloc web-assets node-tools arguebuf virtuoso poppler browser
setup: setup-test

# The venv's own pip (the one Python bundles) installs the project: upgrading it first cost a
# fresh clone's `make serve` 7 s and changed nothing it installs.
$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(SERVE_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(TEST_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@ $(SERVE_STAMP)

# HermiT needs a Java runtime; install Debian's headless JRE when `java` is missing.
java:
	@command -v java >/dev/null 2>&1 || { \
	  echo "java not found: installing a headless JRE (Debian default-jre-headless)"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq default-jre-headless >/dev/null; \
	}

# HermiT's JVM maps a class-data archive of its classes (kg/owl/jvm.py), made once per
# owlready2 in ~/.cache/tkg/hermit (TKG_JVM_CACHE), outside the repository; without it
# (or without Java) HermiT runs on plain java.
hermit-archive: $(SERVE_STAMP) java
	@$(BIN)/python -m kg.owl.jvm

# The query workers run with jemalloc (TKG_QUERY_ALLOCATOR; large queries run 8-35% faster):
# install Debian's libjemalloc2 when the library is missing.
jemalloc: | graphviz
	@ldconfig -p 2>/dev/null | grep -q 'libjemalloc\.so\.2' || { \
	  echo "libjemalloc.so.2 not found: installing Debian's libjemalloc2"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libjemalloc2 >/dev/null; \
	}

# Argument maps are drawn by Graphviz: install Debian's graphviz when `dot` is missing.
graphviz: | java
	@command -v dot >/dev/null 2>&1 || { \
	  echo "dot not found: installing Debian's graphviz"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq graphviz >/dev/null; \
	}

# The real clients of our exports run in Node.js, installed from the npm registry into .tools/
# when Node.js is present (pinned exactly; tests needing them skip only when Node.js is absent):
# the reference Argdown CLI (Argdown exports, test marked `argdown`), citeproc-js (reference
# lists, against citeproc-py), Cytoscape.js, graphology with graphology-gexf (literature maps)
# and mermaid-cli (Mermaid argument maps; it drives Debian's Chromium, never downloads one);
# axe-core, which the page tests run in Chromium to check accessibility (tests/api/axe_support.py).
NODE_TOOLS := @argdown/cli@1.7.5 citeproc@2.4.63 cytoscape@3.35.0 graphology@0.26.0 \
	graphology-gexf@0.13.2 @mermaid-js/mermaid-cli@12.2.0 axe-core@4.14.1
NODE_STAMP := .tools/.installed
argdown: node-tools
node-tools:
	@if command -v npm >/dev/null 2>&1 && [ "$$(cat $(NODE_STAMP) 2>/dev/null)" != "$(NODE_TOOLS)" ]; then \
	  echo "installing $(NODE_TOOLS) into .tools/"; \
	  mkdir -p .tools && PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix .tools --no-audit --no-fund \
	    --silent --save-exact $(NODE_TOOLS) && echo "$(NODE_TOOLS)" > $(NODE_STAMP); \
	fi

# The pages' browser code, served by the app itself from api/static/vendor/ (gitignored; the
# wheel carries it as a hatch artifact): YASGUI, the SPARQL editor of /sparql, and Swagger UI,
# the API documentation of /docs; sigma.js with graphology, the literature-map viewer of
# /litmaps/{kind} (WebGL; also inlined into `tkg litmap --format html` files), and the
# ForceAtlas2 worker that lays out large maps in the browser. From the npm registry, pinned
# exactly (licences in docs/third-party.md), into .tools/web/ with install scripts off (swagger-ui-dist's @scarf/scarf
# would report the install over the network); only the built files are copied.
WEB_PACKAGES := @zazuko/yasgui@4.6.2 swagger-ui-dist@5.36.0 sigma@3.0.3 graphology@0.26.0 \
	graphology-layout-forceatlas2@0.10.1
# svg-pan-zoom: zoom and pan on the argument explorer's map (/argmaps/{id}).
WEB_PACKAGES += svg-pan-zoom@3.6.2
WEB_MODULES := .tools/web/node_modules
VENDOR := api/static/vendor
web-assets: | jemalloc
	@if [ "$$(cat $(VENDOR)/.installed 2>/dev/null)" != "$(WEB_PACKAGES)" ]; then \
	  command -v npm >/dev/null 2>&1 || { \
	    echo "npm not found: installing Debian's npm"; \
	    if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	    $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq npm >/dev/null; \
	  }; \
	  echo "installing $(WEB_PACKAGES) into $(VENDOR)/"; \
	  mkdir -p .tools/web && npm install --prefix .tools/web --no-audit --no-fund --silent \
	    --ignore-scripts --save-exact $(WEB_PACKAGES) && \
	  rm -rf $(VENDOR) && mkdir -p $(VENDOR)/yasgui $(VENDOR)/swagger-ui $(VENDOR)/sigma $(VENDOR)/graphology \
	    $(VENDOR)/forceatlas2 && \
	  cp $(WEB_MODULES)/@zazuko/yasgui/build/yasgui.min.js $(WEB_MODULES)/@zazuko/yasgui/build/yasgui.min.css \
	    $(WEB_MODULES)/@zazuko/yasgui/package.json $(VENDOR)/yasgui/ && \
	  cp $(addprefix $(WEB_MODULES)/swagger-ui-dist/,swagger-ui-bundle.js swagger-ui.css \
	    favicon-32x32.png LICENSE NOTICE) $(VENDOR)/swagger-ui/ && \
	  mkdir -p $(VENDOR)/svg-pan-zoom && cp $(WEB_MODULES)/svg-pan-zoom/dist/svg-pan-zoom.min.js \
	    $(WEB_MODULES)/svg-pan-zoom/LICENSE $(VENDOR)/svg-pan-zoom/ && \
	  cp $(WEB_MODULES)/sigma/dist/sigma.min.js $(WEB_MODULES)/sigma/LICENSE.txt $(VENDOR)/sigma/ && \
	  cp $(WEB_MODULES)/graphology/dist/graphology.umd.min.js $(WEB_MODULES)/graphology/LICENSE.txt \
	    $(VENDOR)/graphology/ && \
	  cp $(WEB_MODULES)/graphology-layout-forceatlas2/webworker.js \
	    $(WEB_MODULES)/graphology-layout-forceatlas2/LICENSE.txt $(VENDOR)/forceatlas2/ && \
	  echo "$(WEB_PACKAGES)" > $(VENDOR)/.installed; \
	fi

# arguebuf loads our AIF JSON in a test. It pins lxml<6 (the project runs lxml 6), so it lives
# in an environment of its own in .tools/arguebuf, which the test runs as a separate process.
ARGUEBUF := .tools/arguebuf/bin/python
arguebuf:
	@if [ "$$($(ARGUEBUF) -c 'import importlib.metadata as m; print(m.version("arguebuf"))' 2>/dev/null)" != 2.7.2 ]; then \
	  echo "installing arguebuf 2.7.2 into .tools/arguebuf"; \
	  $(PYTHON) -m venv .tools/arguebuf && $(ARGUEBUF) -m pip install --quiet 'arguebuf==2.7.2'; \
	fi

# Page tests drive a real browser: Debian's Chromium through Playwright (no browser download).
browser:
	@test -x /usr/bin/chromium || { \
	  echo "chromium not found: installing Debian's chromium for the page tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	}

# The RemoteStore tests run a real Virtuoso: install Debian's when `virtuoso-t` is missing
# (the tests start their own, with a temporary virtuoso.ini; no service is enabled).
# pdftotext (Debian's poppler-utils) makes the text users make of a PDF before ingesting it:
# the EXCITE tests read the 60 papers so too (tests/ingest/test_excite_pdftotext.py).
poppler: | virtuoso
	@command -v pdftotext >/dev/null 2>&1 || { \
	  echo "pdftotext not found: installing Debian's poppler-utils"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends poppler-utils >/dev/null; \
	}

virtuoso:
	@command -v virtuoso-t >/dev/null 2>&1 || { \
	  echo "virtuoso-t not found: installing Debian virtuoso-opensource"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends virtuoso-opensource >/dev/null; \
	}

# Serves the built graph on the embedded store (building it first, with HermiT, when empty).
# Its set-up steps run side by side (pip's install beside npm's, which took 17 s of a fresh
# clone's `make serve` one after the other); those that may call apt-get run in turn
# (order-only prerequisites: graphviz after java, jemalloc after graphviz, web-assets after
# jemalloc), as dpkg takes one at a time.
serve:
	@$(MAKE) --no-print-directory -j4 setup-serve
	$(BIN)/tkg serve

build: $(SERVE_STAMP) java hermit-archive
	$(BIN)/tkg build

test: setup-test
	$(BIN)/python -m pytest

# The tests not marked slow (no HermiT run, live servers, browser or wheel build).
test-fast: setup-test
	$(BIN)/python -m pytest -m "not slow"

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(TEST_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: setup-test
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m bench

clean:
	rm -rf .tkg build dist *.egg-info .pytest_cache
