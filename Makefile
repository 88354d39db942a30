# Mirsad — every command a developer or CI needs. `make help` lists them.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CORPUS ?= seeds
INDEX ?= index/current
HOST ?= 127.0.0.1
PORT ?= 8000
SHARED ?= ../shared

.PHONY: help install run index update serve status test test-all lint format typecheck check browser clean \
	bench bench-quality bench-speed bench-load eval-facets screenshots lexicon bench-xlang

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(BIN)/.installed: setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed  ## create .venv and install Mirsad with its dev tools

run: index serve  ## set up, index the seeds and serve the web app (the main job)

index: install  ## rebuild the index from $(CORPUS) (default seeds/) into $(INDEX)
	$(BIN)/mirsad index $(CORPUS) --index $(INDEX) || [ $$? -eq 3 ]  # 3 = built, some files skipped (listed)

update: install  ## apply only what changed in $(CORPUS) since the last build (added, changed, removed articles)
	$(BIN)/mirsad index $(CORPUS) --index $(INDEX) --update

serve: install  ## serve the web app and API on http://$(HOST):$(PORT)/
	$(BIN)/mirsad serve --index $(INDEX) --host $(HOST) --port $(PORT)

status: install  ## what the index was built from, and when
	$(BIN)/mirsad status --index $(INDEX)

test: install  ## the test suite (fast tier and browser tests; the slow tier is `make test-all`)
	$(BIN)/python -m pytest

test-all: install  ## every test, the slow tier on ../shared corpora included
	$(BIN)/python -m pytest -m ""

lint: install  ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install  ## apply ruff's formatting and safe fixes
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: install  ## mypy over the library and the web app
	$(BIN)/mypy search web

check: lint typecheck test  ## what CI runs: lint, type check, tests

browser:  ## install Debian's Chromium (and Arabic fonts) for the browser tests; needs root
	command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core; }

screenshots: index  ## search and article pages, Arabic and English, desktop and phone, in build/screenshots
	$(BIN)/python -m web.screenshots --index $(INDEX) --out build/screenshots

eval-facets: install  ## precision/recall of city, agency, wire, year extraction on ../shared/eval gold
	$(BIN)/python bench/eval_facets.py --shared $(SHARED) --json bench/results/facets.json

bench-quality: install  ## ranking quality: XQuAD ar/en, ARCD, news dev set (per-query results in bench/results)
	$(BIN)/python bench/eval_quality.py --shared $(SHARED)

bench-speed: install  ## indexing vs plain Whoosh (Hespress), then index + search at 6k/20k/80k articles (about 1.5 hours)
	$(BIN)/python bench/bench_index.py $(SHARED)/corpus/hespress_stories_partial.jsonl.xz --repeat 3
	$(BIN)/python bench/bench_scale.py --shared $(SHARED) --sizes 6k,20k,80k --repeats 3,3,3

bench-load: install  ## concurrent clients vs the production server while an update runs (Hespress)
	$(BIN)/python bench/bench_load.py --corpus $(SHARED)/corpus/hespress_stories_partial.jsonl.xz

lexicon: install  ## rebuild search/translate/data from FreeDict's Debian packages (apt-get download, GPL-2+)
	rm -rf build/freedict && mkdir -p build/freedict
	cd build/freedict && apt-get download dict-freedict-eng-ara dict-freedict-ara-eng && for f in *.deb; do dpkg-deb -x $$f .; done
	$(BIN)/python -m search.translate.build_lexicon build/freedict

bench-xlang: install  ## cross-language quality: XQuAD en→ar and ar→en, NTREX en→ar, news dev en2ar (per-query in bench/results)
	$(BIN)/python bench/bench_xlang.py --shared $(SHARED)

bench: eval-facets bench-quality bench-xlang bench-speed bench-load  ## every benchmark (minutes; not part of `make check`)

clean:  ## remove the virtual environment and the built index
	rm -rf $(VENV) $(INDEX) build *.egg-info

# --- ingest of web pages, feeds, spreadsheets, web archives and documents (issue 13) ---
.PHONY: eval-ingest

eval-ingest: install  ## web-page ingest vs trafilatura alone on ../shared/eval/html (body P/R/F1, title, date, author)
	$(BIN)/python bench/eval_ingest.py --shared $(SHARED) --json bench/results/ingest.json
.PHONY: fixtures-mixed

fixtures-mixed: install  ## rebuild tests/fixtures/mixed (every input format, ar/en/fr) from ../shared corpora
	$(BIN)/python tests/fixtures/make_mixed.py --shared $(SHARED)
.PHONY: bench-ingest

bench-ingest: install  ## read+clean throughput per input format (mixed fixture, and ../shared/eval/html pages)
	$(BIN)/python bench/bench_ingest.py --shared $(SHARED) --repeat 5

.PHONY: demo-archive eval-french
demo-archive: install  ## rewrite seeds/demo/ (Jawhara FM + NTREX-128 subsets) from $(SHARED)/corpus, by a fixed rule
	$(BIN)/python tools/make_demo.py --shared $(SHARED)

eval-french: install  ## French, English and Arabic title queries on NTREX-128 (each finds its own document?)
	$(BIN)/python bench/eval_french.py --shared $(SHARED)

# --- Arabic lexicon (issue 16) ---------------------------------------------------------------------
.PHONY: lexicon-ar stemmer
LEXICON_DEB_DIR := build/lexicon
LEXICON_CORPORA := hespress_stories_partial ant_v1.1_jawharafm moroccan_news_corpus_sample

lexicon-ar: install  ## rebuild search/analysis/data/arabic_lexicon.json.gz from Debian's hunspell-ar (apt-get download)
	mkdir -p $(LEXICON_DEB_DIR)
	ls $(LEXICON_DEB_DIR)/hunspell-ar_*.deb >/dev/null 2>&1 || { cd $(LEXICON_DEB_DIR) && apt-get download hunspell-ar; }
	$(BIN)/python tools/build_arabic_lexicon.py --deb $$(ls $(LEXICON_DEB_DIR)/hunspell-ar_*.deb | tail -1) \
		$(foreach c,$(LEXICON_CORPORA),--corpus $(SHARED)/corpus/$(c).jsonl.xz)

stemmer: lexicon-ar  ## the same as lexicon-ar: the data the Arabic stemmer consults

.PHONY: gazetteer
gazetteer: install  ## rebuild the GeoNames places and common-word list the gazetteer ships (needs $(SHARED)/corpus)
	$(BIN)/python -m search.extract.build_gazetteer --shared $(SHARED)
.PHONY: bench-stories bench-stories-cost
bench-stories: install  ## same-story pairwise precision/recall and news-dev MRR/nDCG with collapse on/off (builds 16.5k articles once)
	$(BIN)/python bench/eval_stories.py --shared $(SHARED)

bench-stories-cost: install  ## Hespress indexing time with and without story assignment, interleaved
	$(BIN)/python bench/eval_stories.py --shared $(SHARED) --cost --repeat 2

.PHONY: bench-stages bench-update bench-scale-500k bench-story-memory
STORY_MEMORY_CORPORA := hespress_stories_partial ant_v1.1_jawharafm moroccan_news_corpus_sample ant_multisource_v2.1 saudinewsnet
bench-story-memory: install  ## the story assigner's memory and CPU over the 80k corpora (the build parent's state; features cached in build/)
	mkdir -p build
	$(BIN)/python bench/bench_story_memory.py $(STORY_MEMORY_CORPORA:%=$(SHARED)/corpus/%.jsonl.xz) --features build/story-features-80k.pickle

bench-stages: install  ## CPU seconds per indexing stage (read, clean, extract, stories, analyse, write), Hespress
	$(BIN)/python bench/stage_costs.py $(SHARED)/corpus/hespress_stories_partial.jsonl.xz

bench-update: install  ## --update cost: +1,000 articles into INDEX built from CORPUS, then latency after 20 small updates
	$(BIN)/python bench/bench_update.py $(INDEX) $(CORPUS)

bench-scale-500k: install  ## the 500k-article point: 7 copies of the 80k corpora with fresh ids, Mirsad only (about an hour on 2 cores)
	$(BIN)/python bench/bench_scale.py --shared $(SHARED) --sizes 500k --repeats 1 --no-plain --keep build/scale

# --- coarse (root-like) classes, issue 16 ----------------------------------------------------------
.PHONY: bench-coarse
COARSE_INDEX ?= build/bench-cache/news-dev
bench-coarse: install  ## the coarse classes' table cost and search latency on/off, interleaved (COARSE_INDEX=dir; for news dev run make bench-quality first)
	$(BIN)/python bench/bench_coarse.py $(COARSE_INDEX)

# --- Places read by eye (issue 12) -----------------------------------------------------------------
.PHONY: sample-places
sample-places: install  ## the fixed 350-article sample (Hespress, Jawhara FM, ANT) with extracted places, to read by eye
	$(BIN)/python bench/sample_places.py --shared $(SHARED) --out bench/results/places-sample.md
